"""Issue 12 (launch13): what the launch leaves until the window has painted, and the priority of
the open-time index check's thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QLabel

from annotator.ui import launch
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures


def test_after_first_paint_runs_once_after_the_widget_paints() -> None:
    QApplication.instance() or QApplication([])
    ran: list[bool] = []
    painted: list[bool] = []

    class Probe(QLabel):
        def paintEvent(self, event):  # noqa: ANN001, N802 - Qt's name
            painted.append(True)
            super().paintEvent(event)

    widget = Probe("a label")
    launch.after_first_paint(widget, lambda: ran.append(bool(painted)))
    widget.show()
    pump_until(lambda: ran)
    widget.repaint()
    QApplication.processEvents()
    assert ran == [True]  # after a paint, and once
    widget.close()


def test_after_first_paint_runs_anyway_when_no_paint_comes(monkeypatch) -> None:  # noqa: ANN001
    """A window that never paints (shown minimised, on no screen) still gets its launch work."""
    QApplication.instance() or QApplication([])
    monkeypatch.setattr(launch, "FIRST_PAINT_WAIT_MS", 50)
    ran: list[bool] = []
    widget = QLabel("never shown")
    launch.after_first_paint(widget, lambda: ran.append(True))
    pump_until(lambda: ran, timeout=5)
    assert ran == [True]


def test_the_index_check_thread_yields_the_cpu_to_the_ui_thread(make_window, monkeypatch) -> None:  # noqa: ANN001
    from annotator.nlp import background_priority

    lowered: list[str] = []
    monkeypatch.setattr(background_priority, "lower_thread_priority", lambda *a: lowered.append(threading.current_thread().name))
    window = make_window()
    check = launch.IndexCheck(window)
    check.thread.join(20)
    assert lowered == ["annotator-index-check"]
    pump_until(lambda: check.done)
    assert check.error is None
