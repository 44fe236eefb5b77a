"""Issue 12 (launch14): the launch's pre-annotation lists the articles still to do without a Python
object per article. Listing them as Python ints and a deque of ``(id, None)`` tuples held the GIL
for ~25 ms in the worker thread at 50,000 articles, right after the first paint, and the UI thread
waited for it at each Python call (the longest launch freeze: 40 ms at 10,000 articles, 61 ms at
50,000); asking for the open article first copied and scanned that deque on the UI thread. The ids
now stay in SQLite (:class:`~annotator.nlp.suggest_process.QueuedIds`), read back a page at a time.

The O(articles) checks count the memory Python allocates (``tracemalloc``): unlike a time bound it
does not depend on the load of the machine, and a per-article object cannot hide from it."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.nlp import suggest_process
from annotator.nlp.suggest_process import NOT_DONE, NOT_PREANNOTATED, ArticleQuery
from annotator.ui import workers
from tests.ui.test_window_support import fake_suggester, pump_until

BIG = 20_000  # articles of the O(articles) checks; the code before launch14 allocated ~2 MB listing them


def _articles_file(path: Path, n: int, *, done: set[int] = frozenset(), preannotated: set[int] = frozenset()) -> Path:
    """A file with the two tables the listing reads: ``n`` articles (ids 1..n, a short text each)."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT NOT NULL, status TEXT NOT NULL)")
        conn.execute("CREATE TABLE preannotations (article_id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO articles VALUES (?, ?, ?)",
                         ((i, f"Article number {i} says little.", "done" if i in done else "new") for i in range(1, n + 1)))
        conn.executemany("INSERT INTO preannotations VALUES (?)", ((i,) for i in sorted(preannotated)))
    conn.close()
    return path


def _drain(queued: suggest_process.QueuedIds) -> list[int]:
    out = []
    while (article_id := queued.next()) is not None:
        out.append(article_id)
    return out


def test_queued_ids_are_the_query_in_id_order_each_once(tmp_path: Path) -> None:
    path = _articles_file(tmp_path / "a.db", 700, done={3, 300, 699}, preannotated={1, 2, 257})
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # read-only, as the worker's is
    queued = suggest_process.QueuedIds(conn, NOT_PREANNOTATED)
    assert queued.total == 697
    assert not conn.in_transaction  # a transaction left open would pin the project's WAL
    assert queued.next() == 3 and queued.next() == 4  # the first page is read now
    assert queued.take(200)  # in the page read: handed out now, never again
    assert queued.take(600)  # beyond it: skipped when its page comes
    assert not queued.take(4)  # already handed out
    assert not queued.take(257)  # not picked by the query
    assert not queued.take(701)  # not in the file
    assert not queued.take(600)  # taken once only
    rest = _drain(queued)
    assert rest == [i for i in range(5, 701) if i not in (200, 257, 600)]
    assert queued.next() is None
    assert 2 + 2 + len(rest) == queued.total  # every queued id handed out exactly once
    again = suggest_process.QueuedIds(conn, NOT_DONE)  # a second queue on the connection replaces the first
    assert again.total == 697 and _drain(again)[:3] == [1, 2, 4]
    conn.close()


def test_queued_ids_are_those_picked_when_queued(tmp_path: Path) -> None:
    """The run pre-annotates the articles its query picked when it started (its ``total``), as
    the list of ids it replaced did: one marked done meanwhile is still handed out, one added
    meanwhile is not."""
    path = _articles_file(tmp_path / "a.db", 600)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    queued = suggest_process.QueuedIds(conn, NOT_DONE)
    with sqlite3.connect(path) as writer:
        writer.execute("UPDATE articles SET status = 'done' WHERE id = 590")
        writer.execute("INSERT INTO articles VALUES (601, 'A late one.', 'new')")
    writer.close()
    assert _drain(queued) == list(range(1, 601))
    conn.close()


def test_listing_a_big_query_allocates_per_page_not_per_article(tmp_path: Path) -> None:
    """The worker's listing and its first articles: bounded by a page, whatever the project's
    size (before launch14: a Python int, a tuple and two references per article, ~2 MB here)."""
    path = _articles_file(tmp_path / "big.db", BIG)
    worker = workers.PreannotateWorker(NOT_PREANNOTATED, loader=lambda: object(), suggester=fake_suggester, project_path=path)
    tracemalloc.start()
    try:
        worker._list_query()  # what the thread does first, here on this thread to be measured alone
        first = [worker._next() for _ in range(3)]
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        worker._close_listing()
    assert worker.total == BIG
    assert first == [(1, None), (2, None), (3, None)]
    assert peak < 200_000, f"listing {BIG:,} articles allocated {peak:,} bytes at its peak"


def test_asking_for_the_open_article_first_is_o1_on_the_ui_thread(tmp_path: Path) -> None:
    """``prioritize`` runs on the UI thread at each article opened during the run: it used to copy
    and scan the whole queue (O(articles)); now it leaves the id for the thread."""
    path = _articles_file(tmp_path / "big.db", BIG)
    worker = workers.PreannotateWorker(NOT_PREANNOTATED, loader=lambda: object(), suggester=fake_suggester, project_path=path)
    try:
        worker._list_query()
        assert worker._next() == (1, None)
        tracemalloc.start()
        try:
            worker.prioritize(BIG)  # the last one: the old scan went through the whole queue
            _size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 2_000, f"prioritize allocated {peak:,} bytes"
        assert worker._next() == (BIG, None)  # the thread takes it next
        assert worker._next() == (2, None)
    finally:
        worker._close_listing()


@pytest.mark.parametrize("query", [NOT_PREANNOTATED, NOT_DONE])
def test_worker_suggests_each_queued_article_once_open_one_first(tmp_path: Path, query: ArticleQuery) -> None:
    QApplication.instance() or QApplication([])  # the thread's signals arrive through its event loop
    path = _articles_file(tmp_path / "a.db", 600, done={10}, preannotated={10, 20})
    picked = [i for i in range(1, 601) if i not in ({10, 20} if query is NOT_PREANNOTATED else {10})]
    worker = workers.PreannotateWorker(query, loader=lambda: object(), suggester=fake_suggester, project_path=path)
    worker.prioritize(450)  # before the thread listed anything: the launch with an article open
    seen: list[int] = []
    ended: list[bool] = []
    worker.articleSuggested.connect(lambda article_id, _s: seen.append(article_id))
    worker.finishedWork.connect(lambda cancelled: ended.append(cancelled))
    worker.start()
    assert worker.wait(30_000)
    pump_until(lambda: bool(ended), timeout=10)
    assert ended == [False]
    assert worker.total == len(picked)
    assert seen == [450, *(i for i in picked if i != 450)]
    assert worker._listing is None  # its connection closed with the run
