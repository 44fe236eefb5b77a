"""Whether another program changed the open project's data since a mark (fix11ah, issue 11/12).

The one decision behind "the project file changed under me", for the main window and the
curation view alike (:class:`annotator.ui.file_watch.OutsideWrites` polls it and emits one
signal both follow). Before fix11ah each had its own: the window took any move of SQLite's
``PRAGMA data_version`` as a change, the curation view compared a mark of the change log
(``Project.data_mark``, fix11af). ``data_version`` moves whenever *another connection* commits,
including writes that change no annotation — ``annotator search`` catching up the full-text
index, ``annotator export --layer all`` filling the token cache, another window opening the file
(``Project.prepare_writes`` sets ``user_version`` to itself) — so the window followed those and
the view did not.

What counts (the rule, in one place): the change log is append-only and every write of the
project's data logs its rows (``changes``: spans, relations, tags, stances, statuses, layers,
imports, merges, curation, schema), so another program changed the data exactly when

* the log holds rows after the mark's last rowid that this connection did not commit
  (``Project.track_own_changes`` notes the rowid ranges of its own commits), or
* the number of analysts' layers differs (a merge registering an analyst), or
* the log's last rowid went *down* (the file was replaced by an older copy).

fix11aj (usertest11q M2): a change made only of pre-annotation rows (machine suggestions another
program's pre-annotation stored, ``kind`` ``preannotate``) is reported with
:attr:`OutsideChange.suggestions_only`: it is no person's annotation, so the watcher does not take
it for "changed by another program" (``annotator.ui.file_watch``).

Cost per look: one ``PRAGMA data_version`` (no file read: it is the connection's counter of
other connections' commits) while nothing else committed. Only after another commit: the log's
last rowid (the B-tree's right edge), ``count(*)`` of the layers table (one row per analyst) and
the others' new rows by rowid range. Nothing here grows with the number of articles.

Qt-free; raises ``sqlite3.Error`` from a closed or damaged connection (the caller decides).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Protocol


class _Executes(Protocol):  # an sqlite3.Connection or a sqlite_utils Database
    def execute(self, sql: str, parameters: list[object] = ..., /) -> sqlite3.Cursor: ...


@dataclass(frozen=True)
class DataMark:
    """Where a connection last looked: ``version`` its ``PRAGMA data_version``, ``last_row`` the
    change log's last rowid then (this connection's own rows included), ``layers`` the number of
    analysts' layers."""

    version: int
    last_row: int
    layers: int


@dataclass(frozen=True)
class OutsideChange:
    """What another program changed since a mark: ``article_ids`` every article its log rows name
    (sorted), ``gold_ids`` those of them whose gold layer or article row changed (a row whose
    ``kind`` is not ``layer_*``: what the editing view shows), ``rows`` its log rows counted,
    ``layers_changed`` the number of analysts' layers moved, ``rewound`` the log got shorter (the
    file was replaced by an older copy: which articles changed is not known)."""

    article_ids: tuple[int, ...]
    gold_ids: tuple[int, ...]
    rows: int
    layers_changed: bool = False
    rewound: bool = False
    #: fix11aj (usertest11q M2): every row is a pre-annotation's (``kind`` ``preannotate``: machine
    #: suggestions, pending, stored by another program's pre-annotation) and no layer moved — no
    #: person's annotation changed, so a reader that refuses or warns on another program's change
    #: (the curation view, the window's "changed by another program") need not
    suggestions_only: bool = False


def _version(db: _Executes) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def _last_row(db: _Executes) -> int:
    return int(db.execute("SELECT coalesce(max(rowid), 0) FROM changes").fetchone()[0])


def _layers(db: _Executes) -> int:
    return int(db.execute("SELECT count(*) FROM layers").fetchone()[0])


def mark_now(db: _Executes) -> DataMark:
    """The mark of ``db`` (a connection to a project file) as it is now. Raises ``sqlite3.Error``."""
    return DataMark(_version(db), _last_row(db), _layers(db))


def changes_since(db: _Executes, mark: DataMark, own: list[tuple[int, int]]) -> tuple[OutsideChange | None, DataMark]:
    """Whether another program changed the data of ``db``'s project since ``mark`` (the rule in the
    module doc): the change (None when nothing but this connection's own writes and writes that
    change no data happened) and the mark to pass next time. ``own``: the change-log rowid ranges
    ``(after, last]`` this connection committed since ``mark`` (``Project.own_changes()``; sorted or
    not, touching or not). Raises ``sqlite3.Error`` from a closed or damaged connection."""
    version = _version(db)
    if version == mark.version:
        # no other connection committed: only this one's own rows can be new (never reported)
        if not own:
            return None, mark
        # its own write may have added an analyst's layer (an import in the window): counted as
        # its own now, so that the next commit of another program is not taken for a merge
        return None, DataMark(version, max([mark.last_row, *(high for _low, high in own)]), _layers(db))
    last, layers = _last_row(db), _layers(db)
    now = DataMark(version, last, layers)
    if last < mark.last_row:
        return OutsideChange((), (), 0, layers_changed=layers != mark.layers, rewound=True), now
    found: dict[int, bool] = {}
    rows = suggested = 0
    for low, high in others_rows(own, mark.last_row, last):
        count, machine = db.execute("SELECT count(*), coalesce(sum(kind = 'preannotate'), 0) FROM changes "
                                    "WHERE rowid > ? AND rowid <= ?", [low, high]).fetchone()
        rows += int(count)
        suggested += int(machine)
        for article, is_gold in db.execute(
                "SELECT article_id, max(kind NOT LIKE 'layer\\_%' ESCAPE '\\') FROM changes "
                "WHERE rowid > ? AND rowid <= ? AND article_id IS NOT NULL GROUP BY article_id", [low, high]):
            found[int(article)] = found.get(int(article), False) or bool(is_gold)
    if rows == 0 and layers == mark.layers:
        return None, now  # another connection committed, but no data: an index, a cache, the file's header
    return OutsideChange(tuple(sorted(found)), tuple(sorted(a for a, g in found.items() if g)), rows,
                         layers_changed=layers != mark.layers,
                         suggestions_only=rows == suggested and layers == mark.layers), now


def others_rows(own: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The rowid ranges ``(after, last]`` of ``(low, high]`` that no ``own`` range covers, in order."""
    joined: list[tuple[int, int]] = []
    for a, b in sorted(own):
        if joined and a <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], b))
        else:
            joined.append((a, b))
    out: list[tuple[int, int]] = []
    at = low
    for a, b in joined:
        if a > at:
            out.append((at, min(a, high)))
        at = max(at, b)
    if at < high:
        out.append((at, high))
    return [(a, b) for a, b in out if b > a]


__all__ = ["DataMark", "OutsideChange", "changes_since", "mark_now", "others_rows"]
