"""Relation connector geometry (pure): routes stay out of the text, parallel connectors apart."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.arc_layout import (
    LANE_STEP,
    Anchor,
    distance_to_polyline,
    edge_label,
    hit,
    paragraphs_between,
    route,
    route_to_edge,
    spread_labels,
)
from annotator.domain.layout import abbreviate_label, assign_slots

LINE_H = 20.0
LANE = 32.0  # lane y below a line's top


def anchor(x: float, line: int) -> Anchor:
    top = line * 40.0
    return Anchor(x=x, y=top + LINE_H, line_top=top, lane_y=top + LANE)


def test_same_line_is_a_u_in_the_lane_under_it() -> None:
    c = route(anchor(200, 1), anchor(80, 1), margin_x=50)
    assert c.points == ((200, 60), (200, 72), (80, 72), (80, 60))
    assert c.label_at == (83, 61)
    assert c.edge == ""


def test_other_line_turns_in_the_margin() -> None:
    c = route(anchor(200, 1), anchor(300, 3), margin_x=50)
    assert c.points == ((200, 60), (200, 72), (50, 72), (50, 152), (300, 152), (300, 140))


def test_parallel_connectors_are_offset_in_lane_and_margin() -> None:
    a = route(anchor(200, 1), anchor(300, 3), margin_x=50, index=0)
    b = route(anchor(200, 1), anchor(300, 3), margin_x=50, index=1)
    assert b.points[2] == (50 - LANE_STEP, 72 + LANE_STEP)
    assert a.points[2] != b.points[2]


@given(hx=st.floats(60, 600), cx=st.floats(60, 600), hl=st.integers(0, 20), cl=st.integers(0, 20),
       index=st.integers(0, 5))
def test_routes_never_enter_a_text_line(hx: float, cx: float, hl: int, cl: int, index: int) -> None:
    """Text of line n occupies [n*40, n*40+20) left of the margin at x=50 excluded; every
    point of a connector (except the 1 px where it touches its two spans) lies outside it."""
    c = route(anchor(hx, hl), anchor(cx, cl), margin_x=50, index=index)
    pts = c.points
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        steps = max(1, int(math.dist((ax, ay), (bx, by))))
        for i in range(steps + 1):
            x, y = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
            line, within = divmod(y, 40.0)
            inside_text = x > 50 and 0.5 < within < LINE_H - 0.5
            assert not inside_text, (x, y, pts)


def test_edge_stub_goes_through_the_margin_to_the_edge() -> None:
    c = route_to_edge(anchor(200, 1), margin_x=50, edge_y=0.0, direction="up")
    assert c.points[-1] == (50, 0.0) and c.edge == "up" and c.label_at is None
    with pytest.raises(ValueError, match="direction"):
        route_to_edge(anchor(200, 1), margin_x=50, edge_y=0.0, direction="left")


def test_distance_and_hit() -> None:
    pts = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0))
    assert distance_to_polyline(pts, 5, 3) == pytest.approx(3)
    assert distance_to_polyline(pts, 13, 5) == pytest.approx(3)
    assert distance_to_polyline(pts, -4, 0) == pytest.approx(4)
    assert hit(pts, 5, 3) and not hit(pts, 5, 5)
    assert distance_to_polyline((), 0, 0) == math.inf


@pytest.mark.parametrize(("text", "want"), [
    ("one para", 0),
    ("a\n\nb", 1),
    ("a\r\n\r\nb\n\n\nc", 2),
    ("a \n \n b\nc", 2),
    ("a\u2029b", 1),
])
def test_paragraphs_between(text: str, want: int) -> None:
    assert paragraphs_between(text, 0, len(text)) == want


def test_edge_label() -> None:
    assert edge_label("SPEAKER", "up", 3) == "speaker ↑ 3 paragraphs"
    assert edge_label("CUE", "down", 1) == "cue ↓ 1 paragraph"
    assert edge_label("SPEAKER", "down", 0) == "speaker ↓ this paragraph"


def test_spread_labels_moves_overlapping_labels_right() -> None:
    lefts = spread_labels([(100, 10, 50, 10), (120, 10, 30, 10), (300, 10, 20, 10), (105, 40, 20, 10)])
    assert lefts == [100, 153, 300, 105]


@pytest.mark.parametrize(("name", "short"), [("SPEAKER", "SPKR"), ("QUOTE", "QT"), ("CLAIM", "CLM"),
                                             ("PERSON", "PRSN"), ("ORG", "ORG"), ("AAAA", "AAA")])
def test_abbreviate_label(name: str, short: str) -> None:
    assert abbreviate_label(name) == short


def test_three_nested_quotes_on_one_line_take_three_slots() -> None:
    text = 'He said "she told me \'they said "no"\'"'
    outer = text.index('"she')
    middle = text.index("'they")
    inner = text.index('"no"')
    slots = assign_slots([("outer", outer, len(text)), ("middle", middle, len(text) - 1),
                          ("inner", inner, len(text) - 2)])
    assert sorted(slots.values()) == [0, 1, 2]
    assert slots["outer"] < slots["middle"] < slots["inner"]
