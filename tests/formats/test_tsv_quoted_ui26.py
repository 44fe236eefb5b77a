"""usertest22 M3: a ``.tsv`` is read with CSV quoting when the FILE shows it (a cell that only
quoting explains: in quotes with every inner quote doubled and a doubled pair, or a tab or a
newline inside the quotes — what Excel and ``csv.writer(dialect="excel-tab")`` write), else
literally (usertest21 M2) — on the plain path, the general reader, the second reading process and
the row count; the summary says which. Made-up rows."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats import ImportOptions, csvfmt, import_pool, import_sources, plan
from annotator.storage.project import Project

TEXTS = ['"We are ready," the ferry captain said on the quay.',
         '"Nobody leaves the harbour tonight."',
         'The mayor said "no" twice.']
LITERAL = "id\ttext\n" + "".join(f"{k}\t{t}\n" for k, t in enumerate(TEXTS, 1))
# what Excel's "Text (Tab delimited)" writes for the same cells: CRLF, quotes doubled
EXCEL = "id\ttext\r\n" + "".join(f'{k}\t"{t.replace(chr(34), 2 * chr(34))}"\r\n' for k, t in enumerate(TEXTS, 1))
TRICKY = TEXTS + ["Two columns\tin one cell, the port said.", "A first line.\nA second line of the same cell."]


def _texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [t for (t,) in conn.execute("SELECT text FROM articles ORDER BY id")]


def _written(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, dialect="excel-tab")
        writer.writerow(["id", "text"])
        writer.writerows([k, t] for k, t in enumerate(texts, 1))
    return path


def test_the_literal_rows_of_usertest21_stay_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "a.tsv"
    source.write_text(LITERAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert _texts(tmp_path / "p.db") == TEXTS
    assert "a.tsv read as plain TSV (quotation marks kept as text)" in result.output


def test_excel_rows_are_unquoted_and_the_summary_says_so(tmp_path: Path) -> None:
    source = tmp_path / "x.tsv"
    source.write_bytes(EXCEL.encode("utf-8"))
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert _texts(tmp_path / "p.db") == TEXTS
    assert "x.tsv read as quoted TSV (Excel / csv module style)" in result.output


@pytest.mark.parametrize("processes", ["1", "2"])
def test_csv_module_output_round_trips_on_both_reading_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 processes: str) -> None:
    source = _written(tmp_path / "w.tsv", TRICKY)
    monkeypatch.setenv(import_pool.ENV, processes)
    with Project.open(tmp_path / "p.db") as project:
        report = import_sources(project, plan([source]), ImportOptions(schema=project.schema))
    assert report.result.added == len(TRICKY)
    assert _texts(tmp_path / "p.db") == TRICKY
    assert report.tsv_read == {"w.tsv": "quoted"}


def test_the_general_reader_and_the_count_read_it_quoted(tmp_path: Path) -> None:
    source = _written(tmp_path / "w.tab", TRICKY)
    items = list(csvfmt.read(source, ImportOptions()))
    assert [i.bundle.article.text for i in items] == TRICKY
    assert plan([source])[0].count() == len(TRICKY)


def test_a_quoted_tab_alone_makes_the_file_quoted(tmp_path: Path) -> None:
    source = tmp_path / "t.tsv"
    source.write_text('id\ttext\n1\t"Left\tright, the guide said."\n2\tPlain row.\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert _texts(tmp_path / "p.db") == ["Left\tright, the guide said.", "Plain row."]


def test_an_open_quote_then_a_row_ending_in_one_stays_literal(tmp_path: Path) -> None:
    # both rows read whole literally: a newline "inside quotes" is not what explains them
    text = 'id\ttext\n1\t"Wait for me, she called.\n2\tThe mayor said no more."\n'
    assert csvfmt.tsv_quoting(_write(tmp_path / "o.tsv", text)) == "literal"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quoted_newline_alone_makes_the_file_quoted(tmp_path: Path) -> None:
    source = _written(tmp_path / "n.tsv", ["First line of the note.\nSecond line of the note.", "Plain row."])
    assert csvfmt.tsv_quoting(source) == "quoted"
    assert [i.bundle.article.text for i in csvfmt.read(source, ImportOptions())] == [
        "First line of the note.\nSecond line of the note.", "Plain row."]
