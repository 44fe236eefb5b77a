"""fixut16b (usertest H1, M5) on the command line: an ``annotator import`` whose project file is
moved, or whose disk refuses the write, mid-run stops with one line naming the file and the cause,
exit 1, and nothing written. (At start, a file or folder that cannot be written is refused by
``Project.open(read_only=False)``: tests/core/test_damaged_files.py, tests/cli/test_restore_cli.py.)

The faults are made inside the run by wrapping ``import_sources``: the file renamed just before
the import writes, or the connection made read-only (``PRAGMA query_only``) or given no room to
grow (``PRAGMA max_page_count``): real SQLite errors, as the tests may run as root.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
import annotator.formats as formats_module
from annotator.domain.model import Article
from annotator.storage.project import Project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        project.add_article(Article(id=None, text="Alice Smith met Bob Jones in Paris.", title="one"))
    return path


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article number {i} about Geneva and talks."}) + "\n" for i in range(30)),
                    encoding="utf-8")
    return path


def _articles(path: Path) -> int:
    with Project.open(path, create=False, read_only=True) as project:
        return len(project.articles())


def _run_with(monkeypatch: pytest.MonkeyPatch, before_writing: Any, project_file: Path, input_file: Path) -> Any:
    real = formats_module.import_sources

    def import_sources(opened: Project, *args: Any, **kwargs: Any) -> Any:
        before_writing(opened)
        return real(opened, *args, **kwargs)

    monkeypatch.setattr(formats_module, "import_sources", import_sources)  # imported by the command when it runs
    return CliRunner().invoke(cli, ["import", str(project_file), str(input_file)])


def _one_error_line(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_an_import_into_a_file_moved_mid_run_stops_with_one_line(monkeypatch, project_file: Path, input_file: Path) -> None:  # noqa: ANN001
    moved = project_file.with_name("moved.db")
    line = _one_error_line(_run_with(monkeypatch, lambda _p: os.rename(project_file, moved), project_file, input_file))
    assert line.startswith(f"Error: {project_file}: was mov") and "this write was undone" in line
    os.rename(moved, project_file)  # back with its log: what the command advises
    assert _articles(project_file) == 1  # nothing of the import written


def test_an_import_into_a_file_replaced_mid_run_writes_neither(monkeypatch, project_file: Path, input_file: Path, tmp_path: Path) -> None:  # noqa: ANN001
    other = tmp_path / "other.db"
    with Project.open(other) as project:
        project.add_article(Article(id=None, text="Another project's only article.", title="other"))
    kept = project_file.with_name("kept.db")

    def replace(_p: Project) -> None:
        os.rename(project_file, kept)
        os.rename(other, project_file)

    line = _one_error_line(_run_with(monkeypatch, replace, project_file, input_file))
    assert "was replaced by another file" in line
    assert _articles(project_file) == 1  # the file now there: untouched


@pytest.mark.parametrize(("fault", "said"), [
    ("PRAGMA query_only = 1", "cannot be written any more"),
    ("PRAGMA max_page_count = {pages}", "the disk is full"),
])
def test_an_import_the_disk_refuses_stops_with_one_line(monkeypatch, project_file: Path, input_file: Path, fault: str, said: str) -> None:  # noqa: ANN001
    def refuse(opened: Project) -> None:
        pages = opened.db.execute("PRAGMA page_count").fetchone()[0]
        opened.db.execute(fault.format(pages=pages))

    line = _one_error_line(_run_with(monkeypatch, refuse, project_file, input_file))
    assert line.startswith(f"Error: {project_file}: {said}") and "this write was undone" in line
    assert _articles(project_file) == 1
