"""Pre-annotation on a Dask cluster against local worker processes, measured in the same run.

    nice -n 10 .venv/bin/python -m benchmarks.preannotate_dask [--limit N] [--model NAME|PATH] [--repeat R]
    .venv/bin/python -m benchmarks.preannotate_dask --smoke      # a few tiny articles, rule-only (the suite runs this)

On the FNC-1 article bodies (read from ../shared/data, never copied into the repository) it
pre-annotates a fresh temporary project three ways and prints words per second of each:

* ``preannotate`` in 1 process (the local runs come first, before any cluster thread exists);
* ``preannotate --processes 2`` (the local worker pool, :mod:`annotator.nlp.process_pool`);
* ``preannotate --dask`` on a ``distributed.LocalCluster`` of 2 worker processes with 1 thread
  each, started once before the runs (its workers load the pipeline before the clock starts, as a
  long-running cluster would have it loaded: only the run itself is timed);

then the ratios dask / 2 processes and dask / 1 process. On one machine Dask can at best match
``--processes 2`` (same work, plus the scheduler and the texts and results travelling over TCP);
what it buys is more machines. Exits 0 with a message when the data is absent.

Measured (2 shared CPUs, other engineers' jobs running; all ``nice -n 10``), ``--limit 300``:
1 process 3,421 words/s, ``--processes 2`` 2,534, ``--dask`` 2,043: dask / --processes 2 = 0.81
(load average rose from 3.2 to 5.5 during the run, hence processes 2 < 1); ``--limit 100``:
3,260 / 3,222 / 2,581, dask / --processes 2 = 0.80. The same 15,845 (5,392) suggestions each way.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.domain.model import Article, ArticleBundle  # noqa: E402
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline  # noqa: E402
from annotator.nlp.runner import DEFAULT_BATCH_SIZE, RunResult, preannotate  # noqa: E402
from annotator.storage.project import Project  # noqa: E402
from benchmarks.preannotate import DATA, read_bodies, words  # noqa: E402

SMOKE_TEXTS = [f'Article {n}. "We will win," the mayor of Springfield said on Tuesday. Prices rose {n}%.' for n in range(12)]


def run(texts: list[str], *, model: str | None, batch_size: int, processes: int = 1, dask: str | None = None,
        cpu: list[float] | None = None) -> RunResult:
    """One pre-annotation of ``texts`` into a fresh temporary project; ``cpu`` (if given) gets the
    CPU seconds of the pre-annotation itself (this process and its worker processes, not the
    import before it)."""
    from benchmarks.preannotate import cpu_seconds

    with tempfile.TemporaryDirectory() as tmp, Project.open(Path(tmp) / "bench.db") as project:
        project.import_bundles(ArticleBundle(Article(None, t)) for t in texts)
        before = cpu_seconds()
        result = preannotate(project, pipeline=model, processes=processes, batch_size=batch_size, dask=dask)
        if cpu is not None:
            cpu.append(cpu_seconds() - before)
        if result.failed:
            print(f"  {len(result.failed)} articles failed, e.g. {result.failed[0]}")
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="only the first N bodies (0: all 1,683)")
    parser.add_argument("--model", default=None, help="pipeline name or path (default: the default pipeline)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="run each measurement R times and keep the fastest (a busy machine)")
    parser.add_argument("--smoke", action="store_true", help="a few synthetic articles with the rule-only pipeline: checks it runs")
    args = parser.parse_args(argv)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("skipped: distributed is not installed (pip install 'annotator[cluster]')")
        return 0
    if args.smoke:
        texts, model = SMOKE_TEXTS, RULE_ONLY
    elif not args.data.exists():
        print(f"skipped: {args.data} is not there (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    else:
        texts, model = read_bodies(args.data, args.limit or None), args.model
    n_words = words(texts)
    pipeline = load_pipeline(model)
    model = pipeline.source  # what the workers load
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (other work on the machine skews the numbers)")
    print(f"{len(texts)} articles, {n_words:,} words; {pipeline.label}; batch size {args.batch_size}")
    list(pipeline.nlp.pipe(texts[:20], batch_size=args.batch_size))  # warm up

    def best(measure) -> RunResult:
        return min((measure() for _ in range(args.repeat)), key=lambda r: r.seconds)

    rates: dict[str, float] = {}

    def measure(name: str, how) -> None:
        start = time.perf_counter()
        result = best(how)
        rates[name] = n_words / result.seconds
        print(f"{name:<20}{rates[name]:9,.0f} words/s  ({result.seconds:.1f} s; {result.done} articles, "
              f"{result.new_spans:,} suggestions; {time.perf_counter() - start:.1f} s with set-up)")

    # the local runs first: a running LocalCluster's threads in this process would make the local
    # pool spawn its workers (each loading the pipeline) instead of forking them (runner.can_fork)
    measure("1 process", lambda: run(texts, model=model, batch_size=args.batch_size))
    measure("--processes 2", lambda: run(texts, model=model, batch_size=args.batch_size, processes=2))
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines and shutdown chatter are not results
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster, set_as_default=False) as client:
            from annotator.nlp.dask_runner import check_cluster

            check_cluster(client, pipeline, address=cluster.scheduler_address)  # workers load the pipeline now
        measure("--dask (2 workers)", lambda: run(texts, model=model, batch_size=args.batch_size, dask=cluster.scheduler_address))
    print(f"dask / --processes 2:  {rates['--dask (2 workers)'] / rates['--processes 2']:6.2f}")
    print(f"dask / 1 process:      {rates['--dask (2 workers)'] / rates['1 process']:6.2f}")
    print(f"--processes 2 / 1:     {rates['--processes 2'] / rates['1 process']:6.2f}")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
