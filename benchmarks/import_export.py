"""Import/export timings on ~10,000 news articles, beside a raw sqlite-utils insert of the same rows.

Data: the 1,683 bodies of ../shared/data/fnc1-train-bodies.csv beside the repository (columns ``Body ID``,
``articleBody``), repeated 6 times. Each copy gets ``\\n\\n[copy K of body ID]`` appended so that every
one of the 10,098 bodies is distinct (the import dedupes by text hash, and FNC-1 itself has 14
repeated bodies). Runs in a temp folder; skips cleanly when the data file is absent.

    .venv/bin/python benchmarks/import_export.py [--copies 6] [--spans] [--data BODIES.csv]

``--spans`` also gives every article three accepted entity spans and a quote→speaker relation
(through a JSONL import) so the exports have annotations to write.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fnc1-train-bodies.csv"  # read in place, never copied into the repo


def timed(label: str, fn: Callable[[], object], results: dict[str, float]) -> object:
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    print(f"{label:<34} {results[label]:8.2f} s", flush=True)
    return value


def load_rows(copies: int, data: Path = DATA) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with data.open(encoding="utf-8", newline="") as fh:
        base = list(csv.DictReader(fh))
    return [
        {"Body ID": f"{row['Body ID']}-{k}", "articleBody": f"{row['articleBody']}\n\n[copy {k} of body {row['Body ID']}]"}
        for k in range(1, copies + 1)
        for row in base
    ]


def with_spans(rows: list[dict[str, str]]) -> list[dict]:
    records = []
    for row in rows:
        text = row["articleBody"]
        words = [(i, i + len(w)) for i, w in _words(text)][:40]
        spans = []
        for n, (s, e) in enumerate(words[:3]):
            spans.append({"id": f"{row['Body ID']}-s{n}", "start": s, "end": e, "label": ["PERSON", "ORG", "GPE"][n]})
        if len(words) >= 12:
            spans.append({"id": f"{row['Body ID']}-q", "start": words[5][0], "end": words[11][1], "label": "QUOTE"})
            spans.append({"id": f"{row['Body ID']}-sp", "start": words[3][0], "end": words[4][1], "label": "SPEAKER"})
        rels = [{"head": f"{row['Body ID']}-q", "child": f"{row['Body ID']}-sp", "label": "SPEAKER"}] if len(words) >= 12 else []
        records.append({"text": text, "meta": {"Body ID": row["Body ID"]}, "spans": spans, "relations": rels})
    return records


def _words(text: str):
    import re

    for m in re.finditer(r"\w+", text):
        yield m.start(), m.group()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--spans", action="store_true")
    parser.add_argument("--data", type=Path, default=DATA, help="the FNC-1 bodies CSV (default: ../shared/data beside the repo)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is not here")
        return 0

    from sqlite_utils import Database

    from annotator.formats import brat, conll, csvfmt, jsonl, plan, import_sources, spacy_docbin
    from annotator.formats.common import ImportOptions
    from annotator.formats.stream import iter_bundles
    from annotator.storage.project import Project

    rows = load_rows(args.copies, args.data)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "bodies.csv"
        with source.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["Body ID", "articleBody"])
            writer.writeheader()
            writer.writerows(rows)
        print(f"{len(rows)} articles, {source.stat().st_size / 1e6:.1f} MB of CSV")

        def raw_insert() -> None:
            db = Database(tmp / "raw.db")
            db["articles"].insert_all(rows, batch_size=1000)
            db.close()

        timed("raw sqlite-utils insert_all", raw_insert, results)

        def raw_insert_fts() -> None:
            db = Database(tmp / "raw_fts.db")
            db["articles"].insert_all(rows, batch_size=1000)
            db["articles"].enable_fts(["articleBody"], create_triggers=True)
            db.close()

        timed("raw insert_all + FTS index", raw_insert_fts, results)

        def our_import(path: Path, db: str) -> None:
            project = Project.open(tmp / db)
            options = ImportOptions(schema=project.schema)
            report = import_sources(project, plan([path]), options)
            assert report.result.added == len(rows), report.result
            project.close()

        timed("annotator import (csv)", lambda: our_import(source, "project.db"), results)
        if args.spans:
            jsonl_in = tmp / "in.jsonl"
            with jsonl_in.open("w", encoding="utf-8") as fh:
                for record in with_spans(rows):
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            timed("annotator import (jsonl + spans)", lambda: our_import(jsonl_in, "spans.db"), results)
            export_db = "spans.db"
        else:
            export_db = "project.db"

        project = Project.open(tmp / export_db, create=False)

        def raw_export() -> None:
            db = Database(tmp / "raw.db")
            with (tmp / "raw.jsonl").open("w", encoding="utf-8") as fh:
                for row in db["articles"].rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            db.close()

        timed("raw sqlite-utils rows → jsonl", raw_export, results)
        with (tmp / "out.jsonl").open("w", encoding="utf-8") as fh:
            timed("annotator export jsonl", lambda: jsonl.write(iter_bundles(project, statuses=None), fh), results)
        with (tmp / "tokens.jsonl").open("w", encoding="utf-8") as fh:
            timed("annotator export jsonl --tokens", lambda: jsonl.write(iter_bundles(project, statuses=None), fh, tokens=True), results)
        with (tmp / "out.csv").open("w", encoding="utf-8", newline="") as fh:
            timed("annotator export csv", lambda: csvfmt.write(iter_bundles(project, statuses=None), fh), results)
        with (tmp / "out.conll").open("w", encoding="utf-8") as fh:
            timed("annotator export conll", lambda: conll.write(iter_bundles(project, statuses=None), fh), results)
        timed("annotator export spacy", lambda: spacy_docbin.write(iter_bundles(project, statuses=None), tmp / "out.spacy"), results)
        timed("annotator export brat", lambda: brat.write(iter_bundles(project, statuses=None), tmp / "brat"), results)
        project.close()
        sizes = {name: (tmp / name).stat().st_size / 1e6 for name in ("out.jsonl", "tokens.jsonl")}
        print(f"jsonl {sizes['out.jsonl']:.1f} MB; with tokens {sizes['tokens.jsonl']:.1f} MB")

    raw = results["raw sqlite-utils insert_all"]
    print("\nratios to the raw insert / raw export:")
    for label, seconds in results.items():
        base = results["raw sqlite-utils rows → jsonl"] if "export" in label else raw
        print(f"  {label:<34} ×{seconds / base:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
