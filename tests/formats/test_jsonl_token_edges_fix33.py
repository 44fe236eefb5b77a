"""fix33 (usertest28 H1): a jsonl span's ``token_start``/``token_end`` hold exactly its
``[start, end)``, also when an edge falls inside a token of the tokenizer (a curly quote or an
em dash glued to a word, an inch mark): the token is split there, as the DocBin export splits it,
so the ``--tokens`` list, the indices and the DocBin ``Doc`` agree, and a consumer rebuilds each
span from its tokens. Invented texts only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.formats import jsonl, spacy_docbin
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project


def _span(sid: str, text: str, part: str, label: str = "QUOTE", layer: str = "quote", nth: int = 0, cut: tuple[int, int] = (0, 0)) -> Span:
    """The span of ``part`` (its ``nth`` occurrence) in ``text``, ``cut`` characters shorter at each end."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(id=sid, article_id=1, start=start + cut[0], end=start + len(part) - cut[1], label=label, layer=layer,
                status=Status.ACCEPTED)


# Each case: an invented text and spans with an edge inside a token of spacy.blank("en")'s
# tokenizer — at the start, at the end, or both — beside spans that lie on token edges.
CASES = {
    "curly quote glued after an em dash (start inside)": (
        "The paper wrote in the Courier—“Their meetings ended in April,” a clerk told us.",
        [("q", "Their meetings ended in April", "QUOTE", "quote"), ("e", "clerk", "PERSON", "entity")],
    ),
    "closing quote and em dash glued (end inside)": (
        "Locals call it “Orchard”—doesn’t everyone? asked Mr Pell.",
        [("q", "Orchard", "QUOTE", "quote"), ("p", "Mr Pell", "PERSON", "entity")],
    ),
    "inch mark glued to a number": (
        "He bought a 42″ screen and a 7″ tablet, the shop said.",
        [("n", "42", "CARDINAL", "entity"), ("m", "7", "CARDINAL", "entity"), ("q", "shop", "ORG", "entity")],
    ),
    "quotes inside one long glued token, both edges inside": (
        "The hunter”—“the one from the valley said so.",
        [("q", "the one from the valley", "QUOTE", "quote"), ("h", "hunter", "PERSON", "entity")],
    ),
    "non-BMP characters before and glued": (
        "😄 Fans 𝒜 wrote: “Lena𝒳 sings”—loudly, said Tom 🎉.",
        [("q", "Lena𝒳 sings", "QUOTE", "quote"), ("l", "Lena", "PERSON", "entity"), ("t", "Tom", "PERSON", "entity")],
    ),
    "span starting on a trailing space and ending after one": (
        "Ana Ruiz said the vote was close and fair.",
        [("s", " the vote", "QUOTE", "quote"), ("w", "close ", "QUOTE", "quote")],
    ),
}


def _bundle(name: str) -> ArticleBundle:
    text, parts = CASES[name]
    return ArticleBundle(article=Article(1, text), spans=[_span(sid, text, part, label, layer) for sid, part, label, layer in parts])


def _rebuilt(tokens: list[dict], first: int, last: int) -> str:
    """A span's text from its tokens as a Prodigy consumer joins them: each token's text, then a
    space where ``ws`` says one follows (not after the last)."""
    pieces = []
    for t in tokens[first : last + 1]:
        pieces += [t["text"], " " if t["ws"] else ""]
    return "".join(pieces[:-1])


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_span_is_rebuilt_from_its_tokens(name: str) -> None:
    bundle = _bundle(name)
    record = jsonl.record_of(bundle, tokens=True)
    text, tokens = record["text"], record["tokens"]
    # the tokens tile the text: each token's text is the text there, each "ws" the one space after it
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for t, after in zip(tokens, tokens[1:]):
        assert text[t["start"] : t["end"]] == t["text"] and after["start"] == t["end"] + t["ws"]
    for s in record["spans"]:
        first, last = s["token_start"], s["token_end"]
        assert (tokens[first]["start"], tokens[last]["end"]) == (s["start"], s["end"]), s
        assert _rebuilt(tokens, first, last) == s["text"] == text[s["start"] : s["end"]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_tokens_as_the_docbin_export(name: str) -> None:
    bundle = _bundle(name)
    record = jsonl.record_of(bundle, tokens=True)
    doc = spacy_docbin.doc_of(bundle)
    assert [(t["text"], t["start"], t["ws"]) for t in record["tokens"]] == [(t.text, t.idx, bool(t.whitespace_)) for t in doc]
    for s, item in zip(bundle.spans, record["spans"]):
        piece = doc.char_span(s.start, s.end)
        assert (item["token_start"], item["token_end"]) == (piece.start, piece.end - 1)


def test_an_entity_with_whitespace_at_an_edge_splits_as_docbin_does() -> None:
    """An entity starting inside the whitespace token "\n\n": split there, and at the entity's
    trimmed edges (its doc.ents entity), as the DocBin export splits it."""
    text = "Votes:\n\nBen Ode won."
    start = text.index("\n\nBen") + 1
    bundle = ArticleBundle(article=Article(1, text), spans=[
        Span(id="e", article_id=1, start=start, end=text.index(" Ode") + 4, label="PERSON", layer="entity", status=Status.ACCEPTED)])
    record = jsonl.record_of(bundle, tokens=True)
    doc = spacy_docbin.doc_of(bundle)
    assert [(t["text"], t["start"]) for t in record["tokens"]] == [(t.text, t.idx) for t in doc]
    tokens, (item,) = record["tokens"], record["spans"]
    assert (tokens[item["token_start"]]["start"], tokens[item["token_end"]]["end"]) == (start, item["end"])


@pytest.fixture
def project(tmp_path: Path):
    opened = Project.open(tmp_path / "edges.db")
    bundles = [_bundle(name) for name in sorted(CASES)]
    plain = "Nothing glued here, said Ivo Lind."
    bundles.append(ArticleBundle(article=Article(1, plain), spans=[_span("i", plain, "Ivo Lind", "PERSON", "entity")]))
    opened.import_bundles(bundles)
    yield opened
    opened.close()


def _lines(project: Project, tokens: bool) -> list[dict]:
    out = io.StringIO(newline="")
    jsonl.write(iter_bundles(project, statuses=None), out, tokens=tokens)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_project_export_without_and_with_tokens_gives_exact_indices(project: Project) -> None:
    """Through a project (span rows, stored tokens): the rows path leaves an article with an edge
    inside a token to the general way; the indices are the same with and without ``--tokens``,
    twice (the second export reads the tokens the first one stored)."""
    for _ in range(2):
        plain, with_tokens = _lines(project, False), _lines(project, True)
        assert len(plain) == len(CASES) + 1
        for a, b in zip(plain, with_tokens):
            assert [(s["token_start"], s["token_end"]) for s in a["spans"]] == [(s["token_start"], s["token_end"]) for s in b["spans"]]
            tokens = b["tokens"]
            for s in b["spans"]:
                assert (tokens[s["token_start"]]["start"], tokens[s["token_end"]]["end"]) == (s["start"], s["end"])
