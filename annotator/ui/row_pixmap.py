"""A list row painted once into a pixmap, to be drawn again while it looks the same.

Used by the article list and the span list (issue 12: repainting every row of a list after an
article switch cost ~150 µs a row in the style's item painting). The pixmap is filled with what
lies under a row, the viewport's background role in the colour group the view paints with now,
so drawing it gives the pixels of painting the row directly (their tests compare them).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem


def painted_row(painter: QPainter, option: QStyleOptionViewItem, paint: Callable[[QPainter], None]) -> QPixmap:
    """A pixmap of ``option.rect``'s size at ``painter``'s device pixel ratio, filled with the
    viewport's background, into which ``paint(into)`` drew the row at its usual coordinates
    (the painter is translated by the row's top-left), with ``painter``'s render hints and font."""
    rect = option.rect
    device = painter.device()
    ratio = device.devicePixelRatio() if device is not None else 1.0
    pixmap = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    widget = option.widget
    viewport = widget.viewport() if isinstance(widget, QAbstractItemView) else None
    pixmap.fill(option.palette.color(viewport.backgroundRole() if viewport is not None else QPalette.ColorRole.Base))
    into = QPainter(pixmap)
    into.setRenderHints(painter.renderHints())
    into.setFont(painter.font())
    into.translate(-rect.x(), -rect.y())
    try:
        paint(into)
    finally:
        into.end()
    return pixmap
