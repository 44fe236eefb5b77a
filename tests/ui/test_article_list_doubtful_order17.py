"""The article list's row while ordered most uncertain first shows the order's second key
(usertest16 M9): "uncertainty 0.99 · 3 doubtful · …", and rows whose scores show alike are
ordered by it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.domain.model import ArticleStatus
from annotator.ui.article_list import SummaryRole, row_unsure
from tests.ui.test_article_list_model import _panel


class Recording(QPainter):
    """A painter that keeps the text drawn (the delegate's Python calls reach this override)."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, *args) -> None:  # noqa: ANN002, N802
        self.texts.extend(a for a in args if isinstance(a, str))
        super().drawText(*args)


def _painted(panel, row: int) -> list[str]:  # noqa: ANN001
    index = panel.model.index(row)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 600, 60)
    option.font = panel.view.font()
    option.palette = panel.view.palette()
    image = QImage(600, 60, QImage.Format.Format_ARGB32)
    painter = Recording(image)
    try:
        panel.view.itemDelegate()._paint_row(painter, option, index, index.data(SummaryRole))
    finally:
        painter.end()
    return painter.texts


def test_rows_that_show_alike_go_by_doubtful_decisions_and_say_how_many(qtbot) -> None:  # noqa: ANN001
    panel, model, source, _ = _panel(qtbot, 10)
    # 1.00 with one doubtful decision, 0.96 with five, 0.90 with nine; 5 is done (not ordered)
    panel.set_uncertainty({3: 1.0, 7: 0.96, 2: 0.9, 5: 0.99}, {3: 1, 7: 5, 2: 9, 5: 4})
    panel.set_order_mode("uncertain")
    panel.set_articles(source.list_rows(), source.load, 7, 10)
    assert model.ids()[:3] == [7, 3, 2]  # the max alone put 3 first
    assert row_unsure(model, 7) == "uncertainty 0.96–1.00 · 5 doubtful"  # the band: rows read in order
    assert [row_unsure(model, i) for i in model.ids()[:3]] == [
        "uncertainty 0.96–1.00 · 5 doubtful", "uncertainty 0.96–1.00 · 1 doubtful", "uncertainty 0.86–0.90 · 9 doubtful"]
    assert row_unsure(model, 1) == "" and row_unsure(model, 5) == ""  # unscored, done: nothing shown
    meta = [t for t in _painted(panel, 0) if "words" in t]
    assert meta == ["uncertainty 0.96–1.00 · 5 doubtful · Wire · 10 words"]
    tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "Uncertainty 0.96" in tip and "5 doubtful decisions" in tip
    panel.set_uncertainty({3: 1.0})  # a score without a count (read-only file, old caller): the score alone
    panel.set_articles(source.list_rows(), source.load, 7, 10)
    assert row_unsure(model, 3) == "uncertainty 1.00"
    assert model.status_of(3) == ArticleStatus.NEW
