"""Issue 10 (ui10m, usertest10g findings 6 and 7). Made-up texts.

6: Shift+A said "Accepted 3 suggestions" (an interrupted quote once) but undo said "Undid: Accept
all 4 suggestions" (its two pieces counted apart): both count attributions now.
7: the details panel of a span a View filter hides offered enabled Accept / Reject buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_hidden_bulk_ui10k import _shift_a
from tests.ui.test_hidden_tab_ui10j import _filter
from tests.ui.test_tab_order_ui10i import LINKS, TAB, _open, _tab_spans
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _key(qtbot, window, key, mods=Qt.KeyboardModifier.NoModifier) -> str:  # noqa: ANN001
    qtbot.keyClick(window.span_list.list, key, mods)
    QApplication.processEvents()
    return window.statusBar().currentMessage()


@pytest.mark.parametrize(("which", "n"), [("Entities", 3), (None, 6)])
def test_undo_and_redo_of_shift_a_count_as_its_status_line(make_window, qtbot, tmp_path, which, n) -> None:  # noqa: ANN001
    window, _ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    if which:
        _filter(window, which, False)
    _shift_a(qtbot, window)
    assert window.statusBar().currentMessage().startswith(f"Accepted {n} suggestions")
    assert window.undo_stack.undoText() == f"Accept all {n} suggestions"
    assert _key(qtbot, window, Qt.Key.Key_Z, CTRL).startswith(f"Undid: Accept all {n} suggestions")
    assert _key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT).startswith(f"Redid: Accept all {n} suggestions")


@pytest.mark.parametrize("which", ["Suggestions", "Entities"])
def test_details_buttons_of_a_hidden_span_are_off_and_say_why(make_window, qtbot, tmp_path, which) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    window.select_span(ids["holt"])  # a suggested PERSON
    QApplication.processEvents()
    d = window.details
    assert d.accept_btn.isEnabled() and d.reject_btn.isEnabled() and d.accept_btn.toolTip() == ""
    _filter(window, which, False)
    assert window.selected_id == ids["holt"]
    assert not d.accept_btn.isEnabled() and not d.reject_btn.isEnabled() and not d.delete_btn.isEnabled()
    assert d.accept_btn.toolTip() == d.reject_btn.toolTip() == f"This PERSON is hidden (View → {which} off): switch it on in the View menu to decide it"
    said = _key(qtbot, window, Qt.Key.Key_A)  # the key still says why it does nothing
    assert said.startswith("The selected PERSON is hidden") and window.undo_stack.count() == 0
    _filter(window, which, True)
    assert d.accept_btn.isEnabled() and d.reject_btn.isEnabled() and d.accept_btn.toolTip() == ""
    _key(qtbot, window, Qt.Key.Key_A)
    assert window.undo_stack.count() == 1


def test_an_accepted_span_keeps_its_buttons_when_suggestions_are_hidden(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """Suggestions off hides suggestions only: an accepted span is drawn, its Reject / Delete stay on."""
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    window.select_span(ids["holt"])
    _key(qtbot, window, Qt.Key.Key_A)
    window.select_span(ids["holt"])
    _filter(window, "Suggestions", False)
    QApplication.processEvents()
    d = window.details
    assert d.reject_btn.isEnabled() and d.delete_btn.isEnabled() and not d.accept_btn.isEnabled()
    assert d.reject_btn.toolTip() == ""


# ------------------------------------------------------------------ the name notice covers no text (finding 7)

def _long_project(path):  # noqa: ANN001, ANN202
    from annotator.domain.model import Article
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
    from annotator.storage.project import Project

    project = Project.open(path)
    text = "\n\n".join(f"Paragraph {i}: the council met on Monday and Ann Holt said the plan was sound." for i in range(60))
    article, _ = project.add_article(Article(id=None, text=text, title="Made up"))
    sugg = SuggestionSet(origin="test")
    sugg.add_span(SuggestedSpan("p", text.index("Ann Holt"), text.index("Ann Holt") + 8, "PERSON", "entity"))
    project.add_suggestions(article.id, sugg)
    return project


def test_the_name_notice_after_the_first_decision_covers_no_text(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from tests.ui.test_window_screenshots import save_widget

    window = make_window(_long_project(tmp_path / "long.db"), analyst="")
    window.resize(1024, 700)
    QApplication.processEvents()
    canvas = window.view.text_widget()
    full = canvas.viewport().height()
    top_before = canvas.cursorForPosition(canvas.viewport().rect().topLeft()).position()
    assert not window.info_bar.isVisible()
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_Tab)
    _key(qtbot, window, Qt.Key.Key_A)  # the first decision: the notice naming the analyst
    bar = window.info_bar
    assert bar.isVisible() and bar.text.text().startswith("Your decisions are recorded as")
    # the text area ends above the notice: no line of text under it
    text_area = canvas.viewport().geometry()
    text_area.moveTopLeft(canvas.viewport().mapTo(bar.parentWidget(), QPoint(0, 0)))
    assert text_area.bottom() < bar.geometry().top(), (text_area, bar.geometry())
    assert canvas.viewport().height() < full
    assert canvas.cursorForPosition(canvas.viewport().rect().topLeft()).position() == top_before  # the text did not move
    save_widget(window, "name_notice_ui10m.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot
    bar.findChildren(type(bar.action))[-1].click()  # ✕: dismissed, the room is the text's again
    QApplication.processEvents()
    assert canvas.viewport().height() == full
