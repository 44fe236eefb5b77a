"""Token offsets stored once per article, so that exports do not run the tokenizer again.

The jsonl (``token_start``/``token_end``, ``--tokens``), CoNLL and DocBin exports need the tokens
of :func:`annotator.formats.common.tokenizer` (``spacy.blank("en")``'s rules). Tokenising every
article at every export was most of their time (issue 12: 79 % of a jsonl export). An article's
text never changes, so its tokens are computed once and kept in the ``article_tokens`` table
(migration 0009) as arrays:

* ``starts`` — each token's first code point (little-endian uint32);
* ``flags`` — one byte a token: :data:`SPACE_AFTER` (spaCy's ``whitespace_`` is one space),
  :data:`IS_SPACE`, :data:`IS_PUNCT` (``Token.is_space``/``is_punct``) and :data:`SENT_PUNCT`
  (the text is one of the rule-based ``Sentencizer``'s ``punct_chars``) and, on the first token,
  :data:`NO_SENT_START` (the tokenizer left its ``is_sent_start`` unset, as it does for a text
  starting with one space; a ``Doc`` made from words sets it);
* ``norms`` — ``{token index: norm}`` for the norms the tokenizer's exceptions set ("n't" → "not"),
  which a ``Doc`` made from words does not have.

Token ``i`` covers ``[starts[i], stops[i])`` with ``stops = next start - space after`` (the last
token's next start is the text's length): tokens and their single trailing spaces tile the text.
A row is used only for the same tokenizer (:func:`tokenizer_key`: spaCy's version, which fixes
``blank("en")``'s rules) and the same text (``text_hash``); otherwise the article is tokenised again.

Rows are written by :class:`TokenSink` (an export that had to tokenise keeps what it made), by
``annotator preannotate`` (:func:`store_packed`, in the transaction of each article's suggestions: the
tokens taken from the Doc it parsed, or tokenised again where that Doc's tokens are not
``blank("en")``'s; :mod:`annotator.nlp.pipeline_tokens` says when) and by the window's
pre-annotation (perf26: its child packs them the same way; :class:`HeldTokens` writes them from
the thread relaying the child's results, in transactions of their own, once the UI thread has
stored the article's suggestions). Articles imported and exported without pre-annotation, or
pre-annotated by a pipeline whose tokenizer is not ``blank("en")``'s, are tokenised by their first
export. Offsets: Python code points.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported where used: not before the window's first paint (tests/test_startup_imports.py)
    import numpy

from annotator.formats.common import tokenizer

TABLE = "article_tokens"
SPACE_AFTER, IS_SPACE, IS_PUNCT, SENT_PUNCT, NO_SENT_START = 1, 2, 4, 8, 16
SINK_BATCH = 500  # rows written per transaction by a TokenSink
#: seconds a TokenSink's write waits for the write lock (its own thread's wait, not the export's)
SINK_WAIT = 2.0


@dataclasses.dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text as arrays (see the module docstring): ``starts`` (int64, code
    points), ``flags`` (uint8 bit set), ``norms`` (token index → norm set by an exception)."""

    starts: numpy.ndarray
    flags: numpy.ndarray
    norms: Mapping[int, str] = dataclasses.field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def spaces(self) -> numpy.ndarray:
        """Bool per token: followed by one space (spaCy's ``whitespace_``)."""
        return (self.flags & SPACE_AFTER).astype(bool)

    def stops(self, length: int) -> numpy.ndarray:
        """End (exclusive, code points) of each token's text, trailing space excluded; ``length``
        is the text's length."""
        import numpy

        return numpy.append(self.starts[1:], length) - self.spaces


@functools.lru_cache(maxsize=1)
def _sent_punct_hashes() -> numpy.ndarray:
    import numpy
    from spacy.pipeline import Sentencizer

    strings = tokenizer().vocab.strings
    return numpy.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), dtype=numpy.uint64)


