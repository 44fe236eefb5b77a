"""How fast is pre-annotation compared with spaCy alone?

    .venv/bin/python benchmarks/preannotate.py [--limit N] [--processes 2] [--model NAME|PATH]

On the FNC-1 article bodies (read from ../shared/data, never copied into the repository) it
prints words per second of

* raw ``nlp.pipe`` of the pipeline (no rules, nothing stored),
* ``preannotate`` with 1 process into a fresh temporary project (spaCy + rules + writing),
* ``preannotate`` with N worker processes,

and the ratios against the targets of issue 12 (1 process >= 0.95x raw; 2 processes >= 1.8x one process).
``python -m benchmarks --only preannotate`` measures the same, interleaved and with medians.
``--rules entities`` swaps the quote rules for a trivial entity copy, to tell the runner's own
cost from the rules' cost. Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from annotator.domain.model import Article, ArticleBundle  # noqa: E402
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet  # noqa: E402
from annotator.nlp.pipeline import load_pipeline  # noqa: E402
from annotator.nlp.runner import DEFAULT_BATCH_SIZE, default_rules, preannotate  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

DATA = shared_data() / "fnc1-train-bodies.csv"
TARGET_ONE = 0.95
TARGET_MANY = 1.8


def entities_only(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """A near-free stand-in for the rules: the pipeline's entities, mapped to our labels."""
    out = SuggestionSet(origin)
    for n, ent in enumerate(doc.ents):
        label = schema_ner_map.get(ent.label_)
        if label:
            out.add_span(SuggestedSpan(f"e{n}", ent.start_char, ent.end_char, label, "entity"))
    return out


def read_bodies(path: Path, limit: int | None) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        texts = [row["articleBody"] for row in csv.DictReader(fh) if row.get("articleBody", "").strip()]
    return texts[:limit] if limit else texts


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_project(texts: list[str], *, model: str | None, processes: int, batch_size: int, rules) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (all processes) and suggestions of one pre-annotation run."""
    with tempfile.TemporaryDirectory() as tmp:
        with Project.open(Path(tmp) / "bench.db") as project:
            project.import_bundles(ArticleBundle(Article(None, t)) for t in texts)
            cpu = cpu_seconds()
            result = preannotate(project, pipeline=model, processes=processes, batch_size=batch_size, rules=rules)
            cpu = cpu_seconds() - cpu
            if result.failed:
                print(f"  {len(result.failed)} articles failed, e.g. {result.failed[0]}")
            return result.seconds, cpu, result.new_spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N bodies")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--model", default=None, help="pipeline name or path (default: the default pipeline)")
    parser.add_argument("--rules", choices=["annotator", "entities"], default="annotator")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="run each measurement R times and keep the fastest (a busy machine)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is not there (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    texts = read_bodies(args.data, args.limit)
    n_words = words(texts)
    pipeline = load_pipeline(args.model)
    rules = entities_only if args.rules == "entities" else default_rules()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (other work on the machine skews the numbers)")
    print(f"{len(texts)} articles, {n_words:,} words; {pipeline.label} ({', '.join(pipeline.nlp.pipe_names)}); "
          f"rules: {args.rules}; batch size {args.batch_size}")
    list(pipeline.nlp.pipe(texts[:20], batch_size=args.batch_size))  # warm up

    def best(measure):
        return min((measure() for _ in range(args.repeat)), key=lambda r: r[0])

    def raw_pipe() -> tuple[float, float, int]:
        start, cpu = time.perf_counter(), cpu_seconds()
        for _ in pipeline.nlp.pipe(texts, batch_size=args.batch_size):
            pass
        return time.perf_counter() - start, cpu_seconds() - cpu, 0

    def report(name: str, seconds: float, cpu: float, spans: int) -> float:
        extra = f"; {spans:,} suggestions" if spans else ""
        print(f"{name:<25}{n_words / seconds:8,.0f} words/s  ({seconds:.1f} s; {n_words / cpu:,.0f} words per CPU-second; "
              f"{cpu / seconds:.2f} CPUs busy{extra})")
        return n_words / seconds

    raw = report("raw nlp.pipe:", *best(raw_pipe))
    one = report("preannotate, 1 process:", *best(lambda: run_project(
        texts, model=args.model, processes=1, batch_size=args.batch_size, rules=rules)))
    many = report(f"preannotate, {args.processes} processes:", *best(lambda: run_project(
        texts, model=args.model, processes=args.processes, batch_size=args.batch_size, rules=rules)))

    ok_one, ok_many = one / raw >= TARGET_ONE, many / one >= TARGET_MANY
    print(f"1 process / raw:         {one / raw:8.2f}   (target >= {TARGET_ONE}: {'met' if ok_one else 'NOT met'})")
    print(f"{args.processes} processes / 1:       {many / one:8.2f}   (target >= {TARGET_MANY} for 2: {'met' if ok_many else 'NOT met'})")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
