"""The Article panel: tags and stances of the open article, each add/remove one undoable edit
written to the project file at once (checked through a separate sqlite3 connection)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def key(widget, k, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(widget, k, modifiers)
    QApplication.processEvents()


def type_into(widget, text: str) -> None:  # noqa: ANN001
    from pytestqt.qtbot import QtBot

    QtBot.keyClicks(widget, text)
    QApplication.processEvents()


def focused():  # noqa: ANN201
    return QApplication.focusWidget()


def stored_tags(window, article_id: int) -> list[tuple[str, str]]:  # noqa: ANN001
    con = sqlite3.connect(window.project.path)
    try:
        return con.execute('SELECT tag, "by" FROM tags WHERE article_id = ? ORDER BY tag', [article_id]).fetchall()
    finally:
        con.close()


def stored_stances(window, article_id: int) -> list[tuple]:  # noqa: ANN001
    con = sqlite3.connect(window.project.path)
    try:
        return con.execute('SELECT holder, target, polarity, "by", attrs FROM stances WHERE article_id = ? ORDER BY rowid',
                           [article_id]).fetchall()
    finally:
        con.close()


def add_tag_by_keys(window, tag: str) -> None:  # noqa: ANN001
    key(window.view.text_widget(), K.Key_T, CTRL)
    assert focused() is window.article_panel.tag_edit
    type_into(window.article_panel.tag_edit, tag)
    key(window.article_panel.tag_edit, K.Key_Return)


def add_stance_by_keys(window, holder: str, polarity: str, target: str, note: str = "") -> None:  # noqa: ANN001
    panel = window.article_panel
    key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
    assert focused() is panel.holder_edit
    type_into(panel.holder_edit, holder)
    panel.polarity_combo.setCurrentIndex(panel.polarity_combo.findData(polarity))
    panel.target_edit.setFocus()
    type_into(panel.target_edit, target)
    if note:
        panel.note_edit.setFocus()
        type_into(panel.note_edit, note)
    key(focused(), K.Key_Return)


def test_add_tag_by_keyboard_is_stored_shown_and_undoable(make_window) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_tag_by_keys(window, "diplomacy")
    assert stored_tags(window, article) == [("diplomacy", "ana")]
    assert window.article_panel.tags() == ["diplomacy"]
    assert window.article_panel.tag_edit.text() == ""  # ready for the next one
    # Ctrl+Z straight from the tag field undoes the edit (the field has nothing of its own to undo)
    key(window.article_panel.tag_edit, K.Key_Z, CTRL)
    assert stored_tags(window, article) == []
    assert window.article_panel.tags() == []
    key(window.view.text_widget(), K.Key_Z, CTRL | SHIFT)
    assert stored_tags(window, article) == [("diplomacy", "ana")]
    assert window.article_panel.tags() == ["diplomacy"]


def test_typing_in_the_tag_field_does_not_trigger_review_keys(make_window) -> None:  # noqa: ANN001
    window = make_window()
    pending = window.state.pending_count()
    add_tag_by_keys(window, "a x 1")  # A accepts, X rejects, 1 labels — not while typing here
    assert window.state.pending_count() == pending
    assert window.article_panel.tags() == ["a x 1"]


def test_a_tag_is_added_once(make_window) -> None:  # noqa: ANN001
    window = make_window()
    add_tag_by_keys(window, "economy")
    add_tag_by_keys(window, "economy")
    assert stored_tags(window, window.state.article_id) == [("economy", "ana")]
    assert window.undo_stack.count() == 1


def test_remove_tag_with_its_button_then_undo(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    add_tag_by_keys(window, "politics")
    tag_id = next(iter(window.state.tags))
    button = window.article_panel.findChild(object, f"removeTag_{tag_id}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert stored_tags(window, window.state.article_id) == []
    assert window.article_panel.tags() == []
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert window.article_panel.tags() == ["politics"]


def test_add_stance_is_stored_with_holder_target_polarity_and_analyst(make_window) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_stance_by_keys(window, "Foreign Ministry", "favor", "the Geneva talks", note="headline")
    rows = stored_stances(window, article)
    assert len(rows) == 1
    holder, target, polarity, by, attrs = rows[0]
    assert (holder, target, polarity, by) == ("Foreign Ministry", "the Geneva talks", "favor", "ana")
    assert "headline" in attrs
    table = window.article_panel.stance_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(4)] == ["Foreign Ministry", "favor", "the Geneva talks", "headline"]
    assert window.article_panel.holder_edit.text() == "" and window.article_panel.target_edit.text() == ""


def test_stance_needs_holder_and_target(make_window) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
    type_into(panel.holder_edit, "Washington")
    key(panel.holder_edit, K.Key_Return)  # no target yet: goes there instead of adding
    assert stored_stances(window, window.state.article_id) == []
    assert focused() is panel.target_edit


def test_delete_stance_then_undo_brings_it_back(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_stance_by_keys(window, "Washington", "neutral", "the talks")
    add_stance_by_keys(window, "Ryabkov", "favor", "the talks")
    first = window.article_panel.stances()[0]
    button = window.article_panel.findChild(object, f"deleteStance_{first.id}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in stored_stances(window, article)] == ["Ryabkov"]
    assert [s.holder for s in window.article_panel.stances()] == ["Ryabkov"]
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert sorted(r[0] for r in stored_stances(window, article)) == ["Ryabkov", "Washington"]
    assert [s.holder for s in window.article_panel.stances()] == ["Washington", "Ryabkov"]  # back in its place
    # Del in the table deletes the current stance
    table = window.article_panel.stance_table
    table.setFocus()
    table.setCurrentCell(1, 0)
    key(table, K.Key_Delete)
    assert [r[0] for r in stored_stances(window, article)] == ["Washington"]


def test_each_article_shows_its_own_and_undo_goes_back(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    add_tag_by_keys(window, "russia")
    add_stance_by_keys(window, "Lavrov", "favor", "talks")
    window.step_article(1)
    second = window.state.article_id
    assert second != first
    assert window.article_panel.tags() == [] and window.article_panel.stance_table.rowCount() == 0
    add_tag_by_keys(window, "china")
    assert window.article_panel.tags() == ["china"]
    window.step_article(-1)
    assert window.article_panel.tags() == ["russia"]
    assert [s.holder for s in window.article_panel.stances()] == ["Lavrov"]
    # undo the tag made in the second article: it opens again, without the tag
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert window.state.article_id == second
    assert window.article_panel.tags() == [] and stored_tags(window, second) == []
    # completion offers tags used elsewhere in the project
    assert "russia" in window.article_panel.tag_completer.model().stringList()


def test_holder_completion_from_people_organisations_and_speakers(make_window) -> None:  # noqa: ANN001
    window = make_window()
    span = next(s for s in window.state.spans.values() if s.label == "PERSON")
    window.review.set_attribute  # noqa: B018 - the attribute path exists
    window.select_span(span.id)
    window.review.set_attribute("speaker_ref", "Sergey Ryabkov")
    window.article_annotations.focus_stance()
    words = window.article_panel.holder_completer.model().stringList()
    assert "Sergei Lavrov" in words and "Ryabkov" in words and "Sergey Ryabkov" in words
    assert "Geneva" not in words  # a place is not a holder


def test_reopening_the_project_shows_them(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_tag_by_keys(window, "diplomacy")
    add_stance_by_keys(window, "Reuters", "neutral", "the talks")
    path = window.project.path
    again = make_window(Project.open(path))
    assert again.state.article_id == article
    assert again.article_panel.tags() == ["diplomacy"]
    assert [(s.holder, s.polarity, s.target, s.by) for s in again.article_panel.stances()] == [("Reuters", "neutral", "the talks", "ana")]


def test_screenshot_of_the_panel(make_window) -> None:  # noqa: ANN001
    window = make_window()
    add_tag_by_keys(window, "diplomacy")
    add_tag_by_keys(window, "Russia")
    add_stance_by_keys(window, "Sergei Lavrov", "favor", "the Geneva talks", note="says they were useful")
    add_stance_by_keys(window, "Washington", "neutral", "the Geneva talks")
    window.grab().save("/tmp/article_panel.png")
