"""Import/export timings and peak memory on ~10,000 news articles, beside raw sqlite-utils of the same rows.

Data: the 1,683 bodies of ../shared/data/fnc1-train-bodies.csv beside the repository (columns ``Body ID``,
``articleBody``), repeated 6 times. Each copy gets ``\\n\\n[copy K of body ID]`` appended so that every
one of the 10,098 bodies is distinct (the import dedupes by text hash, and FNC-1 itself has 14
repeated bodies). Runs in a temp folder; skips cleanly when the data file is absent.

    .venv/bin/python benchmarks/import_export.py [--copies 6] [--spans] [--repeat 3] [--baseline DIR] [--data BODIES.csv]
    .venv/bin/python benchmarks/import_export.py --smoke      # 40 articles: checks that it runs

``--spans`` also gives every article three accepted entity spans and a quote→speaker relation
(through a JSONL import) so the exports have annotations to write.

Every import and export runs in a child process of its own, so that its peak memory (``VmHWM`` of
Linux's proc/self/status: the resident set's high-water mark, spaCy's import included) is its own;
the time is the operation's only. ``--baseline DIR`` runs the same steps with the code of another
checkout (``git archive COMMIT | tar -x -C DIR``) in the same run, for a before → after. Times
are medians of ``--repeat`` runs; raw sqlite-utils baselines are measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
DATA = shared_data() / "fnc1-train-bodies.csv"  # read in place, never copied into the repo
PROC_STATUS = Path("/", "proc", "self", "status")  # Linux: this process's memory counters
EXPORTS = ("jsonl", "jsonl --tokens", "csv", "conll", "spacy", "brat")


def load_rows(copies: int, data: Path = DATA, limit: int | None = None) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with data.open(encoding="utf-8", newline="") as fh:
        base = list(csv.DictReader(fh))[:limit]
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


# ----------------------------------------------------------------------------- one step, in a child process


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (``VmHWM``), in MB (0 where /proc is absent)."""
    try:
        for line in PROC_STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child(step: str, project_path: Path, target: Path) -> dict[str, float]:
    """Run one step (``import``, or an export format of :data:`EXPORTS`) and time it."""
    from annotator.formats import brat, conll, csvfmt, import_sources, jsonl, plan, spacy_docbin
    from annotator.formats.common import ImportOptions
    from annotator.formats.stream import iter_bundles
    from annotator.storage.project import Project

    if step == "import":
        start = time.perf_counter()
        project = Project.open(project_path)
        report = import_sources(project, plan([target]), ImportOptions(schema=project.schema))
        project.close()
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "peak_mb": peak_rss_mb(), "added": report.result.added}
    project = Project.open(project_path, create=False)
    bundles = iter_bundles(project, statuses=None)
    start = time.perf_counter()
    if step == "spacy":
        spacy_docbin.write(bundles, target)
    elif step == "brat":
        brat.write(bundles, target)
    else:
        with target.open("w", encoding="utf-8", newline="" if step == "csv" else "\n") as fh:
            if step == "csv":
                csvfmt.write(bundles, fh)
            elif step == "conll":
                conll.write(bundles, fh)
            else:
                jsonl.write(bundles, fh, tokens=step.endswith("--tokens"))
    seconds = time.perf_counter() - start
    project.close()
    return {"seconds": seconds, "peak_mb": peak_rss_mb()}


