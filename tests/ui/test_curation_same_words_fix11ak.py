"""fix11ak N2 (usertest11r) in the curation view, keyboard only: ana and ben PERSON, cy ORG over the
same words (ben's longer) show as one label-conflict row; a digit decides it, gold holds one label.
A same-words second label (one analyst marked both) is refused with a message, nothing saved.
Hand-made text, invented names; no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.curation import Agreement
from tests.domain.test_curation_same_words_fix11ak import gold_of, make_project, span
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def test_one_conflict_row_and_one_label_in_gold(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = make_project(tmp_path / "t.db", {
        "ana": [span("a1", "Lena Varga", "PERSON")],
        "ben": [span("b1", "Lena Varga of Tarnby watched", "PERSON")],
        "cy": [span("c1", "Lena Varga", "ORG")],
    })
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.article_id == aid
    assert [u.agreement for u in dialog.alignment.units] == [Agreement.CONFLICT]
    dialog.current = dialog.alignment.units[0].key
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    assert dialog.status.text().startswith("Saved"), dialog.status.text()
    assert gold_of(project, aid) == [("Lena Varga", "ORG")]


def test_second_label_on_the_same_words_refused(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = make_project(tmp_path / "t.db", {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Lena Varga", "ORG")],
        "ben": [span("b1", "Ostrava", "GPE")],
    })
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    rows = [u for u in dialog.alignment.units if u.start == span("x", "Lena Varga", "X").start]
    assert len(rows) == 2
    dialog.current = rows[0].key
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert dialog.status.text().startswith("Saved"), dialog.status.text()
    first = gold_of(project, aid)
    dialog.current = rows[1].key
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    said = dialog.status.text()
    assert said.startswith("Not saved: gold would hold ORG and PERSON on the same words «Lena Varga»"), said
    assert "X rejects" in said and "--" not in said
    assert gold_of(project, aid) == first
