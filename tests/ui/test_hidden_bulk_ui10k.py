"""Issue 10 (ui10k): what a View filter hides, no bulk action touches and the span list does not
list. Shift+A (Edit → Accept all shown in article) accepted the suggestions of a layer switched off
in View, so the analyst accepted what they could not see; the span list listed rows of hidden
layers (A / X refuse on them). Made-up texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Status
from tests.ui.test_hidden_tab_ui10j import _filter
from tests.ui.test_tab_order_ui10i import LINKS, TAB, _open, _tab_spans
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S, A = Status.SUGGESTED, Status.ACCEPTED
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _stored(window, ids: dict[str, str]) -> dict[str, Status]:  # noqa: ANN001
    (aid,) = window.project.article_ids()
    by_id = {v: k for k, v in ids.items()}
    return {by_id[s.id]: s.status for s in window.project.spans(aid)}


def _shift_a(qtbot, window) -> None:  # noqa: ANN001
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_A, SHIFT)
    QApplication.processEvents()


@pytest.mark.parametrize(("which", "accepted", "left", "said"), [
    ("Entities", {"q1", "q2", "she", "said"}, {"holt", "reed", "boston"},
     "Accepted 3 suggestions; 3 hidden (Entities) left pending — View → Entities off"),
    ("Quotes", {"holt", "reed", "boston"}, {"q1", "q2", "she", "said"},
     "Accepted 3 suggestions; 3 hidden (Quotes 1, Speakers 1, Cues 1) left pending — View → Quotes, speakers and cues off"),
])
def test_shift_a_accepts_only_what_the_view_shows_and_says_what_it_left(make_window, qtbot, tmp_path, which, accepted, left, said) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _filter(window, which, False)
    _shift_a(qtbot, window)
    stored = _stored(window, ids)
    assert {k for k, v in stored.items() if v == A} == accepted
    assert {k for k, v in stored.items() if v == S} == left  # the hidden ones: still pending in the file
    assert window.statusBar().currentMessage() == said
    # one undo step takes the whole of it back
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert set(_stored(window, ids).values()) == {S}


def test_the_edit_menu_item_acts_as_the_key(make_window, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _filter(window, "Entities", False)
    action = window.actions_by_id["accept_all"]
    assert action.text().replace("&", "") == "Accept all shown in article"
    action.trigger()
    QApplication.processEvents()
    assert {k for k, v in _stored(window, ids).items() if v == S} == {"holt", "reed", "boston"}


def test_with_suggestions_hidden_shift_a_accepts_nothing_and_says_why(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _filter(window, "Suggestions", False)
    _shift_a(qtbot, window)
    assert set(_stored(window, ids).values()) == {S}
    assert window.undo_stack.count() == 0  # nothing written
    assert window.statusBar().currentMessage() == (
        "No suggestions shown to accept; 6 hidden (Entities 3, Quotes 1, Speakers 1, Cues 1) left pending — View → Suggestions off")


def test_nothing_hidden_accepts_all_as_before(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _shift_a(qtbot, window)
    assert set(_stored(window, ids).values()) == {A}
    assert window.statusBar().currentMessage() == "Accepted 6 suggestions"
    assert window.undo_stack.count() == 1
