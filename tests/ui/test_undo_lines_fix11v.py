"""fix11v (issue 11, usertest11j F2, F4 and the note on "0"): in the real window, the curation
view's lines for an article every analyst marked done without deciding a suggestion (the
pre-annotation, with an interrupted quote): the counter and status line never say "0", Ctrl+Return
counts the suggestions as the analyst's window does (an interrupted quote once), and its undo and
redo say what they did — no ⚠, no "article curated" on the undo (t5/repro5.sh, t5/repro5b.sh).
Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from tests.domain.test_step_said_fix11v import TEXT, _machine
from tests.ui.test_curation_open_tab_cur11ui import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
SPANS = "(3 spans: an interrupted quote's pieces are one suggestion)"


def _team(path: Path) -> tuple[Project, int]:
    """Gold holds the machine's suggestions; ana and ben marked the article done deciding none."""
    project = Project.open(path)
    spans, relations = _machine("g")
    article_id = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=relations)]).article_ids[0]
    for who in ("ana", "ben"):
        project.import_bundles([ArticleBundle(Article(id=None, text=TEXT, status=ArticleStatus.DONE), *_machine(who[0], who))],
                               analyst=who)
    return project, article_id


def test_ctrl_return_undo_and_redo_lines_of_an_article_left_empty(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, article_id = _team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(article_id)
    dialog = open_view(window, qtbot)
    hint = "nothing left to decide: Ctrl+Return marks the article curated"
    assert dialog.counter.text() == f"No disagreements left in this article or the project · {hint}"  # was "<b>0</b> … <b>0</b>"
    assert dialog.status.text() == f"Article #{article_id}: no disagreements left · {hint}"  # was "0 disagreements left"
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.status.text() == (
        "Saved: Curate: nothing left to decide (every analyst left it empty): article curated; 2 pending machine suggestions "
        f"no analyst accepted rejected in gold {SPANS} — ⚠ ana left 2 suggestions pending, ben left 2 suggestions pending "
        "(decided none of them)")
    assert dialog.counter.text() == "No disagreements left in this article or the project · article curated ✓"
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL)
    assert dialog.status.text() == f"Undone: curated mark taken back; 2 machine suggestions back to pending {SPANS} in #{article_id}"
    assert window.statusBar().currentMessage() == f"Undid: curated mark taken back; 2 machine suggestions back to pending {SPANS}"
    assert dialog.counter.text() == f"No disagreements left in this article or the project · {hint}"
    assert sorted(s.status for s in project.spans(article_id)) == ["suggested"] * 3
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    redone = ("nothing left to decide (every analyst left it empty): article curated; 2 pending machine suggestions no analyst "
              f"accepted rejected in gold {SPANS}")
    assert dialog.status.text() == f"Redone: {redone} in #{article_id}"
    assert window.statusBar().currentMessage() == f"Redid: {redone}"
    assert sorted(s.status for s in project.spans(article_id)) == ["rejected"] * 3


def test_marked_done_counts_the_suggestions_as_the_leads_line_does(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """The analyst's Ctrl+Return said 34 where the lead's line said "ana left 35"; both count an
    interrupted quote once now, and the window says the spans beside it."""
    project = Project.open(tmp_path / "ana.db")
    spans, relations = _machine("a")
    article_id = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=relations)]).article_ids[0]
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT + " More."))])
    window = make_window(project, analyst="ana")
    window.open_article(article_id)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # the analyst marks it done
    assert window.statusBar().currentMessage() == (
        f"Marked done with 2 suggestions {SPANS} still pending (Ctrl+Z to take it back); opened the next article")
    assert project.article(article_id).status == ArticleStatus.DONE


def test_tab_never_leaves_an_article_past_a_unit_that_became_flagged_after_it_was_shown(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """usertest11i/11j: Tab showed ben's CUE «said», 2 kept it; rejecting its quote later left it ⚠
    linked to nothing — and Tab went on to the next article, the ⚠ behind it counted as seen."""
    from tests.domain.test_curation import layers
    from tests.domain.test_curation import make_project as make_team_project
    from tests.ui.test_curation_stale import current_unit_text

    project, first = make_team_project(tmp_path / "team.db", layers())
    other = "Ben Okri wrote a novel. Lagos was busy."
    second = project.import_bundles([ArticleBundle(Article(id=None, text=other))]).article_ids[0]
    start = other.index("Lagos")
    from annotator.domain.model import Span, Status
    for who, label in (("ana", "GPE"), ("ben", "LOC")):  # a disagreement in the next article
        project.import_bundles([ArticleBundle(Article(id=None, text=other), spans=[Span(
            id=f"{who}-lagos", article_id=0, start=start, end=start + 5, label=label, layer="entity", status=Status.ACCEPTED)])],
            analyst=who)
    window = make_window(project, analyst="lead")
    window.open_article(first)
    dialog = open_view(window, qtbot)
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    press(Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "said"
    press(Qt.Key.Key_2)  # ben's CUE kept
    press(Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "the talks failed"
    press(Qt.Key.Key_X)  # its quote rejected: the kept CUE is linked to nothing
    assert dialog.status.text() == ("Saved: Curate: reject QUOTE «the talks failed»; ⚠ CUE «said» now linked to nothing in gold: "
                                    "A keeps it so, X rejects it")
    seen = []
    for _ in range(3):
        press(Qt.Key.Key_Tab)
        seen.append((dialog.article_id, current_unit_text(dialog)))
    assert seen == [(first, "Reuters"), (first, "Macron"), (first, "said")]  # back to the ⚠ before leaving #1
    press(Qt.Key.Key_A)  # kept linked to nothing
    assert dialog.status.text() == "Saved: Curate: keep CUE «said» in gold as it is, linked to nothing"
    for _ in range(3):  # ana's stance, then the next article
        press(Qt.Key.Key_Tab)
        if dialog.article_id == second:
            break
    unit = dialog.current_unit()
    assert dialog.article_id == second and other[unit.start:unit.end] == "Lagos"
