"""usertest24 M3 and M4: a refused Start is shown beside Start (the panel scrolls to it) and in the
status bar; the mouse wheel over Max steps scrolls the panel instead of changing it unless the
field is focused (branch ui29). Made-up texts (the fixtures of test_train_dialog)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_train_panel_ui20 import _resumed_attribution_result
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


def _short_panel_with_results(window):  # noqa: ANN001, ANN202
    """The report's setting: a short window, the last run's results in the panel (taller than it)."""
    window.resize(1380, 560)
    trainer = FakeTrainer()
    dialog = _open_dialog(window, trainer)
    dialog._on_done(_resumed_attribution_result())  # noqa: SLF001 - as the worker's finished signal calls it
    QApplication.processEvents()
    scroll = window.training.panel._scroll  # noqa: SLF001
    assert scroll.verticalScrollBar().maximum() > 0, "the panel must scroll for this test to mean anything"
    return dialog, trainer, scroll


def _wheel(widget, notches: int = -1) -> None:  # noqa: ANN001
    """One wheel turn over the middle of ``widget`` (negative: towards the user, scrolling down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def test_a_refused_start_is_shown_beside_start_and_in_the_status_bar(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """M3: the refusal was written at the top, above the last run's table, while Start had been
    scrolled into view at the bottom; it looked as if Start did nothing."""
    window = reviewed_window
    dialog, trainer, scroll = _short_panel_with_results(window)
    trainer.refuse = "is (or holds) the pipeline in use (/x: the pipeline chosen in Preferences); training would replace it"
    trainer.edited.set()
    bar = scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # Start scrolled into view, as the tester did
    before = dialog.status.text()
    QApplication.processEvents()
    pump_until(lambda: dialog.summary_ready)
    _push(dialog.start_button)
    pump_until(lambda: trainer.calls and not dialog.is_running() and dialog.summary_ready)
    QApplication.processEvents()
    assert dialog.refusal.isVisible() and dialog.refusal.text().startswith("Not trained: ")
    assert "pipeline in use" in dialog.refusal.text()
    # in the panel's view, next to Start: between the results and the Start row
    viewport = scroll.viewport()
    for widget in (dialog.refusal, dialog.start_button):
        top = widget.mapTo(viewport, QPoint(0, 0)).y()
        assert 0 <= top and top + widget.height() <= viewport.height(), (widget, top, viewport.height())
    assert dialog.refusal.geometry().bottom() <= dialog.start_button.geometry().top()
    assert dialog.status.text() == before  # the top line is not replaced by "Preparing…" or the refusal
    assert "Not trained: " in window.statusBar().currentMessage()
    assert dialog.table.isVisible()  # the last run's results stay (usertest16 M2)


def test_the_wheel_over_max_steps_scrolls_the_panel_until_the_field_is_focused(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """M4: scrolling the panel with the wheel while the pointer passed over Max steps changed it
    100 → 108 with no sign."""
    window = reviewed_window
    dialog, _trainer, scroll = _short_panel_with_results(window)
    bar = scroll.verticalScrollBar()
    bar.setValue(0)
    steps, base = dialog.steps, dialog.base_box
    steps.setValue(100)
    window.activateWindow()
    dialog.output.setFocus()
    QApplication.processEvents()
    assert not steps.hasFocus()
    index = base.currentIndex()
    _wheel(steps)
    _wheel(base)
    assert steps.value() == 100 and base.currentIndex() == index
    assert bar.value() > 0  # the panel scrolled instead
    assert steps.focusPolicy() == Qt.FocusPolicy.StrongFocus and not steps.hasFocus()  # the wheel did not focus it
    # focused (clicked, or Tab), the field takes the wheel as before
    steps.setFocus()
    QApplication.processEvents()
    if steps.hasFocus():  # a window manager that gives no focus leaves this half untested
        _wheel(steps, notches=1)
        assert steps.value() == 101
