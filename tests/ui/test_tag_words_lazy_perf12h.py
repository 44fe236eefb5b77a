"""An article switch does not read the project's tags, nor rebuild the tag and stance rows (issue 12, perf12h).

The tag field's completions (the tag list and every tag in use) were read on each article
switch — a scan of the whole ``tags`` table, ~9 ms at 10,000 articles with three tags each — so
an undo of an edit made in another article paid it. They are now read when the tag field gets
the focus, and then hold every tag in use, including one added in another article since."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from annotator.ui.article_panel import IdRole

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


def _add_tag(window, word: str) -> None:  # noqa: ANN001
    add_tag_by_keys(window, word)
    window.article_panel.tag_completer.popup().hide()  # (offscreen, a popup shown stays the active window)
    window.activateWindow()
    window.view.text_widget().setFocus()
    QApplication.processEvents()


def _rows(panel) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(word shown, id its item holds, id its remove button asks for) of each tag row."""
    out = []
    for i in range(panel.tag_list.count()):
        item = panel.tag_list.item(i)
        row = panel.tag_list.itemWidget(item)
        out.append((row.findChild(QLabel).text(), item.data(IdRole), row.findChild(QToolButton).property("tagId")))
    return out


def test_an_article_switch_reuses_the_tag_rows_and_each_button_removes_its_own_tag(make_window) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    for word in ("quarry strike", "tide tables", "glassworks"):
        _add_tag(window, word)
    first = window.state.article_id
    window.step_article(1)
    for word in ("bridge toll", "lighthouse"):
        _add_tag(window, word)
    second = window.state.article_id
    widgets = [panel.tag_list.itemWidget(panel.tag_list.item(i)) for i in range(panel.tag_list.count())]
    window.step_article(-1)
    assert window.state.article_id == first
    assert _rows(panel) == [(t.tag, t.id, t.id) for t in window.state.tag_list()]
    assert sorted(r[0] for r in _rows(panel)) == ["glassworks", "quarry strike", "tide tables"]
    assert [panel.tag_list.itemWidget(panel.tag_list.item(i)) for i in range(2)] == widgets  # kept, not rebuilt
    window.step_article(1)
    assert window.state.article_id == second and sorted(r[0] for r in _rows(panel)) == ["bridge toll", "lighthouse"]
    ids = {t.tag: t.id for t in window.state.tag_list()}
    row = next(panel.tag_list.itemWidget(panel.tag_list.item(i)) for i in range(panel.tag_list.count())
               if panel.tag_list.itemWidget(panel.tag_list.item(i)).findChild(QLabel).text() == "lighthouse")
    row.findChild(QToolButton).click()  # a reused row's button removes the tag it now shows
    QApplication.processEvents()
    assert [t.tag for t in window.state.tag_list()] == ["bridge toll"]
    assert [r[0] for r in _rows(panel)] == ["bridge toll"] and _rows(panel)[0][1] == ids["bridge toll"]
    assert window.article_panel.findChild(QToolButton, f"removeTag_{ids['bridge toll']}") is not None


def _stance_rows(panel) -> list[tuple]:  # noqa: ANN001
    """Each stance row's five texts, the id its items hold and the id its delete button asks for."""
    table = panel.stance_table
    return [(tuple(table.item(r, c).text() for c in range(5)), table.item(r, 0).data(IdRole),
             table.cellWidget(r, 5).property("stanceId")) for r in range(table.rowCount())]


def _set_stances(window, stances: list[tuple[str, str, str]]) -> None:  # noqa: ANN001
    from annotator.domain import commands

    for holder, polarity, target in stances:
        assert window.edits.push(commands.add_stance(window.state, article_id=window.state.article_id, holder=holder,
                                                     target=target, polarity=polarity, by="ana"))


def test_an_article_switch_reuses_the_stance_rows_with_the_new_values(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    _set_stances(window, [("Mayor Quill", "favor", "the canal toll"), ("Ferry guild", "against", "the canal toll"),
                          ("Lamp office", "neutral", "night tolls")])
    first = window.state.article_id
    window.step_article(1)
    _set_stances(window, [("Salt board", "against", "the river tariff")])
    second = window.state.article_id
    button = panel.stance_table.cellWidget(0, 5)
    window.step_article(-1)
    assert window.state.article_id == first
    want = [((s.holder, s.polarity, s.target, "", "article"), s.id, s.id) for s in window.state.stance_list()]
    assert _stance_rows(panel) == want and len(want) == 3
    assert panel.stance_table.cellWidget(0, 5) is button  # kept, not rebuilt
    assert panel.stance_table.item(1, 1).font().bold()
    window.step_article(1)
    assert window.state.article_id == second
    (only,) = window.state.stance_list()
    assert _stance_rows(panel) == [((only.holder, "against", only.target, "", "article"), only.id, only.id)]
    window.step_article(-1)
    doomed = window.state.stance_list()[2]
    qtbot.mouseClick(panel.stance_table.cellWidget(2, 5), Qt.MouseButton.LeftButton)  # a reused row's button
    assert doomed.id not in {s.id for s in window.state.stance_list()} and len(window.state.stance_list()) == 2
    assert [r[1] for r in _stance_rows(panel)] == [s.id for s in window.state.stance_list()]