# spaCy's ``Sentencizer.default_punct_chars`` (spacy/pipeline/sentencizer.pyx), held here so that
# an export whose tokens are stored needs no spaCy import for them (1.5-4 s; issue 12).
# tests/formats/test_export_fast_paths.py asserts it is still spaCy's list.
SENT_PUNCT_CHARS = frozenset(
    "!.?\u0589\u061f\u06d4\u0700\u0701\u0702\u07f9\u0964\u0965\u104a\u104b\u1362\u1367\u1368\u166e"
    "\u1735\u1736\u1803\u1809\u1944\u1945\u1aa8\u1aa9\u1aaa\u1aab\u1b5a\u1b5b\u1b5e\u1b5f\u1c3b\u1c3c"
    "\u1c7e\u1c7f\u203c\u203d\u2047\u2048\u2049\u2e2e\u2e3c\ua4ff\ua60e\ua60f\ua6f3\ua6f7\ua876\ua877"
    "\ua8ce\ua8cf\ua92f\ua9c8\ua9c9\uaa5d\uaa5e\uaa5f\uaaf0\uaaf1\uabeb\ufe52\ufe56\ufe57\uff01\uff0e"
    "\uff1f\U00010a56\U00010a57\U00011047\U00011048\U000110be\U000110bf\U000110c0\U000110c1\U00011141"
    "\U00011142\U00011143\U000111c5\U000111c6\U000111cd\U000111de\U000111df\U00011238\U00011239"
    "\U0001123b\U0001123c\U000112a9\U0001144b\U0001144c\U000115c2\U000115c3\U000115c9\U000115ca"
    "\U000115cb\U000115cc\U000115cd\U000115ce\U000115cf\U000115d0\U000115d1\U000115d2\U000115d3"
    "\U000115d4\U000115d5\U000115d6\U000115d7\U00011641\U00011642\U0001173c\U0001173d\U0001173e"
    "\U00011a42\U00011a43\U00011a9b\U00011a9c\U00011c41\U00011c42\U00016a6e\U00016a6f\U00016af5"
    "\U00016b37\U00016b38\U00016b44\U0001bc9f\U0001da88\uff61\u3002"
)


def word_flags(word: str) -> int:
    """:data:`IS_SPACE`, :data:`IS_PUNCT` and :data:`SENT_PUNCT` of a token's text, by the rules
    spaCy's lexemes use (``spacy.lang.lex_attrs.is_space``: ``str.isspace``; ``is_punct``: every
    character of a Unicode ``P*`` category) and the sentencizer's punctuation: what a token
    made by splitting a stored one at a span edge gets, without building a lexeme."""
    import unicodedata

    flags = IS_SPACE * word.isspace() | SENT_PUNCT * (word in SENT_PUNCT_CHARS)
    if all(unicodedata.category(char).startswith("P") for char in word):
        flags |= IS_PUNCT
    return flags


STORE_VERSION = 1  # of the packing below: change it when the stored arrays or flags change


@functools.lru_cache(maxsize=1)
def tokenizer_key() -> str:
    """Names the tokenizer and sentence rules the stored tokens were made with. ``spacy.blank("en")``'s
    tokenizer rules and the sentencizer's punctuation ship inside spaCy, so its version names them;
    read from the package metadata, so that an export whose tokens are all stored never imports
    spaCy (1.5–4 s). Stored tokens of another key are not used."""
    return f"spacy {_spacy_version()} blank:en store:{STORE_VERSION}"


def _spacy_version() -> str:
    """spaCy's version as its package metadata gives it, read from ``spacy/about.py`` (where
    spaCy's build takes it from) without importing spaCy or ``importlib.metadata`` (20-30 ms of
    CPU, a tenth of a 1,000-article jsonl export); the metadata when that file says nothing."""
    import importlib.util
    import re

    with contextlib.suppress(OSError, ImportError, ValueError, AttributeError, TypeError, IndexError):
        spec = importlib.util.find_spec("spacy")
        folder = Path(spec.submodule_search_locations[0])  # type: ignore[union-attr,index]
        found = re.search(r'^__version__ = "([^"\n]+)"$', (folder / "about.py").read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1)
    from importlib.metadata import version

    return version("spacy")


