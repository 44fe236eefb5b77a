"""attribution_merge "relinked contents": a model group that joins a piece the rules read and one
they did not loses only the read piece; the other is linked again and added, unless the cue it
gets is a rule attribution's cue (then it is part of the rules' reading of that report).
Invented sentences; a blank pipeline with hand-set recogniser spans (no trained model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.attribution_link import link
from annotator.nlp.attribution_merge import merge, relinked
from annotator.nlp.quotes_types import Quote

pytestmark = pytest.mark.timeout(60)

NLP = spacy.blank("en")


def _at(text: str, part: str) -> tuple[int, int]:
    a = text.index(part)
    return a, a + len(part)


def _doc(text: str, *items: tuple[str, str]):
    doc = NLP(text)
    spans = []
    for part, label in items:
        s = doc.char_span(*_at(text, part))
        assert s is not None, part
        spans.append(Span(doc, s.start, s.end, label=label))
    doc.spans[ATTRIBUTION_KEY] = spans
    return doc


APPOINTED = ("Mayor Lina Vosk appointed Teo Brann to the harbour board, the council said, "
             "the ferry fares would rise in May.")


def _appointed():
    t = APPOINTED
    doc = _doc(t, ("Mayor Lina Vosk", "SOURCE"), ("appointed", "CUE"), ("Teo Brann to the harbour board", "CONTENT"),
               ("the council", "SOURCE"), ("said", "CUE"), ("the ferry fares would rise in May", "CONTENT"))
    rule = Quote(_at(t, "the ferry fares would rise in May"), "indirect", cue=_at(t, "said"),
                 speaker=_at(t, "the council"), group=0)
    return t, doc, rule


def test_the_piece_the_rules_did_not_read_is_linked_again_and_added() -> None:
    t, doc, rule = _appointed()
    model = link(doc, text=t, first_group=1)
    assert len({q.group for q in model}) == 1 and len(model) == 2  # the linker joined both pieces
    # without the doc, the model's group overlaps the rule reading and goes whole
    assert merge([rule], model, text=t) == [rule]
    out = merge([rule], model, text=t, doc=doc)
    got = [(t[slice(*q.content)], q.origin, q.cue and t[slice(*q.cue)], q.speaker and t[slice(*q.speaker)]) for q in out]
    assert got == [
        ("Teo Brann to the harbour board", "model", "appointed", "Mayor Lina Vosk"),
        ("the ferry fares would rise in May", "rules", "said", "the council"),
    ]
    assert out[0].group != out[1].group


def test_relinked_leaves_out_the_contents_a_rule_reads_and_is_empty_when_there_are_none() -> None:
    t, doc, rule = _appointed()
    again = relinked(doc, [rule], t)
    assert [t[slice(*q.content)] for q in again] == ["Teo Brann to the harbour board"]
    assert relinked(doc, [], t) == []  # nothing read by the rules: the model's own linking stands
    nested = Quote(rule.content, "indirect", cue=rule.cue, speaker=rule.speaker, group=0, nested=True)
    assert relinked(doc, [nested], t) == []  # a nested rule reading reads no stretch of its own
    bare = NLP(t)
    assert relinked(bare, [rule], t) == []  # no recogniser spans at all


def test_a_relinked_piece_on_the_rules_own_cue_is_not_added() -> None:
    t = '"The ferry fares will rise," the council said, "and the bus fares will follow in June."'
    doc = _doc(t, ("The ferry fares will rise,", "CONTENT"), ("the council", "SOURCE"), ("said", "CUE"),
               ("and the bus fares will follow in June.", "CONTENT"))
    rule = Quote(_at(t, "The ferry fares will rise,"), "direct", cue=_at(t, "said"), speaker=_at(t, "the council"),
                 group=0)
    model = link(doc, text=t, first_group=1)
    assert len(model) == 2 and len({q.group for q in model}) == 1
    again = relinked(doc, [rule], t)
    assert [t[slice(*q.cue)] for q in again] == ["said"]  # the second piece alone takes the rules' cue
    assert merge([rule], model, text=t, doc=doc) == [rule]  # so it stays the rules' business


# ------------------------------------------------------------ one cue, one speaker (same module)

SHARED = "Ana Pell told reporters the bridge would reopen and that the tolls would stay."


def _s(part: str) -> tuple[int, int]:
    return _at(SHARED, part)


def test_a_model_attribution_on_a_rule_cue_takes_the_rules_speaker() -> None:
    rule = Quote(_s("the bridge would reopen"), "indirect", cue=_s("told"), speaker=_s("Ana Pell"),
                 speaker_ref="Ana Pell", group=0)
    model = Quote(_s("that the tolls would stay"), "indirect", cue=_s("told"), speaker=_s("reporters"), group=0)
    out = merge([rule], [model], text=SHARED)
    added = [q for q in out if q.origin == "model"]
    assert [(SHARED[slice(*q.speaker)], q.speaker_ref) for q in added] == [("Ana Pell", "Ana Pell")]


def test_a_model_speaker_stays_on_its_own_cue_or_beside_a_speakerless_rule_reading() -> None:
    text = "Ana Pell said the bridge would reopen, and Bo Ruiz warned that the tolls would stay."
    rule = Quote(_at(text, "the bridge would reopen"), "indirect", cue=_at(text, "said"),
                 speaker=_at(text, "Ana Pell"), group=0)
    model = Quote(_at(text, "that the tolls would stay"), "indirect", cue=_at(text, "warned"),
                  speaker=_at(text, "Bo Ruiz"), group=0)
    out = merge([rule], [model], text=text)
    assert [text[slice(*q.speaker)] for q in out if q.origin == "model"] == ["Bo Ruiz"]
    bare = Quote(rule.content, "indirect", cue=_at(text, "warned"), group=0)  # a rule reading with no speaker
    out = merge([bare], [model], text=text)
    assert [text[slice(*q.speaker)] for q in out if q.origin == "model"] == ["Bo Ruiz"]
