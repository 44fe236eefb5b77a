"""`annotator report`: the files it writes parse and hold the project's figures; bad input is
one line, exit 1 or 2, and nothing written."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage.project import Project
from tests.report.helpers import known_project

CHART_STEMS = ["articles-by-status", "articles-over-time", "spans-by-label", "suggestions-by-label", "stances"]


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def known_db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        known_project(project)
    return path


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_report_writes_charts_and_summaries(known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run("report", known_db, "--output", out)
    assert result.exit_code == 0, result.output
    assert "1 of 1 article done (100%)" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{s}.{f}" for s in CHART_STEMS for f in ("png", "svg")] + ["summary.json", "summary.md"])
    for stem in CHART_STEMS:
        width, height = _png_size(out / f"{stem}.png")
        assert width >= 800 and height >= 300
        assert ET.parse(out / f"{stem}.svg").getroot().tag.endswith("svg")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["project"] == "news.db"
    assert summary["articles"] == {"total": 1, "done": 1, "by_status": {"new": 0, "in_progress": 0, "done": 1, "reviewed": 0}}
    person = next(s for s in summary["suggestions"] if s["label"] == "PERSON")
    assert (person["accepted"], person["corrected"], person["rejected"], person["pending"]) == (1, 2, 1, 1)
    assert person["acceptance"]["accepted"] == 1 and person["acceptance"]["decided"] == 4
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "**1 of 1 article done (100%)**" in md
    assert "| PERSON | 5 | 1 | 2 | 1 | 1 | 25.0% [4.6%, 69.9%] | 0 | 0 |" in md


def test_report_svg_only_and_rerun_replaces(known_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.report import charts

    monkeypatch.setattr(charts, "CHARTS", charts.CHARTS[:1])  # one chart is enough to see the folder replaced
    out = tmp_path / "report"
    assert run("report", known_db, "-o", out, "--format", "png").exit_code == 0
    result = run("report", known_db, "-o", out, "--format", "svg")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["articles-by-status.svg", "summary.json", "summary.md"]  # the PNG is gone


def test_report_of_empty_project(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Project.open(db).close()
    out = tmp_path / "r"
    result = run("report", db, "-o", out, "--format", "png")
    assert result.exit_code == 0, result.output
    assert "0 of 0 articles done" in result.output
    assert json.loads((out / "summary.json").read_text())["suggestions"] == []


def test_missing_project_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run("report", tmp_path / "nope.db", "-o", out)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "nope.db" in result.output
    assert not out.exists() and not (tmp_path / "nope.db").exists()


def test_output_folder_with_other_files_is_refused(known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run("report", known_db, "-o", out)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {out}: holds 'notes.txt', which a report did not write; the report "
                                                  "replaces the whole folder, so choose a new folder or move those files out"]
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_output_that_is_a_file_or_in_a_missing_folder_is_refused(known_db: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "report.png"
    a_file.write_bytes(b"x")
    result = run("report", known_db, "-o", a_file)
    assert result.exit_code == 1 and "is not a folder" in result.output and len(result.output.splitlines()) == 1
    assert a_file.read_bytes() == b"x"
    result = run("report", known_db, "-o", tmp_path / "no" / "such" / "dir")
    assert result.exit_code == 1 and "does not exist; create it first" in result.output
    assert not (tmp_path / "no").exists()


def test_usage_errors_exit_2(known_db: Path, tmp_path: Path) -> None:
    assert run("report", known_db).exit_code == 2  # --output is required
    assert run("report", known_db, "-o", tmp_path / "r", "--format", "pdf").exit_code == 2
    assert not (tmp_path / "r").exists()


def test_help_has_examples() -> None:
    result = run("report", "--help")
    assert result.exit_code == 0 and "Examples:" in result.output


def test_report_benchmark_runs() -> None:
    """benchmarks/report.py keeps working (tiny size: that it runs, not how fast)."""
    import subprocess
    import sys

    bench = Path(__file__).resolve().parents[2] / "benchmarks" / "report.py"
    result = subprocess.run([sys.executable, str(bench), "--smoke"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "compute_report" in result.stdout and "of 200 articles done" in result.stdout