def tokens_of_doc(doc: Any) -> Tokens:
    """The :class:`Tokens` of a ``Doc`` made by :func:`~annotator.formats.common.tokenizer`."""
    import numpy
    from spacy.attrs import IDX, NORM, ORTH, SPACY

    if not len(doc):
        return Tokens(numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.uint8), {})
    columns = doc.to_array([IDX, SPACY, ORTH, NORM])
    # Norms the tokenizer's exceptions set differ from the lexeme's own norm (what a Doc made
    # from the same words has). perf29: the lexeme's norm and flags (is_space, is_punct, the
    # sentencizer's punctuation: a lexeme's, not a token's) are read from a table of every word
    # this vocab has met, looked up for the whole Doc in numpy; per Doc, np.unique + a Lexeme
    # object per distinct word + np.isin took 1.7 of a first export's ~9 s of CPU at 10,000
    # articles (docs/formats.md, perf29).
    plain, bits = _lexeme_table(doc.vocab).lookup(columns[:, 2])
    flags = columns[:, 1].astype(numpy.uint8) * SPACE_AFTER | bits
    if doc[0].is_sent_start is None:
        flags[0] |= NO_SENT_START
    differ = numpy.flatnonzero(plain != columns[:, 3])
    if len(differ):
        strings = doc.vocab.strings
        norms = {i: strings[n] for i, n in zip(differ.tolist(), columns[differ, 3].tolist())}
    else:
        norms = {}
    return Tokens(columns[:, 0].astype(numpy.int64), flags, norms)


