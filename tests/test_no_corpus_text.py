"""The project holds no text of the corpora in ../shared/data (PolNeAR, FNC-1, the seed article):
tests and docs use invented sentences of the same shape, and the data is read from ../shared only.
A tracked text file sharing a run of :data:`RUN` words with a corpus text fails, naming the file,
the run and its source. Skipped where the data is absent (a checkout without ../shared)."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.timeout(120)
ROOT = Path(__file__).resolve().parents[1]
RUN = 8  # words: shorter runs are common English ("the agency said in a statement")
SKIP_SUFFIXES = {".png", ".spacy", ".svg", ".ico"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _runs(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def _corpus_runs() -> dict[str, str]:
    """Each run of RUN words of a corpus text -> where it stands (file or FNC-1 body id)."""
    runs: dict[str, str] = {}
    for split in ("polnear-dev", "polnear-train"):
        for path in sorted((SHARED_DATA / split).rglob("*.txt")):
            for run in _runs(path.read_text(encoding="utf-8", errors="replace")):
                runs.setdefault(run, f"{split}/{path.name}")
    bodies = SHARED_DATA / "fnc1-train-bodies.csv"
    if bodies.is_file():
        csv.field_size_limit(1 << 30)
        with bodies.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for run in _runs(row["articleBody"]):
                    runs.setdefault(run, f"fnc1 body {row['Body ID']}")
    seed = SHARED_DATA / "seed-article.txt"
    if seed.is_file():
        for run in _runs(seed.read_text(encoding="utf-8")):
            runs.setdefault(run, "seed-article.txt")
    return runs


def _tracked() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.stdout.decode().split("\0") if name]


def test_no_tracked_file_holds_corpus_text() -> None:
    if not (SHARED_DATA / "polnear-dev").is_dir():
        pytest.skip(f"no corpora at {SHARED_DATA}")
    corpus = _corpus_runs()
    found = []
    for path in _tracked():
        if path.suffix in SKIP_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hits = sorted(run for run in _runs(text) if run in corpus)
        if hits:
            found.append(f"{path.relative_to(ROOT)}: {len(hits)} runs, e.g. {hits[0]!r} ({corpus[hits[0]]})")
    assert found == [], "corpus text in the project; write invented sentences of the same shape:\n" + "\n".join(found)


def test_the_check_sees_a_copied_run() -> None:
    text = "One two three four five six seven eight nine."
    assert "one two three four five six seven eight" in _runs(text)
    assert _runs("too short to count") == set()
