"""Krippendorff's unitizing α (α_u): agreement on where units lie and what category they have,
crediting partial overlap.

Definitions, from Krippendorff (1995), "On the reliability of unitizing continuous data",
Sociological Methodology 25:47–76, in the form of Krippendorff (2004), *Content Analysis* 2nd ed.,
§12.4 (pp. 251–256) and "Measuring the reliability of qualitative text analysis data", Quality &
Quantity 38:787–800:

A continuum of length L is segmented by each of m coders, per category c, into *units* of c and
*gaps* (everything between them). For coder i's segment g (begin b, length l) and coder j's
segment h, the squared distance is

* both units of c, overlapping: (b_ig − b_jh)² + (b_ig + l_ig − b_jh − l_jh)²;
* a unit of c inside the other coder's gap: l², the unit's length squared;
* otherwise (two gaps, disjoint segments, a unit only partly in a gap): 0.

Observed disagreement  D_oc = Σ_i Σ_g Σ_{j≠i} Σ_h δ² / (m (m − 1) L²).

Expected disagreement (N_c units of c over all coders, w = 1 for a unit, 0 for a gap)

  D_ec = (2 / L) · Σ_units [ (N_c − 1)/3 · (2l³ − 3l² + l) + l² Σ_{gaps g, l_g ≥ l} (l_g − l + 1) ]
         / [ mL (mL − 1) − Σ_units l (l − 1) ]

α_uc = 1 − D_oc / D_ec for one category, α_u = 1 − Σ_c D_oc / Σ_c D_ec over categories.
The factor 2/L (not 2/(mL)) and (l_g − l + 1) are what reproduce the book's worked example
(p. 254: D_oc = 0.0144, D_ec = 0.0532, α_c = 0.7286, α_u = 0.8591), the same reading as DKPro
Statistics' ``KrippendorffAlphaUnitizingAgreement`` (used by INCEpTION), whose tests encode it.

Several articles form one continuum laid end to end; a gap never runs across an article's end
(each article's gaps are its own), and a unit never does. A coder's units of one category must
not overlap one another (the measure needs a segmentation): overlapping ones are merged into their
union first (:func:`segmentation`), which the caller may count and report.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.agreement.inputs import Range


@dataclass(frozen=True)
class Section:
    """One article of the continuum: its ``length`` and, per coder, the ranges of one category."""

    length: int
    units: Mapping[str, Sequence[Range]]


@dataclass(frozen=True)
class UnitizingDisagreement:
    """Observed and expected disagreement of one category; ``alpha`` None when D_e is 0."""

    observed: float
    expected: float

    @property
    def alpha(self) -> float | None:
        if self.expected <= 0.0:
            return None
        return 1.0 - self.observed / self.expected


def segmentation(ranges: Sequence[Range]) -> tuple[list[Range], int]:
    """Sorted, non-overlapping units (overlapping or nested ones merged) and how many merges."""
    merged: list[list[int]] = []
    merges = 0
    for start, end in sorted((int(s), int(e)) for s, e in ranges if e > s):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merges += 1
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged], merges


def _gaps(units: Sequence[Range], length: int) -> list[int]:
    """Lengths of the gaps between sorted non-overlapping ``units`` in ``[0, length)``."""
    gaps = []
    position = 0
    for start, end in units:
        if start > position:
            gaps.append(start - position)
        position = end
    if length > position:
        gaps.append(length - position)
    return gaps


def _segments(units: Sequence[Range], length: int) -> list[tuple[int, int, bool]]:
    """``(begin, length, is_unit)`` covering ``[0, length)``."""
    out = []
    position = 0
    for start, end in units:
        if start > position:
            out.append((position, start - position, False))
        out.append((start, end - start, True))
        position = end
    if length > position:
        out.append((position, length - position, False))
    return out


def distance(b1: int, l1: int, unit1: bool, b2: int, l2: int, unit2: bool) -> int:
    """δ² between two segments (begin, length, is a unit of the category); module docstring."""
    if unit1 and unit2:
        if b1 < b2 + l2 and b2 < b1 + l1:
            return (b1 - b2) ** 2 + (b1 + l1 - b2 - l2) ** 2
        return 0
    if unit1 and not unit2:
        return l1 * l1 if b2 <= b1 and b1 + l1 <= b2 + l2 else 0
    if unit2 and not unit1:
        return l2 * l2 if b1 <= b2 and b2 + l2 <= b1 + l1 else 0
    return 0


def _observed_sum(first: Sequence[tuple[int, int, bool]], second: Sequence[tuple[int, int, bool]]) -> int:
    """Σ δ² over every overlapping pair of segments (one ordered direction); a merge walk."""
    total = 0
    j0 = 0
    for b1, l1, u1 in first:
        while j0 < len(second) and second[j0][0] + second[j0][1] <= b1:
            j0 += 1
        j = j0
        while j < len(second) and second[j][0] < b1 + l1:
            b2, l2, u2 = second[j]
            total += distance(b1, l1, u1, b2, l2, u2)
            j += 1
    return total


def category_disagreement(sections: Sequence[Section], coders: Sequence[str]) -> UnitizingDisagreement:
    """D_o and D_e of one category over ``sections`` laid end to end, ``coders`` (m ≥ 2).

    Raises ``ValueError`` for fewer than two coders or an empty continuum.
    """
    m = len(coders)
    if m < 2:
        raise ValueError("unitizing alpha needs at least two coders")
    total_length = sum(s.length for s in sections)
    if total_length <= 0:
        raise ValueError("unitizing alpha needs a continuum longer than 0")
    observed = 0
    unit_lengths: list[int] = []
    gap_lengths: list[int] = []
    for section in sections:
        segs = {}
        for coder in coders:
            units, _ = segmentation(section.units.get(coder, ()))
            segs[coder] = _segments(units, section.length)
            unit_lengths.extend(e - s for s, e in units)
            gap_lengths.extend(_gaps(units, section.length))
        for p, first in enumerate(coders):
            for second in coders[p + 1:]:
                observed += 2 * _observed_sum(segs[first], segs[second])  # δ is symmetric: both directions
    big_l = total_length
    d_o = observed / (m * (m - 1) * big_l * big_l)
    n_c = len(unit_lengths)
    if n_c == 0:
        return UnitizingDisagreement(d_o, 0.0)
    # Σ_{gaps ≥ l} (gap − l + 1) = (sum of those gaps) − (l − 1)·(their number): sorted gaps and
    # suffix sums keep this linear-logarithmic for projects with many spans.
    gap_lengths.sort()
    suffix = [0] * (len(gap_lengths) + 1)
    for k in range(len(gap_lengths) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gap_lengths[k]
    numerator = 0.0
    for length in unit_lengths:
        k = bisect.bisect_left(gap_lengths, length)
        within = suffix[k] - (length - 1) * (len(gap_lengths) - k)
        numerator += (n_c - 1) / 3 * (2 * length ** 3 - 3 * length ** 2 + length) + length * length * within
    denominator = m * big_l * (m * big_l - 1) - sum(x * (x - 1) for x in unit_lengths)
    d_e = (2.0 / big_l) * numerator / denominator if denominator > 0 else 0.0
    return UnitizingDisagreement(d_o, d_e)


def alpha_u(per_category: Mapping[str, UnitizingDisagreement]) -> float | None:
    """α_u over categories: 1 − Σ D_o / Σ D_e (None when Σ D_e is 0)."""
    expected = sum(d.expected for d in per_category.values())
    if expected <= 0.0:
        return None
    return 1.0 - sum(d.observed for d in per_category.values()) / expected
