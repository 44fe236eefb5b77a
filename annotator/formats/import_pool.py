"""An import's records read in a second process (issue 12, import12c).

An import is two kinds of work: per record, pure Python with no database (decoding and parsing
the file, the checks every record passes in :func:`annotator.formats.read_all`, the text's
SHA-256 for the duplicate check, its word count), and then the inserts into the project, which
must stay in this process's one write transaction (all or nothing). The first kind moves to a
child process: it runs the readers over every source, checks each record
(:func:`annotator.formats.checked_items`), counts each text's words, and sends the records here
in batches of :data:`BATCH` through a pipe, while this process inserts the batch before. The
records, their order, every error and its message are the one-process import's: only where the
work is done differs (``tests/formats/test_import_pool.py`` compares both).

* **When.** Inputs of :data:`MIN_BYTES` or more in all, two cores or more, a core free for the
  child (:func:`core_free`), and not ``ANNOTATOR_IMPORT_PROCESSES=1``;
  ``ANNOTATOR_IMPORT_PROCESSES=2`` uses the child at any size and load (tests). Below that size a
  process start costs more than it saves; without a free core the two processes take turns on
  the busy cores and the import ends later than in one (import17: 10,000 FNC-1 rows at load
  2-4 on two cores, docs/formats.md).
* **fork or spawn**: as :func:`annotator.formats.stream_pool.start_method` (fork in the one-thread
  CLI; spawn beside Qt's threads). The child never touches the project file: it reads the
  inputs only.
* **Backpressure.** A pipe: ``send`` of a batch returns once the pipe holds it, so the child
  reads at most a few batches ahead (memory stays at a few batches, whatever the file's size).
  On Linux the pipe is widened to :data:`PIPE_BYTES` (import13): with the default 64 KB a batch
  (~0.5 MB) is handed over only when this process asks for it, so each waited for the other
  batch by batch; with room for two batches the reader goes on while this process inserts.
* **Failure.** What a reader raises in the child (an :class:`~annotator.domain.errors.InputError`
  naming file and line) is raised here, as the one-process import raises it; a child that ends
  without finishing (killed, out of memory) raises :class:`ImportProcessFailed`: the import's
  transaction rolls back and nothing is written. Closing the iterator early (a cancel from the
  window, Ctrl+C or SIGTERM, an error while inserting) terminates the child at once (it reads the
  inputs only: nothing of it is kept), then waits at most :data:`STOP_WAIT` seconds a step. A child that
  is alive but sends nothing for :data:`STALL_WAIT` seconds (stuck) is stopped the same way and
  raises :class:`ImportProcessFailed` (perf12h): no wait here is without a bound.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import traceback
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.domain.words import word_count
from annotator.formats.common import Item
from annotator.formats.stream_pool import STOP_WAIT, end_child, ignore_sigint
from annotator.stop_signals import held as stops_held

if TYPE_CHECKING:
    from annotator.formats import Source
    from annotator.formats.common import ImportOptions
    from annotator.domain.errors import InputError

ENV = "ANNOTATOR_IMPORT_PROCESSES"  # "1": never a second process; "2": one at any size
MIN_BYTES = 4 << 20  # inputs smaller than this (~2,000 news articles): one process
BATCH = 200  # records per message: ~0.5 MB of news text
POLL = 0.05  # seconds between looks at the child while waiting for a batch
#: bytes the pipe from the reading process holds (Linux; capped by /proc/sys/fs/pipe-max-size,
#: 1 MB by default for a user): two batches of news text
PIPE_BYTES = 1 << 20
#: seconds the child may take for one message (a batch of BATCH records, or its end) before the
#: import gives up on it: a batch of news text takes well under a second, a spawned child's start ~1 s
STALL_WAIT = 120.0

Checked = tuple[int, "Item", "InputError | None"]  # (index of its source, the item, its error or None)


class ImportProcessFailed(AnnotatorError):
    """The process reading the import's files ended before it was done (killed, out of memory,
    or a fault outside any file's content); nothing was imported."""


