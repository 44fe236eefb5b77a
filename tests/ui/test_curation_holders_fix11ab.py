"""fix11ab (issue 11, usertest11m F1, F2, F4) in the curation view, keyboard only. Hand-written text
(usertest11m t40's), no corpus.

F1 (t40/r47.sh m2/i1): ``Ctrl+Return Tab 1 Tab 2`` — the second Tab landed on the decided QUOTE,
``2`` kept ben's QUOTE again and brought his stance of Maria Okafor in with holder_span "", the
article marked curated. Tab now moves only over undecided units: ``2`` keeps ben's stance, its
holder her PERSON. F2 (r44 Ox3): ``Tab X Tab 1`` re-accepted the stance X had rejected with its
holder. F4 (r40 art/win): an agreed stance waiting read "No disagreements left"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.domain.test_curation_holders_fix11ab import accepted_without_holder, holder_differs
from tests.domain.test_curation_stance_follow_fix11y import bundle, curated_without_stance, gold_stances, own_gold
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
QUOTE = '"The harbour," QUOTE accepted'


def test_ctrl_return_tab_1_tab_2_keeps_each_stance_with_its_holder(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = holder_differs(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text().startswith("No agreed unit left to accept")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    first = dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.current_stance() is not None, "Tab left the stance units for a decided unit"
    assert not dialog.current_stance().decided
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    second = dialog.status.text()
    assert "QUOTE" not in first + second
    assert second.endswith("(article curated)")
    assert accepted_without_holder(project, aid) == []
    kept = {s[0]: s for s in gold_stances(project, aid)}
    # whichever stance unit the first Tab reached, each digit decided a stance unit, with its holder
    assert {k: v[2] for k, v in kept.items()} in ({"Tom Brennan": "accepted", "Maria Okafor": "accepted"},
                                                 {"Tom Brennan": "rejected", "Maria Okafor": "rejected"})
    for holder, (_, _, status, held, on) in kept.items():
        assert (held, on) == (f"{holder} PERSON accepted", QUOTE)


def test_tab_never_lands_on_a_decided_unit(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """With one disagreement left, Tab stays on it (it wrapped to "the next disagreement at all",
    decided ones too); with none left it stays and says so."""
    project, aid = holder_differs(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    for _ in range(4):
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
        assert dialog.current_stance() is not None and not dialog.current_stance().decided
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    for _ in range(3):
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
        assert dialog.current_stance() is not None and not dialog.current_stance().decided
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.status.text().endswith("(article curated)")
    here = dialog.current
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.current == here
    assert dialog.status.text().startswith("No disagreements left in this article · curated ✓")
    assert accepted_without_holder(project, aid) == []


def test_x_on_the_holder_then_1_on_the_quote_leaves_the_stance_rejected(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert "its stance of Tom Brennan favor «harbour» stays rejected as you decided (its holder «Tom Brennan» is rejected)" \
        in dialog.status.text()
    assert accepted_without_holder(project, aid) == []
    assert [s[:3] for s in gold_stances(project, aid)] == [("Tom Brennan", "favor", "rejected")]


def test_an_agreed_stance_waiting_is_said_in_the_counter(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """F4 (t20/r31, t40/r40 art): the counter read "No disagreements left in this article or the
    project" while the agreed new stance waited; Tab 2 answered "Already so in gold"."""
    project, aid = curated_without_stance(tmp_path / "p.db", article_level=True)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.counter.text().startswith("1 agreed unit to accept (Ctrl+Return) · no disagreements left in this article or the project")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.status.text().startswith("No disagreement left: 1 agreed unit to accept (Ctrl+Return)")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text() == "Saved: Curate: accept the 1 agreed unit (article curated)"
    assert dialog.counter.text() == "No disagreements left in this article or the project · article curated ✓"
