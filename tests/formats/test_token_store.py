"""Stored token offsets (issue 12, migration 0009): a Doc built from them is the tokenizer's Doc,
token bounds from arrays are what ``doc.char_span(..., "expand")`` gave, and a stored row is used
only for its tokenizer and text."""

from __future__ import annotations

from pathlib import Path

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, ArticleBundle, Span
from annotator.formats import token_store
from annotator.formats.common import token_bounds as doc_token_bounds
from annotator.formats.common import tokenizer
from annotator.formats.spacy_tokens import aligned_doc, token_bounds
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project

# Letters, digits, punctuation that the English rules split or keep ("can't", "U.S.", "e.g."),
# spaces of several kinds, line breaks and characters outside the BMP.
ALPHABET = st.sampled_from(list("aZ9 .,'\"-!?:;()$%\n\t\u00a0\u2019😄𝔘北") + ["n't", "U.S.", "Dr.", "e.g.", "  ", " \n", "'s"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


def _all_attrs(doc) -> list:
    from spacy.tokens.doc import DOCBIN_ALL_ATTRS

    return doc.to_array(list(DOCBIN_ALL_ATTRS)).tolist() if len(doc) else []


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_doc_from_stored_tokens_is_the_tokenizers_doc(text: str) -> None:
    doc = tokenizer()(text)
    stored = token_store.unpack(*token_store.pack(token_store.tokenize(text)))
    rebuilt = token_store.doc_of(text, stored)
    assert rebuilt.text == text
    assert [(t.text, t.whitespace_, t.norm_) for t in rebuilt] == [(t.text, t.whitespace_, t.norm_) for t in doc]
    assert _all_attrs(rebuilt) == _all_attrs(doc)


@settings(max_examples=150, deadline=None)
@given(TEXTS.filter(lambda t: len(t) > 0), st.data())
def test_token_bounds_from_arrays_are_the_docs(text: str, data: st.DataObject) -> None:
    doc = tokenizer()(text)
    tokens = token_store.tokenize(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert token_bounds(tokens.starts, tokens.stops(len(text)), start, end) == doc_token_bounds(doc, start, end)


@settings(max_examples=100, deadline=None)
@given(TEXTS.filter(lambda t: len(t) > 0), st.data())
def test_aligned_doc_from_stored_tokens_is_the_same(text: str, data: st.DataObject) -> None:
    edges = []
    for _ in range(data.draw(st.integers(0, 3))):
        start = data.draw(st.integers(0, len(text) - 1))
        edges.append((start, data.draw(st.integers(start + 1, len(text)))))
    old = aligned_doc(text, edges)
    new = aligned_doc(text, edges, token_store.tokenize(text))
    assert [(t.text, t.whitespace_, t.norm_) for t in new] == [(t.text, t.whitespace_, t.norm_) for t in old]
    assert _all_attrs(new) == _all_attrs(old)


def _project(tmp_path: Path) -> Project:
    project = Project.open(tmp_path / "p.db")
    text = "Ana didn't say. Bob did."
    project.import_bundles([ArticleBundle(Article(id=None, text=text),
                                          spans=[Span(id="a", article_id=0, start=0, end=3, label="PERSON", layer="entity")])])
    return project


def test_an_export_keeps_the_tokens_it_made_and_the_next_reads_them(tmp_path: Path) -> None:
    project = _project(tmp_path)
    try:
        assert project.db.execute("SELECT count(*) FROM article_tokens").fetchone()[0] == 0
        for bundle in iter_bundles(project):
            made = token_store.tokens_of_bundle(bundle)
        row = project.db.execute("SELECT tokenizer, starts FROM article_tokens").fetchone()
        assert row[0] == token_store.tokenizer_key()
        assert token_store.unpack(row[1], bytes(len(made)), "{}").starts.tolist() == made.starts.tolist()
        sources = []
        for bundle in iter_bundles(project):
            found = token_store.tokens_of_bundle(bundle)
            sources.append(bundle.token_source)
        assert found.norms == made.norms and found.flags.tolist() == made.flags.tolist()
        assert sources[0].made == 0  # read, not made again
    finally:
        project.close()


def test_tokens_of_another_tokenizer_or_text_are_not_used(tmp_path: Path) -> None:
    project = _project(tmp_path)
    try:
        wrong = token_store.Tokens(numpy.array([0]), numpy.array([0], dtype="uint8"), {})
        with project.writing():
            token_store.store(project.db.conn, [(1, "another text's hash", wrong)])
        [bundle] = iter_bundles(project)
        assert len(token_store.tokens_of_bundle(bundle)) == len(tokenizer()(bundle.article.text))
        with project.writing():
            project.db.execute("UPDATE article_tokens SET tokenizer = 'spacy 0.0 blank:en store:1'")
        [bundle] = iter_bundles(project)
        assert len(token_store.tokens_of_bundle(bundle)) == len(tokenizer()(bundle.article.text))
    finally:
        project.close()


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.data())
def test_conll_arrays_are_the_sentencized_aligned_doc(text: str, data: st.DataObject) -> None:
    """CoNLL's arrays (split tokens, whitespace, sentence starts) are what the aligned Doc and
    spaCy's own Sentencizer gave before (issue 12)."""
    from spacy.pipeline import Sentencizer

    from annotator.formats.conll import aligned_arrays, sentence_starts
    from annotator.formats.token_store import IS_SPACE

    edges = []
    for _ in range(data.draw(st.integers(0, 3)) if text else 0):
        start = data.draw(st.integers(0, len(text) - 1))
        edges.append((start, data.draw(st.integers(start + 1, len(text)))))
    doc = Sentencizer()(aligned_doc(text, edges))
    starts, stops, flags = aligned_arrays(text, token_store.tokenize(text), edges)
    assert list(zip(starts.tolist(), stops.tolist())) == [(t.idx, t.idx + len(t.text)) for t in doc]
    assert (flags & IS_SPACE).astype(bool).tolist() == [t.is_space for t in doc]
    assert sentence_starts(flags).tolist() == [bool(t.is_sent_start) for t in doc]


def _old_sentences(text: str, entities: list[tuple[int, int, str]]) -> list[list[tuple[str, str]]]:
    """The CoNLL sentence loop before issue 12, over the sentencized aligned Doc."""
    from spacy.pipeline import Sentencizer

    from annotator.formats.conll import LINE_BREAKS

    doc = Sentencizer()(aligned_doc(text, [(s, e) for s, e, _ in entities]))
    tags = ["O"] * len(doc)
    for start, end, label in entities:
        piece = doc.char_span(start, end)
        tags[piece.start] = f"B-{label}"
        for i in range(piece.start + 1, piece.end):
            tags[i] = f"I-{label}"
    out, current, boundary = [], [], False
    for token, tag in zip(doc, tags):
        boundary = boundary or token.is_sent_start is True
        if token.is_space:
            boundary = boundary or not LINE_BREAKS.isdisjoint(token.text)
            continue
        if boundary and current and not tag.startswith("I-"):
            out.append(current)
            current = []
        boundary = False
        current.append((token.text, tag))
    if current:
        out.append(current)
    return out


@settings(max_examples=150, deadline=None)
@given(TEXTS.filter(lambda t: t.strip() != ""), st.data())
def test_conll_sentences_are_the_old_loops(text: str, data: st.DataObject) -> None:
    from annotator.domain.model import Layer
    from annotator.formats import conll
    from annotator.formats.spacy_tokens import non_overlapping, trim_whitespace

    spans = []
    for n in range(data.draw(st.integers(0, 3))):
        start = data.draw(st.integers(0, len(text) - 1))
        spans.append(Span(id=f"s{n}", article_id=1, start=start, end=data.draw(st.integers(start + 1, len(text))),
                          label="X", layer=Layer.ENTITY))
    entities = [(*b, "X") for s in spans if (b := trim_whitespace(text, s.start, s.end)) is not None]
    chosen, _ = non_overlapping([(s, e) for s, e, _ in entities])
    want = _old_sentences(text, [entities[i] for i in chosen])
    assert conll.sentences(ArticleBundle(Article(id=1, text=text), spans=spans)) == want


def test_the_tokenizer_key_names_the_installed_spacy_as_its_metadata_does() -> None:
    """tokenizer_key reads spaCy's version from spacy/about.py (no importlib.metadata at export time, issue 12)."""
    from importlib.metadata import version

    assert token_store._spacy_version() == version("spacy")
    assert token_store.tokenizer_key() == f"spacy {version('spacy')} blank:en store:{token_store.STORE_VERSION}"
