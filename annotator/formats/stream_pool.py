"""CoNLL, jsonl, csv, DocBin and brat exports split over two processes by article-id range (issue 12).

An export is CPU-bound Python (and numpy) in one thread: reading the project
(:func:`annotator.formats.stream.iter_bundles`) and the writer's work, article by article.
Its articles are independent, so the export splits into two parts by article id: this process
writes the first part where it always writes (the CoNLL, jsonl or csv file, the shard folder)
while a second process reads the second part through its own connection (``iter_bundles(ids=...)``)
and writes it beside the output (its text chunk, a temporary file: a csv chunk without the header
row) or into the shard folder (its shards, numbered after this process's). This process then
appends the chunk: the output is byte for byte the one-process export's
(``tests/formats/test_stream_pool.py``; jsonl and csv since export12j).

* **brat** (brat13b): both processes write their articles' ``.txt``/``.ann`` files into the one
  new folder (:func:`annotator.formats.brat_write.write_split`), named beforehand for every article
  (:func:`~annotator.formats.brat_write.stems_of`); the child hands back what its articles
  declare, this process merges it and writes ``annotation.conf``, and the folder is swapped in once.
* **Where it splits.** Text formats and one ``.spacy`` file: in the middle of the articles. Shards: on a shard boundary (each
  shard holds :data:`~annotator.formats.spacy_docbin.SHARD_SIZE` documents and its own string
  table, so a shard must be one process's), the one nearest the middle. Only when every article
  is exported (a project without analysts' layers, or ``--all-articles``): then the documents are
  the articles, one each, and a shard boundary is an article count.
* **When.** :data:`MIN_ARTICLES` articles or more, two cores or more, and not
  ``ANNOTATOR_EXPORT_PROCESSES=1``; below that a second process costs more than it saves (see
  docs/formats.md, "sixth round"); ``ANNOTATOR_EXPORT_PROCESSES=2`` splits at any size.
* **One .spacy file** is one msgpack message (one string table, every document's token array,
  then every document's span groups…) in one zlib stream: the child keeps its documents' parts
  in named spill files (:class:`~annotator.formats.docbin_stream.DocBinStream` ``named``) in a
  folder beside the output and hands them over; this process adopts them after its own
  documents and writes the one message, compressed as one process would.
* **fork or spawn.** ``fork`` when this process runs one thread (the CLI; :func:`annotator.process_start.can_fork`): the child starts at
  once with numpy and the writers already imported (a ``spawn`` child imports them again, ~0.5 s of
  CPU). ``spawn`` when other threads run (the window's export job runs in a worker thread beside
  Qt's): a forked child would inherit locks those threads hold and could hang.
* **Progress and cancel.** The child publishes how many articles it has read (a shared integer);
  ``progress(n)`` gets both parts' sum. ``check()`` is called per article of this process's part
  and while it waits for the child; when it raises (a cancel, Ctrl+C) or anything else fails, the
  child is terminated at once (nothing of its part is kept) and waited for at most
  :data:`STOP_WAIT` seconds a step. Its chunk file is removed.
* **A child that dies or hangs** (perf12h). While this process writes its own part it looks at
  the child every :data:`LIVENESS_EVERY` articles: a child that ended without its message (killed,
  out of memory) fails the export at once, not after this process's whole part. While waiting for
  it, a child whose article count has not moved and that has sent nothing for
  :data:`STALL_WAIT` seconds is stopped and the export fails (:class:`ExportProcessFailed`, one
  line; the CLI exits 1, the window shows it). The output is written through a temporary file
  (:mod:`annotator.formats.atomic`), so nothing half-written is left at the export's path.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import ArticleBundle, Status
from annotator.formats.common import ExportReport
from annotator.storage.project import Project
from annotator.stop_signals import held as stops_held
from annotator.stop_signals import release_in_child

MIN_ARTICLES = 1000  # fewer: one process (the crossover measured in docs/formats.md, "sixth round")
STOP_WAIT = 5.0  # seconds a child told to stop is given before it is terminated
POLL = 0.05  # seconds between looks at the child while waiting for it
#: seconds the child may go without reading one article (nor sending its part) before the export
#: gives up on it: one news article takes milliseconds; the child's start (a spawn imports
#: numpy and the writers, ~1 s) and its last step (handing its part over) take seconds at most
STALL_WAIT = 120.0
LIVENESS_EVERY = 64  # articles of this process's part between looks at whether the child still runs
ENV = "ANNOTATOR_EXPORT_PROCESSES"  # "1": never split; "2": split whatever the size (benchmarks, tests)
#: the formats a gold export can split: text chunks appended in order (CoNLL, jsonl, csv), shards, one .spacy file
SPLIT_FORMATS = ("conll", "jsonl", "csv", "spacy", "spacy-file", "brat")
TEXT_FORMATS = {"conll": "\n", "jsonl": "\n", "csv": ""}  # a text format → the newline its file is opened with (the CLI's)


def ignore_sigint() -> None:
    """In a child (the export's part, the import's reader): ignore SIGINT, then lift the block of
    Ctrl+C and SIGTERM that :func:`annotator.stop_signals.held` started it with (SIGTERM keeps its
    default: a child sent one ends). A terminal's Ctrl+C reaches the whole process group; the
    parent stops the command and then this child, which would otherwise print a
    KeyboardInterrupt traceback of its own (fixut15: an export's child did, from its
    ``sender.close()``)."""
    import signal

    with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    release_in_child()


MMAP_THRESHOLD = 32 << 20  # bytes: a block at least this large is its own mapping (glibc's M_MMAP_THRESHOLD)
TRIM_THRESHOLD = 64 << 20  # bytes of free heap top kept for the next batch, not given back (M_TRIM_THRESHOLD)


def tune_allocator() -> bool:
    """Keep this process's freed heap for reuse: a CoNLL or DocBin batch allocates ~10 MB of
    arrays, bytes and strings of 0.3–3 MB each and frees them; glibc's dynamic thresholds then
    gave that memory back to the system after every batch and took it again, zeroed, in page
    faults for the next: ~190,000 faults and 0.6–0.7 s of system CPU per 5,000 articles, a quarter
    of a CoNLL export process's CPU (issue 12, export12h). Fixed thresholds (``mallopt``:
    :data:`MMAP_THRESHOLD`, :data:`TRIM_THRESHOLD`) keep up to 64 MB of free heap, so the
    batches reuse it. For processes that only export (the CLI, a split export's second process),
    not the window. True when set; False where there is no glibc ``mallopt`` (nothing changed)."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no glibc (musl has no mallopt)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, TRIM_THRESHOLD))


@dataclasses.dataclass(frozen=True, slots=True)
class Split:
    """The parts of a split export: this process writes the articles of ids ``< first_id``
    (``head`` of them), the child those of ids ``>= first_id`` (``tail``); the child's first shard
    is numbered ``first_shard``, each shard of ``shard_size`` documents."""

    first_id: int
    head: int
    tail: int
    first_shard: int = 0
    shard_size: int = 0


def plan(project: Project, fmt: str, *, total: int, every_article: bool, shard_size: int | None = None,
         min_articles: int = MIN_ARTICLES) -> Split | None:
    """Where to split an export of ``fmt`` (``"conll"``, ``"jsonl"``, ``"csv"``, ``"spacy"`` to a shard
    folder, ``"spacy-file"`` to one ``.spacy`` file) of the
    ``total`` articles of ``project``; None: write it in one process (too few articles, one core,
    ``ANNOTATOR_EXPORT_PROCESSES=1``, another format, or not ``every_article``)."""
    asked = os.environ.get(ENV, "").strip()
    if asked == "2":  # split whatever the size (tests, measuring the crossover)
        min_articles = 2
    if fmt not in SPLIT_FORMATS or not every_article or total < max(2, min_articles):
        return None
    if asked == "1" or (os.cpu_count() or 1) < 2:
        return None
    if fmt == "spacy":
        from annotator.formats.spacy_docbin import SHARD_SIZE

        size = shard_size or SHARD_SIZE
        shards = -(-total // size)
        if shards < 2:
            return None
        head = min(max(1, round(total / 2 / size)), shards - 1) * size  # the shard boundary nearest the middle
        first_shard = head // size
    else:
        head, first_shard, size = total // 2, 0, 0
    row = project.db.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?", [head]).fetchone()
    if row is None:
        return None
    return Split(first_id=int(row[0]), head=head, tail=total - head, first_shard=first_shard, shard_size=size)


@dataclasses.dataclass(slots=True)
class _Part:
    """What a part's process hands back: its report and the articles of ``pending_only`` it wrote."""

    report: ExportReport
    pending: list[int]
    handed: Any = None  # a single .spacy file: the child's DocBinStream.handover()


def _bundles(project: Project, statuses: list[Status] | None, ids: tuple[int | None, int | None], pending: set[int],
             found: list[int], fmt: str = "") -> Iterator[ArticleBundle]:
    """``gold_bundles`` of every article with ids in ``ids`` (the project has no analysts'
    layers, or all articles are exported): the pending-only articles noted in ``found``; read by
    :func:`annotator.formats.conll_read.iter_bundles` for ``fmt`` "conll"."""
    from annotator.formats.layers import gold_decided

    if fmt == "conll":  # only the columns CoNLL reads (conll_read; export12h)
        from annotator.formats.conll_read import iter_bundles
    else:
        from annotator.formats.stream import iter_bundles

    for bundle in iter_bundles(project, statuses=statuses, ids=ids):
        if pending and bundle.article.id in pending and gold_decided(bundle.article):
            found.append(bundle.article.id)
        yield bundle


def _write_part(fmt: str, bundles: Iterable[ArticleBundle], target: Any, first_shard: int, shard_size: int, *,
                tokens: bool = False, first: bool = True) -> ExportReport:
    """Write one part: CoNLL, jsonl (``tokens``: Prodigy's token lists) or csv (its header row
    only in the ``first`` part) into the text file ``target``, shards into the folder ``target``,
    the documents of a single ``.spacy`` file into the DocBinStream ``target``."""
    if fmt == "jsonl":
        from annotator.formats import jsonl

        return jsonl.write(bundles, target, tokens=tokens)
    if fmt == "csv":
        from annotator.formats import csvfmt

        return csvfmt.write(bundles, target, header=first)
    if fmt == "spacy-file":
        from annotator.formats import spacy_docbin

        report = ExportReport()
        spacy_docbin.fill(target, bundles, report)
        return report
    if fmt == "conll":
        from annotator.formats import conll

        return conll.write(bundles, target)
    if fmt == "brat":  # target: a brat_write.BratPart (the one new folder, every article's name, this part's conf)
        from annotator.formats import brat_write

        report = ExportReport()
        brat_write.write_files(bundles, target.folder, set(), target.conf, report, stems=target.stems)
        return report
    from annotator.formats import spacy_docbin

    report = ExportReport()
    spacy_docbin.write_shards(bundles, target, report, first_shard=first_shard, shard_size=shard_size)
    return report


def _child(project_path: str, fmt: str, statuses: list[str] | None, first_id: int, target: str, first_shard: int,
           shard_size: int, pending: set[int], counter: Any, stop: Any, sender: Any, tokens: bool = False,
           stems: dict[int, str] | None = None, parent_pid: int | None = None) -> None:
    """The child's part: the articles of ids ``>= first_id``, written to ``target``; sends a
    :class:`_Part`, or ``("error", exception)``, through ``sender``. brat: ``target`` is the
    export's new folder, ``stems`` every article's name; the part's ``handed`` is its conf.
    Ends when process ``parent_pid`` dies (fix32): what it wrote is a temporary part that only
    the parent makes part of the export."""
    if parent_pid is not None:
        from annotator.parent_death import die_with_parent

        die_with_parent(parent_pid)
    ignore_sigint()  # the parent stops this child on Ctrl+C (``stop``, then terminate)
    try:
        tune_allocator()  # this process only exports
        wanted = [Status(s) for s in statuses] if statuses is not None else None
        project = Project.open(project_path, create=False, check=False)  # the parent checked it
        try:
            found: list[int] = []

            def counted() -> Iterator[ArticleBundle]:
                for n, bundle in enumerate(_bundles(project, wanted, (first_id, None), pending, found, fmt), start=1):
                    if stop.is_set():
                        raise _Stopped()
                    yield bundle
                    counter.value = n

            handed = None
            if fmt in TEXT_FORMATS:
                with open(target, "w", encoding="utf-8", newline=TEXT_FORMATS[fmt]) as fh:
                    report = _write_part(fmt, counted(), fh, first_shard, shard_size, tokens=tokens, first=False)
            elif fmt == "spacy-file":
                from annotator.formats.docbin_stream import DocBinStream
                from annotator.formats.spacy_docbin import add

                with DocBinStream(add, Path(target), named=True) as docbin:
                    report = _write_part(fmt, counted(), docbin, first_shard, shard_size)
                    handed = docbin.handover()  # its files stay, in the parent's folder, for the parent to read
            elif fmt == "brat":
                from annotator.formats.brat_write import BratPart

                part = BratPart(Path(target), stems or {})
                report = _write_part(fmt, counted(), part, first_shard, shard_size)
                handed = part.conf
            else:
                report = _write_part(fmt, counted(), Path(target), first_shard, shard_size)
        finally:
            project.close()
        sender.send(_Part(report, found, handed))
    except _Stopped:
        _tell(sender, ("stopped", None))
    except BrokenPipeError:  # the parent is gone (killed, or stopped by SIGTERM): no one to tell
        pass
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        _tell(sender, ("error", exc))
    finally:
        sender.close()


def _tell(sender: Any, message: tuple[Any, ...]) -> None:
    """Send ``message`` to the parent; an exception that cannot be pickled as its words; nothing
    (and no traceback, usertest13 F8) when the parent is gone."""
    try:
        try:
            sender.send(message)
        except (BrokenPipeError, EOFError):
            raise
        except Exception:  # an exception that cannot be pickled: its words
            exc = message[1]
            sender.send((message[0], RuntimeError(f"{type(exc).__name__}: {exc}")))
    except (BrokenPipeError, EOFError):
        pass


class _Stopped(Exception):
    """The parent asked the child to stop."""


class ExportProcessFailed(AnnotatorError):
    """The second export process ended without its part (killed, out of memory) or made no
    progress for :data:`STALL_WAIT` seconds; nothing was written at the export's path."""


#: what the DocBin writer imports when it starts (numpy, the msgpack packer, the deflate, its
#: modules): imported by :func:`preload` before a forked child starts.
_WRITER_MODULES = {
    fmt: ("numpy", "isal.isal_zlib", "srsly.msgpack", "concurrent.futures", "annotator.formats.spacy_docbin",
          "annotator.formats.layers", "annotator.formats.stream")
    for fmt in ("spacy", "spacy-file")
}


def preload(fmt: str) -> None:
    """Import the modules ``fmt``'s writer imports when it starts, in this process, before a
    ``fork``: both processes import them anyway (this one when it writes its part), and a forked
    child that finds them imported does not pay for them again (issue 12, docbin12: numpy, srsly's
    msgpack, isal and the DocBin writer, ~0.3 s of each process's CPU, in the child's part).
    An import that fails is left to the writer, which raises it where it always did."""
    import importlib

    for name in _WRITER_MODULES.get(fmt, ()):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def needs_tokenizer(project: Project, fmt: str, tokens: bool = False, statuses: Iterable[Status] | None = None) -> bool:
    """Whether an export in ``fmt`` of ``project`` will run the tokenizer: some article it
    tokenises has no stored tokens of :func:`~annotator.formats.token_store.tokenizer_key` for
    its text (CoNLL and DocBin tokenise every article, jsonl those with spans of ``statuses``
    (None: any), or all with ``tokens``). Then :func:`export` builds the tokenizer before a ``fork`` (perf29): importing
    spaCy and ``blank("en")`` costs ~1.5-2 s of CPU, which each process of the first export of a
    just-imported project paid; the forked child inherits it. One indexed query (milliseconds);
    False where it cannot tell (the child then builds its own, as before)."""
    import sqlite3

    from annotator.formats import token_store

    if fmt not in ("conll", "jsonl", "spacy", "spacy-file"):
        return False
    wanted = [str(status) for status in statuses] if statuses is not None else None
    with_spans, args = "", [token_store.tokenizer_key()]
    if fmt == "jsonl" and not tokens:
        with_spans = " AND EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id"
        if wanted is not None:
            with_spans += f" AND s.status IN ({', '.join('?' * len(wanted))})"
            args += wanted
        with_spans += ")"
    try:
        if not token_store.has_table(project.db.conn):
            return False
        row = project.db.conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM articles a LEFT JOIN {token_store.TABLE} t ON t.article_id = a.id "
            f"WHERE (t.article_id IS NULL OR t.tokenizer != ? OR t.text_hash != a.text_hash){with_spans})", args).fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


def start_method() -> str:
    """``fork`` when this process may fork (:func:`annotator.process_start.can_fork`: the main
    thread of a process running no other thread and without Qt), else ``spawn`` (module docstring)."""
    from annotator.process_start import can_fork

    return "fork" if can_fork() else "spawn"


def export(project: Project, fmt: str, split: Split, target: Path | IO[Any], statuses: Iterable[Status] | None, *,
           beside: Path | None = None, progress: Callable[[int], None] | None = None,
           check: Callable[[], None] | None = None, method: str | None = None, tokens: bool = False) -> ExportReport:
    """Write the export of ``split`` (from :func:`plan`) in two processes: CoNLL, jsonl (``tokens``:
    with Prodigy's token lists) or csv to the open text file ``target`` (opened with the newline of
    :data:`TEXT_FORMATS`; the child's chunk is written beside it and appended), shards into the
    existing folder ``target``, a single ``.spacy`` file to the open binary file ``target`` (the
    child's documents wait in a folder beside it: :meth:`DocBinStream.handover`). ``beside``: the
    export's final path, whose leftovers a later export cleans up (:mod:`annotator.formats.atomic`:
    the child's chunk or folder is named as its temporary files); default ``target``'s name.
    Returns the report one process would have made
    (left-out reasons in the order of their first article, the pending-only remark of
    ``gold_bundles``). ``progress(n)``: articles read so far by both; ``check()``: raises to
    cancel. ``method``: the start method (default :func:`start_method`). Raises what either part
    raised; nothing of the child's is left behind."""
    import multiprocessing

    from annotator.formats.layers import only_pending_remark, pending_only

    wanted = list(statuses) if statuses is not None else None
    pending = pending_only(project, wanted)
    context = multiprocessing.get_context(method or start_method())
    counter = context.RawValue("q", 0)
    stop = context.Event()
    receiver, sender = context.Pipe(duplex=False)
    from annotator.formats.atomic import temp_path

    chunk: Path | None = None  # the child's CoNLL chunk, or its folder of DocBin parts
    if fmt in TEXT_FORMATS or fmt == "spacy-file":
        assert not isinstance(target, Path)
        chunk = temp_path(Path(beside) if beside is not None else Path(target.name))
        if fmt == "spacy-file":
            chunk.mkdir()
        child_target = str(chunk)
    elif fmt == "brat":  # a brat_write.BratPart: the child writes into the same new folder
        child_target = str(target.folder)  # type: ignore[union-attr]
    else:
        assert isinstance(target, Path)
        child_target = str(target)
    frozen = False
    if context.get_start_method() == "fork":
        preload(fmt)  # the child inherits them instead of importing them again (docbin12)
        if needs_tokenizer(project, fmt, tokens, wanted):
            from annotator.formats.common import tokenizer

            tokenizer()  # perf29: spaCy imported and blank("en") built once, for both processes
        # perf32: what is imported and built so far (spaCy's registries, numpy, the tokenizer's
        # tables) out of the collector's way in both processes: its full collections walked it
        # again and again while the export allocates (gc was 3.7% of a first jsonl export's CPU
        # in `perf`; ~3% less CPU with this). Also keeps the child's inherited pages shared.
        # Undone when the export ends (a window or a test process goes on collecting them).
        gc.freeze()
        frozen = True
    process = context.Process(
        target=_child, name="annotator-export-part",
        args=(str(project.path), fmt, [str(s) for s in wanted] if wanted is not None else None, split.first_id, child_target,
              split.first_shard, split.shard_size, pending, counter, stop, sender, tokens,
              target.stems if fmt == "brat" else None, os.getpid()),  # type: ignore[union-attr]
        daemon=True)
    try:
        with stops_held():  # until the child ignores SIGINT (ignore_sigint)
            process.start()
    except BaseException:
        if frozen:
            gc.unfreeze()
        raise
    sender.close()  # the child's end: the parent holds only the receiver
    done = 0

    def step() -> None:
        if check is not None:
            check()
        if progress is not None:
            progress(done + counter.value)
        # killed while this process writes its part: fail now, not after it. (Its pipe reads as
        # ready once it is closed, so the exit code tells: the child's own end, message sent, is 0.)
        if done % LIVENESS_EVERY == LIVENESS_EVERY - 1 and not process.is_alive() and process.exitcode != 0:
            _died(process)

    finished = False
    try:
        found: list[int] = []

        def counted() -> Iterator[ArticleBundle]:
            nonlocal done
            for bundle in _bundles(project, wanted, (None, split.first_id), pending, found, fmt):
                step()
                yield bundle
                done += 1
            step()

        if fmt == "spacy-file":
            from annotator.formats.docbin_stream import DocBinStream
            from annotator.formats.spacy_docbin import add, write_docbin

            assert chunk is not None and not isinstance(target, Path)
            with DocBinStream(add, chunk.parent) as docbin:
                report = _write_part(fmt, counted(), docbin, 0, split.shard_size)
                docbin.sort_strings()  # while the child may still run (its own come sorted)
                theirs = _received(_wait(process, receiver, step, counter))
                docbin.adopt(theirs.handed)
                write_docbin(docbin, target)
        else:
            report = _write_part(fmt, counted(), target, 0, split.shard_size, tokens=tokens)
            theirs = _received(_wait(process, receiver, step, counter))
            if fmt == "brat":
                target.conf.merge(theirs.handed)  # type: ignore[union-attr]
        if fmt in TEXT_FORMATS:
            assert chunk is not None and not isinstance(target, Path)
            target.flush()
            append_file(chunk, target.buffer)  # type: ignore[attr-defined]
        for reason, n in theirs.report.left_out.items():
            report.leave_out(reason, n)
        report.articles += theirs.report.articles
        report.spans += theirs.report.spans
        report.relations += theirs.report.relations
        report.stances += theirs.report.stances
        report.remarks.extend(theirs.report.remarks)
        if remark := only_pending_remark(found + theirs.pending, wanted):
            report.remarks.append(remark)
        if progress is not None:
            progress(split.head + split.tail)
        finished = True
        return report
    finally:
        if not finished and process.is_alive():
            # Failed or stopped (Ctrl+C, SIGTERM, a cancel): nothing of the child's is kept, so it
            # is ended at once (fixut15: a spacy export took 1-2 s to stop, its child deep in a
            # batch between two looks at ``stop``; end_child would have waited up to STOP_WAIT).
            process.terminate()
        end_child(process, stop)
        receiver.close()
        if frozen:
            gc.unfreeze()
        if chunk is not None:
            import shutil

            with contextlib.suppress(OSError):
                if chunk.is_dir():
                    shutil.rmtree(chunk)
                else:
                    chunk.unlink()


def append_file(source: Path, target: IO[bytes]) -> None:
    """Append the whole file ``source`` to the open binary file ``target`` (flushed first), by
    ``os.copy_file_range`` where the system has it: the kernel copies page cache to page cache,
    with no pass through this process's memory (a split jsonl export's 38 MB second part at 10,000
    articles: 0.17-0.19 s of CPU by ``shutil.copyfileobj`` in 1 MB pieces; docs/benchmarks.md,
    export22). Falls back to ``shutil.copyfileobj`` where the call is missing or refused (another
    file system, an old kernel, not Linux). Raises ``OSError`` as the writes would."""
    import shutil

    target.flush()
    with open(source, "rb") as part:
        copy = getattr(os, "copy_file_range", None)
        if copy is not None:
            left, copied = os.fstat(part.fileno()).st_size, False
            try:
                while left > 0:
                    done = copy(part.fileno(), target.fileno(), left)
                    if done <= 0:
                        break
                    left, copied = left - done, True
            except OSError as exc:
                import errno

                # refused (another file system, a device or pipe, an old kernel): the plain copy
                # below goes on from where the kernel stopped; anything else (a full disk) is the export's error
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF):
                    raise
            if left <= 0:
                if copied:
                    target.seek(0, os.SEEK_END)  # the buffered file's own idea of its position, after the kernel moved it
                return
        shutil.copyfileobj(part, target, 1 << 20)


