"""The CLI on damaged, read-only and empty files, and `annotator restore` (issue 8)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage import backup as backups
from annotator.storage import project as project_module
from annotator.storage.project import Project
from tests.core.damage import dump, listing, project_in_folder, write_garbage


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line_error(result) -> str:  # noqa: ANN001
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return project_in_folder(tmp_path)


@pytest.mark.parametrize("command", [("stats",), ("export", "--format", "jsonl", "--output", "-"), ("preannotate", "--model", "rule-only")])
def test_a_damaged_search_index_is_one_line_naming_the_backup_and_the_restore_command(path: Path, command: tuple[str, ...]) -> None:
    good = backups.snapshot(path)
    write_garbage(path, "articles_fts_data")
    before = listing(path.parent)
    line = one_line_error(run(command[0], path, *command[1:]))
    assert str(good.path) in line and f"'annotator restore {path}'" in line and "--rebuild-index" in line
    assert listing(path.parent) == before


def test_import_into_a_damaged_index_is_refused_not_a_traceback(path: Path, tmp_path: Path) -> None:
    write_garbage(path, "articles_fts_data")
    (tmp_path / "new.txt").write_text("A new article about the minister.", encoding="utf-8")
    before = listing(path.parent)
    line = one_line_error(run("import", path, tmp_path / "new.txt"))
    assert "search index is damaged" in line and f"'annotator restore {path} --rebuild-index'" in line
    assert listing(path.parent) == before


def test_a_database_error_after_opening_is_checked_and_named(path: Path) -> None:
    good = backups.snapshot(path)
    write_garbage(path, "spans")  # not what opening checks: found at the first read of a span
    line = one_line_error(run("export", path, "--format", "jsonl", "--output", "-"))
    assert "table spans is damaged" in line and str(good.path) in line and f"'annotator restore {path}'" in line


def test_rebuild_index_then_search_and_import_work(path: Path, tmp_path: Path) -> None:
    records = dump(path)
    write_garbage(path, "articles_fts_data")
    result = run("restore", path, "--rebuild-index")
    assert result.exit_code == 0, result.output
    assert dump(path) == records
    (tmp_path / "new.txt").write_text("A new article about the minister.", encoding="utf-8")
    assert run("import", path, tmp_path / "new.txt").exit_code == 0
    with Project.open(path) as project:
        assert len(project.search("minister")) == 13


def test_restore_list_and_pick(path: Path) -> None:
    first = backups.snapshot(path)
    first_records = dump(path)
    with Project.open(path) as project:
        project.add_article(project_module.Article(None, "Another one."))
    second = backups.snapshot(path)
    listed = run("restore", path, "--list")
    assert listed.exit_code == 0
    rows = listed.output.strip().splitlines()
    assert rows[0].split()[0] == "1" and rows[0].endswith(str(second.path)) and rows[1].endswith(str(first.path))
    result = run("restore", path, "--backup", "2")
    assert result.exit_code == 0, result.output
    assert dump(path) == first_records
    relisted = run("restore", path, "--list").output
    assert "before restore" in relisted.splitlines()[0]
    assert "--list" in one_line_error(run("restore", path, "--backup", "9"))


def test_restore_without_backups_and_while_open(path: Path) -> None:
    assert "has no backups" in one_line_error(run("restore", path))
    backups.snapshot(path)
    with Project.open(path):
        bytes_before = path.read_bytes()
        assert "open in another window" in one_line_error(run("restore", path))
        assert path.read_bytes() == bytes_before


@pytest.mark.parametrize("kind", ["zero-bytes", "sqlite-without-tables"])
def test_stats_does_not_turn_an_empty_file_into_a_project(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "empty.db"
    if kind == "zero-bytes":
        path.write_bytes(b"")
    else:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE t (x)")
            conn.execute("DROP TABLE t")
            conn.commit()
    before = listing(tmp_path)
    for command in (("stats",), ("export", "--output", tmp_path / "out.jsonl"), ("schema",)):
        assert "make it one" in one_line_error(run(command[0], path, *command[1:]))
        assert listing(tmp_path) == before


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch):
    """Mark files/folders as not writable for this process (as root os.access says yes to all)."""
    denied: set[Path] = set()
    real = project_module.can_write
    monkeypatch.setattr(project_module, "can_write", lambda p: Path(p).resolve() not in denied and real(p))
    return lambda p: denied.add(Path(p).resolve())


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_reads_and_refuses_writes_in_one_line(path: Path, tmp_path: Path, read_only, what: str) -> None:  # noqa: ANN001
    read_only(path if what == "file" else path.parent)
    before = listing(path.parent)
    if what == "file":  # SQLite's read-only WAL reader may add an empty -wal and a -shm, as it documents
        with Project.open(path, create=False):
            before = listing(path.parent)
    stats = run("stats", path, "--json")
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["articles_total"] == 12
    exported = run("export", path, "--format", "jsonl", "--output", tmp_path / "out.jsonl")
    assert exported.exit_code == 0, exported.output
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 12
    (tmp_path / "new.txt").write_text("A new article.", encoding="utf-8")
    (tmp_path / "schema.json").write_text(run("schema", path).output, encoding="utf-8")
    for command in (("import", tmp_path / "new.txt"), ("preannotate", "--model", "rule-only"), ("schema", "--set", tmp_path / "schema.json")):
        line = one_line_error(run(command[0], path, *command[1:]))
        assert "cannot be written" in line and ("file is read-only" if what == "file" else "folder") in line
    assert listing(path.parent) == before
