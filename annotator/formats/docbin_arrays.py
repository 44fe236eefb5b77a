"""One article's part of a spaCy ``DocBin`` made from token arrays, with no ``Doc``, ``Token`` or
``Span`` object (issue 12: building a Doc per article, ``char_span`` per span and ``DocBin.add``'s
per-token strings were most of a DocBin export).

:func:`doc_parts` gives what ``DocBin.add(doc)`` appends for the ``Doc`` that
:func:`annotator.formats.spacy_docbin.doc_of` builds (format: https://spacy.io/api/docbin; the
``DocBin.to_bytes`` fields of spaCy's ``tokens/_serialize.py``):

* ``tokens`` — ``doc.to_array(docbin.attrs)`` (uint64, one row a token). For a Doc made from
  words, as ``doc_of`` makes it, every column is 0 but ``ORTH`` (the word's string hash),
  ``NORM`` (the norm a tokenizer exception set, else the lexeme's), ``ENT_IOB``/``ENT_TYPE``
  (``doc.set_ents``: 3 begins, 1 continues, 2 outside, 0 missing), ``ENT_ID`` (the entity's span id hash) and ``SENT_START`` (1 on the
  first token, unless the stored tokens say the tokenizer left it unset and no token was split);
* ``spaces`` — ``doc.to_array(SPACY)``;
* ``span_groups`` — ``doc.spans.to_bytes()``: msgpack of ``{SpanGroup bytes: [key]}``, a group's
  bytes msgpack of ``{"name", "attrs": {}, "spans": [struct ">QQQllll" of span id hash, kb id 0,
  label hash, first token, end token, start char, end char]}`` (``tokens/span_group.pyx``);
* ``user_data`` — ``srsly.msgpack_dumps(doc.user_data)``;
* the strings ``DocBin.add`` puts in its table: those of the token columns and of the spans.

:func:`docs_parts` makes the parts of several articles at once: the word columns (``ORTH``,
``NORM``) and the string table are computed over all their tokens together, with numpy
(:func:`murmur_spans` hashes every token's UTF-8 bytes as spaCy's ``hash_string`` does), so no
Python object is made per token; Python runs once per span and once per distinct word.

It answers None (the caller builds the Doc) for what it does not do itself: an article without
tokens, a span whose edge is not a token edge (the Doc path raises the error), a text that is not
UTF-8 (a lone surrogate), a ``DocBin`` with other attributes. ``tests/formats/test_docbin_arrays.py`` checks it against the Doc path, and
the golden DocBin files (``tests/formats/golden``) are its bytes too.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
import struct
from typing import Any

from annotator.domain.model import ArticleBundle, Layer, Status
from annotator.formats.common import ExportReport
from annotator.formats.docbin_stream import array_header
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY, span_group_key
from annotator.formats.spacy_tokens import non_overlapping, split_arrays, trim_whitespace
from annotator.formats.stream import SPAN_COLUMNS, fast_reader, span_rows
from annotator.formats.token_store import NO_SENT_START, SPACE_AFTER, tokens_of_bundle

IOB_BEGIN, IOB_INSIDE, IOB_OUTSIDE = 3, 1, 2  # spaCy's ent_iob values (0: missing)
_SPAN = struct.Struct(">QQQllll")  # tokens/span_group.pyx: id, kb_id, label, start, end, start_char, end_char
_EMPTY_GROUPS = b"\x90"  # SpanGroups._EMPTY_BYTES: msgpack of []
# One span of a SpanGroup message as msgpack writes it: a bin 8 of the 40 bytes of _SPAN.
_SPAN_BIN = [("head", "S2"), ("id", ">u8"), ("kb_id", ">u8"), ("label", ">u8"), ("first", ">i4"), ("after", ">i4"),
             ("start", ">i4"), ("end", ">i4")]
_SPAN_BIN_HEAD = b"\xc4" + bytes([_SPAN.size])


@functools.lru_cache(maxsize=256)
def _group_head(key: str) -> bytes:
    """A SpanGroup message (``{"name": key, "attrs": {}, "spans": [...]}``, as
    :func:`msgpack_packer` packs it) up to its spans' array header."""
    from srsly.msgpack import Packer

    whole = Packer(use_bin_type=True).pack({"name": key, "attrs": {}, "spans": []})
    assert whole.endswith(b"\x90")  # "spans" is the last key: its (empty) array ends the message
    return whole[:-1]




def msgpack_packer() -> Any:
    """``srsly.msgpack_dumps`` without its cost per call: it makes a ``Packer`` (a 1 MB buffer,
    the encoder registry walked) for every message, ~45 µs; this packer, made once per export
    and used from one thread, packs with the same class and options, so the same bytes."""
    from srsly.msgpack import Packer

    return Packer(use_bin_type=True).pack


