"""The whole report on hand-made teams whose figures are worked out by hand in the comments."""

from __future__ import annotations

import json

import pytest

from annotator.agreement.inputs import ArticleLayer, LinkUnit, SpanUnit as S, StanceUnit, restricted, shared_articles
from annotator.agreement.measures import measure


def team(**layers: dict[str, ArticleLayer]) -> dict[str, dict[str, ArticleLayer]]:
    return dict(layers)


def one(length: int = 100, spans=(), links=(), stances=(), title: str = "") -> ArticleLayer:
    return ArticleLayer(length, tuple(spans), tuple(links), tuple(stances), title)


def test_perfect_agreement_is_one_everywhere() -> None:
    spans = [S(0, 5, "ORG"), S(10, 15, "PER"), S(20, 30, "PER")]
    report = measure(team(ana={"t": one(spans=spans)}, ben={"t": one(spans=spans)}))
    for key in ("ORG", "PER", "overall"):
        assert report.span_f1[key] == {"exact": 1.0, "overlap": 1.0}
        assert report.alpha_u[key] == pytest.approx(1.0)
    assert report.kappa["overall"] == {"cohen": pytest.approx(1.0), "fleiss": pytest.approx(1.0)}
    assert report.alpha["overall"] == pytest.approx(1.0)
    assert report.disagreements[0]["f1_overlap"] == 1.0


def test_no_agreement() -> None:
    # Disjoint spans: units (ORG, none) and (none, ORG): p_o = 0, p_e = ½·½ + ½·½ = ½ → κ = −1.
    report = measure(team(ana={"t": one(spans=[S(0, 5, "ORG")])}, ben={"t": one(spans=[S(10, 15, "ORG")])}))
    assert report.span_f1["ORG"] == {"exact": 0.0, "overlap": 0.0}
    assert report.kappa["overall"]["cohen"] == pytest.approx(-1.0)
    assert report.confusion == {"ORG": {"none": 2}, "none": {"ORG": 2}}


def test_one_label_disagreement() -> None:
    # A: ORG, PER, GPE; B: ORG, PER, ORG where A said GPE.
    # F1 exact overall 2·2/6; ORG: 2·1/(1+2); PER 1; GPE 2·0/(1+0) = 0.
    # κ on 3 units: p_o = 2/3; A marginals ORG 1 PER 1 GPE 1, B ORG 2 PER 1: p_e = (1·2 + 1·1)/9 = 1/3 → κ = ½.
    a = [S(0, 5, "ORG"), S(10, 15, "PER"), S(20, 25, "GPE")]
    b = [S(0, 5, "ORG"), S(10, 15, "PER"), S(20, 25, "ORG")]
    report = measure(team(ana={"t": one(spans=a)}, ben={"t": one(spans=b)}))
    assert report.span_f1["overall"]["exact"] == pytest.approx(4 / 6)
    assert report.span_f1["ORG"]["exact"] == pytest.approx(2 / 3)
    assert report.span_f1["PER"]["exact"] == 1.0
    assert report.span_f1["GPE"]["exact"] == 0.0
    assert report.kappa["overall"]["cohen"] == pytest.approx(0.5)
    assert report.pairs[0]["confusion"]["GPE"] == {"ORG": 1}
    assert report.confusion["GPE"] == {"ORG": 1}


def test_partial_overlap_counts_for_overlap_f1_not_exact() -> None:
    report = measure(team(ana={"t": one(spans=[S(0, 10, "Q")])}, ben={"t": one(spans=[S(2, 10, "Q")])}))
    assert report.span_f1["Q"] == {"exact": 0.0, "overlap": 1.0}
    assert 0.0 < report.alpha_u["Q"] < 1.0  # α_u credits the shared 8 of 10 code points


def test_f1_is_the_mean_over_pairs_on_shared_articles_only() -> None:
    # ana–ben share t1 (agree: F1 1); ana–cy share t1 (cy found nothing: F1 0); ben–cy share t1, t2.
    # t2 is cy's and ben's only; ana never saw it, so it does not count against ana.
    x = S(0, 5, "ORG")
    report = measure(team(ana={"t1": one(spans=[x])}, ben={"t1": one(spans=[x]), "t2": one(spans=[x])},
                          cy={"t1": one(), "t2": one(spans=[x])}))
    by_pair = {tuple(p["analysts"]): p["span_f1"]["ORG"]["exact"] for p in report.pairs}
    assert by_pair == {("ana", "ben"): 1.0, ("ana", "cy"): 0.0, ("ben", "cy"): pytest.approx(2 / 3)}
    assert report.span_f1["ORG"]["exact"] == pytest.approx((1 + 0 + 2 / 3) / 3)
    assert report.articles_all == 1 and report.articles_any_two == 2


