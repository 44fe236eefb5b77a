"""Connectors for the selected span's relations, pure and Qt-free.

Only the selected span's relations are drawn (peer tools that draw every arc become unreadable:
label-studio #6465, brat's "spaghetti"), each as an elbow that never crosses the text: it leaves
the head span downwards, runs along the *arc lane* (a strip reserved in the line gap under every
line, below the bar slots), turns into the left margin to change lines, runs along the lane under
the child's line, and rises to the child. Two ends on one line give a "U" in the lane under it.

Coordinates are viewport pixels, y downwards. Each connector gets a *lane index* so that several
connectors of one span run side by side (offset in the margin and in the lane) instead of merging.

An end that lies outside the viewport is drawn as a stub to the viewport edge with an arrow and a
label ("speaker ↑ 3 paragraphs"), see :func:`edge_label`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

Point = tuple[float, float]

#: pixels between side-by-side connectors, in the margin and in the lane
LANE_STEP = 2.5
#: connectors beyond this many share the outermost offset (a span rarely has more links)
MAX_LANES = 3
#: how close (pixels) the pointer must be to a connector to hover or click it
HIT_DISTANCE = 4.0


@dataclasses.dataclass(frozen=True, slots=True)
class Anchor:
    """Where a connector meets one span.

    ``x``: the point on the span's line it attaches to; ``y``: the span's lower edge there (text
    bottom, or the bottom of the span's bar for quotes and claims, so nested quotes attach at
    their own bars); ``line_top``: top of that text line (two anchors with the same line top are
    on one line); ``lane_y``: the y of the arc lane under that line.
    """

    x: float
    y: float
    line_top: float
    lane_y: float


@dataclasses.dataclass(frozen=True, slots=True)
class Connector:
    """A routed connector: a polyline from head to child (or to the viewport edge)."""

    points: tuple[Point, ...]
    #: where the child-end label's left/top goes, or None (off-screen stubs carry ``edge``)
    label_at: Point | None
    #: "up" / "down" when the other end is outside the viewport, else ""
    edge: str = ""


def lane_offset(index: int) -> float:
    """Offset (pixels) of connector ``index`` from the first one: 0, 2.5, 5 (then capped)."""
    return min(max(index, 0), MAX_LANES - 1) * LANE_STEP


def route(head: Anchor, child: Anchor, *, margin_x: float, index: int = 0) -> Connector:
    """Elbow from ``head`` to ``child`` through the arc lanes and the margin at ``margin_x``.

    Same line: down from the head to the lane, along it, up to the child. Different lines:
    down to the head's lane, left along it to the margin, along the margin to the child's lane,
    right along it, up to the child. Connector ``index`` is shifted down in the lane and left in
    the margin by :func:`lane_offset` so parallel connectors stay apart.
    """
    off = lane_offset(index)
    if abs(head.line_top - child.line_top) < 0.5:
        lane = head.lane_y + off
        points = ((head.x, head.y), (head.x, lane), (child.x, lane), (child.x, child.y))
    else:
        mx = margin_x - off
        hl, cl = head.lane_y + off, child.lane_y + off
        points = ((head.x, head.y), (head.x, hl), (mx, hl), (mx, cl), (child.x, cl), (child.x, child.y))
    return Connector(points=_dedupe(points), label_at=(child.x + 3.0, child.y + 1.0))


def route_to_edge(end: Anchor, *, margin_x: float, edge_y: float, direction: str, index: int = 0) -> Connector:
    """Stub from the on-screen ``end`` to the viewport edge at ``edge_y`` ("up" or "down"):
    down to its lane, left to the margin, along the margin to the edge."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    off = lane_offset(index)
    mx = margin_x - off
    lane = end.lane_y + off
    points = ((end.x, end.y), (end.x, lane), (mx, lane), (mx, edge_y))
    return Connector(points=_dedupe(points), label_at=None, edge=direction)


def _dedupe(points: Sequence[Point]) -> tuple[Point, ...]:
    out: list[Point] = []
    for p in points:
        if not out or math.dist(out[-1], p) > 1e-6:
            out.append(p)
    return tuple(out)


def distance_to_polyline(points: Sequence[Point], x: float, y: float) -> float:
    """Shortest Euclidean distance (pixels) from ``(x, y)`` to the polyline; ``inf`` if empty."""
    if not points:
        return math.inf
    if len(points) == 1:
        return math.dist(points[0], (x, y))
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
    return best


def hit(points: Sequence[Point], x: float, y: float, *, tolerance: float = HIT_DISTANCE) -> bool:
    """Whether ``(x, y)`` is within ``tolerance`` pixels of the polyline."""
    return distance_to_polyline(points, x, y) <= tolerance


_BREAKS = re.compile(r"[ \t\u00a0]*(?:\r\n|[\n\r\u2029])+(?:[ \t\u00a0]*(?:\r\n|[\n\r\u2029]))*")


def paragraphs_between(text: str, start: int, end: int) -> int:
    """Paragraph breaks in ``text[start:end]`` (code points): runs of line breaks, so a blank
    line between paragraphs counts once."""
    if end <= start:
        return 0
    return sum(1 for _ in _BREAKS.finditer(text, start, end))


def edge_label(relation_label: str, direction: str, paragraphs: int) -> str:
    """The label at a viewport-edge arrow: ``"speaker ↑ 3 paragraphs"``, ``"cue ↓ 1 paragraph"``,
    ``"speaker ↑ this paragraph"`` when both ends are in one paragraph."""
    arrow = "↑" if direction == "up" else "↓"
    if paragraphs <= 0:
        where = "this paragraph"
    else:
        where = f"{paragraphs} paragraph" + ("" if paragraphs == 1 else "s")
    return f"{relation_label.lower()} {arrow} {where}"


def spread_labels(boxes: Sequence[tuple[float, float, float, float]], *, gap: float = 3.0) -> list[float]:
    """New left edges for label boxes ``(left, top, width, height)`` so that no two overlap:
    in reading order, a box that overlaps one already placed moves right past it. Returns the
    lefts in input order (unchanged where there was room)."""
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0], i))
    placed: list[tuple[float, float, float, float]] = []
    lefts = [b[0] for b in boxes]
    for i in order:
        left, top, width, height = boxes[i]
        moved = True
        while moved:
            moved = False
            for pl, pt, pw, ph in placed:
                if left < pl + pw + gap and pl < left + width + gap and top < pt + ph and pt < top + height:
                    left = pl + pw + gap
                    moved = True
        lefts[i] = left
        placed.append((left, top, width, height))
    return lefts
