"""The article in the centre of the window, with its spans drawn over it.

A read-only :class:`QTextEdit` shows the article text; spans are painted in the viewport's
``paintEvent`` from cached line geometry and never written into the document (no char formats,
no syntax highlighter: the document's undo stack and modified flag stay untouched by painting).
Only spans overlapping the visible part are looked at: an :class:`IntervalIndex` by start offset,
and the visible range found by bisecting the document's block and line geometry.

Offsets: spans are code points, Qt counts UTF-16 units; every conversion goes through the
article's :class:`OffsetMap`. The document holds exactly one position per UTF-16 unit of the
article (a CRLF's ``\\r`` is shown as a space, because Qt would otherwise fold CRLF into one
paragraph break and shift every later offset), see :mod:`annotator.ui.article_view_document`.

Marks (see :mod:`annotator.ui.span_painter`): entities are translucent fills, speakers and cues
outlined boxes, quotes and claims bars in slots under the line (slots from
:func:`annotator.domain.layout.assign_slots`), with their label names in the left margin.
Suggestions are pale and dashed, rejected spans hidden unless asked for (then grey, struck).

Relations: only the selected span's are drawn, as elbow connectors routed by
:mod:`annotator.domain.arc_layout` through the *arc lane* reserved under every line and through
the left margin (never over text), labelled at the child end; an end outside the viewport shows an
arrow at the edge ("speaker ↑ 3 paragraphs"). Hover highlights a connector, a click selects its
other end, Del (pointer on it) or its context menu emits :attr:`ArticleView.relationDeleteRequested`.

Document set-up (once per article, with the document's undo disabled): line spacing that
reserves room for the bar slots under each line, the headline styled when the text starts with
the article's title, and root-frame margins that centre a ~70-character reading column and leave
room for the header (title, publisher, date) painted above the text.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
from collections.abc import Iterable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QMenu, QTextEdit, QToolTip, QWidget

from annotator.domain import arc_layout
from annotator.domain.attributions import piece_groups
from annotator.domain.layout import BAR, IntervalIndex, abbreviate_label, assign_slots, kind_of
from annotator.domain.model import FRAGMENT, Article, Layer, Relation, Span, Status, guess_title
from annotator.domain.offsets import OffsetMap
from annotator.domain.schema import LabelSchema
from annotator.domain.text_match import LooseText, find_all
from annotator.domain.tokens import TokenIndex
from annotator.ui.article_view_document import (
    build_document,
    line_rects,
    position_at_y,
    set_line_spacing,
    set_margins,
)
from annotator.ui.glyphs import box_note, undrawable
from annotator.ui.kept_scrollbar import KeptScrollBar
from annotator.ui.span_handles import SpanHandles
from annotator.ui.span_painter import (
    Mark,
    SlotMetrics,
    SpanPainter,
    Theme,
    describe_span,
    dirty_rect,
    label_colour,
)

ALL_LAYERS = frozenset(layer.value for layer in Layer)
READING_COLUMNS = 70
# An opened article's text layout is finished while the window is idle, not in 10 ms steps
# during the first keys pressed on it, for texts of this many UTF-16 units: a shorter one is laid
# out by its first paint and a step or two (finishing it at once cost an undo in another article
# 0.8 ms of its 16), a longer one keeps Qt's step-by-step layout so the window never stops for it.
IDLE_LAYOUT_RANGE = (16_000, 200_000)
MIN_SIDE_MARGIN = 24.0
#: characters of the reading font the text column keeps before its left margin (the QUOTE/CLAIM
#: labels) does: below ~45 a line holds six or seven words and long words break (usertest30 L5:
#: an 80 px column at the window's 800 px, "meteo/rite"); the window's columns give way for it
#: (annotator.ui.column_room)
READABLE_CHARS = 45
#: px of side margin that still shows the margin labels (abbreviated: "QT"), see _paint_gutter
LABEL_MARGIN = 40
DEFAULT_POINT_SIZE = 13.0
ZOOM_STEP = 1.12
ZOOM_RANGE = (6.0, 48.0)
MIN_BAR_SLOTS = 2  # room for a quote and a claim over it without relayout
MAX_BAR_SLOTS = 4
SERIF_FAMILIES = ["Source Serif 4", "Source Serif Pro", "Charter", "Georgia", "Noto Serif", "DejaVu Serif",
                  "Liberation Serif", "Times New Roman", "serif"]


@dataclasses.dataclass(slots=True)
class _Shown:
    """A span as drawn: its Qt range and cached geometry (document coordinates)."""

    span: Span
    kind: str
    start16: int
    end16: int
    rects: list[QRectF] | None = None


@dataclasses.dataclass(slots=True)
class _Arc:
    """A connector of the selected span's relation as painted (viewport coordinates)."""

    relation: Relation
    other: str  # the span at the other end from the selected one
    connector: arc_layout.Connector
    colour: QColor
    label: str
    label_rect: QRectF


@dataclasses.dataclass(slots=True)
class _Kept:
    """An article's span structures as the view last showed it, kept for going back to it
    (an undo of an edit made there): rebuilding them and measuring the spans on screen again
    was a fifth of an article switch (issue 12). ``rects``: the spans' line geometry, valid for
    ``layout`` (viewport width, margins, slot metrics, font size, headline) only."""

    text: str
    flags: tuple[frozenset[str], bool, bool]  # visible layers, suggestions shown, rejected shown
    spans: dict[str, Span]
    index: IntervalIndex
    shown: dict[str, _Shown]
    slots: dict[str, int]
    layout: tuple[object, ...]
    rects: dict[str, tuple[int, int, list[QRectF]]]  # span id -> (start16, end16, rects)
    #: the text widget that showed it, kept (hidden) with its laid-out document; None for a long text
    canvas: _Canvas | None = None
    formats: tuple[object, ...] = ()  # the view's (margins, slot metrics, header height, headline in text) for it


KEPT_ARTICLES = 4  # as many as the window's ArticleCache keeps
KEPT_SPAN_LIMIT = 20_000  # an article with more spans is not kept (memory; rebuilt when shown again)
# An article kept keeps its text widget (hidden, its document laid out) up to this many UTF-16
# units: going back shows it again instead of laying the text out anew (a third of a switch).
KEPT_CANVAS_LIMIT = 100_000
RANGES_KEPT = 50_000  # a text widget's measured ranges (_Canvas.ranges) start again past this many


