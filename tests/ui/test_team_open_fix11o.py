"""fix11o (issue 11 user test 11f) #5: in a team project the first edit of an article did not mark
it in progress (in an analyst's own project opening it does). What a lead expects: opening still
changes nothing (tests/ui/test_team_open_fix11n.py), and the first curation decision or gold edit
moves the gold article new → in progress in the same edit, so Ctrl+Z takes both back. Hand-made
text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import curation
from annotator.domain.model import ArticleStatus, Status
from annotator.storage.project import Project
from tests.domain.test_curation_nested_fix11k import TEXT, _told, span
from tests.domain.test_curation_nested_fix11k import make_project as make_told_project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_first_curation_decision_marks_the_team_article_in_progress_and_undo_takes_it_back(make_window, qtbot,  # noqa: ANN001
                                                                                        tmp_path: Path) -> None:
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    window = make_window(project, analyst="lead")
    assert project.article(aid).status == ArticleStatus.NEW  # opening: nothing
    dialog = open_view(window, qtbot)
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    dialog.current = dialog.alignment.units[rows["nothing was agreed"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    assert dialog.status.text().startswith("Saved: Curate: reject QUOTE")
    assert project.article(aid).status == ArticleStatus.IN_PROGRESS  # was new
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.article(aid).status == ArticleStatus.NEW  # one undo step with the decision
    assert not [s for s in project.spans(aid) if s.status == Status.REJECTED and s.label == "QUOTE"]


def test_curate_command_decision_marks_it_in_progress_once(tmp_path: Path) -> None:
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        state = curation.ArticleCuration(curation.curation_input(project, aid, ["ana", "cy"]))
        quote = next(u for u in state.alignment.units if TEXT[u.start:u.end] == "nothing was agreed")
        stamped = project.apply(state.reject(quote.key, by="lead"), by="lead")
        assert project.article(aid).status == ArticleStatus.IN_PROGRESS
        state = curation.ArticleCuration(curation.curation_input(project, aid, ["ana", "cy"]))
        edit = state.accept_all_agreed(by="lead")
        assert not [c for c in edit.changes if c.record.__class__.__name__ == "Article"
                    and c.after.status == ArticleStatus.IN_PROGRESS]  # already in progress: not again
        project.undo(stamped, by="lead")
        assert project.article(aid).status == ArticleStatus.NEW
    finally:
        project.close()


def test_first_gold_edit_in_the_main_window_marks_it_in_progress_in_one_undo_step(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    suggestion = dataclasses.replace(span("g1", "the minister", "PERSON", "entity"), status=Status.SUGGESTED)
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")}, gold=[suggestion])
    window = make_window(project, analyst="lead")
    assert window.state.article_id == aid and project.article(aid).status == ArticleStatus.NEW
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_A)
    assert project.spans(aid)[0].status == Status.ACCEPTED
    assert project.article(aid).status == ArticleStatus.IN_PROGRESS  # was new
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.spans(aid)[0].status == Status.SUGGESTED and project.article(aid).status == ArticleStatus.NEW


def test_a_plain_project_first_edit_starts_work_in_the_same_edit(tmp_path: Path) -> None:
    """ui12j: without analysts' layers too, the first edit of a new article (not its opening)
    moves it to in progress, in the same edit; undone together. A second edit adds nothing."""
    from annotator.domain import commands
    from annotator.domain.model import Article, ArticleBundle

    project = Project.open(tmp_path / "p.db")
    try:
        [aid] = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[
            dataclasses.replace(span("g1", "the minister", "PERSON", "entity"), status=Status.SUGGESTED)])]).article_ids
        edit = commands.accept(commands.records(project.spans(aid)), project.spans(aid)[0])
        started = project.starting_work(edit)
        assert started.changes[:-1] == edit.changes
        assert started.changes[-1].after.status == ArticleStatus.IN_PROGRESS
        stamped = project.apply(started, by="me")
        assert project.article(aid).status == ArticleStatus.IN_PROGRESS
        again = commands.reject(commands.records(project.spans(aid)), project.spans(aid)[0])
        assert project.starting_work(again) is again
        project.undo(stamped, by="me")
        assert project.article(aid).status == ArticleStatus.NEW and project.spans(aid)[0].status == Status.SUGGESTED
    finally:
        project.close()
