"""Launch on big projects (issue 12, launch12b): what must not run on the UI thread, and what must
not make it wait. The timings themselves are measured by ``python -m benchmarks --only launch``."""

from __future__ import annotations

import threading
import time

from annotator.storage import backup as backups
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures


def test_closing_the_window_does_not_wait_for_the_backup_in_progress(make_window, monkeypatch) -> None:  # noqa: ANN001
    """On a 50,000-article project the open-time backup copies 640 MB and checks the copy: the
    window used to freeze for seconds when closed meanwhile (the benchmark's 6.8 s "freeze").
    Closing returns at once; ``shutdown`` (after the window is gone) lets the backup finish."""
    release = threading.Event()
    started = threading.Event()
    real_snapshot = backups.snapshot

    def slow_snapshot(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started.set()
        release.wait(20)
        return real_snapshot(*args, **kwargs)

    monkeypatch.setattr(backups, "snapshot", slow_snapshot)
    window = make_window()
    assert started.wait(10) and window.file_guard.busy()
    began = time.perf_counter()
    window.close()
    took = time.perf_counter() - began
    assert window.file_guard.busy(), "close() waited for the backup"
    assert took < 1.0, f"closing took {took:.2f} s"
    assert not window.file_guard.timer.isActive()  # no further backups are started
    release.set()
    window.shutdown()  # waits for the backup, then closes the file
    assert not window.file_guard.busy()
    pump_until(lambda: window.file_guard.runs >= 1)
    assert isinstance(window.file_guard.last_result, (backups.Backup, type(None)))


def test_ordering_by_uncertainty_reads_no_article_on_the_ui_thread(make_window, monkeypatch) -> None:  # noqa: ANN001
    """``ui/active_order.py`` read every article's summary and then each text on the UI thread
    (one query per article: seconds at 50,000 articles). The job reads them through its own
    connection; the UI thread only stores the scores and sorts."""
    from PySide6.QtCore import Qt

    from annotator.domain.model import ArticleStatus
    from tests.ui.test_active_order import CTRL_SHIFT, _titles, stub_scorer_for
    from tests.ui.test_window_keys import press
    from tests.ui.test_window_support import wait_idle

    window = make_window()
    project = window.project
    reviewed = project.article_ids()[0]
    project.set_article_status(reviewed, ArticleStatus.REVIEWED)
    window.refresh_article_list()
    calls: list[str] = []
    window.active_order.scorer_for = stub_scorer_for(calls)
    ui_thread = threading.get_ident()
    computing = [False]
    real_compute = window.active_order.compute

    def compute() -> bool:
        computing[0] = True
        try:
            return real_compute()
        finally:
            computing[0] = False

    monkeypatch.setattr(window.active_order, "compute", compute)
    for name in ("article", "articles", "article_summaries", "article_list_rows"):
        real = getattr(project, name)

        def guarded(*args, _real=real, _name=name, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if threading.get_ident() == ui_thread and (computing[0] or window.job is not None):
                raise AssertionError(f"the UI thread read {_name}() while the ordering job ran")
            return _real(*args, **kwargs)

        monkeypatch.setattr(project, name, guarded)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert sorted(t.split()[0] for t in calls) == ["Second", "Third"]  # the unreviewed ones, their texts
    assert _titles(window)[:2] == ["Second", "Third"]  # most uncertain first; the reviewed one after
    calls.clear()
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert calls == []  # both scores come from the cache the job found valid


def test_opening_a_project_loads_no_sqlite_utils_plugins(tmp_path) -> None:  # noqa: ANN001
    """Finding sqlite-utils plugins reads every installed package's entry points (60-100 ms of
    each launch, importlib.metadata included); the project's connection runs none. A fresh
    process, so that nothing else has loaded them first."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = f"""
import sys, json
from annotator.storage.project import Project
with Project.open({str(tmp_path / 'p.db')!r}) as project:
    project.set_setting('x', '1')
import sqlite_utils.plugins
print(json.dumps([sqlite_utils.plugins._plugins_loaded, 'importlib.metadata' in sys.modules]))
"""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, False]


def test_the_preannotation_child_loads_its_pipeline_at_background_priority(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The child's spaCy import and pipeline load (1-2 s of CPU right after the first paint) run
    at a niceness 10 above the window's, so the UI thread gets the cores first."""
    import os

    from annotator.domain.model import Article
    from annotator.nlp.background_priority import BACKGROUND_NICENESS
    from annotator.ui import workers
    from tests.ui import priority_fakes, process_fakes
    from tests.ui.test_window_support import make_project

    original = workers.PreannotateProcessWorker.__init__

    def init(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **{**kwargs, "start_fn": priority_fakes.niceness_start, "work_fn": process_fakes.light_work})

    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", init)
    project = make_project(tmp_path / "p.db", suggest=False)
    project.add_article(Article(id=None, text="Officials said talks would resume.", title="One more"))
    window = make_window(project, loader=None, suggester=None)
    assert window.start_preannotation()
    assert isinstance(window.worker, workers.PreannotateProcessWorker)
    pump_until(lambda: window.worker is None, timeout=60)
    assert window.pipeline is not None and window.pipeline.name == "niceness"
    assert int(window.pipeline.version) == min(19, os.nice(0) + BACKGROUND_NICENESS)
    assert all(window.project.preannotated(i) for i in window.project.article_ids())  # and it did its work


def _open_window(path):  # noqa: ANN001, ANN202
    from annotator.ui import launch
    from annotator.ui.window import MainWindow

    return launch.open_window(path, window_type=MainWindow)


def test_the_search_index_is_checked_off_the_ui_thread_once_the_window_shows(qapp, no_modals, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """``Project.open``'s quick_check of the full-text index grows with the project (48 ms of
    CPU at 50,000 articles, before the first paint): at launch it runs in a thread after the window shows."""
    from annotator.storage import health
    from annotator.ui import launch
    from tests.ui.test_window_support import make_project

    path = tmp_path / "p.db"
    make_project(path).close()
    ui_thread = threading.get_ident()
    calls: list[int] = []
    real_check = health.check_index

    def check_index(conn):  # noqa: ANN001, ANN202
        calls.append(threading.get_ident())
        return real_check(conn)

    monkeypatch.setattr(health, "check_index", check_index)
    shown: list[object] = []
    monkeypatch.setattr(launch, "_show", lambda window: shown.append(window) or window.show())
    window = _open_window(path)
    assert window is not None and shown == [window]
    pump_until(lambda: window.index_check.done)
    assert window.index_check.error is None  # a sound index: nothing to offer
    assert calls and ui_thread not in calls, "the UI thread ran the index check"
    window.close()
    window.shutdown()


def test_a_damaged_search_index_found_after_the_window_shows_is_offered_its_rebuild(qapp, no_modals, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from annotator.ui import dialogs, launch
    from tests.core.damage import write_garbage
    from tests.ui.test_window_support import make_project

    path = tmp_path / "damaged.db"
    make_project(path).close()
    write_garbage(path, "articles_fts_data")
    events: list[str] = []

    def choose(_parent, title, text, options):  # noqa: ANN001, ANN202
        events.append(f"offered {options[0][0]}")
        return options[0][0]

    monkeypatch.setattr(dialogs, "choose", choose)
    monkeypatch.setattr(launch, "_show", lambda window: events.append("shown") or window.show())
    window = _open_window(path)
    assert window is not None
    pump_until(lambda: len(events) >= 2)
    assert events[:2] == ["shown", "offered rebuild"]  # the window first, then the repair
    pump_until(lambda: bool(window.project.search("Kremlin")))
    window.close()
    window.shutdown()
