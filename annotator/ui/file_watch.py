"""Writes other programs make to the open project file, seen by the main window (fix11j, issue 11 #2).

A merge, an import, ``annotator curate`` or another window writing the file the window shows
left its article list stale: a merge withdrew an article's curated mark and the list kept its ✓
until the file was reopened. SQLite says when *another* connection committed: ``PRAGMA
data_version`` on the window's connection moves then, and only then (the window's own writes leave
it). :class:`OutsideWrites` polls it on a timer (one pragma, microseconds) and, when it moved,
reads which articles the new change-log rows name — the log is append-only and every write of
every program logs its rows (``changes.article_id``, indexed; rowid ascending) — so that the
window re-reads **only those articles' rows**, never the whole list (issue 12: 50,000 articles).
The window's own rows are not reported (fix11l, issue 11 #4: a merge that changed #1 said "This
article was changed by another program" of #2, which the window itself had just edited): the
project notes the rowid ranges its own connection commits (:meth:`Project.track_own_changes`),
and those are left out.

Qt objects only (a QTimer); no window import: the window connects :attr:`OutsideWrites.changed`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.storage.project import Project

#: How often the file is looked at (ms): as the curation view's watch (curation_view.FILE_POLL_MS).
POLL_MS = 1000


class OutsideWrites(QObject):
    """Polls ``project()``'s file; emits :attr:`changed` with ``(article ids, gold ids)`` after
    another connection committed: every article a change-log row written since the last look
    names, and those of them whose gold layer or article row changed (not only an analyst's
    layer: what the editing view shows)."""

    changed = Signal(list, list)

    def __init__(self, project: Callable[[], Project | None], parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._project = project
        self._version: int | None = None
        self._last_row = 0
        self._watched: Project | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Look from now on at the current project (called when the window shows a project)."""
        self._remember(self._project())
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _remember(self, project: Project | None) -> None:
        self._watched = project
        self._version, self._last_row = None, 0
        if project is None:
            return
        project.track_own_changes()
        project.own_changes()  # from now on
        try:
            self._version = int(project.db.execute("PRAGMA data_version").fetchone()[0])
            self._last_row = int(project.db.execute("SELECT coalesce(max(rowid), 0) FROM changes").fetchone()[0])
        except (sqlite3.Error, TypeError):
            self._version = None

    def check(self) -> bool:
        """Look now: when another connection committed since the last look, emit :attr:`changed`
        (possibly with no article: a settings write) and return True; False when nothing did."""
        project = self._project()
        if project is not self._watched:
            self._remember(project)
            return False
        if project is None:
            return False
        try:
            version = int(project.db.execute("PRAGMA data_version").fetchone()[0])
            if version == self._version:
                if own := project.own_changes():  # only the window wrote: look from after its rows
                    self._last_row = max(self._last_row, own[-1][1])
                return False
            own = _joined(project.own_changes())
            last = int(project.db.execute("SELECT coalesce(max(rowid), 0) FROM changes").fetchone()[0])
            others = [(a, b) for a, b in _gaps(own, self._last_row, last)]
            rows = []
            for low, high in others:  # the rows no write of this window made
                rows.extend(project.db.execute(
                    "SELECT article_id, max(kind NOT LIKE 'layer\\_%' ESCAPE '\\') FROM changes "
                    "WHERE rowid > ? AND rowid <= ? AND article_id IS NOT NULL GROUP BY article_id", [low, high]).fetchall())
        except (sqlite3.Error, TypeError):
            return False  # a closed or damaged file: the window's own checks say so
        self._version, self._last_row = version, last
        gold: dict[int, bool] = {}
        for article, is_gold in rows:
            gold[int(article)] = gold.get(int(article), False) or bool(is_gold)
        self.changed.emit(sorted(gold), sorted(a for a, g in gold.items() if g))
        return True


def _joined(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rowid ranges ``(after, last]``, sorted, touching ones joined (one per run of own writes)."""
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _gaps(own: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The parts ``(after, last]`` of ``(low, high]`` outside the ``own`` ranges (sorted, disjoint)."""
    out: list[tuple[int, int]] = []
    at = low
    for a, b in own:
        if a > at:
            out.append((at, min(a, high)))
        at = max(at, b)
    if at < high:
        out.append((at, high))
    return [(a, b) for a, b in out if b > a]


__all__ = ["POLL_MS", "OutsideWrites"]
