"""Span keys act on spans only where spans are: the article view and the span list.

The window's actions use ``Qt.WindowShortcut`` so their keys work from any panel, but that also
made a one-letter key typed in a field (``X`` in the stance polarity box, ``1`` in a note) edit the
selected span. This filter answers Qt's ``ShortcutOverride`` for the span actions (sections
"Review suggestions" and "Edit spans", undo/redo excepted) whenever the focused widget of *this*
window lies outside the article view and the span list: accepting the override makes Qt deliver
the key to the focused widget (a field types it, a combo box searches, Tab moves focus) instead of
firing the action. Keys are read from the actions themselves, so keys the analyst rebinds in
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
from PySide6.QtWidgets import QWidget

from annotator.ui.actions import ACTIONS

# Undo/redo stay window-wide: fields that have their own undo already take Ctrl+Z first.
_WINDOW_WIDE = {"undo", "redo"}
SPAN_ACTION_IDS: tuple[str, ...] = tuple(
    spec.id for spec in ACTIONS if spec.section in ("Review suggestions", "Edit spans") and spec.id not in _WINDOW_WIDE
)


def _sequences(event: QKeyEvent) -> list[QKeySequence]:
    """The key sequences a key event may stand for (a real Shift+Tab arrives as Shift+Backtab)."""
    combination = event.keyCombination()
    out = [QKeySequence(combination)]
    if event.key() == Qt.Key.Key_Backtab:
        out.append(QKeySequence(Qt.Key.Key_Tab | event.modifiers()))
    return out


class SpanKeyScope(QObject):
    """Application event filter that keeps span keys away from spans unless a span widget has focus.

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

    def focus_allows_span_keys(self, widget: QWidget) -> bool:
        if widget is self._window:
            return True
        return any(w is widget or w.isAncestorOf(widget) for w in self._span_widgets())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Offered to the focused widget first and passed up to here untaken: judge that widget,
            # not the window or a container of the article view.
            focused = self._window.focusWidget()
            if focused is not None and not self.focus_allows_span_keys(focused) and self.is_span_key(event):
                event.accept()  # the key goes to the focused widget, not to the span action
                return False
        return super().eventFilter(watched, event)
