"""perf12g (issue 12): the window starts the project's write-ahead log while it opens, so the
analyst's first edit does not pay the log's header and its two disk syncs (the first edit after
opening missed 16 ms by that wait; tests/core/test_wal_started_perf12g.py shows the mechanism)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401


def _wal(path: Path) -> int:
    log = path.with_name(path.name + "-wal")
    return log.stat().st_size if log.exists() else -1


def test_window_open_starts_the_log_and_writes_nothing(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    project = make_project(path)
    for article_id in project.article_ids():  # opening an article then writes nothing itself
        project.set_article_status(article_id, ArticleStatus.IN_PROGRESS, by="ana")
    project.close()
    with sqlite3.connect(path) as con:
        before = con.execute("SELECT count(*), coalesce(max(rowid), 0) FROM changes").fetchone()
        spans = con.execute("SELECT * FROM spans ORDER BY id").fetchall()
    assert _wal(path) <= 0
    window = make_window(Project.open(path, create=False))
    assert window.state is not None
    assert _wal(path) > 0  # started by the open: the first edit appends to it
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*), coalesce(max(rowid), 0) FROM changes").fetchone() == before
        assert con.execute("SELECT * FROM spans ORDER BY id").fetchall() == spans