class _Canvas(QTextEdit):
    """The text widget; it hands painting and mouse handling to its :class:`ArticleView`."""

    def set_foot(self, px: int) -> None:
        """Keep the lowest ``px`` pixels of the widget free of text (a notice floats there)."""
        if self.viewportMargins().bottom() != px:
            self.setViewportMargins(0, 0, 0, px)

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self._view = view
        #: line geometry of the Qt ranges measured on this widget's document as it is laid out
        #: now ((start16, end16) -> document rects): the text never changes under a widget, so a
        #: span keeps its rects while the layout does. Outlives the view's span structures (an
        #: article read again from the file builds new ones: its spans on screen were measured
        #: again, ~15 line walks per undo made in another article, issue 12); cleared by
        #: ArticleView._invalidate_geometry whenever the layout or the document changes.
        self.ranges: dict[tuple[int, int], list[QRectF]] = {}
        #: what the idle preparation (ArticleView._after_open) last did on this widget: the token
        #: index it warmed, the scroll value and the layout key then; None when it has not run
        #: since the widget was given a document
        self.prepared: tuple[object, int, tuple[object, ...]] | None = None
        # shown again for every switch back to a kept article: drawn from its kept pixels
        self.setVerticalScrollBar(KeptScrollBar(Qt.Orientation.Vertical, self))
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUndoRedoEnabled(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.viewport().setMouseTracking(True)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self._view
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        view._paint_under(painter, event.rect())
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        view._paint_over(painter, event.rect())
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self is not self._view._canvas:
            return  # a kept article's widget, hidden: its layout is checked when it is shown again
        if not self._view._relayout():
            self._view._invalidate_geometry()  # lines re-wrap at the new width

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._view.handles.press(event):  # dragging an edge of the selected span (span_handles.py)
            return
        self._view._mouse_press(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._view.handles.move(event):
            return
        self._view._mouse_move(event)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._view.handles.release(event):
            return
        super().mouseReleaseEvent(event)
        self._view._mouse_release(event)

    def event(self, event: QEvent) -> bool:
        # Del over a hovered connector removes the link: claim the key before the window's
        # "Delete span" shortcut sees it
        if event.type() == QEvent.Type.ShortcutOverride and self._view._arc_key(event, dry_run=True):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._view._arc_key(event):
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self._view.zoom_in()
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut):
            self._view.zoom_out()
            return
        self._view._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # QTextEdit zooms on Ctrl+wheel by changing the document font behind our back: route it.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta > 0:
                self._view.zoom_in()
            elif delta < 0:
                self._view.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self is self._view._canvas:
            self._view._invalidate_geometry()

    def leaveEvent(self, event: QEvent) -> None:
        self._view._set_hover(None)
        super().leaveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._view._context_menu(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._view._tooltip(event)  # type: ignore[arg-type]
            return True
        return super().viewportEvent(event)


class ArticleView(QWidget):
    """Read-only article display with spans painted over it. See the module docstring."""

    spanClicked = Signal(str)
    selectionChanged = Signal(int, int)
    spanContextMenuRequested = Signal(str, int, int, QPoint)
    #: a relation's connector asked to remove its link (Del over it, or its context menu)
    relationDeleteRequested = Signal(str)
    spanEdgeDragged = Signal(str, int, int)  # span id, new start, new end: an edge of it was dragged there
    #: the reading font's size changed (zoom): :meth:`readable_width` with it (the window's columns follow)
    zoomed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # One text widget shows the article; those of the last articles left stay here, hidden,
        # with their laid-out documents (_Kept), so going back does not lay the text out. They
        # are placed by hand, not by a QStackedLayout: a layout's switch re-laid out the whole
        # window (its LayoutRequest climbed to the QMainWindow: ~1 ms of each undo made in
        # another article, issue 12); a parent without a layout keeps it here.
        self._canvas = _Canvas(self)
        self.setFocusProxy(self._canvas)
        self._foot = 0  # reserve_foot: pixels at the foot kept free of text, for every canvas shown
        self._spare: list[_Canvas] = []  # text widgets of articles no longer kept, for reuse

        self._schema: LabelSchema | None = None
        self._colours: dict[str, str] = {}
        self._article: Article | None = None
        self._text = ""
        self._loose: tuple[str, LooseText] | None = None  # find(): the text with its spaces normalised (branch search)
        self._offsets = OffsetMap("")
        # undrawable_offsets() of the last KEPT_ARTICLES texts shown, by id(text) -> (text, point size,
        # offsets): going back to a kept article (an undo made in another article) does not scan its
        # text again (perf12g, issue 12: ~0.3 ms per switch); the text is held, so its id is not reused
        self._boxes: collections.OrderedDict[int, tuple[str, float, list[int]]] = collections.OrderedDict()
        self._tokens = TokenIndex("")
        self._spans: dict[str, Span] = {}
        self._index = IntervalIndex()
        self._shown: dict[str, _Shown] = {}
        self._slots: dict[str, int] = {}
        self._relations: list[Relation] = []
        self._fragments: list[Relation] = []  # the FRAGMENT ones (pieces of interrupted quotes): few
        self._layers: set[str] = set(ALL_LAYERS)
        self._show_suggestions = True
        self._show_rejected = False
        self._selected: str | None = None
        self._pieces: frozenset[str] = frozenset()  # the selected span's attribution's other pieces (issue 10)
        self._hover: str | None = None
        self._exact = False
        self._press_pos: QPoint | None = None
        self._last_emitted: tuple[int, int] = (-1, -1)
        self._point_size = DEFAULT_POINT_SIZE
        self._metrics = SlotMetrics.for_font_height(16, 2)
        self._header_height = 0.0
        self._headline_in_text = False
        self._margins: tuple[int, int, int] = (-1, -1, -1)
        self._title = ""
        self._reformatting = False
        self._blank = QTextDocument(self)
        self._theme = Theme.from_palette(self.palette())
        self._painter = SpanPainter(self._theme, self._metrics)
        self._frame_marks: list[tuple[_Shown, Mark]] = []
        self._kept: collections.OrderedDict[int, _Kept] = collections.OrderedDict()  # article id -> as last shown
        self._dragging = False
        self._preview: tuple[int, int] | None = None  # snapped range shown while dragging
        self._preview_rects: list[QRectF] = []
        self._gutter_hits: dict[str, QRectF] = {}  # margin labels as painted (document coordinates)
        #: margin labels as last painted: span id -> (text, viewport rect), for tests
        self.gutter_painted: dict[str, tuple[str, QRectF]] = {}
        self._hover_arc: str | None = None  # relation id of the connector under the pointer
        self._selected_relations: list[Relation] = []
        self._edge_paragraphs: dict[tuple[int, int], int] = {}
        self.arc_menu: QMenu | None = None  # the last connector context menu (tests trigger it)
        #: the viewport area of the last paint (tests check that updates stay local)
        self.last_paint_rect = QRect()
        #: counters for tests and benchmarks: how much work redraws cost
        self.stats: collections.Counter[str] = collections.Counter()

        #: the selected span's edge handles (mouse drag of its start or end)
        self.handles = SpanHandles(self, self.spanEdgeDragged.emit, self)
        self._wire(self._canvas)
        # What an opened article will need at its first key, done once the window is idle
        # (_after_open); a zero timer, so opening several articles in a row does it once.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._after_open)
        self._set_document("")

    # ------------------------------------------------------------------ geometry (no layout: see __init__)
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._canvas.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._canvas.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._canvas.setGeometry(self.rect())  # the hidden kept ones are sized when shown again

    def reserve_foot(self, px: int) -> None:
        """Keep the lowest ``px`` pixels (0: none) of the view free of text: the info bar's notice
        floats there (usertest10g finding 7: it covered two lines of the article). The text above
        does not move (the widget's top and width stay); it scrolls within the room left."""
        self._foot = max(0, px)
        self._canvas.set_foot(self._foot)

    def undrawable_offsets(self) -> list[int]:
        """Code-point offsets of the characters of the article shown that no installed font can
        draw (each is an empty box; :mod:`annotator.ui.glyphs`), sorted; found once per text."""
        kept = self._boxes.get(id(self._text))
        if kept is None or kept[0] is not self._text or kept[1] != self._point_size:
            kept = (self._text, self._point_size, undrawable(self._text, self._reading_font()))
            self._boxes[id(self._text)] = kept
            while len(self._boxes) > KEPT_ARTICLES:
                self._boxes.popitem(last=False)
        self._boxes.move_to_end(id(self._text))
        return kept[2]

    def _box_at_point(self, pos: QPoint) -> str | None:
        """The undrawable character whose box contains ``pos`` (viewport coordinates), if any."""
        boxes = self.undrawable_offsets()
        if not boxes:
            return None
        dx, dy = self._scroll()
        point = QPointF(pos.x() + dx, pos.y() + dy)
        doc = self._canvas.document()
        hit = doc.documentLayout().hitTest(point, Qt.HitTestAccuracy.FuzzyHit)
        if hit < 0:
            return None
        # the position nearest the pointer is before or after the character under it
        around = self._offsets.from_utf16(min(hit, self._offsets.utf16_length))
        i = bisect.bisect_left(boxes, around - 1)
        for offset in boxes[i:i + 2]:
            start16, end16 = self._offsets.to_utf16(offset), self._offsets.to_utf16(offset + 1)
            if any(r.adjusted(-1, -1, 1, 1).contains(point) for r in line_rects(doc, start16, end16)):
                return self._text[offset]
        return None

    # ------------------------------------------------------------------ public API
    def set_schema(self, schema: LabelSchema) -> None:
        self._schema = schema
        self._colours = {lab.name: lab.colour for lab in schema.labels}
        if not self._relayout():
            self._canvas.viewport().update()

    def set_article(self, article: Article, spans: Sequence[Span], relations: Sequence[Relation], *,
                    tokens: TokenIndex | None = None) -> None:
        """Show ``article`` with ``spans`` and ``relations``. ``tokens``: the token index of its
        text if one exists (an article shown before keeps the blocks it tokenised); else a new,
        empty one. Once the window is idle the text on screen is tokenised and, up to
        :data:`IDLE_LAYOUT_RANGE`, the rest of the text laid out, so the first edit does neither."""
        self._keep_current()  # the article being left, before anything of it is replaced
        self._article = article
        self._title = (article.title or guess_title(article.text)).strip()
        self._text = article.text
        self._offsets = OffsetMap(article.text)
        if tokens is None or tokens.text is not article.text and tokens.text != article.text:
            tokens = TokenIndex(article.text)  # no work yet: blocks are tokenised when asked about
        self._tokens = tokens
        entry = kept = self._kept.pop(article.id, None) if article.id is not None else None
        if kept is not None and not self._restore(kept, article.text, spans):
            kept = None  # the span structures are rebuilt; its text widget may still serve
        if kept is None:
            self._spans = {s.id: s for s in spans}
            self._index = IntervalIndex((s.id, s.start, s.end) for s in spans)
        self._relations = list(relations)
        self._fragments = [r for r in self._relations if r.label == FRAGMENT]
        self._selected = None
        self._pieces = frozenset()
        self._hover = None
        self._hover_arc = None
        self._selected_relations = []
        self._edge_paragraphs = {}
        self._gutter_hits = {}
        self._last_emitted = (-1, -1)
        if kept is None:
            self._rebuild_shown()
        if entry is not None and entry.canvas is not None and (entry.text is article.text or entry.text == article.text):
            self._show_kept_canvas(entry)
        else:
            if entry is not None:
                self._free(entry.canvas)
            if any(k.canvas is self._canvas for k in self._kept.values()):  # the article left keeps its widget
                self._switch_canvas(self._fresh_canvas())
            self._set_document(article.text)
        if kept is not None and kept.layout == self._layout_key():
            for sid, shown in self._shown.items():
                had = kept.rects.get(sid)
                if had is not None and had[:2] == (shown.start16, shown.end16):
                    shown.rects = had[2]  # the same text laid out the same way: the same lines
        self._canvas.verticalScrollBar().setValue(0)
        self._emit_selection()
        self._idle.start()

    def forget_kept(self) -> None:
        """Drop every article kept for going back (another project was opened)."""
        for kept in self._kept.values():
            self._free(kept.canvas)
        self._kept.clear()

    def _wire(self, canvas: _Canvas) -> None:
        canvas.setFont(self._reading_font())
        canvas.selectionChanged.connect(lambda: self._qt_selection_changed() if canvas is self._canvas else None)
        # the edge arrows of off-screen links stay put while the text scrolls under them
        canvas.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled() if canvas is self._canvas else None)

    def _free(self, canvas: _Canvas | None) -> None:
        if canvas is not None and canvas is not self._canvas and shiboken6.isValid(canvas):
            self._spare.append(canvas)

    def _switch_canvas(self, canvas: _Canvas) -> None:
        """Show ``canvas`` instead of the current text widget (focus follows)."""
        if canvas is self._canvas:
            return
        old = self._canvas
        had_focus = old.hasFocus()
        # Sized before it is shown, while it is not yet the view's canvas: a widget kept while the
        # window was resized gets its resize here, and _show_kept_canvas re-formats it (layout key).
        if canvas.geometry() != self.rect():
            canvas.setGeometry(self.rect())
        canvas.set_foot(self._foot)
        canvas.show()
        canvas.raise_()
        self._canvas = canvas
        self.setFocusProxy(canvas)
        if had_focus:
            canvas.setFocus()
        old.hide()

    def _show_kept_canvas(self, kept: _Kept) -> None:
        """Show a kept article's own text widget again: its document is laid out already. Its
        format is brought up to date when the window was resized or zoomed meanwhile."""
        assert kept.canvas is not None
        self._switch_canvas(kept.canvas)
        self._margins, self._metrics, self._header_height, self._headline_in_text = kept.formats  # type: ignore[assignment]
        cursor = self._canvas.textCursor()
        if cursor.hasSelection():  # a text selection left there is not carried back
            cursor.clearSelection()
            self._canvas.setTextCursor(cursor)
        if kept.layout != self._layout_key():
            self._invalidate_geometry()
            self._relayout(force=True)
        else:
            # the rects kept with the spans are put back by the caller; the widget's own
            # measured ranges stay (its document is laid out as when they were measured)
            self._invalidate_geometry(laid_out=True)
        self.stats["kept_documents"] += 1

    def _fresh_canvas(self) -> _Canvas:
        """A text widget for an article not kept: a spare one, else a new one."""
        while self._spare:
            canvas = self._spare.pop()
            if shiboken6.isValid(canvas):
                return canvas
        canvas = _Canvas(self)
        canvas.hide()  # shown by _switch_canvas
        canvas.setDocument(self._blank)  # until _set_document gives it the article's
        self._wire(canvas)
        return canvas

    def _flags(self) -> tuple[frozenset[str], bool, bool]:
        return frozenset(self._layers), self._show_suggestions, self._show_rejected

    def _layout_key(self) -> tuple[object, ...]:
        return (self._canvas.viewport().width(), self._margins, self._metrics, self._point_size,
                self._headline_in_text, self._title)

    def _keep_current(self) -> None:
        """Keep the article being left (its span structures and their geometry) for going back."""
        article = self._article
        if article is None or article.id is None or len(self._spans) > KEPT_SPAN_LIMIT:
            return
        rects = {sid: (sh.start16, sh.end16, sh.rects) for sid, sh in self._shown.items() if sh.rects is not None}
        keep_canvas = self._offsets.utf16_length <= KEPT_CANVAS_LIMIT and self._canvas.document() is not self._blank
        self._kept[article.id] = _Kept(self._text, self._flags(), self._spans, self._index, self._shown, self._slots,
                                       self._layout_key(), rects, self._canvas if keep_canvas else None,
                                       (self._margins, self._metrics, self._header_height, self._headline_in_text))
        self._kept.move_to_end(article.id)
        while len(self._kept) > KEPT_ARTICLES:
            self._free(self._kept.popitem(last=False)[1].canvas)

    def _restore(self, kept: _Kept, text: str, spans: Sequence[Span]) -> bool:
        """Take the kept structures of this article and bring them in line with ``spans`` (the
        ones the window holds now: an undo there changed a few). False when they cannot serve
        (another text, other layers shown, or most spans changed: then they are rebuilt)."""
        if kept.text is not text and kept.text != text or kept.flags != self._flags():
            return False
        given = {s.id: s for s in spans}
        removed = [sid for sid in kept.spans if sid not in given]
        # the same objects when untouched; equal records when the article was read again from
        # the file (reopened, reloaded): those are not changes, only their record is swapped in
        changed: list[Span] = []
        same: list[Span] = []
        for span in spans:
            old = kept.spans.get(span.id)
            if old is not span:
                (same if old == span else changed).append(span)
        if 4 * (len(removed) + len(changed)) > max(len(given), 8):
            return False
        self._spans, self._index, self._shown, self._slots = kept.spans, kept.index, kept.shown, kept.slots
        for span in same:
            self._spans[span.id] = span
            shown = self._shown.get(span.id)
            if shown is not None:
                shown.span = span
        kinds: dict[str, tuple[int, int]] = {}
        for sid in removed + [s.id for s in changed]:
            old = self._shown.pop(sid, None)
            if old is not None:
                lo, hi = kinds.get(old.kind, (old.span.start, old.span.end))
                kinds[old.kind] = (min(lo, old.span.start), max(hi, old.span.end))
                self._slots.pop(sid, None)
            if self._spans.pop(sid, None) is not None:
                self._index.remove(sid)
        for span in changed:
            self._spans[span.id] = span
            self._index.add(span.id, span.start, span.end)
            if self._is_shown(span):
                shown = self._shown[span.id] = self._make_shown(span)
                lo, hi = kinds.get(shown.kind, (span.start, span.end))
                kinds[shown.kind] = (min(lo, span.start), max(hi, span.end))
        self._reassign_slots(kinds)
        self.stats["kept_restores"] += 1
        return True

    def _after_open(self) -> None:
        """Idle after an article was shown: tokenise the text on screen (the first resize or
        selection snaps there) and finish laying out a text of IDLE_LAYOUT_RANGE units (Qt lays
        the rest out in 10 ms steps, which otherwise land in the first keys' time)."""
        if not shiboken6.isValid(self._canvas) or not self._text:
            return
        doc = self._canvas.document()
        if IDLE_LAYOUT_RANGE[0] <= doc.characterCount() <= IDLE_LAYOUT_RANGE[1]:
            doc.documentLayout().documentSize()  # QTextDocumentLayout finishes its layout to answer
        prepared = self._canvas.prepared
        if prepared is not None and prepared[0] is self._tokens \
                and prepared[1:] == (self._canvas.verticalScrollBar().value(), self._layout_key()):
            # a kept widget shown again as it was prepared (the same token index, scrolled and laid
            # out the same): its lines on screen are tokenised already; finding them again was
            # ~0.4 ms per undo made in another article (issue 12)
            self.stats["idle_skipped"] += 1
            return
        self._tokens.warm(*self._visible_range())
        self._canvas.prepared = (self._tokens, self._canvas.verticalScrollBar().value(), self._layout_key())
        self.stats["idle_preparations"] += 1

    def update_spans(self, changed: Sequence[Span], removed: Sequence[str],
                     relations: Sequence[Relation] | None = None) -> None:
        dirty: list[QRectF] = []
        kinds: dict[str, tuple[int, int]] = {}

        def touch(kind: str, span: Span) -> None:
            lo, hi = kinds.get(kind, (span.start, span.end))
            kinds[kind] = (min(lo, span.start), max(hi, span.end))

        for sid in list(removed) + [s.id for s in changed]:
            old = self._shown.pop(sid, None)
            if old is not None:
                if old.rects is not None:  # no cached geometry: it was not on screen
                    dirty += self._dirty_rects(old)
                touch(old.kind, old.span)
                self._slots.pop(sid, None)
            if sid in self._spans:
                del self._spans[sid]
                self._index.remove(sid)
        for span in changed:
            self._spans[span.id] = span
            self._index.add(span.id, span.start, span.end)
            if self._is_shown(span):
                shown = self._make_shown(span)
                self._shown[span.id] = shown
                touch(shown.kind, span)
        if relations is not None:
            for sid in self._related_ids(self._selected) | self._related_ids(self._hover):
                if sid in self._shown:
                    dirty += self._dirty_rects(self._shown[sid])
            self._relations = list(relations)
            self._fragments = [r for r in self._relations if r.label == FRAGMENT]
        if self._selected is not None and self._selected not in self._spans:
            self._selected = None
        before_pieces = self._pieces
        self._pieces = self._pieces_of(self._selected)
        for sid in before_pieces | self._pieces:
            if sid in self._shown:
                dirty += self._dirty_rects(self._shown[sid])
        if self._hover is not None and self._hover not in self._spans:
            self._hover = None
        moved = self._reassign_slots(kinds)
        had_arcs = bool(self._selected_relations)  # the last link removed: its connector must go too
        has_arcs = self._refresh_selected_relations() or had_arcs
        if BAR in kinds and self._relayout():  # a new bar slot row needs more line spacing
            self._canvas.viewport().update()
            return
        touched = {s.id for s in changed} | set(removed)
        if has_arcs and (relations is not None or touched & self._related_ids(self._selected)):
            self._canvas.viewport().update()  # connectors run across the page: redraw them whole
            return
        for sid in moved | {s.id for s in changed} | self._related_ids(self._selected) | self._related_ids(self._hover):
            if sid in self._shown:
                dirty += self._dirty_rects(self._shown[sid])
        self._update_doc_rects(dirty)

    def set_selected_span(self, span_id: str | None) -> None:
        if span_id == self._selected:
            return
        before = self._related_ids(self._selected) | self._pieces
        had_arcs = bool(self._selected_relations)
        self._selected = span_id if span_id in self._spans else None
        self._pieces = self._pieces_of(self._selected)
        before |= self._pieces
        self._hover_arc = None
        if self._refresh_selected_relations() or had_arcs:
            self._canvas.viewport().update()  # connectors run across the page: redraw them whole
            return
        self._update_ids(before | self._related_ids(self._selected))

    def marked_selected(self) -> set[str]:
        """The span ids drawn as selected: the selected span and its attribution's other pieces."""
        return ({self._selected} | self._pieces) if self._selected is not None else set()

    def scroll_to_span(self, span_id: str) -> None:
        span = self._spans.get(span_id)
        if span is None:
            return
        shown = self._shown.get(span_id) or self._make_shown(span)
        rects = self._doc_rects(shown)
        if not rects:
            return
        top = rects[0].top()
        bottom = max(r.bottom() for r in rects) + self._metrics.line_extra
        bar = self._canvas.verticalScrollBar()
        height = self._canvas.viewport().height()
        if top >= bar.value() and bottom <= bar.value() + height:
            return
        if bottom - top > height * 0.8:
            bar.setValue(int(top - height * 0.1))
        else:
            bar.setValue(int(top - (height - (bottom - top)) / 3))

    # Each of these re-sorts every span of the article (_refresh_all): the window sets all three
    # when it opens a project, after the first article is shown, mostly to what they already
    # are; an unchanged setting costs nothing (at 10,000 spans, three whole rebuilds).
    def set_visible_layers(self, layers: set[str]) -> None:
        if set(layers) == self._layers:
            return
        self._layers = set(layers)
        self._refresh_all()

    def set_show_suggestions(self, show: bool) -> None:
        if bool(show) == self._show_suggestions:
            return
        self._show_suggestions = bool(show)
        self._refresh_all()

    def set_show_rejected(self, show: bool) -> None:
        if bool(show) == self._show_rejected:
            return
        self._show_rejected = bool(show)
        self._refresh_all()

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self._canvas.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._offsets.from_utf16(cursor.selectionStart())
        end = self._offsets.from_utf16(cursor.selectionEnd())
        if self._exact:
            return (start, end) if end > start else None
        return self._tokens.snap(start, end)

    def clear_selection(self) -> None:
        cursor = self._canvas.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self._canvas.setTextCursor(cursor)
        self._emit_selection()

    def span_at(self, offset: int) -> str | None:
        best: tuple[int, int, str] | None = None
        for sid in self._index.containing(offset):
            shown = self._shown.get(sid)
            if shown is None:
                continue
            span = shown.span
            key = (span.end - span.start, 1 if shown.kind == BAR else 0, sid)
            if best is None or key < best:
                best = key
        return best[2] if best else None

    def zoom_in(self) -> None:
        self._set_point_size(self._point_size * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_point_size(self._point_size / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self._set_point_size(DEFAULT_POINT_SIZE)

    def zoom_factor(self) -> float:
        return self._point_size / DEFAULT_POINT_SIZE

    def find(self, text: str, *, backwards: bool = False) -> bool:
        """Select the next (or previous) case-insensitive match, wrapping around; scroll to it.

        Matches as the analyst reads: any run of Unicode white space (non-breaking, thin,
        ideographic space, a line break) matches any other, and soft hyphens and zero-width
        characters inside a word are skipped (:func:`annotator.domain.text_match.find_all`), so
        "Donald Trump" finds "Donald\u00a0Trump"."""
        if not text or not self._text:
            return False
        if self._loose is None or self._loose[0] is not self._text:  # prepared once per article text
            self._loose = (self._text, LooseText.of(self._text))
        cursor = self._canvas.textCursor()
        here = self._offsets.from_utf16(cursor.selectionStart() if backwards else cursor.selectionEnd())
        matches = list(find_all(self._loose[1], text))
        if backwards:
            before = [m for m in matches if m[0] < here]
            found = before[-1] if before else (matches[-1] if matches else None)
        else:
            found = next((m for m in matches if m[0] >= here), matches[0] if matches else None)
        if found is None:
            return False
        self.set_selection(*found, exact=True)
        self._ensure_range_visible(*found)
        return True

    def visible_span_ids(self) -> list[str]:
        start, end = self._visible_range()
        ids = [sid for sid in self._index.overlapping(start, end) if sid in self._shown]
        return sorted(ids, key=lambda sid: (self._spans[sid].start, sid))

    def highlight_ranges(self) -> dict[str, tuple[int, int]]:
        to_cp = self._offsets.from_utf16
        return {sid: (to_cp(s.start16), to_cp(s.end16)) for sid, s in self._shown.items()}

    # --- extras (not in the original brief, handy for the window) --------------------------
    def set_selection(self, start: int, end: int, *, exact: bool = True) -> None:
        """Select ``[start, end)`` (code points). ``exact=False`` lets selected_range() snap it."""
        cursor = QTextCursor(self._canvas.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self._exact = exact
        self._canvas.setTextCursor(cursor)
        self._emit_selection()

    def token_index(self) -> TokenIndex:
        """The article's tokens, tokenised lazily around the offsets asked about (never the
        whole text on the UI thread); shared with the window's :class:`ArticleState`."""
        return self._tokens

    def next_token_boundary(self, offset: int, *, kind: str = "any") -> int:
        return self._tokens.next_boundary(offset, kind=kind)  # type: ignore[arg-type]

    def prev_token_boundary(self, offset: int, *, kind: str = "any") -> int:
        return self._tokens.prev_boundary(offset, kind=kind)  # type: ignore[arg-type]

    # --- for the edge handles (span_handles.HandleHost)
    def handle_target(self) -> tuple[str, int, int] | None:
        """The selected span as (id, start, end) when it is shown."""
        if self._selected is None or self._selected not in self._shown:
            return None
        span = self._spans[self._selected]
        return span.id, span.start, span.end

    def offset_at(self, pos: QPoint) -> int:
        """Code-point offset of the character edge nearest ``pos`` (viewport coordinates)."""
        return self._offsets.from_utf16(min(self._canvas.cursorForPosition(pos).position(), self._offsets.utf16_length))

    def show_preview(self, rng: tuple[int, int] | None) -> None:
        """Outline ``rng`` (code points) as a range-to-be, or remove the outline."""
        self._update_preview(rng)

    def viewport_widget(self) -> QWidget:
        return self._canvas.viewport()

    def text_widget(self) -> QTextEdit:
        """The inner text widget (for focus handling and tests)."""
        return self._canvas

    def span_rects(self, span_id: str) -> list[QRect]:
        """The span's text rectangles in viewport coordinates (empty when not shown)."""
        shown = self._shown.get(span_id)
        if shown is None:
            return []
        dx, dy = self._scroll()
        return [r.translated(-dx, -dy).toAlignedRect() for r in self._doc_rects(shown)]

    # ------------------------------------------------------------------ document
    def _reading_font(self) -> QFont:
        font = QFont()
        font.setFamilies(SERIF_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(self._point_size)
        return font

    def _set_document(self, text: str) -> None:
        doc, self._headline_in_text = build_document(text, self._reading_font(), parent=self._canvas, title=self._title)
        if doc.characterCount() - 1 != self._offsets.utf16_length:  # pragma: no cover - guard
            raise RuntimeError("the document does not hold one position per character of the article")
        self._format_document(doc, force=True)
        old = self._canvas.document()
        self._attach(doc)
        if old is not None and old is not self._blank and shiboken6.isValid(old) and old.parent() is self._canvas:
            old.deleteLater()
        self.stats["documents"] += 1

    def _attach(self, doc: QTextDocument) -> None:
        self._canvas.setFont(self._reading_font())
        self._canvas.setDocument(doc)
        self._canvas.prepared = None  # another text: the idle preparation runs for it
        self._canvas.setCursorWidth(0)  # read-only: a blinking caret would only be noise (per document layout)
        self._invalidate_geometry()

    def _relayout(self, *, force: bool = False) -> bool:
        """Re-apply line spacing and margins (after zoom, resize or a new bar slot). The document
        is taken off the widget meanwhile, so it is laid out once, not once per change.
        Returns True when anything changed."""
        doc = self._canvas.document()
        if doc is self._blank or not self._format_document(doc, force=force, dry_run=True):
            return False
        bar = self._canvas.verticalScrollBar()
        ratio = bar.value() / max(1, bar.maximum())
        cursor = self._canvas.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        self._reformatting = True
        try:
            self._canvas.setDocument(self._blank)
            doc.setDefaultFont(self._reading_font())
            self._format_document(doc, force=force)
            self._attach(doc)
            cursor = QTextCursor(doc)
            cursor.setPosition(anchor)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            self._canvas.setTextCursor(cursor)
        finally:
            self._reformatting = False
        bar.setValue(round(ratio * bar.maximum()))
        self.stats["relayouts"] += 1
        return True

    def _format_document(self, doc: QTextDocument, *, force: bool = False, dry_run: bool = False) -> bool:
        """Line spacing for the bar slots and root-frame margins (reading column, header)."""
        fm = QFontMetricsF(self._reading_font())
        metrics = SlotMetrics.for_font_height(fm.height(), self._needed_slots())
        margins = self._wanted_margins(fm)
        spacing = force or metrics != self._metrics or doc.defaultFont() != self._reading_font()
        moved = margins != self._margins
        if dry_run or not (spacing or moved):
            return spacing or moved
        if spacing:
            self._metrics = metrics
            set_line_spacing(doc, metrics.line_extra)
        if moved or force:
            self._margins = margins
            set_margins(doc, side=margins[0], top=margins[1], bottom=margins[2])
        return True

    def _needed_slots(self) -> int:
        bars = [self._slots.get(sid, 0) for sid, s in self._shown.items() if s.kind == BAR]
        return max(MIN_BAR_SLOTS, min(MAX_BAR_SLOTS, max(bars, default=0) + 1))

    def _header_lines(self) -> tuple[str, str]:
        article = self._article
        if article is None:
            return "", ""
        title = "" if self._headline_in_text else self._title
        meta = " · ".join(x for x in (article.publisher.strip(), article.published.strip()[:10]) if x)
        return title, meta

    def _wanted_margins(self, fm: QFontMetricsF) -> tuple[int, int, int]:
        column = fm.averageCharWidth() * READING_COLUMNS * 1.08
        width = self._canvas.viewport().width()
        gutter = self._gutter_width()
        # usertest23 L2: the margin narrows with the column (its labels abbreviated: "QT") rather
        # than falling to MIN_SIDE_MARGIN at once, which hid every label at 1400 px with the Train
        # panel open (a 480 px view); the text keeps READABLE_CHARS characters first (usertest30
        # L5; it kept 320 px, ~35 characters, before)
        min_side = max(MIN_SIDE_MARGIN, min(gutter, (width - self._readable_text(fm)) / 2))
        side = max(min_side, (width - column) / 2)
        title, meta = self._header_lines()
        header = fm.height() * 1.6
        if title:
            tf = QFontMetricsF(self._title_font())
            box = tf.boundingRect(QRectF(0, 0, max(50.0, width - 2 * side), 10_000),
                                  int(Qt.TextFlag.TextWordWrap), title)
            header += box.height() + fm.height() * 0.3
        if meta:
            header += fm.height() * 1.4
        self._header_height = header
        return round(side), round(header), round(fm.height() * 2)

    @staticmethod
    def _readable_text(fm: QFontMetricsF) -> float:
        """px of the text column's least readable width in the reading font ``fm`` (at least 320)."""
        return max(320.0, fm.averageCharWidth() * READABLE_CHARS)

    def text_chars(self) -> float:
        """The text column's width now, in average characters of the reading font (its zoom
        included): the viewport less both side margins."""
        fm = QFontMetricsF(self._reading_font())
        side = max(self._margins[0], 0)
        return (self._canvas.viewport().width() - 2 * side) / fm.averageCharWidth()

    def readable_width(self) -> int:
        """px this view needs for a text column of :data:`READABLE_CHARS` characters of its
        reading font (zoom included) with the margin labels shown beside it, its scroll bar
        counted. The window's columns give way until the view has it (column_room)."""
        fm = QFontMetricsF(self._reading_font())
        bar = self._canvas.verticalScrollBar().sizeHint().width()
        frame = max(self.width() - self._canvas.viewport().width(), bar)
        return int(self._readable_text(fm) + 2 * LABEL_MARGIN + frame + 1)

    def _title_font(self) -> QFont:
        font = self._reading_font()
        font.setPointSizeF(self._point_size * 1.45)
        font.setWeight(QFont.Weight.Bold)
        return font

    def _set_point_size(self, size: float) -> None:
        size = min(max(size, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        if abs(size - self._point_size) < 1e-6:
            return
        self._point_size = size
        self._relayout(force=True)
        self.zoomed.emit()

    # ------------------------------------------------------------------ spans
    def layer_shown(self, span: Span) -> bool:
        """Whether the View menu shows ``span``'s kind: its layer is on and, for a suggestion,
        Suggestions are. (Rejected spans are left out of this: they are decided, not reviewed.)"""
        return span.layer in self._layers and (span.status != Status.SUGGESTED or self._show_suggestions)

    def _is_shown(self, span: Span) -> bool:
        if span.layer not in self._layers:
            return False
        if span.status == Status.SUGGESTED:
            return self._show_suggestions
        if span.status == Status.REJECTED:
            return self._show_rejected
        return True

    def _make_shown(self, span: Span) -> _Shown:
        to16 = self._offsets.to_utf16
        end = min(span.end, self._offsets.length)
        start = min(span.start, end)
        return _Shown(span, kind_of(span.layer), to16(start), to16(end))

    def _rebuild_shown(self) -> None:
        self._shown = {sid: self._make_shown(s) for sid, s in self._spans.items() if self._is_shown(s)}
        self._slots = {}
        self._reassign_slots({"fill", "box", "bar"})
        self.stats["full_rebuilds"] += 1

    def _reassign_slots(self, kinds: Iterable[str] | dict[str, tuple[int, int]]) -> set[str]:
        """Recompute slots; return ids whose slot changed.

        ``kinds`` is either kinds to redo entirely, or kind -> code-point range that changed:
        then only the spans of that kind overlapping the range, directly or through each other,
        are laid out again (slots of one overlap cluster never depend on another cluster).
        """
        moved: set[str] = set()
        shown = self._shown
        for kind in kinds:
            if isinstance(kinds, dict):
                lo, hi = kinds[kind]
                while True:
                    ids = [sid for sid in self._index.overlapping(lo, hi)
                           if sid in shown and shown[sid].kind == kind]
                    new_lo = min([lo] + [shown[sid].span.start for sid in ids])
                    new_hi = max([hi] + [shown[sid].span.end for sid in ids])
                    if (new_lo, new_hi) == (lo, hi):
                        break
                    lo, hi = new_lo, new_hi
                items = [(sid, shown[sid].span.start, shown[sid].span.end) for sid in ids]
            else:
                items = [(sid, s.span.start, s.span.end) for sid, s in shown.items() if s.kind == kind]
            for sid, slot in assign_slots(items).items():
                if self._slots.get(sid) != slot:
                    moved.add(sid)
                    self._slots[sid] = slot
        return moved

    def _refresh_all(self) -> None:
        self._rebuild_shown()
        self._refresh_selected_relations()
        if not self._relayout():
            self._canvas.viewport().update()

    def _pieces_of(self, span_id: str | None) -> frozenset[str]:
        """The other pieces of ``span_id``'s attribution (an interrupted quote), marked as selected
        with it: selecting the quote's row marks all of it, a third piece tied to the second too."""
        if span_id is None or not self._fragments:
            return frozenset()
        return frozenset(piece_groups(self._spans, self._fragments).get(span_id, ())) - {span_id}

    def _related_ids(self, span_id: str | None) -> set[str]:
        if span_id is None:
            return set()
        out = {span_id}
        for rel in self._relations:
            if rel.status == Status.REJECTED and not self._show_rejected:
                continue
            if rel.head == span_id:
                out.add(rel.child)
            elif rel.child == span_id:
                out.add(rel.head)
        return out

    # ------------------------------------------------------------------ geometry
    def _invalidate_geometry(self, *, laid_out: bool = False) -> None:
        """Forget the spans' geometry; ``laid_out``: the text widget's layout is as it was (a kept
        widget shown again unchanged), so the ranges it measured (``_Canvas.ranges``) still hold."""
        self._gutter_hits = {}
        if not laid_out:
            self._canvas.ranges.clear()
        for shown in self._shown.values():
            shown.rects = None
        self.stats["geometry_invalidations"] += 1

    def _dirty_rects(self, shown: _Shown) -> list[QRectF]:
        """Where a span is drawn: its lines, and the gutter beside its first line (label)."""
        rects = self._doc_rects(shown)
        if not rects:
            return []
        first = rects[0]
        return [*rects, QRectF(0, first.top(), first.left(), first.height())]

    def _scroll(self) -> tuple[int, int]:
        return self._canvas.horizontalScrollBar().value(), self._canvas.verticalScrollBar().value()

    def _doc_rects(self, shown: _Shown) -> list[QRectF]:
        if shown.rects is None:
            ranges = self._canvas.ranges
            key = (shown.start16, shown.end16)
            rects = ranges.get(key)
            if rects is None:
                if len(ranges) >= RANGES_KEPT:
                    ranges.clear()
                rects = ranges[key] = line_rects(self._canvas.document(), shown.start16, shown.end16)
                self.stats["span_geometry"] += 1
            shown.rects = rects
        return shown.rects

    def _visible_range(self, clip: QRect | None = None) -> tuple[int, int]:
        """Code-point range covering the viewport, or only the lines ``clip`` (viewport
        coordinates) crosses (a line of slack either side)."""
        if not self._text:
            return 0, 0
        _dx, dy = self._scroll()
        slack = QFontMetricsF(self._reading_font()).height() * 2
        top, bottom = (0, self._canvas.viewport().height()) if clip is None else (clip.top(), clip.bottom() + 1)
        a = position_at_y(self._canvas.document(), max(0.0, dy + top - slack), last=False)
        b = position_at_y(self._canvas.document(), dy + bottom + slack, last=True)
        return self._offsets.from_utf16(a), self._offsets.from_utf16(b)

    def _mark(self, shown: _Shown, dx: int, dy: int) -> Mark:
        span = shown.span
        theme = self._theme
        colour = label_colour(self._colours.get(span.label, ""), theme)
        rects = [r.translated(-dx, -dy) for r in self._doc_rects(shown)]
        return Mark(kind=shown.kind, colour=colour, status=span.status, slot=self._slots.get(span.id, 0), rects=rects)

    def _update_doc_rects(self, rects: Sequence[QRectF]) -> None:
        if not rects:
            return
        dx, dy = self._scroll()
        region = QRegion()
        for r in dirty_rect(rects, self._metrics):
            region += r.translated(-dx, -dy).toAlignedRect()
        self.stats["partial_updates"] += 1
        self._canvas.viewport().update(region)

    def _update_ids(self, ids: Iterable[str]) -> None:
        rects: list[QRectF] = []
        for sid in ids:
            shown = self._shown.get(sid)
            if shown is not None:
                rects += self._dirty_rects(shown)
        self._update_doc_rects(rects)

    # ------------------------------------------------------------------ painting
    def _visible_marks(self, clip: QRect) -> list[tuple[_Shown, Mark]]:
        self.stats["paints"] += 1
        dx, dy = self._scroll()
        # only the spans on the lines being repainted: an edit repaints a few lines, and marking
        # every span on screen for them was a third of its paint (issue 12)
        start, end = self._visible_range(clip)
        clip_f = QRectF(clip).adjusted(-4, -self._metrics.line_extra - 4, 4, 4)
        out = []
        for sid in self._index.overlapping(start, end):
            shown = self._shown.get(sid)
            if shown is None:
                continue
            mark = self._mark(shown, dx, dy)
            if not mark.rects:
                continue
            first = mark.rects[0]
            gutter = QRectF(0, first.top(), first.left(), first.height())  # its label, if any
            if clip_f.intersects(gutter) or any(clip_f.intersects(r) for r in mark.rects):
                out.append((shown, mark))
        # bigger marks first, so smaller (nested) ones are drawn on top of them
        out.sort(key=lambda sm: (-(sm[0].span.end - sm[0].span.start), sm[0].span.start))
        self._frame_marks = out
        return out

    def _paint_under(self, p: QPainter, clip: QRect) -> None:
        self.last_paint_rect = QRect(clip)
        self._theme = Theme.from_palette(self._canvas.palette())
        self._painter = SpanPainter(self._theme, self._metrics)
        self._paint_header(p)
        for _shown, mark in self._visible_marks(clip):
            self._painter.paint(p, mark, under=True)

    def _paint_over(self, p: QPainter, clip: QRect) -> None:
        painter = self._painter
        marks = {shown.span.id: mark for shown, mark in self._frame_marks}
        for _shown, mark in self._frame_marks:
            painter.paint(p, mark, under=False)
        self._paint_gutter(p, marks)
        if self._hover and self._hover != self._selected:
            for sid in self._related_ids(self._hover):
                if sid in marks:
                    painter.paint_outline(p, marks[sid], role="hover" if sid == self._hover else "partner")
        if self._preview_rects:
            dx, dy = self._scroll()
            painter.paint_preview(p, [r.translated(-dx, -dy) for r in self._preview_rects])
        if self._selected:
            for sid in self._related_ids(self._selected) - {self._selected} - self._pieces:
                if sid in marks:
                    painter.paint_outline(p, marks[sid], role="partner")
            for sid in self._pieces:  # the attribution's other pieces: selected with it
                if sid in marks:
                    painter.paint_outline(p, marks[sid], role="selected")
            if self._selected in marks:
                painter.paint_outline(p, marks[self._selected], role="selected")
            self.handles.paint(p, self._theme.focus)  # its edge grips (span_handles.py)
        self._paint_arcs(p)
        self._frame_marks = []

    def _gutter_font(self) -> QFont:
        font = QFont()
        font.setFamilies(["DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica", "sans-serif"])
        font.setPointSizeF(max(6.0, self._point_size * 0.6))
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        return font

    def _gutter_width(self) -> float:
        """Room in the left margin for the label names of quotes and claims."""
        # any label can be there: the selected span's name is set beside its line too
        labels = [lab.name for lab in self._schema.labels] if self._schema else []
        fm = QFontMetricsF(self._gutter_font())
        widest = max((fm.horizontalAdvance(name) for name in labels), default=fm.horizontalAdvance("SPEAKER"))
        return min(widest, fm.averageCharWidth() * 10) + 22 + arc_layout.MAX_LANES * arc_layout.LANE_STEP

    def _paint_gutter(self, p: QPainter, marks: dict[str, Mark]) -> None:
        """Label names in the left margin beside the first line of each quote or claim (and of
        the selected span), so long spans can be told apart at a glance."""
        dx, dy = self._scroll()
        right = self._margins[0] - dx - 10
        if right < 30:
            return
        font = self._gutter_font()
        p.setFont(font)
        fm = QFontMetricsF(font)
        row = fm.height() + 2
        for sid in marks:
            self._gutter_hits.pop(sid, None)
            self.gutter_painted.pop(sid, None)
        stacked: dict[int, int] = {}  # line top -> labels already set beside that line
        # an interrupted quote is one attribution: one label beside a line however many of its
        # pieces are on it (usertest10d finding 9: two stacked "QUOTE" read as two quotes)
        groups = piece_groups(self._spans, self._fragments) if self._fragments else {}
        labelled: set[tuple[str, int]] = set()  # (first piece, line top) already labelled
        entries = sorted(
            (mark.rects[0].top(), self._slots.get(sid, 0), sid, mark)
            for sid, mark in marks.items()
            if mark.rects and (mark.kind == BAR or sid == self._selected)
        )
        for top, _slot, sid, mark in entries:
            line = (groups.get(sid, (sid,))[0], round(top))
            if line in labelled:
                continue
            labelled.add(line)
            n = stacked.get(round(top), 0)
            rect = mark.rects[0]
            y = rect.top() + max(0.0, (rect.height() - fm.height()) / 2) + n * row
            if y + fm.height() > rect.bottom() + self._metrics.line_extra:
                continue  # no room left beside this line
            text = self._spans[sid].label
            if fm.horizontalAdvance(text) > right - 4:  # a narrow margin: "SPKR", the tooltip says it whole
                text = abbreviate_label(text)
            width = min(fm.horizontalAdvance(text), right - 4)
            role = "selected" if sid == self._selected else "plain"
            label_rect = QRectF(right - width, y, width, fm.height())
            self._painter.paint_gutter_label(p, label_rect, text, mark, role=role)
            self.gutter_painted[sid] = (text, QRectF(label_rect))
            self._gutter_hits[sid] = label_rect.translated(dx, dy)
            stacked[round(top)] = n + 1

    def _paint_header(self, p: QPainter) -> None:
        title, meta = self._header_lines()
        if not (title or meta):
            return
        dx, dy = self._scroll()
        if dy > self._header_height:
            return
        side = self._margins[0]
        width = self._canvas.viewport().width() - 2 * side
        fm = QFontMetricsF(self._reading_font())
        y = fm.height() * 0.8 - dy
        theme = self._theme
        if title:
            p.setFont(self._title_font())
            p.setPen(theme.text)
            rect = QRectF(side - dx, y, width, 10_000)
            used = p.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), title)
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), title)
            y += used.height() + fm.height() * 0.3
        if meta:
            font = self._reading_font()
            font.setPointSizeF(self._point_size * 0.85)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
            p.setFont(font)
            p.setPen(theme.muted)
            p.drawText(QRectF(side - dx, y, width, fm.height() * 1.2), int(Qt.AlignmentFlag.AlignLeft), meta.upper())
            y += fm.height() * 1.25
        rule = QColor(theme.text)
        rule.setAlphaF(0.15)
        p.fillRect(QRectF(side - dx, y, width, 1), rule)

    # ------------------------------------------------------------------ mouse & selection
    def _span_at_point(self, pos: QPoint) -> str | None:
        """The smallest shown span whose drawn area contains ``pos`` (viewport coordinates)."""
        dx, dy = self._scroll()
        point = QPointF(pos.x() + dx, pos.y() + dy)
        for sid, rect in self._gutter_hits.items():
            if rect.adjusted(-3, -2, 3, 2).contains(point) and sid in self._shown:
                return sid
        doc_layout = self._canvas.document().documentLayout()
        hit = doc_layout.hitTest(point, Qt.HitTestAccuracy.FuzzyHit)
        if hit < 0:
            return None
        around = self._offsets.from_utf16(min(hit, self._offsets.utf16_length))
        painter = SpanPainter(Theme.from_palette(self._canvas.palette()), self._metrics)
        best: tuple[int, str] | None = None
        for sid in self._index.overlapping(max(0, around - 400), around + 400):
            shown = self._shown.get(sid)
            if shown is None:
                continue
            mark = Mark(shown.kind, QColor(), shown.span.status, self._slots.get(sid, 0), self._doc_rects(shown))
            for r in painter.outline_rects(mark):
                if r.adjusted(-1, -1, 1, 1).contains(point):
                    key = (shown.span.end - shown.span.start, sid)
                    if best is None or key < best:
                        best = key
                    break
        return best[1] if best else None

    def _mouse_press(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton:
            self._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)

    def _mouse_move(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self._exact = True
            self._dragging = self._press_pos is not None
            return
        if self._set_hover_arc(event.position().toPoint()):  # [arcs] a connector under the pointer
            return
        self._set_hover(self._span_at_point(event.position().toPoint()))

    def _mouse_release(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        press, self._press_pos = self._press_pos, None
        dragged = press is not None and (pos - press).manhattanLength() >= QApplication.startDragDistance()
        if self._dragging:
            self._dragging = False
            self._update_preview(None)
        if not dragged:
            if self._click_arc(pos):  # [arcs] clicking a connector selects its other end
                return
            sid = self._span_at_point(pos)
            if sid is not None:
                self.spanClicked.emit(sid)
            return
        if not self._exact:
            rng = self.selected_range()
            if rng is not None:
                self.set_selection(*rng, exact=False)

    def _set_hover(self, span_id: str | None) -> None:
        if span_id == self._hover:
            return
        before = self._related_ids(self._hover)
        self._hover = span_id
        self._update_ids(before | self._related_ids(span_id))

    def _context_menu(self, event: QContextMenuEvent) -> None:
        if self._arc_menu(event.pos(), event.globalPos()):  # [arcs]
            event.accept()
            return
        sid = self._span_at_point(event.pos()) or ""
        rng = self.selected_range() or (-1, -1)
        self.spanContextMenuRequested.emit(sid, rng[0], rng[1], event.globalPos())
        event.accept()

    def _tooltip(self, event: QHelpEvent) -> None:
        arc = self._arc_at(event.pos())  # [arcs]
        if arc is not None:
            QToolTip.showText(event.globalPos(), self._arc_tooltip(arc), self._canvas.viewport())
            return
        sid = self._span_at_point(event.pos())
        # an empty box (no font has the glyph): named, over a span's description too (usertest10g)
        box = self._box_at_point(event.pos())
        note = box_note(box) if box is not None else ""
        if sid is None:
            if note:
                QToolTip.showText(event.globalPos(), note, self._canvas.viewport())
                return
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.globalPos(), self._tooltip_html(sid) + note, self._canvas.viewport())
        self._set_hover(sid)

    def _tooltip_html(self, span_id: str) -> str:
        span = self._spans[span_id]
        return describe_span(span, self._text, self._relations, self._spans,
                             self._colours.get(span.label, ""), self._theme)

    def _qt_selection_changed(self) -> None:
        if not self._reformatting:
            self._emit_selection()
            if self._dragging:
                self._update_preview(None if self._exact else self.selected_range())

    def _update_preview(self, rng: tuple[int, int] | None) -> None:
        """While dragging, outline the whole tokens the selection will snap to."""
        if rng == self._preview:
            return
        rects = self._preview_rects
        self._preview = rng
        self._preview_rects = [] if rng is None else line_rects(
            self._canvas.document(), self._offsets.to_utf16(rng[0]), self._offsets.to_utf16(rng[1]))
        self._update_doc_rects(rects + self._preview_rects)

    def _emit_selection(self) -> None:
        rng = self.selected_range() or (-1, -1)
        if rng != self._last_emitted:
            self._last_emitted = rng
            self.selectionChanged.emit(*rng)

    def _ensure_range_visible(self, start: int, end: int) -> None:
        rects = line_rects(self._canvas.document(), self._offsets.to_utf16(start), self._offsets.to_utf16(end))
        if not rects:
            return
        bar = self._canvas.verticalScrollBar()
        height = self._canvas.viewport().height()
        top, bottom = rects[0].top(), rects[-1].bottom() + self._metrics.line_extra
        if top < bar.value() or bottom > bar.value() + height:
            bar.setValue(int(top - height / 3))

    # ------------------------------------------------------------------ relation connectors
    def _refresh_selected_relations(self) -> bool:
        """Recompute the selected span's relations to draw; True when there are any."""
        sel = self._selected
        rels: list[Relation] = []
        if sel is not None and sel in self._shown:
            for rel in self._relations:
                if (rel.head == sel or rel.child == sel) and rel.head != rel.child \
                        and rel.head in self._spans and rel.child in self._spans \
                        and (rel.status != Status.REJECTED or self._show_rejected):
                    rels.append(rel)
        rels.sort(key=lambda r: (self._spans[r.child if r.head == sel else r.head].start, r.id))
        self._selected_relations = rels
        if self._hover_arc is not None and all(r.id != self._hover_arc for r in rels):
            self._hover_arc = None
        return bool(rels)

    def _scrolled(self) -> None:
        if self._selected_relations:
            self._canvas.viewport().update()

    def _anchor(self, span_id: str, r: QRectF) -> arc_layout.Anchor:
        """Where a connector meets a span on its line ``r``: quotes and claims at the start of
        their own bar (nested quotes stay apart), other spans below their middle."""
        m = self._metrics
        shown = self._shown.get(span_id)
        if shown is not None and shown.kind == BAR:
            x = r.left() + min(4.0, r.width() / 2)
            y = m.bar_top(r.bottom(), self._slots.get(span_id, 0)) + m.bar
        else:
            x, y = r.center().x(), r.bottom()
        return arc_layout.Anchor(x=x, y=y, line_top=r.top(), lane_y=m.lane_y(r.bottom()))

    def _arc_font(self) -> QFont:
        font = self._gutter_font()
        font.setPointSizeF(max(6.0, self._point_size * 0.55))
        return font

    def _selected_arcs(self) -> list[_Arc]:
        """Connectors of the selected span's relations, routed for the current scroll position."""
        if not self._selected_relations or self._selected is None:
            return []
        sel = self._selected
        dx, dy = self._scroll()
        height = self._canvas.viewport().height()
        margin_x = self._margins[0] - dx - 4
        fm = QFontMetricsF(self._arc_font())
        out: list[_Arc] = []
        edge_x = {"up": margin_x + 6, "down": margin_x + 6}
        for index, rel in enumerate(self._selected_relations):
            head, child = self._spans[rel.head], self._spans[rel.child]
            ends = []
            for span in (head, child):
                shown = self._shown.get(span.id) or self._make_shown(span)
                ends.append([r.translated(-dx, -dy) for r in self._doc_rects(shown)])
            head_rects, child_rects = ends
            if not head_rects or not child_rects:
                continue
            colour = label_colour(self._colours.get(child.label, ""), self._theme)
            other = rel.child if rel.head == sel else rel.head

            def on_screen(rects: list[QRectF]) -> bool:
                return any(r.bottom() > 0 and r.top() < height for r in rects)

            head_in, child_in = on_screen(head_rects), on_screen(child_rects)
            if head_in and child_in:
                # the two lines nearest each other (one shared line gives a "U" under it)
                hr, cr = min(((h, c) for h in head_rects for c in child_rects),
                             key=lambda hc: (abs(hc[0].top() - hc[1].top()), hc[0].top()))
                connector = arc_layout.route(self._anchor(head.id, hr), self._anchor(child.id, cr),
                                             margin_x=margin_x, index=index)
                text = rel.label.lower()
                w = fm.horizontalAdvance(text) + 6
                lx, ly = connector.label_at or (0.0, 0.0)
                label_rect = QRectF(lx, ly, w, fm.height())
            elif head_in or child_in:
                near, far = (head, child) if head_in else (child, head)
                near_rects, far_rects = (head_rects, child_rects) if head_in else (child_rects, head_rects)
                direction = "up" if far_rects[-1].bottom() <= 0 else "down"
                connector = arc_layout.route_to_edge(
                    self._anchor(near.id, near_rects[-1] if direction == "down" else near_rects[0]),
                    margin_x=margin_x, edge_y=0.0 if direction == "up" else float(height),
                    direction=direction, index=index)
                key = (min(near.start, far.start), max(near.end, far.end))
                if key not in self._edge_paragraphs:
                    a, b = (far.end, near.start) if far.start < near.start else (near.end, far.start)
                    self._edge_paragraphs[key] = arc_layout.paragraphs_between(self._text, a, b)
                text = arc_layout.edge_label(rel.label, direction, self._edge_paragraphs[key])
                w = fm.horizontalAdvance(text) + 10
                top = 2.0 if direction == "up" else height - fm.height() - 4
                label_rect = QRectF(edge_x[direction], top, w, fm.height() + 2)
                edge_x[direction] += w + 6
            else:
                continue
            out.append(_Arc(rel, other, connector, colour, text, label_rect))
        inline = [a for a in out if not a.connector.edge]  # edge chips are laid out side by side already
        lefts = arc_layout.spread_labels([(a.label_rect.left(), a.label_rect.top(), a.label_rect.width(),
                                           a.label_rect.height()) for a in inline])
        for arc, left in zip(inline, lefts):
            arc.label_rect.moveLeft(left)
        return out

    def _paint_arcs(self, p: QPainter) -> None:
        arcs = self._selected_arcs()
        if not arcs:
            return
        p.setFont(self._arc_font())
        # the hovered one last, so it is on top
        for arc in sorted(arcs, key=lambda a: a.relation.id == self._hover_arc):
            hovered = arc.relation.id == self._hover_arc
            self._painter.paint_connector(p, arc.connector.points, arc.colour, status=arc.relation.status,
                                          hovered=hovered, arrow=arc.connector.edge)
            self._painter.paint_connector_label(p, arc.label_rect, arc.label, arc.colour, hovered=hovered,
                                                chip=bool(arc.connector.edge))
        self.stats["arcs_painted"] += len(arcs)

    def _arc_at(self, pos: QPoint) -> _Arc | None:
        """The connector (or its label) under ``pos`` (viewport coordinates), nearest first."""
        best: tuple[float, _Arc] | None = None
        for arc in self._selected_arcs():
            if arc.label_rect.adjusted(-2, -2, 2, 2).contains(QPointF(pos)):
                return arc
            d = arc_layout.distance_to_polyline(arc.connector.points, pos.x(), pos.y())
            if d <= arc_layout.HIT_DISTANCE and (best is None or d < best[0]):
                best = (d, arc)
        return best[1] if best else None

    def hovered_relation(self) -> str | None:
        """The id of the relation whose connector is under the pointer, if any."""
        return self._hover_arc

    def _set_hover_arc(self, pos: QPoint) -> bool:
        arc = self._arc_at(pos)
        rid = arc.relation.id if arc else None
        if rid != self._hover_arc:
            self._hover_arc = rid
            self._canvas.viewport().setCursor(Qt.CursorShape.PointingHandCursor if rid else Qt.CursorShape.IBeamCursor)
            self._canvas.viewport().update()
        if rid is not None:
            self._set_hover(None)
        return rid is not None

    def _click_arc(self, pos: QPoint) -> bool:
        arc = self._arc_at(pos)
        if arc is None:
            return False
        self.scroll_to_span(arc.other)  # an edge arrow's far end is off screen
        self.spanClicked.emit(arc.other)
        return True

    def _arc_tooltip(self, arc: _Arc) -> str:
        rel = arc.relation
        head = self._spans[rel.head]
        other = self._spans[arc.other]
        excerpt = " ".join(other.text_in(self._text).split())
        if len(excerpt) > 60:
            excerpt = excerpt[:45] + " … " + excerpt[-10:]
        if arc.other == rel.child:
            role = f"{rel.label} of this {head.label.lower()}"
        else:
            role = f"this is the {rel.label.lower()} of that {head.label.lower()}"
        flag = "" if rel.status == Status.ACCEPTED else f" ({rel.status})"
        return (f"{role}{flag}: “{excerpt}” — click to select it; "
                f"Del (pointer on the link) or right-click removes the link")

    def _arc_key(self, event: QKeyEvent, *, dry_run: bool = False) -> bool:
        """Del or Backspace with the pointer on a connector removes that link."""
        if self._hover_arc is None or event.key() not in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not dry_run:
            rid, self._hover_arc = self._hover_arc, None
            self.relationDeleteRequested.emit(rid)
        return True

    def _arc_menu(self, pos: QPoint, global_pos: QPoint) -> bool:
        arc = self._arc_at(pos)
        if arc is None:
            return False
        rel = arc.relation
        other = self._spans[arc.other]
        menu = QMenu(self._canvas)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(f"Select the {other.label.lower()}", lambda: self._click_arc_to(arc.other))
        menu.addAction(f"Remove the {rel.label.lower()} link", lambda: self.relationDeleteRequested.emit(rel.id))
        self.arc_menu = menu  # for tests
        menu.popup(global_pos)
        return True

    def _click_arc_to(self, span_id: str) -> None:
        self.scroll_to_span(span_id)
        self.spanClicked.emit(span_id)
