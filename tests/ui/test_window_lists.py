"""The window's wiring of the project lists and guidelines: Edit → Targets and tags… renames
a target the open article's stance follows, undone by the window's Ctrl+Z; View → Guidelines
(Ctrl+Shift+G) shows and hides the panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import commands
from annotator.domain import project_lists as lists
from annotator.ui.schema_dialog import SchemaDialog
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401 - fixtures


def test_targets_and_tags_dialog_renames_and_the_window_undoes_it(make_window, qtbot) -> None:  # noqa: ANN001, F811
    window = make_window()
    project = window.project
    article_id = window.state.article_id
    project.apply(lists.add_target(project.targets(), "talks"))
    window.edits.push(commands.add_stance(window.state, article_id=article_id, holder="Lavrov", target="talks", polarity="favor"))
    window.actions_by_id["targets_tags"].trigger()
    dialog = window.findChild(SchemaDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.targets.table
    entry = dialog.targets.entries[0]
    assert entry.name == "talks"
    dialog.targets._apply(lambda: lists.rename(dialog.targets.entries, entry, "Geneva talks", project.list_uses(type(entry), "talks")))
    assert [s.target for s in window.state.stances.values()] == ["Geneva talks"]  # the open article follows
    assert table.item(0, 0).text() == "Geneva talks"
    window.undo()
    assert [s.target for s in project.stances(article_id)] == ["talks"]
    qtbot.waitUntil(lambda: table.item(0, 0).text() == "talks", timeout=2000)  # the dialog follows the undo stack
    dialog.close()


def test_ctrl_shift_g_toggles_the_guidelines_panel(make_window, qtbot) -> None:  # noqa: ANN001, F811
    window = make_window()
    panel = window.guidelines_panel
    assert not panel.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    assert "QUOTE" in panel.browser.toPlainText()
    window.actions_by_id["guidelines"].trigger()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    QApplication.processEvents()


def test_each_label_description_is_shown_where_the_label_is_chosen(make_window) -> None:  # noqa: ANN001, F811
    window = make_window()
    described = [lab for lab in window.schema.labels if lab.description]
    assert described, "the default schema describes its labels"
    menu = window.build_context_menu(None, 0, 5)
    context_labels = {a.text().split("\t")[0]: a for a in menu.actions()[0].menu().actions()}
    menu_labels = {a.text().split("\t")[0]: a for a in window.label_menu.actions()}
    combo = window.details.label_combo
    for lab in described:
        assert lab.description in window.legend.buttons[lab.name].toolTip()
        assert lab.description in menu_labels[lab.name].toolTip()
        assert lab.description in context_labels[lab.name].toolTip()
        index = combo.findData(lab.name)
        assert lab.description in combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert window.label_menu.toolTipsVisible()
