"""usertest14 F1: a UTF-16 (or UTF-32) file with a byte-order mark is imported without any
encoding option, from the command line and the window, in every reader (CSV, JSONL, .txt);
a UTF-8 byte-order mark is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.common import bom_encoding
from annotator.storage.project import Project

CSV = "title,text\nFirst,Zoë wrote the first body.\nSecond,The second body is here.\n"
JSONL = '{"title": "First", "text": "Zoë wrote the first body."}\n{"title": "Second", "text": "The second body is here."}\n'


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
@pytest.mark.parametrize(("suffix", "content"), [(".csv", CSV), (".jsonl", JSONL)])
def test_a_file_with_a_byte_order_mark_imports_without_options(tmp_path: Path, monkeypatch, processes, codec, suffix, content) -> None:  # noqa: ANN001,E501
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source = tmp_path / f"wide{suffix}"
    source.write_bytes(("\ufeff" + content).encode(codec))
    project = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(project), str(source)])
    assert result.exit_code == 0 and "Imported 2 new articles" in result.output, result.output
    with Project.open(project) as opened:
        assert sorted((a.title, a.text) for a in map(opened.article, opened.article_ids())) == [
            ("First", "Zoë wrote the first body."), ("Second", "The second body is here.")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_txt_with_a_byte_order_mark_imports(tmp_path: Path, codec: str) -> None:
    source = tmp_path / "wide.txt"
    source.write_bytes("\ufeffA headline\nZoë wrote this body.\n".encode(codec))
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    with Project.open(tmp_path / "p.db") as opened:
        [article] = map(opened.article, opened.article_ids())
        assert article.text == "A headline\nZoë wrote this body.\n"


def test_bom_encoding_decides_only_for_the_default() -> None:
    assert bom_encoding("\ufeffx".encode("utf-32-le"), "utf-8") == "utf-32"
    assert bom_encoding("\ufeffx".encode("utf-16-le"), "utf-8") == "utf-16"
    assert bom_encoding(b"plain", "utf-8") == "utf-8"
    assert bom_encoding("\ufeffx".encode("utf-16-le"), "latin-1") == "latin-1"  # asked for: kept
