"""Span boundaries at keyboard and mouse speed (issue 9): sentence / paragraph / word keys, resize to
the text selection (R), dragging the selected span's edges; each one undo step, written to the file."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401
from tests.text_support import offsets as at

K = Qt.Key
M = Qt.KeyboardModifier
SHIFT, CTRL, ALT = M.ShiftModifier, M.ControlModifier, M.AltModifier
LEFT = Qt.MouseButton.LeftButton

TEXT = (
    "Talks resume in Geneva\n"
    "\n"
    "Lavrov said on Friday that talks were useful. They will go on next week, he added.\n"
    "\n"
    "\"We remain open,\" Ryabkov said. Mr. Smith disagreed.\r\n"
    "Another line follows\u2028and one more."
)
QUOTE = "talks were useful."


def project_with(path: Path, text: str, quote: tuple[int, int], *more_quotes: tuple[int, int]) -> Project:
    """One article, a suggested QUOTE with a SPEAKER linked to it (and more QUOTEs if given)."""
    project = Project.open(path)
    article, _ = project.add_article(Article(id=None, text=text, title=text.split("\n")[0]))
    sset = SuggestionSet(origin="test")
    q = sset.add_span(SuggestedSpan("q", *quote, "QUOTE", "quote"))
    for n, more in enumerate(more_quotes):
        sset.add_span(SuggestedSpan(f"q{n}", *more, "QUOTE", "quote"))
    if "Lavrov" in text:
        speaker = sset.add_span(SuggestedSpan("s", *at(text, "Lavrov"), "SPEAKER", "speaker"))
        sset.link(q, speaker, "SPEAKER")
    project.add_suggestions(article.id, sset)
    return project


def stored(window, span_id: str) -> tuple | None:  # noqa: ANN001
    """(status, start, end, label) as the project file has it (a separate connection)."""
    con = sqlite3.connect(window.project.path)
    try:
        return con.execute('SELECT status, start, "end", label FROM spans WHERE id = ?', [span_id]).fetchone()
    finally:
        con.close()


def links(window, span_id: str) -> list[tuple]:  # noqa: ANN001
    con = sqlite3.connect(window.project.path)
    try:
        return con.execute("SELECT head, child, label FROM relations WHERE head = ? OR child = ?", [span_id, span_id]).fetchall()
    finally:
        con.close()


def press(window, key, modifiers=M.NoModifier) -> None:  # noqa: ANN001
    QTest.keyClick(window.view.text_widget(), key, modifiers)
    QApplication.processEvents()


@pytest.fixture
def quote_window(make_window, tmp_path):  # noqa: ANN001
    """The window on TEXT with the QUOTE span selected; returns (window, quote id)."""
    window = make_window(project_with(tmp_path / "bounds.db", TEXT, at(TEXT, QUOTE)))
    quote = next(s for s in window.state.spans.values() if s.label == "QUOTE")
    window.select_span(quote.id)
    return window, quote.id


def check_undo_redo(window, span_id: str, before: tuple[int, int], after: tuple[int, int]) -> None:  # noqa: ANN001
    """One Ctrl+Z puts the span back (as the suggestion it was), Ctrl+Shift+Z redoes the move."""
    assert stored(window, span_id)[:3] == ("accepted", *after)
    press(window, K.Key_Z, CTRL)
    assert stored(window, span_id)[1:3] == before
    assert (window.state.spans[span_id].start, window.state.spans[span_id].end) == before
    press(window, K.Key_Z, CTRL | SHIFT)
    assert stored(window, span_id)[:3] == ("accepted", *after)
    assert window.view.highlight_ranges()[span_id] == after


# ----------------------------------------------------------------------------- keys

def test_alt_keys_move_the_end_by_sentence(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    added_end = at(TEXT, "he added.")[1]
    press(window, K.Key_Right, ALT | SHIFT)  # to the end of the next sentence
    check_undo_redo(window, qid, (start, end), (start, added_end))
    press(window, K.Key_Left, ALT | SHIFT)  # back to the end of the previous one
    check_undo_redo(window, qid, (start, added_end), (start, end))
    press(window, K.Key_Left, ALT | SHIFT)  # no sentence end lies inside the quote: nothing changes
    assert stored(window, qid)[1:3] == (start, end)
    assert "cannot move further" in window.statusBar().currentMessage()
    assert window.selected_id == qid


def test_ctrl_alt_keys_move_the_start_by_sentence(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    lavrov = at(TEXT, "Lavrov")[0]
    press(window, K.Key_Left, CTRL | ALT | SHIFT)  # to the start of its sentence
    check_undo_redo(window, qid, (start, end), (lavrov, end))
    press(window, K.Key_Right, CTRL | ALT | SHIFT)  # the next sentence start lies past the end: no move
    assert stored(window, qid)[1:3] == (lavrov, end)


def test_paragraph_keys_extend_a_quote_by_a_paragraph(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    para_end = at(TEXT, "he added.")[1]
    next_para_end = at(TEXT, "Mr. Smith disagreed.")[1]
    press(window, K.Key_Down, ALT | SHIFT)  # to the end of its paragraph
    check_undo_redo(window, qid, (start, end), (start, para_end))
    press(window, K.Key_Down, ALT | SHIFT)  # over the blank line to the end of the next paragraph
    check_undo_redo(window, qid, (start, para_end), (start, next_para_end))
    press(window, K.Key_Down, ALT | SHIFT)  # CRLF ends a paragraph
    press(window, K.Key_Down, ALT | SHIFT)  # so does U+2028
    assert stored(window, qid)[1:3] == (start, len(TEXT))
    press(window, K.Key_Up, ALT | SHIFT)
    assert stored(window, qid)[1:3] == (start, at(TEXT, "Another line follows")[1])
    press(window, K.Key_Up, CTRL | ALT | SHIFT)  # the start to its paragraph's start
    lavrov = at(TEXT, "Lavrov")[0]
    check_undo_redo(window, qid, (start, at(TEXT, "Another line follows")[1]), (lavrov, at(TEXT, "Another line follows")[1]))
    press(window, K.Key_Down, CTRL | ALT | SHIFT)
    assert stored(window, qid)[1:3] == (at(TEXT, "\"We remain")[0], at(TEXT, "Another line follows")[1])


def test_word_actions_step_over_punctuation(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    window.actions_by_id["end_left_word"].trigger()  # leaves the full stop out
    QApplication.processEvents()
    check_undo_redo(window, qid, (start, end), (start, end - 1))
    window.actions_by_id["end_left_word"].trigger()
    QApplication.processEvents()
    assert stored(window, qid)[1:3] == (start, at(TEXT, "were")[1])
    window.actions_by_id["end_right_word"].trigger()  # "useful"
    window.actions_by_id["end_right_word"].trigger()  # ". They": the full stop taken in on the way
    QApplication.processEvents()
    assert stored(window, qid)[1:3] == (start, at(TEXT, "They")[1])
    window.actions_by_id["start_left_word"].trigger()
    QApplication.processEvents()
    assert stored(window, qid)[1:3] == (at(TEXT, "that")[0], at(TEXT, "They")[1])
    window.actions_by_id["start_right_word"].trigger()
    QApplication.processEvents()
    assert stored(window, qid)[1:3] == (start, at(TEXT, "They")[1])


def test_edge_moves_keep_id_label_and_links(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    before = links(window, qid)
    assert before  # the SPEAKER link
    press(window, K.Key_Down, ALT | SHIFT)
    assert stored(window, qid)[3] == "QUOTE" and links(window, qid) == before and window.selected_id == qid


# ----------------------------------------------------------------------------- resize to the text selection

def test_r_sets_the_span_to_the_text_selected_after_it(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    new = (at(TEXT, "talks")[0], at(TEXT, "next week")[1])
    before_links = links(window, qid)
    window.view.set_selection(new[0] + 2, new[1] - 1, exact=False)  # a drag over part of the words: snaps to them
    assert window.selected_id is None  # selecting text deselects the span, as before ...
    press(window, K.Key_R)  # ... and R still resizes it
    assert stored(window, qid) == ("accepted", *new, "QUOTE")
    assert links(window, qid) == before_links and window.selected_id == qid
    assert window.view.selected_range() is None
    check_undo_redo(window, qid, (start, end), new)


def test_r_with_no_span_selected_before_the_text_changes_nothing(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    press(window, K.Key_Escape)  # the span is deselected: the next text selection has no target
    window.view.set_selection(*at(TEXT, "Ryabkov"))
    press(window, K.Key_R)
    assert stored(window, qid)[:3] == ("suggested", *at(TEXT, QUOTE))
    assert "Select a span" in window.statusBar().currentMessage()
    window.select_span(qid)
    press(window, K.Key_R)  # a span but no text selected
    assert stored(window, qid)[:3] == ("suggested", *at(TEXT, QUOTE))
    assert "Drag over the text" in window.statusBar().currentMessage()


def test_r_onto_a_same_label_span_merges_as_a_resize_does(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(project_with(tmp_path / "merge.db", TEXT, at(TEXT, QUOTE), at(TEXT, "Mr. Smith disagreed.")))
    quotes = sorted((s for s in window.state.spans.values() if s.label == "QUOTE"), key=lambda s: s.start)
    window.select_span(quotes[0].id)
    window.view.set_selection(*at(TEXT, "Mr. Smith disagreed."))
    press(window, K.Key_R)
    assert stored(window, quotes[0].id) is None and stored(window, quotes[1].id)[0] == "accepted"
    assert window.selected_id == quotes[1].id
    press(window, K.Key_Z, CTRL)
    assert stored(window, quotes[0].id)[1:3] == at(TEXT, QUOTE)


# ----------------------------------------------------------------------------- dragging an edge

def point_at(window, offset: int) -> QPoint:  # noqa: ANN001
    """The viewport point at the left of the character at ``offset`` (code points; TEXT is BMP-only)."""
    canvas = window.view.text_widget()
    cursor = QTextCursor(canvas.document())
    cursor.setPosition(offset)
    return canvas.cursorRect(cursor).center()


def test_hovering_an_edge_of_the_selected_span_shows_a_resize_cursor(quote_window) -> None:  # noqa: ANN001
    window, _qid = quote_window
    viewport = window.view.text_widget().viewport()
    handles = window.view.handles.handle_rects()
    assert set(handles) == {"start", "end"}
    QTest.mouseMove(viewport, handles["end"].center())
    assert viewport.cursor().shape() == Qt.CursorShape.SizeHorCursor
    QTest.mouseMove(viewport, point_at(window, at(TEXT, "Friday")[0] + 2))
    assert viewport.cursor().shape() == Qt.CursorShape.IBeamCursor
    window.select_span(None)
    assert window.view.handles.handle_rects() == {}


def test_the_selected_span_shows_grips_at_its_edges(quote_window) -> None:  # noqa: ANN001
    window, _qid = quote_window
    viewport = window.view.text_widget().viewport()
    focus = window.view._theme.focus

    def colour_at_handles() -> list[tuple[int, int, int]]:
        QApplication.processEvents()
        image = viewport.grab().toImage()
        ratio = viewport.devicePixelRatioF()
        points = [rect.center() for rect in window.view.handles.handle_rects().values()] or points_before
        return [image.pixelColor(int(pt.x() * ratio), int(pt.y() * ratio)).getRgb()[:3] for pt in points]

    points_before = [rect.center() for rect in window.view.handles.handle_rects().values()]
    assert all(sum(abs(a - b) for a, b in zip(c, focus.getRgb()[:3])) < 40 for c in colour_at_handles())
    window.select_span(None)
    assert all(sum(abs(a - b) for a, b in zip(c, focus.getRgb()[:3])) > 40 for c in colour_at_handles())


def test_dragging_the_end_snaps_to_tokens_with_a_live_preview(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    viewport = window.view.text_widget().viewport()
    QTest.mousePress(viewport, LEFT, M.NoModifier, window.view.handles.handle_rects()["end"].center())
    assert window.view.handles.dragging
    target = at(TEXT, "will")
    QTest.mouseMove(viewport, point_at(window, target[0] + 1))  # inside "will", nearer its start
    assert window.view.handles.drag_bounds() == (start, at(TEXT, "They")[1])  # snapped to the nearest token end
    assert window.view._preview == (start, at(TEXT, "They")[1])  # the outline shows it
    assert stored(window, qid)[1:3] == (start, end)  # nothing written while dragging
    QTest.mouseMove(viewport, point_at(window, target[1] - 1))
    QTest.mouseRelease(viewport, LEFT, M.NoModifier, point_at(window, target[1] - 1))
    assert not window.view.handles.dragging and window.view._preview is None
    assert window.selected_id == qid and window.view.selected_range() is None
    check_undo_redo(window, qid, (start, end), (start, target[1]))


def test_dragging_the_start_with_alt_moves_it_to_exact_characters(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    viewport = window.view.text_widget().viewport()
    QTest.mousePress(viewport, LEFT, M.NoModifier, window.view.handles.handle_rects()["start"].center())
    inside = at(TEXT, "Friday")[0] + 3
    QTest.mouseMove(viewport, point_at(window, inside))
    assert window.view.handles.drag_bounds() == (at(TEXT, "Friday")[0], end)  # snapped while Alt is up
    QTest.mouseRelease(viewport, LEFT, ALT, point_at(window, inside))  # Alt at release: exact
    check_undo_redo(window, qid, (start, end), (inside, end))


def test_a_drag_from_a_grip_past_the_other_edge_selects_text_for_r(quote_window) -> None:  # noqa: ANN001
    """User test: "select the span, drag over the text it should cover, press R" collapsed the
    span to one word when the drag started on a grip. Past the other edge the drag is a text
    selection: the span stays as it was, the text is selected, and R sets the span to it."""
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    lavrov = at(TEXT, "Lavrov")[0]
    viewport = window.view.text_widget().viewport()
    QTest.mousePress(viewport, LEFT, M.NoModifier, window.view.handles.handle_rects()["end"].center())
    QTest.mouseMove(viewport, point_at(window, lavrov))
    assert window.view._preview is None  # no range outlined while past the other edge
    QTest.mouseRelease(viewport, LEFT, M.NoModifier, point_at(window, lavrov))
    assert stored(window, qid)[1:3] == (start, end)
    assert not window.undo_stack.canUndo()
    rng = window.view.selected_range()
    assert rng is not None and rng[0] == lavrov and rng[1] >= end - 1
    press(window, K.Key_R)
    assert stored(window, qid)[1:3] == rng


def test_escape_cancels_a_drag_and_writes_nothing(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    start, end = at(TEXT, QUOTE)
    viewport = window.view.text_widget().viewport()
    QTest.mousePress(viewport, LEFT, M.NoModifier, window.view.handles.handle_rects()["end"].center())
    QTest.mouseMove(viewport, point_at(window, at(TEXT, "week")[0]))
    assert window.view._preview is not None
    press(window, K.Key_Escape)
    assert not window.view.handles.dragging and window.view._preview is None
    assert window.selected_id == qid  # Escape ended the drag only, the span stays selected
    QTest.mouseMove(viewport, point_at(window, at(TEXT, "week")[1]))
    QTest.mouseRelease(viewport, LEFT, M.NoModifier, point_at(window, at(TEXT, "week")[1]))
    assert stored(window, qid)[:3] == ("suggested", start, end)
    assert window.view.selected_range() is None and window.selected_id == qid
    assert not window.undo_stack.canUndo()


def test_a_press_off_the_handles_still_selects_text(quote_window) -> None:  # noqa: ANN001
    window, qid = quote_window
    viewport = window.view.text_widget().viewport()
    a, b = at(TEXT, "Ryabkov")
    QTest.mousePress(viewport, LEFT, M.NoModifier, point_at(window, a))
    assert not window.view.handles.dragging
    QTest.mouseMove(viewport, point_at(window, b))
    QTest.mouseRelease(viewport, LEFT, M.NoModifier, point_at(window, b))
    assert window.view.selected_range() == (a, b)
    assert stored(window, qid)[:3] == ("suggested", *at(TEXT, QUOTE))


# ----------------------------------------------------------------------------- the measure (issue 9)

def _token_presses(state, span, target_end: int) -> int:  # noqa: ANN001
    """How many Shift+Right (one token each) take the end of ``span`` to ``target_end``."""
    presses = 0
    while span.end < target_end:
        span = dataclasses.replace(span, end=state.moved_edge(span, edge="end", step=1)[1])
        presses += 1
    assert span.end == target_end
    return presses


def test_extending_a_seed_article_quote_takes_one_key_per_paragraph_or_sentence(make_window, tmp_path) -> None:  # noqa: ANN001
    path = SHARED_DATA / "seed-article.txt"
    if not path.exists():
        pytest.skip("shared data is absent")
    text = path.read_text(encoding="utf-8")
    quote = at(text, '"[The United States] has recently')[0], at(text, "Russian Federation,\"")[1]
    window = make_window(project_with(tmp_path / "seed.db", text, quote))
    qid = next(s.id for s in window.state.spans.values() if s.label == "QUOTE")
    window.select_span(qid)
    span = window.state.spans[qid]
    paragraph_end = at(text, "such consultations.")[1]  # the rest of its paragraph: one sentence
    next_paragraph_end = at(text, "with\u00a0the US partners.")[1]
    token_keys_sentence = _token_presses(window.state, span, paragraph_end)
    token_keys_paragraph = _token_presses(window.state, span, next_paragraph_end)
    assert token_keys_sentence > 15 and token_keys_paragraph > 50  # one token per key: the complaint

    keys = 0
    while stored(window, qid)[2] < paragraph_end:  # a sentence: Alt+Shift+Right
        press(window, K.Key_Right, ALT | SHIFT)
        keys += 1
    assert stored(window, qid)[2] == paragraph_end and keys == 1
    press(window, K.Key_Z, CTRL)
    keys = 0
    while stored(window, qid)[2] < next_paragraph_end:  # and a paragraph after it: Alt+Shift+Down
        press(window, K.Key_Down, ALT | SHIFT)
        keys += 1
    assert stored(window, qid)[2] == next_paragraph_end and keys <= 2
    assert stored(window, qid)[1] == quote[0] and stored(window, qid)[3] == "QUOTE"
