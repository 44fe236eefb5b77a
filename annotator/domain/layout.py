"""Overlap layout for drawing spans, pure and Qt-free.

Overlapping and nested spans must stay legible. Each span is drawn in one *kind* of mark
(a background fill, an outline box, or a bar under the line); spans of the same kind that
overlap are put in different *slots* (fills and boxes are inset, bars stacked below the text),
in the manner of displaCy's span renderer: sweeping by start (longer spans first), each span
takes the lowest slot that no overlapping span of the same kind already holds.

:class:`IntervalIndex` finds the spans overlapping a range (the visible part of an article)
without looking at all of them.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

FILL = "fill"
BOX = "box"
BAR = "bar"

#: How each layer is drawn: entities fill the background, speakers and cues are outlined,
#: quotes and claims (often long, often containing entities) are bars under the line.
LAYER_KINDS: dict[str, str] = {
    "entity": FILL,
    "other": FILL,
    "speaker": BOX,
    "cue": BOX,
    "quote": BAR,
    "claim": BAR,
}


def kind_of(layer: str) -> str:
    return LAYER_KINDS.get(layer, FILL)


def assign_slots(items: Iterable[tuple[K, int, int]]) -> dict[K, int]:
    """Slot per key for ``(key, start, end)`` half-open intervals of one drawing kind.

    Intervals are placed by start, the longer first at equal starts (so an enclosing span gets
    the lower slot); each takes the lowest slot not held by an overlapping interval placed
    before it. Touching intervals (``a.end == b.start``) do not overlap. Ties are broken by key
    so the result does not depend on input order.
    """
    order = sorted(items, key=lambda it: (it[1], -it[2], it[0]))
    slots: dict[K, int] = {}
    active: list[tuple[int, int]] = []  # heap of (end, slot) of placed intervals
    free: list[int] = []  # heap of released slots below ``top``
    top = 0
    for key, start, end in order:
        while active and active[0][0] <= start:
            heapq.heappush(free, heapq.heappop(active)[1])
        if free:
            slot = heapq.heappop(free)
        else:
            slot, top = top, top + 1
        slots[key] = slot
        heapq.heappush(active, (end, slot))
    return slots


class IntervalIndex:
    """Keys with ``[start, end)`` ranges, sorted by start, for range queries.

    Short intervals are found by bisecting the start list back by at most ``long_threshold``;
    the few longer ones are kept aside and checked every time. Add and remove are
    ``O(log n)`` searches plus a list insert.
    """

    __slots__ = ("_starts", "_ranges", "_long", "_threshold")

    def __init__(self, items: Iterable[tuple[str, int, int]] = (), *, long_threshold: int = 2048) -> None:
        self._threshold = long_threshold
        self._ranges: dict[str, tuple[int, int]] = {}
        self._long: dict[str, tuple[int, int]] = {}
        self._starts: list[tuple[int, str]] = []
        for key, start, end in items:
            self._ranges[key] = (start, end)
            if end - start > long_threshold:
                self._long[key] = (start, end)
            else:
                self._starts.append((start, key))
        self._starts.sort()

    def __len__(self) -> int:
        return len(self._ranges)

    def __contains__(self, key: object) -> bool:
        return key in self._ranges

    def range_of(self, key: str) -> tuple[int, int]:
        return self._ranges[key]

    def add(self, key: str, start: int, end: int) -> None:
        if key in self._ranges:
            self.remove(key)
        self._ranges[key] = (start, end)
        if end - start > self._threshold:
            self._long[key] = (start, end)
        else:
            bisect.insort(self._starts, (start, key))

    def remove(self, key: str) -> None:
        start, end = self._ranges.pop(key)
        if self._long.pop(key, None) is None:
            i = bisect.bisect_left(self._starts, (start, key))
            del self._starts[i]

    def overlapping(self, start: int, end: int) -> Iterator[str]:
        """Keys whose range overlaps ``[start, end)``, short ones in start order, then long ones."""
        starts = self._starts
        lo = bisect.bisect_left(starts, (start - self._threshold, ""))
        hi = bisect.bisect_left(starts, (end, ""))
        ranges = self._ranges
        for i in range(lo, hi):
            key = starts[i][1]
            if ranges[key][1] > start:
                yield key
        for key, (s, e) in self._long.items():
            if s < end and e > start:
                yield key

    def containing(self, offset: int) -> list[str]:
        return list(self.overlapping(offset, offset + 1))


def abbreviate_label(name: str) -> str:
    """A short, recognisable form of a label name for a narrow margin: the first letter, then
    the consonants (vowels dropped, doubled letters once): "SPEAKER" -> "SPKR", "QUOTE" -> "QT",
    "CLAIM" -> "CLM". Names of three characters or fewer are kept."""
    if len(name) <= 3:
        return name
    out = [name[0]]
    for ch in name[1:]:
        if ch.upper() in "AEIOU" or not ch.isalnum():
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out) if len(out) > 1 else name[:3]
