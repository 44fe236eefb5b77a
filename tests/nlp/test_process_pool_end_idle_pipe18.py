"""pipe18: once no task is left to give, :class:`ProcessPool` kills its idle workers at once (their
exit overlaps the last tasks instead of following them); a task queued again afterwards
(``submit_first``, as the runner does to retry a failed chunk) gets a fresh worker."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest

from annotator.nlp.process_pool import Failed, ProcessPool

pytestmark = [pytest.mark.timeout(60), pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")]


def _init() -> None:
    return None


def _work(state: None, task: str) -> tuple[str, int]:
    if task == "slow":
        time.sleep(1.0)
    if task == "raise":
        raise ValueError("boom")
    return task, os.getpid()


def _pool() -> ProcessPool[str, tuple[str, int]]:
    return ProcessPool(2, init=_init, init_args=(), work=_work, context=multiprocessing.get_context("fork"))


def _ended(pid: int) -> bool:
    """Whether process ``pid`` has exited (a zombie not reaped yet, or gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_an_idle_worker_is_ended_while_the_other_finishes_the_last_task() -> None:
    with _pool() as pool:
        results = pool.imap_unordered(["slow", "fast", "fast"])
        pids = {task + str(n): pid for n, (task, (_, pid)) in enumerate(results)}
        assert list(pids) == ["fast0", "fast1", "slow2"]
        # by the time the slow task's result comes, the worker that did the fast ones (left with
        # nothing to do) has exited; it used to wait, idle, for stop()
        assert pids["fast0"] == pids["fast1"] != pids["slow2"]
        assert _ended(pids["fast0"]) and pool.pids() == []
    assert pool._ended == [] and _ended(pids["slow2"])  # reaped by stop()


def test_a_task_queued_again_after_the_idle_workers_ended_gets_a_fresh_worker() -> None:
    with _pool() as pool:
        seen = []
        started = 0
        for task, result in pool.imap_unordered(["raise"]):
            seen.append((task, type(result).__name__))
            if isinstance(result, Failed):
                started = pool.started
                assert pool.pids() == []  # nothing left: both ended
                pool.submit_first(["again"])
        assert seen == [("raise", "Failed"), ("again", "tuple")]
        assert pool.started == started + 2


def test_without_should_cancel_the_pool_sleeps_until_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.nlp import process_pool

    waits: list[float | None] = []
    real = process_pool.wait

    def counted(objects, timeout=None):
        waits.append(timeout)
        return real(objects, timeout)

    monkeypatch.setattr(process_pool, "wait", counted)
    with _pool() as pool:
        assert [t for t, _ in pool.imap_unordered(["slow"])] == ["slow"]
    # one wait for the 1 s task (it woke every 50 ms: ~20); its timeout is the task's deadline
    assert len(waits) <= 2 and all(t is not None and t > 500 for t in waits)
    waits.clear()
    with _pool() as pool:  # asked to poll: still every POLL_SECONDS
        assert [t for t, _ in pool.imap_unordered(["slow"], should_cancel=lambda: False)] == ["slow"]
    assert len(waits) >= 10 and set(waits) == {process_pool.POLL_SECONDS}
