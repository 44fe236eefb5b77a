"""sigbus12: whether anyone holds the locks a SQLite connection in WAL mode keeps on a project,
asked from **another process** (asking in the process under test would open and close the
files: the fault tested for). Linux only (the ``struct flock`` layout below).

The two locks: the "DMS" byte of the -shm (offset 128, ``UNIX_SHM_DMS`` in sqlite3
src/os_unix.c), held shared while any connection has the WAL open; lost, another program takes
the -shm for stale and truncates it under the mappings of the process that lost it (SIGBUS); and
the shared range of the database file (``PENDING_BYTE + 2``, 510 bytes: src/os.h ``SHARED_FIRST``,
``SHARED_SIZE``); lost, another program's last close checkpoints and deletes the WAL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LINUX = sys.platform.startswith("linux")

_PROBE = r"""
import fcntl, os, struct, sys
def held(path, start, length):
    fd = os.open(path, os.O_RDWR)
    try:
        got = fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, start, length, 0))
        return struct.unpack("hhqqi4x", got)[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)
print(int(held(sys.argv[1] + "-shm", 128, 1)), int(held(sys.argv[1], 0x40000000 + 2, 510)))
"""


def held_elsewhere(db: Path) -> tuple[bool, bool]:
    """(the -shm DMS lock is held by someone, the database's shared lock is held by someone)."""
    out = subprocess.run([sys.executable, "-c", _PROBE, str(db)], capture_output=True, text=True, timeout=60, check=True)
    shm, main = out.stdout.split()
    return shm == "1", main == "1"
