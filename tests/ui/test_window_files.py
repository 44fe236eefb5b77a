"""The window on read-only and damaged project files; backups on open and on a timer; File →
Restore backup… (issue 8)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Status
from annotator.storage import backup as backups
from annotator.storage import project as project_module
from annotator.storage.project import DamagedProjectError, Project
from annotator.ui import dialogs
from tests.core.damage import dump, write_garbage
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until  # noqa: F401 - fixtures


def wait_for_backup(window, runs: int = 1) -> object:  # noqa: ANN001
    """Let the window's backup thread finish its ``runs``-th backup; its result."""
    pump_until(lambda: window.file_guard.runs >= runs)
    return window.file_guard.last_result


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The repair dialog picks its first offer at once; what it offered is recorded."""
    offered: list[tuple[str, str, list[tuple[str, str]]]] = []

    def choose(_parent, title, text, options):  # noqa: ANN001
        offered.append((title, text, options))
        return options[0][0] if options else None

    monkeypatch.setattr(dialogs, "choose", choose)
    return offered


def test_a_read_only_project_says_so_and_refuses_edits_before_trying(make_window, no_modals, tmp_path, monkeypatch, qtbot) -> None:  # noqa: ANN001
    path = tmp_path / "ro.db"
    make_project(path).close()
    records = dump(path)
    monkeypatch.setattr(project_module, "can_write", lambda p: Path(p).resolve() != path.resolve())
    window = make_window(Project.open(path))
    assert window.project.read_only
    assert "[read-only]" in window.windowTitle()
    assert window.saved_label.text().startswith("Read-only") and "All changes saved" not in window.saved_label.text()
    assert window.info_bar.isVisible() and "read-only" in window.info_bar.text.text()
    calls = []
    monkeypatch.setattr(window.project, "apply", lambda *a, **k: calls.append(a))  # any attempt would show here
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    span_id = window.selected_id
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    assert calls == [] and window.undo_stack.count() == 0
    assert window.state.spans[span_id].status == Status.SUGGESTED
    assert "read-only" in window.statusBar().currentMessage()
    assert not [m for m in no_modals if "Edit not saved" in m[1]]
    assert window.start_preannotation() is False
    assert window.saved_label.text().startswith("Read-only")
    window.project.close()
    assert dump(path) == records
    assert backups.list_backups(path) == []  # nothing to back up: it cannot change


def test_a_failed_save_is_never_shown_as_all_changes_saved(make_window, monkeypatch, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    assert "All changes saved" in window.saved_label.text()
    real_apply = window.project.apply

    def failing(*_a, **_k):  # noqa: ANN002, ANN003
        # fixut16b: a full disk, which the next edit may find freed; an I/O error or a read-only
        # file now makes the window read-only (tests/ui/test_file_moved_fixut16b.py)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(window.project, "apply", failing)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    assert window.saved_label.text().startswith("Last edit NOT saved")
    monkeypatch.setattr(window.project, "apply", real_apply)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    assert window.saved_label.text().startswith("Saved ")


def test_the_window_backs_up_on_open_and_on_its_timer_only_when_changed(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    first = wait_for_backup(window)
    assert isinstance(first, backups.Backup) and first.kind == "auto"
    assert window.file_guard.timer.interval() == backups.INTERVAL_MINUTES * 60_000 and window.file_guard.timer.isActive()
    assert window.file_guard.backup_now()  # the timer's tick
    assert wait_for_backup(window, 2) is None  # unchanged: no new copy
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    window.file_guard.backup_now()
    second = wait_for_backup(window, 3)
    assert isinstance(second, backups.Backup)
    assert [b.path for b in backups.list_backups(window.project.path)] == [second.path, first.path]
    with backups.read_only_connection(second.path, immutable=True) as conn:
        assert conn.execute("SELECT count(*) FROM spans WHERE status = 'accepted'").fetchone()[0] == 1


def test_file_restore_backup_puts_it_back_and_keeps_the_current_file(make_window, no_modals, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    wait_for_backup(window)
    path = window.project.path
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    assert len(window.project.spans(window.state.article_id, statuses=[Status.ACCEPTED])) == 1
    window.actions_by_id["restore_backup"].trigger()  # the first (newest) backup is picked
    assert window.project.path == path and window.project.db.conn is not None
    assert all(s.status != Status.ACCEPTED for a in window.project.article_ids() for s in window.project.spans(a))
    kinds = [b.kind for b in backups.list_backups(path)]
    assert "before-restore" in kinds
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_restoring_while_another_window_has_the_file_open_is_refused(make_window, no_modals, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    wait_for_backup(window)
    path = window.project.path
    before = dump(path)
    with Project.open(path):
        window.restore_backup()
    assert no_modals and "open in another window" in no_modals[-1][1]
    assert window.state is not None and window.project.article_ids()  # the window goes on, reopened
    assert dump(path) == before


def test_damage_found_by_the_background_check_offers_the_newest_good_backup(make_window, chosen, tmp_path, qtbot) -> None:  # noqa: ANN001
    path = tmp_path / "damaged.db"
    make_project(path).close()
    good = backups.snapshot(path)
    records = dump(path, ("spans", "relations"))
    write_garbage(path, "changes")  # not what opening checks or the window reads: found by the backup's check
    window = make_window(Project.open(path))
    pump_until(lambda: chosen)
    title, text, options = chosen[0]
    assert "damaged" in title and "changes is damaged" in text and good.when in text
    assert options == [("restore", f"Restore backup of {good.when}")]
    pump_until(lambda: not window.file_guard.busy())
    assert dump(path, ("spans", "relations")) == records
    assert window.state is not None and len(window.project.spans(window.state.article_id)) > 0


def test_a_damaged_index_is_rebuilt_when_opening(make_window, chosen, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "index.db"
    make_project(path).close()
    records = dump(path, ("spans", "relations"))
    write_garbage(path, "articles_fts_data")
    window = make_window()
    assert window.switch_project(path)
    assert chosen[0][2][0] == ("rebuild", "Rebuild search index")
    assert window.project.path == path and window.project.search("Kremlin")
    assert dump(path, ("spans", "relations")) == records


def test_a_database_error_in_the_window_is_checked_and_repaired(make_window, chosen, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "later.db"
    make_project(path).close()
    window = make_window(Project.open(path))
    wait_for_backup(window)
    window.project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages are in the file, not the WAL
    # garbage inside index blobs, under the open window (the page's tail: its cells; since
    # migration 0008 a status edit no longer re-indexes the text, and the one leaf is mostly free space)
    write_garbage(path, "articles_fts_data", whole=False, tail=True)
    window.database_failed(sqlite3.DatabaseError("database disk image is malformed"))
    assert chosen and chosen[0][2][0][0] == "rebuild"
    assert window.project.search("Kremlin")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


def test_launch_offers_the_repair_of_a_damaged_project(chosen, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "launch.db"
    make_project(path).close()
    write_garbage(path, "articles_fts_data")
    with pytest.raises(DamagedProjectError) as caught:
        Project.open(path)
    project = dialogs.repair_before_opening(None, caught.value)
    assert project is not None and project.search("Kremlin")
    project.close()


def test_a_window_that_cannot_read_its_project_offers_the_repair(chosen, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from annotator.ui import launch

    path = tmp_path / "spans.db"
    make_project(path).close()
    good = backups.snapshot(path)
    records = dump(path, ("spans", "relations"))
    write_garbage(path, "spans")  # the window reads spans as it opens the first article
    shown = []
    monkeypatch.setattr(launch, "_show", lambda window: shown.append(window))
    from annotator.ui.window import MainWindow

    window = launch.open_window(path, window_type=MainWindow)
    assert window is not None and shown == [window]
    assert chosen[0][2] == [("restore", f"Restore backup of {good.when}")]
    assert dump(path, ("spans", "relations")) == records
    window.close()
    window.shutdown()


def test_a_database_error_escaping_a_slot_reaches_the_window(make_window, monkeypatch) -> None:  # noqa: ANN001
    import sys

    from annotator.ui import launch

    window = make_window()
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: None)  # restored after the test
    monkeypatch.setattr(window, "database_failed", seen.append)
    launch.install_database_error_hook(window)
    error = sqlite3.DatabaseError("database disk image is malformed")
    sys.excepthook(type(error), error, None)
    sys.excepthook(ValueError, ValueError("not ours"), None)
    assert seen == [error]


def test_the_backup_thread_yields_the_cpu_to_the_ui_thread(make_window, monkeypatch) -> None:  # noqa: ANN001
    """The open-time backup copies and checks the whole file (seconds at 50,000 articles) while the
    analyst starts working: it runs at background priority, the UI thread's own is unchanged."""
    import os
    import sys
    import threading

    from annotator.ui import file_safety

    seen: list[tuple[str, int | None]] = []
    real = file_safety.lower_thread_priority

    def recording() -> int | None:
        niceness = real()
        seen.append((threading.current_thread().name, niceness))
        return niceness

    monkeypatch.setattr(file_safety, "lower_thread_priority", recording)
    before = os.getpriority(os.PRIO_PROCESS, 0) if sys.platform.startswith("linux") else None
    window = make_window()
    wait_for_backup(window)
    assert [name for name, _ in seen] == ["annotator-backup"]
    if sys.platform.startswith("linux"):
        assert seen[0][1] == min(19, before + 10)  # the thread's own niceness, raised
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # the UI thread's: untouched
