"""The full-text index's catch-up after ``annotator import``, off the UI thread (issue 12, import12e).

``annotator import`` commits its articles with a note of those the full-text index still lacks
(:data:`annotator.storage.search.FTS_PENDING`); the first full-text query catches up — 1.2–1.7 s
of CPU at 10,000 articles, which froze the window when that query was the article list's filter.
Here the window catches up in a :class:`CatchUpThread` of its own connection as soon as it opens
a project with the note or sees the note appear (another program imported), in steps
(:func:`~annotator.storage.search.catch_up_in_steps`: a cancel or a kill keeps the note of
what is left; an edit in the window waits one step at most). Progress shows in a status-bar
indicator of its own (perf12f: it used to write the job indicator's line, over a running
pre-annotation's, import's or export's text), with its own Cancel.
A list filter asked meanwhile is not run on the UI thread: the list says "Indexing N imported
articles for search…" and the filter runs when the catch-up ends. An edit of an article row
indexes that article alone (:func:`~annotator.storage.search.catch_up_article`).

A read-only project cannot catch up: its queries need an index of their own, which
:func:`~annotator.storage.search.ensure_index` built on the calling thread (~1.5 s of CPU at
10,000 articles, on the UI thread at the first filter). Here an :class:`IndexCopyThread` builds it
(:func:`~annotator.storage.search.build_index_copy`: a shared in-memory database, from a
connection of its own), the filter waits for it as for a catch-up, and the window's connection
then attaches the copy (:func:`~annotator.storage.search.attach_index_copy`, no article read)
and its queries read it (perf12f). An import another program makes later is not in the copy,
as it was not in the per-connection index.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from annotator.storage.search import attach_index_copy, build_index_copy, catch_up_in_steps, has_index_copy, pending_articles


class CatchUpThread(QThread):
    """Runs :func:`catch_up_in_steps` on its own connection to ``path``; ``progress(done,
    total)`` after each step; ``ended(indexed, cancelled)`` or ``failed(message)`` at the end."""

    progress = Signal(int, int)
    ended = Signal(int, bool)
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(path)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next step (thread-safe); what is indexed stays, the note names the rest."""
        self._cancel.set()

    def run(self) -> None:  # noqa: D102 - QThread entry point
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=5.0)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                # fix28: as the project's own connection in WAL mode (and HeldTokens): no fsync at each
                # step's commit, which held the write lock tens of ms more per step on a busy disk
                conn.execute("PRAGMA synchronous = NORMAL")
                indexed, cancelled = catch_up_in_steps(conn, report=self.progress.emit, cancelled=self._cancel.is_set)
            finally:
                conn.close()
        except sqlite3.Error as exc:  # locked past the timeout, the file gone: the note stays for later
            traceback.print_exc()
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.ended.emit(indexed, cancelled)


