"""Control characters other than NUL are text: published news holds them (the FNC-1 bodies have
ESC, DEL, U+001C and U+001D; PolNeAR articles U+0083), so an article holding one is imported
exactly as it is, in the one-process and the two-process import, CSV, JSONL and .txt alike. Only
NUL is refused (test_nul_byte_row). usertest14 F2 asked for BEL to be refused like NUL; doing so
for every control character refused real articles of both corpora (see the module docstring of
annotator/formats/common.py's CONTROL_CHARS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage.project import Project
from tests.formats.bad_char_support import ROWS, run

# BEL, BS, SOH, ESC, DEL, FS, GS, the C1 controls U+0083/U+0093/U+009F, and the whitespace controls
CHARS = ["\x07", "\x08", "\x01", "\x1b", "\x7f", "\x1c", "\x1d", "\x83", "\x93", "\x9f", "\x0c", "\x0b", "\x85"]


def _texts(db: Path) -> list[str]:
    with Project.open(db) as project:
        return sorted(project.article(i).text for i in project.article_ids())


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("char", CHARS, ids=[f"U+{ord(c):04X}" for c in CHARS])
def test_a_control_character_in_a_csv_row_is_imported_as_it_is(tmp_path: Path, monkeypatch, processes, char) -> None:  # noqa: ANN001
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source = tmp_path / "c.csv"
    source.write_bytes(ROWS.format(bad=char + " character").encode("utf-8"))
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 0 and "Imported 3 new articles" in result.output, result.output
    assert f"The second body has a bad {char} character." in _texts(tmp_path / "p.db")


@pytest.mark.parametrize("record", [b'{"text": "A \\u0007 record and a \\u001b too."}',
                                    b'{"text": "Fine.", "meta": {"k": "v\\u007f"}}'])
def test_a_control_character_in_a_jsonl_record_is_imported(tmp_path: Path, record: bytes) -> None:
    source = tmp_path / "n.jsonl"
    source.write_bytes(record + b"\n")
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 0 and "Imported 1 new article" in result.output, result.output


def test_a_control_character_in_a_txt_file_is_imported(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    source.write_bytes(b"A headline\nThe body has a \x07 and a \x7f in it.\n")
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 0, result.output
    assert any("\x07 and a \x7f" in t for t in _texts(tmp_path / "p.db"))


def test_the_byte_check_agrees_with_the_character_class() -> None:
    from annotator.formats.common import CONTROL_CHARS, has_control

    for code in [*range(0x300), 0x2019, 0xFEFF, 0x1F600]:
        text = f"a{chr(code)}b"
        assert has_control(text) == (CONTROL_CHARS.search(text) is not None), hex(code)
    assert has_control("a\x00b") and not has_control("a\x07\x1b\x7f\x83b")
