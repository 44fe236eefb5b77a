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


def test_opening_the_guidelines_keeps_the_selected_span_in_sight(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001, F811
    """The dock narrows the article, which reflows: the selected span stays on screen."""
    from tests.ui.test_window_screenshots import _seed_project

    window = make_window(_seed_project(tmp_path / "g.db"))
    window.resize(1440, 900)
    window.show()
    last = max(window.state.spans.values(), key=lambda s: s.start)
    window.select_span(last.id)
    qtbot.wait(20)

    def in_sight() -> bool:
        viewport = window.view.text_widget().viewport().rect()
        return any(viewport.intersects(r) for r in window.view.span_rects(last.id))

    assert in_sight()  # selected: scrolled to
    window.actions_by_id["guidelines"].trigger()
    qtbot.waitUntil(in_sight, timeout=3000)


def test_renaming_or_merging_a_tag_used_in_other_articles_keeps_the_open_article(make_window, qtbot) -> None:  # noqa: ANN001, F811
    """User-test finding 9: a list edit touching other articles (not the open one) switched the
    window to one of them; its undo/redo too. Only the undo/redo of an edit made in one other
    article goes there."""
    window = make_window()
    project = window.project
    opened = window.state.article_id
    others = [a for a in project.article_ids() if a != opened]
    project.apply(lists.add_tag(project.tag_entries(), "defence"))
    project.apply(lists.add_tag(project.tag_entries(), "missile defence"))
    for aid in others:
        project.apply(commands.add_tag(article_id=aid, tag="defence"))
    window.actions_by_id["targets_tags"].trigger()
    dialog = window.findChild(SchemaDialog)
    tags = dialog.tags
    defence = next(e for e in tags.entries if e.name == "defence")
    tags._apply(lambda: lists.rename(tags.entries, defence, "air defence", project.list_uses(type(defence), "defence")))
    assert window.state.article_id == opened
    assert sorted(t.tag for a in others for t in project.tags(a)) == ["air defence"] * 2
    keep = next(e for e in tags.entries if e.name == "missile defence")
    renamed = next(e for e in tags.entries if e.name == "air defence")
    tags._apply(lambda: lists.merge(tags.entries, keep, [renamed], {"air defence": project.list_uses(type(renamed), "air defence")}))
    assert window.state.article_id == opened
    assert sorted(t.tag for a in others for t in project.tags(a)) == ["missile defence"] * 2
    window.undo()
    window.undo()
    assert window.state.article_id == opened
    assert sorted(t.tag for a in others for t in project.tags(a)) == ["defence"] * 2
    dialog.close()
    # The undo of an edit made in one other article still goes there.
    window.edits.push(commands.add_tag(article_id=others[0], tag="war"))
    assert window.state.article_id == opened
    window.undo()
    assert window.state.article_id == others[0]
