"""The span list header's pending count follows every decision (issue 9: after Shift+A it still
said "N pending")."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.ui.span_list import LayerRole
from tests.ui.test_window_keys import pending_ids, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _headers(window) -> dict[int, str]:  # noqa: ANN001
    model = window.span_list.model
    return {r: model.index(r).data() for r in range(model.rowCount()) if model.index(r).data(LayerRole)}


def _watch_repaints(window) -> list[int]:  # noqa: ANN001
    """Rows the panel is told to redraw (the header text is only redrawn when its row is)."""
    model, rows = window.span_list.model, []
    draw = model.row_changed

    def record(index) -> None:  # noqa: ANN001
        rows.append(index.row())
        if draw is not None:
            draw(index)

    model.row_changed = record
    return rows


def _pending_header_rows(window) -> set[int]:  # noqa: ANN001
    return {r for r, text in _headers(window).items() if "pending" in text}


def test_shift_a_redraws_the_pending_count_of_each_header(make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert pending_ids(window)
    with_pending = _pending_header_rows(window)
    assert with_pending
    redrawn = _watch_repaints(window)
    press(window, K.Key_A, SHIFT)
    assert pending_ids(window) == []
    assert _pending_header_rows(window) == set()  # the text the header now gives
    assert with_pending <= set(redrawn)  # and every header that said "N pending" is redrawn


def test_single_accept_and_undo_redraw_the_header(make_window) -> None:  # noqa: ANN001
    window = make_window()
    before = len(pending_ids(window))
    press(window, K.Key_Tab)
    first = window.selected_id
    header = window.span_list.model._header_row(window.span_list.model.layer_of_place(first))
    redrawn = _watch_repaints(window)
    press(window, K.Key_A)
    assert len(pending_ids(window)) == before - 1 and header in redrawn
    redrawn.clear()
    press(window, K.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pending_ids(window)) == before and header in redrawn
