"""perf12g (issue 12): the first edit after opening missed 16 ms because it started SQLite's
write-ahead log: the first commit after a project is opened writes the log's header and syncs
it and its folder to disk (two ``fdatasync`` calls, 5-35 ms on a busy disk), while its CPU was
that of any later edit. :meth:`Project.prepare_writes` pays that when the project opens, with a
commit that changes nothing (no table row, nothing in the change log); these tests pin it."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from annotator.domain import commands
from annotator.domain.model import Article, ArticleStatus
from annotator.storage.project import Project

TEXT = "Lavrov said on Monday that the talks in Geneva were useful, a spokesman told reporters."


def _wal(path: Path) -> int:
    """Bytes in the project's write-ahead log (-1: no log file)."""
    log = path.with_name(path.name + "-wal")
    return log.stat().st_size if log.exists() else -1


def _contents(path: Path) -> list[tuple]:
    """Every row of every table, read through a fresh connection (what any reader sees)."""
    con = sqlite3.connect(path)
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                            "AND name NOT LIKE '%fts%' ORDER BY name")]
        return [(t, sorted(map(repr, con.execute(f'SELECT * FROM "{t}"')))) for t in tables] + \
            [("user_version", con.execute("PRAGMA user_version").fetchone())]
    finally:
        con.close()


def _closed_project(path: Path) -> int:
    """A project with one article in progress, closed (its log checkpointed and removed)."""
    with Project.open(path) as project:
        article, _ = project.add_article(Article(id=None, text=TEXT, title="Talks"))
        project.set_article_status(article.id, ArticleStatus.IN_PROGRESS, by="ana")
        return article.id  # type: ignore[return-value]


def test_opening_leaves_the_log_empty_and_prepare_writes_starts_it_without_changing_anything(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    article_id = _closed_project(path)
    before = _contents(path)
    with Project.open(path, create=False) as project:
        project.article(article_id)
        assert _wal(path) == 0  # read, not written: the first commit would write the header and sync it
        assert project.prepare_writes() is True
        started = _wal(path)
        assert started > 0
        assert _contents(path) == before  # no row of any table, nothing in the change log
        assert project.prepare_writes() is False  # already started: nothing more is written
        assert _wal(path) == started
        # the first edit appends to the started log (its header is not written again) and is kept
        project.apply(commands.add_span(commands.records(()), article_id=article_id, start=0, end=6, label="PERSON",
                                        layer="entity"), by="ana")
        assert _wal(path) > started
    with Project.open(path, create=False, read_only=True) as reader:
        assert [s.label for s in reader.spans(article_id)] == ["PERSON"]


def test_read_only_project_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _closed_project(path)
    data = path.read_bytes()
    with Project.open(path, create=False, read_only=True) as project:
        assert project.prepare_writes() is False
    assert path.read_bytes() == data
    assert _wal(path) <= 0


def test_another_writer_holding_the_file_is_not_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _closed_project(path)
    with Project.open(path, create=False) as project:
        project.article_ids()
        other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            start = time.perf_counter()
            assert project.prepare_writes() is False
            assert time.perf_counter() - start < 1.0  # not the 5 s busy timeout
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert project.write_wait_ms > 0  # the project's own wait is put back
        assert project.prepare_writes() is True  # free again: started now
