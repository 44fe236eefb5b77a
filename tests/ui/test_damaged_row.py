"""A damaged stored row (attrs that are not JSON, a status that is no status) opens in the window,
and the status bar names the field that could not be read, instead of a traceback; the search box
takes any text."""

from __future__ import annotations

from pathlib import Path

from annotator.storage.project import Project
from tests.formats.test_bad_input import _damaged_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_window_opens_a_damaged_article_and_says_so(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    path, article_id, _text = _damaged_project(tmp_path)
    window = make_window(Project.open(path))
    window.open_article(article_id)
    assert window.state is not None and set(window.state.spans) == {"bad-attrs", "bad-status"}
    message = window.statusBar().currentMessage()
    assert message.startswith("Damaged in the project file: article ")
    assert "span bad-attr attrs" in message and "span bad-stat status" in message


def test_window_search_box_takes_a_nul(make_window, qtbot) -> None:  # noqa: ANN001
    """The article filter with a NUL (pasted from a binary file) filters, never raises: typed in
    the box, through its debounce timer, as an analyst would."""
    window = make_window()
    total = window.project.count_articles()
    window.article_list.search.setText("Lavrov\x00")
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == 1, timeout=5000)  # "Lavrov": the first article only
    window.article_list.search.setText("\x00")
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == total, timeout=5000)
    qtbot.wait(50)
