"""Issue 10 (ui10k): what a View filter hides, no bulk action touches and the span list does not
list. Shift+A (Edit → Accept all shown in article) accepted the suggestions of a layer switched off
in View, so the analyst accepted what they could not see; the span list listed rows of hidden
layers (A / X refuse on them). Made-up texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article, Status
from annotator.ui.span_list import SpanIdRole
from tests.ui.test_hidden_tab_ui10j import _filter
from tests.ui.test_tab_order_ui10i import LINKS, TAB, _open, _tab_spans
from tests.ui.test_window_screenshots import save_widget
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


# ------------------------------------------------------------------ the span list (item 2)

def _rows(window) -> list[str]:  # noqa: ANN001
    model = window.span_list.model
    return [model.data(model.index(r)) for r in range(model.rowCount())]


def _span_rows(window, ids: dict[str, str]) -> list[str]:  # noqa: ANN001
    model = window.span_list.model
    by_id = {v: k for k, v in ids.items()}
    return [by_id[sid] for r in range(model.rowCount()) if (sid := model.data(model.index(r), SpanIdRole))]


def _head(window, title: str) -> str:  # noqa: ANN001
    return next(r for r in _rows(window) if r.split("  —  ")[0].endswith(title))


def test_span_list_lists_what_the_view_shows_and_its_header_counts_the_hidden(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    everything = _span_rows(window, ids)
    assert set(everything) == {"q1", "she", "said", "holt", "reed", "boston"}  # q2: the quote's one row is q1's
    _filter(window, "Entities", False)
    assert _span_rows(window, ids) == ["q1", "she", "said"]  # as the article view: no entity drawn, none listed
    assert _head(window, "Entities") == "▾ Entities  —  0 · 3 hidden"
    assert "View" in window.span_list.model.data(window.span_list.model.index(0), Qt.ItemDataRole.ToolTipRole)
    save_widget(window, "span_list_entities_off.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot
    # edits made with the filter off keep the list right: Shift+A (the shown three), undo, redo
    _shift_a(qtbot, window)
    assert _span_rows(window, ids) == ["q1", "she", "said"]
    assert _head(window, "Entities") == "▾ Entities  —  0 · 3 hidden" and _head(window, "Quotes") == "▾ Quotes  —  1"
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert _head(window, "Quotes") == "▾ Quotes  —  1, 1 pending" and _head(window, "Entities") == "▾ Entities  —  0 · 3 hidden"
    _filter(window, "Entities", True)
    assert _span_rows(window, ids) == everything
    assert _head(window, "Entities") == "▾ Entities  —  3, 3 pending"


def test_span_list_with_suggestions_hidden_lists_only_decided_spans_and_follows_each_decision(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    window.select_span(ids["holt"])
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_A)  # Ann Holt accepted: a decided span
    QApplication.processEvents()
    _filter(window, "Suggestions", False)
    assert _span_rows(window, ids) == ["holt"]
    assert _head(window, "Entities") == "▾ Entities  —  1 · 2 hidden"
    assert _head(window, "Quotes") == "▾ Quotes  —  0 · 1 hidden"  # the interrupted quote: one row, hidden
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Holt suggested again: hidden
    QApplication.processEvents()
    assert _span_rows(window, ids) == []
    assert _head(window, "Entities") == "▾ Entities  —  0 · 3 hidden"


def test_kept_rows_of_an_article_left_are_not_reused_under_other_filters(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    (a,) = window.project.article_ids()
    b, _ = window.project.add_article(Article(None, "Another made-up text.", title="other"))
    window.open_article(b.id)
    _filter(window, "Entities", False)  # changed while the first article's rows are kept
    window.open_article(a)
    QApplication.processEvents()
    assert _span_rows(window, ids) == ["q1", "she", "said"]
    restores = window.span_list.model.kept_restores
    window.open_article(b.id)
    window.open_article(a)  # the same filters: both articles' kept rows serve
    assert window.span_list.model.kept_restores == restores + 2
    assert _span_rows(window, ids) == ["q1", "she", "said"] and _head(window, "Entities") == "▾ Entities  —  0 · 3 hidden"
