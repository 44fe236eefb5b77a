"""A path field that shows a long path elided in the middle while it is not being edited
(usertest23 L2).

In the Train panel at 1400 px the Output folder field showed "share/annotator/default-pipeline":
a ``QLineEdit`` scrolls to its cursor, at the end, and the start of the path (which folder) was
gone with no sign of it. :class:`ElidedPathEdit` draws a path wider than the field as
"~/…/annotator/default-pipeline" (both ends, ``Qt.ElideMiddle``) while the field has no
focus, and its tooltip is always the whole path; focused, it is the plain editable field. Its
``text()`` is always the whole path.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

#: px Qt's line edit keeps between its contents rectangle and the text (QLineEditPrivate::horizontalMargin)
TEXT_MARGIN = 2


class ElidedPathEdit(QLineEdit):
    """A ``QLineEdit`` for a path: elided in the middle when unfocused and too wide, the whole
    path in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.textChanged.connect(self.setToolTip)
        self.setToolTip(text)

    def _text_rect(self) -> QRect:
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, self)
        margins = self.textMargins()
        return rect.adjusted(margins.left() + TEXT_MARGIN, margins.top(), -margins.right() - TEXT_MARGIN, -margins.bottom())

    def shown_text(self) -> str:
        """The text as drawn now: whole while focused or when it fits, else elided in the middle."""
        text = self.text()
        if self.hasFocus() or not text:
            return text
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, self._text_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, opt, painter, self)
        self.style().drawItemText(painter, self._text_rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), shown, QPalette.ColorRole.Text)
        painter.end()


__all__ = ["ElidedPathEdit"]
