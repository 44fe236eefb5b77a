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
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu, QMessageBox

from annotator.ui import workers
from annotator.ui.background_tokens import TITLE as TOKENS_TITLE
from annotator.ui.progress import ProgressIndicator
from annotator.ui.session import Session

#: said in the pre-annotation's tooltip (its child runs at background priority, nlp/background_priority.py)
PRIORITY_NOTE = ("Pre-annotation runs at low priority so that the window stays quick while you work: on a busy "
                 "machine it is slower than `annotator preannotate PROJECT` run in a terminal with the window "
                 "closed, at normal priority.")


#: seconds after a cancel within which a queued job's own line (its summary) carries the cancel's
#: line too, so that the confirmation is not gone before it is read (usertest13 F6)
CANCEL_NOTE_SECONDS = 10.0
#: how many of the latest lines the jobs menu repeats in full (usertest13 F5: the status bar
#: cuts a line to the room its permanent widgets leave; the tooltip and the menu hold it whole).
#: usertest21 M3: 4 lines lost the first of two queued imports' summaries to the queue and cancel
#: lines after it; a queue notice ("Import queued after Import; …") now gives way first
#: usertest23 L1: six lines held only the last job or two of a session (and with nothing running
#: Ctrl+Shift+J said only the last one); the menu now keeps 40, every job's lines of a working
#: session, and a notice that its queued work has started leaves it at that start
RECENT_LINES = 40

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
        #: called (no argument) the moment a pre-annotation or job is set to run (perf31: the
        #: token preparation's gate closes then, not at its next tick)
        self.starting: list[Callable[[], None]] = []
        self._worker: workers.PreannotateWorker | None = None
        self._job: workers.JobWorker | None = None
        self.retired: list[Any] = []
        self.indexer: Any = None  # the full-text catch-up (index_catch_up.IndexCatchUp), set by the window
        self.tokens: Any = None  # the token preparation (background_tokens.BackgroundTokens), set by the window
        #: work asked while its slot ("job" or "worker") was taken, oldest first: (slot, title, start)
        self.queued: list[tuple[str, str, Callable[[], Any]]] = []
        self.queued_articles: dict[int, int] = {}  # id of a queued pre-annotation's start → its articles (enqueue)
        self._text = ""  # what the indicator says of the running work, without the queue
        self.job_title = ""  # the running job's title (run_job's), for the jobs menu
        self.menu: QMenu | None = None  # the jobs menu while it is open (tests drive it by keys)
        #: each running slot's last progress line ("job", "worker"), and the slot the indicator shows
        self._texts: dict[str, str] = {}
        self._shown = "job"
        #: the latest lines about background work, oldest first (the jobs menu shows them whole)
        self.recent: deque[str] = deque(maxlen=RECENT_LINES)
        self._notices: set[str] = set()  # the lines of :attr:`recent` that are queue notices
        self._queue_notices: dict[int, str] = {}  # id of a queued start → the "… queued after …" line said for it
        self._cancel_note: tuple[str, float] | None = None  # (line, time.monotonic()) of the last cancel
        self._heard = ""  # the status bar's latest line, whoever said it
        session.message.connect(self._hear)
        session.resultSaid.connect(self.remember)  # ui32: every result line (Session.tell) is in "Lately"
        session.projectChanged.connect(self._forget_project)
        progress.queueRequested.connect(self.show_menu)

    @property
    def worker(self) -> workers.PreannotateWorker | None:
        """The running pre-annotation (None: none)."""
        return self._worker

    @worker.setter
    def worker(self, value: workers.PreannotateWorker | None) -> None:
        self._worker = value
        if value is not None:
            for call in self.starting:
                call()

    @property
    def job(self) -> workers.JobWorker | None:
        """The running import, export or ordering (None: none)."""
        return self._job

    @job.setter
    def job(self, value: workers.JobWorker | None) -> None:
        self._job = value
        if value is not None:
            for call in self.starting:
                call()

    def _forget_project(self, _project: Any) -> None:
        """fixut17a (usertest16 H2): another project is open: the jobs menu's "Lately" (and its
        "last:" line) held the previous file's work. Its jobs were cancelled before the switch;
        their late results are dropped (:meth:`_job_done`)."""
        self.recent.clear()
        self._notices.clear()
        self._queue_notices.clear()
        self._cancel_note = None
        self._heard = ""

    def _hear(self, text: str, _ms: int) -> None:
        self._heard = text

    def _say(self, text: str, ms: int, *, notice: bool = False) -> None:
        """Say ``text`` in the status bar for ``ms`` and keep it among :attr:`recent` (``notice``:
        a queue notice, the first line to give way, :meth:`_keep`)."""
        self._keep(text, notice=notice)
        self._session.say(text, ms)

    def _tell(self, text: str) -> None:
        """Say ``text``, a line carrying a result (a summary, a cancel's counts), until the next
        line replaces it, kept among :attr:`recent` (:meth:`Session.tell`, ui32)."""
        self._keep(text)
        self._session.tell(text)  # its resultSaid finds it newest in ``recent``: not kept twice

    def remember(self, text: str) -> None:
        """Keep ``text`` among :attr:`recent` (not twice in a row)."""
        if text and (not self.recent or self.recent[-1] != text):
            self._keep(text)

    def keep_whole(self, text: str, replacing: Callable[[str], bool] | None = None) -> None:
        """A line the status bar had to elide (usertest23 L1): kept among :attr:`recent`, once.
        ``replacing(line)``: the earlier lines it stands for (fix34: the busy-file line said again
        with each new count is kept once, its latest), taken out of :attr:`recent` first."""
        if replacing is not None:
            for line in [line for line in self.recent if line != text and replacing(line)]:
                self.recent.remove(line)
        if text and text not in self.recent:
            self._keep(text)

    def _keep(self, text: str, *, notice: bool = False) -> None:
        """Add ``text`` to :attr:`recent`; when it is full, the oldest queue notice (what
        :meth:`enqueue` and :meth:`drop_queued` say, kept in :attr:`_notices`) goes before the
        oldest line, so a job's summary outlives the queue lines said after it (usertest21 M3)."""
        if len(self.recent) == self.recent.maxlen:
            for i, line in enumerate(self.recent):
                if line in self._notices:
                    del self.recent[i]
                    break
        self.recent.append(text)
        if notice:
            self._notices.add(text)
        self._notices.intersection_update(self.recent)

    def say_after(self, said: str, more: str) -> str:
        """Say the line that said ``said`` (the newest of :attr:`recent` holding it, e.g. an
        import's summary, or "Cancelled: Export. Then: Imported …") followed by ``more``, and
        keep it among :attr:`recent` in that line's place, newest: usertest19 L7, the run that
        follows File → Import ended on its own line and the import's summary was gone from the
        bar. A line that only added to ``said`` ("…; their pre-annotation is queued …") gives
        way to ``said`` itself. Said until replaced (:meth:`Session.tell`, ui32). Returns the line said."""
        base = said
        for i in range(len(self.recent) - 1, -1, -1):
            if said in self.recent[i]:
                if not self.recent[i].startswith(said):
                    base = self.recent[i]
                del self.recent[i]
                break
        while said in self.recent:  # ui32: ``said`` itself, kept when it was told, before a line added to it
            self.recent.remove(said)
        text = f"{base}; {more}"
        self._tell(text)
        return text

    def _remember_outcome(self) -> None:
        """A job or pre-annotation has ended and said its summary in the status bar ("Imported 3
        new articles …", "Exported …", "Pre-annotated …"): keep that line whole among
        :attr:`recent` (usertest14 F3: "Lately" held queue and cancel lines only, and the bar
        cuts a finished job's summary to a few dozen characters)."""
        self.remember(self.current_line())

    def _running_title(self, slot: str) -> str:
        return "Pre-annotation" if slot == "worker" else (self.job_title or "Job")

    def is_busy(self) -> bool:
        return self.worker is not None or self.job is not None

    def enqueue(self, slot: str, title: str, start: Callable[[], Any], *, line: str = "", articles: int = 0) -> bool:
        """Queue ``start`` (asking again for the work titled ``title``) until ``slot`` ("job" or
        "worker") is free; said in the indicator and the status bar (``line`` instead of the
        usual words, when given). ``articles``: how many a queued pre-annotation would do, for the
        cancel line (usertest22 M1). Returns True (accepted)."""
        self.queued.append((slot, title, start))
        if articles:
            self.queued_articles[id(start)] = articles
        # the essentials first: the status bar keeps about 40 characters beside its widgets (usertest13 F5)
        running = self._running_title(slot) if (self.worker if slot == "worker" else self.job) is not None else "the running work"
        notice = line or f"{title} queued after {running}; Jobs… (Ctrl+Shift+J) lists or drops it"
        if line:  # an import's summary and what becomes of its articles (ui32: said until replaced)
            self._tell(line)
        else:
            self._say(notice, 6000, notice=True)
        if not line:
            self._queue_notices[id(start)] = notice
        self._show_text()
        return True

    def _forget_queue_notice(self, start: Callable[[], Any]) -> None:
        """The work queued as ``start`` starts: the "… queued after …" line said for it is no
        longer so, and leaves "Lately" (what it did is said by its own lines)."""
        notice = self._queue_notices.pop(id(start), None)
        if notice is not None and notice in self.recent and notice not in self._queue_notices.values():
            self.recent.remove(notice)
            self._notices.discard(notice)

    def queued_titles(self) -> list[str]:
        return [title for _slot, title, _start in self.queued]

    def entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        """What the jobs menu lists, running first (the one the indicator's line is about before
        the other: usertest13 F7, Return on the menu cancelled the pre-annotation while the line
        spoke of an export), then queued oldest first: ``(title, state, act)`` with state
        ``"running"`` or ``"queued"``; ``act()`` cancels / drops that one alone."""
        rows: list[tuple[str, str, Callable[[], None]]] = []
        running = [slot for slot in ("worker", "job") if (self.worker if slot == "worker" else self.job) is not None]
        running.sort(key=lambda slot: slot != self._shown)
        for slot in running:
            rows.append((self._running_title(slot), "running", lambda slot=slot: self.cancel_running(slot)))
        if self.tokens is not None and self.tokens.is_shown():  # perf31: it runs only while nothing above does
            rows.append((TOKENS_TITLE, "running", lambda: self.tokens.stop_by_analyst()))
        for item in self.queued:
            rows.append((item[1], "queued", lambda item=item: self.drop_queued(item)))
        return rows

    def show_menu(self) -> QMenu | None:
        """Open the jobs menu under the indicator's Jobs button (or, hidden, at the window's
        status bar); None, said in the status bar, when nothing runs or waits and nothing was
        said. Nothing running but lines said: the menu with its "Lately" only (usertest23 L1: the
        bar said "…; last: LINE", the last line alone)."""
        rows = self.entries()
        if not rows and not self.recent:
            self._session.say("No background work is running or queued", 4000)
            return None
        menu = QMenu(self._progress.window())
        menu.setObjectName("jobsMenu")
        for title, state, act in rows:
            verb = "cancel it" if state == "running" else "drop it from the queue"
            action = menu.addAction(f"{title} — {state}: {verb}")
            action.triggered.connect(lambda _checked=False, act=act: act())  # triggered(bool) must not fill act's defaults
        if rows:
            menu.addSeparator()
            menu.addAction("Cancel all (Ctrl+.)").triggered.connect(lambda _checked=False: self.cancel())
        else:
            menu.addAction("No background work is running or queued").setEnabled(False)
        if self.recent:  # the latest lines in full, newest first, for reading only (usertest13 F5)
            menu.addSeparator()
            menu.addSection("Lately")
            for line in reversed(self.recent):
                menu.addAction(line).setEnabled(False)
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
        title, rest = _stopped_run(running) if slot == "worker" else (self._running_title(slot), "")
        running.cancel()
        if slot == "worker":
            self.worker = None
        else:
            self.job = None
        other = self.job if slot == "worker" else self.worker
        if other is None:
            self._progress.hide()
            if self.queued:  # what waits starts when the thread has stopped; the indicator says so meanwhile
                self.show_progress(0, 0, f"Stopping {self._running_title(slot).lower()}…")
        else:
            self._shown = "job" if other is self.job else "worker"
            self._text = self._texts.get(self._shown) or self._running_title(self._shown)
            self._show_text()
        self._cancelled(f"Cancelled: {title}{rest}" + (f"; still queued: {', '.join(self.queued_titles())}" if self.queued else ""))

    def _cancelled(self, line: str) -> None:
        # ui32: it says how far the work got and what is left ("…after 124 of 399 articles; 315 left")
        self._cancel_note = (line, time.monotonic())
        self._tell(line)

    def _keep_cancel_note(self) -> None:
        """After a queued job's end: when a cancel was said a moment ago and the job's own line
        (its summary) has replaced it, say both, the cancel first (usertest13 F6: "Cancelled:
        Export" was gone 0.3 s later, replaced by the queued import's summary)."""
        note = self._cancel_note
        if note is None or time.monotonic() - note[1] > CANCEL_NOTE_SECONDS:
            return
        heard = self.current_line()
        if heard and note[0] not in heard:
            self._cancel_note = None
            self._forget_line(heard)  # the job's own line, told already: the line that carries it replaces it
            self._tell(f"{note[0]}. Then: {heard}")

    def _forget_line(self, text: str) -> None:
        """``text`` leaves :attr:`recent` (a line about to be said again inside a longer one)."""
        while text and text in self.recent:
            self.recent.remove(text)
        self._notices.intersection_update(self.recent)

    def current_line(self) -> str:
        """The status bar's line now (some callers write to the bar itself, not through the session)."""
        bar = getattr(self._progress.window(), "statusBar", None)
        return bar().currentMessage() if callable(bar) else self._heard

    def drop_queued(self, item: tuple[str, str, Callable[[], Any]]) -> None:
        """Remove one queued entry (it never starts); the rest keep their order."""
        if item not in self.queued:
            return
        self.queued.remove(item)
        self.queued_articles.pop(id(item[2]), None)
        self._say(f"Dropped from the queue: {item[1]}", 6000, notice=True)
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
                self.queued_articles.pop(id(start), None)
                self._forget_queue_notice(start)
                start()
        self._show_text()

    def _show_text(self) -> None:
        if not (self.worker is not None or self.job is not None):
            if not self.queued:
                self._progress.hide()  # a cancelled run's "Stopping…" with nothing left to wait for
            return
        self._progress.label.setText(self._line(self._text))
        self._set_tip()

    def _set_tip(self) -> None:
        """The indicator's tooltip: its line, and while the pre-annotation is the work shown, why it
        may run slower than ``annotator preannotate`` (usertest28 M2: 3-4x slower beside other
        work on two cores, and nothing said so)."""
        line = self._progress.label.text()
        self._progress.label.setToolTip(line + (f"\n\n{PRIORITY_NOTE}" if self._shown == "worker" and self.worker is not None else ""))

    def _line(self, text: str) -> str:
        """The indicator's line: ``text`` (the shown slot's progress), the other running work
        named (usertest13 F7: a pre-annotation beside an export was not mentioned), then the queue."""
        others = [self._running_title(slot) for slot in ("worker", "job")
                  if slot != self._shown and (self.worker if slot == "worker" else self.job) is not None]
        waiting = self.queued_titles()
        return (text + (f" · also running: {', '.join(others)}" if others else "")
                + (f" — queued: {', '.join(waiting)}" if waiting else ""))

    def on_progress(self, done: int, total: int, text: str) -> None:
        sender = self.sender()
        if sender is self.worker or sender is self.job:
            self.show_progress(done, total, text, slot="worker" if sender is self.worker else "job")

    def show_progress(self, done: int, total: int, text: str, slot: str | None = None) -> None:
        """Show ``text`` (with ``done`` of ``total``), the rest of the work named after it.
        ``slot`` ("worker", "job"): the work it is about, just started; while the other slot's
        work is shown, that stays shown and this one is named after it."""
        if slot is not None:
            self._texts[slot] = text
            other = "job" if slot == "worker" else "worker"
            if self._shown != slot and (self.worker if other == "worker" else self.job) is not None:
                self._show_text()
                return
            self._shown = slot
        self._text = text
        self._progress.show_progress(done, total, self._line(text))
        self._set_tip()

    def hide_progress(self) -> None:
        """One slot's work has ended: hide the indicator when nothing else runs, else show the
        other running work's line (not the ended one's)."""
        for slot in ("worker", "job"):
            if (self.worker if slot == "worker" else self.job) is None:
                self._texts.pop(slot, None)
        if self.worker is None and self.job is None:  # the full-text catch-up has an indicator of its own
            self._progress.hide()
            if self.menu is not None:
                self.menu.close()  # its entries are gone
        elif (self.worker if self._shown == "worker" else self.job) is None:
            self._shown = "job" if self._shown == "worker" else "worker"
            self._text = self._texts.get(self._shown) or self._running_title(self._shown)
            self._show_text()

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
        stopped: list[str] = []  # what was running, named in the line (usertest13 F6)
        if self.job is not None:
            stopped.append(self._running_title("job"))
            self.job.cancel()
            self.job = None
        rest = ""
        # usertest22 M1: a queued run (an import's) is dropped below: its articles are left too
        waiting = sum(self.queued_articles.get(id(start), 0) for slot, _title, start in self.queued if slot == "worker")
        self.queued_articles.clear()
        if self.worker is not None:
            name, rest = _stopped_run(self.worker, waiting)
            stopped.append(name)
            self.worker.cancel()
            self.worker = None
        if self.indexer is not None and self.indexer.cancel():  # the note keeps what is left to index
            stopped.append("Full-text indexing")
        if self.tokens is not None and self.tokens.is_shown() and self.tokens.stop_by_analyst(quiet=True):
            stopped.append(TOKENS_TITLE)  # shown, so what Ctrl+. is about; paused behind other work it stays
        dropped = self.queued_titles()
        self.queued.clear()  # Cancel stops everything the indicator shows, what waited too
        self._texts.clear()
        self.hide_progress()
        if stopped or dropped:
            self._cancelled("Cancelled" + (f": {', '.join(stopped)}" if stopped else "") + rest
                            + (f"; not started: {', '.join(dropped)}" if dropped else ""))

    def run_job(self, title: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
                on_cancelled: Callable[[], None] | None = None) -> bool:
        """Run ``fn`` in a :class:`~annotator.ui.workers.JobWorker`; ``on_done(result)`` when it
        finishes, ``on_cancelled()`` when the analyst cancelled it (its result is dropped).
        While another job runs it is queued (:meth:`enqueue`) and started when that one ends;
        True either way."""
        if self.job is not None:
            return self.enqueue("job", title, lambda: self.run_job(title, fn, on_done, on_cancelled))
        job = workers.JobWorker(fn)
        job.project = self._session.project  # type: ignore[attr-defined]  # fixut17a: whose result it is
        job.title = title  # type: ignore[attr-defined]  # named if it finishes after a cancel
        job.progress.connect(self.on_progress)
        job.succeeded.connect(lambda result, j=job: self._job_done(j, on_done, result))
        job.failed.connect(lambda message, j=job, t=title: self._job_failed(j, t, message))
        job.cancelledWork.connect(lambda j=job: self._job_done(j, (lambda _r: on_cancelled()) if on_cancelled else None, None,
                                                               cancelled=True))
        job.finished.connect(lambda j=job: self.retired.remove(j) if j in self.retired else None)
        self.job = job
        self.job_title = title
        self.retired.append(job)
        self.show_progress(0, 0, title, slot="job")
        job.start()
        return True

    def _job_done(self, job: Any, on_done: Callable[[Any], None] | None, result: Any, *, cancelled: bool = False) -> None:
        if self.job is job:
            self.job = None
        self.hide_progress()
        if getattr(job, "project", self._session.project) is not self._session.project:
            # fixut17a (usertest16 H1): a job of the project open before (cancelled by the switch,
            # or done just before it): its result or cancel belongs to that file, not this one
            # (A's cancelled scoring set B's order back to "as imported" and kept that for B)
            on_done = None
        if on_done is not None:
            on_done(result)
            if not cancelled and getattr(job, "finished_after_cancel", False):
                # its work was done (an import committed, a file written) before the cancel was
                # seen: said so, not "Cancelled: Import. Then: Imported …" (JobWorker delivers it)
                self._cancel_note = None
                heard = self.current_line()
                self._forget_line(heard)
                self._tell(f"{getattr(job, 'title', 'Job')} finished before the cancel took effect: {heard}")
                self._remember_outcome()
            elif not cancelled:  # the cancelled job's own last word is about the cancel already
                self._keep_cancel_note()
                self._remember_outcome()
        self._start_queued()


    def _job_failed(self, job: Any, title: str, message: str) -> None:
        if self.job is job:
            self.job = None
        self.hide_progress()
        self.remember(f"{title} failed: {message}")
        QMessageBox.warning(self._progress.window(), f"{title} failed", message)
        self._start_queued()


