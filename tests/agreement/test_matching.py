"""Exact and greedy-by-overlap matching, and units over several analysts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.agreement.inputs import SpanUnit as S
from annotator.agreement.matching import build_units, exact_matches, overlap_matches


def test_exact_matching_is_one_to_one() -> None:
    a = [S(0, 5, "ORG"), S(0, 5, "ORG"), S(6, 9, "PER")]
    b = [S(0, 5, "ORG"), S(6, 9, "GPE")]
    assert exact_matches(a, b) == 1


def test_overlap_matching_takes_the_largest_overlap_first() -> None:
    # B's [4, 12) overlaps A's [0, 6) by 2 and A's [5, 12) by 7: it goes to the larger.
    a = [S(0, 6, "ORG"), S(5, 12, "ORG")]
    b = [S(4, 12, "ORG")]
    assert overlap_matches(a, b) == [(1, 0)]


def test_overlap_matching_needs_the_same_label_unless_told_otherwise() -> None:
    a, b = [S(0, 5, "ORG")], [S(1, 5, "GPE")]
    assert overlap_matches(a, b) == []
    assert overlap_matches(a, b, same_label=False) == [(0, 0)]


def test_touching_spans_do_not_overlap() -> None:
    assert overlap_matches([S(0, 5, "X")], [S(5, 9, "X")]) == []


def test_units_of_three_analysts() -> None:
    units = build_units({"ana": [S(0, 5, "ORG"), S(20, 30, "PER")], "ben": [S(1, 5, "GPE")], "cy": [S(0, 4, "ORG"), S(40, 45, "X")]})
    assert units == [
        {"ana": S(0, 5, "ORG"), "ben": S(1, 5, "GPE"), "cy": S(0, 4, "ORG")},
        {"ana": S(20, 30, "PER")},
        {"cy": S(40, 45, "X")},
    ]


def test_a_unit_never_holds_two_spans_of_one_analyst() -> None:
    # Both of A's spans overlap B's one span: B joins the larger overlap, the other stays alone.
    units = build_units({"a": [S(0, 4, "X"), S(3, 10, "X")], "b": [S(2, 10, "X")]})
    assert {"a": S(3, 10, "X"), "b": S(2, 10, "X")} in units
    assert {"a": S(0, 4, "X")} in units


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10), st.sampled_from("XY")).map(lambda t: S(t[0], t[0] + t[1], t[2])), max_size=8)


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), spans, min_size=2))
def test_units_partition_every_span_once(items: dict[str, list[S]]) -> None:
    units = build_units(items)
    for name, own in items.items():
        assert sorted(u[name] for u in units if name in u) == sorted(own)
    for unit in units:  # members of a multi-analyst unit are connected by overlaps
        if len(unit) > 1:
            for name, span in unit.items():
                assert any(min(span.end, o.end) > max(span.start, o.start) for n, o in unit.items() if n != name)
