"""The window's catch-up of an import's articles (issue 12, import12e), Qt-free: in steps, each
its own transaction with the note of what is left, so a cancelled or killed catch-up loses
nothing; an article row changed while the note is pending indexes that article alone."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.storage.search import (FTS_PENDING, _split_runs, catch_up, catch_up_article, catch_up_in_steps,
                                      pending_articles)

REPO = Path(__file__).resolve().parents[2]


def _bundle(n: int) -> ArticleBundle:
    return ArticleBundle(article=Article(id=None, text=f"Report {n} about zebra{n} and the Müller café.", title=f"T{n}"))


def _indexed(conn: sqlite3.Connection) -> set[int]:
    return {r[0] for r in conn.execute("SELECT id FROM articles_fts_docsize")}


def _check(conn: sqlite3.Connection, *, whole: bool = True) -> None:
    """FTS5's own check: raises when the index is broken; ``whole``: also against every article
    (rank 1), else only the index's own consistency (while some articles wait for it)."""
    conn.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', {1 if whole else 0})")


def _writer(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def test_split_runs_takes_the_first_ids_in_order() -> None:
    assert _split_runs([[1, 3], [7, 7], [9, 12]], 5) == ([[1, 3], [7, 7], [9, 9]], [[10, 12]])
    assert _split_runs([[1, 3]], 3) == ([[1, 3]], [])
    assert _split_runs([[1, 3]], 10) == ([[1, 3]], [])
    assert _split_runs([[5, 9]], 1) == ([[5, 5]], [[6, 9]])


def test_steps_index_everything_and_report_progress(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles([_bundle(0)])
        project.import_bundles((_bundle(n) for n in range(1, 106)), index_later=True)
    conn = _writer(path)
    reports: list[tuple[int, int]] = []
    assert catch_up_in_steps(conn, step=25, report=lambda done, total: reports.append((done, total))) == (105, False)
    assert reports == [(25, 105), (50, 105), (75, 105), (100, 105), (105, 105)]
    assert pending_articles(conn) == 0 and _indexed(conn) == set(range(1, 107))
    _check(conn)
    assert catch_up_in_steps(conn) == (0, False)  # nothing waits: nothing done
    conn.close()


def test_a_cancelled_catch_up_keeps_a_note_of_exactly_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(90)), index_later=True)
    conn = _writer(path)
    steps: list[int] = []
    assert catch_up_in_steps(conn, step=20, report=lambda done, _t: steps.append(done), cancelled=lambda: len(steps) >= 2) == (40, True)
    assert not conn.in_transaction
    assert _indexed(conn) == set(range(1, 41)) and pending_articles(conn) == 50
    assert conn.execute("SELECT value FROM project WHERE key = ?", [FTS_PENDING]).fetchone()[0] == "[[41, 90]]"
    _check(conn, whole=False)
    conn.close()
    with Project.open(path) as project:  # the next catch-up (here: the first search) finishes
        assert project.search("zebra89") == [90]
        assert len(project.search("report")) == 90
        _check(project.db.conn)


def test_a_catch_up_killed_between_steps_loses_nothing(tmp_path: Path) -> None:
    """The window's process dies (``os._exit``) after two committed steps, while the third runs."""
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(100)), index_later=True)
    code = (
        "import os, sqlite3, sys\n"
        "from annotator.storage.search import catch_up_in_steps\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "seen = []\n"
        "def report(done, total):\n"
        "    seen.append(done)\n"
        "    if len(seen) == 2:\n"
        "        conn.execute('BEGIN IMMEDIATE')\n"  # a third step's transaction, open when the process dies
        "        conn.execute(\"INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id BETWEEN 61 AND 70\")\n"
        "        os._exit(9)\n"
        "catch_up_in_steps(conn, step=30, report=report)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, timeout=120)
    assert done.returncode == 9
    conn = _writer(path)
    assert _indexed(conn) == set(range(1, 61)) and pending_articles(conn) == 40  # the open step was not kept
    _check(conn, whole=False)
    assert catch_up(conn) == 40
    _check(conn)
    conn.close()


def test_a_catch_up_elsewhere_meanwhile_is_not_indexed_twice(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(60)), index_later=True)
        conn = _writer(path)
        calls: list[int] = []

        def cancelled() -> bool:  # between the worker's steps the window's own connection catches up
            calls.append(1)
            if len(calls) == 2:
                assert catch_up(project.db.conn) == 50
            return False

        assert catch_up_in_steps(conn, step=10, cancelled=cancelled) == (10, False)
        assert pending_articles(conn) == 0 and _indexed(conn) == set(range(1, 61))
        _check(conn)
        conn.close()


def test_catch_up_in_steps_refuses_a_caller_transaction_and_a_bad_step(tmp_path: Path) -> None:
    conn = _writer(tmp_path / "x.db")
    with pytest.raises(ValueError, match="step 0"):
        catch_up_in_steps(conn, step=0)
    conn.execute("BEGIN")
    with pytest.raises(RuntimeError, match="own transactions"):
        catch_up_in_steps(conn)
    conn.close()


def test_an_article_row_edited_while_the_note_is_pending_indexes_that_article_only(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = project.import_bundles((_bundle(n) for n in range(3000)), index_later=True).article_ids
        conn = project.db.conn
        middle = project.find(Article, ids[1500])
        started = time.perf_counter()
        project.apply(Edit("retitle", (Change(middle, dataclasses.replace(middle, title="Giraffe news")),)))
        one = time.perf_counter() - started
        assert _indexed(conn) == {middle.id}
        assert conn.execute("SELECT value FROM project WHERE key = ?", [FTS_PENDING]).fetchone()[0] == \
            f"[[{ids[0]}, {middle.id - 1}], [{middle.id + 1}, {ids[-1]}]]"
        _check(conn, whole=False)
        first = project.find(Article, ids[0])
        project.apply(Edit("delete", (Change(first, None),)))  # at a run's end: the run shrinks
        assert pending_articles(conn) == 2998 and _indexed(conn) == {middle.id}
        _check(conn, whole=False)
        started = time.perf_counter()
        assert catch_up(conn) == 2998
        everything = time.perf_counter() - started
        print(f"edit with one article's catch-up {one * 1000:.1f} ms; catch-up of 2,998 {everything * 1000:.1f} ms")
        assert project.search("giraffe") == [middle.id]
        assert len(project.search("report")) == 2999
        _check(conn)


def test_catch_up_article_leaves_an_article_not_in_the_note_alone(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([_bundle(0)])
        project.import_bundles((_bundle(n) for n in range(1, 5)), index_later=True)
        conn = project.db.conn
        conn.execute("BEGIN IMMEDIATE")
        assert catch_up_article(conn, 1) is False  # indexed at its import
        assert catch_up_article(conn, 5) is True
        assert catch_up_article(conn, 5) is False  # no longer in the note
        conn.execute("COMMIT")
        assert conn.execute("SELECT value FROM project WHERE key = ?", [FTS_PENDING]).fetchone()[0] == "[[2, 4]]"
        _check(conn, whole=False)
