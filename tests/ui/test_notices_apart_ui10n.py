"""Issue 10 (ui10n, usertest10g finding 7, shot p2.png): File → Pre-annotate's summary is its own
notice, with its own close, never text added to the "Your decisions are recorded as …"
[Change name…] notice; the two stack over the article's foot and neither covers its text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolButton

from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _first_decision(qtbot, window) -> None:  # noqa: ANN001
    window.span_list.list.setFocus()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_A):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
        QApplication.processEvents()


def _preannotate(qtbot, window) -> None:  # noqa: ANN001
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()


def _close_button(bar) -> QToolButton:  # noqa: ANN001
    return next(b for b in bar.findChildren(QToolButton) if b.text() == "✕")


def _apart_and_over_no_text(window) -> None:  # noqa: ANN001
    """Both notices shown, one on top of the other, inside the article, and the text ends above both."""
    name, summary = window.info_bar, window.summary_bar
    assert name.isVisible() and summary.isVisible()
    assert not name.geometry().intersects(summary.geometry()), (name.geometry(), summary.geometry())
    assert summary.geometry().bottom() < name.geometry().top()
    for bar in (name, summary):
        assert window.view.geometry().contains(bar.geometry()), (bar.geometry(), window.view.geometry())
    canvas = window.view.text_widget()
    text_area = canvas.viewport().geometry()
    text_area.moveTopLeft(canvas.viewport().mapTo(name.parentWidget(), QPoint(0, 0)))
    assert text_area.bottom() < summary.geometry().top(), (text_area, summary.geometry())


@pytest.mark.parametrize("order", ["decision first", "pre-annotate first"])
def test_the_preannotation_summary_is_its_own_notice_beside_the_name_notice(make_window, qtbot, tmp_path, order) -> None:  # noqa: ANN001
    from tests.ui.test_window_screenshots import save_widget

    window = make_window(make_project(tmp_path / "p.db"), analyst="")
    window.resize(1024, 700)
    QApplication.processEvents()
    steps = [_first_decision, _preannotate] if order == "decision first" else [_preannotate, _first_decision]
    for step in steps:
        step(qtbot, window)
    name, summary = window.info_bar, window.summary_bar
    # the name notice says only whose the decisions are, and keeps its button
    assert name.text.text().startswith("Your decisions are recorded as “") and "Pre-annotated" not in name.text.text()
    assert name.text.text().endswith("as you make it."), name.text.text()
    assert name.action.isVisible() and name.action.text() == "Change name…"
    # the summary is whole, alone, with no button but its own close
    assert summary.text.text() == window.preannotator.last_summary
    assert summary.text.text().startswith("Pre-annotated 3 articles in ")
    assert not summary.action.isVisible()
    _apart_and_over_no_text(window)
    save_widget(window, f"notices_apart_{order.split()[0]}.png", min_bytes=5000, out=tmp_path)  # to look at
    # closing the summary leaves the name notice (and its button), which drops to the foot
    name_place = name.geometry()
    _close_button(summary).click()
    QApplication.processEvents()
    assert not summary.isVisible() and name.isVisible() and name.action.isVisible()
    assert name.geometry() == name_place
    canvas = window.view.text_widget()
    text_area = canvas.viewport().geometry()
    text_area.moveTopLeft(canvas.viewport().mapTo(name.parentWidget(), QPoint(0, 0)))
    assert text_area.bottom() < name.geometry().top()
    # and the other way round: with the name notice closed the summary sits at the foot
    _preannotate(qtbot, window)
    _close_button(name).click()
    QApplication.processEvents()
    assert summary.isVisible() and not name.isVisible()
    assert summary.geometry().bottom() == name_place.bottom()
    text_area = canvas.viewport().geometry()
    text_area.moveTopLeft(canvas.viewport().mapTo(name.parentWidget(), QPoint(0, 0)))
    assert text_area.bottom() < summary.geometry().top()
    _close_button(summary).click()
    QApplication.processEvents()
    assert canvas.viewport().height() > text_area.height()  # no notice: all the room is the text's


def test_a_notice_shown_after_the_summary_does_not_replace_it(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    _preannotate(qtbot, window)
    window.session.show_notice("The project file is busy: 1 edit waiting", topic="busy")
    QApplication.processEvents()
    assert window.summary_bar.text.text() == window.preannotator.last_summary and window.summary_bar.isVisible()
    assert window.info_bar.text.text() == "The project file is busy: 1 edit waiting"
    window.info_bar.clear("busy")
    QApplication.processEvents()
    assert window.summary_bar.isVisible() and not window.info_bar.isVisible()
