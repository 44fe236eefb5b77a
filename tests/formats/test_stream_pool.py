"""CoNLL and DocBin-shard exports split over two processes (issue 12, export12f): the same bytes
and the same report as one process; cancel and a failing part never hang; iter_bundles' id range."""

from __future__ import annotations

import io
import os
import zlib
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.formats import conll, csvfmt, jsonl, spacy_docbin, stream_pool
from annotator.formats.common import ExportReport
from annotator.formats.layers import gold_bundles
from annotator.formats.stream import iter_bundles, statuses_for
from annotator.storage.project import Project
from tests.formats.helpers import Cancelled, cancel_after

pytestmark = pytest.mark.timeout(120)

WORDS = ["Alice Smith", "Bob", "the Senate", "Müller", "北京", "Acme Corp.", "said", "😄"]


def _bundle(n: int) -> ArticleBundle:
    """Article ``n``: entities of several kinds and statuses, a quote, a link, and now and then a
    span inside a word (a split token), an overlap, whitespace edges, a label with a space."""
    name = WORDS[n % len(WORDS)]
    text = f"Story {n}: {name} met {WORDS[(n + 3) % len(WORDS)]} today.\r\n\"It works,\" {name} said. End{n}!\n"
    spans = [
        Span(id=f"e{n}", article_id=0, start=text.index(name), end=text.index(name) + len(name), label="PERSON",
             layer="entity", attrs={"n": n} if n % 5 == 0 else {}),
        Span(id=f"q{n}", article_id=0, start=text.index('"It'), end=text.index('," ') + 2, label="QUOTE", layer="quote"),
        Span(id=f"s{n}", article_id=0, start=text.rindex(name), end=text.rindex(name) + len(name), label="SPEAKER",
             layer="speaker"),
    ]
    if n % 3 == 0:
        spans.append(Span(id=f"r{n}", article_id=0, start=text.index("met"), end=text.index("met") + 3, label="ORG",
                          layer="entity", status=Status.REJECTED))
    if n % 4 == 1:
        spans.append(Span(id=f"p{n}", article_id=0, start=text.index("Story"), end=text.index("Story") + 3, label="MISC",
                          layer="entity", status=Status.SUGGESTED))  # inside a token
    if n % 7 == 2:
        spans.append(Span(id=f"o{n}", article_id=0, start=text.index(name), end=text.index(" met") + 4, label="GROUP X",
                          layer="entity"))  # overlaps, label with a space
    if n % 6 == 5:
        spans.append(Span(id=f"w{n}", article_id=0, start=text.index(" today") , end=text.index(" today") + 6, label="DATE",
                          layer="entity"))  # whitespace edge
    relations = [Relation(id=f"l{n}", article_id=0, head=f"q{n}", child=f"s{n}", label="SPEAKER")]
    return ArticleBundle(article=Article(id=None, text=text), spans=spans, relations=relations)


