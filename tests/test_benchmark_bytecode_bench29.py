"""The benchmark's children load bytecode as a user's Annotator does (bench29): under
PYTHONDONTWRITEBYTECODE each child compiled every lazily imported module inside its clock
(0.24 s of a 1.05 s jsonl export of 10,000 articles). Fast: no child runs here."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from benchmarks import harness


def _capture(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.append(kwargs["env"])
        return subprocess.CompletedProcess(cmd, 0, stdout='{"seconds": 1.0}\n', stderr="")

    monkeypatch.setattr(harness.subprocess, "run", fake_run)
    monkeypatch.setattr(harness, "settle_writes", lambda: 0.0)
    return seen


@pytest.mark.timeout(30)
def test_children_write_and_use_bytecode_even_when_the_shell_forbids_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    seen = _capture(monkeypatch)
    harness.run_child("scenarios_data", "child", "export", "jsonl", "p.db", "out")
    # Python ignores an empty PYTHONDONTWRITEBYTECODE: the child writes and reuses __pycache__
    assert seen[0]["PYTHONDONTWRITEBYTECODE"] == ""


@pytest.mark.timeout(30)
def test_a_scenarios_own_environment_still_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    harness.run_child("scenarios_launch", env={"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "cache"})
    assert seen[0]["PYTHONDONTWRITEBYTECODE"] == "1"
    assert seen[0]["PYTHONPYCACHEPREFIX"] == "cache"


@pytest.mark.timeout(120)
def test_compile_sources_leaves_current_bytecode_for_the_children(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    harness.compile_sources()
    source = harness.ROOT / "annotator" / "formats" / "jsonl.py"
    cached = importlib.util.cache_from_source(str(source))
    assert __import__("os").path.getmtime(cached) >= source.stat().st_mtime
