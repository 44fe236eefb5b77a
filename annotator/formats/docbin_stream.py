"""A spaCy ``DocBin`` written as a stream: the bytes of ``DocBin.to_bytes()``, in bounded memory.

``DocBin.to_bytes`` (spacy/tokens/_serialize.py; format: https://spacy.io/api/docbin) is
``zlib.compress(msgpack({"version", "attrs", "tokens", "spaces", "lengths", "strings", "cats",
"flags", "span_groups"[, "user_data"]}))``: every document's token array, span groups and user
data are held until the end and then copied twice (msgpack, zlib). At 10,000 news articles that
is a 2.5 GB peak (issue 12). :class:`DocBinStream` takes the documents one at a time, keeps
their big parts in unnamed temporary files (compressed: ~50 MB of disk at 10,000 articles), and at :meth:`DocBinStream.write_to` writes the same
msgpack message: the message is the one ``to_bytes()`` compresses, byte for byte, with memory
bounded by the string table and the per-document lists of small dicts. On disk (one ``.spacy``
file) each part is deflated as it is added, as a segment of the final zlib stream that
``write_to`` copies (:class:`_Segment`); held in memory (a shard), the parts go through one
compressor at ``write_to``.

The compressor is ISA-L's deflate (``isal``, level :data:`LEVEL`), not zlib's level 6: it writes
a zlib stream as well (``DocBin.from_bytes``' ``zlib.decompress`` reads any deflate level), 13×
faster (0.04 s instead of 0.53 s CPU for the 52 MB message of 1,000 FNC-1 articles) for a file
~30 % larger (5.6 MB instead of 4.3 MB). ``zlib`` at level 1 stands in where ``isal`` cannot be
imported. So the file is not ``to_bytes()``' bytes, but ``zlib.decompress`` of it is theirs.
No spaCy import: its constants are :mod:`annotator.formats.spacy_strings`' (spaCy is imported
only when a ``Doc`` is added).

msgpack encodings (https://github.com/msgpack/msgpack/blob/master/spec.md) written by hand are
headers only: a bin's length (bin 8/16/32) and an array's (fixarray/array 16/32); every value is
packed by ``srsly.msgpack_dumps``, as ``DocBin.to_bytes`` packs it.
"""

from __future__ import annotations

import errno
import itertools
import os
import struct
import tempfile
import zlib
from pathlib import Path
from collections.abc import Iterator
from typing import IO, Any

from annotator.formats.spacy_strings import DOCBIN_ATTRS, DOCBIN_VERSION

CHUNK = 1 << 20  # bytes read from a temporary file per zlib call
HELD_LIMIT = 64 << 20  # bytes a part of an in-memory DocBinStream holds before it goes to disk
SPILL_LEVEL = 0  # isal level of the temporary files: the fastest, and the arrays are mostly zeros
LEVEL = 2  # isal level of the DocBin (0-3; 3 is 6× slower for 1 % less)
ZLIB_LEVEL = 1  # without isal


def compressor(level: int = LEVEL) -> Any:
    """A zlib-format compressor object (``compress``/``flush``): ISA-L's at ``level`` (0-3),
    else zlib's at :data:`ZLIB_LEVEL`."""
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover - isal is a dependency; a platform without its wheel
        return zlib.compressobj(ZLIB_LEVEL)
    return isal_zlib.compressobj(level)


def decompressor() -> Any:
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover
        return zlib.decompressobj()
    return isal_zlib.decompressobj()


def raw_compressor(level: int = LEVEL) -> Any:
    """A raw-deflate compressor (no zlib header, no checksum: a piece of a zlib stream), ISA-L's at
    ``level``, else zlib's at :data:`ZLIB_LEVEL`."""
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover
        return zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15)
    return isal_zlib.compressobj(level, isal_zlib.DEFLATED, -15)


def adler32(data: Any, value: int = 1) -> int:
    """The Adler-32 of ``data`` (bytes-like) continuing from ``value`` (``zlib.adler32``'s)."""
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover
        return zlib.adler32(data, value)
    return isal_zlib.adler32(data, value)


