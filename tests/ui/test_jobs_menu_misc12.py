"""misc12 (issue 12): one queued or running job is cancelled alone from the jobs menu (the
indicator's Jobs… button, Ctrl+Shift+J), driven by keys; the rest of the queue keeps its order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.jobs_menu_support import CTRL_SHIFT, export_running_import_queued, held_preannotation, open_menu
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(60)


def _open_menu(qtbot, window):  # noqa: ANN001, ANN202
    menu = open_menu(qtbot, window)
    return menu, [a.text() for a in menu.actions() if not a.isSeparator() and a.isEnabled()]  # the "Lately" lines are read-only


def test_the_menu_lists_running_and_queued_and_drops_one_queued_by_keys(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "p.db")
    window, release = export_running_import_queued(make_window, tmp_path, monkeypatch, project)
    before = len(project.article_ids())  # the import waits behind the held export: it has not run
    assert transfer.start_export(window, tmp_path / "b.jsonl", "jsonl")
    menu, rows = _open_menu(qtbot, window)
    assert rows == ["Export — running: cancel it", "Import — queued: drop it from the queue",
                    "Export — queued: drop it from the queue", "Cancel all (Ctrl+.)"]
    assert menu.activeAction().text() == rows[0]  # the keys start on the first entry
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # drop the queued import alone
    pump_until(lambda: window.background.menu is None, 10)
    assert window.background.queued_titles() == ["Export"]
    assert window.statusBar().currentMessage() == "Dropped from the queue: Import"
    assert window.background._progress.label.text().endswith("— queued: Export")
    assert window.job is not None  # the running export goes on
    release.set()
    pump_until(lambda: not window.background.queued and not window.is_busy(), 20)
    wait_idle(window)
    assert len(project.article_ids()) == before  # the dropped import never ran
    pump_until(lambda: not window._retired, 20)


def test_cancelling_the_running_job_alone_starts_the_queued_one(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "p.db")
    window, _release = export_running_import_queued(make_window, tmp_path, monkeypatch, project)  # never released: only its cancel ends it
    before = len(project.article_ids())  # the import waits behind the held export: it has not run
    menu, rows = _open_menu(qtbot, window)
    assert rows[0] == "Export — running: cancel it"
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "Cancelled: Export; still queued: Import"
    pump_until(lambda: len(project.article_ids()) == before + 1, 20)  # the queued import ran after it
    wait_idle(window)
    assert not (tmp_path / "a.jsonl").exists()


def test_escape_closes_the_menu_and_changes_nothing(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window, release = export_running_import_queued(make_window, tmp_path, monkeypatch)
    menu, _rows = _open_menu(qtbot, window)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    pump_until(lambda: window.background.menu is None, 10)
    assert window.background.queued_titles() == ["Import"] and window.job is not None
    release.set()
    pump_until(lambda: not window.background.queued and not window.is_busy(), 20)
    wait_idle(window)


def test_nothing_running_says_so(qtbot, make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(Project.open(tmp_path / "p.db"))
    window.show()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)
    assert window.background.menu is None
    assert window.statusBar().currentMessage() == "No background work is running or queued"


def test_a_cancelled_preannotation_still_stopping_queues_the_next(qtbot, make_window, tmp_path) -> None:  # noqa: ANN001
    held, gate, entered = held_preannotation(10)
    window = make_window(suggester=held)
    window.show()
    assert window.start_preannotation(asked=True)
    # cancel only once its thread is inside the suggester: on a loaded machine a thread cancelled
    # before it got there stops at once, and there is no stopping thread to queue behind
    pump_until(entered.is_set, 30)
    menu, rows = _open_menu(qtbot, window)
    assert rows[0] == "Pre-annotation — running: cancel it"
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert window.worker is None and window.background.stopping_worker()  # its thread waits in the suggester
    assert window.start_preannotation(asked=True)  # queued behind the stopping thread, not refused by its lease
    assert window.background.queued_titles() == ["Pre-annotation"]
    gate.set()
    pump_until(lambda: not window.background.queued and not window.is_busy(), 30)
    wait_idle(window)
