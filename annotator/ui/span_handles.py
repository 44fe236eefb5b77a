"""Dragging the start or end of the selected span with the mouse.

The article view hands its viewport's mouse events here first. Over the first or last character
edge of the selected span (a handle :data:`HANDLE_HALF_WIDTH` px either side of it, the height of
the line) the pointer becomes a horizontal resize arrow; pressing there starts a drag of that edge
instead of a text selection. While dragging, the edge follows the pointer snapped to token
boundaries (:func:`annotator.domain.boundaries.dragged_edge`; Alt held: exact characters) and the
view outlines the range the span will get (its preview). Releasing asks for the resize through
``on_resize(span_id, start, end)`` (the window makes it one undo step); Escape, or losing the
span meanwhile, cancels and nothing is written.

A drag that goes past the span's other edge is not a resize but a text selection that happened to
start on a grip — the analyst selecting the text a span should cover, to press R (user test:
starting that drag at the span's first character collapsed the span to its last word). While past,
no range is outlined; released past, the span is left as it was and the text from the press to
the release is selected instead.

The view is reached through :class:`HandleHost`, a protocol of the few things used here, so this
module knows neither the view's internals nor the window.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from annotator.domain.boundaries import Edge, dragged_edge
from annotator.domain.tokens import TokenIndex

HANDLE_HALF_WIDTH = 4  # px either side of the edge that grab it (device-independent pixels)


class HandleHost(Protocol):
    """What the handles need from the article view (all positions in viewport coordinates)."""

    def handle_target(self) -> tuple[str, int, int] | None:
        """The selected span as (id, start, end) when it is shown, else None."""

    def span_rects(self, span_id: str) -> list[QRect]:
        """The span's line rectangles, in reading order."""

    def offset_at(self, pos: QPoint) -> int:
        """The code-point offset of the character edge nearest ``pos``."""

    def token_index(self) -> TokenIndex: ...

    def show_preview(self, rng: tuple[int, int] | None) -> None:
        """Outline ``rng`` as the span's range-to-be (None: no outline)."""

    def viewport_widget(self) -> QWidget: ...

    def set_selection(self, start: int, end: int, *, exact: bool = True) -> None:
        """Select the text ``[start, end)`` (code points)."""


@dataclasses.dataclass(slots=True)
class _Drag:
    span_id: str
    edge: Edge
    original: tuple[int, int]
    bounds: tuple[int, int]
    pressed_at: int = 0  # offset of the press
    crossed: bool = False  # the pointer is past the other edge: a text selection, not a resize


