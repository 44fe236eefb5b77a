"""Issue 10 (ui10j, usertest10e finding 9): File → Pre-annotate's summary is shown whole (it was cut
off at "…; 0" by the status bar's right-hand items and gone in ~40 s), "Order: most uncertain
first" is kept for each project file (it was the user's, so the next project opened was scored on
open), and untitled articles have the window's name in `annotator search` and `annotator next`
(the CSV's title was empty; `next` showed the first words). Made-up texts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from PySide6.QtGui import QFontMetrics

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.storage.project import Project
from annotator.ui.active_order import order_key
from tests.cli.test_next_stored_scores_ui10i import seam  # noqa: F401
from tests.ui.test_active_order import CTRL_SHIFT, stub_scorer_for
from tests.ui.test_window_keys import press
from tests.ui.test_window_screenshots import save_widget
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]


def test_preannotate_summary_is_whole_in_the_notice_and_the_status_line_fits(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db", suggest=False))
    window.resize(1024, 700)  # a laptop's window: the summary alone is wider than the message area
    qtbot.wait(50)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pump_until(lambda: window.worker is None)
    summary = window.preannotator.last_summary
    assert summary.startswith("Pre-annotated 3 articles in ") and "; " in summary and summary.endswith(" new")
    assert window.summary_bar.isVisibleTo(window) and window.summary_bar.text.text() == summary  # whole, until dismissed
    line = window.statusBar().currentMessage()
    assert line.startswith("Pre-annotated 3 articles: ") and line.endswith("(the whole summary is in the notice)")
    # the status line fits beside the bar's right-hand items (the whole summary did not)
    bar = window.statusBar()
    right = min(w.geometry().left() for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) if w.isVisible() and w.width() > 0
                and w.geometry().left() > bar.width() // 3)
    room = right - 8
    metrics = QFontMetrics(bar.font())
    assert metrics.horizontalAdvance(line) <= room, (metrics.horizontalAdvance(line), room)
    save_widget(window, "preannotate_summary.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot
    qtbot.wait(50)
    assert window.summary_bar.text.text() == summary  # still there (a status message is gone in 30 s)


def test_most_uncertain_first_is_kept_for_its_project_only(make_window, tmp_path) -> None:  # noqa: ANN001
    calls: list[str] = []
    window = make_window(make_project(tmp_path / "a.db"))
    window.active_order.scorer_for = stub_scorer_for(calls)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert window.article_list.order.currentText() == "Order: most uncertain first" and len(calls) == 3
    first = window.project
    window.close()
    other = make_window(make_project(tmp_path / "b.db"))  # another project: in import order, nothing scored
    other.active_order.scorer_for = stub_scorer_for(calls)
    wait_idle(other)
    assert other.article_list.order.currentText() != "Order: most uncertain first" and len(calls) == 3
    assert other.settings.value(order_key(other.project.path)) is None
    other.close()
    again = make_window(first)  # the first project again: its order is back
    again.active_order.scorer_for = stub_scorer_for(calls)
    wait_idle(again)
    assert again.article_list.order.currentText() == "Order: most uncertain first"


def test_cli_search_csv_and_next_name_an_untitled_article_as_the_window_does(tmp_path, seam) -> None:  # noqa: ANN001

    path = tmp_path / "u.db"
    with Project.open(path) as project:
        project.add_article(Article(None, "Ann Holt said the plan works.", title="", meta={"file": "m1.txt"}))
        project.add_article(Article(None, "Tom Reed said nothing at all.", title=""))
        project.add_article(Article(None, "Boston said so too.", title="Boston"))
        ids = project.article_ids()
    ran = CliRunner().invoke(cli, ["search", str(path), "said", "--in-article", "--csv"])
    assert ran.exit_code == 0, ran.output
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    assert {(int(r["article_id"]), r["title"]) for r in rows} <= {(ids[0], "m1.txt"), (ids[1], f"Article {ids[1]}"), (ids[2], "Boston")}
    ran = CliRunner().invoke(cli, ["search", str(path), "--csv", "--status", "all"])
    assert ran.exit_code == 0, ran.output
    ran = CliRunner().invoke(cli, ["next", str(path), "--json"])
    assert ran.exit_code == 0, ran.output
    titles = {json.loads(line)["id"]: json.loads(line)["title"] for line in ran.stdout.splitlines() if line.startswith("{")}
    assert titles == {ids[0]: "m1.txt", ids[1]: f"Article {ids[1]}", ids[2]: "Boston"}
