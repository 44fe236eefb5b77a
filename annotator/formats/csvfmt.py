"""CSV: import one article per row from a text column; export one row per span."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import json
import re
import sys
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InputError, RestUnreadable
from annotator.domain.provenance import IMPORT_KEY, reserved_clash
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Status, guess_title
from annotator.formats.common import (
    BLANK, ENCODING_HINT, bom_encoding, ExportReport, ImportOptions, Item, ReviewedBundle, check_encoding, check_not_binary, decode, is_blank,
)
from annotator.formats.stream import span_count, span_rows
from annotator.storage.suggestions_log import changed_suggestion

TEXT_COLUMNS = ("articlebody", "text", "body", "content", "article", "story", "full_text", "fulltext")
ARTICLE_COLUMNS = {"title": "title", "headline": "title", "publisher": "publisher", "url": "url", "published": "published"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DECODE_CHUNK = 1 << 20  # bytes of CSV decoded at a time
#: bytes of a file's start decoded first: the header's lines, which is all the csv module reads of a
#: file the fast reader then reads (perf27: a first chunk of _DECODE_CHUNK decoded a megabyte for one
#: line, ~1.5 ms of a 1,000-row import)
_FIRST_CHUNK = 1 << 16


def _raise_field_limit() -> None:
    limit = sys.maxsize
    while True:  # sys.maxsize overflows a C long on some platforms
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


#: Separators other than the comma that spreadsheets write ("CSV" from Excel in many European
#: locales uses ";"; tab-separated files are often named .csv)
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars", ",": "commas"}

#: usertest20 L6: files with these suffixes are tab-separated values, read by the csv module with
#: the delimiter ``\t`` and no quoting (usertest21 M2: the IANA text/tab-separated-values format
#: has none — a field is every character between two tabs — and news text often starts with a
#: quotation mark, which CSV quoting refused or silently removed); every other file read by this
#: module is comma-separated
TAB_SUFFIXES = (".tsv", ".tab")


def delimiter_of(path: Path) -> str:
    """The field separator of ``path``: a tab for a ``.tsv`` or ``.tab`` file, else a comma."""
    return "\t" if path.suffix.lower() in TAB_SUFFIXES else ","


def reader_of(lines: Iterable[str], delimiter: str, quoted: bool = False) -> Any:
    """A ``csv.reader`` over ``lines`` for files separated by ``delimiter``: a comma-separated file
    in the excel dialect, strict (a quote left open is an error, not a field that swallows every
    row after it); a tab-separated one with ``csv.QUOTE_NONE``, so a cell's quotation marks are
    text, byte for byte (TSV has no quoting: IANA text/tab-separated-values; usertest21 M2),
    unless ``quoted`` (:func:`tsv_quoting` found Excel / csv-module quoting in the file): then
    in the excel-tab dialect, strict."""
    if delimiter == "\t":
        if quoted:
            return csv.reader(lines, strict=True, dialect="excel-tab")
        return csv.reader(lines, strict=True, delimiter="\t", quoting=csv.QUOTE_NONE)
    return csv.reader(lines, strict=True, delimiter=delimiter)


# A cell that only CSV quoting explains (usertest22 M3): in quotes from one tab (or line start)
# to the next, every inner quote doubled, and either a doubled pair or a tab inside. Literal
# TSV text such as '"We are ready," the coach said.' has a lone inner quote, so it never matches.
_QUOTED_CELL = re.compile(r'(?:^|\t)"((?:[^"]|"")*)"(?=\t|\r?\n?$)')
# the line that closes such a cell: no lone quote before a closing one followed by a tab or the end
_CLOSING = re.compile(r'(?:[^"]|"")*"(?=\t|\r?\n?$)')
# a quoted cell's lines before the closing one (and, from after its opening quote, its first)
_STILL_OPEN = re.compile(r'(?:[^"]|"")*\r?\n$')
#: lines a quoted cell may run over and still count as one cell holding newlines
_OPEN_LINES = 200


def tsv_quoting(path: Path, encoding: str = "utf-8") -> str:
    """How a tab-separated file is read, decided per FILE (usertest22 M3): ``"quoted"`` when some
    cell is a CSV-quoted field that only quoting explains — it starts and ends with ``"``, every
    inner ``"`` is doubled and there is at least one doubled pair, or it holds a tab or a newline
    inside the quotes (what Python's ``csv.writer(dialect="excel-tab")`` and Excel's "Text (Tab
    delimited)" write for a cell holding a quote, tab or newline); else ``"literal"`` when some
    cell starts with ``"`` (read byte for byte, usertest21 M2), else ``""`` (quoting changes
    nothing). Reads the file's lines as ``encoding`` (bad bytes replaced: the reader reports them),
    up to the first quoted cell; ``""`` for a file that cannot be opened (the reader says why).
    Decided once per file state (path, size, modification time, encoding): an import asks for
    its summary, its reader and its row count, and a literal file is read to its end each time."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _tsv_quoting(str(path), stat.st_size, stat.st_mtime_ns, encoding)


