"""fix32: every child process the program starts ends with its parent, ``kill -9`` too, even
while it is busy: the import's reading process (:mod:`annotator.formats.import_pool`), a split
export's second process (:mod:`annotator.formats.stream_pool`) and the backup's copying process
(:mod:`annotator.storage.backup`), as the pre-annotation's pool workers already did (fix31,
``tests/nlp/test_workers_die_with_parent_ut26.py``). On main each of them lived on after the
parent's death (the import reader blocked in its read, the export's part in its articles, the
copy in its read) until the test killed it.

Each case: a parent script starts the child busy (a read that never returns: a FIFO or a
terminal with nothing written; an export whose second part sleeps at its first article), the
test sees the child inside that work, SIGKILLs the parent, and asserts every child of it is gone
within 2 s. The export case also checks that nothing left looks like a finished export (only its
temporary files, named so that the next export removes them)."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl"), pytest.mark.timeout(120)]

import annotator

REPO = Path(annotator.__file__).resolve().parents[1]  # the code this test runs on, for the parent scripts

IMPORT_PARENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from annotator.formats import _source, import_pool
    from annotator.formats.common import ImportOptions

    if __name__ == "__main__":
        method, pdeathsig, fifo = sys.argv[1], sys.argv[2] == "1", Path(sys.argv[3])
        try:
            from annotator import parent_death
            parent_death.USE_PDEATHSIG = pdeathsig  # a forked child inherits it
        except ImportError:  # code without it (main before fix32): the test must fail there
            pass
        for _ in import_pool.read([_source(fifo, "jsonl")], ImportOptions(), {}, method=method):
            pass  # never: the reader waits for the FIFO's first line until the test kills us
""")

EXPORT_PARENT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from annotator.cli import main
    from annotator.formats import stream_pool

    if __name__ == "__main__":
        pdeathsig, folder = sys.argv[1] == "1", Path(sys.argv[2])
        try:
            from annotator import parent_death
            parent_death.USE_PDEATHSIG = pdeathsig  # the forked part inherits it
        except ImportError:  # code without it (main before fix32): the test must fail there
            pass
        parent, real = os.getpid(), stream_pool._bundles

        def slow(*args, **kwargs):  # the second process: busy at its first article for a minute
            for bundle in real(*args, **kwargs):
                if os.getpid() != parent:
                    (folder / "busy").write_text(str(os.getpid()))
                    time.sleep(60)
                yield bundle

        stream_pool._bundles = slow
        main(["export", str(folder / "p.db"), "--format", "jsonl", "--status", "all", "--output", str(folder / "out.jsonl")])
""")

BACKUP_PARENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from annotator.storage import backup

    if __name__ == "__main__":
        backup._copy_in_another_process(Path(sys.argv[1]), Path(sys.argv[2]))  # the copy reads a terminal: never ends
""")


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _children(pid: int) -> list[int]:
    """Every running process whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _holding(pid: int, path: str) -> bool:
    """Whether process ``pid`` has ``path`` open."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == path for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _open_for_writing(fifo: Path) -> int | None:
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # ENXIO: no reader has it open yet
        return None


def _until(what, seconds: float = 30.0):  # noqa: ANN001, ANN202 - a test helper
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = what()
        if got:
            return got
        time.sleep(0.02)
    raise AssertionError("timed out waiting")


def _kill_and_time(parent: subprocess.Popen[bytes], children: list[int]) -> tuple[float, list[int]]:
    """SIGKILL ``parent``; seconds until every one of ``children`` ended (10 s at most) and those left."""
    os.kill(parent.pid, signal.SIGKILL)
    assert parent.wait(timeout=30) == -9
    died = time.monotonic()
    alive = children
    while alive and time.monotonic() < died + 10:
        alive = [p for p in children if _running(p)]
        time.sleep(0.01)
    return time.monotonic() - died, alive


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def _check(kind: str, took: float, alive: list[int]) -> None:
    print(f"{kind}: children gone {took:.3f} s after the parent's kill -9 (load {os.getloadavg()[0]:.1f})")
    for pid in alive:  # never leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"{kind}: children still running 10 s after their parent died: {alive}"
    assert took <= 2.0, f"{kind}: children ended {took:.2f} s after their parent died"


