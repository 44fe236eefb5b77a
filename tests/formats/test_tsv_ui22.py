"""usertest20 L6 (after usertest19 L6 refused it by name): a ``.tsv`` / ``.tab`` file is read as
CSV with the delimiter ``\\t`` — by the csv module alone, with the CSV checks (text column,
encoding, file:line) — from the command line and the window. Made-up rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.storage.project import Project
from annotator.ui.transfer import import_job

ROWS = ("id\ttext\tpublisher\n"
        "1\tThe harbour board said the ferry would run again in spring.\tCoast News\n"
        # usertest21 M2: TSV has no quoting, the marks are text (ui22 read them as CSV quoting)
        '2\tA cell, with a comma, a ""quote"" and no tab.\t\n')


def _texts(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT text, publisher FROM articles ORDER BY id").fetchall()


@pytest.mark.parametrize("name", ["articles.tsv", "ARTICLES.TSV", "articles.tab"])
def test_a_tab_separated_file_is_imported(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(ROWS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output
    assert _texts(tmp_path / "p.db") == [
        ("The harbour board said the ferry would run again in spring.", "Coast News"),
        ('A cell, with a comma, a ""quote"" and no tab.', ""),
    ]


def test_the_csv_checks_name_the_file_and_line(tmp_path: Path) -> None:
    no_text = tmp_path / "a.tsv"
    no_text.write_text("id\tbody_words\n1\tSome words here.\n", encoding="utf-8")
    commas = tmp_path / "b.tsv"
    commas.write_text("id,text\n1,Some words here.\n", encoding="utf-8")
    latin = tmp_path / "c.tsv"
    latin.write_bytes("id\ttext\n1\tfine\n2\tcaf\xe9 au lait\n".encode("latin-1"))
    for source, said in ((no_text, f"{no_text}:1: has no obvious text column (columns: id, body_words)"),
                         (commas, f"{commas}:1: is separated by commas, not tabs as its name says"),
                         (latin, f"{latin}:3: ")):
        result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
        out = result.output + (result.stderr or "")
        assert result.exit_code == 1 and said in out and "Traceback" not in out, out
    assert "--encoding" in out  # the encoding advice, as for a CSV
    assert not (tmp_path / "p.db").exists()


def test_a_tab_separated_csv_name_says_how_to_read_it(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("id\ttext\n1\tSome words here.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 1 and "name it .tsv" in result.output + (result.stderr or "")


def test_the_windows_import_reads_it_too(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    Project.open(project).close()
    source = tmp_path / "articles.tsv"
    source.write_text(ROWS, encoding="utf-8")
    report = import_job(project, [source], by="")(lambda *_: None, lambda: False)
    assert report.result.added == 2
    with pytest.raises(InputError, match="not tabs as its name says"):
        (tmp_path / "b.tsv").write_text("id,text\n1,x y\n", encoding="utf-8")
        import_job(project, [tmp_path / "b.tsv"], by="")(lambda *_: None, lambda: False)
