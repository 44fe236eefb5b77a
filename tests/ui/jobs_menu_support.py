"""Shared steps of the jobs-menu tests (test_jobs_menu_misc12, test_jobs_lines_ut13): open the
menu by keys, hold a pre-annotation or an export running, queue an import behind them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_queued_jobs_ui12j import _held_export, _source
from tests.ui.test_window_support import fake_suggester, pump_until

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_menu(qtbot, window):  # noqa: ANN001, ANN201
    """Ctrl+Shift+J on ``window``; the jobs menu once it shows (waits up to 10 s)."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)
    pump_until(lambda: window.background.menu is not None and window.background.menu.isVisible(), 10)
    return window.background.menu


def held_preannotation(seconds: float) -> tuple[Callable, threading.Event, threading.Event]:
    """A suggester that sets ``entered`` and then waits for ``gate`` (at most ``seconds``) before it
    answers as fake_suggester: returns (suggester, gate, entered)."""
    gate, entered = threading.Event(), threading.Event()

    def held(pipeline, text):  # noqa: ANN001, ANN202
        entered.set()
        gate.wait(seconds)
        return fake_suggester(pipeline, text)
    return held, gate, entered


def queue_import_behind_export(window, tmp_path: Path) -> None:  # noqa: ANN001
    """Start an export to tmp_path/a.jsonl on the shown ``window`` and queue an import behind it."""
    assert transfer.start_export(window, tmp_path / "a.jsonl", "jsonl")
    assert transfer.start_import(window, [_source(tmp_path)])


def export_running_import_queued(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                 project: Project | None = None):  # noqa: ANN201
    """A shown window on ``project`` (default a new tmp_path/p.db) whose export is held running
    and an import queued behind it: returns (window, release), release.set() lets the export end."""
    release = _held_export(monkeypatch)
    window = make_window(project if project is not None else Project.open(tmp_path / "p.db"))
    window.show()
    queue_import_behind_export(window, tmp_path)
    return window, release


def preannotation_and_export_running_import_queued(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """A shown window whose pre-annotation is held inside its suggester (up to 20 s) and whose
    export is held running, with an import queued: returns (window, release, gate); release.set()
    ends the export, gate.set() the pre-annotation."""
    release = _held_export(monkeypatch)
    held, gate, entered = held_preannotation(20)
    window = make_window(suggester=held)
    window.show()
    assert window.start_preannotation(asked=True)
    pump_until(entered.is_set, 30)
    queue_import_behind_export(window, tmp_path)
    return window, release, gate