def _stopped_run(worker: Any, queued: int = 0) -> tuple[str, str]:
    """A cancelled pre-annotation as the cancel line names it, and what it adds at the end
    (usertest21 M3: "Cancelled: Pre-annotation" said neither how far it got nor what becomes of
    the rest): ``("Pre-annotation after 303 of 1,205 articles", "; the rest are pre-annotated at
    the next launch or by File → Pre-annotate articles")`` for the launch's or an import's run,
    "; the rest are as they were: …" for File → Pre-annotate articles (``worker.asked``);
    ``("Pre-annotation", "")`` for a run without counts (a worker of tests, a total of 0).

    usertest22 M1: the articles left are counted, with ``queued`` (the articles of a queued run,
    an import's, dropped by the same cancel): "; 315 left, with the 40 of the queued import: …".
    File → Pre-annotate articles does exactly those (it takes what is not pre-annotated yet);
    only its "all again" run (``worker.redo``) leaves articles that had suggestions as they were."""
    saved, total = getattr(worker, "saved", None), getattr(worker, "total", None)
    if not isinstance(saved, int) or not isinstance(total, int) or total <= 0:
        return "Pre-annotation", ""
    left = max(total - saved, 0) + queued
    with_queued = f", with the {queued:,} of the queued import" if queued else ""
    if not left:
        rest = ""
    elif getattr(worker, "redo", False) and saved < total:
        # File → Pre-annotate articles → all again: the rest keep what they had (neither the
        # launch's run nor the default one takes an article already pre-annotated)
        rest = f"; the rest are as they were{with_queued}: File → Pre-annotate articles → All again runs them again"
    elif getattr(worker, "asked", False):
        rest = f"; {left:,} left{with_queued}: File → Pre-annotate articles does them"
    else:  # the launch's or an import's run: the rest were never pre-annotated, the next launch takes them
        rest = f"; {left:,} left{with_queued}: pre-annotated at the next launch or by File → Pre-annotate articles"
    return f"Pre-annotation after {saved:,} of {total:,} article{'' if total == 1 else 's'}", rest
