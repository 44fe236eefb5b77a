"""usertest21 M3: Ctrl+. cancelling File → Import's pre-annotation said "Cancelled:
Pre-annotation", neither how far it got nor what becomes of the rest. Now: "Cancelled:
Pre-annotation after 1 of 3 articles; the rest are pre-annotated at the next launch or by File →
Pre-annotate articles", the count being the articles whose suggestions were stored."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_import_preannotates_ui21 import CTRL, _csv, _import_by_keys, _new_ids
from tests.ui.test_window_support import fake_suggester, make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(90)


class _FirstOnly:
    """fake_suggester that answers the first article at once and holds the others until ``gate``."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls = 0

    def __call__(self, pipeline: object, text: str):  # noqa: ANN204
        self.calls += 1
        if self.calls > 1:
            self.gate.wait(30)
        return fake_suggester(pipeline, text)


def test_the_cancel_says_how_many_and_what_next(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    suggester = _FirstOnly()
    window = make_window(project, suggester=suggester)
    before = project.article_ids()
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "three.csv", "A\nOslo first.", "B\nParis next.", "C\nRome last."))
    pump_until(lambda: window.job is None and window.worker is not None and getattr(window.worker, "saved", 1) == 1, 20)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Period, CTRL)  # Cancel (Ctrl+.)
    assert window.statusBar().currentMessage() == (
        "Cancelled: Pre-annotation after 1 of 3 articles; 2 left: pre-annotated at the next launch or by "
        "File → Pre-annotate articles")  # ui25: counted
    suggester.gate.set()
    pump_until(lambda: not window._retired, 20)
    new = _new_ids(project, before)
    assert sum(project.preannotation(i) is not None for i in new) == 1  # the one counted
    assert any(r.startswith("Cancelled: Pre-annotation after 1 of 3") for r in window.background.recent)  # in Lately


def test_cancelling_file_preannotate_all_again_says_the_rest_are_as_they_were(qtbot, make_window, tmp_path) -> None:  # noqa: ANN001
    # File → Pre-annotate articles → All again (all 3 had suggestions: the box offers only that)
    # runs again over articles that had suggestions: neither the launch's run nor File →
    # Pre-annotate's default takes those, so "pre-annotated at the next launch" would be untrue
    project = make_project(tmp_path / "p.db")
    suggester = _FirstOnly()
    window = make_window(project, suggester=suggester)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)  # File → Pre-annotate articles
    pump_until(lambda: window.worker is not None and getattr(window.worker, "saved", 0) == 1, 20)
    qtbot.keyClick(window, Qt.Key.Key_Period, CTRL)
    assert window.statusBar().currentMessage() == (
        "Cancelled: Pre-annotation after 1 of 3 articles; the rest are as they were: File → Pre-annotate articles "
        "→ All again runs them again")
    suggester.gate.set()
    pump_until(lambda: not window._retired, 20)
