"""Never losing work: each edit is in the file when the key returns; errors are told, not hidden."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Status
from annotator.storage.project import Project
from tests.ui.test_window_support import ALPHA, make_project, make_window, no_modals, offsets  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def test_edit_then_reopen_in_a_new_window(make_window, tmp_path, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    path = window.project.path
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    accepted = window.selected_id
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    start, end = offsets(ALPHA, "Monday")
    window.view.set_selection(start, end)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_8)  # CLAIM
    assert "Saved" in window.saved_label.text()
    other = make_window(Project.open(path))
    assert other.state.article_id == window.state.article_id
    assert other.state.spans[accepted].status == Status.ACCEPTED
    assert other.state.spans[accepted].by == "ana"
    assert any((s.start, s.end, s.label) == (start, end, "CLAIM") for s in other.state.spans.values())


def test_disk_full_is_reported_and_the_edit_not_shown(make_window, no_modals, monkeypatch, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    span_id = window.selected_id

    def full(*_a, **_k):  # noqa: ANN002, ANN003
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(window.project, "apply", full)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    assert window.state.spans[span_id].status == Status.SUGGESTED
    assert window.selected_id == span_id  # did not advance as if done
    assert window.undo_stack.count() == 0  # the failed edit is not on the stack
    assert no_modals and "disk holding" in no_modals[-1][1] and "Free some space" in no_modals[-1][1]
    assert "NOT saved" in window.statusBar().currentMessage()


def test_conflicting_undo_is_reported_and_dropped(make_window, no_modals, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    span_id = window.selected_id
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)
    # another program changes the span behind the window's back
    con = sqlite3.connect(window.project.path)
    con.execute("UPDATE spans SET label = 'ORG' WHERE id = ?", [span_id])
    con.commit()
    con.close()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert no_modals and "changed elsewhere" in no_modals[-1][1]
    assert window.undo_stack.count() == 0
    assert window.state.spans[span_id].label == "ORG"  # reloaded from the file


KILLER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from annotator.storage.project import Project
    from annotator.ui.window import MainWindow
    from annotator.ui.settings import Settings
    s = Settings(); s.set_analyst("ana")
    w = MainWindow(Project.open(sys.argv[1]), settings=s, loader=lambda: None, suggester=lambda p, t: None)
    w.show()
    n = 0
    while True:
        w.step_suggestion(1)
        span = w.selected_span()
        if span is None:
            w.step_article(1)
            continue
        w.accept_selected() if n % 2 == 0 else w.reject_selected()
        print("ACK", span.id, flush=True)
        n += 1
        if n == 3:
            print("READY", flush=True)
    """
)


def test_killing_the_process_loses_nothing_acknowledged(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "kill.db"
    make_project(path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    acked = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ACK"):
            acked.append(line.split()[1])
        if line.startswith("READY"):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    statuses = dict(con.execute("SELECT id, status FROM spans").fetchall())
    con.close()
    assert acked and all(statuses[i] in ("accepted", "rejected") for i in acked)


import pytest  # noqa: E402

from annotator.domain.errors import EditConflict  # noqa: E402
from annotator.ui.window import describe_error  # noqa: E402


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (sqlite3.OperationalError("database or disk is full"), "Free some space"),
        (sqlite3.OperationalError("database is locked"), "another program is writing"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "Check the permissions"),
        (sqlite3.DatabaseError("database disk image is malformed"), "Copy the file somewhere safe"),
        (EditConflict("span 1 was changed elsewhere; reload the article"), "make the change again"),
        (OSError(28, "No space left on device"), "No space left on device"),
    ],
)
def test_error_messages_say_what_to_do(exc, expected, tmp_path) -> None:  # noqa: ANN001
    message = describe_error(exc, tmp_path / "news.db")
    assert expected in message and ("news.db" in message or isinstance(exc, EditConflict))
