"""The article list is incremental (issue 12): an edit repaints its own row, summaries are read a
page at a time, rows reach the view in chunks, and an undo in another article re-reads only that
article's row. Costs are counted (rowCount calls, dataChanged ranges, summaries read), not timed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import ArticleStatus
from annotator.storage.project import ArticleSummary
from annotator.ui.article_list import ArticleListModel, ArticleListPanel
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _summary(article_id: int, status: ArticleStatus = ArticleStatus.NEW, pending: int = 1) -> ArticleSummary:
    return ArticleSummary(id=article_id, title=f"Article {article_id}", publisher="Wire", published="", status=status,
                          pending=pending, accepted=0, words=10, file="")


class Source:
    """A project's summaries as the list reads them, with every read recorded."""

    def __init__(self, n: int) -> None:
        self.rows = {i: _summary(i, ArticleStatus.DONE if i % 5 == 0 else ArticleStatus.NEW) for i in range(1, n + 1)}
        self.asked: list[list[int]] = []

    def load(self, ids: Sequence[int]) -> list[ArticleSummary]:
        self.asked.append(list(ids))
        return [self.rows[i] for i in ids if i in self.rows]

    def list_rows(self) -> list[tuple[int, ArticleStatus]]:
        return [(i, s.status) for i, s in self.rows.items()]


class CountingModel(ArticleListModel):
    def __init__(self) -> None:
        super().__init__()
        self.row_counts = 0

    def rowCount(self, parent=None) -> int:  # noqa: ANN001, N802
        self.row_counts += 1
        return super().rowCount() if parent is None else super().rowCount(parent)


def _panel(qtbot, n: int) -> tuple[ArticleListPanel, CountingModel, Source, list[tuple[int, int]]]:  # noqa: ANN001
    panel = ArticleListPanel()
    model = CountingModel()
    panel.model = model
    panel.view.setModel(model)
    qtbot.addWidget(panel)
    panel.resize(320, 700)
    panel.show()
    source = Source(n)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    panel.set_articles(source.list_rows(), source.load, 1, n)
    QApplication.processEvents()
    return panel, model, source, changed


@pytest.mark.parametrize("n", [50, 20_000])
def test_an_edit_changes_one_row_and_costs_the_same_at_any_list_size(qtbot, n: int) -> None:  # noqa: ANN001
    panel, model, source, changed = _panel(qtbot, n)
    model.row_counts = 0
    source.asked.clear()
    model.update_summary(2, pending=0, status=ArticleStatus.IN_PROGRESS)
    QApplication.processEvents()
    assert changed == [(1, 1)]  # that row only
    # Before: QListView laid out every row again, asking rowCount twice per row (100,000 at 50k).
    assert model.row_counts < 50
    assert source.asked == []  # the row's summary was already read for painting
    assert model.summary(2).pending == 0 and model.summary(2).status == ArticleStatus.IN_PROGRESS


def test_summaries_are_read_for_painted_rows_only_and_rows_reach_the_view_in_chunks(qtbot) -> None:  # noqa: ANN001
    panel, model, source, _ = _panel(qtbot, 20_000)
    read = {i for page in source.asked for i in page}
    assert 0 < len(read) <= 2 * ArticleListModel.PAGE  # the visible rows' pages, not 20,000 summaries
    # the view may ask for one more chunk (Qt fetches while the scroll range is at its end)
    assert model.rowCount() in (ArticleListModel.CHUNK, 2 * ArticleListModel.CHUNK) and model.count() == 20_000
    assert len(model.ids()) == 20_000 and panel.count_label.text() == "20,000"
    # selecting an article far down hands the view the rows up to it and reads its page only
    source.asked.clear()
    panel.set_current(15_001)
    QApplication.processEvents()
    assert panel.view.currentIndex().row() == 15_000
    assert panel.view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == "Article 15001"
    assert 15_500 <= model.rowCount() <= 16_000  # up to its chunk (and the next, fetched by the view at the end)
    assert sum(len(page) for page in source.asked) <= 2 * ArticleListModel.PAGE
    # keyboard order runs over every listed article, also those not handed to the view yet
    assert panel.neighbour(15_001, 1) == 15_002 and panel.neighbour(20_000, 1) is None
    assert panel.neighbour(None, 1) == 1


def test_status_of_a_row_not_yet_read_is_kept(qtbot) -> None:  # noqa: ANN001
    panel, model, source, changed = _panel(qtbot, 20_000)
    model.update_summary(19_999, status=ArticleStatus.DONE)
    assert model.status_of(19_999) == ArticleStatus.DONE
    assert changed == []  # not handed to the view yet: nothing to repaint
    assert model.summary(19_999).status == ArticleStatus.DONE  # read later, the newer status wins


def test_refresh_ids_rereads_only_the_given_rows_and_signals_only_changed_ones(qtbot) -> None:  # noqa: ANN001
    panel, model, source, changed = _panel(qtbot, 2_000)
    source.rows[3] = _summary(3, pending=7)
    source.asked.clear()
    model.refresh_ids([3, 4, 999_999])
    assert source.asked == [[3, 4]]
    assert changed == [(2, 2)]  # row 4 read the same: no signal
    assert model.summary(3).pending == 7


def test_uncertain_order_and_filters_keep_working_on_id_status_rows(qtbot) -> None:  # noqa: ANN001
    panel, model, source, _ = _panel(qtbot, 10)
    panel.set_uncertainty({3: 0.9, 7: 0.5, 5: 0.99})  # 5 is done: not reordered
    panel.set_order_mode("uncertain")
    panel.set_articles(source.list_rows(), source.load, 7, 10)
    assert model.ids() == [3, 7, 1, 2, 4, 5, 6, 8, 9, 10]
    assert panel.view.currentIndex().row() == 1  # the selection kept across the refresh
    assert model.uncertainty == {3: 0.9, 7: 0.5}


def test_undo_of_an_edit_in_another_article_rereads_that_row_not_the_list(make_window, monkeypatch) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    before = window.article_list.model.summary(first).pending
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_A)  # accept a suggestion in the first article
    assert window.article_list.model.summary(first).pending == before - 1
    second = window.article_list.neighbour(first, 1)
    window.open_article(second)
    whole_list: list[object] = []
    monkeypatch.setattr(window.project, "article_list_rows", lambda **k: whole_list.append(k) or [])
    monkeypatch.setattr(window.project, "article_list_ids", lambda **k: whole_list.append(k) or [])
    monkeypatch.setattr(window.project, "articles", lambda **k: whole_list.append(k) or [])
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.article_id == first  # the undo went where the edit was
    assert whole_list == []  # and did not re-read the list
    assert window.article_list.model.summary(first).pending == before
    assert window.article_list.model.ids() == window.project.article_ids()
    assert window.article_list.view.currentIndex().row() == 0


def test_rows_listed_without_statuses_get_them_with_their_summaries(qtbot) -> None:  # noqa: ANN001
    panel, model, source, _ = _panel(qtbot, 1_000)
    panel.set_articles([(i, None) for i, _ in source.list_rows()], source.load, None, 1_000)
    assert model.status_of(5) == ArticleStatus.DONE  # read with its page
    model.update_summary(900, status=ArticleStatus.IN_PROGRESS)
    assert model.summary(900).status == ArticleStatus.IN_PROGRESS  # the edit's status wins over the page read later
    assert model.status_of(901) == ArticleStatus.NEW
