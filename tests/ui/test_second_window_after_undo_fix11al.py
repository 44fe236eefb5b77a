"""fix11al N3 (usertest11s): with a second window open on the same file, the first window said
"This article was changed by another program …" about its own curation edits. The user test's
keys in the first window's curation view before the second opened: Tab, 2, Ctrl+Return, Tab,
Ctrl+Z; then the second window opens (it commits the file's header, an index catch-up) and the
first window's watcher looks. Invented sentences, no corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.domain.test_curation_same_words_fix11ak import make_project, span
from tests.ui.test_curation_view import open_view
from tests.ui.test_second_window_own_decision_fix11ak import _data_free_commit
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)


def test_own_edits_and_undo_are_not_another_programs(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "t.db"
    project, aid = make_project(path, {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Ostrava", "GPE"), span("a3", "Korvel", "ORG")],
        "ben": [span("b1", "Lena Varga", "ORG"), span("b2", "Ostrava", "GPE"), span("b3", "Korvel", "GPE")],
    })
    project.close()
    window = make_window(Project.open(path), analyst="lead")
    window.open_article(aid)
    dialog = open_view(window, qtbot)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    for key, mod in [(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_2, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)]:
        qtbot.keyClick(dialog, key, mod)
        window.outside_writes.check()
        qtbot.wait(20)
    last = int(window.project.db.execute("SELECT max(rowid) FROM changes").fetchone()[0])
    second = make_window(Project.open(path), analyst="lead")  # the second window opens
    second.open_article(aid)
    for _ in range(3):
        second.outside_writes.check(), window.outside_writes.check()
        qtbot.wait(100)
    other = Project.open(path, create=False)
    try:
        _data_free_commit(other)
        window.outside_writes.check()
        dialog.step(1)  # Tab, 1 (the second window holds the keyboard focus offscreen)
        dialog.take(1)
        for _ in range(3):
            second.outside_writes.check(), window.outside_writes.check()
            qtbot.wait(100)
        _data_free_commit(other)
        window.outside_writes.check()
        qtbot.wait(50)
        assert int(window.project.db.execute("SELECT max(rowid) FROM changes").fetchone()[0]) > last, (dialog.status.text(), said)
        assert not any("another program" in s for s in said), said
    finally:
        other.close()
