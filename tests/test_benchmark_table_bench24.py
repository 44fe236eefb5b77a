"""usertest24p M5: ``python -m benchmarks --smoke`` readable. The table fits 160 columns (it was 262:
the brat baseline's description set the baseline column's width), baselines by short names with the
description in the row's note and in the JSON; the smoke table does not judge the targets; a
skipped scenario's progress line says so and one line after the table says what to set; a broken
scenario exits 1, a missed target does not; the Qt plugin's propagateSizeHints()/raise() lines go."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import __main__ as bench
from benchmarks import harness, scenarios_data
from benchmarks.corpus import DataMissing
from benchmarks.harness import Row, Target, at_most, markdown, table

ROOT = Path(__file__).resolve().parents[1]


def full_run_rows() -> list[Row]:
    """The widest cells of the full run's rows (README 'Last full run'), with the real brat baselines."""
    return [
        Row("launch", "longest UI freeze, first 5 s and the backup @ 50,000 articles", "ms", 66.2, 70.0, 3, 31.4,
            "bare QMainWindow", at_most(50, "ms"), note="pre-annotation running in 3 of 3 runs"),
        Row("edits", "undo in another article, tagged project @ 10,000 articles", "ms", 7.38, 10.2, 20, 5.94, "10 articles",
            at_most(16, "ms", p95=33)),
        Row("export", "brat @ 10,000 articles", "s", 2.03, 2.29, 3, 0.812, scenarios_data.BASELINE_NAME["brat"], at_most(3, "s"),
            note="CPU 0.61 s (median)"),
        Row("export", "brat re-export over a just-deleted export @ 10,000 articles", "s", 3.36, 5.95, 3, 5.36,
            scenarios_data.BRAT_AGAIN_NAME, note="no target"),
        Row("import", "csv @ 10,000 articles", "articles/s", 18_448.0, 18_622.0, 3, 20_504.0, "raw sqlite-utils insert_all",
            [Target("ratio", ">=", 0.9)]),
        Row("preannotate", "raw nlp.pipe, 2 processes side by side", "words/s", 1_234_567.0, 1_234_567.0, 1, 654_321.0,
            "raw nlp.pipe"),
    ]


def test_the_table_fits_160_columns_with_short_baseline_names() -> None:
    rows = full_run_rows() + [harness.skipped("import", "all", "/a/long/folder/shared/data/fnc1-train-bodies.csv is not here "
                                                             "(FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA; never shipped)")]
    text = table(rows)
    body, notes = text.split("\nnotes:\n")
    # characters (code points: len of the str), as README says; its UTF-8 bytes are more (ui32)
    assert max(len(line) for line in text.splitlines()) <= 160, text
    notes = " ".join(notes.split())  # wrapped to the width: compared as words
    assert "0.812 (raw files (2 an article))" in body and "5.36 (raw files after a delete)" in body
    assert scenarios_data.BASELINE_NAME["brat"] not in body
    # the description is in the row's note; every word of a wrapped measure is still in the table
    assert f"export / brat @ 10,000 articles: baseline 'raw files (2 an article)': {scenarios_data.BASELINE_NAME['brat']}; CPU" in notes
    assert scenarios_data.BRAT_AGAIN_NAME in notes
    assert all(word in body.split() for word in "longest UI freeze, first 5 s and the backup @ 50,000 articles".split())
    assert max(len(harness.short_baseline(r.baseline_name)) for r in rows) <= harness.BASELINE_WIDTH
    assert harness.short_baseline("x" * 60) == "x" * 39 + "…"  # an unregistered long description is cut, never widens


def test_the_json_keeps_the_description_and_adds_the_short_name() -> None:
    brat = full_run_rows()[2].as_json()
    assert brat["baseline_name"] == scenarios_data.BASELINE_NAME["brat"]
    assert brat["baseline_short"] == "raw files (2 an article)"


