"""Is the project file at its path still the file this connection opened? (fixut16b, usertest H1, M5)

SQLite reads and writes an open database through file descriptors, not through its name. When the
project file is renamed, moved to another folder, deleted, or replaced by another file (a backup
restored over it, a sync client writing a new copy) while a connection has it open, SQLite keeps
writing — to the old file and to the write-ahead log under the **old** name (``R.db-wal``). Those
writes "succeed", but whoever opens the file at its new place (``R2.db``) never sees the log, and
on closing SQLite leaves it there (it does not checkpoint a moved file): the edits are orphaned.

So every write transaction of a :class:`~annotator.storage.project.Project` first compares the
path's ``os.stat`` (``st_dev``, ``st_ino``) with the identity recorded when the file was opened,
once before ``BEGIN IMMEDIATE`` and once just before ``COMMIT`` (about 2 µs each). When they differ
the write is not made (rolled back), nothing more is ever written through that connection, and
:class:`ProjectFileGone` says what happened: moved (and where to, on Linux, read from
``/proc/self/fd``), deleted, replaced by another file, or not reachable. What the connection had
committed can still be read through it: :func:`save_copy` writes it whole, write-ahead log
included, to a new file (SQLite's backup API), never writing to the file it reads.

A write the disk refuses (``SQLITE_READONLY``, ``SQLITE_FULL``, ``SQLITE_IOERR``) becomes a
:class:`ProjectWriteError` saying which, the transaction rolled back (:func:`write_failure`).

Qt-free; the window's side is :mod:`annotator.ui.file_safety`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import ProjectFileError

# SQLite result codes (sqlite.org/rescode.html); extended codes keep the primary one in the low byte.
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_READONLY_DBMOVED = SQLITE_READONLY | (4 << 8)  # 1032: SQLite's own "the file was moved" (rollback journal)

_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class FileIdentity:
    """Which file a path named: its device and inode number."""

    dev: int
    ino: int


def identity(path: str | os.PathLike[str]) -> FileIdentity | None:
    """The identity of the file at ``path`` now, or None when there is none (or it cannot be looked at)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileIdentity(st.st_dev, st.st_ino)


class ProjectFileGone(ProjectFileError):
    """The project file at its path is no longer the file this connection opened.

    ``how``: ``"moved"`` (``now_at`` is where the opened file is now, when the system says),
    ``"deleted"``, ``"replaced"`` (another file is at the path) or ``"unreachable"`` (the path
    cannot be looked at: a drive gone, a folder made unreadable). No write was made."""

    def __init__(self, path: Path, how: str, *, now_at: Path | None = None, detail: str = "") -> None:
        self.path = Path(path)
        self.how = how
        self.now_at = now_at
        self.detail = detail
        super().__init__(f"{self.path}: {self.happened}; this write was undone and nothing more is written to it. {self.advice}")

    @property
    def happened(self) -> str:
        """What happened to the file, in a few words ("was moved to DIR/R2.db while open")."""
        if self.how == "moved":
            return f"was moved to {self.now_at} while open" if self.now_at else "was moved or renamed while open"
        if self.how == "deleted":
            return "was deleted while open"
        if self.how == "replaced":
            where = f" (the file it was is now {self.now_at})" if self.now_at else ""
            return f"was replaced by another file while open{where}"
        return f"can no longer be reached ({self.detail or 'its folder or drive is gone'})"

    @property
    def reason(self) -> str:
        """Why the project is now read-only, for a title or status bar."""
        return {"moved": "moved while open", "deleted": "deleted while open",
                "replaced": "replaced by another file while open"}.get(self.how, "no longer reachable")

    @property
    def advice(self) -> str:
        """What a command's user can do (the window offers Save a copy as… instead)."""
        wal = f"{self.path.name}-wal"
        if self.how == "moved" and self.now_at is not None:
            return (f"Changes saved since it was opened may be only in {wal} under the old name: move the file back to "
                    f"{self.path} before anything else opens it, then run this again")
        if self.how in ("moved", "deleted"):
            return f"Changes saved since it was opened may be only in {wal} under the old name; restore the file to {self.path} and run this again"
        if self.how == "replaced":
            return f"The file now at {self.path} was not touched; run this again if that is the file to change"
        return "Check the drive or folder, then run this again"

    def __reduce__(self):  # noqa: ANN204 - pickled with its fields (a worker process may send it)
        return (_gone, (self.path, self.how, self.now_at, self.detail))


def _gone(path: Path, how: str, now_at: Path | None, detail: str) -> ProjectFileGone:
    return ProjectFileGone(path, how, now_at=now_at, detail=detail)


