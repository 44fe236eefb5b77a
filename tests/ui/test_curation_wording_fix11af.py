"""fix11af (issue 11, usertest11o O8): a Tab that moves says where it went, so the previous key's
"Saved: …" line is not left in place as if Tab had done nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.domain.test_curation import layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_curation_stale import current_unit_text, open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_tab_after_a_decision_says_the_row_it_went_to(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, _article_id = make_team_project(tmp_path / "team.db", layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()
    for _ in range(3):
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "Reuters"
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # ben's kept: "Saved: …"
    saved = dialog.status.text()
    assert saved.startswith("Saved:"), saved
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    said = dialog.status.text()
    assert said != saved
    row = dialog.table.currentIndex().row() if dialog.table.currentIndex().isValid() else None
    assert said.startswith("Tab: row "), said
    words = current_unit_text(dialog)
    assert f"«{words}»" in said and dialog.cell(row if row is not None else 0, 0) in said, said
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    back = dialog.status.text()
    assert back.startswith("Shift+Tab: row ") and f"«{current_unit_text(dialog)}»" in back and back != said, back
