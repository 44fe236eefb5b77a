"""Small bars around the article: the find bar below it and the info bar floating over its foot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QGraphicsDropShadowEffect, QHBoxLayout, QLabel, QToolButton, QWidget

from annotator.ui.details_panel import EditorLineEdit


class FindBar(QFrame):
    """Ctrl+F: Enter finds the next match, Shift+Enter the previous, Escape closes."""

    findRequested = Signal(str, bool)  # text, backwards
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setObjectName("dim")
        prev_btn = QToolButton(self)
        prev_btn.setText("▲")
        prev_btn.setToolTip("Previous match (Shift+Enter)")
        next_btn = QToolButton(self)
        next_btn.setText("▼")
        next_btn.setToolTip("Next match (Enter)")
        close_btn = QToolButton(self)
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        for b in (prev_btn, next_btn, close_btn):
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(self.status)
        layout.addWidget(close_btn)
        self.edit.submitted.connect(lambda back: self.findRequested.emit(self.edit.text(), back))
        self.edit.escaped.connect(self.close_bar)
        prev_btn.clicked.connect(lambda: self.findRequested.emit(self.edit.text(), True))
        next_btn.clicked.connect(lambda: self.findRequested.emit(self.edit.text(), False))
        close_btn.clicked.connect(self.close_bar)
        self.edit.textEdited.connect(lambda _t: self.status.setText(""))

    def open_bar(self, text: str = "") -> None:
        if text:
            self.edit.setText(text)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.status.setText("")
        self.closed.emit()

    def set_found(self, found: bool) -> None:
        self.status.setText("" if found else "Not found")


class _FindEdit(EditorLineEdit):
    submitted = Signal(bool)
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class InfoBar(QFrame):
    """A dismissable, non-modal notice (e.g. 'no trained pipeline: rules only', 'the project file
    is busy: 2 edits waiting'): the analyst keeps working under it.

    After :meth:`float_over` it is not in any layout: it floats over the lower right of the
    article, so showing or hiding it never moves the text the analyst is reading (issue 9: the
    notice bar pushed the article down by a line or two, under the reader's eyes).

    Two bars can float over the same widget: one made with ``above=`` another sits on top of it
    while that one is shown (and drops to the foot when it is hidden), so two unrelated notices
    each keep their own text, button and close (usertest10g finding 7: File → Pre-annotate's
    summary was added to the "Your decisions are recorded as …" notice, next to its button)."""

    # Gap to the article's edges (px) and the widest the notice gets (px): a toast, not a banner.
    MARGIN = 12
    MAX_WIDTH = 560

    dismissed = Signal()
    actionClicked = Signal(str)  # the key given to show_message

    GAP = 6  # px between two stacked bars

    def __init__(self, parent: QWidget | None = None, *, above: InfoBar | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoBar")
        #: the bar this one sits on while that one is shown (None: this one sits at the foot)
        self.under = above
        self._upper: InfoBar | None = None  # the bar sitting on this one
        if above is not None:
            above._upper = self
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QToolButton(self)
        self.action.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.action.hide()
        self._action_key = ""
        self.topic = ""  # which notice is shown (show_message's topic)
        self.action.clicked.connect(lambda: self.actionClicked.emit(self._action_key))
        close_btn = QToolButton(self)
        close_btn.setText("✕")
        close_btn.setAutoRaise(True)
        close_btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close_btn.setToolTip("Dismiss")
        close_btn.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close_btn, 0, Qt.AlignmentFlag.AlignTop)
        self._over: QWidget | None = None
        #: told the room (px, 0 when hidden) the notice takes at the foot of the widget it floats
        #: over, so that widget keeps its text out of it (ArticleView.reserve_foot); with two
        #: stacked bars the owner keeps the larger of their :attr:`reserved`
        self.reserve: Callable[[int], None] | None = None
        self.reserved = 0  # px: the room last told to ``reserve``
        self.hide()

    def float_over(self, widget: QWidget) -> None:
        """Float over ``widget`` (a sibling, or a descendant of this bar's parent) instead of
        taking room in a layout; the bar follows its size."""
        self._over = widget
        widget.installEventFilter(self)
        self.setAutoFillBackground(True)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._over and event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        over, parent = self._over, self.parentWidget()
        if over is None or parent is None:
            return
        area = over.geometry()
        if over.parentWidget() is not parent:
            area.moveTopLeft(over.mapTo(parent, over.rect().topLeft()))
        scroll_bar = 14  # clear of the view's vertical scroll bar
        width = max(1, min(self.MAX_WIDTH, area.width() - 2 * self.MARGIN - scroll_bar))
        self.setFixedWidth(width)
        self.adjustSize()
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        height = min(max(height, self.sizeHint().height()), max(1, area.height() - 2 * self.MARGIN))
        x = max(area.left() + self.MARGIN, area.right() - width - self.MARGIN - scroll_bar)
        bottom = area.bottom() - self.MARGIN
        under = self.under
        if under is not None and not under.isHidden():
            bottom = under.geometry().top() - self.GAP - 1  # on top of the other notice, never over it
        y = max(area.top() + self.MARGIN, bottom - height)
        self.setGeometry(x, y, width, height)
        self.raise_()
        if not self.isHidden():
            self.reserved = area.bottom() - y + 1 + self.MARGIN // 2  # the notice, its gap and a little air
            if self.reserve is not None:
                self.reserve(self.reserved)
        if self._upper is not None and not self._upper.isHidden():
            self._upper._place()  # follows this one's top

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if self.isHidden():  # hidden itself, not with the window
            self.reserved = 0
            if self.reserve is not None:
                self.reserve(0)
            if self._upper is not None and not self._upper.isHidden():
                self._upper._place()  # drops to the foot

    def show_message(self, text: str, *, action: str = "", key: str = "", topic: str = "") -> None:
        """Show ``text``; with ``action``, a button that emits ``actionClicked(key)``. ``topic``
        names the notice, so its owner can update or :meth:`clear` it without hiding another's."""
        self.topic = topic
        self.text.setText(text)
        self._action_key = key
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self.show()
        self._place()

    def clear(self, topic: str) -> None:
        """Hide the bar if it shows the notice of ``topic`` (and nothing else has replaced it)."""
        if self.topic == topic and self.isVisible():
            self.hide()
            self.topic = ""

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
