"""`preannotate --dask`: the same suggestions as in process, written in article order, resumable,
and a cluster that cannot do the run (or loses a worker) never hangs and never half-writes.

One ``distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1)`` for the module
(~4 s to start); the rule-only pipeline with the real rules keeps each run well under a second.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.nlp import dask_runner, runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.runner import PreannotationInterrupted, preannotate
from annotator.storage.project import Project
from tests.nlp.test_runner_overlap import dump

# Dask's scheduler and workers run on threads of their own; a test stuck waiting on them (one hung
# for 30 min under load 8 while pytest-timeout's SIGALRM never got through) must end the run with
# every thread's stack instead of holding CI to its 90-minute limit.
# Under pytest-xdist (`--dist loadgroup`, pyproject.toml) the module stays on one worker: its
# LocalCluster (a scheduler and 2 worker processes, ~10 s to start) is started once, not once a worker.
pytestmark = [pytest.mark.timeout(180, method="thread"), pytest.mark.xdist_group("dask_cluster")]

distributed = pytest.importorskip("distributed")

TEXTS = [
    'Bob works for Acme. Bob said "no comment".',
    "Acme grew.\nAlice left.",
    '"We will not be silent," Alice Smith said on Thursday.',
    "Bob and Alice met at Acme.",
    'The minister said the plan "is dead". Critics disagreed.',
    'According to Bob, prices rose. "It is bad," he added.',
]
ARTICLES = [f"{t} ({n})" for n in range(4) for t in TEXTS]  # 24 articles


def slow_rules(doc, *, schema_ner_map, origin):
    """The real rules, slowed down on articles marked so (to make chunks finish out of order)."""
    if "[slow]" in doc.text:
        time.sleep(1.0)
    elif "[tick]" in doc.text:
        time.sleep(0.03)
    return runner.default_rules()(doc, schema_ner_map=schema_ner_map, origin=origin)


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    # this module's rules go to the workers by value: they need not import the tests
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as lc:
        yield lc
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture
def address(cluster: distributed.LocalCluster) -> str:
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=30)  # a worker killed by an earlier test is back
    return cluster.scheduler_address


@pytest.fixture
def rule_only():
    return load_pipeline(RULE_ONLY)


def filled(path: Path, texts: list[str] = ARTICLES) -> Project:
    proj = Project.open(path)
    for text in texts:
        proj.add_article(Article(None, text))
    return proj


def test_dask_gives_byte_equal_suggestions_to_the_in_process_run(tmp_path: Path, address: str, rule_only) -> None:
    with filled(tmp_path / "local.db") as local, filled(tmp_path / "dask.db") as remote:
        here = preannotate(local, pipeline=rule_only)
        there = preannotate(remote, pipeline=rule_only, dask=address)
        assert (there.done, there.failed, there.new_spans, there.origin) == (24, [], here.new_spans, here.origin)
        assert here.new_spans > 24  # the real rules found quotes, speakers and entities
        assert dump(remote) == dump(local)


def test_dask_writes_in_article_order_though_chunks_finish_out_of_order(
    tmp_path: Path, address: str, rule_only, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_runner, "CHUNK_ARTICLES", 2)
    texts = [f"{t} [slow]" if n == 0 else t for n, t in enumerate(ARTICLES[:12])]  # the first chunk is the slowest
    written: list[int] = []
    with filled(tmp_path / "order.db", texts) as proj:
        add = proj.add_suggestions

        def recording(article_id, suggestions, **kwargs):
            written.append(article_id)
            return add(article_id, suggestions, **kwargs)

        add_new = proj.add_new_suggestions

        def recording_new(batch, **kwargs):  # pipe18: a task's articles, stored together
            written.extend(item[0] for item in batch)
            return add_new(batch, **kwargs)

        monkeypatch.setattr(proj, "add_suggestions", recording)
        monkeypatch.setattr(proj, "add_new_suggestions", recording_new)
        with distributed.Client(address, set_as_default=False) as watcher, distributed.get_task_stream(client=watcher) as stream:
            result = preannotate(proj, pipeline=rule_only, rules=slow_rules, dask=address)
        assert result.done == 12
        assert written == proj.article_ids()
    # chunks after the slow first one finished before it: their results waited to be written
    durations = {task["key"]: sum(s["stop"] - s["start"] for s in task["startstops"]) for task in stream.data}
    ends = [key for _, key in sorted((max(s["stop"] for s in task["startstops"]), task["key"]) for task in stream.data)]
    slowest = max(durations, key=durations.__getitem__)
    assert len(ends) == 6 and durations[slowest] >= 1.0 and ends.index(slowest) >= 2


def test_interrupted_dask_run_keeps_what_it_wrote_and_a_rerun_resumes(tmp_path: Path, address: str, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CHUNK_ARTICLES", 2)
    with filled(tmp_path / "local.db") as local:
        preannotate(local, pipeline=rule_only)
        expected = dump(local)
    with filled(tmp_path / "stop.db") as proj:
        seen: list[int] = []

        def ctrl_c(done: int, total: int) -> None:
            seen.append(done)
            if done == 5:
                raise KeyboardInterrupt

        with pytest.raises(PreannotationInterrupted) as stop:
            preannotate(proj, pipeline=rule_only, dask=address, on_progress=ctrl_c)
        # a task's articles (here 2) are one transaction (pre12): the Ctrl+C in the 5th article's
        # progress comes after the 5th and 6th were saved, and the tally says so
        assert (stop.value.result.done, stop.value.result.remaining) == (6, 18)
        assert [proj.preannotated(i) for i in proj.article_ids()] == [True] * 6 + [False] * 18  # the first six: in order

        cancelled = preannotate(proj, pipeline=rule_only, dask=address, should_cancel=lambda: len(seen) >= 9,
                                on_progress=lambda done, total: seen.append(done))
        assert (cancelled.done, cancelled.cancelled) == (4, True)

        rest = preannotate(proj, pipeline=rule_only, dask=address)
        assert (rest.done, rest.skipped, rest.failed) == (14, 10, [])
        assert dump(proj) == expected


def test_a_worker_killed_mid_run_the_run_still_finishes(tmp_path: Path, address: str, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CHUNK_ARTICLES", 2)
    texts = [f"{t} [tick]" for t in ARTICLES]
    with filled(tmp_path / "local.db", texts) as local:
        preannotate(local, pipeline=rule_only)
        expected = dump(local)
    with distributed.Client(address, set_as_default=False) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed: list[int] = []

    def kill_one(done: int, total: int) -> None:
        if done == 2 and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    start = time.monotonic()
    with filled(tmp_path / "killed.db", texts) as proj:
        result = preannotate(proj, pipeline=rule_only, rules=slow_rules, dask=address, on_progress=kill_one)
        assert killed and time.monotonic() - start < 60
        assert (result.done, result.failed) == (24, [])  # its tasks were run again on the other worker
        assert dump(proj) == expected
    # fix42 (usertest29 L3): the run says so, in one line (the victim ran or held 1 or more chunks)
    assert len(result.notes) == 1 and re.fullmatch(r"A Dask worker was lost; its (batch was|\d+ batches were) run again\.", result.notes[0])


def test_the_lost_workers_line_is_printed_after_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runner.preannotate

    def lost_one(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = real(*args, **kwargs)
        result.notes.append("A Dask worker was lost; its batch was run again.")
        return result

    monkeypatch.setattr(runner, "preannotate", lost_one)
    path = tmp_path / "news.db"
    filled(path, ARTICLES[:2]).close()
    out = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "rule-only"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[lines.index("A Dask worker was lost; its batch was run again.") - 1].startswith("Pre-annotated 2 articles")


def test_the_lost_workers_line_counts_workers_and_batches() -> None:
    lost = dask_runner._LostWorkers()
    lost.ours.update({"a", "b", "c"})
    assert lost.line() == ""
    lost.event((0.0, {"action": "remove-worker", "worker": "tcp://w2", "expected": True, "processing-tasks": {"x"}}))
    assert lost.line() == ""  # retired on purpose, with none of this run's tasks: nothing to say
    lost.event((0.0, {"action": "add-worker", "worker": "tcp://w3"}))
    lost.event((0.0, {"action": "remove-worker", "worker": "tcp://w1", "processing-tasks": {"a", "x"}, "lost-computed-tasks": set()}))
    assert lost.line() == "A Dask worker was lost; its batch was run again."
    lost.event((0.0, {"action": "remove-worker", "worker": "tcp://w4", "processing-tasks": set(), "lost-computed-tasks": {"b", "c"}}))
    assert lost.line() == "2 Dask workers were lost; their 3 batches were run again."
    idle = dask_runner._LostWorkers()
    idle.event((0.0, {"action": "remove-worker", "worker": "tcp://w1", "processing-tasks": set()}))
    assert idle.line() == "A Dask worker was lost; it was running none of this run's batches."


def test_unreachable_scheduler_is_one_line_exit_1_and_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CONNECT_SECONDS", 1.0)
    path = tmp_path / "news.db"
    filled(path, ARTICLES[:3]).close()
    out = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "rule-only", "--dask", "tcp://127.0.0.1:9"])
    assert out.exit_code == 1, out.output
    error = [line for line in out.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error[0]
    assert "Traceback" not in out.output
    # issue 10: connect first, then say what runs (it printed "Pre-annotating 3 articles…" before the error)
    assert "Pre-annotating" not in out.output
    with Project.open(path) as proj:
        assert not any(proj.preannotated(i) for i in proj.article_ids())


def test_a_worker_that_cannot_load_the_pipeline_stops_the_run_before_any_write(tmp_path: Path, address: str, rule_only) -> None:
    elsewhere = dataclasses.replace(rule_only, source=str(tmp_path / "only-on-the-client"))
    with filled(tmp_path / "p.db", ARTICLES[:4]) as proj:
        with pytest.raises(dask_runner.ClusterError, match=r"^worker tcp://\S+ cannot load the pipeline .*only-on-the-client.*every worker can read$"):
            preannotate(proj, pipeline=elsewhere, dask=address)
        assert not any(proj.preannotated(i) for i in proj.article_ids())
        assert sum(len(proj.spans(i)) for i in proj.article_ids()) == 0


def test_a_version_mismatch_is_named_before_any_write(tmp_path: Path, address: str, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    real = dask_runner.local_facts()
    monkeypatch.setattr(dask_runner, "local_facts", lambda: {**real, "spacy": "3.7.0"})  # this machine only
    with filled(tmp_path / "p.db", ARTICLES[:4]) as proj:
        with pytest.raises(dask_runner.ClusterError) as error:
            preannotate(proj, pipeline=rule_only, dask=address)
        assert f"runs spacy {real['spacy']}, this machine 3.7.0" in str(error.value)
        assert "\n" not in str(error.value)
        assert not any(proj.preannotated(i) for i in proj.article_ids())


def test_without_distributed_dask_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    path = tmp_path / "news.db"
    filled(path, ARTICLES[:2]).close()
    out = CliRunner().invoke(cli, ["preannotate", str(path), "--dask", "tcp://127.0.0.1:8786"])
    assert out.exit_code == 1
    assert out.output.strip() == "Error: --dask needs Dask's distributed scheduler, which is not installed; install it with: pip install 'annotator[cluster]'"


def test_a_cluster_without_workers_is_one_line_before_any_write(tmp_path: Path, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CONNECT_SECONDS", 0.5)
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", dashboard_address=":0") as empty, filled(tmp_path / "p.db", ARTICLES[:2]) as proj:
        with pytest.raises(dask_runner.ClusterError, match=r"^the Dask cluster at \S+ has no workers; start some with `dask worker "):
            preannotate(proj, pipeline=rule_only, dask=empty.scheduler_address)
        assert not any(proj.preannotated(i) for i in proj.article_ids())


def test_the_scheduler_gone_mid_run_stops_it_cleanly_keeping_what_was_written(tmp_path: Path, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CHUNK_ARTICLES", 2)
    monkeypatch.setattr(dask_runner, "LOST_SECONDS", 2.0)
    texts = [f"{t} [tick]" for t in ARTICLES]
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0")
    written: list[int] = []

    def scheduler_dies(done: int, total: int) -> None:
        written.append(done)
        if done == 3:
            cluster.close()

    start = time.monotonic()
    with filled(tmp_path / "p.db", texts) as proj:
        with pytest.raises(dask_runner.ClusterLost, match=r"run the same command again to continue\.$") as lost:
            preannotate(proj, pipeline=rule_only, rules=slow_rules, dask=cluster.scheduler_address, on_progress=scheduler_dies)
        assert time.monotonic() - start < 30  # no hang
        saved = [proj.preannotated(i) for i in proj.article_ids()]
        assert saved == [True] * len(written) + [False] * (24 - len(written)) and 3 <= len(written) < 24
        # usertest32 L3: the line says how many, as a Ctrl+C's does
        assert f": {len(written)} articles saved, {24 - len(written)} not done; run the same" in str(lost.value)


SCHEDULER_LOST = """
import sys, time
import distributed
from annotator.domain.model import Article
from annotator.nlp import dask_runner, runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.storage.project import Project

