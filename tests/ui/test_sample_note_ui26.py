"""usertest22 L5 in the window: the sample's missing real-data article is said in the status line
when the window opens, and the launch's pre-annotation line carries it. Made-up texts."""

from __future__ import annotations

import pytest

from annotator.storage.sample import SAMPLE_NOTE
from annotator.ui import launch
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

NOTE = "Sample without its real news article: /elsewhere/shared/data/seed-article.txt not found"


def test_the_launch_says_it_and_its_run_keeps_it(make_window, tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    project.set_setting(SAMPLE_NOTE, NOTE)
    window = make_window(project)
    launch.launch_lines(window)
    assert window.statusBar().currentMessage() == NOTE
    pump_until(lambda: "pre-annotated 3 articles" in window.statusBar().currentMessage(), timeout=60)
    assert window.statusBar().currentMessage().startswith(NOTE + "; then pre-annotated 3 articles")
    assert project.get_setting(SAMPLE_NOTE) == ""  # said once
