"""The keyboard comes back to the window when a modal box closes (usertest18 L7).

Under a window manager, closing a message box or a file dialog hands the activation back to the
window it belongs to. Without one (Xvfb alone, some kiosk and remote sessions) and on Qt's
offscreen platform, nothing does: the box goes, no window is active, and every key — Ctrl+Q
included — does nothing until the analyst clicks the window. :class:`FocusAfterModal` watches the
application's focus window (a signal, not an event filter on every event of the application):
when a modal box of this main window (its transient parent, or the parent's parent: a box over
a dialog) takes the focus, an event filter goes on that box alone; when the box is hidden and no
window took the focus after it, the nearest window of that chain still shown is activated, which
also puts back the focus widget it had.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QWidget


class FocusAfterModal(QObject):
    """Gives ``window`` (or the dialog of it a box was over) the activation back when a modal box
    of it closes and nothing else took it (see the module docstring). One per main window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_moved)

    def _focus_moved(self, now: QWindow | None) -> None:
        try:
            if now is None or self._chain(now) is None:
                return
        except RuntimeError:  # the main window is gone (closing)
            return
        box = next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is now), None)
        if box is not None and box.isModal():
            box.installEventFilter(self)  # again on a box shown again: Qt keeps one entry per filter

    def _chain(self, window: QWindow) -> list[QWindow] | None:
        """The windows ``window`` is shown over, nearest first, when this main window is one of
        them; else None (a box of another main window, or the main window itself)."""
        chain: list[QWindow] = []
        back = window.transientParent()
        while back is not None:
            chain.append(back)
            back = back.transientParent()
        own = self._window.windowHandle()
        return chain if own is not None and own in chain else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            watched.removeEventFilter(self)
            try:
                handle = watched.windowHandle()
                chain = self._chain(handle) if handle is not None else None
            except RuntimeError:  # the main window is gone (closing): nothing to give the keys to
                return False
            if chain:
                # after the box's own hiding is over, as a click on the window would
                QTimer.singleShot(0, lambda: self._activate(chain))
        return False

    def _activate(self, chain: list[QWindow]) -> None:
        focus = QGuiApplication.focusWindow()
        if focus is not None and focus.isVisible():
            return  # a window manager, or the analyst, gave it to a window meanwhile
        if QApplication.activeModalWidget() is not None:
            return  # another modal box is open: it keeps the keys
        try:
            target = next((w for w in chain if w.isVisible()), None)
            widget = next((w for w in QApplication.topLevelWidgets() if target is not None and w.windowHandle() is target), None)
        except RuntimeError:  # a window is gone meanwhile
            return
        if widget is not None:
            widget.activateWindow()
