"""Is a project file damaged, and where: SQLite's ``PRAGMA quick_check`` by table, and FTS5's own
``integrity-check`` of the full-text index.

Cost, measured with ``benchmarks/backup.py`` on 10,000 articles (112 MB, 35 spans each):
``quick_check`` of the whole file 315 ms (warm cache), of the full-text index tables only
11.5 ms (open: 13.0 ms with it, 1.4 ms without), plus FTS5 ``integrity-check`` 449 ms in all.
Opening therefore checks the index tables only (the part that import and search read and export
never touches, so its damage went unnoticed); the window checks the whole file in a worker
thread (the ``quick_check`` of each backup copy, or of the file when unchanged), and the CLI and
the window check it all after any ``sqlite3.DatabaseError``.

Sources: https://www.sqlite.org/pragma.html#pragma_quick_check (a table argument limits the
check to that table and its indexes; on a badly broken b-tree the pragma itself raises
``SQLITE_CORRUPT``), https://www.sqlite.org/fts5.html#the_integrity_check_command and
https://www.sqlite.org/fts5.html#the_rebuild_command.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from pathlib import Path

FTS_TABLE = "articles_fts"
FTS_SHADOW_TABLES = ("articles_fts_data", "articles_fts_idx", "articles_fts_docsize", "articles_fts_config")


@dataclasses.dataclass(frozen=True, slots=True)
class Health:
    """What a check found. ``damaged``: table name → first problems SQLite reported for it."""

    damaged: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.damaged

    @property
    def index_only(self) -> bool:
        """Only the full-text index (derived from the articles, holding no decision) is damaged:
        rebuilding it (:func:`rebuild_search_index`) repairs the file."""
        return bool(self.damaged) and all(t in (FTS_TABLE, *FTS_SHADOW_TABLES) for t in self.damaged)

    def summary(self) -> str:
        """``"the full-text search index is damaged (articles_fts_data: …)"`` or ``"table spans is damaged (…)"``."""
        if self.ok:
            return "no damage found"
        first_table, problems = next(iter(self.damaged.items()))
        detail = f"{first_table}: {problems[0]}" if problems else first_table
        if self.index_only:
            return f"the full-text search index is damaged ({detail})"
        named = [t for t in self.damaged if t not in FTS_SHADOW_TABLES and not t.startswith("(")]
        if not named:
            return f"the file is damaged ({problems[0] if problems else first_table})"
        tables = ", ".join(named)
        return f"table{'s' if ',' in tables else ''} {tables} {'are' if ',' in tables else 'is'} damaged ({detail})"


def _table_problems(conn: sqlite3.Connection, table: str | None) -> tuple[str, ...]:
    """``()`` when ``PRAGMA quick_check`` (of ``table``, or the whole file) finds nothing."""
    sql = "PRAGMA quick_check" if table is None else f'PRAGMA quick_check("{table}")'
    try:
        found = tuple(str(r[0]) for r in conn.execute(sql).fetchmany(5))
    except sqlite3.DatabaseError as exc:  # a b-tree too broken to walk: the pragma itself fails
        return (str(exc),)
    return () if found == ("ok",) else found


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid")]


def check_index(conn: sqlite3.Connection) -> Health:
    """``quick_check`` of the full-text index tables only: 11.5 ms on 10,000 articles."""
    present = set(_tables(conn))
    damaged = {t: p for t in FTS_SHADOW_TABLES if t in present and (p := _table_problems(conn, t))}
    return Health(damaged)


def check_file(conn: sqlite3.Connection, *, index_contents: bool = False) -> Health:
    """``quick_check`` of the whole file (315 ms on 10,000 articles), localised to the damaged
    tables when it finds something; with ``index_contents`` also FTS5's ``integrity-check``, which
    finds garbage inside index blobs that the b-tree check cannot see (needs a writable
    connection: it is run as an INSERT). Raises nothing for damage; returns it."""
    try:
        tables = _tables(conn)
    except sqlite3.DatabaseError as exc:
        return Health({"sqlite_master": (str(exc),)})
    damaged: dict[str, tuple[str, ...]] = {}
    if _table_problems(conn, None):
        damaged = {t: p for t in tables if (p := _table_problems(conn, t))}
        if not damaged:  # nothing one table owns (free-list, page accounting): the file as a whole
            damaged = {"(file)": _table_problems(conn, None)}
    if index_contents and FTS_SHADOW_TABLES[0] in tables and not damaged:
        try:
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('integrity-check')")
        except sqlite3.DatabaseError as exc:
            if "readonly" not in str(exc).lower():
                damaged[FTS_TABLE] = (str(exc),)
    return Health(damaged)


def rebuild_search_index(conn: sqlite3.Connection) -> Health:
    """Rebuild the full-text index from the articles (FTS5 ``'rebuild'``) in one transaction and
    check it again. Raises ``sqlite3.DatabaseError`` when SQLite cannot even clear the old index
    (a page too broken to free): then only restoring a backup helps."""
    with conn:
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
    return check_file(conn, index_contents=True)


def rebuild_into_copy(conn: sqlite3.Connection, target: Path) -> Health:
    """Write the project behind ``conn`` to a new file ``target`` without its full-text index,
    then build the index afresh there; for an index so damaged that SQLite cannot clear it in
    place (garbage over a whole page: ``'rebuild'``, ``DROP TABLE`` and ``VACUUM`` all fail).

    Every other table is copied row by row with its rowids (relations and stances are read in
    rowid order), then its indexes and triggers; ``application_id`` and ``user_version`` too.
    Returns the copy's :func:`check_file`. Raises ``sqlite3.DatabaseError`` when a table other
    than the index cannot be read (then it was not the only damage)."""
    fts = (FTS_TABLE, *FTS_SHADOW_TABLES)
    entries = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(target)) as fresh:
        fresh.execute(f"PRAGMA page_size = {int(page_size)}")
        tables = [(name, sql) for kind, name, _t, sql in entries if kind == "table" and name not in fts and not name.startswith("sqlite_")]
        for _name, sql in tables:
            fresh.execute(sql)
        fresh.commit()
    conn.execute("ATTACH DATABASE ? AS fresh", [str(target)])
    try:
        with conn:
            for name, _sql in tables:
                without_rowid = "WITHOUT ROWID" in _sql.upper()
                columns = ", ".join(f'"{r[1]}"' for r in conn.execute(f'PRAGMA main.table_info("{name}")'))
                rowid = "" if without_rowid else "rowid, "
                conn.execute(f'INSERT INTO fresh."{name}" ({rowid}{columns}) SELECT {rowid}{columns} FROM main."{name}"')
            if conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
                conn.execute("INSERT INTO fresh.sqlite_sequence SELECT * FROM main.sqlite_sequence")
    finally:
        conn.execute("DETACH DATABASE fresh")
    with contextlib.closing(sqlite3.connect(target)) as fresh:
        for kind, name, _t, sql in entries:
            if kind == "table" and name == FTS_TABLE:
                fresh.execute(sql)
        for kind, name, _t, sql in entries:
            if kind in ("index", "trigger", "view"):
                fresh.execute(sql)
        fresh.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
        fresh.execute(f"PRAGMA application_id = {int(app_id)}")
        fresh.execute(f"PRAGMA user_version = {int(version)}")
        fresh.commit()
        fresh.execute("PRAGMA journal_mode = WAL")
        return check_file(fresh, index_contents=True)


__all__ = ["FTS_SHADOW_TABLES", "FTS_TABLE", "Health", "check_file", "check_index", "rebuild_into_copy", "rebuild_search_index"]