@functools.lru_cache(maxsize=64)
def _tsv_quoting(path: str, size: int, mtime_ns: int, encoding: str) -> str:
    """:func:`tsv_quoting` of the file as it was at ``size`` and ``mtime_ns`` (the cache's key)."""
    try:
        raw = open(path, "rb")  # noqa: PTH123, SIM115 - closed by the with below
    except OSError:
        return ""
    with raw:
        encoding = bom_encoding(raw.read(4), encoding)
        raw.seek(0)
        try:
            lines = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
            return _quoting_of(lines)
        except (LookupError, UnicodeError):
            return ""


def _quoting_of(lines: Iterable[str]) -> str:
    """:func:`tsv_quoting` of the file's ``lines`` (newlines kept). A cell left open at its line's
    end counts as quoted only when the line that closes it comes and some line of the run, read
    literally, has not the header's number of fields: a literal '"Wait,' row followed by a row
    ending in a quote reads whole either way, and stays literal."""
    literal = False
    fields = 0  # the header's fields, read literally
    run: list[str] = []  # the lines of a quoted cell still open
    for line in lines:
        if not fields:
            fields = line.count("\t") + 1
        if run:
            if '"' not in line and len(run) < _OPEN_LINES:
                run.append(line)
                continue
            if _CLOSING.match(line):
                run.append(line)
                if any(part.count("\t") + 1 != fields for part in run):
                    return "quoted"
                run = []
            elif _STILL_OPEN.match(line) and len(run) < _OPEN_LINES:
                run.append(line)
                continue
            else:
                run = []
        if '"' not in line:
            continue
        # a doubled pair, or a tab inside quotes (then the line has more fields than the header):
        # only such lines can hold a quoted cell that counts, so the pattern runs on them alone
        if '""' in line or line.count("\t") + 1 != fields:
            for cell in _QUOTED_CELL.finditer(line):
                inner = cell.group(1)
                if '""' in inner or "\t" in inner:
                    return "quoted"
        if line.startswith('"') or '\t"' in line:
            literal = True
            last = line.rpartition("\t")[2]  # a cell open at the line's end is its last
            if last.startswith('"') and _STILL_OPEN.match(last, 1):
                run = [line]
    return "literal" if literal else ""


def find_text_column(header: list[str], wanted: str | None, path: Path, delimiter: str = ",") -> str:
    """The header's column holding the article text: ``wanted`` (``--text-column``) or the first
    of :data:`TEXT_COLUMNS`. Raises :class:`InputError` (line 1) when there is none, or when the
    header is one column that another separator splits (usertest18 M2: ``id;text`` with
    ``--text-column 'id;text'`` imported ``1;"…"`` as the article's text). ``delimiter``: the
    file's own separator (:func:`delimiter_of`)."""
    if len(header) == 1:
        for sep, name in OTHER_SEPARATORS.items():
            if sep != delimiter and len([part for part in header[0].split(sep) if part.strip()]) >= 2:
                if delimiter == "\t":
                    what = ("name it .csv" if sep == "," else "save it as comma-separated values (CSV UTF-8)") + " and import that"
                    raise InputError(f"is separated by {name}, not tabs as its name says (columns read: {header[0]!r}); {what}",
                                     path=str(path), line=1)
                raise InputError(
                    f"is separated by {name}, not commas (columns read: {header[0]!r}); save it as comma-separated "
                    "values (CSV UTF-8) and import that"
                    + (" (or name it .tsv: tab-separated files are read by that name)" if sep == "\t" else ""),
                    path=str(path), line=1)
    if wanted is not None:
        if wanted in header:
            return wanted
        raise InputError(
            f"has no column {wanted!r} (columns: {', '.join(header)}); pass one of them to --text-column", path=str(path), line=1
        )
    by_lower = {h.strip().lower(): h for h in header}
    for name in TEXT_COLUMNS:
        if name in by_lower:
            return by_lower[name]
    raise InputError(
        f"has no obvious text column (columns: {', '.join(header)}); name the one holding the article text with --text-column",
        path=str(path),
        line=1,
    )


