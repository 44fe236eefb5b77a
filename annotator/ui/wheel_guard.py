"""Fields in a scrolled panel that take the mouse wheel only when focused (usertest24 M4).

Scrolling the Train panel with the wheel while the pointer passed over Max steps changed it
100 → 108 with no sign, and the run then started was not the one set. Qt's spin and combo boxes
take wheel events whenever the pointer is over them (their focus policy is ``WheelFocus``), so a
panel that scrolls loses the wheel to whichever field slides under the pointer.

:func:`guard_wheel` gives such a field ``Qt.StrongFocus`` (a click or Tab focuses it, the wheel
does not) and a filter that, while the field is unfocused, keeps its wheel events from it and
hands them to the scroll area it sits in, which scrolls as if the field were not there (outside
a scroll area the event is left ignored, and Qt passes a mouse's wheel event on to the parent
widgets). Focused (clicked, or reached with Tab), the field takes the wheel as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget


class _WheelWhenFocused(QObject):
    """The event filter of :func:`guard_wheel` (one per guarded tree, parented to its root)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            event.ignore()  # ignored: Qt passes a real wheel event on to the parent widgets
            return True
        # handed to the scroll area itself: Qt does not pass on a wheel event that was sent (not
        # one from the mouse), and this way both scroll the panel alike
        viewport = area.viewport()
        at = QPointF(watched.mapTo(viewport, event.position().toPoint()))  # type: ignore[attr-defined]
        forwarded = QWheelEvent(at, event.globalPosition(), event.pixelDelta(), event.angleDelta(),  # type: ignore[attr-defined]
                                event.buttons(), event.modifiers(), event.phase(), event.inverted())  # type: ignore[attr-defined]
        QApplication.sendEvent(viewport, forwarded)
        event.accept()
        return True  # the field never sees it


def guard_wheel(root: QWidget) -> int:
    """Make every spin box and combo box under ``root`` (``root`` included) take wheel events only
    while focused (module docstring); returns how many fields were guarded. Guarding a field
    twice is harmless (one filter per ``root``)."""
    guard = root.findChild(_WheelWhenFocused, "wheelGuard", Qt.FindChildOption.FindDirectChildrenOnly)
    if guard is None:
        guard = _WheelWhenFocused(root)
        guard.setObjectName("wheelGuard")
    fields = [w for w in (root, *root.findChildren(QWidget)) if isinstance(w, (QAbstractSpinBox, QComboBox))]
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.removeEventFilter(guard)  # at most once
        field.installEventFilter(guard)
    return len(fields)