def run_child(code: Path, step: str, project_path: Path, target: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", step, "--project", str(project_path), "--target", str(target)],
        capture_output=True, text=True, env=env, cwd=str(code),
    )
    if result.returncode != 0:
        raise SystemExit(f"{step} failed with the code of {code}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- the run


def median_of(repeat: int, fn: Callable[[], dict[str, float]]) -> dict[str, float]:
    runs = [fn() for _ in range(repeat)]
    return {"seconds": statistics.median(r["seconds"] for r in runs), "peak_mb": max(r.get("peak_mb", 0.0) for r in runs)}


def raw_seconds(fn: Callable[[], None]) -> dict[str, float]:
    start = time.perf_counter()
    fn()
    return {"seconds": time.perf_counter() - start}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--spans", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step; the median is shown")
    parser.add_argument("--baseline", type=Path, help="another checkout whose code runs the same steps, shown beside")
    parser.add_argument("--smoke", action="store_true", help="40 articles with spans, one run: checks that it runs")
    parser.add_argument("--data", type=Path, default=DATA, help="the FNC-1 bodies CSV (default: ../shared/data beside the repo)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.project, args.target)))
        return 0
    if not args.data.exists():
        print(f"skipped: {args.data} is not here (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    if args.smoke:
        args.copies, args.spans, args.repeat = 1, True, 1

    from sqlite_utils import Database

    rows = load_rows(args.copies, args.data, limit=40 if args.smoke else None)
    codes = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    table: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "bodies.csv"
        with source.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["Body ID", "articleBody"])
            writer.writeheader()
            writer.writerows(rows)
        jsonl_in = tmp / "in.jsonl"
        with jsonl_in.open("w", encoding="utf-8") as fh:
            for record in with_spans(rows):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{len(rows)} articles, {source.stat().st_size / 1e6:.1f} MB of CSV; median of {args.repeat}", flush=True)

        def fresh(name: str) -> Path:
            path = tmp / name
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return path

        def raw_insert() -> None:
            db = Database(fresh("raw.db"))
            db["articles"].insert_all(rows, batch_size=1000)
            db.close()

        def raw_insert_fts() -> None:
            db = Database(fresh("raw_fts.db"))
            db["articles"].insert_all(rows, batch_size=1000)
            db["articles"].enable_fts(["articleBody"], create_triggers=True)
            db.close()

        def raw_export() -> None:
            db = Database(tmp / "raw.db")
            with (tmp / "raw.jsonl").open("w", encoding="utf-8") as fh:
                for row in db.query("SELECT * FROM articles"):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            db.close()

        def raw_csv() -> None:
            db = Database(tmp / "raw.db")
            with (tmp / "raw.csv").open("w", encoding="utf-8", newline="") as fh:
                out = csv.writer(fh)
                for row in db.query("SELECT * FROM articles"):
                    out.writerow(row.values())
            db.close()

        table["raw sqlite-utils insert_all"] = {"raw": median_of(args.repeat, lambda: raw_seconds(raw_insert))}
        table["raw insert_all + FTS index"] = {"raw": median_of(args.repeat, lambda: raw_seconds(raw_insert_fts))}
        table["raw query → jsonl"] = {"raw": median_of(args.repeat, lambda: raw_seconds(raw_export))}
        table["raw query → csv"] = {"raw": median_of(args.repeat, lambda: raw_seconds(raw_csv))}
        for label, path in (("import csv", source), ("import jsonl + spans", jsonl_in)):
            for name, code in codes.items():
                table.setdefault(label, {})[name] = median_of(
                    args.repeat, lambda: run_child(code, "import", fresh(f"{name}-{path.suffix[1:]}.db"), path))
        for name, code in codes.items():  # the project the exports read: as the last import left it
            project = tmp / f"{name}-{'jsonl' if args.spans else 'csv'}.db"
            # The first export of a project tokenises its articles (and keeps the tokens); the
            # next read them: that first one is timed on its own, once.
            for fmt in ("jsonl (first)", *EXPORTS):
                target = tmp / f"{name}-out-{fmt.split(' (')[0].replace(' --', '-')}"

                def once() -> dict[str, float]:
                    import shutil

                    shutil.rmtree(target, ignore_errors=True)
                    target.unlink(missing_ok=True)
                    return run_child(code, fmt.split(" (")[0], project, target)

                table.setdefault(f"export {fmt}", {})[name] = median_of(1 if "(first)" in fmt else args.repeat, once)

    raw_in = table["raw sqlite-utils insert_all"]["raw"]["seconds"]
    raw_out = {"jsonl": table["raw query → jsonl"]["raw"]["seconds"], "csv": table["raw query → csv"]["raw"]["seconds"]}
    print(f"\n{'step':<32} {'code':<9} {'seconds':>8} {'peak MB':>8}  ratio")
    for label, by_code in table.items():
        for name, m in by_code.items():
            if label.startswith("import"):
                ratio = f"raw insert / this = ×{raw_in / m['seconds']:.2f} (target ≥ 0.9)"
            elif label.startswith("export") and label.split()[1] in raw_out and "--tokens" not in label:
                ratio = f"÷ raw query dump = ×{m['seconds'] / raw_out[label.split()[1]]:.1f} (target ≤ 3)"
            else:
                ratio = ""
            peak = f"{m['peak_mb']:8.0f}" if m.get("peak_mb") else f"{'':8}"
            print(f"{label:<32} {name:<9} {m['seconds']:8.2f} {peak}  {ratio}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
