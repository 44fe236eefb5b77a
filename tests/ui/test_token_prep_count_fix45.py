"""fix45 (usertest30 L4): the window's token preparation counted from 0 again when reopened: a run
closed at 700 of 1,885 stored said "0 of 1,185" … "1,185 of 1,185" in the next window. Its line
counts over the project now, tokens stored before counting as done: "700 of 1,885" at the start,
"1,885 of 1,885" at the end. In tests/ui/test_background_tokens_perf31.py's style (same project
shape, its fixture). Fails on main: the first line read "0 of 180"."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.formats import token_prep
from annotator.storage.project import Project
from tests.ui.test_background_tokens_perf31 import _project, _quick, _stored  # noqa: F401 - _quick: autouse fixture
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(180)

ARTICLES = 240
BEFORE = 60  # stored by a run that was stopped (the window closed)


def _stopped_run(path: Path) -> None:
    """A first run stopped once BEFORE articles' tokens are stored (a window closed mid-run)."""
    gate, stop = threading.Event(), threading.Event()

    def report(done: int, _total: int) -> None:
        if done >= BEFORE:
            stop.set()

    gate.set()
    token_prep.TokenPrep(path, gate=gate, stop=stop, report=report, batch=BEFORE // 2).run()


def test_reopened_run_counts_over_the_project(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = _project(tmp_path / "p.db", ARTICLES)
    _stopped_run(path)
    assert _stored(path) == BEFORE
    window = make_window(Project.open(path, create=False))
    labels: list[str] = []

    def all_stored() -> bool:
        indicator = window.tokens_indicator
        if indicator.isVisible() and (not labels or labels[-1] != indicator.label.text()):
            labels.append(indicator.label.text())
        return _stored(path) == ARTICLES

    qtbot.waitUntil(all_stored, timeout=90_000)
    qtbot.waitUntil(lambda: not window.background_tokens.is_running(), timeout=10_000)
    shown = [text for text in labels if text.startswith("Preparing tokens for exports: ")]
    assert shown, labels
    assert shown[0] == f"Preparing tokens for exports: {BEFORE:,} of {ARTICLES:,}", shown[:3]
    assert all(text.endswith(f" of {ARTICLES:,}") for text in shown), shown
    done = [int(text.split(": ")[1].split(" of ")[0].replace(",", "")) for text in shown]
    assert done == sorted(done) and done[0] >= BEFORE, done


def test_a_run_reports_the_projects_count(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db", ARTICLES)
    _stopped_run(path)
    reports: list[tuple[int, int]] = []
    gate, stop = threading.Event(), threading.Event()
    gate.set()
    outcome = token_prep.TokenPrep(path, gate=gate, stop=stop, report=lambda d, t: reports.append((d, t)), batch=50).run()
    assert outcome.finished and outcome.written == ARTICLES - BEFORE == outcome.total
    assert reports[0] == (BEFORE, ARTICLES) and reports[-1] == (ARTICLES, ARTICLES), reports
