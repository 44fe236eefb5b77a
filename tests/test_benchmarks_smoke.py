"""The benchmark commands keep working as the code under them changes (a refactor once broke
one silently). Tiny sizes: this checks that they run, not how fast."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _run(*args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_window_benchmark_runs() -> None:
    assert "accept (saved + repainted)" in _run(str(BENCHMARKS / "window.py"), "--smoke")


def test_paint_benchmark_runs() -> None:
    assert "open+paint" in _run(str(BENCHMARKS / "paint.py"), "--smoke")


def test_backup_benchmark_runs() -> None:
    assert "edit, backups running" in _run(str(BENCHMARKS / "backup.py"), "--smoke")


@pytest.mark.trained
def test_preannotate_benchmark_runs(tmp_path: Path) -> None:
    data = tmp_path / "bodies.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Body ID", "articleBody"])
        for n in range(4):
            writer.writerow([n, f"Article {n}. \"We will win,\" the mayor said on Tuesday. Prices rose 4% in {2000 + n}."])
    out = _run(str(BENCHMARKS / "preannotate.py"), "--data", str(data), "--processes", "1")
    assert "words/s" in out
