"""Room in the status bar for a whole message (usertest20 L4).

``QStatusBar`` draws a temporary message in what its permanent widgets leave and cuts it there:
at the window's first size (1380 px under Xvfb) File → Import's "Imported 3 new articles (0
already there), 0 sp…" ended at the "Target: none (Shift+T)" field. The whole line was only in
the bar's tooltip. :class:`MessageRoom` hides the permanent widgets it is given (the ones that
say a state the analyst can read again a few seconds later: the current stance target, the
pipeline names), in their order, while a message wider than the room shows, and shows them again
once the message is gone (its timeout, the next message that fits without them).

ui24 (usertest21 L4): the room is looked at again when the bar's other widgets change while the
message shows: File → Import's summary was said, then the pre-annotation's indicator (its line,
bar, Jobs…, Cancel) appeared and cut it to "Imported 130 new articles (0 al" beside a Target field
that was not hidden. Whatever still does not fit is in the bar's tooltip and the jobs menu's
"Lately".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QStatusBar, QWidget

#: px between the bar's message and its first permanent widget (the message is drawn a few px in)
MESSAGE_MARGIN = 8


class MessageRoom(QObject):
    """Makes room in ``bar`` for each temporary message by hiding ``yielding`` (permanent
    widgets of ``bar`` whose visibility nothing else sets), first to last, only as many as the
    message needs; they come back when the message goes."""

    def __init__(self, bar: QStatusBar, yielding: Sequence[QWidget]) -> None:
        super().__init__(bar)
        self._bar = bar
        self._yielding = list(yielding)
        self._hidden: list[QWidget] = []
        bar.messageChanged.connect(self._message_changed)
        bar.installEventFilter(self)  # a permanent widget shown or hidden: the bar's layout asks again

    @property
    def hidden(self) -> list[QWidget]:
        """The widgets hidden for the message shown now."""
        return list(self._hidden)

    def room(self) -> int:
        """px the message has: up to the leftmost visible permanent widget, as the bar lays them out now."""
        bar = self._bar
        layout = bar.layout()
        if layout is not None:
            layout.activate()  # the geometry of what was just hidden or shown, not the last paint's
        lefts = [w.geometry().left() for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                 if w.isVisibleTo(bar) and not w.isWindow()]
        return (min(lefts) if lefts else bar.contentsRect().right()) - MESSAGE_MARGIN

    def _message_changed(self, text: str) -> None:
        for widget in self._hidden:  # the last message's room back first: this one may need less
            widget.show()
        self._hidden = []
        self._fit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._bar and event.type() == QEvent.Type.LayoutRequest and self._bar.currentMessage():
            # only hides (never shows): what it hides asks for a layout again, and finds the room made
            self._fit(self._bar.currentMessage())
        return super().eventFilter(watched, event)

    def _fit(self, text: str) -> None:
        """Hide the yielding widgets still shown, in order, until ``text`` fits (or none is left)."""
        if not text:
            return
        need = self._bar.fontMetrics().horizontalAdvance(text)
        for widget in self._yielding:
            if need <= self.room():
                break
            if widget.isVisibleTo(self._bar):
                widget.hide()
                self._hidden.append(widget)
