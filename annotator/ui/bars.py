"""Small bars around the article: the find bar below it and the one-time info bar above it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

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
    """A dismissable, non-modal notice above the article (e.g. 'no trained pipeline: rules
    only', 'the project file is busy: 2 edits waiting'): the analyst keeps working under it."""

    dismissed = Signal()
    actionClicked = Signal(str)  # the key given to show_message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoBar")
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
        self.hide()

    def show_message(self, text: str, *, action: str = "", key: str = "", topic: str = "") -> None:
        """Show ``text``; with ``action``, a button that emits ``actionClicked(key)``. ``topic``
        names the notice, so its owner can update or :meth:`clear` it without hiding another's."""
        self.topic = topic
        self.text.setText(text)
        self._action_key = key
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self.show()

    def clear(self, topic: str) -> None:
        """Hide the bar if it shows the notice of ``topic`` (and nothing else has replaced it)."""
        if self.topic == topic and self.isVisible():
            self.hide()
            self.topic = ""

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
