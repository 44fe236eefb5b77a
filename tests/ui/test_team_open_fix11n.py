"""fix11n (issue 11 user test): opening the window on a team file marked the first article "in
progress" — a change-log row with no decision. In a team project showing an article changes
nothing; a project without analysts' layers still marks a new article in progress when opened.
Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from tests.domain.test_curation_nested_fix11k import _told
from tests.domain.test_curation_nested_fix11k import make_project as make_told_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _rows(project: Project) -> int:
    return project.db.execute("SELECT count(*) FROM changes").fetchone()[0]


def test_opening_a_team_file_changes_no_status(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    rows = _rows(project)
    window = make_window(project, analyst="lead")
    assert window.state is not None and window.state.article_id == aid
    assert project.article(aid).status == ArticleStatus.NEW  # was in_progress
    assert _rows(project) == rows  # no row without a decision


def test_opening_a_plain_project_leaves_the_article_new(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    """ui12j (usertest12 LOW-2): in a project of one's own too, showing is not starting work."""
    project = Project.open(tmp_path / "p.db")
    [aid] = project.import_bundles([ArticleBundle(Article(id=None, text="A plain article, no analysts."))]).article_ids
    make_window(project, analyst="me")
    assert project.article(aid).status == ArticleStatus.NEW
