"""Issue 10 finding 10 (fix10d item 5) in the window: the search's Text column was ~25 px wide
(every hit's text "…"); the article badge and status bar counted both pieces of an interrupted
quote (37 → 35 for one accept); the Train dialog's table said CONTENT/SOURCE/CUE and 0.00 for
an entity label with nothing held out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project
from tests.cli.test_train_wording_fix10d import _result
from tests.search.corpus import build
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures

TEXT = "\u201cWe will win,\u201d said Ana Ruiz, \u201cand we will govern.\u201d Bo Li agreed."


def _quote_project(path: Path) -> Project:
    a, b = (1, 12), (TEXT.index("and"), TEXT.index("govern.") + 7)
    project = Project.open(path)
    sug = {"status": Status.SUGGESTED, "origin": "rules"}
    project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"), spans=[
        Span("q1", 0, *a, "QUOTE", "quote", **sug), Span("q2", 0, *b, "QUOTE", "quote", **sug),
        Span("bo", 0, TEXT.index("Bo"), TEXT.index("Bo") + 5, "PERSON", "entity", **sug)],
        relations=[Relation("f", 0, "q1", "q2", FRAGMENT, status=Status.SUGGESTED, origin="rules")])])
    return project


def test_badge_and_status_bar_count_an_interrupted_quote_once(make_window, tmp_path: Path) -> None:  # noqa: F811
    project = _quote_project(tmp_path / "q.db")
    (aid,) = project.article_ids()
    assert project.article_summaries([aid])[0].pending == 2  # the quote (2 pieces) and Bo Li
    window = make_window(project)
    window.open_article(aid)
    assert window.state.pending_count() == 2
    assert window.saved_label.text().endswith(" · 2 pending")
    window.select_span("q2")
    window.view.setFocus()
    press(window, Qt.Key.Key_A)  # accepts both pieces
    assert window.state.pending_count() == 1
    assert window.saved_label.text().endswith(" · 1 pending")
    assert window.article_list.model.summary(aid).pending == 1
    assert project.article_summaries([aid])[0].pending == 1 and project.article_summaries([aid])[0].accepted == 1


def test_search_text_column_gets_room(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    from tests.search.test_search_panel import _search

    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, status="all")
    assert panel.model.rowCount() > 0
    header = panel.table.horizontalHeader()

    def roomy() -> bool:
        return header.sectionSize(3) >= 0.4 * panel.table.viewport().width() - 2

    # the layout settles after the hits arrive (a scroll bar appearing narrows the viewport and the
    # next resize fits the columns again): under a loaded CI run the first look came before that
    qtbot.waitUntil(roomy, timeout=5000)
    width = panel.table.viewport().width()
    assert roomy(), (header.sectionSize(3), width)
    assert sum(header.sectionSize(c) for c in range(7)) <= width + 2  # no column pushed out of view
    for column in (0, 1, 2, 4, 5, 6):
        assert header.sectionSize(column) >= header.minimumSectionSize()


def test_search_text_column_keeps_its_share_when_a_scroll_bar_narrows_the_table(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    # the flaky case above made certain: the viewport narrows after the fit (a vertical scroll bar
    # came with the hits) while the panel keeps its size; the columns were fitted to the panel's
    # width and the Text column was left under its share
    from tests.search.test_search_panel import _search

    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, status="all")
    header = panel.table.horizontalHeader()
    panel.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    qtbot.wait(300)
    wide = panel.table.viewport().width()
    panel.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    pump_until(lambda: panel.table.viewport().width() < wide, 5)
    qtbot.wait(300)  # the queued fit, had it been made
    width = panel.table.viewport().width()
    assert width < wide
    assert header.sectionSize(3) >= 0.4 * width - 2, (header.sectionSize(3), width)
    assert sum(header.sectionSize(c) for c in range(7)) <= width + 2


def test_train_dialog_table_uses_the_projects_labels_and_a_dash(make_window, tmp_path: Path) -> None:  # noqa: F811
    from annotator.ui.train_dialog import TrainDialog

    window = make_window()
    dialog = TrainDialog(window.project, window.settings, on_use=lambda _p: None, trainer=lambda *a, **k: None, parent=window)
    dialog._fill_table(_result())
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    assert rows[0] == ["MISC", "—", "—", "—", "—", "—", "—"]
    assert rows[1] == ["PERSON", "0.50", "0.25", "0.33", "0.50", "0.25", "0.33"]
    assert [r[0] for r in rows[3:7]] == ["QUOTE", "SPEAKER", "CUE", "All spans"]
