"""sigbus12: nothing this process does beside its open connection may drop SQLite's POSIX locks
on the project (sqlite.org/howtocorrupt.html §2.2): a second connection opened and closed (the
window's workers, ``_check_header``), the byte copy a backup falls back to, another process
opening and closing the project (a second window, ``annotator stats``). Probed from another
process (tests/lock_probe.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle
from annotator.storage import backup
from annotator.storage.project import Project
from tests.lock_probe import LINUX, held_elsewhere

pytestmark = [pytest.mark.timeout(120), pytest.mark.skipif(not LINUX, reason="tests/lock_probe.py: Linux's struct flock")]


@pytest.fixture
def held(tmp_path: Path):
    path = tmp_path / "orchard.db"
    project = Project.open(path)
    project.import_bundles(ArticleBundle(Article(None, f"Grower Tobiah Renn picked the Lowmere pears, crate {n}."))
                           for n in range(15))
    assert project.count_articles() == 15
    yield project
    project.close()


def test_a_plain_read_of_the_project_drops_the_locks(held: Project) -> None:
    """The probe can fail: what the rule forbids, done once, shows as both locks gone."""
    assert held_elsewhere(held.path) == (True, True)
    for suffix in ("", "-shm"):
        with open(f"{held.path}{suffix}", "rb") as fh:
            fh.read(16)
    assert held_elsewhere(held.path) == (False, False)


def test_a_second_connection_in_this_process_keeps_the_locks(held: Project) -> None:
    with Project.open(held.path, create=False) as second:  # _check_header, its own connection, closed
        assert second.count_articles() == 15
    with Project.open(held.path, create=False, read_only=True, check=False) as third:
        assert third.count_articles() == 15
    assert held_elsewhere(held.path) == (True, True)


class _BackupFails:
    """A source whose online backup fails, as a damaged file's does: :func:`backup._copy` falls back to bytes."""

    def backup(self, target: sqlite3.Connection) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")


def test_a_backups_byte_copy_keeps_the_locks(held: Project, tmp_path: Path) -> None:
    part = tmp_path / "copy.db.part"
    backup._copy(_BackupFails(), held.path, part)  # type: ignore[arg-type]
    assert held_elsewhere(held.path) == (True, True)
    assert part.read_bytes() == held.path.read_bytes()  # last: this read drops the locks (the test's own end)


def test_a_failed_byte_copy_says_which_file(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="missing.db: cannot be copied to"):
        backup._copy_in_another_process(tmp_path / "missing.db", tmp_path / "out.db")


def test_another_process_opening_and_closing_the_project_keeps_it_whole(held: Project) -> None:
    """A second window's open and close (Project.open with its header check, a read, close) and
    ``annotator stats``, while this one holds the file and writes after each."""
    script = ("import sys; from annotator.storage.project import Project\n"
              "with Project.open(sys.argv[1], create=False) as p: print(p.count_articles())")
    for n in range(3):
        other = subprocess.run([sys.executable, "-c", script, str(held.path)], capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        assert int(other.stdout.split()[-1]) == 15 + n
        stats = subprocess.run([sys.executable, "-c", "import sys; from annotator.cli import main; main(sys.argv[1:])",
                                "stats", str(held.path)], capture_output=True, text=True,
                               timeout=60)
        assert stats.returncode == 0, stats.stderr
        assert held_elsewhere(held.path) == (True, True)
        held.import_bundles([ArticleBundle(Article(None, f"Late crate {n} reached the Lowmere market."))])
    assert held.count_articles() == 18
    with Project.open(held.path, create=False, read_only=True, check=False) as again:
        assert again.count_articles() == 18
