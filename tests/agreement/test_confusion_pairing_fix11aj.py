"""fix11aj (issue 11, usertest11q M3): the confusion table paired the wrong units. ana marked GPE
«Dunmore» and ORG «council of Dunmore», cy LOC «Dunmore» only: both of ana's spans overlap cy's by
its whole length, and the earlier start won, so the table said "GPE none / LOC ORG" instead of GPE
against LOC. Units now pair as the curation view does — the same offsets first, then the better
overlap (Jaccard). Invented sentence."""

from __future__ import annotations

import pytest

from annotator.agreement.inputs import ArticleLayer, SpanUnit
from annotator.agreement.matching import build_units
from annotator.agreement.measures import measure

pytestmark = pytest.mark.timeout(30)

TEXT = "The council of Dunmore voted on the bridge."
DUNMORE = (TEXT.index("Dunmore"), TEXT.index("Dunmore") + len("Dunmore"))
COUNCIL = (TEXT.index("council"), DUNMORE[1])


def test_the_same_offsets_pair_before_a_longer_span_that_overlaps_as_much() -> None:
    ana = [SpanUnit(*COUNCIL, "ORG", "entity"), SpanUnit(*DUNMORE, "GPE", "entity")]
    cy = [SpanUnit(*DUNMORE, "LOC", "entity")]
    units = build_units({"ana": ana, "cy": cy})
    assert [{k: v.label for k, v in u.items()} for u in units] == [{"ana": "ORG"}, {"ana": "GPE", "cy": "LOC"}]


def test_at_equal_overlap_the_better_jaccard_pairs_first() -> None:
    # cy's «Dunmore voted» shares 7 code points with each of ana's; ana's «Dunmore» is the closer one
    voted = (DUNMORE[0], TEXT.index(" on"))
    units = build_units({"ana": [SpanUnit(*COUNCIL, "ORG"), SpanUnit(*DUNMORE, "GPE")], "cy": [SpanUnit(*voted, "LOC")]})
    assert [{k: v.label for k, v in u.items()} for u in units] == [{"ana": "ORG"}, {"ana": "GPE", "cy": "LOC"}]


def test_the_confusion_table_says_gpe_against_loc() -> None:
    team = {"ana": {"a1": ArticleLayer(len(TEXT), (SpanUnit(*COUNCIL, "ORG", "entity"), SpanUnit(*DUNMORE, "GPE", "entity")))},
            "cy": {"a1": ArticleLayer(len(TEXT), (SpanUnit(*DUNMORE, "LOC", "entity"),))}}
    confusion = measure(team).confusion
    assert confusion["GPE"] == {"LOC": 1} and confusion["LOC"] == {"GPE": 1}
    assert confusion["ORG"] == {"none": 1}
    assert "ORG" not in confusion["LOC"]
