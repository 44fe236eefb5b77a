"""Pre-annotation scenario of ``python -m benchmarks``: words/s of ``preannotate`` with 1 process,
2 processes and on a Dask ``LocalCluster`` of 2 workers, beside raw ``nlp.pipe`` of the same
pipeline on the same FNC-1 bodies, all in one child process (forking workers needs a process
without Qt or threads, :func:`annotator.nlp.runner.can_fork`).

Targets: 1 process ≥ 0.95× raw ``nlp.pipe``; 2 processes ≥ 1.8× 1 process; Dask reported beside.
Each run pre-annotates a fresh project (:func:`benchmarks.preannotate_dask.run`).

"1 process" is what ``annotator preannotate`` does with one process: spaCy in one forked worker
while this process runs the rules on the Docs it sends and writes
(:data:`annotator.nlp.runner.OVERLAP_MIN_ARTICLES`); the
row "1 process, writes in line" runs everything in this process (what the window's own run and
runs under that size do), to show what the overlap buys. Each row's note gives words per
CPU-second (all processes): on a loaded machine the CPU a run gets varies more than its cost.

"raw nlp.pipe, 2 processes side by side" is the machine's own ceiling for two processes: two forked
children each running plain ``nlp.pipe`` over half the texts (alternate articles), no rules and no
project, timed until both end, as a ratio to raw ``nlp.pipe`` in one process. Two spaCy processes
on two cores of a shared virtual machine share its caches and memory bandwidth and whatever else
runs on it, so the 2-process row's ratio is best read beside this one (reported, no target).
"""

from __future__ import annotations

import json
import logging
import sys
import time

from benchmarks.harness import Row, Target, from_samples, run_child, skipped


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if len(ordered) % 2 else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2


def rows(articles: int, repeat: int, *, model: str | None, dask: bool = True) -> list[Row]:
    args = ["child", "--articles", str(articles), "--repeat", str(repeat)] + (["--model", model] if model else [])
    args += [] if dask else ["--no-dask"]
    out = run_child("scenarios_preannotate", *args, timeout=3600)
    if out.get("skipped"):
        return [skipped("preannotate", "1 process", out["skipped"])]
    label = f"{out['articles']:,} articles, {out['words']:,} words"
    raw, one, two = out["raw"], out["one"], out["two"]
    cpu = out.get("cpu", {})

    def per_cpu(name: str) -> str:
        return f"{_median(cpu[name]):,.0f} words per CPU-second" if cpu.get(name) else ""

    result = [
        from_samples("preannotate", "raw nlp.pipe", raw, unit="words/s", scale=1.0, note=f"{label}; {out['pipeline']}; {per_cpu('raw')}"),
        from_samples("preannotate", "1 process", one, unit="words/s", scale=1.0, baseline=raw, baseline_name="raw nlp.pipe",
                     targets=[Target("ratio", ">=", 0.95)], note=per_cpu("one")),
    ]
    if out.get("inline"):
        result.append(from_samples("preannotate", "1 process, writes in line", out["inline"], unit="words/s", scale=1.0,
                                   baseline=raw, baseline_name="raw nlp.pipe", note=f"reported beside (no target); {per_cpu('inline')}"))
    if out.get("raw2"):
        result.append(from_samples("preannotate", "raw nlp.pipe, 2 processes side by side", out["raw2"], unit="words/s", scale=1.0,
                                   baseline=raw, baseline_name="raw nlp.pipe",
                                   note=f"the machine's ceiling for two processes (reported beside, no target); {per_cpu('raw2')}"))
    result.append(from_samples("preannotate", "2 processes", two, unit="words/s", scale=1.0, baseline=one, baseline_name="1 process",
                               targets=[Target("ratio", ">=", 1.8)], note=f"load average {out['load']}; {per_cpu('two')}"))
    if out.get("dask"):
        result.append(from_samples("preannotate", "dask, 2 workers", out["dask"], unit="words/s", scale=1.0, baseline=two,
                                   baseline_name="2 processes", note="reported beside (no target)"))
    else:
        result.append(skipped("preannotate", "dask, 2 workers", out.get("dask_skipped", "not run")))
    return result


