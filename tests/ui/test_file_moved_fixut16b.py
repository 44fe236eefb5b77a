"""fixut16b (usertest H1, M5): the window's project file moved, deleted or replaced while open, or
the disk refusing a write.

H1: after ``mv R.db R2.db`` the window's edits kept "succeeding" into ``R.db-wal`` under the old
name, which whoever opened R2.db never saw. Now the edit is refused (not shown as done), one
message names the file and what happened and offers Save a copy as… (everything committed, read
through the open connection) or Close; the window stays read-only otherwise.

M5: a write the disk refuses says which (read-only, I/O error, full), the edit is not shown, and a
read-only file or an I/O error turns the window read-only (browse, search, export).
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Status
from annotator.storage.project import Project
from annotator.ui import dialogs, file_dialogs
from tests.ui.test_window_support import ALPHA, make_project, make_window, no_modals, offsets  # noqa: F401


def _press(window, key) -> None:  # noqa: ANN001
    from PySide6.QtTest import QTest

    QTest.keyClick(window.view.text_widget(), key)


def _accept_next(window) -> str:  # noqa: ANN001
    _press(window, Qt.Key.Key_Tab)
    span_id = window.selected_id
    _press(window, Qt.Key.Key_A)
    return span_id


def _chosen(no_modals) -> list[str]:  # noqa: ANN001
    return [text for kind, text in no_modals if kind == "choose"]


def _quiet(window) -> None:  # noqa: ANN001
    """No backup thread reading the file and no watcher tick while the test moves it."""
    window.file_guard.wait()
    window.outside_writes.stop()


def test_an_edit_after_the_file_is_renamed_is_refused_with_one_message(make_window, no_modals) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    path = window.project.path
    accepted = _accept_next(window)
    assert window.state.spans[accepted].status == Status.ACCEPTED
    os.rename(path, path.with_name("R2.db"))
    _press(window, Qt.Key.Key_Tab)
    refused = window.selected_id
    _press(window, Qt.Key.Key_A)
    assert window.state.spans[refused].status == Status.SUGGESTED  # not shown as done
    assert window.undo_stack.count() == 1  # only the edit made before the move
    told = _chosen(no_modals)
    assert len(told) == 1 and str(path) in told[0] and "moved" in told[0]
    assert "R2.db" in told[0] and "Save a copy as" in told[0] and "the edit just made was not saved" in told[0]
    assert "[read-only]" in window.windowTitle() and window.saved_label.text().startswith("Read-only")
    assert "NOT saved" in window.statusBar().currentMessage() or "moved" in window.statusBar().currentMessage()
    _press(window, Qt.Key.Key_A)  # again: refused, and no second message box
    assert len(_chosen(no_modals)) == 1 and window.state.spans[refused].status == Status.SUGGESTED
    assert not [m for m in no_modals if m[0] == "warning"]  # not the generic "disk I/O error" box


def test_save_a_copy_writes_every_committed_edit_and_opens_it(make_window, no_modals, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    path = window.project.path
    first, second = _accept_next(window), _accept_next(window)
    start, end = offsets(ALPHA, "Monday")
    window.view.set_selection(start, end)
    _press(window, Qt.Key.Key_8)  # CLAIM
    claims = [(s.start, s.end) for s in window.state.spans.values() if s.label == "CLAIM"]
    assert claims == [(start, end)]
    target = tmp_path / "saved" / "R copy.db"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "choose", lambda _p, title, text, options: no_modals.append(("choose", text)) or "copy")
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(target), ""))
    os.rename(path, tmp_path / "R2.db")
    _press(window, Qt.Key.Key_Tab)
    _press(window, Qt.Key.Key_A)  # refused → the message → Save a copy as… → the copy is opened
    assert window.project.path == target and not window.project.read_only
    assert "[read-only]" not in window.windowTitle()
    with Project.open(target, create=False, read_only=True) as copy:
        spans = {s.id: s for s in copy.spans(window.state.article_id)}
        assert spans[first].status == Status.ACCEPTED and spans[second].status == Status.ACCEPTED
        assert [(s.start, s.end) for s in spans.values() if s.label == "CLAIM"] == claims
    # work goes on in the copy
    third = _accept_next(window)
    with Project.open(target, create=False, read_only=True) as copy:
        assert {s.id: s for s in copy.spans(window.state.article_id)}[third].status == Status.ACCEPTED


def test_the_watcher_finds_a_deleted_file_before_an_edit(make_window, no_modals) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    os.unlink(window.project.path)
    window.outside_writes.start()
    window.outside_writes.check()
    told = _chosen(no_modals)
    assert len(told) == 1 and "deleted" in told[0]
    assert "edit just made" not in told[0]  # no edit was made: the watcher's look found it
    assert window.project.read_only and "[read-only]" in window.windowTitle()
    _press(window, Qt.Key.Key_Tab)
    span = window.selected_id
    _press(window, Qt.Key.Key_A)
    assert window.state.spans[span].status == Status.SUGGESTED and window.undo_stack.count() == 0
    assert len(_chosen(no_modals)) == 1  # told once


def test_a_replaced_file_is_told_and_left_alone(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    path = window.project.path
    other = make_project(tmp_path / "other.db", suggest=False)
    other.close()
    before = (tmp_path / "other.db").read_bytes()
    os.replace(tmp_path / "other.db", path)
    _accept_next(window)
    told = _chosen(no_modals)
    assert len(told) == 1 and "replaced by another file" in told[0]
    assert path.read_bytes() == before


@pytest.mark.parametrize(("fault", "said", "read_only"), [
    ("query_only", "read-only", True),  # SQLITE_READONLY from SQLite itself (PRAGMA query_only)
    ("disk I/O error", "I/O error", True),  # Project.apply monkeypatched to raise it
    # a full disk keeps the window writable: test_window_autosave.py::test_disk_full_is_reported_and_the_edit_not_shown
    # and test_window_files.py::test_a_failed_save_is_never_shown_as_all_changes_saved
])
def test_a_write_the_disk_refuses_says_which(make_window, no_modals, monkeypatch, fault, said, read_only) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    if fault == "query_only":
        window.project.db.execute("PRAGMA query_only = 1")
    else:
        def failing(*_a, **_k):  # noqa: ANN002, ANN003
            raise sqlite3.OperationalError(fault)

        monkeypatch.setattr(window.project, "apply", failing)
    span = _accept_next(window)
    assert window.state.spans[span].status == Status.SUGGESTED and window.undo_stack.count() == 0
    boxes = [text for kind, text in no_modals if kind == "warning"]
    assert len(boxes) == 1 and said in boxes[0] and window.project.path.name in boxes[0]
    assert "not saved" in boxes[0]
    assert window.project.read_only is read_only
    assert ("[read-only]" in window.windowTitle()) is read_only
    if read_only:
        assert "read-only now" in boxes[0] and "Save a copy as" in boxes[0]
        _press(window, Qt.Key.Key_A)  # refused before anything is tried: no second box
        assert len([1 for kind, _t in no_modals if kind == "warning"]) == 1
        assert "read-only" in window.statusBar().currentMessage()
        # browsing and searching go on
        window.open_article(window.state.article_id)
        assert window.project.search("Geneva")


def test_file_save_a_copy_of_a_healthy_project_keeps_it_open(make_window, no_modals, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    _quiet(window)
    path = window.project.path
    span = _accept_next(window)
    target = tmp_path / "copy.db"
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(target), ""))
    window.actions_by_id["save_copy"].trigger()
    assert window.project.path == path  # a writable project stays open
    with Project.open(target, create=False, read_only=True) as copy:
        assert {s.id: s for s in copy.spans(window.state.article_id)}[span].status == Status.ACCEPTED