def ticking(doc, *, schema_ner_map, origin):
    time.sleep(0.03)
    return runner.default_rules()(doc, schema_ner_map=schema_ner_map, origin=origin)

if __name__ == "__main__":
    dask_runner.CHUNK_ARTICLES = 2
    dask_runner.CONNECT_SECONDS = 0.5  # the client's reconnect limit (10 s by default): its error comes within the run
    dask_runner.LOST_SECONDS = 2.0
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0")
    def scheduler_dies(done, total):
        if done == 3:
            cluster.close()
    with Project.open(sys.argv[1]) as proj:
        for n in range(24):
            proj.add_article(Article(None, f'An invented line {n}. Bob said "no comment".'))
        try:
            runner.preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=ticking, dask=cluster.scheduler_address,
                               on_progress=scheduler_dies)
        except dask_runner.ClusterLost as exc:
            print("LOST:", exc)
"""


def test_dask_log_lines_never_reach_the_terminal_when_the_scheduler_is_lost(tmp_path: Path) -> None:
    """usertest29 L3: with the scheduler killed mid-run, ``distributed.client - ERROR - Failed to
    reconnect to scheduler after 10.00 seconds`` was printed before Annotator's own line. Run in a
    Python of its own: under pytest, ``import distributed`` adds no stderr handler (the root logger
    has pytest's) and pytest's own handlers take every record, so neither would show here."""
    import annotator

    script = tmp_path / "scheduler_lost.py"
    script.write_text(SCHEDULER_LOST, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(annotator.__file__).resolve().parents[1])}
    run = subprocess.run([sys.executable, str(script), str(tmp_path / "p.db")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert re.fullmatch(r"LOST: lost the Dask scheduler at \S+ \(task \w+\): \d+ articles saved, \d+ not done; "
                        r"run the same command again to continue\.\n", run.stdout), (run.stdout, run.stderr)
    assert run.stderr == ""


@pytest.mark.parametrize("bad", ["garbage", "127.0.0.1:8786", "tcp://host:0", "tcp://host:8786/path", "http://host:8786"])
def test_a_malformed_address_is_one_line_before_the_project_is_opened(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "news.db"
    filled(path, ARTICLES[:2]).close()
    out = CliRunner().invoke(cli, ["preannotate", str(path), "--dask", bad])
    assert out.exit_code == 1
    assert out.output.strip() == f"Error: {bad!r} is not a Dask scheduler address; give it as tcp://HOST:PORT (what `dask scheduler` prints)"


@pytest.mark.parametrize("good", ["tcp://10.0.0.5:8786", "tls://sched.example.org:8786", "tcp://[::1]:8786"])
def test_scheduler_addresses_dask_prints_are_taken(good: str) -> None:
    assert dask_runner.check_address(good) == good


# ----------------------------------------------------------------------------- perf12f: nothing hangs


def stall_rules(doc, *, schema_ner_map, origin):
    """The real rules; an article marked so takes far longer than the no-progress limit (a task
    stuck in an endless loop, as rules10q's once was), one marked [slow3] takes 0.3 s (a long but
    moving chunk)."""
    if "[stall]" in doc.text:
        time.sleep(8.0)
    elif "[slow3]" in doc.text:
        time.sleep(0.3)
    return runner.default_rules()(doc, schema_ner_map=schema_ner_map, origin=origin)


@pytest.fixture
def warm(tmp_path: Path, address: str, rule_only) -> str:
    """The cluster after one run: the workers' first article (lazy imports, first doc: seconds
    under load) is behind them, so a limit of a second or two measures the test's tasks only."""
    with filled(tmp_path / "warm.db", ARTICLES[:8]) as proj:
        preannotate(proj, pipeline=rule_only, rules=stall_rules, dask=address)  # these rules built on each worker
    return address


