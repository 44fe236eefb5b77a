"""Project-wide annotation search: "all quotes by Flynn", "claims against US missile defence",
"suggestions still pending". Qt-free; the window's search panel and ``annotator search`` use it.

A :class:`SearchQuery` becomes one SQL query over ``spans`` joined with ``articles``; speaker and
claimant follow the schema's relations (QUOTE --SPEAKER--> span, CLAIM --CLAIMANT--> span), target
and polarity follow the stances that rest on the span (``stances.evidence``) or name it as their
holder (``stances.holder_span``), and the older per-claim attributes ``stance``/``stance_target``
and TARGET links. Text, speaker, claimant, target and analyst match on words, case- and
accent-insensitively (:func:`annotator.domain.text_match.has_words`, registered as an SQL
function): "flynn" finds "Michael Flynn" and "Flynn's", not "Flynnite". A speaker also matches a
quote's ``speaker_ref`` attribute and its speaker span's ``refers_to`` ("he" → "Michael Flynn").

Speed (``python -m annotator.storage.search --articles 10000``: 10,000 generated articles of
about 2,400 characters with 600 people, 40 organisations and 61 topics; 640,000 spans, 240,000
relations, 12,000 stances), on a 2-core machine shared with other jobs (load average about 5, so a
quiet machine is faster), first run / again: pending suggestions (first 1,000) 33/42 ms; claims
against US missile defence 269/283 ms; "gas treaty" in span texts 431/430 ms (2,578 hits);
claims by the defence ministry 994/572 ms (2,054 hits); "muller" in span texts 798/823 ms (5,336
hits, accents ignored, so no full-text narrowing); all quotes by Flynn 1,176/899 ms (2,599 hits;
500–600 ms in quieter runs). Text, speaker, claimant and target of ASCII words first narrow the
articles with the full-text index (a phrase query), so a rare name is fast and a common one less
so; the time left goes into reading each candidate span's text out of its article. A stored,
folded text per span would make every query an index lookup.

Known limit of that narrowing: an ASCII query does not find a word that the article splits with
a soft hyphen or a zero-width character ("Don\u00adald"); Ctrl+F in the article does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import Status
from annotator.domain.schema import LabelSchema
from annotator.domain.text_match import has_words, word_phrase, words
from annotator.domain.words import OPENING_CHARS, article_name
from annotator.storage.transactions import background_writer, is_busy, yield_to_foreground

ALL_STATUSES = "all"
STATUS_CHOICES = (Status.SUGGESTED.value, Status.ACCEPTED.value, Status.REJECTED.value, ALL_STATUSES)
SPEAKER_RELATION = "SPEAKER"  # QUOTE --SPEAKER--> who said it (resources/schema.json)
CLAIMANT_RELATION = "CLAIMANT"  # CLAIM --CLAIMANT--> who makes the claim
TARGET_RELATION = "TARGET"  # CLAIM/QUOTE --TARGET--> what it is about
_SQL_HAS_WORDS = "annotator_has_words"
SEARCH_CACHE_KIB = -262_144  # page cache while searching: 256 MiB at most (negative: KiB, SQLite's convention)
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


# ----------------------------------------------------------------------------- full-text index upkeep

FTS_TABLE = "articles_fts"
FTS_INSERT_TRIGGER = "articles_ai"  # sqlite-utils' enable_fts(create_triggers=True): one FTS insert per article row


class BulkFtsIndex:
    """Index new articles in the full-text index at the end of an import, inside the caller's transaction.

    The ``articles_ai`` trigger indexes each inserted article with its own FTS5 insert; at import
    that is most of the time (3.3 of 5.2 s for 10,000 articles, issue 12). Within the import's
    write transaction :meth:`__enter__` drops the trigger, :meth:`index` notes the articles to
    add, and :meth:`__exit__` adds them to ``articles_fts`` — one ``INSERT … SELECT`` per run of
    consecutive ids (an import's new ids are one run) — and creates the trigger again with its
    stored SQL. Once, not per batch: FTS5 writes its pending terms out as a new segment at the
    end of every statement, so 20 batches made 20 segments to merge; one statement costs about a
    fifth less CPU at 10,000 articles (docs/formats.md, "tenth round"). DDL is transactional in
    SQLite: if the import fails, nothing is indexed and the rollback restores the trigger; no
    other connection can insert an article meanwhile (the transaction holds the write lock).
    Nothing in the import searches its own new articles before the end.

    ``later=True`` (``annotator import``, issue 12 import12d): the ids are not indexed here but
    written, in the same transaction, to the project setting :data:`FTS_PENDING` as runs
    ``[[first, last], …]``; :func:`catch_up` indexes them in a transaction of its own, which
    every full-text query runs first (:func:`ensure_index`). The articles and the note of what
    is left to index commit together, so a process killed between the two steps loses nothing.
    The window catches up in a thread of its own (:func:`catch_up_in_steps`, issue 12 import12e).

    Usage (``conn`` inside ``BEGIN IMMEDIATE``)::

        with BulkFtsIndex(conn) as fts:
            ids = [insert(a) for a in batch]
            fts.index(ids)
    """

    def __init__(self, conn: sqlite3.Connection, *, later: bool = False) -> None:
        self._conn = conn
        self._sql: str | None = None
        self._ids: list[int] = []
        self._later = later

    def __enter__(self) -> BulkFtsIndex:
        if not self._conn.in_transaction:
            raise RuntimeError("BulkFtsIndex must run inside a write transaction")
        row = self._conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [FTS_INSERT_TRIGGER]).fetchone()
        if row is not None:
            self._sql = row[0]
            self._conn.execute(f'DROP TRIGGER "{FTS_INSERT_TRIGGER}"')
        return self

    def index(self, article_ids: Sequence[int]) -> None:
        """Note ``article_ids`` (rows inserted since :meth:`__enter__`) for the index; they are
        added when the block ends without an error."""
        if self._sql is not None:  # else the project keeps no full-text index to update
            self._ids.extend(article_ids)

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if self._sql is None or kind is not None:
            return  # on an error the caller's rollback brings the trigger back
        runs = list(_runs(sorted(set(self._ids))))
        self._ids = []
        if self._later:
            if runs:
                _set_pending(self._conn, [*_pending(self._conn), *([first, last] for first, last in runs)])
        else:
            for first, last in runs:
                self._conn.execute(
                    f'INSERT INTO main."{FTS_TABLE}" (rowid, "title", "text") SELECT id, title, text FROM main.articles WHERE id BETWEEN ? AND ?',
                    [first, last],
                )
        self._conn.execute(self._sql)


FTS_PENDING = "fts_pending"  # key in the project's settings table: JSON runs [[first, last], ...] of article ids not yet indexed
_SETTINGS = "project"  # the settings table (key, value): Project.get_setting


def _pending(conn: sqlite3.Connection) -> list[list[int]]:
    """The runs of article ids :data:`FTS_PENDING` names (``[]`` when none)."""
    row = conn.execute(f"SELECT value FROM {_SETTINGS} WHERE key = ?", [FTS_PENDING]).fetchone()
    return [[int(first), int(last)] for first, last in json.loads(row[0])] if row else []


def _set_pending(conn: sqlite3.Connection, runs: list[list[int]]) -> None:
    if runs:
        conn.execute(f"INSERT OR REPLACE INTO {_SETTINGS} (key, value) VALUES (?, ?)", [FTS_PENDING, json.dumps(runs)])
    else:
        conn.execute(f"DELETE FROM {_SETTINGS} WHERE key = ?", [FTS_PENDING])


def pending_articles(conn: sqlite3.Connection) -> int:
    """How many articles (at most: ids of runs, some perhaps indexed already) wait for the
    full-text index (:data:`FTS_PENDING`); 0 when the index is complete."""
    return sum(last - first + 1 for first, last in _pending(conn))


def catch_up(conn: sqlite3.Connection) -> int:
    """Add the articles :data:`FTS_PENDING` names to the full-text index and clear the note, in
    one write transaction (``BEGIN IMMEDIATE``; inside the caller's when one is open). Returns
    how many articles were indexed (0 when nothing waited: one indexed SELECT, microseconds).

    Idempotent and safe beside other writers: the note is read again under the write lock, and
    an article already in the index (its ``articles_fts_docsize`` row) is not indexed twice (a
    second FTS5 entry for a rowid would break the index). Raises ``sqlite3.OperationalError``
    for a read-only connection and when the write lock is not had within the connection's busy
    timeout (``database is locked``; :func:`ensure_index` falls back for both); on any error
    nothing is indexed and the note stays."""
    if not _pending(conn):
        return 0
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        done = _index_runs(conn, _pending(conn))
        _set_pending(conn, [])
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return done


#: articles per transaction when a query catches the index up (ensure_index): ~0.2–0.4 s of SQLite's
#: C code each at load, the longest a Ctrl+C waits (was the whole catch-up, 2.9 s), five commits at 10,000
STOPPABLE_STEP = 2000
#: most articles per transaction of catch_up_in_steps; the time budget usually stops a step earlier
CATCH_UP_STEP = 1000
#: fix28 (usertest26 M1): seconds of write lock a step of catch_up_in_steps aims at. Fixed steps of
#: 250 articles held the lock for whole steps long enough under load (2 cores, load 2–7) that the
#: window's own writes (pre-annotation's store, 0.25 s wait) failed as "busy, another program"
CATCH_UP_BUDGET_S = 0.04
CATCH_UP_FIRST_STEP = 50  # articles in the first step, before a rate is measured
#: articles a step takes however slow the last one was (~10 ms at 0.2 ms an article, FNC-1 bodies at
#: load 4): a stall that is not the step's size (another thread holding the GIL, the disk) must not
#: shrink the steps until each moves a few articles (seen: 10 articles a step, 200 ms each)
CATCH_UP_MIN_STEP = 50


def next_step_size(last_count: int, last_seconds: float, *, budget_s: float, most: int) -> int:
    """Articles for the next step of :func:`catch_up_in_steps`: what fits ``budget_s`` seconds at the
    rate the last step had (``last_count`` articles in ``last_seconds``), aiming at 3/4 of it, at most
    twice the last count and ``most``, at least 1."""
    if last_seconds <= 0:
        return max(1, min(most, last_count * 2))
    fits = int(last_count * 0.75 * budget_s / last_seconds)
    return max(1, min(most, last_count * 2, fits))


def catch_up_in_steps(
    conn: sqlite3.Connection, *, step: int | None = None,
    report: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
    budget_s: float = CATCH_UP_BUDGET_S, most: int = CATCH_UP_STEP, clock: Callable[[], float] = time.perf_counter,
) -> tuple[int, bool]:
    """:func:`catch_up` in transactions of ``step`` article ids each (the last fewer), for the window's
    worker thread (issue 12, import12e): another connection's write (an edit in the window)
    waits for one step at most, not for the whole catch-up, and a cancel takes effect between
    steps. Each step indexes the lowest pending ids and writes the note of the rest in the same
    transaction, so a cancelled or killed catch-up leaves a note naming exactly what is not yet
    indexed and loses nothing. ``report(done, total)`` after each step (article ids, counted
    from the note as it was at the start); ``cancelled()`` is asked before each step.

    fix28 (usertest26 M1): with ``step`` None (the window's) each step is sized to hold the write
    lock about ``budget_s`` seconds: the first takes :data:`CATCH_UP_FIRST_STEP` articles, each next
    one what fits the budget at the last step's rate of indexing, measured with ``clock()`` (seconds)
    around the index's insert (not the commit's fixed cost: counted in, it shrank the steps until
    the commits were all the work), at least :data:`CATCH_UP_MIN_STEP` and at most ``most``
    (:func:`next_step_size`). Every step runs as this program's background writer
    (:func:`~annotator.storage.transactions.background_writer`) and, before it starts, gives way
    to a write of this program waiting for the lock
    (:func:`~annotator.storage.transactions.yield_to_foreground`).

    Returns ``(articles indexed, whether it stopped because cancelled)``. Raises
    ``sqlite3.OperationalError`` as :func:`catch_up` does (read-only, locked past the busy
    timeout); the step that failed is rolled back, the earlier ones stay committed.
    ``conn`` must be outside a transaction (each step is its own ``BEGIN IMMEDIATE``)."""
    if conn.in_transaction:
        raise RuntimeError("catch_up_in_steps runs its own transactions; commit the caller's first")
    if step is not None and step < 1:
        raise ValueError(f"step {step} must be 1 or more")
    if budget_s <= 0 or most < 1:
        raise ValueError(f"budget {budget_s} s and most {most} must be above 0")
    total = pending_articles(conn)
    indexed = seen = 0
    size = step if step is not None else min(most, CATCH_UP_FIRST_STEP)
    while True:
        if cancelled is not None and cancelled():
            return indexed, True
        yield_to_foreground()
        with background_writer("full-text index catch-up"):
            conn.execute("BEGIN IMMEDIATE")
            try:
                runs = _pending(conn)  # read again under the write lock: another process may have caught up
                if not runs:
                    conn.execute("COMMIT")
                    return indexed, False
                now, rest = _split_runs(runs, size)
                started = clock()
                indexed += _index_runs(conn, now)
                took = clock() - started  # the part that grows with the step (not the commit's fixed cost)
                _set_pending(conn, rest)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        count = sum(last - first + 1 for first, last in now)
        seen += count
        if step is None:
            size = max(min(most, CATCH_UP_MIN_STEP), next_step_size(count, took, budget_s=budget_s, most=most))
        if report is not None:
            report(min(seen, total), total)


def catch_up_article(conn: sqlite3.Connection, article_id: int) -> bool:
    """Index the one article ``article_id`` when the note :data:`FTS_PENDING` names it, and take
    it out of the note, inside the caller's write transaction (:meth:`Project._write` before an
    article row changes: the index's update and delete triggers need its old terms there).
    Returns whether it was indexed. One article costs what :func:`catch_up` costs per article
    (~0.1 ms), where catching up all of an import froze the window (1.2–1.7 s at 10,000 articles).
    Already indexed (a worker got there first): only the note changes."""
    runs = _pending(conn)
    if not any(first <= article_id <= last for first, last in runs):
        return False
    _index_runs(conn, [[article_id, article_id]])
    rest: list[list[int]] = []
    for first, last in runs:
        if first <= article_id <= last:
            rest.extend(r for r in ([first, article_id - 1], [article_id + 1, last]) if r[0] <= r[1])
        else:
            rest.append([first, last])
    _set_pending(conn, rest)
    return True


def _split_runs(runs: list[list[int]], count: int) -> tuple[list[list[int]], list[list[int]]]:
    """The first ``count`` ids of ``runs`` (in their order) and the rest, both as runs."""
    now: list[list[int]] = []
    rest: list[list[int]] = []
    left = count
    for first, last in runs:
        if left <= 0:
            rest.append([first, last])
        elif last - first + 1 <= left:
            now.append([first, last])
            left -= last - first + 1
        else:
            now.append([first, first + left - 1])
            rest.append([first + left, last])
            left = 0
    return now, rest


def _index_runs(conn: sqlite3.Connection, runs: list[list[int]]) -> int:
    """Add the articles of ``runs`` not already in the index (their ``_docsize`` row: a second
    FTS5 entry for a rowid would break the index); returns how many were added."""
    done = 0
    has_sizes = conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", [f"{FTS_TABLE}_docsize"]).fetchone() is not None
    for first, last in runs:
        skip = f' AND id NOT IN (SELECT id FROM main."{FTS_TABLE}_docsize" WHERE id BETWEEN ? AND ?)' if has_sizes else ""
        done += conn.execute(
            # main.: not a connection's own index in its temporary database (_index_in_memory)
            f'INSERT INTO main."{FTS_TABLE}" (rowid, "title", "text") SELECT id, title, text FROM main.articles '
            f"WHERE id BETWEEN ? AND ?{skip}",
            [first, last, *([first, last] if has_sizes else [])],
        ).rowcount
    return done


INDEX_COPY = "fts_copy"  # schema name of a full-text index built by another thread and attached (attach_index_copy)


def ensure_index(conn: sqlite3.Connection) -> str:
    """Make the full-text index answer for every article before a query reads it: run
    :func:`catch_up` when an import left articles to index (``annotator import``), in steps
    (:func:`catch_up_in_steps`) when ``conn`` is outside a transaction, so that a Ctrl+C or
    SIGTERM waits for one step at most. On a
    connection that cannot write now (a project opened read-only, or another program holding
    the write lock past the busy timeout) the index is built afresh for this connection alone,
    in its temporary database (``temp.articles_fts``, contentless, the same tokenizer; ~1.5 s of
    CPU at 10,000 articles, once per connection; SQLite resolves the
    unqualified name to it first) and dropped once the project's own index is complete: a
    search never silently misses the articles not yet indexed. A copy another thread built
    (:func:`build_index_copy`) and attached to ``conn`` (:func:`attach_index_copy`: the window,
    which must not spend those 1.5 s on its UI thread) is used instead of building one.
    Cheap when nothing waits (two indexed SELECTs).

    Returns the name of the full-text table the caller's query must read from:
    ``"articles_fts"`` (the project's, or this connection's temporary one, which SQLite finds
    first), or ``'fts_copy."articles_fts"'`` while an attached copy stands in for it (an
    attached database is looked up after ``main``, so the name must be qualified; the MATCH
    column keeps the bare name: ``SELECT rowid FROM <table> WHERE articles_fts MATCH ?``)."""
    copy = _has_copy(conn)
    if _pending(conn):
        if copy:
            return f'{INDEX_COPY}."{FTS_TABLE}"'
        try:
            if conn.in_transaction:
                catch_up(conn)
            else:
                # In steps (a transaction each) outside the caller's transaction (fixut15,
                # usertest14 F6): one INSERT … SELECT over 10,000 articles is seconds in SQLite's C
                # code, where a Ctrl+C or SIGTERM waits (`annotator search` took 2.9 s to stop);
                # between steps it acts, and the steps done stay indexed.
                catch_up_in_steps(conn, step=STOPPABLE_STEP)
        except sqlite3.OperationalError as exc:
            if not (is_busy(exc) or _is_read_only(exc)):
                raise
            _index_in_memory(conn)
            return FTS_TABLE
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone():
        conn.execute(f'DROP TABLE temp."{FTS_TABLE}"')  # the project's own index is complete again
    if copy and not conn.in_transaction:
        conn.execute(f"DETACH DATABASE {INDEX_COPY}")  # likewise (frees its memory)
    return FTS_TABLE


def _has_copy(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM pragma_database_list WHERE name = ?", [INDEX_COPY]).fetchone() is not None


def has_index_copy(conn: sqlite3.Connection) -> bool:
    """Whether a copy of the full-text index (:func:`build_index_copy`) is attached to ``conn``."""
    return _has_copy(conn)


def build_index_copy(source_uri: str, *, cancelled: Callable[[], bool] | None = None) -> tuple[sqlite3.Connection, str]:
    """Every article of the project at ``source_uri`` (an SQLite URI, e.g. ``file:///p.db?mode=ro``)
    indexed in a new shared in-memory database, for a thread that is not the window's (issue 12,
    perf12f): what :func:`ensure_index` builds in a read-only connection's temporary database,
    ~1.5 s of CPU at 10,000 articles, which froze the window's UI thread on its first filter.

    Returns ``(connection, uri)``: the memory database lives while a connection to it is open, so
    keep ``connection`` open until :func:`attach_index_copy` has attached ``uri`` to the
    connection that queries, then close it (it is made with ``check_same_thread=False`` for that).
    ``cancelled()`` is asked before the articles are indexed: yes raises :class:`InterruptedError`.
    Raises ``sqlite3.Error`` when the project cannot be read. Nothing is left open on an error."""
    import uuid

    uri = f"file:annotator-fts-{uuid.uuid4().hex}?mode=memory&cache=shared"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("ATTACH DATABASE ? AS src", [source_uri])
        conn.execute("PRAGMA busy_timeout = 5000")
        sql = conn.execute("SELECT sql FROM src.sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone()[0]
        conn.execute(f'CREATE VIRTUAL TABLE main."{FTS_TABLE}" USING fts5("title", "text", content=\'\'{_tokenize_option(sql)})')
        if cancelled is not None and cancelled():
            raise InterruptedError("the full-text index copy was cancelled")
        conn.execute(f'INSERT INTO main."{FTS_TABLE}" (rowid, "title", "text") SELECT id, title, text FROM src.articles')
        conn.execute("DETACH DATABASE src")
    except BaseException:
        conn.close()
        raise
    return conn, uri


def attach_index_copy(conn: sqlite3.Connection, uri: str) -> None:
    """Attach the copy :func:`build_index_copy` made (``uri``) to ``conn`` (a connection opened
    with ``uri=True``, as a read-only project's is), where :func:`ensure_index` finds it. A
    millisecond: no article is read. Raises ``sqlite3.Error`` when it cannot be attached."""
    if not _has_copy(conn):
        conn.execute(f"ATTACH DATABASE ? AS {INDEX_COPY}", [uri])


def _tokenize_option(sql: str) -> str:
    """``, tokenize=…`` of the ``CREATE VIRTUAL TABLE`` statement ``sql`` ("" when it has none)."""
    tokenize = re.search(r"tokenize\s*=\s*('(?:[^']|'')*'|\"[^\"]*\")", sql)
    return f", tokenize={tokenize.group(1)}" if tokenize else ""


def _is_read_only(exc: sqlite3.OperationalError) -> bool:
    """Whether ``exc`` is SQLite's 'attempt to write a readonly database' (``SQLITE_READONLY`` and
    its extended codes); the busy and locked cases are :func:`annotator.storage.transactions.is_busy`'s."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_READONLY
    said = str(exc).lower()
    return "readonly" in said or "read-only" in said


def _index_in_memory(conn: sqlite3.Connection) -> None:
    """``temp.articles_fts``: every article indexed for this connection only (:func:`ensure_index`);
    kept while the project's index lacks articles (a later import elsewhere is not in it)."""
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone():
        return
    sql = conn.execute("SELECT sql FROM main.sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone()[0]
    conn.execute(f'CREATE VIRTUAL TABLE temp."{FTS_TABLE}" USING fts5("title", "text", content=\'\'{_tokenize_option(sql)})')
    conn.execute(f'INSERT INTO temp."{FTS_TABLE}" (rowid, "title", "text") SELECT id, title, text FROM main.articles')


def _runs(ids: Sequence[int]) -> Iterator[tuple[int, int]]:
    """``(first, last)`` of each run of consecutive integers in the sorted ``ids``:
    ``[1, 2, 3, 7, 9, 10]`` → ``(1, 3), (7, 7), (9, 10)``."""
    at = 0
    while at < len(ids):
        end = at
        while end + 1 < len(ids) and ids[end + 1] == ids[end] + 1:
            end += 1
        yield ids[at], ids[end]
        at = end + 1


@dataclasses.dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for; empty fields do not filter. Word fields (text, speaker, claimant, target,
    analyst) match whole consecutive words, ignoring case and accents.

    ``text``: words of the span's text, or of the article's title and text when ``in_article``.
    ``label``: exact label name. ``status``: "" for suggested and accepted (rejected spans are left
    out), or one of :data:`STATUS_CHOICES`. ``polarity``: exact stance polarity. ``limit``: at most
    this many hits (None: all)."""

    text: str = ""
    in_article: bool = False
    label: str = ""
    speaker: str = ""
    claimant: str = ""
    target: str = ""
    polarity: str = ""
    status: str = ""
    analyst: str = ""
    limit: int | None = None

    def is_empty(self) -> bool:
        return not any((self.text, self.label, self.speaker, self.claimant, self.target, self.polarity,
                        self.status, self.analyst))


@dataclasses.dataclass(frozen=True, slots=True)
class StanceOnSpan:
    """A stance resting on a hit (its evidence) or held by it (its holder span)."""

    holder: str
    target: str
    polarity: str
    status: str
    role: str  # "evidence" | "holder"


@dataclasses.dataclass(frozen=True, slots=True)
class SearchHit:
    """One span found. Offsets are code points, half-open, into the article's text; ``speaker``
    and ``claimant`` are the texts of the linked spans ("" when none), ``speaker_ref`` the quote's
    attribute naming who a pronoun speaker is."""

    article_id: int
    title: str
    span_id: str
    start: int
    end: int
    label: str
    layer: str
    status: str
    by: str
    text: str
    speaker: str = ""
    speaker_ref: str = ""
    claimant: str = ""
    stances: tuple[StanceOnSpan, ...] = ()
    # the pieces (start, end) of a discontinuous span (an interrupted quote), in text order; then
    # span_id is its first piece's, start/end cover them all and text joins them with " … "
    pieces: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The hit as a JSON object (what ``annotator search`` prints, one per line)."""
        out = dataclasses.asdict(self)
        out["stances"] = [dataclasses.asdict(s) for s in self.stances]
        return out


CSV_COLUMNS = ("article_id", "title", "span_id", "start", "end", "label", "layer", "status", "by", "text",
               "speaker", "speaker_ref", "claimant", "stances", "pieces")


def csv_row(hit: SearchHit) -> list[str]:
    """The hit as a CSV row of :data:`CSV_COLUMNS`; stances as "holder: polarity target" joined by
    "; "; pieces (an interrupted quote's, as JSON gives them) as "start-end" joined by " ", e.g.
    "312-349 363-380" ("" for a span of one piece)."""
    stances = "; ".join(f"{s.holder}: {s.polarity} {s.target}".strip() for s in hit.stances)
    pieces = " ".join(f"{start}-{end}" for start, end in hit.pieces)
    values = dataclasses.asdict(hit) | {"stances": stances, "pieces": pieces}
    return [str(values[c]) for c in CSV_COLUMNS]


class UnknownValueError(InputError):
    """A label, status or polarity the project does not know; names the known ones."""

    def __init__(self, option: str, value: str, known: Sequence[str]) -> None:
        self.option, self.value, self.known = option, value, tuple(known)
        super().__init__(f"unknown {option} {value!r}; known: {', '.join(known) or '(none)'}")


def check_query(query: SearchQuery, *, labels: Sequence[str], polarities: Sequence[str]) -> None:
    """Raise :class:`UnknownValueError` for a label, status or polarity not in the given lists (the
    schema's labels plus those in use; the schema's polarities), :class:`InputError` for a word
    field without any letter or digit (it could match nothing)."""
    if query.label and query.label not in labels:
        raise UnknownValueError("label", query.label, labels)
    if query.status and query.status not in STATUS_CHOICES:
        raise UnknownValueError("status", query.status, STATUS_CHOICES)
    if query.polarity and query.polarity not in polarities:
        raise UnknownValueError("polarity", query.polarity, polarities)
    for name in ("text", "speaker", "claimant", "target", "analyst"):
        value = getattr(query, name)
        if value and not word_phrase(value):
            raise InputError(f"{name} {value!r} has no letter or digit to search for; give a word")
    if query.limit is not None and query.limit < 0:
        raise InputError(f"limit {query.limit} is negative; give 0 or more")


def known_labels(conn: sqlite3.Connection, schema_labels: Sequence[str]) -> list[str]:
    """The schema's labels, then labels in use that the schema lacks (sorted)."""
    in_use = {r[0] for r in conn.execute("SELECT DISTINCT label FROM spans")}
    return [*schema_labels, *sorted(in_use - set(schema_labels))]


def check_for_project(conn: sqlite3.Connection, query: SearchQuery, *, schema: LabelSchema) -> None:
    """:func:`check_query` against a project: its schema's labels and those in use, its polarities."""
    labels = known_labels(conn, [label.name for label in schema.labels])
    check_query(query, labels=labels, polarities=list(schema.stance_polarities))


def _sql_has_words(text: object, phrase: object) -> int:
    return int(isinstance(text, str) and isinstance(phrase, str) and has_words(text, phrase))


def _span_text(alias: str) -> str:
    return f'substr(a.text, {alias}.start + 1, {alias}."end" - {alias}.start)'


def _linked_text(relation: str) -> str:
    """SQL: the text of the first (in reading order) non-rejected span this hit links to by
    ``relation`` (a constant of this module, not user input)."""
    return (f"(SELECT {_span_text('x')} FROM relations r JOIN spans x ON x.id = r.child "
            f"WHERE r.head = sp.id AND r.label = '{relation}' AND r.status != 'rejected' AND x.status != 'rejected' "
            f"ORDER BY x.start LIMIT 1)")


def _linked_heads(relation: str, param: str, *, refers_to: bool, fts: bool) -> str:
    """SQL subquery: ids of the spans linking by ``relation`` (a constant of this module, not user
    input) to a non-rejected span whose text (or ``refers_to`` attribute) has the words of
    ``:param``. With ``fts`` only the links of the articles whose full-text index has the words
    (``:param_fts``) are read: a necessary condition, and 4–5× faster than reading every link."""
    links = (f"r.label = '{relation}' AND r.status != 'rejected' AND x.status != 'rejected'")
    if fts:
        # CROSS JOIN fixes the order: matching articles, their links (index on article_id), the linked span.
        by_text = (f"SELECT r.head FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH :{param}_fts) f "
                   f"CROSS JOIN articles ax ON ax.id = f.id CROSS JOIN relations r ON r.article_id = f.id "
                   f"CROSS JOIN spans x ON x.id = r.child "
                   f"WHERE {links} AND {_SQL_HAS_WORDS}(substr(ax.text, x.start + 1, x.\"end\" - x.start), :{param})")
    else:
        # Relations outermost (index on relations(label, child, head)); a text is read per link.
        by_text = (f"SELECT r.head FROM relations r CROSS JOIN spans x ON x.id = r.child "
                   f"WHERE {links} AND {_SQL_HAS_WORDS}((SELECT substr(ax.text, x.start + 1, x.\"end\" - x.start) "
                   f"FROM articles ax WHERE ax.id = x.article_id), :{param})")
    if not refers_to:
        return by_text
    # Few spans carry refers_to: one pass over the spans finds them (5x faster than a lookup per link).
    return (f"{by_text} UNION SELECT r.head FROM spans x CROSS JOIN relations r ON r.label = '{relation}' "
            f"AND r.child = x.id WHERE {links} AND x.attrs LIKE '%refers_to%' "
            f"AND {_SQL_HAS_WORDS}(json_extract(x.attrs, '$.refers_to'), :{param})")


def _fts_words(text: str) -> str:
    """An FTS5 phrase query of the words of ``text``, in order (a necessary condition for a word
    match: FTS5's unicode61 tokens are our words, with case and diacritics removed the same way
    for ASCII words)."""
    return '"' + " ".join(words(text)) + '"'



def _word_params(params: dict[str, Any], name: str, value: str) -> None:
    params[name] = word_phrase(value)
    params[f"{name}_fts"] = _fts_words(value)


def build_sql(query: SearchQuery) -> tuple[str, dict[str, Any]]:
    """The SQL and named parameters of ``query`` (exposed for tests and EXPLAIN QUERY PLAN)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if query.status == ALL_STATUSES:
        pass
    elif query.status:
        where.append("sp.status = :status")
        params["status"] = query.status
    else:
        where.append("sp.status != 'rejected'")
    if query.label:
        where.append("sp.label = :label")
        params["label"] = query.label
    if query.text:
        if query.in_article:
            # The full-text index of titles and texts: words in order, case and accents ignored.
            where.append("sp.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts)")
            params["fts"] = '"' + _CONTROL.sub(" ", query.text).replace('"', " ") + '"'
        else:
            params["text"] = word_phrase(query.text)
            if query.text.isascii():
                # Only narrows: an article whose text has the words has them in its index too.
                where.append("sp.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts)")
                params["fts"] = _fts_words(query.text)
            where.append(f"{_SQL_HAS_WORDS}({_span_text('sp')}, :text)")
    # Speaker, claimant, target and polarity each give a set of span ids, found from the links,
    # stances and attributes that name them; the hits are looked up from that set by id.
    if query.speaker:
        _word_params(params, "speaker", query.speaker)
        where.append(f"sp.id IN ({_linked_heads(SPEAKER_RELATION, 'speaker', refers_to=True, fts=query.speaker.isascii())} "
                     f"UNION SELECT y.id FROM spans y WHERE y.attrs LIKE '%speaker_ref%' "
                     f"AND {_SQL_HAS_WORDS}(json_extract(y.attrs, '$.speaker_ref'), :speaker))")
    if query.claimant:
        _word_params(params, "claimant", query.claimant)
        where.append(f"sp.id IN ({_linked_heads(CLAIMANT_RELATION, 'claimant', refers_to=True, fts=query.claimant.isascii())})")
    if query.target or query.polarity:
        stance_conds = ["st.status != 'rejected'"]
        attr_conds: list[str] = []
        if query.target:
            _word_params(params, "target", query.target)
            stance_conds.append(f"{_SQL_HAS_WORDS}(st.target, :target)")
            attr_conds.append(f"((y.attrs LIKE '%stance_target%' "
                              f"AND {_SQL_HAS_WORDS}(json_extract(y.attrs, '$.stance_target'), :target)) "
                              f"OR y.id IN ({_linked_heads(TARGET_RELATION, 'target', refers_to=False, fts=query.target.isascii())}))")
        if query.polarity:
            params["polarity"] = query.polarity
            stance_conds.append("st.polarity = :polarity")
            attr_conds.append("(y.attrs LIKE '%stance%' AND json_extract(y.attrs, '$.stance') = :polarity)")
        chosen = " AND ".join(stance_conds)
        where.append(f"sp.id IN (SELECT st.evidence FROM stances st WHERE {chosen} "
                     f"UNION SELECT st.holder_span FROM stances st WHERE {chosen} "
                     f"UNION SELECT y.id FROM spans y WHERE {' AND '.join(attr_conds)})")
    if query.analyst:
        params["analyst"] = word_phrase(query.analyst)
        where.append(f"{_SQL_HAS_WORDS}(sp.by, :analyst)")
    stances = ("(SELECT json_group_array(json_array(st.holder, st.target, st.polarity, st.status, "
               "CASE WHEN st.evidence = sp.id THEN 'evidence' ELSE 'holder' END)) FROM stances st "
               "WHERE (st.evidence = sp.id OR st.holder_span = sp.id) AND st.status != 'rejected')")
    order = 'sp.article_id, sp.start, sp."end", sp.id'
    # Two steps: the matching spans' rowids, sorted and limited, then the columns that cost a
    # lookup each (texts, speaker, claimant, stances) for those hits only.
    found = (f"SELECT sp.rowid FROM spans sp JOIN articles a ON a.id = sp.article_id "
             f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}")
    if query.limit is not None:
        found += " LIMIT :limit"
        params["limit"] = query.limit
    sql = (f"SELECT sp.article_id, a.title, sp.id, sp.start, sp.\"end\", sp.label, sp.layer, sp.status, "
           f"coalesce(sp.by, ''), {_span_text('sp')}, {_linked_text(SPEAKER_RELATION)}, "
           f"json_extract(sp.attrs, '$.speaker_ref'), {_linked_text(CLAIMANT_RELATION)}, {stances} "
           f"FROM ({found}) hit CROSS JOIN spans sp ON sp.rowid = hit.rowid JOIN articles a ON a.id = sp.article_id "
           f"ORDER BY {order}")
    return sql, params


def search(conn: sqlite3.Connection, query: SearchQuery) -> list[SearchHit]:
    """The spans matching ``query``, sorted by article id then start (then end, then id).

    ``conn`` is a project's connection (``Project.db.conn``); the word-matching SQL function is
    registered on it. Raises ``sqlite3.DatabaseError`` for a damaged file. Does not validate
    against the schema: call :func:`check_query` first for the user's input."""
    conn.create_function(_SQL_HAS_WORDS, 2, _sql_has_words, deterministic=True)
    sql, params = build_sql(query)
    if "articles_fts" in sql:
        table = ensure_index(conn)  # an import's articles left to index (annotator import) are indexed first
        if table != FTS_TABLE:  # a copy attached in place of the project's index (build_index_copy)
            sql = sql.replace(f"FROM {FTS_TABLE} ", f"FROM {table} ")
    # Links are looked up by random span ids all over the file: SQLite's default 2 MB page cache
    # makes that 4x slower on a 10,000-article project. A per-connection setting, kept for the
    # next search (pages are only cached as read, up to this cap).
    if conn.execute("PRAGMA cache_size").fetchone()[0] > SEARCH_CACHE_KIB:
        conn.execute(f"PRAGMA cache_size = {SEARCH_CACHE_KIB}")
    return _one_hit_per_attribution(conn, [_hit(row) for row in conn.execute(sql, params)])


FRAGMENT_RELATION = "FRAGMENT"  # annotator.domain.model.FRAGMENT: first piece --FRAGMENT--> a later piece


def _one_hit_per_attribution(conn: sqlite3.Connection, hits: list[SearchHit]) -> list[SearchHit]:
    """The pieces of one discontinuous span (an interrupted quote) as one hit, wherever the query
    matched (issue 10: two hits, the second piece without the speaker): the first piece's id,
    speaker and links, ``pieces`` naming each, the text of every piece joined by " … "."""
    ids = [h.span_id for h in hits]
    if not ids:
        return hits
    parent: dict[str, str] = {}
    for chunk in range(0, len(ids), 400):
        part = ids[chunk:chunk + 400]
        marks = ", ".join("?" for _ in part)
        rows = conn.execute(f"SELECT head, child FROM relations WHERE label = ? AND status != 'rejected' "
                            f"AND (head IN ({marks}) OR child IN ({marks}))", [FRAGMENT_RELATION, *part, *part]).fetchall()
        for head, child in rows:
            parent[child] = head
    if not parent:
        return hits

    def root(span_id: str) -> str:
        seen = set()
        while span_id in parent and span_id not in seen:
            seen.add(span_id)
            span_id = parent[span_id]
        return span_id

    roots = sorted({root(child) for child in parent})
    for chunk in range(0, len(roots), 400):  # every piece of those spans, matched or not (a third piece)
        part = roots[chunk:chunk + 400]
        marks = ", ".join("?" for _ in part)
        for head, child in conn.execute(f"SELECT head, child FROM relations WHERE label = ? AND status != 'rejected' "
                                        f"AND head IN ({marks})", [FRAGMENT_RELATION, *part]):
            parent.setdefault(child, head)
    groups: dict[str, list[str]] = {}
    for child in list(parent):
        groups.setdefault(root(child), []).append(child)
    members = {i: r for r, kids in groups.items() for i in (r, *kids)}
    wanted = sorted({i for r, kids in groups.items() if any(h in members and members[h] == r for h in ids)
                     for i in (r, *kids)})
    by_id = {h.span_id: h for h in _hits_by_id(conn, wanted)}
    out: list[SearchHit] = []
    done: set[str] = set()
    for hit in hits:
        first = members.get(hit.span_id)
        if first is None:
            out.append(hit)
            continue
        if first in done:
            continue
        done.add(first)
        pieces = sorted((by_id[i] for i in (first, *groups[first]) if i in by_id), key=lambda h: (h.start, h.end))
        head = by_id.get(first, hit)
        out.append(dataclasses.replace(
            head, start=pieces[0].start, end=max(p.end for p in pieces), text=" … ".join(p.text for p in pieces),
            pieces=tuple((p.start, p.end) for p in pieces)))
    return out


def _hits_by_id(conn: sqlite3.Connection, span_ids: Sequence[str]) -> list[SearchHit]:
    """The hits of these spans (any status), as :func:`search` makes them."""
    out: list[SearchHit] = []
    stances = ("(SELECT json_group_array(json_array(st.holder, st.target, st.polarity, st.status, "
               "CASE WHEN st.evidence = sp.id THEN 'evidence' ELSE 'holder' END)) FROM stances st "
               "WHERE (st.evidence = sp.id OR st.holder_span = sp.id) AND st.status != 'rejected')")
    for chunk in range(0, len(span_ids), 400):
        part = list(span_ids[chunk:chunk + 400])
        marks = ", ".join("?" for _ in part)
        sql = (f"SELECT sp.article_id, a.title, sp.id, sp.start, sp.\"end\", sp.label, sp.layer, sp.status, "
               f"coalesce(sp.by, ''), {_span_text('sp')}, {_linked_text(SPEAKER_RELATION)}, "
               f"json_extract(sp.attrs, '$.speaker_ref'), {_linked_text(CLAIMANT_RELATION)}, {stances} "
               f"FROM spans sp JOIN articles a ON a.id = sp.article_id WHERE sp.id IN ({marks})")
        out += [_hit(row) for row in conn.execute(sql, part)]
    return out


def _hit(row: tuple) -> SearchHit:
    (article_id, title, span_id, start, end, label, layer, status, by, text, speaker, speaker_ref, claimant,
     stances) = row
    return SearchHit(
        article_id=article_id, title=title or "", span_id=span_id, start=start, end=end, label=label, layer=layer,
        status=status, by=by, text=text or "", speaker=speaker or "",
        speaker_ref=speaker_ref if isinstance(speaker_ref, str) else "", claimant=claimant or "",
        stances=tuple(StanceOnSpan(*(str(v or "") for v in s)) for s in json.loads(stances or "[]")),
    )


def named_hits(conn: sqlite3.Connection, hits: list[SearchHit]) -> list[SearchHit]:
    """``hits`` with each untitled article's ``title`` set to the name the article list shows
    (:func:`~annotator.domain.words.article_name`: its file, else "Article ID"): the window's
    search table and ``annotator search`` (usertest10e finding 9: its CSV had an empty title)."""
    untitled = sorted({h.article_id for h in hits if not h.title})
    names: dict[int, str] = {}
    for chunk in range(0, len(untitled), 400):
        part = untitled[chunk:chunk + 400]
        rows = conn.execute(f"SELECT id, coalesce(json_extract(meta, '$._import.file'), CASE WHEN json_type(meta, '$._import') IS NULL THEN json_extract(meta, '$.file') END, ''), "
                            f"CASE WHEN coalesce(json_extract(meta, '$._import.row'), CASE WHEN json_type(meta, '$._import') IS NULL THEN json_extract(meta, '$.row') END) IS NOT NULL THEN substr(text, 1, {OPENING_CHARS}) END "
                            f"FROM articles WHERE id IN ({', '.join('?' * len(part))})", part)
        names.update({int(i): article_name("", str(f or ""), int(i), str(o or "")) for i, f, o in rows})
    return [dataclasses.replace(h, title=names[h.article_id]) if not h.title and h.article_id in names else h for h in hits]


# ---------------------------------------------------------------------------------------- speed

def _generate(path: str, articles: int) -> None:
    """A project of ``articles`` generated articles with entities, quotes (speaker, cue), claims
    (claimant) and stances, written straight into the tables (fast)."""
    import random
    import uuid

    from annotator.storage.project import Project

    rng = random.Random(9)
    # A news-like spread: 600 people, 40 organisations, 60 topics, each in a few articles.
    first = ["Michael", "Angela", "Sergei", "Theresa", "Jens", "Donald", "Maria", "Ivan", "Olga", "Pierre",
             "Anna", "Jean", "Li", "Ahmed", "Fatima", "Carlos", "Elena", "Hans", "Yuki", "Kofi"]
    last = ["Flynn", "Merkel", "Lavrov", "May", "Stoltenberg", "Tusk", "Rossi", "Petrov", "Novak", "Dubois",
            "Schmidt", "Garcia", "Wang", "Hassan", "Okafor", "Silva", "Popescu", "Jansen", "Tanaka", "Mensah",
            "Kowalski", "Horvat", "Nielsen", "Costa", "Ivanova", "Brown", "Müller", "López", "Yilmaz", "Kim"]
    names = [f"{f} {la}" for f in first for la in last]
    orgs = [f"The {w} ministry" for w in ("defence", "finance", "health", "foreign", "energy", "trade", "interior",
                                          "justice")] + [f"The {w} agency" for w in ("space", "nuclear", "border",
                                          "food", "drug", "climate", "data", "water")] + [
            f"The {w} party" for w in ("green", "labour", "liberal", "conservative", "pirate", "farmers", "centre",
                                       "socialist")] + [f"The {w} council" for w in ("city", "regional", "security",
                                       "trade", "research", "arts", "youth", "sports")] + [
            f"The {w} union" for w in ("steel", "rail", "teachers", "nurses", "pilots", "miners", "dockers", "bakers")]
    topics = ["US missile defence", *(f"the {w} {k}" for w in ("trade", "gas", "border", "budget", "climate", "arms")
                                      for k in ("deal", "reform", "treaty", "plan", "talks", "tax", "law", "dispute",
                                                "summit", "fund"))]
    sentence = ("{name} said that the talks on {topic} would go on. \"We will not accept this,\" {he} told "
                "reporters in {city}. {org} claimed that {n} percent of {topic} was funded. ")
    with Project.open(path) as proj, proj.writing():
        conn = proj.db.conn
        for aid in range(1, articles + 1):
            parts, spans, rels, stances = [], [], [], []
            pos = 0
            for _ in range(8):
                name, topic = rng.choice(names), rng.choice(topics)
                org = rng.choice(orgs)
                s = sentence.format(name=name, topic=topic, he="he", city="Brussels", n=rng.randint(1, 99), org=org)
                base = pos
                q = uuid.uuid4().hex
                sid, cid, hid, claim, cl = (uuid.uuid4().hex for _ in range(5))
                spans += [
                    (sid, aid, base, base + len(name), "SPEAKER", "speaker", "{}"),
                    (cid, aid, base + len(name) + 1, base + len(name) + 5, "CUE", "cue", "{}"),
                    (q, aid, base + len(name) + 11, base + s.index(" would go on") , "QUOTE", "quote",
                     json.dumps({"kind": "indirect"})),
                    (uuid.uuid4().hex, aid, base, base + len(name), "PERSON", "entity", "{}"),
                    (hid, aid, base + s.index(" he ") + 1, base + s.index(" he ") + 3, "SPEAKER", "speaker", "{}"),
                    (uuid.uuid4().hex, aid, base + s.index("Brussels"), base + s.index("Brussels") + 8, "GPE", "entity", "{}"),
                    (cl, aid, base + s.index(org), base + s.index(org) + len(org), "SPEAKER", "speaker", "{}"),
                    (claim, aid, base + s.index("percent") - 3, base + len(s) - 2, "CLAIM", "claim", "{}"),
                ]
                rels += [(uuid.uuid4().hex, aid, q, sid, "SPEAKER"), (uuid.uuid4().hex, aid, q, cid, "CUE"),
                         (uuid.uuid4().hex, aid, claim, cl, "CLAIMANT")]
                if rng.random() < 0.15:
                    stances.append((uuid.uuid4().hex, aid, name, topic, rng.choice(["favor", "against", "neutral"]), q))
                parts.append(s)
                pos += len(s)
            text = "".join(parts)
            conn.execute("INSERT INTO articles (id, text, text_hash, title, status) VALUES (?, ?, ?, ?, 'new')",
                         (aid, text, uuid.uuid4().hex, f"Article {aid}"))
            conn.executemany("INSERT INTO spans (id, article_id, start, \"end\", label, layer, status, attrs, by) "
                             "VALUES (?, ?, ?, ?, ?, ?, 'suggested', ?, 'machine')", spans)
            conn.executemany("INSERT INTO relations (id, article_id, head, child, label, status) "
                             "VALUES (?, ?, ?, ?, ?, 'suggested')", rels)
            conn.executemany("INSERT INTO stances (id, article_id, holder, target, polarity, status, evidence) "
                             "VALUES (?, ?, ?, ?, ?, 'accepted', ?)", stances)


def main(argv: Sequence[str] | None = None) -> None:
    """Measure search speed on a generated project: ``python -m annotator.storage.search
    --articles 10000`` (``--smoke`` for 200 articles)."""
    import tempfile
    from pathlib import Path

    from annotator.storage.project import Project

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    n = 200 if args.smoke else args.articles
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "search.db")
        t0 = time.perf_counter()
        _generate(path, n)
        print(f"generated {n} articles in {time.perf_counter() - t0:.1f} s")
        queries = {
            "all quotes by Flynn": SearchQuery(label="QUOTE", speaker="flynn"),
            "claims by the defence ministry": SearchQuery(label="CLAIM", claimant="defence ministry"),
            "against US missile defence": SearchQuery(target="US missile defence", polarity="against"),
            "text 'gas treaty'": SearchQuery(text="gas treaty"),
            "text 'muller' (accents ignored)": SearchQuery(text="muller"),
            "text 'Merkel' in article": SearchQuery(text="Merkel", in_article=True, label="QUOTE"),
            "suggestions still pending (first 1000)": SearchQuery(status="suggested", limit=1000),
            "analyst 'machine', GPE, first 1000": SearchQuery(analyst="machine", label="GPE", limit=1000),
        }
        with Project.open(path, create=False) as proj:
            conn = proj.db.conn
            spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
            print(f"{spans} spans")
            print(f"{'query':42s} {'hits':>7s} {'first':>8s} {'again':>8s}")
            for name, query in queries.items():
                times = []
                for _ in range(2):  # the first reads the pages from disk, the second from SQLite's cache
                    t0 = time.perf_counter()
                    hits = search(conn, query)
                    times.append(1000 * (time.perf_counter() - t0))
                print(f"{name:42s} {len(hits):7d} {times[0]:5.0f} ms {times[1]:5.0f} ms")


if __name__ == "__main__":
    main()
