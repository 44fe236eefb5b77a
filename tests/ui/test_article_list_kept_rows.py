"""The article list keeps each row as painted and draws it again while the row's article summary,
title, uncertainty, size, state and palette are the same (issue 12, window12e): the pixels are
those of painting every row directly, before and after a switch, an edit and a palette change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from annotator.domain.model import ArticleStatus
from annotator.storage.project import ArticleSummary
from annotator.ui.article_list import ArticleDelegate, ArticleListPanel, SummaryRole

pytestmark = pytest.mark.timeout(60)


class _Direct(ArticleDelegate):
    """Every row painted straight onto the list, as before rows were kept."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # noqa: ANN001
        self._paint_row(painter, option, index, index.data(SummaryRole))


def _summary(article_id: int, pending: int, status: ArticleStatus) -> ArticleSummary:
    return ArticleSummary(id=article_id, title=f"Talks on trade resume in Geneva, part {article_id} — «é» 😄",
                          publisher="Wire", published="2017-03-02", status=status, pending=pending, accepted=2,
                          words=1234 * article_id, file="")


def _image(panel: ArticleListPanel) -> QImage:
    for _ in range(3):
        QApplication.processEvents()
    panel.view.viewport().repaint()
    return panel.view.viewport().grab().toImage()


def _direct(panel: ArticleListPanel) -> QImage:
    kept = panel.view.itemDelegate()
    panel.view.setItemDelegate(_Direct(panel.view))
    try:
        return _image(panel)
    finally:
        panel.view.setItemDelegate(kept)


def test_kept_rows_look_as_rows_painted_directly(qtbot) -> None:  # noqa: ANN001
    statuses = list(ArticleStatus)
    summaries = {i: _summary(i, i % 4, statuses[i % len(statuses)]) for i in range(1, 16)}
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_rows(list(summaries.values()), None, 2)
    delegate = panel.view.itemDelegate()
    assert isinstance(delegate, ArticleDelegate)
    first = _image(panel)
    assert first == _direct(panel)
    painted = delegate.painted
    assert painted > 3
    assert _image(panel) == first and delegate.painted == painted  # all from the kept rows
    # another current row, a changed pending count: those rows anew, and as painted directly
    panel.set_current(5)
    panel.model.update_summary(2, pending=0, status=ArticleStatus.DONE)
    changed = _image(panel)
    assert changed != first and changed == _direct(panel)
    assert delegate.painted > painted
    # back as it was: the two rows from their kept pixels (or one anew: its focus state moved)
    panel.model.update_summary(2, pending=summaries[2].pending, status=summaries[2].status)
    panel.set_current(2)
    painted = delegate.painted
    assert _image(panel) == _direct(panel)
    assert delegate.painted - painted <= 1
    # the uncertainty shown on each row
    panel.model.uncertainty = {i: i / 20 for i in summaries}
    panel.view.viewport().update()
    assert _image(panel) == _direct(panel) != first
    # a palette change
    old = QApplication.palette()
    new = QPalette(old)
    new.setColor(QPalette.ColorRole.Base, QColor("#fdf6e3"))
    new.setColor(QPalette.ColorRole.Highlight, Qt.GlobalColor.darkGreen)
    QApplication.setPalette(new)
    try:
        assert _image(panel) == _direct(panel)
    finally:
        QApplication.setPalette(old)
        QApplication.processEvents()


def test_a_count_the_row_does_not_show_keeps_its_pixels_and_a_shown_one_does_not(qtbot) -> None:  # noqa: ANN001
    """The accepted count (every created span and its undo change it) and the file are not
    drawn: a row differing only in them is drawn from its kept pixels, as painted directly
    (an undo in another article repainted the row it opened for this, issue 12)."""
    summaries = {i: _summary(i, 3, ArticleStatus.IN_PROGRESS) for i in range(1, 6)}
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_rows(list(summaries.values()), 2, 2)
    delegate = panel.view.itemDelegate()
    first = _image(panel)
    painted = delegate.painted
    panel.model.update_summary(2, accepted=7, file="elsewhere.jsonl")
    assert panel.model.data(panel.model.index(1), SummaryRole).accepted == 7  # the row was told
    assert _image(panel) == first == _direct(panel)
    assert delegate.painted == painted
    for field, value in (("pending", 4), ("words", 99), ("publisher", "Agency"), ("published", "2018-01-01"),
                         ("status", ArticleStatus.DONE)):
        panel.model.update_summary(2, **{field: value})
        changed = _image(panel)
        assert delegate.painted == painted + 1, field  # a shown field: painted anew
        assert changed == _direct(panel) and changed != first, field
        painted = delegate.painted
        panel.model.update_summary(2, **{field: getattr(summaries[2], field)})
        assert _image(panel) == first  # back: its kept pixels
        painted = delegate.painted
