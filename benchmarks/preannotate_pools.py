"""Is the hand-made worker pool still worth it? ``ProcessPool`` against what the standard library and
spaCy provide, on the same input, plus what each does when a worker dies.

    nice -n 10 .venv/bin/python -m benchmarks.preannotate_pools [--limit N] [--model NAME|PATH] [--repeat R]
    .venv/bin/python -m benchmarks.preannotate_pools --smoke     # tiny, rule-only: checks it runs

The work is the runner's own (``texts -> outcomes``: ``nlp.pipe`` in batches, then the rules),
in chunks of :data:`annotator.nlp.runner.CHUNK_ARTICLES` articles, without a project (no writes),
on the FNC-1 bodies. Words per second of:

* 1 process (the baseline);
* :class:`annotator.nlp.process_pool.ProcessPool`, 2 forked workers (what ``--processes 2`` uses);
* :class:`concurrent.futures.ProcessPoolExecutor`, 2 workers, ``fork``; and ``forkserver`` with
  ``max_tasks_per_child`` (each worker loads the pipeline; a fresh worker every N chunks);
* ``nlp.pipe(n_process=2)`` with the rules in the parent (spaCy's own multiprocessing).

Then the crash probe: a worker of each pool is SIGKILLed while 8 chunks are in flight, and it
prints how many chunks still came back (``ProcessPool`` replaces the worker and fails only the
chunk it held; ``ProcessPoolExecutor`` marks itself broken and fails every pending future).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.nlp import runner  # noqa: E402
from annotator.nlp.pipeline import RULE_ONLY, LoadedPipeline, load_pipeline  # noqa: E402
from annotator.nlp.process_pool import Failed, ProcessPool  # noqa: E402
from benchmarks.preannotate import DATA, read_bodies, words  # noqa: E402

Item = runner.Item
_state: dict[str, Any] = {}  # a ProcessPoolExecutor worker's pipeline and settings (set by its initializer)


def items_of(texts: list[str]) -> list[list[Item]]:
    items = [(t, (n, len(t.split()))) for n, t in enumerate(texts)]
    size = runner.CHUNK_ARTICLES
    return [items[i : i + size] for i in range(0, len(items), size)]


def _executor_init(source: str, ner_map: Mapping[str, str], origin: str, batch_size: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    nlp = runner._inherited[0] if runner._inherited else load_pipeline(source).nlp
    _state.update(nlp=nlp, rules=runner.default_rules(), ner_map=ner_map, origin=origin, batch_size=batch_size)


def _executor_work(chunk: list[Item]) -> list[runner._Outcome]:
    return runner._work(_state, chunk)


def _slow_executor_work(chunk: list[Item]) -> list[runner._Outcome]:
    time.sleep(0.3)
    return runner._work(_state, chunk)


class Bench:
    def __init__(self, pipeline: LoadedPipeline, chunks: list[list[Item]], batch_size: int) -> None:
        self.pipeline, self.chunks, self.batch_size = pipeline, chunks, batch_size
        self.ner_map = dict(runner._ner_map(None))
        self.origin = runner.origin_for(pipeline)
        self.args = (pipeline.source, self.ner_map, self.origin, batch_size)

    def one_process(self) -> int:
        state = runner._init_worker(self.pipeline.source, runner.default_rules(), self.ner_map, self.origin, self.batch_size)
        return sum(len(runner._work(state, chunk)) for chunk in self.chunks)

    def process_pool(self) -> int:
        runner._inherited[:] = [self.pipeline.nlp]
        try:
            init_args = (self.pipeline.source, runner.default_rules(), self.ner_map, self.origin, self.batch_size)
            with ProcessPool(2, init=runner._init_worker, init_args=init_args, work=runner._work,
                             context=multiprocessing.get_context("fork")) as pool:
                return sum(len(r) for _, r in pool.imap_unordered(self.chunks) if not isinstance(r, Failed))
        finally:
            runner._inherited.clear()

    def executor(self, method: str, max_tasks_per_child: int | None = None) -> int:
        runner._inherited[:] = [self.pipeline.nlp] if method == "fork" else []
        try:
            with concurrent.futures.ProcessPoolExecutor(
                2, mp_context=multiprocessing.get_context(method), initializer=_executor_init, initargs=self.args,
                max_tasks_per_child=max_tasks_per_child,
            ) as pool:
                return sum(len(r) for r in pool.map(_executor_work, self.chunks))
        finally:
            runner._inherited.clear()

    def spacy_n_process(self) -> int:
        rules = runner.default_rules()
        texts = [text for chunk in self.chunks for text, _ in chunk]
        n = 0
        for doc in self.pipeline.nlp.pipe(texts, batch_size=self.batch_size, n_process=2):
            rules(doc, schema_ner_map=self.ner_map, origin=self.origin)
            n += 1
        return n


def crash_probe_process_pool(bench: Bench) -> str:
    """8 slow chunks in flight, one worker SIGKILLed: how many come back."""
    runner._inherited[:] = [bench.pipeline.nlp]
    init_args = (bench.pipeline.source, runner.default_rules(), bench.ner_map, bench.origin, bench.batch_size)

    def slow_work(state: dict[str, Any], chunk: list[Item]) -> list[runner._Outcome]:
        time.sleep(0.3)
        return runner._work(state, chunk)

    ok = failed = 0
    try:
        with ProcessPool(2, init=runner._init_worker, init_args=init_args, work=slow_work,
                         context=multiprocessing.get_context("fork")) as pool:
            for n, (_, result) in enumerate(pool.imap_unordered(bench.chunks[:8])):
                if n == 0:
                    os.kill(pool.pids()[0], signal.SIGKILL)
                ok, failed = (ok + 1, failed) if not isinstance(result, Failed) else (ok, failed + 1)
    finally:
        runner._inherited.clear()
    return f"{ok} of {min(8, len(bench.chunks))} chunks back, {failed} failed (the chunk the killed worker held; a fresh worker took its place)"


def crash_probe_executor(bench: Bench) -> str:
    runner._inherited[:] = [bench.pipeline.nlp]
    ok = broken = 0
    try:
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"),
                                                    initializer=_executor_init, initargs=bench.args) as pool:
            futures = [pool.submit(_slow_executor_work, chunk) for chunk in bench.chunks[:8]]
            futures[0].result()
            os.kill(next(iter(pool._processes)), signal.SIGKILL)  # a private attribute: there is no public way
            for future in futures:
                try:
                    future.result(timeout=30)
                    ok += 1
                except concurrent.futures.process.BrokenProcessPool:
                    broken += 1
    finally:
        runner._inherited.clear()
    return f"{ok} of {len(futures)} chunks back, {broken} failed with BrokenProcessPool (the pool is unusable: it must be rebuilt and the chunks resent)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="only the first N bodies")
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch-size", type=int, default=runner.DEFAULT_BATCH_SIZE)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of R runs (a busy machine)")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    if args.smoke:
        texts, model = [f'Article {n}. "We will win," the mayor said on Tuesday.' for n in range(24)], RULE_ONLY
    elif not args.data.exists():
        print(f"skipped: {args.data} is not there (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    else:
        texts, model = read_bodies(args.data, args.limit), args.model
    pipeline = load_pipeline(model)
    bench = Bench(pipeline, items_of(texts), args.batch_size)
    n_words = words(texts)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {len(texts)} articles, {n_words:,} words; {pipeline.label}")
    list(pipeline.nlp.pipe(texts[:20]))  # warm up
    runs: list[tuple[str, Callable[[], int]]] = [
        ("1 process", bench.one_process),
        ("ProcessPool fork x2", bench.process_pool),
        ("Executor fork x2", lambda: bench.executor("fork")),
        ("Executor forkserver x2, max_tasks 50", lambda: bench.executor("forkserver", 50)),
        ("nlp.pipe(n_process=2)", bench.spacy_n_process),
    ]
    if args.smoke:  # each forkserver worker imports spaCy and loads the pipeline: seconds, not a smoke check
        runs = [run for run in runs if "forkserver" not in run[0]]
    rates = {}
    for name, how in runs:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            how()
            best = min(best, time.perf_counter() - start)
        rates[name] = n_words / best
        print(f"{name:<38}{rates[name]:9,.0f} words/s  ({best:.1f} s; {rates[name] / rates['1 process']:.2f}x 1 process)")
    print(f"crash, ProcessPool:          {crash_probe_process_pool(bench)}")
    print(f"crash, ProcessPoolExecutor:  {crash_probe_executor(bench)}")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
