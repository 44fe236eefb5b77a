"""ui32 (user test): after File → Import the status bar said what was imported and what was
skipped for 10 s (``showMessage(…, 10000)``), so an analyst who looked away never saw it; the
export's line went the same way, the pre-annotation's after 30 s, a cancel's counts after 6 s.
Every line that carries a result (counts, what was skipped or left out, an error) is now said
until the next message replaces it (``Session.tell``, no timeout), comes back after a menu's
status tips pass over it (``KeptLine``), and is kept in the jobs menu's "Lately"; hints still
time out. Driven by keys where the window has them (Ctrl+I, Ctrl+E's dialogs faked, Shift+A,
Ctrl+., Alt+F)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from annotator.ui import transfer
from tests.ui.test_import_preannotates_ui21 import CTRL, _import_by_keys, _Recording
from tests.ui.test_train_dialog import reviewed_window  # noqa: F401 - the fixture
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(120)

#: the longest timeout an import's or export's line had before (ms): transfer.py's showMessage(…, 10000)
OLD_TIMEOUT_MS = 10_000


def _jsonl(path: Path) -> Path:
    """Two articles and one record that is not JSON (line 2): skipped, named in the line."""
    path.write_text(json.dumps({"text": "The mayor met officials from Oslo on Friday.", "title": "Harbour"}) + "\n"
                    + "{not json\n"
                    + json.dumps({"text": "The ferry to Paris was late again, the operator said.", "title": "Ferry"}) + "\n",
                    encoding="utf-8")
    return path


def _record(window) -> list[tuple[str, int]]:  # noqa: ANN001
    said: list[tuple[str, int]] = []
    window.session.message.connect(lambda text, ms: said.append((text, ms)))
    return said


def test_the_import_summary_outlives_its_old_timeout_and_a_menu(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    # the import's own line alone (its old timeout 10 s; the line of the pre-annotation that follows
    # an import had 30 s, and carries it: test_the_run_after_the_import_carries_the_summary below)
    project.set_setting("auto_preannotate", "0")
    window = make_window(project)
    said = _record(window)
    _import_by_keys(qtbot, window, monkeypatch, _jsonl(tmp_path / "news.jsonl"))
    wait_idle(window)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles (0 already there), 0 spans, 0 relations; "), line
    # ui32: what was skipped is in the line, not only in the box that goes once closed
    # by the file's name (the box names the whole path)
    assert "; 1 bad record was skipped (first: news.jsonl:2: is not valid JSON" in line and line.endswith(")"), line
    assert [ms for text, ms in said if text.startswith("Imported")] == [0]  # said once, never timed out

    QTest.qWait(OLD_TIMEOUT_MS + 500)  # past the old timeout: still there
    assert window.statusBar().currentMessage() == line
    assert list(window.background.recent)[-1] == line  # and in "Lately"

    # File menu opened by Alt+F and walked by arrow keys: its entries' status tips (most are empty)
    # used to clear the bar; the line comes back when they pass
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    pump_until(lambda: isinstance(QApplication.activePopupWidget(), QMenu), 5)
    menu = QApplication.activePopupWidget()
    for _ in range(4):
        QTest.keyClick(menu, Qt.Key.Key_Down)
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    QTest.keyClick(window.menuBar(), Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.statusBar().currentMessage() == line
    # what Qt sends as the pointer leaves an entry with no tip, and one with a tip
    QApplication.sendEvent(window, QStatusTipEvent("Import articles from files"))
    assert window.statusBar().currentMessage() == "Import articles from files"
    QApplication.sendEvent(window, QStatusTipEvent(""))
    assert window.statusBar().currentMessage() == line

    # a hint replaces it and times out, as hints do; the summary is still in "Lately"
    window.session.say("Select a span first (Tab, or click one)", 300)
    assert window.statusBar().currentMessage().startswith("Select a span first")
    QTest.qWait(600)
    assert window.statusBar().currentMessage() == ""
    QApplication.sendEvent(window, QStatusTipEvent(""))  # replaced: not brought back by a menu
    assert window.statusBar().currentMessage() == ""
    assert line in window.background.recent
    pump_until(lambda: not window._retired, 20)


def test_the_run_after_the_import_carries_the_summary_until_replaced(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    said = _record(window)
    _import_by_keys(qtbot, window, monkeypatch, _jsonl(tmp_path / "news.jsonl"))
    wait_idle(window)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles (0 already there), 0 spans, 0 relations; 1 bad record was skipped"), line
    assert line.endswith("; then pre-annotated 2 articles: 2 suggestions, 2 new"), line
    assert {ms for text, ms in said if text.startswith("Imported")} == {0}  # both lines: never timed out
    lately = list(window.background.recent)
    assert lately[-1] == line and not any(r.startswith("Imported") for r in lately[:-1]), lately  # one line in "Lately"
    pump_until(lambda: not window._retired, 20)


def test_export_cancel_and_bulk_accept_lines_are_said_until_replaced(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    gate = threading.Event()
    window = make_window(project, suggester=_Recording(gate))
    said = _record(window)

    out = tmp_path / "out.jsonl"
    assert transfer.start_export(window, out, "jsonl")
    wait_idle(window)
    exported = window.statusBar().currentMessage()
    assert exported.startswith("Exported 3 articles") and f"(accepted annotations) to {out}" in exported, exported
    assert (exported, 0) in said and exported in window.background.recent

    # a cancel says how far the work got: until replaced too
    _import_by_keys(qtbot, window, monkeypatch, _jsonl(tmp_path / "news.jsonl"))
    pump_until(lambda: window.job is None and window.worker is not None, 20)
    pump_until(lambda: window.worker is not None and window.worker.total == 2, 20)  # its articles listed
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Period, CTRL)
    cancelled = window.statusBar().currentMessage()
    assert cancelled.startswith("Cancelled: Pre-annotation after 0 of 2 articles; 2 left: "), cancelled
    assert (cancelled, 0) in said and cancelled in window.background.recent
    gate.set()
    pump_until(lambda: not window._retired, 20)

    # Shift+A: how many were accepted (the "one more" line found: 4-8 s before)
    window.open_article(project.article_ids()[0])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    accepted = window.statusBar().currentMessage()
    assert re.match(r"Accepted \d+ suggestions?", accepted), accepted
    assert (accepted, 0) in said and accepted in window.background.recent

    # hints keep their timeouts
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert said[-1] == ("No pending suggestions to accept", 3000)


def test_a_result_line_is_forgotten_when_another_project_is_shown(make_window, tmp_path) -> None:  # noqa: ANN001
    from annotator.storage.project import Project

    window = make_window(make_project(tmp_path / "p.db"))
    window.session.tell("Exported 3 articles to p.jsonl")
    assert window.kept_line.kept == "Exported 3 articles to p.jsonl"
    window.change_project(Project.open(tmp_path / "q.db"))
    QApplication.sendEvent(window, QStatusTipEvent(""))
    assert "p.jsonl" not in window.statusBar().currentMessage()  # p.db's line is not q.db's
    wait_idle(window)


def test_a_training_run_says_its_end_in_the_status_bar_until_replaced(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """The Train panel shows the run's results; the window's status bar said nothing of its end
    (the panel may be closed, Esc, while the run goes on). Now it says it, until replaced."""
    from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push

    window = reviewed_window
    said = _record(window)
    trainer = FakeTrainer()
    trainer.edited.set()
    dialog = _open_dialog(window, trainer)
    dialog.steps.setValue(3)
    _push(dialog.start_button)
    pump_until(lambda: dialog.result is not None and not dialog.is_running(), 15)
    line = window.statusBar().currentMessage()
    assert line.startswith(f"Training on {window.project.path.name} finished: Trained ORG, PERSON on "), line
    assert f"Written to {dialog.result.output}." in line
    assert (line, 0) in said and line in window.background.recent


def test_a_long_result_line_is_elided_between_whole_words(make_window, tmp_path) -> None:  # noqa: ANN001
    """The screenshot of ui32's import at 1380 px read "…skipped (first…lumn 2); each line …": the
    middle elision cut a word on both sides of the "…". Now it cuts between words."""
    from annotator.ui.status_room import elide_middle_at_words

    line = ("Imported 2 new articles (0 already there), 0 spans, 0 relations; 1 bad record was skipped (first: "
            f"{tmp_path}/news.jsonl:2: is not valid JSON (Expecting property name enclosed in double quotes at "
            "column 2); each line must be one JSON object); then pre-annotated 2 articles: 8 suggestions, 8 new")
    window = make_window(make_project(tmp_path / "p.db"))
    window.resize(1380, 800)
    window.session.tell(line)
    QApplication.processEvents()
    bar = window.statusBar()
    metrics = bar.fontMetrics()
    for width in (bar.message_rect().width(), 500, 700, 900):
        shown = elide_middle_at_words(line, metrics, width)
        assert metrics.horizontalAdvance(shown) <= width
        head, sep, tail = shown.partition(" … ")
        assert sep, shown
        assert line.startswith(head + " ") and line.endswith(" " + tail), shown  # whole words on both sides
    assert bar.shown_text() == elide_middle_at_words(line, metrics, bar.message_rect().width())
    assert elide_middle_at_words("Saved.", metrics, 500) == "Saved."
