"""Issue 11 user test (fix11l, finding 5): in a fresh default project the change-log rows of the
first-run import and of the pre-annotation had an empty ``by``. The import names who acted (the
login name, as the window defaults the analyst name); a pre-annotation no person is named for
names the machine (its row's action names the pipeline)."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.storage.project import MACHINE, Project
from annotator.ui import launch
from tests.ui.test_window_support import suggestions_for


def _rows(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT kind, by FROM changes ORDER BY rowid").fetchall()
    finally:
        con.close()


def test_the_first_run_import_and_preannotation_name_who_acted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "lee")
    monkeypatch.setattr(launch, "default_project_path", lambda: tmp_path / "data" / "default.db")
    project = launch.open_or_create(None)  # the first run: the sample project made
    try:
        ids = project.article_ids()
        assert ids and launch.articles_to_preannotate(project) == ids
        for article_id in ids:  # what the window's pre-annotation stores (ui/preannotation.py)
            project.add_suggestions(article_id, suggestions_for(project.article(article_id).text))
    finally:
        project.close()
    rows = _rows(tmp_path / "data" / "default.db")
    assert {kind for kind, _by in rows} >= {"import", "preannotate"}
    assert [by for kind, by in rows if kind == "import"] == ["lee"] * len(ids)
    assert [by for kind, by in rows if kind == "preannotate"] == [MACHINE] * len(ids)
    assert all(by for _kind, by in rows)


def test_a_person_named_for_a_preannotation_is_recorded(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        article, _ = project.add_article(Article(id=None, text="Angela Merkel said the talks failed."), by="ana")
        project.add_suggestions(article.id, suggestions_for(article.text), by="ana")
        assert [r["by"] for r in project.history(article_id=article.id) if r["kind"] == "preannotate"] == ["ana"]
