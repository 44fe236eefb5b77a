"""Issue 10 (ui10g): an interrupted quote is one row in the window's span list.

"'We will win,' she said, 'and soon.'" is two QUOTE spans tied by FRAGMENT. Counting, deciding a
piece and search already took them as one attribution; the span list still showed two rows. Now:
one row, the pieces' text joined with " … ", the attribution's status; selecting it selects the
first piece and marks every piece in the text; accept, reject, relabel, delete and Tab act on the
whole attribution, one undo step; rows follow edits, undo/redo and outside writes that add or
take away a piece. The kinds: three pieces, pieces tied out of order (or in a chain), a piece
rejected on its own earlier, a FRAGMENT tie to a span of another label (ties nothing)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import commands
from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.document import ArticleState
from annotator.domain.edits import Change, Edit
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.domain.schema import default_schema
from annotator.storage.project import Project
from annotator.ui.span_list import LayerRole, SpanIdRole, SpanListModel
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
# made up for these tests
TEXT = ("'We will win the vote,' Mara Olsen said on Tuesday, 'and we will win it by spring,' "
        "she added, 'whatever the polls say.' The council meets again in May.")
P1, P2, P3 = "We will win the vote,", "and we will win it by spring,", "whatever the polls say."


def _row(label: str, *pieces: str) -> str:
    """A row's text as the list shows it: the label, the pieces joined, cut at 70 characters."""
    text = " … ".join(pieces)
    return f"{label}  {text[:67] + '…' if len(text) > 70 else text}"


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _span(sid: str, sub: str, label: str = "QUOTE", status: Status = S, article_id: int = 1) -> Span:
    layer = {"QUOTE": "quote", "SPEAKER": "speaker", "CUE": "cue", "CLAIM": "claim"}[label]
    return Span(sid, article_id, *_at(sub), label, layer, status=status)


def _rel(rid: str, head: str, child: str, label: str = FRAGMENT, status: Status = S, article_id: int = 1) -> Relation:
    return Relation(rid, article_id, head, child, label, status=status)


def _records(statuses: tuple[Status, Status, Status] = (S, S, S), article_id: int = 1) -> tuple[list[Span], list[Relation]]:
    """Three pieces tied out of order and in a chain (q3 -> q1, q3 -> q2: the last piece is the
    head), a speaker and a cue; a stray FRAGMENT from the speaker to the cue (another label: no tie)."""
    spans = [_span("q1", P1, status=statuses[0], article_id=article_id), _span("q2", P2, status=statuses[1], article_id=article_id),
             _span("q3", P3, status=statuses[2], article_id=article_id), _span("sp", "Mara Olsen", "SPEAKER", article_id=article_id),
             _span("cu", "said", "CUE", article_id=article_id)]
    rels = [_rel("f31", "q3", "q1", article_id=article_id), _rel("f32", "q3", "q2", article_id=article_id),
            _rel("rs", "q1", "sp", "SPEAKER", article_id=article_id), _rel("rc", "q1", "cu", "CUE", article_id=article_id),
            _rel("fx", "sp", "cu", article_id=article_id)]
    return spans, rels


def _state(statuses: tuple[Status, Status, Status] = (S, S, S)) -> ArticleState:
    spans, rels = _records(statuses)
    return ArticleState(Article(id=1, text=TEXT, title="made up"), spans, rels)


def _rows(model: SpanListModel) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


def _span_rows(model: SpanListModel) -> list[tuple[str, str]]:
    return [(model.index(r).data(SpanIdRole), model.index(r).data()) for r in range(model.rowCount()) if model.index(r).data(SpanIdRole)]


def _model(state: ArticleState, qtmodeltester=None, *, show_rejected: bool = False) -> SpanListModel:  # noqa: ANN001
    model = SpanListModel()
    model.show_rejected = show_rejected
    model.set_state(state, default_schema())
    if qtmodeltester is not None:
        qtmodeltester.check(model)
    return model


# ---------------------------------------------------------------- the rule


