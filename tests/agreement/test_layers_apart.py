"""Agreement compares labels within one layer of the schema (issue 11 user test, finding 2):
ana's PERSON and ben's SPEAKER on the same characters are two layers' annotations, not a label
disagreement. Figures worked out by hand below."""

from __future__ import annotations

import pytest

from annotator.agreement.inputs import ArticleLayer, SpanUnit, comparison_layer
from annotator.agreement.measures import measure

ANA = ArticleLayer(100, (SpanUnit(0, 8, "PERSON", "entity"), SpanUnit(0, 8, "SPEAKER", "speaker"), SpanUnit(10, 20, "QUOTE", "quote")))
BEN = ArticleLayer(100, (SpanUnit(0, 8, "SPEAKER", "speaker"), SpanUnit(10, 20, "QUOTE", "quote"), SpanUnit(30, 35, "PERSON", "entity")))


def test_quote_speaker_and_cue_are_one_comparison_layer_entities_another() -> None:
    assert {comparison_layer(x) for x in ("quote", "speaker", "cue")} == {"attribution"}
    assert comparison_layer("entity") == "entity" and comparison_layer("claim") == "claim"


def test_person_of_one_analyst_and_speaker_of_another_are_no_confusion() -> None:
    report = measure({"ana": {"a": ANA}, "ben": {"a": BEN}})
    # units: entity (PERSON, none), (none, PERSON); attribution (SPEAKER, SPEAKER), (QUOTE, QUOTE)
    assert report.pairs[0]["units"] == 4
    assert "SPEAKER" not in report.confusion.get("PERSON", {}) and "PERSON" not in report.confusion.get("SPEAKER", {})
    assert report.confusion == {"PERSON": {"none": 2}, "none": {"PERSON": 2}}


def test_a_labels_kappa_and_alpha_use_its_own_layers_units() -> None:
    report = measure({"ana": {"a": ANA}, "ben": {"a": BEN}})
    # SPEAKER on the attribution units (S,S), (Q,Q) → p_o 1, p_e 1/2: κ = 1; the entity units are not
    # "both said not-SPEAKER" agreements
    assert report.kappa["SPEAKER"]["cohen"] == pytest.approx(1.0)
    # PERSON on the entity units (P,none), (none,P): PERSON is alone in its layer here, so no unit can
    # be "both said something else": κ and α are undefined by construction (fix11e finding 5), not −1
    assert report.kappa["PERSON"] == {"cohen": None, "fleiss": None} and report.alpha["PERSON"] is None
    assert any(n.startswith("kappa and alpha of PERSON are undefined") for n in report.notes)
    # overall: all 4 units, each label a category: p_o 1/2, p_e 4 · (1/4)² = 1/4 → κ = 1/3
    assert report.kappa["overall"]["cohen"] == pytest.approx(1 / 3)
