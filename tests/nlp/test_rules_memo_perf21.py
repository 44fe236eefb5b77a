"""perf21: inside an ``annotations_fixed`` block the speaker helpers answer each token once
(``per_token``), ``sent_start`` reads the doc's sentence starts once, and ``DocContext.run_toks``
holds each run's mark tokens; every one answers what the code it replaces computes."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from annotator.nlp import quotes_speakers
from annotator.nlp.quotes_doc import DocContext, annotations_fixed, sent_start
from tests.nlp.test_rules_speed_equivalence import small_model  # noqa: F401 - the pipeline fixture

BLANK = spacy.blank("en")
TEXT = ('BRISTOL (Wire) - The harbour master said on Friday that the "new quay" would open late. '
        'Two pilots, who asked not to be named, said the dredging "had barely started." '
        'The council said nothing.')


def test_sent_start_is_token_sent_start_inside_and_outside_a_block() -> None:
    words = ["One", "two", ".", "Three", "four", "five", ".", "Six"]
    doc = Doc(BLANK.vocab, words=words, sent_starts=[True, False, False, True, False, False, False, True])
    expected = [t.sent.start for t in doc]
    assert expected == [0, 0, 0, 3, 3, 3, 3, 7]
    assert [sent_start(t) for t in doc] == expected
    with annotations_fixed(doc):
        assert [sent_start(t) for t in doc] == expected
        other = Doc(BLANK.vocab, words=["A", "b", ".", "C"], sent_starts=[True, False, False, True])
        assert [sent_start(t) for t in other] == [0, 0, 0, 3]  # not the block's doc: read as spaCy does


def test_sent_start_without_boundaries_raises_as_spacy() -> None:
    doc = BLANK("no sentence boundaries here")
    with pytest.raises(ValueError), annotations_fixed(doc):
        sent_start(doc[2])


def test_speaker_helpers_answer_once_per_token_in_a_block(small_model) -> None:
    doc = small_model(TEXT)
    outside = [(quotes_speakers.subject(t), quotes_speakers._is_dateline(t), quotes_speakers._dateline_dash(t),
                quotes_speakers._past_dateline(t), quotes_speakers._never_speaker(t), quotes_speakers.in_dateline(t)) for t in doc]
    assert any(row[1] for row in outside)  # the wire dateline is found
    with annotations_fixed(doc):
        inside = [(quotes_speakers.subject(t), quotes_speakers._is_dateline(t), quotes_speakers._dateline_dash(t),
                   quotes_speakers._past_dateline(t), quotes_speakers._never_speaker(t), quotes_speakers.in_dateline(t)) for t in doc]
        said = next(t for t in doc if t.lower_ == "said")
        # remembered: a second call gives back the very Token the first one made
        assert quotes_speakers.subject(said) is quotes_speakers.subject(said) is not None
    assert inside == outside
    assert quotes_speakers.subject(said) is not quotes_speakers.subject(said)  # after the block: computed again


def test_run_toks_are_the_tokens_of_each_runs_marks(small_model) -> None:
    doc = small_model(TEXT)
    ctx = DocContext(doc)
    opens, ends = ctx.run_toks()
    assert len(ctx.runs) == 2
    assert opens == [ctx.tok(r.open) for r in ctx.runs]
    assert ends == [ctx.tok(r.outer[1] - 1) for r in ctx.runs]
    assert [doc[k].text for k in opens] == ['"', '"']
