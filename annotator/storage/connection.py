"""The project's SQLite connection, with sqlite-utils' table API loaded on first use.

Importing sqlite-utils (click, pluggy, dateutil… with it) is about 100 ms of CPU, a tenth of the
window's launch budget (issue 12, launch13), and what the window reads and writes before and
soon after its first paint is plain SQL. :class:`ProjectConnection` is what ``Project.db`` is:
``execute``/``executescript``/``conn``/``close`` go straight to the ``sqlite3`` connection, with
sqlite-utils' semantics (a write outside a transaction is committed, a failed statement's
implicit transaction rolled back; ``recursive_triggers`` on), and anything else
(``db["table"].insert``, ``db.table_names()``…) goes to a
``sqlite_utils.Database`` on the same connection, made (and sqlite-utils imported) the first
time one is asked for.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

# Statements that end or start a transaction themselves: never followed by our COMMIT
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def load_sqlite_utils() -> Any:
    """The ``sqlite_utils`` module, imported with numpy and pandas hidden unless already imported.

    sqlite-utils imports both when installed (``sqlite_utils/db.py``: ``importlib.import_module``
    in ``try``) only to map their scalar types to column types when a table is made from such
    values; Annotator makes its tables with Python types and binds Python values. numpy alone is
    0.2-0.4 s (issue 12, ``python -X importtime``); the exports and agreement that use numpy
    import it themselves when they run, unaffected by this."""
    module = sys.modules.get("sqlite_utils")
    if module is not None:
        return module
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError: sqlite-utils goes without
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return sqlite_utils


def make_database(conn: sqlite3.Connection) -> Database:
    """A ``sqlite_utils.Database`` on ``conn`` that runs no sqlite-utils plugin: Annotator uses
    none, a plugin installed for something else must not change the project's connection, and
    finding them reads every installed package's entry points (60-100 ms; launch12b)."""
    return load_sqlite_utils().Database(conn, execute_plugins=False)


def _first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased, past whitespace, ``;`` and SQL comments."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in ";\ufeff":
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            break
    start = i
    while i < n and (sql[i].isalnum() or sql[i] == "_"):
        i += 1
    return sql[start:i].upper()


class ProjectConnection:
    """A project's ``sqlite3`` connection as ``Project.db``: the part of ``sqlite_utils.Database``
    that the launch uses, without importing sqlite-utils (see the module docstring).

    ``execute(sql, parameters=None) -> sqlite3.Cursor`` behaves as ``Database.execute``: a
    statement that opens an implicit transaction outside one and returns no rows is committed;
    one that fails there has that transaction rolled back; ``sqlite3.Error`` propagates.
    ``database`` is the ``sqlite_utils.Database`` on the same connection (made once); every other
    attribute and ``db[name]`` are looked up on it."""

    __slots__ = ("conn", "_database")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._database: Database | None = None
        # sqlite_utils.Database sets it on every connection it is given (triggers that fire
        # triggers, e.g. the full-text index's): the same here, whether or not one is made later
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = make_database(self.conn)
        return self._database

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")  # else that implicit transaction would take every later write
            raise
        if (not was_in_transaction and conn.in_transaction and cursor.description is None
                and _first_keyword(sql) not in _TRANSACTION_CONTROL):
            conn.execute("COMMIT")
        return cursor

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.database.executescript(sql)

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str) -> Any:
        return self.database[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.database, name)
