"""usertest13 F5–F7: the status bar and the jobs menu say what happened and what runs.

F5: the status bar cut "Import queued: it starts when the running work ends…" to ~40 characters
with no way to read the rest; now the essentials come first, the whole line is the bar's tooltip
and the jobs menu repeats the latest lines in full. F6: "Cancelled: Export" was replaced by the
queued import's summary 0.3 s later, and Cancel all named only what had been queued. F7: the
indicator spoke of an export while the menu's first (active) entry was the pre-annotation, so
Return cancelled the work the bar did not mention. Driven by keys (Ctrl+Shift+J, Return, Ctrl+.)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.ui.jobs_menu_support import export_running_import_queued, open_menu, preannotation_and_export_running_import_queued
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(90)


def test_a_queued_line_puts_the_essentials_first_and_the_whole_line_is_reachable(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window, release = export_running_import_queued(make_window, tmp_path, monkeypatch)
    line = window.statusBar().currentMessage()
    assert line.startswith("Import queued after Export"), line  # the first 40 characters say it
    assert window.statusBar().toolTip() == line  # the whole line, however narrow the bar
    menu = open_menu(qtbot, window)
    lately = [a.text() for a in menu.actions() if not a.isEnabled() and not a.isSeparator()]
    assert line in lately  # in full, in the menu too
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    indicator = window.background._progress
    assert indicator.label.toolTip() == indicator.label.text()
    release.set()
    wait_idle(window)
    pump_until(lambda: not window._retired, 20)


def test_a_cancel_is_still_said_after_the_queued_job_it_let_run(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "p.db")
    window, _release = export_running_import_queued(make_window, tmp_path, monkeypatch, project)  # only its cancel ends it
    before = len(project.article_ids())  # the import waits behind the held export: it has not run
    menu = open_menu(qtbot, window)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # the running export, cancelled alone
    pump_until(lambda: len(project.article_ids()) == before + 1 and not window.is_busy(), 20)
    wait_idle(window)
    line = window.statusBar().currentMessage()
    assert line.startswith("Cancelled: Export; still queued: Import. Then: "), line
    assert "import" in line.lower().split("then: ", 1)[1], line  # the import's own summary follows
    pump_until(lambda: not window._retired, 20)


def test_cancel_all_names_what_was_running_and_what_never_started(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window, _release, gate = preannotation_and_export_running_import_queued(make_window, tmp_path, monkeypatch)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    # usertest21 M3: how far the pre-annotation got and what becomes of the rest
    assert window.statusBar().currentMessage() == (
        "Cancelled: Export, Pre-annotation after 0 of 3 articles; the rest are as they were: File → Pre-annotate "
        "articles → All again runs them again; not started: Import")  # an asked run over all (start_preannotation())
    gate.set()
    pump_until(lambda: not window._retired, 30)


def test_the_bar_names_all_running_work_and_the_menu_starts_on_the_one_it_shows(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window, release, gate = preannotation_and_export_running_import_queued(make_window, tmp_path, monkeypatch)
    label = window.background._progress.label.text()
    assert "also running: Export" in label and label.endswith("— queued: Import"), label
    menu = open_menu(qtbot, window)
    assert menu.activeAction().text() == "Pre-annotation — running: cancel it"  # what the bar's line is about
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    pump_until(lambda: window.background.menu is None, 10)
    assert window.worker is None and window.job is not None  # the export goes on
    label = window.background._progress.label.text()
    assert label.startswith("Export") and "also running" not in label, label  # the bar goes over to it
    menu = open_menu(qtbot, window)
    assert menu.activeAction().text() == "Export — running: cancel it"
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    gate.set()
    release.set()
    pump_until(lambda: not window.is_busy() and not window.background.queued, 30)
    pump_until(lambda: not window._retired, 30)