_ADLER_BASE = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A + B from A's (``first``), B's (``second``) and B's length in bytes
    (zlib's ``adler32_combine``, which Python's zlib does not offer): B's sums start from 1, A's
    first sum adds to each of B's ``second_length`` positions."""
    rem = second_length % _ADLER_BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    high = ((first >> 16) + (second >> 16) + rem * (first & 0xFFFF) - rem) % _ADLER_BASE
    return (high << 16) | low


def zlib_head() -> bytes:
    """The two header bytes of a zlib stream of :func:`compressor` (deflate, 32 KB window)."""
    whole = compressor()
    return (whole.compress(b"") + whole.flush())[:2]


def bin_header(size: int) -> bytes:
    """msgpack's header of a ``bin`` of ``size`` bytes (bin 8, 16 or 32). Raises ``ValueError``
    over 4 GB, as msgpack does (spaCy's E870)."""
    if size < 0x100:
        return b"\xc4" + struct.pack(">B", size)
    if size < 0x10000:
        return b"\xc5" + struct.pack(">H", size)
    if size < 0x100000000:
        return b"\xc6" + struct.pack(">I", size)
    raise ValueError("bin too large for msgpack (over 4 GB)")


def array_header(count: int) -> bytes:
    """msgpack's header of an array of ``count`` items (fixarray, array 16 or 32)."""
    if count < 16:
        return struct.pack(">B", 0x90 | count)
    if count < 0x10000:
        return b"\xdc" + struct.pack(">H", count)
    return b"\xdd" + struct.pack(">I", count)


def _raw(array: Any) -> Any:
    """``array.tobytes("C")`` without the copy where it is C-contiguous (a document's rows of its
    batch's token array): its bytes as a memoryview, which keeps the array alive (issue 12,
    docbin12: 520 MB of token arrays copied once less at 10,000 articles). The caller must not
    change the array afterwards (the DocBin writer never does)."""
    if array.flags.c_contiguous and array.size:  # (memoryview cannot cast an empty array's view)
        return memoryview(array).cast("B")
    return array.tobytes("C")


class _Spill:
    """Byte strings appended to an unnamed temporary file, compressed on the way (isal level 0:
    a DocBin's token arrays are mostly zeros, so the file is ~1/10 of them: 10,000 articles
    need ~50 MB of disk, not 500); their lengths kept. Read back once, in order."""

    def __init__(self, folder: Path | None, *, in_memory: bool = False, named: bool = False) -> None:
        # in_memory: kept as they are (no compressing to disk and back) until they pass
        # HELD_LIMIT bytes; then, and from the start otherwise, in the temporary file.
        # named: the file has a name in ``folder``, so that another process can adopt it
        # (handover/adopt: a DocBin written by two processes, annotator.formats.stream_pool).
        self._folder = folder
        self._held: list[bytes] | None = [] if in_memory else None
        self._held_size = 0
        self.file: IO[bytes] | None = None
        if not in_memory:
            self.file = tempfile.NamedTemporaryFile(dir=folder, delete=False) if named else tempfile.TemporaryFile(dir=folder)
        self._compressor = compressor(SPILL_LEVEL)
        self.sizes: list[int] = []
        self._adopted: list[tuple[str, list[int]]] = []  # another spill's file and sizes, read after this one's

    def add(self, data: bytes) -> None:
        if self._held is not None:
            self._held.append(data)
            self._held_size += len(data)
            if self._held_size > HELD_LIMIT:  # long documents: memory stays bounded, as on disk
                self.file = tempfile.TemporaryFile(dir=self._folder)
                for piece in self._held:
                    self.file.write(self._compressor.compress(piece))
                self._held = None
        else:
            self.file.write(self._compressor.compress(data))  # type: ignore[union-attr]
        self.sizes.append(len(data))

    def total(self) -> int:
        return sum(self.sizes) + sum(sum(sizes) for _, sizes in self._adopted)

    def count(self) -> int:
        """How many byte strings were added (adopted ones included)."""
        return len(self.sizes) + sum(len(sizes) for _, sizes in self._adopted)

    def handover(self) -> tuple[str, list[int]]:
        """Finish a ``named`` spill for another process to :meth:`adopt`: its file's name and the
        sizes of what was added. The file is the adopter's to remove."""
        if self._held is not None or self.file is None or not hasattr(self.file, "name"):
            raise ValueError("only a named spill on disk can be handed over")
        self.file.write(self._compressor.flush())
        self.file.close()
        return str(self.file.name), list(self.sizes)

    def adopt(self, path: str, sizes: list[int]) -> None:
        """Read the byte strings of another spill's :meth:`handover` after this one's own."""
        self._adopted.append((path, list(sizes)))

    def chunks(self) -> Iterator[bytes]:
        """Everything added (then everything adopted), in pieces of at most about :data:`CHUNK` bytes."""
        if self._held is not None:
            yield from self._held
        else:
            assert self.file is not None
            self.file.write(self._compressor.flush())
            self.file.seek(0)
            yield from _inflated(self.file)
        for path, _ in self._adopted:
            with open(path, "rb") as fh:
                yield from _inflated(fh)

    def items(self) -> Iterator[bytes]:
        """Each byte string added (then each adopted), in order."""
        if self._held is not None and not self._adopted:
            yield from self._held
            return
        pieces = self.chunks()
        buffer = bytearray()
        for size in itertools.chain(self.sizes, *(sizes for _, sizes in self._adopted)):
            while len(buffer) < size:
                buffer += next(pieces)
            yield bytes(buffer[:size])
            del buffer[:size]

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        self._held = [] if self._held is not None else None


