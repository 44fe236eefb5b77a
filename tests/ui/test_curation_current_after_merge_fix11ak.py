"""fix11ak N9 (usertest11r): after an outside merge re-aligned the open article, the curation view
had no current row ("at -") until Tab, when the row it showed was gone (a merge that replaces a
layer's span ids changes the unit keys). Now a row is current: the unit at the same place, else the
first to decide. Hand-made texts (the fixture of fix11j), no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from annotator.ui.curation_view import CurationDialog, row_of
from tests.ui.test_outside_writes_fix11j import _curated_team, _merge_in_process
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def test_a_row_is_current_after_an_outside_merge_re_aligns(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.open_article(first)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CurationDialog)
    assert dialog is not None and dialog.article_id == first
    dialog.current = "cy:a-span-id-the-merge-replaced"  # the row shown, whose key the merge's new ids changed
    _merge_in_process(team, cy)
    window.outside_writes.check()
    qtbot.waitUntil(lambda: "changed under the view" in dialog.status.text(), timeout=5000)
    assert dialog.current is not None and row_of(dialog.alignment, dialog.current) is not None, dialog.current
    assert dialog.current_unit() is not None or dialog.current_stance() is not None
