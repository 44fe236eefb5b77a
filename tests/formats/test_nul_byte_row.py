"""usertest13 F4: a CSV (or JSONL, or .txt) export with a NUL byte in one cell of its first 8 KB
was refused as a whole "binary file", without a line, and ``--skip-errors`` could not skip that
row ("all 1 records were bad"). A text file with a stray NUL is text: the record holding it is
refused by file:line (exit 1, nothing written), or skipped and listed under ``--skip-errors``.
A file that is binary as a whole (an image, an archive, a database) is still refused as one."""

from __future__ import annotations

import gzip
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from annotator.formats.common import looks_binary
from tests.formats.bad_char_support import (ROWS, assert_jsonl_line_2_skipped, assert_middle_row_skipped, assert_refused_alone,
                                            assert_refused_by_line, import_rows, jsonl_with, run)

NUL_HINT = ("it is not text (a binary file, or a damaged export or \\u0000 escape); remove it in the source, "
            "or import the text file it came from")
CSV = ROWS.format(bad="\x00 byte").encode()


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("analyst", [[], ["--analyst", "ana"]])  # the rows' way and the general way
def test_a_nul_in_one_csv_row_names_its_line(tmp_path: Path, monkeypatch, processes, analyst) -> None:  # noqa: ANN001
    source = tmp_path / "nul.csv"
    result = import_rows(source, CSV, monkeypatch, processes, *analyst)
    assert_refused_alone(result, tmp_path / "p.db", f"{source}:3: \"text\" holds a NUL character (U+0000) at character 26: {NUL_HINT}")


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("analyst", [[], ["--analyst", "ana"]])
def test_skip_errors_skips_only_the_row_with_the_nul(tmp_path: Path, monkeypatch, processes, analyst) -> None:  # noqa: ANN001
    source = tmp_path / "nul.csv"
    result = import_rows(source, CSV, monkeypatch, processes, "--skip-errors", *analyst)
    assert_middle_row_skipped(result, tmp_path / "p.db", f"{source}:3: \"text\" holds a NUL character")


def test_a_nul_in_a_title_cell_is_refused_by_line(tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    assert_refused_by_line(source, b"title,text\nAl\x00pha,The first body is fine.\n",
                           f"{source}:2: \"title\" holds a NUL character (U+0000) at character 2: {NUL_HINT}")


def test_a_raw_nul_in_a_jsonl_line_is_skipped_by_line(tmp_path: Path) -> None:
    assert_jsonl_line_2_skipped(jsonl_with(tmp_path / "n.jsonl", b'{"text": "A bad \x00 record."}'))


def test_a_nul_in_a_txt_file_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    assert_refused_by_line(source, b"A headline\nThe body has a \x00 in it.\n",
                           f"{source}:2: \"text\" holds a NUL character (U+0000) at character 26: {NUL_HINT}")


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "some words " * 500)
    return out.getvalue()


def _sqlite(folder: Path) -> bytes:
    path = folder / "x.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
    return path.read_bytes()


BINARY = {
    "png": lambda _: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "elf": lambda _: b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
    "gzip": lambda _: gzip.compress(b"some words " * 2000),
    "zip": lambda _: _zip(),
    "sqlite": _sqlite,
    "only NULs": lambda _: b"\x00" * 100,
}


@pytest.mark.parametrize("kind", sorted(BINARY))
def test_a_binary_file_is_still_refused_as_binary(tmp_path: Path, kind: str) -> None:
    data = BINARY[kind](tmp_path)
    assert looks_binary(data[:8192]), kind
    if data[:8192][1::2].count(0) > 0.9 * len(data[:8192]) // 2:
        return  # mostly zero bytes (an empty database): taken for UTF-16 without a byte-order mark, as before
    source = tmp_path / "b.csv"
    source.write_bytes(data)
    binary = f"{source}: looks like a binary file (it contains NUL bytes), not text; import .txt, .jsonl, .csv, brat .ann/.txt or CoNLL .conll files"
    result = run("import", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {binary}", result.output
    skipping = run("import", tmp_path / "p.db", source, "--skip-errors")  # a binary file is no row to skip
    assert skipping.exit_code == 1 and skipping.output.strip().endswith(binary), skipping.output
    assert not (tmp_path / "p.db").exists()


@pytest.mark.parametrize("head", [CSV, b"text\n" + b"\x00" * 3 + b" words\n", b"plain text, no NUL at all\n"])
def test_text_with_a_stray_nul_is_not_binary(head: bytes) -> None:
    assert not looks_binary(head)