def _inflated(fh: IO[bytes]) -> Iterator[bytes]:
    """The decompressed bytes of a spill file, in pieces of at most about :data:`CHUNK` bytes."""
    inflate = decompressor()
    while piece := fh.read(CHUNK):
        data = inflate.decompress(piece, CHUNK)
        while data:
            yield data
            data = inflate.decompress(inflate.unconsumed_tail, CHUNK) if inflate.unconsumed_tail else b""
    if rest := inflate.flush():
        yield rest


class _Segment:
    """Byte strings deflated as they come into a temporary file: a piece of the DocBin's zlib
    stream, written into it as it is at the end (issue 12, spacy13).

    A :class:`_Spill` on disk is deflated at level 0 and, at :meth:`DocBinStream.write_to`,
    inflated and deflated again, all in the writing process: for one ``.spacy`` file of 10,000
    articles that was ~1.5 s of CPU after both processes' documents were made (the second
    process's parts included). Here each part is deflated once, at :data:`LEVEL`, by the process
    that made it, as a **raw deflate segment** ended by a sync flush (byte-aligned, not final):
    deflate blocks of fresh compressors may follow one another in one stream (a compressor never
    refers back to bytes it was not given), so the DocBin is its header's and its small keys'
    segments and these files' bytes, copied, then a final block and the Adler-32 of the whole
    message, combined from each segment's (:func:`adler32_combine`). ``framed``: each byte string
    is preceded by its msgpack ``bin`` header (the items of ``span_groups`` and ``user_data``).
    The message is the same; the compressed bytes differ from one stream's."""

    def __init__(self, folder: Path | None, *, framed: bool, named: bool = False) -> None:
        self.file: IO[bytes] = (tempfile.NamedTemporaryFile(dir=folder, delete=False) if named
                                else tempfile.TemporaryFile(dir=folder))
        self._framed = framed
        self._deflate = raw_compressor()
        self._waiting: list[Any] = []  # small pieces joined to about CHUNK bytes a compressor call
        self._waiting_size = 0
        self._finished = False
        self.sizes: list[int] = []  # each byte string's length (its bin header not counted)
        self.adler = 1  # Adler-32 and length of the message bytes in this segment (bin headers counted)
        self.length = 0
        self._adopted: list[tuple[str, list[int], int, int]] = []  # another segment's file, sizes, adler, length

    def add(self, data: Any) -> None:
        if self._framed:
            head = bin_header(len(data))
            self._waiting.append(head)
            self._waiting_size += len(head)
        if len(data) >= CHUNK // 4:  # a large piece: deflated as it is, not copied into a join
            self._flush()
            self._deflated(data)
        else:
            self._waiting.append(data)
            self._waiting_size += len(data)
            if self._waiting_size >= CHUNK:
                self._flush()
        self.sizes.append(len(data))

    def _flush(self) -> None:
        if self._waiting:
            self._deflated(b"".join(self._waiting))
            self._waiting.clear()
            self._waiting_size = 0

    def _deflated(self, data: Any) -> None:
        self.adler = adler32(data, self.adler)
        self.length += len(data)
        self.file.write(self._deflate.compress(data))

    def _finish(self) -> None:
        if not self._finished:
            self._flush()
            self.file.write(self._deflate.flush(zlib.Z_SYNC_FLUSH))  # byte-aligned, not the final block
            self._finished = True

    def total(self) -> int:
        return sum(self.sizes) + sum(sum(sizes) for _, sizes, _, _ in self._adopted)

    def count(self) -> int:
        """How many byte strings were added (adopted ones included)."""
        return len(self.sizes) + sum(len(sizes) for _, sizes, _, _ in self._adopted)

    def handover(self) -> tuple[str, list[int], int, int]:
        """Finish a ``named`` segment for another process to :meth:`adopt`: its file's name, the
        sizes of what was added, its Adler-32 and length. The file is the adopter's to remove."""
        if not hasattr(self.file, "name") or not isinstance(self.file.name, str):
            raise ValueError("only a named segment can be handed over")
        self._finish()
        self.file.close()
        return str(self.file.name), list(self.sizes), self.adler, self.length

    def adopt(self, path: str, sizes: list[int], adler: int, length: int) -> None:
        """Another segment's :meth:`handover`, written after this one's own."""
        self._adopted.append((path, list(sizes), adler, length))

    def copy_to(self, out: IO[bytes]) -> Iterator[tuple[int, int]]:
        """Write this segment's deflated bytes, then each adopted one's, to ``out``; yields each
        one's ``(adler32, length)`` of the message bytes it holds, in order, after writing it."""
        self._finish()
        self.file.flush()
        self.file.seek(0)
        copy_file(self.file, out)
        yield self.adler, self.length
        for path, _, adler, length in self._adopted:
            with open(path, "rb") as fh:
                copy_file(fh, out)
            yield adler, length

    def close(self) -> None:
        self.file.close()