def what_happened(path: Path, opened: FileIdentity) -> ProjectFileGone | None:
    """None when ``path`` still names the ``opened`` file; else what happened to it."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        now_at, deleted = where_now(opened)
        return ProjectFileGone(path, "deleted" if deleted else "moved", now_at=now_at)
    except OSError as exc:
        return ProjectFileGone(path, "unreachable", detail=exc.strerror or str(exc))
    if st.st_ino == opened.ino and st.st_dev == opened.dev:
        return None
    now_at, _deleted = where_now(opened)
    return ProjectFileGone(path, "replaced", now_at=now_at)


def where_now(opened: FileIdentity) -> tuple[Path | None, bool]:
    """Where the file this process has open as ``opened`` is now, and whether it was deleted:
    read from ``/proc/self/fd`` on Linux (``stat`` and ``readlink`` of the descriptors: nothing is
    opened or closed, so no SQLite lock is dropped); ``(None, False)`` where that cannot be told."""
    if not sys.platform.startswith("linux"):
        return None, False
    fds = Path("/proc/self/fd")
    try:
        names = os.listdir(fds)
    except OSError:
        return None, False
    for name in names:
        link = fds / name
        try:
            st = os.stat(link)
            if st.st_ino != opened.ino or st.st_dev != opened.dev:
                continue
            target = os.readlink(link)
        except OSError:
            continue
        if target.endswith(" (deleted)"):
            return None, True
        return Path(target), False
    return None, False


# ----------------------------------------------------------------------------- write failures


class ProjectWriteError(ProjectFileError, sqlite3.OperationalError):
    """The disk refused a write of the project file: ``kind`` is ``"readonly"`` (the file, its
    folder or its disk became read-only), ``"full"`` (no space left) or ``"ioerr"`` (an I/O error:
    a drive disconnected, remounted read-only, failing). The transaction was rolled back.
    Also a ``sqlite3.OperationalError``, for code that catches SQLite's errors."""

    def __init__(self, path: Path, kind: str, detail: str) -> None:
        self.path = Path(path)
        self.kind = kind
        self.detail = detail
        super().__init__(f"{self.path}: {self.happened} ({detail}); this write was undone. {self.advice}")

    @property
    def happened(self) -> str:
        return {"readonly": "cannot be written any more: the file, its folder or its disk became read-only",
                "full": "the disk is full",
                "ioerr": "the disk reported an I/O error"}[self.kind]

    @property
    def reason(self) -> str:
        """Why the project is now read-only, for a title or status bar."""
        return {"readonly": "the file became read-only", "full": "the disk is full", "ioerr": "a disk I/O error"}[self.kind]

    @property
    def advice(self) -> str:
        if self.kind == "readonly":
            return "Make it writable again (permissions, remount), or save a copy to a writable folder"
        if self.kind == "full":
            return f"Free some space on the disk holding {self.path.parent} and try again"
        return "The drive may be disconnected, remounted read-only or failing: check it, and save a copy to another disk"

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.path, self.kind, self.detail))


def write_failure(exc: BaseException) -> str | None:
    """``"readonly"``, ``"full"``, ``"ioerr"`` or ``"moved"`` when ``exc`` is SQLite refusing a
    write for that reason (by its result code, by its message when it has none); else None."""
    if isinstance(exc, (ProjectWriteError, ProjectFileGone)) or not isinstance(exc, sqlite3.OperationalError):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        if code == SQLITE_READONLY_DBMOVED:
            return "moved"
        return {SQLITE_READONLY: "readonly", SQLITE_FULL: "full", SQLITE_IOERR: "ioerr"}.get(code & 0xFF)
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return "readonly"
    if "disk is full" in text:
        return "full"
    if "disk i/o error" in text:
        return "ioerr"
    return None


# ----------------------------------------------------------------------------- saving a copy


def save_copy(conn: sqlite3.Connection, target: str | os.PathLike[str]) -> Path:
    """Write everything ``conn`` has committed — the file and its write-ahead log as this
    connection reads them — to a new project file at ``target`` (SQLite's online backup API, one
    step: a consistent snapshot). Only reads through ``conn``: nothing is written to the file it
    has open, which may have been moved or deleted.

    The copy is made beside ``target`` as ``NAME.tmp-PID``, synced, and renamed over ``target``
    when whole. Refused (:class:`ProjectFileError`, nothing written) when ``target`` has a
    ``-wal``, ``-shm`` or ``-journal`` file beside it: SQLite would read that into the copy (the
    log left under a moved file's old name is one)."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ProjectFileError(f"{target}: folder {target.parent} does not exist; choose another place")
    if target.is_dir():
        raise ProjectFileError(f"{target}: is a folder; give a file name")
    beside = [f"{target.name}{s}" for s in _SIDECARS if Path(f"{target}{s}").exists()]
    if beside:
        raise ProjectFileError(f"{target}: has {beside[0]} beside it, which SQLite would read into the copy; choose another name")
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    for leftover in (tmp, *(Path(f"{tmp}{s}") for s in _SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as copy:
            conn.backup(copy)  # pages=-1: all at once, one read transaction of the source
            # the copy's header says WAL as the source's does; a file not yet open anywhere is
            # simplest in rollback mode (Project.open sets WAL again when it opens it for writing)
            copy.execute("PRAGMA journal_mode = DELETE")
        fd = os.open(tmp, os.O_RDONLY)  # tmp is ours alone: no SQLite connection has it open
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in _SIDECARS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return target


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = ["FileIdentity", "ProjectFileGone", "ProjectWriteError", "identity", "save_copy", "what_happened",
           "where_now", "write_failure"]
