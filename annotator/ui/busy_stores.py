"""The window pre-annotation's stores that a busy project file refused (fix32, fix34): what waits,
what is tried next and when, what is given back, and the status bar's busy line.

Qt-free on purpose (no PySide6 import): :class:`~annotator.ui.preannotation.Preannotator` keeps
the timers, the signals and the project's writes, and asks :class:`BusyStores` what to do; the
decisions here are tested without a window (tests/ui/test_busy_stores_ref40.py). It lives beside
its one user rather than in the core: its words are the window's status line, and its order
rule (the analyst's edits first) is the window's (``annotator.ui.editing``); the command line's
own retry of a busy batch is ``annotator.nlp.runner._Sink``.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

W = TypeVar("W")  # the worker that made the suggestions (workers.PreannotateWorker in the window)


class BusyStores(Generic[W]):
    """The suggestions a busy project file has not taken yet, for one open project.

    States of an article of the run (by id):

    * **waiting**: made, its store refused (the file busy) or queued behind one that was, kept in
      :attr:`unsaved` with its suggestions and worker, in the order made; in :attr:`backlog`.
    * **given back**: every try of :func:`next_delay` failed; the run still going takes it again
      after its other articles, once a run (:attr:`given_back`); still in :attr:`backlog`.
    * **left pending**: given back when the run could not take it again (ended, cancelled, or
      already given back once): the next run's (:attr:`left_pending`); still in :attr:`backlog`.
    * **settled**: stored, skipped (marked done or reviewed meanwhile), failed otherwise, or its
      article failed: out of :attr:`backlog` (:meth:`settled`).

    Promises: the order of writes is kept (a new store waits behind the waiting ones, the first
    waiting is the one tried, :meth:`first`); the analyst's edits go first (the caller does not
    try while one waits, and such a turn counts as a busy try); nothing is lost: an article
    leaves :attr:`unsaved` only stored, skipped, failed (said), given back or left pending, and
    its store is one transaction (nothing half-written).

    The busy line (fix34): said at the run's first give-back (:meth:`say_on_give_back`), then
    redrawn with the backlog's count (:meth:`redraw_due`, :meth:`next_line`) while the bar still
    shows it (:attr:`last_said`); :attr:`lines` keeps every one said since the project opened.
    """

    def __init__(self) -> None:
        # (article id, suggestions, the worker that made them), first made first
        self.unsaved: collections.deque[tuple[int, Any, W]] = collections.deque()
        self.tries = 0  # failed tries of the first waiting store
        self.left_pending: list[int] = []  # articles of this run left pending: the next run's
        self.given_back: set[int] = set()  # articles this run was given back to take again (once each)
        # the run's articles the file has not taken yet, first waiting first (a dict: ordered, O(1))
        self.backlog: dict[int, None] = {}
        self.said = False  # the run's busy line was said (its count then follows the backlog)
        self.line = ""  # the busy line as last said ("" none)
        self.lines: set[str] = set()  # every busy line said since the project was opened
        self.last_said = ""  # the last line said through the session (the bar's, unless a widget said another)

    # -- a run, a project ---------------------------------------------------------------------

    def new_run(self) -> None:
        """A run starts: its give-backs, backlog and line start afresh. What still waits from the
        run before stays waiting (its worker's), and so do the lines said (``was_line``)."""
        self.left_pending = []
        self.given_back = set()
        self.said = False
        self.backlog = {}
        self.line = ""

    def forget_project(self) -> list[tuple[int, Any, W]]:
        """Another project is open: every waiting store, in order, taken out (the caller tells
        each worker it was not stored: left pending there, its next run makes them again)."""
        dropped = list(self.unsaved)
        self.unsaved.clear()
        self.tries = 0
        self.backlog.clear()
        self.line = ""
        self.lines.clear()
        return dropped

    # -- waiting and retrying -----------------------------------------------------------------

    def must_wait(self, edits_waiting: bool) -> bool:
        """Whether a new store must queue without a try: stores wait already (the order of writes
        is kept), or an edit of the analyst's waits for the file (edits go first)."""
        return bool(self.unsaved) or edits_waiting

    def keep(self, article_id: int, suggestions: Any, worker: W) -> bool:
        """``article_id``'s suggestions wait for the file, behind those waiting; True when the
        busy line is due for a redraw (:meth:`redraw_due`)."""
        self.unsaved.append((article_id, suggestions, worker))
        return self.waits(article_id)

    def first(self) -> tuple[int, Any, W] | None:
        """The store to try next (the first waiting), None when none waits."""
        return self.unsaved[0] if self.unsaved else None

    def stored_first(self) -> None:
        """The first waiting store went in (or was settled otherwise): the next one's tries start."""
        self.unsaved.popleft()
        self.tries = 0

    def first_delay(self, delays: Sequence[int]) -> int:
        """The retry timer starts afresh (nothing was waiting on it): its first delay (ms)."""
        self.tries = 0
        return delays[0]

    def next_delay(self, delays: Sequence[int]) -> int | None:
        """A try of the first waiting store failed (the file busy, or an edit waiting): the delay
        (ms) before the next, the next of ``delays``; None once all of them were waited: give
        the waiting articles back (:meth:`give_back`)."""
        self.tries += 1
        return delays[self.tries] if self.tries < len(delays) else None

    def give_back(self, not_stored: Callable[[int, W], None], take_later: Callable[[int, W], bool]) -> None:
        """Every try failed: each waiting store, in order, is taken out and ``not_stored(article
        id, worker)`` called (its worker drops what it holds for it); ``take_later(article id,
        worker)``, asked only for an article this run has not given back before, says whether the
        run still going takes it again after its other articles: given back, else left pending.
        Each stays in the backlog until settled."""
        while self.unsaved:
            article_id, _suggestions, worker = self.unsaved.popleft()
            not_stored(article_id, worker)
            if article_id not in self.given_back and take_later(article_id, worker):
                self.given_back.add(article_id)
            else:
                self.left_pending.append(article_id)
        self.tries = 0

    # -- the backlog and the busy line --------------------------------------------------------

    def waits(self, article_id: int) -> bool:
        """``article_id``'s suggestions wait for the file (counted in the busy line); True when
        the line is due for a redraw."""
        self.backlog.setdefault(article_id, None)
        return self.redraw_due()

    def settled(self, article_id: int) -> bool:
        """``article_id`` no longer waits (stored, skipped, failed); True when it did and the
        line is due for a redraw."""
        if article_id not in self.backlog:
            return False
        del self.backlog[article_id]
        return self.redraw_due()

    def redraw_due(self) -> bool:
        """Whether a change of the backlog is to be shown (the line was said and stands); the
        caller redraws at most once per its interval (``BUSY_LINE_MS``)."""
        return self.said and bool(self.line)

    def say_on_give_back(self, run_going: bool) -> bool:
        """After a give-back: whether the busy line is said now: the run's first, or the run
        still going and another line (an article's error line) replaced it, so the count does not
        go unseen for the rest of a long lock (the run's end line is not replaced)."""
        if self.said and not (run_going and self.last_said != self.line):
            return False
        self.said = True
        self.line = ""
        return True

    def text(self, file_name: Callable[[], str]) -> str:
        """The busy line for the backlog now ("" when nothing waits), ``file_name()`` the
        project's: e.g. "Suggestions for 160 articles not saved yet, they will be tried again
        later in this run: p.db is busy (another program is writing to it)"."""
        n = len(self.backlog)
        if not n:
            return ""
        pending = sum(1 for i in self.left_pending if i in self.backlog)
        what = f"article {next(iter(self.backlog))}" if n == 1 else f"{n:,} articles"
        name = file_name()
        when = ("later in this run" if not pending else "later in this run or the next one" if n > pending
                else "when the project is next pre-annotated")
        # the count first and why last: the bar elides a line too long for the room its fields leave in
        # the middle (~480 px beside a run's indicator at 1380 px), and both ends stay readable
        return (f"Suggestions for {what} not saved yet, {'it' if n == 1 else 'they'} will be tried again {when}: "
                f"{name} is busy (another program is writing to it)")

    def next_line(self, file_name: Callable[[], str]) -> tuple[str, int] | None:
        """What to say now, (line, ms shown; 0 until replaced), or None: nothing (the bar shows
        another line than the last busy one, or the count has not changed). Nothing waiting any
        more: "The suggestions that waited for p.db are saved", for 5 s, and the line is said
        again at the run's next give-back."""
        if self.line and self.last_said != self.line:
            return None
        text = self.text(file_name)
        if text == self.line:
            return None
        if not text:
            self.line = ""
            self.said = False
            return f"The suggestions that waited for {file_name()} are saved", 5000
        self.line = text
        self.lines.add(text)
        return text, 0

    def is_line(self, text: str) -> bool:
        """Whether ``text`` is the busy line as last said."""
        return bool(text) and text == self.line

    def was_line(self, text: str) -> bool:
        """Whether ``text`` is a busy line said since the project was opened."""
        return text in self.lines
