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
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


def lease_path(project_path: Path, name: str) -> Path:
    """The sidecar lock file of lease ``name`` for the project at ``project_path``."""
    project_path = Path(project_path)
    return project_path.with_name(f"{project_path.name}-{name}.lock")


class RunLease:
    """``RunLease(project_path, "preannotate")``; :meth:`acquire` → True when this object now
    holds it, False when another holder (process or window) does. :meth:`release` is idempotent.
    ``unavailable`` is set (and ``acquire`` returns True) when the lock file cannot be made — a
    read-only folder: the work runs unguarded rather than not at all."""

    def __init__(self, project_path: Path, name: str) -> None:
        self.path = lease_path(project_path, name)
        self._fd: int | None = None
        self.unavailable = ""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                self.unavailable = exc.strerror or str(exc)
                return True
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                self._fd = fd
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


__all__ = ["RunLease", "lease_path"]
