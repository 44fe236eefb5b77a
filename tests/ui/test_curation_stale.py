"""The main window and the curation view against uncurated or stale gold (issue 11, fix11f):
"done" on a team article with undecided units asks first; a merge made while the view is open is
noticed; undo says what it undid; the window stays within the screen. Keyboard-driven."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import commands, curation
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.storage.layers import replace_article_layer
from annotator.storage.project import Project
from annotator.ui.curation_view import FILE_POLL_MS, CurationDialog
from tests.domain.test_curation import TEXT, layers
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


def test_mark_reviewed_asks_first_too_and_a_done_ask_does_not_confirm_it(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, _shared, solo = team_with_solo_article(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(solo)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # asked about done ...
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)  # ... reviewed is asked on its own
    assert project.article(solo).status not in (ArticleStatus.DONE, ArticleStatus.REVIEWED)
    said = window.statusBar().currentMessage()
    assert said.startswith("Not marked reviewed: 4 units") and "press Ctrl+Shift+Return again" in said
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert project.article(solo).status == ArticleStatus.REVIEWED
    (action,) = project.db.execute("SELECT action FROM changes WHERE article_id = ? AND kind = 'article' ORDER BY id DESC LIMIT 1",
                                   [solo]).fetchone()
    assert action == "Mark article reviewed with 4 of the analysts' units not decided in gold (confirmed)"


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


# ---------------------------------------------------------------- 4: a merge made while the view is open

def open_view(window, qtbot) -> CurationDialog:  # noqa: ANN001
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CurationDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def merge_relabelled(path: Path, article_id: int, analyst: str, old: str, new: str) -> None:
    """What ``annotator merge TEAM.db ben.db`` does to ``analyst``'s layer, from another connection
    (another program): their ``old`` spans become ``new`` (the same call the merge makes)."""
    with Project.open(path, create=False) as other:
        bundle = other.bundle(article_id, analyst=analyst)
        spans = [dataclasses.replace(s, label=new) if s.label == old else s for s in bundle.spans]
        with other.writing():
            replace_article_layer(other.db.conn, analyst, article_id, dataclasses.replace(bundle, spans=spans), edit="merge-1",
                                  action=f"merge {analyst}.db: {analyst}'s layer", by="", at="2026-12-01T05:00:00+00:00")


def merge_ben_relabelled(path: Path, article_id: int, old: str, new: str) -> None:
    merge_relabelled(path, article_id, "ben", old, new)


def reuters_taken_from_ben(make_window, qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # the keys below find the change themselves; the timer has its own test
    for _ in range(3):  # fix11q: the first Tab lands on "said", the view opened on
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "Reuters"
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # ben's GPE kept
    assert gold_labels(project, article_id)["Reuters"] == ["GPE"]
    return path, project, article_id, dialog


def current_unit_text(dialog: CurationDialog) -> str:
    unit = dialog.current_unit()
    return TEXT[unit.start:unit.end]


def gold_labels(project: Project, article_id: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    text = project.article(article_id).text
    for s in project.spans(article_id):
        if s.status == Status.ACCEPTED:
            out.setdefault(text[s.start:s.end], []).append(s.label)
    return out


def reuters_row(dialog: CurationDialog) -> int:
    return next(n for n, u in enumerate(dialog.alignment.units) if TEXT[u.start:u.end] == "Reuters")


def test_a_decision_key_after_a_merge_is_refused_and_the_view_shows_the_new_versions(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path, project, article_id, dialog = reuters_taken_from_ben(make_window, qtbot, tmp_path)
    merge_ben_relabelled(path, article_id, "GPE", "ORG")
    before = change_rows(project)
    qtbot.keyClick(dialog, Qt.Key.Key_X)  # pressed against the old alignment: refused
    assert change_rows(project) == before and gold_labels(project, article_id)["Reuters"] == ["GPE"]
    said = dialog.status.text()
    assert said.startswith("Not applied: the project file changed under the view") and "press it again" in said
    row = reuters_row(dialog)
    assert dialog.cell(row, 2).startswith("ORG «Reuters»")  # ben's new version shown
    assert dialog.cell(row, 3) == "⚠ ✓ GPE «Reuters» (ben)"  # the decision taken on his old one flagged
    assert dialog.cell_tip(row, 3).startswith("⚠ changed since decided: ben's")  # and what changed
    assert current_unit_text(dialog) == "Reuters"  # the place kept
    qtbot.keyClick(dialog, Qt.Key.Key_1)  # on the new alignment: written
    assert gold_labels(project, article_id)["Reuters"] == ["ORG"]


def test_pgdown_after_a_merge_reads_the_file_again(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path, project, article_id, dialog = reuters_taken_from_ben(make_window, qtbot, tmp_path)
    merge_ben_relabelled(path, article_id, "GPE", "ORG")
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)  # the one article: opened again, never from the copy held
    assert "changed under the view" in dialog.status.text()
    assert dialog.cell(reuters_row(dialog), 2).startswith("ORG «Reuters»")


def test_the_view_notices_a_merge_on_its_timer_and_says_so(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path, project, article_id, dialog = reuters_taken_from_ben(make_window, qtbot, tmp_path)
    dialog.file_watch.timer.start()
    own = dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # the view's own edits (through the window) are not "another program"
    qtbot.wait(2 * FILE_POLL_MS)
    assert dialog.status.text() == own or "changed under the view" not in dialog.status.text()
    merge_ben_relabelled(path, article_id, "GPE", "ORG")
    qtbot.waitUntil(lambda: "changed under the view" in dialog.status.text(), timeout=4 * FILE_POLL_MS)
    assert "; ⚠ 1 changed since decided (Tab)" in dialog.status.text()
    assert dialog.cell(reuters_row(dialog), 2).startswith("ORG «Reuters»")


# ---------------------------------------------------------------- 9: undo says what it undid, and where

def test_undo_after_changing_article_says_what_was_undone_and_in_which_article(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, shared, solo = team_with_solo_article(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    assert dialog.article_id == shared and current_unit_text(dialog) == "said"
    press(Qt.Key.Key_2)
    assert dialog.status.text() == "Saved: Curate: keep ben's CUE «said»"
    press(Qt.Key.Key_PageDown)
    assert dialog.article_id == solo
    press(Qt.Key.Key_Z, CTRL)
    assert dialog.status.text() == f"Undone: keep ben's CUE «said» in #{shared} (this view shows #{solo})"
    assert "said" not in gold_labels(project, shared)
    press(Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert dialog.status.text() == f"Redone: keep ben's CUE «said» in #{shared} (this view shows #{solo})"
    assert gold_labels(project, shared)["said"] == ["CUE"]
    press(Qt.Key.Key_PageUp)
    press(Qt.Key.Key_Z, CTRL)
    assert dialog.status.text() == f"Undone: keep ben's CUE «said» in #{shared}"
    press(Qt.Key.Key_Z, CTRL)
    assert dialog.status.text() == "Nothing to undo"


# ---------------------------------------------------------------- 12: the window within the screen

def test_with_changed_decisions_the_view_stays_within_a_1600_px_screen(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """PolNeAR's three annotators of one dev article (the hand-made team when the shared data is
    absent): decisions taken, then the second analyst's file merged with every CUE made SPEAKER —
    ⚠ rows, the longest status line, a long title; nothing may widen the window."""
    from tests.polnear_pick import article_with_annotators
    from tests.ui.test_curation_view import polnear_team
    from tests.ui.test_window_screenshots import OUT, save_widget

    article = article_with_annotators(3)  # fix11am: by property, not by its stem
    if article is not None:
        path = tmp_path / "polnear-team.db"
        project = polnear_team(path, tmp_path / "polnear", article, article.annotators[:3])
        second = article.annotators[1]
    else:
        path = tmp_path / "team.db"
        project, _ = make_team_project(path, layers())
        second = "ben"
    article_id = project.article_ids()[0]
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    screen = dialog.screen().availableGeometry()  # 800 x 800 offscreen: the dialog's 1100 px did not fit
    assert dialog.frameGeometry().width() <= screen.width() and dialog.frameGeometry().height() <= screen.height()
    dialog.file_watch.stop()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)  # every agreed unit decided ...
    for _ in range(3):
        qtbot.keyClick(dialog, Qt.Key.Key_2)
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    merge_relabelled(path, article_id, second, "CUE", "SPEAKER")  # ... then the second analyst's file changes them
    qtbot.keyClick(dialog, Qt.Key.Key_X)  # refused: the longest status line
    assert dialog.status.text().startswith("Not applied")
    al = dialog.alignment
    assert al.changed_since_decided() > 0
    # a ⚠ cell shows the decision; what changed is in its tooltip
    row = next(n for n, u in enumerate(al.units) if u.changed)
    gold_col = len(dialog.analysts) + 1
    assert dialog.cell(row, gold_col).startswith("⚠ ✓ ")
    assert dialog.cell_tip(row, gold_col).startswith(f"⚠ changed since decided: {al.units[row].changed}\n✓ ")
    dialog.resize(1500, 800)  # as on a 1600 px screen
    qtbot.wait(20)
    # the docs show the hand-made team only: a PolNeAR article's text stays out of the project
    save_widget(dialog, "curation-changed.png", min_bytes=20_000, out=tmp_path if article is not None else OUT)
    dialog.say(dialog.status.text() * 3)  # a status line three times the longest one
    dialog.article_box.setItemText(0, "#1 " + "a very long title " * 20)
    qtbot.wait(20)
    assert dialog.minimumSizeHint().width() <= 1000, dialog.minimumSizeHint()
    assert dialog.status.toolTip() == dialog.status.text()  # the whole line, whatever shows
    # the columns share the width: the Gold column ends inside the table
    header = dialog.table.horizontalHeader()
    assert header.sectionPosition(gold_col) + header.sectionSize(gold_col) <= dialog.table.viewport().width() + 1
    dialog.resize(1500, 800)
    qtbot.wait(20)
    assert dialog.width() == 1500  # nothing holds it wider


# ---------------------------------------------------------------- 3: S keeps every single-analyst unit (fix11e's bulk decision)

def test_s_keeps_the_only_analysts_version_of_every_unit_as_one_undo_step(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    import pytest

    if not hasattr(curation, "keep_single_analyst"):
        pytest.skip("curation.keep_single_analyst (fix11e, merged this round) is not on this branch")
    project, shared, solo = team_with_solo_article(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    press(Qt.Key.Key_S)  # article #1 has two analysts: nothing single to keep
    assert gold_labels(project, shared) == {}
    press(Qt.Key.Key_PageDown)
    assert dialog.article_id == solo
    press(Qt.Key.Key_Return, CTRL)  # accept agreed: nothing agreed in a one-analyst article; S is named
    assert "S keeps that analyst's version of each" in dialog.status.text()
    press(Qt.Key.Key_S)
    assert gold_labels(project, solo) == {"Ana": ["PERSON"], "Paris": ["GPE"], "Berlin": ["GPE"], "Rome": ["GPE"]}
    assert dialog.alignment.undecided() == 0
    press(Qt.Key.Key_Z, CTRL)  # one undo step
    assert gold_labels(project, solo) == {}


def test_done_on_a_long_uncurated_team_article_asks_without_aligning_it(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from annotator.ui import done_confirm

    project, _shared, solo = team_with_solo_article(tmp_path / "team.db")
    monkeypatch.setattr(done_confirm, "COUNT_UP_TO_SPANS", 3)  # ana's 4 spans count as a long article
    monkeypatch.setattr(curation, "ArticleCuration", None)  # aligning it would fail the test
    window = make_window(project, analyst="lead")
    window.open_article(solo)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert project.article(solo).status != ArticleStatus.DONE
    assert window.statusBar().currentMessage().startswith("Not marked done: its curation is not finished")
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert project.article(solo).status == ArticleStatus.DONE
    (action,) = project.db.execute("SELECT action FROM changes WHERE article_id = ? AND kind = 'article' ORDER BY id DESC LIMIT 1",
                                   [solo]).fetchone()
    assert action == "Mark article done with its curation not finished (confirmed)"
