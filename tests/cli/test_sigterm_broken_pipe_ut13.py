"""usertest13 F8: a killed or terminated command must never print a Python traceback. A
pre-annotation worker whose parent was killed (``kill -9``) or terminated printed ``Process
ForkProcess-1: Traceback … BrokenPipeError`` into the terminal, and SIGTERM ended the command
without a line about what was kept. Now SIGTERM is Ctrl+C (one line, exit 130), forked workers
get SIGTERM's default back, and every worker whose parent is gone exits quietly."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotator.formats import stream_pool
from annotator.nlp import process_pool

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork and POSIX signals")

FORK = multiprocessing.get_context("fork")


def _slow(state: object, task: float) -> str:
    time.sleep(task)
    return "done"


def test_a_pool_worker_whose_parent_is_gone_exits_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    parent_end, child_end = FORK.Pipe(duplex=True)
    worker = FORK.Process(target=process_pool._worker_main, args=(child_end, [parent_end], lambda: None, (), _slow))
    worker.start()
    child_end.close()
    parent_end.send((1, 0.5))  # the worker answers in 0.5 s: to a parent that has gone by then
    parent_end.close()
    worker.join(20)
    assert worker.exitcode == 0
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_an_export_part_tells_a_gone_parent_nothing() -> None:
    receiver, sender = FORK.Pipe(duplex=False)
    receiver.close()
    stream_pool._tell(sender, ("error", RuntimeError("disk full")))  # raises nothing
    stream_pool._tell(sender, ("stopped", None))


SCRIPT = textwrap.dedent("""
    import multiprocessing, signal, sys, time
    import click
    from annotator import cli

    def child(conn):
        conn.send(signal.getsignal(signal.SIGTERM) == signal.SIG_DFL)
        time.sleep(60)

    @cli.cli.command("wait-here")
    def wait_here():
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=child, args=(theirs,), daemon=True)
        process.start()
        print("child-default", ours.recv(), flush=True)
        print("ready", flush=True)
        time.sleep(60)

    cli.main(["wait-here"])
""")


def test_sigterm_stops_a_command_as_ctrl_c_does(tmp_path: Path) -> None:
    script = tmp_path / "wait.py"
    script.write_text(SCRIPT, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "child-default True"  # forked workers: SIGTERM's default
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.strip() == "Terminated (SIGTERM); everything finished before it is saved.", err


def test_the_window_keeps_sigterms_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's event loop is no place for a KeyboardInterrupt: ``open`` puts SIGTERM's default back."""
    from click.testing import CliRunner

    from annotator.cli import _raise_terminated, app, cli

    monkeypatch.setattr(app, "display_problem", lambda _env: "no display (test)")
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        result = CliRunner().invoke(cli, ["open", "x.db"])
        assert result.exit_code == 1 and "no display (test)" in result.output
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