def _pipe_all(nlp, texts: list[str], batch_size: int) -> None:  # noqa: ANN001 - a spaCy Language
    """Body of one "2 processes side by side" child: parse and drop, as the raw row does."""
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def child(argv: list[str]) -> dict[str, object]:
    import argparse
    import os

    from benchmarks.corpus import FNC1, DataMissing, need_fnc1
    from benchmarks.preannotate import read_bodies, words
    from benchmarks.preannotate_dask import SMOKE_TEXTS, run

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    try:
        need_fnc1()
        texts = read_bodies(FNC1, args.articles)
    except DataMissing as exc:
        if args.articles > len(SMOKE_TEXTS):
            return {"skipped": str(exc)}
        texts = SMOKE_TEXTS
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.runner import DEFAULT_BATCH_SIZE

    pipeline = load_pipeline(args.model)
    model = pipeline.source or args.model
    n_words = words(texts)
    list(pipeline.nlp.pipe(texts[:20]))  # warm up

    from annotator.nlp import runner
    from benchmarks.preannotate import cpu_seconds

    used: list[float] = []  # CPU seconds of the last measure (pre-annotation only, not the import)

    def raw() -> float:
        start, before = time.perf_counter(), cpu_seconds()
        for _ in pipeline.nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE):
            pass
        used.append(cpu_seconds() - before)
        return time.perf_counter() - start

    def raw2() -> float:
        import multiprocessing

        context = multiprocessing.get_context("fork")  # the loaded pipeline inherited, as the workers do
        children = [context.Process(target=_pipe_all, args=(pipeline.nlp, texts[i::2], DEFAULT_BATCH_SIZE)) for i in (0, 1)]
        start, before = time.perf_counter(), cpu_seconds()
        for process in children:
            process.start()
        for process in children:
            process.join()
        seconds = time.perf_counter() - start
        used.append(cpu_seconds() - before)  # joined children are in RUSAGE_CHILDREN
        if any(process.exitcode for process in children):
            raise RuntimeError(f"raw nlp.pipe child failed: exit codes {[process.exitcode for process in children]}")
        return seconds

    def inline() -> float:
        overlap = runner.OVERLAP_MIN_ARTICLES
        runner.OVERLAP_MIN_ARTICLES = sys.maxsize  # everything in this process
        try:
            return run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE, cpu=used).seconds
        finally:
            runner.OVERLAP_MIN_ARTICLES = overlap

    measures = {
        "raw": raw,
        "one": lambda: run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE, cpu=used).seconds,
        "inline": inline,
        "two": lambda: run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE, processes=2, cpu=used).seconds,
        "raw2": raw2,
    }
    out: dict[str, object] = {"articles": len(texts), "words": n_words, "pipeline": pipeline.label}
    cpu: dict[str, list[float]] = {name: [] for name in measures}
    for name in measures:
        out[name] = []
    for _ in range(args.repeat):  # interleaved, so that a change in the machine's load hits each alike
        for name, measure in measures.items():
            used.clear()
            seconds = measure()
            out[name].append(n_words / seconds)  # type: ignore[union-attr]
            cpu[name].append(n_words / max(used[-1], 1e-9))
    out["cpu"] = cpu
    out["load"] = f"{os.getloadavg()[0]:.1f}"
    if args.no_dask:
        out["dask_skipped"] = "not in --smoke (a LocalCluster takes ~10 s to start)"
        return out
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        out["dask_skipped"] = "distributed is not installed (pip install 'annotator[cluster]')"
        return out
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster, set_as_default=False) as client:
            from annotator.nlp.dask_runner import check_cluster

            check_cluster(client, pipeline, address=cluster.scheduler_address)
        out["dask"] = [n_words / run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE, dask=cluster.scheduler_address).seconds
                       for _ in range(args.repeat)]
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            result = child(sys.argv[2:])
        print(json.dumps(result))
