"""misc12 (issue 12): ``annotator preannotate`` takes the project's pre-annotation lease (the
``<project>-preannotate.lock`` the window takes): a second pre-annotator is refused in one line
naming the holder (what it is, pid, host, since when) and what to do, exit 1, nothing written; a
stale lease (its holder dead) is taken over."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.storage.project import Project
from annotator.storage.run_lease import BY_CLI, PREANNOTATE, Holder, RunLease, lease_path
from tests.cli.test_export_uncurated import run

pytestmark = pytest.mark.timeout(60)

TEXTS = ('"The ferry will run twice a day," Olga Brandt said on Monday.',
         'The council, Pavel Ruiz told reporters, "has not decided anything yet."')


def _project(path: Path) -> Path:
    with Project.open(path) as project:
        for text in TEXTS:
            project.add_article(Article(id=None, text=text, title=text[:20]))
    return path


def _spans(path: Path) -> int:
    with Project.open(path, create=False) as project:
        return project.db.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0]


def test_a_second_command_is_refused_while_the_first_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _project(tmp_path / "news.db")
    import annotator.nlp.runner as runner

    real, seen = runner.preannotate, {}

    def first_run(project, **kwargs):  # noqa: ANN001, ANN003, ANN202
        # the first command holds the lease here: the second one runs now, in the middle of it
        seen["second"] = run("preannotate", db, "--model", "rule-only")
        seen["spans"] = _spans(db)
        return real(project, **kwargs)

    monkeypatch.setattr(runner, "preannotate", first_run)
    first = run("preannotate", db, "--model", "rule-only")
    assert first.exit_code == 0, first.output
    second = seen["second"]
    assert second.exit_code == 1
    out = second.output.strip()
    assert len(out.splitlines()) == 1, out
    assert out.startswith(f"Error: news.db is being pre-annotated by {BY_CLI} (pid {os.getpid()} on {socket.gethostname()}, since "), out
    assert out.endswith("UTC): wait for it to finish (or stop it: Ctrl+C in its terminal, Cancel in its window), then run this command again"), out
    assert seen["spans"] == 0  # the second wrote nothing; the first had not written yet
    assert _spans(db) > 0  # the first ran to its end
    assert not lease_path(db, PREANNOTATE).exists()  # released: nothing left beside the project
    assert run("preannotate", db, "--model", "rule-only", "--redo").exit_code == 0  # and free for the next run


def test_the_lease_is_released_when_the_command_fails(tmp_path: Path) -> None:
    db = _project(tmp_path / "news.db")
    result = run("preannotate", db, "--model", "no-such-model")
    assert result.exit_code == 1
    assert not lease_path(db, PREANNOTATE).exists()
    probe = RunLease(db, PREANNOTATE)
    assert probe.acquire()
    probe.release()


def _holder_process(path: Path, dead_pid: int | None = None) -> subprocess.Popen:
    """A process that takes the lease (or, with ``dead_pid``, locks the lock file and writes a
    holder line naming that pid, as a forked worker of a dead holder would keep it) and sleeps."""
    code = textwrap.dedent(f"""
        import fcntl, json, os, socket, sys, time
        from pathlib import Path
        from annotator.storage.run_lease import RunLease, lease_path
        path = Path({str(path)!r})
        dead = {dead_pid!r}
        if dead is None:
            lease = RunLease(path, "preannotate", by="`annotator preannotate`")
            assert lease.acquire()
        else:
            fd = os.open(lease_path(path, "preannotate"), os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, json.dumps({{"pid": dead, "host": socket.gethostname(), "since": "2026-12-02T10:00:00+00:00",
                                      "by": "`annotator preannotate`"}}).encode())
        print("held", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_killed_holders_lease_is_taken_over(tmp_path: Path) -> None:
    db = _project(tmp_path / "news.db")
    holder = _holder_process(db)
    try:
        refused = run("preannotate", db, "--model", "rule-only")
        assert refused.exit_code == 1 and f"(pid {holder.pid} on " in refused.output, refused.output
        assert _spans(db) == 0
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    left = lease_path(db, PREANNOTATE)
    assert Holder.from_bytes(left.read_bytes()).pid == holder.pid  # the killed holder's line stays behind
    result = run("preannotate", db, "--model", "rule-only")
    assert result.exit_code == 0, result.output
    assert _spans(db) > 0 and not left.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_lock_kept_by_a_dead_holders_orphan_is_broken(tmp_path: Path) -> None:
    db = _project(tmp_path / "news.db")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(10)  # its pid names no process now
    orphan = _holder_process(db, dead_pid=gone.pid)
    try:
        lease = RunLease(db, PREANNOTATE, by=BY_CLI)
        assert lease.acquire() and lease.held  # taken over from the orphan
        assert lease.holder().pid == os.getpid()
        assert Holder.from_bytes(lease_path(db, PREANNOTATE).read_bytes()).pid == os.getpid()
        other = RunLease(db, PREANNOTATE)
        assert not other.acquire()  # and held: a live holder is never broken
        assert other.holder().pid == os.getpid()
        lease.release()
    finally:
        orphan.kill()
        orphan.wait(10)


def test_a_live_holder_elsewhere_is_never_taken_over(tmp_path: Path) -> None:
    db = _project(tmp_path / "news.db")
    orphan = _holder_process(db, dead_pid=os.getpid())  # names a live process: this one
    try:
        lease = RunLease(db, PREANNOTATE, by=BY_CLI)
        assert not lease.acquire()
        assert lease.holder().pid == os.getpid()
    finally:
        orphan.kill()
        orphan.wait(10)
