"""fix30 (usertest26 M4): a source id met twice in an import (a CSV id column, an id key of a JSONL
record's meta) is said, one line naming both places — "bad.csv:7: Body ID 'a1' already on line
2" —, and both rows are still imported (the id goes to meta, docs/formats.md). Line numbers are
physical file lines: a CSV record before the duplicate spans three lines. Both import ways (the
rows' way and the general way), in one process and in two. Made-up texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats import import_pool, import_sources, plain_import, plan
from annotator.formats.common import DUPLICATE_IDS_SHOWN, ImportOptions, duplicate_id_lines, is_id_column
from annotator.storage.project import Project

CSV = ('Body ID,articleBody,Title\n'
       'a1,"The ferry board met on Monday.",Ferry\n'
       'a2,"The council\nvoted on the budget\nlate at night.",Council\n'
       'a3,The mayor opened the new bridge.,Bridge\n'
       'a1,The harbour closed for the storm.,Harbour\n'
       'a2,The library extended its hours.,Library\n')


def line_of(path: Path, start: str) -> int:
    """The physical line (1-based) of ``path`` that starts with ``start``, as grep -n finds it."""
    [number] = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start)]
    return number


@pytest.mark.parametrize("name, is_id", [("id", True), ("ID", True), (" Id ", True), ("Body ID", True), ("doc_id", True),
                                         ("docID", True), ("article_Id", True), ("paid", False), ("valid", False),
                                         ("identity", False), ("ids", False), ("title", False), ("row", False)])
def test_which_names_are_ids(name: str, is_id: bool) -> None:
    assert is_id_column(name) is is_id


def _import(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, *, rows_way: bool, processes: str,
            analyst: str = ""):
    monkeypatch.setenv(import_pool.ENV, processes)
    if not rows_way:
        monkeypatch.setattr(plain_import, "applies", lambda *a: False)
    try:
        with Project.open(tmp_path / f"p{rows_way}{processes}{analyst}.db") as project:
            return import_sources(project, plan([source]), ImportOptions(schema=project.schema), by="ana", analyst=analyst)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("rows_way", [True, False])
@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_duplicated_csv_id_is_named_with_both_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows_way: bool,
                                                      processes: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(CSV, encoding="utf-8")
    report = _import(tmp_path, source, monkeypatch, rows_way=rows_way, processes=processes)
    assert report.result.added == 5  # every row imported, as before
    first_a1, again_a1 = line_of(source, "a1,\"The ferry"), line_of(source, "a1,The harbour")
    first_a2, again_a2 = line_of(source, "a2,\"The council"), line_of(source, "a2,The library")
    assert (first_a1, again_a1, first_a2, again_a2) == (2, 7, 3, 8)  # the record on lines 3-5 counts three
    assert report.duplicate_ids == [f"{source}:{again_a1}: Body ID 'a1' already on line {first_a1}",
                                    f"{source}:{again_a2}: Body ID 'a2' already on line {first_a2}"]


def test_an_analysts_import_says_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(CSV, encoding="utf-8")
    report = _import(tmp_path, source, monkeypatch, rows_way=True, processes="1", analyst="ben")  # the general way
    assert report.duplicate_ids == [f"{source}:7: Body ID 'a1' already on line 2", f"{source}:8: Body ID 'a2' already on line 3"]


def test_no_id_column_no_empty_id_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "plain.csv"
    source.write_text("source,text,Body ID\nwire,First text.,\nwire,Second text.,\nwire,Third text., \n", encoding="utf-8")
    report = _import(tmp_path, source, monkeypatch, rows_way=True, processes="1")
    assert report.result.added == 3 and report.duplicate_ids == []  # "source" repeats, but is no id; blank ids are none


def test_a_second_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("id,text\nx1,First text.\n", encoding="utf-8")
    b.write_text("id,text\nx2,Second text.\nx1,Third text.\n", encoding="utf-8")
    with Project.open(tmp_path / "p.db") as project:
        report = import_sources(project, plan([a, b]), ImportOptions(schema=project.schema), by="ana")
    assert report.duplicate_ids == [f"{b}:3: id 'x1' already at {a}:2"]


def test_jsonl_meta_and_top_level_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "b.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in [
        {"text": "The ferry board met on Monday.", "meta": {"doc_id": "d7"}},
        {"text": "The council voted.", "doc_id": "d8"},
        {"text": "The mayor opened the bridge.", "doc_id": "d7"},  # a top-level unknown key goes to meta too
        {"text": "The harbour closed.", "meta": {"doc_id": 8}},  # a number: the same id as "d8"? no — 8
        {"text": "The library opened.", "meta": {"doc_id": "d8"}},
    ]), encoding="utf-8")
    report = _import(tmp_path, source, monkeypatch, rows_way=True, processes="1")
    assert report.result.added == 5
    assert report.duplicate_ids == [f"{source}:3: doc_id 'd7' already on line 1", f"{source}:5: doc_id 'd8' already on line 2"]


def test_the_summary_lists_ten_then_how_many_more() -> None:
    said = [f"bad.csv:{100 + k}: id 'a{k}' already on line {k + 2}" for k in range(DUPLICATE_IDS_SHOWN + 3)]
    lines = duplicate_id_lines(said)
    assert lines[0] == f"{DUPLICATE_IDS_SHOWN + 3} duplicated source ids (imported as they are; a join on them is ambiguous):"
    assert lines[1:-1] == said[:DUPLICATE_IDS_SHOWN]
    assert lines[-1] == "… and 3 more duplicated ids"
    assert duplicate_id_lines(said[:1]) == ["1 duplicated source id (imported as they are; a join on it is ambiguous):",
                                            said[0]]
    assert duplicate_id_lines([]) == []
