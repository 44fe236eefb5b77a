"""fix32 (issue 12, follow-up of fix28): the window's pre-annotation never drops the suggestions
it made because the project file was busy. Before, a store that found another program holding the
write lock past the window's wait (0.25 s) said "Suggestions for article N not saved: … busy …"
and the suggestions were gone, the article not pre-annotated until some later run, and each such
store held the UI thread 0.25 s.

Another program is stood in for by a second connection holding the write lock (``BEGIN
IMMEDIATE``). Released after a while (longer than any one wait): every article ends pre-annotated,
its suggestions stored once, no "not saved" line, and no store held the UI thread 50 ms or more
waiting. Never released: the articles stay pending (no suggestion, not pre-annotated: nothing
half-written), one line said so; a later run stores them all."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import annotator.ui.preannotation as preannotation
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until, suggestions_for  # noqa: F401

pytestmark = pytest.mark.timeout(120)

ARTICLES = 8
NAMES = ["Geneva", "Moscow", "Beijing", "Paris", "Oslo", "Washington"]


def _text(n: int) -> str:
    return f"Officials in {NAMES[n % len(NAMES)]} said on Monday that report {n} on {NAMES[(n + 1) % len(NAMES)]} was late."


def _project(path: Path) -> list[int]:
    with Project.open(path) as project:
        return project.import_bundles(ArticleBundle(article=Article(id=None, text=_text(n), title=f"Story {n}"))
                                      for n in range(ARTICLES)).article_ids


def _stored(path: Path, ids: list[int]) -> dict[int, int]:
    """Article id → how many suggested spans the file holds, read by a connection of its own."""
    with Project.open(path, create=False) as project:
        return {i: len(project.spans(i)) for i in ids}


def _hold(path: Path) -> sqlite3.Connection:
    """Another program's connection holding the file's write lock until it commits or rolls back."""
    other = sqlite3.connect(path, isolation_level=None, timeout=5)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title WHERE id = (SELECT min(id) FROM articles)")
    return other


def _timed_stores(window, monkeypatch: pytest.MonkeyPatch, busy: list[float] | None = None) -> list[float]:  # noqa: ANN001
    """Seconds each store of suggestions took on the UI thread (the project's add_suggestions);
    those that failed, the file busy, also in ``busy``."""
    took: list[float] = []
    project = window.project
    real = project.add_suggestions

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        except Exception:
            if busy is not None:
                busy.append(time.perf_counter() - started)
            raise
        finally:
            took.append(time.perf_counter() - started)

    monkeypatch.setattr(project, "add_suggestions", timed)
    return took


def _pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def test_a_lock_held_past_the_wait_then_released_loses_no_suggestion(make_window, tmp_path: Path,  # noqa: ANN001
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    failed: list[float] = []
    took = _timed_stores(window, monkeypatch, failed)
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        pump_until(lambda: len(took) >= 3, timeout=30)  # stores tried (and failed) while the lock is held
        _pump(1.0)  # four times the window's wait of 0.25 s, and more
        assert not any(window.project.preannotated(i) for i in ids)  # held: nothing could be written yet
    finally:
        other.rollback()
        other.close()
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)

    assert [m for m in messages if "not saved" in m] == []
    assert [i for i in ids if not window.project.preannotated(i)] == []
    want = {i: len(suggestions_for(_text(n)).spans) for n, i in enumerate(ids)}
    assert _stored(path, ids) == want  # each article's suggestions once: no duplicate, none missing
    waits = sorted(failed)
    print(f"stores: {len(took)}, {len(failed)} found the file busy: their waits median {waits[len(waits) // 2] * 1000:.0f} ms, "
          f"longest {waits[-1] * 1000:.0f} ms; longest store {max(took) * 1000:.0f} ms; load {os.getloadavg()[0]:.1f}")
    # main: each failing store waited 0.25 s (256-288 ms median at load 9-10); here 25 ms, 26-96 ms
    # median at load 9-10 (the scheduling delays of a loaded machine on top)
    assert waits[len(waits) // 2] < 0.15, f"a store found the file busy held the UI thread {waits[len(waits) // 2] * 1000:.0f} ms"


def test_a_lock_never_released_leaves_the_articles_pending_and_says_so_once(make_window, tmp_path: Path,  # noqa: ANN001
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preannotation, "STORE_RETRY_MS", (20, 40, 80), raising=False)  # main has none: its stores fail at once
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)
        _pump(0.3)
        stored = _stored_while_held(path, ids)
    finally:
        other.rollback()
        other.close()
    assert [i for i in ids if window.project.preannotated(i)] == []  # pending, all of them
    assert stored == {i: 0 for i in ids}  # nothing half-written
    busy = [m for m in messages if "not saved" in m]
    # one line, not one per article (before fix32: one per article, and the suggestions dropped); its
    # count follows the articles waiting (fix34), all of them at the end
    assert busy and all(m.startswith("Suggestions for ") and "not saved yet" in m and "busy" in m and "tried again" in m
                        for m in busy), busy
    assert busy[-1].startswith(f"Suggestions for {len(ids)} articles ")
    assert sorted(window.preannotator.left_pending) == sorted(ids)

    # the file free again: the next run stores every one of them, once
    window.start_preannotation(ids, asked=False)
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)
    assert [i for i in ids if not window.project.preannotated(i)] == []
    assert _stored(path, ids) == {i: len(suggestions_for(_text(n)).spans) for n, i in enumerate(ids)}


def _stored_while_held(path: Path, ids: list[int]) -> dict[int, int]:
    """As :func:`_stored`, by a plain reader (the lock is held: a Project.open might want to write)."""
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {i: reader.execute("SELECT count(*) FROM spans WHERE article_id = ?", [i]).fetchone()[0] for i in ids}
    finally:
        reader.close()


def test_an_article_given_back_is_taken_after_the_rest_and_not_once_the_run_took_its_last() -> None:
    from annotator.ui.workers import PreannotateWorker

    worker = PreannotateWorker([1, 2, 3], project_path="unused.db")
    assert worker._next_id() == 1  # noqa: SLF001
    assert worker.take_later([1])
    assert worker.total == 3  # fix34: the run's articles (fix32 counted it twice: "233 of 858" for 698)
    worker.prioritize(3)
    assert [worker._next_id() for _ in range(4)] == [3, 2, 1, None]  # noqa: SLF001 - after the others, once
    assert not worker.take_later([2])  # it handed out its last: the next run's
    assert worker._next_id() is None  # noqa: SLF001


def test_the_windows_own_waiting_edits_go_before_the_waiting_stores(make_window, tmp_path: Path,  # noqa: ANN001
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.ui.editing import EditPath

    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False))
    took = _timed_stores(window, monkeypatch)
    edits_waiting = [0]
    monkeypatch.setattr(EditPath, "waiting", property(lambda _self: edits_waiting[0]))
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        pump_until(lambda: len(took) >= 2 and getattr(window.preannotator, "_unsaved", None), timeout=30)
        edits_waiting[0] = 1  # an edit of the analyst's waits for the file too
    finally:
        other.rollback()
        other.close()
    tried = len(took)
    _pump(1.0)  # the file is free, but the edit waits: the stores let it go first
    assert len(took) == tried and not any(window.project.preannotated(i) for i in ids)
    edits_waiting[0] = 0  # the edit is written
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)
    assert [i for i in ids if not window.project.preannotated(i)] == []


def test_articles_given_back_are_taken_again_by_the_same_run_and_stored_once(make_window, tmp_path: Path,  # noqa: ANN001
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preannotation, "STORE_RETRY_MS", (20, 40), raising=False)  # given back after ~60 ms
    path = tmp_path / "p.db"
    ids = _project(path)
    made: list[str] = []

    def suggester(pipeline: object, text: str):  # noqa: ANN202 - a run long enough to take them again
        made.append(text)
        time.sleep(0.15)
        return fake_suggester(pipeline, text)

    window = make_window(Project.open(path, create=False), suggester=suggester)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        pump_until(lambda: len(made) >= 3, timeout=30)
        _pump(0.2)
    finally:
        other.rollback()
        other.close()
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)
    busy = [m for m in messages if "not saved" in m]
    assert busy and all("later in this run" in m for m in busy), busy  # its count follows the backlog (fix34)
    assert [i for i in ids if not window.project.preannotated(i)] == []
    assert _stored(path, ids) == {i: len(suggestions_for(_text(n)).spans) for n, i in enumerate(ids)}
    again = [t for t in set(made) if made.count(t) == 2]
    assert again and all(made.count(t) <= 2 for t in made)  # those given back were made once more, once
    assert window.preannotator.left_pending == []