@dataclasses.dataclass(slots=True)
class Parts:
    """What ``DocBin.add`` appends for one Doc (see the module docstring)."""

    tokens: Any  # uint64 (n, len(attrs))
    spaces: Any  # bool (n, 1)
    span_groups: bytes
    user_data: dict[str, Any]
    strings: set[str]


_M = 0xC6A4A7935BD1E995  # MurmurHash64A's multiplier and shift (spacy_strings.murmurhash64a)
_R = 47


def murmur_spans(buf: bytes, starts: Any, lengths: Any, seed: int = 1) -> Any:
    """MurmurHash64A (seed ``seed``) of each ``buf[starts[i] : starts[i] + lengths[i]]``, as
    uint64: :func:`annotator.formats.spacy_strings.murmurhash64a` over arrays (byte offsets)."""
    import numpy

    count = len(starts)
    starts = numpy.asarray(starts, dtype=numpy.int64)
    lengths = numpy.asarray(lengths, dtype=numpy.int64)
    if not count:
        return numpy.zeros(0, dtype=numpy.uint64)
    padded = bytes(buf) + bytes(8)
    # Eight bytes from every offset (little-endian uint64; unaligned, overlapping): a block at
    # any token offset is one gather.
    at = numpy.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, offset=0, strides=(1,))
    m, r = numpy.uint64(_M), numpy.uint64(_R)
    h = numpy.uint64(seed) ^ (lengths.astype(numpy.uint64) * m)
    blocks = lengths // 8
    active = numpy.flatnonzero(blocks > 0)
    j = 0
    while len(active):
        k = at[starts[active] + 8 * j] * m
        k ^= k >> r
        k *= m
        h[active] = (h[active] ^ k) * m
        j += 1
        active = active[blocks[active] > j]
    rest = lengths & 7
    tail = numpy.flatnonzero(rest)
    if len(tail):
        masks = (numpy.uint64(1) << (numpy.uint64(8) * rest[tail].astype(numpy.uint64))) - numpy.uint64(1)
        h[tail] = (h[tail] ^ (at[starts[tail] + 8 * blocks[tail]] & masks)) * m
    h ^= h >> r
    h *= m
    h ^= h >> r
    return h


