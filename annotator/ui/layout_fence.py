"""A container that keeps its child's layout changes from re-laying out the whole window.

Qt passes every size-hint change of a widget up its parents: a label given new text, a row
shown or hidden in the details panel, re-run the layout of each parent in turn, up to the main
window's (issue 12: the details panel showing the next span, the status bar's "Saved 12:00:01 ·
41 pending", each re-laid out both splitters and the ``QMainWindow``, a fifth of an edit's Qt
time at 1,000 articles). Qt stops that walk at a parent without a layout, which gets a
``LayoutRequest`` instead: :class:`LayoutFence` is such a parent. It sizes its one child to
itself and passes a change up only when the child no longer fits it — its minimum size is now
larger than the room it has, or its maximum smaller. A child that shrinks keeps its room until
the window is laid out for another reason; its hints are always read fresh from the child, so
that layout (a splitter drag, a window resize) sees the true minimum.

The child is placed by ``setGeometry``, never by a layout: only for a widget whose look does not
depend on its parent's layout.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget


class LayoutFence(QWidget):
    """Holds ``child`` at its own size (see the module docstring); ``parent``: where it goes."""

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        #: child layout changes kept inside / passed up to the window (tests and benchmarks)
        self.kept = 0
        self.passed = 0

    @property
    def child(self) -> QWidget:
        return self._child

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._child.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        child = self._child
        return child.minimumSizeHint().expandedTo(child.minimumSize())

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.LayoutRequest:
            self._fit()
        elif kind == QEvent.Type.Show:
            # ui10q: a child changed while the fence was hidden (the status bar's "All changes
            # saved · 0 pending", set before the window first shows) posts no LayoutRequest, and
            # the parent layout kept the hint it cached for the empty child: 18 px, which showed
            # only the first stroke of the "A" — a lone italic-looking "/" at the bar's right.
            self._fit()
        return super().event(event)

    def _fit(self) -> None:
        """Keep a child that still fits inside; otherwise hand the parent layout its new hints."""
        low, high, size = self.minimumSizeHint(), self._child.maximumSize(), self.size()
        fits = (low.width() <= size.width() and low.height() <= size.height()
                and high.width() >= size.width() and high.height() >= size.height())
        if fits:
            self.kept += 1
        else:
            self.setMaximumSize(high)
            self.updateGeometry()  # the parent layout gives the child the room it now needs
            self.passed += 1
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._place()

    def _place(self) -> None:
        if self._child.geometry() != self.rect():
            self._child.setGeometry(self.rect())
