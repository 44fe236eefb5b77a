"""The DocBin export's array path (issue 12, formats/docbin_arrays.py) writes the bytes the Doc
path writes (``doc_of`` + ``DocBin.add``), for every kind of article: spans of every layer and
status, entities that split tokens or overlap, tokenizer exception norms, a leading space,
analysts' layers; and it is really the path taken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, Span, Status
from annotator.formats import docbin_arrays, spacy_docbin
from annotator.formats.common import ExportReport, ReviewedBundle
from annotator.formats.stream import SPAN_COLUMNS, RowBundle, fast_reader, iter_bundles, span_rows
from tests.formats.golden_project import build

PIECES = list("aZ9 .,'\"-!?:;()\n\t\u00a0\u2019😄𝔘北") + ["n't", "U.S.", "Dr.", "N.Y.", "don't", "  ", " \n", "'s", "Ana Ruiz"]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join).filter(lambda t: t.strip() != "")


def _write(bundles: list, path: Path, *, arrays: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, dict]:
    """The DocBin bytes and report of ``bundles``, by the array path or (``arrays`` False) the Doc path only."""
    made = []

    def counted(*args, **kwargs):
        made.extend(docbin_arrays.docs_parts(*args, **kwargs))
        return made[-len(args[0]):]

    with monkeypatch.context() as patch:
        patch.setattr(spacy_docbin, "docs_parts", counted if arrays else (lambda bundles, *a, **k: [None] * len(bundles)))
        report = spacy_docbin.write(iter(bundles), path)
    if arrays:  # the array path made every doc (none went to the Doc path)
        assert len(made) == len(bundles) and all(p is not None for p in made)
    return path.read_bytes(), {"articles": report.articles, "spans": report.spans, "relations": report.relations,
                               "left_out": dict(report.left_out)}


@pytest.mark.parametrize("status", [None, [Status.ACCEPTED]])
def test_golden_project_same_bytes_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status) -> None:
    project = build(tmp_path)
    try:
        bundles = list(iter_bundles(project, statuses=status))
        fast = _write(bundles, tmp_path / "fast.spacy", arrays=True, monkeypatch=monkeypatch)
        slow = _write(bundles, tmp_path / "slow.spacy", arrays=False, monkeypatch=monkeypatch)
    finally:
        project.close()
    assert fast == slow


def test_the_array_path_is_taken(tmp_path: Path) -> None:
    project = build(tmp_path)
    try:
        report = ExportReport()
        from spacy.tokens import DocBin

        encoder = docbin_arrays.Encoder(list(DocBin(store_user_data=True).attrs))
        parts = [docbin_arrays.doc_parts(b, report, encoder, gold_decided=lambda b: True) for b in iter_bundles(project)]
    finally:
        project.close()
    assert all(p is not None for p in parts) and len(parts) == 4


LAYERS = [("entity", "PERSON"), ("entity", "ORG"), ("quote", "QUOTE"), ("speaker", "SPEAKER")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS, st.data())
def test_random_articles_same_bytes_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                               data: st.DataObject) -> None:
    spans = []
    for n in range(data.draw(st.integers(0, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        layer, label = data.draw(st.sampled_from(LAYERS))
        status = data.draw(st.sampled_from(list(Status)))
        analyst = data.draw(st.sampled_from(["", "", "ana"]))
        spans.append(Span(id=f"s{n}", article_id=1, start=start, end=end, label=label, layer=layer, status=status, analyst=analyst))
    bundle = ReviewedBundle(Article(id=1, text=text), spans=spans)
    fast = _write([bundle], tmp_path / "fast.spacy", arrays=True, monkeypatch=monkeypatch)
    slow = _write([bundle], tmp_path / "slow.spacy", arrays=False, monkeypatch=monkeypatch)
    assert fast == slow


def test_shards_past_the_memory_limit_go_to_disk_and_keep_their_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shard's parts are held in memory up to docbin_stream.HELD_LIMIT bytes, then spilled to a
    temporary file (long documents keep memory bounded); the shards' bytes are the same either way."""
    from annotator.formats import docbin_stream

    project = build(tmp_path)
    try:
        spacy_docbin.write(iter_bundles(project), tmp_path / "held", shard_size=3)
        spilled = []
        real = docbin_stream.tempfile.TemporaryFile

        def counted(*args, **kwargs):
            spilled.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(docbin_stream, "HELD_LIMIT", 100)
        monkeypatch.setattr(docbin_stream.tempfile, "TemporaryFile", counted)
        spacy_docbin.write(iter_bundles(project), tmp_path / "spilled", shard_size=3)
    finally:
        project.close()
    assert spilled  # the limit was passed: parts went to disk
    names = sorted(p.name for p in (tmp_path / "held").iterdir())
    assert names == ["00000.spacy", "00001.spacy"]
    assert [(tmp_path / "held" / n).read_bytes() for n in names] == [(tmp_path / "spilled" / n).read_bytes() for n in names]


