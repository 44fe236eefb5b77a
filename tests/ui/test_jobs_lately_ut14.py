"""usertest14 F3: a finished job's summary was lost: the jobs menu's "Lately" held only queue and
cancel lines, and with nothing running Ctrl+Shift+J said no "last: …". A finished export's,
import's and pre-annotation's summaries are kept whole, and a failure's message too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_queued_jobs_ui12j import _source
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(90)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_finished_export_and_import_lines_are_kept_whole(qtbot, make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(Project.open(tmp_path / "p.db"))
    window.show()
    assert transfer.start_export(window, tmp_path / "a.jsonl", "jsonl")
    wait_idle(window)
    exported = window.statusBar().currentMessage()
    assert exported.startswith("Exported"), exported
    assert transfer.start_import(window, [_source(tmp_path)])
    wait_idle(window)
    imported = window.statusBar().currentMessage()
    assert imported.startswith("Imported 1 new article"), imported
    recent = list(window.background.recent)
    assert recent[-2:] == [exported, imported], recent
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)  # nothing runs: the menu's Lately has both (usertest23 L1: the bar said the last)
    menu = window.background.menu
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "No background work is running or queued" and texts.index(imported) < texts.index(exported), texts
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    pump_until(lambda: window.background.menu is None, 5)
    pump_until(lambda: not window._retired, 20)


def test_a_failed_import_is_kept_with_its_message(qtbot, make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(Project.open(tmp_path / "p.db"))
    window.show()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert transfer.start_import(window, [bad])
    wait_idle(window)
    assert window.background.recent and window.background.recent[-1].startswith("Import failed: "), window.background.recent
    pump_until(lambda: not window._retired, 20)


def test_a_finished_preannotation_keeps_its_whole_summary(make_window) -> None:  # noqa: ANN001
    window = make_window(suggester=fake_suggester)
    assert window.start_preannotation(asked=True)
    pump_until(lambda: not window.is_busy(), 30)
    summary = window.preannotator.last_summary
    assert summary.startswith("Pre-annotated ") and window.background.recent[-1] == summary, list(window.background.recent)
