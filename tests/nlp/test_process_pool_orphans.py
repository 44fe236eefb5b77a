"""A forked worker of :class:`annotator.nlp.process_pool.ProcessPool` ends when its parent is killed
outright (SIGKILL: no cleanup runs). It used to keep its own copy of the parent's end of its pipe,
so it waited in ``recv()`` forever, an orphan holding every descriptor it inherited (a CI run's
kill test hung on exactly that)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

PARENT = r"""
import multiprocessing, os, signal, sys, time
from annotator.nlp.process_pool import ProcessPool

def init():
    return None

def work(state, task):
    return task

pool = ProcessPool(2, init=init, init_args=(), work=work, context=multiprocessing.get_context("fork"))
with pool:
    list(pool.imap_unordered([1, 2, 3]))  # the workers are up and waiting for the next task
    print(" ".join(str(pid) for pid in pool.pids()), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and /proc")
def test_forked_workers_end_when_their_parent_is_killed() -> None:
    run = subprocess.run([sys.executable, "-c", PARENT], capture_output=True, text=True, timeout=20)
    assert run.returncode == -9, run.stderr
    pids = [int(p) for p in run.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if _running(p)]
        time.sleep(0.05)
    for pid in alive:  # do not leave them behind if the test fails
        os.kill(pid, 9)
    assert not alive, f"orphaned workers still running: {alive}"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
