"""Launching: default project with samples, `annotator open PROJECT.db`, recent projects, speed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import ArticleStatus, Status
from annotator.paths import default_project_path
from annotator.storage.project import Project
from annotator.ui.launch import articles_to_preannotate, open_or_create
from annotator.storage.sample import sample_articles
from annotator.ui.settings import Settings
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401


def test_default_project_is_created_with_samples_to_preannotate() -> None:
    project = open_or_create(None)
    try:
        assert project.path == default_project_path()
        assert project.count_articles() == len(sample_articles())
        assert articles_to_preannotate(project) == project.article_ids()
    finally:
        project.close()
    again = open_or_create(None)  # second launch opens the same file, nothing re-added
    try:
        assert again.count_articles() == len(sample_articles())
    finally:
        again.close()


def test_open_creates_a_missing_file_and_no_auto_preannotation(tmp_path) -> None:  # noqa: ANN001
    project = open_or_create(tmp_path / "new.db")
    try:
        assert (tmp_path / "new.db").exists() and project.count_articles() == 0
        assert articles_to_preannotate(project) == []
    finally:
        project.close()


def test_window_opens_on_first_article_not_done(make_window, tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    first, second, _ = project.article_ids()
    project.set_article_status(first, ArticleStatus.DONE)
    window = make_window(project)
    assert window.state.article_id == second
    assert window.windowTitle() == "p.db — Annotator"


def test_recent_projects_and_switching(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "a.db"))
    other = make_project(tmp_path / "b.db")
    other.close()
    assert window.switch_project(tmp_path / "b.db")
    assert window.windowTitle() == "b.db — Annotator" and window.undo_stack.count() == 0
    recent = Settings().recent_projects()
    assert recent[:2] == [(tmp_path / "b.db").resolve(), (tmp_path / "a.db").resolve()]
    window._fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()][:2] == [str(p) for p in recent[:2]]


def test_empty_project_shows_a_hint(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(Project.open(tmp_path / "empty.db"))
    assert window.state is None
    assert "Import" in window.statusBar().currentMessage()
    window.step_suggestion(1)  # keys do nothing harmful on an empty project
    window.mark_done_and_next()


def test_analyst_name_is_asked_once_at_first_edit_without_a_modal(make_window, qtbot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(Settings, "default_analyst", staticmethod(lambda: "osuser"))
    window = make_window(analyst="")
    canvas = window.view.text_widget()
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    span_id = window.selected_id
    qtbot.keyClick(canvas, Qt.Key.Key_A)
    qtbot.keyClick(canvas, Qt.Key.Key_A)  # the reviewer's next key is not swallowed by a dialog
    assert window.project.find(type(window.state.spans[span_id]), span_id).by == "osuser"
    assert Settings().analyst() == "osuser"
    assert window.info_bar.isVisible() and "osuser" in window.info_bar.text.text()
    assert window.state.pending_count() == len(window.state.spans) - 2
    opened = []
    monkeypatch.setattr(window, "open_preferences", lambda: opened.append(True))
    window.info_bar.action.click()
    assert opened and not window.info_bar.isVisible()


@pytest.mark.trained
def test_usable_within_1_5_s_while_the_real_pipeline_loads(make_window, qtbot) -> None:  # noqa: ANN001
    from annotator.ui.workers import default_loader

    started = time.perf_counter()
    project = open_or_create(None)
    window = make_window(project, loader=default_loader, suggester=None)
    window.start_preannotation(articles_to_preannotate(project))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    usable = time.perf_counter() - started
    assert window.find_bar.isVisible()
    assert usable < 1.5, f"window usable after {usable:.2f}s"
    window.find_bar.close_bar()
    end = time.monotonic() + 90
    while window.state.pending_count() == 0:
        assert time.monotonic() < end, "no suggestions for the first article"
        QApplication.processEvents()
        time.sleep(0.01)
    assert all(s.status == Status.SUGGESTED for s in window.state.pending())


def test_cli_opens_the_window_on_a_new_file(tmp_path) -> None:  # noqa: ANN001
    """`annotator PROJECT.db` (a real process, offscreen): the file is created and the window runs."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "fresh.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-c", "from annotator.cli import main; main()", str(target)],
                            env=env, cwd=root, stderr=subprocess.PIPE, text=True)
    try:
        end = time.monotonic() + 20
        while not _is_project(target):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < end, "the project file never appeared"
            time.sleep(0.05)
        time.sleep(0.5)
        assert proc.poll() is None  # still running: the window is up, waiting for the analyst
    finally:
        proc.terminate()
        proc.wait(10)


def _is_project(path) -> bool:  # noqa: ANN001
    from annotator.domain.errors import ProjectFileError

    if not path.exists():
        return False
    try:
        with Project.open(path, create=False) as project:
            return project.count_articles() == 0
    except ProjectFileError:  # still being created
        return False
