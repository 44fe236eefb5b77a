"""Esc in an entry of the window's side panels hands the keyboard back to the article (usertest14 F7).

The review keys (accept, reject, next…) are the article view's: while a side panel's field has
the focus they type into it. Esc leaves any such field: the Article panel's tag and stance-note
fields (:class:`~annotator.ui.details_panel.EditorLineEdit`, which also puts back the text they
had when the focus came in, and says so with ``cancelled``), and the line edits, combo boxes and
spin boxes that let Esc pass on to their panel (Qt's widgets ignore Esc unless a list is open:
an open completer or combo list takes the first Esc and closes, the next one leaves).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class EscapeHandsBack(QObject):
    """An event filter for side panels: an Esc key press that a field inside the panel let pass
    (it reaches the panel) calls ``back()`` (the window gives the article view the focus).

    ``watch(panel)`` installs it on a panel; key events a child ignores are sent on to its
    parents, so fields the panel makes later (the details panel's attribute editors) are covered."""

    def __init__(self, back: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._back = back

    def watch(self, *panels: QWidget) -> None:
        """Install on each of ``panels``."""
        for panel in panels:
            panel.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            self._back()
            return True
        return False


__all__ = ["EscapeHandsBack"]