class _LexemeTable:
    """Of one vocab's lexemes, by orth hash: the lexeme's own norm (uint64 hash) and its flags
    (:data:`IS_SPACE`, :data:`IS_PUNCT`, and :data:`SENT_PUNCT` when its text is one of the
    sentencizer's punctuation characters). A
    lexeme's norm is fixed once it exists in a vocab nobody edits (the exports' tokenizer's), so
    each word is looked up in spaCy once per process. Sorted arrays searched with numpy; words
    met since the last merge wait in a dict (merged when it holds an eighth of the table, so that
    merges are few and a Doc's misses are few)."""

    MERGE_SHARE = 8  # the words waiting in the dict are merged when they are this share of the table

    def __init__(self, vocab: Any) -> None:
        import numpy

        self.vocab = vocab
        self.keys = numpy.zeros(0, numpy.uint64)
        self.norms = numpy.zeros(0, numpy.uint64)
        self.bits = numpy.zeros(0, numpy.uint8)
        self.new: dict[int, tuple[int, int]] = {}
        self.punct = frozenset(_sent_punct_hashes().tolist())

    def lookup(self, orths: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """``(norms, bits)`` of ``orths`` (uint64 array): uint64 and uint8 arrays of its length."""
        import numpy

        size = len(self.keys)
        if size:
            where = numpy.minimum(numpy.searchsorted(self.keys, orths), size - 1)
            found = self.keys[where] == orths
            norms, bits = self.norms[where], self.bits[where]
        else:
            found = numpy.zeros(len(orths), bool)
            norms, bits = numpy.zeros(len(orths), numpy.uint64), numpy.zeros(len(orths), numpy.uint8)
        if not found.all():
            missing = numpy.flatnonzero(~found)
            new, vocab, punct = self.new, self.vocab, self.punct
            for i, orth in zip(missing.tolist(), orths[missing].tolist()):
                known = new.get(orth)
                if known is None:
                    lexeme = vocab[orth]
                    known = new[orth] = (lexeme.norm, IS_SPACE * lexeme.is_space | IS_PUNCT * lexeme.is_punct
                                         | SENT_PUNCT * (orth in punct))
                norms[i], bits[i] = known
            if len(new) >= max(256, size // self.MERGE_SHARE):
                self._merge()
        return norms, bits

    def _merge(self) -> None:
        import numpy

        keys = numpy.concatenate([self.keys, numpy.fromiter(self.new, numpy.uint64, len(self.new))])
        norms = numpy.concatenate([self.norms, numpy.fromiter((v[0] for v in self.new.values()), numpy.uint64, len(self.new))])
        bits = numpy.concatenate([self.bits, numpy.fromiter((v[1] for v in self.new.values()), numpy.uint8, len(self.new))])
        order = numpy.argsort(keys, kind="stable")
        self.keys, self.norms, self.bits = keys[order], norms[order], bits[order]
        self.new = {}


_lexeme_tables: dict[int, _LexemeTable] = {}


def _lexeme_table(vocab: Any) -> _LexemeTable:
    """The :class:`_LexemeTable` of ``vocab`` (one a vocab; a process has one or two)."""
    table = _lexeme_tables.get(id(vocab))
    if table is None or table.vocab is not vocab:
        if len(_lexeme_tables) >= 2:  # a table holds its vocab: not one for every vocab a long session meets
            _lexeme_tables.clear()
        table = _lexeme_tables[id(vocab)] = _LexemeTable(vocab)
    return table


def tokens_of_parsed_doc(doc: Any, unsure: numpy.ndarray) -> Tokens | None:
    """The :class:`Tokens` :func:`tokenize` makes of ``doc.text``, from a ``Doc`` that a
    pipeline whose tokenizer splits exactly as :func:`~annotator.formats.common.tokenizer` does
    made of it (the caller checks that: :mod:`annotator.nlp.pipeline_tokens`); None when they
    cannot be told from it. ``unsure``: uint64 hashes of words whose exception norm equals the
    pipeline's lexeme norm but not ``blank("en")``'s, for which the Doc does not show whether the
    exception set it (a Doc holding one gives None).

    What differs from :func:`tokens_of_doc`: the first token's sentence start is the parser's,
    not the tokenizer's, which leaves it unset where a special case starts the text (``It's``,
    ``'The``; spaCy's ``_retokenize_special_spans`` copies the cached token): it is read from the
    tokenizer's Doc of the text's first space-delimited chunk, which the tokenizer splits on its
    own and no special case but " " crosses (a text starting with whitespace gives None); a pipeline's lexeme norms come from its lookups (``lexeme_norm``:
    "colour" → "color"), so a norm is kept only where it differs from both the pipeline's lexeme
    norm (the tokenizer's exceptions set it) and ``blank("en")``'s (which :func:`tokens_of_doc`
    compares with)."""
    import numpy
    from spacy.attrs import IDX, IS_PUNCT as A_PUNCT, IS_SPACE as A_SPACE, NORM, ORTH, SPACY

    text = doc.text
    if not text or text[0].isspace():
        return None
    columns = doc.to_array([IDX, SPACY, A_SPACE, A_PUNCT, ORTH, NORM])
    orths, where = numpy.unique(columns[:, 4], return_inverse=True)
    if len(unsure) and numpy.isin(orths, unsure).any():
        return None
    flags = (columns[:, 1].astype(numpy.uint8) * SPACE_AFTER | columns[:, 2].astype(numpy.uint8) * IS_SPACE
             | columns[:, 3].astype(numpy.uint8) * IS_PUNCT
             | numpy.isin(columns[:, 4], _sent_punct_hashes()).astype(numpy.uint8) * SENT_PUNCT)
    end = text.find(" ")
    first = tokenizer()(text if end < 0 else text[:end])
    if len(first) and first[0].is_sent_start is None:
        flags[0] |= NO_SENT_START
    vocab = doc.vocab
    plain = numpy.array([vocab[int(o)].norm for o in orths.tolist()], dtype=numpy.uint64)[where.reshape(-1)]
    strings, blank = vocab.strings, tokenizer().vocab
    norms = {}
    for i in numpy.flatnonzero(plain != columns[:, 5]).tolist():
        norm = strings[int(columns[i, 5])]
        if norm != blank[strings[int(columns[i, 4])]].norm_:
            norms[int(i)] = norm
    return Tokens(columns[:, 0].astype(numpy.int64), flags.astype(numpy.uint8), norms)


def tokenize(text: str) -> Tokens:
    """Tokenise ``text`` with the exports' tokenizer (no ``max_length``: the tokenizer, never
    ``nlp(text)``)."""
    return tokens_of_doc(tokenizer()(text))


def doc_of(text: str, tokens: Tokens) -> Any:
    """The ``Doc`` the tokenizer makes of ``text``, built from stored ``tokens`` (words, spaces
    and exception norms; no rule is run again)."""
    from spacy.tokens import Doc

    starts = tokens.starts.tolist()
    stops = tokens.stops(len(text)).tolist()
    doc = Doc(tokenizer().vocab, words=[text[a:b] for a, b in zip(starts, stops)], spaces=tokens.spaces.tolist())
    for i, norm in tokens.norms.items():
        doc[i].norm_ = norm
    if len(doc) and tokens.flags[0] & NO_SENT_START:
        doc[0].is_sent_start = None
    return doc


def pack(tokens: Tokens) -> tuple[bytes, bytes, str]:
    """``(starts, flags, norms)`` as stored: uint32 little-endian bytes, one byte a token, JSON."""
    import numpy

    return (tokens.starts.astype("<u4").tobytes(), tokens.flags.astype(numpy.uint8).tobytes(),
            json.dumps({str(k): v for k, v in tokens.norms.items()}, ensure_ascii=False) if tokens.norms else "{}")


def unpack(starts: bytes, flags: bytes, norms: str) -> Tokens:
    """The inverse of :func:`pack`. Raises ``ValueError`` for arrays of different lengths."""
    import numpy

    begin = numpy.frombuffer(starts, dtype="<u4").astype(numpy.int64)
    bits = numpy.frombuffer(flags, dtype=numpy.uint8)
    if len(begin) != len(bits):
        raise ValueError(f"stored tokens disagree: {len(begin)} starts, {len(bits)} flags")
    found = json.loads(norms) if norms and norms != "{}" else {}
    return Tokens(begin, bits, {int(k): v for k, v in found.items()})


def has_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]).fetchone() is not None


