"""fix11y (issue 11, usertest11l H1, H2) in the curation view, keyboard only. Hand-written text
(usertest11l t20's), no corpus.

H1 (t20/r31.sh): an agreed stance added after the quote was decided — Ctrl+Return said "nothing
left to decide (every unit is decided): article curated" and gold kept no stance. Now the counter
holds back the ✓ and Ctrl+Return accepts it. r30: the counter read "article curated ✓ · 1 stance
differs" (documented nowhere); stance units are counted as the span units are.

H2 (t20/r22.sh, r23.sh): Tab 1 on gold's ORG «Tom Brennan» (the analysts' PERSON) emptied the
stance's holder span; Ctrl+Z gave it back, Ctrl+Shift+Z emptied it again; X left the stance
accepted with no holder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.domain.test_curation_stance_follow_fix11y import bundle, curated_without_stance, gold_stances, own_gold
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
QUOTE = '"The harbour," QUOTE accepted'


def test_ctrl_return_accepts_an_agreed_stance_added_after_the_quote_was_decided(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = curated_without_stance(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.article_id == aid
    assert "✓" not in dialog.counter.text() and "stance" not in dialog.counter.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text() == "Saved: Curate: accept the 1 agreed unit (article curated)"
    assert dialog.counter.text() == "No disagreements left in this article or the project · article curated ✓"
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted", QUOTE)]


def test_tab_1_keeps_the_stance_holder_on_the_kept_span_through_undo_and_redo(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert dialog.status.text() == "Saved: Curate: keep ana's PERSON «Tom Brennan» (article curated)"
    assert "stance" not in dialog.counter.text() and dialog.counter.text().endswith("article curated ✓")
    kept = [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted", QUOTE)]
    assert gold_stances(project, aid) == kept
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL)
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan ORG accepted", QUOTE)]
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert gold_stances(project, aid) == kept


def test_x_on_the_holders_unit_rejects_the_stance_and_says_so(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    assert dialog.status.text().startswith("Saved: Curate: reject ORG «Tom Brennan»; its stance of Tom Brennan favor «harbour» "
                                           "rejected in gold (its holder «Tom Brennan» is rejected)")
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "rejected", "", QUOTE)]
