"""``python -m benchmarks --smoke`` keeps working as the code under it changes: every scenario
runs and prints its rows in the table's shape. Tiny sizes: this checks that it runs, not that
the targets hold (timings at these sizes say nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import SCENARIOS
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["scenario", "measure", "unit", "median", "p95", "samples", "baseline", "baseline_name", "ratio", "target", "holds",
           "skipped", "note", "baseline_short"]


def test_smoke_runs_every_scenario(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--json", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stderr[-3000:]
    header = next(line for line in done.stdout.splitlines() if line.startswith("scenario"))
    assert header.split() == ["scenario", "measure", "median", "p95", "unit", "baseline", "ratio", "target", "holds"]
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert all(sorted(r) == sorted(COLUMNS) for r in rows)
    ran = {r["scenario"] for r in rows}
    assert ran == set(SCENARIOS), f"scenarios without a row: {set(SCENARIOS) - ran}"
    failed = [r for r in rows if r["skipped"].startswith(("failed", "the measuring process failed"))]
    assert not failed, failed
    if (SHARED_DATA / "fnc1-train-bodies.csv").exists():  # with the data every scenario measures something (only Dask may be absent)
        unmeasured = [r for r in rows if r["skipped"] and not r["measure"].startswith("dask")]
        assert not unmeasured, unmeasured
        measured = [r for r in rows if not r["skipped"]]
        assert all(r["median"] is not None and r["p95"] >= r["median"] > 0 for r in measured), measured
        assert all(r["holds"] in (True, False) for r in measured if r["target"])
        # perf30: `export --format jsonl --tokens` of the project whose tokens are stored, its 3 s target
        tokens_row = next(r for r in measured if r["measure"] == "jsonl --tokens @ 30 articles")
        assert tokens_row["target"] == "≤ 3 s" and "MB written" in tokens_row["note"], tokens_row
        # the two-process row's ceiling, measured in the same child (two plain nlp.pipe side by side)
        ceiling = next(r for r in rows if r["measure"] == "raw nlp.pipe, 2 processes side by side")
        assert ceiling["baseline_name"] == "raw nlp.pipe" and ceiling["ratio"] > 0, ceiling


def test_unknown_scenario_is_one_line_and_exit_2() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "edits,paint"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unknown scenario paint" in done.stderr


def test_a_missed_ratio_is_not_printed_rounded_onto_its_bound() -> None:
    """0.8997× against ≥ 0.9× read "0.90×  …  NO" in the 2026-12-03 full run's import row."""
    from benchmarks.harness import Row, Target, ratio_text, table

    missed = Row("import", "csv @ 10,000 articles", unit="articles/s", median=18_448.0, p95=18_622.0, samples=3,
                 baseline=20_504.0, baseline_name="raw", targets=[Target("ratio", ">=", 0.9)])
    assert ratio_text(missed) == "0.8997×"
    assert "0.8997×" in table([missed]) and "NO" in table([missed])
    met = Row("import", "csv", unit="articles/s", median=0.97, baseline=1.0, baseline_name="raw",
              targets=[Target("ratio", ">=", 0.9)])
    assert ratio_text(met) == "0.97×"
    untargeted = Row("export", "csv", median=1.4444, baseline=1.0)
    assert ratio_text(untargeted) == "1.44×"
