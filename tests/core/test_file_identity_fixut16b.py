"""fixut16b (usertest H1, M5): a project file moved, deleted or replaced while open is never written
again, and a write the disk refuses says which (read-only, full, I/O error), with nothing written.

Before: SQLite kept writing through its open descriptors, the log under the old name
(``R.db-wal``), and every edit "succeeded"; opening the moved ``R2.db`` showed none of them.

Write failures are simulated (the tests may run as root, where chmod does not stop a write):
``PRAGMA query_only`` for SQLITE_READONLY, ``PRAGMA max_page_count`` for SQLITE_FULL (both real
SQLite errors of the connection), and a connection whose ``COMMIT`` raises
``sqlite3.OperationalError('disk I/O error')`` for SQLITE_IOERR.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import commands
from annotator.domain.model import Article
from annotator.storage.file_identity import ProjectFileGone, ProjectWriteError, write_failure
from annotator.storage.project import Project, ReadOnlyProjectError

TEXT = "Alice Smith met Bob Jones in Paris on Monday. " * 3
LINUX = sys.platform.startswith("linux")


def _span_edit(project: Project, article_id: int, start: int, end: int) -> Any:
    state = commands.records(project.spans(article_id), project.relations(article_id))
    return commands.add_span(state, article_id=article_id, start=start, end=end, label="PERSON", layer="entity")


@pytest.fixture
def opened(tmp_path: Path) -> tuple[Project, int]:
    folder = tmp_path / "work"
    folder.mkdir()
    project = Project.open(folder / "R.db")
    article, _ = project.add_article(Article(id=None, text=TEXT, title="t"))
    project.apply(_span_edit(project, article.id, 0, 11))  # committed: in R.db-wal only, not checkpointed
    yield project, article.id
    project.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sizes(*paths: Path) -> list[int | None]:
    return [p.stat().st_size if p.exists() else None for p in paths]


def _refused_with(project: Project, article_id: int, how: str) -> ProjectFileGone:
    with pytest.raises(ProjectFileGone) as caught:
        project.apply(_span_edit(project, article_id, 16, 25))
    gone = caught.value
    assert gone.how == how and gone.path == project.path
    assert str(project.path) in str(gone) and "\n" not in str(gone)
    assert project.read_only and project.gone is not None
    return gone


def _copy_holds_every_committed_edit(project: Project, article_id: int, target: Path) -> None:
    project.save_copy(target)
    with Project.open(target, create=False) as copy:
        assert [(s.start, s.end) for s in copy.spans(article_id)] == [(0, 11)]
        assert copy.article(article_id).text == TEXT


def test_a_renamed_file_is_not_written_and_its_copy_holds_every_edit(opened: tuple[Project, int], tmp_path: Path) -> None:
    project, aid = opened
    folder = project.path.parent
    os.rename(project.path, folder / "R2.db")
    wal = folder / "R.db-wal"
    before = _digest(folder / "R2.db"), _sizes(wal)
    gone = _refused_with(project, aid, "moved")
    if LINUX:
        assert gone.now_at == folder / "R2.db" and "was moved to" in str(gone)
    assert (_digest(folder / "R2.db"), _sizes(wal)) == before  # nothing written to the moved file or its log
    with pytest.raises(ProjectFileGone):  # and never again, even for another kind of write
        project.set_setting("x", "y")
    assert (_digest(folder / "R2.db"), _sizes(wal)) == before
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_a_deleted_file_is_not_written(opened: tuple[Project, int], tmp_path: Path) -> None:
    project, aid = opened
    wal = Path(f"{project.path}-wal")
    os.unlink(project.path)
    before = _sizes(wal)
    gone = _refused_with(project, aid, "deleted" if LINUX else "moved")
    assert "deleted" in gone.reason or not LINUX
    assert _sizes(wal) == before
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_a_file_replaced_by_another_is_not_written(opened: tuple[Project, int], tmp_path: Path) -> None:
    project, aid = opened
    other = tmp_path / "restored.db"
    with Project.open(other) as restored:  # another project, as a backup restore or a sync client puts there
        restored.add_article(Article(id=None, text="Another text entirely.", title="other"))
    os.replace(other, project.path)
    before = _digest(project.path)
    gone = _refused_with(project, aid, "replaced")
    assert "replaced by another file" in str(gone)
    assert _digest(project.path) == before  # the new file is untouched
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_a_renamed_folder_is_noticed(opened: tuple[Project, int], tmp_path: Path) -> None:
    project, aid = opened
    os.rename(project.path.parent, tmp_path / "renamed")
    gone = _refused_with(project, aid, "moved")
    if LINUX:
        assert gone.now_at == tmp_path / "renamed" / "R.db"
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_a_move_during_the_transaction_rolls_it_back(opened: tuple[Project, int], tmp_path: Path) -> None:
    """The second look, just before COMMIT: a move while the edit was being written."""
    project, aid = opened
    with pytest.raises(ProjectFileGone), project.writing():
        project.set_setting("during", "1")
        os.rename(project.path, project.path.with_name("R2.db"))
    assert project.get_setting("during") is None  # rolled back, also as this connection reads it
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_the_file_in_place_is_written_as_before(opened: tuple[Project, int]) -> None:
    project, aid = opened
    project.apply(_span_edit(project, aid, 16, 25))
    assert project.file_gone() is None and not project.read_only
    assert len(project.spans(aid)) == 2


def test_a_copy_is_refused_beside_a_log_or_over_its_own_file(opened: tuple[Project, int], tmp_path: Path) -> None:
    project, _aid = opened
    from annotator.domain.errors import ProjectFileError

    with pytest.raises(ProjectFileError, match="own file"):
        project.save_copy(project.path)
    os.rename(project.path, project.path.with_name("R2.db"))
    # the old name has the log of the moved file beside it: SQLite would read it into the copy
    with pytest.raises(ProjectFileError, match="R.db-wal beside it"):
        project.save_copy(project.path)
    assert not project.path.exists()


# ----------------------------------------------------------------------------- the disk refusing a write


def _count(project: Project, aid: int) -> int:
    return len(project.spans(aid))


def test_a_read_only_connection_says_read_only_and_writes_nothing(opened: tuple[Project, int]) -> None:
    project, aid = opened
    project.db.execute("PRAGMA query_only = 1")  # SQLITE_READONLY on the next write, as a file turned read-only
    with pytest.raises(ProjectWriteError) as caught:
        project.apply(_span_edit(project, aid, 16, 25))
    error = caught.value
    assert error.kind == "readonly" and isinstance(error, sqlite3.OperationalError)
    assert str(error).startswith(f"{project.path}: cannot be written any more") and "\n" not in str(error)
    project.db.execute("PRAGMA query_only = 0")
    assert _count(project, aid) == 1


def test_a_full_disk_says_full_and_writes_nothing(opened: tuple[Project, int]) -> None:
    project, aid = opened
    pages = project.db.execute("PRAGMA page_count").fetchone()[0]
    project.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL when the file must grow
    with pytest.raises(ProjectWriteError) as caught:
        project.add_article(Article(id=None, text="x " * 200_000, title="big"))
    assert caught.value.kind == "full" and "the disk is full" in str(caught.value)
    assert "Free some space" in str(caught.value)
    assert len(project.articles()) == 1


class _CommitFails:
    """The project's connection, except that ``COMMIT`` fails as a disk I/O error would."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_an_io_error_says_io_error_and_writes_nothing(opened: tuple[Project, int]) -> None:
    project, aid = opened
    real = project.db.conn
    project.db.conn = _CommitFails(real)  # type: ignore[assignment]
    try:
        with pytest.raises(ProjectWriteError) as caught:
            project.apply(_span_edit(project, aid, 16, 25))
    finally:
        project.db.conn = real
    assert caught.value.kind == "ioerr" and "I/O error" in str(caught.value)
    assert _count(project, aid) == 1


