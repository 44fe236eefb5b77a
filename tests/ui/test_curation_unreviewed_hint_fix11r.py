"""Issue 11, usertest11h F4 (fix11r): the curation view said "nothing left to decide: Ctrl+Return
marks the article curated" on an empty article an analyst never opened (status new in their file),
and Ctrl+Return then refused. The hint now comes from the refusal's rule and says "ana has not
reviewed it", as `curate` does. Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain import curation
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_curate_empty_article_fix11p import _team
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_the_hint_says_who_has_not_reviewed_and_ctrl_return_agrees(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    db, aid = _team(tmp_path, empty_status="new")  # ana and ben never opened the empty article
    project = Project.open(db)
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    dialog.open_article(aid)
    qtbot.waitUntil(lambda: dialog.alignment is not None and dialog.article_id == aid)
    dialog._say_article(aid)
    shown = dialog.status.text()
    assert "Ctrl+Return marks the article curated" not in shown and "Ctrl+Return marks" not in dialog.counter.text()
    assert ("nothing left to decide, but ana, ben have not reviewed it (status new in their files): not curated until "
            "they review it and their file is merged again") in shown
    assert "ana, ben have not reviewed it (status new in their files)" in dialog.counter.text()
    listing = curation_state.state_of(project, aid).line("team.db")
    assert curation.not_reviewed(["ana", "ben"]) in listing  # `curate` says the same words
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "ana, ben have not reviewed it (status new in their files): not marked curated" in dialog.status.text()
    assert not curation_state.state_of(project, aid).curated
