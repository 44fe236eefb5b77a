"""fix37 (usertest28 M2): the window's pre-annotation runs at background priority (its child's
niceness +10, nlp/background_priority.py), 3-4x slower than `annotator preannotate` on a machine
busy with other work, and nothing said so. The running indicator's tooltip says it; other work's
tooltip stays its line alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.storage.project import Project
from annotator.ui.background import PRIORITY_NOTE
from tests.ui.test_preannotation_busy_file_fix32 import _project
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def _slow(pipeline: object, text: str):  # noqa: ANN202 - a stand-in suggester slow enough to be seen running
    time.sleep(0.05)
    return fake_suggester(pipeline, text)


def test_the_running_preannotations_tooltip_says_why_it_may_be_slower(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False), suggester=_slow)
    label = window.progress_indicator.label
    seen: list[str] = []
    window.start_preannotation(ids, asked=False)
    pump_until(lambda: (seen.append(label.toolTip()) or "Pre-annotating" in label.toolTip()), timeout=30)
    tip = label.toolTip()
    assert tip.startswith(label.text()) and tip.endswith(PRIORITY_NOTE), tip
    assert "annotator preannotate" in tip and "low priority" in tip
    pump_until(lambda: window.worker is None, timeout=60)


def test_other_work_keeps_its_line_as_its_tooltip(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.background.show_progress(3, 10, "Exporting 3 of 10 articles", slot="job")
    assert window.progress_indicator.label.toolTip() == window.progress_indicator.label.text()
    assert PRIORITY_NOTE not in window.progress_indicator.label.toolTip()
