"""One ``.spacy`` file written from deflated segments (issue 12, spacy13: ``docbin_stream._Segment``):
each part of a DocBinStream on disk is deflated as it is added, by the process that made it, and
``write_to`` copies those segments between its small keys' — the message is the one the held
(in-memory) stream writes, the stream a valid zlib stream (``zlib.decompress`` checks the Adler-32)."""

from __future__ import annotations

import io
import random
import zlib
from pathlib import Path

import pytest

from annotator.formats import docbin_stream
from annotator.formats.docbin_stream import CHUNK, DocBinStream
from annotator.formats.spacy_strings import DOCBIN_ATTRS

WIDTH = len(DOCBIN_ATTRS)


def _docs(seed: int, sizes: list[int]) -> list[tuple]:
    """Parts of documents: token rows (mostly zeros, as a DocBin's), spaces, span group and user
    data bytes of each size in ``sizes`` (the msgpack bin 8/16/32 boundaries among them)."""
    import numpy

    rng = numpy.random.default_rng(seed)
    made = []
    for n, size in enumerate(sizes):
        rows = int(rng.integers(0, 40)) if n % 5 else (CHUNK // 4) // (8 * WIDTH) + 3  # some rows take the large-piece path
        tokens = rng.integers(0, 1 << 63, size=(rows, WIDTH), dtype=numpy.uint64) * (rng.random((rows, WIDTH)) < 0.3)
        made.append((tokens, rng.random((rows, 1)) < 0.5, rng.bytes(size), rng.bytes(max(0, size - 7)),
                     {f"w{seed}-{n}", "", "x"}))
    return made


def _message(stream: DocBinStream) -> bytes:
    out = io.BytesIO()
    stream.write_to(out)
    return zlib.decompress(out.getvalue())  # raises on a wrong Adler-32 or a broken deflate stream


SIZES = [0, 1, 255, 256, 65535, 65536, 70000, 3, CHUNK // 4 + 1, CHUNK + 9, 17]


@pytest.mark.parametrize("seed", range(3))
def test_a_stream_on_disk_writes_the_held_streams_message(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    sizes = [rng.choice(SIZES) for _ in range(12)]
    docs = _docs(seed, sizes)
    with DocBinStream(None, tmp_path, in_memory=True) as held, DocBinStream(None, tmp_path) as on_disk:
        for parts in docs:
            held.add_parts(*parts)
            on_disk.add_parts(*parts)
        assert _message(on_disk) == _message(held)


@pytest.mark.parametrize("split", [0, 1, 5, 12])
def test_adopted_segments_follow_in_order(tmp_path: Path, split: int) -> None:
    """A part handed over by another stream (a second process's), an empty one included, is
    copied after this one's: the message of one stream given all documents."""
    docs = _docs(11, [random.Random(split).choice(SIZES) for _ in range(12)])
    with (DocBinStream(None, tmp_path, in_memory=True) as whole, DocBinStream(None, tmp_path) as first,
          DocBinStream(None, tmp_path, named=True) as second):
        for n, parts in enumerate(docs):
            whole.add_parts(*parts)
            (first if n < split else second).add_parts(*parts)
        first.adopt(second.handover())
        assert _message(first) == _message(whole)


def test_a_stream_adopts_only_parts_made_as_it_was(tmp_path: Path) -> None:
    with DocBinStream(None, tmp_path, in_memory=True) as held, DocBinStream(None, tmp_path, named=True) as on_disk:
        on_disk.add_parts(*_docs(1, [5])[0])
        with pytest.raises(ValueError, match="adopts only"):
            held.adopt(on_disk.handover())


def test_writing_deflates_only_the_small_keys_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The token rows, span groups and user data are deflated once, when added; write_to gives a
    compressor only the keys and small arrays (lengths, strings, cats, flags): on main it
    inflated every part and deflated the whole message again (1.5 s of 10,000 articles)."""
    docs = _docs(3, [2000] * 40)
    given = 0

    def counting(make):
        def made(*args, **kwargs):
            real = make(*args, **kwargs)

            class Counted:
                def compress(self, data):
                    nonlocal given
                    given += len(data)
                    return real.compress(data)

                def flush(self, *mode):
                    return real.flush(*mode)

            return Counted()

        return made

    with DocBinStream(None, tmp_path) as stream:
        for parts in docs:
            stream.add_parts(*parts)
        held = sum(p[0].nbytes + p[2].__len__() + p[3].__len__() for p in docs)
        monkeypatch.setattr(docbin_stream, "compressor", counting(docbin_stream.compressor))
        monkeypatch.setattr(docbin_stream, "raw_compressor", counting(docbin_stream.raw_compressor), raising=False)
        _message(stream)
    assert 0 < given < held / 20


def test_adler32_combine_is_the_adler32_of_both() -> None:
    from annotator.formats.docbin_stream import adler32_combine

    rng = random.Random(5)
    for size in (0, 1, 2, 100, 65520, 65521, 65522, 200_000, 5 * 65521 + 3):
        data = rng.randbytes(size) if size < 100_000 else bytes(size - 1) + b"\xff"
        for cut in {0, size // 3, size // 2, size}:
            first, second = data[:cut], data[cut:]
            assert adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(data)
    assert adler32_combine(1, 1, 0) == 1


def test_handed_strings_come_sorted_and_are_merged_once(tmp_path: Path) -> None:
    """The second process sorts its own strings (handover) while the first still works; the first
    merges that sorted run into its own table: each string once, in sorted order, as
    ``DocBin.to_bytes`` packs ``sorted(strings)`` (issue 12, export17)."""
    import srsly

    docs = _docs(5, [3, 70000, 1, 256])
    with DocBinStream(None, tmp_path) as first, DocBinStream(None, tmp_path, named=True) as second:
        first.add_parts(*docs[0][:4], {"b", "shared", "é", ""})
        first.add_parts(*docs[1][:4], {"a", "zz"})
        second.add_parts(*docs[2][:4], {"shared", "c", "", "Z"})
        second.add_parts(*docs[3][:4], {"é", "y"})
        handed = second.handover()
        assert handed["strings"] == ["", "Z", "c", "shared", "y", "é"]  # a sorted list, not a set
        first.sort_strings()  # before the wait, as stream_pool.export does; then more strings may come
        first.strings.add("m")
        first.adopt(handed)
        table = srsly.msgpack_loads(_message(first))["strings"]
    assert table == sorted({"", "a", "b", "c", "m", "shared", "y", "zz", "Z", "é"})


@pytest.mark.parametrize("kernel", [True, False])
def test_copy_file_appends_the_rest_of_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: bool) -> None:
    """``copy_file`` appends ``source`` from its position to ``out``'s end, through the kernel
    (``os.copy_file_range``) where it can, else through Python's buffers; ``out`` written after
    it (buffered) goes after the copy either way."""
    import errno
    import os

    calls: list[int] = []
    real = getattr(os, "copy_file_range", None)
    if kernel and real is None:
        pytest.skip("no os.copy_file_range on this platform")

    def copy_range(src: int, dst: int, count: int, offset_src: int | None = None, *rest: int) -> int:
        calls.append(count)
        if not kernel:
            raise OSError(errno.EXDEV, "cross-device")
        return real(src, dst, min(count, 3000), offset_src, *rest)  # type: ignore[misc] - several rounds

    monkeypatch.setattr(os, "copy_file_range", copy_range, raising=False)
    data = bytes(range(256)) * 40
    source_path = tmp_path / "segment"
    source_path.write_bytes(data)
    with open(source_path, "rb") as source, open(tmp_path / "out", "wb") as out:
        out.write(b"head")  # still in out's buffer
        source.seek(7)
        docbin_stream.copy_file(source, out)
        out.write(b"tail")
        assert source.tell() == len(data)
    assert (tmp_path / "out").read_bytes() == b"head" + data[7:] + b"tail"
    assert len(calls) == (4 if kernel else 1)  # 10,233 bytes by 3,000: four rounds