#: how :func:`find_text_column` begins the message of a header with no text column (:func:`text_column_missing`)
NO_TEXT_COLUMN = ("has no obvious text column", "has no column ")


def text_column_missing(path: Path, wanted: str | None, encoding: str = "utf-8") -> bool:
    """True when ``path``'s header row has no text column (:func:`find_text_column` refuses it:
    none of :data:`TEXT_COLUMNS`, or not ``wanted``); False when it has one or the file cannot be
    read so far (its reader then says why). Reads the first row only (ui27, usertest23 M3)."""
    rows = file_rows(path, ImportOptions(encoding=encoding, text_column=wanted))
    try:
        first = next(rows, None)
    finally:
        rows.close()
    return (isinstance(first, Item) and first.error is not None
            and first.error.detail.startswith(NO_TEXT_COLUMN))


def repeated_column_names(header: list[str], path: Path) -> None:
    """Refuse a header that names two columns alike (:class:`InputError`, line 1), compared as
    the text column is found and title/headline/… are read: spaces around and case ignored.
    usertest18 L5: with two ``text`` columns the first became the article and the second went
    into meta as ``"text"`` without a word (and two ``source`` columns kept only the last in
    meta). Blank names are not names: a spreadsheet's trailing empty columns (``id,text,,``) pass."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().casefold()
        if not key:
            continue
        if key in seen:
            first = seen[key]
            names = repr(name) if header[first] == name else f"{header[first]!r} and {name!r}"
            raise InputError(
                f"names two columns {names} (columns {first + 1} and {index + 1}); rename one in the header row so "
                "each column has its own name, then import again", path=str(path), line=1)
        seen[key] = index
    # fix41: the importer's provenance key; a user's column of that name would be lost. fix44
    # (usertest30 L8): compared as the other names are, spaces around and case ignored (" _Import ")
    if IMPORT_KEY in seen:
        raise InputError(f"{reserved_clash(name=header[seen[IMPORT_KEY]])}, then import again", path=str(path), line=1)


def read(path: Path, options: ImportOptions) -> Iterator[Item]:
    """Every row of the CSV file as an :class:`Item` (an article bundle, or the error naming the
    file and line), in order."""
    header: list[str] = []
    text_index = 0
    for entry in file_rows(path, options):
        if isinstance(entry, Item):
            yield entry
        elif entry[0] is None:  # the header
            header, text_index = entry[1], entry[2]
        else:
            yield _item(entry[1], header, text_index, path, entry[0])


def file_rows(path: Path, options: ImportOptions) -> Iterator[Item | tuple[Any, ...]]:
    """The file's rows as the readers take them: first ``(None, header, index of the text
    column)``, then ``(line, row, data)`` per non-empty row — ``data`` the text column's UTF-8
    bytes as read (:func:`_fast_rows`), or None (read by the csv module) —; an :class:`Item`
    holding the error where the file cannot be read on (then nothing more), or ``"has a header
    but no rows"`` at the end. Shared by :func:`read` and :func:`annotator.formats.plain_import.entries`, so both see the same rows and errors."""
    _raise_field_limit()
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield Item(error=InputError(f"cannot be read ({exc.strerror}); check the path and its permissions", path=str(path)))
        return
    with raw:
        try:
            head = raw.read(8192)
            check_not_binary(head, path, options.encoding)
            raw.seek(0)
            check_encoding(options.encoding)
            encoding = bom_encoding(head, options.encoding)
            lines = _decoded_lines(raw, path, encoding)
        except InputError as exc:
            yield Item(error=exc)
            return
        delimiter = delimiter_of(path)  # usertest20 L6: a .tsv is read by the csv module alone, unquoted
        # usertest22 M3: unless the file shows Excel / csv-module quoting (decided per file)
        reader = reader_of(lines, delimiter, delimiter == "\t" and tsv_quoting(path, encoding) == "quoted")
        try:
            try:
                header = next(reader, None)
            except csv.Error as exc:
                raise _csv_error(exc, head, path, 1) from None
            if header is None or not any(h.strip() for h in header):
                raise InputError("is empty (no header row); the first row must name the columns", path=str(path))
            if [h.strip() for h in header[:len(COLUMNS)]] == list(COLUMNS):
                # fix11x (usertest11k F3): our own annotation export — each span's text became an article
                raise InputError("is an annotation export of this program (one row per span: article_id, span_id, start, end, "
                                 "text, label, …), not articles: a CSV import makes an article of each row's text; it does not "
                                 "import back — export with --format jsonl and import that", path=str(path))
            repeated_column_names(header, path)
            column = find_text_column(header, options.text_column, path, delimiter)
        except InputError as exc:
            yield Item(error=exc)
            return
        yield None, header, header.index(column)
        rows = 0
        before = 0  # lines of the file before the csv reader's first (it may start after the fast reader)
        # the fast reader's record pattern is of comma-separated fields: a TSV is read by the csv module
        if delimiter == "," and _fast_start(raw, reader.line_num, encoding, len(header)) is not None:
            found, resume = yield from _fast_rows(raw, reader.line_num + 1, len(header), header.index(column))
            rows += found
            if resume is None:
                lines = iter(())
            else:  # a record the pattern does not take (or a byte that does not decode): the csv module reads on from it
                raw.seek(resume[0])
                before = resume[1] - 1
                lines = _decoded_lines(raw, path, encoding, lines_before=before, first=False)
            reader = csv.reader(lines, strict=True)
        while True:
            line = before + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except InputError as exc:  # a byte that does not decode: the lines after it are not read either
                yield Item(error=RestUnreadable(exc.detail, path=exc.path, line=exc.line))
                return
            except csv.Error as exc:  # the reader cannot go on after it: the rest of the file is unread
                made = _csv_error(exc, head, path, line)
                yield Item(error=RestUnreadable(made.detail, path=made.path, line=made.line))
                return
            if not row:
                continue
            rows += 1
            yield line, row, None
        if rows == 0:
            yield Item(error=InputError("has a header but no rows to import", path=str(path)))


