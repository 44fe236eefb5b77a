"""usertest16 LOW-4: in Search annotations (Ctrl+Shift+F), Return in any field runs the search —
also in the Label / Polarity / Status combo boxes and the "in the article's text" check box (on
main only the line edits did). Esc still closes; Tab still walks the fields in form order."""

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


@pytest.mark.parametrize("field", ["label", "polarity", "status", "in_article"])
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_return_in_a_combo_box_or_the_check_box_runs_the_search(make_window, qtbot, tmp_path: Path, field: str, key) -> None:  # noqa: ANN001, F811
    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, text="flynn")
    panel.text.clear()
    QTest.keyClicks(panel.speaker, "flynn")
    widget = getattr(panel, field)
    widget.setFocus()
    pump_until(widget.hasFocus, 5)
    with qtbot.waitSignal(panel.searched, timeout=10_000):
        QTest.keyClick(widget, key)
    assert panel.isVisible()
    assert panel._query.speaker == "flynn" and panel._query.text == ""  # the search ran with the fields as they are now
    assert panel.model.rowCount() > 0


def test_escape_and_tab_order_still_work(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001, F811
    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, text="flynn")
    panel.text.setFocus()
    order = [panel.text]
    for _ in range(8):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:9] == [panel.text, panel.in_article, panel.label, panel.speaker, panel.claimant, panel.target,
                         panel.polarity, panel.status, panel.analyst]
    panel.status.setFocus()
    QTest.keyClick(panel.status, Qt.Key.Key_Escape)
    assert not panel.isVisible()
