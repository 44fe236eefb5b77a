"""usertest26 L1 and L4 end to end: ``annotator preannotate P.db --processes 2`` stopped in the
middle of its run.

L1: SIGTERM took 1.2-1.7 s (load 5-7) where the README said "a few tenths of a second".
Measured (fix31): the command's own stop, from the signal to its last line (the workers
SIGKILLed and reaped, the finished articles' last transaction, the line), is 0.03-0.12 s; the
rest was Python ending a process with spaCy and a pipeline loaded: its last garbage collections
took 0.9-1.3 s at load 8 (0.1-0.25 s once frozen, which the CLI now does on a stop). Signal to
exit now 0.28-1.02 s at load 4-10. The bound here is 3 s, for a loaded machine; the time is printed.

L4: ``kill -9`` of the command left a busy worker alive 2-5 s; now every worker is gone within a
second (``tests/nlp/test_workers_die_with_parent_ut26.py`` for the pool alone).

After either, the project is whole: integrity check, no dangling relation, every article with
suggestions marked pre-annotated (SIGTERM: exactly as many as its line says were saved).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.storage.project import Project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, fork and POSIX signals")

SENTENCE = ('"We will not accept this deal," said Maria Lopez, the minister of finance in Madrid. '
            'The Associated Press reported that talks with Google and the European Union would go on. ')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        for n in range(400):
            proj.add_article(Article(None, f"Article {n}. " + SENTENCE * 12))
    return path


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _saved(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM preannotations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _start_and_wait_for_work(path: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """The command running with 2 workers and at least one chunk of articles saved."""
    process = subprocess.Popen([sys.executable, "-c", "from annotator.cli_entry import main; main()", "preannotate",
                                str(path), "--processes", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 150
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        if len(workers) >= 2 and _saved(path) > 0:
            return process, workers
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"the run did not get going with 2 workers (exit {process.poll()}, children {workers})")


def _assert_whole(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dangling = conn.execute(
            "SELECT count(*) FROM relations WHERE head NOT IN (SELECT id FROM spans) OR child NOT IN (SELECT id FROM spans)"
        ).fetchone()[0]
        assert dangling == 0
        with_spans = {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM spans WHERE status = 'suggested'")}
        marked = {r[0] for r in conn.execute("SELECT article_id FROM preannotations")}
        assert with_spans <= marked
        assert with_spans, "the run saved suggestions before it was stopped"
        return len(marked)


def _gone_within(pids: list[int], seconds: float) -> tuple[list[int], float]:
    start = time.monotonic()
    alive = pids
    while alive and time.monotonic() - start < seconds:
        alive = [p for p in pids if _running(p)]
        time.sleep(0.01)
    return alive, time.monotonic() - start


@pytest.mark.timeout(180)
def test_sigterm_stops_a_two_process_run_in_bounded_time_and_keeps_what_it_said(project: Path) -> None:
    process, workers = _start_and_wait_for_work(project)
    try:
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        took = time.monotonic() - sent
        alive, _ = _gone_within(workers, 10)
    finally:
        process.kill()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    print(f"SIGTERM -> exit {took:.2f} s (load {os.getloadavg()[0]:.1f})")
    assert process.returncode == 130, err
    line = err.strip().splitlines()[-1]
    said = re.fullmatch(r"Terminated \(SIGTERM\): (\d+) articles? saved, (\d+) not done; run the same command again to continue\.",
                        re.sub(r"(?<=\d),(?=\d)", "", line))  # counts of 1,000 and more are written with a separator
    assert said, err
    assert "Traceback" not in err
    assert not alive, f"workers left running: {alive}"
    assert took <= 3.0, f"{took:.2f} s from SIGTERM to the exit"
    assert _assert_whole(project) == int(said[1])
    assert int(said[1]) + int(said[2]) == 400


@pytest.mark.timeout(180)
def test_kill_9_of_a_two_process_run_takes_its_busy_workers_with_it(project: Path) -> None:
    process, workers = _start_and_wait_for_work(project)
    try:
        process.kill()
        process.wait(timeout=30)
        alive, took = _gone_within(workers, 10)
    finally:
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    print(f"kill -9 -> workers gone {took:.3f} s later (load {os.getloadavg()[0]:.1f})")
    assert not alive, f"workers still running 10 s after their parent died: {alive}"
    assert took <= 1.0, f"workers ended {took:.2f} s after their parent died"
    _assert_whole(project)
