"""fix30 (usertest26 M4) in the window: an import whose CSV repeats a source id says so in its
status line (how many, the first) and lists each in the box it shows. Made-up texts."""

from __future__ import annotations

from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401


def test_the_status_line_and_the_box_name_the_duplicated_id(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    source = tmp_path / "bad.csv"
    source.write_text('Body ID,articleBody\n'
                      'a300,"The ferry board met on Monday."\n'
                      'a301,"The council\nvoted on the budget\nlate at night."\n'
                      'a302,""\n'  # a bad row: skipped, so the box is shown
                      'a300,The harbour closed for the storm.\n', encoding="utf-8")
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    assert transfer.start_import(window, [source])
    wait_idle(window)
    status = window.statusBar().currentMessage()
    assert "1 duplicated source id was imported (first: bad.csv:7: Body ID 'a300' already on line 2)" in status, status
    [box] = [text for kind, text in no_modals if "skipped" in text]
    lines = box.splitlines()
    at = lines.index("1 duplicated source id (imported as they are; a join on it is ambiguous):")
    assert lines[at + 1] == f"{source}:7: Body ID 'a300' already on line 2"