def _as_stored(bundle: ReviewedBundle, attrs_text: str | None, *, null_text: bool = False) -> RowBundle:
    """The bundle as the export's stream gives it: spans as the spans table's rows (status as its
    text, attrs as JSON text, an empty one stored as ``attrs_text``; ``null_text``: empty origin,
    times, author and analyst stored NULL), made into records only if read."""
    def text(value: str) -> str | None:
        return None if null_text and value == "" else value

    found = [(s.id, s.article_id, s.start, s.end, s.label, s.layer, str(s.status), text(s.origin),
              json.dumps(dict(s.attrs)) if s.attrs else attrs_text, text(s.created), text(s.updated), text(s.by),
              text(s.analyst)) for s in bundle.spans]
    return RowBundle(bundle.article, span_rows=found, read_span=fast_reader(Span, SPAN_COLUMNS), tokens=bundle.tokens,
                     relations=bundle.relations)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS, st.data(), st.sampled_from(["{}", "", None]), st.booleans())
def test_span_rows_are_read_in_place_with_the_bytes_of_their_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, data: st.DataObject, attrs_text: str | None,
        null_text: bool) -> None:
    """export12g (issue 12): a RowBundle's spans are read from its rows in place, no Span record
    made (span groups, doc.ents, user_data), and the DocBin and report are those of the same spans
    as records, whatever the stored form of an empty attrs or of empty text; a row with attrs goes
    through the stream's reader and is written as its record."""
    spans = []
    for n in range(data.draw(st.integers(0, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        layer, label = data.draw(st.sampled_from(LAYERS))
        spans.append(Span(id=f"s{n}", article_id=1, start=start, end=end, label=label, layer=layer,
                          status=data.draw(st.sampled_from(list(Status))), analyst=data.draw(st.sampled_from(["", "", "ana"])),
                          origin=data.draw(st.sampled_from(["", "model"])), by=data.draw(st.sampled_from(["", "lee"])),
                          created=data.draw(st.sampled_from(["", "2026-01-02T03:04:05Z"])),
                          attrs=data.draw(st.sampled_from([{}, {}, {"kind": "direct"}]))))
    bundle = ReviewedBundle(Article(id=1, text=text), spans=spans)
    want = _write([bundle], tmp_path / "records.spacy", arrays=True, monkeypatch=monkeypatch)
    stored = _as_stored(bundle, attrs_text, null_text=null_text)
    assert docbin_arrays.span_values(stored) == [docbin_arrays._of_record(s) for s in spans]
    got = _write([stored], tmp_path / "rows.spacy", arrays=True, monkeypatch=monkeypatch)
    assert got == want
    assert span_rows(stored) is not None  # read in place: the bundle never made its records


def test_a_span_row_of_an_unusual_kind_is_written_as_its_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows the in-place reading does not take (a label stored NULL, attrs JSON) give what their
    records give (the stream's reader: NULL text as ""), by the array path and the Doc path."""
    text = "Ana Ruiz met Bo Li in Oslo."
    spans = [Span(id="a", article_id=1, start=0, end=8, label="PERSON", layer="entity"),
             Span(id="b", article_id=1, start=13, end=18, label="", layer="quote"),
             Span(id="c", article_id=1, start=22, end=26, label="GPE", layer="entity", attrs={"kind": "city"})]
    bundle = ReviewedBundle(Article(id=1, text=text), spans=spans)
    want = _write([bundle], tmp_path / "records.spacy", arrays=False, monkeypatch=monkeypatch)
    stored = _as_stored(bundle, "{}")
    stored._rows[1] = (*stored._rows[1][:4], None, *stored._rows[1][5:])  # NULL label, as a damaged project may hold
    values = docbin_arrays.span_values(stored)
    assert values[1][3] == "" and values[2][7] == {"kind": "city"}
    got = _write([stored], tmp_path / "rows.spacy", arrays=True, monkeypatch=monkeypatch)
    assert got == want
