"""fix11ag P6 (issue 11, last user test): Tab after Ctrl+Return visited a stance before its
disputed holder — the digit on the stance was then refused ("decide the holder first"). Tab's
order puts a holder (the speaker or span a stance depends on) before what waits on it. Keyboard
only; hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Span, Stance
from annotator.storage.project import Project
from tests.domain.test_curation_stance_follow_fix11y import TEXT, _at, bundle
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def maria(label: str, polarity: str) -> object:
    """The t20 record with «Maria Okafor» marked ``label``, holding a stance of ``polarity`` on the quote."""
    b = bundle(stance=None)
    m = _at("Maria Okafor")
    b.spans.append(Span(id="m", article_id=0, start=m[0], end=m[1], label=label, layer="entity"))
    b.stances = [Stance(id="st", article_id=0, holder="Maria Okafor", holder_span="m", target="harbour", polarity=polarity,
                        evidence="q1")]
    return b


def holder_and_stance_disputed(path: Path) -> tuple[Project, int]:
    """ana: Maria Okafor PERSON, favor; ben: ORG, against — the holder and the stance both disputed."""
    project = Project.open(path)
    aid = project.import_bundles([maria("PERSON", "favor")], analyst="ana").article_ids[0]
    project.import_bundles([maria("ORG", "against")], analyst="ben")
    return project, aid


def where(dialog) -> str:  # noqa: ANN001
    stance = dialog.current_stance()
    if stance is not None:
        return f"stance {stance.name}"
    unit = dialog.current_unit()
    return "" if unit is None else TEXT[unit.start:unit.end]


@pytest.mark.timeout(60)
def test_tab_after_ctrl_return_goes_to_the_holder_before_its_stance(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    said = dialog.status.text()
    # P5: what is left is counted and named, both kinds
    assert "1 disagreement left to decide: ORG/PERSON «Maria Okafor»" in said, said
    assert "1 stance left to decide: Maria Okafor on «harbour» (ana favor, ben against)" in said, said
    visits = []
    for _ in range(3):
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
        visits.append(where(dialog))
    assert visits[0] == "Maria Okafor", visits  # the holder first
    # fix11aj (usertest11q P6 rest): never the stance while its holder is undecided (its digit is refused)
    assert "stance Maria Okafor" not in visits, visits
    # decided in Tab's order, every press is taken: 1 on the holder, Tab, 2 on the stance
    while where(dialog) != "Maria Okafor":
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert "ana's PERSON «Maria Okafor»" in dialog.status.text(), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert where(dialog) == "stance Maria Okafor"
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("moved", [0, 1, 2, 3, 4, 5])
def test_tab_from_any_row_reaches_the_holder_before_the_stance(make_window, qtbot, tmp_path: Path, moved: int) -> None:  # noqa: ANN001
    """Wherever the row is after Ctrl+Return (Down ``moved`` times), the first Tab that lands on the
    holder or its stance lands on the holder."""
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    for _ in range(moved):
        qtbot.keyClick(dialog, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert where(dialog) == "Maria Okafor", (moved, where(dialog))


@pytest.mark.timeout(60)
def test_p4_a_digit_on_the_stance_before_its_holder_says_the_keys_not_flags(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """Ctrl+Return, then the row moved to the stance (End) and 1: refused, in the window's words —
    the keys that go on (Tab to the holder, X), never a curate flag."""
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_End)
    assert where(dialog) == "stance Maria Okafor"
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    said = dialog.status.text()
    assert "keep the holder first (Tab to it), or reject the stance (X)" in said, said
    assert "--" not in said, said


@pytest.mark.timeout(90)
@pytest.mark.parametrize("moved", [0, 1, 3])
def test_fix11aj_three_versions_tab_never_lands_on_the_waiting_stance(make_window, qtbot, tmp_path: Path, moved: int) -> None:  # noqa: ANN001
    """fix11aj (usertest11q P6 rest, s2): three analysts, three versions of the holder (PERSON, ORG,
    GPE) and of the stance (favor, against, neutral). After Ctrl+Return with the row on the holder
    (or moved), Tab counted the holder as shown and went on to the stance waiting on it, whose
    digit was refused. However many Tabs, none lands on the stance while the holder is undecided;
    once the holder is decided, Tab goes to the stance and its digit is taken."""
    project = Project.open(tmp_path / "p.db")
    project.import_bundles([maria("PERSON", "favor")], analyst="ana")
    project.import_bundles([maria("ORG", "against")], analyst="ben")
    project.import_bundles([maria("GPE", "neutral")], analyst="cy")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    for _ in range(moved):
        qtbot.keyClick(dialog, Qt.Key.Key_Down)
    visits = []
    for _ in range(6):
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
        visits.append(where(dialog))
    assert "Maria Okafor" in visits and not any(v.startswith("stance") for v in visits), visits
    while where(dialog) != "Maria Okafor":
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    assert "cy's GPE «Maria Okafor»" in dialog.status.text(), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert where(dialog) == "stance Maria Okafor"
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    assert dialog.status.text().endswith("(article curated)"), dialog.status.text()
    for _ in range(2):  # Shift+Tab too: nothing left to land on but decided rows; never refused
        qtbot.keyClick(dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