def test_after_stop_writing_nothing_is_written(opened: tuple[Project, int]) -> None:
    project, aid = opened
    project.stop_writing(ProjectWriteError(project.path, "ioerr", "disk I/O error"))
    assert project.read_only and project.read_only_reason == "a disk I/O error"
    with pytest.raises(ReadOnlyProjectError):
        project.apply(_span_edit(project, aid, 16, 25))
    assert _count(project, aid) == 1


@pytest.mark.parametrize(("exc", "kind"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), "readonly"),
    (sqlite3.OperationalError("database or disk is full"), "full"),
    (sqlite3.OperationalError("disk I/O error"), "ioerr"),
    (sqlite3.OperationalError("database is locked"), None),
    (sqlite3.IntegrityError("UNIQUE constraint failed"), None),
])
def test_write_failures_are_told_apart(exc: BaseException, kind: str | None) -> None:
    assert write_failure(exc) == kind


def test_sqlite_own_moved_code_is_moved() -> None:
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    exc.sqlite_errorcode = 1032  # SQLITE_READONLY_DBMOVED
    assert write_failure(exc) == "moved"


def test_an_error_pickles_with_what_it_says(tmp_path: Path) -> None:
    import pickle

    gone = ProjectFileGone(tmp_path / "R.db", "moved", now_at=tmp_path / "R2.db")
    again = pickle.loads(pickle.dumps(gone))
    assert (again.how, again.now_at, str(again)) == ("moved", tmp_path / "R2.db", str(gone))
    failed = ProjectWriteError(tmp_path / "R.db", "full", "database or disk is full")
    assert str(pickle.loads(pickle.dumps(failed))) == str(failed)


def test_copy_is_whole_though_the_moved_file_lacks_the_edit(opened: tuple[Project, int], tmp_path: Path) -> None:
    """What the usertest saw: the moved file, opened by another program, lacks the committed edit
    (it is in R.db-wal under the old name); Save a copy reads through the open connection and has it."""
    import subprocess

    project, aid = opened
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(str(project.path), moved / "R.db")  # same file system: a rename
    count = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "t = c.execute(\"SELECT 1 FROM sqlite_master WHERE name = 'spans'\").fetchone(); "
             "print(c.execute('SELECT count(*) FROM spans').fetchone()[0] if t else 'no spans table')")
    seen = subprocess.run([sys.executable, "-c", count, str(moved / "R.db")], capture_output=True, text=True, check=True)
    assert seen.stdout.strip() in ("0", "no spans table")  # the project's very tables may be only in the log
    _copy_holds_every_committed_edit(project, aid, tmp_path / "saved.db")


def test_a_project_opened_by_a_relative_path_stays_writable_after_a_change_of_folder(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite names the file absolutely at open; the check must too: 'win.db' opened in one folder
    is not 'gone' when the process moves to another (the merged suite's Train dialog test chdir-ed
    and the project turned read-only)."""
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    project = Project.open(Path("win.db"))
    try:
        monkeypatch.chdir(tmp_path)
        assert project.file_gone() is None and not project.read_only
        project.set_setting("note", "kept")
        assert sqlite3.connect(tmp_path / "a" / "win.db").execute(
            "SELECT value FROM project WHERE key = 'note'").fetchone() is not None
    finally:
        project.close()
