"""Active ordering (issue 10): the margin measure, the order, the cache (migration 0006), `annotator next`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.domain.model import Article, ArticleStatus
from annotator.nlp import active_order
from annotator.nlp import uncertainty as U
from annotator.nlp.pipeline import default_pipeline_name, load_pipeline
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
SURE = "Barack Obama visited Paris on Monday."
UNSURE = "Zorblat grunted at the kinkajou near Vlorp yesterday in Quibb."


def test_candidate_uncertainty_is_one_minus_the_margin() -> None:
    assert U.candidate_uncertainty(0.5) == 1.0
    assert U.candidate_uncertainty(1.0) == 0.0
    assert U.candidate_uncertainty(0.0) == 0.0
    assert U.candidate_uncertainty(0.9) == pytest.approx(0.2)  # margin 0.9 - 0.1 = 0.8
    assert U.candidate_uncertainty(0.3) == pytest.approx(0.6)  # margin 0.7 - 0.3 = 0.4


def test_article_uncertainty_is_the_mean_of_the_top_k_decisions() -> None:
    scores = {(0, 2, "PERSON"): 0.99, (3, 4, "GPE"): 0.8, (5, 6, "DATE"): 0.5, (7, 8, "ORG"): 0.004}
    # decisions 1.0 (DATE), 0.4 (GPE), 0.02 (PERSON); ORG is beam noise; two missing ones count 0
    assert U.article_uncertainty(scores) == pytest.approx((1.0 + 0.4 + 0.02) / U.TOP_K)
    assert U.article_uncertainty(scores, labels={"PERSON", "GPE", "ORG"}) == pytest.approx((0.4 + 0.02) / U.TOP_K)
    assert U.article_uncertainty(scores, top_k=1) == pytest.approx(1.0)  # the old measure: the max
    assert U.article_uncertainty({(7, 8, "ORG"): 0.004}) == 0.0  # beam noise only: the model is sure
    assert U.article_uncertainty({}) == 0.0


def test_overlapping_candidates_are_one_decision() -> None:
    """'Clinton' or 'Hillary Clinton', PERSON or ORG: one correction, counted once at its most uncertain."""
    one = {(0, 2, "PERSON"): 0.5, (1, 2, "PERSON"): 0.4, (0, 2, "ORG"): 0.3}
    assert U.decision_uncertainties(one) == pytest.approx([1.0])
    apart = {(0, 2, "PERSON"): 0.5, (3, 4, "PERSON"): 0.5, (3, 4, "attribution:SOURCE"): 0.5}
    assert U.decision_uncertainties(apart) == pytest.approx([1.0, 1.0, 1.0])  # the attribution recogniser's own


def test_a_long_article_of_sure_names_with_one_coin_flip_does_not_saturate() -> None:
    """usertest24 M2: with the max, one coin flip among many made any long article ~1.0; now an
    article holding five doubtful decisions comes before one holding a single coin flip."""
    long_sure = {(i * 3, i * 3 + 2, "PERSON"): 0.98 for i in range(200)} | {(900, 901, "ORG"): 0.5}
    five = {(i * 3, i * 3 + 1, "ORG"): 0.35 for i in range(5)}
    assert U.article_uncertainty(long_sure, top_k=1) > U.article_uncertainty(five, top_k=1)  # the old order
    assert U.article_uncertainty(five) > U.article_uncertainty(long_sure)
    assert U.order_by_uncertainty([1, 2], {1: U.article_uncertainty(long_sure), 2: U.article_uncertainty(five)}) == [2, 1]


@given(st.dictionaries(st.tuples(st.integers(0, 50), st.integers(1, 60), st.sampled_from(["PERSON", "ORG"])),
                       st.floats(0.0, 1.0), max_size=20))
def test_article_uncertainty_is_in_0_1_and_grows_with_more_coin_flips(scores) -> None:  # noqa: ANN001
    value = U.article_uncertainty(scores)
    assert 0.0 <= value <= 1.0
    nearer = {**scores, (99, 100, "ORG"): 0.5}
    assert value <= U.article_uncertainty(nearer) <= 1.0
    flips = {**scores, **{(100 + 2 * i, 101 + 2 * i, "ORG"): 0.5 for i in range(U.TOP_K)}}
    assert U.article_uncertainty(flips) == pytest.approx(1.0)


def test_order_puts_the_most_uncertain_first_and_the_unscored_last() -> None:
    assert U.order_by_uncertainty([1, 2, 3, 4, 5], {2: 0.1, 4: 0.9, 5: 0.9, 1: 0.0}) == [4, 5, 2, 1, 3]
    assert U.order_by_uncertainty([3, 1], {}) == [3, 1]


def test_rule_only_pipeline_has_no_scores() -> None:
    blank = load_pipeline("rule-only")
    assert not U.pipeline_can_score(blank.nlp)
    with pytest.raises(ValueError, match="rules only"):
        U.beam_scorer(blank.nlp)


@trained
def test_the_model_is_surer_of_a_known_name_than_of_made_up_words() -> None:
    nlp = load_pipeline(BASE).nlp
    scorer = U.beam_scorer(nlp)
    labels = {"PERSON", "GPE", "ORG", "LOC", "NORP"}
    scores = dict(U.uncertainties(scorer, [(1, SURE), (2, UNSURE)], labels=labels))
    sure, unsure = scores[1], scores[2]
    assert sure < 0.05  # Obama PERSON, Paris GPE at p > 0.99
    assert unsure > 0.2  # 'Zorblat' is GPE / ORG / PERSON about evenly (a few such decisions over the top K)
    assert nlp(SURE).ents  # scoring left the pipeline usable


# ----------------------------------------------------------------------------- project: rank, cache, CLI


@dataclasses.dataclass
class Loaded:
    nlp: object = None
    name: str = "stub"
    version: str = "1"
    source: str = "stub"


def stub_scorer(probabilities: dict[str, float], calls: list[str]):  # noqa: ANN201
    """A scorer at the seam: a text's one candidate (a PERSON) has the probability its first word names."""

    def score(texts):  # noqa: ANN001, ANN202
        calls.extend(texts)
        return [{(0, 1, "PERSON"): probabilities[t.split()[0]]} for t in texts]

    return score


