"""`annotator guidelines`: import (logged), export, print; a bad file is one line, exit 1, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.storage.guidelines import read_guidelines
from annotator.storage.project import Project

GUIDE = "# Guide\r\n\r\nMark every **direct quote** (QUOTE) — “with its speaker”.\r\n"


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.add_article(Article(None, "Alice met Bob."))
    return path


def test_import_stores_logs_and_export_writes_the_same_text(tmp_path: Path) -> None:
    path = _project(tmp_path)
    guide = tmp_path / "guide.md"
    guide.write_bytes(GUIDE.encode("utf-8"))
    result = CliRunner().invoke(cli, ["guidelines", str(path), "--import", str(guide), "--by", "ana"])
    assert result.exit_code == 0, result.output
    assert "3 lines" in result.output
    want = GUIDE.replace("\r\n", "\n")
    with Project.open(path, create=False) as project:
        assert read_guidelines(project) == want
        (row,) = [c for c in project.history() if c["kind"] == "guidelines"]
        assert (row["by"], row["before"], json.loads(row["after"])) == ("ana", None, want)
    out = tmp_path / "out.md"
    assert CliRunner().invoke(cli, ["guidelines", str(path), "--export", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == want
    printed = CliRunner().invoke(cli, ["guidelines", str(path)])
    assert printed.output == want


def test_importing_again_logs_the_old_text_as_before(tmp_path: Path) -> None:
    path = _project(tmp_path)
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("one\n", encoding="utf-8")
    second.write_text("two\n", encoding="utf-8")
    for file in (first, second, second):
        assert CliRunner().invoke(cli, ["guidelines", str(path), "--import", str(file)]).exit_code == 0
    with Project.open(path, create=False) as project:
        rows = [c for c in project.history() if c["kind"] == "guidelines"]
        assert [(json.loads(r["before"]) if r["before"] else None, json.loads(r["after"])) for r in rows] == [
            (None, "one\n"), ("one\n", "two\n")]  # the same text again writes nothing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"# Guide\n\xff\xfe broken\n", ":2: is not UTF-8 text; save it as UTF-8"),
        (b"%PDF-1.4\n\x00\x01\x02", ": is a binary file, not Markdown text"),
        (None, ": no such file; check the path"),
    ],
)
def test_a_bad_file_is_one_line_exit_1_and_nothing_written(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = _project(tmp_path)
    guide = tmp_path / "guide.md"
    if content is not None:
        guide.write_bytes(content)
    result = CliRunner().invoke(cli, ["guidelines", str(path), "--import", str(guide)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [f"Error: {guide}{message}" + lines[0].split(message, 1)[1]]
    assert "Traceback" not in result.output
    with Project.open(path, create=False) as project:
        assert read_guidelines(project) == ""
        assert not [c for c in project.history() if c["kind"] == "guidelines"]


def test_export_to_a_folder_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path)
    result = CliRunner().invoke(cli, ["guidelines", str(path), "--export", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path}: is a folder; give a file name such as guide.md"


def test_printing_no_guidelines_says_so_in_one_line(tmp_path: Path) -> None:
    """User-test finding 16: `annotator guidelines PROJECT` with none printed nothing at all."""
    path = _project(tmp_path)
    result = CliRunner().invoke(cli, ["guidelines", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"p.db has no guidelines yet; import a Markdown file with: annotator guidelines {path} --import guide.md"]