# ----------------------------------------------------------------------------- the fast record reader

#: One CSV field of the default dialect (the csv module's "excel": ``,``, ``"`` doubled inside
#: quotes, strict) as bytes: quoted — group 1, ``""`` still doubled — or unquoted — group 2,
#: without a quote, comma or line break. What the pattern does not take, the csv module reads.
_FIELD = rb'(?:"([^"]*(?:""[^"]*)*)"|([^,"\r\n]*))'
_FAST_MAX_COLUMNS = 64  # wider files go through the csv module (one pattern group pair a column)
_FAST_CHUNK = 1 << 20  # bytes read at a time
#: bytes of one record the pattern may wait for before the csv module takes over: a quoted field
#: longer than this (a book in one cell) is read by the csv module, whose work is linear
_FAST_CARRY = 8 << 20
_RECORDS: dict[int, re.Pattern[bytes]] = {}


def _record(width: int) -> re.Pattern[bytes]:
    """The pattern of a record of ``width`` fields and its line end (LF, CRLF, or the file's end)."""
    pattern = _RECORDS.get(width)
    if pattern is None:
        pattern = _RECORDS[width] = re.compile(b",".join([_FIELD] * width) + rb"(?:\r?\n|\Z)")
    return pattern


def _fast_start(raw: IO[bytes], header_lines: int, encoding: str, width: int) -> int | None:
    """Where the rows after the header start in ``raw`` (which is then there), when the fast
    reader (:func:`_fast_rows`) can read them: a UTF-8 file (the default; a BOM is part of the
    header line) of at most :data:`_FAST_MAX_COLUMNS` columns. Else None, ``raw`` left as it was."""
    if not 1 <= width <= _FAST_MAX_COLUMNS or codecs.lookup(encoding).name != "utf-8":
        return None
    raw.seek(0)
    for _ in range(header_lines):  # the lines the csv module read the header from, split at b"\n" as it got them
        raw.readline()
    return raw.tell()


