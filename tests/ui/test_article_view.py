"""ArticleView: offsets as painted, partial repaints, filters, mouse, selection, find, zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.schema import default_schema
from annotator.ui.article_view import ArticleView
from annotator.ui.article_view_document import display_text

TEXTS = {
    "ascii": "Sergey Lavrov said on Friday that talks went well.",
    "emoji": "Smiley 😄 said 👩\u200d💻 Lavrov 😄😄 told reporters.",
    "cjk": "北京 𠀋 said: 习近平 told 𝒳 reporters.",
    "combining": "Cafe\u0301 owner Zoe\u0308 said that e\u0301te\u0301 was long.",
    "crlf": "Line one said\r\nLavrov told\r\n\r\nreporters\r\n",
    "nbsp": "Lavrov\u00a0told\u00a0reporters\u2028a new line and\u2029paragraph.",
    "bom": "\ufeffLavrov\r\ntold reporters \ufeff twice.",
    "swapped_bom": "\ufffe\ufeffLavrov 😄 told reporters.",
}


def spans_for(text: str) -> list[Span]:
    """A span for every word of length > 3 plus a quote over the middle half."""
    import re

    out = [
        Span(f"w{i}", 1, m.start(), m.end(), "PERSON", "entity")
        for i, m in enumerate(re.finditer(r"\S{4,}", text))
    ]
    n = len(text)
    out.append(Span("quote", 1, n // 4, 3 * n // 4, "QUOTE", "quote"))
    return out


@pytest.fixture
def view(qtbot):
    def make(text: str = TEXTS["ascii"], spans=None, relations=()):
        v = ArticleView()
        qtbot.addWidget(v)
        v.resize(700, 500)
        v.set_schema(default_schema())
        v.set_article(Article(id=1, text=text), spans if spans is not None else spans_for(text), relations)
        v.show()
        qtbot.waitExposed(v)
        return v

    return make


@pytest.mark.parametrize("name", list(TEXTS))
def test_highlight_ranges_equal_stored_spans(view, name: str) -> None:
    text = TEXTS[name]
    spans = spans_for(text)
    v = view(text, spans)
    assert v.highlight_ranges() == {s.id: (s.start, s.end) for s in spans}
    # and the document shows each span's text at those Qt positions
    doc = v.text_widget().document()
    assert doc.characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    shown = display_text(text)
    for s in spans:
        cursor = QTextCursor(doc)
        rng = v._offsets.to_utf16(s.start), v._offsets.to_utf16(s.end)  # noqa: SLF001
        cursor.setPosition(rng[0])
        cursor.setPosition(rng[1], QTextCursor.MoveMode.KeepAnchor)
        got = cursor.selectedText().replace("\u2029", "\n")
        assert got == shown[s.start : s.end].replace("\u2028", "\u2029").replace("\u2029", "\n") or s.id == "quote"


def test_crlf_and_line_separator_keep_one_position_per_code_point(view) -> None:
    text = "a\r\nb\u2028c\rd\ne"
    v = view(text, [Span("e", 1, 9, 10, "PERSON", "entity")])
    assert v.text_widget().document().characterCount() - 1 == len(text)
    assert v.highlight_ranges() == {"e": (9, 10)}
    v.set_selection(9, 10)
    assert v.text_widget().textCursor().selectedText() == "e"


def test_qt_selection_over_emoji_maps_to_code_points(view) -> None:
    text = "Smiley 😄 said"
    v = view(text, [])
    cursor = v.text_widget().textCursor()
    cursor.setPosition(9)  # Qt: " said" starts after the surrogate pair (UTF-16 7, 8)
    cursor.setPosition(14, QTextCursor.MoveMode.KeepAnchor)
    v.text_widget().setTextCursor(cursor)
    assert v.selected_range() == (9, 13)  # snapped: the space is trimmed
    assert text[9:13] == "said"
    v._exact = True  # noqa: SLF001 - as after an Alt+drag
    assert v.selected_range() == (8, 13)
    assert text[8:13] == " said"


def test_update_spans_does_not_rebuild_everything(view) -> None:
    text = " ".join(f"word{i}" for i in range(2000))
    v = view(text)
    v.grab()
    before = dict(v.stats)
    span = Span("new", 1, 0, 5, "ORG", "entity")
    v.update_spans([span], ["w1"])
    assert v.stats["full_rebuilds"] == before.get("full_rebuilds", 0)
    assert v.stats["span_geometry"] - before.get("span_geometry", 0) <= 3  # the new span and the moved one
    assert v.stats["partial_updates"] == before.get("partial_updates", 0) + 1
    assert v.highlight_ranges()["new"] == (0, 5)
    assert "w1" not in v.highlight_ranges()


def test_update_spans_changes_status(view) -> None:
    spans = [Span("a", 1, 0, 6, "PERSON", "entity", Status.SUGGESTED)]
    v = view(TEXTS["ascii"], spans)
    v.set_show_suggestions(False)
    assert v.highlight_ranges() == {}
    v.update_spans([Span("a", 1, 0, 6, "PERSON", "entity", Status.ACCEPTED)], [])
    assert v.highlight_ranges() == {"a": (0, 6)}


def test_layers_suggestions_and_rejected_filters(view) -> None:
    spans = [
        Span("ent", 1, 0, 6, "PERSON", "entity"),
        Span("quo", 1, 0, 20, "QUOTE", "quote"),
        Span("sug", 1, 7, 13, "PERSON", "entity", Status.SUGGESTED),
        Span("rej", 1, 14, 18, "CUE", "cue", Status.REJECTED),
    ]
    v = view(TEXTS["ascii"], spans)
    assert set(v.visible_span_ids()) == {"ent", "quo", "sug"}  # rejected hidden by default
    v.set_show_rejected(True)
    assert "rej" in v.visible_span_ids()
    v.set_show_suggestions(False)
    assert "sug" not in v.visible_span_ids()
    v.set_visible_layers({"quote", "cue"})
    assert set(v.visible_span_ids()) == {"quo", "rej"}
    v.grab()  # paints without error with rejected + struck


def test_span_at_prefers_innermost(view) -> None:
    spans = [Span("outer", 1, 0, 30, "QUOTE", "quote"), Span("inner", 1, 7, 13, "PERSON", "entity")]
    v = view(TEXTS["ascii"], spans)
    assert v.span_at(8) == "inner"
    assert v.span_at(2) == "outer"
    assert v.span_at(40) is None


def test_click_on_span_emits_span_clicked(view, qtbot) -> None:
    spans = [Span("outer", 1, 0, 30, "QUOTE", "quote"), Span("inner", 1, 7, 13, "PERSON", "entity")]
    v = view(TEXTS["ascii"], spans)
    rect = v.span_rects("inner")[0]
    with qtbot.waitSignal(v.spanClicked) as blocker:
        qtbot.mouseClick(v.text_widget().viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["inner"]
    outer = v.span_rects("outer")[0]
    with qtbot.waitSignal(v.spanClicked) as blocker:
        qtbot.mouseClick(v.text_widget().viewport(), Qt.MouseButton.LeftButton, pos=QPoint(outer.left() + 3, outer.center().y()))
    assert blocker.args == ["outer"]


def drag(qtbot, v: ArticleView, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    vp = v.text_widget().viewport()
    edit = v.text_widget()

    def point(offset: int) -> QPoint:
        cursor = QTextCursor(edit.document())
        cursor.setPosition(v._offsets.to_utf16(offset))  # noqa: SLF001
        r = edit.cursorRect(cursor)
        return QPoint(r.left() + 1, r.center().y())

    a, b = point(start), point(end)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, modifier, a)
    qtbot.mouseMove(vp, QPoint((a.x() + b.x()) // 2, b.y()))
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, b)


def test_drag_selection_snaps_to_tokens(view, qtbot) -> None:
    v = view(TEXTS["ascii"], [])
    drag(qtbot, v, 2, 9)  # "rgey La"
    assert v.selected_range() == (0, 13)
    assert v.text_widget().textCursor().selectedText() == "Sergey Lavrov"


def test_alt_drag_keeps_exact_characters(view, qtbot) -> None:
    v = view(TEXTS["ascii"], [])
    drag(qtbot, v, 2, 9, Qt.KeyboardModifier.AltModifier)
    assert v.selected_range() == (2, 9)


def test_selection_signal_and_clear(view, qtbot) -> None:
    v = view(TEXTS["emoji"], [])
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        v.set_selection(7, 8)
    assert blocker.args == [7, 8]
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        v.clear_selection()
    assert blocker.args == [-1, -1]
    assert v.selected_range() is None


def test_selection_across_line_break(view) -> None:
    v = view("first line ends\nsecond line", [])
    v.set_selection(12, 22, exact=False)
    assert v.selected_range() == (11, 22)


def test_find_selects_and_wraps(view) -> None:
    text = "Lavrov said. Then Lavrov 😄 told lavrov fans."
    v = view(text, [])
    assert v.find("lavrov")
    assert v.selected_range() == (0, 6)
    assert v.find("lavrov")
    assert v.selected_range() == (18, 24)
    assert v.find("LAVROV")
    assert v.selected_range() == (32, 38)
    assert v.find("lavrov")  # wraps around
    assert v.selected_range() == (0, 6)
    assert v.find("lavrov", backwards=True)
    assert v.selected_range() == (32, 38)
    assert not v.find("absent")


def test_find_scrolls_to_match(view) -> None:
    text = "\n".join(f"line {i} filler text" for i in range(400)) + "\nneedle here"
    v = view(text, [])
    assert v.text_widget().verticalScrollBar().value() == 0
    assert v.find("needle")
    assert v.text_widget().verticalScrollBar().value() > 0


def test_zoom_changes_font_and_geometry(view) -> None:
    v = view()
    height = v.span_rects("w0")[0].height()
    v.zoom_in()
    v.zoom_in()
    assert v.zoom_factor() > 1.2
    assert v.span_rects("w0")[0].height() > height
    v.reset_zoom()
    assert v.zoom_factor() == 1.0
    assert v.span_rects("w0")[0].height() == height
    v.zoom_out()
    assert v.zoom_factor() < 1.0
    assert v.highlight_ranges()["w0"] == (0, 6)


def test_selected_span_and_partners_paint(view) -> None:
    spans = [Span("q", 1, 19, 50, "QUOTE", "quote"), Span("sp", 1, 0, 13, "SPEAKER", "speaker"),
             Span("cue", 1, 14, 18, "CUE", "cue")]
    rels = [Relation("r1", 1, "q", "sp", "SPEAKER"), Relation("r2", 1, "q", "cue", "CUE")]
    v = view(TEXTS["ascii"], spans, rels)
    v.set_selected_span("q")
    assert v._related_ids("q") == {"q", "sp", "cue"}  # noqa: SLF001
    v.grab()
    assert "speaker" in v._tooltip_html("q") and "Sergey Lavrov" in v._tooltip_html("q")  # noqa: SLF001


def test_painting_never_touches_the_document(view) -> None:
    v = view()
    doc = v.text_widget().document()
    revision = doc.revision()
    v.set_selected_span("w1")
    v.update_spans([Span("n", 1, 0, 4, "ORG", "entity")], ["w0"])
    v.set_show_rejected(True)
    v.grab()
    assert doc.revision() == revision
    assert not doc.isUndoAvailable()


def test_context_menu_signal(view, qtbot) -> None:
    v = view()
    v.set_selection(0, 6)
    rect = v.span_rects("w0")[0]
    vp = v.text_widget().viewport()
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), vp.mapToGlobal(rect.center()))
    with qtbot.waitSignal(v.spanContextMenuRequested) as blocker:
        v.text_widget().contextMenuEvent(event)
    assert blocker.args[:3] == ["w0", 0, 6]


def test_scroll_to_span(view) -> None:
    text = "\n".join(f"line {i} filler text" for i in range(400)) + "\nLavrov here"
    n = text.index("Lavrov")
    v = view(text, [Span("far", 1, n, n + 6, "PERSON", "entity")])
    assert "far" not in v.visible_span_ids()
    v.scroll_to_span("far")
    assert "far" in v.visible_span_ids()


def test_hover_highlights_quote_partners_and_tooltip_tells_label_status_origin(view, qtbot) -> None:
    spans = [Span("q", 1, 19, 50, "QUOTE", "quote", Status.SUGGESTED, origin="nlp:quotes"),
             Span("sp", 1, 0, 13, "SPEAKER", "speaker"), Span("cue", 1, 14, 18, "CUE", "cue")]
    rels = [Relation("r1", 1, "q", "sp", "SPEAKER"), Relation("r2", 1, "q", "cue", "CUE")]
    v = view(TEXTS["ascii"], spans, rels)
    rect = v.span_rects("q")[0]
    qtbot.mouseMove(v.text_widget().viewport(), rect.center())
    qtbot.waitUntil(lambda: v._hover == "q")  # noqa: SLF001
    v.grab()
    html = v._tooltip_html("q")  # noqa: SLF001
    for part in ("QUOTE", "suggested", "nlp:quotes", "speaker: “Sergey Lavrov”", "cue: “said”"):
        assert part in html


def test_dark_palette_paints(view) -> None:
    from PySide6.QtGui import QColor, QPalette

    v = view()
    pal = v.text_widget().palette()
    pal.setColor(QPalette.ColorRole.Base, QColor("#17181b"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    v.text_widget().setPalette(pal)
    image = v.grab().toImage()
    assert QColor(image.pixel(5, 5)).lightness() < 60  # the background follows the palette


def test_geometry_follows_resize(view, qtbot) -> None:
    text = "word " * 400
    v = view(text, [Span("last", 1, 1990, 1994, "PERSON", "entity")])
    v.resize(300, 500)
    qtbot.waitUntil(lambda: v.text_widget().viewport().width() < 320)
    narrow = v.span_rects("last")[0]
    v.resize(900, 500)
    qtbot.waitUntil(lambda: v.text_widget().viewport().width() > 800)
    wide = v.span_rects("last")[0]
    assert wide.top() < narrow.top()
    cursor = QTextCursor(v.text_widget().document())
    cursor.setPosition(1990)
    assert abs(v.text_widget().cursorRect(cursor).left() - wide.left()) <= 1


def test_update_spans_repaints_a_small_region(view, qtbot) -> None:
    text = " ".join(f"word{i}" for i in range(3000))
    v = view(text)
    qtbot.wait(20)
    v.update_spans([Span("w3", 1, 18, 23, "ORG", "entity", Status.SUGGESTED)], [])
    qtbot.waitUntil(lambda: v.last_paint_rect.height() < v.text_widget().viewport().height() / 3)
    area = v.last_paint_rect.width() * v.last_paint_rect.height()
    viewport = v.text_widget().viewport().rect()
    assert area < viewport.width() * viewport.height() / 10


def test_ctrl_wheel_zooms_through_the_view(view) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    v = view()
    vp = v.text_widget().viewport()
    event = QWheelEvent(QPointF(50, 50), QPointF(vp.mapToGlobal(QPoint(50, 50))), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    v.text_widget().wheelEvent(event)
    assert v.zoom_factor() > 1.0
    assert v.highlight_ranges()["w0"] == (0, 6)


@pytest.mark.parametrize("odd", ["\ufeff", "\ufffc", "\x00", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\r", "\r\n",
                                 "\n\r", "\U000e0001", "\u200d", "\t"])
def test_document_keeps_one_position_per_utf16_unit(qtbot, odd: str) -> None:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QWidget

    from annotator.domain.offsets import OffsetMap
    from annotator.ui.article_view_document import build_document

    text = f"Lavrov{odd}said 😄{odd}x"
    owner = QWidget()
    doc, _ = build_document(text, QFont(), parent=owner)
    assert doc.characterCount() - 1 == OffsetMap(text).utf16_length


def test_click_on_margin_label_selects_the_quote(view, qtbot) -> None:
    spans = [Span("q", 1, 0, 30, "QUOTE", "quote"), Span("inner", 1, 0, 6, "PERSON", "entity")]
    v = view(TEXTS["ascii"], spans)
    v.resize(900, 400)
    qtbot.waitUntil(lambda: v._margins[0] > 60)  # noqa: SLF001 - wide enough for the label gutter
    v.grab()
    first = v.span_rects("q")[0]
    with qtbot.waitSignal(v.spanClicked) as blocker:
        qtbot.mouseClick(v.text_widget().viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(first.left() - 20, first.center().y()))
    assert blocker.args == ["q"]


def test_drag_shows_snapped_preview_until_release(view, qtbot) -> None:
    v = view(TEXTS["ascii"], [])
    vp = v.text_widget().viewport()
    edit = v.text_widget()

    def point(offset: int) -> QPoint:
        cursor = QTextCursor(edit.document())
        cursor.setPosition(offset)
        r = edit.cursorRect(cursor)
        return QPoint(r.left() + 1, r.center().y())

    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point(2))
    qtbot.mouseMove(vp, point(5))
    qtbot.mouseMove(vp, point(9))
    assert v._preview == (0, 13)  # noqa: SLF001
    v.grab()
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point(9))
    assert v._preview is None and v.selected_range() == (0, 13)  # noqa: SLF001


def test_qt_folds_crlf_which_is_why_the_view_shows_cr_as_a_space(qtbot) -> None:
    # Guards the reason for display_text(): QTextDocument turns "\r\n" into ONE paragraph
    # separator (offsets after it would drift by one per line) but keeps "\u2028" as one position.
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setPlainText("a\r\nb")
    assert doc.characterCount() - 1 == 3  # not 4
    doc.setPlainText("a\u2028b")
    assert doc.characterCount() - 1 == 3
    doc.setPlainText(display_text("a\r\nb"))
    assert doc.characterCount() - 1 == 4


@pytest.mark.parametrize("mark", ["\ufeff", "\ufffe"])
def test_article_starting_with_a_byte_order_mark_opens_with_exact_offsets(view, mark: str) -> None:
    # Found by tests/fidelity (BOM_ARTICLE): Qt drops a leading U+FEFF / U+FFFE, so the article
    # could not be opened. The mark is shown as a placeholder of one UTF-16 unit instead.
    text = mark + "Lavrov said talks were useful."
    v = view(text, [Span("mark", 1, 0, 7, "ORG", "entity"), Span("p", 1, 1, 7, "PERSON", "entity")])
    doc = v.text_widget().document()
    assert doc.characterCount() - 1 == len(text)
    assert v.highlight_ranges() == {"mark": (0, 7), "p": (1, 7)}
    v.set_selection(1, 7)
    assert v.text_widget().textCursor().selectedText() == "Lavrov"
    assert doc.toPlainText()[0] not in ("\ufeff", "\ufffe") and doc.toPlainText()[0].isprintable()


def test_qt_drops_a_leading_byte_order_mark_which_is_why_the_view_shows_a_placeholder(qtbot) -> None:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setPlainText("\ufeffab")
    assert doc.characterCount() - 1 == 2  # not 3
    doc.setPlainText(display_text("\ufeffab"))
    assert doc.characterCount() - 1 == 3
