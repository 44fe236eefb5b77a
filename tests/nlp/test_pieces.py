"""Articles longer than the pipeline takes: pre-annotated in pieces, offsets into the whole text."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp.pieces import MAX_PIECE_CHARS, PieceError, merge, piece_limit, split_text
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline
from annotator.nlp.runner import preannotate
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA

FNC1 = SHARED_DATA / "fnc1-train-bodies.csv"
QUOTED = re.compile(r'"[^"\n]{3,}"|\u201c[^\u201d\n]{3,}\u201d')


def quote_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Cheap stand-in rules: one QUOTE per quoted run of one line (the real rules take ~10 s on 1.2M characters)."""
    out = SuggestionSet(origin)
    for n, m in enumerate(QUOTED.finditer(doc.text)):
        out.add_span(SuggestedSpan(f"q{n}", m.start(), m.end(), "QUOTE", "quote", {"kind": "direct"}))
    return out


def _check(text: str, limit: int) -> list[tuple[int, int]]:
    pieces = split_text(text, limit)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(pieces, pieces[1:], strict=False))  # contiguous
    assert all(0 < b - a <= limit for a, b in pieces) or pieces == [(0, 0)] == [(0, len(text))]
    return pieces


def test_a_text_that_fits_is_one_piece() -> None:
    assert split_text("Short text.", 100) == [(0, 11)]
    assert split_text("", 100) == [(0, 0)]


def test_cuts_prefer_a_paragraph_break_outside_quotes() -> None:
    # a quote over two paragraphs (the first left open, the second re-opened), line breaks at 14 and 39
    text = 'One two three.\n"Quoted first paragraph,\n"quoted second paragraph." Four five.\nSix seven.'
    pieces = _check(text, 60)
    assert pieces[0] == (0, 15)  # not the later line break inside the quote
    assert text[pieces[0][0] : pieces[0][1]] == "One two three.\n"


def test_cuts_fall_back_to_a_sentence_end_then_a_space() -> None:
    text = "Alpha beta gamma. Delta epsilon zeta eta theta"
    assert _check(text, 30)[0] == (0, 18)
    assert _check("aaaa bbbb cccc dddd", 12)[0] == (0, 10)


def test_no_whitespace_to_cut_at_is_an_error() -> None:
    with pytest.raises(PieceError, match="no line break, sentence end or space in the 10 characters from offset 0"):
        split_text("x" * 25, 10)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab. \n"\u201c\u201d')), max_size=300), st.integers(min_value=1, max_value=40))
def test_pieces_always_cover_the_text_within_the_limit(text: str, limit: int) -> None:
    try:
        _check(text, limit)
    except PieceError:
        assert any(not re.search(r"\s", text[i : i + limit]) for i in range(0, max(1, len(text) - limit + 1)))


def test_merge_shifts_offsets_and_keeps_keys_unique() -> None:
    a, b = SuggestionSet("o"), SuggestionSet("o")
    qa = a.add_span(SuggestedSpan("q0", 1, 3, "QUOTE", "quote"))
    a.link(qa, a.add_span(SuggestedSpan("s0", 4, 5, "SPEAKER", "speaker")), "SPEAKER")
    b.add_span(SuggestedSpan("q0", 0, 2, "QUOTE", "quote"))
    merged = merge("o", [(0, a), (100, b)])
    assert [(s.key, s.start, s.end) for s in merged.spans] == [("p0:q0", 1, 3), ("p0:s0", 4, 5), ("p1:q0", 100, 102)]
    assert [(r.head, r.child) for r in merged.relations] == [("p0:q0", "p0:s0")]


def test_piece_limit_is_the_pipeline_limit_or_the_memory_bound() -> None:
    assert piece_limit(1_000_000) == MAX_PIECE_CHARS and piece_limit(2_000) == 2_000