def test_pieces_are_spans_of_one_label_tied_by_fragment_in_text_order_whatever_the_direction() -> None:
    spans, rels = _records()
    by_id = {s.id: s for s in spans}
    groups = piece_groups(by_id, rels)
    assert groups == {"q1": ("q1", "q2", "q3"), "q2": ("q1", "q2", "q3"), "q3": ("q1", "q2", "q3")}  # sp/cu: other labels
    chain = [_rel("a", "q1", "q2"), _rel("b", "q2", "q3")]
    assert piece_groups(by_id, chain)["q3"] == ("q1", "q2", "q3")
    assert piece_groups(by_id, [_rel("a", "q1", "sp")]) == {}  # a QUOTE tied to a SPEAKER: no piece
    state = ArticleState(Article(id=1, text=TEXT), spans, rels)
    assert [p.id for p in commands.fragment_pieces(state, by_id["sp"])] == ["sp"]
    assert [p.id for p in commands.fragment_pieces(commands.records(spans, rels), by_id["q2"])] == ["q1", "q2", "q3"]
    assert attribution_status([by_id["q1"]]) == S
    assert attribution_status([dataclasses.replace(by_id["q1"], status=R), by_id["q2"]]) == S  # something to decide
    assert attribution_status([dataclasses.replace(by_id["q1"], status=R), dataclasses.replace(by_id["q2"], status=A)]) == A
    assert attribution_status([dataclasses.replace(by_id["q1"], status=R)] * 2) == R


# ---------------------------------------------------------------- the list model


def test_three_pieces_tied_out_of_order_are_one_row_with_the_joined_text(qtmodeltester) -> None:  # noqa: ANN001
    model = _model(_state(), qtmodeltester)
    quotes = [(sid, text) for sid, text in _span_rows(model) if text.startswith("QUOTE")]
    assert quotes == [("q1", _row("QUOTE", P1, P2, P3))], quotes
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.ToolTipRole) == "QUOTE · suggested · analyst · 3 pieces"
    headers = [t for t in _rows(model) if t.startswith("▾")]
    assert any("Quotes  —  1, 1 pending" in h for h in headers), headers
    # the stray FRAGMENT from the speaker to the cue ties nothing: each keeps its row
    assert ("sp", "SPEAKER  Mara Olsen") in _span_rows(model) and ("cu", "CUE  said") in _span_rows(model)
    # a later piece stands for its row
    assert model.index_of("q3") == model.index_of("q1") == model.index_of("q2")
    model.set_current("q3")
    assert model.current == "q1"
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.BackgroundRole) is not None  # highlighted


def test_a_piece_rejected_on_its_own_earlier_leaves_the_row_with_the_attributions_status(qtmodeltester) -> None:  # noqa: ANN001
    model = _model(_state((A, R, A)), qtmodeltester)
    (row,) = [text for _sid, text in _span_rows(model) if text.startswith("QUOTE")]
    assert row == _row("QUOTE", P1, P3)  # the rejected piece is out of the text
    tip = model.data(model.index_of("q1"), Qt.ItemDataRole.ToolTipRole)
    assert tip == "QUOTE · accepted · analyst · 3 pieces, 1 rejected on its own"
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.FontRole) is None  # accepted: plain, not italic
    # pending only while a piece is: (R, S, S) is a pending row; all rejected is no row unless shown
    model = _model(_state((R, S, S)), qtmodeltester)
    assert any("Quotes  —  1, 1 pending" in t for t in _rows(model))
    model = _model(_state((R, R, R)), qtmodeltester)
    assert [t for _s, t in _span_rows(model) if t.startswith("QUOTE")] == []
    assert any("Quotes  —  0" in t for t in _rows(model))
    model = _model(_state((R, R, R)), qtmodeltester, show_rejected=True)
    assert [t for _s, t in _span_rows(model) if t.startswith("QUOTE")] == [_row("QUOTE", P1, P2, P3)]
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.FontRole).strikeOut()


def _apply(state: ArticleState, model: SpanListModel, edit: Edit) -> None:
    change = state.apply(edit)
    model.update(change.changed, change.removed)


