"""κ and α per label are undefined, not negative, for a label alone in its comparison layer (issue 11
user test, fix11e finding 5): units exist only where someone marked a span, so no unit is "both said
something else", and with that cell empty κ = −bc/(…) ≤ 0 whatever the analysts do."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.agreement.coefficients import OTHER, cohen_kappa
from annotator.agreement.inputs import ArticleLayer, SpanUnit
from annotator.agreement.measures import has_negatives, measure

L = "CLAIM"


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_without_a_neither_unit_kappa_is_never_positive(a: int, b: int, c: int) -> None:
    pairs = [(L, L)] * a + [(L, OTHER)] * b + [(OTHER, L)] * c
    kappa = cohen_kappa(pairs)
    assert kappa is None or kappa <= 1e-12  # why such a figure is reported undefined
    assert not has_negatives(pairs, L)


def test_claims_alone_in_their_layer_are_undefined_and_entities_beside_other_labels_are_not() -> None:
    ana = ArticleLayer(200, (SpanUnit(0, 30, "CLAIM", "claim"), SpanUnit(40, 60, "CLAIM", "claim"), SpanUnit(80, 90, "CLAIM", "claim"),
                             SpanUnit(100, 106, "PERSON", "entity"), SpanUnit(110, 116, "ORG", "entity"), SpanUnit(120, 126, "ORG", "entity")))
    ben = ArticleLayer(200, (SpanUnit(0, 30, "CLAIM", "claim"), SpanUnit(40, 60, "CLAIM", "claim"),
                             SpanUnit(100, 106, "PERSON", "entity"), SpanUnit(110, 116, "ORG", "entity"), SpanUnit(120, 126, "PERSON", "entity")))
    report = measure({"ana": {"a": ana}, "ben": {"a": ben}})
    # CLAIM: units (C,C), (C,C), (C,none) — cohen's κ would be −bc/… = 0 here, and < 0 with one more miss
    assert report.kappa["CLAIM"] == {"cohen": None, "fleiss": None} and report.alpha["CLAIM"] is None
    assert report.span_f1["CLAIM"]["exact"] == pytest.approx(0.8)  # 2·2 / (3 + 2): the figure to read for it
    # PERSON among entity units (P,P), (O,O), (O,P): the (O,O) unit is a "neither": κ defined.
    # p_o 2/3; ana P 1/3 O 2/3, ben P 2/3 O 1/3 → p_e 1/3·2/3 + 2/3·1/3 = 4/9; κ = (2/3 − 4/9)/(5/9) = 0.4
    assert report.kappa["PERSON"]["cohen"] == pytest.approx(0.4)
    assert report.alpha["PERSON"] is not None
    assert [n for n in report.notes if "undefined" in n] == [
        "kappa and alpha of CLAIM are undefined (—): no unit where the analysts all said something else (a label alone in "
        "its comparison layer), so they would be <= 0 whatever the analysts do (Hripcsak & Rothschild 2005); read span F1 for them"]
