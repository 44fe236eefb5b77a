"""fix11s (issue 11, F6) in the curation view, keyboard only: gold's own QUOTE (imported without
--analyst, SPEAKER → «Okafor») beside the analysts' agreed one (SPEAKER → «Tom Brennan»): the row
says "gold differs" and lists gold's version, Tab stops there, Ctrl+Return leaves it and says why,
no ⚠; A keeps gold's. Hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.domain.test_curation_own_gold_fix11s import QUOTE, TEXT, _suggested_gold, make, okafor_gold
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_view_lists_gold_own_version_and_ctrl_return_leaves_it(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = make(tmp_path / "t.db", okafor_gold())
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.article_id == aid
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    q = rows[QUOTE]
    assert dialog.cell(q, 0) == "all agree, gold differs"
    assert dialog.cell_tip(q, 3) == ("not decided — gold's own (before curation): QUOTE «\"Nobody wants to rush this,\"»  "
                                     "→ SPEAKER: «Okafor»")
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == (
        "Saved: Curate: accept all 3 agreed units; 2 disagreements where gold differs left for you (gold held its own version "
        "there before curation: imported as the project's own, not an analyst's, or decided by hand): A keeps gold's, 1…9 an analyst's, X rejects (Tab)")
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    # fix11u (usertest11j F1): gold's own SPEAKER «Okafor», which both analysts left out, is a row of its own
    assert dialog.cell(rows["Okafor"], 0) == "left out by all (gold's own), gold differs"
    assert dialog.cell(rows["Okafor"], 3) == "not decided — gold's own (before curation): SPEAKER «Okafor»"
    assert not any(dialog.cell(n, 3).startswith("⚠") for n in rows.values())  # Brennan, «told»: no "kept without it"
    assert "⚠" not in dialog.counter.text()
    dialog.current = None
    press(Qt.Key.Key_Tab)
    assert dialog.current_unit().key == dialog.alignment.units[rows[QUOTE]].key  # the one thing left to decide
    press(Qt.Key.Key_A)
    assert dialog.status.text().startswith('Saved: Curate: keep QUOTE «"Nobody wants to rush this,"» in gold as it is '
                                           "(gold's own version from before curation, not the analysts')")
    assert dialog.cell(rows[QUOTE], 3).startswith('✓ QUOTE «"Nobody wants to rush this,"» (gold)')
    # kept without Brennan by the lead now: the ⚠ is right (and said)
    assert dialog.cell(rows["Tom Brennan"], 3).startswith("⚠ ✓ SPEAKER «Tom Brennan»")


def test_a_on_a_quote_says_the_suggested_gold_link_it_rejects(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = make(tmp_path / "t.db", _suggested_gold())
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    dialog.current = dialog.alignment.units[rows[QUOTE]].key
    qtbot.keyClick(dialog, Qt.Key.Key_A)
    assert dialog.status.text() == ('Saved: Curate: keep QUOTE «"Nobody wants to rush this,"» in gold (agreed by all); its '
                                    "SPEAKER link to «Okafor» (suggested) rejected in gold (the agreed version has none)")
