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


def test_a_child_started_by_a_lowered_thread_is_not_lowered_twice() -> None:
    """The pre-annotation worker thread lowers itself before it starts the pipeline's child,
    which inherits that niceness; the child then lowers itself only to the niceness it was
    given, not by another BACKGROUND_NICENESS (a fresh process: niceness cannot be raised back)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = """
import json, os
from annotator.nlp.background_priority import start_at_background_priority as start
base = os.nice(0)
given = start(lambda: os.nice(0), niceness=base + 3) - base
again = start(lambda: os.nice(0), niceness=base) - base
plain = start(lambda: os.nice(0)) - base
print(json.dumps([given, again, plain]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    base = os.nice(0)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [3, 3, min(19, base + 13) - base]


def test_the_preannotation_worker_thread_lowers_itself_before_starting_the_child(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from annotator.domain.model import Article
    from annotator.ui import workers
    from tests.ui import process_fakes
    from tests.ui.test_window_support import make_project

    lowered: list[bool] = []
    monkeypatch.setattr(workers, "lower_thread_priority", lambda *a: lowered.append(threading.current_thread() is not threading.main_thread()))
    original = workers.PreannotateProcessWorker.__init__

    def init(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **{**kwargs, "work_fn": process_fakes.light_work,
                                 "start_fn": process_fakes.light_start})

    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", init)
    project = make_project(tmp_path / "p.db", suggest=False)
    project.add_article(Article(id=None, text="Ferries stopped at noon when the wind rose.", title="Ferries"))
    window = make_window(project, loader=None, suggester=None)
    assert window.start_preannotation()
    pump_until(lambda: window.worker is None, timeout=60)
    assert lowered == [True]  # once, in the worker thread, not on the UI thread