class SpanHandles(QObject):
    """Hit-testing and drag state for the two handles of the selected span (see module doc)."""

    def __init__(self, host: HandleHost, on_resize: Callable[[str, int, int], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._on_resize = on_resize
        self._drag: _Drag | None = None
        self._over_handle = False
        self._eat_until_release = False  # a drag cancelled by Escape: the rest of that press is ours

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def drag_bounds(self) -> tuple[int, int] | None:
        """The range the dragged span would get now (None when not dragging)."""
        return self._drag.bounds if self._drag else None

    def handle_rects(self) -> dict[Edge, QRect]:
        """Where the selected span's handles are (empty when no span is selected or shown)."""
        target = self._host.handle_target()
        rects = self._host.span_rects(target[0]) if target else []
        if not rects:
            return {}
        first, last = rects[0], rects[-1]
        w = HANDLE_HALF_WIDTH
        return {
            "start": QRect(first.left() - w, first.top(), 2 * w + 1, first.height()),
            "end": QRect(last.right() + 1 - w, last.top(), 2 * w + 1, last.height()),
        }

    def handle_at(self, pos: QPoint) -> Edge | None:
        """The edge whose handle is under ``pos``; the nearer one when both are (a short span)."""
        hits = [(abs(rect.center().x() - pos.x()), edge) for edge, rect in self.handle_rects().items() if rect.contains(pos)]
        return min(hits)[1] if hits else None

    def paint(self, p: QPainter, colour: QColor) -> None:
        """A small grip (a pill on the edge, ringed in white to stand out of the selection
        outline) at each edge of the selected span, so the analyst sees where to drag; none while
        dragging (the preview outline shows the range then)."""
        if self._drag is not None:
            return
        p.save()
        p.setPen(QPen(QColor(255, 255, 255, 230), 1.2))
        p.setBrush(colour)
        for rect in self.handle_rects().values():
            x, y = rect.left() + rect.width() / 2, rect.top() + rect.height() / 2
            height = min(max(rect.height() * 0.7, 8.0), 16.0)
            p.drawRoundedRect(QRectF(x - 3, y - height / 2, 6, height), 3, 3)
        p.restore()

    # ------------------------------------------------------------------ mouse (True: event taken)

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self._drag is not None:
            return False
        pos = event.position().toPoint()
        edge = self.handle_at(pos)
        target = self._host.handle_target()
        if edge is None or target is None:
            return False
        span_id, start, end = target
        self._drag = _Drag(span_id, edge, (start, end), (start, end), pressed_at=self._host.offset_at(pos))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # Escape reaches us before the window's shortcuts
        self._follow(pos, event.modifiers())
        event.accept()
        return True

    def move(self, event: QMouseEvent) -> bool:
        pos = event.position().toPoint()
        if self._eat_until_release:
            return True
        if self._drag is None:
            if not event.buttons():
                self._set_cursor(self.handle_at(pos) is not None)
            return False
        if self._host.handle_target() is None or self._host.handle_target()[0] != self._drag.span_id:
            self.cancel()  # the span went away or another was selected (undo, another window's edit)
            return True
        self._follow(pos, event.modifiers())
        event.accept()
        return True

    def release(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._eat_until_release:
            self._eat_until_release = False
            return True
        if self._drag is None:
            return False
        target = self._host.handle_target()
        if target is not None and target[0] == self._drag.span_id:
            self._follow(event.position().toPoint(), event.modifiers())
        drag = self._drag
        self._finish()
        event.accept()
        if drag.crossed:
            released_at = self._host.offset_at(event.position().toPoint())
            lo, hi = sorted((drag.pressed_at, released_at))
            if hi > lo:
                self._host.set_selection(lo, hi, exact=bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            return True
        if target is not None and target[0] == drag.span_id and drag.bounds != drag.original:
            self._on_resize(drag.span_id, *drag.bounds)
        return True

    def cancel(self) -> bool:
        """Drop the drag in progress without changing anything; False when there was none."""
        if self._drag is None:
            return False
        self._finish()
        return True

    # ------------------------------------------------------------------ internals

    def _follow(self, pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        drag = self._drag
        assert drag is not None
        exact = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        offset = self._host.offset_at(pos)
        start, end = drag.original
        drag.crossed = offset >= end if drag.edge == "start" else offset <= start
        if drag.crossed:
            drag.bounds = drag.original
            self._host.show_preview(None)
            return
        drag.bounds = dragged_edge(start, end, edge=drag.edge, offset=offset, tokens=self._host.token_index(), exact=exact)
        self._host.show_preview(drag.bounds)

    def _finish(self) -> None:
        self._drag = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._host.show_preview(None)
        self._set_cursor(False)

    def _set_cursor(self, over: bool) -> None:
        if over == self._over_handle:
            return
        self._over_handle = over
        shape = Qt.CursorShape.SizeHorCursor if over else Qt.CursorShape.IBeamCursor
        self._host.viewport_widget().setCursor(shape)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            self._drag is not None
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.cancel()
            self._eat_until_release = bool(QApplication.mouseButtons() & Qt.MouseButton.LeftButton)
            event.accept()
            return True  # Escape ends the drag only (it does not also clear the selection)
        return super().eventFilter(watched, event)