def test_rows_follow_edits_that_tie_untie_add_and_remove_pieces_and_their_undo(qtmodeltester) -> None:  # noqa: ANN001
    state = _state()
    model = _model(state, qtmodeltester)
    joined = _row("QUOTE", P1, P2, P3)
    quote_rows = lambda: [t for _s, t in _span_rows(model) if t.startswith("QUOTE")]  # noqa: E731

    # untie the first piece (delete q3 -> q1): two rows, q1 alone and q2 … q3
    untie = Edit("untie", (Change(state.relations["f31"], None),))
    _apply(state, model, untie)
    qtmodeltester.check(model)
    assert quote_rows() == [_row("QUOTE", P1), _row("QUOTE", P2, P3)]
    assert any("Quotes  —  2, 2 pending" in t for t in _rows(model))
    _apply(state, model, untie.inverse())  # undo
    assert quote_rows() == [joined]
    assert model.index_of("q2") == model.index_of("q1")

    # remove the first piece (its relations with it): q2 … q3 is the row, standing on q2
    first = state.spans["q1"]
    remove = Edit("remove", tuple(Change(state.relations[r], None) for r in ("f31", "rs", "rc")) + (Change(first, None),))
    _apply(state, model, remove)
    qtmodeltester.check(model)
    assert _span_rows(model)[0] == ("q2", _row("QUOTE", P2, P3))
    _apply(state, model, remove.inverse())
    assert _span_rows(model)[0][0] == "q1" and quote_rows() == [joined]

    # a decision of a later piece repaints the row's status (one row still)
    decide = commands.accept(state, state.spans["q3"])
    _apply(state, model, decide)
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.ToolTipRole).startswith("QUOTE · accepted")
    assert any(t.endswith("Quotes  —  1") for t in _rows(model))
    _apply(state, model, decide.inverse())
    assert model.data(model.index_of("q1"), Qt.ItemDataRole.ToolTipRole).startswith("QUOTE · suggested")

    # relabel one piece alone (a relabel made elsewhere): it leaves the attribution, gets its own row
    claim = dataclasses.replace(state.spans["q2"], label="CLAIM", layer="claim")
    relabel = Edit("relabel", (Change(state.spans["q2"], claim),))
    _apply(state, model, relabel)
    qtmodeltester.check(model)
    assert quote_rows() == [_row("QUOTE", P1, P3)] and ("q2", _row("CLAIM", P2)) in _span_rows(model)
    _apply(state, model, relabel.inverse())
    assert quote_rows() == [joined]
    assert model.rowCount() == len(_rows(model))


# ---------------------------------------------------------------- the window


def _bundle(statuses: tuple[Status, Status, Status] = (S, S, S)) -> ArticleBundle:
    spans, rels = _records(statuses, article_id=0)
    return ArticleBundle(Article(None, TEXT, title="made up"), spans=spans, relations=rels)


def _open(make_window, tmp_path, statuses: tuple[Status, Status, Status] = (S, S, S)):  # noqa: ANN001, ANN202
    project = Project.open(tmp_path / "q.db")
    project.import_bundles([_bundle(statuses)])
    window = make_window(project)
    window.outside_writes.stop()
    (aid,) = project.article_ids()
    window.open_article(aid)
    ids = {(s.label, s.start): s.id for s in project.spans(aid)}
    q = [ids[("QUOTE", _at(p)[0])] for p in (P1, P2, P3)]
    return project, window, aid, q


def _click_row(qtbot, window, span_id: str) -> None:  # noqa: ANN001
    view = window.span_list.list
    index = window.span_list.model.index_of(span_id)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    QApplication.processEvents()


def _key(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key where the analyst's focus is: on the span list."""
    qtbot.keyClick(window.span_list.list, key, modifiers)
    QApplication.processEvents()


def _statuses(project: Project, aid: int, ids: list[str]) -> list[Status | None]:
    stored = {s.id: s for s in project.spans(aid)}
    return [stored[i].status if i in stored else None for i in ids]


def _quote_rows(window) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(sid, t) for sid, t in _span_rows(window.span_list.model) if t.split()[0] in ("QUOTE", "CLAIM")]


