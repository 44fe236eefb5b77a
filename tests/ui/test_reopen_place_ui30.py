"""usertest24p L5 (branch ui30): a project reopens at the article open when it was last closed.

At 50,000 articles a reopen landed on the first article not done (article 1), not where the analyst
was (47,551). The place is kept in the project file's settings (it travels with the file), and a
place that is gone falls back to the first article not done, as before. Made-up articles."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article
from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(90)


def _project(path) -> Project:  # noqa: ANN001
    project = Project.open(path)
    for n in range(8):
        project.add_article(Article(id=None, text=f"Harbour note {n}\n\nThe ferry board met on day {n}.", title=f"Note {n}"))
    return project


def _stored(path) -> str | None:  # noqa: ANN001
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM project WHERE key = 'last_article'").fetchone()
    finally:
        con.close()
    return row[0] if row else None


def test_a_reopen_lands_where_the_analyst_was(make_window, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "place.db"
    first = make_window(_project(path))
    ids = first.project.article_ids()
    assert first.state.article_id == ids[0]  # a new project: the first article not done
    first.open_article(ids[5])
    first.close()
    QApplication.processEvents()
    assert _stored(path) == str(ids[5])  # in the file itself, not the user's settings
    again = make_window(Project.open(path))
    assert again.state.article_id == ids[5]
    assert again.article_list.view.currentIndex().row() == 5  # the list shows it too


@pytest.mark.parametrize("stored", ["gone", "junk"])
def test_a_place_that_is_gone_falls_back_to_the_first_article_not_done(make_window, tmp_path, stored) -> None:  # noqa: ANN001
    path = tmp_path / "gone.db"
    project = _project(path)
    ids = project.article_ids()
    project.set_setting("last_article", str(max(ids) + 100) if stored == "gone" else "article seven")
    window = make_window(project)
    assert window.state.article_id == ids[0]
    window.open_article(ids[2])
    window.close()
    QApplication.processEvents()
    assert _stored(path) == str(ids[2])  # the next close writes the place again


def test_the_place_is_given_up_rather_than_waiting_for_another_writer(make_window, tmp_path) -> None:  # noqa: ANN001
    import time

    path = tmp_path / "busy.db"
    window = make_window(_project(path))
    ids = window.project.article_ids()
    window.open_article(ids[3])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program's write transaction (an import)
    try:
        started = time.monotonic()
        window.close()
        took = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert took < 2, took  # not the edits' 5 s wait
    assert _stored(path) is None  # given up, silently
    again = make_window(Project.open(path))
    assert again.state.article_id == ids[0]  # no place kept: the first article not done, as before
    again.open_article(ids[4])
    again.close()
    assert _stored(path) == str(ids[4])  # with no other writer it is kept
