"""Issue 10 (ui10k): the launch's automatic pre-annotation (``launch.run_app`` →
``preannotate_at_launch``) is said in the status bar and nothing covers the article; ui10j's
whole-summary notice over the article, which stays until dismissed, is for File → Pre-annotate,
which the analyst asked for. A pipeline that could not be loaded is still said clearly at launch:
a ⚠ status line and the pipeline label, not a panel (README: "says so in the status bar").
Made-up texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from annotator.nlp.pipeline_use import set_project_choice
from annotator.ui.launch import preannotate_at_launch
from tests.ui.test_window_pipeline import installed  # noqa: F401
from tests.ui.test_window_screenshots import save_widget
from tests.ui.test_window_support import FakePipeline, make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _fits(window, line: str) -> bool:  # noqa: ANN001
    """Whether ``line`` fits the status bar's message area, left of its right-hand items."""
    bar = window.statusBar()
    right = min(w.geometry().left() for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) if w.isVisible() and w.width() > 0
                and w.geometry().left() > bar.width() // 3)
    return QFontMetrics(bar.font()).horizontalAdvance(line) <= right - 16  # the message starts a few px in


def _launch(window) -> None:  # noqa: ANN001
    assert preannotate_at_launch(window)
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()


def test_launch_run_is_a_status_line_and_covers_nothing_file_preannotate_still_shows_the_summary(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db", suggest=False))
    window.resize(1024, 700)
    _launch(window)
    assert not window.info_bar.isVisibleTo(window) and not window.summary_bar.isVisibleTo(window)  # nothing over the article
    line = window.statusBar().currentMessage()
    assert line.startswith("Pre-annotated 3 articles at launch: ") and line.endswith(" new") and "notice" not in line, line
    assert _fits(window, line)
    assert window.preannotator.last_summary.startswith("Pre-annotated 3 articles in ")
    save_widget(window, "launch_preannotated.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot
    # the keys go to the article at once: Tab selects the first suggestion
    assert window.state.pending_count() > 0
    window.span_list.list.setFocus()
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert window.session.selected_id is not None
    # File → Pre-annotate, which the analyst asks for: the whole summary in the notice, as ui10j made it
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    pump_until(lambda: window.worker is None)
    assert window.summary_bar.isVisibleTo(window) and window.summary_bar.text.text() == window.preannotator.last_summary
    assert window.statusBar().currentMessage().endswith("(the whole summary is in the notice)")


def test_a_pipeline_that_could_not_load_at_launch_is_a_warning_not_a_panel(make_window, installed, qtbot, tmp_path) -> None:  # noqa: ANN001, F811
    project = make_project(tmp_path / "p.db", suggest=False)
    set_project_choice(project, "en_core_web_lg")  # the project's own choice (fixut16a)
    window = make_window(project, loader=None)
    window.resize(1024, 700)
    _launch(window)
    assert [name for name, _thread in installed] == ["en_core_web_lg", None]
    assert not window.info_bar.isVisibleTo(window)
    line = window.statusBar().currentMessage()
    assert line == "⚠ “en_core_web_lg” not loaded: default pipeline used (3 articles)", line
    assert _fits(window, line)
    assert window.pipeline_label.text() == "⚠ en_core_web_sm 3.8.0 (fallback)"  # stays after the line is gone
    assert "installed pipelines are en_core_web_md" in window.pipeline_label.toolTip()
    assert window.state.pending_count() > 0  # the default's suggestions arrived
    save_widget(window, "launch_fallback.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot


def test_rule_only_at_launch_is_said_in_the_bar_and_the_notice_waits_for_file_preannotate(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    def rule_only():  # noqa: ANN202
        return FakePipeline(name="rule-only", rule_only=True, notice="No trained spaCy pipeline is installed.")

    window = make_window(make_project(tmp_path / "p.db", suggest=False), loader=rule_only)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    _launch(window)
    assert not window.info_bar.isVisibleTo(window)
    assert "No trained spaCy pipeline is installed." in said  # README: "says so in the status bar"
    assert window.pipeline_label.text().startswith("Rules only")
    window.pipeline = None
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)  # asked for: the one-time notice is shown now
    pump_until(lambda: window.worker is None)
    assert window.info_bar.isVisibleTo(window) and "No trained spaCy pipeline" in window.info_bar.text.text()
