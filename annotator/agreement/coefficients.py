"""Chance-corrected agreement coefficients on coded units (nominal categories).

* :func:`cohen_kappa` — Cohen (1960), "A coefficient of agreement for nominal scales",
  Educational and Psychological Measurement 20(1):37–46: κ = (p_o − p_e) / (1 − p_e), p_e from
  each coder's own marginals. Written here (ten lines) rather than pulling scikit-learn or
  statsmodels (each tens of MB with SciPy) into a desktop tool; tested on Cohen's worked examples.
* :func:`fleiss_kappa` — Fleiss (1971), "Measuring nominal scale agreement among many raters",
  Psychological Bulletin 76(5):378–382: every unit rated by the same number m ≥ 2 of raters;
  tested on Fleiss's table (κ = 0.430) and his category-specific κ_j.
* :func:`krippendorff_alpha` — Krippendorff's α, nominal, missing values allowed, computed by the
  ``krippendorff`` package (PyPI; Castro's implementation of Krippendorff 2011, "Computing
  Krippendorff's alpha-reliability"); for very many distinct values (speaker links) the same
  formula summed per unit (:func:`nominal_alpha_by_units`), since the package's dense array
  would not fit in memory.
* :func:`binary` — a label's own coefficient: categories recoded to "the label" / "anything else"
  (Fleiss 1971's category-specific κ_j is exactly Fleiss' κ of this recoding).

Every function returns ``None`` when the coefficient is undefined (no units, or all values in one
category so that expected disagreement is 0): a report shows that as "—", never as 1 or 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

OTHER = "\x00other"  # the "anything else" category of a binary recoding; no label is named so


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's κ of ``pairs`` = one ``(category by coder 1, category by coder 2)`` per unit."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for x, y in pairs if x == y) / n
    first = Counter(x for x, _ in pairs)
    second = Counter(y for _, y in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(units: Sequence[Sequence[str]]) -> float | None:
    """Fleiss' κ of ``units``: each a sequence of the m categories its m raters gave (same m for all).

    Raises ``ValueError`` when the units do not all have the same number (≥ 2) of ratings.
    """
    if not units:
        return None
    m = len(units[0])
    if m < 2 or any(len(u) != m for u in units):
        raise ValueError("Fleiss' kappa needs the same number (at least 2) of ratings for every unit")
    n = len(units)
    totals: Counter[str] = Counter()
    agreement = 0.0
    for unit in units:
        counts = Counter(unit)
        totals.update(counts)
        agreement += sum(k * (k - 1) for k in counts.values()) / (m * (m - 1))
    observed = agreement / n
    expected = sum((k / (n * m)) ** 2 for k in totals.values())
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


# The package builds a dense units × values × values array; past this many cells (relations,
# whose categories are one per speaker unit, reach thousands of values) the same formula is
# summed unit by unit instead (:func:`nominal_alpha_by_units`, tested equal to the package).
DENSE_CELLS_LIMIT = 4_000_000


def krippendorff_alpha(matrix: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's α (nominal) of ``matrix``: one row per coder, one column per unit, ``None`` missing.

    Undefined (None) with fewer than two distinct values or no unit coded by two coders.
    """
    import numpy as np

    values = sorted({v for row in matrix for v in row if v is not None})
    if len(values) < 2:
        return None
    units = len(matrix[0]) if matrix else 0
    if units * len(values) ** 2 > DENSE_CELLS_LIMIT:
        return nominal_alpha_by_units(matrix)
    import krippendorff

    code = {v: float(i) for i, v in enumerate(values)}
    data = np.array([[np.nan if v is None else code[v] for v in row] for row in matrix], dtype=float)
    if not np.any(np.sum(~np.isnan(data), axis=0) >= 2):
        return None
    try:
        with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 is "undefined", reported as None
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):  # no pairable values: undefined, as documented above
        return None
    return None if value != value else value  # NaN → undefined


def nominal_alpha_by_units(matrix: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's nominal α from the coincidences summed unit by unit (Krippendorff 2011, §C):
    with n_uc the coders giving value c to unit u, m_u = Σ_c n_uc (units with m_u ≥ 2 only),
    n = Σ_u m_u, n_c = Σ_u n_uc and A = Σ_u Σ_c n_uc (n_uc − 1) / (m_u − 1) (the coincidence
    matrix's diagonal), α = 1 − (n − 1)(n − A) / (n² − Σ_c n_c²). None when undefined.
    """
    columns = len(matrix[0]) if matrix else 0
    n = 0
    diagonal = 0.0
    totals: Counter[str] = Counter()
    for u in range(columns):
        counts = Counter(row[u] for row in matrix if row[u] is not None)
        m = sum(counts.values())
        if m < 2:
            continue
        n += m
        totals.update(counts)
        diagonal += sum(k * (k - 1) for k in counts.values()) / (m - 1)
    expected = n * n - sum(k * k for k in totals.values())
    if n < 2 or expected <= 0:
        return None
    return 1.0 - (n - 1) * (n - diagonal) / expected


def binary(category: str | None, label: str) -> str | None:
    """``label`` stays ``label``; any other category becomes "anything else"; missing stays missing."""
    if category is None:
        return None
    return label if category == label else OTHER
