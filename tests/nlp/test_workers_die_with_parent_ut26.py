"""usertest26 L4: after ``kill -9`` of ``annotator preannotate P.db --processes 2`` one worker
outlived its parent by 2-5 s. An idle worker already ended at once (EOF on its pipe,
``test_process_pool_orphans``), but a busy one only noticed when it tried to send its batch's
result. Now a worker ends when its parent dies whatever it is doing: on Linux the kernel kills it
(``prctl(PR_SET_PDEATHSIG)``, :func:`annotator.nlp.process_pool.die_with_parent`), elsewhere a
thread in it notices the parent's pid change (tested here by turning the prctl off).

Each case: a parent script starts a pool of 2 whose tasks sleep a minute (busy workers, as in the
user's run), prints the workers' pids and SIGKILLs itself; the test polls ``/proc`` for up to
10 s and asserts every worker ended within 1 s of the parent's death."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PARENT = textwrap.dedent("""
    import multiprocessing, os, signal, sys, threading, time
    from annotator import parent_death
    from annotator.nlp.process_pool import ProcessPool

    def init():
        return None

    def work(state, task):
        os.write(1, b"busy\\n")
        time.sleep(60)  # busy: it would not look at its pipe for a minute
        return task

    if __name__ == "__main__":
        method, pdeathsig = sys.argv[1], sys.argv[2] == "1"
        parent_death.USE_PDEATHSIG = pdeathsig  # forked workers inherit it
        pool = ProcessPool(2, init=init, init_args=(), work=work, context=multiprocessing.get_context(method))

        def killer():
            while len(pool.pids()) < 2:
                time.sleep(0.01)
            os.write(1, ("pids " + " ".join(str(pid) for pid in pool.pids()) + "\\n").encode())
            sys.stdin.readline()  # the test says when: both workers are busy
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=killer, daemon=True).start()
        with pool:
            next(pool.imap_unordered([1, 2]))  # never returns: killed meanwhile
""")


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")
@pytest.mark.timeout(120)
@pytest.mark.parametrize(("method", "pdeathsig"), [("fork", True), ("fork", False), ("spawn", True)],
                         ids=["fork-prctl", "fork-poll-parent", "spawn-prctl"])
def test_busy_workers_end_within_a_second_of_a_kill_9_of_their_parent(tmp_path: Path, method: str, pdeathsig: bool) -> None:
    script = tmp_path / "parent.py"  # a file, not -c: spawned workers import its functions
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), method, "1" if pdeathsig else "0"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    pids: list[int] = []
    try:
        assert parent.stdout is not None and parent.stdin is not None
        lines = [parent.stdout.readline().split() for _ in range(3)]  # the pids, and each worker inside its task
        pids = next([int(p) for p in line[1:]] for line in lines if line[0] == "pids")
        assert len(pids) == 2
        assert sorted(line[0] for line in lines) == ["busy", "busy", "pids"]
        parent.stdin.write("\n")
        parent.stdin.flush()
        assert parent.wait(timeout=30) == -9
        died = time.monotonic()
        alive, deadline = pids, died + 10
        while alive and time.monotonic() < deadline:
            alive = [p for p in pids if _running(p)]
            time.sleep(0.01)
        took = time.monotonic() - died
    finally:
        parent.kill()
        for pid in pids:  # never leave them behind if the test fails
            if _running(pid):
                os.kill(pid, 9)
    print(f"{method} pdeathsig={pdeathsig}: workers gone {took:.3f} s after the parent's kill -9 (load {os.getloadavg()[0]:.1f})")
    assert not alive, f"workers still running 10 s after their parent died: {alive}"
    assert took <= 1.0, f"workers ended {took:.2f} s after their parent died"
