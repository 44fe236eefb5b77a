"""usertest22 L1 in the window: the box after an import that skipped records gives the counts a
line, each note its own, and the merged copies (the first COPIES_IN_BOX, then "… and N more");
the status line stays one line. Made-up texts."""

from __future__ import annotations

import json

from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401

TEXT = "The ferry board met on Monday and the chair said the timetable stays."


def test_the_skipped_box_lists_copies_on_their_lines(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    source = tmp_path / "board.jsonl"
    copies = transfer.COPIES_IN_BOX + 2
    source.write_text("".join(json.dumps({"text": TEXT}) + "\n" for _ in range(copies + 1)) + "{not json\n", encoding="utf-8")
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    assert transfer.start_import(window, [source])
    wait_idle(window)
    [box] = [text for kind, text in no_modals if "skipped" in text]
    lines = box.splitlines()
    assert lines[0] == "Some records were skipped: " + f"Imported 1 new article (0 already there; {copies} more copies of them, merged in), 0 spans, 0 relations"
    assert lines[1] == f"These {copies} copies of articles met earlier in the import were merged into the first:"
    assert lines[2] == f"{source}:2 is the same article as {source}:1: merged into it"
    assert lines[2 + transfer.COPIES_IN_BOX] == "… and 2 more copies"
    assert "\n" not in window.statusBar().currentMessage()