def copy_file(source: IO[bytes], out: IO[bytes]) -> None:
    """Append what is left of the open binary file ``source`` (from its position) to the open
    binary file ``out`` (at its end).

    On Linux the kernel copies it (``os.copy_file_range``): a one-file DocBin of 10,000
    articles copies its ~54 MB of segments at the end, after both processes' documents are made,
    and through Python's buffers that was ~0.2 s of the two read/write copies (issue 12,
    export17). Where the call is missing or refused (another file system, an old kernel,
    ``out`` not a real file), :func:`shutil.copyfileobj`. Raises ``OSError`` (disk full)."""
    import shutil

    copy_range = getattr(os, "copy_file_range", None)
    try:
        source_fd, out_fd = source.fileno(), out.fileno()
    except (AttributeError, OSError, ValueError):  # io.BytesIO and other objects without a file
        copy_range = None
    if copy_range is not None:
        out.flush()
        start = source.tell()
        at = start
        size = os.fstat(source_fd).st_size
        try:
            while at < size:
                done = copy_range(source_fd, out_fd, size - at, at)  # out_fd's own position: its end
                if done == 0:
                    break
                at += done
        except OSError as exc:
            if exc.errno not in _NO_COPY_RANGE or at != start:
                raise
        else:
            source.seek(at)
            out.seek(0, os.SEEK_END)  # the buffered writer's idea of its position, after the kernel's writes
            if at >= size:
                return
    shutil.copyfileobj(source, out, CHUNK)


