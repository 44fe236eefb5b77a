"""Undoing a many-span edit keeps the analyst's place (issue 9: undoing Shift+A jumped to the end
of the article, to the last span the edit changed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.ui.test_window_keys import pending_ids, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LINE = "Lavrov met Ryabkov in Geneva on Monday.\n"
LINES = 300


def _long_project(path: Path) -> Project:
    text = LINE * LINES
    project = Project.open(path)
    article, _ = project.add_article(Article(id=None, text=text, title="Long"))
    sset = SuggestionSet(origin="fake 1.0")
    at = LINE.index("Geneva")
    for n in range(LINES):
        start = n * len(LINE) + at
        sset.add_span(SuggestedSpan(f"g{n}", start, start + len("Geneva"), "GPE", "entity"))
    project.add_suggestions(article.id, sset)
    return project


def _bar(window):  # noqa: ANN001, ANN202
    return window.view.text_widget().verticalScrollBar()


def _in_the_middle(window) -> int:  # noqa: ANN001
    middle = sorted(window.state.spans.values(), key=lambda s: s.start)[LINES // 2]
    window.select_span(middle.id)
    QApplication.processEvents()
    bar = _bar(window)
    assert 0 < bar.value() < bar.maximum()  # the article really scrolls
    return bar.value()


def test_undo_of_accept_all_keeps_the_view_and_the_selected_span(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(_long_project(tmp_path / "long.db"))
    where = _in_the_middle(window)
    selected = window.selected_id
    press(window, K.Key_A, SHIFT)
    assert pending_ids(window) == []
    press(window, K.Key_Z, CTRL)
    assert len(pending_ids(window)) == LINES
    assert _bar(window).value() == where
    assert window.selected_id == selected and selected in window.view.visible_span_ids()


def test_undo_of_accept_all_without_selection_selects_a_span_on_screen(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(_long_project(tmp_path / "long.db"))
    where = _in_the_middle(window)
    press(window, K.Key_Escape)
    assert window.selected_id is None
    press(window, K.Key_A, SHIFT)
    press(window, K.Key_Z, CTRL)
    assert all(s.status == Status.SUGGESTED for s in window.state.spans.values())
    assert _bar(window).value() == where
    visible = window.view.visible_span_ids()
    assert window.selected_id == visible[0]  # the first span the undo touched that is on screen
