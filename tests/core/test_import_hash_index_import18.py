"""A CSV import into a project without articles builds the unique index of text hashes once,
after the rows, inside its transaction (issue 12, import18); into a project with articles the
index stays and is asked per batch. Either way the file ends with the same index (name, SQL,
uniqueness in force), and a failed import rolls the drop back: the index is there and nothing
was written."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import import_pool, import_sources, plain_import, plan
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project

INDEX = "idx_articles_text_hash"


def _csv(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerows([str(n), text] for n, text in enumerate(texts))
    return path


def _texts(n: int, start: int = 0) -> list[str]:
    """Made-up articles (no corpus text); every 9th a copy of the one before."""
    return [f"Council notice {k - (k % 9 == 8)}\nThe harbour budget vote moved to week {k - (k % 9 == 8)}." for k in range(start, start + n)]


def _index_sql(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE name = ?", [INDEX]).fetchall()
    finally:
        conn.close()


def _import(path: Path, source: Path) -> tuple[object, list[str]]:
    statements: list[str] = []
    with Project.open(path) as project:
        project.db.conn.set_trace_callback(statements.append)
        report = import_sources(project, plan([source]), ImportOptions(schema=project.schema), by="ana")
    return report, statements


def test_into_an_empty_project_the_hash_index_is_built_after_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(import_pool.ENV, "1")
    fresh = tmp_path / "fresh.db"
    Project.open(fresh).close()
    before = _index_sql(fresh)
    report, statements = _import(fresh, _csv(tmp_path / "a.csv", _texts(2 * plain_import.BATCH + 20)))
    dropped = [n for n, s in enumerate(statements) if s.startswith(f'DROP INDEX "{INDEX}"')]
    made = [n for n, s in enumerate(statements) if s == before[0][2]]
    inserts = [n for n, s in enumerate(statements) if s.startswith("INSERT INTO articles")]
    assert len(dropped) == len(made) == 1 and dropped[0] < inserts[0] and made[0] > inserts[-1]
    assert report.result.added == 2 * plain_import.BATCH + 20 - (2 * plain_import.BATCH + 20) // 9
    assert _index_sql(fresh) == before  # the same index, the same SQL
    conn = sqlite3.connect(fresh)
    try:
        with pytest.raises(sqlite3.IntegrityError):  # still unique
            conn.execute("INSERT INTO articles (text, text_hash) SELECT text, text_hash FROM articles LIMIT 1")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    # into a project with articles the index stays: the copies are asked of it
    again, statements = _import(fresh, _csv(tmp_path / "b.csv", _texts(30, start=5)))
    assert not any(s.startswith("DROP INDEX") for s in statements)
    assert any("text_hash IN" in s for s in statements)
    assert again.result.duplicates > 0 and _index_sql(fresh) == before


def test_a_failed_import_into_an_empty_project_keeps_the_index_and_writes_nothing(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(import_pool.ENV, "1")
    path = tmp_path / "p.db"
    Project.open(path).close()
    before = _index_sql(path)
    rows = _texts(plain_import.BATCH + 10)
    rows[plain_import.BATCH + 5] = "   "  # a blank text in the second batch: after rows were inserted
    statements: list[str] = []
    with pytest.raises(InputError, match="empty"), Project.open(path) as project:
        project.db.conn.set_trace_callback(statements.append)
        import_sources(project, plan([_csv(tmp_path / "bad.csv", rows)]), ImportOptions(schema=project.schema), by="ana")
    assert any(s.startswith(f'DROP INDEX "{INDEX}"') for s in statements)  # dropped, then rolled back with the rows
    assert any(s.startswith("INSERT INTO articles") for s in statements) and "ROLLBACK" in statements
    assert _index_sql(path) == before
    with Project.open(path) as project:
        assert project.count_articles() == 0
