"""The window's threads: at most one pre-annotation (``worker``) and one import or export
(``job``) at a time, sharing one progress indicator in the status bar and one cancel.

One rule for every long job asked while one of its kind runs (an import, export or ordering
while another of them runs; a pre-annotation while one runs): it is **queued**, never dropped
(usertest12 MEDIUM-3: an import picked during an export was lost after a 3 s status line). The
indicator names what waits (``… — queued: Import``) until it starts; its Cancel (Ctrl+.) stops the
running work and drops the queue with it, saying how many waited. Training runs in its own
dialog, whose Start is disabled while it runs.

Slots check ``sender()``: a cancelled thread runs on until its next check and its late signals
must not touch the window. Every started thread stays in ``retired`` until it has ended, so
the window can wait for them after closing (destroying a running QThread aborts the process).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from annotator.ui import workers
from annotator.ui.progress import ProgressIndicator
from annotator.ui.session import Session


#: seconds the window waits in all for its cancelled threads when it closes (perf12h). An import
#: or export stops at its next article and its second process within ``stream_pool.STOP_WAIT`` (5 s)
#: asked, then 5 s terminated; pre-annotation's child process is killed at once.
SHUTDOWN_WAIT = 15.0


def wait_for_threads(threads: Iterable[Any], deadline: float) -> list[Any]:
    """Wait for each of ``threads`` (``QThread``, or ``threading.Thread``) to end, until
    ``deadline`` (``time.monotonic()`` seconds) at most in all; returns those still running."""
    running = []
    for thread in list(threads):
        left = max(0.0, deadline - time.monotonic())
        if hasattr(thread, "isRunning"):  # a QThread: wait(ms)
            thread.wait(int(left * 1000))
            alive = thread.isRunning()
        else:
            thread.join(left)
            alive = thread.is_alive()
        if alive:
            running.append(thread)
    return running


class BackgroundWork(QObject):
    """The threads of one ``session``, shown in ``progress`` (the status bar's indicator)."""

    def __init__(self, session: Session, progress: ProgressIndicator) -> None:
        super().__init__(session)
        self._session = session
        self._progress = progress
        self.worker: workers.PreannotateWorker | None = None
        self.job: workers.JobWorker | None = None
        self.retired: list[Any] = []
        self.indexer: Any = None  # the full-text catch-up (index_catch_up.IndexCatchUp), set by the window
        #: work asked while its slot ("job" or "worker") was taken, oldest first: (slot, title, start)
        self.queued: list[tuple[str, str, Callable[[], Any]]] = []
        self._text = ""  # what the indicator says of the running work, without the queue

    def is_busy(self) -> bool:
        return self.worker is not None or self.job is not None

    def enqueue(self, slot: str, title: str, start: Callable[[], Any]) -> bool:
        """Queue ``start`` (asking again for the work titled ``title``) until ``slot`` ("job" or
        "worker") is free; said in the indicator and the status bar. Returns True (accepted)."""
        self.queued.append((slot, title, start))
        self._session.say(f"{title} queued: it starts when the running work ends (Cancel drops it)", 6000)
        self._show_text()
        return True

    def queued_titles(self) -> list[str]:
        return [title for _slot, title, _start in self.queued]

    def _slot_free(self, slot: str) -> bool:
        return (self.job if slot == "job" else self.worker) is None

    def _start_queued(self) -> None:
        """Start the oldest queued work whose slot is free (each start may queue again: it then
        waits for the next end)."""
        for item in list(self.queued):
            slot, _title, start = item
            if item in self.queued and self._slot_free(slot):
                self.queued.remove(item)
                start()
        self._show_text()

    def _show_text(self) -> None:
        if not (self.worker is not None or self.job is not None):
            return
        waiting = self.queued_titles()
        text = self._text + (f" — queued: {', '.join(waiting)}" if waiting else "")
        self._progress.label.setText(text)

    def on_progress(self, done: int, total: int, text: str) -> None:
        if self.sender() is self.worker or self.sender() is self.job:
            self.show_progress(done, total, text)

    def show_progress(self, done: int, total: int, text: str) -> None:
        self._text = text
        waiting = self.queued_titles()
        self._progress.show_progress(done, total, text + (f" — queued: {', '.join(waiting)}" if waiting else ""))

    def hide_progress(self) -> None:
        if self.worker is None and self.job is None:  # the full-text catch-up has an indicator of its own
            self._progress.hide()

    def forget(self, worker: Any) -> None:
        """A pre-annotation thread has ended."""
        if worker in self.retired:
            self.retired.remove(worker)
        if self.worker is worker:
            self.worker = None
            self.hide_progress()
        self._start_queued()  # its end (or its finishedWork, which cleared ``worker``) frees the slot

    def cancel(self) -> None:
        """Stop pre-annotation / import / export / the full-text catch-up at once; the UI does not wait for the thread."""
        cancelled = False
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
            cancelled = True
        if self.job is not None:
            self.job.cancel()
            self.job = None
            cancelled = True
        if self.indexer is not None and self.indexer.cancel():  # the note keeps what is left to index
            cancelled = True
        dropped = self.queued_titles()
        self.queued.clear()  # Cancel stops everything the indicator shows, what waited too
        self.hide_progress()
        if dropped:
            self._session.say(f"Cancelled; not started: {', '.join(dropped)}", 6000)
        elif cancelled:
            self._session.say("Cancelled", 4000)

    def run_job(self, title: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
                on_cancelled: Callable[[], None] | None = None) -> bool:
        """Run ``fn`` in a :class:`~annotator.ui.workers.JobWorker`; ``on_done(result)`` when it
        finishes, ``on_cancelled()`` when the analyst cancelled it (its result is dropped).
        While another job runs it is queued (:meth:`enqueue`) and started when that one ends;
        True either way."""
        if self.job is not None:
            return self.enqueue("job", title, lambda: self.run_job(title, fn, on_done, on_cancelled))
        job = workers.JobWorker(fn)
        job.progress.connect(self.on_progress)
        job.succeeded.connect(lambda result, j=job: self._job_done(j, on_done, result))
        job.failed.connect(lambda message, j=job, t=title: self._job_failed(j, t, message))
        job.cancelledWork.connect(lambda j=job: self._job_done(j, (lambda _r: on_cancelled()) if on_cancelled else None, None))
        job.finished.connect(lambda j=job: self.retired.remove(j) if j in self.retired else None)
        self.job = job
        self.retired.append(job)
        self.show_progress(0, 0, title)
        job.start()
        return True

    def _job_done(self, job: Any, on_done: Callable[[Any], None] | None, result: Any) -> None:
        if self.job is job:
            self.job = None
        self.hide_progress()
        if on_done is not None:
            on_done(result)
        self._start_queued()

    def _job_failed(self, job: Any, title: str, message: str) -> None:
        if self.job is job:
            self.job = None
        self.hide_progress()
        QMessageBox.warning(self._progress.window(), f"{title} failed", message)
        self._start_queued()
