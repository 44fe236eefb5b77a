"""usertest14 F1: the window's Import said "try --encoding cp1252 …" and "--skip-errors cannot
skip this one": advice for a command line the window does not have. Its messages give what to
do in the window, and a UTF-16 file with a byte-order mark imports as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.storage.project import Project
from annotator.ui.import_encoding import NotUtf8
from annotator.ui.transfer import import_job, window_advice


def run_import(tmp_path: Path, name: str, data: bytes):  # noqa: ANN201
    project = tmp_path / "p.db"
    Project.open(project).close()
    source = tmp_path / name
    source.write_bytes(data)
    return import_job(project, [source], by="")(lambda *_: None, lambda: False)


@pytest.mark.parametrize(("data", "advice"), [
    (b"title,text\nA,Caf\xe9 body here.\n",
     "the file is not UTF-8: open it in a text editor or spreadsheet, save it as UTF-8 (CSV UTF-8), and import that"),
    (b'title,text\nA,First body.\nB,"An open quote\nC,Third body.\n',
     "so nothing was imported: fix that row and import the file again"),
    ("title,text\nA,First body.\n".encode("utf-16-le"), "open it in a text editor, save it as UTF-8, and import that"),
])
def test_import_errors_speak_of_the_window(tmp_path: Path, data: bytes, advice: str) -> None:
    try:
        result = run_import(tmp_path, "bad.csv", data)
    except InputError as caught:
        message = str(caught)
    else:  # usertest18 M3: one file not UTF-8 is no error: the window offers its encodings, saying this
        assert isinstance(result, NotUtf8), result
        message = result.message
    assert advice in message, message
    assert "--" not in message, message


def test_a_utf16_file_with_a_byte_order_mark_imports_in_the_window(tmp_path: Path) -> None:
    report = run_import(tmp_path, "wide.csv", "\ufefftitle,text\nA,Zoë wrote this body.\n".encode("utf-16-le"))
    assert report.result.added == 1


def test_window_advice_keeps_other_messages() -> None:
    assert window_advice("is empty (no JSON lines)") == "is empty (no JSON lines)"