def _fast_rows(raw: IO[bytes], line: int, width: int, text_index: int
               ) -> Generator[tuple[int, list[str], bytes], None, tuple[int, tuple[int, int] | None]]:
    """The rows of a UTF-8 CSV file from ``raw``'s position (line ``line``), as the csv module
    gives them, with the text column's UTF-8 bytes: ``(line, row, text bytes)`` per row, empty
    lines skipped. Returns ``(rows given, None)`` at the file's end, or ``(rows given, (byte
    offset, line))`` of the first record it does not read — one the pattern does not take (a
    field count other than ``width``, a quote inside an unquoted field, a lone CR, a quote never
    closed…) or with a byte that does not decode — for the csv module to read on from there,
    with its own rows and errors.

    Why: the csv module parses character by character, 0.17 s of the 10,000 FNC-1 bodies (22 MB)
    with its decoding; one ``re`` match a record, the fields decoded one by one, takes about a
    third of that (issue 12, import18). The text column's bytes come as read, so the import does
    not encode the text again for its hash. The same rows: a quoted field's ``""`` made ``"``,
    line breaks inside quotes kept (LF, CRLF, a lone CR), line numbers counted at b"\n" as the
    csv reader's; ``tests/formats/test_csv_fast_rows.py`` compares both on every odd case."""
    match = _record(width).match
    buf, pos, base, final, found = b"", 0, raw.tell(), False, 0
    while True:
        end = len(buf)
        while pos < end:
            first = buf[pos]
            if first == 10 or (first == 13 and buf.startswith(b"\r\n", pos)):  # an empty line: no row (csv gives [])
                pos += 1 if first == 10 else 2
                line += 1
                continue
            found_record = match(buf, pos)
            if found_record is None:
                break
            stop = found_record.end()
            if stop == end and not final and buf[stop - 1] != 10:  # pragma: no cover - reads end at a line's end
                break
            groups = found_record.groups()
            fields = [plain if quoted is None else quoted.replace(b'""', b'"')
                      for quoted, plain in zip(groups[::2], groups[1::2])]
            try:
                row = [field.decode("utf-8") for field in fields]
            except UnicodeDecodeError:
                return found, (base + pos, line)
            found += 1
            yield line, row, fields[text_index]
            line += buf.count(b"\n", pos, stop)
            pos = stop
        if final:
            return found, (None if pos == end else (base + pos, line))
        if end - pos > _FAST_CARRY:
            return found, (base + pos, line)
        chunk = raw.read(_FAST_CHUNK)
        if chunk and not chunk.endswith(b"\n"):
            chunk += raw.readline()
        final = not chunk
        base += pos
        buf, pos = buf[pos:] + chunk, 0


def _csv_error(exc: csv.Error, head: bytes, path: Path, line: int) -> InputError:
    """The :class:`InputError` for a ``csv.Error`` at ``line``; ``head``: the file's first bytes.

    The csv module's own words name its API ("open the file in universal-newline mode"); these
    name the file's fault and the fix."""
    reason = str(exc)
    if "new-line character seen in unquoted field" in reason:
        if b"\n" not in head and b"\r" in head:
            return InputError(
                "has CR-only line endings (Excel's \"CSV (Macintosh)\"), which would join or split rows; "
                "save it as \"CSV UTF-8 (Comma delimited)\" or convert its line endings to LF or CRLF",
                path=str(path), line=line,
            )
        return InputError(
            "has a carriage return (CR) outside quotes: mixed line endings; convert its line endings to LF or CRLF",
            path=str(path), line=line,
        )
    if "unexpected end of data" in reason:
        return InputError(
            "ends inside a quoted field (a quote is never closed: the file is truncated or a quote is unescaped); "
            "close the quote or re-export the file",
            path=str(path), line=line,
        )
    return InputError(f"is not valid CSV ({reason}); check quoting in this row (a quote inside a field is written \"\")",
                      path=str(path), line=line)


