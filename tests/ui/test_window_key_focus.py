"""Span keys belong to the article view and the span list: typed in a field they stay in the field
(issue 9: ``X`` typed in the stance polarity box rejected the selected span)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.ui.test_window_keys import pending_ids, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# The span keys of the default table: reject, accept, label key 1, delete, next/previous suggestion,
# accept all, span edges.
SPAN_KEYS = [(K.Key_X, NONE), (K.Key_A, NONE), (K.Key_1, NONE), (K.Key_Delete, NONE), (K.Key_Tab, NONE),
             (K.Key_Backtab, SHIFT), (K.Key_A, SHIFT), (K.Key_Right, SHIFT), (K.Key_Left, SHIFT)]

FIELDS = {
    "tag": lambda w: w.article_panel.tag_edit,
    "note": lambda w: w.article_panel.note_edit,
    "polarity": lambda w: w.article_panel.polarity_combo,
    "details_label": lambda w: w.details.label_combo,
}


def _spans(window) -> dict[str, tuple[str, str, int, int]]:  # noqa: ANN001
    return {s.id: (s.status.value, s.label, s.start, s.end) for s in window.state.spans.values()}


def _stored(window) -> list[tuple]:  # noqa: ANN001
    return sorted((s.id, s.status.value, s.label, s.start, s.end) for s in window.project.spans(window.state.article_id))


def _key_into(field: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()
    assert field.window().focusWidget() is field
    QtBot.keyClick(field, key, modifiers)
    QApplication.processEvents()


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_span_keys_typed_in_a_field_leave_spans_alone(make_window, name) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)  # a pending suggestion is selected: what the keys would act on
    selected = window.selected_id
    assert selected == pending_ids(window)[0]
    before, stored_before = _spans(window), _stored(window)
    field = FIELDS[name](window)
    for key, modifiers in SPAN_KEYS:
        _key_into(field, key, modifiers)
        assert _spans(window) == before, (name, key, modifiers)
    assert _stored(window) == stored_before
    assert window.selected_id == selected
    assert window.undo_stack.count() == 0


@pytest.mark.parametrize("name", ["tag", "note"])
def test_letters_and_digits_typed_in_a_text_field_go_into_it(make_window, name) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    before = _spans(window)
    field = FIELDS[name](window)
    assert isinstance(field, QLineEdit)
    for key in (K.Key_X, K.Key_A, K.Key_1):
        _key_into(field, key, NONE)
    assert field.text() == "xa1"
    _key_into(field, K.Key_Home, NONE)
    _key_into(field, K.Key_Delete, NONE)  # Delete edits the field, not the span
    assert field.text() == "a1"
    assert _spans(window) == before


def test_polarity_combo_takes_its_letters(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    before = _spans(window)
    combo: QComboBox = window.article_panel.polarity_combo
    values = [combo.itemData(i) for i in range(combo.count())]
    assert "against" in values
    _key_into(combo, K.Key_A, NONE)  # keyboard search of the combo box: "against"
    assert combo.currentData() == "against"
    assert _spans(window) == before


def test_span_keys_still_work_in_the_article_view_after_a_field(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    first = window.selected_id
    _key_into(window.article_panel.note_edit, K.Key_X, NONE)
    window.view.text_widget().setFocus()
    press(window, K.Key_X)
    assert window.state.spans[first].status.value == "rejected"


def test_span_keys_work_from_the_span_list(make_window) -> None:  # noqa: ANN001
    """The span list (a table since window12d) lets span keys through, as the article view does:
    the key filter on the window judges the focused widget, not the window."""
    window = make_window()
    press(window, K.Key_Tab)
    first = window.selected_id
    assert first in pending_ids(window)
    rows = window.span_list.list
    _key_into(rows, K.Key_A, NONE)
    assert window.state.spans[first].status.value == "accepted"
    assert window.undo_stack.count() == 1
    _key_into(rows, K.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo stays window-wide
    assert window.state.spans[first].status.value == "suggested"
