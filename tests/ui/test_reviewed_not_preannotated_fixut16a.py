"""fixut16a (usertest16 M3): one rule of which articles pre-annotation adds suggestions to, for
every path. ``annotator preannotate`` left articles marked done or reviewed as they were; the
window's run at launch listed every article never pre-annotated, whatever its status, and added
suggestions to reviewed ones. Now the launch, File → Pre-annotate, the window storing a worker's
suggestions (an article reviewed after the run listed it) and the command line all follow
:func:`annotator.nlp.suggest_process.preannotation_query` / ``takes_suggestions``. Made-up texts."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import ArticleStatus
from annotator.domain.suggestions import SuggestionSet
from annotator.storage.project import Project
from annotator.ui.launch import articles_to_preannotate, preannotate_at_launch, wants_preannotation
from tests.ui.test_window_support import FakePipeline, make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]


def _project(tmp_path, name: str = "p.db") -> tuple[Project, int, int]:  # noqa: ANN001
    """Three articles never pre-annotated; the second marked reviewed, the third done."""
    project = make_project(tmp_path / name, suggest=False)
    ids = project.article_ids()
    project.set_article_status(ids[1], ArticleStatus.REVIEWED)
    project.set_article_status(ids[2], ArticleStatus.DONE)
    return project, ids[0], ids[1]


def _spans(project: Project, article_id: int) -> int:
    return len(project.spans(article_id))


def test_the_launch_run_leaves_reviewed_and_done_articles_as_they_are(make_window, tmp_path) -> None:  # noqa: ANN001
    project, open_id, reviewed = _project(tmp_path)
    done = project.article_ids()[2]
    assert articles_to_preannotate(project) == [open_id]
    assert wants_preannotation(project)
    window = make_window(project)
    assert preannotate_at_launch(window)
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()
    assert _spans(project, open_id) > 0  # the unreviewed one gets its suggestions
    assert _spans(project, reviewed) == 0 and _spans(project, done) == 0
    assert not project.preannotated(reviewed) and not project.preannotated(done)
    assert window.statusBar().currentMessage().startswith("Pre-annotated 1 article at launch: ")


def test_nothing_to_do_at_launch_when_only_reviewed_articles_wait(tmp_path) -> None:  # noqa: ANN001
    project, open_id, _reviewed = _project(tmp_path)
    project.add_suggestions(open_id, SuggestionSet("test 1"))  # pre-annotated: only the finished ones wait
    assert articles_to_preannotate(project) == []
    assert not wants_preannotation(project)  # the window starts no run at all
    project.close()


def test_file_preannotate_leaves_reviewed_articles_as_they_are(make_window, tmp_path) -> None:  # noqa: ANN001
    project, open_id, reviewed = _project(tmp_path)
    window = make_window(project)
    assert window.start_preannotation()  # File → Pre-annotate
    pump_until(lambda: window.worker is None)
    assert _spans(project, open_id) > 0
    assert _spans(project, reviewed) == 0


def test_an_article_reviewed_after_the_run_listed_it_gets_no_suggestions(make_window, tmp_path) -> None:  # noqa: ANN001
    project, open_id, _reviewed = _project(tmp_path)
    later = project.article_ids()[1]
    project.set_article_status(later, ArticleStatus.NEW)  # waiting when the run starts
    gate = threading.Event()

    def slow_loader() -> FakePipeline:
        gate.wait(10)
        return FakePipeline()

    window = make_window(project, loader=slow_loader)
    assert preannotate_at_launch(window)
    time.sleep(0.2)  # the worker has listed both articles and waits for its pipeline
    project.set_article_status(later, ArticleStatus.REVIEWED)  # the analyst finishes it meanwhile
    gate.set()
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()
    assert _spans(project, open_id) > 0
    assert _spans(project, later) == 0 and not project.preannotated(later)
    assert "1 reviewed meanwhile, left as they are" in window.statusBar().currentMessage()
