"""Where the CPU of a one-process pre-annotation goes, beside raw ``nlp.pipe`` (issue 12).

    .venv/bin/python -m benchmarks.preannotate_split [--limit 100] [--repeat 2]

With one process, ``preannotate`` parses in one forked worker and runs the rules and the writes
here (:mod:`annotator.nlp.runner`). On a machine with a core free for this process, the run's
time is the worker's: so besides the wall-time ratio (which, on a shared machine, mostly says how
the scheduler shared the CPUs) it prints the worker's CPU seconds over raw ``nlp.pipe``'s, and this
process's, measured in the same run, interleaved; then what shipping a Doc to this process costs
(:func:`annotator.nlp.runner.ship_doc`, :func:`~annotator.nlp.runner.rebuild_doc`) against
``Doc.to_bytes``. FNC-1 bodies from ../shared/data; exits 0 with a message when they are absent.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import FNC1


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100, help="FNC-1 bodies (default 100)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not FNC1.exists():
        print(f"skipped: {FNC1} is not there (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA; never shipped)")
        return 0
    import spacy

    from annotator.domain.model import Article, ArticleBundle
    from annotator.nlp import runner
    from annotator.nlp.pipeline import load_pipeline
    from annotator.storage.project import Project
    from benchmarks.preannotate import read_bodies, words

    texts = read_bodies(FNC1, args.limit)
    n_words = words(texts)
    pipeline = load_pipeline(None)
    list(pipeline.nlp.pipe(texts[:20]))  # warm up
    print(f"{len(texts)} articles, {n_words:,} words; {pipeline.label}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
        for _doc in pipeline.nlp.pipe(texts, batch_size=runner.DEFAULT_BATCH_SIZE):
            pass
        raw, raw_cpu = time.perf_counter() - start, _cpu(resource.RUSAGE_SELF) - cpu
        with tempfile.TemporaryDirectory() as tmp, Project.open(Path(tmp) / "b.db") as project:
            project.import_bundles(ArticleBundle(Article(None, t)) for t in texts)
            start, cpu, workers = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            runner.preannotate(project, pipeline=pipeline, processes=1)
            one = time.perf_counter() - start
            here, worker = _cpu(resource.RUSAGE_SELF) - cpu, _cpu(resource.RUSAGE_CHILDREN) - workers
        print(f"1 process / raw: wall {raw / one:.3f}; worker CPU / raw CPU {worker / raw_cpu:.3f} (the run's time on a free "
              f"core: target <= {1 / 0.95:.3f}); this process's CPU / raw CPU {here / raw_cpu:.3f} "
              f"(raw {n_words / raw:,.0f} words/s, {n_words / raw_cpu:,.0f} words per CPU-second)")
    docs = list(pipeline.nlp.pipe(texts, batch_size=runner.DEFAULT_BATCH_SIZE))
    clock = time.process_time
    for vocab_name in ("a fresh vocab", "the pipeline's vocab"):
        shipped: set[int] = set()
        before = clock()
        packets = []
        for doc in docs:
            sent: set[int] = set()
            packets.append(runner.ship_doc(doc, shipped, sent))
            shipped |= sent
        shipping = clock() - before
        blob = pickle.dumps(packets)
        vocab = spacy.blank("en").vocab if vocab_name == "a fresh vocab" else pipeline.nlp.vocab
        before = clock()
        for text, packet in zip(texts, pickle.loads(blob)):
            runner.rebuild_doc(vocab, text, packet)
        rebuilding = clock() - before
        before = clock()
        for doc in docs:
            doc.to_bytes(exclude=["tensor", "user_data"])
        to_bytes = clock() - before
        print(f"CPU s per {len(docs)} docs: ship_doc {shipping:.3f} (Doc.to_bytes {to_bytes:.3f}), {len(blob) / 1e6:.1f} MB pickled; "
              f"rebuild_doc on {vocab_name} {rebuilding:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
