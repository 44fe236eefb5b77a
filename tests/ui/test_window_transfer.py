"""File → Import / Export run the formats in a worker, with progress; the window stays usable."""

from __future__ import annotations

import json
import time

from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.ui import file_dialogs
from annotator.domain.model import Status
from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_window_support import make_project, make_window, no_modals, wait_idle  # noqa: F401




def test_import_text_files_into_an_empty_project(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Headline {i}\nBody of article {i} 😄, said Lavrov.", encoding="utf-8")
    window = make_window(Project.open(tmp_path / "empty.db"))
    monkeypatch.setattr(file_dialogs, "get_open_file_names", (lambda *a, **k: ([str(p) for p in sorted(folder.iterdir())], "")))
    window.actions_by_id["import"].trigger()
    assert window.is_busy() and window.progress.isVisible()
    wait_idle(window)
    assert window.article_list.model.rowCount() == 3
    assert window.state is not None and window.state.article.text.startswith("Headline 0")
    assert "Imported 3 new articles" in window.statusBar().currentMessage()


def test_export_jsonl_writes_accepted_annotations(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    window.step_suggestion(1)
    accepted = window.selected_span()
    window.accept_selected()
    out = tmp_path / "out"
    monkeypatch.setattr(file_dialogs, "get_save_file_name",
                        (lambda *a, **k: (str(out), "JSONL, lossless, Prodigy-compatible (*.jsonl)")))
    window.actions_by_id["export"].trigger()
    wait_idle(window)
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["text"] == window.project.article(window.project.article_ids()[0]).text
    assert accepted.text_in(first["text"]) in json.dumps(first, ensure_ascii=False)
    from annotator.formats.atomic import leftovers

    assert leftovers(tmp_path / "out.jsonl") == []  # no temporary file beside the export
    assert "Exported" in window.statusBar().currentMessage()
    assert window.state.spans[accepted.id].status == Status.ACCEPTED


def test_cancelled_import_leaves_the_project_unchanged(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps({"text": f"Article {i} about Geneva."}) for i in range(3000)), encoding="utf-8")
    window = make_window(make_project(tmp_path / "p.db"))
    before = window.project.count_articles()
    assert transfer.start_import(window, [source])
    window.cancel_background()
    assert not window.is_busy() and not window.progress.isVisible()
    for thread in list(window._retired):
        assert thread.wait(20000)
    reopened = Project.open(tmp_path / "p.db")
    try:
        assert reopened.count_articles() in (before, before + 3000)  # all or nothing, never a part
    finally:
        reopened.close()
