"""A second opening of a project inside the process that has it open must not drop the first
connection's locks (user-test finding: the window's Train dialog opened the project again; its
plain read of the file header closed a descriptor, which drops every POSIX lock the process holds
on the file — sqlite.org/howtocorrupt.html §2.2 — so the next process to close the project deleted
the WAL under the window, and the window's later edits, shown as saved, never reached the file).

Every way the window opens its own project a second time is tried: after it, another process
opens and closes the project, then the first connection writes; a fresh process must see the write.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle
from annotator.storage.backup import read_only_connection
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)

COUNT = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from articles').fetchone()[0]); c.close()"


def _count_in_another_process(path: Path) -> int:
    done = subprocess.run([sys.executable, "-c", COUNT, str(path)], capture_output=True, text=True, check=True, timeout=30)
    return int(done.stdout)


def _project_rw(path: Path) -> None:
    Project.open(path).close()


def _project_ro(path: Path) -> None:
    Project.open(path, create=False, read_only=True, check=False).close()


def _project_checked(path: Path) -> None:
    Project.open(path, create=False).close()


def _ro_connection(path: Path) -> None:
    read_only_connection(path).close()


@pytest.mark.parametrize("second_open", [_project_rw, _project_ro, _project_checked, _ro_connection],
                         ids=["rw", "read_only", "create_false", "read_only_connection"])
def test_a_second_open_in_the_same_process_keeps_the_first_connections_writes(tmp_path: Path, second_open: Callable[[Path], None]) -> None:
    path = tmp_path / "p.db"
    with contextlib.closing(Project.open(path)) as first:
        first.import_bundles([ArticleBundle(Article(None, "Angela Merkel said it would work.", title="one"))])
        second_open(path)
        assert _count_in_another_process(path) == 1  # another process opens and closes the project
        assert Path(f"{path}-wal").exists(), "the WAL of an open project was deleted by another process"
        first.import_bundles([ArticleBundle(Article(None, "Olaf Scholz said it would not.", title="two"))])
        assert _count_in_another_process(path) == 2  # the first connection's write reached the file
