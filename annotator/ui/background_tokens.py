"""The window prepares the exports' tokens while it idles (perf31, issue 12).

Articles never pre-annotated have no stored tokens, and the first CoNLL, spaCy or ``jsonl
--tokens`` export tokenised them all (5.3-7.4 s at 10,000 articles on 2 cores, ~1 s once
stored). :class:`BackgroundTokens` runs :class:`~annotator.formats.token_prep.TokenPrep` in a
:class:`TokenPrepThread` (its tokenizer in a child process at background priority; the thread
is the one writer, a batch a transaction) when:

* the Preferences switch is on (:data:`PREFERENCE_KEY`, default on) and the project can be written;
* nothing else of the window's background work runs: no pre-annotation (nor one stopping), no
  import or export, no full-text catch-up — they start at once, as before, and the run waits
  (its gate closes the moment a pre-annotation or job is set: :meth:`BackgroundWork.starting`);
* the analyst has not edited, opened an article or selected a span for :data:`IDLE_SECONDS`
  (the gate closes at once on each: the batch in hand finishes in the child, niced, and is
  written only once the window is idle again).

An export started meanwhile works as before (it tokenises what is not stored yet). Closing the
window stops the run at its next check (a write in progress commits first: whole batches or
nothing); the next launch counts what is still missing and goes on. Its own status-bar indicator
(never the job indicator's line, which a pre-annotation or export owns) says "Preparing tokens
for exports: 3,200 of 10,000" (over the project: tokens stored before count as done), its tooltip why and how to turn it off, and hides while the run
waits for other work; its Stop (and Ctrl+. / the jobs menu) ends it for this session.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from annotator.ui.progress import ProgressIndicator

#: the Preferences switch (QSettings key, default on)
PREFERENCE_KEY = "exports/prepare_tokens"
#: seconds without an edit, an article opened or a span selected before the next batch starts
IDLE_SECONDS = 2.0
#: seconds after a project is shown before the first run starts (the launch's own work first)
START_SECONDS = 3.0
#: how often the UI thread looks at the conditions (ms): a few attribute reads
TICK_MS = 250
#: a pause after each batch (s): 0, the niced child yields anyway; tests slow a run down with it
BATCH_GAP_S = 0.0
#: False: no window starts a run by itself; so does ANNOTATOR_BACKGROUND_TOKENS=0 in the environment
#: (tests/conftest.py: every test but the feature's own)
AUTO_START = True
ENV_SWITCH = "ANNOTATOR_BACKGROUND_TOKENS"

TITLE = "Preparing tokens for exports"
TOOLTIP = ("CoNLL, spaCy and JSONL-with-tokens exports need each article's tokens. Articles never pre-annotated "
           "have none stored, so the first such export would tokenise them all (several seconds per 10,000 "
           "articles). They are prepared now, while the window is idle, at low priority: paused while you edit "
           "and while a pre-annotation, import or export runs. Stop ends it for this session; Edit → Preferences → "
           "“Prepare tokens for exports while idle” turns it off.")


def enabled(settings: Any) -> bool:
    """The Preferences switch (QSettings' INI files give "true"/"false" strings)."""
    value = settings.value(PREFERENCE_KEY, True)
    return str(value).lower() not in ("false", "0", "no", "off")


class TokenPrepThread(QThread):
    """Runs one :class:`~annotator.formats.token_prep.TokenPrep` over ``path``; ``progress(done,
    articles)`` after each stored batch (over the whole project: tokens stored before the run count
    as done), ``ended(written, total, finished, error)`` at its end.
    ``gate`` is set by the UI thread while the run may go on."""

    progress = Signal(int, int)
    ended = Signal(int, int, bool, str)

    def __init__(self, path: Any, gate: threading.Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.gate = gate
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Stop at the next check (thread-safe); a write in progress commits first."""
        self._stop.set()
        self.gate.set()  # wakes a run waiting at its gate, which then sees the stop

    def run(self) -> None:  # noqa: D102 - QThread entry point
        from annotator.formats.token_prep import TokenPrep

        # Not niced (the child is): this thread holds the write lock for each batch, and niced
        # behind other work on a busy machine it held it up to 64 ms (10,000 articles, load 10)
        # while an edit of the window could be waiting for it. Its own CPU is small (a batch's
        # unpickling, SQLite's insert with the GIL released).
        try:
            outcome = TokenPrep(self.path, gate=self.gate, stop=self._stop, report=self.progress.emit, gap_s=BATCH_GAP_S).run()
        except Exception as exc:  # noqa: BLE001 - derived data: the export tokenises as before
            self.ended.emit(0, 0, False, f"{type(exc).__name__}: {exc}")
            return
        self.ended.emit(outcome.written, outcome.total, outcome.finished, outcome.error)


class BackgroundTokens(QObject):
    """The window's token preparation: at most one :class:`TokenPrepThread`, started and paused
    by a :data:`TICK_MS` timer on the UI thread (see the module docstring).

    ``session``: the window's; ``background``: its :class:`~annotator.ui.background.BackgroundWork`
    (whose slots the run gives way to); ``indexer``: the full-text catch-up (``is_running()``);
    ``indicator``: the status-bar indicator of its own; ``settings``: where the switch is;
    ``keep(thread)``: hands a started thread to the window, which waits for it on closing."""

    def __init__(self, session: Any, background: Any, indexer: Any, indicator: ProgressIndicator, settings: Any,
                 keep: Callable[[QThread], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session, self._background, self._indexer = session, background, indexer
        self._indicator, self._settings, self._keep = indicator, settings, keep
        self.thread: TokenPrepThread | None = None
        self._project: Any = None
        self._shown_at = time.monotonic()
        self._active_at = 0.0  # time.monotonic() of the analyst's last edit, article opened, span selected
        self._done = False  # the open project's run ended with nothing left (or failed): not again this session
        self._stopped = False  # Stop, Ctrl+. or the jobs menu: not again for this project this session
        self._job_seen = False  # an import or export was running at the last tick
        self._text = ""
        self._auto = os.environ.get(ENV_SWITCH, "1") != "0"  # read once: the tick stays attribute reads
        indicator.queue.hide()  # its one entry is in the jobs menu (Ctrl+Shift+J) too; room for the line
        indicator.cancel.setText("Stop")
        indicator.cancel.setToolTip("Stop preparing tokens for this session — what is stored stays; the first such export "
                                    "tokenises the rest")
        indicator.cancelRequested.connect(self.stop_by_analyst)
        background.starting.append(self._close_gate)  # a pre-annotation or job set: no new batch from now
        session.articleOpened.connect(lambda _id: self.note_activity())
        session.selectionChanged.connect(lambda *_args: self.note_activity())
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def note_activity(self) -> None:
        """The analyst did something (an edit, an article opened, a span selected): no new batch
        starts and none is written for :data:`IDLE_SECONDS`."""
        self._active_at = time.monotonic()
        self._close_gate()

    def _close_gate(self) -> None:
        if self.thread is not None:
            self.thread.gate.clear()

    def is_running(self) -> bool:
        return self.thread is not None

    def is_shown(self) -> bool:
        """Running and in the status bar (not waiting behind a pre-annotation, import or export)."""
        return self.thread is not None and self._indicator.isVisible()

    def _others_busy(self) -> bool:
        background = self._background
        return (background.worker is not None or background.job is not None or background.stopping_worker()
                or bool(self._indexer is not None and self._indexer.is_running()))

    def tick(self) -> None:
        """Start, pause, resume or stop the run as the conditions say (cheap: attribute reads)."""
        project = self._session.project
        now = time.monotonic()
        if project is not self._project:  # another file shown: its own run, from the start
            self.cancel()
            self._project, self._shown_at, self._done, self._stopped = project, now, False, False
        if self._job_seen and self._background.job is None:
            self._done = False  # an import may have brought articles without tokens: counted again
        self._job_seen = self._background.job is not None
        wanted = (AUTO_START and self._auto and project is not None and not project.read_only and not self._done and not self._stopped
                  and enabled(self._settings))
        if not wanted:
            self.cancel()
            return
        busy = self._others_busy()
        idle = now - self._active_at >= IDLE_SECONDS and now - self._shown_at >= START_SECONDS
        if self.thread is None:
            if not busy and idle:
                self._start(project)
            return
        if busy or not idle:
            self.thread.gate.clear()
        else:
            self.thread.gate.set()
        # hidden while a pre-annotation, import or export has the bar: one line of background work at a time
        visible = not busy and bool(self._text)
        if visible != self._indicator.isVisible():
            self._indicator.setVisible(visible)

    def _start(self, project: Any) -> None:
        # a gate of its own: a stopped run still finishing its write must not be opened by the next one's
        thread = TokenPrepThread(project.path, threading.Event(), self)
        thread.progress.connect(lambda done, articles, t=thread: self._on_progress(t, done, articles))
        thread.ended.connect(lambda written, total, finished, error, t=thread: self._on_ended(t, written, total, finished, error))
        self.thread = thread
        self._text = ""
        thread.gate.set()
        self._keep(thread)
        thread.start()

    def _on_progress(self, thread: TokenPrepThread, done: int, articles: int) -> None:
        if thread is not self.thread:
            return
        # the project's count, not this run's (usertest30 L4: reopened at 700 of 1,885 it said "0 of 1,185")
        self._text = f"{TITLE}: {done:,} of {articles:,}"
        self._indicator.show_progress(done, articles, self._text)
        self._indicator.label.setToolTip(f"{self._text}\n\n{TOOLTIP}")
        if self._others_busy():
            self._indicator.hide()

    def _on_ended(self, thread: TokenPrepThread, written: int, total: int, finished: bool, error: str) -> None:
        if thread is not self.thread:
            return  # stopped: its end was said then
        self.thread = None
        self._text = ""
        self._indicator.hide()
        self._done = finished or bool(error)  # a failure is not tried again this session: the export tokenises
        if finished and written:
            self._background.remember(f"Tokens prepared for exports: {written:,} article{'s' if written != 1 else ''}")
        elif error:  # derived data: nothing is lost, the exports tokenise as before; kept in the jobs menu's "Lately"
            self._background.remember(f"Preparing tokens for exports stopped after {written:,} of the {total:,} missing ({error}); "
                                      "exports tokenise the rest as before")

    def cancel(self) -> bool:
        """Stop the run (the window closes, another project is shown, the switch is off); returns
        whether one was running. What is stored stays; the next launch goes on."""
        thread = self.thread
        if thread is None:
            return False
        thread.cancel()
        self.thread = None
        self._text = ""
        self._indicator.hide()
        return True

    def stop_by_analyst(self, *, quiet: bool = False) -> bool:
        """Stop, Ctrl+. or the jobs menu: ended for this project until the next launch, said
        once (``quiet``: the caller's line names it, Ctrl+.'s "Cancelled: …")."""
        if not self.cancel():
            return False
        self._stopped = True
        if not quiet:
            self._session.say("Stopped preparing tokens for exports: the first CoNLL, spaCy or JSONL-with-tokens export "
                              "tokenises the rest (Edit → Preferences turns it off)", 6000)
        return True