def wanted(sources: Sequence[Source]) -> bool:
    """Whether to read ``sources`` in a second process (module docstring, "When")."""
    setting = os.environ.get(ENV, "")
    if setting == "1":
        return False
    if setting == "2":
        return True
    if (os.cpu_count() or 1) < 2:
        return False
    return input_bytes(sources) >= MIN_BYTES and core_free()


def input_bytes(sources: Sequence[Source]) -> int:
    """The bytes of every file ``sources`` read (a file that cannot be looked at counts 0)."""
    total = 0
    for source in sources:
        for path in (source.path, source.text_path):
            if path is not None:
                with contextlib.suppress(OSError):
                    total += path.stat().st_size
    return total


def core_free() -> bool:
    """Whether a core is free for the reading process: the processes running or ready to run
    besides this one, now (:func:`others_running`), at most the cores this process may run on
    minus two (one for this process, one for the reader). True where neither is known (Windows)
    and in a process running other threads (the window: reading there would hold the interpreter
    lock against the UI thread, whatever the load).

    import18b: the 1-minute load average (used before) says what ran over the last minute, not
    what runs now: right after other work ended it refused the reader on an idle machine (the
    quiet benchmark run: 0.55-0.85x of the raw insert in one process, 0.97-0.98x in two)."""
    import threading

    if threading.active_count() > 1:
        return True
    others = others_running()
    if others is None:
        return True
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return others <= cores - 2


def others_running(samples: int = 5, gap_s: float = 0.001) -> float | None:
    """How many other processes (threads) run or wait for a core now: the least of ``samples``
    readings ``gap_s`` apart of the running count in ``/proc/loadavg`` (its fourth field,
    ``running/total``: Linux proc(5)), less this process's own; the least so that a process that
    runs for a moment does not count. Where there is no ``/proc/loadavg``, the 1-minute load
    average (:func:`os.getloadavg`); None when neither is known."""
    import time

    least: int | None = None
    try:
        for n in range(samples):
            with open("/proc/loadavg", "rb") as fh:
                running = int(fh.read().split()[3].split(b"/")[0])
            least = running if least is None else min(least, running)
            if n + 1 < samples:
                time.sleep(gap_s)
    except (OSError, ValueError, IndexError):
        least = None
    if least is not None:
        return max(0, least - 1)  # this process is one of them
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average here (Windows): as before import17
        return None


def read(sources: Sequence[Source], options: ImportOptions, word_counts: dict[str, int], *,
         method: str | None = None) -> Iterator[Checked]:
    """Every record of ``sources`` as :func:`annotator.formats.checked_items` yields it, read in a
    child process; ``word_counts`` gets each read text's word count by its hash
    (:attr:`Article.text_hash` → :func:`annotator.domain.words.word_count`), for the insert.
    Raises what the reading raised (:class:`InputError`), or :class:`ImportProcessFailed`."""
    from annotator.formats import checked_items

    with contextlib.closing(_batches_read(sources, options, plain=False, method=method)) as batches:
        for batch in batches:
            if batch is None:  # no second process: read here
                yield from checked_items(sources, options)
                return
            for number, sent, error, words in batch:
                item = _unpacked(sent)
                if words is not None:
                    word_counts[item.bundle.article.text_hash] = words  # type: ignore[union-attr]
                yield number, item, error


def read_plain(sources: Sequence[Source], options: ImportOptions, *, method: str | None = None) -> Iterator[list[Any]]:
    """:func:`annotator.formats.plain_import.entries` of ``sources``, read in a child process, in
    the batches it sends (lists of entries; import12k: the rows arrive ready to insert). Raises
    as :func:`read`."""
    from annotator.domain.batching import batched
    from annotator.formats.plain_import import BATCH, entries

    with contextlib.closing(_batches_read(sources, options, plain=True, method=method)) as batches:
        for batch in batches:
            if batch is None:
                yield from batched(entries(sources, options), BATCH)
                return
            yield batch


