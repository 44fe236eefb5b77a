"""fix28 (usertest26 M1, issue 12): the window's full-text catch-up holds the write lock for a
bounded time per step (a time budget, checked here with a fake clock: no wall time), gives way to
a write of this program that waits for the lock, and a write that must fail while this program's
own background writer holds the file says so instead of blaming "another program"."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

import annotator.storage.search as search_module
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.storage.search import (CATCH_UP_FIRST_STEP, CATCH_UP_MIN_STEP, catch_up_in_steps, next_step_size, pending_articles)
from annotator.storage.transactions import ProjectBusy, background_writer, own_writer, write_transaction


def _bundle(n: int) -> ArticleBundle:
    return ArticleBundle(article=Article(id=None, text=f"Report {n} about zebra{n}.", title=f"T{n}"))


def _imported(path: Path, count: int) -> None:
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(count)), index_later=True)


class _FakeClock:
    """Seconds that advance only when the (patched) index step indexes articles: ``cost`` each."""

    def __init__(self, cost: float) -> None:
        self.now = 0.0
        self.cost = cost

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked(monkeypatch: pytest.MonkeyPatch) -> tuple[_FakeClock, list[tuple[int, float]]]:
    """A fake clock and each step's (articles indexed, seconds it held the lock by that clock)."""
    clock = _FakeClock(0.0005)
    steps: list[tuple[int, float]] = []
    real = search_module._index_runs

    def index_runs(conn, runs):  # noqa: ANN001, ANN202
        started = clock.now
        done = real(conn, runs)
        clock.now += done * clock.cost
        steps.append((done, clock.now - started))
        return done

    monkeypatch.setattr(search_module, "_index_runs", index_runs)
    return clock, steps


def test_next_step_size_fits_the_budget_at_the_last_rate() -> None:
    assert next_step_size(25, 0.025, budget_s=0.04, most=1000) == 30  # 1 ms each: 3/4 of 40 ms
    assert next_step_size(100, 0.001, budget_s=0.04, most=1000) == 200  # fast: at most twice the last
    assert next_step_size(100, 0.001, budget_s=0.04, most=150) == 150
    assert next_step_size(100, 2.0, budget_s=0.04, most=1000) == 1  # a very slow step: one article next
    assert next_step_size(10, 0.0, budget_s=0.04, most=1000) == 20


def test_each_step_holds_the_lock_within_the_budget(tmp_path: Path, clocked) -> None:  # noqa: ANN001
    clock, steps = clocked
    path = tmp_path / "p.db"
    _imported(path, 1000)
    conn = sqlite3.connect(path, isolation_level=None)
    reports: list[int] = []
    assert catch_up_in_steps(conn, budget_s=0.04, clock=clock, report=lambda done, _t: reports.append(done)) == (1000, False)
    assert steps[0][0] == CATCH_UP_FIRST_STEP
    assert all(seconds <= 0.04 for _n, seconds in steps), steps  # 0.5 ms an article: never above 40 ms
    assert max(n for n, _s in steps) == 60  # 3/4 of the budget at the measured rate
    assert len(reports) == len(steps) and reports[-1] == 1000 and reports == sorted(set(reports))
    assert pending_articles(conn) == 0
    conn.close()


def test_a_slower_machine_gets_smaller_steps_at_once(tmp_path: Path, clocked) -> None:  # noqa: ANN001
    clock, steps = clocked
    path = tmp_path / "p.db"
    _imported(path, 400)
    conn = sqlite3.connect(path, isolation_level=None)
    seen: list[int] = []

    def report(done: int, _total: int) -> None:
        seen.append(done)
        if len(seen) == 3:
            clock.cost = 0.008  # the load rises: 8 ms an article from the fourth step on

    assert catch_up_in_steps(conn, budget_s=0.04, clock=clock, report=report) == (400, False)
    assert steps[3][1] > 0.04  # the step the rise caught: 60 articles
    assert steps[3][0] == 60
    assert [n for n, _s in steps[4:6]] == [CATCH_UP_MIN_STEP] * 2  # sized down at once, to the floor (3 would fit)
    conn.close()


def test_fixed_steps_stay_as_asked(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _imported(path, 105)
    conn = sqlite3.connect(path, isolation_level=None)
    reports: list[int] = []
    assert catch_up_in_steps(conn, step=25, report=lambda done, _t: reports.append(done)) == (105, False)
    assert reports == [25, 50, 75, 100, 105]
    with pytest.raises(ValueError, match="above 0"):
        catch_up_in_steps(conn, budget_s=0)
    conn.close()


class _Db:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def _hold(path: Path, seconds: float, *, own: bool, holding: threading.Event) -> threading.Thread:
    """Another connection holds the write lock for ``seconds``, as this program's background
    writer (``own``) or as if it were another program."""

    def run() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            if own:
                with background_writer("full-text index catch-up"):
                    conn.execute("BEGIN IMMEDIATE")
                    holding.set()
                    time.sleep(seconds)
                    conn.execute("COMMIT")
            else:
                conn.execute("BEGIN IMMEDIATE")
                holding.set()
                time.sleep(seconds)
                conn.execute("COMMIT")
        finally:
            conn.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("own", [True, False])
def test_a_write_that_fails_names_this_programs_own_writer(tmp_path: Path, own: bool) -> None:
    path = tmp_path / "p.db"
    _imported(path, 3)
    holding = threading.Event()
    thread = _hold(path, 1.5, own=own, holding=holding)
    assert holding.wait(10)
    assert own_writer() == ("full-text index catch-up" if own else "")
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(ProjectBusy) as caught:
        with write_transaction(_Db(conn), path=path, wait_ms=100):
            conn.execute("UPDATE articles SET title = 'x' WHERE id = 1")
    thread.join()
    text = str(caught.value)
    if own:
        assert "this program's own full-text index catch-up" in text and "another program" not in text
        assert caught.value.own == "full-text index catch-up"
    else:
        assert "another program" in text and caught.value.own == ""
    assert conn.execute("SELECT title FROM articles WHERE id = 1").fetchone()[0] == "T0"  # nothing written
    conn.close()
    assert own_writer() == ""


def test_the_catch_up_gives_way_to_a_waiting_write_between_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each step holds the lock 60 ms (real sleeps, patched in); a write with a 100 ms wait, asked
    while steps run, gets the lock after one step at most (the catch-up waits for it to begin)."""
    path = tmp_path / "p.db"
    _imported(path, 400)
    real = search_module._index_runs

    def slow(conn, runs):  # noqa: ANN001, ANN202
        time.sleep(0.06)
        return real(conn, runs)

    monkeypatch.setattr(search_module, "_index_runs", slow)
    steps: list[int] = []
    worker_conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    worker_conn.execute("PRAGMA busy_timeout = 5000")
    thread = threading.Thread(target=lambda: catch_up_in_steps(worker_conn, step=10, report=lambda d, _t: steps.append(d)))
    thread.start()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        while len(steps) < 2:
            time.sleep(0.005)
        for n in range(10):  # every one of them gets the lock: none waits for more than one step
            with write_transaction(_Db(conn), path=path, wait_ms=100):
                conn.execute("UPDATE articles SET title = ? WHERE id = 1", [f"t{n}"])
            time.sleep(0.01)
    finally:
        thread.join()
        worker_conn.close()
    assert steps[-1] == 400 and pending_articles(conn) == 0
    conn.close()
