"""A field of the selected span is left with Enter, Tab or Escape and the keyboard goes back to the
article with that span still selected (issue 9: "editing a pending suggestion's field then Tab
skips it" — Tab walked on through the panel's fields, away from the undecided suggestion)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key


def _edit_note(window, text: str, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier):  # noqa: ANN001, ANN202
    editor = window.details.editor("note")
    editor.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()
    QtBot.keyClicks(editor, text)
    QtBot.keyClick(editor, key, modifiers)
    QApplication.processEvents()


@pytest.mark.parametrize(("key", "modifiers"), [(K.Key_Tab, Qt.KeyboardModifier.NoModifier), (K.Key_Return, Qt.KeyboardModifier.NoModifier),
                                                (K.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)])
def test_leaving_a_field_keeps_the_suggestion_selected_and_undecided(make_window, key, modifiers) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    first = window.selected_id
    _edit_note(window, "check the title", key, modifiers)
    span = window.state.spans[first]
    assert span.attrs == {"note": "check the title"}
    assert span.status.value == "suggested"  # a note is not a decision
    assert window.selected_id == first
    assert window.focusWidget() is window.view.text_widget() or window.view.isAncestorOf(window.focusWidget())
    stored = {s.id: s for s in window.project.spans(window.state.article_id)}
    assert stored[first].attrs == {"note": "check the title"}
    # The review goes on from the edited suggestion: A accepts it and moves to the next.
    press(window, K.Key_A)
    assert window.state.spans[first].status.value == "accepted"
    assert window.selected_id != first


def test_escape_in_a_field_writes_nothing_and_returns_to_the_article(make_window) -> None:  # noqa: ANN001
    window = make_window()
    press(window, K.Key_Tab)
    first = window.selected_id
    edits_before = window.undo_stack.count()
    _edit_note(window, "typo", K.Key_Escape)
    assert window.state.spans[first].attrs == {}
    assert window.details.editor("note").text() == ""
    assert window.undo_stack.count() == edits_before
    assert window.selected_id == first
    assert window.view.isAncestorOf(window.focusWidget())
