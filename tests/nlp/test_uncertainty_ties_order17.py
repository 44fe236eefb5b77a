"""Active ordering's second key (usertest16 M9: the top 15 of 60 FNC-1 bodies all read 1.00-0.96):
scores within 0.05 are ordered by the doubtful decisions the article holds; the cache keeps the
count (migration 0010) and a cache of the old shape is scored again, not an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.nlp import active_order
from annotator.nlp import uncertainty as U
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project
from tests.nlp.test_uncertainty import Loaded


def test_doubtful_decisions_count_candidates_near_a_coin_flip_overlapping_readings_once() -> None:
    scores = {
        (0, 2, "PERSON"): 0.5, (1, 2, "PERSON"): 0.45, (0, 2, "ORG"): 0.3,  # one stretch of words: one decision
        (5, 6, "GPE"): 0.7,  # a second (margin 0.4)
        (8, 9, "ORG"): 0.8, (10, 11, "ORG"): 0.2,  # sure enough either way (margin 0.6): not doubtful
        (12, 13, "DATE"): 0.5,  # a label the project does not use (filtered below)
        (0, 4, "attribution:CONTENT"): 0.6,  # the attribution recogniser's own decision over the same words
    }
    assert U.doubtful_decisions(scores) == 4
    assert U.doubtful_decisions(scores, labels={"PERSON", "ORG", "GPE", "attribution:CONTENT"}) == 3
    assert U.doubtful_decisions(scores, labels={"PERSON", "ORG", "GPE"}) == 2
    assert U.doubtful_decisions({(0, 1, "PERSON"): 0.75, (2, 3, "PERSON"): 0.25}) == 2  # the bound is inclusive
    assert U.doubtful_decisions({(0, 1, "PERSON"): 0.76}) == 0
    assert U.doubtful_decisions({}) == 0
    # decisions 1.0 (the PERSON stretch) and 0.6 (GPE), averaged over the top K (usertest24 M2)
    assert U.article_doubt(scores, {"PERSON", "GPE"}) == (pytest.approx(1.6 / U.TOP_K), 2)


def test_tie_bands_follow_the_shown_score() -> None:
    assert [U.tie_band(u) for u in (1.0, 0.999, 0.96, 0.955, 0.95, 0.91, 0.9, 0.0)] == [0, 0, 0, 1, 1, 1, 2, 20]


def test_scores_that_show_alike_are_ordered_by_how_much_there_is_to_teach() -> None:
    # usertest16 M9's shape: the top rows read 1.00-0.96 and the max alone put the 1.00 with one
    # doubtful decision above the 0.96 with five
    scores = {1: 1.0, 2: 0.997, 3: 0.96, 4: 0.98, 5: 0.90, 6: 0.2}
    doubtful = {1: 1, 2: 2, 3: 5, 4: 2, 5: 9, 6: 0}
    assert U.order_by_uncertainty([1, 2, 3, 4, 5, 6, 7], scores) == [1, 2, 4, 3, 5, 6, 7]  # no counts: the max
    order = U.order_by_uncertainty([1, 2, 3, 4, 5, 6, 7], scores, doubtful)
    assert order == [3, 2, 4, 1, 5, 6, 7]  # 2 before 4: equal counts, the higher score; 7 is unscored
    # the measure still leads: nine doubtful decisions at 0.90 do not pass one at 0.96-1.00
    assert order.index(5) > order.index(1)
    assert U.order_by_uncertainty([2, 1], {1: 0.5, 2: 0.5}, {1: 3, 2: 3}) == [2, 1]  # a full tie: the given order


def scorer_of(candidates: dict[str, dict[tuple[int, int, str], float]], calls: list[str]):  # noqa: ANN201
    def score(texts):  # noqa: ANN001, ANN202
        calls.extend(texts)
        return [candidates[t.split()[0]] for t in texts]

    return score


CANDIDATES = {  # by the article's first word (invented sentences)
    "one": {(0, 1, "PERSON"): 0.5},
    "three": {(0, 1, "PERSON"): 0.51, (3, 4, "ORG"): 0.4, (6, 7, "GPE"): 0.35},
    "sure": {(0, 1, "PERSON"): 0.99},
}


def _project(path: Path) -> list[int]:
    with Project.open(path) as proj:
        return [proj.add_article(Article(None, f"{word} of the councillors spoke at the depot.", title=word))[0].id
                for word in ("sure", "one", "three")]


def test_rank_keeps_the_count_and_an_old_cache_is_scored_again(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    ids = _project(path)
    calls: list[str] = []
    with Project.open(path) as proj:
        key = active_order.key_of(Loaded())
        # a row of the old shape (before migration 0010: no doubtful count) for every article
        uncertainty_cache.store_scores(proj, key, dict(zip(ids, (0.02, 1.0, 0.98))))
        assert uncertainty_cache.cached_scores(proj, key) == {}
        assert uncertainty_cache.unscored(proj, key, ids) == ids
        ranking = active_order.rank_unreviewed(proj, Loaded(), scorer=scorer_of(CANDIDATES, calls))
        assert len(calls) == 3 and ranking.computed == 3  # scored again, no error
        assert [proj.article(i).title for i in ranking.order] == ["three", "one", "sure"]
        assert [ranking.doubtful[i] for i in ranking.order] == [3, 1, 0]
        assert uncertainty_cache.cached_doubts(proj, key)[ranking.order[0]] == (pytest.approx((0.98 + 0.8 + 0.7) / U.TOP_K), 3)
        calls.clear()
        again = active_order.rank_unreviewed(proj, Loaded(), scorer=scorer_of(CANDIDATES, calls))
        assert (again.order, again.doubtful, calls) == (ranking.order, ranking.doubtful, [])


def test_a_file_cached_before_migration_0010_opens_and_next_scores_it_again(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "old.db"
    ids = _project(path)
    with Project.open(path) as proj:  # make the file what 0009 left: no doubtful column, one old row
        proj.db.execute("ALTER TABLE article_uncertainty DROP COLUMN doubtful")
        proj.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_uncertainty_doubtful'")
        proj.db.execute("INSERT INTO article_uncertainty (article_id, pipeline, text_hash, score, computed_at) "
                        "SELECT id, 'stub 1 | stub', text_hash, 0.5, '2026-01-01' FROM articles WHERE id = ?", [ids[0]])
    calls: list[str] = []
    monkeypatch.setattr("annotator.cli.nlp.load_cli_pipeline", lambda _model, _proj: Loaded())
    monkeypatch.setattr(active_order, "pipeline_can_score", lambda _nlp: True)
    monkeypatch.setattr(active_order, "beam_scorer", lambda _nlp: scorer_of(CANDIDATES, calls))
    result = CliRunner().invoke(cli, ["next", str(path), "--model", "stub"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 3  # the old row was scored again
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "uncertainty", "(score)", "title"]
    # the band shown first (usertest17), the exact score in brackets (ui32); "three" holds three
    # doubtful decisions, "one" a single coin flip: the mean of the top 5 decisions puts three first (usertest24 M2)
    assert lines[1].split()[1:6] == ["0.46–0.50", "·", "3", "doubtful", "(0.496)"] and lines[1].endswith("three")
    assert lines[2].split()[1:6] == ["0.16–0.20", "·", "1", "doubtful", "(0.200)"]
    as_json = CliRunner().invoke(cli, ["next", str(path), "--model", "stub", "--json"])
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(r["title"], r["doubtful"]) for r in rows] == [("three", 3), ("one", 1), ("sure", 0)]
    assert len(calls) == 3  # the second run read the cache
