"""The guidelines panel: rendered Markdown with the labels' descriptions, an editor that never
loses text (saved after a pause, on leaving edit mode, kept when the file cannot be written),
and import from a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from annotator.domain import project_lists as lists
from annotator.storage.guidelines import read_guidelines, write_guidelines
from annotator.storage.project import Project
from annotator.ui import guidelines_panel
from annotator.ui.guidelines_panel import GuidelinesPanel


@pytest.fixture
def project(tmp_path: Path):
    proj = Project.open(tmp_path / "p.db")
    yield proj
    proj.close()


def _panel(qtbot, project: Project, **kwargs) -> GuidelinesPanel:
    panel = GuidelinesPanel(lambda: project, lambda: "ana", **kwargs)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_shows_the_guide_rendered_and_every_label_with_its_description(qtbot, project: Project) -> None:
    write_guidelines(project, "# Our guide\n\nMark **quotes** first.\n")
    project.apply(lists.add_target(project.targets(), "EU", description="The European Union"))
    panel = _panel(qtbot, project)
    shown = panel.browser.toPlainText()
    assert "Our guide" in shown and "**" not in shown  # rendered, not the source
    for label in project.schema.labels:
        assert label.name in shown
        if label.description:
            assert label.description in shown
    assert "The European Union" in shown


def test_edit_saves_when_leaving_edit_mode_and_logs_it(qtbot, project: Project) -> None:
    panel = _panel(qtbot, project)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentWidget() is panel.editor
    qtbot.keyClicks(panel.editor, "# Rules")
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert read_guidelines(project) == "# Rules"
    assert panel.stack.currentWidget() is panel.browser
    (row,) = [c for c in project.history() if c["kind"] == "guidelines"]
    assert (row["by"], json.loads(row["after"])) == ("ana", "# Rules")


def test_typing_is_saved_after_a_pause(qtbot, project: Project, monkeypatch) -> None:
    panel = _panel(qtbot, project)
    panel._autosave.setInterval(50)
    panel.edit_button.setChecked(True)
    qtbot.keyClicks(panel.editor, "Draft")
    qtbot.waitUntil(lambda: read_guidelines(project) == "Draft", timeout=3000)
    assert panel.editing  # still editing


def test_a_failed_save_keeps_the_text_and_stays_in_edit_mode(qtbot, project: Project, monkeypatch) -> None:
    panel = _panel(qtbot, project)
    panel.edit_button.setChecked(True)
    qtbot.keyClicks(panel.editor, "Precious text")

    def refuse(*_a, **_k):
        from annotator.storage.project import ReadOnlyProjectError

        raise ReadOnlyProjectError("p.db: is open read-only")

    monkeypatch.setattr(guidelines_panel, "write_guidelines", refuse)
    panel.edit_button.setChecked(False)
    assert panel.editing and panel.editor.toPlainText() == "Precious text"
    assert "not saved yet" in panel.message.text()
    monkeypatch.undo()
    panel.edit_button.setChecked(False)
    assert not panel.editing and read_guidelines(project) == "Precious text"


def test_import_from_file_replaces_the_guide_and_a_bad_file_is_said(qtbot, project: Project, tmp_path: Path) -> None:
    good, bad = tmp_path / "g.md", tmp_path / "bad.md"
    good.write_text("# Imported\n", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00x")
    chosen = [bad, good]
    panel = _panel(qtbot, project, choose_file=lambda parent: chosen.pop(0))
    panel.import_file()
    assert "binary file" in panel.message.text() and read_guidelines(project) == ""
    panel.import_file()
    assert read_guidelines(project) == "# Imported\n"
    assert "Imported" in panel.browser.toPlainText()
    assert [c["action"] for c in project.history() if c["kind"] == "guidelines"] == ["Import guidelines from g.md"]
