"""The rules' shortcuts (pre12) compute exactly what they replace: ``doc_text`` is ``doc.text``,
``annotated`` inside an ``annotations_fixed`` block answers as outside it, and the indirect-speech
candidates are every token the full scan would use."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from annotator.nlp import claims_clause, quotes_indirect
from annotator.nlp.pipeline import load_pipeline
from annotator.nlp.quotes_doc import annotated, annotations_fixed, doc_text

BLANK = spacy.blank("en")
TEXTS = [
    'The minister said on Monday that the plan "is dead," according to two officials.\n\nCritics disagreed.',
    "Trump claims that the vote was rigged. Analysts believe it was not, and they vowed to check.",
    "  Leading spaces,\ttabs\n\nand   runs of   spaces  ",
    "",
]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_doc_text_is_doc_text(text: str) -> None:
    doc = BLANK(text)
    assert doc_text(doc) == doc.text == text


@pytest.fixture(scope="module")
def small_model():
    pipeline = load_pipeline(None)
    if pipeline.rule_only:
        pytest.skip("no trained spaCy pipeline installed")
    return pipeline.nlp


def test_annotated_in_a_fixed_block_answers_as_outside_and_only_for_its_doc(small_model) -> None:
    parsed, bare = small_model(TEXTS[0]), BLANK(TEXTS[0])
    attrs = ("DEP", "LEMMA", "ENT_IOB", "SENT_START", "POS", "TAG")
    outside = {(name, attr): annotated(doc, attr) for name, doc in (("parsed", parsed), ("bare", bare)) for attr in attrs}
    assert outside[("parsed", "DEP")] and not outside[("bare", "DEP")]
    with annotations_fixed(parsed):
        inside = {(name, attr): annotated(doc, attr) for name, doc in (("parsed", parsed), ("bare", bare)) for attr in attrs}
        inside_again = {(name, attr): annotated(doc, attr) for name, doc in (("parsed", parsed), ("bare", bare)) for attr in attrs}
    assert inside == inside_again == outside
    # after the block nothing is remembered: a doc parsed since is seen as parsed
    blank = small_model.make_doc("She said it works.")  # tokenised only
    with annotations_fixed(blank):
        assert not annotated(blank, "DEP")
    for name, proc in small_model.pipeline:
        blank = proc(blank)
    assert annotated(blank, "DEP")


def _slow_candidates(doc: Doc) -> list[int]:
    """The tokens the full scan of indirect_quotes went past its first checks with."""
    lemmas = quotes_indirect._CANDIDATE_LEMMAS
    return [t.i for t in doc if t.lower_ == "according" or t.lemma_.lower() in lemmas]


@pytest.mark.parametrize("text", TEXTS)
def test_indirect_candidates_are_the_tokens_the_full_scan_uses(small_model, text: str) -> None:
    for doc in (small_model(text), BLANK(text)):
        assert quotes_indirect._candidates(doc) == _slow_candidates(doc)
    # capitalised lemmas ("Say" at a sentence start in some models) count as their lowercase
    doc = small_model("Said the mayor: fine. Claims that it works are false.")
    doc[0].lemma_ = "Say"
    assert 0 in quotes_indirect._candidates(doc) and quotes_indirect._candidates(doc) == _slow_candidates(doc)


def _has_seq_by_full_scan(lows: list[str], seqs: tuple[tuple[str, ...], ...]) -> bool:
    return any(tuple(lows[k : k + len(seq)]) == seq for k in range(len(lows)) for seq in seqs)


_SEQ_WORDS = sorted({w for seq in claims_clause._CAUSAL_SEQS + claims_clause._FACT_SEQS for w in seq} | {"the", "said", "x"})


@given(st.lists(st.sampled_from(_SEQ_WORDS), max_size=12))
def test_has_seq_finds_what_the_full_scan_finds(lows: list[str]) -> None:
    # perf19: _has_seq only tries the sequences at words that open one
    for seqs in (claims_clause._CAUSAL_SEQS, claims_clause._FACT_SEQS):
        assert claims_clause._has_seq(lows, seqs) == _has_seq_by_full_scan(lows, seqs)


def test_main_verb_is_the_first_verb_whose_head_lies_outside(small_model) -> None:
    # perf19: main_verb asks the part of speech before the head; the answer is the full scan's
    for text in TEXTS[:2]:
        doc = small_model(text)
        for a in range(0, len(text), 7):
            for b in range(a + 1, len(text) + 1, 11):
                span = doc.char_span(a, b, alignment_mode="expand") or ()
                want = next((t for t in span if (t.head.i == t.i or not a <= t.head.idx < b) and t.pos_ in ("VERB", "AUX")), None)
                got = claims_clause.main_verb(doc, (a, b))
                assert (got.i if got is not None else None) == (want.i if want is not None else None)
