"""usertest35 H1: a child is forked only from the main thread of a process running no other thread
and without Qt (annotator/process_start.py); the exports, the CSV import's reader and the
pre-annotation workers all ask the same question. Each case runs in a fresh interpreter: the test
process itself runs pytest's and xdist's threads and has Qt loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)

ASK = ("from annotator.process_start import can_fork; from annotator.formats import stream_pool; "
       "from annotator.nlp import runner; answer = lambda: print(can_fork(), stream_pool.start_method(), runner.can_fork())")


def _answer(code: str) -> list[str]:
    probe = "import multiprocessing, sys; sys.exit(0 if 'fork' in multiprocessing.get_all_start_methods() else 3)"
    if subprocess.run([sys.executable, "-c", probe], timeout=60).returncode == 3:
        pytest.skip("no fork on this platform")
    return subprocess.run([sys.executable, "-c", f"{ASK}\n{code}"], capture_output=True, text=True, timeout=100,
                          check=True).stdout.split()


def test_the_main_thread_alone_without_qt_forks() -> None:
    assert _answer("answer()") == ["True", "fork", "True"]


def test_any_thread_but_the_main_one_spawns() -> None:
    assert _answer("import threading; t = threading.Thread(target=answer); t.start(); t.join()") == ["False", "spawn", "False"]


def test_a_thread_python_has_not_met_spawns() -> None:
    # the window's export job runs in a QThread: threading.active_count() was 1 there, so the old
    # rule forked from it (usertest35 H1). A thread started by _thread is one Python has not met either.
    code = ("import _thread, time\ndone = []\n_thread.start_new_thread(lambda: (answer(), done.append(1)), ())\n"
            "while not done:\n    time.sleep(0.01)")
    assert _answer(code) == ["False", "spawn", "False"]


def test_a_process_with_qt_loaded_spawns() -> None:
    assert _answer("import PySide6.QtCore; answer()") == ["False", "spawn", "False"]
