"""The import row of ``python -m benchmarks`` compares like with like (pipe17): the raw insert's
library is imported before its clock starts, as the import's modules are; raw and ours take turns
going first; the note gives the per-round ratios. Fast: no real import runs here."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from benchmarks import scenarios_data


class _Work:
    def __init__(self, path: Path) -> None:
        self.path = path

    def bodies_csv(self, n: int) -> Path:
        return self.path / "bodies.csv"


def test_raw_and_ours_alternate_and_the_note_gives_per_round_ratios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    seconds = {"raw-insert": [1.0, 1.0, 1.0], "import": [1.25, 1.0, 2.0]}  # ratios 0.8, 1.0, 0.5

    def fake_child(module: str, child: str, what: str, *args: str) -> dict[str, float]:
        order.append(what)
        if what == "index":
            return {"seconds": 0.1, "cpu": 0.1}
        return {"seconds": seconds[what].pop(0), "cpu": 0.5}

    monkeypatch.setattr(scenarios_data, "run_child", fake_child)
    (row,) = scenarios_data.import_rows(_Work(tmp_path), 10, 3)  # type: ignore[arg-type]
    runs = [w for w in order if w != "index"]
    assert runs == ["raw-insert", "import", "import", "raw-insert", "raw-insert", "import"]
    assert "per-round ratios: median 0.80, 0.50-1.00 over 3 rounds" in row.note


def test_the_raw_insert_clock_starts_after_sqlite_utils_is_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("Body ID,articleBody\n1,An invented body of text for the test.\n", encoding="utf-8")
    loaded_at_start: list[bool] = []

    class Clock:
        @staticmethod
        def perf_counter() -> float:
            if not loaded_at_start:
                loaded_at_start.append("sqlite_utils" in sys.modules)
            return time.perf_counter()

        process_time = staticmethod(time.process_time)

    # as in a fresh child process: sqlite-utils not imported yet (monkeypatch puts it back after)
    monkeypatch.delitem(sys.modules, "sqlite_utils", raising=False)
    monkeypatch.setattr(scenarios_data, "time", Clock)
    done = scenarios_data.child(["raw-insert", str(source), str(tmp_path / "raw.db")])
    assert done["seconds"] >= 0
    assert loaded_at_start == [True]


def test_the_note_says_how_many_rounds_read_in_a_second_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """import17: the reading process runs only with a core free, so the note says how many of
    the rounds had it (a reaped child's CPU in the import's child)."""
    helper = [0.3, 0.0, 0.0]

    def fake_child(module: str, child: str, what: str, *args: str) -> dict[str, float]:
        if what == "import":
            return {"seconds": 1.0, "cpu": 0.5, "children_cpu": helper.pop(0)}
        return {"seconds": 1.0, "cpu": 0.5}

    monkeypatch.setattr(scenarios_data, "run_child", fake_child)
    (row,) = scenarios_data.import_rows(_Work(tmp_path), 10, 3)  # type: ignore[arg-type]
    assert "only with a core free" in row.note and "1 of 3 rounds did" in row.note
