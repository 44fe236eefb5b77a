"""fix11ak N3 (usertest11r): with a second window open on the same file, a decision in the
curation view on the article the main window shows seemed to make the main window say "This
article was changed by another program …". Under Xvfb (the user test's script, both windows'
geometry read with xdotool) the two windows have the same title and lie at 0,0 with the same size,
the second on top: the line was the *second* window's, right for it (another window made the
change); the first window, raised, says nothing of the kind. These tests keep both halves: two
connections to one file, the deciding window never takes its own decision for another program's,
the other window does say it. Invented sentences, no corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.domain.test_curation_same_words_fix11ak import make_project, span
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)


def _data_free_commit(project: Project) -> None:
    """What another window commits without data (opening: the file's header; an index, a cache)."""
    with project.writing():
        version = int(project.db.execute("PRAGMA user_version").fetchone()[0])
        project.db.execute(f"PRAGMA user_version = {version}")


def test_own_decision_with_a_second_connection_is_not_another_programs(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "t.db"
    project, aid = make_project(path, {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Ostrava", "GPE")],
        "ben": [span("b1", "Lena Varga", "ORG"), span("b2", "Ostrava", "GPE")],
    })
    project.close()
    window = make_window(Project.open(path), analyst="lead")
    window.open_article(aid)
    dialog = open_view(window, qtbot)
    other = Project.open(path, create=False)  # a second window's connection
    try:
        _data_free_commit(other)  # a second window opened
        window.outside_writes.check()
        said: list[str] = []
        window.statusBar().messageChanged.connect(said.append)
        conflict = next(u for u in dialog.alignment.units if u.disagreement)
        dialog.current = conflict.key
        qtbot.keyClick(dialog, Qt.Key.Key_1)
        assert dialog.status.text().startswith("Saved"), dialog.status.text()
        _data_free_commit(other)  # it commits again before this window's watcher looks
        window.outside_writes.check()
        qtbot.wait(50)
        assert not any("another program" in s for s in said), said
    finally:
        other.close()


def test_own_decision_with_a_second_window_open_is_not_another_programs(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """The reported shape: two windows on one file, both showing the article; a decision in the
    first's curation view; each window's watcher looks in turn, several times."""
    path = tmp_path / "t.db"
    project, aid = make_project(path, {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Ostrava", "GPE")],
        "ben": [span("b1", "Lena Varga", "ORG"), span("b2", "Ostrava", "GPE")],
    })
    project.close()
    first = make_window(Project.open(path), analyst="lead")
    first.open_article(aid)
    dialog = open_view(first, qtbot)
    second = make_window(Project.open(path), analyst="lead")
    second.open_article(aid)
    said: list[str] = []
    first.statusBar().messageChanged.connect(said.append)
    heard: list[str] = []
    second.statusBar().messageChanged.connect(heard.append)
    for _ in range(3):
        first.outside_writes.check(), second.outside_writes.check()
        qtbot.wait(50)
    assert not any("another program" in s for s in said), said
    conflict = next(u for u in dialog.alignment.units if u.disagreement)
    dialog.current = conflict.key
    dialog.activateWindow()
    dialog.take(1)  # the key 1 (the second window holds the keyboard focus here)
    assert dialog.status.text().startswith("Saved"), dialog.status.text()
    for order in range(4):
        if order % 2:
            first.outside_writes.check()
            second.outside_writes.check()
        else:
            second.outside_writes.check()
            first.outside_writes.check()
        qtbot.wait(100)
    assert any("another program" in s for s in heard), heard  # the second window did see it: another program's
    assert not any("another program" in s for s in said), said
