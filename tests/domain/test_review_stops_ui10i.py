"""Tab's stops in the domain (issue 10, ui10i): one per pending attribution, an interrupted quote at
its first piece's place even when that piece is decided and only a later one is pending."""

from __future__ import annotations

import pytest

from annotator.domain.document import ArticleState
from annotator.domain.model import FRAGMENT, Article, Relation, Span, Status

pytestmark = pytest.mark.timeout(30)
S, A = Status.SUGGESTED, Status.ACCEPTED
TEXT = "x" * 200


def _state(q1: Status, q2: Status) -> ArticleState:
    spans = [Span("e0", 1, 0, 5, "PERSON", "entity", status=S), Span("q1", 1, 10, 20, "QUOTE", "quote", status=q1),
             Span("e1", 1, 30, 35, "PERSON", "entity", status=S), Span("q2", 1, 100, 120, "QUOTE", "quote", status=q2),
             Span("e2", 1, 150, 155, "PERSON", "entity", status=S)]
    return ArticleState(Article(id=1, text=TEXT), spans, [Relation("f", 1, "q1", "q2", FRAGMENT)])


def _walk(state: ArticleState, backwards: bool = False) -> list[str]:
    out, at = [], None
    for _ in range(5):
        span = state.stop_after(at, backwards=backwards)
        out.append(span.id if span else None)
        at = (span.start, span.end, span.id) if span else at
    return out


@pytest.mark.parametrize(("q1", "q2", "forward"), [
    (A, S, ["e0", "q1", "e1", "e2", "e0"]),  # only the later piece pending: the quote stops at its first piece's place
    (S, A, ["e0", "q1", "e1", "e2", "e0"]),
    (S, S, ["e0", "q1", "e1", "e2", "e0"]),
    (A, A, ["e0", "e1", "e2", "e0", "e1"]),
])
def test_stops_in_reading_order_of_first_pieces_and_the_exact_reverse(q1, q2, forward) -> None:  # noqa: ANN001
    state = _state(q1, q2)
    assert _walk(state) == forward
    stops = list(dict.fromkeys(forward))  # each stop once, in Tab's order
    back = _walk(state, backwards=True)
    assert back == [*reversed(stops), *reversed(stops)][:5]
    # decided at the quote's place: review goes on at the quote (inclusive) or after it
    assert state.stop_after((10, 20, "q1"), inclusive=True).id == ("q1" if "q1" in forward else "e1")


def test_the_only_stop_selected_gives_none() -> None:
    state = ArticleState(Article(id=1, text=TEXT), [Span("e0", 1, 0, 5, "PERSON", "entity", status=S)], [])
    assert state.stop_after((0, 5, "e0")) is None and state.stop_after(None).id == "e0"
