"""Pre-annotation scenario of ``python -m benchmarks``: words/s of ``preannotate`` with 1 process,
2 processes and on a Dask ``LocalCluster`` of 2 workers, beside raw ``nlp.pipe`` of the same
pipeline on the same FNC-1 bodies, all in one child process (forking workers needs a process
without Qt or threads, :func:`annotator.nlp.runner.can_fork`).

Targets: 1 process ≥ 0.95× raw ``nlp.pipe``; 2 processes ≥ 1.8× 1 process; Dask reported beside.
Each run pre-annotates a fresh project (:func:`benchmarks.preannotate_dask.run`).
"""

from __future__ import annotations

import json
import logging
import sys
import time

from benchmarks.harness import Row, Target, from_samples, run_child, skipped


def rows(articles: int, repeat: int, *, model: str | None, dask: bool = True) -> list[Row]:
    args = ["child", "--articles", str(articles), "--repeat", str(repeat)] + (["--model", model] if model else [])
    args += [] if dask else ["--no-dask"]
    out = run_child("scenarios_preannotate", *args, timeout=3600)
    if out.get("skipped"):
        return [skipped("preannotate", "1 process", out["skipped"])]
    label = f"{out['articles']:,} articles, {out['words']:,} words"
    raw, one, two = out["raw"], out["one"], out["two"]
    result = [
        from_samples("preannotate", "raw nlp.pipe", raw, unit="words/s", scale=1.0, note=f"{label}; {out['pipeline']}"),
        from_samples("preannotate", "1 process", one, unit="words/s", scale=1.0, baseline=raw, baseline_name="raw nlp.pipe",
                     targets=[Target("ratio", ">=", 0.95)]),
        from_samples("preannotate", "2 processes", two, unit="words/s", scale=1.0, baseline=one, baseline_name="1 process",
                     targets=[Target("ratio", ">=", 1.8)], note=f"load average {out['load']}"),
    ]
    if out.get("dask"):
        result.append(from_samples("preannotate", "dask, 2 workers", out["dask"], unit="words/s", scale=1.0, baseline=two,
                                   baseline_name="2 processes", note="reported beside (no target)"))
    else:
        result.append(skipped("preannotate", "dask, 2 workers", out.get("dask_skipped", "not run")))
    return result


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

    def raw() -> float:
        start = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE):
            pass
        return n_words / (time.perf_counter() - start)

    out: dict[str, object] = {"articles": len(texts), "words": n_words, "pipeline": pipeline.label, "raw": [], "one": [], "two": []}
    for _ in range(args.repeat):  # interleaved, so that a change in the machine's load hits each alike
        out["raw"].append(raw())  # type: ignore[union-attr]
        out["one"].append(n_words / run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE).seconds)  # type: ignore[union-attr]
        out["two"].append(n_words / run(texts, model=model, batch_size=DEFAULT_BATCH_SIZE, processes=2).seconds)  # type: ignore[union-attr]
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