def test_the_row_selects_the_first_piece_marks_every_piece_and_its_keys_act_on_the_whole_quote(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    assert len(_quote_rows(window)) == 1
    _click_row(qtbot, window, q[0])
    assert window.session.selected_id == q[0]
    assert window.view.marked_selected() == set(q)  # every piece drawn selected
    window.span_list.list.setFocus()

    _key(qtbot, window, Qt.Key.Key_A)  # accept: the whole quote, one edit
    assert _statuses(project, aid, q) == [A, A, A]
    assert window.span_list.model.data(window.span_list.model.index_of(q[0]), Qt.ItemDataRole.ToolTipRole).startswith("QUOTE · accepted")
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [S, S, S]
    _key(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo
    assert _statuses(project, aid, q) == [A, A, A]

    # relabel (CLAIM is key 8): every piece, one undo step; the list keeps one row
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_8)
    if window.statusBar().currentMessage().find("again") >= 0:  # links lost: asked once, the same key writes
        _key(qtbot, window, Qt.Key.Key_8)
    assert {s.label for s in project.spans(aid) if s.id in q} == {"CLAIM"}
    assert [t.split()[0] for _s, t in _quote_rows(window)] == ["CLAIM"]
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s.label for s in project.spans(aid) if s.id in q} == {"QUOTE"}
    assert len(_quote_rows(window)) == 1

    # delete the accepted quote: every piece, one step; undo brings all back as one row
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_Delete)
    assert _statuses(project, aid, q) == [None, None, None]
    assert _quote_rows(window) == []
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [A, A, A] and len(_quote_rows(window)) == 1

    # reject from the row once reopened (undo the accept): all three, one step
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [S, S, S]
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_X)
    assert _statuses(project, aid, q) == [R, R, R]
    assert _quote_rows(window) == []  # rejected rows hidden: the quote is gone as one
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [S, S, S] and len(_quote_rows(window)) == 1


def test_tab_stops_once_per_quote_at_its_first_piece(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    window.span_list.list.setFocus()
    stops = []
    for _ in range(4):
        _key(qtbot, window, Qt.Key.Key_Tab)
        stops.append(window.session.selected_id)
    sp = next(s.id for s in project.spans(aid) if s.label == "SPEAKER")
    cu = next(s.id for s in project.spans(aid) if s.label == "CUE")
    assert stops == [q[0], sp, cu, q[0]], stops  # reading order, the quote once (wrapping round)
    _key(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.selected_id == cu
    # a later piece selected in the text: Tab goes on past the whole quote
    window.select_span(q[1])
    _key(qtbot, window, Qt.Key.Key_Tab)
    assert window.session.selected_id == sp


def test_an_outside_write_adding_or_removing_a_piece_updates_the_open_articles_row(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path)
    with Project.open(project.path, create=False) as other:  # another program on the file
        f = next(r for r in other.relations(aid) if r.label == FRAGMENT and q[1] in (r.head, r.child))
        other.apply(Edit("untie", (Change(f, None),)), by="other")
    assert window.outside_writes.check() is True
    assert [t for _s, t in _quote_rows(window)] == [_row("QUOTE", P1, P3), _row("QUOTE", P2)]
    with Project.open(project.path, create=False) as other:
        other.apply(Edit("tie", (Change(None, dataclasses.replace(f, status=S)),)), by="other")
    assert window.outside_writes.check() is True
    assert len(_quote_rows(window)) == 1 and P2 in _quote_rows(window)[0][1]


def test_a_quote_with_a_piece_rejected_on_its_own_is_decided_and_deleted_whole_from_its_row(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project, window, aid, q = _open(make_window, tmp_path, (A, R, S))
    assert _statuses(project, aid, q) == [A, R, S]
    assert [t for _s, t in _quote_rows(window)] == [_row("QUOTE", P1, P3)]  # pending: a piece is
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_A)
    assert _statuses(project, aid, q) == [A, A, A]
    assert [t for _s, t in _quote_rows(window)] == [_row("QUOTE", P1, P2, P3)]
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [A, R, S]
    # Del on a row still pending rejects it (a suggestion is remembered, never deleted): every piece
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_Delete)
    assert _statuses(project, aid, q) == [R, R, R]
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # an accepted quote with a piece rejected earlier: Del deletes the accepted pieces, the rejected stays
    window.select_span(q[2])
    window.view.setFocus()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_A)  # from a piece in the text: the whole quote
    assert _statuses(project, aid, q) == [A, A, A]
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Project.open(project.path, create=False) as other:
        third = next(s for s in other.spans(aid) if s.id == q[2])
        other.apply(commands.set_status(commands.records(other.spans(aid), other.relations(aid)), [third], A), by="other")
    assert window.outside_writes.check() is True
    assert _statuses(project, aid, q) == [A, R, A]
    assert window.span_list.model.data(window.span_list.model.index_of(q[0]), Qt.ItemDataRole.ToolTipRole).endswith("1 rejected on its own")
    _click_row(qtbot, window, q[0])
    window.span_list.list.setFocus()
    _key(qtbot, window, Qt.Key.Key_Delete)
    assert _statuses(project, aid, q) == [None, R, None]
    assert _quote_rows(window) == []
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _statuses(project, aid, q) == [A, R, A] and len(_quote_rows(window)) == 1