def test_same_speaker_for_the_same_quote() -> None:
    quote = (30, 60)
    same = measure(team(ana={"t": one(links=[LinkUnit("SPEAKER", quote, (0, 5))])},
                        ben={"t": one(links=[LinkUnit("SPEAKER", (31, 60), (1, 5))])}))
    assert same.relations["SPEAKER"]["f1"] == 1.0
    other = measure(team(ana={"t": one(links=[LinkUnit("SPEAKER", quote, (0, 5)), LinkUnit("SPEAKER", (70, 90), None)])},
                         ben={"t": one(links=[LinkUnit("SPEAKER", quote, (10, 15)), LinkUnit("SPEAKER", (70, 90), None)])}))
    # Two matched quotes: speakers differ on one, both "no speaker" on the other.
    # Categories A: s@0, none; B: s@10, none → p_o = ½, p_e = ½·½ = ¼ → κ = ⅓; F1 = 0/(1+1).
    assert other.relations["SPEAKER"]["f1"] == 0.0
    assert other.relations["SPEAKER"]["kappa"]["cohen"] == pytest.approx(1 / 3)


def test_stances_agree_on_target_and_polarity_per_evidence() -> None:
    # Items: (quote, tax) ana favor / ben favor; (quote, rent) ana against / ben none;
    # (article, tax) both neutral. p_o = 2/3; A: favor, against, neutral; B: favor, none, neutral
    # → p_e = 2/9 → κ = (2/3 − 2/9)/(7/9) = 4/7.
    ana = [StanceUnit("X", "tax", "favor", (10, 40)), StanceUnit("X", "rent", "against", (10, 40)), StanceUnit("X", "tax", "neutral", None)]
    ben = [StanceUnit("X", "tax", "favor", (12, 40)), StanceUnit("X", "tax", "neutral", None)]
    report = measure(team(ana={"t": one(stances=ana)}, ben={"t": one(stances=ben)}))
    assert report.stances["kappa"]["cohen"] == pytest.approx(4 / 7)


def test_disagreements_list_the_worst_articles_first() -> None:
    x, y = S(0, 5, "ORG"), S(50, 55, "ORG")
    report = measure(team(ana={"good": one(spans=[x], title="Good"), "bad": one(spans=[x], title="Bad")},
                          ben={"good": one(spans=[x]), "bad": one(spans=[y])}))
    assert [d["article"] for d in report.disagreements] == ["bad", "good"]
    assert report.disagreements[0]["title"] == "Bad"
    assert report.disagreements[0]["f1_overlap"] == 0.0


def test_json_shape() -> None:
    a = [S(0, 5, "ORG"), S(10, 15, "PER")]
    data = measure(team(ana={"t": one(spans=a)}, ben={"t": one(spans=a[:1])}, cy={"t": one(spans=a)})).to_json()
    json.dumps(data)  # serialisable as is
    assert set(data["span_f1"]) == {"ORG", "PER", "overall"}
    assert set(data["span_f1"]["ORG"]) == {"exact", "overlap"}
    assert [p["analysts"] for p in data["pairs"]] == [["ana", "ben"], ["ana", "cy"], ["ben", "cy"]]
    for key in ("kappa", "alpha", "alpha_u"):
        assert {"ORG", "PER", "overall"} <= set(data[key])
    assert set(data["kappa"]["ORG"]) == {"cohen", "fleiss", "fleiss_articles"}  # fix11j: on how many articles Fleiss is
    assert {"confusion", "disagreements", "relations", "stances"} <= set(data)


def test_labels_restrict_spans_and_unknown_analysts_are_refused() -> None:
    t = team(ana={"t": one(spans=[S(0, 5, "ORG"), S(9, 12, "PER")])}, ben={"t": one(spans=[S(0, 5, "ORG")])})
    report = measure(restricted(t, labels=["ORG"]), labels=["ORG"])
    assert report.labels == ["ORG"] and report.span_f1["overall"]["exact"] == 1.0
    with pytest.raises(KeyError):
        restricted(t, analysts=["ana", "zed"])
    assert shared_articles(t, ["ana", "ben"]) == ["t"]


def test_fewer_than_two_analysts_is_refused() -> None:
    with pytest.raises(ValueError, match="two analysts"):
        measure(team(ana={"t": one()}))
