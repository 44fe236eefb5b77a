"""The one benchmark command (issue 12): every speed target of the project, each beside a baseline
measured in the same run.

    .venv/bin/python -m benchmarks                          # everything, 1k / 10k / 50k articles
    .venv/bin/python -m benchmarks --only edits,open --sizes 1000,10000
    .venv/bin/python -m benchmarks --json result.json       # the same rows as JSON
    .venv/bin/python -m benchmarks --smoke                  # tiny sizes: checks it runs (the suite runs this)
    .venv/bin/python -m benchmarks --markdown result.json   # README's table of a --json file
    .venv/bin/python -m benchmarks --workdir bench-work     # keep the built projects for the next run
    .venv/bin/python -m benchmarks --only launch --launch-stacks  # the freeze row's note names the UI thread's frames in each run's longest gap

It builds what it needs from ``../shared/data`` into a work folder (:mod:`benchmarks.corpus`;
built once per run, or once per ``--workdir``), runs each scenario ``--repeat`` times and prints
one row per measure: median, p95, the baseline, the ratio measured / baseline, the target and
whether it holds (baselines by a short name; the long description is in the row's note below the
table, no table line longer than 160 characters: code points, not bytes). A scenario that cannot run here says ``skipped: why`` in its
row and in its progress line; one line after the table says what to set when the shared data is
missing. At ``--smoke`` size the table does not judge the targets ("(smoke)" under holds). Exit 0
whatever the targets; 1 when a scenario broke (its row says ``failed: …``). Scenarios:

=============  ==========================================================================  ===================
name           what                                                                        module
=============  ==========================================================================  ===================
edits          accept, create, resize, undo across articles, at each size vs 10 articles   scenarios_window
open           article open + paint, at each size vs 10 articles                           scenarios_window
window         window open + first paint, at each size vs 10 articles                      scenarios_window
filter         article-list filter, a rare and a common word                               scenarios_window
document       5k words/800 spans and 100k/10k: open, edits, first edit after opening      scenarios_window
launch         ``run_app`` in a child: painted, taking keys, UI freezes, RSS (largest size) scenarios_launch
export         every format on the 10k project, time and peak memory, vs a raw dump         scenarios_data
import         CSV import of 10k articles vs a raw ``sqlite-utils`` insert                 scenarios_data
preannotate    1 process vs raw ``nlp.pipe``, 2 processes vs 1, Dask beside                scenarios_preannotate
=============  ==========================================================================  ===================

Timings on a shared machine are noisy: compare a row with its baseline, not with another run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import FNC1, DataMissing, Workdir
from benchmarks.harness import ChildFailed, Row, compile_sources, machine, markdown, skipped, table, write_json

SCENARIOS = ("edits", "open", "window", "filter", "document", "launch", "export", "import", "preannotate")
WINDOW = {"edits", "open", "window", "filter"}
DATA_LIMIT = 10_000  # exports and import are measured at sizes up to this (the 10k articles)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help=f"comma-separated scenarios (default all: {','.join(SCENARIOS)})")
    parser.add_argument("--sizes", default="1000,10000,50000", help="project sizes in articles (default 1000,10000,50000)")
    parser.add_argument("--repeat", type=int, default=0, help="samples per measure (default 20 for window measures, 3 for child-process ones)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows (and the machine) to this JSON file")
    parser.add_argument("--workdir", type=Path, default=None, help="keep built projects here between runs (default: a temp folder)")
    parser.add_argument("--preannotate-articles", type=int, default=300, help="FNC-1 bodies pre-annotated per sample (default 300)")
    parser.add_argument("--launch-seconds", type=float, default=5.0, help="how long the launch child watches for freezes (default 5)")
    parser.add_argument("--launch-stacks", action="store_true",
                        help="the launch child samples the UI thread's stack during each gap over 30 ms; the freeze row's note names the frames (perturbs the timing a little)")
    parser.add_argument("--model", default=None, help="pipeline for pre-annotation (default: the default pipeline)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, 1-2 samples: checks every scenario runs, not the targets")
    parser.add_argument("--markdown", type=Path, default=None, metavar="JSON",
                        help="print the README's table of a --json file (short baseline names, as the terminal) and exit")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] or list(SCENARIOS)
    unknown = sorted(set(only) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; use some of {','.join(SCENARIOS)}")
    args.only = only
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give whole numbers of articles, e.g. 1000,10000")
    if not args.sizes or min(args.sizes) < 12:
        parser.error("--sizes: every size must be at least 12 articles")
    if args.smoke:
        args.sizes, args.preannotate_articles, args.launch_seconds = [30], 8, 2.0
    return args


def plan(args: argparse.Namespace, work: Workdir) -> list[tuple[str, Callable[[], list[Row]]]]:
    """(scenario, run) in the order they run; each run returns its rows."""
    from benchmarks import scenarios_data, scenarios_launch, scenarios_preannotate

    window_repeat = args.repeat or (2 if args.smoke else 20)
    child_repeat = args.repeat or (1 if args.smoke else 3)
    data_sizes = [s for s in args.sizes if s <= DATA_LIMIT] or [min(args.sizes)]
    steps: list[tuple[str, Callable[[], list[Row]]]] = []
    window_part = [s for s in args.only if s in WINDOW]
    if window_part:
        def window_rows() -> list[Row]:
            from benchmarks import scenarios_window

            return scenarios_window.project_rows(work, args.sizes, window_repeat, set(window_part))
        steps.append((",".join(window_part), window_rows))
    if "document" in args.only:
        def document_rows() -> list[Row]:
            from benchmarks import scenarios_window

            docs = scenarios_window.SMOKE_DOCUMENTS if args.smoke else scenarios_window.DOCUMENTS
            return scenarios_window.document_rows(work, docs, window_repeat)
        steps.append(("document", document_rows))
    if "launch" in args.only:
        steps.append(("launch", lambda: scenarios_launch.rows(work, max(args.sizes), child_repeat, args.launch_seconds,
                                                                     stacks=args.launch_stacks)))
    for size in data_sizes:
        if "export" in args.only:
            steps.append(("export", lambda size=size: scenarios_data.export_rows(work, size, child_repeat)))
        if "import" in args.only:
            steps.append(("import", lambda size=size: scenarios_data.import_rows(work, size, child_repeat)))
    if "preannotate" in args.only:
        steps.append(("preannotate", lambda: scenarios_preannotate.rows(args.preannotate_articles, child_repeat, model=args.model, dask=not args.smoke)))
    return steps


FAILED = ("failed: ", "the measuring process failed: ")  # how a broken scenario's row begins (not a skip for missing data)


def run(args: argparse.Namespace, work: Workdir, missing: set[str] | None = None) -> list[Row]:
    """Every planned step's rows; the scenarios skipped because the shared data is not here are
    added to ``missing``."""
    rows: list[Row] = []
    for name, step in plan(args, work):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        outcome = ""
        try:
            rows += step()
        except DataMissing as exc:
            # One step can measure several scenarios ("edits,open,window,filter"): each gets its own
            # skipped row, so a reader (and the smoke test) finds every scenario named in the table.
            rows += [skipped(part, "all", str(exc)) for part in name.split(",")]
            if missing is not None:
                missing.update(name.split(","))
            # usertest24p M5: "edits,open,window,filter: 0.7 s" read as if they had run
            outcome = f"skipped: {exc}"
        except ChildFailed as exc:
            rows.append(skipped(name, "all", f"{FAILED[1]}{str(exc).splitlines()[-1][:200]}"))
            print(str(exc), file=sys.stderr)
            outcome = "FAILED (see the table)"
        except Exception as exc:  # noqa: BLE001 - one broken scenario must not hide the others' rows
            rows.append(skipped(name, "all", f"{FAILED[0]}{type(exc).__name__}: {exc}"))
            traceback.print_exc()
            outcome = "FAILED (see the table)"
        print(f"  {name}: {outcome or f'{time.perf_counter() - started:.1f} s'}", file=sys.stderr, flush=True)
    return rows


def skipped_line(missing: set[str], asked: list[str]) -> str:
    """The one line after the table when scenarios had no data ("" when none): how many, and what to set."""
    if not missing:
        return ""
    return (f"{len(missing)} of {len(asked)} scenarios skipped ({', '.join(s for s in asked if s in missing)}): the FNC-1 "
            f"bodies are not at {FNC1}; set ANNOTATOR_SHARED_DATA=/path/to/shared/data, the folder holding "
            f"fnc1-train-bodies.csv (README, Benchmarks)")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.markdown:  # the README's table from a --json file, the terminal's short names (nothing is run)
        try:
            data = json.loads(args.markdown.read_text(encoding="utf-8"))
            print(markdown(data["rows"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"--markdown {args.markdown}: not a JSON file written by --json ({exc}); run with --json FILE first",
                  file=sys.stderr)
            return 2
        return 0
    info = machine()
    print(f"{info['cpus']} CPUs, load average {info['load_average'][0]:.2f} at start; sizes {args.sizes}"
          f"{' (smoke)' if args.smoke else ''}", flush=True)
    compile_sources()  # the children load bytecode, as an installed Annotator does (harness.BYTECODE_ENV)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        work = Workdir(args.workdir or Path(tmp))
        missing: set[str] = set()
        rows = run(args, work, missing)
    info["load_average_end"] = machine()["load_average"]
    info["sizes"] = args.sizes
    info["smoke"] = args.smoke
    print(table(rows, smoke=args.smoke))
    print(f"load average at the end {info['load_average_end'][0]:.2f} (a shared machine skews every number)")
    if line := skipped_line(missing, args.only):
        print(line)
    if args.json:
        write_json(args.json, rows, info)
    # A missed target never fails the command (at smoke size it means nothing; at full size the
    # table says it); a scenario that broke does, so that the suite's smoke run catches it.
    broken = sorted({r.scenario for r in rows if r.skipped.startswith(FAILED)})
    if broken:
        print(f"{len(broken)} scenario(s) failed: {', '.join(broken)}; their rows say how", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
