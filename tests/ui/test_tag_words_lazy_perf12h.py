"""An article switch does not read the project's tags (issue 12, perf12h).

The tag field's completions (the tag list and every tag in use) were read on each article
switch — a scan of the whole ``tags`` table, ~9 ms at 10,000 articles with three tags each — so
an undo of an edit made in another article paid it. They are now read when the tag field gets
the focus, and then hold every tag in use, including one added in another article since."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.test_article_panel import CTRL, K, add_tag_by_keys, key, type_into
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.timeout(60)

TAGS_SCAN = "SELECT DISTINCT tag FROM tags"


def _traced(window) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    window.project.db.conn.set_trace_callback(seen.append)
    return seen


def test_switching_articles_and_undoing_there_read_no_tags_until_the_field_is_focused(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    add_tag_by_keys(window, "harbour lanterns")
    window.step_article(1)
    second = window.state.article_id
    assert second != first
    add_tag_by_keys(window, "orchard tax")
    window.article_panel.tag_completer.popup().hide()  # (offscreen, the popup stays the active window)
    window.activateWindow()
    window.view.text_widget().setFocus()  # the analyst goes back to the text
    QApplication.processEvents()
    assert not window.article_panel.tag_edit.hasFocus()
    seen = _traced(window)
    try:
        window.step_article(-1)  # back to the first article
        key(window.view.text_widget(), K.Key_Z, CTRL)  # undo the tag made in the second: it opens again
        assert window.state.article_id == second
        window.step_article(-1)
        assert not [q for q in seen if TAGS_SCAN in q], "an article switch read every tag of the project"
        key(window.view.text_widget(), K.Key_T, CTRL)  # the tag field: now the words are read, once
        assert window.article_panel.tag_edit.hasFocus()
        assert len([q for q in seen if TAGS_SCAN in q]) == 1
    finally:
        window.project.db.conn.set_trace_callback(None)
    words = window.article_panel.tag_completer.model().stringList()
    assert "harbour lanterns" in words and "orchard tax" not in words  # the undone tag is gone
    type_into(window.article_panel.tag_edit, "lant")
    popup = window.article_panel.tag_completer.popup()
    assert popup.isVisible() and popup.model().data(popup.model().index(0, 0)) == "harbour lanterns"
    popup.hide()


def test_completions_follow_a_switch_made_while_the_tag_field_has_the_focus(make_window) -> None:  # noqa: ANN001
    window = make_window()
    add_tag_by_keys(window, "river ferry")
    key(window.view.text_widget(), K.Key_T, CTRL)
    panel = window.article_panel
    assert panel.tag_edit.hasFocus()
    window.step_article(1)  # the field keeps the focus: no focus-in to read on, so read at once
    if panel.tag_edit.hasFocus():
        assert panel._tag_source is None
    assert "river ferry" in panel.tag_completer.model().stringList()
