"""The window benchmark's harness (benchmarks/scenarios_window.py) leaves nothing of a measured
window behind: a closed window that stayed alive kept its application-wide key filter, and every
later measure paid for it (issue 12)."""

from __future__ import annotations

import gc
from pathlib import Path

import shiboken6

from annotator.ui.key_scope import SpanKeyScope
from annotator.ui.window import MainWindow
from tests.ui.test_window_support import make_project


def _alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind) and shiboken6.isValid(o))


def test_close_window_destroys_the_window_and_its_key_filter(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from benchmarks import scenarios_window

    make_project(tmp_path / "p.db").close()
    before = (_alive(MainWindow), _alive(SpanKeyScope))
    for _ in range(3):
        window, project = scenarios_window.open_window(tmp_path / "p.db")
        assert _alive(SpanKeyScope) == before[1] + 1
        scenarios_window.close_window(window, project)
        del window, project
    assert (_alive(MainWindow), _alive(SpanKeyScope)) == before
