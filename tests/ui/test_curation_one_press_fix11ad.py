"""fix11ad (issue 11, fix11ac's loose end 2) in the curation view, keyboard only: ana and ben both
mark PERSON «Maria Okafor» and the same stance of hers; the lead rejects the PERSON (↓ to it, X).
One Ctrl+Return — the key the counter advertises — decides the rest: the quote is kept and the
stance it brings is rejected with its holder, said on the status line, the article curated.
fix11ac held the stance back on the first press ("1 agreed unit to accept") and needed a second.
Hand-written text (usertest11m t40's), no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.domain.test_curation_holders_fix11ab import accepted_without_holder, with_maria
from tests.domain.test_curation_stance_follow_fix11y import TEXT, gold_stances
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def both_mark_maria(path: Path) -> tuple[Project, int]:
    project = Project.open(path)
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([with_maria(holder="maria")], analyst=name).article_ids[0]
    return project, aid


def test_x_on_the_holder_then_one_ctrl_return_curates_with_the_stance_rejected(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = both_mark_maria(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    for _ in range(len(dialog.alignment.units) + 1):  # ↓ chooses a row on purpose
        unit = dialog.current_unit()
        if unit is not None and TEXT[unit.start:unit.end] == "Maria Okafor":
            break
        qtbot.keyClick(dialog, Qt.Key.Key_Down)
    assert TEXT[dialog.current_unit().start:dialog.current_unit().end] == "Maria Okafor"
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    assert dialog.status.text().startswith("Saved: "), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    said = dialog.status.text()
    assert "its stance of Maria Okafor favor «harbour» rejected in gold (its holder «Maria Okafor» is not kept)" in said, said
    assert "not accepted" not in said and said.endswith("(article curated)"), said
    assert [s[:3] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "rejected")]
    assert accepted_without_holder(project, aid) == []
    assert dialog.alignment.article_curated
    # nothing is left for a second press, and Tab says so
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text().startswith("No agreed unit left to accept"), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.status.text().startswith("No disagreements left in this article · curated ✓"), dialog.status.text()
