"""Run the rule-only pipeline and the real suggestion rules over every real text we have.

    .venv/bin/python -m tests.nlp.rule_only_sweep [--limit N] [--data DIR]

Texts: all FNC-1 bodies (``fnc1-train-bodies.csv``) and all PolNeAR dev and train texts
(``polnear-*/text/*.txt``), read from ``../shared/data`` and never copied. Meant to run in a
subprocess: a native crash (the rule-only pipeline has no parse; walking the dependency tree of
such a Doc segfaults) then fails the caller instead of killing it. A Python exception is
printed with the text's name and makes the exit status 1. ``--limit`` takes every k-th text so that
the sample still spans the whole set. Prints the number of texts, suggestions and seconds.
"""

from __future__ import annotations

import argparse
import csv
import faulthandler
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

from annotator.paths import shared_data

DATA = shared_data()


def texts(data: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every FNC-1 body and PolNeAR dev/train text under ``data``."""
    csv.field_size_limit(sys.maxsize)
    with (data / "fnc1-train-bodies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield f"fnc1 body {row['Body ID']}", row["articleBody"]
    for split in ("polnear-dev", "polnear-train"):
        for path in sorted((data / split / "text").glob("*.txt")):
            yield f"{split}/{path.name}", path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="about N texts, evenly spread")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    faulthandler.enable()  # a native crash prints the Python stack before the process dies

    from annotator.domain.schema import default_schema
    from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
    from annotator.nlp.runner import default_rules

    pipeline = load_pipeline(RULE_ONLY)
    rules = default_rules()
    ner_map = dict(default_schema().ner_map)
    items = list(texts(args.data))
    if args.limit:
        items = items[:: max(1, len(items) // args.limit)]
    start = time.perf_counter()
    spans = failures = 0
    for name, text in items:
        print(name, file=sys.stderr, end="\r", flush=True)  # the last name shown is the one that crashed
        try:
            spans += len(rules(pipeline.nlp(text), schema_ner_map=ner_map, origin="sweep").spans)
        except Exception:  # noqa: BLE001 - reported per text
            failures += 1
            print(f"\n{name}: {traceback.format_exc()}", file=sys.stderr)
    print(f"{len(items)} texts, {spans} suggestions, {failures} failed, {time.perf_counter() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
