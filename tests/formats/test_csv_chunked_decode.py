"""The CSV reader decodes a megabyte of whole lines at a time (issue 12: line by line was 1 s of
a 10,000-row import). What it gives the csv module must be what decoding each binary line gave:
the same lines (split at b"\\n" only, a lone CR kept inside its line), the BOM dropped from the
first, and an undecodable byte reported with its own line number — after the good lines before
it (``--skip-errors`` cannot skip that error: the rest of the file is unread). Chunks are made tiny here so that every file
spans many of them."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import csvfmt
from annotator.formats.common import decode
from tests.formats.helpers import import_paths


def _line_by_line(data: bytes, path: Path, encoding: str) -> Iterator[str]:
    """The reader's lines as they were made before chunks: each binary line decoded alone."""
    for number, line in enumerate(io.BytesIO(data), start=1):
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        yield decode(line, path, encoding, line_offset=number - 1, strip_bom=False)


def _outcome(lines_of, data: bytes, path: Path, encoding: str) -> tuple[list[str], str | None]:
    got: list[str] = []
    try:
        for line in lines_of(data):
            got.append(line)
    except InputError as exc:
        return got, str(exc)
    return got, None


FILES = {
    "plain LF": "text,title\nOne,T1\nTwo,T2\n".encode(),
    "CRLF and a BOM": "\ufefftext,title\r\n\"Multi\r\nline\",T1\r\nTwo,T2\r\n".encode(),
    "no final newline": "text\nOne\nLast without newline".encode(),
    "lone CR inside a line": b"text,title\r\"Hello, one.\",T1\r\"Second.\",T2\r",
    "multi-byte characters at every offset": ("text\n" + "".join(f"{'é' * n}€𝄞 row {n}\n" for n in range(40))).encode(),
    "no-break spaces, U+2028 and U+0085 inside cells": "text\n\"a\u2028b\u0085c\u00a0d\"\n".encode(),
    "empty lines": b"text\n\n\nOne\n\n",
    "bad byte on line 7": b"text\n" + b"".join(b"row %d\n" % n for n in range(5)) + b"bad \xff here\nafter\n",
    "bad byte on the first line": b"te\xffxt\nOne\n",
    "bad byte after a BOM": codecs.BOM_UTF8 + b"text\nOne\n\xc3(\n",
    "cp1252 bytes": b"text\n\x93quoted\x94\n",
}


@pytest.mark.parametrize(("first", "chunk"), [(1, 1), (7, 7), (64, 64), (1 << 20, 1 << 20), (5, 1 << 20), (1 << 16, 3)])
@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_chunks_give_the_lines_and_errors_of_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, first: int, chunk: int, encoding: str
) -> None:
    # perf27: the file's first chunk (the header's lines) has a size of its own
    monkeypatch.setattr(csvfmt, "_FIRST_CHUNK", first)
    monkeypatch.setattr(csvfmt, "_DECODE_CHUNK", chunk)
    data = FILES[name]
    path = tmp_path / "in.csv"
    expected = _outcome(lambda d: _line_by_line(d, path, encoding), data, path, encoding)
    got = _outcome(lambda d: csvfmt._decoded_lines(io.BytesIO(d), path, encoding), data, path, encoding)
    assert got == expected


def test_bad_byte_three_chunks_in_names_its_line_and_keeps_the_rows_before(tmp_path: Path, monkeypatch, project) -> None:
    monkeypatch.setattr(csvfmt, "_FIRST_CHUNK", 100)
    monkeypatch.setattr(csvfmt, "_DECODE_CHUNK", 100)
    rows = [f"Row {n} of the file and long enough to fill chunks." for n in range(1, 20)]
    path = tmp_path / "bad.csv"
    path.write_bytes(("text\n" + "".join(f"{r}\n" for r in rows)).encode() + b"Broken \xff row\n" + b"Never read\n")
    with pytest.raises(InputError) as raised:
        import_paths(project, path)
    assert raised.value.line == 21 and "byte 0xff" in str(raised.value)
    assert project.count_articles() == 0  # all or nothing
    # usertest13 F1: the rows after the bad byte are never read, so --skip-errors cannot skip it
    # (it had imported the rows before it and dropped "Never read" without a word)
    with pytest.raises(InputError) as skipping:
        import_paths(project, path, skip_errors=True)
    assert str(skipping.value) == (f"{raised.value}; --skip-errors cannot skip this one: the rows after it cannot be read "
                                   "until it is fixed (nothing imported)")
    assert project.count_articles() == 0


def test_the_header_is_read_from_the_first_chunk_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """perf27: the csv module reads the header from a first chunk of _FIRST_CHUNK bytes; the fast
    reader reads the rows, so a file of a megabyte and more is not decoded a megabyte at a time for
    its header (was ~1.5 ms of a 1,000-row import)."""
    from annotator.formats.common import ImportOptions

    decoded: list[int] = []
    real = csvfmt._decoded_chunks

    def counting(raw, path, encoding, lines_before=0, first=True):  # type: ignore[no-untyped-def]
        for piece in real(raw, path, encoding, lines_before, first):
            decoded.append(len(piece.getvalue()) if isinstance(piece, io.StringIO) else -1)
            yield piece

    monkeypatch.setattr(csvfmt, "_decoded_chunks", counting)
    path = tmp_path / "big.csv"
    path.write_text("id,text\n" + "".join(f"{n},{'Word ' * 300}{n}\n" for n in range(2000)), encoding="utf-8")
    assert path.stat().st_size > csvfmt._DECODE_CHUNK
    rows = [e for e in csvfmt.file_rows(path, ImportOptions()) if isinstance(e, tuple) and e[0] is not None]
    assert len(rows) == 2000 and rows[-1][1] == ["1999", f"{'Word ' * 300}1999"]
    # one first chunk (to its line's end), no more: not a megabyte (_DECODE_CHUNK) for one line
    assert decoded and sum(decoded) <= csvfmt._FIRST_CHUNK + 2000 < csvfmt._DECODE_CHUNK // 4
