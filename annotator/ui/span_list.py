"""The article's spans grouped by layer (right, bottom). Clicking one selects and scrolls to it.

A lazy tree model over the open :class:`ArticleState`: rows are span ids in reading order per
layer, so an edit inserts, removes or refreshes single rows instead of rebuilding 10,000 items.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from annotator.domain.document import ArticleState, order_key
from annotator.domain.model import Span, Status
from annotator.domain.schema import LabelSchema
from annotator.ui.details_panel import swatch

LAYER_TITLES = {
    "entity": "Entities", "quote": "Quotes", "speaker": "Speakers", "cue": "Cues", "claim": "Claims", "other": "Other",
}
SpanIdRole = Qt.ItemDataRole.UserRole + 1
_TOP = 0


class SpanTreeModel(QAbstractItemModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state: ArticleState | None = None
        self._schema: LabelSchema | None = None
        self._layers: list[str] = []
        self._rows: dict[str, list[tuple[int, int, str]]] = {}
        self._where: dict[str, tuple[str, tuple[int, int, str]]] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self.show_rejected = False

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
        self.endResetModel()

    def update(self, changed: Iterable[Span], removed: Iterable[str]) -> None:
        touched: set[str] = set()
        for span_id in removed:
            touched |= self._remove(span_id)
        for span in changed:
            place = self._where.get(span.id)
            if place is not None and self._shown(span) and place == (self._layer(span), order_key(span)):
                idx = self._child_index(*place)
                self.dataChanged.emit(idx, idx)
                continue
            touched |= self._remove(span.id)
            if self._shown(span):
                touched.add(self._insert(span))
        for layer in touched:
            top = self.index(self._layers.index(layer), 0)
            self.dataChanged.emit(top, top)

    def _shown(self, span: Span) -> bool:
        return span.status != Status.REJECTED or self.show_rejected

    def _layer(self, span: Span) -> str:
        return span.layer if span.layer in self._rows else "other"

    def _remove(self, span_id: str) -> set[str]:
        place = self._where.pop(span_id, None)
        if place is None:
            return set()
        layer, key = place
        keys = self._rows[layer]
        row = bisect.bisect_left(keys, key)
        parent = self.index(self._layers.index(layer), 0)
        self.beginRemoveRows(parent, row, row)
        del keys[row]
        self.endRemoveRows()
        return {layer}

    def _insert(self, span: Span) -> str:
        layer, key = self._layer(span), order_key(span)
        keys = self._rows[layer]
        row = bisect.bisect_left(keys, key)
        parent = self.index(self._layers.index(layer), 0)
        self.beginInsertRows(parent, row, row)
        keys.insert(row, key)
        self._where[span.id] = (layer, key)
        self.endInsertRows()
        return layer

    def _child_index(self, layer: str, key: tuple[int, int, str]) -> QModelIndex:
        row = bisect.bisect_left(self._rows[layer], key)
        return self.createIndex(row, 0, self._layers.index(layer) + 1)

    def index_of(self, span_id: str) -> QModelIndex:
        place = self._where.get(span_id)
        return QModelIndex() if place is None else self._child_index(*place)

    # ----------------------------------------------------------------- model interface

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._layers) else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        layer = self._layers[parent.row()]
        return self.createIndex(row, 0, parent.row() + 1) if row < len(self._rows[layer]) else QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._layers)
        if parent.internalId() != _TOP:
            return 0
        return len(self._rows[self._layers[parent.row()]])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            layer = self._layers[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                keys = self._rows[layer]
                pending = sum(1 for k in keys if self._state and self._state.spans[k[2]].status == Status.SUGGESTED) if len(keys) < 3000 else None
                extra = f" · {pending} pending" if pending else ""
                return f"{LAYER_TITLES.get(layer, layer.title())} ({len(keys)}{extra})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        layer = self._layers[index.internalId() - 1]
        span_id = self._rows[layer][index.row()][2]
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
        if role == Qt.ItemDataRole.ForegroundRole and span.status != Status.ACCEPTED:
            colour = QColor(self.parent_palette_text())
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

    def parent_palette_text(self) -> QColor:
        from PySide6.QtWidgets import QApplication

        return QApplication.palette().text().color()

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
        self.model = SpanTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.clicked.connect(self._on_clicked)
        title = QLabel("Spans in this article", self)
        title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)

    def set_state(self, state: ArticleState | None, schema: LabelSchema) -> None:
        self.model.set_state(state, schema)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.rowCount(index) <= 400:
                self.tree.expand(index)

    def update_spans(self, changed: Iterable[Span], removed: Iterable[str]) -> None:
        self.model.update(changed, removed)

    def set_current(self, span_id: str | None) -> None:
        index = self.model.index_of(span_id) if span_id else QModelIndex()
        if not index.isValid():
            self.tree.clearSelection()
            return
        self.tree.expand(index.parent())
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def _on_clicked(self, index: QModelIndex) -> None:
        span_id = index.data(SpanIdRole)
        if span_id:
            self.spanActivated.emit(span_id)
