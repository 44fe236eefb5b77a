"""ui32: README said the benchmark table "fits 160 columns"; a tester counted the table's bytes
and found lines longer than 160. The limit is in characters — Unicode code points, what
``len(str)`` counts and what the table's wrapping counts — and "≤", "≥", "×", "…" and "—" are
2-3 bytes each in UTF-8. README now says so, and the test that enforces the width
counts code points (``len`` of the decoded line), never bytes."""

from __future__ import annotations

from pathlib import Path

from benchmarks import harness
from benchmarks.harness import TABLE_WIDTH, Row, at_most, table
from tests.test_benchmark_table_bench24 import full_run_rows

ROOT = Path(__file__).resolve().parents[1]


def _wrapping_rows() -> list[Row]:
    """Rows whose measure is long enough to wrap: the measure column takes every character the
    others leave, so the row's lines are exactly as wide as the table may be."""
    long = "longest UI freeze while the launch's pre-annotation, the backup and the full-text catch-up all run @ 50,000 articles"
    return [*full_run_rows(), Row("launch", long, "ms", 66.2, 70.0, 3, 31.4, "bare QMainWindow", at_most(50, "ms"))]


def test_the_width_is_counted_in_code_points_not_bytes() -> None:
    for smoke in (False, True):
        lines = table(_wrapping_rows(), smoke=smoke).splitlines()
        assert max(len(line) for line in lines) == TABLE_WIDTH  # the wrapped measure fills the width, no more
        # the same lines in UTF-8 bytes are longer than the width: what the tester counted
        over = [line for line in lines if len(line.encode("utf-8")) > TABLE_WIDTH]
        assert over and all(len(line) <= TABLE_WIDTH for line in over), over
        assert all(any(ch in line for ch in "≤≥×…—") for line in over), over


def test_the_readme_says_characters_and_code_points() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "160 columns" not in readme
    start = readme.index("No line of the table is longer than 160 characters")
    said = readme[start:start + 300]
    assert "code points" in said and "bytes" in said, said
    assert harness.TABLE_WIDTH == 160  # the number README gives