@pytest.mark.skipif(not FNC1.exists(), reason="needs ../shared/data")
def test_a_1_2m_character_article_among_normal_ones(tmp_path: Path) -> None:
    csv.field_size_limit(sys.maxsize)
    with FNC1.open(encoding="utf-8", newline="") as fh:
        bodies = [row["articleBody"] for row in csv.DictReader(fh)][:400]
    long_text = "\n\n".join(bodies)
    while len(long_text) < 1_200_000:
        long_text += "\n\n" + long_text[: 1_200_000 - len(long_text)]
    # the tokenizer alone (the rule-only pipeline's line-break component doubles the ~5 s this takes)
    rule_only = LoadedPipeline(spacy.blank("en"), "blank-en", spacy.__version__, rule_only=True)
    assert len(long_text) > rule_only.nlp.max_length  # spaCy alone raises E088 on it
    with Project.open(tmp_path / "long.db") as proj:
        proj.add_article(Article(None, bodies[0]))
        proj.add_article(Article(None, long_text))
        proj.add_article(Article(None, "x" * 150_000))  # cannot be cut: reported, the run goes on
        proj.add_article(Article(None, bodies[1]))
        first, long_id, uncut, last = proj.article_ids()
        result = preannotate(proj, pipeline=rule_only, rules=quote_rules)
        assert (result.done, [i for i, _ in result.failed]) == (3, [uncut])
        assert "cannot be cut" in result.failed[0][1]
        cuts = split_text(long_text, piece_limit(rule_only.nlp.max_length))
        assert result.pieced == [(long_id, len(cuts))] and len(cuts) >= 12
        found = {(s.start, s.end) for s in proj.spans(long_id)}
        expected = {m.span() for m in QUOTED.finditer(long_text)}
        crossing = {(a, b) for a, b in expected if any(a < cut < b for cut, _ in cuts[1:])}
        assert found == expected - crossing  # every quote, at its place in the whole article
        assert len(crossing) <= len(cuts)
        assert all(proj.preannotated(i) for i in (first, long_id, last)) and not proj.preannotated(uncut)


@pytest.mark.trained
def test_trained_pipeline_in_pieces_finds_the_same_entities_at_the_same_places(tmp_path: Path) -> None:
    text = _seed_text()
    whole = preannotate_spans(tmp_path / "whole.db", text)
    loaded = load_pipeline(None)
    saved = loaded.nlp.max_length
    loaded.nlp.max_length = 1_500  # the shared pipeline: set back below
    try:
        pieced, result = preannotate_spans(tmp_path / "pieces.db", text, with_result=True)
    finally:
        loaded.nlp.max_length = saved
    assert result.pieced and result.pieced[0][1] >= 3
    ents_whole = {s for s in whole if s[0] in ("PERSON", "ORG", "GPE")}
    ents_pieced = {s for s in pieced if s[0] in ("PERSON", "ORG", "GPE")}
    assert len(ents_whole) >= 5
    assert len(ents_whole & ents_pieced) >= 0.8 * len(ents_whole)  # shifted back: the same places
    assert all(text[a:b].strip() == text[a:b] and text[a:b] for _, a, b in pieced)


def _seed_text() -> str:
    path = SHARED_DATA / "seed-article.txt"
    if not path.exists():
        pytest.skip("needs ../shared/data")
    return path.read_text(encoding="utf-8")


def preannotate_spans(path: Path, text: str, *, with_result: bool = False):
    with Project.open(path) as proj:
        proj.add_article(Article(None, text))
        result = preannotate(proj, pipeline=None)
        spans = {(s.label, s.start, s.end) for s in proj.spans(proj.article_ids()[0])}
    return (spans, result) if with_result else spans


def test_suggest_article_does_a_long_article_in_pieces() -> None:
    from annotator.domain.errors import AnnotatorError
    from annotator.nlp.runner import suggest_article

    small = LoadedPipeline(spacy.blank("en"), "blank-en", spacy.__version__, rule_only=True)
    small.nlp.max_length = 50
    text = 'He said "first one here". ' * 4 + '\nShe said "second one there".'
    ss = suggest_article(small, text, rules=quote_rules)
    assert [text[s.start : s.end] for s in ss.spans] == [m.group() for m in QUOTED.finditer(text)]
    with pytest.raises(AnnotatorError, match="cannot be cut"):
        suggest_article(small, "x" * 120, rules=quote_rules)
