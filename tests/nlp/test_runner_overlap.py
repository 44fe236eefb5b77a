"""Every runner gives the same bytes: in process, one forked worker (the writes overlapping the
parsing), worker pools (fork and spawn), and the compact form suggestions travel in."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.nlp import runner
from annotator.nlp.active_order import ScoredSuggestions
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.runner import preannotate
from annotator.storage.project import Project

TEXTS = [
    'Bob works for Acme. Bob said "no comment".',
    "Acme grew.\nAlice left.",
    '"We will not be silent," Alice Smith said on Thursday. "Never," she added.',
    "Bob and Alice met at Acme in Paris.",
    'The minister said the plan "is dead". Critics disagreed.',
    'According to Bob, prices rose. "It is bad," he added.',
    "The company said on Monday that profits fell, and analysts expected more cuts.",
]
ARTICLES = [f"{t} ({n})" for n in range(5) for t in TEXTS]  # 35 articles: above OVERLAP_MIN_ARTICLES
FORK = "fork" in multiprocessing.get_all_start_methods()


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-timeout's watchdog thread makes can_fork() say no; the CLI has no such thread
    monkeypatch.setattr(runner, "can_fork", lambda: FORK)


def dump(proj: Project) -> str:
    """Every article's spans and relations, sorted, ids replaced by what they point at
    (:func:`benchmarks.suggestions_same.project_dump`, as one JSON string)."""
    from benchmarks.suggestions_same import project_dump

    return json.dumps(project_dump(proj), sort_keys=True)


def filled(path: Path, texts: list[str] = ARTICLES) -> Project:
    proj = Project.open(path)
    for text in texts:
        proj.add_article(Article(None, text))
    return proj


@pytest.fixture(scope="module")
def small_model():
    pipeline = load_pipeline(None)
    if pipeline.rule_only:
        pytest.skip("no trained spaCy pipeline installed")
    return pipeline


@pytest.mark.skipif(not FORK, reason="the overlapped run forks its worker")
def test_every_runner_writes_the_same_bytes_with_the_real_pipeline_and_rules(tmp_path: Path, small_model, monkeypatch: pytest.MonkeyPatch) -> None:
    dumps = {}
    with filled(tmp_path / "in.db") as proj:
        monkeypatch.setattr(runner, "OVERLAP_MIN_ARTICLES", 10_000)  # force the in-process path
        here = preannotate(proj, pipeline=small_model)
        monkeypatch.undo()
        monkeypatch.setattr(runner, "can_fork", lambda: FORK)
        dumps["in process"] = dump(proj)
    assert here.done == len(ARTICLES) and here.new_spans > 3 * len(ARTICLES)  # quotes, cues, speakers, entities
    for name, processes in (("1 forked worker", 1), ("2 forked workers", 2)):
        with filled(tmp_path / f"{processes}.db") as proj:
            result = preannotate(proj, pipeline=small_model, processes=processes)
            assert (result.done, result.failed, result.new_spans) == (here.done, [], here.new_spans)
            assert result.by_label == here.by_label
            dumps[name] = dump(proj)
    assert dumps["1 forked worker"] == dumps["in process"]
    assert dumps["2 forked workers"] == dumps["in process"]


def pid_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    out = SuggestionSet(origin)
    out.add_span(SuggestedSpan("p", 0, 1, "PERSON", "entity", {"pid": str(os.getpid())}))
    return out


@pytest.mark.skipif(not FORK, reason="the overlapped run forks its worker")
@pytest.mark.parametrize("articles,in_child", [(runner.OVERLAP_MIN_ARTICLES - 1, False), (runner.OVERLAP_MIN_ARTICLES, True)])
def test_one_process_parses_in_a_forked_worker_from_the_overlap_size_on(tmp_path: Path, articles: int, in_child: bool) -> None:
    with filled(tmp_path / "p.db", [f"Article {n}." for n in range(articles)]) as proj:
        result = preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=pid_rules, processes=1)
        assert result.done == articles
        pids = {s.attrs["pid"] for i in proj.article_ids() for s in proj.spans(i)}
    assert len(pids) == 1
    assert (pids != {str(os.getpid())}) is in_child


@pytest.mark.skipif(not FORK, reason="the overlapped run forks its worker")
def test_the_overlapped_run_writes_one_transaction_per_chunk_and_reports_every_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with filled(tmp_path / "t.db", [f"Article {n}." for n in range(40)]) as proj:
        writes: list[int] = []
        real = proj.writing

        def counted():
            writes.append(1)
            return real()

        monkeypatch.setattr(proj, "writing", counted)
        seen: list[int] = []
        result = preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=pid_rules, batch_size=16,
                             on_progress=lambda done, total: seen.append(done))
    # chunks of at most 16 (the batch size) shrinking at the end: 16, 12 (24/2), 6, 3, 1, 1, 1
    # (each transaction also counts the nested writing() of the one add_new_suggestions that
    # stores the whole chunk: pipe18; it was one add_suggestions per article, 40 + 7)
    assert seen == list(range(1, 41)) and result.done == 40
    assert len(writes) == 7 + 7


# ----------------------------------------------------------------------------- the compact form

attrs = st.dictionaries(st.sampled_from(["kind", "speaker_ref", "refers_to"]), st.text(max_size=5), max_size=2)
spans = st.builds(SuggestedSpan, st.text(min_size=1, max_size=4), st.integers(0, 50), st.integers(0, 50),
                  st.sampled_from(["QUOTE", "CUE", "PERSON"]), st.sampled_from(["quote", "entity"]), attrs)
relations = st.builds(SuggestedRelation, st.text(max_size=4), st.text(max_size=4), st.sampled_from(["CUE", "SPEAKER", "FRAGMENT"]))


@given(st.text(max_size=8), st.lists(spans, max_size=6), st.lists(relations, max_size=4))
def test_pack_then_unpack_gives_an_equal_set(origin: str, span_list: list[SuggestedSpan], relation_list: list[SuggestedRelation]) -> None:
    original = SuggestionSet(origin, span_list, relation_list)
    packed = runner.pack(original)
    assert isinstance(packed, tuple) and all(type(part) in (str, int, dict, tuple, type(None)) for s in packed[1] for part in s)
    assert runner.unpack(packed) == original
    outcome = runner._Outcome(7, 12, original, "", 2)
    assert runner.expand(runner.compact(outcome)) == outcome


def test_a_subclass_travels_as_itself_so_nothing_it_carries_is_lost() -> None:
    scored = ScoredSuggestions("o", [SuggestedSpan("a", 0, 1, "PERSON", "entity")], [], 0.25)
    assert runner.pack(scored) is scored and runner.unpack(runner.pack(scored)) is scored
    failed = runner._Outcome(3, 4, None, "ValueError: boom")
    assert runner.expand(runner.compact(failed)) == failed


# ----------------------------------------------------------------------------- chunks by words


@given(st.lists(st.integers(0, 5000), max_size=120), st.integers(1, 4), st.integers(1, 32))
def test_weighted_chunks_cover_every_article_once_and_never_hold_more_than_most(weights: list[int], processes: int, most: int) -> None:
    bounds = list(runner.weighted_chunk_bounds(weights, processes, most))
    assert [i for a, b in bounds for i in range(a, b)] == list(range(len(weights)))
    assert all(1 <= b - a <= most for a, b in bounds)


def test_a_long_article_near_the_end_goes_alone_and_short_ones_fill_chunks() -> None:
    weights = [100] * 40 + [5000] + [100] * 8
    sizes = [b - a for a, b in runner.weighted_chunk_bounds(weights, 2, 8)]
    assert sizes[:5] == [8] * 5  # 800 words each, under a quarter of what remains (9,800 words at first)
    bounds = list(runner.weighted_chunk_bounds(weights, 2, 8))
    assert (40, 41) in bounds  # the long one alone
    assert sizes[-2:] == [1, 1]  # the last tasks are single articles


# ----------------------------------------------------------------------------- stopping the one worker


def slow_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    import time

    time.sleep(0.02)
    return pid_rules(doc, schema_ner_map=schema_ner_map, origin=origin)


@pytest.mark.skipif(not FORK or not Path("/proc/self/task").exists(), reason="forks; reads child processes from /proc")
def test_a_cancelled_overlapped_run_keeps_whole_chunks_and_leaves_no_process(tmp_path: Path) -> None:
    from tests.nlp.cancel_stress import child_pids

    before = set(child_pids())
    with filled(tmp_path / "c.db", [f"Article {n}." for n in range(60)]) as proj:
        seen: list[int] = []
        result = preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=slow_rules, batch_size=8,
                             on_progress=lambda done, total: seen.append(done), should_cancel=lambda: len(seen) >= 1)
        saved = sum(proj.preannotated(i) for i in proj.article_ids())
    assert result.cancelled and result.done == saved == len(seen) == 8  # the first chunk, whole
    assert set(child_pids()) <= before  # the worker killed and reaped while it parsed the next chunk


@pytest.mark.skipif(not FORK, reason="the pool forks its workers")
def test_two_workers_take_tasks_as_big_as_a_pipe_batch_and_shrink_them_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """throughput14: spaCy parses a batch of 8 articles dearer per word than one of 32, so the
    workers of a several-process run get tasks of up to ``batch_size`` articles too (no longer
    at most :data:`runner.CHUNK_ARTICLES`), cut by words near the end so that they finish together."""
    tasks: list[int] = []
    real = runner.weighted_chunk_bounds

    def counted(weights, processes, most):
        for start, end in real(weights, processes, most):
            tasks.append(end - start)
            yield start, end

    monkeypatch.setattr(runner, "weighted_chunk_bounds", counted)
    with filled(tmp_path / "t.db", [f"Article {n}." for n in range(80)]) as proj:
        result = preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=pid_rules, batch_size=16, processes=2)
        assert result.done == 80 and not result.failed
        assert all(proj.preannotated(i) for i in proj.article_ids())
    # every article once; 16 at first (more than CHUNK_ARTICLES), a quarter of what is left at
    # most (1/(2 x 2 workers)) as the end nears, single articles last
    assert sum(tasks) == 80 and max(tasks) == 16 > runner.CHUNK_ARTICLES
    assert tasks[:3] == [16, 16, 12] and tasks[-2:] == [1, 1]  # 12: a quarter of the 96 words left