def _idle(address: str) -> None:
    """Wait (bounded) until no task runs on the cluster: a stalled task sleeps on after its run stopped."""
    with distributed.Client(address, set_as_default=False) as client:
        deadline = time.monotonic() + 20
        while any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.2)


def test_a_task_that_never_finishes_an_article_stops_the_run_with_one_line(tmp_path: Path, warm: str, rule_only,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """It polled the head chunk for ever while its worker was alive; now, when nothing moves for
    STALL_SECONDS, one line says what the scheduler shows, and what was written stays."""
    monkeypatch.setattr(dask_runner, "CHUNK_ARTICLES", 2)
    monkeypatch.setattr(dask_runner, "STALL_SECONDS", 1.5)
    monkeypatch.setattr(dask_runner, "CHECK_SECONDS", 0.2)
    texts = [f"{t} [stall]" if n == 4 else t for n, t in enumerate(ARTICLES[:12])]  # the third chunk is stuck
    last_write = [time.monotonic()]
    try:
        with filled(tmp_path / "p.db", texts) as proj:
            with pytest.raises(dask_runner.ClusterLost) as lost:
                preannotate(proj, pipeline=rule_only, rules=stall_rules, dask=warm,
                            on_progress=lambda done, total: last_write.__setitem__(0, time.monotonic()))
            took = time.monotonic() - last_write[0]
            # stopped ~STALL_SECONDS after the last chunk came back, well before the stuck article's 8 s end
            assert took < 6.0, f"stopped {took:.1f} s after the last write"
            message = str(lost.value)
            assert "\n" not in message
            assert re.match(r"^no progress on the Dask cluster at tcp://\S+ for \d+ s: the next chunk's task has been processing on "
                            r"tcp://\S+ without finishing an article: 4 articles saved, 8 not done; "
                            r"run the same command again to continue\.$", message), message
            assert [proj.preannotated(i) for i in proj.article_ids()] == [True] * 4 + [False] * 8  # the chunks before it, in order
    finally:
        _idle(warm)


def test_a_long_but_moving_chunk_does_not_trip_the_no_progress_limit(tmp_path: Path, warm: str, rule_only,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The first chunk takes 8 x 0.3 s = 2.4 s, the limit is 1 s, and once the other worker has
    done every chunk it may take nothing finishes but that one: its "article done" events keep
    the run going (without them this run stops; checked by hand with another topic)."""
    monkeypatch.setattr(dask_runner, "STALL_SECONDS", 1.0)
    monkeypatch.setattr(dask_runner, "CHECK_SECONDS", 0.1)
    texts = [f"{t} <{n}>" + (" [slow3]" if n < 8 else "") for n, t in enumerate((TEXTS * 11)[:64])]  # 64 articles: chunks of 8
    with filled(tmp_path / "p.db", texts) as proj:
        result = preannotate(proj, pipeline=rule_only, rules=stall_rules, dask=warm)
        assert (result.done, result.failed) == (64, [])


def test_every_worker_paused_stops_the_run_naming_it(tmp_path: Path, rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker Dask paused (its memory limit) takes no task: the head chunk's task processes on no
    worker while the worker answers, which looked alive to the run for ever."""
    from distributed.core import Status

    monkeypatch.setattr(dask_runner, "STALL_SECONDS", 1.0)
    monkeypatch.setattr(dask_runner, "CHECK_SECONDS", 0.2)
    # memory_limit=0: no memory monitor, which would un-pause the worker at its next look (100 ms)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0",
                                  memory_limit=0) as lc, filled(tmp_path / "p.db", ARTICLES[:4]) as proj:
        lc.workers[0].status = Status.paused  # what Dask's memory monitor does past distributed.worker.memory.pause
        start = time.monotonic()
        with pytest.raises(dask_runner.ClusterLost, match=r"^no progress on the Dask cluster at tcp://\S+ for \d+ s: the next chunk's task "
                                                          r"is not processing on any worker \(workers: 1 paused\): 0 articles saved, 4 not done; "):
            preannotate(proj, pipeline=rule_only, dask=lc.scheduler_address)
        assert time.monotonic() - start < 15
        assert not any(proj.preannotated(i) for i in proj.article_ids())


def test_the_workers_load_the_pipeline_off_their_event_loop(rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    """Client.run calls a plain function inline on the worker's event loop: a pipeline load there
    stopped the worker (here: the in-process scheduler too) from answering anyone while it ran."""
    import threading

    def slow_load(source: str) -> dict[str, str]:
        time.sleep(2.0)
        return dask_runner.local_facts()

    monkeypatch.setattr(dask_runner, "_prepare_worker_now", slow_load)  # in process: the workers are threads here
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0") as lc, \
            distributed.Client(lc.scheduler_address, set_as_default=False) as client:
        checked: list = []
        checker = threading.Thread(target=lambda: checked.append(dask_runner.check_cluster(client, rule_only, address=lc.scheduler_address)))
        checker.start()
        time.sleep(0.4)  # the load has begun
        start = time.monotonic()
        with distributed.Client(lc.scheduler_address, set_as_default=False) as other:
            assert other.run(os.getpid)  # the worker's event loop answers while the pipeline loads
        answered = time.monotonic() - start
        checker.join(30)
        assert checked == [1]
        assert answered < 1.2, f"the worker answered after {answered:.2f} s: its event loop was blocked by the load"


def test_a_pipeline_load_that_never_ends_stops_the_check_with_one_line(rule_only, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()
    monkeypatch.setattr(dask_runner, "_prepare_worker_now", lambda source: (release.wait(20), dask_runner.local_facts())[1])
    monkeypatch.setattr(dask_runner, "PREPARE_SECONDS", 1.0)
    try:
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0") as lc, \
                distributed.Client(lc.scheduler_address, set_as_default=False) as client:
            with pytest.raises(dask_runner.ClusterError, match=r"^the workers of tcp://\S+ did not all load the pipeline 'rule-only' within 1 s; "):
                dask_runner.check_cluster(client, rule_only, address=lc.scheduler_address)
            release.set()
    finally:
        release.set()