def _received(theirs: Any) -> _Part:
    """The child's :class:`_Part`; raises what it raised, or that it stopped."""
    if isinstance(theirs, tuple):
        kind, exc = theirs
        if kind == "error":
            raise exc
        raise RuntimeError("the second export process stopped before it was done")
    return theirs  # type: ignore[no-any-return]


def _wait(process: Any, receiver: Any, step: Callable[[], None], counter: Any = None) -> Any:
    """The child's message, calling ``step`` (which may raise: a cancel) while it works. A child
    that ended without a word, or whose article ``counter`` has not moved for
    :data:`STALL_WAIT` seconds, raises :class:`ExportProcessFailed`."""
    import time

    seen = counter.value if counter is not None else 0
    moved = time.monotonic()
    while not receiver.poll(POLL):
        step()
        if not process.is_alive() and not receiver.poll(0):
            _died(process)
        now = time.monotonic()
        count = counter.value if counter is not None else 0
        if count != seen:
            seen, moved = count, now
        elif now - moved > STALL_WAIT:
            raise ExportProcessFailed(f"the second export process made no progress for {STALL_WAIT:g} s (stuck at "
                                      f"article {seen} of its part); it was stopped and nothing was written — export "
                                      f"again, or with {ENV}=1 to export in one process")
    try:
        return receiver.recv()
    except EOFError:
        _died(process)


