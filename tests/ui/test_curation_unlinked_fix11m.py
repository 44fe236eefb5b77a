"""fix11m (issue 11): the curation view, keyboard only — a CUE accepted (A) after its quote was
rejected (X) is ⚠ at once, Ctrl+Return does not curate the article past it and says why, and
undoing every decision leaves the article with the status it had (new)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from tests.domain.test_curation_nested_fix11k import TEXT, _told, data_of
from tests.domain.test_curation_nested_fix11k import make_project as make_told_project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_a_after_x_flags_the_cue_and_ctrl_return_refuses_to_curate(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    # the main window shows the first article (and marks it in progress): the curated one is the second
    project = Project.open(tmp_path / "t.db")
    project.import_bundles([ArticleBundle(Article(id=None, text="Another article, nobody's layer."))])
    project.close()
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    assert project.article(aid).status == ArticleStatus.NEW and aid != min(project.article_ids())
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    assert dialog.article_id == aid and project.article(aid).status == ArticleStatus.NEW
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    dialog.current = dialog.alignment.units[rows["nothing was agreed"]].key
    press(Qt.Key.Key_X)
    dialog.current = dialog.alignment.units[rows["told"]].key
    press(Qt.Key.Key_A)
    assert dialog.cell(rows["told"], 3).startswith("⚠ ✓ CUE «told»")
    assert "CUE «told» is linked to nothing in gold (its QUOTE «nothing was agreed» was rejected)" in dialog.cell_tip(rows["told"], 3)
    assert "<b>⚠ 1 linked to nothing</b> in this article" in dialog.counter.text()  # fix11o: was "1 decision changed since decided"
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # accepts the agreed speaker: flagged too
    assert dialog.status.text() == ("Saved: Curate: accept the 1 agreed unit; 1 kept linked to nothing in gold (their "
                                    "quote was rejected): ⚠ A keeps each so, X rejects it")
    assert dialog.cell(rows["the minister"], 3).startswith("⚠ ✓ SPEAKER «the minister»")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == ("No agreed unit left to accept; 2 ⚠ linked to nothing in gold: A keeps each so, "
                                    "X rejects it (Tab)")
    assert curation.curation_status(project.article(aid)) != "curated"
    assert not curation.align(data_of(project, aid)).curated
    # item 4: undoing every decision returns the article to the status it had
    for _ in range(3):
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert dialog.status.text().startswith("Undone: ")
    assert not [s for s in project.spans(aid) if not s.analyst]
    assert project.article(aid).status == ArticleStatus.NEW
