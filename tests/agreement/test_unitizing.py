"""Unitizing α_u against Krippendorff's worked examples, with the numbers DKPro Statistics'
tests encode for them (Krippendorff 2004, Content Analysis 2nd ed., p. 254; Krippendorff 1995,
Sociological Methodology 25, p. 57)."""

from __future__ import annotations

import pytest

from annotator.agreement.unitizing import Section, alpha_u, category_disagreement, distance, segmentation


def _2004() -> dict[str, object]:
    # Continuum [150, 450): L = 300; coders i and j; categories c and k. Shifted to start at 0.
    c = {"i": [(225, 295), (370, 400)], "j": [(220, 300), (355, 375), (400, 420)]}
    k = {"i": [(180, 240), (300, 350)], "j": [(180, 240), (300, 350)]}
    shift = lambda d: {n: [(s - 150, e - 150) for s, e in v] for n, v in d.items()}  # noqa: E731
    return {name: category_disagreement([Section(300, shift(d))], ["i", "j"]) for name, d in (("c", c), ("k", k))}


def test_krippendorff_2004_worked_example() -> None:
    per = _2004()
    assert per["c"].observed == pytest.approx(0.0144, abs=0.0001)
    assert per["c"].expected == pytest.approx(0.0532, abs=0.0001)
    assert per["c"].alpha == pytest.approx(0.7286, abs=0.0001)
    assert per["k"].observed == 0.0
    assert per["k"].expected == pytest.approx(0.0490, abs=0.0001)
    assert per["k"].alpha == pytest.approx(1.0)
    assert alpha_u(per) == pytest.approx(0.8591, abs=0.0005)


@pytest.mark.parametrize(("first", "second", "expected"), [
    ((5, 6, True), (4, 2, True), 26),   # both units: 1² + 5²
    ((5, 6, True), (5, 2, True), 16),
    ((5, 6, True), (7, 2, True), 8),
    ((5, 6, True), (6, 4, True), 2),
    ((5, 6, True), (5, 6, True), 0),
    ((225, 70, True), (220, 80, True), 50),
    ((370, 30, True), (355, 20, True), 850),
    ((400, 50, False), (400, 20, True), 400),  # a unit inside the other's gap: its length²
    ((1, 8, True), (0, 2, False), 0),          # a unit only partly in a gap: 0
    ((1, 8, True), (2, 1, True), 37),
    ((9, 2, False), (7, 4, False), 0),         # two gaps: 0
])
def test_distance_between_segments(first: tuple[int, int, bool], second: tuple[int, int, bool], expected: int) -> None:
    assert distance(*first, *second) == expected
    assert distance(*second, *first) == expected


_1995 = {  # Krippendorff (1995: 57): four two-coder examples on a 24-long continuum, (begin, length)
    "A": {0: [(2, 8), (14, 6)], 1: [(4, 4), (15, 2)]},
    "B": {0: [(0, 18)], 1: [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]},
    "C": {0: [(2, 6), (10, 2), (14, 4), (20, 2)], 1: [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]},
    "D": {0: [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], 1: [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]},
}


def _stretched(name: str, stretch: float) -> Section:
    units = {coder: [(int(b * stretch), int(b * stretch) + int(n * stretch)) for b, n in v] for coder, v in _1995[name].items()}
    return Section(int(24 * stretch), units)


@pytest.mark.parametrize(("name", "observed"), [("A", 0.03125), ("B", 2.26736), ("C", 0.02777), ("D", 0.38715)])
def test_krippendorff_1995_observed_disagreement(name: str, observed: float) -> None:
    assert category_disagreement([_stretched(name, 1)], [0, 1]).observed == pytest.approx(observed, abs=0.00001)


@pytest.mark.parametrize(("name", "expected", "alpha"), [
    ("A", 0.06990, 0.553), ("B", 1.17731, -0.926), ("C", 0.08642, 0.679), ("D", 0.41445, 0.066)])
def test_krippendorff_1995_expected_disagreement_and_alpha_on_a_fine_continuum(name: str, expected: float, alpha: float) -> None:
    # The paper's figures assume a continuous line: stretched 50,000 times, within the tolerances
    # DKPro Statistics tests them with (the 1995 text has a small slip in D_e, see the 2004 form).
    result = category_disagreement([_stretched(name, 50000)], [0, 1])
    assert result.expected == pytest.approx(expected, abs=0.005)
    assert result.alpha == pytest.approx(alpha, abs=0.02)


def test_krippendorff_1995_example_c_at_half_scale_matches_exactly() -> None:
    result = category_disagreement([_stretched("C", 0.5)], [0, 1])
    assert result.observed == pytest.approx(0.02777, abs=0.00001)
    assert result.expected == pytest.approx(0.05494, abs=0.00001)


def test_one_long_unit_against_three_short_ones() -> None:
    # DKPro's UnitizingAgreementTest: r0 -11111111-, r1 --1-1-1--- on 10 positions.
    result = category_disagreement([Section(10, {0: [(1, 9)], 1: [(2, 3), (4, 5), (6, 7)]})], [0, 1])
    assert result.observed == pytest.approx(0.9100, abs=0.0001)
    assert result.expected == pytest.approx(0.5351, abs=0.0001)
    assert result.alpha == pytest.approx(-0.7003, abs=0.0001)


def test_no_unit_at_all_is_undefined() -> None:
    result = category_disagreement([Section(20, {0: [], 1: []})], [0, 1])
    assert result.alpha is None
    assert alpha_u({"x": result}) is None


def test_articles_are_sections_whose_gaps_do_not_join() -> None:
    # The same units in two articles of 10, or in one continuum of 20: the gap at the end of the
    # first article and the start of the second stay two gaps, which changes D_e.
    units = {0: [(2, 5)], 1: [(3, 5)]}
    two = category_disagreement([Section(10, units), Section(10, units)], [0, 1])
    one = category_disagreement([Section(20, {0: [(2, 5), (12, 15)], 1: [(3, 5), (13, 15)]})], [0, 1])
    assert two.observed == pytest.approx(one.observed)
    assert two.expected != pytest.approx(one.expected)


def test_overlapping_units_of_one_coder_are_merged_and_counted() -> None:
    assert segmentation([(5, 9), (0, 3), (2, 4), (9, 10)]) == ([(0, 4), (5, 9), (9, 10)], 1)