def _died(process: Any) -> NoReturn:
    process.join(STOP_WAIT)  # its exit code (a bounded wait: it has ended or is ending)
    raise ExportProcessFailed(f"the second export process ended unexpectedly (exit code {process.exitcode}); "
                              f"nothing was written — export again, or with {ENV}=1 to export in one process")


def end_child(process: Any, stop: Any = None) -> None:
    """Stop child ``process`` (a ``multiprocessing`` process) if it still runs: asked first through
    event ``stop`` when there is one (else its pipe, closed by the caller, tells it), given
    :data:`STOP_WAIT` seconds, then terminated, then killed, each wait :data:`STOP_WAIT` seconds at most
    (at most three of them). Used by the export
    split and the import's reading process (``import_pool``)."""
    if process.is_alive():
        if stop is not None:
            stop.set()
        process.join(STOP_WAIT)
    if process.is_alive():
        process.terminate()
        process.join(STOP_WAIT)
    if process.is_alive():  # a child that ignores SIGTERM
        process.kill()
        process.join(STOP_WAIT)
    if process.is_alive():  # pragma: no cover - SIGKILL not taken yet (a process in uninterruptible I/O)
        return  # not waited for further: a daemon, killed; the system reaps it when this process ends
    with contextlib.suppress(ValueError):
        process.close()
