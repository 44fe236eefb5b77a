"""Every row of the keyboard table, driven by real key presses on the window, with undo/redo."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import ArticleStatus, Span, Status
from tests.ui.test_window_support import ALPHA, make_window, no_modals, offsets  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key press where the analyst's focus is: on the article text."""
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.text_widget(), key, modifiers)
    QApplication.processEvents()


def stored(window, span_id: str) -> Span | None:  # noqa: ANN001
    """What the project file says, read through a separate connection (proves it is committed)."""
    con = sqlite3.connect(window.project.path)
    try:
        row = con.execute('SELECT status, start, "end", label, "by" FROM spans WHERE id = ?', [span_id]).fetchone()
    finally:
        con.close()
    return row


def pending_ids(window) -> list[str]:  # noqa: ANN001
    return [s.id for s in window.state.pending()]


def test_window_opens_on_first_article_not_done_with_title(make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert window.windowTitle() == "project0.db — Annotator"
    assert window.state.article.text == ALPHA
    assert window.state.article.status == ArticleStatus.NEW  # opening shows, it does not start work (ui12j)
    assert window.article_list.model.rowCount() == 3


def test_tab_and_shift_tab_step_through_pending(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first, second = pending_ids(window)[:2]
    press(window, K.Key_Tab)
    assert window.selected_id == first
    press(window, K.Key_Tab)
    assert window.selected_id == second
    press(window, K.Key_Tab, SHIFT)
    assert window.selected_id == first
    assert first in window.view.visible_span_ids()
    press(window, K.Key_Tab)
    press(window, K.Key_Backtab, SHIFT)  # what a real keyboard sends for Shift+Tab
    assert window.selected_id == first


@pytest.mark.parametrize("key", [K.Key_A, K.Key_Return, K.Key_Enter])
def test_accept_advances_and_undoes(make_window, key) -> None:  # noqa: ANN001
    window = make_window()
    first, second = pending_ids(window)[:2]
    press(window, K.Key_Tab)
    press(window, key)
    assert stored(window, first)[0] == "accepted" and stored(window, first)[4] == "ana"
    assert window.selected_id == second  # review flow moves on
    press(window, K.Key_Z, CTRL)
    assert stored(window, first)[0] == "suggested" and window.state.spans[first].status == Status.SUGGESTED
    assert window.selected_id == first
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, first)[0] == "accepted"


def test_reject_advances_and_undoes(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first, second = pending_ids(window)[:2]
    press(window, K.Key_Tab)
    press(window, K.Key_X)
    assert stored(window, first)[0] == "rejected" and window.selected_id == second
    assert first not in window.view.highlight_ranges()  # rejected are hidden by default
    press(window, K.Key_Z, CTRL)
    assert stored(window, first)[0] == "suggested" and first in window.view.highlight_ranges()
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, first)[0] == "rejected" and first not in window.view.highlight_ranges()


def test_delete_accepted_span_and_reject_suggestion(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first, second = pending_ids(window)[:2]
    press(window, K.Key_Tab)
    press(window, K.Key_A)  # accept first; now second is selected
    press(window, K.Key_Delete)  # a suggestion: rejected
    assert stored(window, second)[0] == "rejected"
    window.select_span(first)
    press(window, K.Key_Delete)  # accepted: deleted
    assert stored(window, first) is None and first not in window.state.spans
    press(window, K.Key_Z, CTRL)
    assert stored(window, first)[0] == "accepted" and first in window.view.highlight_ranges()
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, first) is None


def test_shift_a_accepts_all_as_one_step(make_window) -> None:  # noqa: ANN001
    window = make_window()
    ids = pending_ids(window)
    assert len(ids) >= 3
    press(window, K.Key_A, SHIFT)
    assert all(stored(window, i)[0] == "accepted" for i in ids)
    assert window.state.pending_count() == 0
    assert window.article_list.model.summary(window.state.article_id).pending == 0
    press(window, K.Key_Z, CTRL)
    assert all(stored(window, i)[0] == "suggested" for i in ids)
    press(window, K.Key_Z, CTRL | SHIFT)
    assert all(stored(window, i)[0] == "accepted" for i in ids)


def test_number_key_labels_selected_text(make_window) -> None:  # noqa: ANN001
    window = make_window()
    start, end = offsets(ALPHA, "Monday")
    window.view.set_selection(start, end)
    press(window, K.Key_3)  # GPE in the default schema (just to test the key)
    created = [s for s in window.state.spans.values() if (s.start, s.end) == (start, end)]
    assert len(created) == 1 and created[0].label == "GPE" and created[0].status == Status.ACCEPTED
    assert stored(window, created[0].id)[3] == "GPE"
    assert window.selected_id == created[0].id
    press(window, K.Key_Z, CTRL)
    assert stored(window, created[0].id) is None
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, created[0].id)[3] == "GPE"


