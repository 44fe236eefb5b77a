"""fix11w (issue 11, usertest11k F1) in the curation view, keyboard only: gold imported without
--analyst equal to both analysts (QUOTE, PERSON, CUE, SPEAKER and CUE links, a stance). Ctrl+Return
curates; then a digit or A on each unit said "keep ana's CUE «said» (curated mark withdrawn …)",
rejected gold's CUE and its link and made a "gold differs" unit. Now each says "Already so in
gold: nothing to change", gold and the curated mark stay. Hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.domain.test_curation_keep_equal_gold_fix11w import EQUAL, gold, make
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


@pytest.mark.parametrize("key", [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_A], ids=["1", "2", "A"])
def test_keys_on_units_gold_holds_change_nothing(make_window, qtbot, tmp_path: Path, key: Qt.Key) -> None:  # noqa: ANN001
    project, aid = make(tmp_path / "t.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.article_id == aid
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == "Saved: Curate: nothing left to decide (every unit is decided): article curated"
    for unit in list(dialog.alignment.units):
        dialog.current = unit.key
        qtbot.keyClick(dialog, key)
        assert dialog.status.text() == "Already so in gold: nothing to change"
    assert "article curated ✓" in dialog.counter.text()
    assert gold(project, aid) == EQUAL
    assert not any(u.disagreement or u.changed for u in dialog.alignment.units)
