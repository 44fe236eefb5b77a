"""Edit → Targets and tags…: the dialog by keyboard; every change an undoable, logged edit."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack

from annotator.domain import commands
from annotator.domain import project_lists as lists
from annotator.domain.edits import Edit
from annotator.domain.model import Article
from annotator.storage.project import Project
from annotator.ui.schema_dialog import SchemaDialog
from annotator.ui.undo import EditCommand


class _Writer:
    """The window's edit path in small: writes through the project, on a real QUndoStack."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.stack = QUndoStack()
        self.failed: list[Exception] = []

    def apply_edit(self, edit: Edit) -> Edit:
        return self.project.apply(edit, by="ana")

    def undo_edit(self, stamped: Edit) -> None:
        self.project.undo(stamped)

    def redo_edit(self, stamped: Edit) -> None:
        self.project.redo(stamped)

    def edit_failed(self, exc: Exception) -> None:
        self.failed.append(exc)

    def push(self, edit: Edit) -> bool:
        command = EditCommand(edit, self)
        self.stack.push(command)
        return command.error is None


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    project = Project.open(tmp_path / "p.db")
    for n in (1, 2):
        project.add_article(Article(id=None, text=f"The EU talked ({n})."))
    project.apply(lists.add_target(project.targets(), "EU"))
    project.apply(lists.add_target(project.targets(), "European Union", key="u"))
    for aid in (1, 2):
        article = commands.records(project.spans(aid), project.relations(aid), project.stances(aid))
        project.apply(commands.add_stance(article, article_id=aid, holder="Lavrov", target="EU", polarity="against"))
    project.apply(commands.add_tag(article_id=1, tag="war"))
    writer = _Writer(project)
    dialog = SchemaDialog(project, writer.push, undo=writer.stack.undo, redo=writer.stack.redo,
                          choose_colour=lambda initial, parent: QColor("#112233"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield project, writer, dialog
    project.close()


def _targets(project: Project) -> list[str]:
    return sorted(s.target for a in project.article_ids() for s in project.stances(a))


def _edit_cell(qtbot, table, text: str) -> None:
    """F2, select all, type, Enter: how an analyst edits a cell."""
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget() if table.focusWidget() is not table else table.viewport().focusWidget()
    assert editor is not None and editor is not table
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_f2_rename_follows_every_stance_and_ctrl_z_in_the_dialog_undoes_it(qtbot, setup) -> None:
    project, writer, dialog = setup
    table = dialog.targets.table
    assert [e.name for e in dialog.targets.entries] == ["EU", "European Union"]
    assert table.item(0, dialog.targets.columns.index("Uses")).text() == "2"
    table.setCurrentCell(0, 0)
    _edit_cell(qtbot, table, "E.U.")
    qtbot.waitUntil(lambda: _targets(project) == ["E.U.", "E.U."], timeout=3000)
    assert table.item(0, 0).text() == "E.U."
    assert writer.stack.count() == 1
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _targets(project) == ["EU", "EU"]
    assert table.item(0, 0).text() == "EU"


def test_a_taken_key_is_refused_in_the_message_line_and_nothing_is_written(qtbot, setup) -> None:
    project, writer, dialog = setup
    table = dialog.targets.table
    table.setCurrentCell(0, dialog.targets.columns.index("Key"))
    _edit_cell(qtbot, table, "u")
    qtbot.waitUntil(lambda: "taken by target 'European Union'" in dialog.message.text(), timeout=3000)
    assert {t.name: t.key for t in project.targets()} == {"EU": "", "European Union": "u"}
    assert writer.stack.count() == 0
    assert table.item(0, dialog.targets.columns.index("Key")).text() == ""


def test_ctrl_m_merges_the_selected_rows_into_the_current_one_and_del_refuses_a_used_entry(qtbot, setup) -> None:
    project, writer, dialog = setup
    table = dialog.targets.table
    table.setFocus()
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "used by 0" not in dialog.message.text()
    # European Union is unused: Del deletes it; undo brings it back.
    assert [t.name for t in project.targets()] == ["EU"]
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [t.name for t in project.targets()] == ["EU", "European Union"]
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "used by 2 stances" in dialog.message.text()
    assert len(project.targets()) == 2
    # Select both rows, current on "European Union": EU's stances follow into it.
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.targets.current_entry().name == "European Union"
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert _targets(project) == ["European Union", "European Union"]
    assert [t.name for t in project.targets()] == ["European Union"]


def test_typing_a_name_and_enter_adds_a_tag_and_the_colour_button_recolours(qtbot, setup) -> None:
    project, writer, dialog = setup
    dialog.tabs.setCurrentWidget(dialog.tags)
    assert "war (1)" in dialog.tags.unlisted.text()  # a tag in use that the list lacks is named
    field = dialog.tags.add_field
    field.setFocus()
    qtbot.keyClicks(field, "war")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter adds; it does not close the dialog
    assert [t.name for t in project.tag_entries()] == ["war"]
    assert dialog.tags.unlisted.isHidden()
    dialog.tags.table.setCurrentCell(0, 0)
    dialog.tags.recolour()
    assert project.tag_entries()[0].colour == "#112233"
    assert writer.stack.count() == 2
    assert [r["kind"] for r in project.history()[-2:]] == ["tag_entry", "tag_entry"]


def test_labels_are_listed_with_their_descriptions(setup) -> None:
    project, _writer, dialog = setup
    names = [dialog.labels.item(r, 0).text() for r in range(dialog.labels.rowCount())]
    assert names == [label.name for label in project.schema.labels]
    quote = next(label for label in project.schema.labels if label.name == "QUOTE")
    row = names.index("QUOTE")
    assert dialog.labels.item(row, 4).text() == quote.description != ""
