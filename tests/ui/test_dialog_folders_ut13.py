"""usertest13 F11: File → Import and Export opened their dialogs in the home folder. They now open
beside the project, then in the folder last chosen (kept in the settings, so also after a restart);
a remembered folder that is gone falls back to the project's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from annotator.storage.project import Project
from annotator.ui import file_dialogs, transfer
from annotator.ui.settings import Settings
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(60)
REAL = {name: getattr(file_dialogs, name) for name in ("get_open_file_name", "get_open_file_names", "get_save_file_name",
                                                        "get_existing_directory")}


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, no_modals):  # noqa: ANN001, ANN201
    """Each dialog's opening folder is recorded; it accepts the next path in ``choose`` (or cancels)."""
    seen: list[str] = []
    choose: list[Path | None] = []

    def exec_(self: QFileDialog) -> int:
        seen.append(self.directory().absolutePath())
        if self.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            seen[-1] = (seen[-1], Path(self.selectedFiles()[0]).name if self.selectedFiles() else "")  # type: ignore[call-overload]
        picked = choose.pop(0) if choose else None
        if picked is None:
            return QFileDialog.DialogCode.Rejected
        self.selectFile(str(picked))
        return QFileDialog.DialogCode.Accepted

    for name, real in REAL.items():  # no_modals stubs them: here the real ones run, only exec() is faked
        monkeypatch.setattr(file_dialogs, name, real)
    monkeypatch.setattr(QFileDialog, "exec", exec_)
    return seen, choose


def test_import_opens_beside_the_project_then_where_it_was_last(make_window, tmp_path: Path, dialogs) -> None:  # noqa: ANN001
    seen, choose = dialogs
    window = make_window(Project.open(tmp_path / "proj" / "p.db") if (tmp_path / "proj").mkdir() is None else None)
    assert not transfer.start_import(window)  # cancelled
    assert seen[-1] == str(tmp_path / "proj")  # not the home folder
    elsewhere = tmp_path / "feeds"
    elsewhere.mkdir()
    (elsewhere / "one.txt").write_text("A short invented article about a harbour.\nIt has two lines.", encoding="utf-8")
    choose.append(elsewhere / "one.txt")
    assert transfer.start_import(window)
    wait_idle(window)
    assert not transfer.start_import(window)
    assert seen[-1] == str(elsewhere)
    assert Settings().value("dialogs/import") == str(elsewhere)  # kept for the next session
    shutil.rmtree(elsewhere)
    assert not transfer.start_import(window)
    assert seen[-1] == str(tmp_path / "proj")  # the remembered folder is gone: beside the project again


def test_export_proposes_the_project_folder_then_the_last_one(make_window, tmp_path: Path, dialogs) -> None:  # noqa: ANN001
    seen, choose = dialogs
    (tmp_path / "proj").mkdir()
    window = make_window(Project.open(tmp_path / "proj" / "news.db"))
    assert not transfer.start_export(window, status="accepted")
    assert seen[-1] == (str(tmp_path / "proj"), "news")
    out = tmp_path / "exports"
    out.mkdir()
    choose.append(out / "first.jsonl")
    assert transfer.start_export(window, status="accepted")
    wait_idle(window)
    assert not transfer.start_export(window, status="accepted")
    assert seen[-1] == (str(out), "news")


def test_start_directory_keeps_a_proposed_file_name(tmp_path: Path) -> None:
    file_dialogs.remember_folder("chart", str(tmp_path / "x.png"))
    assert file_dialogs.start_directory("/somewhere/else/plot.png", "chart") == str(tmp_path / "plot.png")
    assert file_dialogs.start_directory("/somewhere/else", "") == "/somewhere/else"