class Encoder:
    """Per export: the DocBin's column positions, and what each distinct word's hash stands for
    (:mod:`annotator.formats.spacy_strings`: no spaCy import, no ``Lexeme``; ``Doc(words=...)``
    made a lexeme per new word, 1.4 s per 1,000 articles)."""

    def __init__(self, attrs: list[int]) -> None:
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS

        self.width = len(attrs)
        where = {a: i for i, a in enumerate(attrs)}
        needed = [SYMBOLS[name] for name in ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_ID", "SENT_START")]
        self.usable = all(a in where for a in needed)
        self.orth, self.norm, self.iob, self.ent_type, self.ent_id, self.sent_start = (where.get(a, -1) for a in needed)
        self.pack = msgpack_packer()  # srsly.msgpack_dumps, made once (this thread's)
        self._ids: dict[str, int] = {}  # labels, norms: string -> spaCy id
        # Each distinct word of this export has a row: MurmurHash64A of its bytes -> row; per
        # row its ORTH id (the hash, or its symbol id), its lexeme's NORM id, the word, the norm.
        # The known hashes, ascending, and each one's row: a batch's distinct words are looked up
        # with one searchsorted, not a dict lookup each (~6,000 a batch at 10,000 articles).
        self.known = numpy.zeros(0, dtype=numpy.uint64)
        self.known_rows = numpy.zeros(0, dtype=numpy.int64)
        self.orth_table = numpy.zeros(4096, dtype=numpy.uint64)
        self.norm_table = numpy.zeros(4096, dtype=numpy.uint64)
        self.word_texts: list[str] = []
        self.norm_texts: list[str] = []
        # Which rows' word and norm are already in the string table being filled (use_table):
        # a batch adds only the strings new to it, not the ~6,000 of its every word again.
        self._table: Any = None
        self._word_in = numpy.zeros(0, dtype=bool)
        self._norm_in = numpy.zeros(0, dtype=bool)

    def use_table(self, table: Any) -> None:
        """The parts made next go to ``table``'s string table (a DocBin being filled): the words
        and norms already given to it are not given again. None: a table of its own for each
        :func:`docs_parts` call (every string given)."""
        if table is None or table is not self._table:
            import numpy

            self._table = table
            self._word_in = numpy.zeros(len(self.word_texts), dtype=bool)
            self._norm_in = numpy.zeros(len(self.word_texts), dtype=bool)

    def unseen(self, rows: Any, *, norms: bool = False) -> list[str]:
        """The words (``norms``: the lexeme norms) of ``rows`` not yet given to the table of
        :meth:`use_table`, now marked given."""
        import numpy

        mask = self._norm_in if norms else self._word_in
        if len(mask) < len(self.word_texts):
            mask = numpy.concatenate([mask, numpy.zeros(len(self.word_texts) - len(mask), dtype=bool)])
            if norms:
                self._norm_in = mask
            else:
                self._word_in = mask
        new = rows[~mask[rows]]
        mask[new] = True
        return list(map((self.norm_texts if norms else self.word_texts).__getitem__, new.tolist()))

    def rows_of(self, distinct: Any, first_at: Any, text: str, starts: Any, stops: Any) -> Any:
        """The rows (int64 array) of the words whose MurmurHash64A are ``distinct`` (ascending,
        distinct); a word not seen before in this export is ``text[starts[i]:stops[i]]`` with
        ``i = first_at[k]`` (any token of that hash), and gets its row."""
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS, lexeme_norm

        known = self.known
        at = numpy.searchsorted(known, distinct)
        hit = numpy.zeros(len(distinct), dtype=bool)
        if len(known):
            hit = known[numpy.minimum(at, len(known) - 1)] == distinct
        found = numpy.empty(len(distinct), dtype=numpy.int64)
        found[hit] = self.known_rows[at[hit]]
        new = numpy.flatnonzero(~hit)
        if len(new):
            words = [text[i:j] for i, j in zip(starts[first_at[new]].tolist(), stops[first_at[new]].tolist())]
            norms = [lexeme_norm(w) for w in words]
            norm_ids = self.hash_many(norms)
            row = len(self.word_texts)
            if row + len(new) > len(self.orth_table):
                size = max(row + len(new), 2 * len(self.orth_table))
                self.orth_table = numpy.resize(self.orth_table, size)
                self.norm_table = numpy.resize(self.norm_table, size)
            new_rows = numpy.arange(row, row + len(new), dtype=numpy.int64)
            orth = distinct[new].copy()
            symbols = [(k, SYMBOLS[w]) for k, w in enumerate(words) if w in SYMBOLS]
            for k, symbol in symbols:
                orth[k] = symbol
            self.orth_table[row : row + len(new)] = orth
            self.norm_table[row : row + len(new)] = numpy.fromiter(map(norm_ids.__getitem__, norms), dtype=numpy.uint64,
                                                                   count=len(norms))
            self.word_texts.extend(words)
            self.norm_texts.extend(norms)
            found[new] = new_rows
            self.known = numpy.insert(known, at[new], distinct[new])
            self.known_rows = numpy.insert(self.known_rows, at[new], new_rows)
        return found

    def hash_many(self, texts: list[str], *, keep: bool = True) -> dict[str, int]:
        """spaCy's ids of ``texts`` (``StringStore.add``): those not known hashed together.
        ``keep``: remember them for this export (labels, norms; not span ids, each used once).
        Raises ``UnicodeEncodeError`` for a lone surrogate, as spaCy does."""
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS

        if keep:
            found = {t: self._ids[t] for t in texts if t in self._ids}
            todo = [t for t in dict.fromkeys(texts) if t not in found]
        else:  # span ids, each used once: hashed without looking in the cache (the same ids either way)
            found, todo = {}, list(dict.fromkeys(texts))
        if todo:
            # One encode of them all (issue 12, docbin12: an encode a text was most of this for
            # the 162,598 span ids of 10,000 articles); a text's byte length is its length when
            # the whole is ASCII, else each is measured. A lone surrogate raises here, as before.
            joined = "".join(todo)
            data = joined.encode("utf-8")
            sizes = map(len, todo) if len(data) == len(joined) else (len(t.encode("utf-8")) for t in todo)
            lengths = numpy.fromiter(sizes, dtype=numpy.int64, count=len(todo))
            starts = numpy.cumsum(lengths) - lengths
            found.update(zip(todo, murmur_spans(data, starts, lengths).tolist()))
            for t in SYMBOLS.keys() & found.keys():  # a text that is one of spaCy's symbols has its id
                found[t] = SYMBOLS[t]
            if keep:
                self._ids.update((t, found[t]) for t in todo)
        return found

    def hash(self, text: str) -> int:
        """spaCy's id of ``text`` (``StringStore.add``), cached."""
        found = self._ids.get(text)
        if found is None:
            from annotator.formats.spacy_strings import string_id

            found = self._ids[text] = string_id(text)
        return found


@dataclasses.dataclass(slots=True)
class _Article:
    """One article as :func:`docs_parts` sees it before its tokens are placed (char offsets)."""

    bundle: ArticleBundle
    text: str
    tokens: Any
    spans: list[tuple[Any, ...]]  # span_values(bundle): one tuple a span, in bundle.spans' order
    groups: dict[str, list[int]]  # doc.spans key -> indices of its spans in spans
    ents: list[tuple[int, int, str, str]]  # start char, end char, label, span id (doc.ents)
    undecided: list[tuple[int, int]]  # char ranges of suggested entities: missing
    all_missing: bool  # doc.set_ents([], default="missing")
    opens: list[int]  # every span's start, in bundle.spans' order, then each trimmed entity's
    closes: list[int]  # their ends (two flat lists: the batch's edge arrays are made without a tuple an edge)
    left_out: list[tuple[str, int]]


_ENTITY, _ACCEPTED, _SUGGESTED = str(Layer.ENTITY), str(Status.ACCEPTED), str(Status.SUGGESTED)
_BOUNDS = operator.itemgetter(0, 1)
_STATUS_TEXT = {s: str(s) for s in Status}  # str() of an enum member runs Python code: once per status
_NO_ATTRS = frozenset({None, "", "{}"})  # the stored forms of an empty attrs
# The spans table's columns as span_values reads a row in place; another order reads every row
# through the stream's reader.
_ROW_COLUMNS = ("id", "article_id", "start", "end", "label", "layer", "status", "origin", "attrs", "created", "updated",
                "by", "analyst")
_IN_PLACE = SPAN_COLUMNS == _ROW_COLUMNS


@dataclasses.dataclass(frozen=True, slots=True)
class _Kind:
    """What :func:`span_group_key` reads of a span."""

    layer: str
    status: str
    analyst: str


def span_values(bundle: ArticleBundle) -> list[tuple[Any, ...]]:
    """One tuple a span of ``bundle``, in ``bundle.spans``' order: ``(id, start, end, label, layer,
    status text, origin, attrs or None, created, updated, by, analyst)`` (offsets in code points,
    NULL text as "", attrs None when empty), what its :class:`~annotator.domain.model.Span` record
    holds.

    Reads a :class:`~annotator.formats.stream.RowBundle`'s span rows in place (issue 12: making
    162,598 Span records was 12 % of a DocBin export at 10,000 articles): a row of the usual kinds
    (int offsets ``0 <= start < end``, str id, label and layer, a stored status, an empty attrs,
    text or NULL elsewhere) is read as it is; any other row is made a Span by the stream's own
    reader, which keeps what was stored or raises (``ValueError``), as before."""
    rows = span_rows(bundle)
    if rows is None or not _IN_PLACE:
        return [_of_record(s) for s in bundle.spans]
    found = []
    append = found.append
    for row in rows:
        span_id, _, start, end, label, layer, status, origin, attrs, created, updated, by, analyst = row
        if (type(start) is int and type(end) is int and 0 <= start < end and type(span_id) is str and type(label) is str
                and type(layer) is str and status in _STORED_STATUSES and attrs in _NO_ATTRS
                and (origin is None or type(origin) is str) and (created is None or type(created) is str)
                and (updated is None or type(updated) is str) and (by is None or type(by) is str)
                and (analyst is None or type(analyst) is str)):
            append((span_id, start, end, label, layer, status, origin or "", None, created or "", updated or "", by or "",
                    analyst or ""))
        else:
            append(_of_record(_span_reader()(row)))
    return found


_STORED_STATUSES = frozenset(_STATUS_TEXT.values())


def _of_record(s: Any) -> tuple[Any, ...]:
    return (s.id, s.start, s.end, s.label, s.layer, _STATUS_TEXT.get(s.status) or str(s.status), s.origin,
            s.attrs or None, s.created, s.updated, s.by, s.analyst)


@functools.lru_cache(maxsize=1)
def _span_reader() -> Any:
    from annotator.domain.model import Span

    return fast_reader(Span, SPAN_COLUMNS)


def _span_records(spans: list[tuple[Any, ...]]) -> dict[str, dict[str, Any]]:
    """``user_data["spans"]`` of :func:`span_values`' tuples: what ``spacy_docbin._span`` makes of
    each record, keyed by id (``spacy_docbin.span_key``), made from the tuples without a record."""
    found = {}
    for span_id, start, end, label, layer, status, origin, attrs, created, updated, by, analyst in spans:
        record = {"id": span_id, "start": start, "end": end, "label": label, "layer": layer, "status": status,
                  "origin": origin, "attrs": dict(attrs) if attrs else {}, "by": by, "created": created, "updated": updated}
        if analyst:
            record["analyst"] = analyst
        found[span_id] = record
    return found


def doc_parts(bundle: ArticleBundle, report: ExportReport, encoder: Encoder, *, gold_decided: Any) -> Parts | None:
    """The DocBin parts of ``doc_of(bundle, report)`` (see the module docstring), counting into
    ``report`` exactly what ``doc_of`` counts; None, with ``report`` untouched, when the caller
    must build the Doc. ``gold_decided(bundle)``: ``doc_of``'s test for an analyst-only article."""
    return docs_parts([bundle], report, encoder, gold_decided=gold_decided)[0]


def docs_parts(bundles: list[ArticleBundle], report: ExportReport, encoder: Encoder, *, gold_decided: Any,
               table: Any = None) -> list[Parts | None]:
    """:func:`doc_parts` of each of ``bundles``, made together (see the module docstring): every
    per-token step runs once over all their tokens, in one coordinate system. The first
    article's ``strings`` are those of every article made here, the others' are empty: they
    must all go to the same DocBin. None for an article the caller must build a Doc for (not
    counted in ``report``). ``table``: the DocBin the parts go to (:meth:`Encoder.use_table`:
    the strings it was given before are not given again); None: every string of these parts."""
    if not encoder.usable:
        return [None] * len(bundles)
    articles = [_article(b, gold_decided) for b in bundles]
    live = [a for a in articles if a is not None]
    if not live:
        return [None] * len(bundles)
    encoder.use_table(table)
    made = _made_together(live, report, encoder)
    if made is None:  # a span edge that is no token edge: those articles go to the Doc path
        ok = [a for a in live if _exact(a)]
        made = _made_together(ok, report, encoder) if ok else {}
        assert made is not None
    return [None if a is None else made.get(id(a)) for a in articles]


def _distinct(values: Any) -> tuple[Any, Any, Any]:
    """``(distinct, at, inverse)``: the distinct ``values`` ascending, for each the index of one of
    its occurrences (any: numpy.unique's ``return_index`` needs a stable sort, slower), and
    each value's index in ``distinct``."""
    import numpy

    if not len(values):
        empty = numpy.zeros(0, dtype=numpy.int64)
        return values[:0], empty, empty
    order = numpy.argsort(values)
    ordered = values[order]
    first = numpy.empty(len(values), dtype=bool)
    first[0] = True
    numpy.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = numpy.empty(len(values), dtype=numpy.int64)
    inverse[order] = numpy.cumsum(first) - 1
    return ordered[first], order[first], inverse


def _exact(article: _Article) -> bool:
    return _made_together([article], ExportReport(), None) is not None


def _on(edges: Any, points: Any) -> Any:
    """Bool per point: among the ascending ``edges``."""
    import numpy

    if not len(edges):
        return numpy.zeros(len(points), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(edges, points), len(edges) - 1)
    return edges[at] == points


def _ranges(starts: Any, ends: Any) -> tuple[Any, Any]:
    """``(owner, position)``: every position of every ``[starts[j], ends[j])``, and its j."""
    import numpy

    lengths = numpy.maximum(ends - starts, 0)
    owner = numpy.repeat(numpy.arange(len(starts)), lengths)
    position = numpy.arange(int(lengths.sum())) - numpy.repeat(numpy.cumsum(lengths) - lengths, lengths) + starts[owner]
    return owner, position


def _made_together(live: list[_Article], report: ExportReport, encoder: Encoder | None) -> dict[int, Parts] | None:
    """The parts of ``live`` by ``id`` of each; None, with ``report`` untouched, when a span of
    one of them is not a token range (``encoder`` None: only that check)."""
    import numpy

    # Article k's code point i is shifts[k] + i: a gap of one between articles, so that no
    # edge of one is a token edge of the next.
    lengths = numpy.array([len(a.text) for a in live], dtype=numpy.int64)
    shifts = numpy.concatenate(([0], numpy.cumsum(lengths + 1)[:-1]))
    counts = numpy.array([len(a.tokens) for a in live], dtype=numpy.int64)
    starts = numpy.concatenate([a.tokens.starts for a in live]) + numpy.repeat(shifts, counts)
    flags = numpy.concatenate([a.tokens.flags for a in live])
    spaces = (flags & SPACE_AFTER).astype(bool)
    lasts = numpy.cumsum(counts) - 1
    nexts = numpy.empty_like(starts)
    nexts[:-1] = starts[1:]
    nexts[lasts] = shifts + lengths
    stops = nexts - spaces
    sent_start = (flags[lasts - counts + 1] & NO_SENT_START) == 0
    norms = [a.tokens.norms for a in live]

    # An article with a span edge inside a token (or on a trailing space) is split as
    # aligned_doc splits it (split_plan); the others keep the stored tokens.
    edge_counts = numpy.array([len(a.opens) for a in live], dtype=numpy.int64)
    n_edges = int(edge_counts.sum())
    to_split: set[int] = set()
    edge_first = numpy.cumsum(edge_counts) - edge_counts
    local_opens = numpy.fromiter(itertools.chain.from_iterable(a.opens for a in live), dtype=numpy.int64, count=n_edges)
    local_closes = numpy.fromiter(itertools.chain.from_iterable(a.closes for a in live), dtype=numpy.int64, count=n_edges)
    if n_edges:
        edge_shift = numpy.repeat(shifts, edge_counts)
        opens = local_opens + edge_shift
        closes = local_closes + edge_shift
        bad = ~(_on(starts, opens) & _on(stops, closes))
        if bad.any():
            to_split = set(numpy.repeat(numpy.arange(len(live)), edge_counts)[bad].tolist())
    if to_split:
        # One split plan for the tokens of the articles that need one, and only theirs (a cut
        # never reaches another article: split_arrays; issue 12: planning over every token of the
        # batch was an eighth of a DocBin export, as in CoNLL's export12h); aligned_doc's Doc
        # from the split words keeps the norms of unsplit tokens and starts a sentence.
        need = numpy.zeros(len(live), dtype=bool)
        need[sorted(to_split)] = True
        theirs = numpy.repeat(need, edge_counts)
        mine = numpy.repeat(need, counts)
        sub = numpy.flatnonzero(mine)
        plan = split_arrays(starts[sub], stops[sub], spaces[sub], opens[theirs], closes[theirs])
        if plan is not None:
            split_starts, split_stops, split_spaces = plan
            # The other articles' tokens as they were, merged with the split ones by offset
            # (tokens tile their texts, with a gap between texts: no two start at one offset).
            others = numpy.flatnonzero(~mine)
            kept_starts = starts[others]
            size = len(others) + len(split_starts)
            to_split_at = numpy.arange(len(split_starts)) + numpy.searchsorted(kept_starts, split_starts)
            kept_at = numpy.arange(len(others)) + numpy.searchsorted(split_starts, kept_starts)
            new_starts = numpy.empty(size, dtype=numpy.int64)
            new_stops = numpy.empty(size, dtype=numpy.int64)
            new_spaces = numpy.empty(size, dtype=bool)
            new_starts[kept_at], new_starts[to_split_at] = kept_starts, split_starts
            new_stops[kept_at], new_stops[to_split_at] = stops[others], split_stops
            new_spaces[kept_at], new_spaces[to_split_at] = spaces[others], split_spaces
            at = numpy.searchsorted(new_starts, starts)
            kept = (new_starts[at] == starts) & (new_stops[at] == stops)
            new_counts = numpy.bincount(numpy.searchsorted(shifts, new_starts, side="right") - 1, minlength=len(live))
            old_first = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))
            new_first = numpy.concatenate(([0], numpy.cumsum(new_counts)[:-1]))
            norms = list(norms)
            for k in numpy.flatnonzero(new_counts != counts).tolist():  # the articles split_plan changed
                base, new_base = int(old_first[k]), int(new_first[k])
                norms[k] = {int(at[base + i]) - new_base: norm for i, norm in norms[k].items() if kept[base + i]}
                sent_start[k] = True
            starts, stops, spaces = new_starts, new_stops, new_spaces
            counts = new_counts.astype(numpy.int64)
    offsets = numpy.concatenate(([0], numpy.cumsum(counts)))
    total = int(offsets[-1])

    # Token range of every span; a Doc's char_span is None when an edge is not a token edge.
    span_counts = numpy.array([len(a.spans) for a in live], dtype=numpy.int64)
    n_spans = int(span_counts.sum())
    span_doc = numpy.repeat(numpy.arange(len(live)), span_counts)
    # every span's (start, end) leads its article's edges (_article)
    span_rank = numpy.arange(n_spans) - numpy.repeat(numpy.cumsum(span_counts) - span_counts, span_counts)
    span_at_edge = edge_first[span_doc] + span_rank
    span_starts, span_ends = local_opens[span_at_edge], local_closes[span_at_edge]
    span_starts, span_ends = span_starts + shifts[span_doc], span_ends + shifts[span_doc]
    first = numpy.searchsorted(starts, span_starts)
    after = numpy.searchsorted(stops, span_ends) + 1
    if n_spans:
        clipped_first, clipped_last = numpy.minimum(first, total - 1), numpy.minimum(after - 1, total - 1)
        exact = ((first < total) & (after - 1 < total) & (starts[clipped_first] == span_starts)
                 & (stops[clipped_last] == span_ends) & (after > first)
                 & (first >= offsets[span_doc]) & (after <= offsets[span_doc + 1]))
        if not exact.all():
            return None
    if encoder is None:
        return {}
    first_local = first - offsets[span_doc]
    after_local = after - offsets[span_doc]

    # The entity columns: doc.set_ents(ents, missing=[undecided tokens], default="outside").
    iob = numpy.full(total, IOB_OUTSIDE, dtype=numpy.uint64)
    und = [(s + shift, e + shift) for a, shift in zip(live, shifts.tolist()) for s, e in a.undecided]
    if und:
        bounds = numpy.array(und, dtype=numpy.int64)
        _, covered = _ranges(numpy.searchsorted(starts, bounds[:, 0]), numpy.searchsorted(stops, bounds[:, 1]) + 1)
        iob[covered] = 0
    ents = [(s + shift, e + shift, label, span_id) for a, shift in zip(live, shifts.tolist()) for s, e, label, span_id in a.ents]
    span_ids = encoder.hash_many([v[0] for a in live for v in a.spans], keep=False)  # an entity's id is its span's
    ent_type = numpy.zeros(total, dtype=numpy.uint64)
    ent_id = numpy.zeros(total, dtype=numpy.uint64)
    if ents:
        ent_starts, ent_ends, ent_labels, ent_ids = zip(*ents)  # one zip, no generator per entity
        ent_first = numpy.searchsorted(starts, numpy.array(ent_starts, dtype=numpy.int64))
        ent_after = numpy.searchsorted(stops, numpy.array(ent_ends, dtype=numpy.int64)) + 1
        owner, covered = _ranges(ent_first, ent_after)
        iob[covered] = IOB_INSIDE
        iob[ent_first] = IOB_BEGIN
        labels = encoder.hash_many(list(ent_labels))
        ent_type[covered] = numpy.array(list(map(labels.__getitem__, ent_labels)), dtype=numpy.uint64)[owner]
        ent_id[covered] = numpy.array(list(map(span_ids.__getitem__, ent_ids)), dtype=numpy.uint64)[owner]  # set_ents sets ent_id from the span's id
    for k, a in enumerate(live):
        if a.all_missing:
            iob[offsets[k] : offsets[k + 1]] = 0

    # The word columns: each token's UTF-8 bytes hashed (MurmurHash64A, spaCy's hash_string)
    # over the joined texts, and Python only for the words never seen before in this export.
    text = "\n".join(a.text for a in live)  # the gap of one between articles
    data = text.encode("utf-8")  # each text was checked by _article
    if len(data) == len(text):  # ASCII: a byte offset is a code point offset
        byte_starts, byte_lengths = starts, stops - starts
    else:
        points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
        width = 1 + (points >= 0x80).astype(numpy.int64) + (points >= 0x800) + (points >= 0x10000)
        byte_offsets = numpy.concatenate(([0], numpy.cumsum(width)))
        byte_starts = byte_offsets[starts]
        byte_lengths = byte_offsets[stops] - byte_starts
    hashes = murmur_spans(data, byte_starts, byte_lengths)
    distinct, first_at, inverse = _distinct(hashes)
    rows = encoder.rows_of(distinct, first_at, text, starts, stops)
    orth = encoder.orth_table[rows][inverse]
    norm = encoder.norm_table[rows][inverse]
    # The strings DocBin.add puts in its table: "" (the all-zero columns: TAG, LEMMA, ...), each
    # word, each norm (a tokenizer exception's norm instead of the lexeme's where one is set,
    # the lexeme's where a token of the word has none), each label and span id.
    strings: set[str] = {""}
    strings.update(encoder.unseen(rows))
    exceptions = {int(offsets[k]) + i: value for k, found_norms in enumerate(norms) for i, value in found_norms.items()}
    if exceptions:
        exception_ids = encoder.hash_many(list(exceptions.values()))
        where = numpy.fromiter(exceptions, dtype=numpy.int64, count=len(exceptions))
        norm[where] = numpy.fromiter((exception_ids[v] for v in exceptions.values()), dtype=numpy.uint64, count=len(exceptions))
        strings.update(exceptions.values())
        plain = numpy.ones(total, dtype=bool)
        plain[where] = False
        used = numpy.zeros(len(rows), dtype=bool)
        used[inverse[plain]] = True
        strings.update(encoder.unseen(rows[used], norms=True))
    else:
        strings.update(encoder.unseen(rows, norms=True))
    if ents:
        strings.update(ent_labels)
        strings.update(ent_ids)

    columns = numpy.zeros((total, encoder.width), dtype=numpy.uint64)
    columns[:, encoder.orth] = orth
    columns[:, encoder.norm] = norm
    columns[:, encoder.iob] = iob
    columns[:, encoder.ent_type] = ent_type
    columns[:, encoder.ent_id] = ent_id
    columns[offsets[:-1][sent_start], encoder.sent_start] = 1

    from annotator.formats.spacy_docbin import USER_DATA_KEY, user_data

    pack = encoder.pack
    # Every span is in one of its article's groups: their ids and labels go to the string table
    # once, not span by span.
    labels_of_spans = {v[3] for a in live for v in a.spans}
    label_ids = encoder.hash_many(list(labels_of_spans))
    strings.update(labels_of_spans)
    strings.update(span_ids)  # every span's id (the entities' are among them)
    # Every span's SpanGroup struct as a msgpack bin, made for the batch as one record array: a
    # group's "spans" list is then one tobytes of its members (no struct.pack per span).
    records = numpy.zeros(n_spans, dtype=_SPAN_BIN)
    if n_spans:
        records["head"] = _SPAN_BIN_HEAD
        every = [v for a in live for v in a.spans]
        records["id"] = numpy.fromiter(map(span_ids.__getitem__, [v[0] for v in every]), dtype=numpy.uint64, count=n_spans)
        records["label"] = numpy.fromiter(map(label_ids.__getitem__, [v[3] for v in every]), dtype=numpy.uint64,
                                          count=n_spans)
        records["first"] = first_local
        records["after"] = after_local
        records["start"] = local_opens[span_at_edge]
        records["end"] = local_closes[span_at_edge]
    out: dict[int, Parts] = {}
    span_at = 0
    for k, a in enumerate(live):
        spans = a.spans
        # doc.spans.to_bytes(): one SpanGroup message per key, in the order the keys were set.
        if a.groups:
            message: dict[bytes, list[str]] = {}
            mine = records[span_at : span_at + len(spans)]
            for key, members in a.groups.items():
                head = _group_head(key)
                body = mine[members].tobytes() if len(members) < len(spans) else mine.tobytes()
                message.setdefault(head + array_header(len(members)) + body, []).append(key)
            span_groups = pack(message)
        else:
            span_groups = _EMPTY_GROUPS
        span_at += len(spans)
        for reason, n in a.left_out:
            report.leave_out(reason, n)
        report.articles += 1
        report.spans += len(spans)  # every span is in one group
        report.relations += len(a.bundle.relations)
        report.stances += len(a.bundle.stances)  # fix11z: in user_data
        lo, hi = int(offsets[k]), int(offsets[k + 1])
        out[id(a)] = Parts(tokens=columns[lo:hi], spaces=spaces[lo:hi].reshape((hi - lo, 1)), span_groups=span_groups,
                           user_data={USER_DATA_KEY: user_data(a.bundle, spans=_span_records(spans))},
                           strings=strings if not out else set())
    return out


