"""usertest20 L4: File → Import's result in the status bar ("Imported 3 new articles (0 already
there), 0 sp…") was cut off by the Target field; the fields that can wait give it their room."""

from __future__ import annotations

from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

LINE = ("Imported 3 new articles (0 already there), 0 spans, 0 relations; then pre-annotated 3 articles: "
        "18 suggestions, 18 new")


def _room_left(bar) -> int:  # noqa: ANN001
    """px from the bar's left edge to its leftmost visible permanent widget, once laid out."""
    from PySide6.QtWidgets import QSizeGrip, QWidget
    from PySide6.QtCore import Qt

    shown = [w for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if w.isVisible() and not isinstance(w, QSizeGrip)]
    return min(w.geometry().left() for w in shown)


def test_a_long_message_gets_the_room_of_the_target_and_pipeline_fields(make_window, project) -> None:  # noqa: ANN001
    window = make_window(project)
    window.resize(1200, 750)
    bar = window.statusBar()
    pump_until(lambda: window.width() == 1200)
    bar.clearMessage()  # whatever the opening said
    pump_until(lambda: window.target_label.isVisible(), timeout=3)
    bar.showMessage(LINE, 10000)
    pump_until(lambda: not window.target_label.isVisible(), timeout=3)
    need = bar.fontMetrics().horizontalAdvance(LINE)
    pump_until(lambda: _room_left(bar) >= need, timeout=3)
    assert bar.toolTip() == LINE  # the whole line, as before
    assert window.saved_label.isVisible()  # what is saved is never hidden
    bar.clearMessage()  # the message's time is up: the fields come back
    pump_until(lambda: window.target_label.isVisible() and window.pipeline_label.isVisible(), timeout=3)
    bar.showMessage("Saved.", 1000)  # a short one takes nothing
    assert window.target_label.isVisible() and window.message_room.hidden == []
