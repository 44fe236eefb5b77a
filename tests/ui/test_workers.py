"""The pipeline loads and pre-annotates in a thread: the window keeps working, cancel is at once."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Status
from annotator.ui.workers import JobWorker, PreannotateWorker
from tests.ui.test_window_support import (  # noqa: F401
    FakePipeline,
    fake_suggester,
    make_project,
    pump_until,
    make_window,
    no_modals,
    slow_loader,
)


def test_event_loop_keeps_running_while_the_pipeline_loads(make_window, tmp_path, qtbot) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    window = make_window(project, loader=slow_loader(1.5))
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    started = time.monotonic()
    assert window.start_preannotation()
    assert time.monotonic() - started < 0.2  # starting does not wait for the load
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_3)  # the window answers keys meanwhile
    qtbot.wait(600)
    assert window.worker is not None  # still loading ...
    assert len(ticks) >= 30, f"event loop stalled: {len(ticks)} ticks in 600 ms"
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert max(gaps) < 0.2, f"longest stall {max(gaps):.3f}s"
    pump_until(lambda: window.worker is None)
    timer.stop()
    assert window.state.pending_count() > 0  # suggestions of the open article appeared
    assert not window.progress.isVisible()
    assert window.pipeline_label.text() == "fake 1.0"


def test_open_article_suggestions_come_first(make_window, tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    window = make_window(project)
    order = []
    window.suggestionsStored.connect(lambda aid, _n: order.append(aid))
    window.open_article(project.article_ids()[-1])
    window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert order[0] == project.article_ids()[-1] and sorted(order) == project.article_ids()


def test_cancel_while_loading_returns_at_once_and_stores_nothing(make_window, tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    window = make_window(project, loader=slow_loader(1.0))
    window.start_preannotation()
    worker = window.worker
    QApplication.processEvents()
    started = time.monotonic()
    window.cancel_background()
    assert time.monotonic() - started < 0.05
    assert window.worker is None and not window.progress.isVisible()
    assert "Cancelled" in window.statusBar().currentMessage()
    assert worker.wait(5000)
    QApplication.processEvents()
    assert window.project.spans(window.state.article_id) == []
    assert window.start_preannotation()  # can start again
    pump_until(lambda: window.worker is None)
    assert window.state.pending_count() > 0


def test_cancel_between_articles(tmp_path, qtbot) -> None:  # noqa: ANN001
    # The articles after the first wait on a gate that opens only once cancel() was called, so
    # the test does not depend on the main thread reaching cancel() within a sleep (under load it
    # did not, and the still-running thread then crashed the interpreter at teardown).
    seen = []
    gate = threading.Event()

    def gated_suggest(pipeline, text):  # noqa: ANN001
        if text != "a":
            gate.wait(10)
        return fake_suggester(pipeline, text)

    worker = PreannotateWorker([(1, "a"), (2, "b"), (3, "c")], suggester=gated_suggest, pipeline=FakePipeline())
    worker.articleSuggested.connect(lambda aid, _s: seen.append(aid))
    try:
        with qtbot.waitSignal(worker.articleSuggested, timeout=5000):
            worker.start()
        with qtbot.waitSignal(worker.finishedWork, timeout=5000) as blocker:
            worker.cancel()
            gate.set()
        assert blocker.args == [True] and seen == [1]
    finally:
        gate.set()
        worker.wait(5000)


def test_rule_only_notice_is_shown_once(make_window, tmp_path) -> None:  # noqa: ANN001
    def rule_only():
        return FakePipeline(name="rule-only", rule_only=True, notice="No trained spaCy pipeline is installed.")

    project = make_project(tmp_path / "p.db", suggest=False)
    window = make_window(project, loader=rule_only)
    window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert window.info_bar.isVisible() and "No trained spaCy pipeline" in window.info_bar.text.text()
    assert window.pipeline_label.text().startswith("Rules only")
    window.info_bar.hide()
    window.pipeline = None
    window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert not window.info_bar.isVisible()  # one time only; the run's summary is in its own notice (ui10n)
    assert window.summary_bar.isVisible() and "No trained spaCy pipeline" not in window.summary_bar.text.text()


def test_pipeline_failure_is_reported(make_window, tmp_path) -> None:  # noqa: ANN001
    def broken():
        raise OSError("model files missing")

    window = make_window(make_project(tmp_path / "p.db", suggest=False), loader=broken)
    window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert "model files missing" in window.statusBar().currentMessage()


def test_job_worker_reports_result_and_errors(qtbot) -> None:  # noqa: ANN001
    job = JobWorker(lambda report, cancelled: (report(1, 1, "x"), 42)[1])
    with qtbot.waitSignal(job.succeeded, timeout=3000) as blocker:
        job.start()
    assert blocker.args == [42]
    job.wait()
    bad = JobWorker(lambda report, cancelled: 1 / 0)
    with qtbot.waitSignal(bad.failed, timeout=3000) as blocker:
        bad.start()
    assert "division" in blocker.args[0]
    bad.wait()


def test_suggestions_do_not_disturb_a_decided_span(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    window.step_suggestion(1)
    decided = window.selected_id
    window.accept_selected()
    window.start_preannotation([window.state.article_id])
    pump_until(lambda: window.worker is None)
    assert window.state.spans[decided].status == Status.ACCEPTED
