"""The --dask and pool benchmarks keep running as the code under them changes (tiny, rule-only:
this checks that they run and print their comparison, not how fast)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(module: str) -> str:
    result = subprocess.run([sys.executable, "-m", module, "--smoke"], capture_output=True, text=True, timeout=170,
                            cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_dask_benchmark_compares_dask_with_local_processes() -> None:
    pytest.importorskip("distributed")
    out = _run("benchmarks.preannotate_dask")
    for line in ("1 process ", "--processes 2 ", "--dask (2 workers) ", "dask / --processes 2:", "dask / 1 process:"):
        assert line in out, out
    assert out.count("12 articles, 36 suggestions") == 3, out  # the three ways suggest the same


def test_pool_benchmark_compares_the_pools_and_probes_a_crash() -> None:
    out = _run("benchmarks.preannotate_pools")
    for line in ("ProcessPool fork x2", "Executor fork x2", "nlp.pipe(n_process=2)", "crash, ProcessPool:", "BrokenProcessPool"):
        assert line in out, out
