"""usertest14 F2: a control character other than NUL (BEL, ESC, DEL) in one cell
of a CSV, a JSONL record or a .txt went in without a word, and the CoNLL export wrote it as a
token line of its own. It is refused like NUL: by file:line (exit 1, nothing written), or that
row alone skipped under ``--skip-errors``; in the one-process and the two-process import.
Whitespace controls (tab, LF, VT, FF, CR, U+001C–U+001F, NEL) separate words and are let in, and so
are the C1 controls U+0080–U+009F, which published news holds (one PolNeAR article has U+0083)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.bad_char_support import (ROWS, assert_jsonl_line_2_skipped, assert_middle_row_skipped, assert_refused_alone,
                                            assert_refused_by_line, import_rows, jsonl_with, run)

WHY_C0 = "it is not text (a damaged export, or an escape such as \\u0007; remove it in the source)"
CHARS = {"\x07": "BEL", "\x1b": "ESC", "\x7f": "DEL", "\x08": "BACKSPACE", "\x01": "a control character"}


def csv_with(char: str) -> bytes:
    return ROWS.format(bad=char + " character").encode("utf-8")


def expected(char: str, field: str = "text", index: int = 26) -> str:
    name = CHARS[char]
    return f"\"{field}\" holds the control character U+{ord(char):04X} ({name}) at character {index}: {WHY_C0}"


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("analyst", [[], ["--analyst", "ana"]])  # the rows' way and the general way
@pytest.mark.parametrize("char", sorted(CHARS))
def test_a_control_character_in_one_csv_row_names_its_line(tmp_path: Path, monkeypatch, processes, analyst, char) -> None:  # noqa: ANN001
    source = tmp_path / "c.csv"
    result = import_rows(source, csv_with(char), monkeypatch, processes, *analyst)
    assert_refused_alone(result, tmp_path / "p.db", f"{source}:3: {expected(char)}")


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("analyst", [[], ["--analyst", "ana"]])
def test_skip_errors_skips_only_the_row_with_the_bell(tmp_path: Path, monkeypatch, processes, analyst) -> None:  # noqa: ANN001
    source = tmp_path / "c.csv"
    result = import_rows(source, csv_with("\x07"), monkeypatch, processes, "--skip-errors", *analyst)
    assert_middle_row_skipped(result, tmp_path / "p.db", f"{source}:3: {expected(chr(7))}")


def test_a_bell_in_a_title_cell_is_refused_by_line(tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    assert_refused_by_line(source, b"title,text\nAl\x07pha,The first body is fine.\n", f"{source}:2: {expected(chr(7), 'title', 2)}")


@pytest.mark.parametrize("record", [b'{"text": "A bad \x07 record."}', b'{"text": "A bad \\u0007 record."}',
                                    b'{"text": "A bad \\u001b record."}', b'{"text": "Fine.", "meta": {"k": "v\\u007f"}}'])
def test_a_control_character_in_a_jsonl_line_is_skipped_by_line(tmp_path: Path, record: bytes) -> None:
    source = jsonl_with(tmp_path / "n.jsonl", record)
    refused = run("import", tmp_path / "p.db", source)
    assert refused.exit_code == 1 and f"{source}:2:" in refused.output and "control character" in refused.output, refused.output
    assert_jsonl_line_2_skipped(source)


def test_a_bell_in_a_txt_file_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    assert_refused_by_line(source, b"A headline\nThe body has a \x07 in it.\n", f"{source}:2: {expected(chr(7), 'text', 26)}")


# Whitespace controls separate words; C1 controls are in published news (one PolNeAR article has U+0083)
LET_IN = {"whitespace": "title,text\nA,\"Page one ends here.\x0cPage two\tstarts\r\nhere.\x0bx\x1cy\x85z\"\nB,A plain body.\n",
          "c1": "title,text\nA,The budget\x83s second draft was \x93late\x94 again.\nB,A plain body.\n"}


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("kind", sorted(LET_IN))
def test_whitespace_and_c1_controls_are_text(tmp_path: Path, monkeypatch, processes, kind) -> None:  # noqa: ANN001
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source = tmp_path / "ok.csv"
    source.write_bytes(LET_IN[kind].encode())
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 0 and "Imported 2 new articles" in result.output, result.output


def test_the_byte_check_agrees_with_the_character_class() -> None:
    from annotator.formats.common import CONTROL_CHARS, has_control

    for code in [*range(0x300), 0x2019, 0xFEFF, 0x1F600]:
        text = f"a{chr(code)}b"
        assert has_control(text) == (CONTROL_CHARS.search(text) is not None), hex(code)
