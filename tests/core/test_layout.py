"""Overlap slots and the interval index (pure, no Qt)."""

from __future__ import annotations

import random

import pytest

from annotator.domain.layout import BAR, BOX, FILL, IntervalIndex, assign_slots, kind_of


def test_disjoint_spans_share_slot_zero() -> None:
    assert assign_slots([("a", 0, 5), ("b", 5, 9), ("c", 20, 30)]) == {"a": 0, "b": 0, "c": 0}


def test_nested_span_goes_above_its_container() -> None:
    assert assign_slots([("inner", 3, 6), ("outer", 0, 10)]) == {"outer": 0, "inner": 1}


def test_freed_slot_is_reused() -> None:
    slots = assign_slots([("q", 0, 50), ("c", 10, 60), ("c2", 55, 70), ("q2", 60, 80)])
    assert slots == {"q": 0, "c": 1, "c2": 0, "q2": 1}


def test_identical_ranges_get_distinct_slots_independent_of_order() -> None:
    items = [("b", 0, 4), ("a", 0, 4), ("c", 0, 4)]
    assert assign_slots(items) == assign_slots(list(reversed(items))) == {"a": 0, "b": 1, "c": 2}


def test_overlapping_spans_never_share_a_slot() -> None:
    rng = random.Random(7)
    items = []
    for i in range(300):
        s = rng.randrange(0, 1000)
        items.append((f"s{i}", s, s + rng.randrange(1, 80)))
    slots = assign_slots(items)
    for k1, s1, e1 in items:
        for k2, s2, e2 in items:
            if k1 < k2 and s1 < e2 and s2 < e1:
                assert slots[k1] != slots[k2]
    # lowest free slot: every span above 0 overlaps a span in each lower slot
    for k1, s1, e1 in items:
        for lower in range(slots[k1]):
            assert any(slots[k2] == lower and s1 < e2 and s2 < e1 for k2, s2, e2 in items)


@pytest.mark.parametrize(("layer", "kind"), [("entity", FILL), ("speaker", BOX), ("cue", BOX), ("quote", BAR),
                                             ("claim", BAR), ("unknown", FILL)])
def test_kind_of(layer: str, kind: str) -> None:
    assert kind_of(layer) == kind


def test_interval_index_matches_brute_force() -> None:
    rng = random.Random(3)
    items = {}
    for i in range(500):
        s = rng.randrange(0, 5000)
        items[f"k{i}"] = (s, s + rng.choice([1, 5, 40, 300, 3000]))
    index = IntervalIndex(((k, s, e) for k, (s, e) in items.items()), long_threshold=100)
    for k in list(items)[:100:3]:
        index.remove(k)
        del items[k]
    index.add("new", 10, 4000)
    items["new"] = (10, 4000)
    for _ in range(200):
        a = rng.randrange(0, 5200)
        b = a + rng.randrange(1, 400)
        expect = {k for k, (s, e) in items.items() if s < b and e > a}
        assert set(index.overlapping(a, b)) == expect
    assert len(index) == len(items)
    assert set(index.containing(10)) == {k for k, (s, e) in items.items() if s <= 10 < e}
