"""fix11aj (issue 11, usertest11q H1) in the curation view: a stance decided from ana's and ben's
favor, then ben's turned neutral by a newer import, showed "no disagreements left · curated ✓".
Now the view counts it ⚠, Tab goes to it, and a digit decides it again. Hand-written text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.cli.test_curate_polarity_fix11ae import stances, team
from tests.cli.test_stance_changed_fix11aj import reimport
from tests.cli.test_curate_stances_fix11y import ok
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)


def test_the_view_flags_a_turned_stance_and_a_digit_decides_it_again(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    db = team(tmp_path, {"ana": "favor", "ben": "favor", "cy": "against"})
    ok("curate", db, "--keep", "ana", "--article", "1")
    ok("curate", db, "--accept-agreed", "--article", "1")
    reimport(tmp_path, db, "ben", "neutral")
    dialog = open_view(make_window(Project.open(db), analyst="lead"), qtbot)
    assert dialog.alignment is not None and dialog.alignment.changed_since_decided() == 1
    assert not dialog.alignment.curated
    for _ in range(3):
        if dialog.current_stance() is not None:
            break
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    stance = dialog.current_stance()
    assert stance is not None and "ben's stance of Maria Okafor on «harbour» is now neutral" in stance.changed
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # ben's version (neutral)
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()
    assert stances(db) == [("neutral", "accepted", "analyst:ben", "ben")]
