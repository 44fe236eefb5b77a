"""usertest21 M2: a ``.tsv`` has no quoting (IANA text/tab-separated-values): a cell that starts
with a quotation mark, or is only a quotation, is imported byte for byte — on the plain path, the
general reader (:func:`csvfmt.read`), the second reading process and the window's count. Made-up
rows."""

from __future__ import annotations

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
ROWS = "id\ttext\n" + "".join(f"{k}\t{t}\n" for k, t in enumerate(TEXTS, 1))


def _texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [t for (t,) in conn.execute("SELECT text FROM articles ORDER BY id")]


def test_the_command_line_imports_the_marks_as_text(tmp_path: Path) -> None:
    source = tmp_path / "a.tsv"
    source.write_text(ROWS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert _texts(tmp_path / "p.db") == TEXTS


def test_the_general_reader_keeps_the_marks(tmp_path: Path) -> None:
    source = tmp_path / "a.tab"
    source.write_text(ROWS, encoding="utf-8")
    items = list(csvfmt.read(source, ImportOptions()))
    assert [i.error for i in items] == [None] * 3
    assert [i.bundle.article.text for i in items] == TEXTS


@pytest.mark.parametrize("processes", ["1", "2"])
def test_both_reading_processes_keep_the_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str) -> None:
    source = tmp_path / "a.tsv"
    source.write_text(ROWS, encoding="utf-8")
    monkeypatch.setenv(import_pool.ENV, processes)
    with Project.open(tmp_path / "p.db") as project:
        report = import_sources(project, plan([source]), ImportOptions(schema=project.schema))
    assert report.result.added == 3
    assert _texts(tmp_path / "p.db") == TEXTS


def test_the_row_count_reads_it_unquoted(tmp_path: Path) -> None:
    source = tmp_path / "a.tsv"
    # an opening mark never closed: as CSV the rest of the file would be one field (one row)
    source.write_text("text\n\"Wait, he said.\nSecond row.\nThird row.\n", encoding="utf-8")
    assert plan([source])[0].count() == 3
