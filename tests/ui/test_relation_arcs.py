"""Relation connectors in the article view: only the selected span's, out of the text, clickable,
removable; nested quotes stay apart; the margin label shows whole at the default window size."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QKeyEvent

from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.schema import default_schema
from annotator.ui.article_view import ArticleView
from annotator.ui.article_view_document import line_rects

NESTED = 'Intro.\n\nHe said "she told me \'they said "no"\'" on Monday, Lavrov told reporters.\n\nMore.'


def _nested_spans() -> tuple[list[Span], list[Relation]]:
    t = NESTED
    outer, middle, inner = t.index('"she'), t.index("'they"), t.index('"no"')
    end = inner + 4
    spans = [Span("q1", 1, outer, end + 2, "QUOTE", "quote"), Span("q2", 1, middle, end + 1, "QUOTE", "quote"),
             Span("q3", 1, inner, end, "QUOTE", "quote"),
             Span("he", 1, t.index("He"), t.index("He") + 2, "SPEAKER", "speaker"),
             Span("said", 1, t.index("said"), t.index("said") + 4, "CUE", "cue"),
             Span("she", 1, t.index("she"), t.index("she") + 3, "SPEAKER", "speaker"),
             Span("lav", 1, t.index("Lavrov"), t.index("Lavrov") + 6, "PERSON", "entity")]
    rels = [Relation("r1", 1, "q1", "he", "SPEAKER"), Relation("r2", 1, "q1", "said", "CUE"),
            Relation("r3", 1, "q2", "she", "SPEAKER", status=Status.SUGGESTED),
            Relation("r4", 1, "q3", "lav", "SPEAKER", status=Status.REJECTED)]
    return spans, rels


@pytest.fixture
def view(qtbot):
    def make(text: str = NESTED, spans=None, relations=None, size=(720, 400)):
        if spans is None:
            spans, relations = _nested_spans()
        v = ArticleView()
        qtbot.addWidget(v)
        v.resize(*size)
        v.set_schema(default_schema())
        v.set_article(Article(id=1, text=text), spans, relations or [])
        v.show()
        qtbot.waitExposed(v)
        return v

    return make


def _repaint(v: ArticleView) -> None:
    v.grab()  # renders the widget now, offscreen too


def test_only_the_selected_spans_relations_are_drawn(view) -> None:
    v = view()
    _repaint(v)
    assert v._selected_arcs() == [] and v.stats["arcs_painted"] == 0  # noqa: SLF001
    v.set_selected_span("q1")
    assert {a.relation.id for a in v._selected_arcs()} == {"r1", "r2"}  # noqa: SLF001
    v.set_selected_span("she")  # a child shows the link to its head
    assert [(a.relation.id, a.other) for a in v._selected_arcs()] == [("r3", "q2")]  # noqa: SLF001
    v.set_selected_span("lav")  # rejected links are not drawn unless rejected spans are shown
    assert v._selected_arcs() == []  # noqa: SLF001


def test_connectors_never_cross_a_text_line(view) -> None:
    v = view()
    v.set_selected_span("q1")
    doc = v.text_widget().document()
    dx, dy = v._scroll()  # noqa: SLF001
    text_lines = [r.translated(-dx, -dy) for r in line_rects(doc, 0, doc.characterCount() - 1)]
    arcs = v._selected_arcs()  # noqa: SLF001
    assert len(arcs) == 2
    for arc in arcs:
        pts = arc.connector.points
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            steps = max(1, int(math.dist((ax, ay), (bx, by))))
            for i in range(steps + 1):
                p = QPointF(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps)
                if math.dist((p.x(), p.y()), pts[0]) < 1.5 or math.dist((p.x(), p.y()), pts[-1]) < 1.5:
                    continue  # where it touches its spans
                assert not any(r.adjusted(0, 0.5, 0, -0.5).contains(p) for r in text_lines), (arc.relation.id, p)


def test_three_nested_quotes_on_one_line_are_three_distinct_bands(view, tmp_path) -> None:
    v = view()
    m = v._metrics  # noqa: SLF001
    bands = {}
    for sid in ("q1", "q2", "q3"):
        rect = v.span_rects(sid)
        assert len(rect) == 1
        top = m.bar_top(rect[0].bottom(), v._slots[sid])  # noqa: SLF001
        bands[sid] = (top, top + m.bar, rect[0].left(), rect[0].right())
    tops = sorted(b[0] for b in bands.values())
    assert tops[1] - tops[0] >= m.bar and tops[2] - tops[1] >= m.bar  # no two bars overlap vertically
    # each selected quote's links start at its own bar
    v.set_selected_span("q1")
    start_q1 = v._selected_arcs()[0].connector.points[0]  # noqa: SLF001
    v.set_selected_span("q2")
    start_q2 = v._selected_arcs()[0].connector.points[0]  # noqa: SLF001
    # span_rects() rounds to whole pixels
    assert start_q1[1] == pytest.approx(bands["q1"][1], abs=1.5)
    assert start_q2[1] == pytest.approx(bands["q2"][1], abs=1.5)
    assert start_q1 != start_q2
    v.grab().save(str(tmp_path / "nested.png"))


def test_child_end_labels_do_not_overlap(view) -> None:
    v = view()
    v.set_selected_span("q1")
    a, b = v._selected_arcs()  # noqa: SLF001 - "he" and "said" are neighbours
    assert not a.label_rect.intersects(b.label_rect)
    assert {a.label, b.label} == {"speaker", "cue"}


def test_suggested_link_is_dashed_and_painted(view) -> None:
    v = view()
    v.set_selected_span("q2")
    _repaint(v)
    assert v.stats["arcs_painted"] >= 1
    arc = v._selected_arcs()[0]  # noqa: SLF001
    assert arc.relation.status == Status.SUGGESTED


def _centre_of(arc) -> QPoint:  # noqa: ANN001
    (ax, ay), (bx, by) = arc.connector.points[1], arc.connector.points[2]
    return QPoint(round((ax + bx) / 2), round((ay + by) / 2))


def test_hover_click_and_delete_a_link(view, qtbot) -> None:
    v = view()
    v.set_selected_span("q1")
    arc = next(a for a in v._selected_arcs() if a.relation.id == "r2")  # noqa: SLF001
    where = _centre_of(arc)
    qtbot.mouseMove(v.text_widget().viewport(), where)
    assert v.hovered_relation() == "r2"
    assert "CUE of this quote" in v._arc_tooltip(arc) and "removes the link" in v._arc_tooltip(arc)  # noqa: SLF001
    with qtbot.waitSignal(v.spanClicked) as clicked:
        qtbot.mouseClick(v.text_widget().viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert clicked.args == ["said"]
    qtbot.mouseMove(v.text_widget().viewport(), where)
    assert v.hovered_relation() == "r2"
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    assert v._arc_key(override, dry_run=True)  # noqa: SLF001 - Del is claimed before window shortcuts
    with qtbot.waitSignal(v.relationDeleteRequested) as deleted:
        qtbot.keyClick(v.text_widget(), Qt.Key.Key_Delete)
    assert deleted.args == ["r2"]


def test_context_menu_on_a_link_offers_remove(view, qtbot) -> None:
    v = view()
    v.set_selected_span("q1")
    arc = next(a for a in v._selected_arcs() if a.relation.id == "r1")  # noqa: SLF001
    where = _centre_of(arc)
    assert v._arc_menu(where, v.text_widget().viewport().mapToGlobal(where))  # noqa: SLF001
    texts = [a.text() for a in v.arc_menu.actions()]
    assert texts == ["Select the speaker", "Remove the speaker link"]
    with qtbot.waitSignal(v.relationDeleteRequested) as deleted:
        v.arc_menu.actions()[1].trigger()
    assert deleted.args == ["r1"]
    v.arc_menu.close()


def test_off_screen_end_shows_an_edge_arrow_that_scrolls_to_it(view, qtbot) -> None:
    paras = [f"Paragraph {i} has some words in it to fill the line." for i in range(40)]
    paras[1] = 'Lavrov said "we will talk" on Friday.'
    text = "\n\n".join(paras)
    q0 = text.index('"we')
    sp = text.index("Paragraph 30")
    spans = [Span("q", 1, q0, q0 + 14, "QUOTE", "quote"), Span("sp", 1, sp, sp + 9, "SPEAKER", "speaker")]
    v = view(text, spans, [Relation("r", 1, "q", "sp", "SPEAKER")], size=(720, 300))
    v.set_selected_span("q")
    arcs = v._selected_arcs()  # noqa: SLF001
    assert len(arcs) == 1 and arcs[0].connector.edge == "down"
    assert arcs[0].label == "speaker ↓ 29 paragraphs"
    _repaint(v)
    before = v.text_widget().verticalScrollBar().value()
    with qtbot.waitSignal(v.spanClicked) as clicked:
        qtbot.mouseClick(v.text_widget().viewport(), Qt.MouseButton.LeftButton,
                         pos=arcs[0].label_rect.center().toPoint())
    assert clicked.args == ["sp"]
    assert v.text_widget().verticalScrollBar().value() > before
    # now the quote is off screen above: the speaker's link points up
    v.set_selected_span("sp")
    arcs = v._selected_arcs()  # noqa: SLF001
    assert arcs[0].connector.edge == "up" and arcs[0].label == "speaker ↑ 29 paragraphs"


@pytest.mark.parametrize("width", [520, 600, 900])
def test_margin_label_is_whole_or_abbreviated_never_clipped(view, width: int) -> None:
    v = view(size=(width, 300))
    v.set_selected_span("he")
    _repaint(v)
    text, rect = v.gutter_painted["he"]
    fm = QFontMetricsF(v._gutter_font())  # noqa: SLF001
    assert text in ("SPEAKER", "SPKR")
    assert rect.width() >= fm.horizontalAdvance(text) - 0.01 and rect.left() >= 0


def test_removing_the_last_link_repaints_where_its_connector_was(view, qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    v = view()
    v.set_selected_span("q2")
    QApplication.processEvents()
    _spans, rels = _nested_spans()
    v.last_paint_rect = QRect()
    v.update_spans([], [], [r for r in rels if r.id != "r3"])
    qtbot.waitUntil(lambda: not v.last_paint_rect.isNull())
    assert v._selected_arcs() == []  # noqa: SLF001
    assert v.last_paint_rect == v.text_widget().viewport().rect()  # the whole viewport, not only span rects