def _pending_only(n: int) -> ArticleBundle:
    text = f"Pending {n}: nobody decided on Carol yet.\n"
    start = text.index("Carol")
    return ArticleBundle(article=Article(id=None, text=text),
                         spans=[Span(id=f"x{n}", article_id=0, start=start, end=start + 5, label="PERSON", layer="entity",
                                     status=Status.SUGGESTED)])


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 41 articles: three of them marked done with only pending suggestions (the
    pending-only remark), one empty of words, the rest of :func:`_bundle`."""
    path = tmp_path_factory.mktemp("pool") / "pool.db"
    project = Project.open(path)
    try:
        bundles = [_bundle(n) for n in range(37)]
        bundles[5:5] = [_pending_only(1)]
        bundles[30:30] = [_pending_only(2), ArticleBundle(article=Article(id=None, text="   \n"))]
        bundles.append(_pending_only(3))
        ids = project.import_bundles(bundles).article_ids
        for i in (5, 30, len(bundles) - 1):
            project.set_article_status(ids[i], ArticleStatus.DONE)
    finally:
        project.close()
    return path


def _one_process_conll(project: Project, statuses: list[Status] | None) -> tuple[str, ExportReport]:
    chosen, out = ExportReport(), io.StringIO()
    report = conll.write(gold_bundles(project, statuses, chosen), out)
    report.remarks.extend(chosen.remarks)
    return out.getvalue(), report


def _split_conll(project: Project, folder: Path, statuses: list[Status] | None, **kw) -> tuple[str, ExportReport]:
    split = stream_pool.plan(project, "conll", total=project.count_articles(), every_article=True, min_articles=2)
    assert split is not None and split.head and split.tail
    target = folder / "split.conll"
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        report = stream_pool.export(project, "conll", split, fh, statuses, **kw)
    return target.read_text(encoding="utf-8"), report


@pytest.mark.parametrize("status", ["accepted", "all"])
def test_split_conll_is_the_one_process_file_and_report(project_path: Path, tmp_path: Path, status: str) -> None:
    statuses = statuses_for(status)
    with Project.open(project_path, create=False) as project:
        want_text, want = _one_process_conll(project, statuses)
        seen: list[int] = []
        got_text, got = _split_conll(project, tmp_path, statuses, progress=seen.append, method="fork")
    assert got_text == want_text
    assert got == want
    assert list(got.left_out) == list(want.left_out)  # the reasons in the same order
    if status == "accepted":
        assert any("only pending" in r for r in got.remarks)  # the pending-only remark covers both parts
        assert "#" in got.remarks[-1] and got.remarks[-1] == want.remarks[-1]
    assert seen[-1] == 41  # both parts' articles
    assert seen == sorted(seen)
    assert [p.name for p in tmp_path.iterdir()] == ["split.conll"]  # the child's chunk is gone


WRITERS = {"jsonl": lambda bundles, out: jsonl.write(bundles, out), "jsonl-tokens": lambda bundles, out: jsonl.write(bundles, out, tokens=True),
           "csv": lambda bundles, out: csvfmt.write(bundles, out)}


# fork, both statuses; spawn (a spawned child imports the writers again, ~1 s) for one
@pytest.mark.parametrize(("status", "method"), [("accepted", "fork"), ("all", "fork"), ("accepted", "spawn")])
@pytest.mark.parametrize("kind", list(WRITERS))
def test_split_jsonl_and_csv_are_the_one_process_file_and_report(project_path: Path, tmp_path: Path, status: str, kind: str,
                                                                 method: str) -> None:
    """export12j: jsonl (with and without Prodigy's tokens) and csv (one header row, CRLF rows,
    quoted cells) written by two processes are the one-process file byte for byte, with its report."""
    fmt = kind.split("-")[0]
    newline = stream_pool.TEXT_FORMATS[fmt]
    statuses = statuses_for(status)
    with Project.open(project_path, create=False) as project:
        chosen = ExportReport()
        with open(tmp_path / "one", "w", encoding="utf-8", newline=newline) as fh:
            want = WRITERS[kind](gold_bundles(project, statuses, chosen), fh)
        want.remarks.extend(chosen.remarks)
        split = stream_pool.plan(project, fmt, total=project.count_articles(), every_article=True, min_articles=2)
        assert split is not None and split.head and split.tail
        seen: list[int] = []
        with open(tmp_path / "two", "w", encoding="utf-8", newline=newline) as fh:
            got = stream_pool.export(project, fmt, split, fh, statuses, progress=seen.append, method=method,
                                     tokens=kind == "jsonl-tokens")
    one, two = (tmp_path / "one").read_bytes(), (tmp_path / "two").read_bytes()
    assert two == one
    assert got == want and list(got.left_out) == list(want.left_out)
    assert one.count(b"\n") == (41 if fmt == "jsonl" else 1 + want.spans)  # one line an article / a header and a row a span
    if fmt == "csv":
        assert one.count(b"\r\n") == one.count(b"\n") and one.count(b"article_id,") == 1  # the header once
    assert seen[-1] == 41
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # the child's chunk is gone


def test_split_conll_by_a_spawned_child_is_the_same(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path, create=False) as project:
        want_text, want = _one_process_conll(project, statuses_for("accepted"))
        got_text, got = _split_conll(project, tmp_path, statuses_for("accepted"), method="spawn")
    assert (got_text, got) == (want_text, want)


def test_split_shards_are_the_one_process_shards(project_path: Path, tmp_path: Path) -> None:
    statuses = statuses_for("all")
    with Project.open(project_path, create=False) as project:
        one = tmp_path / "one"
        want = spacy_docbin.write(gold_bundles(project, statuses, ExportReport()), one, shard_size=4)
        split = stream_pool.plan(project, "spacy", total=41, every_article=True, shard_size=4, min_articles=2)
        assert split is not None
        assert (split.head, split.tail, split.first_shard) == (20, 21, 5)  # on a shard boundary, near the middle
        two = tmp_path / "two"
        with spacy_docbin.shard_folder(two) as folder:
            got = stream_pool.export(project, "spacy", split, folder, statuses, method="fork")
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) == 11
    for name in names:
        assert zlib.decompress((two / name).read_bytes()) == zlib.decompress((one / name).read_bytes()), name
    assert got == want


@pytest.mark.parametrize("status", ["accepted", "all"])
def test_split_single_spacy_file_is_the_one_process_docbin(project_path: Path, tmp_path: Path, status: str) -> None:
    """One .spacy file: the child's documents handed over (named spill files) and written after
    the parent's: the same msgpack message (one string table), the same report; nothing left."""
    statuses = statuses_for(status)
    with Project.open(project_path, create=False) as project:
        chosen = ExportReport()
        want = spacy_docbin.write(gold_bundles(project, statuses, chosen), tmp_path / "one.spacy")
        want.remarks.extend(chosen.remarks)
        split = stream_pool.plan(project, "spacy-file", total=41, every_article=True, min_articles=2)
        assert split is not None and (split.head, split.tail) == (20, 21)
        out = tmp_path / "two.spacy"
        with open(out, "wb") as fh:
            got = stream_pool.export(project, "spacy-file", split, fh, statuses, beside=out, method="fork")
    assert zlib.decompress(out.read_bytes()) == zlib.decompress((tmp_path / "one.spacy").read_bytes())
    assert got == want
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.spacy", "two.spacy"]


