"""Issue 11 user test (cur11ui 3, 4): the curation view opens on the article the main window shows
(its first disagreement, else its first unit), not the project's first disagreement; Tab and
Shift+Tab visit the decisions ⚠ changed since decided as they visit disagreements — an article
holding only a ⚠ is one Tab goes to, and Tab never leaves an article past a ⚠ it did not show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.domain.test_curation import TEXT, layers
from tests.ui.test_curation_stale import merge_relabelled
from annotator.ui.curation_view import CurationDialog
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SECOND = "Macron disagreed with Angela Merkel on Friday."
THIRD = "Olaf Scholz met the press in Berlin on Monday."


def _span(sid: str, text: str, word: str, label: str) -> Span:
    start = text.index(word)
    return Span(id=sid, article_id=0, start=start, end=start + len(word), label=label, layer="entity", status=Status.ACCEPTED)


def team(path: Path) -> tuple[Project, int, int, int]:
    """A: the hand-made team article (4 span disagreements and a stance one); B: 2 disagreements
    (Macron ana's, Angela Merkel ben's); C: ana and ben agree on Olaf Scholz and Berlin."""
    project = Project.open(path)
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))])
    for name, bundle in layers().items():
        project.import_bundles([bundle], analyst=name)
    project.import_bundles([ArticleBundle(Article(id=None, text=SECOND), spans=[_span("x", SECOND, "Macron", "PERSON")])], analyst="ana")
    project.import_bundles([ArticleBundle(Article(id=None, text=SECOND), spans=[_span("y", SECOND, "Angela Merkel", "PERSON")])],
                           analyst="ben")
    for name in ("ana", "ben"):
        project.import_bundles([ArticleBundle(Article(id=None, text=THIRD), spans=[
            _span(f"{name}-o", THIRD, "Olaf Scholz", "PERSON"), _span(f"{name}-b", THIRD, "Berlin", "GPE")])], analyst=name)
    by_text = {project.article(a).text: a for a in project.article_ids()}
    return project, by_text[TEXT], by_text[SECOND], by_text[THIRD]


def open_view(window, qtbot) -> CurationDialog:  # noqa: ANN001
    """Ctrl+Shift+K on the window: the view shown (a closed one may wait for its deletion)."""
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    visible = [d for d in window.findChildren(CurationDialog) if d.isVisible()]
    assert len(visible) == 1
    return visible[0]


def shown(dialog) -> str:  # noqa: ANN001
    unit = dialog.current_unit()
    if unit is None:
        return "stance" if dialog.current_stance() is not None else ""
    return dialog.alignment.article.text[unit.start:unit.end]


def test_the_view_opens_on_the_article_the_window_shows(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(b)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")  # B's first disagreement, not A's "said"
    dialog.close()
    window.open_article(c)  # nothing disagreed in C: its first unit
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (c, "Olaf Scholz")
    dialog.close()
    window.open_article(a)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (a, "said")


def _with_one_flag(project: Project, c: int) -> None:
    """C's agreed units accepted, then ben's newer layer (a merge) calls Olaf Scholz an ORG: C's one ⚠."""
    assert "article curated" in curation_state.accept_agreed(project, c, by="lead").message
    merge_relabelled(project.path, c, "ben", "PERSON", "ORG")


def test_tab_and_shift_tab_go_to_an_article_whose_only_left_is_a_changed_decision(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    _with_one_flag(project, c)
    window = make_window(project, analyst="lead")
    window.open_article(b)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # fix11q: lands on Macron, the view opened on
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (b, "Angela Merkel")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # past B's last: C, which has no disagreement but a ⚠
    assert (dialog.article_id, shown(dialog)) == (c, "Olaf Scholz")
    assert dialog.current_unit().changed
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # past C's only ⚠: on to A (wrapping)
    assert (dialog.article_id, shown(dialog)) == (a, "said")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back: C's ⚠ again, not B
    assert (dialog.article_id, shown(dialog)) == (c, "Olaf Scholz")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert (dialog.article_id, shown(dialog)) == (b, "Angela Merkel")


def test_tab_does_not_leave_an_article_past_a_changed_decision_it_never_showed(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    assert "article curated" in curation_state.accept_agreed(project, c, by="lead").message
    window = make_window(project, analyst="lead")
    window.open_article(c)
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # the poll is made by hand below
    dialog.current = dialog.alignment.units[1].key  # the lead is on Berlin (a click) when ben's file is merged
    assert shown(dialog) == "Berlin"
    merge_relabelled(project.path, c, "ben", "PERSON", "ORG")  # another program: Olaf Scholz (before Berlin) ⚠
    assert dialog._caught_up_with_file()  # what the file watch's timer does: read again, Berlin kept
    assert shown(dialog) == "Berlin"
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # Tab: the ⚠ behind it, not the next article
    assert (dialog.article_id, shown(dialog)) == (c, "Olaf Scholz") and dialog.current_unit().changed
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # all of C shown: on to the next article that has some (A)
    assert (dialog.article_id, shown(dialog)) == (a, "said")