def _batches_read(sources: Sequence[Source], options: ImportOptions, *, plain: bool,
                  method: str | None) -> Iterator[list[Any] | None]:
    """The batches the child (:func:`_child`) sends, in order; one None when no child could be
    started (the caller reads in this process)."""
    import multiprocessing

    from annotator.formats.stream_pool import start_method

    context = multiprocessing.get_context(method or start_method())
    receiver, sender = context.Pipe(duplex=False)
    _widen(receiver)
    # fix32: the child ends with this process, kill -9 too (annotator.parent_death); what it read
    # goes nowhere then: the import's one transaction, here, is never committed
    process = context.Process(target=_child, args=(list(sources), options, sender, plain, os.getpid()),
                              name="annotator-import-reader", daemon=True)
    try:
        with stops_held():  # until the child ignores SIGINT (ignore_sigint)
            process.start()
    except (pickle.PicklingError, AttributeError, TypeError, OSError):
        # No second process to be had (a reader that does not pickle for spawn, no processes
        # left): the records are read here, as a small import reads them.
        receiver.close()
        sender.close()
        yield None
        return
    sender.close()  # ours closed: the child's end is the only writer, so its death is an EOF here
    done = False
    try:
        while True:
            message = _next(process, receiver)
            kind = message[0]
            if kind == "batch":
                yield message[1]
            elif kind == "raised":
                raise message[1]
            elif kind == "failed":
                raise ImportProcessFailed(f"reading the files failed in the import's reading process ({message[1]}); "
                                          "nothing was imported — report this with the file, or import with "
                                          f"{ENV}=1 to read in one process")
            else:  # "done"
                done = True
                break
        process.join(STOP_WAIT)
    finally:
        receiver.close()
        if not done and process.is_alive():
            # Stopped early (Ctrl+C, SIGTERM, a cancel, an error here): the child only reads the
            # inputs, so nothing of it is kept and it is ended at once. Closing our end alone did
            # not end it (fixut15, usertest14 F6: a stop took 5 s): a forked child holds its own
            # copy of the pipe's reading end, so its send into the full pipe waited until
            # end_child's STOP_WAIT ran out instead of failing with a broken pipe.
            process.terminate()
        end_child(process)


def _widen(receiver: Any) -> None:
    """Make the pipe hold :data:`PIPE_BYTES` (module docstring, "Backpressure"), or as much as the
    system lets a user; where it cannot be set (not Linux, a limit) it stays as it is."""
    try:
        import fcntl
    except ImportError:  # Windows: no fcntl, the pipe as it is
        return
    setting = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if setting is None:
        return
    size = PIPE_BYTES
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as limit:
            size = min(size, int(limit.read()))
    with contextlib.suppress(OSError):
        fcntl.fcntl(receiver.fileno(), setting, size)


def _next(process: Any, receiver: Any) -> tuple[Any, ...]:
    """The child's next message; :class:`ImportProcessFailed` when it ended without one, or sent
    nothing for :data:`STALL_WAIT` seconds."""
    import time

    since = time.monotonic()
    while not receiver.poll(POLL):
        if not process.is_alive() and not receiver.poll(0):
            break
        if time.monotonic() - since > STALL_WAIT:
            raise ImportProcessFailed(f"the import's reading process sent nothing for {STALL_WAIT:g} s (stuck); it was "
                                      f"stopped and nothing was imported — import again, or with {ENV}=1 to read in one process")
    try:
        return receiver.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError):
        process.join(STOP_WAIT)
        raise ImportProcessFailed(f"the import's reading process ended before it was done (exit code {process.exitcode}); "
                                  "nothing was imported — import again") from None


