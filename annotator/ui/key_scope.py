"""Span keys act on spans only where spans are: the article view and the span list.

The window's actions use ``Qt.WindowShortcut`` so their keys work from any panel, but that also
made a one-letter key typed in a field (``X`` in the stance polarity box, ``1`` in a note) edit the
selected span. This filter answers Qt's ``ShortcutOverride`` for the span actions (sections
"Review suggestions" and "Edit spans", undo/redo excepted) whenever the focused widget of *this*
window takes text (a line edit, an editable text box, a spin box, a combo box) and lies outside
the article view and the span list: accepting the override makes Qt deliver the key to the
focused widget (a field types it, a combo box searches, Tab moves focus) instead of firing the
action. Focus in any other widget (the article list, the stance table, a read-only text, a
button) does not keep the review keys from the article (issue 10, ui10p: Tab from such a widget
went on to "Add a tag", and the analyst's next "A" was typed into it); a list, table or button
keeps only Return/Enter, which open its row (the article list opens the article) or press it. Keys are read from the actions themselves, so keys the analyst rebinds in
Preferences are scoped the same way.

It is installed on the window, not on the application: Qt offers the override to the focused
widget, then to each parent up to the window, until one accepts it, so the window sees every
override no widget took. A filter on the application saw every event of every object instead
(about 125 Python calls for an undo made in another article, ~1 ms of it, and as many for each
paint and edit: issue 12). A field that takes the key itself (a line edit typing a letter) accepts
the override before it reaches the window: the outcome is the one this filter would give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from annotator.ui.actions import ACTIONS

# Undo/redo stay window-wide: fields that have their own undo already take Ctrl+Z first.
_WINDOW_WIDE = {"undo", "redo"}
SPAN_ACTION_IDS: tuple[str, ...] = tuple(
    spec.id for spec in ACTIONS if spec.section in ("Review suggestions", "Edit spans") and spec.id not in _WINDOW_WIDE
)


def takes_text(widget: QWidget) -> bool:
    """Whether ``widget`` takes typed keys itself: a line edit, a text box that is not read-only,
    a spin box, or a combo box (it searches its items by letter). Lists, tables, buttons and
    read-only texts do not: the review keys act on the article from them."""
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox)):
        return True
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return False


_ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def keeps_key(widget: QWidget, event: QKeyEvent) -> bool:
    """Whether the focused ``widget`` (outside the span widgets) keeps this span key: every key in a
    widget that takes text, and Return/Enter in a list, table or button, where they open the row
    (the article list opens the article) or press the button, not accept a suggestion."""
    if takes_text(widget):
        return True
    return event.key() in _ACTIVATE and isinstance(widget, (QAbstractItemView, QAbstractButton))


def _sequences(event: QKeyEvent) -> list[QKeySequence]:
    """The key sequences a key event may stand for (a real Shift+Tab arrives as Shift+Backtab)."""
    combination = event.keyCombination()
    out = [QKeySequence(combination)]
    if event.key() == Qt.Key.Key_Backtab:
        out.append(QKeySequence(Qt.Key.Key_Tab | event.modifiers()))
    return out


class SpanKeyScope(QObject):
    """Window event filter that keeps span keys away from spans while a text field outside the span
    widgets has focus.

    ``window`` is the main window, ``actions`` its QActions by id, and ``span_widgets`` returns the
    widgets (article view, span list) whose focus lets span keys through.
    """

    def __init__(self, window: QWidget, actions: dict[str, QAction], span_widgets: Callable[[], Iterable[QWidget]]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = [actions[i] for i in SPAN_ACTION_IDS if i in actions]
        self._span_widgets = span_widgets
        window.installEventFilter(self)  # removed by Qt when this object (child of the window) is destroyed

    def is_span_key(self, event: QKeyEvent) -> bool:
        wanted = _sequences(event)
        return any(seq == key for action in self._actions for key in action.shortcuts() for seq in wanted)

    def focus_allows_span_keys(self, widget: QWidget, event: QKeyEvent | None = None) -> bool:
        """False when ``widget``, outside the span widgets, takes text (:func:`takes_text`) or keeps
        this key ``event`` (:func:`keeps_key`)."""
        if widget is self._window:
            return True
        if any(w is widget or w.isAncestorOf(widget) for w in self._span_widgets()):
            return True
        return not (keeps_key(widget, event) if event is not None else takes_text(widget))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Offered to the focused widget first and passed up to here untaken: judge that widget,
            # not the window or a container of the article view.
            focused = self._window.focusWidget()
            if focused is not None and not self.focus_allows_span_keys(focused, event) and self.is_span_key(event):
                event.accept()  # the key goes to the focused widget, not to the span action
                return False
        return super().eventFilter(watched, event)
