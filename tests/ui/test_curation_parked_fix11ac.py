"""fix11ac (issue 11, usertest11n N1, N2) in the curation view, keyboard only. Hand-written text
(usertest11m t40's), no corpus.

N2 (t50/r50ox.log ox2): gold ORG «Tom Brennan», ana and ben PERSON. ``Tab A Tab A``: the first A
kept gold's ORG (article curated), Tab said "No disagreements left · curated ✓" and stayed on the
decided unit, and the second A kept the PERSON instead — silently re-deciding it. Now a key on the
unit Tab stayed on changes nothing and says how to change it on purpose (click its row, ↑/↓).
N1 (t50/r54.sh L1): ``Tab 2`` (ben's: no Maria span) then Ctrl+Return keeps the agreed stance by
name, as ben names it; it said "1 agreed unit to accept" and then "No agreed unit left to accept"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.ui.curation_view import PARKED_HINT
from tests.domain.test_curation_by_name_fix11ac import hm
from tests.domain.test_curation_stance_follow_fix11y import bundle, gold_stances, own_gold
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def gold_labels(project, aid: int) -> list[tuple[str, str]]:  # noqa: ANN001
    return sorted((s.label, s.status.value) for s in project.bundle(aid).spans if not s.analyst and s.label in ("ORG", "PERSON"))


def test_tab_a_tab_a_does_not_re_decide_the_unit_tab_stayed_on(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_A)
    assert dialog.status.text().endswith("(article curated)")
    decided = gold_labels(project, aid)
    assert ("ORG", "accepted") in decided
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.status.text() == "No disagreements left in this article · curated ✓" + PARKED_HINT
    for key in (Qt.Key.Key_A, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_X):
        qtbot.keyClick(dialog, key)
        assert dialog.status.text().startswith("Not changed: nothing is left to decide here"), key
        assert gold_labels(project, aid) == decided
    # chosen on purpose (its row clicked): the keys act on it again
    row = next(i for i, u in enumerate(dialog.alignment.units) if u.key == dialog.current)
    dialog._select_row(row)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert dialog.status.text().startswith("Saved:")
    assert ("PERSON", "accepted") in gold_labels(project, aid)


def test_tab_2_then_ctrl_return_finishes_the_article_with_the_stance_by_name(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = hm(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert "Maria Okafor" in dialog.alignment.words(dialog.current_unit())
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert "not accepted" not in dialog.status.text()
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()
    assert [s[:4] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "accepted", "")]
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text().startswith("No agreed unit left to accept")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.status.text().startswith("No disagreements left in this article · curated ✓")
