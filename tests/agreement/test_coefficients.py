"""κ and α against the published worked examples (Cohen 1960, Fleiss 1971, Krippendorff 2011)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.agreement.coefficients import binary, cohen_kappa, fleiss_kappa, krippendorff_alpha


def _cells(table: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    return [(x, y) for n, x, y in table for _ in range(n)]


def test_cohen_1960_second_example_gives_0_492() -> None:
    # Cohen (1960: 45): 200 units, three categories; p_o = .70, p_e = .41, kappa = .492.
    pairs = _cells([(88, "1", "1"), (14, "1", "2"), (18, "1", "3"), (10, "2", "1"), (40, "2", "2"),
                    (10, "2", "3"), (2, "3", "1"), (6, "3", "2"), (12, "3", "3")])
    assert cohen_kappa(pairs) == pytest.approx(0.492, abs=0.001)


def test_cohen_1960_first_example_is_below_chance() -> None:
    # Cohen (1960: 37): p_o = .29, p_e = (40·50 + 30·30 + 30·20)/100² = .35 → kappa = −.06/.65.
    pairs = _cells([(25, "1", "1"), (12, "1", "2"), (3, "1", "3"), (13, "2", "1"), (2, "2", "2"),
                    (15, "2", "3"), (12, "3", "1"), (16, "3", "2"), (2, "3", "3")])
    assert cohen_kappa(pairs) == pytest.approx((0.29 - 0.35) / 0.65)


FLEISS_1971 = [  # Fleiss (1971: 379): 30 patients, 6 psychiatrists, 5 diagnoses
    "444444", "222555", "233335", "555555", "222444", "113333", "333355", "113334", "114444", "555555",
    "144444", "124444", "222333", "144444", "224445", "333335", "111455", "111112", "224444", "133555",
    "555555", "244444", "224555", "114444", "144445", "222224", "111155", "224444", "133333", "555555",
]


def test_fleiss_1971_table_gives_0_430() -> None:
    assert fleiss_kappa([list(row) for row in FLEISS_1971]) == pytest.approx(0.430, abs=0.001)


@pytest.mark.parametrize(("category", "published"), [("1", 0.248), ("2", 0.248), ("3", 0.517), ("4", 0.470), ("5", 0.565)])
def test_fleiss_1971_category_kappas_are_the_binary_recoding(category: str, published: float) -> None:
    units = [[binary(x, category) for x in row] for row in FLEISS_1971]
    assert fleiss_kappa(units) == pytest.approx(published, abs=0.005)


def test_krippendorff_2011_nominal_example_with_missing_values_gives_0_743() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders × 12 units.
    rows = ["123321412...", "1233224125.3", ".3332342251.", "12332441251."]
    matrix = [[None if c == "." else c for c in row] for row in rows]
    assert [len(row) for row in matrix] == [12, 12, 12, 12]
    assert krippendorff_alpha(matrix) == pytest.approx(0.743, abs=0.001)


def test_undefined_coefficients_are_none_not_a_number() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("A", "A"), ("A", "A")]) is None  # one category: p_e = 1
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([["A", "A"], ["A", "A"]]) is None
    assert krippendorff_alpha([["A", "A"], ["A", "A"]]) is None
    assert krippendorff_alpha([["A", None], [None, "B"]]) is None  # no unit coded twice


def test_fleiss_refuses_units_with_different_numbers_of_ratings() -> None:
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa([["A", "B"], ["A", "B", "A"]])


def test_total_disagreement_of_two_coders_is_minus_one() -> None:
    assert cohen_kappa([("A", "B"), ("B", "A")]) == pytest.approx(-1.0)


def test_alpha_summed_per_unit_is_the_package_alpha_on_the_published_example() -> None:
    from annotator.agreement.coefficients import nominal_alpha_by_units

    rows = ["123321412...", "1233224125.3", ".3332342251.", "12332441251."]
    matrix = [[None if c == "." else c for c in row] for row in rows]
    assert nominal_alpha_by_units(matrix) == pytest.approx(0.743421052631579)


_cell = st.one_of(st.none(), st.sampled_from("abcd"))


@given(st.integers(2, 4).flatmap(lambda m: st.lists(st.lists(_cell, min_size=m, max_size=m), min_size=1, max_size=12)))
def test_alpha_summed_per_unit_equals_the_package(units: list[list[str | None]]) -> None:
    from annotator.agreement.coefficients import nominal_alpha_by_units

    matrix = [list(row) for row in zip(*units, strict=True)]  # units → one row per coder
    dense = krippendorff_alpha(matrix)
    if dense is None:
        return  # undefined for the package: nothing to compare
    assert nominal_alpha_by_units(matrix) == pytest.approx(dense, abs=1e-9)