def test_the_readme_table_is_rendered_with_the_terminal_names() -> None:
    rows = [r.as_json() for r in full_run_rows()]
    rendered = markdown(rows).splitlines()
    assert rendered[0] == "| scenario | measure | median | p95 | unit | baseline | ratio | target | holds |"
    assert "| export | brat @ 10,000 articles | 2.03 | 2.29 | s | 0.812 (raw files (2 an article)) | 2.50× | ≤ 3 s | yes |" in rendered
    assert "| import | csv @ 10,000 articles | 18,448 | 18,622 | articles/s | 20,504 (raw sqlite-utils insert_all) | 0.8997× | ≥ 0.9× | NO |" in rendered
    # README's last full run uses the same names: no baseline there longer than the terminal shows
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    full = readme[readme.index("### Last full run"):]
    cells = [line.split(" | ")[5] for line in full.splitlines() if line.startswith("| ") and line.count(" | ") == 8]
    assert cells and max(len(c) for c in cells) <= harness.BASELINE_WIDTH + 12, max(cells, key=len)


def test_the_smoke_table_does_not_judge_the_targets() -> None:
    text = table(full_run_rows(), smoke=True).splitlines()
    assert text[0] == harness.SMOKE_HEADER and text[0].startswith("smoke size: checks the benchmark runs; targets are for the full sizes")
    launch = next(line for line in text if line.startswith("launch "))
    assert launch.endswith("(smoke)") and "NO" not in launch
    assert next(line for line in text if line.startswith("preannotate ")).endswith("—")  # no target: nothing to judge
    assert "NO" in table(full_run_rows())  # the full table still says it


def _fake_plan(steps):  # noqa: ANN001, ANN202
    return lambda args, work: steps


def test_skipped_scenarios_say_so_and_a_missed_target_exits_0(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def no_data() -> list[Row]:
        raise DataMissing("/nowhere/fnc1-train-bodies.csv is not here")

    missed = [Row("preannotate", "2 processes", "words/s", 400.0, 400.0, 1, 600.0, "1 process", [Target("ratio", ">=", 1.8)])]
    monkeypatch.setattr(bench, "plan", _fake_plan([("edits,open", no_data), ("preannotate", lambda: missed)]))
    assert bench.main(["--smoke", "--only", "edits,open,preannotate"]) == 0
    out, err = capsys.readouterr()
    assert "  edits,open: skipped: /nowhere/fnc1-train-bodies.csv is not here" in err.splitlines()
    lines = out.splitlines()
    said = [line for line in lines if "scenarios skipped" in line]
    assert len(said) == 1 and said[0].startswith("2 of 3 scenarios skipped (edits, open)") and "ANNOTATOR_SHARED_DATA=" in said[0]
    assert lines[1] == harness.SMOKE_HEADER


def test_a_broken_scenario_exits_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def broken() -> list[Row]:
        raise KeyError("seconds")

    monkeypatch.setattr(bench, "plan", _fake_plan([("import", broken)]))
    assert bench.main(["--smoke", "--only", "import"]) == 1
    out, err = capsys.readouterr()
    assert "import: FAILED (see the table)" in err and "failed: KeyError" in out
    assert "scenarios skipped" not in out


def test_markdown_option_renders_a_json_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "run.json"
    harness.write_json(path, full_run_rows(), {"cpus": 2})
    assert bench.main(["--markdown", str(path)]) == 0
    assert "| 0.812 (raw files (2 an article)) |" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert bench.main(["--markdown", str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "run with --json FILE first" in err


def test_the_qt_plugin_lines_are_silenced_and_nothing_else() -> None:
    code = ("from benchmarks import qt_quiet; qt_quiet.install()\n"
            "from PySide6.QtCore import qWarning\n"
            "qWarning('This plugin does not support propagateSizeHints()')\n"
            "qWarning('This plugin does not support raise()')\n"
            "qWarning('a warning that stays')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == ["a warning that stays"]
