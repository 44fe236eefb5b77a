"""usertest13 F1: ``import --skip-errors`` of a CSV with a quoting error in its middle imported
the rows before it, said "Skipped 1 bad record" and exit 0, and silently dropped every good row
after it (the csv module cannot read on after such an error). Such an error now refuses the
import under ``--skip-errors`` too: one line file:line saying why, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli

BROKEN = ('title,text\nOne,The first body is fine.\nTwo,"A body with a "stray quote here\n'
          "Three,The third body is fine.\nFour,The fourth body is fine.\n")


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("analyst", [[], ["--analyst", "ana"]])  # the rows' way (import12k) and the general way
def test_a_quoting_error_mid_file_is_not_skipped_silently(tmp_path: Path, monkeypatch, processes, analyst) -> None:  # noqa: ANN001
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source = tmp_path / "q.csv"
    source.write_text(BROKEN, encoding="utf-8")
    project = tmp_path / "p.db"
    result = run("import", project, source, "--skip-errors", *analyst)
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.output.splitlines() if x.strip()]
    assert line == (f"Error: {source}:3: is not valid CSV (',' expected after '\"'); check quoting in this row (a quote inside a "
                    "field is written \"\"); --skip-errors cannot skip this one: the rows after it cannot be read until it "
                    "is fixed (nothing imported)"), line
    assert not project.exists()


def test_without_skip_errors_the_message_is_as_before(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(BROKEN, encoding="utf-8")
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.strip().endswith("check quoting in this row (a quote inside a field is written \"\")"), result.output


def test_a_skippable_bad_row_is_still_skipped(tmp_path: Path) -> None:
    source = tmp_path / "b.csv"
    source.write_text("title,text\nOne,The first body is fine.\nTwo,\nThree,The third body is fine.\n", encoding="utf-8")
    result = run("import", tmp_path / "p.db", source, "--skip-errors")
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output and "Skipped 1 bad record" in result.output
