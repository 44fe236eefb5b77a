"""A per-project lease on long work that two windows must not both run (usertest12 LOW-4: two
windows on one project both pre-annotated at launch — no duplicate suggestions, twice the CPU).

The lease is an exclusive, non-blocking OS lock (``fcntl.flock``; ``msvcrt.locking`` on Windows)
on a small sidecar file beside the project, ``<project file>-<name>.lock``:

* it needs no heartbeat: the kernel drops the lock when its holder's process ends, even killed
  (SIGKILL, a crash), so a stale lease cannot block the next window — a lease row in the project
  file would need a heartbeat and a timeout to tell a dead holder from a slow one;
* it is never on the project file itself: closing any descriptor of the SQLite file in a process
  drops that process's POSIX locks on it (fcntl semantics), which SQLite relies on;
* the holder deletes the sidecar file when it releases (while still holding the lock), so nothing
  is left beside the project; a process that opened the file before the deletion and locks it
  after sees, by comparing inodes, that it holds a deleted file and tries again (the usual
  lock-file-removal protocol). On Windows the file stays (an open file cannot be deleted there).

Within one process a lease is held by one :class:`RunLease` object; ``flock`` locks belong to the
open file description, so a second ``acquire`` in the same process (another window) is refused
too.

**Who holds it** (misc12). The holder writes one JSON line into the lock file: its pid, host,
start time (UTC) and what it is (``by``: the window, ``annotator preannotate``); a refused
``acquire`` reads it (:meth:`RunLease.holder`) so the refusal can name the holder and say what to
do. **A stale lease** is taken over: a dead holder's kernel lock is gone with it (its file, left
behind by a SIGKILL, is simply locked and rewritten); a lock still held although the recorded
holder on this host is dead (a forked pool worker that outlived its parent keeps the open file
description, hence the lock) is broken by unlinking that file — checked to be the same inode
just before — and locking a new one. Both the CLI and the window take it
(:data:`PREANNOTATE`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import socket
from pathlib import Path
from typing import Any

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


PREANNOTATE = "preannotate"  # the lease every pre-annotator of a project takes: the window's and the CLI's
BY_WINDOW = "the Annotator window"
BY_CLI = "`annotator preannotate`"


@dataclasses.dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a lease, as its lock file says: ``pid`` and ``host`` of the holding process,
    ``since`` (aware UTC datetime, whole seconds), ``by`` (what it is, e.g. :data:`BY_CLI`)."""

    pid: int
    host: str
    since: datetime.datetime
    by: str

    def describe(self) -> str:
        """``"`annotator preannotate` (pid 4242 on host-a, since 2026-12-02 16:40 UTC)"``."""
        return f"{self.by} (pid {self.pid} on {self.host}, since {self.since:%Y-%m-%d %H:%M} UTC)"

    def to_bytes(self) -> bytes:
        return (json.dumps({"pid": self.pid, "host": self.host, "since": self.since.isoformat(), "by": self.by}) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Holder | None:
        """The holder a lock file's bytes name; None for an empty (just created) or foreign file."""
        try:
            row = json.loads(data.decode("utf-8"))
            since = datetime.datetime.fromisoformat(row["since"])
            return cls(int(row["pid"]), str(row["host"]), since, str(row["by"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def is_dead(self) -> bool:
        """True only when the holder ran on this host and no process with its pid exists."""
        if self.host != socket.gethostname() or self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:  # PermissionError: it exists (another user's); Windows: no signal 0
            return False
        return False


def lease_path(project_path: Path, name: str) -> Path:
    """The sidecar lock file of lease ``name`` for the project at ``project_path``."""
    project_path = Path(project_path)
    return project_path.with_name(f"{project_path.name}-{name}.lock")


class RunLease:
    """``RunLease(project_path, "preannotate", by=BY_CLI)``; :meth:`acquire` → True when this
    object now holds it, False when another holder (process or window) does (:meth:`holder` then
    says who). :meth:`release` is idempotent. ``unavailable`` is set (and ``acquire`` returns
    True) when the lock file cannot be made — a read-only folder: the work runs unguarded rather
    than not at all."""

    def __init__(self, project_path: Path, name: str, *, by: str = BY_WINDOW) -> None:
        self._start(lease_path(project_path, name), by)

    @classmethod
    def on_file(cls, path: Path, *, by: str) -> RunLease:
        """A lease whose lock file is ``path`` itself rather than a project's sidecar
        (``annotator train``'s ``OUTPUT.training-lock``, :class:`annotator.nlp.train.OutputLock`)."""
        lease = cls.__new__(cls)
        lease._start(Path(path), by)
        return lease

    def _start(self, path: Path, by: str) -> None:
        self.path = path
        self.by = by
        self._fd: int | None = None
        self._other: Holder | None = None
        self.unavailable = ""

    def holder(self) -> Holder | None:
        """After a refused :meth:`acquire`: the holder its lock file named (None when it had not
        written itself yet). After a successful one: this process."""
        return self._other

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        broke = False
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                self.unavailable = exc.strerror or str(exc)
                return True
            try:
                _lock(fd)
            except OSError:
                self._other = _read_holder(fd)
                if not broke and self._other is not None and self._other.is_dead() and _same_file(fd, self.path):
                    # held by an orphan of a dead holder (its forked workers): take the lease over
                    broke = True
                    _unlink(self.path)
                    os.close(fd)
                    continue
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                self._fd = fd
                self._other = Holder(os.getpid(), socket.gethostname(),
                                     datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0), self.by)
                _write_holder(fd, self._other)
                return True
            os.close(fd)  # locked a file its holder deleted on release: the lease is free, open it anew
        return False

    def release(self, *_args: Any) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                if fcntl is not None:
                    try:
                        os.unlink(self.path)  # still locked: nobody can hold this inode meanwhile
                    except OSError:
                        pass
                _unlock(fd)
            finally:
                os.close(fd)


def _read_holder(fd: int) -> Holder | None:
    try:
        return Holder.from_bytes(os.pread(fd, 4096, 0) if hasattr(os, "pread") else os.read(fd, 4096))
    except OSError:  # Windows: the holder's locked byte cannot be read
        return None


def _write_holder(fd: int, holder: Holder) -> None:
    """Replace the file's content (a killed holder's line, left behind) by ``holder``'s; a file
    that cannot be written leaves the lease held, only unnamed."""
    try:
        os.ftruncate(fd, 0)
        data = holder.to_bytes()
        if hasattr(os, "pwrite"):
            os.pwrite(fd, data, 0)
        else:  # pragma: no cover - Windows
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
    except OSError:
        pass


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)




def busy_line(project_path: Path, holder: Holder | None) -> str:
    """The first half of a refusal: ``"news.db is being pre-annotated by <holder>"``."""
    who = holder.describe() if holder is not None else "another program (which one, its lock file does not say yet)"
    return f"{Path(project_path).name} is being pre-annotated by {who}"


__all__ = ["BY_CLI", "BY_WINDOW", "PREANNOTATE", "Holder", "RunLease", "busy_line", "lease_path"]
