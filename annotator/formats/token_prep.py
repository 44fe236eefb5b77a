"""The exports' tokens made ahead of the first export, while the window idles (perf31, issue 12).

An article never pre-annotated (imported gold, a project with ``auto_preannotate`` 0, a team
project, an article marked done before its pre-annotation) has no stored tokens, so the first
CoNLL, spaCy or ``jsonl --tokens`` export runs spaCy's tokenizer over it: 5.3-7.4 s at 10,000
articles on 2 cores, against ~1 s once the tokens are stored (README, "The first export of articles
never pre-annotated is slower"). :class:`TokenPrep` stores them beforehand, in the
``article_tokens`` table of :mod:`annotator.formats.token_store` (same tokenizer, same packing, same
text-hash and tokenizer-key checks: an export reads them as it reads any other stored row).

**Who does what.** A child process (a :class:`~annotator.nlp.process_pool.ProcessPool` of one,
``spawn``, at background priority: :mod:`annotator.nlp.background_priority`) reads the articles
that need tokens through a read-only connection of its own, :data:`BATCH` at a time in id order,
tokenises them (:func:`~annotator.formats.token_store.tokenize`) and sends them back packed
(:func:`~annotator.formats.token_store.pack`). spaCy is imported and run there only: in the
window's process its import held the GIL for 60-190 ms at a time (suggest_process.py), and the
tokenizer's C loop holds it for a whole article. The thread driving it (the window's, or any
caller's) is the one writer: each batch in one ``BEGIN IMMEDIATE`` transaction through a
connection of its own (:func:`store_prepared`), so a stop, a kill or a crash leaves whole batches
or nothing; a row is written only where the article still has that text.

**Manners.** Before each batch, and again before its write, the driver waits while ``gate`` is
clear (the window clears it while the analyst works, a pre-annotation, an import or an export
runs: :mod:`annotator.ui.background_tokens`); a write gives way to a waiting write of the window
(:func:`~annotator.storage.transactions.yield_to_foreground`) and marks itself as this program's
background writer. A busy file is tried again every :data:`BUSY_RETRY_S`, never reported: the
tokens are derived data and an export tokenises whatever is still missing.

Qt-free: ``open_texts`` and ``tokenize_batch`` run in the child.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from annotator.formats.token_store import TABLE, has_table, pack, tokenize, tokenizer_key, write_rows

BATCH = 100  # articles per child task and per write transaction (~75 ms of tokenizer CPU for FNC-1 bodies)
BATCH_CHARS = 250_000  # a batch also ends once its texts reach this many code points (long articles)
WRITE_WAIT_MS = 200  # a write waits this long for another writer, then is tried again later
BUSY_RETRY_S = 0.5  # pause before a busy write is tried again
# How late a stop is seen while the gate is closed, when the stopper does not also set the gate (the
# window's does: TokenPrepThread.cancel); rare wakes, as each takes the GIL from the UI thread
GATE_POLL_S = 0.5
CRASHES_IN_A_ROW = 3  # child deaths in a row that end the run (the export tokenises as before)

# Articles whose tokens are missing or stale (another tokenizer key, another text).
_MISSING = (f"FROM articles a LEFT JOIN {TABLE} t ON t.article_id = a.id "
            "WHERE t.article_id IS NULL OR t.tokenizer != ? OR t.text_hash != a.text_hash")

# (article id, text hash, starts, flags, norms): token_store.pack()'s arrays with their article
Row = tuple[int, str, bytes, bytes, str]


def count_missing(conn: sqlite3.Connection) -> int:
    """How many articles of ``conn``'s project have no stored tokens of this tokenizer for their
    text (0 when the file has no token table: an older file, read-only)."""
    if not has_table(conn):
        return 0
    return int(conn.execute(f"SELECT count(*) {_MISSING}", [tokenizer_key()]).fetchone()[0])


def open_texts(uri: str) -> sqlite3.Connection:
    """In the child: a read-only connection to the project (``uri``: an SQLite URI, ``mode=ro``),
    and the tokenizer loaded (spaCy imported) before the first task."""
    from annotator.formats.common import tokenizer

    tokenizer()
    return sqlite3.connect(uri, uri=True)


def tokenize_batch(conn: sqlite3.Connection, task: tuple[int, int, int]) -> tuple[list[Row], int]:
    """In the child: the articles after id ``task[0]`` that need tokens, at most ``task[1]`` of
    them and about ``task[2]`` code points, tokenised and packed; returns ``(rows, last id
    looked at)`` (the last id is ``task[0]`` when none is left)."""
    after, limit, chars = task
    key = tokenizer_key()
    rows: list[Row] = []
    last, size = after, 0
    for article_id, text, text_hash in conn.execute(
            f"SELECT a.id, a.text, a.text_hash {_MISSING} AND a.id > ? ORDER BY a.id LIMIT ?", [key, after, limit]):
        rows.append((article_id, text_hash, *pack(tokenize(text))))
        last = article_id
        size += len(text)
        if size >= chars:
            break
    return rows, last


class Busy(Exception):
    """The project file's write lock stayed taken for :data:`WRITE_WAIT_MS`."""


