"""fix11al (usertest11s L1): arriving by PgUp/PgDown on an article whose only disagreement left
is the one shown, the first Tab left for the next article's (a following key decided there) while
opening the view on that article directly took two Tabs. Now the first Tab stays, saying it is the
only one left; the second goes on. With more left, Tab goes on from the shown one (fix11h)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_curation_open_tab_cur11ui import open_view, shown, team
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def test_first_tab_stays_on_the_only_disagreement_left_after_pgup(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(a)
    dialog = open_view(window, qtbot)
    for _ in range(4):  # said, the quote, Reuters, Macron: each kept as ben's (2)
        qtbot.keyClick(dialog, Qt.Key.Key_2)
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")  # A's only one left
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.article_id == b
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")  # stayed: it is still undecided
    assert dialog.status.text().startswith(f"Tab: this is the only disagreement left in #{a}"), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.article_id != a  # the second Tab goes on, as after opening the view on it
