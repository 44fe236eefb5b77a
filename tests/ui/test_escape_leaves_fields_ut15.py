"""usertest14 F7: focus stuck in the Article panel's tag field — Esc did not leave it, so the
review keys (accept, reject, next) did nothing until the mouse was used. Esc in any entry of the
window's side panels (a line edit, a combo box; a completer's or combo's open list first closes)
hands the keyboard back to the article and cancels what was typed but not entered."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.domain import project_lists as lists
from annotator.domain.model import Status
from annotator.ui.details_panel import EditorLineEdit
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key

ENTRIES = {
    "tag": lambda w: w.article_panel.tag_edit,
    "stance note": lambda w: w.article_panel.note_edit,
    "stance polarity": lambda w: w.article_panel.polarity_combo,
    "article search": lambda w: w.article_list.search,
    "article order": lambda w: w.article_list.order,
    "article status filter": lambda w: w.article_list.status_filter,
    "span label": lambda w: w.details.label_combo,
}


def _in_article(window) -> bool:  # noqa: ANN001
    focus = QApplication.focusWidget()
    return focus is not None and (focus is window.view or window.view.isAncestorOf(focus))


@pytest.mark.parametrize("name", list(ENTRIES))
def test_escape_in_a_side_panel_entry_gives_the_keys_back_to_the_article(make_window, name) -> None:  # noqa: ANN001
    window = make_window()
    pending = window.state.pending()
    assert pending, "the test project has suggestions to review"
    window.select_span(pending[0].id)
    entry = ENTRIES[name](window)
    assert entry.isVisible() and entry.isEnabled(), name
    entry.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is entry
    if isinstance(entry, EditorLineEdit):  # (typing into the article search would start its search)
        QtBot.keyClicks(entry, "half typ")
    QtBot.keyClick(entry, K.Key_Escape)
    QApplication.processEvents()
    assert _in_article(window), f"Esc in the {name} left the focus on {QApplication.focusWidget()!r}"
    if isinstance(entry, EditorLineEdit):
        assert entry.text() == "", "what was typed but not entered is cancelled"
    elif isinstance(entry, QLineEdit):  # the article search searches as it is typed: nothing waits to be entered
        assert entry.text() == ""
    # the review keys work again: accept takes the selected suggestion
    QtBot.keyClick(QApplication.focusWidget(), K.Key_A)
    QApplication.processEvents()
    assert window.state.spans[pending[0].id].status == Status.ACCEPTED, name


def test_escape_with_the_tag_completions_open_closes_them_and_leaves_the_field(make_window, qtbot) -> None:  # noqa: ANN001
    """The completer hands the key to the field first (Qt's QCompleter): one Esc closes the list,
    puts the text back and leaves; nothing is added."""
    window = make_window()
    project = window.project
    project.apply(lists.add_tag(project.tag_entries(), "harbour fees"))
    window.open_article(window.state.article_id)
    edit = window.article_panel.tag_edit
    edit.setFocus()
    QApplication.processEvents()
    QtBot.keyClicks(edit, "harb")
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    QtBot.keyClick(popup, K.Key_Escape)
    QApplication.processEvents()
    assert not popup.isVisible()
    assert _in_article(window) and edit.text() == ""
    assert [t.tag for t in project.tags(window.state.article_id)] == []


def test_tab_walks_the_article_panels_fields_as_they_read(make_window) -> None:  # noqa: ANN001
    """Tag, then the stance's note, then its polarity (to the note's right); was tag → polarity → note."""
    window = make_window()
    panel = window.article_panel
    panel.tag_edit.setFocus()
    QApplication.processEvents()
    seen = []
    for _ in range(2):
        QtBot.keyClick(QApplication.focusWidget(), K.Key_Tab)
        QApplication.processEvents()
        seen.append(QApplication.focusWidget())
    assert seen == [panel.note_edit, panel.polarity_combo]
