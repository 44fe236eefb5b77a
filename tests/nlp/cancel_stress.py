"""Stress: stop pre-annotation with worker processes at random moments, many times.

    .venv/bin/python -m tests.nlp.cancel_stress [--rounds 300] [--spawn-rounds 20] [--seed N] [--timeout S]

Run from the repository root (spawned workers import this module). Each round pre-annotates a
fresh project with 2 worker processes and stops it at a random moment, in one of these ways:

* ``cancel``: ``should_cancel`` turns true (set from a SIGALRM handler: asynchronously, at any point);
* ``cancel-twice``: the same, plus a Ctrl+C soon after;
* ``sigint``: Ctrl+C as the terminal sends it, to the whole process group (workers included);
* ``sigint-twice``: two Ctrl+C close together;
* ``thread`` (spawned workers only: a thread rules out forking): another thread sets the cancel
  flag, often while the workers are still loading the pipeline.

After every round: no child process is left (zombies included), the project file is consistent,
every article counted done is saved and pre-annotated and no other. A deadlock trips
``faulthandler.dump_traceback_later``: every thread's stack is printed and the process exits 1.
Exit 0 prints one line per kind with how many rounds stopped early.
"""

from __future__ import annotations

import argparse
import collections
import faulthandler
import multiprocessing
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from spacy.tokens import Doc

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.runner import PreannotationInterrupted, preannotate
from annotator.storage.project import Project

ARTICLES = 48
TEXT = 'Alice said "we will win" today, and Bob agreed. {n}'


def slow_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """A quote per quoted run, ~2 ms per article: so that stops land mid-chunk too."""
    time.sleep(0.002)
    out = SuggestionSet(origin)
    start = doc.text.find('"')
    if start >= 0:
        out.add_span(SuggestedSpan("q", start + 1, doc.text.index('"', start + 1), "QUOTE", "quote", {"kind": "direct"}))
    return out


def child_pids() -> list[int]:
    """This process's children, zombies included (Linux ``/proc``; empty elsewhere), but not
    multiprocessing's own resource tracker (started once for spawned processes, kept on purpose)."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return [p for p in pids if p != tracker and not _is_tracker(p)]


def _is_tracker(pid: int) -> bool:
    """multiprocessing's resource tracker: a Ctrl+C while CPython starts it (once, at the first
    spawn) leaves it unrecorded; it ends by itself (CPython's, not a worker)."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


class _Stopper:
    """Arms SIGALRM to stop the run after ``delay`` seconds in the chosen way."""

    def __init__(self, kind: str, delay: float) -> None:
        self.kind, self.delay = kind, delay
        self.cancel = threading.Event()
        self.fired = 0

    def _on_alarm(self, *_: object) -> None:
        self.fired += 1
        if self.kind.startswith("cancel") and self.fired == 1:
            self.cancel.set()
            if self.kind == "cancel-twice":
                signal.setitimer(signal.ITIMER_REAL, random.uniform(0.0005, 0.02))
            return
        if self.kind == "sigint-twice" and self.fired == 1:
            signal.setitimer(signal.ITIMER_REAL, random.uniform(0.0005, 0.02))
        os.killpg(os.getpgid(0), signal.SIGINT)  # as the terminal does: to every process of the group

    def arm(self) -> None:
        if self.kind == "thread":
            threading.Timer(self.delay, self.cancel.set).start()
            return
        signal.signal(signal.SIGALRM, self._on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(self.delay, 1e-5))

    def disarm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def one_round(tmp: Path, n: int, kind: str, delay: float, pipeline: runner.LoadedPipeline) -> str:
    path = tmp / f"r{n}.db"
    with Project.open(path) as proj:
        for k in range(ARTICLES):
            proj.add_article(Article(None, TEXT.format(n=k)))
        stopper = _Stopper(kind, delay)
        result = None
        try:
            try:
                stopper.arm()
                result = preannotate(proj, pipeline=pipeline, rules=slow_rules, processes=2, batch_size=4,
                                     should_cancel=stopper.cancel.is_set)
            except PreannotationInterrupted as stop:
                result = stop.result
            finally:
                stopper.disarm()
        except KeyboardInterrupt:
            pass  # the Ctrl+C came after the run had returned: nothing to check about the run
        left = child_pids()
        if kind == "thread":  # the timer thread may still be pending: wait it out
            for t in threading.enumerate():
                if t is not threading.current_thread():
                    t.join()
        assert not left, f"round {n} ({kind} after {delay:.3f} s): worker processes left behind: {left}"
        assert not multiprocessing.active_children()
        saved = [i for i in proj.article_ids() if proj.preannotated(i)]
        if result is not None:
            assert result.done == len(saved), (n, kind, result.done, len(saved))
            assert not result.failed, result.failed
            assert result.cancelled or not result.remaining, (n, kind, result.remaining)  # a Ctrl+C at the very end may still count
        with_spans = {s.article_id for i in proj.article_ids() for s in proj.spans(i)}
        assert with_spans == set(saved), (n, kind)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    path.unlink()
    return "early" if result is None or result.remaining else "finished"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="rounds with forked workers (the CLI's)")
    parser.add_argument("--spawn-rounds", type=int, default=20, help="rounds with spawned workers (the window's)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a hang is declared (stacks dumped, exit 1)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    print(f"seed {seed}", flush=True)
    faulthandler.dump_traceback_later(args.timeout, exit=True)
    if os.getpgid(0) != os.getpid():
        os.setpgrp()  # our own process group: the simulated Ctrl+C must not reach whoever started us
    pipeline = load_pipeline(RULE_ONLY)
    if args.spawn_rounds:
        # started once, before any Ctrl+C: one landing while CPython starts it orphans it (CPython's
        # resource_tracker.ensure_running unblocks SIGINT itself), which is not what this tests
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    tally: collections.Counter[tuple[str, str]] = collections.Counter()
    start = time.perf_counter()
    fork_kinds = ["cancel", "cancel-twice", "sigint", "sigint-twice"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds + args.spawn_rounds):
            spawn = n >= args.rounds
            kind = random.choice(fork_kinds + ["thread"] if spawn else fork_kinds)
            delay = random.choice([0.0, random.uniform(0, 0.02), random.uniform(0, 0.3)] + ([random.uniform(0, 2.5)] if spawn else []))
            runner_can_fork = runner.can_fork
            if spawn:
                runner.can_fork = lambda: False  # type: ignore[assignment]
            try:
                tally[(kind + (" (spawn)" if spawn else ""), one_round(Path(tmp), n, kind, delay, pipeline))] += 1
            finally:
                runner.can_fork = runner_can_fork  # type: ignore[assignment]
    faulthandler.cancel_dump_traceback_later()
    for kind in sorted({k for k, _ in tally}):
        print(f"{kind:<22} {tally[(kind, 'early')]:>4} stopped early, {tally[(kind, 'finished')]:>4} finished first")
    print(f"{args.rounds + args.spawn_rounds} rounds in {time.perf_counter() - start:.1f} s, no hang, no process left", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
