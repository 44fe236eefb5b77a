"""fixut16c (usertest finding H2): J / Shift+J join quotes into one interrupted quote, B splits a
piece off, in the window, by keyboard; one undo step each; stored before the span list shows it.

Fails on main: no J / Shift+J / B actions (the span keys do nothing), no piece_keys controller."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.attributions import piece_groups
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project
from annotator.ui.span_list import SpanIdRole
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
# made up for these tests, after the usertest's sentence
TEXT = ("'This guy lost four years ago,' he said, 'in like a landslide.' Ann Moss said: 'It was close.'")
P1, P2, P3 = "This guy lost four years ago,", "in like a landslide.", "It was close."


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _open(make_window, tmp_path):  # noqa: ANN001, ANN202
    """q1 accepted; q2 pending with the speaker «he» and the cue «said»; q3 with Ann Moss."""
    spans = [Span("q1", 0, *_at(P1), "QUOTE", "quote", status=A), Span("q2", 0, *_at(P2), "QUOTE", "quote", status=S),
             Span("he", 0, *_at("he"), "SPEAKER", "speaker", status=S), Span("said", 0, *_at("said"), "CUE", "cue", status=S),
             Span("q3", 0, *_at(P3), "QUOTE", "quote", status=S), Span("moss", 0, *_at("Ann Moss"), "SPEAKER", "speaker", status=S)]
    rels = [Relation("r1", 0, "q2", "he", "SPEAKER", status=S), Relation("r2", 0, "q2", "said", "CUE", status=S),
            Relation("r3", 0, "q3", "moss", "SPEAKER", status=S)]
    project = Project.open(tmp_path / "j.db")
    project.import_bundles([ArticleBundle(Article(None, TEXT, title="made up"), spans=spans, relations=rels)])
    window = make_window(project)
    window.outside_writes.stop()
    (aid,) = project.article_ids()
    window.open_article(aid)
    ids = {(s.label, s.start): s.id for s in project.spans(aid)}
    q = [ids[("QUOTE", _at(p)[0])] for p in (P1, P2, P3)]
    return project, window, aid, q


def _quote_rows(window) -> list[str]:  # noqa: ANN001
    model = window.span_list.model
    rows = [model.index(r) for r in range(model.rowCount())]
    return [i.data() for i in rows if i.data(SpanIdRole) and i.data().startswith("QUOTE")]


def _row(*pieces: str) -> str:
    return "QUOTE  " + " … ".join(pieces)


def _stored_groups(project: Project, aid: int) -> set[tuple[str, ...]]:
    spans = {s.id: s for s in project.spans(aid)}
    return {tuple(spans[i].text_in(TEXT) for i in g) for g in piece_groups(spans, project.relations(aid)).values()}


def _key(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(window.span_list.list, key, modifiers)
    QApplication.processEvents()


def _select_row(window, span_id: str) -> None:  # noqa: ANN001
    window.select_span(span_id)
    window.span_list.list.setFocus()
    QApplication.processEvents()


def test_j_joins_the_selected_quote_to_the_next_one_row_stored_first_undo_redo(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    assert _quote_rows(window) == [_row(P1), _row(P2), _row(P3)]
    seen: list[set[tuple[str, ...]]] = []  # what the file held whenever the span list changed
    model = window.span_list.model
    for signal in (model.rowsRemoved, model.rowsInserted, model.dataChanged, model.modelReset, model.layoutChanged):
        signal.connect(lambda *_: seen.append(_stored_groups(project, aid)))
    _select_row(window, q[0])
    steps = window.undo_stack.count()

    _key(qtbot, window, Qt.Key.Key_J)
    assert _quote_rows(window) == [_row(P1, P2), _row(P3)]  # one row at once
    assert seen and seen[0] == {(P1, P2)}  # the file had the join before the list showed it
    assert _stored_groups(project, aid) == {(P1, P2)}
    assert window.undo_stack.count() == steps + 1
    assert window.statusBar().currentMessage() == "Join QUOTE pieces (2 pieces): takes the other's speaker «he» and cue «said»"
    assert window.session.selected_id == q[0]
    # accepted + pending joined: the quote is pending until accepted as a whole
    assert window.span_list.model.data(model.index_of(q[0]), Qt.ItemDataRole.ToolTipRole).startswith("QUOTE · suggested")
    stored = {r.head for r in project.relations(aid) if r.label in ("SPEAKER", "CUE")}
    assert q[0] in stored and q[1] not in stored  # the speaker and cue moved to the first piece

    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _quote_rows(window) == [_row(P1), _row(P2), _row(P3)]
    assert _stored_groups(project, aid) == set()
    assert {r.head for r in project.relations(aid) if r.label == "CUE"} == {q[1]}
    _key(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _quote_rows(window) == [_row(P1, P2), _row(P3)]
    assert _stored_groups(project, aid) == {(P1, P2)}

    _select_row(window, q[0])
    _key(qtbot, window, Qt.Key.Key_A)  # A accepts the whole joined quote
    assert {s.id: s.status for s in project.spans(aid) if s.id in q[:2]} == {q[0]: A, q[1]: A}


def test_shift_j_joins_a_third_then_b_splits_the_middle_piece_off(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    _select_row(window, q[0])
    _key(qtbot, window, Qt.Key.Key_J)
    _select_row(window, q[2])
    _key(qtbot, window, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # onto the previous quote: three pieces
    assert _quote_rows(window) == [_row(P1, P2, P3)]
    assert _stored_groups(project, aid) == {(P1, P2, P3)}
    assert "removes the other's speaker «Ann Moss» (rejected)" in window.statusBar().currentMessage()

    # the middle piece, selected in the text: B splits it off; the outer two stay one quote
    window.select_span(q[1])
    window.view.setFocus()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_B)
    QApplication.processEvents()
    assert _quote_rows(window) == [_row(P1, P3), _row(P2)]
    assert _stored_groups(project, aid) == {(P1, P3)}
    assert window.statusBar().currentMessage() == "Split QUOTE piece «in like a landslide.» off (3 pieces → 2 + 1)"
    assert window.session.selected_id == q[1]
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _quote_rows(window) == [_row(P1, P2, P3)] and _stored_groups(project, aid) == {(P1, P2, P3)}
    _key(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _quote_rows(window) == [_row(P1, P3), _row(P2)] and _stored_groups(project, aid) == {(P1, P3)}
    # undo both joins and the split: three quotes as imported
    for _ in range(3):
        _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _quote_rows(window) == [_row(P1), _row(P2), _row(P3)] and _stored_groups(project, aid) == set()


def test_refusals_say_why_and_write_nothing(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    steps = window.undo_stack.count()
    _select_row(window, q[2])
    _key(qtbot, window, Qt.Key.Key_J)
    assert window.statusBar().currentMessage() == "Not joined: no QUOTE after this one to join it to"
    _key(qtbot, window, Qt.Key.Key_B)
    assert window.statusBar().currentMessage().startswith("Not split: this QUOTE is one piece")
    he = next(s.id for s in project.spans(aid) if s.label == "SPEAKER" and s.start == _at("he")[0])
    assert window.piece_keys.join_with(q[0], he) is False
    assert window.statusBar().currentMessage() == "Not joined: a QUOTE and a SPEAKER are not one attribution (the labels differ)"
    _select_row(window, q[0])
    _key(qtbot, window, Qt.Key.Key_J)
    _select_row(window, q[1])
    _key(qtbot, window, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # q1 … q2 has no quote before it
    assert window.statusBar().currentMessage() == "Not joined: no QUOTE before this one to join it to"
    assert window.piece_keys.join_with(q[1], q[0]) is False
    assert window.statusBar().currentMessage() == f"Not joined: «{P1}» is already a piece of this QUOTE"
    assert window.undo_stack.count() == steps + 1  # the one join, nothing else


def test_the_context_menu_joins_with_a_chosen_quote_and_splits_a_chosen_piece(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    menu = window.build_context_menu(q[0], -1, -1)
    texts = [a.text() for a in menu.actions()]
    assert "Join with next quote\tJ" in texts and "Join with previous quote\tShift+J" in texts
    join_menu = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Join with quote")
    chosen = next(a for a in join_menu.actions() if P3 in a.text())  # not the next one: a chosen one
    chosen.trigger()
    QApplication.processEvents()
    assert _quote_rows(window) == [_row(P1, P3), _row(P2)]
    menu = window.build_context_menu(q[2], -1, -1)
    split_menu = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Split off piece")
    assert split_menu.isEnabled() and [a.text() for a in split_menu.actions()] == [f"QUOTE: {P1}", f"QUOTE: {P3} (suggested)\tB"]
    split_menu.actions()[0].trigger()  # the first piece: its speaker and cue (none here) would stay with the rest
    QApplication.processEvents()
    assert _quote_rows(window) == [_row(P1), _row(P2), _row(P3)]
    assert _stored_groups(project, aid) == set()
    assert window.actions_by_id["join_next"].shortcut().toString() == "J"
    assert window.actions_by_id["split_piece"].shortcut().toString() == "B"
