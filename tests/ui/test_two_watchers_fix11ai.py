"""fix11ai (issue 11, after fix11ah): one project, several outside-write watchers.

Before, reading "this connection's own rows" (``Project.own_changes``) consumed that record, so a
second watcher of the same open project — a curation view built without the window's watcher, as
``benchmarks/curation.py`` builds one — took the window's own edits as another program's. Now the
record only grows and each watcher reads it from its own mark: own edits fire no watcher, an edit
from another process fires each of them once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from annotator.ui.curation_view import CurationDialog
from annotator.ui.file_watch import OutsideWrites
from tests.ui.test_outside_writes_fix11j import _curated_team
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)

TEXTS = ["The ferry from Oskarby to Lunde was cancelled twice this week.",
         "A bakery in Varnholm won the regional bread prize on Sunday.",
         "Councillor Edda Strand asked for a new footbridge over the Mellan."]


def _status_from_another_process(path: Path, article_id: int, status: ArticleStatus) -> None:
    """Another program (a process of its own, its own connection) marks ``article_id``."""
    code = ("import sys\nfrom annotator.domain.model import ArticleStatus\n"
            "from annotator.storage.project import Project\n"
            "with Project.open(sys.argv[1], create=False) as p:\n"
            "    p.set_article_status(int(sys.argv[2]), ArticleStatus(sys.argv[3]), by='other')\n")
    subprocess.run([sys.executable, "-c", code, str(path), str(article_id), status.value], check=True, timeout=60)


def _watchers(project: Project, qtbot) -> tuple[list[OutsideWrites], list[list[tuple[list, list]]]]:  # noqa: ANN001
    watchers, heard = [], []
    for _ in range(2):
        watch = OutsideWrites(lambda: project)
        watch.start()
        watch.stop()  # looked at by hand below
        said: list[tuple[list, list]] = []
        watch.changed.connect(lambda ids, gold, said=said: said.append((list(ids), list(gold))))
        watchers.append(watch)
        heard.append(said)
    return watchers, heard


def test_own_edits_fire_neither_watcher_and_another_process_fires_each_once(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    project = Project.open(path)
    project.import_bundles([ArticleBundle(Article(id=None, text=t)) for t in TEXTS])
    a, b, c = project.article_ids()
    (first, second), heard = _watchers(project, qtbot)

    project.set_article_status(a, ArticleStatus.DONE, by="me")  # this connection's own edit
    assert first.check() is False  # the first looks (it used to take the record away) …
    project.set_article_status(b, ArticleStatus.DONE, by="me")
    assert second.check() is False and first.check() is False  # … and the second still knows both are its own
    assert heard == [[], []]

    project.set_article_status(a, ArticleStatus.IN_PROGRESS, by="me")  # own, then another program's, then own
    _status_from_another_process(path, c, ArticleStatus.DONE)
    project.set_article_status(b, ArticleStatus.IN_PROGRESS, by="me")
    assert first.check() is True and second.check() is True
    assert heard == [[([c], [c])], [([c], [c])]]  # each once, and only the other program's article
    assert first.check() is False and second.check() is False  # never twice
    assert first.generation == second.generation == 1

    _status_from_another_process(path, a, ArticleStatus.REVIEWED)
    assert second.check() is True  # the second looks first this time: the first still hears it
    assert first.check() is True
    assert heard == [[([c], [c]), ([a], [a])], [([c], [c]), ([a], [a])]]
    project.close()


def test_own_rows_record_stays_compact_and_is_read_past_a_mark(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.db")
    project.import_bundles([ArticleBundle(Article(id=None, text=t)) for t in TEXTS])
    a, b, _c = project.article_ids()
    project.track_own_changes()
    for status in (ArticleStatus.DONE, ArticleStatus.IN_PROGRESS, ArticleStatus.DONE):
        project.set_article_status(a, status, by="me")
    (run,) = project.own_changes()  # three commits with nothing between: one range
    _status_from_another_process(project.path, b, ArticleStatus.DONE)
    project.set_article_status(a, ArticleStatus.REVIEWED, by="me")
    ranges = project.own_changes()
    assert ranges[0] == run and len(ranges) == 2 and ranges[1][0] == run[1] + 1  # the other's row between
    assert project.own_changes(after=run[1]) == ranges[1:]  # a reader's mark past the first run
    assert project.own_changes(after=ranges[1][1]) == []
    assert project.own_changes() == ranges  # reading took nothing away
    project.close()


def test_a_curation_view_with_its_own_watcher_beside_the_window_ignores_the_window_s_edits(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, _cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()
    project = window.project
    dialog = CurationDialog(project, lambda edit: bool(project.apply(edit, by="lead")), undo=lambda: None,
                            redo=lambda: None, article_id=first)  # no watch=: a watcher of its own
    qtbot.addWidget(dialog)
    assert dialog.file_watch is not window.outside_writes
    dialog.file_watch.stop()
    view_heard: list[list] = []
    dialog.file_watch.changed.connect(lambda ids, gold: view_heard.append(list(ids)))
    window_heard: list[list] = []
    window.outside_writes.changed.connect(lambda ids, gold: window_heard.append(list(ids)))

    second = next(a for a in window.article_list.model.ids() if a != first)
    project.set_article_status(second, ArticleStatus.DONE, by="lead")  # the window's own edit
    assert window.outside_writes.check() is False  # the window looks first …
    assert dialog.file_watch.check() is False  # … the view does not take it for another program's
    assert "changed under the view" not in dialog.status.text()

    _status_from_another_process(team, first, ArticleStatus.IN_PROGRESS)  # another program withdraws the mark
    assert dialog.file_watch.check() is True and window.outside_writes.check() is True
    assert view_heard == [[first]] and window_heard == [[first]]
    assert dialog.file_watch.check() is False and window.outside_writes.check() is False
