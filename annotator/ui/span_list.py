"""The article's spans grouped by layer (right, bottom). Clicking one selects and scrolls to it.

A lazy list model over the open :class:`ArticleState`: rows are span ids in reading order per
layer (under a foldable header per layer), so an edit inserts, removes or refreshes single rows
instead of rebuilding 10,000 items.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QListView, QVBoxLayout, QWidget

from annotator.domain.document import ArticleState, order_key
from annotator.domain.model import FRAGMENT, Span, Status
from annotator.domain.schema import LabelSchema
from annotator.ui.details_panel import swatch

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


class SpanListModel(QAbstractListModel):
    """Flat rows: a header per layer, then that layer's spans in reading order (unless the layer
    is collapsed). Flat on purpose: QListView with uniform item sizes lays out 10,000 rows
    without asking the model about each one, where a QTreeView walks every expanded row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state: ArticleState | None = None
        self._schema: LabelSchema | None = None
        self._layers: list[str] = []
        self._rows: dict[str, list[tuple[int, int, str]]] = {}
        self._where: dict[str, tuple[str, tuple[int, int, str]]] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self.collapsed: set[str] = set()
        self.show_rejected = False
        self._count = 0
        self.current: str | None = None  # drawn highlighted (cheaper than Qt's selection model)
        # How a changed row is redrawn. QListView answers dataChanged with a full relayout (it
        # asks rowCount once per row) and a full repaint; its panel repaints just the row instead.
        self.row_changed: Callable[[QModelIndex], None] | None = None

    # ----------------------------------------------------------------- filling

    def set_state(self, state: ArticleState | None, schema: LabelSchema) -> None:
        self.beginResetModel()
        self._state, self._schema = state, schema
        self._layers = list(dict.fromkeys([*schema.layers(), "other"]))
        self._rows = {layer: [] for layer in self._layers}
        self._where.clear()
        if state is not None:
            for span in state.spans.values():
                if self._shown(span):
                    layer = self._layer(span)
                    key = order_key(span)
                    self._rows[layer].append(key)
                    self._where[span.id] = (layer, key)
            for keys in self._rows.values():
                keys.sort()
        # Very long layers start folded: Qt's list layout asks the model about every shown row
        # after each insert, which would cost more than the edit itself on 10,000-span articles.
        self.collapsed = {layer for layer, keys in self._rows.items() if len(keys) > FOLD_ABOVE}
        self._recount()
        self.endResetModel()

    def update(self, changed: Iterable[Span], removed: Iterable[str]) -> None:
        touched: set[str] = set()
        for span_id in removed:
            touched |= self._remove(span_id)
        for span in changed:
            place = self._where.get(span.id)
            if place is not None and self._shown(span) and place == (self._layer(span), order_key(span)):
                touched.add(place[0])  # its status may have changed: the header's pending count too
                row = self._row_of(*place)
                if row is not None:
                    idx = self.index(row)
                    self._row_changed(idx)
                continue
            if place is not None and self._shown(span) and self._replace_in_place(span, place):
                touched.add(place[0])
                continue
            touched |= self._remove(span.id)
            if self._shown(span):
                touched.add(self._insert(span))
        for layer in touched:
            head = self.index(self._header_row(layer))
            self._row_changed(head)

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
        self.beginResetModel()
        self.collapsed ^= {layer}
        self._recount()
        self.endResetModel()

    def _shown(self, span: Span) -> bool:
        return span.status != Status.REJECTED or self.show_rejected

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
        """Highlight one span's row (repainting only the old and the new row)."""
        old, self.current = self.current, span_id
        for sid in {old, span_id} - {None}:
            idx = self.index_of(sid)  # type: ignore[arg-type]
            if idx.isValid():
                self._row_changed(idx)
        return self.index_of(span_id) if span_id else QModelIndex()

    def index_of(self, span_id: str) -> QModelIndex:
        place = self._where.get(span_id)
        row = None if place is None else self._row_of(*place)
        return QModelIndex() if row is None else self.index(row)

    def layer_of_place(self, span_id: str) -> str | None:
        place = self._where.get(span_id)
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
            return self._header_data(layer, role)
        span_id = self._rows[layer][i][2]
        if role == SpanIdRole:
            return span_id
        span = self._state.spans.get(span_id) if self._state else None
        if span is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = span.text_in(self._state.text).replace("\n", " ")  # type: ignore[union-attr]
            if len(text) > 70:
                text = text[:67] + "…"
            return f"{span.label}  {text}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(span)
        if span_id == self.current and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            palette = QApplication.palette()
            return palette.highlight() if role == Qt.ItemDataRole.BackgroundRole else palette.highlightedText()
        if role == Qt.ItemDataRole.ForegroundRole and span.status != Status.ACCEPTED:
            colour = QColor(QApplication.palette().text().color())
            colour.setAlphaF(0.6)
            return QBrush(colour)
        if role == Qt.ItemDataRole.FontRole and span.status != Status.ACCEPTED:
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(span.status == Status.REJECTED)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} · {span.status.value} · {span.origin or 'analyst'}"
        return None

    def _header_data(self, layer: str, role: int) -> object:
        if role == LayerRole:
            return layer
        if role == Qt.ItemDataRole.DisplayRole:
            keys = self._rows[layer]
            pending = None
            count = len(keys)
            if self._state is not None and len(keys) < 20000:
                # the later pieces of a discontinuous span (an interrupted quote) are one attribution
                # with its first piece: counted once (issue 10: "Quotes — 2, 2 pending" for one quote)
                later = {r.child for r in self._state.relations.values() if r.label == FRAGMENT}
                counted = [k for k in keys if k[2] not in later]
                count = len(counted)
                pending = sum(1 for k in counted if self._state.spans[k[2]].status == Status.SUGGESTED)
            extra = f", {pending} pending" if pending else ""
            arrow = "▸" if layer in self.collapsed else "▾"
            return f"{arrow} {LAYER_TITLES.get(layer, layer.title())}  —  {count}{extra}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to fold or unfold"
        return None

    def _icon(self, span: Span) -> QIcon:
        label = self._schema.label(span.label) if self._schema else None
        key = (span.label, span.status == Status.ACCEPTED)
        if key not in self._icons:
            colour = QColor(label.colour if label else "#888888")
            if span.status != Status.ACCEPTED:
                colour.setAlphaF(0.45)
            self._icons[key] = swatch(colour.name(QColor.NameFormat.HexArgb))
        return self._icons[key]


class SpanListPanel(QWidget):
    spanActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
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
