"""Shared steps of the "one bad character in one row" import tests (NUL in test_nul_byte_row,
other control characters in test_control_char_row): import a file through the CLI, then check
that the row is refused by file:line with nothing written, or skipped alone under --skip-errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.storage.project import Project

# Three rows; the bad character goes in the second body (file line 3, character 26 of "text").
ROWS = "title,text\nAlpha,The first body is fine.\nBeta,The second body has a bad {bad}.\nGamma,The third body is fine.\n"
GOOD_JSONL, LAST_JSONL = b'{"text": "A good record here."}\n', b'\n{"text": "Another good one."}\n'


def run(*args: object) -> Result:
    """The CLI on ``args`` (each made a string), in this process."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def import_rows(source: Path, data: bytes, monkeypatch: pytest.MonkeyPatch, processes: str, *options: str) -> Result:
    """Write ``data`` to ``source`` and import it into ``source``'s folder/p.db with ``processes``
    import processes (ANNOTATOR_IMPORT_PROCESSES) and the extra CLI ``options``."""
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source.write_bytes(data)
    return run("import", source.parent / "p.db", source, *options)


def assert_refused_alone(result: Result, project: Path, error: str) -> None:
    """Exit 1, the output is the one line ``Error: <error>``, and no project file was made."""
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.output.splitlines() if x.strip()]
    assert line == result.output.strip() == f"Error: {error}", result.output
    assert not project.exists()


def assert_refused_by_line(source: Path, data: bytes, error: str) -> None:
    """Importing ``data`` written to ``source`` exits 1 with exactly ``Error: <error>``."""
    source.write_bytes(data)
    result = run("import", source.parent / "p.db", source)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"Error: {error}", result.output


def assert_middle_row_skipped(result: Result, project: Path, said: str) -> None:
    """Exit 0, two of the three rows of ``ROWS`` imported (Alpha, Gamma), one skipped, and the
    skip names the bad row: ``said`` is in the output."""
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output and "Skipped 1 bad record" in result.output, result.output
    assert said in result.output, result.output
    with Project.open(project) as opened:
        assert sorted(a.title for a in opened.articles()) == ["Alpha", "Gamma"]


def jsonl_with(source: Path, record: bytes) -> Path:
    """``source`` written as three JSONL lines, ``record`` (the bad one) on line 2."""
    source.write_bytes(GOOD_JSONL + record + LAST_JSONL)
    return source


def assert_jsonl_line_2_skipped(source: Path) -> None:
    """``--skip-errors`` imports the two good lines of ``jsonl_with``'s file and names line 2."""
    result = run("import", source.parent / "p.db", source, "--skip-errors")
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output and f"{source}:2:" in result.output, result.output
