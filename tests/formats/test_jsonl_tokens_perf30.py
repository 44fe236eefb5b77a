"""perf30 (issue 12, usertest28 M5): ``export --format jsonl --tokens`` writes each line's
Prodigy ``tokens`` as JSON text straight from the stored token bytes (``jsonl._TokenList``),
not a dict a token through the encoder. Every line must stay what the general way (the records of
:func:`jsonl.record_of`, then ``json.dumps``) writes, byte for byte: non-ASCII text, curly and
straight quotes glued to words, spans on token edges and inside tokens (the tokens split there,
fix33), spans on a trailing space, whitespace-edged entities, escapes. Invented texts only."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.formats import jsonl
from annotator.formats.spacy_tokens import split_arrays
from annotator.formats.stream import SPAN_COLUMNS, RowBundle, fast_reader, iter_bundles, statuses_for
from annotator.formats.token_store import SPACE_AFTER, TokenSource, Tokens, pack
from annotator.storage.project import Project

TEXTS = [
    # curly quotes glued to an em dash and to words; a span inside a glued token
    "The paper wrote in the Courier—“Their meetings ended in April,” a clerk told us.",
    # non-ASCII, CJK without spaces (a span inside a token), non-BMP characters
    "Zoë Müller said 北京大学 opened “a new lab” 😄 on Monday, said 𝒜lma Ruiz.",
    # straight quotes, a backslash, line breaks, U+2028 (written as an escape), a tab
    'Mr Pell said "we\\they will vote" today.\n\nThe\tcouncil agreed.\u2028Later, Ana Ito left.',
    # spans starting on a trailing space and ending right after one
    "Ana Ruiz said the vote was close and fair.",
    "No spans at all in this one, “quoted” or not.",
]


def _span(sid: str, text: str, part: str, label: str, layer: str, *, cut: tuple[int, int] = (0, 0),
          status: Status = Status.ACCEPTED, attrs: dict | None = None) -> Span:
    start = text.index(part)
    return Span(id=sid, article_id=0, start=start + cut[0], end=start + len(part) - cut[1], label=label, layer=layer,
                status=status, attrs=attrs or {})


def bundles() -> list[ArticleBundle]:
    t0, t1, t2, t3, t4 = TEXTS
    return [
        ArticleBundle(Article(None, t0), spans=[
            _span("q0", t0, "Their meetings ended in April", "QUOTE", "quote", attrs={"kind": "direct"}),  # starts inside “Their
            _span("c0", t0, "told", "CUE", "cue"),  # on token edges
            _span("e0", t0, "clerk", "PERSON", "entity", status=Status.SUGGESTED),
            _span("p0", t0, "Courier", "ORG", "entity"),  # ends inside Courier—“Their
        ]),
        ArticleBundle(Article(None, t1), spans=[
            _span("z1", t1, "Zoë Müller", "PERSON", "entity"),
            _span("b1", t1, "北京", "GPE", "entity"),  # inside the token 北京大学
            # the pre-annotator's attrs of a quote (every pre-annotated quote has some), non-ASCII, nested values
            _span("q1", t1, "a new lab", "QUOTE", "quote", attrs={"kind": "direct", "speaker_ref": "Zoë Müller",
                                                                    "note": ["北京", 1, None, True, {"x": 1.5}]}),
            _span("a1", t1, "𝒜lma Ruiz", "PERSON", "entity", status=Status.SUGGESTED),
            _span("w1", t1, " on Monday", "DATE", "entity"),  # an entity with whitespace at its start
        ]),
        ArticleBundle(Article(None, t2), spans=[
            _span("q2", t2, "we\\they will vote", "QUOTE", "quote"),
            _span("m2", t2, "Mr Pell", "PERSON", "entity"),
            _span("l2", t2, "agreed.\u2028Later", "CLAIM", "claim"),
            _span("n2", t2, "\n\nThe", "MISC", "entity", status=Status.REJECTED),
        ]),
        ArticleBundle(Article(None, t3), spans=[
            _span("s3", t3, " the vote", "QUOTE", "quote"),  # starts on a trailing space
            _span("w3", t3, "close ", "QUOTE", "quote"),  # ends right after one
            _span("r3", t3, "Ana Ruiz", "PERSON", "entity"),
        ]),
        ArticleBundle(Article(None, t4)),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "tokens.db")
    opened.import_bundles(bundles())
    yield opened
    opened.close()


def _general_lines(project: Project, status: str) -> list[str]:
    """What the general way writes: each article's record (its span records made), json.dumps'd."""
    out = []
    for bundle in iter_bundles(project, statuses=statuses_for(status)):
        assert bundle.spans is not None  # the records: the general way
        out.append(jsonl._escape_line_breaks(jsonl._ENCODE(jsonl.record_of(bundle, tokens=True))))
    return out


def _refused(*args: object, **kwargs: object) -> dict:
    raise AssertionError("an article of plain rows went the general way (a dict a token)")


def _fast_lines(project: Project, status: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``jsonl.write(tokens=True)`` with the general way refused: every line from the rows and stored tokens."""
    with monkeypatch.context() as patched:
        patched.setattr(jsonl, "record_of", _refused)
        out = io.StringIO(newline="")
        report = jsonl.write(iter_bundles(project, statuses=statuses_for(status)), out, tokens=True)
    assert report.articles == len(TEXTS)
    return out.getvalue().split("\n")[:-1]


