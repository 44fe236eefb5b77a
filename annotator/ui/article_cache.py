"""The last few articles the window showed, kept loaded, so that going back to one reads nothing.

Undoing an edit made in another article opens that article (:mod:`annotator.ui.editing`), and so
does going back to the article just left: the spans, links, stances and tags it would read again
(and check for damaged rows) cost about a tenth of an article switch (issue 12). The cache keeps
the :class:`~annotator.domain.document.ArticleState` of the last :data:`KEPT` articles opened
(the open one included: it is the same object as ``Session.state``).

**Never stale.** A kept state is used only while it is known to mirror the project file. The
file's *version* is ``(PRAGMA data_version, total_changes)`` of the window's connection: the
first changes whenever another connection (another window, ``annotator import``, a merge, the
pre-annotation child) commits, the second whenever this connection writes anything. The cache
remembers the version its states mirror; any other version means something it did not see was
written, and every kept state is dropped (the next open reads the file). The window's own edits
keep the states in step instead: :meth:`ArticleCache.writing` brackets a write, and when the
file was at the cache's version before it and nothing else committed meanwhile, the stored edit
is applied to each kept state it touches and the cache takes the new version.

Qt-free; the window's :class:`~annotator.ui.navigation.ArticleNavigator` and
:class:`~annotator.ui.editing.EditPath` use it.
"""

from __future__ import annotations

import collections
import contextlib
import sqlite3
from collections.abc import Callable, Iterator

from annotator.domain.document import ArticleState
from annotator.domain.edits import Edit
from annotator.storage.project import Project

KEPT = 4  # states kept: the open article and the last three left
Version = tuple[int, int]


def file_version(project: Project) -> Version | None:
    """``(data_version, total_changes)`` of ``project``'s connection, or None when it cannot be
    read (a closed or damaged file: then nothing is kept)."""
    conn = project.db.conn
    try:
        row = conn.execute("PRAGMA data_version").fetchone()
        return int(row[0]), conn.total_changes
    except (sqlite3.Error, TypeError):
        return None


class ArticleCache:
    """Up to ``size`` article states that mirror the file at :attr:`version` (module docstring)."""

    def __init__(self, size: int = KEPT) -> None:
        if size < 1:
            raise ValueError("the cache keeps at least the open article")
        self.size = size
        self._states: collections.OrderedDict[int, ArticleState] = collections.OrderedDict()
        self._project: Project | None = None
        self.version: Version | None = None
        #: loads answered from the cache and from the file (tests and benchmarks)
        self.hits = 0
        self.misses = 0

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._states

    def clear(self) -> None:
        self._states.clear()
        self.version = None

    def _current(self, project: Project) -> Version | None:
        """The file's version now; drops every kept state when it is not the one they mirror."""
        if project is not self._project:
            self._project = project
            self.clear()
        version = file_version(project)
        if version is None or version != self.version:
            self._states.clear()
        return version

    def load(self, project: Project, article_id: int, read: Callable[[], ArticleState], *, fresh: bool = False) -> ArticleState:
        """The state of ``article_id``: the kept one while the file is unchanged since it was
        kept, else ``read()`` (which reads it from ``project``). ``fresh`` always reads (a reload
        of the open article). The state returned is kept, as the most recent."""
        version = self._current(project)
        state = None if fresh else self._states.get(article_id)
        if state is None:
            self.misses += 1
            state = read()
            version = file_version(project)  # read() may have written nothing, but be sure
        else:
            self.hits += 1
        if version is None:
            self.clear()
            return state
        if version != self.version:  # read() saw a newer file than the kept states: they go
            self._states.clear()
        self._states[article_id] = state
        self._states.move_to_end(article_id)
        while len(self._states) > self.size:
            self._states.popitem(last=False)
        self.version = version
        return state

    @contextlib.contextmanager
    def writing(self, project: Project, *, live: ArticleState | None = None) -> Iterator[Callable[[Edit], None]]:
        """Bracket one write of this window to ``project``: call the yielded function with the
        edit as stored (``stamped``, or ``stamped.inverse()`` for an undo) once it is written; it
        is applied to every kept state it touches but ``live`` (the open article's, which the edit
        path applies itself). Without that call (the write failed), or when the file had changed
        before or changes meanwhile by another connection, every kept state is dropped."""
        before = self._current(project)
        stored: list[Edit] = []
        try:
            yield stored.append
        finally:
            after = file_version(project)
            in_step = (before is not None and after is not None and before == self.version
                       and after[0] == before[0] and len(stored) == 1)
            if not in_step:
                self.clear()
            else:
                touched = stored[0].article_ids()
                for article_id, state in self._states.items():
                    if state is not live and article_id in touched:
                        state.apply(stored[0])
                self.version = after
