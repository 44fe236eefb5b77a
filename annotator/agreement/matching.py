"""Matching one analyst's spans to another's, and building cross-analyst units.

* Exact match: same ``(start, end, label)``; one-to-one (a span repeated twice by A matches at most
  two identical spans of B).
* Overlap match: one-to-one, **greedy by overlap**: every pair of spans (one from each analyst) that
  share at least one code point is a candidate; candidates are taken largest overlap first (ties:
  a pair of the same offsets first — exact matches pair before a nested span that overlaps as
  much — then earlier start of A's span, then of B's, then input order), skipping a span already
  matched.
  With ``same_label=True`` (span F1) only pairs of the same label are candidates; for units
  (κ, α, confusion) the label is what is measured, so any label may pair.
* Units over several analysts (:func:`build_units`): the same greedy rule, agglomerative: all
  overlapping pairs of spans of different analysts, largest overlap first (ties: a pair of the
  same offsets first, then the larger Jaccard index — overlap / union — as the curation view pairs
  versions, then earlier starts), join their two groups unless the joined group would hold two
  spans of one analyst. Each group is a *unit*; each
  analyst's category for it is the label of their span in it, or ``"none"``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TypeVar

from annotator.agreement.inputs import Range, SpanUnit

NONE = "none"  # the category of an analyst with no span in a unit

T = TypeVar("T")


def overlap(a: Range, b: Range) -> int:
    """Code points two half-open ranges share (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _rng(x: SpanUnit | Range) -> Range:
    return (x[0], x[1])


def exact_matches(a: Sequence[SpanUnit], b: Sequence[SpanUnit]) -> int:
    """Number of one-to-one exact matches (same start, end and label)."""
    return sum((Counter(a) & Counter(b)).values())


def _overlapping_pairs(a: Sequence[Range], b: Sequence[Range]) -> list[tuple[int, int, int]]:
    """``(overlap, i, j)`` for every pair sharing a code point.

    A sweep over both sides sorted by start, keeping the ranges still open on each side: each
    range meets only the other side's open ranges, so the cost follows the overlaps, not |A|·|B|.
    """
    events = sorted([(r[0], 0, i) for i, r in enumerate(a) if r[1] > r[0]] + [(r[0], 1, j) for j, r in enumerate(b) if r[1] > r[0]])
    open_ranges: tuple[list[int], list[int]] = ([], [])
    sides = (a, b)
    pairs = []
    for start, side, k in events:
        other = 1 - side
        still = [x for x in open_ranges[other] if sides[other][x][1] > start]
        open_ranges[other][:] = still
        for x in still:
            i, j = (k, x) if side == 0 else (x, k)
            pairs.append((overlap(a[i], b[j]), i, j))
        open_ranges[side].append(k)
    return pairs


def overlap_matches(a: Sequence[SpanUnit], b: Sequence[SpanUnit], *, same_label: bool = True) -> list[tuple[int, int]]:
    """One-to-one greedy-by-overlap matching; ``(index in a, index in b)`` pairs."""
    candidates = [
        (shared, i, j) for shared, i, j in _overlapping_pairs([_rng(x) for x in a], [_rng(x) for x in b])
        if not same_label or a[i][2] == b[j][2]
    ]
    # exact matches pair first: at equal overlap a same-offset pair beats a nested one (an exact
    # pair's overlap is its whole length, so nothing overlaps either of its spans more)
    candidates.sort(key=lambda c: (-c[0], _rng(a[c[1]]) != _rng(b[c[2]]), a[c[1]][0], b[c[2]][0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((i, j))
    return sorted(matched)


def build_units(items: Mapping[str, Sequence[T]], where: Mapping[str, Sequence[Range]] | None = None) -> list[dict[str, T]]:
    """Group the items of several analysts into units, at most one item per analyst per unit.

    ``items`` maps analyst → items that are ranges or begin with ``(start, end, …)``
    (:class:`SpanUnit`); ``where`` may give the items' ranges instead. Returns one dict per unit,
    analyst → their item (analysts without an item in the unit are absent), ordered by the unit's
    first start. Greedy by overlap (module docstring); an item overlapping nothing is a unit alone.
    """
    names = list(items)
    ranges = {n: list(where[n]) if where is not None else [_rng(x) for x in items[n]] for n in names}  # type: ignore[arg-type]
    nodes = [(n, k) for n in names for k in range(len(items[n]))]
    index = {node: pos for pos, node in enumerate(nodes)}
    parent = list(range(len(nodes)))
    members: dict[int, set[str]] = {pos: {nodes[pos][0]} for pos in range(len(nodes))}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    candidates = []
    for p, first in enumerate(names):
        for second in names[p + 1:]:
            for shared, i, j in _overlapping_pairs(ranges[first], ranges[second]):
                ri, rj = ranges[first][i], ranges[second][j]
                # fix11aj (usertest11q M3): at equal overlap, the same offsets first, then the
                # better Jaccard (the curation view's rule, curation._group_spans): cy's «Dunmore»
                # paired with ana's «council of Dunmore» (earlier start) instead of ana's «Dunmore»
                union = max(ri[1], rj[1]) - min(ri[0], rj[0])
                candidates.append((-shared, ri != rj, -shared / union if union else 0.0, ri[0], rj[0],
                                   index[(first, i)], index[(second, j)]))
    candidates.sort()
    for *_, x, y in candidates:
        rx, ry = root(x), root(y)
        if rx == ry or members[rx] & members[ry]:
            continue
        parent[ry] = rx
        members[rx] |= members.pop(ry)
    groups: dict[int, list[tuple[str, int]]] = {}
    for pos, node in enumerate(nodes):
        groups.setdefault(root(pos), []).append(node)
    ordered = sorted(groups.values(), key=lambda g: min((ranges[n][k], names.index(n)) for n, k in g))
    return [{n: items[n][k] for n, k in g} for g in ordered]