@pytest.mark.parametrize("status", ["all", "accepted"])
def test_every_tokens_line_is_the_general_ways(project: Project, status: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = project.db.conn.execute("SELECT count(*) FROM article_tokens").fetchone()[0] if _has_tokens(project) else 0
    assert stored == 0  # the first export makes the tokens (and keeps them) ...
    first = _fast_lines(project, status, monkeypatch)
    expected = _general_lines(project, status)
    assert first == expected
    assert project.db.conn.execute("SELECT count(*) FROM article_tokens").fetchone()[0] == len(TEXTS)
    again = _fast_lines(project, status, monkeypatch)  # ... the next reads the stored bytes
    assert again == expected
    for line, want in zip(again, expected):
        assert json.loads(line) == json.loads(want)
        record = json.loads(line)
        # Prodigy's rows as consumers read them: the tokens tile the text, each span is a token range
        text, tokens = record["text"], record["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        assert all(text[t["start"] : t["end"]] == t["text"] and list(t) == ["text", "start", "end", "id", "ws"] for t in tokens)
        assert "".join(t["text"] + " " * t["ws"] for t in tokens) == text
        for span in record["spans"]:
            assert (tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]) == (span["start"], span["end"])
    # the cases are there: a non-ASCII line, a split token, an escaped U+2028
    assert any(not line.isascii() for line in again) and "\\u2028" in again[2] and "\u2028" not in "".join(again)
    assert any(t["text"] == "北京" for t in json.loads(again[1])["tokens"])


def _has_tokens(project: Project) -> bool:
    return project.db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_tokens'").fetchone() is not None


def test_a_book_length_article_is_formatted_token_by_token(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``_TokenList.POSITIONS`` code points no strings are kept: the lines are the same."""
    expected = _general_lines(project, "all")
    monkeypatch.setattr(jsonl._TokenList, "POSITIONS", 60)  # the two short texts below it, the others past it
    assert _fast_lines(project, "all", monkeypatch) == expected


def test_the_cli_in_two_processes_writes_the_general_ways_lines(project: Project, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.cli import main

    expected = _general_lines(project, "all")
    path = Path(project.path)
    project.close()
    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "2")  # split at any size: the child's part is written the same way
    monkeypatch.setattr(jsonl, "record_of", _refused)  # forked, the child refuses the general way too
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit) as done:
        main(["export", str(path), "--format", "jsonl", "--tokens", "--status", "all", "--output", str(out)])
    assert done.value.code in (0, None)
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == expected


class _PackedSource(TokenSource):
    """Stored tokens of one article, as the project's table gives them (``stored_packed``)."""

    def __init__(self, tokens: Tokens) -> None:
        super().__init__(None, None)  # type: ignore[arg-type]
        self.packed = pack(tokens)

    def stored_packed(self, article_id: int, text_hash: str) -> tuple[bytes, bytes, str] | None:
        return self.packed


ATTRS = ("{}", None, '{"kind": "direct"}', '{"é": [1, null, "x\\u2028y"], "kind": "indirect"}')  # stored attrs texts


@pytest.mark.parametrize("stored", [True, False], ids=["stored bytes", "made tokens"])
def test_random_tokens_and_spans_give_the_general_ways_line(stored: bool) -> None:
    """Random tokens, spans (inside tokens, on trailing spaces, whitespace-edged entities) and
    characters JSON escapes: the rows path's line, tokens included, is the records path's."""
    rng = numpy.random.default_rng(30)
    read_span = fast_reader(Span, SPAN_COLUMNS)
    token_list = jsonl._TokenList()
    for _ in range(600):
        length = int(rng.integers(1, 60))
        starts = numpy.unique(numpy.concatenate([[0], rng.integers(0, length, int(rng.integers(0, 12)))])).astype(numpy.int64)
        flags = rng.integers(0, 2, len(starts)).astype(numpy.uint8) * SPACE_AFTER
        stops = numpy.append(starts[1:], length)
        flags[stops - starts < 2] = 0  # a trailing space needs room before the next token
        tokens = Tokens(starts, flags, {})
        spans = [(int(a), int(b)) for a, b in (sorted(rng.integers(0, length + 1, 2)) for _ in range(int(rng.integers(0, 8)))) if a < b]
        rows = [(f"s{k}", 1, a, b, "ORG", ("entity", "quote")[k % 2], "accepted", "model", ATTRS[k % len(ATTRS)], "t", "t", "", "")
                for k, (a, b) in enumerate(spans)]
        text = "".join(rng.choice(list('ab \n"\\éß北😄\u2028'), length))
        bundle = RowBundle(article=Article(1, text), span_rows=rows, read_span=read_span,
                           **({"token_source": _PackedSource(tokens)} if stored else {"tokens": tokens}))
        line = jsonl._span_line_part(bundle, rows, jsonl._Quoted(), token_list)
        assert line is not None
        assert line == jsonl._ENCODE(jsonl.record_of(bundle, tokens=True))


def test_split_at_cuts_as_split_arrays() -> None:
    """``_split_at`` (a walk over the cut tokens) gives split_arrays' tokens for the cuts
    ``_row_token_bounds_cuts`` finds."""
    rng = numpy.random.default_rng(31)
    for _ in range(2000):
        length = int(rng.integers(2, 50))
        starts = numpy.unique(numpy.concatenate([[0], rng.integers(0, length, int(rng.integers(0, 10)))])).astype(numpy.int64)
        flags = rng.integers(0, 2, len(starts)).astype(numpy.uint8) * SPACE_AFTER
        stops = numpy.append(starts[1:], length)
        flags[stops - starts < 2] = 0
        tokens = Tokens(starts, flags, {})
        text = "x" * length
        spans = [(int(a), int(b)) for a, b in (sorted(rng.integers(0, length + 1, 2)) for _ in range(int(rng.integers(1, 6)))) if a < b]
        if spans[:1] and min(a for a, _ in spans) < 0:
            continue
        rows = [(f"s{k}", 1, a, b, "Q", "quote", "accepted", "", "{}", "", "", "", "") for k, (a, b) in enumerate(spans)]
        found = jsonl._row_token_bounds_cuts(text, rows, starts.tolist(), flags.tobytes())
        assert found is not None
        _, cuts = found
        plan = split_arrays(starts, tokens.stops(length), tokens.spaces, [a for a, _ in spans], [b for _, b in spans])
        want = (starts.tolist(), tokens.stops(length).tolist(), tokens.spaces.tolist()) if plan is None else (
            plan[0].tolist(), plan[1].tolist(), plan[2].tolist())
        spaces = flags.tobytes().translate(jsonl._WS_BIT)
        got = jsonl._split_at(starts.tolist(), tokens.stops(length).tolist(), spaces, cuts) if cuts else (
            starts.tolist(), tokens.stops(length).tolist(), list(spaces))
        assert (got[0], got[1], [bool(w) for w in got[2]]) == want


# What only a damaged or hand-edited file holds (tests/formats/test_row_fast_paths.py DAMAGE): the
# --tokens line is still the general way's. The damaged article alone takes the general way (or none
# does: an attrs object written otherwise, NULL attrs); every other article is written from its rows.
DAMAGE = [
    ("UPDATE spans SET status = 'maybe' WHERE id = 'e0'", 1),  # read back as suggested, the stored text kept in attrs
    ("UPDATE spans SET attrs = '[1]' WHERE id = 'z1'", 1),  # not a JSON object
    ("UPDATE spans SET attrs = '{\"b\":1,  \"a\": [2]}' WHERE id = 'q2'", 0),  # an object, not as we write them
    ("UPDATE spans SET attrs = NULL WHERE id = 'q0'", 0),
]


@pytest.mark.parametrize("damage,general", DAMAGE)
def test_a_damaged_row_gives_the_general_ways_tokens_line(project: Project, damage: str, general: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    with project.writing():
        project.db.execute(damage)
    expected = _general_lines(project, "all")
    calls = []
    real = jsonl.record_of

    def counted(*args: object, **kwargs: object) -> dict:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonl, "record_of", counted)
    out = io.StringIO(newline="")
    jsonl.write(iter_bundles(project, statuses=statuses_for("all")), out, tokens=True)
    assert out.getvalue().split("\n")[:-1] == expected
    assert len(calls) == general  # main: every article (5), a dict a token