def store(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, Tokens]]) -> int:
    """Write ``(article_id, text_hash, tokens)`` rows (replacing older ones) in the caller's
    transaction; returns how many."""
    key = tokenizer_key()
    data = [(article_id, key, text_hash, *pack(tokens)) for article_id, text_hash, tokens in rows]
    conn.executemany(f"INSERT OR REPLACE INTO {TABLE} (article_id, tokenizer, text_hash, starts, flags, norms) "
                     "VALUES (?, ?, ?, ?, ?, ?)", data)
    return len(data)


def store_packed(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, bytes, bytes, str]]) -> int:
    """Write ``(article_id, text_hash, *pack(tokens))`` rows (replacing older ones) in the
    caller's transaction: tokens packed where they were made (a pre-annotation worker); returns
    how many."""
    key = tokenizer_key()
    data = [(article_id, key, text_hash, starts, flags, norms) for article_id, text_hash, starts, flags, norms in rows]
    conn.executemany(f"INSERT OR REPLACE INTO {TABLE} (article_id, tokenizer, text_hash, starts, flags, norms) "
                     "VALUES (?, ?, ?, ?, ?, ?)", data)
    return len(data)


class TokenSink:
    """Keeps the tokens an export had to compute, written through a connection of its own in
    transactions of :data:`SINK_BATCH` rows (the export's connection is reading).

    perf29: the batches are packed and written by a thread of the sink's own (started with the
    first full batch), so that the export goes on tokenising while SQLite writes, and a wait for
    the write lock (the other process of a split export writes its tokens too) is
    :data:`SINK_WAIT` seconds of that thread, not of the export. :meth:`close` writes what is left
    and waits for the thread (one batch at most).

    A busy or read-only project file is no error: the tokens are derived data, so the sink stops
    writing and the next export tokenises again (``skipped`` says how many were not kept).
    ``written``/``skipped`` are final once :meth:`close` has returned.
    """

    def __init__(self, path: Path | str) -> None:
        self._path = str(path)
        self._pending: list[tuple[int, str, Tokens]] = []
        self._batches: queue.SimpleQueue[list[tuple[int, str, Tokens]] | None] | None = None
        self._thread: threading.Thread | None = None
        self.failed = False
        self.written = 0
        self.skipped = 0

    def add(self, article_id: int, text_hash: str, tokens: Tokens) -> None:
        if self.failed:
            self.skipped += 1
            return
        self._pending.append((article_id, text_hash, tokens))
        if len(self._pending) >= SINK_BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        if not self._pending:
            return
        if self._thread is None:
            self._batches = queue.SimpleQueue()
            self._thread = threading.Thread(target=self._run, name="annotator-token-sink", daemon=True)
            self._thread.start()
        assert self._batches is not None
        self._batches.put(self._pending)
        self._pending = []

    def _run(self) -> None:
        assert self._batches is not None
        while (batch := self._batches.get()) is not None:
            self._write(batch)

    def _write(self, batch: list[tuple[int, str, Tokens]]) -> None:
        if self.failed:
            self.skipped += len(batch)
            return
        # A connection per batch, closed at once: none outlives the export (an export that fails
        # half way leaves no connection, hence no -wal/-shm file, behind once the project closes).
        try:
            conn = sqlite3.connect(self._path, timeout=SINK_WAIT, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    self.written += store(conn, batch)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            finally:
                conn.close()
        except sqlite3.Error:
            self.failed = True
            self.skipped += len(batch)

    def flush(self) -> None:
        """Write what is held and wait until every batch handed over is written (or skipped)."""
        if self.failed:
            self.skipped += len(self._pending)
            self._pending = []
        self._hand_over()
        if self._thread is not None:
            assert self._batches is not None
            self._batches.put(None)
            self._thread.join()
            self._thread = self._batches = None

    def close(self) -> None:
        self.flush()


# HeldTokens: rows written per transaction, and the longest they are held once their
# suggestions are stored (a run writes every HELD_BATCH articles or HELD_SECONDS, whichever first)
HELD_BATCH = 32
HELD_SECONDS = 2.0
HELD_WAIT_MS = 200  # a write waits this long for another writer, then tries again later
HELD_BUSY_TRIES = 3  # writes in a row that found the file busy before the run gives up storing tokens


class HeldTokens:
    """The exports' tokens a pre-annotation made beside each article's suggestions, written once
    another connection has stored those suggestions (perf26: the window's pre-annotation, whose
    UI thread stores the suggestions and must not write tokens too).

    The thread that receives them (the one relaying the pre-annotation child's results) owns this
    object: it keeps an article's packed tokens (:meth:`hold`,
    :data:`~annotator.nlp.pipeline_tokens.PackedTokens`) as it hands the suggestions on; whoever
    stores the suggestions says from any thread whether it stored them (:meth:`answer`, a put on
    a queue: microseconds); the owner's :meth:`write`
    then stores the tokens of the articles answered "stored" through a connection of its own
    (``mode=rw``: a missing project file is never created), in one ``BEGIN IMMEDIATE``
    transaction per :data:`HELD_BATCH` articles or :data:`HELD_SECONDS`, the connection closed at
    once. Each row is written only where the article still has that text (``articles.text_hash``)
    and a ``preannotations`` row: tokens never stand in the file for an article without its
    suggestions, nor for a text changed since. An article answered "not stored", never answered,
    or still held when :meth:`discard` is called gets nothing (a stale result: its run cancelled,
    its project replaced).

    Derived data, as :class:`TokenSink`'s: a file busy for :data:`HELD_WAIT_MS` keeps the rows for
    the next write (:data:`HELD_BUSY_TRIES` in a row, or any other SQLite error — read-only, no
    such file or table — and the run stops storing tokens: ``failed``); the first export
    tokenises what was not stored. ``written``: rows stored; ``skipped``: articles whose stored
    suggestions got no tokens here. Not thread-safe but :meth:`answer`.
    """

    def __init__(self, path: Path | str, *, batch: int = HELD_BATCH, seconds: float = HELD_SECONDS,
                 wait_ms: int = HELD_WAIT_MS) -> None:
        self._uri = Path(path).resolve().as_uri() + "?mode=rw"
        self._batch, self._seconds, self._wait_ms = batch, seconds, wait_ms
        self._held: dict[int, tuple[str, bytes, bytes, str]] = {}
        self._ready: list[tuple[int, str, bytes, bytes, str]] = []
        self._answers: queue.SimpleQueue[tuple[int, bool]] = queue.SimpleQueue()
        self._since: float | None = None  # time.monotonic() of the oldest ready row
        self._busy = 0
        self.failed = False
        self.written = 0
        self.skipped = 0

    @property
    def waiting(self) -> int:
        """Articles held and not answered yet."""
        return len(self._held)

    def hold(self, article_id: int, packed: tuple[str, bytes, bytes, str]) -> None:
        """Keep ``packed`` (text hash, starts, flags, norms) until ``article_id`` is answered."""
        self._held[article_id] = packed

    def answer(self, article_id: int, stored: bool) -> None:
        """Thread-safe: the article's suggestions were stored (``stored``) or not."""
        self._answers.put((article_id, stored))

    def _take_answers(self, block: float = 0.0) -> None:
        while True:
            try:
                article_id, stored = self._answers.get(timeout=block) if block else self._answers.get_nowait()
            except queue.Empty:
                return
            block = 0.0
            packed = self._held.pop(article_id, None)
            if packed is None:
                continue
            if stored and not self.failed:
                self._ready.append((article_id, *packed))
                if self._since is None:
                    self._since = time.monotonic()
            elif stored:
                self.skipped += 1

    def write(self, *, now: bool = False) -> int:
        """Take the answers given so far and store the ready rows when :data:`HELD_BATCH` are
        ready or the oldest has waited :data:`HELD_SECONDS` — and only while every article held
        has been answered (the other connection has finished storing what it was handed: the
        owner calls this before it hands on the next article, so the two never wait for each
        other's write lock; four batches are written regardless) — or ``now``; returns rows written."""
        self._take_answers()
        if not self._ready or self.failed:
            return 0
        if not now:
            due = len(self._ready) >= self._batch or time.monotonic() - (self._since or 0.0) >= self._seconds
            if not due or (self._held and len(self._ready) < 4 * self._batch):
                return 0
        return self._store()

    def settle(self, stop: Callable[[], bool], timeout: float) -> int:
        """Wait (at most ``timeout`` seconds, polling ``stop()`` every 50 ms: true ends the wait)
        for the answers of every held article, then store what is ready. Returns rows written."""
        end = time.monotonic() + timeout
        while self._held and not stop() and time.monotonic() < end:
            self._take_answers(block=0.05)
        written = self.write(now=True)
        while self._ready and not self.failed and not stop():  # the file was busy: HELD_BUSY_TRIES in all
            written += self._store()
        return written

    def discard(self) -> None:
        """Drop what is held and not answered (stale: its run was cancelled)."""
        self._take_answers()
        self._held.clear()

    def _store(self) -> int:
        from annotator.storage.transactions import is_busy

        rows = self._ready
        try:
            written = write_rows(self._uri, rows, wait_ms=self._wait_ms, writer="pre-annotation's token store",
                                 preannotated_only=True)
        except sqlite3.Error as exc:
            if is_busy(exc):
                self._busy += 1
                if self._busy < HELD_BUSY_TRIES:
                    return 0  # kept for the next write
            self.failed = True
            self.skipped += len(rows)
            self._ready, self._since = [], None
            return 0
        self._busy = 0
        self.written += written
        self.skipped += len(rows) - written
        self._ready, self._since = [], None
        return written


def write_rows(uri: str, rows: list[tuple[int, str, bytes, bytes, str]], *, wait_ms: int, writer: str,
               preannotated_only: bool = False) -> int:
    """Store ``rows`` (article id, text hash, packed starts, flags, norms) in one ``BEGIN
    IMMEDIATE`` transaction through a connection of its own to ``uri`` (a ``file:`` URI; ``mode=rw``
    keeps a missing file from being made), each only where its article still has that text hash
    (and, with ``preannotated_only``, is pre-annotated: a run the analyst cancelled stores nothing).
    Returns the rows written. Raises ``sqlite3.Error`` (a busy lock after ``wait_ms``, read-only
    file, no such table); ``writer`` names this writer to a window write failing meanwhile. The
    one writer of background token rows: pre-annotation's :class:`HeldTokens` and the window's idle
    preparation (:mod:`annotator.formats.token_prep`)."""
    from annotator.storage.transactions import background_writer, yield_to_foreground

    key = tokenizer_key()
    guard = " AND EXISTS (SELECT 1 FROM preannotations WHERE article_id = ?)" if preannotated_only else ""
    data = [(article_id, key, text_hash, starts, flags, norms, article_id, text_hash, *((article_id,) if preannotated_only else ()))
            for article_id, text_hash, starts, flags, norms in rows]
    conn = sqlite3.connect(uri, uri=True, timeout=wait_ms / 1000, isolation_level=None)
    try:
        # as the project's own connection in WAL mode: no fsync at each commit, which kept the
        # write lock (and a window's edit waiting) for tens of ms on a busy disk
        conn.execute("PRAGMA synchronous = NORMAL")
        yield_to_foreground()  # fix28: a write of the window waiting for the lock goes first
        with background_writer(writer):  # a window write failing meanwhile names it
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} (article_id, tokenizer, text_hash, starts, flags, norms) "
                    "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ? AND text_hash = ?)" + guard, data)
                written = max(0, cursor.rowcount)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    finally:
        conn.close()
    return written


