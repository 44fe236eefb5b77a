"""The article's spans grouped by layer (right, bottom). Clicking one selects and scrolls to it.

A lazy list model over the open :class:`ArticleState`: rows are span ids in reading order per
layer (under a foldable header per layer), so an edit inserts, removes or refreshes single rows
instead of rebuilding 10,000 items.

An interrupted quote (pieces tied by ``FRAGMENT``, :mod:`annotator.domain.attributions`) is one
row, its first piece's: the pieces' text joined with " … ", the attribution's status
(:func:`~annotator.domain.attributions.attribution_status`); the later pieces have no row, and a
later piece made current highlights that row (issue 10).

The list lists what the article view draws (issue 10, ui10k): a row a View filter hides (its
layer switched off, a suggestion with Suggestions off) has no row; its layer's header counts it
("Entities — 0 · 40 hidden"). Rejected rows follow View → Rejected suggestions as before.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.attributions import Pieces, attribution_status
from annotator.domain.document import ArticleState, order_key
from annotator.domain.machine_attrs import nested_in
from annotator.domain.model import Span, Status
from annotator.domain.schema import LabelSchema
from annotator.ui.details_panel import swatch
from annotator.ui.kept_scrollbar import KeptScrollBar
from annotator.ui.row_pixmap import painted_row

LAYER_TITLES = {
    "entity": "Entities", "quote": "Quotes", "speaker": "Speakers", "cue": "Cues", "claim": "Claims", "other": "Other",
}
SpanIdRole = Qt.ItemDataRole.UserRole + 1
LayerRole = Qt.ItemDataRole.UserRole + 2
# The roles the model answers; Qt's delegate asks each row for a dozen (size hint, alignment,
# check state…): those get None before any lookup (a full repaint of the list asked ~110 times).
_ANSWERED = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole, SpanIdRole, LayerRole,
})
FOLD_ABOVE = 1500
# What a span's row is under the filters (SpanListModel._fate): none (a later piece of an
# interrupted quote, or rejected while rejected ones are not shown), a row, or hidden by a View
# filter (counted in its layer's header, not listed).
_NONE, _ROW, _HIDDEN = 0, 1, 2
# (show rejected, the layers shown or None for all, show suggestions): the filters rows are built with
Filter = tuple[bool, "frozenset[str] | None", bool]
# Rows' kept answers (SpanListModel.data) outlive an article switch: a span id belongs to one
# article, so going back to an article just left finds its rows built. Up to this many.
KEPT_CELLS = 20_000


KEPT_LISTS = 4  # articles whose rows are kept: as many as the window's ArticleCache keeps


@dataclasses.dataclass(slots=True)
class _KeptRows:
    """An article's rows as the list last showed them (SpanListModel.set_state)."""

    state: ArticleState
    filters: Filter  # the filters the rows were built with
    rows: dict[str, list[tuple[int, int, str]]]
    where: dict[str, tuple[str, tuple[int, int, str]]]
    seen: dict[str, Span]
    groups: dict[str, Pieces]  # the state's piece groups the rows were built with
    hidden: dict[str, str]  # rows a View filter hides: span id -> layer
    hidden_n: collections.Counter[str]  # their count per layer


