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


def test_the_room_is_made_again_when_a_run_s_indicator_comes_after_the_message(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """usertest21 L4 (ui24): at 1280 px the import's summary was said with room to spare, then the
    pre-annotation's indicator came and cut it ("Imported 130 new articles (0 al") beside a Target
    field still shown. The fields give way again when the indicator comes."""
    import threading

    from tests.ui.test_import_preannotates_ui21 import _csv, _import_by_keys, _Recording
    from tests.ui.test_window_support import make_project, wait_idle

    gate = threading.Event()
    window = make_window(make_project(tmp_path / "p.db"), suggester=_Recording(gate))
    window.resize(1280, 800)
    pump_until(lambda: window.width() == 1280)
    rows = [f"Harbour news {i}\nThe mayor met officials from Oslo on Friday about ferry {i}." for i in range(30)]
    try:
        _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "many.csv", *rows))
        bar = window.statusBar()
        pump_until(lambda: window.progress_indicator.isVisible() and bar.currentMessage().startswith("Imported 30 new"), timeout=10)
        line = bar.currentMessage()
        pump_until(lambda: _room_left(bar) >= bar.fontMetrics().horizontalAdvance(line), timeout=3)
        assert not window.target_label.isVisible()
        assert window.saved_label.isVisible() and window.progress_indicator.isVisible()
    finally:
        gate.set()
    wait_idle(window, 30)
