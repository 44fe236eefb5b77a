"""The CoNLL export makes the blocks of many articles at once (issue 12, conll._blocks): the text
is each article's own block (conll.article_text, one article at a time) and the report the same,
whatever the articles hold: entities splitting tokens, overlaps, line breaks, empty and
whitespace-only texts, leading punctuation, other layers and statuses."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, Span, Status
from annotator.formats import conll, token_store
from annotator.formats.common import ExportReport, ReviewedBundle
from annotator.formats.stream import SPAN_COLUMNS, RowBundle, fast_reader, span_rows

PIECES = list("aZ9 .,'\"-!?:;()\n\t\r\u00a0\u2019😄𝔘北\u2029") + ["n't", "U.S.", "Dr.", "  ", " \n", "'s", "Ana Ruiz", "…", "。",
                                                    # left out of CoNLL tokens (conll.INVISIBLE), and a ZWJ, which stays
                                                    "\x07", "\x1b", "\x7f", "\x83", "\u200b", "\ufeff", "\u200d"]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=0, max_size=25).map("".join)
LAYERS = [("entity", "PERSON"), ("entity", "ORG"), ("entity", "NEW ORG"), ("quote", "QUOTE")]


@st.composite
def articles(draw: st.DrawFn, article_id: int) -> ReviewedBundle:
    text = draw(TEXTS)
    spans = []
    if text:
        for n in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            layer, label = draw(st.sampled_from(LAYERS))
            spans.append(Span(id=f"{article_id}-{n}", article_id=article_id, start=start, end=end, label=label, layer=layer,
                              status=draw(st.sampled_from(list(Status))), attrs=draw(st.sampled_from([{}, {"kind": "x"}]))))
    stored = draw(st.booleans())  # tokens given (as stored) or made by the writer
    return ReviewedBundle(Article(id=article_id, text=text), spans=spans, tokens=token_store.tokenize(text) if stored else None)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.tuples(*(articles(i + 1) for i in range(n)))))
def test_a_batch_is_each_articles_own_block(bundles: tuple[ReviewedBundle, ...]) -> None:
    one_by_one = ExportReport()
    want = []
    for bundle in bundles:
        want.append(conll.article_text(bundle, one_by_one))
        one_by_one.articles += 1
        one_by_one.leave_out(conll.FIELDS)
    out = io.StringIO()
    report = conll.write(bundles, out)
    assert out.getvalue() == "".join(want)
    assert (report.articles, report.spans) == (one_by_one.articles, one_by_one.spans)
    assert list(report.left_out.items()) == list(one_by_one.left_out.items())


def test_batches_of_a_long_export_join_up(monkeypatch) -> None:
    """More articles than one batch: the blocks come in article order across batches."""
    monkeypatch.setattr(conll, "BATCH", 3)
    bundles = [ReviewedBundle(Article(id=i, text=f"Ana Ruiz said {i} things. Then she left.\n\nEnd {i}."),
                              spans=[Span(id=f"s{i}", article_id=i, start=0, end=8, label="PERSON", layer="entity")])
               for i in range(1, 9)]
    out = io.StringIO()
    conll.write(bundles, out)
    assert out.getvalue() == "".join(conll.article_text(b, ExportReport()) for b in bundles)
    assert out.getvalue().count(conll.DOCSTART) == 8


def _as_stored(bundle: ReviewedBundle, attrs_text: str) -> RowBundle:
    """The bundle as the export's stream gives it: spans as the spans table's rows (status as its
    text, attrs as JSON text; an empty attrs stored as ``attrs_text``), made into records only if read."""
    found = [(s.id, s.article_id, s.start, s.end, s.label, s.layer, str(s.status), s.origin,
              json.dumps(dict(s.attrs)) if s.attrs else attrs_text, s.created, s.updated, s.by, s.analyst)
             for s in bundle.spans]
    return RowBundle(bundle.article, span_rows=found, read_span=fast_reader(Span, SPAN_COLUMNS), tokens=bundle.tokens)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.tuples(*(articles(i + 1) for i in range(n)))),
       st.sampled_from(["{}", "", None, "{ }"]))
def test_span_rows_are_read_as_their_records(bundles: tuple[ReviewedBundle, ...], attrs_text: str | None) -> None:
    """export12d (issue 12): a RowBundle's entities are read from its span rows in place (no Span
    record made); the blocks and the report are those of the same spans as records, whatever the
    stored form of an empty attrs (the unusual ones go through the stream's reader)."""
    want_report = conll.write(bundles, want := io.StringIO())
    stored = [_as_stored(b, attrs_text) for b in bundles]
    got = io.StringIO()
    report = conll.write(stored, got)
    assert got.getvalue() == want.getvalue()
    assert (report.articles, report.spans) == (want_report.articles, want_report.spans)
    assert list(report.left_out.items()) == list(want_report.left_out.items())
    assert all(span_rows(b) is not None for b in stored)  # read in place: no records made


def test_a_span_row_of_an_unusual_kind_is_read_by_the_stream_reader() -> None:
    """A row the in-place reading does not take (a label stored NULL) gives what its record gives
    (the stream's reader reads NULL text as "")."""
    text = "Ana Ruiz met Bo Li in Oslo."
    spans = [Span(id="a", article_id=1, start=0, end=8, label="PERSON", layer="entity"),
             Span(id="b", article_id=1, start=13, end=18, label="", layer="entity")]
    bundle = ReviewedBundle(Article(id=1, text=text), spans=spans, tokens=token_store.tokenize(text))
    want_report = conll.write([bundle], want := io.StringIO())
    stored = _as_stored(bundle, "{}")
    stored._rows[1] = (*stored._rows[1][:4], None, *stored._rows[1][5:])  # NULL label, as a damaged project may hold
    report = conll.write([stored], got := io.StringIO())
    assert got.getvalue() == want.getvalue()
    assert list(report.left_out.items()) == list(want_report.left_out.items())


def test_narrow_rows_are_read_as_row_values_reads_them() -> None:
    """perf12i (issue 12): conll_read's narrow rows are read by one comprehension with the usual
    row's test inline; each row gives what ``_row_values`` gives it, the unusual ones (a NULL label,
    a float offset, an empty range, an unknown status, attrs JSON, a NULL layer) through the same
    record reader, with the stored row read again whole."""
    full = {}

    def narrow(rowid: int, start: object, end: object, label: object, layer: object, status: object, attrs: object) -> tuple:
        full[rowid] = (f"s{rowid}", 1, start, end, label, layer, status, "manual", attrs, "", "", "", "")
        return (f"s{rowid}", 1, start, end, label, layer, status, rowid, attrs)

    rows = [narrow(1, 0, 4, "PERSON", "entity", "accepted", "{}"),
            narrow(2, 5, 9, "ORG", "quote", "suggested", None),
            narrow(3, 5, 9, "ORG", "entity", "rejected", ""),
            narrow(4, 2, 6, None, "entity", "accepted", "{}"),  # NULL label: read as ""
            narrow(5, 1.0, 6, "GPE", "entity", "accepted", "{}"),  # a float offset
            narrow(6, 3, 3, "GPE", "entity", "accepted", "{}"),  # an empty range
            narrow(7, 0, 4, "PERSON", "entity", "accepted", '{"n": 1}'),  # attrs: true
            narrow(8, 0, 4, "PERSON", None, "accepted", "{}")]  # a NULL layer
    whole = lambda row: full[row[7]]  # noqa: E731 - the stored row by its rowid, as conll._whole_row

    def outcome(read: object) -> object:
        try:
            return read()
        except Exception as exc:  # noqa: BLE001 - a row the reader refuses: the same refusal either way
            return type(exc), str(exc)

    for row in rows:
        assert outcome(lambda: conll._narrow_values([row], whole)[0]) == outcome(lambda: conll._row_values(row, whole))
    assert conll._narrow_values(rows[:3], whole) == [(0, 4, "PERSON", "entity", "accepted", False),
                                                     (5, 9, "ORG", "quote", "suggested", False),
                                                     (5, 9, "ORG", "entity", "rejected", False)]
    assert conll._narrow_values(rows[6:7], whole)[0][5] is True