def store_prepared(path: Path | str, rows: list[Row], *, wait_ms: int = WRITE_WAIT_MS) -> int:
    """Write ``rows`` in one transaction through a connection of its own (``mode=rw``: a missing
    file is never created); a row only where its article still has that text hash. Returns the
    rows written. Raises :class:`Busy` when the lock stayed taken ``wait_ms``, ``sqlite3.Error``
    for anything else (read-only, no such table)."""
    from annotator.storage.transactions import is_busy

    uri = Path(path).resolve().as_uri() + "?mode=rw"
    try:
        return write_rows(uri, rows, wait_ms=wait_ms, writer="token preparation for exports")
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise Busy(str(exc)) from exc
        raise


@dataclasses.dataclass(slots=True)
class Outcome:
    """How a run ended: ``written`` rows stored of ``total`` missing when it began; ``ready``:
    articles whose tokens were stored and current when it began (an earlier run's, a
    pre-annotation's); ``finished``: no article was left (False: stopped, or ``error``)."""

    written: int = 0
    total: int = 0
    ready: int = 0
    finished: bool = False
    error: str = ""


class TokenPrep:
    """One run over the project at ``path`` (see the module docstring). ``gate``: set while the
    run may go on; ``stop``: set to end it (seen at once when the gate is set with it, else within
    :data:`GATE_POLL_S`, or after the batch
    or write in hand); ``report(done, articles)`` after each stored batch (and once at the
    start): articles with current tokens of all the project's, those stored before this run
    counted as done (usertest30 L4: a run reopened at 700 of 1,885 said "0 of 1,185"). ``batch``, ``batch_chars``: :data:`BATCH`, :data:`BATCH_CHARS` when None. ``gap_s``: a pause after each batch (0: none). Not thread-safe: one thread calls :meth:`run`."""

    def __init__(self, path: Path | str, *, gate: threading.Event, stop: threading.Event,
                 report: Callable[[int, int], None] | None = None, batch: int | None = None, batch_chars: int | None = None,
                 gap_s: float = 0.0) -> None:
        self.path = Path(path)
        self.gate, self.stop = gate, stop
        self.report = report or (lambda _done, _total: None)
        self.batch = BATCH if batch is None else batch  # read when made: tests make batches small
        self.batch_chars = BATCH_CHARS if batch_chars is None else batch_chars
        self.gap_s = gap_s

    def _wait_gate(self) -> bool:
        """Wait until the gate is open; False when stopped meanwhile."""
        while not self.stop.is_set():
            if self.gate.wait(GATE_POLL_S):
                return not self.stop.is_set()
        return False

    def run(self) -> Outcome:
        from annotator.nlp.process_pool import WorkerStartError

        outcome = Outcome()
        conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            outcome.total = count_missing(conn)
            if outcome.total:
                outcome.ready = max(0, int(conn.execute("SELECT count(*) FROM articles").fetchone()[0]) - outcome.total)
        except sqlite3.Error as exc:
            outcome.error = str(exc) or type(exc).__name__
            return outcome
        finally:
            conn.close()
        if not outcome.total:
            outcome.finished = True
            return outcome
        self.report(outcome.ready, outcome.ready + outcome.total)
        try:
            self._run(outcome)
        except WorkerStartError as exc:  # spaCy missing or broken in the child: the export tokenises as before
            outcome.error = str(exc)
        return outcome

    def _run(self, outcome: Outcome) -> None:
        import multiprocessing

        from annotator.nlp.background_priority import start_at_background_priority
        from annotator.nlp.process_pool import Failed, ProcessPool

        after, crashes = 0, 0
        uri = self.path.resolve().as_uri() + "?mode=ro"
        with ProcessPool(1, init=functools.partial(start_at_background_priority, open_texts), init_args=(uri,),
                         work=tokenize_batch, context=multiprocessing.get_context("spawn")) as pool:
            while self._wait_gate():
                task = (after, self.batch, self.batch_chars)
                result = None
                for _task, result in pool.imap_unordered([task], should_cancel=self.stop.is_set):
                    pass
                if self.stop.is_set() or result is None:
                    break
                if isinstance(result, Failed):
                    crashes = crashes + 1 if result.exitcode is not None else CRASHES_IN_A_ROW
                    if crashes >= CRASHES_IN_A_ROW:
                        outcome.error = result.error.splitlines()[0] if result.error else "the token process failed"
                        break
                    continue
                crashes = 0
                rows, last = result
                if not rows:
                    outcome.finished = True
                    break
                if not self._store(rows, outcome):
                    break
                after = last
                self.report(outcome.ready + outcome.written, outcome.ready + outcome.total)
                if self.gap_s and self.stop.wait(self.gap_s):
                    break

    def _store(self, rows: list[Row], outcome: Outcome) -> bool:
        """Write one batch once the gate is open, trying a busy file again; False: stopped or failed."""
        while self._wait_gate():
            try:
                outcome.written += store_prepared(self.path, rows)
                return True
            except Busy:
                if self.stop.wait(BUSY_RETRY_S):
                    return False
            except sqlite3.Error as exc:
                outcome.error = str(exc) or type(exc).__name__
                return False
        return False
