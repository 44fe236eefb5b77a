"""sigbus12: a file dialog listing the project's folder must not take the window's SQLite locks.

Qt's default icon provider reads the contents of files it cannot type by name (the project's
-shm), and closing that descriptor dropped every POSIX lock of this process on the file; another
program then rebuilt the -shm the window had mapped (SIGBUS). The locks are probed from
another process (tests/lock_probe.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest

from tests.lock_probe import LINUX, held_elsewhere

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(not LINUX, reason="tests/lock_probe.py: Linux's struct flock")]

_held_elsewhere = held_elsewhere


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
    # the project's files the dialog lists under its filter: "*.db" hides the -shm and the -wal (the
    # model still reads all three); waiting for those (never listed) cost the 20 s deadline each run
    patterns = re.findall(r"\(([^)]*)\)", dialog.selectedNameFilter())
    patterns = patterns[0].split() if patterns else ["*"]
    listed = {n for n in ("harbour.db", "harbour.db-shm", "harbour.db-wal") if any(fnmatch(n, p) for p in patterns)}
    assert listed, (dialog.selectedNameFilter(), patterns)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.processEvents()
        root = model.index(str(folder))
        names = {model.index(r, 0, root).data() for r in range(model.rowCount(root))}
        if listed <= names:
            for r in range(model.rowCount(root)):  # the type column: what sniffed the contents
                model.index(r, 2, root).data()
                model.index(r, 0, root).data(1)  # DecorationRole: the icon
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"the dialog never listed {sorted(listed)} in {folder}: it listed {sorted(names)}")
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


def test_typing_the_projects_folder_into_a_save_dialog_keeps_the_locks(open_project, tmp_path: Path) -> None:
    """usertest12's path: the Export dialog opened elsewhere, the output path typed; its completer
    lists the project's folder as the path is typed (Qt's provider: both locks gone)."""
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    from annotator.ui import file_dialogs

    app = QApplication.instance() or QApplication([])
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    dialog = file_dialogs._dialog(None, "Export all annotations", str(elsewhere), "")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    for char in f"{open_project.path.parent}/":
        edit.insert(char)
        app.processEvents()
    for _ in range(40):
        app.processEvents()
        time.sleep(0.05)
    dialog.close()
    assert held_elsewhere(open_project.path) == (True, True)


_WINDOW = r"""
import os, sys, time, subprocess
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QFileDialog
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.ui import file_dialogs

db, how = Path(sys.argv[1]), sys.argv[2]
app = QApplication([])
project = Project.open(db)
project.import_bundles(ArticleBundle(Article(None, f"Captain Oda Lindqvist sailed from Port Isca, log {n}.")) for n in range(50))
if how == "ours":
    dialog = file_dialogs._dialog(None, "Import articles", str(db.parent), "")
else:  # Qt's own provider: what the window had before sigbus12 (a manual check that this script can crash)
    dialog = QFileDialog(None, "Import articles", str(db.parent), "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
dialog.show()
shown = time.monotonic()
while time.monotonic() - shown < 2:
    app.processEvents()
    time.sleep(0.05)
dialog.close()
reader = subprocess.Popen([sys.executable, "-c", '''
import sqlite3, sys, time
for _ in range(60):
    try:
        sqlite3.connect(sys.argv[1], uri=True).execute("select count(*) from articles").fetchone()
    except sqlite3.Error as exc:
        print("reader:", exc, flush=True)
    time.sleep(0.05)
''', f"{db.resolve().as_uri()}?mode=ro"])
for batch in range(30):
    project.import_bundles(ArticleBundle(Article(None, f"Batch {batch}, note {n}: the Elderby weir held again. " * 20))
                           for n in range(40))
    project.count_articles()
reader.wait(timeout=60)
print("articles", project.count_articles(), flush=True)
"""


def test_the_window_survives_an_outside_reader_after_a_file_dialog(tmp_path: Path) -> None:
    """usertest12 HIGH-1 end to end: a process holding the project shows a file dialog on its
    folder, then writes while another process opens the project read-only every 50 ms. Before
    sigbus12 (``sys.argv[2] = "qt"`` above) it died with SIGBUS (exit -7) or the reader got
    "disk I/O error"/"locking protocol"; now it writes all 1,250 articles and the reader never fails."""
    db = tmp_path / "logbook.db"
    done = subprocess.run([sys.executable, "-c", _WINDOW, str(db), "ours"], capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "reader:" not in done.stdout
    assert done.stdout.split()[-1] == str(50 + 30 * 40)


def test_every_file_dialog_of_the_window_goes_through_file_dialogs() -> None:
    """The kind, not the one dialog: Qt's static file dialogs, a QFileDialog of its own, or a
    folder model / MIME lookup by contents anywhere else in ``annotator/ui`` would read the
    project's files again."""
    import re

    import annotator.ui

    forbidden = re.compile(r"QFileDialog\.get|QFileDialog\(|QFileSystemModel|QMimeDatabase|QFileIconProvider")
    found = []
    for path in sorted(Path(annotator.ui.__file__).parent.glob("*.py")):
        if path.name == "file_dialogs.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if forbidden.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []
