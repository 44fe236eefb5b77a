"""The launch benchmark's children measure only what they launch (launch13): importing
``benchmarks.scenarios_launch`` (what ``run_child`` does in each child, the bare ``QMainWindow``
baseline too) imports neither the annotator package nor the benchmark's corpus builder; they
made the baseline pay for sqlite-utils, csv and the rest before Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_launch_child_module_imports_no_annotator_module() -> None:
    code = ("import sys, json; import benchmarks.scenarios_launch; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('annotator', 'sqlite_utils') "
            "or m == 'benchmarks.corpus')))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
