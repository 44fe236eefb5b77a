"""``annotator import`` into a file it creates makes the file's tables and writes its rows in one
transaction, then switches to WAL (issue 12, perf27).

Before perf27 the tables were committed by ``Project.open`` and the rows by the import: two
commits, each syncing the journal, the folder and the file (four ``fdatasync`` calls with
``synchronous = FULL``), and the import's page cache (SQLite's default 2 MB) was written out
mid-transaction at 1,000 FNC-1 bodies, each time syncing the journal first: 14 syncs in all
against the raw ``sqlite-utils`` insert's 6, most of the import's extra wall clock at 1,000
articles on a busy disk. Now: one commit (and the WAL switch), 8 syncs. Counted here by the
file's change counter and the statements run, not by time."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage import migrations as migrations_module
from annotator.storage import project as project_module
from annotator.storage.file_identity import ProjectFileGone
from annotator.storage.migrations import migrations
from annotator.storage.project import APPLICATION_ID, BULK_CACHE_KIB, Project, bulk_cache_kib


def _header_counter(path: Path) -> int:
    """The file change counter (header bytes 24-27): one more per committed rollback-journal transaction."""
    with path.open("rb") as fh:
        return int.from_bytes(fh.read(28)[24:28], "big")


def _query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    statements: list[str] = []
    connect = project_module._connect

    def traced(path: Path, mode: str) -> sqlite3.Connection:
        conn = connect(path, mode)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(project_module, "_connect", traced)
    return statements


def _csv(path: Path, n: int) -> Path:
    rows = "".join(f"{k},Article {k}: the council met on Monday and voted {k} times.\n" for k in range(n))
    path.write_text("id,text\n" + rows, encoding="utf-8")
    return path


def _no_migrations_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a new project's migrations were applied one by one")

    monkeypatch.setattr(migrations_module.migrations, "apply", refused)


def test_a_csv_import_into_a_new_file_is_one_commit_then_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _traced(monkeypatch)
    _no_migrations_one_by_one(monkeypatch)
    target = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["import", str(target), str(_csv(tmp_path / "in.csv", 1000))])
    assert result.exit_code == 0, result.output
    assert "Imported 1,000 new articles" in result.output  # usertest28 L1: thousands separated
    switch = next(n for n, s in enumerate(statements) if s.lower().replace(" ", "") == "pragmajournal_mode=wal")
    before = [s.strip().upper() for s in statements[:switch]]
    assert before.count("BEGIN IMMEDIATE") == 1 and before.count("COMMIT") == 1
    begin, commit = before.index("BEGIN IMMEDIATE"), before.index("COMMIT")
    made = [n for n, s in enumerate(statements) if s.startswith('CREATE TABLE "articles"')]
    inserted = [n for n, s in enumerate(statements) if s.startswith("INSERT INTO articles")]
    assert made and inserted and begin < made[0] < inserted[0] <= inserted[-1] < commit < switch
    # one commit of tables, settings and rows, one more for the WAL switch (before perf27: 3)
    assert _header_counter(target) == 2
    assert _query(target, "PRAGMA journal_mode") == [("wal",)]
    assert _query(target, "SELECT count(*) FROM articles")[0][0] == 1000
    assert _query(target, "SELECT count(*) FROM changes")[0][0] == 1000
    assert _query(target, "SELECT count(*) FROM articles WHERE words > 0")[0][0] == 1000  # word counts stored
    assert _query(target, "PRAGMA application_id")[0][0] == APPLICATION_ID
    assert _query(target, "PRAGMA user_version")[0][0] == len(migrations.names)
    assert _query(target, "SELECT count(*) FROM _sqlite_migrations")[0][0] == len(migrations.names)
    assert {k for (k,) in _query(target, "SELECT key FROM project")} >= {"schema", "created", "created_by_version", "fts_pending"}
    assert _query(target, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "new.db"]  # no journal or log left


def test_an_import_into_an_existing_project_is_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "p.db"
    assert CliRunner().invoke(cli, ["import", str(target), str(_csv(tmp_path / "a.csv", 3))]).exit_code == 0
    assert CliRunner().invoke(cli, ["import", str(target), str(_csv(tmp_path / "b.csv", 5))]).exit_code == 0
    assert _query(target, "SELECT count(*) FROM articles")[0][0] == 5  # 3 of b.csv's texts are a.csv's
    assert _query(target, "PRAGMA journal_mode") == [("wal",)]


def test_a_jsonl_import_with_spans_into_a_new_file_is_one_commit(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ana Lopez said the vote was delayed.", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}\n'
                      '{"text": "The harbour reopened on Monday."}\n', encoding="utf-8")
    target = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["import", str(target), str(source)])
    assert result.exit_code == 0, result.output
    assert _header_counter(target) == 2
    assert _query(target, "SELECT count(*) FROM articles")[0][0] == 2
    assert _query(target, "SELECT label FROM spans") == [("PERSON",)]
    assert _query(target, "PRAGMA journal_mode") == [("wal",)]


def test_a_bad_row_writes_nothing_and_names_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,text\n1,The council met.\n2,The vote.\n3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "new.db"), str(source)])
    assert result.exit_code == 1
    assert "bad.csv:4" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_an_error_in_the_block_leaves_the_new_file_without_tables(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    project = Project.open(path, wal=False)
    try:
        with pytest.raises(RuntimeError, match="stop"), project.rollback_journal() as switched:
            assert switched
            with project.writing():
                project.db.execute("INSERT INTO project (key, value) VALUES ('x', 'y')")
            raise RuntimeError("stop")
    finally:
        project.close()
    assert _query(path, "SELECT count(*) FROM sqlite_master") == [(0,)]  # the tables were rolled back with the rows


def test_the_block_has_the_page_cache_asked_for_then_the_old_one(tmp_path: Path) -> None:
    with Project.open(tmp_path / "new.db", wal=False) as project:
        before = project.db.execute("PRAGMA cache_size").fetchone()[0]
        with project.rollback_journal(BULK_CACHE_KIB):
            assert project.db.execute("PRAGMA cache_size").fetchone()[0] == -BULK_CACHE_KIB
        assert project.db.execute("PRAGMA cache_size").fetchone()[0] == before
        assert not project.db.conn.in_transaction
        assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Project.open(tmp_path / "other.db", wal=False) as project, project.rollback_journal(None):
        assert project.db.execute("PRAGMA cache_size").fetchone()[0] == before  # None: as it is


def test_the_cache_is_raised_by_the_input_s_size() -> None:
    """The benchmark's inputs: 1,000 FNC-1 bodies (2.26 MB of CSV, a 3.9 MB file) are held whole;
    10,000 (22.5 MB, a 36 MB file) keep SQLite's cache, where a larger one cost CPU (perf27)."""
    assert bulk_cache_kib(2_263_752) == BULK_CACHE_KIB
    assert bulk_cache_kib(22_542_775) is None
    assert bulk_cache_kib(0) == BULK_CACHE_KIB
    assert bulk_cache_kib((BULK_CACHE_KIB << 10) // 2) == BULK_CACHE_KIB
    assert bulk_cache_kib((BULK_CACHE_KIB << 10) // 2 + 1) is None


@pytest.mark.parametrize(("rows", "raised"), [(10, True), (400, False)])
def test_the_cli_raises_the_cache_for_a_small_input_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int,
                                                         raised: bool) -> None:
    monkeypatch.setattr(project_module, "BULK_CACHE_KIB", 8)  # inputs of up to 4 KiB
    statements = _traced(monkeypatch)
    source = _csv(tmp_path / "in.csv", rows)
    assert (source.stat().st_size <= 4096) == raised
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "new.db"), str(source)])
    assert result.exit_code == 0, result.output
    assert ("PRAGMA cache_size = -8" in statements) == raised
    assert _query(tmp_path / "new.db", "SELECT count(*) FROM articles")[0][0] == rows


def test_a_new_file_moved_during_the_block_gets_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    project = Project.open(path, wal=False)
    try:
        with pytest.raises(ProjectFileGone), project.rollback_journal():
            with project.writing():
                project.db.execute("INSERT INTO project (key, value) VALUES ('x', 'y')")
            os.replace(path, tmp_path / "moved.db")
    finally:
        project.close()
    assert _query(tmp_path / "moved.db", "SELECT count(*) FROM sqlite_master") == [(0,)]


def test_open_without_the_block_still_commits_the_new_file_at_close(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Project.open(path, wal=False) as project:
        assert project.db.conn.in_transaction  # the tables' transaction, held for a bulk write
        assert project.schema.labels
    assert _header_counter(path) == 1
    assert _query(path, "PRAGMA application_id")[0][0] == APPLICATION_ID
    assert {k for (k,) in _query(path, "SELECT key FROM project")} == {"schema", "created", "created_by_version"}
    with Project.open(path) as again:
        assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