# copy_file_range's answers for "not here": no such call, not these files (another file system
# on older kernels, a pipe, a special file), not allowed (some container sandboxes)
_NO_COPY_RANGE = {errno.ENOSYS, errno.EXDEV, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF, errno.EPERM, errno.ENOTSUP}


class DocBinStream:
    """Collects documents as a ``DocBin(store_user_data=True)`` would and writes its bytes.

    ``add_doc(doc)``: pack one ``Doc`` (``pack(docbin, doc)`` fills a staging ``DocBin`` with
    that document's parts, e.g. :func:`annotator.formats.spacy_docbin.add`); the parts are moved
    out to temporary files in ``folder`` (default: the system's), or held in memory when
    ``in_memory`` (for a shard, whose size is bounded). Close it (or use it as a context manager)
    to remove them.
    """

    def __init__(self, pack: Any, folder: Path | None = None, *, in_memory: bool = False, named: bool = False) -> None:
        self._pack = pack
        self._staging: Any = None  # a spaCy DocBin for add_doc, made at its first call
        self.strings: set[str] = set()  # the DocBin's string table
        # adopted string tables, each sorted by the process that made it (handover): merged into
        # this one's at write_to in one pass instead of sorted again here (_table)
        self._string_runs: list[list[str]] = []
        self._sorted: list[str] = []  # sorted(self.strings) when made by sort_strings (the set only grows)
        # In memory (a shard): held, deflated at write_to (by the shard writer's thread). On disk
        # (one .spacy file, or a second process's part of it): deflated as they come (_Segment).
        self._tokens: _Spill | _Segment
        self._spaces: _Spill | _Segment
        self._span_groups: _Spill | _Segment
        self._user_data: _Spill | _Segment
        if in_memory:
            self._tokens, self._spaces, self._span_groups, self._user_data = (
                _Spill(folder, in_memory=True, named=named) for _ in range(4))
        else:
            self._tokens, self._spaces = (_Segment(folder, framed=False, named=named) for _ in range(2))
            self._span_groups, self._user_data = (_Segment(folder, framed=True, named=named) for _ in range(2))
        self._lengths: list[int] = []
        self._cats: list[Any] = []
        self._flags: list[Any] = []

    def __len__(self) -> int:
        return len(self._lengths)

    def __enter__(self) -> DocBinStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_doc(self, doc: Any) -> None:
        if self._staging is None:
            from spacy.tokens import DocBin

            self._staging = DocBin(store_user_data=True)
            if list(self._staging.attrs) != DOCBIN_ATTRS or self._staging.version != DOCBIN_VERSION:
                raise ValueError(f"spaCy's DocBin holds {self._staging.attrs} (version {self._staging.version}), "
                                 f"not {DOCBIN_ATTRS} ({DOCBIN_VERSION}): update annotator/formats/spacy_strings.py")
        staging = self._staging
        self._pack(staging, doc)
        for tokens, spaces, cats, flags, groups, user_data in zip(staging.tokens, staging.spaces, staging.cats, staging.flags,
                                                                 staging.span_groups, staging.user_data):
            if len(tokens.shape) != 2 or tokens.dtype.str != "<u8":  # what to_bytes' vstack would have to convert
                raise ValueError(f"unexpected DocBin token array {tokens.dtype}{tokens.shape}")
            self._tokens.add(tokens.tobytes("C"))
            self._spaces.add(spaces.tobytes("C"))
            self._lengths.append(len(tokens))
            self._cats.append(cats)
            self._flags.append(flags)
            self._span_groups.add(groups)
            if user_data is None:
                raise ValueError("a DocBin with store_user_data holds bytes for each document")
            self._user_data.add(user_data)
        for parts in (staging.tokens, staging.spaces, staging.cats, staging.flags, staging.span_groups, staging.user_data):
            parts.clear()
        self.strings.update(staging.strings)
        staging.strings.clear()

    def handover(self) -> dict[str, Any]:
        """What another process's DocBinStream :meth:`adopt` s: the documents added to this one
        (made with ``named``; its files are then the adopter's to remove). Picklable."""
        # The strings go sorted (a list): sorting them is the handing process's work, done while
        # the adopter still makes its own documents, not after (issue 12, export17: sorting the
        # ~200,000 strings of 10,000 articles was ~0.2 s of the one-file export's last step).
        return {"spills": [spill.handover() for spill in self._spills()], "lengths": self._lengths, "cats": self._cats,
                "flags": self._flags, "strings": sorted(self.strings)}

    def adopt(self, handed: dict[str, Any]) -> None:
        """Add, after this one's documents, those of another DocBinStream's :meth:`handover`: the
        DocBin written is the one of all of them added here in that order."""
        for spill, entry in zip(self._spills(), handed["spills"]):
            if isinstance(spill, _Segment) != (len(entry) == 4):
                raise ValueError("a DocBinStream adopts only the parts of one made as it was (both on disk, or both in memory)")
            spill.adopt(*entry)
        self._lengths.extend(handed["lengths"])
        self._cats.extend(handed["cats"])
        self._flags.extend(handed["flags"])
        strings = handed["strings"]
        if isinstance(strings, list):  # sorted, each once (handover)
            self._string_runs.append(strings)
        else:
            self.strings.update(strings)

    def sort_strings(self) -> None:
        """Sort this stream's own strings now, for :meth:`write_to` (which sorts them otherwise):
        a split export's first process does it before it waits for the second one's part."""
        self._sorted = sorted(self.strings)

    def _table(self) -> list[str]:
        """The DocBin's string table, sorted (``DocBin.to_bytes`` packs ``sorted(self.strings)``):
        this stream's strings and those of the adopted tables, each string once. An adopted table
        is already sorted, so each is merged in by one sort of two sorted runs, which Python's
        sort does in one linear pass (its "galloping" merge of runs)."""
        table = self._sorted if len(self._sorted) == len(self.strings) else sorted(self.strings)
        self._sorted = []
        known: set[str] = self.strings
        for n, run in enumerate(self._string_runs):
            fresh = [text for text in run if text not in known]
            if n + 1 < len(self._string_runs):
                known = known.union(fresh)
            table += fresh
            table.sort()
        return table

    def _spills(self) -> tuple[Any, Any, Any, Any]:
        return self._tokens, self._spaces, self._span_groups, self._user_data

    @property
    def attrs(self) -> list[int]:
        """The DocBin's token attributes (the columns of each document's token array)."""
        return list(DOCBIN_ATTRS)

    def add_parts(self, tokens: Any, spaces: Any, span_groups: bytes, user_data: bytes, strings: Any,
                  cats: Any = None, flags: Any = None) -> None:
        """Add one document from its parts, as ``DocBin.add`` would have made them from its Doc
        (:func:`annotator.formats.docbin_arrays.doc_parts`): the token array (uint64, one row a
        token, a column per :attr:`attrs`), the spaces (bool, one row a token), the span groups'
        and user data's bytes, the strings for the table, ``cats`` (default ``{}``) and ``flags``
        (default ``{"has_unknown_spaces": False}``). Raises ``ValueError`` for a token array of
        another shape or type. C-contiguous arrays are kept as views, not copied: they must not
        change until the DocBin is written."""
        if len(tokens.shape) != 2 or tokens.dtype.str != "<u8" or tokens.shape[1] != len(DOCBIN_ATTRS):
            raise ValueError(f"unexpected DocBin token array {tokens.dtype}{tokens.shape}")
        self._tokens.add(_raw(tokens))
        self._spaces.add(_raw(spaces))
        self._lengths.append(len(tokens))
        self._cats.append({} if cats is None else cats)
        self._flags.append({"has_unknown_spaces": False} if flags is None else flags)
        self._span_groups.add(span_groups)
        self._user_data.add(user_data)
        self.strings.update(strings)

    def write_to(self, out: IO[bytes]) -> None:
        """Write the DocBin of the documents added: the message ``DocBin.to_bytes()`` would
        compress, compressed by :func:`compressor`."""
        if isinstance(self._tokens, _Segment):
            self._write_segments(out)
            return
        import numpy
        import srsly

        pack = srsly.msgpack_dumps
        deflate = compressor()
        # Pieces are compressed CHUNK bytes at a time, not one call each (a shard's 2,000 span
        # groups and user data items, most under 2 KB: a compressor call each cost more than
        # their bytes). The compressed stream differs; what it decompresses to does not.
        waiting: list[bytes] = []
        size = 0

        def put(data: bytes) -> None:
            nonlocal size
            if len(data) >= CHUNK // 4:  # a large piece (a document's token rows): compressed as it is, not copied into a join
                flush()
                out.write(deflate.compress(data))
                return
            waiting.append(data)
            size += len(data)
            if size >= CHUNK:
                flush()

        def flush() -> None:
            nonlocal size
            if waiting:
                out.write(deflate.compress(b"".join(waiting)))
                waiting.clear()
                size = 0

        # The keys in to_bytes' order (a dict display: msgpack keeps insertion order).
        put(struct.pack(">B", 0x80 | 10))  # fixmap of ten keys (store_user_data)
        put(pack("version") + pack(DOCBIN_VERSION))
        put(pack("attrs") + pack(DOCBIN_ATTRS))
        for key, spill in (("tokens", self._tokens), ("spaces", self._spaces)):
            put(pack(key) + bin_header(spill.total()))
            for piece in spill.chunks():
                put(piece)
        put(pack("lengths") + pack(numpy.asarray(self._lengths, dtype="int32").tobytes("C")))
        put(pack("strings") + pack(self._table()))
        put(pack("cats") + pack(self._cats))
        put(pack("flags") + pack(self._flags))
        for key, spill in (("span_groups", self._span_groups), ("user_data", self._user_data)):
            put(pack(key) + array_header(spill.count()))
            for item in spill.items():
                put(bin_header(len(item)))
                put(item)
        flush()
        out.write(deflate.flush())

    def _write_segments(self, out: IO[bytes]) -> None:
        """:meth:`write_to` of a stream on disk: the same message, its parts' deflated segments
        copied between the small keys' (see :class:`_Segment`)."""
        import numpy
        import srsly

        pack = srsly.msgpack_dumps
        small: list[bytes] = []
        adler, length = 1, 0

        def flush() -> None:
            nonlocal adler, length
            if small:
                data = b"".join(small)
                small.clear()
                adler, length = adler32(data, adler), length + len(data)
                deflate = raw_compressor()
                out.write(deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH))

        def copy(segment: _Segment) -> None:
            nonlocal adler, length
            flush()
            for part_adler, part_length in segment.copy_to(out):
                adler, length = adler32_combine(adler, part_adler, part_length), length + part_length

        out.write(zlib_head())
        # The keys in to_bytes' order (a dict display: msgpack keeps insertion order), as write_to.
        small.append(struct.pack(">B", 0x80 | 10))
        small.append(pack("version") + pack(DOCBIN_VERSION))
        small.append(pack("attrs") + pack(DOCBIN_ATTRS))
        for key, segment in (("tokens", self._tokens), ("spaces", self._spaces)):
            assert isinstance(segment, _Segment)
            small.append(pack(key) + bin_header(segment.total()))
            copy(segment)
        small.append(pack("lengths") + pack(numpy.asarray(self._lengths, dtype="int32").tobytes("C")))
        small.append(pack("strings") + pack(self._table()))
        small.append(pack("cats") + pack(self._cats))
        small.append(pack("flags") + pack(self._flags))
        for key, segment in (("span_groups", self._span_groups), ("user_data", self._user_data)):
            assert isinstance(segment, _Segment)
            small.append(pack(key) + array_header(segment.count()))
            copy(segment)
        flush()
        out.write(raw_compressor().flush())  # an empty final block ends the deflate stream
        out.write(struct.pack(">I", adler))

    def close(self) -> None:
        for spill in (self._tokens, self._spaces, self._span_groups, self._user_data):
            spill.close()
