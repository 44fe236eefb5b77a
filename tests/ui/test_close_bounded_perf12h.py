"""Closing the window never waits without a bound (issue 12, perf12h).

* An export whose second process is stuck: closing the window cancels it; the job asks the
  process to stop, terminates it after ``stream_pool.STOP_WAIT``, and ``shutdown`` returns with no
  thread left, nothing at the export's path.
* A second process killed mid-export (SIGKILL, sent by the test): the window says so in one message,
  nothing written.
* A thread that ignores the cancel: ``shutdown`` gives up after its bound and names it, so the
  launcher leaves the process (``launch.leave_now``) instead of hanging or aborting.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from annotator.formats import stream_pool
from annotator.ui import transfer
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.timeout(90)


def _export_children() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "annotator-export-part"]


def _child_does(monkeypatch: pytest.MonkeyPatch, action) -> None:  # noqa: ANN001
    """The window's export split in two at any size, its second process forked (it carries this
    patch) and running ``action()`` before its first article."""
    parent = os.getpid()
    real = stream_pool._bundles

    def bundles(*args, **kw):  # noqa: ANN002, ANN003
        for bundle in real(*args, **kw):
            if os.getpid() != parent:
                action()
            yield bundle

    monkeypatch.setattr(stream_pool, "_bundles", bundles)
    monkeypatch.setattr(stream_pool, "start_method", lambda: "fork")
    monkeypatch.setenv(stream_pool.ENV, "2")


def test_closing_the_window_during_an_export_with_a_stuck_process_ends_within_the_bound(
        make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    _child_does(monkeypatch, lambda: time.sleep(600))
    monkeypatch.setattr(stream_pool, "STOP_WAIT", 1.0)
    window = make_window(make_project(tmp_path / "p.db"))
    out = tmp_path / "out" / "gold.conll"
    out.parent.mkdir()
    assert transfer.start_export(window, out, "conll", "all")
    job = window.job
    pump_until(lambda: bool(_export_children()), 20)
    time.sleep(0.3)  # the parent's part done: it now waits for the stuck child
    started = time.monotonic()
    window.close()
    running = window.shutdown()
    took = time.monotonic() - started
    assert running == []
    assert not job.isRunning()
    # bound: the job's next look at its cancel (50 ms), STOP_WAIT asked + STOP_WAIT terminated (2 s)
    assert took < 6, took
    assert list(out.parent.iterdir()) == []
    assert not _export_children()


def test_a_killed_export_process_is_reported_by_the_window_and_writes_nothing(
        make_window, tmp_path, monkeypatch, no_modals) -> None:  # noqa: ANN001
    # The child stalls and the test kills it from here: a child that kills itself first has to get
    # that far, and a child forked from this threaded process can hang before it does (a lock held
    # by another thread at the fork), which made the test time out now and then under load.
    _child_does(monkeypatch, lambda: time.sleep(600))
    window = make_window(make_project(tmp_path / "p.db"))
    out = tmp_path / "out" / "gold.conll"
    out.parent.mkdir()
    assert transfer.start_export(window, out, "conll", "all")
    pump_until(lambda: bool(_export_children()), 20)
    for child in _export_children():
        os.kill(child.pid, signal.SIGKILL)
    wait_idle(window, 30)
    assert len(no_modals) == 1, no_modals
    kind, text = no_modals[0]
    assert kind == "warning" and text.startswith("Export failed: the second export process ended unexpectedly (exit code -9)"), text
    assert "\n" not in text and "Traceback" not in text
    assert list(out.parent.iterdir()) == []
    assert not _export_children()


def test_shutdown_gives_up_on_a_thread_that_ignores_the_cancel_after_its_bound(make_window, tmp_path) -> None:  # noqa: ANN001
    release = threading.Event()

    def stubborn(report, cancelled):  # noqa: ANN001 - a job that never looks at its cancel
        release.wait(60)
        return None

    window = make_window(make_project(tmp_path / "p.db"))
    assert window.run_job("Export", stubborn, lambda _result: None)
    job = window.job
    window.close()
    started = time.monotonic()
    running = window.shutdown(seconds=1.0)
    took = time.monotonic() - started
    try:
        assert running == [job]
        assert 0.9 <= took < 3, took
    finally:
        release.set()
        assert job.wait(10000)  # a QThread destroyed while running would abort the test process


def test_leave_now_names_what_still_runs_in_one_line_and_ends_the_process_with_the_code() -> None:
    """What ``run_app`` does when ``shutdown`` returns threads: one line on stderr, the exit code
    kept, no abort (a QThread destroyed while running would abort with a core dump)."""
    import subprocess
    import sys

    script = ("import threading, time\n"
              "from annotator.ui import launch\n"
              "class JobWorker: pass\n"
              "threading.Thread(target=time.sleep, args=(60,)).start()  # not a daemon: a normal exit would wait for it\n"
              "launch.leave_now([JobWorker()], 3)\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 3
    assert done.stderr.strip().splitlines() == [
        "Annotator: background work (JobWorker) did not stop within 15 s of closing; quit without it (nothing half-written)"]
    assert time.monotonic() - started < 30