class SpanListModel(QAbstractListModel):
    """Flat rows: a header per layer, then that layer's spans in reading order (unless the layer
    is collapsed). Flat on purpose: a view of rows of one height (:class:`SpanRowsView`) asks
    only about the rows on screen, where a QTreeView walks every expanded row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state: ArticleState | None = None
        self._schema: LabelSchema | None = None
        self._layers: list[str] = []
        self._rows: dict[str, list[tuple[int, int, str]]] = {}
        self._where: dict[str, tuple[str, tuple[int, int, str]]] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        # kept answers of data(): span id -> (the span record, highlighted, role -> value); layer -> header's
        # (for an interrupted quote's row: the tuple of its pieces' records instead of the span)
        self._cells: dict[str, tuple[Span | tuple[Span, ...], bool, dict[int, object]]] = {}
        self._heads: dict[str, dict[int, object]] = {}
        # the span records the rows were built from (span id -> record), and the rows of the last
        # articles left (article id -> _KeptRows), for going back to one (set_state)
        self._seen: dict[str, Span] = {}
        self._groups: dict[str, Pieces] = {}  # the state's piece_groups() the rows stand for
        self._kept: collections.OrderedDict[int, _KeptRows] = collections.OrderedDict()
        self.kept_restores = 0  # set_state calls answered from kept rows (tests and benchmarks)
        self._built: Filter = (False, None, True)  # the filters when the rows shown were built (set before set_state)
        self.collapsed: set[str] = set()
        # The article view's filters (View menu), set before set_state (set_filters): rejected
        # rows listed; the layers listed (None: all); suggestions listed.
        self.show_rejected = False
        self.visible_layers: frozenset[str] | None = None
        self.show_suggestions = True
        # rows a View filter hides: span id (a row's) -> its layer, and how many per layer
        self._hidden: dict[str, str] = {}
        self._hidden_n: collections.Counter[str] = collections.Counter()
        self._count = 0
        self.current: str | None = None  # drawn highlighted (cheaper than Qt's selection model): a row's span id
        # How a changed row is redrawn. A QListView answered dataChanged with a full relayout (it
        # asks rowCount once per row) and a full repaint; its panel repaints just the row instead.
        self.row_changed: Callable[[QModelIndex], None] | None = None

    # ----------------------------------------------------------------- filling

    def filters(self) -> Filter:
        return (self.show_rejected, self.visible_layers, self.show_suggestions)

    def set_filters(self, show_rejected: bool, visible_layers: frozenset[str] | None, show_suggestions: bool) -> bool:
        """Take the article view's filters (View menu): True when they changed, and then the
        rows must be built again (:meth:`set_state`)."""
        new: Filter = (bool(show_rejected), None if visible_layers is None else frozenset(visible_layers), bool(show_suggestions))
        if new == self.filters():
            return False
        self.show_rejected, self.visible_layers, self.show_suggestions = new
        return True

    def set_state(self, state: ArticleState | None, schema: LabelSchema) -> None:
        """Show ``state``'s spans. An article shown lately gets its rows back as it left them,
        brought in line with the spans changed since (an undo made there): sorting every span
        again was the part of an article switch that grew with the article (issue 12)."""
        self.beginResetModel()
        if schema is not self._schema:
            self.forget_cells()  # a label's colour may have changed
            self._kept.clear()  # its layers may have changed
        elif len(self._cells) > KEPT_CELLS:
            self._cells.clear()
        self._keep_current()
        self._state, self._schema = state, schema
        self._layers = list(dict.fromkeys([*schema.layers(), "other"]))
        self._heads.clear()  # a span's row stays right (its id is its article's), a header is the article's
        kept = self._kept.pop(state.article_id, None) if state is not None else None
        if kept is None or not self._restore(kept, state):  # type: ignore[arg-type]
            self._built = self.filters()
            self._rows = {layer: [] for layer in self._layers}
            self._where = {}
            self._hidden, self._hidden_n = {}, collections.Counter()
            self._seen = dict(state.spans) if state is not None else {}
            self._groups = state.piece_groups() if state is not None else {}
            if state is not None:
                # _fate inlined for a span alone (most spans): a call per span was half the build
                groups, rows, where = self._groups, self._rows, self._where
                rejected_ok, layers, suggestions_ok = self.filters()
                rejected, suggested = Status.REJECTED, Status.SUGGESTED
                for span in state.spans.values():
                    if span.id in groups:
                        what = self._fate(span)
                    else:
                        status = span.status
                        if status == rejected and not rejected_ok:
                            continue
                        what = (_HIDDEN if (layers is not None and span.layer not in layers)
                                or (status == suggested and not suggestions_ok) else _ROW)
                    if what == _ROW:
                        layer = span.layer if span.layer in rows else "other"
                        key = order_key(span)
                        rows[layer].append(key)
                        where[span.id] = (layer, key)
                    elif what == _HIDDEN:
                        self._hide(span)
                for keys in self._rows.values():
                    keys.sort()
        # Very long layers start folded: 10,000 rows are no list to scroll through (and the
        # QListView this panel had laid every shown row out again after each insert).
        self.collapsed = {layer for layer, keys in self._rows.items() if len(keys) > FOLD_ABOVE}
        self._recount()
        self.endResetModel()

    def _keep_current(self) -> None:
        """Keep the rows of the article being left (see :meth:`set_state`)."""
        state = self._state
        if state is None or self._schema is None:
            return
        self._kept[state.article_id] = _KeptRows(state, self._built, self._rows, self._where, self._seen, self._groups,
                                                 self._hidden, self._hidden_n)
        self._kept.move_to_end(state.article_id)
        while len(self._kept) > KEPT_LISTS:
            self._kept.popitem(last=False)

    def _restore(self, kept: _KeptRows, state: ArticleState) -> bool:
        """Take ``kept``'s rows for ``state`` (the same state object, the same filters) with the
        spans changed since moved to their rows; False when they cannot serve."""
        if kept.state is not state or kept.filters != self.filters():
            return False
        seen, spans = kept.seen, state.spans
        removed = [sid for sid in seen if sid not in spans]
        changed = [span for sid, span in spans.items() if seen.get(sid) is not span]  # records are replaced when edited
        if 4 * (len(removed) + len(changed)) > max(len(spans), 8):
            return False
        groups = state.piece_groups()
        if groups is not kept.groups or any(sid in groups for sid in removed) or any(s.id in groups for s in changed):
            return False  # an interrupted quote changed there: its rows are rebuilt (rare: an undo of one)
        self._rows, self._where, self._seen, self._groups = kept.rows, kept.where, seen, groups
        self._hidden, self._hidden_n = kept.hidden, kept.hidden_n
        self._built = kept.filters
        for sid in removed:
            self._unplace(sid)
            self._unhide(sid)
            del seen[sid]
        for span in changed:
            self._unplace(span.id)
            self._unhide(span.id)
            seen[span.id] = span
            what = self._fate(span)
            if what == _ROW:
                self._place(span)
            elif what == _HIDDEN:
                self._hide(span)
        self.kept_restores += 1
        return True

    def _unplace(self, span_id: str) -> None:
        """Take a span's row out (no signal: within a reset)."""
        place = self._where.pop(span_id, None)
        if place is not None:
            keys = self._rows[place[0]]
            del keys[bisect.bisect_left(keys, place[1])]

    def _place(self, span: Span) -> None:
        """Put a span's row in (no signal: within a reset)."""
        layer, key = self._layer(span), order_key(span)
        bisect.insort(self._rows[layer], key)
        self._where[span.id] = (layer, key)

    def update(self, changed: Iterable[Span], removed: Iterable[str]) -> None:
        """Bring the rows in line with an edit the state has applied: ``changed`` spans as they
        are now, ``removed`` span ids. Rows of interrupted quotes whose pieces changed, or whose
        pieces the edit regrouped (a FRAGMENT link made, a piece added or removed), are placed
        again; other rows as before (issue 12: one row each)."""
        self._heads.clear()  # counts and pending counts may change (a changed span's row checks itself)
        touched: set[str] = set()
        changed, removed = list(changed), list(removed)
        old = self._groups
        new = self._state.piece_groups() if self._state is not None else {}
        regrouped: set[str] = set()
        if new is not old:
            self._groups = new
            regrouped = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
        grouped: set[str] = set(regrouped)
        for span_id in removed:
            self._seen.pop(span_id, None)
            if span_id in old or span_id in new:
                grouped.add(span_id)
            else:
                touched |= self._remove(span_id)
                touched |= self._unhide(span_id)
        for span in changed:
            self._seen[span.id] = span
            if span.id in old or span.id in new:
                grouped.add(span.id)
                continue
            place = self._where.get(span.id)
            what = self._fate(span)
            if place is not None and what == _ROW and place == (self._layer(span), order_key(span)):
                touched.add(place[0])  # its status may have changed: the header's pending count too
                row = self._row_of(*place)
                if row is not None:
                    idx = self.index(row)
                    self._row_changed(idx)
                continue
            if place is not None and what == _ROW and self._replace_in_place(span, place):
                touched.add(place[0])
                continue
            touched |= self._remove(span.id)
            touched |= self._unhide(span.id)
            if what == _ROW:
                touched.add(self._insert(span))
            elif what == _HIDDEN:
                touched.add(self._hide(span))
        if grouped:
            touched |= self._place_groups(grouped, old)
        self._heads.clear()  # a header Qt asked about while rows moved may hold the counts of then
        for layer in touched:
            head = self.index(self._header_row(layer))
            self._row_changed(head)

    def _place_groups(self, ids: set[str], old: dict[str, Pieces]) -> set[str]:
        """Put right the rows standing for ``ids`` (pieces of interrupted quotes before or after
        an edit): each first piece, old and new, gets the row it should have now, or none."""
        firsts = {(old[i][0] if i in old else i) for i in ids} | {(self._groups[i][0] if i in self._groups else i) for i in ids}
        firsts |= {self._groups[i][0] for i in firsts if i in self._groups}  # a first piece that became a later one
        touched: set[str] = set()
        for first in sorted(firsts):
            span = self._state.spans.get(first) if self._state is not None else None
            what = self._fate(span) if span is not None else _NONE
            touched |= self._unhide(first)
            if what == _HIDDEN:
                touched.add(self._hide(span))  # type: ignore[arg-type]
            wanted = None
            if what == _ROW:
                wanted = (self._layer(span), order_key(span))  # type: ignore[union-attr]
            place = self._where.get(first)
            if place is not None and place == wanted:
                touched.add(place[0])
                row = self._row_of(*place)
                if row is not None:
                    self._row_changed(self.index(row))
                continue
            touched |= self._remove(first)
            if wanted is not None:
                touched.add(self._insert(span))  # type: ignore[arg-type]
        return touched

    def _replace_in_place(self, span: Span, place: tuple[str, tuple[int, int, str]]) -> bool:
        """A moved or relabelled span that keeps its row: update the key, repaint the row."""
        layer, old = place
        new = order_key(span)
        if self._layer(span) != layer:
            return False
        keys = self._rows[layer]
        i = bisect.bisect_left(keys, old)
        if (i > 0 and keys[i - 1] > new) or (i + 1 < len(keys) and keys[i + 1] < new):
            return False
        keys[i] = new
        self._where[span.id] = (layer, new)
        row = self._row_of(layer, new)
        if row is not None:
            idx = self.index(row)
            self._row_changed(idx)
        return True

    def _row_changed(self, index: QModelIndex) -> None:
        if self.row_changed is not None:
            self.row_changed(index)
        else:
            self.dataChanged.emit(index, index)

    def toggle(self, layer: str) -> None:
        self._heads.clear()
        self.beginResetModel()
        self.collapsed ^= {layer}
        self._recount()
        self.endResetModel()

    def _fate(self, span: Span) -> int:
        """What ``span`` (of the state) has: a row (``_ROW``) — a span alone or an attribution's
        first piece —, none (``_NONE``: a later piece; rejected, by the attribution's status,
        while rejected rows are not shown), or none because a View filter hides it (``_HIDDEN``:
        its layer is off, or it is a suggestion while Suggestions are off; counted in the
        header), as the article view draws it (ArticleView.layer_shown)."""
        status = span.status
        if span.id in self._groups:
            if self._groups[span.id][0] != span.id:
                return _NONE
            status = self._status(span.id)
        if status == Status.REJECTED and not self.show_rejected:
            return _NONE
        layers = self.visible_layers
        if (layers is not None and span.layer not in layers) or (status == Status.SUGGESTED and not self.show_suggestions):
            return _HIDDEN
        return _ROW

    def _hide(self, span: Span) -> str:
        """Count ``span``'s row as hidden by a View filter (no signal); its layer."""
        layer = self._layer(span)
        self._hidden[span.id] = layer
        self._hidden_n[layer] += 1
        return layer

    def _unhide(self, span_id: str) -> set[str]:
        """Count ``span_id``'s row hidden no more; the layer whose header changes, if it was."""
        layer = self._hidden.pop(span_id, None)
        if layer is None:
            return set()
        self._hidden_n[layer] -= 1
        return {layer}

    def _pieces(self, span_id: str) -> tuple[Span, ...]:
        spans = self._state.spans  # type: ignore[union-attr]
        return tuple(spans[i] for i in self._groups.get(span_id, (span_id,)) if i in spans)

    def _status(self, span_id: str) -> Status:
        """The status a row shows: its span's, or its attribution's (a row being taken out, asked
        about by Qt while the rows are removed: accepted, so never counted pending)."""
        if span_id not in self._groups:  # most rows: a span alone
            span = self._state.spans.get(span_id)  # type: ignore[union-attr]
            return span.status if span is not None else Status.ACCEPTED
        pieces = self._pieces(span_id)
        return attribution_status(pieces) if pieces else Status.ACCEPTED

    def _row_id(self, span_id: str) -> str:
        """The span id of the row that stands for ``span_id`` (its attribution's first piece)."""
        pieces = self._groups.get(span_id)
        return pieces[0] if pieces else span_id

    def _layer(self, span: Span) -> str:
        return span.layer if span.layer in self._rows else "other"

    def _visible_count(self, layer: str) -> int:
        return 0 if layer in self.collapsed else len(self._rows[layer])

    def _header_row(self, layer: str) -> int:
        row = 0
        for other in self._layers:
            if other == layer:
                return row
            row += 1 + self._visible_count(other)
        raise KeyError(layer)

    def _row_of(self, layer: str, key: tuple[int, int, str]) -> int | None:
        if layer in self.collapsed:
            return None
        return self._header_row(layer) + 1 + bisect.bisect_left(self._rows[layer], key)

    def _locate(self, row: int) -> tuple[str, int]:
        """(layer, index within the layer; -1 for the layer's header) of a model row."""
        for layer in self._layers:
            if row == 0:
                return layer, -1
            row -= 1
            count = self._visible_count(layer)
            if row < count:
                return layer, row
            row -= count
        raise IndexError(row)

    def _remove(self, span_id: str) -> set[str]:
        place = self._where.pop(span_id, None)
        if place is None:
            return set()
        layer, key = place
        keys = self._rows[layer]
        i = bisect.bisect_left(keys, key)
        if layer in self.collapsed:
            del keys[i]
        else:
            row = self._header_row(layer) + 1 + i
            self.beginRemoveRows(QModelIndex(), row, row)
            del keys[i]
            self._count -= 1
            self.endRemoveRows()
        return {layer}

    def _insert(self, span: Span) -> str:
        layer, key = self._layer(span), order_key(span)
        keys = self._rows[layer]
        i = bisect.bisect_left(keys, key)
        if layer in self.collapsed:
            keys.insert(i, key)
        else:
            row = self._header_row(layer) + 1 + i
            self.beginInsertRows(QModelIndex(), row, row)
            keys.insert(i, key)
            self._count += 1
            self.endInsertRows()
        self._where[span.id] = (layer, key)
        return layer

    def set_current(self, span_id: str | None) -> QModelIndex:
        """Highlight one span's row (repainting only the old and the new row); a later piece of an
        interrupted quote highlights the quote's row."""
        if span_id is not None:
            span_id = self._row_id(span_id)
        old, self.current = self.current, span_id
        for sid in {old, span_id} - {None}:
            idx = self.index_of(sid)  # type: ignore[arg-type]
            if idx.isValid():
                self._row_changed(idx)
        return self.index_of(span_id) if span_id else QModelIndex()

    def index_of(self, span_id: str) -> QModelIndex:
        """The row of ``span_id`` (of its attribution, for a piece of an interrupted quote)."""
        place = self._where.get(self._row_id(span_id))
        row = None if place is None else self._row_of(*place)
        return QModelIndex() if row is None else self.index(row)

    def layer_of_place(self, span_id: str) -> str | None:
        place = self._where.get(self._row_id(span_id))
        return None if place is None else place[0]

    # ----------------------------------------------------------------- model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        # Qt asks once per row during layout (QAbstractListModel.index -> hasIndex): keep it O(1).
        return 0 if parent.isValid() else self._count

    def _recount(self) -> None:
        self._count = sum(1 + self._visible_count(layer) for layer in self._layers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ANSWERED or not index.isValid():
            return None
        layer, i = self._locate(index.row())
        if i < 0:
            head = self._heads.get(layer)
            if head is None:
                head = self._heads[layer] = self._header_cell(layer)
            return head.get(role)
        span_id = self._rows[layer][i][-1]
        if role == SpanIdRole:
            return span_id
        answers = self._span_answers(span_id)
        return None if answers is None else answers.get(role)

    def row_answers(self, row: int) -> dict[int, object] | None:
        """The kept answers of ``row`` (a layer header's or a span row's), as :meth:`data` gives
        them: the same dict object while they stay the same, another one once they change (the
        span edited or read differently, its highlight, a header's counts, the palette). None for
        a row out of range or a span gone."""
        if not 0 <= row < self._count:
            return None
        layer, i = self._locate(row)
        if i < 0:
            head = self._heads.get(layer)
            if head is None:
                head = self._heads[layer] = self._header_cell(layer)
            return head
        return self._span_answers(self._rows[layer][i][-1])

    def _span_answers(self, span_id: str) -> dict[int, object] | None:
        span = self._state.spans.get(span_id) if self._state else None
        if span is None:
            return None
        # Qt's delegate asks each painted row for five roles in turn; the row's answers are
        # built once and kept while the span (a frozen record: replaced when edited) and its
        # highlight are the same (issue 12: the list's paint after an article switch was half
        # Python, each role rebuilding the row's text, font and brush).
        current = span_id == self.current
        cell = self._cells.get(span_id)
        if span_id in self._groups:  # an interrupted quote's row shows every piece: kept while they are the same
            pieces = self._pieces(span_id)
            if cell is None or cell[1] != current or not _same_records(cell[0], pieces):
                cell = self._cells[span_id] = (pieces, current, self._span_cell(span, current))
            return cell[2]
        if cell is None or cell[1] != current or cell[0] is not span and cell[0] != span:
            cell = self._cells[span_id] = (span, current, self._span_cell(span, current))
        elif cell[0] is not span:  # an equal record: the article was read again from the file
            cell = self._cells[span_id] = (span, current, cell[2])
        return cell[2]

    def forget_cells(self) -> None:
        """Drop the rows' kept answers (the palette or the labels' colours changed)."""
        self._cells.clear()
        self._heads.clear()
        self._icons.clear()

    def _span_cell(self, span: Span, current: bool) -> dict[int, object]:
        """A span row's answer for each role of :data:`_ANSWERED` it has one for. The row of an
        interrupted quote (``span`` its first piece) shows its pieces' text joined by " … " (a
        piece rejected on its own is left out of the text and named in the tooltip) and the
        attribution's status."""
        state = self._state
        assert state is not None
        tip = ""
        if span.id in self._groups:
            pieces = self._pieces(span.id)
            status = attribution_status(pieces)
            kept = [p for p in pieces if p.status != Status.REJECTED] if status != Status.REJECTED else list(pieces)
            text = " … ".join(p.text_in(state.text) for p in kept).replace("\n", " ")
            dropped = len(pieces) - len(kept)
            tip = f" · {len(pieces)} pieces" + (f", {dropped} rejected on its own" if dropped > 1 else
                                                f", 1 rejected on its own" if dropped else "")
            span = dataclasses.replace(span, status=status)  # painted with the attribution's status
        else:
            text = span.text_in(state.text).replace("\n", " ")
        if len(text) > 70:
            text = text[:67] + "…"
        # a quote inside another one's words (its own speaker and cue): one reading of each
        # stretch, the inner one's row says which it sits in (usertest16 M4)
        outer = nested_in(span.attrs, state.text, 30)
        nested = f"  (nested in {outer})" if outer else ""
        cell: dict[int, object] = {
            Qt.ItemDataRole.DisplayRole: f"{span.label}  {text}{nested}",
            Qt.ItemDataRole.DecorationRole: self._icon(span),
            Qt.ItemDataRole.ToolTipRole: f"{span.label} · {span.status.value} · {span.origin or 'analyst'}{tip}"
                                         + (f" · nested in {nested_in(span.attrs, state.text, 200)}" if outer else ""),
        }
        if current:
            palette = QApplication.palette()
            cell[Qt.ItemDataRole.BackgroundRole] = palette.highlight()
            cell[Qt.ItemDataRole.ForegroundRole] = palette.highlightedText()
        elif span.status != Status.ACCEPTED:
            colour = QColor(QApplication.palette().text().color())
            colour.setAlphaF(0.6)
            cell[Qt.ItemDataRole.ForegroundRole] = QBrush(colour)
        if span.status != Status.ACCEPTED:
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(span.status == Status.REJECTED)
            cell[Qt.ItemDataRole.FontRole] = font
        return cell

    def _header_cell(self, layer: str) -> dict[int, object]:
        """A layer header's answer for each role it has one for."""
        keys = self._rows[layer]
        pending = None
        count = len(keys)
        if self._state is not None and len(keys) < 20000:
            # a row per attribution: an interrupted quote's later pieces have none, so it counts
            # once, pending by its attribution's status (issue 10: "Quotes — 2, 2 pending")
            spans, groups, suggested = self._state.spans, self._groups, Status.SUGGESTED
            pending = sum(1 for k in keys if (self._status(k[-1]) if k[-1] in groups else getattr(spans.get(k[-1]), "status", None)) == suggested)
        extra = f", {pending} pending" if pending else ""
        hidden = self._hidden_n.get(layer, 0)
        if hidden:  # issue 10 (ui10k): what the view hides is not listed, but said
            extra += f" · {hidden:,} hidden"
        arrow = "▸" if layer in self.collapsed else "▾"
        font = QFont()
        font.setBold(True)
        tip = "Click to fold or unfold"
        if hidden:
            tip += (f"\n{hidden:,} not listed: a View filter hides them (View menu: "
                    f"{'this layer is off' if self.visible_layers is not None and layer not in self.visible_layers else 'Suggestions are off'})")
        return {
            LayerRole: layer,
            Qt.ItemDataRole.DisplayRole: f"{arrow} {LAYER_TITLES.get(layer, layer.title())}  —  {count}{extra}",
            Qt.ItemDataRole.FontRole: font,
            Qt.ItemDataRole.ToolTipRole: tip,
        }

    def _icon(self, span: Span) -> QIcon:
        label = self._schema.label(span.label) if self._schema else None
        key = (span.label, span.status == Status.ACCEPTED)
        if key not in self._icons:
            colour = QColor(label.colour if label else "#888888")
            if span.status != Status.ACCEPTED:
                colour.setAlphaF(0.45)
            self._icons[key] = swatch(colour.name(QColor.NameFormat.HexArgb))
        return self._icons[key]


def _same_records(kept: Span | tuple[Span, ...], pieces: tuple[Span, ...]) -> bool:
    """Whether a row's kept records are ``pieces``, record for record (edited records are new
    objects; equal ones are the article read again from the file)."""
    return isinstance(kept, tuple) and len(kept) == len(pieces) and all(
        a is b or a == b for a, b in zip(kept, pieces, strict=True))


PAINTED_ROWS_KEPT = 400  # rows kept painted by _RowPixmaps (~20 KB each at 360 x 14 pixels)


class _RowPixmaps(QStyledItemDelegate):
    """Qt's own item painting, kept: a row is painted by the style once into a pixmap, then
    the pixmap is drawn for a row whose answers (:meth:`SpanListModel.row_answers`) equal the
    ones it was painted from, at the same size and state (hover, focus, window active), while
    the palette, font and style are the same (a change of those drops every kept row).

    Why: the style's item painting (an icon, an elided text in an italic or coloured font) cost
    ~150 µs a row, 2.3 ms of the list's repaint after an article switch (issue 12: an undo made
    in another article repaints the whole list), and the rows of an article gone back to were
    painted before. The pixmap is filled with the viewport's background first, as the viewport
    is under a row, so the pixels are those of painting the row directly (tests compare them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (display text, tooltip, highlighted) -> (answers painted, size and state, pixmap): rows
        # that look alike (the same entity named twice) share one
        self._kept: collections.OrderedDict[tuple[object, ...], tuple[dict[int, object], tuple[object, ...], QPixmap]] = \
            collections.OrderedDict()
        self.painted = 0  # rows painted by the style (tests)

    def forget(self) -> None:
        """Drop every kept row (the palette, font or style changed)."""
        self._kept.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        answers = model.row_answers(index.row()) if isinstance(model, SpanListModel) else None
        rect = option.rect
        if answers is None or rect.isEmpty():
            super().paint(painter, option, index)
            return
        device = painter.device()
        ratio = device.devicePixelRatio() if device is not None else 1.0
        looks = (answers.get(Qt.ItemDataRole.DisplayRole), answers.get(Qt.ItemDataRole.ToolTipRole),
                 Qt.ItemDataRole.BackgroundRole in answers)
        size = (rect.width(), rect.height(), int(option.state.value), ratio)
        kept = self._kept.get(looks)
        if kept is not None and kept[1] == size and (kept[0] is answers or kept[0] == answers):
            self._kept.move_to_end(looks)
            painter.drawPixmap(rect.topLeft(), kept[2])
            return
        pixmap = painted_row(painter, option, lambda into: super(_RowPixmaps, self).paint(into, option, index))
        self.painted += 1
        self._kept[looks] = (answers, size, pixmap)
        self._kept.move_to_end(looks)
        while len(self._kept) > PAINTED_ROWS_KEPT:
            self._kept.popitem(last=False)
        painter.drawPixmap(rect.topLeft(), pixmap)


class SpanRowsView(QTableView):
    """The span list's view: one column of rows of one height, no headers, no grid.

    A table, not a QListView: after a model reset (every article switch) or a row insert, a
    QListView lays out every row, asking the Python model ``rowCount`` once or twice per row
    (an undo made in another article laid out the 128 rows of the article it went back to:
    ~0.6 ms of its switch, issue 12); a table's rows are header sections of one default size,
    and only the rows on screen are asked about. Keys and mouse act as in the list: arrows and
    Page Up/Down, Home and End move through the rows, Tab leaves the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.setMinimumSectionSize(1)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab moves the focus on, as from a list
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # its range follows the article shown: a switch back draws the bar from kept pixels
        self.setVerticalScrollBar(KeptScrollBar(Qt.Orientation.Vertical, self))
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._row_height: int | None = None  # measured from the first row, as QListView's uniform size is

    def fit_rows(self) -> None:
        """Give every row the height of the first one (what a list of uniform items shows)."""
        if self._row_height is None and self.model() is not None and self.model().rowCount() > 0:
            height = self.sizeHintForRow(0)
            if height > 0:
                self._row_height = height
                self.verticalHeader().setDefaultSectionSize(height)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        # Home and End go to the first and last row, as in a list (a table's go along the row)
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, _RowPixmaps):
                delegate.forget()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._row_height = None
            self.fit_rows()


