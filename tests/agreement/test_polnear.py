"""Agreement on real data: the PolNeAR articles several annotators annotated (skipped without
../shared/data). Figures measured on them are in docs/agreement.md."""

from __future__ import annotations

import pytest

from annotator.agreement.measures import measure
from tests.agreement.polnear import multi_annotated
from tests.conftest import SHARED_DATA

DEV = SHARED_DATA / "polnear-dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="PolNeAR dev split not in ../shared/data")


@pytest.fixture(scope="module")
def team():
    return multi_annotated(DEV)


def test_dev_has_two_articles_by_six_annotators(team) -> None:
    assert len(team) == 6 and all(len(layers) == 2 for layers in team.values())


def test_an_annotator_agrees_perfectly_with_themself(team) -> None:
    name = sorted(team)[0]
    report = measure({"first": team[name], "again": team[name]})
    assert report.span_f1["overall"] == {"exact": 1.0, "overlap": 1.0}
    assert report.kappa["overall"]["cohen"] == pytest.approx(1.0)
    assert report.alpha_u["overall"] == pytest.approx(1.0)
    assert report.relations["SPEAKER"]["f1"] == 1.0


def test_figures_do_not_depend_on_who_is_first(team) -> None:
    a, b = sorted(team)[:2]
    forward = measure({"x": team[a], "y": team[b]}).to_json()
    backward = measure({"x": team[b], "y": team[a]}).to_json()
    for key in ("span_f1", "kappa", "alpha", "alpha_u", "relations"):
        assert _close(forward[key], backward[key]), key


def _close(x, y) -> bool:
    if isinstance(x, dict):
        assert x.keys() == y.keys()
        return all(_close(x[k], y[k]) for k in x)
    assert (x is None and y is None) or x == pytest.approx(y)
    return True


def test_real_annotators_disagree_somewhere_and_the_report_says_where(team) -> None:
    report = measure(team)
    assert 0.5 < report.span_f1["overall"]["overlap"] < 1.0
    assert report.span_f1["overall"]["exact"] < report.span_f1["overall"]["overlap"]
    assert report.disagreements and report.disagreements[0]["f1_overlap"] < 1.0
    assert ("none" in report.confusion.get("QUOTE", {}))  # quotes one annotator found and another did not