@pytest.mark.parametrize(("method", "pdeathsig"), [("fork", True), ("fork", False), ("spawn", True)],
                         ids=["fork-prctl", "fork-poll-parent", "spawn-prctl"])
def test_the_import_reader_ends_within_2_s_of_a_kill_9_of_its_parent(tmp_path: Path, method: str, pdeathsig: bool) -> None:
    fifo = tmp_path / "records.jsonl"
    os.mkfifo(fifo)
    script = tmp_path / "parent.py"  # a file, not -c: a spawned child imports it
    script.write_text(IMPORT_PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), method, "1" if pdeathsig else "0", str(fifo)], cwd=tmp_path,
                              env=_env(tmp_path))
    writer = None
    children: list[int] = []
    try:
        # the FIFO opens for writing once a reader has it open: the child, inside the import's reading
        writer = _until(lambda: _open_for_writing(fifo))
        os.write(writer, b'{"text": "Half a rec')  # mid-record: it waits for the rest of the line
        reader = _until(lambda: [p for p in _children(parent.pid) if _holding(p, str(fifo))], 10)
        time.sleep(0.2)
        children = _children(parent.pid)  # the reader, and spawn's resource tracker
        assert reader[0] in children
        took, alive = _kill_and_time(parent, children)
    finally:
        parent.kill()
        parent.wait()
        if writer is not None:
            os.close(writer)
    _check(f"import {method} pdeathsig={pdeathsig}", took, alive)


@pytest.mark.parametrize("pdeathsig", [True, False], ids=["prctl", "poll-parent"])
def test_a_split_exports_second_process_ends_within_2_s_of_a_kill_9_and_no_export_looks_finished(
        tmp_path: Path, pdeathsig: bool) -> None:
    from annotator.domain.model import Article, ArticleBundle
    from annotator.storage.project import Project

    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([ArticleBundle(article=Article(id=None, text=f"Story {n}: the mayor met the council today.\n"))
                                for n in range(40)])
    script = tmp_path / "parent.py"
    script.write_text(EXPORT_PARENT, encoding="utf-8")
    env = {**_env(tmp_path), "ANNOTATOR_EXPORT_PROCESSES": "2"}
    parent = subprocess.Popen([sys.executable, str(script), "1" if pdeathsig else "0", str(tmp_path)], cwd=tmp_path, env=env)
    children: list[int] = []
    try:
        busy = int(_until(lambda: (tmp_path / "busy").exists() and (tmp_path / "busy").read_text()))
        children = _children(parent.pid)
        assert busy in children
        took, alive = _kill_and_time(parent, children)
    finally:
        parent.kill()
        parent.wait()
    _check(f"export fork pdeathsig={pdeathsig}", took, alive)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out"))
    assert "out.jsonl" not in left  # nothing passes for the finished export
    assert all(name.startswith("out.jsonl.tmp-") for name in left), left  # the next export's clean-up removes them


def test_the_backups_copying_process_ends_within_2_s_of_a_kill_9_of_its_parent(tmp_path: Path) -> None:
    master, slave = pty.openpty()  # a source whose read waits: the copy is busy for as long as we like
    source = os.ttyname(slave)
    script = tmp_path / "parent.py"
    script.write_text(BACKUP_PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), source, str(tmp_path / ".p.db.part")], cwd=tmp_path,
                              env=_env(tmp_path))
    children: list[int] = []
    try:
        copier = _until(lambda: [p for p in _children(parent.pid) if _holding(p, source)])
        time.sleep(0.2)
        children = _children(parent.pid)
        assert copier[0] in children
        took, alive = _kill_and_time(parent, children)
    finally:
        parent.kill()
        parent.wait()
        os.close(master)
        os.close(slave)
    _check("backup copy", took, alive)