def _decoded_lines(raw: IO[bytes], path: Path, encoding: str, *, lines_before: int = 0, first: bool = True) -> Iterator[str]:
    """Lines as the csv module wants them (newline="" semantics), split at b"\\n" as the binary
    file's lines, an undecodable byte reported with its own line. Encodings that are not ASCII-compatible
    (UTF-16/32) cannot be split on b"\\n" and are decoded as a stream."""
    codec = codecs.lookup(encoding).name
    if codec.startswith(("utf-16", "utf-32")):
        return _stream_lines(raw, path, encoding)
    # A megabyte of whole lines at a time, decoded with one call and split at b"\n" only (as
    # iterating the binary file splits it: a lone CR stays inside its line for the csv module to
    # refuse), the lines chained without a generator step each. Decoding line by line cost 1 s
    # of 10,000 articles (issue 12). A chunk that does not decode is gone through line by line:
    # its good lines come out as before and the bad one's error names its line (:func:`decode`).
    return itertools.chain.from_iterable(_decoded_chunks(raw, path, encoding, lines_before, first))


def _stream_lines(raw: IO[bytes], path: Path, encoding: str) -> Iterator[str]:
    try:
        yield from io.TextIOWrapper(raw, encoding=encoding, newline="")
    except UnicodeError as exc:  # a UnicodeDecodeError, or the stream decoder's "does not start with BOM"
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise InputError(f"cannot be read as {encoding} ({reason}); {ENCODING_HINT}", path=str(path)) from None


def _decoded_chunks(raw: IO[bytes], path: Path, encoding: str, lines_before: int = 0, first: bool = True) -> Iterator[Iterable[str]]:
    """``lines_before``: the file's lines before ``raw``'s position (for an error's line number);
    ``first``: ``raw`` is at the file's start (a UTF-8 BOM there is dropped)."""
    size = _FIRST_CHUNK if first else _DECODE_CHUNK
    while chunk := raw.read(size):
        size = _DECODE_CHUNK
        if not chunk.endswith(b"\n"):
            chunk += raw.readline()
        if first:
            chunk, first = chunk.removeprefix(codecs.BOM_UTF8), False
        try:
            text = chunk.decode(encoding)
        except UnicodeDecodeError:
            yield _lines_one_by_one(chunk, lines_before, path, encoding)
        else:
            yield io.StringIO(text, newline="\n")
        lines_before += chunk.count(b"\n")


def _lines_one_by_one(chunk: bytes, lines_before: int, path: Path, encoding: str) -> Iterator[str]:
    pieces = chunk.split(b"\n")
    for index, piece in enumerate(pieces):
        line = piece + b"\n" if index < len(pieces) - 1 else piece  # the last: after the final b"\n"
        if line:
            yield decode(line, path, encoding, line_offset=lines_before + index, strip_bom=False)


def _item(row: list[str], header: list[str], text_index: int, path: Path, line: int) -> Item:
    if len(row) != len(header):
        return Item(error=InputError(
            f"has {len(row)} fields where the header has {len(header)}; check quoting in this row", path=str(path), line=line
        ))
    text = row[text_index]
    if is_blank(text):
        return Item(error=InputError(f"has an empty {header[text_index]!r} cell ({BLANK}); add the article's text or remove the row", path=str(path), line=line))
    fields = {"title": "", "publisher": "", "url": "", "published": ""}
    meta = {}
    for index, (name, value) in enumerate(zip(header, row)):
        if index == text_index:
            continue
        target = ARTICLE_COLUMNS.get(name.strip().lower())
        if target is not None and not fields[target]:
            fields[target] = value
        else:
            meta[name] = value
    if IMPORT_KEY in meta:  # the user's own column of the reserved name: said, never overwritten (fix41)
        return Item(error=InputError(reserved_clash(), path=str(path), line=line))
    meta[IMPORT_KEY] = {"file": path.name, "row": line}  # provenance apart from the user's columns (fix41, usertest29 H1)
    article = Article(id=None, text=text, title=fields["title"] or guess_title(text), publisher=fields["publisher"],
                      url=fields["url"], published=fields["published"], meta=meta)
    return Item(bundle=ArticleBundle(article), path=str(path), line=line)


# ============================================================================ export

