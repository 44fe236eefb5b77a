"""How spans look: colours per label and theme, and the drawing of one span's marks.

Geometry comes in as the span's per-line text rectangles (viewport coordinates); this module
only decides strokes and fills. Three kinds of marks (see :mod:`annotator.domain.layout`):

* ``fill`` (entities): a translucent background with a solid edge underneath; nested fills of
  the same kind are inset by their slot so both stay visible;
* ``box`` (speakers, cues): an outline with a faint fill;
* ``bar`` (quotes, claims): a bar in a slot below the line, with bracket ticks at the span's
  first and last character, so a quote that contains entities shows both.

Relation connectors (:meth:`SpanPainter.paint_connector`) take the child label's colour, solid
when accepted and dashed when suggested, and run in the arc lane :class:`SlotMetrics` reserves
under the bar slots.

Suggestions are paler and dashed, accepted spans solid; rejected spans (only drawn when asked
for) are grey, dotted and struck through. Colours take the palette's base and text colours
into account, so the same schema works on light and dark themes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPolygonF

from annotator.domain.layout import BAR, BOX, FILL
from annotator.domain.model import Relation, Span, Status

FALLBACK_COLOUR = "#888888"


@dataclasses.dataclass(frozen=True, slots=True)
class Theme:
    base: QColor
    text: QColor
    muted: QColor
    focus: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> Theme:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightnessF() < 0.5
        muted = QColor(text)
        muted.setAlphaF(0.55)
        focus = palette.color(QPalette.ColorRole.Highlight)
        if abs(focus.lightnessF() - base.lightnessF()) < 0.25:
            focus = QColor("#4da3ff" if dark else "#0b57d0")
        return cls(base=base, text=text, muted=muted, focus=focus, dark=dark)


@dataclasses.dataclass(frozen=True, slots=True)
class SlotMetrics:
    """Vertical geometry of the marks below a line, in pixels."""

    gap: float  # space between the text line and the first bar slot
    slot: float  # height of one bar slot
    bar: float  # thickness of a bar
    slots: int  # number of bar slots reserved under every line
    lane: float = 0.0  # the arc lane under the bar slots, where relation connectors run

    @classmethod
    def for_font_height(cls, height: float, slots: int) -> SlotMetrics:
        slot = max(4.0, round(height * 0.26))
        return cls(gap=max(1.0, round(height * 0.08)), slot=slot, bar=max(2.0, round(slot * 0.6)), slots=slots,
                   lane=max(6.0, round(height * 0.3)))

    @property
    def line_extra(self) -> float:
        """Extra line distance to reserve under each line for the bars and the arc lane."""
        return self.gap + self.slot * self.slots + 1 + self.lane

    def lane_y(self, line_bottom: float) -> float:
        """The y of the first connector in the arc lane under a line whose text ends at
        ``line_bottom`` (below every bar slot, so connectors never cover bars or text)."""
        return line_bottom + self.gap + self.slot * self.slots + 1 + min(1.5, self.lane / 4)

    def bar_top(self, line_bottom: float, slot: int) -> float:
        slot = min(slot, self.slots - 1) if self.slots else 0
        return line_bottom + self.gap + slot * self.slot


def label_colour(hex_colour: str, theme: Theme) -> QColor:
    colour = QColor(hex_colour or FALLBACK_COLOUR)
    if not colour.isValid():
        colour = QColor(FALLBACK_COLOUR)
    if theme.dark and colour.lightnessF() < 0.55:
        colour = colour.lighter(150)
    return colour


def _alpha(colour: QColor, alpha: float) -> QColor:
    out = QColor(colour)
    out.setAlphaF(alpha)
    return out


@dataclasses.dataclass(slots=True)
class Mark:
    """One span as the painter needs it."""

    kind: str
    colour: QColor
    status: Status
    slot: int
    rects: Sequence[QRectF]  # text rectangles, one per line, viewport coordinates


class SpanPainter:
    """Draws marks with a theme and slot metrics; stateless between paints."""

    def __init__(self, theme: Theme, metrics: SlotMetrics) -> None:
        self.theme = theme
        self.metrics = metrics

    # --- colours ---------------------------------------------------------------------------
    def _stroke(self, mark: Mark) -> QColor:
        return QColor(self.theme.muted) if mark.status == Status.REJECTED else mark.colour

    def _pen(self, mark: Mark, width: float) -> QPen:
        pen = QPen(self._stroke(mark), width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if mark.status == Status.SUGGESTED:
            pen.setStyle(Qt.PenStyle.DashLine)
        elif mark.status == Status.REJECTED:
            pen.setStyle(Qt.PenStyle.DotLine)
        return pen

    # --- marks under the text ----------------------------------------------------------------
    def paint_fill(self, p: QPainter, mark: Mark) -> None:
        inset = min(mark.slot, 3) * 2.0
        dark = self.theme.dark
        if mark.status == Status.ACCEPTED:
            fill = _alpha(mark.colour, 0.42 if dark else 0.30)
        elif mark.status == Status.SUGGESTED:
            fill = _alpha(mark.colour, 0.16 if dark else 0.10)
        else:
            fill = _alpha(self.theme.muted, 0.12)
        for r in mark.rects:
            box = r.adjusted(0, inset, 0, -inset)
            p.fillRect(box, fill)
            if mark.status == Status.ACCEPTED:
                p.fillRect(QRectF(box.left(), box.bottom() - 2, box.width(), 2), mark.colour)
        if mark.status != Status.ACCEPTED:
            p.setPen(self._pen(mark, 1.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for r in mark.rects:
                p.drawRect(r.adjusted(0.6, inset + 0.6, -0.6, -inset - 0.6))

    # --- marks over the text -----------------------------------------------------------------
    def paint_box(self, p: QPainter, mark: Mark) -> None:
        inset = min(mark.slot, 3) * 2.0
        p.setPen(self._pen(mark, 1.6 if mark.status == Status.ACCEPTED else 1.3))
        if mark.status == Status.ACCEPTED:
            p.setBrush(_alpha(mark.colour, 0.14))
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
        for r in mark.rects:
            p.drawRoundedRect(r.adjusted(-1 + inset, inset - 0.5, 1 - inset, 0.5 - inset), 3, 3)

    def paint_bar(self, p: QPainter, mark: Mark) -> None:
        if not mark.rects:
            return
        m = self.metrics
        colour = self._stroke(mark)
        p.setBrush(Qt.BrushStyle.NoBrush)
        tick = QPen(colour, 1.4)
        tick.setCapStyle(Qt.PenCapStyle.FlatCap)
        for i, r in enumerate(mark.rects):
            top = m.bar_top(r.bottom(), mark.slot)
            bar = QRectF(r.left(), top, r.width(), m.bar)
            if mark.status == Status.ACCEPTED:
                p.fillRect(bar, colour)
            else:
                pen = self._pen(mark, m.bar)
                p.setPen(pen)
                y = bar.center().y()
                p.drawLine(QLineF(bar.left(), y, bar.right(), y))
            p.setPen(tick)
            if i == 0:  # opening bracket at the first character
                p.drawLine(QLineF(r.left() + 0.7, r.bottom() - r.height() * 0.35, r.left() + 0.7, top + m.bar))
            if i == len(mark.rects) - 1:  # closing bracket at the last character
                p.drawLine(QLineF(r.right() - 0.7, r.bottom() - r.height() * 0.35, r.right() - 0.7, top + m.bar))

    def paint_strike(self, p: QPainter, mark: Mark) -> None:
        pen = QPen(self.theme.muted, 1.2)
        p.setPen(pen)
        for r in mark.rects:
            y = r.top() + r.height() * 0.55
            p.drawLine(QLineF(r.left(), y, r.right(), y))

    def paint(self, p: QPainter, mark: Mark, *, under: bool) -> None:
        """Under the text: fills. Over it: boxes, bars and strike-throughs."""
        if under:
            if mark.kind == FILL:
                self.paint_fill(p, mark)
            return
        if mark.kind == BOX:
            self.paint_box(p, mark)
        elif mark.kind == BAR:
            self.paint_bar(p, mark)
        if mark.status == Status.REJECTED:
            self.paint_strike(p, mark)

    # --- selection, hover and related spans ----------------------------------------------------
    def outline_rects(self, mark: Mark) -> list[QRectF]:
        """The area a mark covers (text line plus its bar), used for outlines and repaints."""
        out = []
        for r in mark.rects:
            bottom = r.bottom()
            if mark.kind == BAR:
                bottom = self.metrics.bar_top(r.bottom(), mark.slot) + self.metrics.bar
            out.append(QRectF(r.left(), r.top(), r.width(), bottom - r.top()))
        return out

    def paint_outline(self, p: QPainter, mark: Mark, *, role: str) -> None:
        """``role``: "selected" (solid focus ring), "partner" (dashed ring) or "hover"."""
        if role == "selected":
            pen = QPen(self.theme.focus, 2.2)
        elif role == "partner":
            pen = QPen(self.theme.focus, 1.6, Qt.PenStyle.DashLine)
        else:
            pen = QPen(_alpha(self.theme.text, 0.45), 1.0)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        grow = 2.5 if role == "selected" else 1.8
        for r in self.outline_rects(mark):
            p.drawRoundedRect(r.adjusted(-grow, -grow * 0.6, grow, grow * 0.6), 3.5, 3.5)

    # --- relation connectors (the selected span's links) ------------------------------------------
    def paint_connector(self, p: QPainter, points: Sequence[tuple[float, float]], colour: QColor, *,
                        status: Status, hovered: bool, arrow: str = "") -> None:
        """An elbow connector (see :mod:`annotator.domain.arc_layout`) in the child's label colour:
        solid when accepted, dashed when suggested, grey dotted when rejected; thicker with a halo
        when hovered. ``arrow`` ("up"/"down") puts an arrow head at the last point (viewport edge);
        otherwise a small dot marks the child end."""
        if len(points) < 2:
            return
        stroke = QColor(self.theme.muted) if status == Status.REJECTED else QColor(colour)
        width = 2.6 if hovered else 1.5
        path = QPainterPath(QPointF(*points[0]))
        for x, y in points[1:]:
            path.lineTo(x, y)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if hovered:
            p.setPen(QPen(_alpha(self.theme.focus, 0.35), width + 3.0, Qt.PenStyle.SolidLine,
                          Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            p.drawPath(path)
        pen = QPen(stroke, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin)
        if status == Status.SUGGESTED:
            pen.setStyle(Qt.PenStyle.DashLine)
        elif status == Status.REJECTED:
            pen.setStyle(Qt.PenStyle.DotLine)
        p.setPen(pen)
        p.drawPath(path)
        end_x, end_y = points[-1]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(stroke)
        if arrow:
            sign = -1.0 if arrow == "up" else 1.0
            head = QPolygonF([QPointF(end_x, end_y), QPointF(end_x - 4.5, end_y - sign * 7),
                              QPointF(end_x + 4.5, end_y - sign * 7)])
            p.drawPolygon(head)
        else:
            p.drawEllipse(QPointF(end_x, end_y), 2.2, 2.2)

    def paint_connector_label(self, p: QPainter, rect: QRectF, text: str, colour: QColor, *,
                              hovered: bool, chip: bool = False) -> None:
        """A relation's label ("speaker") at the child end, on a halo of the base colour so bars
        under it do not make it unreadable; ``chip``: the boxed label of a viewport-edge arrow."""
        back = _alpha(self.theme.base, 0.92 if chip else 0.8)
        p.setPen(QPen(colour, 1.0) if chip or hovered else Qt.PenStyle.NoPen)
        p.setBrush(back)
        p.drawRoundedRect(rect, 3, 3)
        ink = QColor(colour)
        if not self.theme.dark and ink.lightnessF() > 0.6:  # pale labels (CUE pink) need darker ink to read
            ink = ink.darker(170)
        p.setPen(self.theme.text if chip else ink)
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)

    def paint_preview(self, p: QPainter, rects: Sequence[QRectF]) -> None:
        """Dashed outline of where a selection being dragged will snap to."""
        pen = QPen(self.theme.focus, 1.2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r in rects:
            p.drawRoundedRect(r.adjusted(-1.5, -1, 1.5, 1), 2.5, 2.5)

    def paint_gutter_label(self, p: QPainter, rect: QRectF, text: str, mark: Mark, *, role: str) -> float:
        """A label name set right-aligned in ``rect`` (the margin); returns the width used."""
        colour = self._stroke(mark)
        if role == "selected":
            chip = rect.adjusted(-4, -1, 4, 1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.theme.focus)
            p.drawRoundedRect(chip, 3, 3)
            p.setPen(QColor("#ffffff"))
        else:
            if mark.status == Status.SUGGESTED:
                colour = _alpha(colour, 0.75)
            p.setPen(colour)
        font = p.font()
        font.setItalic(mark.status == Status.SUGGESTED)
        font.setStrikeOut(mark.status == Status.REJECTED)
        p.setFont(font)
        p.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        return rect.width() + (8 if role == "selected" else 0)


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 30] + " … " + text[-25:]


def describe_span(span: Span, text: str, relations: Iterable[Relation], spans: Mapping[str, Span],
                  colour: str, theme: Theme) -> str:
    """Tooltip (rich text): label, status and origin, the span's text, and the spans it is
    linked to — for a quote its speaker and cue, for a speaker the quotes it is the speaker of."""
    shown = label_colour(colour, theme).name()
    lines = [f"<b style='color:{shown}'>{escape(span.label)}</b> &nbsp;·&nbsp; {escape(str(span.status))}"]
    if span.origin:
        lines.append(f"<span style='color:{theme.muted.name()}'>origin: {escape(span.origin)}</span>")
    lines.append(f"<i>“{escape(_excerpt(span.text_in(text)))}”</i>")
    for rel in relations:
        if rel.status == Status.REJECTED:
            continue
        flag = "" if rel.status == Status.ACCEPTED else f" ({escape(str(rel.status))})"
        if rel.head == span.id and rel.child in spans:
            other = spans[rel.child].text_in(text)
            lines.append(f"{escape(rel.label.lower())}: “{escape(_excerpt(other, 60))}”{flag}")
        elif rel.child == span.id and rel.head in spans:
            head = spans[rel.head]
            lines.append(f"{escape(rel.label.lower())} of {escape(head.label)}: "
                         f"“{escape(_excerpt(head.text_in(text), 60))}”{flag}")
    return "<br>".join(lines)


def dirty_rect(rects: Sequence[QRectF], metrics: SlotMetrics) -> list[QRectF]:
    """Rectangles to repaint when a span with these text rectangles changes (text, bars and
    the outline around them)."""
    extra = metrics.line_extra + 4
    return [r.adjusted(-6, -4, 6, extra) for r in rects]


