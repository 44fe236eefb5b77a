"""fix39 (usertest28 L3, L2, L4): files left behind, and what a refusal says to do.

L3: the first import into a new project file builds it under ``NEW.db.tmp-PID-XXXXXXXX`` and names
it ``NEW.db`` only once its import committed: a SIGKILL mid-import leaves no ``NEW.db``; the next
import removes what the killed one left (its process gone) and succeeds; an import into an existing
project is unchanged (one transaction, in place).
L2: a project file that cannot be written because it is immutable (EPERM) or on a read-only file
system (EROFS) says what to do about that, not "change its permissions" (EACCES).
L4: an export names the leftovers of killed exports to other names in its folder, never removing them.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.formats import atomic
from annotator.storage import project as project_module
from annotator.storage.project import Project
from tests.process_support import dead_pid

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and PIDs asked with kill(0) are POSIX")

ROWS = 3000


def run(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])




def invented_csv(path: Path, rows: int = ROWS, first: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["articleBody"])
        for n in range(first, first + rows):
            writer.writerow([f"Report {n}. The harbour master said on Friday that the new ferry would sail twice a day from May. " * 3])
    return path


# A child that runs `annotator import PROJECT CSV` and stops after its second batch of rows is
# written into the project (uncommitted), says so by creating MARK, and waits to be killed.
PAUSED_IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from annotator.storage.project import Project

    project, source, mark = sys.argv[1:4]
    real = Project.import_plain_articles

    def paused(self, batches, **kw):
        def rows():
            for n, batch in enumerate(batches):
                if n == 2:
                    Path(mark).touch()
                    time.sleep(120)
                yield batch
        return real(self, rows(), **kw)

    Project.import_plain_articles = paused
    from annotator.cli import main
    main(["import", project, source])
""")


def killed_mid_import(project: Path, source: Path, tmp_path: Path) -> list[str]:
    """Run the paused import in a child, SIGKILL it once it has written rows; returns the names in
    the project's folder while it was paused."""
    mark = tmp_path / "paused.mark"
    mark.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, "-c", PAUSED_IMPORT, str(project), str(source), str(mark)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not mark.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() < deadline, "the import never reached its second batch"
            time.sleep(0.02)
        seen = sorted(p.name for p in project.parent.iterdir())
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return seen


def articles_in(path: Path) -> int:
    with Project.open(path, create=False, read_only=True) as project:
        return project.count_articles()


# ----------------------------------------------------------------------------- L3


@posix_only
@pytest.mark.timeout(180)
def test_a_killed_first_import_leaves_no_project_and_the_next_import_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", "1")  # one process: the pause is in the one that writes
    source = invented_csv(tmp_path / "big.csv")
    new = tmp_path / "NEW.db"
    seen = killed_mid_import(new, source, tmp_path)
    assert "NEW.db" not in seen, seen  # built under another name while it ran (main: NEW.db, 17-29 MB at a kill)
    built = [name for name in seen if name.startswith("NEW.db.tmp-")]
    assert built, seen
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("NEW.db"))
    assert "NEW.db" not in left and left, left  # no NEW.db that is no project; the killed run's build is there
    # The next import removes what the killed one left (its PID is dead) and makes NEW.db whole.
    result = run("import", new, source)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("NEW.db")) == ["NEW.db"]
    assert articles_in(new) == ROWS
    # An import into the existing project: one transaction in place, as before (no temporary name);
    # killed, the project reads as it was.
    more = invented_csv(tmp_path / "more.csv", first=ROWS)
    seen = killed_mid_import(new, more, tmp_path)
    assert not [name for name in seen if ".tmp-" in name], seen
    assert articles_in(new) == ROWS
    result = run("import", new, more)
    assert result.exit_code == 0, result.output
    assert articles_in(new) == 2 * ROWS


