"""Model attributions given the rules' speaker machinery (annotator/nlp/attribution_refine.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span as SpacySpan

from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.attribution_link import link
from annotator.nlp.attribution_refine import DEFAULT, Options, refine
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.quotes import with_model_attributions

BASE = default_pipeline_name()


@pytest.fixture(scope="module")
def nlp():
    if BASE is None:
        pytest.skip("no trained spaCy pipeline installed")
    import spacy

    return spacy.load(BASE)


def _spans(doc, *items: tuple[str, str]) -> list[SpacySpan]:
    out = []
    for sub, label in items:
        a = doc.text.index(sub)
        s = doc.char_span(a, a + len(sub))
        assert s is not None, sub
        out.append(SpacySpan(doc, s.start, s.end, label=label))
    return out


def _said(doc, q) -> tuple[str | None, str | None]:
    return (doc.text[slice(*q.cue)] if q.cue else None, doc.text[slice(*q.speaker)] if q.speaker else None)


def test_the_content_of_a_stance_verb_takes_that_verb_not_the_next_sentences_cue(nlp) -> None:
    doc = nlp("Maria Nolan suggested the city council should hire more bus drivers for June. "
              "Trump is calling for a ban on refugees.")
    spans = _spans(doc, ("the city council should hire more bus drivers for June", "CONTENT"),
                   ("is calling for", "CUE"), ("Trump", "SOURCE"))
    model = link(doc, spans)
    assert _said(doc, model[0]) == ("is calling for", "Trump")  # the linker's nearest cue
    assert _said(doc, refine(doc, model, options=Options(speakers="linker", clause_cue=""))[0]) == ("is calling for", "Trump")
    # the rules' speaker of the linker's cue alone does not fix a wrong cue
    assert _said(doc, refine(doc, model, options=Options(clause_cue=""))[0]) == ("is calling for", "Trump")
    assert _said(doc, refine(doc, model)[0]) == ("suggested", "Maria Nolan")


def test_a_call_for_something_is_tied_through_the_preposition(nlp) -> None:
    doc = nlp("Governor Mike Pence has called for a special prosecutor. Reporters asked Obama about it.")
    spans = _spans(doc, ("a special prosecutor", "CONTENT"), ("asked", "CUE"), ("Reporters", "SOURCE"))
    q = refine(doc, link(doc, spans))[0]
    assert _said(doc, q) == ("called", "Governor Mike Pence")


def test_a_pronoun_speaker_is_resolved_to_the_person_named_before(nlp) -> None:
    doc = nlp("Senator Maria Lopez spoke in Denver on Monday. She said that taxes will rise next year.")
    spans = _spans(doc, ("She", "SOURCE"), ("said", "CUE"), ("taxes will rise next year", "CONTENT"))
    model = link(doc, spans)
    assert model[0].speaker_ref is None
    q = refine(doc, model)[0]
    assert _said(doc, q) == ("said", "She")
    assert q.speaker_ref == "Maria Lopez"


def test_the_relative_pronoun_of_who_said_is_recorded_beside_the_antecedent(nlp) -> None:
    doc = nlp("The plan was opposed by an architect who said the tower would block the light.")
    spans = _spans(doc, ("said", "CUE"), ("the tower would block the light", "CONTENT"))
    q = refine(doc, link(doc, spans))[0]
    assert q.speaker is not None and "architect" in doc.text[slice(*q.speaker)]
    assert q.speaker_pronoun is not None and doc.text[slice(*q.speaker_pronoun)] == "who"


def test_a_content_alone_keeps_no_speaker_and_options_are_checked(nlp) -> None:
    doc = nlp("Taxes will rise next year.")
    model = link(doc, _spans(doc, ("Taxes will rise next year", "CONTENT")))
    assert refine(doc, model) == model  # nothing to add, nothing invented
    assert refine(doc, []) == []
    with pytest.raises(ValueError):
        refine(doc, model, options=Options(speakers="nearest"))
    with pytest.raises(ValueError):
        refine(doc, model, options=Options(clause_cue="all"))
    assert DEFAULT.speakers == "rules" and DEFAULT.clause_cue == "any"


def test_the_suggestion_hook_gives_model_attributions_the_refined_speaker(nlp) -> None:
    text = ("Maria Nolan suggested the city council should hire more bus drivers for June. "
            "Trump is calling for a ban on refugees.")
    doc = nlp(text)
    doc.spans[ATTRIBUTION_KEY] = _spans(doc, ("the city council should hire more bus drivers for June", "CONTENT"),
                                        ("is calling for", "CUE"), ("Trump", "SOURCE"))
    quotes = [q for q in with_model_attributions(doc, [], text=text) if q.origin == "model"]
    assert [_said(doc, q) for q in quotes] == [("suggested", "Maria Nolan")]


def test_the_recognisers_cue_touching_the_content_stands_over_a_parse_attaching_it_elsewhere() -> None:
    """'Republicans scrambled after his claim that the vote was rigged' with the content parsed as
    the complement of "scrambled": the recogniser's CUE "claim" right before it is the cue."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Republicans", "scrambled", "after", "his", "claim", "that", "the", "vote", "was", "rigged", "."]
    heads = [1, 1, 1, 4, 2, 8, 7, 8, 1, 8, 1]
    deps = ["nsubj", "ROOT", "prep", "poss", "pobj", "mark", "det", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PRON", "NOUN", "SCONJ", "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    doc = Doc(Vocab(), words=words, spaces=[True] * 9 + [False, False], heads=heads, deps=deps, pos=pos,
              sent_starts=[True] + [False] * 10)
    spans = [SpacySpan(doc, 5, 10, label="CONTENT"), SpacySpan(doc, 4, 5, label="CUE"), SpacySpan(doc, 3, 4, label="SOURCE")]
    assert _said(doc, refine(doc, link(doc, spans))[0]) == ("claim", "his")
    # a CUE two tokens away from the content does not: the parse's verb is the cue
    far = [SpacySpan(doc, 5, 10, label="CONTENT"), SpacySpan(doc, 2, 3, label="CUE")]
    assert _said(doc, refine(doc, link(doc, far))[0]) == ("scrambled", "Republicans")