class IndexCopyThread(QThread):
    """Runs :func:`build_index_copy` of the read-only project at ``uri`` (its
    :meth:`~annotator.storage.project.Project.read_uri`); ``built(connection, copy uri)`` hands
    over the connection that keeps the copy alive (close it once attached), or ``failed(message)``.
    ``project`` is the project it was started for (a project shown since ignores its result)."""

    built = Signal(object, str)
    failed = Signal(str)

    def __init__(self, uri: str, project: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._uri = uri
        self.project = project
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the articles are read (thread-safe); a copy being built is dropped when done."""
        self._cancel.set()

    def run(self) -> None:  # noqa: D102 - QThread entry point
        try:
            conn, uri = build_index_copy(self._uri, cancelled=self._cancel.is_set)
        except InterruptedError:
            self.failed.emit("cancelled")
            return
        except sqlite3.Error as exc:
            traceback.print_exc()
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.built.emit(conn, uri)


class IndexCatchUp(QObject):
    """The window's catch-up: at most one :class:`CatchUpThread`, and the work that waits for it.

    ``project()`` gives the open project; ``say(text, ms)`` writes in the status bar, ``tell(text)``
    a line that carries an error (until replaced, kept in the jobs menu's "Lately": ui32);
    ``show_progress(done, total, text)`` / ``hide_progress()`` drive the status bar's indicator;
    ``keep(thread)`` hands a started thread to the window, which waits for it before it closes.
    ``indexed`` is emitted on the UI thread when a catch-up has ended with nothing left to index;
    ``progressed(left)`` after each of its steps.
    """

    indexed = Signal()
    #: articles still to index after a step of the running catch-up (fix28: the list's label counts down)
    progressed = Signal(int)

    def __init__(self, project: Callable[[], Any], *, say: Callable[[str, int], None],
                 tell: Callable[[str], None] | None = None, show_progress: Callable[[int, int, str], None], hide_progress: Callable[[], None],
                 keep: Callable[[QThread], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._say = say
        self._tell = tell or (lambda text: say(text, 0))
        self._show_progress = show_progress
        self._hide_progress = hide_progress
        self._keep = keep
        self.thread: CatchUpThread | IndexCopyThread | None = None
        self._waiting: list[Callable[[], None]] = []

    def pending(self) -> int:
        """Articles the open project's index still lacks (the note; one indexed SELECT)."""
        try:
            return pending_articles(self._project().db.conn)
        except sqlite3.Error:
            return 0

    def is_running(self) -> bool:
        return self.thread is not None

    def start(self) -> bool:
        """Catch up in a thread when the note is there and the project can be written, or build a
        copy of the index in a thread when it cannot (read-only, and no copy attached yet);
        returns whether one runs now. Cheap when there is nothing to do."""
        if self.thread is not None:
            return True
        project = self._project()
        pending = self.pending()
        if not pending:
            return False
        if project.read_only:
            try:
                if has_index_copy(project.db.conn):
                    return False  # queries read the copy (ensure_index)
            except sqlite3.Error:
                return False
            copier = IndexCopyThread(project.read_uri(), project, self)
            copier.built.connect(lambda conn, uri, t=copier: self._on_built(t, conn, uri))
            copier.failed.connect(lambda message, t=copier: self._on_failed(t, message))
            self.thread = copier
            self._keep(copier)
            self._show_progress(0, 0, self.waiting_text(pending))
            copier.start()
            return True
        thread = CatchUpThread(project.path, self)
        thread.progress.connect(lambda done, total, t=thread: self._on_progress(t, done, total))
        thread.ended.connect(lambda indexed, cancelled, t=thread: self._on_ended(t, cancelled))
        thread.failed.connect(lambda message, t=thread: self._on_failed(t, message))
        self.thread = thread
        self._keep(thread)
        self._show_progress(0, pending, self.waiting_text(pending))
        thread.start()
        return True

    @staticmethod
    def waiting_text(pending: int) -> str:
        return f"Indexing {pending:,} imported article{'s' if pending != 1 else ''} for search…"

    def when_indexed(self, then: Callable[[], None]) -> bool:
        """Whether a full-text query must wait for the catch-up (the note is there and a catch-up
        runs or has just been started): then ``then()`` runs on the UI thread when it ends (the
        last one asked only: a newer filter replaces an older one). False: query now."""
        if not self.pending() or not self.start():
            return False
        self._waiting = [then]
        return True

    def cancel(self) -> bool:
        """Stop the catch-up at its next step (the note keeps what is left; the next filter or
        the next open starts it again). Returns whether one was running."""
        thread = self.thread
        if thread is None:
            return False
        thread.cancel()
        self.thread = None
        self._waiting = []
        self._hide_progress()
        return True

    def _on_progress(self, thread: CatchUpThread, done: int, total: int) -> None:
        if thread is self.thread:
            self._show_progress(done, total, f"Indexing imported articles for search: {done:,} of {total:,}")
            self.progressed.emit(max(0, total - done))

    def _on_ended(self, thread: CatchUpThread, cancelled: bool) -> None:
        if thread is not self.thread:
            return  # cancelled by the analyst, or a project shown since
        self.thread = None
        self._hide_progress()
        if cancelled:
            return
        if self.pending():  # another import noted more meanwhile
            self.start()
            return
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.indexed.emit()

    def _on_built(self, thread: IndexCopyThread, conn: sqlite3.Connection, uri: str) -> None:
        """The copy is built: the open project's connection attaches it (when it is still the
        project it was built for), then the builder's connection is closed."""
        try:
            if thread is not self.thread:
                return  # cancelled, or another project shown since
            self.thread = None
            self._hide_progress()
            project = self._project()
            if project is not thread.project:
                return
            try:
                attach_index_copy(project.db.conn, uri)
            except sqlite3.Error as exc:
                self._waiting = []
                self._tell(f"Could not search the articles not yet indexed ({exc}); open a writable copy of the project to index them")
                return
        finally:
            conn.close()  # the attached connection keeps the memory database alive
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.indexed.emit()

    def _on_failed(self, thread: CatchUpThread | IndexCopyThread, message: str) -> None:
        if thread is not self.thread:
            return
        self.thread = None
        self._hide_progress()
        self._waiting = []
        self._tell(f"Could not index the imported articles for search now ({message}); the next filter tries again")
