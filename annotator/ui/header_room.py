"""Table headers read whole (usertest23 L2).

With the Train panel open at 1400 px the Article panel's stance table was narrow, and its
stretched Evidence column narrower than its label: Qt centres a header label in its section and
clips it at both ends, so the header read "videnc". :class:`StretchWhole` does what
``QHeaderView.Stretch`` did for the given columns (they share the width the other columns leave,
equally) but never makes one narrower than its label (:func:`label_width`); a table then
narrower than its columns scrolls sideways, and no label is cut mid-word. (Qt's
``minimumSectionSize`` would do it for stretched sections, but it is one size for every section
and widened the 28 px ✕ column too.)
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

#: px beside a label's text besides the style's header margins (a little air, a resize handle)
AIR = 6


def label_width(header: QHeaderView, text: str) -> int:
    """px a section of ``header`` needs to show ``text`` whole: its widest line in the header's
    font, plus the style's header margin (``PM_HeaderMargin``) on both sides, plus :data:`AIR`."""
    metrics = header.fontMetrics()
    widest = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
    return widest + 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + AIR


class StretchWhole(QObject):
    """Lays out ``columns`` of ``table`` as stretched columns that keep their header labels whole;
    again when the viewport's width, another column's width, or the header's font changes."""

    def __init__(self, table: QTableView, columns: Sequence[int]) -> None:
        super().__init__(table)
        self._table = table
        self._columns = list(columns)
        self._busy = False
        header = table.horizontalHeader()
        for column in self._columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda index, _old, _new: self.fit() if index not in self._columns else None)
        # kept: the filter compares with these, never asks the table (gone while its children are deleted)
        self._header, self._viewport = header, table.viewport()
        header.installEventFilter(self)
        self._viewport.installEventFilter(self)
        self.fit()

    def needs(self) -> dict[int, int]:
        """px each column needs for its label (:func:`label_width`)."""
        header = self._table.horizontalHeader()
        model = self._table.model()
        return {column: label_width(header, str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                for column in self._columns}

    def fit(self) -> None:
        """Share the viewport's width that the other columns leave among ``columns``, each at least its need."""
        if self._busy:
            return
        self._busy = True
        try:
            header = self._table.horizontalHeader()
            others = sum(header.sectionSize(i) for i in range(header.count())
                         if i not in self._columns and not header.isSectionHidden(i))
            room = max(0, self._table.viewport().width() - others)
            share, extra = divmod(room, max(1, len(self._columns)))
            needs = self.needs()
            for k, column in enumerate(self._columns):
                header.resizeSection(column, max(needs[column], share + (1 if k < extra else 0)))
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._viewport:
            if event.type() == QEvent.Type.Resize:
                self.fit()
        elif watched is self._header and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return False


__all__ = ["AIR", "StretchWhole", "label_width"]
