"""Alt+Right / Alt+Left's stops (usertest15 M2: an accepted or imported span could be reached only
with the mouse; Tab stops at pending suggestions alone): every span but rejected ones, in Tab's
reading order, one stop per attribution at its first piece, wrapping round."""

from __future__ import annotations

import pytest

from annotator.domain.document import ArticleState
from annotator.domain.model import FRAGMENT, Article, Relation, Span, Status

pytestmark = pytest.mark.timeout(30)
S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
TEXT = "x" * 200


def _state() -> ArticleState:
    spans = [Span("q1", 1, 10, 20, "QUOTE", "quote", status=A),   # an interrupted quote: q1 + q2
             Span("e0", 1, 0, 5, "PERSON", "entity", status=A),
             Span("in", 1, 12, 15, "ORG", "entity", status=S),     # inside q1: after it (longer first)
             Span("sp", 1, 30, 33, "SPEAKER", "speaker", status=A),
             Span("no", 1, 40, 45, "ORG", "entity", status=R),     # rejected: no stop
             Span("q2", 1, 100, 120, "QUOTE", "quote", status=S),
             Span("e2", 1, 150, 155, "GPE", "entity", status=A)]
    return ArticleState(Article(id=1, text=TEXT), spans, [Relation("f", 1, "q1", "q2", FRAGMENT)])


def _walk(state: ArticleState, *, backwards: bool = False, skip=None, n: int = 6) -> list[str | None]:  # noqa: ANN001
    out, at = [], None
    for _ in range(n):
        span = state.span_after(at, backwards=backwards, skip=skip)
        out.append(span.id if span else None)
        at = span or at
    return out


def test_every_span_but_rejected_in_reading_order_one_stop_per_attribution_wrapping_round() -> None:
    state = _state()
    assert _walk(state) == ["e0", "q1", "in", "sp", "e2", "e0"]
    assert _walk(state, backwards=True) == ["e2", "sp", "in", "q1", "e0", "e2"]


def test_from_a_later_piece_it_goes_on_from_the_first_piece_and_skip_passes_spans_over() -> None:
    state = _state()
    assert state.span_after(state.spans["q2"]).id == "in"  # q2 stands at q1's place
    assert _walk(state, skip=lambda s: s.layer == "entity", n=3) == ["q1", "sp", "q1"]


def test_one_span_alone_has_no_other_stop_and_none_from_nothing_selected_is_the_first() -> None:
    state = ArticleState(Article(id=1, text=TEXT), [Span("e", 1, 0, 5, "PERSON", "entity", status=A)])
    assert state.span_after(None).id == "e" and state.span_after(state.spans["e"]) is None
    assert ArticleState(Article(id=1, text=TEXT)).span_after(None) is None
