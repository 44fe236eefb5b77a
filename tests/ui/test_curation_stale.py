"""The main window and the curation view against uncurated or stale gold (issue 11, fix11f):
"done" on a team article with undecided units asks first; a merge made while the view is open is
noticed; undo says what it undid; the window stays within the screen. Keyboard-driven."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import commands, curation
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.storage.project import Project
from tests.domain.test_curation import layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
SOLO_TEXT = "Ana alone read this one. Paris is big and Berlin is old; Rome said nothing."


def solo_bundle(words: tuple[str, ...] = ("Ana", "Paris", "Berlin", "Rome")) -> ArticleBundle:
    spans = [Span(id=f"s{n}", article_id=0, start=SOLO_TEXT.index(w), end=SOLO_TEXT.index(w) + len(w),
                  label="PERSON" if w in ("Ana",) else "GPE", layer="entity") for n, w in enumerate(words)]
    return ArticleBundle(Article(id=None, text=SOLO_TEXT), spans=spans)


def team_with_solo_article(path: Path) -> tuple[Project, int, int]:
    """Article 1 given to ana and ben; article 2 given to ana only, her 4 units undecided."""
    project, shared = make_team_project(path, layers())
    solo = project.import_bundles([ArticleBundle(Article(id=None, text=SOLO_TEXT))]).article_ids[0]
    project.import_bundles([solo_bundle()], analyst="ana")
    return project, shared, solo


def change_rows(project: Project) -> int:
    (n,) = project.db.execute("SELECT count(*) FROM changes").fetchone()
    return n


def test_done_on_an_uncurated_team_article_asks_first_then_marks_it_logged(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, _shared, solo = team_with_solo_article(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(solo)
    before = change_rows(project)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert project.article(solo).status != ArticleStatus.DONE
    assert change_rows(project) == before  # nothing written
    said = window.statusBar().currentMessage()
    assert "4 units of the analysts are not decided" in said and "Ctrl+Shift+K" in said and "again" in said
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert project.article(solo).status == ArticleStatus.DONE
    (action,) = project.db.execute("SELECT action FROM changes WHERE article_id = ? AND kind = 'article' ORDER BY id DESC LIMIT 1",
                                   [solo]).fetchone()
    assert action == "Mark article done with 4 of the analysts' units not decided in gold (confirmed)"


def test_done_asks_again_after_another_article_was_opened(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, shared, solo = team_with_solo_article(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(solo)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    window.open_article(shared)
    window.open_article(solo)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert project.article(solo).status != ArticleStatus.DONE


def test_done_on_a_curated_team_article_or_a_plain_article_passes_at_once(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, _shared, solo = team_with_solo_article(tmp_path / "team.db")
    state = curation.ArticleCuration(curation.curation_input(project, solo, [i.analyst for i in project.layers()]))
    for unit in state.alignment.units:  # every unit of ana decided: kept
        project.apply(state.take(unit.key, "ana", by="lead"))
        state = curation.ArticleCuration(curation.curation_input(project, solo, [i.analyst for i in project.layers()]))
    assert state.alignment.undecided() == 0
    # curating it all marked it reviewed: back in progress, to mark it done from the window
    project.apply(commands.set_article_status(project.article(solo), ArticleStatus.IN_PROGRESS))
    plain = project.import_bundles([ArticleBundle(Article(id=None, text="Nobody was given this article."))]).article_ids[0]
    window = make_window(project, analyst="lead")
    for article_id in (solo, plain):
        window.open_article(article_id)
        qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
        assert project.article(article_id).status == ArticleStatus.DONE
