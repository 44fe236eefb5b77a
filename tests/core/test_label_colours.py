"""Default label colours stay apart, for normal and colour-blind vision.

Distance: CIEDE2000 (CIE 2000 colour difference, ΔE00, computed by the coloraide library on the
sRGB colours). Colour-blind vision: coloraide's Brettel/Viénot simulations of deuteranopia and
protanopia (the commonest forms), checked among the labels drawn as bars and boxes side by side
(QUOTE, CLAIM, SPEAKER, CUE), where only colour tells them apart.
"""

from __future__ import annotations

import itertools
import json

import pytest
from coloraide import Color

from annotator.domain.schema import default_schema, default_schema_text
from annotator.storage.project import Project

#: any two default labels; ~10 ΔE00 reads as "a different colour" at a glance, 20 as clearly so
MIN_DELTA_E = 20.0
#: under a colour-vision-deficiency simulation, among the quote/claim/speaker/cue labels
MIN_DELTA_E_CVD = 15.0
ATTRIBUTION = ("QUOTE", "CLAIM", "SPEAKER", "CUE")


def _colours() -> dict[str, str]:
    return {lab.name: lab.colour for lab in default_schema().labels}


def _delta(a: str, b: str, deficiency: str | None = None) -> float:
    ca, cb = Color(a), Color(b)
    if deficiency:
        ca = ca.filter(deficiency).convert("srgb").clip()
        cb = cb.filter(deficiency).convert("srgb").clip()
    return ca.delta_e(cb, method="2000")


def test_every_pair_of_default_labels_differs_by_at_least_20_delta_e00() -> None:
    colours = _colours()
    worst = min((_delta(colours[a], colours[b]), a, b) for a, b in itertools.combinations(colours, 2))
    assert worst[0] >= MIN_DELTA_E, worst


@pytest.mark.parametrize("deficiency", ["deutan", "protan"])
def test_attribution_labels_stay_apart_for_colour_blind_users(deficiency: str) -> None:
    colours = _colours()
    for a, b in itertools.combinations(ATTRIBUTION, 2):
        assert _delta(colours[a], colours[b], deficiency) >= MIN_DELTA_E_CVD, (a, b, deficiency)


def test_claim_is_clearly_not_quote_orange() -> None:
    colours = _colours()
    # the old CLAIM gold (#c49c00) was 22.9 ΔE00 from QUOTE orange and 2.5 under deuteranopia
    assert _delta(colours["QUOTE"], colours["CLAIM"]) >= 40
    assert _delta(colours["QUOTE"], colours["CLAIM"], "deutan") >= 25


def test_the_check_fails_for_the_old_gold_claim_colour() -> None:
    assert _delta("#ff7f0e", "#c49c00", "deutan") < MIN_DELTA_E_CVD


def test_existing_projects_keep_their_own_colours(tmp_path) -> None:  # noqa: ANN001
    data = json.loads(default_schema_text())
    for lab in data["labels"]:
        if lab["name"] == "CLAIM":
            lab["colour"] = "#c49c00"  # what projects made before the palette change hold
    path = tmp_path / "old.annotator"
    project = Project.open(path)
    project.set_setting("schema", json.dumps(data))
    project.close()
    reopened = Project.open(path)
    try:
        assert {lab.name: lab.colour for lab in reopened.schema.labels}["CLAIM"] == "#c49c00"
    finally:
        reopened.close()