@posix_only
@pytest.mark.timeout(240)
def test_a_real_first_import_killed_at_random_moments_leaves_no_project_or_a_whole_one(tmp_path: Path) -> None:
    """No pause: the real command on a 20,000-row CSV, SIGKILLed at moments spread over a full
    run's time (its start-up, reading, writing and commit); each time NEW.db is missing or holds
    every article, and the next run cleans what the killed one left."""
    import random
    import sqlite3

    rows = 20000
    source = invented_csv(tmp_path / "big.csv", rows=rows)
    command = [sys.executable, "-c", "import sys; from annotator.cli_entry import main; sys.argv[0] = 'annotator'; main()"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    whole = tmp_path / "whole" / "NEW.db"
    whole.parent.mkdir()
    start = time.perf_counter()
    subprocess.run([*command, "import", str(whole), str(source)], env=env, check=True, capture_output=True, timeout=180)
    took = time.perf_counter() - start
    rng = random.Random(39)
    rounds = 4
    for n in range(rounds):
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        new = folder / "NEW.db"
        child = subprocess.Popen([*command, "import", str(new), str(source)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * (n + rng.random()) / rounds)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        if new.exists():  # the import had committed and named it: whole
            assert articles_in(new) == rows
            with contextlib.closing(sqlite3.connect(new)) as conn:  # closed: the next import's close is the last
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert run("import", new, invented_csv(folder / "one.csv", rows=1, first=rows)).exit_code == 0
        assert sorted(p.name for p in folder.iterdir()) == ["NEW.db", "one.csv"]


def test_leftovers_of_a_killed_build_and_its_journal_are_removed_only_when_their_process_is_gone(tmp_path: Path) -> None:
    new = tmp_path / "NEW.db"
    pid = dead_pid()
    dead = [tmp_path / f"NEW.db.tmp-{pid}-0badf00d{suffix}" for suffix in ("", "-journal", "-wal", "-shm")]
    running = [tmp_path / f"NEW.db.tmp-{os.getpid()}-0000beef{suffix}" for suffix in ("", "-journal")]
    not_ours = [tmp_path / f"NEW.db.old-{pid}-00c0ffee-journal", tmp_path / f"OTHER.db.tmp-{pid}-0badf00d-journal"]
    for path in (*dead, *running, *not_ours):
        path.write_bytes(b"half")
    invented_csv(tmp_path / "a.csv", rows=3)
    result = run("import", new, tmp_path / "a.csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["NEW.db", "a.csv", *(p.name for p in (*running, *not_ours))])


def test_killed_between_the_link_and_the_unlink_the_project_is_whole_and_the_second_name_goes(tmp_path: Path) -> None:
    """publish links NEW.db to the finished build, then unlinks the build's name: a kill between the
    two leaves both names on one whole project; the next import removes the second name only."""
    new = tmp_path / "NEW.db"
    invented_csv(tmp_path / "a.csv", rows=3)
    assert run("import", new, tmp_path / "a.csv").exit_code == 0
    second = tmp_path / f"NEW.db.tmp-{dead_pid()}-0badf00d"
    os.link(new, second)
    result = run("import", new, invented_csv(tmp_path / "b.csv", rows=2, first=3))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NEW.db", "a.csv", "b.csv"]
    assert articles_in(new) == 5


def test_a_project_another_program_made_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "NEW.db"
    built = atomic.temp_path(target)
    built.write_bytes(b"the new project")
    target.write_bytes(b"another import's project")
    assert atomic.publish(built, target, replace_empty=True) is False
    assert target.read_bytes() == b"another import's project" and built.exists()
    target.write_bytes(b"")  # an empty file (touch NEW.db): replaced, as an import into it always did
    assert atomic.publish(built, target, replace_empty=True) is True
    assert target.read_bytes() == b"the new project" and not built.exists()


def test_a_failed_first_import_names_the_project_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard (passes on main too): a refusal while the new project is built names NEW.db, not its
    temporary name, and nothing is left in the folder."""
    from annotator.domain.errors import ProjectFileError

    def refused(self: Project, batches: Any, **kw: Any) -> Any:
        raise ProjectFileError(f"{self.path}: the disk is full; free some space")

    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", "1")
    monkeypatch.setattr(Project, "import_plain_articles", refused)
    source = invented_csv(tmp_path / "a.csv", rows=3)
    new = tmp_path / "NEW.db"
    result = run("import", new, source)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {new}: the disk is full; free some space"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


# ----------------------------------------------------------------------------- L2


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        project.import_bundles(ArticleBundle(Article(None, f"{n}. The harbour master met the mayor on Friday.")) for n in range(5))
    return path


def not_writable(monkeypatch: pytest.MonkeyPatch, path: Path, err: int) -> None:
    """``path`` cannot be written, ``access(2)`` saying ``err`` (chattr +i needs root and ext4;
    a read-only file system, a mount): what the kernel answers, without either."""
    real = project_module.can_write
    monkeypatch.setattr(project_module, "can_write", lambda p: Path(p).resolve() != path.resolve() and real(p))
    monkeypatch.setattr(project_module, "_access_errno", lambda p: err if Path(p).resolve() == path.resolve() else 0)


@pytest.mark.parametrize("err,line", [
    (errno.EPERM, "cannot be written (the file is marked immutable or append-only); "
                  "remove that mark (as root: chattr -i -a {path}) or copy it to a writable folder"),
    (errno.EROFS, "cannot be written (the file is on a read-only file system); "
                  "remount that disk read-write or copy the project to a writable disk"),
    (errno.EACCES, "cannot be written (the file is read-only); change its permissions or copy it to a writable folder"),
])
def test_an_immutable_or_read_only_disk_project_says_what_to_do(project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 err: int, line: str) -> None:
    not_writable(monkeypatch, project_file, err)
    source = invented_csv(tmp_path / "a.csv", rows=3)
    result = run("import", project_file, source)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {project_file}: " + line.format(path=project_file)]
    with Project.open(project_file) as project:  # opened read-only: the window's note and every refusal say the same
        assert project.read_only
        todo = line.split("; ", 1)[1].format(path=project_file)
        assert project.read_only_todo == todo
        with pytest.raises(project_module.ReadOnlyProjectError, match=f"so import is not possible; {todo.split(' (')[0]}"):
            project.refuse_if_read_only("import")


def test_the_windows_read_only_note_says_what_to_do_for_an_immutable_file(project_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("PySide6")
    from annotator.ui.file_safety import read_only_note

    not_writable(monkeypatch, project_file, errno.EPERM)
    with Project.open(project_file) as project:
        assert read_only_note(project) == (
            "news.db is open read-only (the file is marked immutable or append-only): you can read, search and export, "
            f"but not edit. To edit, remove that mark (as root: chattr -i -a {project_file}) or copy it to a writable folder.")


def test_a_folder_marked_immutable_is_named_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    not_writable(monkeypatch, folder, errno.EPERM)
    result = run("import", folder / "NEW.db", invented_csv(tmp_path / "a.csv", rows=3))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {folder / 'NEW.db'}: cannot be written (its folder {folder} is marked immutable or append-only); "
        f"remove that mark (as root: chattr -i -a {folder}) or copy it to a writable folder"]
    assert sorted(p.name for p in folder.iterdir()) == []


# ----------------------------------------------------------------------------- L4


def leftover_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    pid = dead_pid()
    a = tmp_path / f"a.jsonl.tmp-{pid}-0badf00d"
    b = tmp_path / f"b.csv.tmp-{pid}-00c0ffee"
    running = tmp_path / f"c.jsonl.tmp-{os.getpid()}-0000beef"  # an export still running (this process)
    for path in (a, b, running):
        path.write_text("half", encoding="utf-8")
    return a, b, running


def test_the_cli_export_names_other_exports_leftovers_and_keeps_them(project_file: Path, tmp_path: Path) -> None:
    a, b, running = leftover_files(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run("export", project_file, "--output", out)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"2 leftovers of killed exports in this folder: {a.name}, {b.name}; delete them if no export or import is running")
    assert all(p.exists() for p in (a, b, running))  # not ours to judge: named, never removed
    a.unlink()
    b.unlink()
    result = run("export", project_file, "--output", out)
    assert "leftover" not in result.output


def test_the_window_export_names_them_too(project_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from annotator.ui import transfer

    a, _, _ = leftover_files(tmp_path)
    summary = transfer.export_job(project_file, "jsonl", tmp_path / "out.jsonl")(lambda *args: None, lambda: False)
    assert summary.notes[-1].startswith(f"2 leftovers of killed exports in this folder: {a.name}, ")
    assert a.exists()