def test_number_key_relabels_selected_span(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    span_id = window.selected_id
    press(window, K.Key_2)  # ORG
    assert stored(window, span_id)[3] == "ORG" and stored(window, span_id)[0] == "accepted"
    press(window, K.Key_Z, CTRL)
    assert stored(window, span_id)[3] == "PERSON" and stored(window, span_id)[0] == "suggested"
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, span_id)[3] == "ORG" and window.state.spans[span_id].label == "ORG"


def test_shift_arrows_move_span_edges_by_token(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)  # "Sergei Lavrov"
    span_id = window.selected_id
    s, e = offsets(ALPHA, "Sergei Lavrov")
    press(window, K.Key_Left, SHIFT)
    assert stored(window, span_id)[1:3] == (s, s + len("Sergei"))
    press(window, K.Key_Right, SHIFT)
    assert stored(window, span_id)[1:3] == (s, e)
    press(window, K.Key_Right, SHIFT)  # takes in the emoji (one code point, two UTF-16 units)
    assert stored(window, span_id)[1:3] == (s, e + 2)
    assert window.view.highlight_ranges()[span_id] == (s, e + 2)
    minister = offsets(ALPHA, "Minister")[0]
    press(window, K.Key_Left, CTRL | SHIFT)
    assert stored(window, span_id)[1:3] == (minister, e + 2)
    press(window, K.Key_Right, CTRL | SHIFT)
    assert stored(window, span_id)[1:3] == (s, e + 2)
    for _ in range(5):
        press(window, K.Key_Z, CTRL)
    assert stored(window, span_id)[:3] == ("suggested", s, e)  # resizing had accepted it
    assert window.view.highlight_ranges()[span_id] == (s, e)
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, span_id)[:3] == ("accepted", s, s + len("Sergei"))


