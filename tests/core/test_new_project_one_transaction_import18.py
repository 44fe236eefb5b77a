"""A new project gets its tables, application id, format number and first settings in one
transaction (issue 12, import18: four commits, each syncing the file and its journal, were most
of a small import's wall clock on a busy machine); ``annotator import`` into a file it creates
keeps the rollback journal from the start and switches to WAL once, at its end (it went WAL ->
rollback -> WAL: two more header rewrites and a checkpoint)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage import project as project_module
from annotator.storage.migrations import migrations
from annotator.storage.project import APPLICATION_ID, Project


def _header_counter(path: Path) -> int:
    """The file change counter (bytes 24-27 of the header): one more per committed rollback-journal transaction."""
    return int.from_bytes(path.read_bytes()[24:28], "big")


def _state(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        return (q("PRAGMA application_id")[0][0], q("PRAGMA user_version")[0][0],
                sorted(k for (k,) in q("SELECT key FROM project")), q("PRAGMA integrity_check")[0][0])
    finally:
        conn.close()


@pytest.mark.parametrize("wal", [True, False])
def test_a_new_file_is_made_in_one_transaction(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "new.db"
    with Project.open(path, wal=wal) as project:
        mode = project.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert project.schema.labels  # the default schema, read back
    assert mode == ("wal" if wal else "delete")
    assert _state(path) == (APPLICATION_ID, len(migrations.names), ["created", "created_by_version", "schema"], "ok")
    if not wal:
        assert _header_counter(path) == 1  # one commit made the whole file
    with Project.open(path, wal=False) as again:  # an existing file is opened in WAL whatever is asked
        assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cli_import_into_a_new_file_switches_to_wal_once_at_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    statements: list[str] = []
    connect = project_module._connect

    def traced(path: Path, mode: str) -> sqlite3.Connection:
        conn = connect(path, mode)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(project_module, "_connect", traced)
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,The council met on Monday.\n2,The harbour vote was delayed again.\n", encoding="utf-8")
    target = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["import", str(target), str(source)])
    assert result.exit_code == 0, result.output
    switches = [n for n, s in enumerate(statements) if s.lower().replace(" ", "").startswith("pragmajournal_mode=")]
    inserts = [n for n, s in enumerate(statements) if s.startswith("INSERT INTO articles")]
    # perf27: the file is made in rollback mode and the import writes into its tables' transaction
    # (tests/core/test_new_project_import_one_commit_perf27.py): no switch to DELETE is asked for
    assert [statements[n].lower().split("=")[-1].strip() for n in switches] == ["wal"]
    assert switches[-1] > inserts[-1]  # WAL only after the import's rows
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        conn.close()
    assert _state(target)[:2] == (APPLICATION_ID, len(migrations.names))
