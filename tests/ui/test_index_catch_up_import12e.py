"""Issue 12 (import12e): the full-text catch-up an `annotator import` leaves (the note
``fts_pending``) never runs on the window's UI thread. The window catches up in a thread when it
opens such a project or sees the note appear; a list filter typed meanwhile waits for it ("Indexing
N imported articles for search…") and is answered when it ends; keys are handled at once meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer
from PySide6.QtTest import QTest

import annotator.storage.search as search_module
import annotator.ui.index_catch_up as catch_up_module
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.storage.search import pending_articles
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

ARTICLES = 400


def _bundle(n: int, word: str = "") -> ArticleBundle:
    return ArticleBundle(article=Article(id=None, text=f"Report {n} on the harbour {word}.".replace(" .", "."), title=f"Story {n}"))


def _imported(path: Path, *, last_word: str = "okapi") -> int:
    """A project whose ARTICLES articles an `annotator import` left to index; the id of the last,
    the only one with ``last_word``."""
    with Project.open(path) as project:
        ids = project.import_bundles((_bundle(n, last_word if n == ARTICLES - 1 else "") for n in range(ARTICLES)),
                                     index_later=True).article_ids
        assert pending_articles(project.db.conn) == ARTICLES
    return ids[-1]


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The worker's catch-up waits for ``release`` before it starts and goes in steps of 20; the
    threads of every catch-up (the worker's and any whole ``catch_up``) are recorded."""
    seen: dict = {"steps": [], "whole": [], "release": threading.Event()}
    real_steps, real_whole = catch_up_module.catch_up_in_steps, search_module.catch_up

    def steps(conn, *, report=None, cancelled=None, **_kw):  # noqa: ANN001, ANN003, ANN202
        seen["steps"].append(threading.get_ident())
        assert seen["release"].wait(20), "the test never released the catch-up"
        return real_steps(conn, step=20, report=report, cancelled=cancelled)

    def whole(conn):  # noqa: ANN001, ANN202
        seen["whole"].append(threading.get_ident())
        return real_whole(conn)

    monkeypatch.setattr(catch_up_module, "catch_up_in_steps", steps)
    monkeypatch.setattr(search_module, "catch_up", whole)
    return seen


def _timed_key(widget, key: str) -> int:  # noqa: ANN001
    timer = QElapsedTimer()
    timer.start()
    QTest.keyClick(widget, key)
    return timer.elapsed()


def test_opening_an_imported_project_catches_up_off_the_ui_thread_and_the_filter_waits(make_window, qtbot, tmp_path: Path, gated: dict) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    okapi = _imported(path)
    window = make_window(Project.open(path, create=False))
    qtbot.waitUntil(lambda: len(gated["steps"]) == 1, timeout=5000)  # started by the open, now held
    assert window.indexer.is_running()
    assert gated["steps"][0] != threading.get_ident()  # not the UI thread
    # opening writes nothing (ui12j: an edit marks an article in progress, not showing it): all are left
    assert window.index_indicator.label.text() == "Indexing 400 imported articles for search…"

    box = window.article_list.search
    box.setFocus()
    slowest = max(_timed_key(box, key) for key in "okapi")  # each key is handled at once meanwhile
    assert slowest < 50, f"a key took {slowest} ms while the index caught up"
    timer = QElapsedTimer()
    timer.start()
    window.refresh_article_list()  # what the filter's debounce runs
    assert timer.elapsed() < 50
    assert window.article_list.model.ids() == []
    assert window.article_list.count_label.text() == "Indexing 400 imported articles for search…"
    assert pending_articles(window.project.db.conn) == ARTICLES  # opening wrote nothing (ui12j)

    gated["release"].set()
    qtbot.waitUntil(lambda: not window.indexer.is_running(), timeout=20_000)
    qtbot.waitUntil(lambda: window.article_list.model.ids() == [okapi], timeout=5000)  # the waiting filter ran
    assert pending_articles(window.project.db.conn) == 0
    assert gated["whole"] == []  # nothing caught up the whole import on any thread
    assert not window.index_indicator.isVisible() and not window.progress_indicator.isVisible()
    window.project.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
    box.clear()
    QTest.keyClicks(box, "harbour")
    qtbot.waitUntil(lambda: len(window.article_list.model.ids()) == ARTICLES, timeout=5000)  # the debounce's filter


def test_a_cancelled_catch_up_keeps_the_note_and_the_next_filter_starts_it_again(make_window, qtbot, tmp_path: Path, gated: dict) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    okapi = _imported(path)
    window = make_window(Project.open(path, create=False))
    qtbot.waitUntil(lambda: len(gated["steps"]) == 1, timeout=5000)
    held = window.indexer.thread
    window.cancel_background()  # Ctrl+. / the status bar's Cancel
    assert not window.indexer.is_running() and not window.index_indicator.isVisible()
    gated["release"].set()
    assert held.wait(10_000)
    assert pending_articles(window.project.db.conn) == ARTICLES  # nothing lost, nothing half done
    QTest.keyClicks(window.article_list.search, "okapi")
    qtbot.waitUntil(lambda: len(gated["steps"]) == 2, timeout=5000)  # the filter waits again, in a new catch-up
    qtbot.waitUntil(lambda: window.article_list.model.ids() == [okapi], timeout=20_000)
    assert pending_articles(window.project.db.conn) == 0 and gated["whole"] == []


