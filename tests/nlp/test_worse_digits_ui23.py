"""usertest21 L3: a "worse than before" warning shows enough digits that its two scores differ
("0.66 -> 0.66" said nothing)."""

from __future__ import annotations

from annotator.nlp.train import worse_scores


def test_the_worse_warning_prints_two_different_numbers() -> None:
    before = {"attributions": {"f": 0.6612, "p": 0.7}}
    after = {"attributions": {"f": 0.6581, "p": 0.7}}
    [line] = worse_scores(before, after, [], main="attributions", what="attribution")
    assert "F1 (all attributions) 0.661 -> 0.658;" in line


def test_two_decimals_when_they_differ_four_at_most() -> None:
    from annotator.nlp.train import before_after  # new in ui23

    assert before_after(0.71, 0.65) == "0.71 -> 0.65"
    assert before_after(0.66004, 0.66001) == "0.6600 -> 0.6600"
    assert before_after(0.66041, 0.66012) == "0.6604 -> 0.6601"
