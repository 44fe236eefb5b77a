"""fix11n (issue 11 user test): the status bar's "Saved HH:MM:SS" did not move while the lead
decided in the curation view (a decision in an article the main window does not show was stored,
noted, but the label never redrawn). Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from tests.domain.test_curation_nested_fix11k import TEXT, _told
from tests.domain.test_curation_nested_fix11k import make_project as make_told_project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_saved_time_moves_with_each_curation_decision(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "t.db")  # the window shows this one; the curated article is the second
    project.import_bundles([ArticleBundle(Article(id=None, text="Another article, nobody's layer."))])
    project.close()
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    assert window.state.article_id != aid
    window._last_saved = ""  # as before any edit
    window.update_saved()
    assert window.saved_label.text().startswith("All changes saved")
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    dialog.current = dialog.alignment.units[rows["nothing was agreed"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    assert dialog.status.text().startswith("Saved: Curate: reject QUOTE")
    assert window.saved_label.text().startswith("Saved "), window.saved_label.text()  # was "All changes saved"


def test_digit_on_a_linked_to_nothing_row_keeps_it_so(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """#3 in the window: a digit on a ⚠ "linked to nothing" row wrote "keep ana's CUE" and the ⚠
    stayed; now it is A's keep-as-it-is, said as ana's, and the ⚠ is gone."""
    project = Project.open(tmp_path / "t.db")
    project.import_bundles([ArticleBundle(Article(id=None, text="Another article, nobody's layer."))])
    project.close()
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    rows = {TEXT[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    dialog.current = dialog.alignment.units[rows["nothing was agreed"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    dialog.current = dialog.alignment.units[rows["told"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_A)
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back to: nothing decided on «told»
    dialog.current = dialog.alignment.units[rows["told"]].key
    qtbot.keyClick(dialog, Qt.Key.Key_1)  # keep ana's CUE: now linked to nothing (its quote rejected) → ⚠
    assert dialog.cell(rows["told"], 3).startswith("⚠ ✓ CUE «told»")
    dialog._say_article(aid)  # the line an article opened with says this ⚠ kind as what it is
    # fix11ab (usertest11m F4): the agreed unit waiting is said too
    assert dialog.status.text() == (f"Article #{aid}: no disagreements left; 1 agreed unit to accept (Ctrl+Return), "
                                    "⚠ 1 linked to nothing in gold (A keeps, X rejects)")
    qtbot.keyClick(dialog, Qt.Key.Key_1)  # 1 again on the ⚠ row
    assert dialog.status.text() == "Saved: Curate: keep ana's CUE «told» in gold as it is, linked to nothing"
    assert not dialog.cell(rows["told"], 3).startswith("⚠")
    assert not dialog.alignment.units[rows["told"]].unlinked
