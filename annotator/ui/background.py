"""The window's threads: at most one pre-annotation (``worker``) and one import or export
(``job``) at a time, sharing one progress indicator in the status bar and one cancel.

One rule for every long job asked while one of its kind runs (an import, export or ordering
while another of them runs; a pre-annotation while one runs): it is **queued**, never dropped
(usertest12 MEDIUM-3: an import picked during an export was lost after a 3 s status line). The
indicator names what waits (``… — queued: Import``) until it starts; its Cancel (Ctrl+.) stops the
running work and drops the queue with it, saying how many waited. Training runs in its own
dialog, whose Start is disabled while it runs.

**One at a time** (misc12): the indicator's "Jobs" button (and File → Running and queued work…,
Ctrl+Shift+J) opens a menu of the running and queued work, one entry each: a running one is
cancelled alone (what is queued behind it starts when its thread has stopped: a pre-annotation's
lease is released only then), a queued one is dropped alone. The menu is a plain ``QMenu``:
arrow keys and Enter, Escape closes it.

Slots check ``sender()``: a cancelled thread runs on until its next check and its late signals
must not touch the window. Every started thread stays in ``retired`` until it has ended, so
the window can wait for them after closing (destroying a running QThread aborts the process).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu, QMessageBox

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
        self.job_title = ""  # the running job's title (run_job's), for the jobs menu
        self.menu: QMenu | None = None  # the jobs menu while it is open (tests drive it by keys)
        progress.queueRequested.connect(self.show_menu)

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

    def entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        """What the jobs menu lists, running first, then queued oldest first: ``(title, state,
        act)`` with state ``"running"`` or ``"queued"``; ``act()`` cancels / drops that one alone."""
        rows: list[tuple[str, str, Callable[[], None]]] = []
        if self.worker is not None:
            rows.append(("Pre-annotation", "running", lambda: self.cancel_running("worker")))
        if self.job is not None:
            rows.append((self.job_title or "Job", "running", lambda: self.cancel_running("job")))
        for item in self.queued:
            rows.append((item[1], "queued", lambda item=item: self.drop_queued(item)))
        return rows

    def show_menu(self) -> QMenu | None:
        """Open the jobs menu under the indicator's Jobs button (or, hidden, at the window's
        status bar); None, said in the status bar, when nothing runs or waits."""
        rows = self.entries()
        if not rows:
            self._session.say("No background work is running or queued", 4000)
            return None
        menu = QMenu(self._progress.window())
        menu.setObjectName("jobsMenu")
        for title, state, act in rows:
            verb = "cancel it" if state == "running" else "drop it from the queue"
            action = menu.addAction(f"{title} — {state}: {verb}")
            action.triggered.connect(lambda _checked=False, act=act: act())  # triggered(bool) must not fill act's defaults
        menu.addSeparator()
        menu.addAction("Cancel all (Ctrl+.)").triggered.connect(lambda _checked=False: self.cancel())
        menu.aboutToHide.connect(lambda m=menu: self._menu_closed(m))
        # above the Jobs button (the status bar is the window's bottom edge), else the window's middle
        if self._progress.isVisible():
            anchor = self._progress.queue
            menu.popup(anchor.mapToGlobal(QPoint(0, -menu.sizeHint().height())))
        else:
            anchor = self._progress.window()
            menu.popup(anchor.mapToGlobal(anchor.rect().center()))
        menu.setActiveAction(menu.actions()[0])  # the keys start on the first entry
        self.menu = menu
        return menu

    def _menu_closed(self, menu: QMenu) -> None:
        if self.menu is menu:
            self.menu = None
        menu.deleteLater()

    def cancel_running(self, slot: str) -> None:
        """Cancel the running pre-annotation (``slot`` "worker") or job ("job") alone; the queue
        stays, and its next entry starts when the cancelled thread has stopped (``forget`` /
        ``_job_done``, from the thread's own signal)."""
        running = self.worker if slot == "worker" else self.job
        if running is None:
            return
        title = "Pre-annotation" if slot == "worker" else (self.job_title or "Job")
        running.cancel()
        if slot == "worker":
            self.worker = None
        else:
            self.job = None
        other = self.job if slot == "worker" else self.worker
        if other is None:
            self._progress.hide()
            if self.queued:  # what waits starts when the thread has stopped; the indicator says so meanwhile
                self.show_progress(0, 0, f"Stopping {title.lower()}…")
        else:
            self._text = self.job_title if other is self.job else "Pre-annotation"
            self._show_text()
        self._session.say(f"Cancelled: {title}" + (f"; still queued: {', '.join(self.queued_titles())}" if self.queued else ""), 6000)

    def drop_queued(self, item: tuple[str, str, Callable[[], Any]]) -> None:
        """Remove one queued entry (it never starts); the rest keep their order."""
        if item not in self.queued:
            return
        self.queued.remove(item)
        self._session.say(f"Dropped from the queue: {item[1]}", 6000)
        self._show_text()

    def _slot_free(self, slot: str) -> bool:
        if slot == "job":
            return self.job is None
        return self.worker is None and not self.stopping_worker()

    def stopping_worker(self) -> bool:
        """A cancelled pre-annotation thread still running: it holds the project's pre-annotation
        lease until it stops, so the next pre-annotation waits for it (queued), not refused."""
        return any(isinstance(t, workers.PreannotateWorker) and t.isRunning() for t in self.retired)

    def worker_slot_taken(self) -> bool:
        """A pre-annotation asked now must queue: one runs, or a cancelled one is still stopping."""
        return not self._slot_free("worker")

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
            if not self.queued:
                self._progress.hide()  # a cancelled run's "Stopping…" with nothing left to wait for
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
            if self.menu is not None:
                self.menu.close()  # its entries are gone

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
        self.job_title = title
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