def test_docbin_stream_adopts_another_streams_documents(tmp_path: Path) -> None:
    """handover/adopt: the message of A's documents then B's is that of one stream given all."""
    import numpy

    from annotator.formats.docbin_stream import DocBinStream
    from annotator.formats.spacy_strings import DOCBIN_ATTRS

    width = len(DOCBIN_ATTRS)

    def docs(seed: int) -> list[tuple]:
        rng = numpy.random.default_rng(seed)
        made = []
        for n in range(int(rng.integers(1, 6))):
            rows = int(rng.integers(0, 50))
            made.append((rng.integers(0, 1 << 63, size=(rows, width), dtype=numpy.uint64) * (rng.random((rows, width)) < 0.3),
                         rng.random((rows, 1)) < 0.5, bytes(rng.integers(0, 256, size=int(rng.integers(1, 300)), dtype=numpy.uint8)),
                         bytes(rng.integers(0, 256, size=int(rng.integers(1, 300)), dtype=numpy.uint8)), {f"w{seed}-{n}", "", "x"}))
        return made

    def message(stream: DocBinStream) -> bytes:
        buffer = io.BytesIO()
        stream.write_to(buffer)
        return zlib.decompress(buffer.getvalue())

    for seed in range(5):
        first, second = docs(2 * seed), docs(2 * seed + 1)
        with DocBinStream(None, tmp_path) as whole, DocBinStream(None, tmp_path) as a, DocBinStream(None, tmp_path, named=True) as b:
            for parts in first + second:
                whole.add_parts(*parts)
            for parts in first:
                a.add_parts(*parts)
            for parts in second:
                b.add_parts(*parts)
            a.adopt(b.handover())
            assert message(a) == message(whole)


def test_cancel_stops_both_processes_and_leaves_nothing(project_path: Path, tmp_path: Path) -> None:
    check = cancel_after(3)
    with Project.open(project_path, create=False) as project:
        with pytest.raises(Cancelled):
            _split_conll(project, tmp_path, None, check=check, method="fork")
    assert [p.name for p in tmp_path.iterdir()] == ["split.conll"]  # no chunk left behind
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "annotator-export-part"]


def test_cancel_while_waiting_for_the_child_does_not_hang(project_path: Path, tmp_path: Path, monkeypatch) -> None:
    """The parent's part done, the child still working: a cancel then ends the child (asked, then
    terminated) within bounded time."""
    import time

    real = stream_pool._child

    def slow_child(*args) -> None:  # a child that does not look at the stop event for a long time
        time.sleep(60)
        real(*args)

    monkeypatch.setattr(stream_pool, "_child", slow_child)
    monkeypatch.setattr(stream_pool, "STOP_WAIT", 0.5)
    started = time.monotonic()
    done = False

    def check() -> None:
        if done:
            raise Cancelled()

    def progress(n: int) -> None:
        nonlocal done
        done = n >= 20  # the parent's half read: cancel while waiting

    with Project.open(project_path, create=False) as project:
        with pytest.raises(Cancelled):
            _split_conll(project, tmp_path, None, check=check, progress=progress, method="fork")
    assert time.monotonic() - started < 20


