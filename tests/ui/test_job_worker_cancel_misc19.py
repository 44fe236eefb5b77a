"""Review leftover (s19): JobWorker dropped the result of a function that finished while a cancel
was pending but never saw it (a committed import, a written pipeline: reported "cancelled"); the
Train panel kept the result aside to work around it. A function that returns without having been
told to stop now delivers its result (``finished_after_cancel`` True); one that was told and
returned (a partial result, as the uncertainty scoring's) is still cancelled."""

from __future__ import annotations

import threading

import pytest

from annotator.formats.export_summary import ExportSummary
from annotator.storage.project import Project
from annotator.ui import transfer
from annotator.ui.workers import JobWorker
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(30)


def _gated(checks: bool) -> tuple[JobWorker, threading.Event, threading.Event]:
    """A job that waits for ``go`` (so the test can cancel meanwhile), asks ``cancelled()`` only
    when ``checks``, and returns a result either way."""
    waiting, go = threading.Event(), threading.Event()

    def fn(_report, cancelled):  # noqa: ANN001, ANN202
        waiting.set()
        go.wait(10)
        if checks and cancelled():
            return "partial"
        return "done"
    return JobWorker(fn), waiting, go


def test_a_job_that_finished_without_seeing_the_cancel_delivers_its_result(qtbot) -> None:  # noqa: ANN001
    job, waiting, go = _gated(checks=False)
    stopped: list[bool] = []
    job.cancelledWork.connect(lambda: stopped.append(True))
    with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
        job.start()
        assert waiting.wait(5)
        job.cancel()  # too late: the work is past its last check
        go.set()
    job.wait()
    assert blocker.args == ["done"] and job.finished_after_cancel and not stopped


def test_a_job_told_to_stop_is_cancelled_and_its_partial_result_dropped(qtbot) -> None:  # noqa: ANN001
    job, waiting, go = _gated(checks=True)
    got: list[object] = []
    job.succeeded.connect(got.append)
    with qtbot.waitSignal(job.cancelledWork, timeout=5000):
        job.start()
        assert waiting.wait(5)
        job.cancel()
        go.set()
    job.wait()
    assert got == [] and not job.finished_after_cancel
    plain, waiting, go = _gated(checks=True)  # no cancel: the result, not marked late
    with qtbot.waitSignal(plain.succeeded, timeout=5000) as blocker:
        plain.start()
        go.set()
    plain.wait()
    assert blocker.args == ["done"] and not plain.finished_after_cancel


def test_the_window_says_a_job_finished_before_the_cancel_took_effect(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """An export past its last check when Cancel came: its file is written, and the status bar
    said "Cancelled: Export" and nothing of the file (the result was dropped)."""
    release = threading.Event()

    def export_job(_path, _fmt, output, status="accepted"):  # noqa: ANN001, ANN202, ARG001
        def run(report, cancelled):  # noqa: ANN001, ANN202, ARG001 - never asks: past its last check
            release.wait(10)
            output.write_text("{}\n", encoding="utf-8")
            return ExportSummary(written="0 articles")
        return run

    monkeypatch.setattr(transfer, "export_job", export_job)
    window = make_window(Project.open(tmp_path / "p.db"))
    assert transfer.start_export(window, tmp_path / "out.jsonl", "jsonl")
    window.cancel_background()
    assert window.statusBar().currentMessage() == "Cancelled: Export"
    release.set()
    pump_until(lambda: window.statusBar().currentMessage().startswith("Export finished before the cancel took effect: "), 10)
    assert (tmp_path / "out.jsonl").exists()
