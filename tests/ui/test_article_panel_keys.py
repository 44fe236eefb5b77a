"""The Article panel is a form: Tab moves between its fields, and a completion is taken by the
first Enter (user-test findings 13 and 14)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import project_lists as lists
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key


def test_tab_moves_between_the_article_panels_fields(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.show()
    panel = window.article_panel
    panel.tag_edit.setFocus()
    QApplication.processEvents()
    QtBot.keyClick(panel.tag_edit, K.Key_Tab)
    QApplication.processEvents()
    assert window.focusWidget() is not panel.tag_edit
    QtBot.keyClick(window.focusWidget(), K.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    assert window.focusWidget() is panel.tag_edit


def test_the_first_enter_takes_the_highlighted_completion_and_adds_it(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    window.show()
    project = window.project
    project.apply(lists.add_tag(project.tag_entries(), "missile defence"))
    window.open_article(window.state.article_id)  # the completions are filled on opening
    panel = window.article_panel
    panel.tag_edit.setFocus()
    QApplication.processEvents()
    QtBot.keyClicks(panel.tag_edit, "missile def")
    qtbot.waitUntil(lambda: panel.tag_edit.completer().popup().isVisible(), timeout=2000)
    QApplication.processEvents()
    QtBot.keyClick(panel.tag_edit.completer().popup(), K.Key_Return)
    QApplication.processEvents()
    assert [t.tag for t in window.state.tag_list()] == ["missile defence"]
    assert [t.tag for t in project.tags(window.state.article_id)] == ["missile defence"]
