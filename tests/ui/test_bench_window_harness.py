"""The window benchmark's harness (benchmarks/scenarios_window.py) leaves nothing of a measured
window behind: a closed window that stayed alive kept its application-wide key filter, and every
later measure paid for it (issue 12)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import shiboken6

from annotator.ui.key_scope import SpanKeyScope
from annotator.ui.window import MainWindow
from tests.ui.test_window_support import make_project


def _alive(kind: type) -> list:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind) and shiboken6.isValid(o)]


def _new(kind: type, before: list) -> list:
    """The live ``kind`` objects that were not alive in ``before``: what the harness made. (A count
    was flaky: a window left by an earlier test in the same worker could be destroyed while this
    test opened its own, so the count stayed the same with a scope leaked.)"""
    return [o for o in _alive(kind) if not any(o is b for b in before)]


@pytest.fixture
def themed_back(qapp):  # noqa: ANN001, ANN201
    """The harness themes the application once (``scenarios_window.app``: Fusion, light palette,
    style sheet), as a benchmark process should; in the test process that would leak into every
    later test of the worker (test_article_view's dark palette painted white after it)."""
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_close_window_destroys_the_window_and_its_key_filter(qtbot, tmp_path: Path, themed_back) -> None:  # noqa: ANN001
    from benchmarks import scenarios_window

    make_project(tmp_path / "p.db").close()
    windows, scopes = _alive(MainWindow), _alive(SpanKeyScope)
    for _ in range(3):
        window, project = scenarios_window.open_window(tmp_path / "p.db")
        assert len(_new(SpanKeyScope, scopes)) == 1 and _new(MainWindow, windows) == [window]
        scenarios_window.close_window(window, project)
        del window, project
        assert (_new(MainWindow, windows), _new(SpanKeyScope, scopes)) == ([], [])
