"""fix11k (issue 11 findings 3-4): the curation view's status line follows PgUp/PgDown, the ⚠ count
says whose it is, decision messages cut quotes at a word boundary and name an analyst's version."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Span
from tests.domain.test_curation import layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _two_articles(tmp_path: Path):
    project, first = make_team_project(tmp_path / "team.db", layers())
    other = "Macron disagreed with Angela Merkel on Friday."
    ana = ArticleBundle(Article(id=None, text=other), spans=[Span(id="x", article_id=0, start=0, end=6, label="PERSON", layer="entity")])
    project.import_bundles([ana], analyst="ana")
    merkel = other.index("Angela Merkel")
    ben = ArticleBundle(Article(id=None, text=other),
                        spans=[Span(id="y", article_id=0, start=merkel, end=merkel + 13, label="PERSON", layer="entity")])
    project.import_bundles([ben], analyst="ben")
    return project, first, max(project.article_ids())


def test_the_status_line_follows_page_up_and_down(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, first, second = _two_articles(tmp_path)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.article_id == second
    assert dialog.status.text() == f"Article #{second}: 2 disagreements left"
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert dialog.article_id == first
    assert dialog.status.text() == f"Article #{first}: 5 disagreements left"


def test_the_warning_count_says_this_article_and_the_project(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, first, second = _two_articles(tmp_path)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    dialog.count_all()
    assert "changed since decided" not in dialog.counter.text()  # nothing flagged anywhere: no ⚠ part
    dialog._flagged[second] = 2  # as _note_left counts a merge-flagged article
    dialog._show_counter()
    # fix11t: the article with no ⚠ is not named ("⚠ 0 changed since decided in this article")
    assert "<b>⚠ 2 changed since decided</b> in the project (Tab)" in dialog.counter.text()
    assert "</b> in this article · <b>2 changed" not in dialog.counter.text() and "⚠ 0" not in dialog.counter.text()


def test_cut_words_cuts_at_a_word_boundary() -> None:
    assert curation.cut_words("the negotiations with the United Nations resumed", 30) == "the negotiations with the…"
    assert curation.cut_words("short quote", 30) == "short quote"
    assert curation.cut_words("x" * 40, 30) == "x" * 30 + "…"
    assert curation.cut_words("said,   and\nthen more words follow here", 12) == "said, and…"


def test_undo_of_a_decision_a_merge_changed_since_is_refused_in_the_status_line_and_leaves_the_stack(
        make_window, qtbot, tmp_path: Path, no_modals) -> None:  # noqa: ANN001
    import dataclasses

    from annotator.domain.edits import Change, Edit
    from annotator.domain.model import Status
    from annotator.storage.project import Project
    from tests.domain.test_curation import TEXT

    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # the undo finds the change itself
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    unit = dialog.current_unit()
    assert TEXT[unit.start:unit.end] == "said"
    press(Qt.Key.Key_2)  # ben's CUE kept
    stack = dialog.stack
    index, count = stack.index(), stack.count()
    # another program (a merge, another window) changes the gold CUE the decision wrote
    with Project.open(path, create=False) as other:
        (cue,) = [s for s in other.spans(article_id) if s.label == "CUE" and not s.analyst]
        other.apply(Edit("outside", (Change(cue, dataclasses.replace(cue, status=Status.REJECTED)),)), by="other")
    shown_before = len(no_modals)
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == (f"Can't undo «keep ben's CUE «said»» in #{article_id}: a merge or another window "
                                    "changed that article after it; the decision stays as it is now and the step "
                                    "leaves the undo history")
    # the refused step is gone (not left on top, where every later Ctrl+Z would meet it again)
    assert (stack.index(), stack.count()) == (index - 1, count - 1)
    assert len(no_modals) == shown_before  # no modal
    (cue,) = [s for s in project.spans(article_id) if s.label == "CUE" and not s.analyst]
    assert cue.status == Status.REJECTED  # what the other program wrote stays


def test_undo_with_nothing_changed_since_still_undoes(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, article_id = make_team_project(tmp_path / "team.db", layers())
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == f"Undone: keep ben's CUE «said» in #{article_id}"
    assert not [s for s in project.spans(article_id) if s.label == "CUE"]


def test_the_view_flags_a_cue_left_linked_to_nothing_and_a_keeps_it(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.domain.test_curation_nested_fix11k import TEXT as TOLD_TEXT
    from tests.domain.test_curation_nested_fix11k import _told, by_text, data_of
    from tests.domain.test_curation_nested_fix11k import make_project as make_told_project

    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
    quote = by_text(curation.align(data_of(project, aid)))["nothing was agreed"]
    project.apply(curation.reject(data_of(project, aid), quote.key, by="lead"), by="lead")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    unit = dialog.current_unit()  # Tab's first stop: a ⚠ unit
    assert TOLD_TEXT[unit.start:unit.end] in ("told", "the minister")
    rows = {TOLD_TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    assert dialog.cell(rows["told"], 3).startswith("⚠ ✓ CUE «told»")
    assert "CUE «told» is linked to nothing in gold" in dialog.cell_tip(rows["told"], 3)
    assert "<b>⚠ 2 linked to nothing</b> in this article · <b>2 linked to nothing</b> in the project" in dialog.counter.text()  # fix11o: was "2 decisions changed since decided"
    dialog.current = dialog.alignment.units[rows["told"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_A)
    assert dialog.status.text().startswith("Saved: Curate: keep CUE «told» in gold as it is, linked to nothing")
    assert not dialog.cell(rows["told"], 3).startswith("⚠")


def test_the_gold_cells_middle_cut_keeps_whole_words() -> None:
    from annotator.ui.curation_view import middle_cut

    words = "the negotiations with the United Nations resumed on Friday in Geneva"
    assert middle_cut(words) == "the negotiations…Friday in Geneva"
    assert middle_cut("a" * 30 + "b" * 30) == "a" * 19 + "…" + "b" * 20  # one long word: cut inside it
    assert middle_cut("short words") == "short words"


def test_after_a_refused_undo_the_next_ctrl_z_undoes_the_decision_before_it(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """The refused step leaves the history: the decision made before it can still be undone."""
    import dataclasses

    from annotator.domain.edits import Change, Edit
    from annotator.domain.model import Status
    from annotator.storage.project import Project
    from tests.domain.test_curation import TEXT

    project, first, second = _two_articles(tmp_path)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    dialog.file_watch.stop()
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    unit = dialog.current_unit()
    assert TEXT[unit.start:unit.end] == "said"
    press(Qt.Key.Key_2)  # first article: ben's CUE kept
    press(Qt.Key.Key_PageDown)
    assert dialog.article_id == second
    press(Qt.Key.Key_1)  # second article: ana's version kept
    gold_second = [s for s in project.spans(second) if not s.analyst and s.status == Status.ACCEPTED]
    assert gold_second
    with Project.open(project.path, create=False) as other:
        span = other.find(type(gold_second[0]), gold_second[0].id)
        other.apply(Edit("outside", (Change(span, dataclasses.replace(span, status=Status.REJECTED)),)), by="other")
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text().startswith("Can't undo «keep ana's")
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text().startswith("Undone: keep ben's CUE «said»"), dialog.status.text()
    assert not [s for s in project.spans(first) if s.label == "CUE" and not s.analyst]