class SpanListPanel(QWidget):
    spanActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel(self)
        self.list = SpanRowsView(self)
        self.list.setModel(self.model)
        self.painted_rows = _RowPixmaps(self.list)
        self.list.setItemDelegate(self.painted_rows)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._on_clicked)
        self.model.row_changed = lambda index: self.list.viewport().update(self.list.visualRect(index))
        title = QLabel("Spans in this article", self)
        title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)

    def set_state(self, state: ArticleState | None, schema: LabelSchema) -> None:
        self.model.set_state(state, schema)
        self.list.fit_rows()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange, QEvent.Type.StyleChange):
            self.model.forget_cells()  # their brushes come from the palette
            self.painted_rows.forget()
        super().changeEvent(event)

    def update_spans(self, changed: Iterable[Span], removed: Iterable[str]) -> None:
        self.model.update(changed, removed)

    def set_current(self, span_id: str | None) -> None:
        index = self.model.set_current(span_id)
        if index.isValid() and not self.list.viewport().rect().contains(self.list.visualRect(index)):
            self.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _on_clicked(self, index: QModelIndex) -> None:
        span_id = index.data(SpanIdRole)
        if span_id:
            self.spanActivated.emit(span_id)
            return
        layer = index.data(LayerRole)
        if layer:
            self.model.toggle(layer)