def test_a_failing_child_raises_in_the_parent(project_path: Path, tmp_path: Path, monkeypatch) -> None:
    with Project.open(project_path, create=False) as project:
        split = stream_pool.plan(project, "conll", total=41, every_article=True, min_articles=2)
        assert split is not None
        monkeypatch.setattr(stream_pool, "_write_part", _failing_after(stream_pool._write_part, os.getpid()))
        with pytest.raises(ValueError, match="boom in the child"):
            with open(tmp_path / "x.conll", "w", encoding="utf-8") as fh:
                stream_pool.export(project, "conll", split, fh, None, method="fork")
    assert [p.name for p in tmp_path.iterdir()] == ["x.conll"]


def _failing_after(write, parent: int):
    def wrapped(*args, **kw):
        if os.getpid() != parent:
            raise ValueError("boom in the child")
        return write(*args, **kw)

    return wrapped


def test_iter_bundles_id_range_is_those_articles(project_path: Path) -> None:
    with Project.open(project_path, create=False) as project:
        everything = list(iter_bundles(project, statuses=None))
        ids = [b.article.id for b in everything]
        cut = ids[17]
        head = list(iter_bundles(project, statuses=None, ids=(None, cut)))
        tail = list(iter_bundles(project, statuses=None, ids=(cut, None)))
        middle = list(iter_bundles(project, statuses=[Status.ACCEPTED], ids=(ids[3], ids[9])))
        accepted = list(iter_bundles(project, statuses=[Status.ACCEPTED]))
    assert [b.article.id for b in head] == ids[:17] and [b.article.id for b in tail] == ids[17:]
    assert [(b.article, b.spans, b.relations, b.tags) for b in head + tail] == [(b.article, b.spans, b.relations, b.tags)
                                                                               for b in everything]
    assert [(b.article, b.spans, b.relations) for b in middle] == [(b.article, b.spans, b.relations) for b in accepted[3:9]]


