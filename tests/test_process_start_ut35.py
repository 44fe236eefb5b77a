"""usertest35 H1: a child is forked only from the main thread of a process running no other thread
and without Qt (annotator/process_start.py); the exports, the CSV import's reader and the
pre-annotation workers all ask the same question."""

from __future__ import annotations

import sys
import threading
import types

import pytest

from annotator.formats import stream_pool
from annotator.nlp import runner
from annotator.process_start import can_fork

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def no_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "PySide6" or n.startswith("PySide6.")]:
        monkeypatch.delitem(sys.modules, name)


def _answers_in_a_thread() -> tuple[bool, str, bool]:
    seen: list[tuple[bool, str, bool]] = []
    thread = threading.Thread(target=lambda: seen.append((can_fork(), stream_pool.start_method(), runner.can_fork())))
    thread.start()
    thread.join()
    return seen[0]


def test_the_main_thread_alone_without_qt_forks(no_qt) -> None:  # noqa: ANN001
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork on this platform")
    if threading.active_count() != 1:
        pytest.skip("another thread runs in this test process")
    assert can_fork() and stream_pool.start_method() == "fork" and runner.can_fork()


def test_any_thread_but_the_main_one_spawns(no_qt) -> None:  # noqa: ANN001
    # a thread Python meets for the first time here: the window's QThread was one (active_count() == 1 in it)
    assert _answers_in_a_thread() == (False, "spawn", False)


def test_a_process_with_qt_loaded_spawns(monkeypatch: pytest.MonkeyPatch, no_qt) -> None:  # noqa: ANN001
    monkeypatch.setitem(sys.modules, "PySide6", types.ModuleType("PySide6"))
    assert not can_fork() and stream_pool.start_method() == "spawn" and not runner.can_fork()
