"""The span list paints a row by the style once and keeps the pixels (issue 12, window12e): the
list looks exactly as Qt's own item painting draws it, in every row state, palette and after
each change; a row is painted anew when its answers, state or size change."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from annotator.domain.document import ArticleState
from annotator.domain.model import Article, Span, Status
from annotator.domain.schema import default_schema
from annotator.ui.span_list import SpanListPanel
from annotator.ui.theme import dark_palette, light_palette

pytestmark = pytest.mark.timeout(60)

STATUSES = (Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED)


def _state(article_id: int, n: int, prefix: str) -> ArticleState:
    text = " ".join(f"word{i} with\nsome «text» é 😄" for i in range(n))
    spans, at = [], 0
    labels = [(lab.name, lab.layer) for lab in default_schema().labels]
    for i in range(n):
        label, layer = labels[i % len(labels)]
        spans.append(Span(id=f"{prefix}{i}", article_id=article_id, start=at, end=at + 20, label=label, layer=layer,
                          status=STATUSES[i % 3]))
        at = text.index("word", at + 1) if i + 1 < n else at
    return ArticleState(Article(id=article_id, text=text, title=f"Article {article_id}"), spans)


def _panel(qtbot) -> SpanListPanel:  # noqa: ANN001
    panel = SpanListPanel()
    qtbot.addWidget(panel)
    panel.model.show_rejected = True
    panel.resize(380, 420)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _image(panel: SpanListPanel) -> QImage:
    for _ in range(3):  # a scroll bar shown or hidden lays the view out again
        QApplication.processEvents()
    panel.list.viewport().repaint()
    return panel.list.viewport().grab().toImage()


def _as_qt_paints(panel: SpanListPanel) -> QImage:
    """The list as Qt's own item delegate paints it now (the kept pixels put back after)."""
    kept = panel.list.itemDelegate()
    panel.list.setItemDelegate(QStyledItemDelegate(panel.list))
    try:
        return _image(panel)
    finally:
        panel.list.setItemDelegate(kept)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_rows_look_as_qts_own_painting_draws_them(qtbot, palette: str) -> None:  # noqa: ANN001
    old = QApplication.palette()
    QApplication.setPalette(light_palette() if palette == "light" else dark_palette())
    try:
        panel = _panel(qtbot)
        schema = default_schema()
        first, second = _state(1, 30, "a"), _state(2, 33, "b")  # both scroll: the same row width
        panel.set_state(first, schema)
        panel.set_current("a4")  # the highlighted row
        painted = _image(panel)  # painted by the style, kept
        assert panel.painted_rows.painted > 5
        assert painted == _as_qt_paints(panel)
        assert _image(panel) == painted  # from the kept pixels
        panel.set_state(second, schema)
        assert _image(panel) == _as_qt_paints(panel)
        before = panel.painted_rows.painted
        panel.set_state(first, schema)  # back: every row from the kept pixels
        assert _image(panel) == painted and panel.painted_rows.painted == before
        # a row's answers change: it is painted anew, and as Qt would
        changed = dataclasses.replace(first.spans["a1"], status=Status.ACCEPTED, label="ORG")
        first.spans["a1"] = changed
        panel.update_spans([changed], [])
        panel.set_current("a7")
        after = _image(panel)
        assert after != painted
        assert after == _as_qt_paints(panel)
        assert panel.painted_rows.painted > before
        # another width: every row again
        panel.resize(300, 420)
        qtbot.waitUntil(lambda: panel.list.viewport().width() < 300)
        assert _image(panel) == _as_qt_paints(panel)
    finally:
        QApplication.setPalette(old)
        QApplication.processEvents()


def test_a_palette_change_repaints_the_rows_in_the_new_colours(qtbot) -> None:  # noqa: ANN001
    panel = _panel(qtbot)
    panel.set_state(_state(1, 20, "a"), default_schema())
    panel.set_current("a2")
    first = _image(panel)
    old = QApplication.palette()
    new = QPalette(old)
    new.setColor(QPalette.ColorRole.Base, QColor("#fdf6e3"))
    new.setColor(QPalette.ColorRole.Highlight, Qt.GlobalColor.darkGreen)
    QApplication.setPalette(new)
    try:
        changed = _image(panel)
        assert changed != first
        assert changed == _as_qt_paints(panel)
    finally:
        QApplication.setPalette(old)
        QApplication.processEvents()
