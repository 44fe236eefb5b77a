"""The span list's rows (issue 12, window12d): the view asks the model about the rows on screen
only, however many the article has, and a row's painted answers are built once per span
version: kept across an article switch, rebuilt when the span, its highlight or the palette
changes."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from annotator.domain.document import ArticleState
from annotator.domain.model import Article, Span, Status
from annotator.domain.schema import default_schema
from annotator.ui.span_list import SpanIdRole, SpanListModel, SpanListPanel

pytestmark = pytest.mark.timeout(60)

D = Qt.ItemDataRole


class _Counting(SpanListModel):
    """Counts what the view asks of the model (Python calls from Qt: what a layout costs)."""

    def __init__(self) -> None:
        super().__init__()
        self.row_counts = 0
        self.cells_built = 0

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        self.row_counts += 1
        return super().rowCount(parent)

    def _span_cell(self, span: Span, current: bool) -> dict[int, object]:
        self.cells_built += 1
        return super()._span_cell(span, current)


def _state(article_id: int, n: int, *, prefix: str = "s") -> ArticleState:
    text = " ".join(f"word{i}" for i in range(n))
    spans, at = [], 0
    for i in range(n):
        word = f"word{i}"
        spans.append(Span(id=f"{prefix}{i}", article_id=article_id, start=at, end=at + len(word), label="PERSON",
                          layer="entity", status=Status.SUGGESTED if i % 2 else Status.ACCEPTED))
        at += len(word) + 1
    return ArticleState(Article(id=article_id, text=text, title=f"Article {article_id}"), spans)


def _paint(panel: SpanListPanel) -> None:
    QApplication.processEvents()
    panel.list.viewport().repaint()


def _panel(qtbot) -> tuple[SpanListPanel, _Counting]:  # noqa: ANN001
    panel = SpanListPanel()
    qtbot.addWidget(panel)
    model = _Counting()
    model.row_changed = lambda index: panel.list.viewport().update(panel.list.visualRect(index))
    panel.model = model
    panel.list.setModel(model)
    panel.resize(380, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, model


@pytest.mark.parametrize("n", [40, 1400])
def test_an_article_switch_and_an_insert_ask_about_the_rows_on_screen_only(qtbot, n: int) -> None:  # noqa: ANN001
    panel, model = _panel(qtbot)
    schema = default_schema()
    panel.set_state(_state(1, 10, prefix="a"), schema)
    QApplication.processEvents()
    state = _state(2, n)
    model.row_counts = 0
    panel.set_state(state, schema)  # what opening an article does
    panel.set_current("s5")
    panel.list.viewport().repaint()
    QApplication.processEvents()
    assert model.rowCount() == n + len(dict.fromkeys([*schema.layers(), "other"]))  # a header per layer
    # Before: a QListView laid out every row, asking rowCount once or twice per row (2,900 at n=1,400).
    assert model.row_counts < 150
    rows_seen = model.cells_built
    assert 0 < rows_seen <= 40  # the rows painted, not the n spans
    # an insert (a span created) does not lay the list out again either
    model.row_counts = 0
    new = Span(id="new", article_id=2, start=0, end=5, label="PERSON", layer="entity", status=Status.ACCEPTED)
    state.spans["new"] = new
    panel.update_spans([new], [])
    panel.list.viewport().repaint()
    QApplication.processEvents()
    assert model.row_counts < 150
    assert model.index_of("new").isValid() and model.index_of("new").data(SpanIdRole) == "new"
    assert panel.list.rowHeight(0) == panel.list.rowHeight(model.index_of("new").row()) > 0


def test_a_rows_answers_follow_the_span_its_highlight_and_the_palette(qtbot) -> None:  # noqa: ANN001
    panel, model = _panel(qtbot)
    schema = default_schema()
    state = _state(1, 6)
    panel.set_state(state, schema)
    index = model.index_of("s1")
    assert index.data(D.FontRole).italic()  # suggested
    assert index.data(D.DisplayRole).startswith("PERSON  word1")
    assert index.data(D.BackgroundRole) is None
    # the span decided: a new record, so the row's answers are built again
    accepted = dataclasses.replace(state.spans["s1"], status=Status.ACCEPTED, label="ORG")
    state.spans["s1"] = accepted
    panel.update_spans([accepted], [])
    index = model.index_of("s1")
    assert index.data(D.FontRole) is None and index.data(D.DisplayRole).startswith("ORG  word1")
    assert index.data(D.ToolTipRole) == "ORG · accepted · analyst"
    # highlighted, then not
    panel.set_current("s1")
    assert index.data(D.BackgroundRole).color() == QApplication.palette().highlight().color()
    panel.set_current(None)
    assert index.data(D.BackgroundRole) is None
    # a palette change reaches a highlighted row's brush
    panel.set_current("s1")
    old = QApplication.palette()
    new = QPalette(old)
    new.setColor(QPalette.ColorRole.Highlight, Qt.GlobalColor.darkGreen)
    QApplication.setPalette(new)
    try:
        QApplication.processEvents()
        assert model.index_of("s1").data(D.BackgroundRole).color() == new.highlight().color()
    finally:
        QApplication.setPalette(old)
        QApplication.processEvents()


def test_going_back_to_an_article_finds_its_rows_built(qtbot) -> None:  # noqa: ANN001
    panel, model = _panel(qtbot)
    schema = default_schema()
    first, second = _state(1, 8, prefix="a"), _state(2, 8, prefix="b")
    panel.set_state(first, schema)
    _paint(panel)
    built = model.cells_built
    assert built > 0
    panel.set_state(second, schema)
    _paint(panel)
    assert model.cells_built > built
    built = model.cells_built
    panel.set_state(first, schema)  # back: nothing of it changed
    _paint(panel)
    assert model.cells_built == built
    # ... but a span changed meanwhile (an undo made there) is built again, with its new status
    changed = dataclasses.replace(first.spans["a1"], status=Status.REJECTED)
    first.spans["a1"] = changed
    model.show_rejected = True
    panel.set_state(first, schema)
    font = model.index_of("a1").data(D.FontRole)
    assert font.strikeOut() and model.cells_built == built + 1


def _rows(model: SpanListModel) -> list[object]:
    return [model.index(r).data(SpanIdRole) or model.index(r).data(D.DisplayRole) for r in range(model.rowCount())]


def test_an_article_gone_back_to_gets_its_rows_back_as_a_fresh_build_would_give_them(qtbot) -> None:  # noqa: ANN001
    panel, model = _panel(qtbot)
    schema = default_schema()
    first, second = _state(1, 30, prefix="a"), _state(2, 12, prefix="b")
    panel.set_state(first, schema)
    panel.set_state(second, schema)
    # an undo made in the first article while the second is shown: one span moved to the end,
    # one relabelled to another layer's label, one removed, one added, one rejected (hidden)
    spans = first.spans
    spans["a3"] = dataclasses.replace(spans["a3"], start=spans["a29"].start, end=spans["a29"].end + 0)
    quote = next(lab.name for lab in schema.labels if lab.layer != "entity")
    spans["a4"] = dataclasses.replace(spans["a4"], label=quote, layer=schema.label(quote).layer)
    del spans["a5"]
    spans["new"] = Span(id="new", article_id=1, start=0, end=3, label="ORG", layer="entity", status=Status.ACCEPTED)
    spans["a6"] = dataclasses.replace(spans["a6"], status=Status.REJECTED)
    restores = model.kept_restores
    panel.set_state(first, schema)
    assert model.kept_restores == restores + 1  # not sorted anew
    fresh = SpanListModel()
    fresh.set_state(first, schema)
    assert _rows(model) == _rows(fresh)
    assert "a5" not in _rows(model) and "a6" not in _rows(model) and "new" in _rows(model)
    # rejected spans shown (the menu sets the filter, then shows the state again): built anew
    model.show_rejected = True
    panel.set_state(first, schema)
    assert "a6" in _rows(model)
    panel.set_state(second, schema)
    panel.set_state(first, schema)  # back, the filter unchanged: kept rows, with the rejected one
    fresh.show_rejected = True
    fresh.set_state(first, schema)
    assert _rows(model) == _rows(fresh)
    model.show_rejected = False
    panel.set_state(second, schema)
    panel.set_state(first, schema)  # the filter changed since the rows were built: built anew
    assert "a6" not in _rows(model)
    # another state object for the same article (a reload from the file) is built anew
    restores = model.kept_restores
    panel.set_state(_state(2, 12, prefix="b"), schema)
    assert model.kept_restores == restores


def test_rows_have_the_first_rows_height_also_when_the_article_had_no_span(qtbot) -> None:  # noqa: ANN001
    panel = SpanListPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 300)
    panel.show()
    schema = default_schema()
    state = _state(1, 0)
    panel.set_state(state, schema)  # headers only: the rows' height is measured from the first
    other = SpanListPanel()
    qtbot.addWidget(other)
    other.set_state(_state(2, 3), schema)
    height = other.list.rowHeight(0)
    assert height > 0
    span = Span(id="s0", article_id=1, start=0, end=1, label="PERSON", layer="entity", status=Status.ACCEPTED)
    state.spans["s0"] = span
    panel.update_spans([span], [])
    row = panel.model.index_of("s0").row()
    assert panel.list.rowHeight(0) == panel.list.rowHeight(row) == height


def test_keys_move_through_the_rows_as_in_a_list(qtbot) -> None:  # noqa: ANN001
    panel, model = _panel(qtbot)
    panel.set_state(_state(1, 30), default_schema())
    rows = panel.list
    rows.setFocus()
    rows.setCurrentIndex(model.index(3))
    last = model.rowCount() - 1
    for key, row in ((Qt.Key.Key_End, last), (Qt.Key.Key_Home, 0), (Qt.Key.Key_Down, 1), (Qt.Key.Key_Right, 1),
                     (Qt.Key.Key_Left, 1), (Qt.Key.Key_Up, 0), (Qt.Key.Key_PageDown, None)):
        qtbot.keyClick(rows, key)
        if row is None:
            assert rows.currentIndex().row() > 1  # a page down
        else:
            assert rows.currentIndex().row() == row, key
    assert not rows.tabKeyNavigation()  # Tab leaves the view, as from a list


def test_an_article_read_again_from_the_file_keeps_its_rows_answers(qtbot) -> None:  # noqa: ANN001
    """Reopening an article reads its spans anew (equal records, new objects): the rows' answers
    stay; a record that differs (changed by another window meanwhile) is built again."""
    panel, model = _panel(qtbot)
    schema = default_schema()
    state = _state(1, 8, prefix="a")
    panel.set_state(state, schema)
    _paint(panel)
    built = model.cells_built
    assert built > 0
    spans = [dataclasses.replace(s) for s in state.spans.values()]
    spans[1] = dataclasses.replace(spans[1], status=Status.ACCEPTED, label="ORG")  # a1, changed meanwhile
    again = ArticleState(state.article, spans)
    panel.set_state(again, schema)
    _paint(panel)
    assert model.cells_built == built + 1  # a1 only
    assert model.index_of("a1").data(D.DisplayRole).startswith("ORG  word1")
    assert model.index_of("a1").data(D.FontRole) is None  # accepted: upright
    assert model.index_of("a3").data(D.FontRole).italic()  # still suggested, as the file says
    assert model.index_of("a3").data(D.ToolTipRole) == "PERSON · suggested · analyst"
