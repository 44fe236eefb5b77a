"""usertest22 M1, by keys: after Ctrl+. cancelled a run, File → Pre-annotate articles redid every
article, those done included. Now it does by default only the articles the pipeline in use has
not pre-annotated; its box says both counts and offers all of them again (Alt+A). The cancel line
counts what is left, the queued import's articles too."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.ui import dialogs
from tests.ui.test_cancel_counts_ui23 import _FirstOnly
from tests.ui.test_import_preannotates_ui21 import CTRL, _csv, _import_by_keys
from tests.ui.test_window_support import fake_suggester, make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(90)
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
REAL_ASK = dialogs.ask


class _Counting:
    """fake_suggester counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, pipeline: object, text: str):  # noqa: ANN204
        self.calls += 1
        return fake_suggester(pipeline, text)


def _cancelled_after_one(qtbot, window, suggester) -> None:  # noqa: ANN001
    """The launch's run over the 3 articles, cancelled by Ctrl+. once the first is stored."""
    assert window.start_preannotation(asked=False)
    pump_until(lambda: window.worker is not None and getattr(window.worker, "saved", 0) == 1, 20)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Period, CTRL)
    suggester.gate.set()
    pump_until(lambda: not window._retired, 20)


def _answer_box(button: str, seen: list[str], tries: int = 200) -> None:
    """Once the question box is up: note its text and buttons, then press Space on the button
    whose text starts with ``button`` ("" : Return, the default button)."""
    from PySide6.QtTest import QTest

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        if tries:
            QTimer.singleShot(20, lambda: _answer_box(button, seen, tries - 1))
        return
    seen.append(box.text())
    seen.extend(b.text() for b in box.buttons())
    if not button:
        QTest.keyClick(box, Qt.Key.Key_Return)
        return
    target = next(b for b in box.buttons() if b.text().startswith(button))
    target.setFocus()
    QTest.keyClick(target, Qt.Key.Key_Space)


@pytest.mark.parametrize("keys,done", [("", 2), ("&All", 3)])
def test_file_preannotate_after_a_cancel_does_the_rest_or_all_as_asked(qtbot, make_window, tmp_path, monkeypatch, keys, done) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)  # 3 articles never pre-annotated
    first = _FirstOnly()
    window = make_window(project, suggester=first)
    _cancelled_after_one(qtbot, window, first)
    stamped = {i: project.preannotation(i) for i in project.article_ids()}
    assert sum(v is not None for v in stamped.values()) == 1
    counting = _Counting()
    window.preannotator._suggester = counting  # the next run's suggester (the same pipeline, "fake 1.0")
    monkeypatch.setattr(dialogs, "ask", REAL_ASK)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_box(keys, seen))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)  # File → Pre-annotate articles
    pump_until(lambda: window.worker is None and not window._retired, 30)
    assert seen[0].startswith("2 not yet pre-annotated by fake 1.0; all 3 ")
    assert "&Only the 2 not yet pre-annotated" in seen and "&All 3 again" in seen
    assert counting.calls == done
    done_one = next(i for i, v in stamped.items() if v is not None)
    if done == 2:  # the one done before is left as it was
        assert project.preannotation(done_one) == stamped[done_one]


def test_no_question_when_nothing_was_pre_annotated_and_esc_starts_nothing(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    counting = _Counting()
    window = make_window(project, suggester=counting)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda *a: asked.append(a[2]) or None)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    pump_until(lambda: window.worker is None and not window._retired, 30)
    assert asked == [] and counting.calls == 3  # all 3 to do: no question
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)  # all pre-annotated now: the box offers "All 3 again" alone
    assert asked == ["0 not yet pre-annotated by fake 1.0; all 3 (the articles not marked done or reviewed).\n\n"
                     "Pre-annotating an article again adds the suggestions it lacks; decisions stay as they are."]
    assert window.worker is None and counting.calls == 3
    assert window.statusBar().currentMessage() == "Pre-annotation not started"


def test_the_cancel_line_counts_the_queued_imports_articles(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)  # 3 articles never pre-annotated
    gate = threading.Event()

    def held(pipeline, text):  # noqa: ANN001, ANN202
        gate.wait(30)
        return fake_suggester(pipeline, text)

    window = make_window(project, suggester=held)
    assert window.start_preannotation(asked=False)  # as the launch's run
    pump_until(lambda: window.worker is not None and window.worker.total == 3, 10)
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "two.csv", "C\nThe Kremlin said so.", "D\nOslo agreed."))
    pump_until(lambda: window.job is None and window.worker.total == 5, 20)  # ui30: the running run takes them next
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Period, CTRL)
    assert window.statusBar().currentMessage() == (
        "Cancelled: Pre-annotation after 0 of 5 articles; 5 left: pre-annotated at the next launch or by File → "
        "Pre-annotate articles")  # ui30: the import's 2 joined the running run (was "with the 2 of the queued import")
    gate.set()
    pump_until(lambda: not window._retired, 20)
