"""View → Progress and charts…: the dialog opens offscreen on a project, counts off the UI
thread, shows "N of M done" and saves the chart on show as SVG and PNG."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from annotator.domain.model import Article  # noqa: E402
from annotator.storage.project import Project  # noqa: E402
from tests.report.helpers import known_project  # noqa: E402


@pytest.fixture
def known(tmp_path: Path):
    project = Project.open(tmp_path / "news.db")
    known_project(project)
    yield project
    project.close()


def test_dialog_shows_done_line_and_saves_svg_and_png(qtbot, known: Project, tmp_path: Path) -> None:
    from annotator.report.charts import CHARTS
    from annotator.ui.charts_dialog import ChartsDialog

    dialog = ChartsDialog(known)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.reportReady, timeout=20_000):
        dialog.show()
    assert not dialog.isModal()
    assert dialog.header.text() == "1 of 1 article done (100%)"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [title for _, title, _ in CHARTS]
    dialog.tabs.setCurrentIndex(3)  # suggestions
    assert dialog.current_chart_name() == "suggestions-by-label"
    svg = dialog.save_current(tmp_path / "chart.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert "PERSON" in svg.read_text(encoding="utf-8")  # the label names are text in the drawing
    png = dialog.save_current(tmp_path / "chart.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError):
        dialog.save_current(tmp_path / "chart.pdf")
    dialog.close()


def test_dialog_refresh_counts_new_articles(qtbot, known: Project) -> None:
    from annotator.ui.charts_dialog import ChartsDialog

    dialog = ChartsDialog(known)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.reportReady, timeout=20_000):
        dialog.show()
    known.add_article(Article(None, "Another article."))
    with qtbot.waitSignal(dialog.reportReady, timeout=20_000) as ready:
        dialog.refresh()
    assert ready.args[0].articles_total == 2
    assert dialog.header.text() == "1 of 2 articles done (50%)"
    dialog.close()


def test_window_action_opens_the_dialog(qtbot, make_window) -> None:
    from annotator.ui.charts_dialog import ChartsDialog

    window = make_window()
    action = window.actions_by_id["charts"]
    assert action.shortcut().toString() == "Ctrl+Shift+R"
    action.trigger()
    dialog = window.findChild(ChartsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.project is window.project
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.is_busy(), timeout=20_000)
    action.trigger()  # again: the same dialog, raised and counted again
    assert window.findChildren(ChartsDialog) == [dialog]
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    dialog.close()


def test_window_and_cli_import_no_matplotlib() -> None:
    code = ("import sys, annotator.ui.window, annotator.cli, annotator.report.charts, annotator.report.figures\n"
            "assert 'matplotlib' not in sys.modules, 'matplotlib would slow the launch'")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


from tests.ui.test_window_support import make_window, no_modals  # noqa: E402, F401 - fixtures