def test_undo_in_another_article_switches_to_it(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first_article = window.state.article_id
    press(window, K.Key_Tab)
    span_id = window.selected_id
    press(window, K.Key_A)
    press(window, K.Key_PageDown, SHIFT)
    assert window.state.article_id != first_article
    press(window, K.Key_Z, CTRL)
    assert window.state.article_id == first_article
    assert stored(window, span_id)[0] == "suggested" and window.selected_id == span_id
    press(window, K.Key_PageDown, SHIFT)
    press(window, K.Key_Z, CTRL | SHIFT)
    assert window.state.article_id == first_article and stored(window, span_id)[0] == "accepted"


def test_shift_page_keys_move_between_articles(make_window) -> None:  # noqa: ANN001
    window = make_window()
    ids = window.article_list.model.ids()
    press(window, K.Key_PageDown, SHIFT)
    assert window.state.article_id == ids[1]
    press(window, K.Key_PageDown, SHIFT)
    assert window.state.article_id == ids[2]
    press(window, K.Key_PageUp, SHIFT)
    assert window.state.article_id == ids[1]


def test_ctrl_return_marks_done_and_opens_next(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    press(window, K.Key_Return, CTRL)
    assert window.project.article(first).status == ArticleStatus.DONE
    assert window.state.article_id != first
    assert window.article_list.model.summary(first).status == ArticleStatus.DONE
    press(window, K.Key_Z, CTRL)
    assert window.state.article_id == first
    assert window.project.article(first).status == ArticleStatus.NEW  # as it was: opened, never edited
    press(window, K.Key_Z, CTRL | SHIFT)
    assert window.project.article(first).status == ArticleStatus.DONE
    assert window.article_list.model.summary(first).status == ArticleStatus.DONE


def test_ctrl_f_finds_in_article(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_F, CTRL)
    assert window.find_bar.isVisible() and window.find_bar.edit.hasFocus()
    qtbot.keyClicks(window.find_bar.edit, "geneva")
    qtbot.keyClick(window.find_bar.edit, K.Key_Return)
    assert window.view.selected_range() == offsets(ALPHA, "Geneva")
    # typing in the find field does not trigger single-key shortcuts
    assert window.state.pending_count() == len(window.state.pending())
    qtbot.keyClick(window.find_bar.edit, K.Key_Escape)
    assert not window.find_bar.isVisible()
    press(window, K.Key_F3)  # again, from the article
    assert window.view.selected_range() == offsets(ALPHA, "Geneva")  # the only match: wraps to itself


def test_ctrl_s_says_everything_is_saved(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_S, CTRL)
    assert "All changes saved" in window.statusBar().currentMessage()


def test_escape_clears_selection(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    press(window, K.Key_Escape)
    assert window.selected_id is None and window.details.span() is None


def test_tab_after_escape_goes_on_from_where_review_was(make_window) -> None:  # noqa: ANN001
    window = make_window()
    ids = pending_ids(window)
    press(window, K.Key_Tab)
    press(window, K.Key_Tab)
    press(window, K.Key_Escape)
    press(window, K.Key_Tab)
    assert window.selected_id == ids[2]  # not back to the first suggestion of the article
    press(window, K.Key_Escape)
    press(window, K.Key_Tab, SHIFT)
    assert window.selected_id == ids[1]


def test_review_advances_in_reading_order_over_nested_spans(make_window, tmp_path) -> None:  # noqa: ANN001
    """Spans sharing a start: the longer one comes first, then the shorter, then later ones."""
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
    from tests.ui.test_window_support import make_project

    project = make_project(tmp_path / "nested.db")
    article_id = project.article_ids()[0]
    s, e = offsets(ALPHA, "Sergei Lavrov")
    sset = SuggestionSet(origin="nested")
    sset.add_span(SuggestedSpan("long", s, e, "SPEAKER", "speaker"))
    sset.add_span(SuggestedSpan("short", s, s + len("Sergei"), "MISC", "entity"))
    project.add_suggestions(article_id, sset)
    window = make_window(project)
    order = [sp.id for sp in window.state.pending()]
    window.select_span(order[0])
    seen = [order[0]]
    for _ in range(len(order) - 1):
        press(window, K.Key_A)
        seen.append(window.selected_id)
    assert seen == order


def test_mark_reviewed_and_reopen_are_undoable_and_saved(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    press(window, K.Key_Return, CTRL | SHIFT)
    assert window.project.article(first).status == ArticleStatus.REVIEWED
    assert window.state.article_id == first  # a reviewer stays on the article
    assert window.article_list.model.summary(first).status == ArticleStatus.REVIEWED
    press(window, K.Key_Backspace, CTRL | SHIFT)
    assert window.project.article(first).status == ArticleStatus.IN_PROGRESS
    press(window, K.Key_Z, CTRL)
    assert window.project.article(first).status == ArticleStatus.REVIEWED
    press(window, K.Key_Z, CTRL)
    assert window.project.article(first).status == ArticleStatus.NEW  # as it was before the mark


def test_alt_right_and_left_step_through_accepted_spans_too(make_window) -> None:  # noqa: ANN001
    """usertest15 M2: with every suggestion decided Tab has no stop, and an accepted span could be
    reached only with the mouse. Alt+Right / Alt+Left step through every span shown."""
    window = make_window()
    press(window, K.Key_A, SHIFT)  # accept all: nothing pending
    assert pending_ids(window) == []
    spans = sorted(window.state.spans.values(), key=lambda s: (s.start, -s.end))
    press(window, K.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.selected_id == spans[0].id
    press(window, K.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.selected_id == spans[1].id
    press(window, K.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.selected_id == spans[0].id
    press(window, K.Key_Left, Qt.KeyboardModifier.AltModifier)  # wraps round to the last
    assert window.selected_id == spans[-1].id
    press(window, K.Key_Delete)  # the keys act on the span reached: an accepted span is deleted
    assert stored(window, spans[-1].id) is None
