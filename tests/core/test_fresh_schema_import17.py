"""A new project's tables from annotator.storage.fresh_schema (import17): the schema, the rows and
the user_version every migration leaves, without importing sqlite-utils or running a migration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.storage import fresh_schema
from annotator.storage.connection import make_database
from annotator.storage.migrations import migrations
from annotator.storage.project import Project


def _described(conn: sqlite3.Connection) -> dict[str, object]:
    """What a project file is, but for where its pages lie and when its migrations ran."""
    master = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
    rows = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"):
        rows[table] = sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    rows["_sqlite_migrations"] = [r[:3] for r in rows["_sqlite_migrations"]]  # id, set, name (not applied_at)
    pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id", "foreign_keys")}
    return {"master": master, "rows": rows, "pragmas": pragmas,
            "integrity": conn.execute("PRAGMA integrity_check").fetchall()}


def test_statements_are_what_the_migrations_make_now() -> None:
    assert fresh_schema.MIGRATIONS == migrations.names, (
        "a migration was added: regenerate with `python -m annotator.storage.fresh_schema`")
    assert fresh_schema.STATEMENTS == fresh_schema.migrated_statements(), "regenerate with `python -m annotator.storage.fresh_schema`"
    assert fresh_schema.usable()


def test_a_new_project_is_the_migrated_one(tmp_path: Path, monkeypatch) -> None:
    fresh = Project.open(tmp_path / "fresh.db")
    monkeypatch.setattr(fresh_schema, "usable", lambda: False)  # the way every new file took before
    migrated = Project.open(tmp_path / "migrated.db")
    try:
        a, b = _described(fresh.db.conn), _described(migrated.db.conn)
        for rows in (a["rows"], b["rows"]):
            rows["project"] = [r for r in rows["project"] if r[0] not in ("created",)]  # the time it was made
        assert a == b
        assert a["pragmas"]["user_version"] == len(migrations.names)
        # the full-text index and its triggers work in the new file
        with fresh.db.conn:
            fresh.db.conn.execute("INSERT INTO articles (text, text_hash, status) VALUES (?, 'h1', 'new')",
                                  ["A harbour vote was delayed again on Tuesday."])
        assert fresh.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'harbour'").fetchall() == [(1,)]
    finally:
        fresh.close()
        migrated.close()


def test_a_new_project_imports_no_sqlite_utils(tmp_path: Path) -> None:
    code = ("import sys; from annotator.storage.project import Project; "
            f"p = Project.open({str(tmp_path / 'new.db')!r}); p.close(); print('sqlite_utils' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_an_unregenerated_snapshot_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """A migration registered after the module was generated: the new file gets the migrations."""
    monkeypatch.setattr(fresh_schema, "MIGRATIONS", fresh_schema.MIGRATIONS[:-1])
    assert not fresh_schema.usable()
    project = Project.open(tmp_path / "new.db")
    try:
        names = [r[0] for r in project.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert tuple(names) == migrations.names
    finally:
        project.close()


def test_a_failed_creation_leaves_no_table(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fresh_schema, "STATEMENTS", (*fresh_schema.STATEMENTS, "CREATE TABLE broken ("))
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        try:
            fresh_schema.create(conn)
        except sqlite3.OperationalError:
            pass
        else:
            raise AssertionError("the broken statement did not raise")
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def test_snapshot_leaves_out_sqlite_and_fts5_shadow_tables() -> None:
    conn = sqlite3.connect(":memory:")
    migrations.apply(make_database(conn))
    made = fresh_schema.snapshot(conn)
    assert not any("articles_fts_data" in s or s.startswith(('CREATE TABLE "sqlite_', "CREATE TABLE sqlite_")) for s in made)
    assert any(s.startswith("CREATE VIRTUAL TABLE") for s in made)
    conn.close()
