"""The info bar floats over the foot of the article: showing it never moves the text (issue 9:
"the notice bar shifts the article down")."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_showing_and_hiding_a_notice_leaves_the_article_where_it_is(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.show()
    QApplication.processEvents()
    view_before = window.view.geometry()
    scroll_before = window.view.text_widget().verticalScrollBar().value()
    window.info_bar.show_message("The project file is busy: 2 edits waiting, they will be written when it is free",
                                 action="Details…", key="busy", topic="busy")
    QApplication.processEvents()
    assert window.info_bar.isVisible()
    assert window.view.geometry() == view_before
    assert window.view.text_widget().verticalScrollBar().value() == scroll_before
    bar = window.info_bar.geometry()
    assert window.view.geometry().contains(bar), (bar, window.view.geometry())
    assert bar.width() <= window.info_bar.MAX_WIDTH
    window.info_bar.clear("busy")
    QApplication.processEvents()
    assert not window.info_bar.isVisible()
    assert window.view.geometry() == view_before


def test_the_notice_follows_the_window_size(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.show()
    window.info_bar.show_message("Rules only: no trained pipeline is installed")
    QApplication.processEvents()
    window.resize(900, 600)
    QApplication.processEvents()
    assert window.view.geometry().contains(window.info_bar.geometry())
