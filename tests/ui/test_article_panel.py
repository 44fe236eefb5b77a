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


def add_stance_by_keys(window, holder: str, polarity: str, target: str, note: str = "") -> int:  # noqa: ANN001
    """Ctrl+Shift+T (or Enter in the note field), ``holder`` typed in the holder picker + Enter,
    ``target`` typed in the target picker + Enter ("" takes the highlighted row: the current
    target), the polarity's key (F / G / N). Returns the inputs counted (a typed character is one)."""
    panel = window.article_panel
    inputs = 0
    if note:
        panel.note_edit.setFocus()
        type_into(panel.note_edit, note)
        key(panel.note_edit, K.Key_Return)
        inputs += len(note) + 1
    else:
        key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
        inputs += 1
    picker = window.article_stances.picker
    assert picker.isVisible() and focused() is picker.edit
    type_into(picker.edit, holder)
    key(picker.edit, K.Key_Return)
    chooser = window.target_chooser.picker
    assert chooser.isVisible() and focused() is chooser.edit
    type_into(chooser.edit, target)
    key(chooser.edit, K.Key_Return)
    assert picker.isVisible(), "the polarity picker follows the target"
    key(picker.edit, {"favor": K.Key_F, "against": K.Key_G, "neutral": K.Key_N}[polarity])
    assert not picker.isVisible() and not chooser.isVisible()
    return inputs + len(holder) + 1 + len(target) + 1 + 1


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


def test_add_stance_is_stored_with_holder_span_target_polarity_and_analyst(make_window) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_stance_by_keys(window, "wa", "favor", "the Geneva talks", note="headline")
    rows = stored_stances(window, article)
    assert len(rows) == 1
    holder, target, polarity, by, attrs = rows[0]
    assert (holder, target, polarity, by) == ("Washington", "the Geneva talks", "favor", "ana")
    assert "headline" in attrs
    [stance] = window.state.stance_list()
    washington = next(s for s in window.state.spans.values() if s.text_in(window.state.text) == "Washington")
    assert (stance.holder_span, stance.evidence) == (washington.id, "")
    table = window.article_panel.stance_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(5)] == ["Washington", "favor", "the Geneva talks", "headline", "article"]
    assert window.article_panel.note_edit.text() == ""
    # the new target joined the target list in the same undo step
    assert [t.name for t in window.project.targets()] == ["the Geneva talks"]
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert stored_stances(window, article) == [] and window.project.targets() == []
    key(window.view.text_widget(), K.Key_Z, CTRL | SHIFT)
    assert len(stored_stances(window, article)) == 1 and [t.name for t in window.project.targets()] == ["the Geneva talks"]


def test_an_article_level_stance_with_the_current_target_takes_four_inputs(make_window, qtbot) -> None:  # noqa: ANN001
    from tests.ui.test_linking import Inputs

    window = make_window()
    window.stance_keys.current_target = "the Geneva talks"
    window.view.setFocus()
    inputs = Inputs(qtbot, window)  # counts every key, sent where the focus is
    inputs.key(K.Key_T, CTRL | SHIFT)
    picker = window.article_stances.picker
    assert [r.name for r in picker.visible_rows][:4] == ["Sergei Lavrov", "Geneva", "Ryabkov", "Washington"]
    inputs.key(K.Key_1)  # the first holder
    assert window.target_chooser.picker.isVisible()
    inputs.key(K.Key_Return)  # the current target, highlighted
    inputs.key(K.Key_F)  # favour
    assert inputs.count == 4
    assert [(h, t, p) for h, t, p, _by, _a in stored_stances(window, window.state.article_id)] == [
        ("Sergei Lavrov", "the Geneva talks", "favor")]
    assert focused() is window.view.text_widget()  # back on the article


def test_the_polarity_pickers_enter_takes_the_combos_polarity(make_window) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    panel.polarity_combo.setCurrentIndex(panel.polarity_combo.findData("against"))
    window.stance_keys.current_target = "talks"
    key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
    key(window.article_stances.picker.edit, K.Key_Return)
    key(window.target_chooser.picker.edit, K.Key_Return)
    key(window.article_stances.picker.edit, K.Key_Return)
    assert [p for _h, _t, p, _by, _a in stored_stances(window, window.state.article_id)] == ["against"]


def test_a_holder_that_matches_nothing_is_never_free_text(make_window) -> None:  # noqa: ANN001
    window = make_window()
    key(window.view.text_widget(), K.Key_T, CTRL | SHIFT)
    picker = window.article_stances.picker
    assert "select the name in the article" in picker.title.text()
    type_into(picker.edit, "Foreign Ministry")
    assert picker.visible_rows == []
    key(picker.edit, K.Key_Return)  # nothing to take
    assert picker.isVisible() and not window.target_chooser.picker.isVisible()
    key(picker.edit, K.Key_Escape)
    assert not picker.isVisible()
    assert stored_stances(window, window.state.article_id) == []


