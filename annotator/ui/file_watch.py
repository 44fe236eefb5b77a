"""Writes other programs make to the open project file: the one watcher of the window and of the
curation view (fix11j, issue 11 #2; fix11ah).

A merge, an import, ``annotator curate`` or another window writing the file the window shows
left its article list stale: a merge withdrew an article's curated mark and the list kept its ✓
until the file was reopened. :class:`OutsideWrites` polls the file on a timer and emits
:attr:`~OutsideWrites.changed` when another program changed its *data*; what counts is decided
in one Qt-free place, :func:`annotator.storage.outside_changes.changes_since` (its module doc
gives the rule and the cost: one ``PRAGMA data_version`` per tick while no other connection
commits). The window re-reads **only the rows of the articles named**, never the whole list
(issue 12: 50,000 articles); an open curation view (``curation_view.py``) connects the same
signal and re-aligns from the file. The window's own rows are not reported (fix11l, issue 11
#4): the project notes the rowid ranges its own connection commits
(:meth:`Project.track_own_changes`), and each watcher reads them from its own mark without
consuming them (fix11ai), so two watchers of one project do not steal each other's record. Writes that change no data — ``annotator search`` catching
up the full-text index, ``annotator export --layer all`` filling the token cache, another window
opening the file — are not reported (fix11af, fix11ah).

Before fix11ah the curation view had a second watcher of its own (its own timer and
``Project.data_mark``) while this one reported every move of ``data_version``: the two told one
fact apart differently (the window followed an export, the view did not).

Qt objects only (a QTimer); no window import: the window and the view connect :attr:`OutsideWrites.changed`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.storage.outside_changes import DataMark, OutsideChange, changes_since, mark_now
from annotator.storage.project import Project

#: How often the file is looked at (ms). Every curation decision looks too, before it is written.
POLL_MS = 1000


class OutsideWrites(QObject):
    """Polls ``project()``'s file; emits :attr:`changed` with ``(article ids, gold ids)`` after
    another program changed its data (:func:`~annotator.storage.outside_changes.changes_since`):
    every article its change-log rows name, and those of them whose gold layer or article row
    changed (not only an analyst's layer: what the editing view shows). Either list may be empty
    (a schema replaced, an analyst's layer registered). :attr:`last` is that change,
    :attr:`generation` counts them (a reader compares it with the one it read at).

    Any number of watchers may look at one :class:`Project` (fix11ai): each asks the project for
    its own rows past its own mark (:meth:`Project.own_changes` ``(after=...)``, which consumes
    nothing), so a curation view built without the window's watcher (``benchmarks/curation.py``)
    never takes the window's own edits for another program's. The view opened from the window is
    still given the window's (``open_curation(watch=...)``): one timer, one look per tick."""

    changed = Signal(list, list)
    #: fix11aj (usertest11q M2): another program's pre-annotation stored machine suggestions only
    #: (:attr:`OutsideChange.suggestions_only`) in these articles: not a change of anyone's
    #: annotations — :attr:`generation` does not move (the curation view neither re-reads nor refuses
    #: a key), and the window shows them without "changed by another program"
    suggested = Signal(list)
    #: fixut16b (usertest H1): the project file was found moved, deleted or replaced while open
    #: (:meth:`Project.file_gone`, one ``os.stat`` a tick): emitted once, with the
    #: :class:`~annotator.storage.file_identity.ProjectFileGone` saying what happened
    gone = Signal(object)

    def __init__(self, project: Callable[[], Project | None], parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._project = project
        self._mark: DataMark | None = None
        self._watched: Project | None = None
        self.generation = 0
        self.last: OutsideChange | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Look from now on at the current project (called when the window shows a project)."""
        self._remember(self._project())
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def pass_own_job(self) -> None:
        """Look from now on, past what the window's own job wrote through a connection of its own
        (File → Import's thread): the window has shown it, and this watcher took it for another
        program's (usertest19 L7 under Xvfb: "This article was changed by another program …"
        replaced the import's summary). Another program's write in the same second is shown by
        the window's own refresh after the job (the whole list, the open article)."""
        if self._watched is not None and self._watched is self._project():
            self._remember(self._watched)

    def _remember(self, project: Project | None) -> None:
        self._watched, self._mark = project, None
        if project is None:
            return
        project.track_own_changes()  # own rows before the mark taken now are never asked for
        try:
            self._mark = mark_now(project.db)
        except (sqlite3.Error, TypeError, AttributeError):
            self._mark = None

    def check(self) -> bool:
        """Look now: when another program changed the data since the last look, emit
        :attr:`changed` and return True; False when nothing did (or the file cannot be read:
        the window's own checks say so)."""
        project = self._project()
        if project is not self._watched or (project is not None and self._mark is None):
            self._remember(project)
            return False
        if project is None or self._mark is None:
            return False
        file_gone = getattr(project, "file_gone", None)
        if file_gone is not None and getattr(project, "gone", None) is None and file_gone() is not None:
            self.gone.emit(project.gone)  # before the analyst's next edit finds it
            return False
        try:
            change, self._mark = changes_since(project.db, self._mark, project.own_changes(after=self._mark.last_row))
        except (sqlite3.Error, TypeError, AttributeError):
            return False  # a closed or damaged file: the window's own checks say so
        if change is None:
            return False
        if change.suggestions_only:
            self.suggested.emit(list(change.article_ids))
            return False
        self.generation += 1
        self.last = change
        self.changed.emit(list(change.article_ids), list(change.gold_ids))
        return True


__all__ = ["POLL_MS", "OutsideWrites"]
