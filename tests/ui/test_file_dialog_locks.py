"""sigbus12: a file dialog listing the project's folder must not take the window's SQLite locks.

Qt's default icon provider reads the contents of files it cannot type by name (the project's
-shm), and closing that descriptor dropped every POSIX lock of this process on the file; another
program then rebuilt the -shm the window had mapped (SIGBUS). The check asks, from another
process, whether anyone still holds the lock SQLite keeps on the -shm while a connection is open
(its "DMS" byte, offset 128: sqlite3 src/os_unix.c, UNIX_SHM_DMS) and the shared lock on the
database file (PENDING_BYTE + 2, 510 bytes: src/os.h SHARED_FIRST/SHARED_SIZE)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the struct flock layout below is Linux's")]

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


def _held_elsewhere(db: Path) -> tuple[bool, bool]:
    """(-shm DMS lock held, database shared lock held), asked from another process: asking here
    would open and close the files, the very fault under test."""
    out = subprocess.run([sys.executable, "-c", _PROBE, str(db)], capture_output=True, text=True, timeout=60, check=True)
    shm, main = out.stdout.split()
    return shm == "1", main == "1"


@pytest.fixture
def open_project(tmp_path: Path):
    from annotator.domain.model import Article, ArticleBundle
    from annotator.storage.project import Project

    path = tmp_path / "harbour.db"
    project = Project.open(path)
    project.import_bundles(ArticleBundle(Article(None, f"Mayor Ilsa Brandt opened the Varnholt ferry line, part {n}."))
                           for n in range(20))
    project.count_articles()
    yield project
    project.close()


def _list_folder(dialog, app, folder: Path) -> None:
    """Show ``dialog`` on ``folder`` until its model has listed (and typed) the project's files."""
    from PySide6.QtWidgets import QFileSystemModel

    dialog.setDirectory(str(folder))
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.processEvents()
        root = model.index(str(folder))
        names = {model.index(r, 0, root).data() for r in range(model.rowCount(root))}
        if {"harbour.db", "harbour.db-shm", "harbour.db-wal"} <= names:
            for r in range(model.rowCount(root)):  # the type column: what sniffed the contents
                model.index(r, 2, root).data()
                model.index(r, 0, root).data(1)  # DecorationRole: the icon
            break
        time.sleep(0.05)
    for _ in range(20):  # the file-info thread's icons and types
        app.processEvents()
        time.sleep(0.05)
    dialog.close()


def test_the_probe_sees_a_lock_dropped_by_a_plain_read(open_project) -> None:
    """The detector can fail: a plain open()/close() of the -shm drops this process's lock on it."""
    db = open_project.path
    assert _held_elsewhere(db) == (True, True)
    with open(f"{db}-shm", "rb") as fh:
        fh.read(16)
    assert _held_elsewhere(db)[0] is False


def test_the_project_folder_in_a_file_dialog_keeps_the_locks(open_project) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.ui import file_dialogs

    app = QApplication.instance() or QApplication([])
    db = open_project.path
    assert _held_elsewhere(db) == (True, True)
    for make in (lambda: file_dialogs._dialog(None, "Open project", str(db.parent), "Annotator projects (*.db);;All files (*)"),
                 lambda: file_dialogs._dialog(None, "Export", str(db.parent), "")):
        _list_folder(make(), app, db.parent)
        assert _held_elsewhere(db) == (True, True)
    assert open_project.count_articles() == 20
