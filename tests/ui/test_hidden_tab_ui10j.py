"""Issue 10 (ui10j, usertest10e findings 3 and 8): Tab never stops on a span the analyst cannot see,
A / X / Delete leave a hidden selected span alone and say so, the status bar names the View filters
that are off (they are kept for every project opened later), and at one place an attribution's own
spans (quote, speaker, cue) come before other spans. Made-up texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.document import ArticleState
from annotator.domain.model import Article, Span, Status
from tests.ui.test_tab_order_ui10i import LINKS, TAB, _open, _tab_spans, _walk
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S = Status.SUGGESTED


def _filter(window, which: str, on: bool) -> None:  # noqa: ANN001
    if which == "Suggestions":
        window.show_suggestions_action.setChecked(on)
    else:
        window.layer_actions[next(t for t in window.layer_actions if which in t)].setChecked(on)
    QApplication.processEvents()


def _restart(window) -> None:  # noqa: ANN001
    window.session.select(None)
    window.review_anchor = None


@pytest.mark.parametrize(("which", "forward", "back", "shown"), [
    ("Entities", ["q1", "she", "said", "q1"], ["said", "she", "q1", "said"], "Hidden: Entities"),
    ("Quotes", ["holt", "reed", "boston", "holt"], ["boston", "reed", "holt", "boston"], "Hidden: Quotes, speakers and cues"),
])
def test_tab_and_shift_tab_skip_every_hidden_layer_and_the_bar_says_which(make_window, qtbot, tmp_path, which, forward, back, shown) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    assert not window.hidden_label.isVisibleTo(window)  # nothing hidden: nothing said
    _filter(window, which, False)
    window.span_list.list.setFocus()
    assert _walk(qtbot, window, ids, len(forward)) == forward
    _restart(window)
    assert _walk(qtbot, window, ids, len(back), back=True) == back
    assert window.hidden_label.text() == shown and window.hidden_label.isVisibleTo(window)
    _filter(window, which, True)
    assert not window.hidden_label.isVisibleTo(window)


def test_suggestions_hidden_tab_selects_nothing_and_says_why(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _filter(window, "Suggestions", False)
    window.span_list.list.setFocus()
    assert _walk(qtbot, window, ids, 2) == [None, None]
    assert "hidden" in window.statusBar().currentMessage() and "Suggestions" in window.statusBar().currentMessage()
    assert window.hidden_label.text() == "Hidden: Suggestions"


@pytest.mark.parametrize("key", [Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_Delete])
def test_a_x_delete_leave_a_selected_span_that_became_hidden_alone_and_say_so(make_window, qtbot, tmp_path, key) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    window.select_span(ids["holt"])
    _filter(window, "Entities", False)
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, key)
    QApplication.processEvents()
    (aid,) = window.project.article_ids()
    holt = next(s for s in window.project.spans(aid) if s.id == ids["holt"])
    assert holt.status == Status.SUGGESTED  # stored: nothing decided, nothing deleted
    message = window.statusBar().currentMessage()
    assert "hidden" in message and "Entities" in message, message
    # shown again: A decides it and review goes on to the next visible suggestion
    _filter(window, "Entities", True)
    window.select_span(ids["holt"])
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_A)
    QApplication.processEvents()
    assert window.session.selected_id == ids["reed"]


def test_accepting_moves_on_past_hidden_spans(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    _filter(window, "Entities", False)
    window.select_span(ids["said"])
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_A)
    QApplication.processEvents()
    assert window.session.selected_id == ids["q1"]  # round to the quote, not on to Ann Holt


TIES = '"We are close," Ann Holt said. "Not done," Tom Reed said.'


def test_tab_puts_the_speaker_before_a_person_over_the_same_words_every_time(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    spans = [("q1", "We are close,", "QUOTE", S, 0), ("spk1", "Ann Holt", "SPEAKER", S, 0), ("per1", "Ann Holt", "PERSON", S, 0),
             ("said1", "said", "CUE", S, 0), ("q2", "Not done,", "QUOTE", S, 0), ("spk2", "Tom Reed", "SPEAKER", S, 0),
             ("per2", "Tom Reed", "PERSON", S, 0), ("said2", "said", "CUE", S, 1)]
    window, ids = _open(make_window, tmp_path, TIES, spans, [],
                        [("q1", "spk1", "SPEAKER"), ("q1", "said1", "CUE"), ("q2", "spk2", "SPEAKER"), ("q2", "said2", "CUE")])
    order = ["q1", "spk1", "per1", "said1", "q2", "spk2", "per2", "said2"]
    assert _walk(qtbot, window, ids, 9) == [*order, "q1"]
    _restart(window)
    assert _walk(qtbot, window, ids, 9, back=True) == [*reversed(order), "said2"]


@pytest.mark.parametrize(("person_id", "speaker_id"), [("a", "z"), ("z", "a")])
def test_same_place_order_does_not_depend_on_the_ids(person_id, speaker_id) -> None:
    text = "Ann Holt said so."
    state = ArticleState(Article(1, text), [Span(person_id, 1, 0, 8, "PERSON", "entity", status=S),
                                            Span(speaker_id, 1, 0, 8, "SPEAKER", "speaker", status=S),
                                            Span("c", 1, 9, 13, "CUE", "cue", status=S)])
    first = state.stop_after(None)
    assert first is not None and first.id == speaker_id
    after = state.stop_after((first.start, first.end, first.id))
    assert after is not None and after.id == person_id
    assert [s.id for s in state.pending()] == [speaker_id, person_id, "c"]
    hidden = state.stop_after(None, skip=lambda s: s.layer == "speaker")
    assert hidden is not None and hidden.id == person_id
