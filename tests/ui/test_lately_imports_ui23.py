"""usertest21 M3: with two File → Import runs queued, the first import's summary was gone from
the jobs menu's "Lately" once more lines came (4 kept, the queue notice among them). Each
import's summary is kept there now; a queue notice gives way first."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_import_preannotates_ui21 import CTRL, _csv, _import_by_keys, _Recording
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(90)


def test_each_imports_summary_stays_in_lately(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    gate = threading.Event()
    window = make_window(project, suggester=_Recording(gate))
    work = window.background
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "a.csv", "A\nOslo first.", "B\nParis next."))
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "b.csv", "C\nRome last.", "D\nBern after.", "E\nLima too."))
    assert work.queued_titles() == ["Import"]  # the second waits for the first
    pump_until(lambda: window.job is None and not work.queued_titles() == ["Import"], 20)
    pump_until(lambda: window.job is None, 20)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Period, CTRL)  # the first import's run cancelled, the second's dropped
    gate.set()
    pump_until(lambda: not window._retired, 20)
    for k, name in enumerate(("c.csv", "d.csv", "e.csv")):  # three more imports, each run to its end
        _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / name, f"F{k}\nQuito {k}.", f"G{k}\nLagos {k}."))
        pump_until(lambda: not window.is_busy(), 20)
        wait_idle(window)
    lately = list(work.recent)
    for added in (2, 3):
        assert any(line.startswith(f"Imported {added} new articles") for line in lately), lately
    assert any(line.startswith("Cancelled: Pre-annotation after") for line in lately), lately
    assert not any("queued after Import" in line for line in lately), lately  # the notice gave way
    pump_until(lambda: not window._retired, 20)