@functools.lru_cache(maxsize=1024)
def _group_key(layer: str, status: str, analyst: str) -> str:
    """:func:`span_group_key` of a span of these, once per export and kind, not once a span."""
    return span_group_key(_Kind(layer, status, analyst))


@functools.lru_cache(maxsize=1)
def _reasons() -> tuple[str, str, str, str, str]:
    """spacy_docbin's left-out reasons (imported once, not once an article: it imports this module)."""
    from annotator.formats.spacy_docbin import BLANK, CONTRADICTED, CONTRADICTED_KEY, OVERLAP, TRIMMED

    return BLANK, CONTRADICTED, CONTRADICTED_KEY, OVERLAP, TRIMMED


def _article(bundle: ArticleBundle, gold_decided: Any) -> _Article | None:
    """What the article's Doc holds, in char offsets (doc_of's rules); None when the caller must
    build the Doc."""
    BLANK, CONTRADICTED, CONTRADICTED_KEY, OVERLAP, TRIMMED = _reasons()

    text = bundle.article.text
    tokens = tokens_of_bundle(bundle)
    if not len(tokens):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the Doc path raises spaCy's own error
        return None
    spans = span_values(bundle)
    left_out: list[tuple[str, int]] = []
    groups: dict[str, list[int]] = {}
    candidates: list[tuple[int, int, str, str]] = []  # trimmed accepted entities: start, end, label, id
    undecided: list[tuple[int, int]] = []
    opens = [v[1] for v in spans]
    closes = [v[2] for v in spans]
    any_analyst = any_gold = False
    for k, (span_id, start, end, label, layer, status, _, _, _, _, _, analyst) in enumerate(spans):
        key = _group_key(layer, status, analyst)
        if key in groups:
            groups[key].append(k)
        else:
            groups[key] = [k]
        if analyst:
            any_analyst = True
        else:
            any_gold = True
        if layer != _ENTITY:
            continue
        if text[start].isspace() or text[end - 1].isspace():  # rare: trim (None when blank)
            bounds = trim_whitespace(text, start, end)
        else:
            bounds = (start, end)
        if bounds is not None:
            opens.append(bounds[0])
            closes.append(bounds[1])
        if analyst:
            continue
        if status == _ACCEPTED:
            if bounds is None:
                left_out.append((BLANK, 1))
                continue
            if bounds != (start, end):
                left_out.append((TRIMMED, 1))
            candidates.append((*bounds, label, span_id))
        elif status == _SUGGESTED and bounds is not None:
            undecided.append(bounds)

    ents = sorted(candidates, key=_BOUNDS)  # stable: (start, end, index), non_overlapping's text order
    if any(ents[i][1] > ents[i + 1][0] for i in range(len(ents) - 1)):  # an overlap: the longest-first rule decides
        chosen, dropped = non_overlapping([(s, e) for s, e, _, _ in candidates])
        ents = [candidates[i] for i in chosen]
        left_out.append((OVERLAP, len(dropped)))
    all_missing = any_analyst and not any_gold and not gold_decided(bundle)
    if all_missing:
        ents, undecided = [], []

    if INCORRECT_SPANS_KEY in groups:
        positive = {(s, e, label) for s, e, label, _ in ents}
        kept_rejected, contradicted = [], []
        for i in groups.pop(INCORRECT_SPANS_KEY):
            (contradicted if spans[i][1:4] in positive else kept_rejected).append(i)
        if kept_rejected:
            groups[INCORRECT_SPANS_KEY] = kept_rejected
        if contradicted:
            groups[CONTRADICTED_KEY] = contradicted
            left_out.append((CONTRADICTED, len(contradicted)))
    return _Article(bundle, text, tokens, spans, groups, ents, undecided, all_missing, opens, closes, left_out)