class TokenSource:
    """The stored tokens of a project's articles, read in article id order as an export asks for
    them, and where the tokens it had to make are kept (:class:`TokenSink`).

    The cursor opens at the first request (an export that needs no tokens, such as csv or brat,
    reads none) and follows the ascending ids of :func:`annotator.formats.stream.iter_bundles`;
    a request out of that order is a point query. Not thread-safe, like the connection it reads.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | str | None) -> None:
        self._conn = conn
        self._path = path
        self._table: bool | None = None
        self._cursor: sqlite3.Cursor | None = None
        self._next: tuple | None = None
        self._last = -1
        self.sink: TokenSink | None = None
        self.made = 0

    _COLUMNS = "article_id, tokenizer, text_hash, starts, flags, norms"

    def stored(self, article_id: int, text_hash: str) -> Tokens | None:
        """The article's stored tokens, or None when it has none for this tokenizer and text."""
        packed = self.stored_packed(article_id, text_hash)
        return None if packed is None else unpack(*packed)

    def stored_packed(self, article_id: int, text_hash: str) -> tuple[bytes, bytes, str] | None:
        """The article's stored tokens as :func:`pack` wrote them — ``(starts, flags, norms)`` —
        for a writer that reads the bytes without numpy (the jsonl export's token bounds), or None
        as :meth:`stored`."""
        if self._table is None:
            self._table = has_table(self._conn)
        if not self._table:
            return None
        if article_id <= self._last:
            row = self._conn.execute(f"SELECT {self._COLUMNS} FROM {TABLE} WHERE article_id = ?", [article_id]).fetchone()
        else:
            if self._cursor is None:
                self._cursor = self._conn.execute(
                    f"SELECT {self._COLUMNS} FROM {TABLE} WHERE article_id >= ? ORDER BY article_id", [article_id])
                self._next = next(self._cursor, None)
            while self._next is not None and self._next[0] < article_id:
                self._next = next(self._cursor, None)
            row = self._next if self._next is not None and self._next[0] == article_id else None
            self._last = article_id
        if row is None or row[1] != tokenizer_key() or row[2] != text_hash:
            return None
        return row[3], row[4], row[5]

    def keep(self, article_id: int, text_hash: str, tokens: Tokens) -> None:
        """Keep tokens made for an article that had none (when the project can be written)."""
        self.made += 1
        if self._path is None:
            return
        if self.sink is None:
            self.sink = TokenSink(self._path)
        self.sink.add(article_id, text_hash, tokens)

    def close(self) -> None:
        if self._cursor is not None:
            with contextlib.suppress(sqlite3.ProgrammingError):  # the project closed first (an export that failed)
                self._cursor.close()
            self._cursor = None
        if self.sink is not None:
            self.sink.close()


def tokens_of_bundle(bundle: Any) -> Tokens:
    """The tokens of a bundle's article: its ``tokens``, else those stored in the project (its
    ``token_source``), else made now and kept there."""
    found = getattr(bundle, "tokens", None)
    if found is not None:
        return found
    article = bundle.article
    source = getattr(bundle, "token_source", None)
    if source is not None and article.id is not None:
        found = source.stored(article.id, article.text_hash)
        if found is not None:
            return found
    made = tokenize(article.text)
    if source is not None and article.id is not None:
        source.keep(article.id, article.text_hash, made)
    return made
