"""Issue 11, usertest11g finding 6 (fix11q): an undo or redo in the curation view leaves the
view's rows exactly as a freshly opened view's — a decision a merge left with no analyst's version
("no version left") undone leaves no ghost row, counted as a disagreement until the view is
reopened; its redo brings the row back. Hand-made team (no corpus text)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import curation
from annotator.storage.layers import replace_article_layer
from annotator.storage.project import Project
from annotator.ui.curation_view import CurationDialog
from tests.domain.test_curation import TEXT, layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_curation_open_tab_cur11ui import open_view
from tests.ui.test_curation_stale import current_unit_text
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def _ana_deletes_macron_outside(path: Path, article_id: int) -> None:
    """What ``annotator merge TEAM.db ana.db`` does (another connection): ana's layer without Macron."""
    with Project.open(path, create=False) as other:
        bundle = other.bundle(article_id, analyst="ana")
        with other.writing():
            replace_article_layer(other.db.conn, "ana", article_id,
                                  dataclasses.replace(bundle, spans=[s for s in bundle.spans if s.id != "a-macron"]),
                                  edit="merge-9", action="merge ana.db: ana's layer", by="", at="2026-12-01T09:00:00+00:00")


def rows(dialog: CurationDialog) -> list[tuple[str, ...]]:
    """Every row of the view's table as shown (each cell's text)."""
    model = dialog.model
    return [tuple(dialog.cell(r, c) for c in range(model.columnCount())) for r in range(model.rowCount())]


def fresh_rows(window, qtbot, dialog: CurationDialog) -> tuple[list[tuple[str, ...]], int]:  # noqa: ANN001
    """The rows and the disagreements left of a view opened anew on the same article (the old one closed)."""
    article_id = dialog.article_id
    dialog.close()
    window.open_article(article_id)
    again = open_view(window, qtbot)
    assert again.article_id == article_id
    return rows(again), again.alignment.disagreements_left()


def test_undo_and_redo_of_a_decision_a_merge_left_versionless_align_as_a_fresh_open(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # caught up by hand below, as its timer would
    press = lambda key, mods=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(dialog, key, mods)  # noqa: E731
    for _ in range(10):
        if current_unit_text(dialog) == "Macron":
            break
        press(Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "Macron"
    press(Qt.Key.Key_1)  # ana's PERSON kept
    _ana_deletes_macron_outside(path, article_id)
    assert dialog._caught_up_with_file()
    macron = next(u for u in dialog.alignment.units if TEXT[u.start:u.end] == "Macron")
    assert macron.orphan and macron.changed  # ⚠ no version left
    left_before = dialog.alignment.disagreements_left()
    press(Qt.Key.Key_Z, CTRL)
    assert dialog.status.text().startswith("Undone: keep ana's PERSON «Macron»")
    undone, left_undone = rows(dialog), dialog.alignment.disagreements_left()
    assert not any(TEXT[u.start:u.end] == "Macron" for u in dialog.alignment.units)  # no ghost row
    assert not any(r[0] == "no version left (deleted since decided)" for r in undone)
    fresh = curation.align(curation.curation_input(project, article_id, dialog.analysts))
    assert left_undone == fresh.disagreements_left() == left_before  # the ⚠ gone; nothing else to decide appeared
    press(Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo: the versionless decision is back
    assert dialog.status.text().startswith("Redone: keep ana's PERSON «Macron»")
    redone = rows(dialog)
    assert any(r[0] == "no version left (deleted since decided)" for r in redone)
    assert fresh_rows(window, qtbot, dialog) == (redone, curation.align(curation.curation_input(project, article_id, ["ana", "ben"]))
                                                 .disagreements_left())
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL)
    assert (rows(dialog), dialog.alignment.disagreements_left()) == fresh_rows(window, qtbot, dialog) == (undone, left_undone)


def test_the_first_ctrl_z_after_an_outside_merge_undoes(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """usertest11g 6, side note: the first Ctrl+Z after a merge seemed swallowed. Not reproduced
    here (offscreen): the window follows the merge (its article reloaded, the view re-aligned)
    without taking the keyboard from the active view, and Ctrl+Z typed where the keyboard is — the
    view — undoes at once and says so. Guards that, should a reload ever take the keyboard."""
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    window.open_article(article_id)
    dialog = open_view(window, qtbot)
    dialog.activateWindow()  # as on a desktop: the view shown is the active window, the keyboard in it
    dialog.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog and QApplication.focusWidget() is dialog)
    for _ in range(10):
        if current_unit_text(dialog) == "Macron":
            break
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    _ana_deletes_macron_outside(path, article_id)
    assert window.outside_writes.check()
    print("F2", QApplication.focusWidget())  # what the window's timer does: the open article reloaded, the view told
    assert dialog.status.text().startswith("The project file changed under the view")
    focus = QApplication.focusWidget()
    assert focus is dialog or dialog.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_Z, CTRL)
    assert dialog.status.text() == f"Undone: keep ana's PERSON «Macron» in #{article_id}"
    assert window.undo_stack.index() == 0
    assert not any(TEXT[u.start:u.end] == "Macron" for u in dialog.alignment.units)
