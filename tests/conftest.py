"""Shared fixtures. Qt runs offscreen and per-user files go to a temp dir, whoever runs the tests."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from annotator.paths import shared_data  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

# Property tests in the default suite are derandomized: the same examples every run, so CI never
# fails on a case no developer ran. The long runs draw fresh examples:
#   ANNOTATOR_HYPOTHESIS=long .venv/bin/python -m pytest tests/...   (see docs/fidelity.md)
settings.register_profile("suite", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", derandomize=False, deadline=None, max_examples=2000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("ANNOTATOR_HYPOTHESIS", "suite"))

# ../shared/data beside the checkout, as the guide lays it out; ANNOTATOR_SHARED_DATA points a
# checkout elsewhere (a git worktree). The app, the scorers and the benchmarks use the same rule.
SHARED_DATA = shared_data()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """How many pytest-xdist workers ``-n auto`` (pyproject's addopts) starts: none (the tests run in
    this process) when every argument names single tests (``tests/x.py::test_y``), where starting
    workers (each imports Qt, spaCy's deps, hypothesis: seconds on a loaded machine) would cost more
    than it saves; else one per core this process may use. ``PYTEST_XDIST_AUTO_NUM_WORKERS=N``
    still decides when set, as in pytest-xdist's own rule."""
    chosen = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "")
    if chosen.isdigit():
        return int(chosen)
    if config.args and all("::" in arg for arg in config.args):
        return 0
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(autouse=True)
def _no_background_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """perf31: a window prepares the exports' tokens by itself a few seconds after it opens (a child
    process importing spaCy, writes to the project); every test that makes a window (or launches
    the app) but tests/ui/test_background_tokens_perf31.py, which sets it back, runs without it.
    An environment variable, not the module's flag: importing the module would import Qt here."""
    monkeypatch.setenv("ANNOTATOR_BACKGROUND_TOKENS", "0")


@pytest.fixture
def project(tmp_path: Path):
    """A fresh, empty project file; closed after the test."""
    proj = Project.open(tmp_path / "test.db")
    yield proj
    proj.close()
