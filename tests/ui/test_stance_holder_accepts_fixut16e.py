"""usertest16 MEDIUM-2 and LOW-1 in the window: choosing a still-pending PERSON as a stance's holder
accepts it — the undo text and the status bar say so, and one Ctrl+Z takes both back; the holder
picker marks pending names and still filters by typing and picks by digit."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from tests.ui.test_article_panel import key, type_into
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def status_of(window, name: str) -> str:  # noqa: ANN001
    con = sqlite3.connect(window.project.path)
    try:
        text = window.state.text
        rows = con.execute("SELECT start, \"end\", status FROM spans WHERE article_id = ?", [window.state.article_id]).fetchall()
        return next(st for s, e, st in rows if text[s:e] == name)
    finally:
        con.close()


def test_a_pending_holder_is_accepted_with_the_stance_and_that_is_said(make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert status_of(window, "Ryabkov") == "suggested"
    key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
    picker = window.article_stances.picker
    rows = {r.name: r.display for r in picker.visible_rows}
    assert rows["Ryabkov"] == "Ryabkov · PERSON · suggested"  # the picker says it is a suggestion
    type_into(picker.edit, "ry")
    assert [r.name for r in picker.visible_rows] == ["Ryabkov"]
    key(picker.edit, K.Key_1)  # a digit picks the first shown row
    chooser = window.target_chooser.picker
    assert chooser.isVisible()
    type_into(chooser.edit, "talks")
    key(chooser.edit, K.Key_Return)
    key(picker.edit, K.Key_F)
    assert status_of(window, "Ryabkov") == "accepted"
    said = "accepts PERSON «Ryabkov»"
    assert said in window.statusBar().currentMessage()
    assert said in window.undo_stack.undoText()
    steps = window.undo_stack.count()
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert window.undo_stack.count() == steps and window.undo_stack.index() == steps - 1  # one step
    assert status_of(window, "Ryabkov") == "suggested" and window.state.stance_list() == []