def _child(sources: list[Source], options: ImportOptions, sender: Any, plain: bool = False, parent_pid: int | None = None) -> None:
    """In the child: :func:`checked_items` over ``sources``, sent in batches with each text's
    word count (``plain``: :func:`annotator.formats.plain_import.entries`, sent as they are);
    then ``("done",)``, or what was raised. Ends when process ``parent_pid`` dies (fix32)."""
    if parent_pid is not None:
        from annotator.parent_death import die_with_parent

        die_with_parent(parent_pid)
    from annotator.formats import checked_items
    from annotator.formats.plain_import import entries

    # Ctrl+C reaches the whole process group: the parent stops the import (its rollback) and
    # ends this process; here it would only race that with a second message.
    ignore_sigint()
    batch: list[Any] = []
    try:
        if plain:
            for entry in entries(sources, options):
                batch.append(entry)
                if len(batch) >= BATCH:
                    sender.send(("batch", batch))
                    batch = []
        else:
            for number, item, error in checked_items(sources, options):
                words = word_count(item.bundle.article.text) if error is None and item.bundle is not None else None
                batch.append((number, _packed(item), error, words))
                if len(batch) >= BATCH:
                    sender.send(("batch", batch))
                    batch = []
        if batch:
            sender.send(("batch", batch))
        sender.send(("done",))
    except (BrokenPipeError, EOFError):  # the parent stopped reading (a cancel, its own error): nothing to tell
        return
    except AnnotatorError as exc:  # bad input: raised in the parent as the one-process import raises it
        if batch:  # the records read before it, as the one-process import met them (progress, skipped)
            with contextlib.suppress(BrokenPipeError, EOFError, OSError):
                sender.send(("batch", batch))
        _send(sender, ("raised", exc), exc)
    except BaseException as exc:  # noqa: BLE001 - any other fault is reported in one line, never lost
        _send(sender, ("failed", f"{type(exc).__name__}: {exc}"), exc)
    finally:
        sender.close()


def _packed(item: Item) -> Any:
    """``item`` to send: a text alone (a CSV row, a plain JSONL line, a .txt file: a bare
    :class:`ArticleBundle` with no records and nothing but its article) as a tuple of its fields,
    the status by value; anything else as it is. Pickling the dataclasses themselves cost this
    process as much to rebuild as the reading saved (3.3–3.6 s of CPU here vs 3.2–3.7 s for the
    whole one-process import of 10,000 CSV rows, issue 12)."""
    bundle = item.bundle
    if (type(bundle) is not ArticleBundle or bundle.spans or bundle.relations or bundle.stances or bundle.tags
            or bundle.version_of or bundle.carries is not None or bundle.status_stated or bundle.status_unstated
            or bundle.layer_statuses):
        return item
    a = bundle.article
    return (item.path, item.line, item.annotated, dict(item.left_out),
            a.id, a.text, a.title, a.publisher, a.url, a.published, a.meta, a.status.value, a.text_hash, a.added, a.updated)


def _unpacked(sent: Any) -> Item:
    """The :class:`Item` :func:`_packed` sent (equal to the one read)."""
    if not isinstance(sent, tuple):
        return sent  # type: ignore[no-any-return]
    path, line, annotated, left_out, id_, text, title, publisher, url, published, meta, status, text_hash, added, updated = sent
    article = Article(id_, text, title, publisher, url, published, meta, ArticleStatus(status), text_hash, added, updated)
    return Item(bundle=ArticleBundle(article), path=path, line=line, left_out=left_out, annotated=annotated)


def _send(sender: Any, message: tuple[Any, ...], exc: BaseException) -> None:
    try:
        sender.send(message)
    except (BrokenPipeError, EOFError, OSError):
        pass
    except Exception:  # noqa: BLE001 - an exception that does not pickle: its text, in one line
        with contextlib.suppress(BrokenPipeError, EOFError, OSError):
            sender.send(("failed", "".join(traceback.format_exception_only(type(exc), exc)).strip()))
