"""ArticleView: the line geometry a text widget measured outlives the span structures built over
it (an article read again from the file), and is dropped whenever the layout changes (issue 12)."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article, Span, Status
from annotator.domain.schema import default_schema
from annotator.ui.article_view import ArticleView
from annotator.ui.article_view_document import line_rects

TEXT = " ".join(f"Word{i} said" for i in range(400))


def _spans() -> list[Span]:
    out = []
    for i in range(0, 400, 3):
        start = TEXT.index(f"Word{i} ")
        out.append(Span(f"w{i}", 1, start, start + len(f"Word{i}"), "PERSON", "entity", status=Status.SUGGESTED))
    return out


def _view(qtbot) -> ArticleView:
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(700, 500)
    v.set_schema(default_schema())
    v.set_article(Article(id=1, text=TEXT), _spans(), [])
    v.show()
    qtbot.waitExposed(v)
    _paint(v)
    return v


def _paint(v: ArticleView) -> None:
    QApplication.processEvents()  # the text widget lays its document out first
    v.text_widget().viewport().repaint()


def _fresh(v: ArticleView, sid: str) -> list:
    """What a walk of the document's lines gives for span ``sid`` now (document coordinates)."""
    shown = v._shown[sid]
    return line_rects(v.text_widget().document(), shown.start16, shown.end16)


def test_spans_read_again_keep_their_measured_geometry(qtbot) -> None:
    v = _view(qtbot)
    v.set_article(Article(id=2, text="Another article, said someone."), [], [])
    # the same article again, its spans read anew from the file (equal records, new objects):
    # its span structures are built again, the lines on screen are not walked again
    again = [dataclasses.replace(s) for s in _spans()]
    v.set_article(Article(id=1, text=TEXT), again, [])
    v.set_article(Article(id=1, text=TEXT), [dataclasses.replace(s) for s in again], [])
    before, paints = v.stats["span_geometry"], v.stats["paints"]
    _paint(v)
    assert v.stats["paints"] > paints
    assert v.stats["span_geometry"] == before
    for sid in ("w0", "w3", "w30"):
        assert v.span_rects(sid) == [r.translated(-v._scroll()[0], -v._scroll()[1]).toAlignedRect() for r in _fresh(v, sid)]


def test_measured_geometry_is_dropped_when_the_lines_rewrap(qtbot) -> None:
    v = _view(qtbot)
    assert v.text_widget().ranges  # the spans painted were measured
    wide = {sid: v._doc_rects(v._shown[sid]) for sid in ("w0", "w99", "w300")}
    v.resize(320, 500)
    qtbot.waitUntil(lambda: v.text_widget().viewport().width() < 340)
    _paint(v)
    for sid, rects in wide.items():
        assert v._doc_rects(v._shown[sid]) == _fresh(v, sid)
    assert v._doc_rects(v._shown["w300"]) != wide["w300"]  # it moved to another line
    v.zoom_in()
    for sid in wide:
        assert v._doc_rects(v._shown[sid]) == _fresh(v, sid)
    cursor = QTextCursor(v.text_widget().document())
    cursor.setPosition(v._shown["w300"].start16)
    assert abs(v.text_widget().cursorRect(cursor).left() - v.span_rects("w300")[0].left()) <= 1


def test_an_article_read_again_keeps_its_span_structures_and_shows_what_changed(qtbot) -> None:
    v = _view(qtbot)
    v.set_article(Article(id=2, text="Another article, said someone."), [], [])
    rebuilds, restores = v.stats["full_rebuilds"], v.stats["kept_restores"]
    again = [dataclasses.replace(s) for s in _spans()]  # equal records, as a reload reads them
    again[1] = dataclasses.replace(again[1], status=Status.ACCEPTED)  # one changed meanwhile (another window)
    again[2] = dataclasses.replace(again[2], label="ORG")
    v.set_article(Article(id=1, text=TEXT), again, [])
    assert v.stats["full_rebuilds"] == rebuilds  # not built again for equal records
    assert v.stats["kept_restores"] == restores + 1
    for span in again:  # every span shown as the file holds it now, the records the window holds
        assert v._spans[span.id] is span
        assert v._shown[span.id].span is span
    assert v._shown[again[1].id].span.status == Status.ACCEPTED
    assert v._shown[again[2].id].span.label == "ORG"
    assert v.highlight_ranges() == {s.id: (s.start, s.end) for s in again}
    # a span gone from the file is gone from the view
    fewer = again[:-1]
    v.set_article(Article(id=2, text="Another article, said someone."), [], [])
    v.set_article(Article(id=1, text=TEXT), fewer, [])
    assert again[-1].id not in v._shown and again[-1].id not in v.highlight_ranges()
