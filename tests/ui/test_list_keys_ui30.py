"""usertest24p M4 (branch ui30): the article list by keyboard.

After a click on a row, Down, End and PgUp did nothing: the click opened the article and opening
put the focus in the article view, so the list's keys went there. Now a click leaves the focus in
the list, and its moving keys (Up, Down, PgUp, PgDown, Home, End) open the article they land on,
as a click does; in the article view those keys keep their meaning. Made-up articles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article
from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(120)
K = Qt.Key
ARTICLES = 60


def _project(path) -> Project:  # noqa: ANN001
    project = Project.open(path)
    for n in range(ARTICLES):
        text = f"Harbour note {n}\n\nThe ferry board of Lowmarsh met on day {n} and spoke of tides."
        project.add_article(Article(id=None, text=text, title=f"Harbour note {n}", publisher="Test Wire", published="2024-05-01"))
    return project


def _row_of_open(window) -> int:  # noqa: ANN001
    return window.article_list.model.row_of(window.state.article_id)


def _click_row(window, row: int) -> None:  # noqa: ANN001
    view = window.article_list.view
    index = window.article_list.model.index(row)
    view.scrollTo(index)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QApplication.processEvents()


@pytest.fixture
def listed(make_window, tmp_path):  # noqa: ANN001
    window = make_window(_project(tmp_path / "list.db"))
    window.resize(1280, 800)
    pump_until(lambda: window.state is not None and window.article_list.model.count() == ARTICLES)
    _click_row(window, 5)
    assert _row_of_open(window) == 5
    return window


@pytest.mark.parametrize("key, row", [
    ("Down", lambda w: 6), ("Up", lambda w: 4), ("Home", lambda w: 0), ("End", lambda w: ARTICLES - 1),
    ("PageDown", None), ("PageUp", lambda w: 0),
])
def test_after_a_click_the_lists_moving_key_opens_the_article_it_lands_on(listed, key, row) -> None:  # noqa: ANN001
    window = listed
    view = window.article_list.view
    assert QApplication.focusWidget() is view  # the click left the keys in the list
    QTest.keyClick(view, getattr(K, f"Key_{key}"))
    QApplication.processEvents()
    if row is None:  # a page is what the view says it is; it moved past the next row and opened it
        assert _row_of_open(window) > 6 and view.currentIndex().row() == _row_of_open(window)
    else:
        assert _row_of_open(window) == row(window), key
    landed = _row_of_open(window)
    assert view.currentIndex().row() == landed
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))  # scrolled to it
    assert QApplication.focusWidget() is view  # the next key moves on from there
    QTest.keyClick(view, K.Key_Up if key in ("End", "Down", "PageDown") else K.Key_Down)
    QApplication.processEvents()
    assert view.currentIndex().row() == _row_of_open(window) != landed


def test_return_in_the_list_hands_the_keys_to_the_article_where_they_keep_their_meaning(listed) -> None:  # noqa: ANN001
    window = listed
    view = window.article_list.view
    QTest.keyClick(view, K.Key_Down)
    QTest.keyClick(view, K.Key_Return)
    QApplication.processEvents()
    assert _row_of_open(window) == 6
    assert QApplication.focusWidget() is window.view.text_widget()
    for key in (K.Key_Down, K.Key_End, K.Key_PageUp, K.Key_Home):  # the article's keys there, not the list's
        QTest.keyClick(window.view.text_widget(), key)
        QApplication.processEvents()
        assert _row_of_open(window) == 6 == window.article_list.view.currentIndex().row(), key
