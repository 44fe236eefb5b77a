"""usertest34 M3: one training run at a time per output folder. Two `annotator train` runs into
the same --output started seconds apart both trained on one DIR.training checkpoint and both
wrote DIR (rc 0 each); now the whole run holds an OS lock (OUTPUT.training-lock) and the second
is refused with one line, nothing written. Made-up texts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.nlp import train as T
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

#: a second process that takes the lock on argv[1] (as argv[2]: "window" / "command line"),
#: says "held" and keeps it until its stdin closes (or it is killed)
HOLDER = ("import sys; from pathlib import Path; from annotator.nlp.train import OutputLock; "
          "lock = OutputLock(Path(sys.argv[1]), by=sys.argv[2]).acquire(); print('held', flush=True); sys.stdin.read()")


def _holder(out: Path, by: str = "command line") -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), by], env=ENV, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _project(path: Path) -> Path:
    with Project.open(path) as proj:
        bundles = []
        for i in range(6):
            text = f"On Monday Tomas Brill opened the ferry office number {i}. It rained."
            a = text.index("Tomas Brill")
            bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                         spans=[Span(f"s{i}", 0, a, a + 11, "PERSON", "entity")]))
        proj.import_bundles(bundles)
    return path


def test_a_second_cli_run_while_another_process_trains_is_refused_with_one_line(tmp_path: Path) -> None:
    db = _project(tmp_path / "t.db")
    out = tmp_path / "out"
    holder = _holder(out)
    try:
        run = subprocess.run([sys.executable, "-c", "from annotator.cli_entry import main; main()", "train", str(db),
                              "--output", str(out), "--max-steps", "5", "--no-attribution"],
                             env=ENV, capture_output=True, text=True, timeout=100)
    finally:
        holder.stdin.close()  # type: ignore[union-attr]
        holder.wait(10)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1, run.stderr
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert str(out) in lines[0] and "another training run is writing it" in lines[0]
    assert f"(another process: `annotator train`, PID {holder.pid})" in lines[0]
    assert "wait for it to finish or cancel it, or give another --output folder" in lines[0]
    assert not out.exists() and not (tmp_path / "out.training").exists()  # nothing written


def test_the_window_holding_it_is_named_and_train_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with T.OutputLock(out, by="window"):
        with pytest.raises(InputError) as err:
            T.train(None, out, base="unused", max_steps=5)  # type: ignore[arg-type]  # refused before the project is read
    assert "(started in this window)" in str(err.value) and str(out) in str(err.value)
    assert not out.exists() and not T.work_folder(out).exists()
    assert not T.lock_path(out).exists()  # released with the run: no leftover beside DIR


def test_a_window_in_another_process_is_named_as_such(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _holder(out, "window")
    try:
        with pytest.raises(InputError) as err:
            T.OutputLock(out).acquire()
    finally:
        holder.stdin.close()  # type: ignore[union-attr]
        holder.wait(10)
    assert f"(another process: the Annotator window, PID {holder.pid})" in str(err.value)
    T.OutputLock(out).acquire().release()  # free again once the holder ended


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_holders_lock_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _holder(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert T.lock_path(out).exists()  # the killed run's file is left behind...
    lock = T.OutputLock(out).acquire()  # ...and taken over: the OS dropped its lock
    try:
        assert json.loads(T.lock_path(out).read_text(encoding="utf-8"))["pid"] == os.getpid()
    finally:
        lock.release()


def test_the_lock_is_held_for_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Held from before the output is checked until train returns (writing DIR included)."""
    out = tmp_path / "out"
    seen: list[bool] = []

    def inner(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        with pytest.raises(InputError):
            T.OutputLock(out).acquire()
        seen.append(True)
        return "done"

    run = T._locked_output(inner)
    assert run(None, out) == "done" and seen == [True]
    T.OutputLock(out).acquire().release()