@pytest.fixture
def ranked_project(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        for word, status in (("sure", ArticleStatus.NEW), ("coin", ArticleStatus.IN_PROGRESS), ("fair", ArticleStatus.NEW),
                             ("done", ArticleStatus.DONE), ("tossup", ArticleStatus.REVIEWED)):
            proj.add_article(Article(None, f"{word} said something.", title=word, status=status))
    return path


def test_rank_orders_unreviewed_by_uncertainty_and_caches_per_pipeline_and_text(ranked_project: Path) -> None:
    probabilities = {"sure": 0.99, "coin": 0.5, "fair": 0.8, "done": 0.5, "tossup": 0.5, "changed": 0.6}
    calls: list[str] = []
    with Project.open(ranked_project) as proj:
        ranking = active_order.rank_unreviewed(proj, Loaded(), scorer=stub_scorer(probabilities, calls))
        titles = [proj.article(i).title for i in ranking.order]
        assert titles == ["coin", "fair", "sure"]  # done and reviewed articles are not listed
        assert [round(ranking.scores[i] * U.TOP_K, 3) for i in ranking.order] == [1.0, 0.4, 0.02]  # one decision each
        assert ranking.computed == 3
        # Cached: a second run scores nothing.
        calls.clear()
        again = active_order.rank_unreviewed(proj, Loaded(), scorer=stub_scorer(probabilities, calls))
        assert (again.order, again.computed, calls) == (ranking.order, 0, [])
        # Another pipeline (a new training run has a new version) scores everything again.
        other = active_order.rank_unreviewed(proj, Loaded(version="2"), scorer=stub_scorer(probabilities, calls))
        assert other.computed == 3
        # A row whose article text changed is stale.
        coin = ranking.order[0]
        proj.db.execute("UPDATE articles SET text_hash = 'x' WHERE id = ?", [coin])
        assert coin not in uncertainty_cache.cached_scores(proj, ranking.pipeline)


def test_rank_with_a_rule_only_pipeline_keeps_the_order_and_says_why(ranked_project: Path) -> None:
    with Project.open(ranked_project) as proj:
        ranking = active_order.rank_unreviewed(proj, load_pipeline("rule-only"))
        assert not ranking.usable and "rules only" in ranking.note
        assert ranking.order == active_order.unreviewed_ids(proj)
        assert proj.db.execute("SELECT count(*) FROM article_uncertainty").fetchone()[0] == 0


@trained
def test_cli_next_lists_the_unsure_article_first_and_caches(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        proj.add_article(Article(None, SURE, title="sure"))
        proj.add_article(Article(None, UNSURE, title="unsure"))
    result = CliRunner().invoke(cli, ["next", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == ["unsure", "sure"]
    assert rows[0]["uncertainty"] > rows[1]["uncertainty"]
    with Project.open(path) as proj:
        assert proj.db.execute("SELECT count(*) FROM article_uncertainty").fetchone()[0] == 2
    plain = CliRunner().invoke(cli, ["next", str(path)])
    assert "from the project's cache" in plain.stderr and "scored now" not in plain.stderr


def test_cli_next_rule_only_says_so(ranked_project: Path) -> None:
    result = CliRunner().invoke(cli, ["next", str(ranked_project), "--model", "rule-only"])
    assert result.exit_code == 0
    assert "rules only" in result.stderr
    assert "sure" in result.stdout