def test_holder_rows_are_the_articles_people_organisations_places_and_speakers(make_window) -> None:  # noqa: ANN001
    window = make_window()
    span = next(s for s in window.state.spans.values() if s.label == "PERSON" and "Ryabkov" in s.text_in(window.state.text))
    window.select_span(span.id)
    window.review.set_attribute("refers_to", "Sergey Ryabkov")
    names = [r.name for r in window.article_stances.holder_rows()]
    assert names == ["Sergei Lavrov", "Geneva", "Sergey Ryabkov", "Washington"]


def test_delete_stance_then_undo_brings_it_back(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_stance_by_keys(window, "Washington", "neutral", "the talks")
    add_stance_by_keys(window, "Ryabkov", "favor", "")  # the current target: "the talks"
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
    assert [s.holder for s in window.article_panel.stances()] == ["Sergei Lavrov"]
    window.step_article(1)
    second = window.state.article_id
    assert second != first
    assert window.article_panel.tags() == [] and window.article_panel.stance_table.rowCount() == 0
    add_tag_by_keys(window, "china")
    assert window.article_panel.tags() == ["china"]
    window.step_article(-1)
    assert window.article_panel.tags() == ["russia"]
    assert [s.holder for s in window.article_panel.stances()] == ["Sergei Lavrov"]
    # undo the tag made in the second article: it opens again, without the tag
    key(window.view.text_widget(), K.Key_Z, CTRL)
    assert window.state.article_id == second
    assert window.article_panel.tags() == [] and stored_tags(window, second) == []
    # completion offers tags used elsewhere in the project (read once the tag field is focused: perf12h)
    key(window.view.text_widget(), K.Key_T, CTRL)
    assert "russia" in window.article_panel.tag_completer.model().stringList()


def test_reopening_the_project_shows_them(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    article = window.state.article_id
    add_tag_by_keys(window, "diplomacy")
    add_stance_by_keys(window, "Washington", "neutral", "the talks")
    path = window.project.path
    again = make_window(Project.open(path))
    assert again.state.article_id == article
    assert again.article_panel.tags() == ["diplomacy"]
    assert [(s.holder, s.polarity, s.target, s.by) for s in again.article_panel.stances()] == [("Washington", "neutral", "the talks", "ana")]


def test_screenshot_of_the_panel(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    add_tag_by_keys(window, "diplomacy")
    add_tag_by_keys(window, "Russia")
    add_stance_by_keys(window, "Sergei Lavrov", "favor", "the Geneva talks", note="says they were useful")
    add_stance_by_keys(window, "Washington", "neutral", "")
    # in the test's own folder: a fixed /tmp name was shared by parallel workers and other checkouts
    picture = window.grab()
    assert not picture.isNull() and picture.save(str(tmp_path / "article_panel.png"))
    assert (tmp_path / "article_panel.png").stat().st_size > 0


def test_a_tag_completes_from_the_tag_list_and_a_new_one_joins_it_in_one_undo_step(make_window) -> None:  # noqa: ANN001
    from annotator.domain import project_lists

    window = make_window()
    project = window.project
    window.edits.push(project_lists.add_tag(project.tag_entries(), "Diplomacy", key="d"))
    window.article_annotations.refresh(completions=True)
    article = window.state.article_id
    key(window.view.text_widget(), K.Key_T, CTRL)
    assert "Diplomacy" in window.article_panel.tag_completer.model().stringList()
    type_into(window.article_panel.tag_edit, "diplomacy")
    popup = window.article_panel.tag_completer.popup()
    assert popup.isVisible() and popup.model().data(popup.model().index(0, 0)) == "Diplomacy"
    popup.hide()  # (QTest sends keys to the field, not to the popup that has them in real use)
    key(window.article_panel.tag_edit, K.Key_Return)  # the list's spelling wins
    assert stored_tags(window, article) == [("Diplomacy", "ana")]
    assert [t.name for t in project.tag_entries()] == ["Diplomacy"]
    undo_steps = window.undo_stack.count()
    add_tag_by_keys(window, "ECONOMY")
    assert window.undo_stack.count() == undo_steps + 1
    assert stored_tags(window, article) == [("Diplomacy", "ana"), ("ECONOMY", "ana")]
    assert [t.name for t in project.tag_entries()] == ["Diplomacy", "ECONOMY"]
    key(window.view.text_widget(), K.Key_Z, CTRL)  # the tag and its list entry go together
    assert stored_tags(window, article) == [("Diplomacy", "ana")]
    assert [t.name for t in project.tag_entries()] == ["Diplomacy"]
    key(window.view.text_widget(), K.Key_Z, CTRL | SHIFT)
    assert [t.name for t in project.tag_entries()] == ["Diplomacy", "ECONOMY"]
    assert window.article_panel.tags() == ["Diplomacy", "ECONOMY"]
    # the same name typed in another case is that entry: nothing new in the list
    window.step_article(1)
    key(window.view.text_widget(), K.Key_T, CTRL)
    type_into(window.article_panel.tag_edit, "economy")
    popup.hide()
    key(window.article_panel.tag_edit, K.Key_Return)
    assert stored_tags(window, window.state.article_id) == [("ECONOMY", "ana")]
    assert [t.name for t in project.tag_entries()] == ["Diplomacy", "ECONOMY"]
