"""The jsonl, csv and brat writers write a plain article straight from its span rows
(``stream.RowBundle``, issue 12) and anything else from records: both ways give the same bytes
and the same report, for every kind of value a row can hold — also values only a damaged or
hand-edited file holds, which the rows cannot be written from."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.formats import brat_write, csvfmt, jsonl
from annotator.formats.common import ExportReport, ReviewedBundle
from annotator.formats.spacy_tokens import split_arrays, token_bounds_all, trim_whitespace
from annotator.formats.stream import SPAN_COLUMNS, RowBundle, fast_reader, iter_bundles, span_count, span_rows, statuses_for
from annotator.formats.token_store import SPACE_AFTER, TokenSource, Tokens, pack
from annotator.storage.project import Project

# Line breaks brat cannot hold inside a fragment, CRLF (brat counts it as one), quotes and
# backslashes JSON escapes, a formula start a spreadsheet would run, U+2028 JSON lines escape.
TEXTS = [
    "Alice Smith said \"yes\" to Bob.\nThe plan\r\nworks, said Carol.\r\n",
    "\ufeffA text that starts with a byte-order mark, by Dan Brown.",
    "=SUM(A1) is what Eve typed \\ then left.\u2028Frank stayed.\n\nGina went.",
    "Plain words only here, by Hal Ito.",
]


def _span(sid: str, text: str, part: str, label: str, layer: str = "entity", **extra: object) -> Span:
    start = text.index(part)
    return Span(id=sid, article_id=0, start=start, end=start + len(part), label=label, layer=layer, **extra)  # type: ignore[arg-type]


def bundles() -> list[ArticleBundle]:
    t0, t1, t2, t3 = TEXTS
    return [
        ArticleBundle(
            Article(None, t0, title="=cmd title", meta={"file": "a.txt"}),
            spans=[
                _span("q0", t0, "\"yes\"", "QUOTE", "quote", by="ana", origin="manual"),
                _span("s0", t0, "Alice Smith", "SPEAKER", "speaker", status=Status.SUGGESTED, origin="model"),
                _span("c0", t0, "said", "CUE", "cue"),
                _span("b0", t0, "plan\r\nworks", "EVENT TYPE", status=Status.REJECTED),  # a line break inside, a label with a space
                _span("n0", t0, "\r\n", "MISC"),  # line breaks only
                _span("t0", t0, "works, said Carol.\r\n", "CLAIM", "claim"),  # ends with a line break
                _span("p0", t0, "Bob", "PERSON"),
            ],
            relations=[
                Relation(id="r0", article_id=0, head="q0", child="s0", label="SPEAKER"),
                Relation(id="r1", article_id=0, head="q0", child="c0", label="CUE", status=Status.SUGGESTED),
                Relation(id="r2", article_id=0, head="p0", child="q0", label="ABOUT", attrs={"note": "n"}),
            ],
            stances=[Stance(id="st0", article_id=0, holder="Alice", target="plan", polarity="favor", evidence="q0")],
            tags=[Tag(id="tg0", article_id=0, tag="politics")],
        ),
        ArticleBundle(Article(None, t1), spans=[_span("d1", t1, "Dan Brown", "PERSON"), _span("a1", t1, "A text", "MISC")]),
        ArticleBundle(
            Article(None, t2),
            spans=[_span("=e2", t2, "=SUM(A1)", "=FORMULA"), _span("x2", t2, "\\ then", "MISC"),
                   _span("f2", t2, "left.\u2028Frank", "PERSON"), _span("g2", t2, "Gina", "+PERSON", by="-me")],
        ),
        ArticleBundle(Article(None, t3), spans=[_span("h3", t3, "Hal Ito", "PERSON"), _span("w3", t3, "words", "MISC")]),
        ArticleBundle(Article(None, "No spans at all.")),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "rows.db")
    opened.import_bundles(bundles())
    with opened.writing():  # what only a hand-made or older file holds: NULL texts
        opened.db.execute("UPDATE spans SET origin = NULL, created = NULL, updated = NULL WHERE id = 'h3'")
        opened.db.execute('UPDATE spans SET "by" = NULL WHERE id = \'w3\'')
    yield opened
    opened.close()


def _records(items: Iterator[ArticleBundle]) -> Iterator[ArticleBundle]:
    """The bundles with their span records made: every writer then takes the general way."""
    for bundle in items:
        assert bundle.spans is not None
        yield bundle


def _report(report: ExportReport) -> tuple:
    return report.articles, report.spans, report.relations, list(report.left_out.items())


def _write(fmt: str, project: Project, status: str, general: bool, folder: Path) -> tuple:
    items = iter_bundles(project, statuses=statuses_for(status))
    if general:
        items = _records(items)
    if fmt == "brat":
        target = folder / ("general" if general else "rows")
        report = brat_write.write(items, target)
        return {p.name: p.read_bytes() for p in sorted(target.iterdir())}, _report(report)
    out = io.StringIO(newline="")
    report = (jsonl.write if fmt == "jsonl" else csvfmt.write)(items, out)
    return out.getvalue(), _report(report)


def _count_general(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"jsonl": 0, "csv": 0, "brat": 0}
    for fmt, module, name in (("jsonl", jsonl, "record_of"), ("csv", csvfmt, "_rows"), ("brat", brat_write, "ann_lines")):
        real = getattr(module, name)

        def counted(*args: object, _real: object = real, _fmt: str = fmt, **kwargs: object) -> object:
            calls[_fmt] += 1
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("status", ["all", "accepted"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "brat"])
def test_rows_and_records_write_the_same(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, status: str) -> None:
    calls = _count_general(monkeypatch)
    from_rows = _write(fmt, project, status, False, tmp_path)
    taken = calls[fmt]
    from_records = _write(fmt, project, status, True, tmp_path)
    assert from_rows == from_records
    # …and the rows were written from (else this test could not fail); the records, for all 5 articles
    assert taken == 0 and calls[fmt] == 5


def test_the_plain_rows_path_writes_known_bytes(project: Project) -> None:
    """Article 4, written from its rows: NULL origin, by, created and updated are "" (as their
    records read them), token bounds are those of the tokens Plain|words|only|here|,|by|Hal|Ito|."""
    out = io.StringIO()
    jsonl.write(iter_bundles(project, statuses=None), out)
    line = re.sub(r'"\d{4}-\d\d-\d\dT[^"]+"', '"T"', out.getvalue().split("\n")[3])
    assert line == (
        '{"id": 4, "title": "", "text": "Plain words only here, by Hal Ito.", "meta": {}, "publisher": "", "url": "", '
        '"published": "", "status": "new", "spans": ['
        '{"id": "w3", "start": 6, "end": 11, "text": "words", "label": "MISC", "layer": "entity", "status": "accepted", '
        '"origin": "", "by": "", "created": "T", "updated": "T", "attrs": {}, "token_start": 1, "token_end": 1}, '
        '{"id": "h3", "start": 26, "end": 33, "text": "Hal Ito", "label": "PERSON", "layer": "entity", "status": "accepted", '
        '"origin": "", "by": "", "created": "", "updated": "", "attrs": {}, "token_start": 6, "token_end": 7}], '
        '"relations": [], "doc": {"tags": [], "stances": []}}'
    )


DAMAGE = [
    ("UPDATE spans SET status = 'maybe' WHERE id = 'h3'", None),  # read back as suggested, the stored text kept in attrs
    ("UPDATE spans SET attrs = '[1]' WHERE id = 'h3'", None),  # not a JSON object: kept in attrs
    ("UPDATE spans SET attrs = '{\"b\":1,  \"a\": [2]}' WHERE id = 'h3'", None),  # an object, not as we write them
    ("UPDATE spans SET label = 7 WHERE id = 'h3'", None),  # a number where text belongs
    ("UPDATE spans SET origin = 5, \"by\" = 0 WHERE id = 'h3'", None),
    ("UPDATE spans SET id = NULL WHERE id = 'w3'", None),
    ("UPDATE spans SET start = 'x' WHERE id = 'h3'", TypeError),  # no span: the export fails as it always has
    ("UPDATE spans SET start = 40, \"end\" = 30 WHERE id = 'h3'", ValueError),
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "brat"])
@pytest.mark.parametrize("damage,error", DAMAGE)
def test_a_damaged_row_is_written_as_its_record_is(project: Project, tmp_path: Path, fmt: str, damage: str, error: type | None) -> None:
    with project.writing():
        project.db.execute(damage)
    if error is not None:
        for general in (False, True):
            with pytest.raises(error):
                _write(fmt, project, "all", general, tmp_path / str(general))
        return
    assert _write(fmt, project, "all", False, tmp_path) == _write(fmt, project, "all", True, tmp_path)


def test_a_row_bundle_makes_its_records_once_and_forgets_its_rows_when_they_change(project: Project) -> None:
    bundle = next(iter(iter_bundles(project, statuses=None)))
    assert isinstance(bundle, RowBundle) and isinstance(bundle, ReviewedBundle)
    rows = span_rows(bundle)
    assert rows is not None and span_count(bundle) == len(rows) == 7
    spans = bundle.spans
    assert [s.id for s in spans] == [r[0] for r in rows] and all(isinstance(s, Span) for s in spans)
    assert span_rows(bundle) is None and bundle.spans is spans  # made once; the writers now use the records
    copy = dataclasses.replace(bundle, spans=spans[:2])
    assert type(copy) is RowBundle and copy.spans == spans[:2] and span_rows(copy) is None
    other = next(iter(iter_bundles(project, statuses=None)))
    other.spans = []
    assert span_rows(other) is None and other.spans == [] and span_count(other) == 0
    assert next(iter(iter_bundles(project, statuses=None))) == bundle  # equal as bundles, rows or records


class _PackedSource(TokenSource):
    """Stored tokens of one article, as the project's table gives them (``stored_packed``)."""

    def __init__(self, tokens: Tokens) -> None:
        super().__init__(None, None)  # type: ignore[arg-type]
        self.packed = pack(tokens)

    def stored_packed(self, article_id: int, text_hash: str) -> tuple[bytes, bytes, str] | None:
        return self.packed


