"""Write transactions of the project file: one helper, ``BEGIN IMMEDIATE``, a bounded wait.

Why ``BEGIN IMMEDIATE`` and never a plain (deferred) ``BEGIN``: a deferred transaction takes the
write lock only at its first write. When it has read before that (every edit does: it checks the
stored records first) and another connection holds the write lock, SQLite cannot wait for it —
waiting could deadlock two such readers — so it returns ``SQLITE_BUSY`` at once, without calling
the busy handler, and ``PRAGMA busy_timeout`` never applies (sqlite.org/lang_transaction.html,
"BEGIN IMMEDIATE"; sqlite.org/c3ref/busy_handler.html). ``BEGIN IMMEDIATE`` asks for the write lock
first, while nothing has been read, so the busy timeout does apply: writers wait their turn, and
what the transaction reads is the latest committed state (the check-then-write of an edit is
atomic against other writers).

A wait past the timeout raises :class:`ProjectBusy` (an :class:`AnnotatorError`: one line on the
command line, a notice in the window) with nothing written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError

# SQLite primary result codes (sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6

# How long a writer waits for another writer before giving up, in milliseconds.
# 30 s: the longest write another program makes is one `annotator import` transaction (measured:
# 11-14 s for 20,000 articles of JSONL; the import took 9 s), while a window edit or one
# pre-annotated article takes milliseconds. Long enough that commands run side by side simply take
# turns (`annotator preannotate` during that import waited and finished); short enough that a
# program stuck holding the file gets a clear message instead of a silent hang. The window waits
# WINDOW_WAIT_MS instead and queues its edit (annotator.ui.editing), so it never freezes.
BUSY_TIMEOUT_MS = 30_000


class ProjectBusy(AnnotatorError):
    """Another connection held the project file's write lock for longer than the wait allowed.

    Nothing of the transaction was written. ``path``: the project file; ``waited_ms``: the wait.
    """

    def __init__(self, path: Path | str, waited_ms: int, *, done: str = "", own: str = "") -> None:
        """``done``: what earlier transactions of the same run saved (e.g. "12 articles … are saved").
        ``own``: the background writer of this program that held the lock (:func:`background_writer`,
        fix28): the message names it instead of blaming "another program"."""
        self.path = Path(path)
        self.waited_ms = waited_ms
        self.own = own
        lost = f"this write was undone ({done})" if done else "nothing was written"
        if own:
            message = (f"{self.path}: busy, this program's own {own} held it for more than {waited_ms / 1000:g} s, "
                       f"so {lost}; try again in a moment")
        else:
            message = (f"{self.path}: busy, another program has been writing to it for more than {waited_ms / 1000:g} s, "
                       f"so {lost}; let it finish (or close it) and run this again")
        super().__init__(message)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's 'database is locked' / 'database table is locked'
    (``SQLITE_BUSY`` / ``SQLITE_LOCKED`` and their extended codes, e.g. ``SQLITE_BUSY_SNAPSHOT``)."""
    if isinstance(exc, ProjectBusy):
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


class _OwnWriters:
    """This process's background writers (fix28, usertest26 M1): which of its threads is inside a
    write transaction now (``holding``: thread id → what it does), and how many foreground writes
    wait for the lock (``waiting``). A background writer between two of its transactions gives
    way while a foreground write waits (:func:`yield_to_foreground`): SQLite's busy handler polls
    in sleeps of up to 100 ms, so a writer that takes the lock again at once could starve it."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.holding: dict[int, str] = {}
        self.waiting = 0


_OWN = _OwnWriters()

#: how long a background writer gives way to a waiting foreground write before it goes on (s)
YIELD_MAX_S = 1.0


@contextlib.contextmanager
def background_writer(what: str) -> Iterator[None]:
    """Mark the calling thread, for the block, as this program's background writer ``what`` (e.g.
    "full-text index catch-up"): a foreground write that finds the file busy meanwhile waits once
    more and, if it must fail, says it was this program's own ``what``, not "another program"."""
    ident = threading.get_ident()
    with _OWN.changed:
        _OWN.holding[ident] = what
    try:
        yield
    finally:
        with _OWN.changed:
            _OWN.holding.pop(ident, None)
            _OWN.changed.notify_all()


def own_writer() -> str:
    """What another thread of this program is writing in a background transaction now ("" when none)."""
    ident = threading.get_ident()
    with _OWN.changed:
        return next((what for other, what in _OWN.holding.items() if other != ident), "")


def yield_to_foreground(timeout_s: float = YIELD_MAX_S) -> bool:
    """Called by a background writer between its transactions: wait while a foreground write of
    this program waits for the lock (at most ``timeout_s`` seconds). Returns whether it waited."""
    with _OWN.changed:
        if not _OWN.waiting:
            return False
        _OWN.changed.wait_for(lambda: not _OWN.waiting, timeout_s)
        return True


@contextlib.contextmanager
def _foreground_wait() -> Iterator[None]:
    with _OWN.changed:
        _OWN.waiting += 1
    try:
        yield
    finally:
        with _OWN.changed:
            _OWN.waiting -= 1
            _OWN.changed.notify_all()


