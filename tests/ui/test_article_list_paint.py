"""The article list's cheaper paths (issue 12) change nothing the analyst sees or navigates by:
rows found by id whatever the order, ids handed over without statuses, and rows painted without
the style's item panel look exactly as with it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from annotator.domain.model import ArticleStatus
from annotator.storage.project import ArticleSummary
from annotator.ui.article_list import ArticleDelegate, ArticleListModel, ArticleListPanel


def _summary(article_id: int, status: ArticleStatus, pending: int) -> ArticleSummary:
    return ArticleSummary(id=article_id, title=f"Talks on trade resume in Geneva, part {article_id}", publisher="Wire",
                          published="2017-03-02", status=status, pending=pending, accepted=2, words=1234, file="")


@pytest.mark.parametrize("ids", [[1, 2, 5, 9, 40], [9, 1, 40, 5, 2], [7], []])
def test_rows_are_found_by_id_in_any_order(qtbot, ids: list[int]) -> None:  # noqa: ANN001
    model = ArticleListModel()
    model.set_ids(list(ids), None, lambda page: [])
    for row, article_id in enumerate(ids):
        assert model.row_of(article_id) == row and model.id_at(row) == article_id
    for absent in (0, 3, 41, -1):
        assert model.row_of(absent) is None
    assert model.id_at(len(ids)) is None and model.id_at(-1) is None


def test_ids_listed_without_statuses_show_and_navigate_like_rows(qtbot) -> None:  # noqa: ANN001
    summaries = {i: _summary(i, ArticleStatus.DONE if i % 2 else ArticleStatus.NEW, i % 3) for i in range(1, 30)}
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.set_article_ids(list(summaries), lambda page: [summaries[i] for i in page], 4, 40)
    assert panel.count_label.text() == "29 of 40"
    assert panel.view.currentIndex().row() == 3
    assert panel.model.status_of(5) == ArticleStatus.DONE and panel.model.status_of(6) == ArticleStatus.NEW
    assert panel.neighbour(4, 1) == 5 and panel.neighbour(29, 1) is None and panel.neighbour(999, 1) == 1


class _AlwaysStyled(ArticleDelegate):
    """The delegate as it was: the style's item panel drawn under every row."""

    _STYLED = ~QStyle.StateFlag.State_None


@pytest.mark.parametrize("status", list(ArticleStatus))
@pytest.mark.parametrize("state", ["plain", "selected", "hover"])
def test_a_row_paints_the_same_pixels_as_with_the_style_panel_under_it(qtbot, status: ArticleStatus, state: str) -> None:  # noqa: ANN001
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 200)
    summary = _summary(3, status, 4)
    panel.set_rows([summary], None, 1)
    panel.view.clearSelection()
    index = panel.model.index(0)
    option = QStyleOptionViewItem()
    option.initFrom(panel.view)
    option.widget = panel.view
    option.rect = QRect(QPoint(0, 0), QSize(280, 56))
    option.font = panel.view.font()
    option.state |= QStyle.StateFlag.State_Enabled
    if state == "selected":
        option.state |= QStyle.StateFlag.State_Selected
    elif state == "hover":
        option.state |= QStyle.StateFlag.State_MouseOver

    def render(delegate: ArticleDelegate) -> QImage:
        image = QImage(280, 56, QImage.Format.Format_ARGB32)
        image.fill(panel.view.palette().base().color())
        painter = QPainter(image)
        delegate.paint(painter, QStyleOptionViewItem(option), index)
        painter.end()
        return image

    assert render(ArticleDelegate(panel.view)) == render(_AlwaysStyled(panel.view))
    assert index != QModelIndex() and QApplication.instance() is not None


def test_an_update_that_changes_nothing_repaints_no_row(qtbot) -> None:  # noqa: ANN001
    summaries = {i: _summary(i, ArticleStatus.IN_PROGRESS, 3) for i in range(1, 6)}
    model = ArticleListModel()
    model.set_ids(list(summaries), None, lambda page: [summaries[i] for i in page])
    changed: list[int] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append(a.row()))
    model.update_summary(2, pending=3, status=ArticleStatus.IN_PROGRESS)  # as it was: a span created
    model.update_summary(4, status=ArticleStatus.IN_PROGRESS)  # status only, the same
    assert changed == []
    model.update_summary(2, pending=2)
    model.update_summary(4, status=ArticleStatus.DONE)
    assert changed == [1, 3]
    assert model.summary(2).pending == 2 and model.status_of(4) == ArticleStatus.DONE


@pytest.mark.parametrize(("shown", "total", "label"), [(1_200, 50_000, "1,200 of 50,000"), (12_345, 12_345, "12,345"), (29, 40, "29 of 40")])
def test_the_count_separates_thousands(qtbot, shown: int, total: int, label: str) -> None:  # noqa: ANN001
    # usertest28 L1: the CLI and the status bar said "8,345" and the list "8345"
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    summaries = {i: _summary(i, ArticleStatus.NEW, 0) for i in range(1, shown + 1)}
    panel.set_article_ids(list(summaries), lambda page: [summaries[i] for i in page], None, total)
    assert panel.count_label.text() == label
