"""fix11p (usertest11g #4): the curation view said "article curated ✓" on an article every analyst
left empty though `annotator curate` and gold export said it was not; now it says nothing is left
to decide and that Ctrl+Return marks it curated, which it then does (the ✓ after it). Hand-made
text, no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_curate_empty_article_fix11p import _team
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

def test_the_view_says_curated_only_when_every_reader_does(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    db, aid = _team(tmp_path)  # ana and ben marked it done, no spans (imported from their JSONL)
    project = Project.open(db)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    dialog.open_article(aid)
    qtbot.waitUntil(lambda: dialog.alignment is not None and dialog.article_id == aid)
    dialog._say_article(aid)
    assert "curated ✓" not in dialog.status.text() and "curated ✓" not in dialog.counter.text()
    assert "nothing left to decide: Ctrl+Return marks the article curated" in dialog.status.text()
    assert not curation_state.state_of(project, aid).curated
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "nothing left to decide (every analyst left it empty): article curated" in dialog.status.text()
    assert "article curated ✓" in dialog.counter.text()
    assert curation_state.state_of(project, aid).curated  # what `annotator curate` and export read
