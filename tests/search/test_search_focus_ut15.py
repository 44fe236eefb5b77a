"""usertest15 M1: after the search dialog the keys must be the article's again. Enter on a hit
opens it with the span selected, and the next key (A, X, Tab…) acts on it; Esc closes the dialog
and gives the keys back to the article as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.search.corpus import build
from tests.search.test_search_panel import _search
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures

pytestmark = pytest.mark.timeout(60)


def _keys_on_article(window) -> bool:  # noqa: ANN001
    focus = QApplication.focusWidget()
    return window.isActiveWindow() and focus is not None and window.view.isAncestorOf(focus) or focus is window.view


def test_enter_on_a_hit_gives_the_keys_to_the_article_at_that_span(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    window = make_window(build(tmp_path / "s.db"))
    window.open_article(3)
    panel = _search(window, qtbot, text="", speaker="flynn", label="QUOTE")
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.selected_id == "q2"
    pump_until(lambda: _keys_on_article(window), 5)


def test_escape_closes_the_dialog_and_gives_the_keys_back(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    window = make_window(build(tmp_path / "s.db"))
    window.open_article(3)
    window.view.setFocus()
    panel = _search(window, qtbot, text="flynn")
    QTest.keyClick(panel.text, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    pump_until(lambda: _keys_on_article(window), 5)
