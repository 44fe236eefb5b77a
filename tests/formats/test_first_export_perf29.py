"""perf29 (issue 12): the first export of a project whose tokens are not stored packs each
tokenizer Doc through a per-vocab table of lexeme norms and flags (token_store._LexemeTable)
instead of per-Doc np.unique / Lexeme objects / np.isin. The tokens it packs, and the bytes of the
exports made from them, must be what a per-Token reading of the tokenizer's Doc gives — across
many texts in one process (the table grows and merges as words are met)."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.formats import token_store
from annotator.formats.common import tokenizer
from annotator.storage.project import Project

ALPHABET = st.sampled_from(list("aZ9 .,'\"-!?:;()$%\n\t\u00a0\u2019😄𝔘北。！") + ["n't", "U.S.", "Dr.", "e.g.", "  ", " \n", "'s", "ca", "wo"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)

# Invented sentences with what the tokenizer treats specially: non-BMP characters, a leading
# space, exception norms ("n't", "'s", "gov't"), line breaks, sentence punctuation of other scripts.
TRICKY = [
    " Leading space: the mayor didn't say which 𝔘nit moved.\n\nShe can't and won't 😄 comment.",
    "Dr. Vale's gov't office said:\n\"We'll see.\" Then e.g. U.S. officials ain't sure!",
    "\n\n  The board met at 9 a.m.\tand voted 4-3. Nobody's happy 。 Really！",
    "",
    "Ok",
]


def reference_tokens(doc) -> token_store.Tokens:
    """The tokens of ``doc`` read token by token (what perf29's table must give)."""
    from spacy.pipeline import Sentencizer

    punct = set(Sentencizer.default_punct_chars)
    vocab = doc.vocab
    starts, flags, norms = [], [], {}
    for token in doc:
        starts.append(token.idx)
        bits = (token_store.SPACE_AFTER * (token.whitespace_ == " ") | token_store.IS_SPACE * token.is_space
                | token_store.IS_PUNCT * token.is_punct | token_store.SENT_PUNCT * (token.text in punct))
        if token.i == 0 and token.is_sent_start is None:
            bits |= token_store.NO_SENT_START
        flags.append(bits)
        if token.norm_ != vocab[token.orth].norm_:
            norms[token.i] = token.norm_
    return token_store.Tokens(numpy.array(starts, numpy.int64), numpy.array(flags, numpy.uint8), norms)


def _same(a: token_store.Tokens, b: token_store.Tokens) -> bool:
    return token_store.pack(a) == token_store.pack(b)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_packed_tokens_are_the_per_token_reading(text: str) -> None:
    doc = tokenizer()(text)
    assert _same(token_store.tokens_of_doc(doc), reference_tokens(doc))


def test_the_table_stays_right_across_merges() -> None:
    # enough new words for several merges of the table (every 256 new words at least), each text
    # checked right after, and the first texts again at the end (read from the merged table)
    texts = [f"Word{n}x said {n}'s deal wasn't done. Q{n}? " + "\n" * (n % 3) + f"Ms. Lo{n}! 😄 。" for n in range(700)]
    for text in texts + texts[:50] + TRICKY:
        doc = tokenizer()(text)
        assert _same(token_store.tokens_of_doc(doc), reference_tokens(doc)), text


def _project(path: Path) -> None:
    project = Project.open(path)
    try:
        bundles = []
        for text in TRICKY:
            spans = []
            if len(text) > 12:
                spans = [Span(id=f"s{len(bundles)}", article_id=0, start=text.index("The") if "The" in text else 1,
                              end=(text.index("The") if "The" in text else 1) + 8, label="PERSON", layer="entity")]
            bundles.append(ArticleBundle(Article(id=None, text=text), spans=spans))
        project.import_bundles(bundles)
    finally:
        project.close()


def _export(project: Path, out: Path, fmt: str, *extra: str) -> bytes:
    try:
        main(["export", str(project), "--format", fmt, "--output", str(out), "--status", "all", *extra])
    except SystemExit as exc:
        assert exc.code in (0, None)
    if out.is_dir():
        return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())
    return out.read_bytes()


@pytest.mark.parametrize("fmt,suffix,extra", [("jsonl", ".jsonl", ("--tokens",)), ("conll", ".conll", ()),
                                              ("spacy", ".spacy", ())])
def test_first_export_bytes_are_the_per_token_readings(tmp_path: Path, monkeypatch, fmt: str, suffix: str,
                                                       extra: tuple[str, ...]) -> None:
    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "1")
    import shutil

    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    _project(ours)
    shutil.copyfile(ours, theirs)  # the same rows (ids, times), no tokens stored
    mine = _export(ours, tmp_path / f"ours{suffix}", fmt, *extra)
    first = _export(ours, tmp_path / f"again{suffix}", fmt, *extra)  # now from the stored tokens
    monkeypatch.setattr(token_store, "tokens_of_doc", reference_tokens)
    reference = _export(theirs, tmp_path / f"theirs{suffix}", fmt, *extra)
    assert mine == reference
    assert first == reference


def test_a_split_export_builds_the_tokenizer_before_the_fork_only_when_it_will_tokenise(tmp_path: Path, monkeypatch) -> None:
    from annotator.formats import stream_pool

    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "1")
    path = tmp_path / "p.db"
    _project(path)
    project = Project.open(path, create=False)
    try:
        with project.writing():  # an article without spans: jsonl does not tokenise it
            project.db.execute("DELETE FROM spans WHERE article_id = 1")
        assert [stream_pool.needs_tokenizer(project, fmt) for fmt in ("conll", "jsonl", "spacy", "spacy-file", "csv", "brat")] \
            == [True, True, True, True, False, False]
        with project.writing():  # the other articles' spans only suggested: a jsonl of accepted ones tokenises none
            project.db.execute("UPDATE spans SET status = 'suggested'")
        assert not stream_pool.needs_tokenizer(project, "jsonl", statuses=[Status.ACCEPTED])
        assert stream_pool.needs_tokenizer(project, "jsonl", statuses=[Status.ACCEPTED, Status.SUGGESTED])
        with project.writing():
            project.db.execute("UPDATE spans SET status = 'accepted'")
    finally:
        project.close()
    _export(path, tmp_path / "out.jsonl", "jsonl")  # keeps the tokens of the articles with spans
    project = Project.open(path, create=False)
    try:
        assert not stream_pool.needs_tokenizer(project, "jsonl")
        assert stream_pool.needs_tokenizer(project, "jsonl", tokens=True)  # --tokens: every article
        assert stream_pool.needs_tokenizer(project, "conll")
    finally:
        project.close()
    _export(path, tmp_path / "out.conll", "conll")
    project = Project.open(path, create=False)
    try:
        assert not any(stream_pool.needs_tokenizer(project, fmt, True) for fmt in ("conll", "jsonl", "spacy"))
        with project.writing():  # tokens of another spaCy's rules are not used
            project.db.execute("UPDATE article_tokens SET tokenizer = 'spacy 0.0 blank:en store:1' WHERE article_id = 2")
        assert stream_pool.needs_tokenizer(project, "conll")
    finally:
        project.close()
