"""A scroll bar that draws its last few looks again instead of asking the style to paint them.

Issue 12: an undo of an edit made in another article shows that article's kept text widget
again (annotator/ui/article_view.py), and the span list's rows change; each of their vertical
scroll bars was painted anew by the style, ~0.5-1.5 ms of UI-thread CPU each per switch (Fusion's
gradients over the bar's whole height). A switch back shows a bar exactly as it was painted
before (same range, position, size, state and palette), so the pixels are kept per look.

A look is what Qt's own ``QScrollBar::paintEvent`` paints from: the style option
(``initStyleOption``: rect, state, palette, direction, range, position, steps, orientation), the
style and the device pixel ratio. The sub-control under the mouse or pressed is not in the
option Python can read, so while the mouse is over the bar or a button is held on it, the bar
is painted by Qt as usual. The pixmap is filled with the colour that lies under the bar (the
style leaves its rounded ends partly transparent), then painted by the style exactly as Qt paints
the bar (its test compares the pixels with Qt's painting).
"""

from __future__ import annotations

import collections

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QScrollBar, QStyle, QStyleOptionSlider, QWidget

KEPT_LOOKS = 4  # a bar alternates between the articles gone back and forth between

Look = tuple[object, ...]


class KeptScrollBar(QScrollBar):
    """A :class:`QScrollBar` that keeps the pixels of its last :data:`KEPT_LOOKS` looks."""

    #: False: every paint is Qt's own (tests compare the two)
    keeping = True

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._looks: collections.OrderedDict[Look, QPixmap] = collections.OrderedDict()
        self._held = False  # a mouse button pressed on the bar: Qt paints the pressed part
        self._opaque_on: QColor | None = None  # what lies beneath when the bar last said it is opaque
        #: paints drawn from kept pixels / painted by the style into a kept pixmap (tests, benchmarks)
        self.stats: collections.Counter[str] = collections.Counter()

    def _look(self, option: QStyleOptionSlider) -> Look:
        return (option.rect.size().toTuple(), int(option.state.value), option.palette.cacheKey(),
                option.palette.resolveMask(), option.direction, option.minimum, option.maximum,
                option.sliderPosition, option.sliderValue, option.singleStep, option.pageStep,
                option.upsideDown, option.orientation, id(self.style()), self.devicePixelRatioF())

    def _beneath(self) -> QColor | None:
        """The colour Qt paints under the bar: the background of the nearest ancestor that fills
        one (a window, or a widget filling its background), in that ancestor's palette (with a
        style sheet a child's palette can differ from its window's). None when a style sheet
        paints an ancestor's background (then it is not one colour known here)."""
        widget = self.parentWidget()
        while widget is not None:
            if widget.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
                return None
            if widget.isWindow() or widget.autoFillBackground():
                return widget.palette().color(widget.backgroundRole())
            widget = widget.parentWidget()
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        known = self._beneath() if self.keeping else None
        # perf12g: with what lies under the bar known (one colour), the bar paints it itself and
        # says it is opaque, so a repaint of the bar alone (its look on a switch back, a range
        # change) does not first paint every widget behind its strip, from the window down:
        # ~0.45 ms of a kept bar's 0.5 ms repaint (issue 12). The flag serves the next paint.
        # painted as opaque: nothing lies under this paint yet; the colour it was made opaque on
        # is what the widgets behind would have painted (a style or palette change clears the flag)
        under = self._opaque_on if self.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent) else None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, known is not None)
        self._opaque_on = known
        beneath = known if not (self._held or self.underMouse() or self.isSliderDown()) else None
        if beneath is None:
            if under is not None:
                painter = QPainter(self)
                painter.fillRect(self.rect(), under)
                painter.end()
            super().paintEvent(event)
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        # what QScrollBar::paintEvent sets, with nothing hovered or pressed
        option.subControls = QStyle.SubControl.SC_All
        option.activeSubControls = QStyle.SubControl.SC_None
        # the style leaves ~400 pixels of a bar (its rounded ends) partly transparent: what lies
        # under it is part of its look
        look = (*self._look(option), beneath.rgba())
        pixmap = self._looks.get(look)
        if pixmap is None:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(round(option.rect.width() * ratio), round(option.rect.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(beneath)
            into = QPainter(pixmap)
            self.style().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, into, self)
            into.end()
            self._looks[look] = pixmap
            while len(self._looks) > KEPT_LOOKS:
                self._looks.popitem(last=False)
            self.stats["painted"] += 1
        else:
            self._looks.move_to_end(look)
            self.stats["kept"] += 1
        painter = QPainter(self)
        painter.drawPixmap(0, 0, pixmap)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._held = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._held = event.buttons() != Qt.MouseButton.NoButton
        super().mouseReleaseEvent(event)
        self.update()  # the pressed look goes: painted again from a kept look or by the style

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.ParentChange):
            self._looks.clear()  # the keys would differ too; the old pixels are only memory
            # what lies beneath may differ now: the next paint is over its parents' again
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
            self._opaque_on = None
        super().changeEvent(event)