@pytest.mark.parametrize("stored", [True, False], ids=["stored bytes", "made tokens"])
def test_token_bounds_by_bisect_are_numpys(stored: bool) -> None:
    """The rows path finds each span's tokens by bisect on the stored starts read in place (or on
    the made tokens' lists); token_bounds_all (numpy) is what the general way writes."""
    rng = numpy.random.default_rng(12)
    read_span = fast_reader(Span, SPAN_COLUMNS)
    for _ in range(1000):
        length = int(rng.integers(1, 60))
        starts = numpy.unique(numpy.concatenate([[0], rng.integers(0, length, int(rng.integers(0, 12)))])).astype(numpy.int64)
        flags = rng.integers(0, 2, len(starts)).astype(numpy.uint8) * SPACE_AFTER
        # a trailing space needs room before the next token
        stops = numpy.append(starts[1:], length)
        flags[stops - starts < 2] = 0
        tokens = Tokens(starts, flags, {})
        spans = [(int(a), int(b)) for a, b in (sorted(rng.integers(0, length + 1, 2)) for _ in range(8)) if a < b]
        if not spans:
            continue
        rows = [(f"s{k}", 1, a, b, "ORG", "entity", "accepted", "model", "{}", "t", "t", "", "") for k, (a, b) in enumerate(spans)]
        text = "".join(rng.choice(list("ab \n"), length))  # fix33: entities with whitespace at an edge too
        bundle = RowBundle(article=Article(1, text), span_rows=rows, read_span=read_span,
                           **({"token_source": _PackedSource(tokens)} if stored else {"tokens": tokens}))
        line = jsonl._span_line_part(bundle, rows, jsonl._Quoted())
        assert line is not None
        begins, ends = [s for s, _ in spans], [e for _, e in spans]
        # fix33: on the tokens split at the span edges (as the DocBin export splits them), each
        # span is exactly a token range (an entity's edges without whitespace are token edges too)
        trimmed = [t for t in (trim_whitespace(text, a, b) for a, b in spans) if t is not None]
        plan = split_arrays(starts, tokens.stops(length), tokens.spaces, begins + [a for a, _ in trimmed], ends + [b for _, b in trimmed])
        split_starts, split_stops = (plan[0], plan[1]) if plan is not None else (starts, tokens.stops(length))
        firsts, lasts = token_bounds_all(split_starts, split_stops, begins, ends)
        written = json.loads(line)["spans"]
        assert [s["token_start"] for s in written] == firsts and [s["token_end"] for s in written] == lasts
        assert [(split_starts[s["token_start"]], split_stops[s["token_end"]]) for s in written] == spans
        assert line == jsonl._ENCODE(jsonl.record_of(bundle))  # the general way (records, numpy) writes the same line


def test_spans_alike_in_start_end_and_label_keep_their_stored_order(project: Project) -> None:
    """The spans are read by one sorted scan; ties of the sort keys come in the order they were stored."""
    with project.writing():
        for span_id, layer in (("zz", "entity"), ("aa", "speaker"), ("mm", "quote")):
            project.db.execute('INSERT INTO spans (id, article_id, start, "end", label, layer, status, origin, attrs, created, updated, "by") '
                               "VALUES (?, 4, 0, 5, 'SAME', ?, 'accepted', '', '{}', '', '', '')", [span_id, layer])
    bundle = [b for b in iter_bundles(project, statuses=None) if b.article.id == 4][0]
    assert [s.id for s in bundle.spans][:3] == ["zz", "aa", "mm"]