COLUMNS = ("article_id", "article_title", "span_id", "start", "end", "text", "label", "layer", "status", "origin",
           "attrs", "speaker", "cue", "by", "created", "updated", "suggestion_start", "suggestion_end", "suggestion_label")


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _suggestion_cells(suggestion: dict | None) -> tuple[object, object, object]:
    if suggestion is None:
        return "", "", ""
    return suggestion["start"], suggestion["end"], suggestion["label"]


# ``json.dumps(attrs, ensure_ascii=False, sort_keys=True)``'s encoder, made once (json.dumps makes one per call).
_ENCODE_SORTED = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
LINKED = ("SPEAKER", "CUE")  # relations shown as the linked span's text in the quote's row
NOT_HELD = "CSV has one row per span; use jsonl"


def write(bundles: Iterable[ArticleBundle], out: IO[str], *, analyst_column: bool = False, header: bool = True) -> ExportReport:
    """One row per span; a quote's speaker and cue texts (via SPEAKER/CUE relations) beside it;
    who decided it and when (``by``, ``created``, ``updated``) and, for a machine suggestion the
    analyst changed, what the machine had suggested (``suggestion_start/end/label``; empty otherwise).

    Returns an :class:`ExportReport`: ``spans`` = rows written, ``relations`` = SPEAKER/CUE links
    shown as texts; other relations, stances, tags, articles without spans and article fields
    other than id and title are counted in ``left_out``. ``analyst_column``: a last column
    ``analyst`` says whose layer each row is ("gold" for the gold layer's rows of an ``--layer all``
    export, :attr:`ReviewedBundle.gold_name`; ``export --layer``, docs/team.md). ``header``: False
    for the rows alone (the second part of an export written by two processes,
    :mod:`annotator.formats.stream_pool`, appended after the first's)."""
    writer = csv.writer(out)
    if header:
        writer.writerow((*COLUMNS, "analyst") if analyst_column else COLUMNS)
    report = ExportReport()
    cells = _Cells()
    for bundle in bundles:
        report.articles += 1
        _count_left_out(bundle, report)
        found = span_rows(bundle)
        if found is not None:
            try:
                lines = _plain_lines(bundle, found, cells, analyst_column)
            except (TypeError, KeyError, ValueError, AttributeError):
                lines = None  # a value the rows cannot be written from: the general way says what it is
            if lines is not None:
                out.write(lines)
                report.spans += len(found)
                continue
        rows = _rows(bundle, analyst_column)
        writer.writerows(rows)  # one call per article
        report.spans += len(rows)
    return report


