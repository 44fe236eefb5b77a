"""fix11ae (issue 11, usertest11o O1, O2b, O5) in the curation view, keyboard only. Hand-written
text (usertest11m t40's), no corpus.

O1: ana's stance of Maria Okafor is *favor*, ben's *against*: Ctrl+Return said "accept all 5 agreed
units (article curated)" and gold held ana's favor "kept by all". Now Ctrl+Return leaves it, Tab
reaches it, a digit decides it. O5: after Tab says nothing is left, a resize (Shift+Right) still
moved the decided gold span; and Tab staying on an agreed quote not decided yet let X / 2 decide it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Status
from tests.domain.test_curation_by_name_fix11ac import ben_by_name
from tests.domain.test_curation_polarity_fix11ae import maria, team
from tests.domain.test_curation_stance_follow_fix11y import TEXT, bundle
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def gold_stances(project, aid: int) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return sorted((s.polarity, s.origin, s.attrs.get("curation", {}).get("kept", "")) for s in project.stances(aid)
                  if not s.analyst and s.status == Status.ACCEPTED)


def gold_spans(project, aid: int) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return sorted((TEXT[s.start:s.end], s.label, s.status.value) for s in project.bundle(aid).spans if not s.analyst)


def test_ctrl_return_leaves_the_polarity_disagreement_and_tab_then_2_decides_it(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = team(tmp_path / "p.db", {"ana": maria("favor"), "ben": maria("against")})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    said = dialog.status.text()
    assert "1 stance left to decide: Maria Okafor on «harbour» (ana favor, ben against)" in said, said  # fix11ag P5
    assert "(article curated)" not in said
    assert gold_stances(project, aid) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.current_stance() is not None, dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()
    assert gold_stances(project, aid) == [("against", "analyst:ben", "ben")]


def test_1_on_a_differing_stance_whose_holder_is_out_names_no_key_that_does_nothing(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """O2 (hmd): ana favor naming her PERSON «Maria Okafor», ben against by name, no span of her.
    ``Tab 2`` (ben's nothing at Maria) then Ctrl+Return said "decide the holder, then the stance"
    (the holder was decided); ``1`` on the stance said "2 keeps the stance by name … (A or
    Ctrl+Return too)" — A and Ctrl+Return did nothing, and 2 kept ben's *against*."""
    ben = ben_by_name()
    ben.stances = [dataclasses.replace(st, polarity="against") for st in ben.stances]
    project, aid = team(tmp_path / "p.db", {"ana": maria("favor"), "ben": ben})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert "Maria Okafor" in dialog.alignment.words(dialog.current_unit())
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    said = dialog.status.text()
    assert "decide the holder" not in said and "(article curated)" not in said, said
    assert "1 stance left to decide: Maria Okafor on «harbour» (ana favor, ben against)" in said, said  # fix11ag P5
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.current_stance() is not None, dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    said = dialog.status.text()
    assert "2 keeps ben's stance by name (against), or reject the stance (X)" in said, said
    assert "Ctrl+Return" not in said and "A or" not in said
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # what it said 2 does, it does
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()
    assert gold_stances(project, aid) == [("against", "analyst:ben", "ben")]
    [kept] = [s for s in project.stances(aid) if not s.analyst and s.status == Status.ACCEPTED]
    assert kept.holder_span == "" and kept.created  # O4: ben's record, by name


def hx(path: Path):  # noqa: ANN201
    """t60 hx: ana PERSON «Tom Brennan», ben ORG, the same stance."""
    return team(path, {"ana": bundle(), "ben": bundle(label="ORG")})


def test_a_resize_on_the_unit_tab_stayed_on_changes_nothing(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = hx(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.alignment.article_curated, dialog.status.text()
    before = gold_spans(project, aid)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.status.text().startswith("No disagreements left in this article · curated ✓")
    for key, mods in ((Qt.Key.Key_Right, SHIFT), (Qt.Key.Key_Left, CTRL | SHIFT), (Qt.Key.Key_Left, SHIFT)):
        qtbot.keyClick(dialog, key, mods)
        assert dialog.status.text().startswith("Not changed: nothing is left to decide here"), (key, dialog.status.text())
        assert gold_spans(project, aid) == before
    # chosen on purpose: the resize acts
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_Right, SHIFT)
    assert dialog.status.text().startswith("Saved:"), dialog.status.text()
    assert gold_spans(project, aid) != before


def test_x_or_a_digit_on_the_agreed_quote_tab_stayed_on_changes_nothing(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """O5 (hmki2, hmbi3): "No disagreement left: 5 agreed units to accept (Ctrl+Return)", Tab stays on
    the agreed quote not decided yet; X rejected it, 2 kept ben's."""
    project, aid = team(tmp_path / "p.db", {"ana": bundle(), "ben": bundle()})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert "agreed unit" in dialog.status.text() and "(Ctrl+Return)" in dialog.status.text(), dialog.status.text()
    for key in (Qt.Key.Key_X, Qt.Key.Key_2, Qt.Key.Key_A):
        qtbot.keyClick(dialog, key)
        assert dialog.status.text().startswith("Not changed: Tab only stayed on this agreed unit"), (key, dialog.status.text())
        assert gold_spans(project, aid) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()


def test_tab_2_on_a_fresh_article_keeps_bens_stance_with_the_agreed_quote(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """O1/O3 (hmpm1): ``Tab 2`` (the lead wants ben's *against*) said "keep that quote or claim
    first (Tab to it)" and Tab never went there; the only key left was Ctrl+Return, ana's favor."""
    project, aid = team(tmp_path / "p.db", {"ana": maria("favor"), "ben": maria("against")})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.current_stance() is not None, dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    said = dialog.status.text()
    assert said.startswith("Saved: Curate: keep ben's stance Maria Okafor against «harbour»"), said
    assert "kept in gold (agreed by all)" in said
    assert gold_stances(project, aid) == [("against", "analyst:ben", "ben")]
    assert said.endswith("(article curated)")  # its quote brought its speaker and cue; its holder came too
