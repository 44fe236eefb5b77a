"""fix11al (usertest11s L3): a kappa that is 0 up to float noise (p_o = p_e, computed as
-2.5e-16) was printed "-0.000" and written to JSON as a tiny negative number. Now the table says
"0.000" for anything that rounds to zero and the JSON says 0.0 for |x| < 1e-12 (real figures,
however small, keep their sign). Invented labels and offsets, no corpus."""

from __future__ import annotations

import json

import pytest

from annotator.agreement.coefficients import fleiss_kappa
from annotator.agreement.inputs import ArticleLayer, SpanUnit
from annotator.agreement.measures import NOISE, measure
from annotator.agreement.text import fmt, render

pytestmark = pytest.mark.timeout(30)


def _layer(labels: list[str]) -> ArticleLayer:
    return ArticleLayer(100, tuple(SpanUnit(10 * i, 10 * i + 6, label, "entity") for i, label in enumerate(labels)))


# Three units, three analysts: PERSON/ORG per unit (P,O,O), (P,P,O), (P,P,P). Fleiss: P 6/9, O 3/9
# → p_e = (2/3)^2 + (1/3)^2 = 5/9; per-unit agreement 1/3, 1/3, 1 → p_o = 5/9 = p_e, so κ = 0
# exactly; in floats it comes out -2.5e-16.
TEAM = {"ana": {"a": _layer(["PERSON"] * 3)},
        "ben": {"a": _layer(["ORG", "PERSON", "PERSON"])},
        "cy": {"a": _layer(["ORG", "ORG", "PERSON"])}}


def test_the_input_gives_float_noise() -> None:  # the premise: without it the others test nothing
    kappa = fleiss_kappa([["PERSON", "ORG", "ORG"], ["PERSON", "PERSON", "ORG"], ["PERSON", "PERSON", "PERSON"]])
    assert kappa is not None and kappa != 0.0 and abs(kappa) < NOISE


def test_noise_is_zero_in_the_table_and_in_json() -> None:
    report = measure(TEAM)
    assert report.kappa["overall"]["fleiss"] != 0.0  # the raw figure is the noise
    document = json.loads(json.dumps(report.to_json()))
    assert document["kappa"]["overall"]["fleiss"] == 0.0
    assert document["kappa"]["ORG"]["fleiss"] == 0.0
    assert document["kappa"]["overall"]["cohen"] == pytest.approx(2 / 15)  # real figures untouched
    text = render(report)
    assert "-0.000" not in text
    overall = next(line for line in text.splitlines() if line.startswith("overall "))
    assert overall.split()[4] == "0.000", overall  # the Fleiss k column


@pytest.mark.parametrize(("value", "shown"), [(-2.5e-16, "0.000"), (-0.0004, "0.000"), (0.0, "0.000"),
                                              (-0.0006, "-0.001"), (-0.031, "-0.031"), (None, "—"), (0.8625, "0.863")])
def test_fmt(value: float | None, shown: str) -> None:
    assert fmt(value) == shown