def _rows(bundle: ArticleBundle, analyst_column: bool) -> list[tuple]:
    """The CSV rows of one article's spans, from its records."""
    text = bundle.article.text
    by_id = {s.id: s for s in bundle.spans}
    suggestions = bundle.suggestions if isinstance(bundle, ReviewedBundle) else {}
    linked: dict[tuple[str, str], list[str]] = {}
    for rel in bundle.relations:
        linked.setdefault((rel.head, rel.label), []).append(by_id[rel.child].text_in(text))
    article_id, title = bundle.article.id, safe_cell(bundle.article.title)
    rows = []
    for span in bundle.spans:
        row = (
            span.id, span.text_in(text), span.label, span.layer, str(span.status), span.origin,
            _ENCODE_SORTED(dict(span.attrs)) if span.attrs else "{}",
            " | ".join(linked.get((span.id, "SPEAKER"), [])), " | ".join(linked.get((span.id, "CUE"), [])),
            span.by, span.created, span.updated,
        )
        # safe_cell inlined on the text cells (a call per cell was a third of the export)
        safe = [("'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v) for v in row]
        rows.append((
            article_id, title, safe[0], span.start, span.end, *safe[1:],
            *map(safe_cell, _suggestion_cells(changed_suggestion(span, suggestions.get(span.id)))),
        ) + ((safe_cell(span.analyst or getattr(bundle, "gold_name", "") or ""),) if analyst_column else ()))
    return rows


class _Cells(dict):  # type: ignore[type-arg]
    """Stored value → its cell as the csv module writes it (NULL and other empty values read as
    "", as :func:`annotator.formats.stream.fast_reader` reads them; :func:`safe_cell` applied;
    quoted when :func:`csv_field` says so), kept: a project's labels, layers, origins, names and
    times repeat across its spans."""

    LIMIT = 50_000  # entries kept before starting again (times of hand-made spans rarely repeat)

    def __missing__(self, value: Any) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        cell = self[value] = csv_field(safe_cell(value or ""))
        return cell


_QUOTED = re.compile(r'[,"\r\n]')  # what makes csv.writer (excel dialect, QUOTE_MINIMAL) quote a field


def csv_field(value: object) -> str:
    """``value`` as ``csv.writer`` (the excel dialect: ``,`` ``"`` ``\r\n``, QUOTE_MINIMAL) writes
    it as one of several fields of a row: ``str()`` of it (None: ""), in double quotes (each ``"``
    doubled) when it holds a comma, a double quote, CR or LF."""
    text = "" if value is None else value if isinstance(value, str) else str(value)
    if _QUOTED.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


_STATUS_CELL = {s.value: s.value for s in Status}


def _plain_lines(bundle: ArticleBundle, rows: list[tuple], cells: _Cells, analyst_column: bool) -> str | None:
    """The CSV lines :func:`_rows` + ``csv.writer`` make of an article, made straight from a
    :class:`~annotator.formats.stream.RowBundle`'s span ``rows`` (issue 12: no span record, no
    row tuple for the csv module to walk; a shared value's cell is made once). None when a row is
    not plain (attrs other than ``{}``, an analyst's record, a changed suggestion, a status that is
    none, a range the span record would refuse), for the caller to use :func:`_rows`."""
    if getattr(bundle, "gold_name", ""):
        return None
    suggestions = bundle.suggestions if isinstance(bundle, ReviewedBundle) else {}
    if suggestions and any(r[0] in suggestions for r in rows):
        return None
    text = bundle.article.text
    linked: dict[tuple[str, str], list[str]] = {}
    if bundle.relations:
        by_id = {r[0]: r for r in rows}
        for rel in bundle.relations:
            child = by_id[rel.child]
            linked.setdefault((rel.head, rel.label), []).append(text[child[2] : child[3]])
    head = f"{csv_field(bundle.article.id)},{csv_field(safe_cell(bundle.article.title))},"
    end_of_row = ",,,,\r\n" if analyst_column else ",,,\r\n"  # the suggestion cells (and analyst) are empty
    quoted = _QUOTED.search
    out = []
    for sid, _, start, end, label, layer, status, origin, attrs, created, updated, by, analyst in rows:
        if not 0 <= start < end or analyst or (attrs and attrs != "{}"):
            return None
        span_text = text[start:end]
        if span_text.startswith(FORMULA_START):
            span_text = "'" + span_text
        if quoted(span_text) is not None:
            span_text = '"' + span_text.replace('"', '""') + '"'
        if linked:
            speaker = csv_field(safe_cell(" | ".join(linked.get((sid, "SPEAKER"), []))))
            cue = csv_field(safe_cell(" | ".join(linked.get((sid, "CUE"), []))))
        else:
            speaker = cue = ""
        if sid.startswith(FORMULA_START):
            sid = "'" + sid
        if quoted(sid) is not None:
            sid = '"' + sid.replace('"', '""') + '"'
        out.append(f"{head}{sid},{start},{end},{span_text},{cells[label]},{cells[layer]},{_STATUS_CELL[status]},{cells[origin]},{{}},"
                   f"{speaker},{cue},{cells[by]},{cells[created]},{cells[updated]}{end_of_row}")
    return "".join(out)


def _count_left_out(bundle: ArticleBundle, report: ExportReport) -> None:
    shown = sum(1 for r in bundle.relations if r.label in LINKED)
    report.relations += shown
    if len(bundle.relations) > shown:
        report.leave_out(f"relations other than a quote's SPEAKER/CUE (shown as texts): {NOT_HELD}", len(bundle.relations) - shown)
    if bundle.stances:
        report.leave_out(f"stances: {NOT_HELD}", len(bundle.stances))
    if bundle.tags:
        report.leave_out(f"article tags: {NOT_HELD}", len(bundle.tags))
    if not span_count(bundle):
        report.leave_out(f"articles without spans (no row to put them in): {NOT_HELD}")
    a = bundle.article
    if a.meta or a.publisher or a.url or a.published or a.status != ArticleStatus.NEW:
        report.leave_out(f"articles' meta, publisher, url, published and status (rows hold the article id and title): {NOT_HELD}")
