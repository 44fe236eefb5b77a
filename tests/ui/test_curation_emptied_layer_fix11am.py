"""fix11am (L2) in the curation view: after cy's layer of the article empties, the ⚠ is on the one
unit whose kept version was cy's alone, its tooltip says so, and the counter counts one (it flagged
every unit cy had marked: 4 here, "all 8" in the user test)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from tests.domain.test_curation import TEXT
from tests.domain.test_curation_changed import _replace_layer
from tests.domain.test_curation_emptied_layer_fix11am import MARKS_NOTHING, _curated_team
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_the_view_flags_only_the_unit_cy_alone_held(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid, bundles = _curated_team(tmp_path)
    _replace_layer(project, aid, "cy", dataclasses.replace(bundles["cy"], spans=[], stances=[]))
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    qtbot.waitUntil(lambda: dialog.alignment is not None and dialog.article_id == aid, timeout=10000)
    units = dialog.alignment.units
    gold_col = len(dialog.analysts) + 1
    flagged = [n for n, u in enumerate(units) if dialog.cell(n, gold_col).startswith("⚠ ")]
    assert [TEXT[units[n].start:units[n].end] for n in flagged] == ["Macron"]
    assert dialog.cell_tip(flagged[0], gold_col).startswith(
        "⚠ changed since decided: cy's PERSON «Macron» is gone since you kept it" + MARKS_NOTHING)
    dialog._show_counter()
    assert "<b>⚠ 1 changed since decided</b> in this article" in dialog.counter.text(), dialog.counter.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # Tab stops at the one ⚠ unit
    assert TEXT[dialog.current_unit().start:dialog.current_unit().end] == "Macron"
