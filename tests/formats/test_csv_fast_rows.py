"""The CSV import's fast record reader (issue 12, import18: ``csvfmt._fast_rows``, one ``re``
match a record on the file's bytes) gives what the csv module gives: the same rows with the same
line numbers, the same errors at the same lines, the same "no rows" — on every odd file, with
reads cut into pieces of a few bytes so that records and line ends straddle them, and with the
pattern handing over to the csv module mid-file (a record it does not take, a byte that does not
decode, a record longer than it waits for). The reference is the same ``file_rows`` with the
fast reader switched off."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.formats import csvfmt
from annotator.formats.common import ImportOptions, Item


def _outcome(path: Path, encoding: str) -> list[tuple]:
    """Every entry of ``file_rows``: rows as ``(line, row)`` (their bytes checked against the
    text cell), errors as ``("error", line, message)``."""
    got: list[tuple] = []
    text_index = 0
    for entry in csvfmt.file_rows(path, ImportOptions(encoding=encoding)):
        if isinstance(entry, Item):
            got.append(("error", entry.error.line, str(entry.error)))
        elif entry[0] is None:
            got.append(("header", entry[1], entry[2]))
            text_index = entry[2]
        else:
            line, row, data = entry
            if data is not None:  # the bytes the import hashes and stores are the cell's
                assert data == row[text_index].encode("utf-8")
            got.append((line, row))
    return got


FILES = {
    "plain LF": b"text,title\nOne,T1\nTwo,T2\n",
    "CRLF, a BOM, a quoted CRLF": codecs.BOM_UTF8 + b'text,title\r\n"Multi\r\nline",T1\r\nTwo,T2\r\n',
    "quoted newlines, commas and doubled quotes": b'id,text\n1,"He said ""no"", then left.\n\nThe vote, delayed."\n2,"""quoted"""\n',
    "empty quoted fields and a field of one quote": b'id,text\n1,""\n2,""""\n3,"x"\n',
    "lone CR inside quotes": b'id,text\n1,"a\rb"\n2,c\n',
    "lone CR outside quotes": b"id,text\n1,ab\rc\n2,d\n",
    "CR-only line endings": b"id,text\r1,one\r2,two\r",
    "a quote inside an unquoted field": b'id,text\n1,ab"c\n2,"d"\n',
    "a space before a quote": b'id,text\n1, "ab"\n2,c\n',
    "text after a closing quote": b'id,text\n1,"ab"c\n2,d\n',
    "a quote never closed": b'id,text\n1,"open\n2,never closed\n',
    "empty lines, LF and CRLF": b"id,text\n\n1,one\n\r\n\n2,two\n\n",
    "a row with fewer fields, then more": b"id,text,note\n1,one\n2,two,n,extra\n3,three,n\n",
    "a NUL in a field": b'id,text\n1,"a\x00b"\n2,c\n',
    "no final newline, quoted": b'id,text\n1,one\n2,"last"',
    "no final newline, unquoted": b"id,text\n1,one\n2,last",
    "a CR at the end of the file": b"id,text\n1,one\r",
    "multi-byte characters across reads": ("id,text\n" + "".join(f'{n},"{"é" * n}€𝄞\n«{n}»\u00a0\u2028"\n' for n in range(30))).encode(),
    "a bad byte in row 5": b"id,text\n" + b"".join(b"%d,row %d\n" % (n, n) for n in range(4)) + b'4,"bad \xff\nhere"\n5,after\n',
    "a bad byte in the header line's file, later": b"id,text\n1,one\n2,\xc3(\n",
    "a surrogate's bytes (not UTF-8)": b"id,text\n1,\xed\xa0\x80\n",
    "a header over two lines": b'id,"te\nxt"\n1,one\n',
    "one column": b'text\none\n""\n\n"two\nlines"\n',
    "header only": b"id,text\n",
    "header and empty lines": b"id,text\n\n\r\n",
    "wide, beyond the pattern's columns": (",".join(["text", *(f"c{n}" for n in range(70))]) + "\n"
                                           + ",".join(["body", *(str(n) for n in range(70))]) + "\n").encode(),
}


@pytest.mark.parametrize("carry", [4, 1 << 20])
@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
@pytest.mark.parametrize("name", FILES)
def test_fast_reader_gives_the_csv_modules_rows_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            name: str, chunk: int, carry: int) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(FILES[name])
    monkeypatch.setattr(csvfmt, "_DECODE_CHUNK", chunk)
    monkeypatch.setattr(csvfmt, "_FAST_CHUNK", chunk)
    monkeypatch.setattr(csvfmt, "_FAST_CARRY", carry)
    got = _outcome(path, "utf-8")
    with monkeypatch.context() as off:
        off.setattr(csvfmt, "_fast_start", lambda *args: None)
        expected = _outcome(path, "utf-8")
    assert got == expected


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_other_encodings_are_read_by_the_csv_module(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes('id,text\n1,"caf\u00e9 \u201cquoted\u201d"\n'.encode(encoding))
    used = []
    original = csvfmt._fast_rows
    try:
        csvfmt._fast_rows = lambda *args: used.append(args) or original(*args)  # type: ignore[assignment]
        rows = _outcome(path, encoding)
    finally:
        csvfmt._fast_rows = original  # type: ignore[assignment]
    assert used == [] and rows[1] == (2, ["1", "caf\u00e9 \u201cquoted\u201d"])


def test_a_utf8_files_rows_come_with_their_texts_bytes(tmp_path: Path) -> None:
    """What the import hashes and stores comes as read: the text is not encoded again."""
    path = tmp_path / "in.csv"
    path.write_bytes('id,text\n1,"Caf\u00e9 ""vote""\nnext"\n'.encode())
    rows = [e for e in csvfmt.file_rows(path, ImportOptions()) if not isinstance(e, Item) and e[0] is not None]
    assert rows == [(2, ["1", 'Caf\u00e9 "vote"\nnext'], 'Caf\u00e9 "vote"\nnext'.encode())]


def test_after_a_record_it_does_not_take_the_csv_module_reads_on(tmp_path: Path) -> None:
    """A quote inside an unquoted field (valid CSV the pattern leaves alone) on line 3: the rows
    before come from the fast reader, the rest from the csv module, numbered on."""
    path = tmp_path / "in.csv"
    path.write_bytes(b'id,text\n1,one\n2,a"b\n3,"three\nlines"\n4,four\n')
    rows = [(e[0], e[1], e[2] is not None) for e in csvfmt.file_rows(path, ImportOptions()) if not isinstance(e, Item) and e[0]]
    assert rows == [(2, ["1", "one"], True), (3, ["2", 'a"b'], False), (4, ["3", "three\nlines"], False), (6, ["4", "four"], False)]