def test_the_note_another_program_leaves_is_caught_up_in_a_thread(make_window, qtbot, tmp_path: Path, gated: dict) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles([ArticleBundle(Article(id=None, text="An earlier story, indexed at its import."))])
    window = make_window(Project.open(path, create=False))
    window.outside_writes.stop()  # looked at by hand below
    assert gated["steps"] == [] and not window.indexer.is_running()
    okapi = _imported(path, last_word="okapi")  # `annotator import` in another process, the window open
    gated["release"].set()
    assert window.outside_writes.check() is True
    assert window.indexer.is_running()
    qtbot.waitUntil(lambda: not window.indexer.is_running(), timeout=20_000)
    assert gated["steps"] and gated["steps"][0] != threading.get_ident()
    assert pending_articles(window.project.db.conn) == 0
    QTest.keyClicks(window.article_list.search, "okapi")
    qtbot.waitUntil(lambda: window.article_list.model.ids() == [okapi], timeout=5000)
    assert gated["whole"] == []


def test_a_read_only_project_with_the_note_builds_its_index_copy_off_the_ui_thread(make_window, qtbot, tmp_path: Path, gated: dict,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """perf12f: a read-only project cannot catch up, and ensure_index built the connection's own
    index on the calling thread: ~1.5 s at 10,000 articles on the UI thread at the first filter.
    Now a thread builds a copy (recorded: not the UI thread), the filter waits for it at once, and
    then finds the article only an index holding the not-yet-indexed articles finds."""
    path = tmp_path / "p.db"
    okapi = _imported(path)
    builds: list[int] = []
    in_memory: list[int] = []
    release = threading.Event()
    real_build, real_in_memory = catch_up_module.build_index_copy, search_module._index_in_memory

    def build(uri, *, cancelled=None):  # noqa: ANN001, ANN202
        builds.append(threading.get_ident())
        assert release.wait(20), "the test never released the build"
        return real_build(uri, cancelled=cancelled)

    def recorded_in_memory(conn):  # noqa: ANN001, ANN202
        in_memory.append(threading.get_ident())
        return real_in_memory(conn)

    monkeypatch.setattr(catch_up_module, "build_index_copy", build)
    monkeypatch.setattr(search_module, "_index_in_memory", recorded_in_memory)
    window = make_window(Project.open(path, create=False, read_only=True))
    assert gated["steps"] == []  # no catch-up: the file cannot be written
    qtbot.waitUntil(lambda: len(builds) == 1, timeout=5000)  # started by the open, now held
    assert builds[0] != threading.get_ident() and window.indexer.is_running()
    assert window.index_indicator.label.text() == f"Indexing {ARTICLES} imported articles for search…"

    box = window.article_list.search
    box.setFocus()
    slowest = max(_timed_key(box, key) for key in "okapi")
    assert slowest < 50, f"a key took {slowest} ms while the index copy was built"
    timer = QElapsedTimer()
    timer.start()
    window.refresh_article_list()  # what the filter's debounce runs
    assert timer.elapsed() < 50, f"the filter took {timer.elapsed()} ms on the UI thread"
    assert window.article_list.model.ids() == []
    assert window.article_list.count_label.text() == f"Indexing {ARTICLES} imported articles for search…"

    release.set()
    qtbot.waitUntil(lambda: not window.indexer.is_running(), timeout=20_000)
    qtbot.waitUntil(lambda: window.article_list.model.ids() == [okapi], timeout=5000)  # the waiting filter ran, on the copy
    assert search_module.has_index_copy(window.project.db.conn)
    assert window.project.search("okapi") == [okapi] and window.project.article_list_ids(query="oka") == [okapi]
    assert pending_articles(window.project.db.conn) == ARTICLES  # the file is not written
    assert in_memory == [] and len(builds) == 1  # nothing built on the UI thread, nor twice
    box.clear()
    QTest.keyClicks(box, "harbour")
    qtbot.waitUntil(lambda: len(window.article_list.model.ids()) == ARTICLES, timeout=5000)  # every article, from the copy


def test_the_catch_up_shows_beside_a_running_job_never_over_its_line(make_window, qtbot, tmp_path: Path, gated: dict) -> None:  # noqa: ANN001
    """perf12f: the catch-up's progress wrote the shared status-bar line and replaced an export's
    (or pre-annotation's, training's) text. Each now has its own indicator; the job's text stays
    while the catch-up runs and ends, and the catch-up's own Cancel leaves the job running."""
    path = tmp_path / "p.db"
    _imported(path)
    window = make_window(Project.open(path, create=False))
    qtbot.waitUntil(lambda: len(gated["steps"]) == 1, timeout=5000)  # the catch-up started by the open, held
    job_may_end, job_reported = threading.Event(), threading.Event()

    def export(report, cancelled):  # noqa: ANN001, ANN202
        report(3, 10, "Exporting: 3 of 10 articles")
        job_reported.set()
        assert job_may_end.wait(20), "the test never let the job end"
        return "done"

    ended: list = []
    assert window.background.run_job("Export", export, ended.append)
    qtbot.waitUntil(lambda: window.progress_indicator.label.text() == "Exporting: 3 of 10 articles", timeout=5000)
    assert window.index_indicator.isVisible() and window.progress_indicator.isVisible()
    assert window.index_indicator.label.text() == "Indexing 400 imported articles for search…"

    gated["release"].set()  # the catch-up goes on in steps of 20, each reporting its progress
    qtbot.waitUntil(lambda: not window.indexer.is_running(), timeout=20_000)
    assert pending_articles(window.project.db.conn) == 0
    # the job's line as the job last set it, while the job runs on; the catch-up's own line gone
    assert window.progress_indicator.isVisible() and window.progress_indicator.label.text() == "Exporting: 3 of 10 articles"
    assert not window.index_indicator.isVisible()
    job_may_end.set()
    qtbot.waitUntil(lambda: ended == ["done"], timeout=10_000)
    assert not window.progress_indicator.isVisible()


def test_the_catch_up_progress_lines_never_reach_the_job_indicator(make_window, qtbot, tmp_path: Path, gated: dict) -> None:  # noqa: ANN001
    """Every progress line the catch-up writes goes to its own indicator (recorded), none to the
    job's, and its Cancel stops the catch-up alone."""
    path = tmp_path / "p.db"
    _imported(path)
    window = make_window(Project.open(path, create=False))
    qtbot.waitUntil(lambda: len(gated["steps"]) == 1, timeout=5000)
    job_lines: list[str] = []
    real = window.progress_indicator.show_progress
    window.progress_indicator.show_progress = lambda done, total, text: (job_lines.append(text), real(done, total, text))[1]
    window.background.show_progress(0, 0, "Pre-annotating…")
    window.index_indicator.cancel.click()  # the catch-up's own Cancel
    assert not window.indexer.is_running() and not window.index_indicator.isVisible()
    assert window.progress_indicator.label.text() == "Pre-annotating…"
    gated["release"].set()
    assert job_lines == ["Pre-annotating…"]
    assert pending_articles(window.project.db.conn) == ARTICLES  # the cancel kept the note


def test_the_search_panel_fallback_never_builds_the_index_on_the_ui_thread(make_window, qtbot, tmp_path: Path,  # noqa: ANN001
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """perf12f: when the panel's own thread cannot open the file, it searched on the window's
    connection, which built the index there (UI thread) while no copy was attached; now it says
    the index is coming, and searches on the copy once the window has attached it."""
    from PySide6.QtCore import Qt

    from annotator.ui.search_panel import _SearchThread
    from tests.ui.test_window_support import pump_until

    path = tmp_path / "p.db"
    okapi = _imported(path)
    in_memory: list[int] = []
    release = threading.Event()
    real_build, real_in_memory = catch_up_module.build_index_copy, search_module._index_in_memory
    monkeypatch.setattr(catch_up_module, "build_index_copy",
                        lambda uri, *, cancelled=None: (release.wait(20), real_build(uri, cancelled=cancelled))[1])
    monkeypatch.setattr(search_module, "_index_in_memory", lambda conn: (in_memory.append(threading.get_ident()), real_in_memory(conn))[1])
    monkeypatch.setattr(_SearchThread, "run", lambda self: self.failed.emit(self._generation, "unable to open"))
    window = make_window(Project.open(path, create=False, read_only=True))
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.menus.search_panel
    pump_until(lambda: panel.text.hasFocus(), 5)
    QTest.keyClicks(panel.text, "okapi")
    panel.status.setCurrentIndex(panel.status.findData("all"))
    QTest.keyClick(panel.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.summary.text().startswith(f"Indexing {ARTICLES} imported articles for search…"), timeout=5000)
    assert in_memory == []
    release.set()
    qtbot.waitUntil(lambda: not window.indexer.is_running(), timeout=20_000)
    assert search_module.has_index_copy(window.project.db.conn)
    panel.run_search()
    qtbot.waitUntil(lambda: panel.summary.text() in ("0 hits", "1 hit"), timeout=5000)  # no spans: the search ran, on the copy
    assert in_memory == [] and window.project.search("okapi") == [okapi]