def test_plan_splits_only_when_it_pays(project_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(stream_pool.ENV, raising=False)
    with Project.open(project_path, create=False) as project:
        assert stream_pool.plan(project, "conll", total=41, every_article=True) is None  # < MIN_ARTICLES
        assert stream_pool.plan(project, "conll", total=41, every_article=False, min_articles=2) is None  # team gold
        for fmt in ("jsonl", "csv", "brat"):  # export12j; brat13b (both processes write into one folder)
            assert stream_pool.plan(project, fmt, total=41, every_article=True, min_articles=2) is not None
            assert stream_pool.plan(project, fmt, total=41, every_article=True) is None  # < MIN_ARTICLES
        assert stream_pool.plan(project, "spacy", total=41, every_article=True, min_articles=2) is None  # one shard
        split = stream_pool.plan(project, "conll", total=41, every_article=True, min_articles=2)
        assert split is not None and (split.head, split.tail) == (20, 21)
        monkeypatch.setenv(stream_pool.ENV, "1")
        assert stream_pool.plan(project, "conll", total=41, every_article=True, min_articles=2) is None
        monkeypatch.setenv(stream_pool.ENV, "2")
        assert stream_pool.plan(project, "conll", total=41, every_article=True) is not None


def test_cli_export_split_is_the_one_process_export(project_path: Path, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    outputs = {}
    for processes in ("1", "2"):
        monkeypatch.setenv(stream_pool.ENV, processes)
        conll_out, shards = tmp_path / f"c{processes}.conll", tmp_path / f"s{processes}"
        said = []
        single = tmp_path / f"f{processes}.spacy"
        texts = {"jsonl": tmp_path / f"j{processes}.jsonl", "jsonl --tokens": tmp_path / f"t{processes}.jsonl",
                 "csv": tmp_path / f"v{processes}.csv"}  # export12j
        for fmt, out in (("conll", conll_out), ("spacy", shards), ("spacy", single), *texts.items()):
            result = CliRunner().invoke(cli, ["export", str(project_path), "--format", *fmt.split(), "--output", str(out)])
            assert result.exit_code == 0, result.output
            said.append(result.output.replace(str(out), "OUT"))
        shard_messages = {p.name: zlib.decompress(p.read_bytes()) for p in shards.iterdir()}
        outputs[processes] = (conll_out.read_bytes(), shard_messages, zlib.decompress(single.read_bytes()), said,
                              [p.read_bytes() for p in texts.values()])
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"][1]) == 1  # 41 articles: one shard, not split (the CoNLL and the .spacy file were)
    assert b'"tokens": [' in outputs["1"][4][1] and b'"tokens": [' not in outputs["1"][4][0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c1.conll", "c2.conll", "f1.spacy", "f2.spacy", "j1.jsonl", "j2.jsonl",
                                                          "s1", "s2", "t1.jsonl", "t2.jsonl", "v1.csv", "v2.csv"]


def test_a_forked_docbin_export_imports_the_writer_before_the_fork(project_path: Path, tmp_path: Path) -> None:
    """docbin12: numpy, srsly's msgpack, isal and the DocBin writer are imported before a ``fork``,
    so the child inherits them (~0.3 s of its CPU at 10,000 articles); a spawned child is not
    helped by it and nothing is imported for it. Run in a fresh interpreter: this one has them."""
    import subprocess
    import sys

    script = f"""
import sys
from annotator.formats import stream_pool
from annotator.formats.stream import statuses_for
from annotator.storage.project import Project
calls = []
real = stream_pool.preload
stream_pool.preload = lambda fmt: (calls.append(fmt), real(fmt))
for name in ("srsly", "isal", "annotator.formats.spacy_docbin"):
    assert name not in sys.modules, name
with Project.open({str(project_path)!r}, create=False) as project:
    split = stream_pool.plan(project, "spacy", total=41, every_article=True, shard_size=4, min_articles=2)
    import pathlib
    for method, folder in (("spawn", "spawned"), ("fork", "forked")):
        target = pathlib.Path({str(tmp_path)!r}) / folder
        target.mkdir()
        stream_pool.export(project, "spacy", split, target, statuses_for("all"), method=method)
        print(method, calls, "srsly.msgpack" in sys.modules, "isal.isal_zlib" in sys.modules, flush=True)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    spawned, forked = done.stdout.splitlines()[-2:]
    assert spawned.startswith("spawn [] ")  # the parent's own part imported srsly and isal itself
    assert forked == "fork ['spacy'] True True"


# ---------------------------------------------------------------------------- export22: the second part appended in the kernel


@pytest.mark.parametrize("refused", [False, True])
def test_append_file_appends_the_whole_chunk_after_what_was_written(tmp_path: Path, monkeypatch, refused: bool) -> None:
    """The split's chunk goes after the text already written through the buffered file (flushed
    first), by ``os.copy_file_range`` or, where the kernel refuses it, by a plain copy; the buffered
    file's position is the end either way (later writes would go after the chunk)."""
    import errno

    chunk = tmp_path / "chunk"
    chunk.write_bytes("second part: quoted \u201cwords\u201d\n".encode() * 5000)
    calls = []
    if refused:
        def refuse(*args: object) -> int:
            calls.append(args)
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("first part\n")
        fh.flush()  # the text layer's own buffer, as the split export flushes it (append_file gets the binary file)
        fh.buffer.write(b"more of it\n")  # in the binary buffer: append_file flushes it first
        stream_pool.append_file(chunk, fh.buffer)
        assert fh.buffer.tell() == len(b"first part\nmore of it\n") + chunk.stat().st_size
        fh.write("after\n")
    assert out.read_bytes() == b"first part\nmore of it\n" + chunk.read_bytes() + b"after\n"
    assert bool(calls) == (refused and hasattr(os, "copy_file_range") is True)


def test_append_file_raises_other_errors(tmp_path: Path, monkeypatch) -> None:
    """A full disk (ENOSPC) is the export's error, not a reason to copy another way."""
    import errno

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "copy_file_range", full, raising=False)
    chunk = tmp_path / "chunk"
    chunk.write_bytes(b"x\n")
    with (tmp_path / "out").open("wb") as fh, pytest.raises(OSError) as caught:
        stream_pool.append_file(chunk, fh)
    assert caught.value.errno == errno.ENOSPC
