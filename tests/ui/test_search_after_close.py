"""The article list's typed search refreshes 150 ms after the last key (a debounce timer). A
window closed within those 150 ms must not refresh against its closed project: fixut15 saw
"Cannot operate on a closed database" raised from the timer in a test log."""

from __future__ import annotations

import os

import pytest
from PySide6.QtTest import QTest

from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.timeout(60)


def test_a_search_typed_just_before_closing_does_not_touch_the_closed_project(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    refreshed = []
    window.article_list.filterChanged.connect(lambda: refreshed.append(window.article_list.query()))
    window.article_list.search.setFocus()
    QTest.keyClicks(window.article_list.search, "alp")
    window.close()
    window.shutdown(5)  # closes the project file, as the launcher does after the window closed
    qtbot.wait(400)  # past the 150 ms debounce: pytest-qt fails the test on an exception in the slot
    assert refreshed == []