def _begin_immediate(conn: sqlite3.Connection, *, path: Path | str, wait_ms: int) -> None:
    """``BEGIN IMMEDIATE`` for a foreground write: background writers of this program give way
    meanwhile (:func:`yield_to_foreground`); when one of them still held the lock past ``wait_ms``
    (one long step under load), one more wait of ``wait_ms``; then :class:`ProjectBusy`, naming
    that writer when it was one of this program's (fix28)."""
    with _foreground_wait():
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            own = own_writer()
            if not own:
                raise ProjectBusy(path, wait_ms) from exc
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise ProjectBusy(path, wait_ms, own=own_writer() or own) from exc
            raise


@contextlib.contextmanager
def write_transaction(
    db: Any,
    *,
    path: Path | str,
    wait_ms: int,
    set_wait: bool = True,
    check: Callable[[], None] | None = None,
    failed: Callable[[sqlite3.OperationalError], BaseException | None] | None = None,
) -> Iterator[None]:
    """Run the block as one write transaction started with ``BEGIN IMMEDIATE``.

    Waits up to ``wait_ms`` milliseconds for another writer (SQLite's busy timeout, set on the
    connection first unless ``set_wait`` is False because it already is), then raises
    :class:`ProjectBusy`. Commits when the block ends; any exception rolls everything back and
    propagates. Inside an open transaction the block is a savepoint of it (rolled back alone on
    an exception), so helpers that write can call each other. ``db``: anything with the
    ``sqlite3`` connection as ``db.conn`` (``Project.db``, a ``sqlite_utils.Database``).

    ``check`` (fixut16b): called before ``BEGIN IMMEDIATE`` and again just before ``COMMIT``; an
    exception it raises rolls the transaction back (the project file moved or replaced while
    open: :mod:`annotator.storage.file_identity`). ``failed``: given an ``OperationalError`` of
    the transaction (after the rollback), returns the exception to raise instead (the disk
    refusing the write, said as such), or None to raise it as it is. Neither applies to the
    savepoint of a nested call: the outermost transaction does both.
    """
    conn = db.conn
    if conn.in_transaction:
        with _savepoint(conn):  # inside the caller's transaction
            yield
        return
    if check is not None:
        check()
    if set_wait:
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        _begin_immediate(conn, path=path, wait_ms=wait_ms)
    except sqlite3.OperationalError as exc:
        _raise_failed(exc, failed)
        raise
    try:
        yield
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError):
            _raise_failed(exc, failed)
        raise
    commit(conn, path=path, wait_ms=wait_ms, check=check, failed=failed)


def commit(
    conn: sqlite3.Connection,
    *,
    path: Path | str,
    wait_ms: int,
    check: Callable[[], None] | None = None,
    failed: Callable[[sqlite3.OperationalError], BaseException | None] | None = None,
) -> None:
    """Commit the open write transaction on ``conn`` as :func:`write_transaction` ends its block:
    ``check`` first (an exception it raises rolls back), then ``COMMIT``; a failed commit rolls
    back and raises :class:`ProjectBusy`, what ``failed`` makes of it, or the error itself."""
    try:
        if check is not None:
            check()  # the last moment before the commit: a file moved meanwhile gets nothing
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if is_busy(exc):
            raise ProjectBusy(path, wait_ms) from exc
        _raise_failed(exc, failed)
        raise


def _raise_failed(exc: sqlite3.OperationalError, failed: Callable[[sqlite3.OperationalError], BaseException | None] | None) -> None:
    """Raise what ``failed`` makes of ``exc`` (see :func:`write_transaction`), if anything."""
    if failed is not None and not is_busy(exc):
        instead = failed(exc)
        if instead is not None:
            raise instead from exc


@contextlib.contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """The block as a ``SAVEPOINT`` of the open transaction (``sqlite_utils.Database.atomic``'s
    nested case, without importing sqlite-utils for it: the window's first edit would pay it)."""
    name = f"annotator_{os.urandom(8).hex()}"  # not secrets: its import is 7 ms of the launch
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        # an error such as a RAISE(ROLLBACK) trigger can end the whole transaction, savepoint
        # included: cleaning up anyway would hide the original error behind "no such savepoint"
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")


__all__ = ["BUSY_TIMEOUT_MS", "ProjectBusy", "SQLITE_BUSY", "background_writer", "commit", "is_busy", "own_writer",
           "write_transaction", "yield_to_foreground"]


@contextlib.contextmanager
def read_snapshot(db: Any) -> Iterator[Callable[[], None]]:
    """A read transaction for a long reader (training), on a connection of its own: a deferred
    ``BEGIN`` takes no lock until the first ``SELECT``, which fixes a WAL snapshot that later reads
    see, while writers go on committing (sqlite.org/wal.html, "Concurrency"). Meant for a
    read-only connection; a write inside it would take the deferred path this module avoids. The
    block gets ``release()`` to end the snapshot early (after the data is read, so a long run does
    not hold back WAL checkpoints); it ends when the block does in any case."""
    conn = db.conn
    conn.execute("BEGIN")
    held = [True]

    def release() -> None:
        if held[0]:
            held[0] = False
            if conn.in_transaction:
                conn.execute("COMMIT")

    try:
        yield release
    finally:
        release()
