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
import struct
from typing import Any

from annotator.domain.model import ArticleBundle, Layer, Status
from annotator.formats.common import ExportReport
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY, span_group_key
from annotator.formats.spacy_tokens import non_overlapping, split_plan, trim_whitespace
from annotator.formats.token_store import NO_SENT_START, tokens_of_bundle

IOB_BEGIN, IOB_INSIDE, IOB_OUTSIDE = 3, 1, 2  # spaCy's ent_iob values (0: missing)
_SPAN = struct.Struct(">QQQllll")  # tokens/span_group.pyx: id, kb_id, label, start, end, start_char, end_char
_EMPTY_GROUPS = b"\x90"  # SpanGroups._EMPTY_BYTES: msgpack of []


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
        from annotator.formats.spacy_strings import SYMBOLS

        self.width = len(attrs)
        where = {a: i for i, a in enumerate(attrs)}
        needed = [SYMBOLS[name] for name in ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_ID", "SENT_START")]
        self.usable = all(a in where for a in needed)
        self.orth, self.norm, self.iob, self.ent_type, self.ent_id, self.sent_start = (where.get(a, -1) for a in needed)
        self._ids: dict[str, int] = {}  # labels, norms: string -> spaCy id
        # MurmurHash64A of a word's bytes -> (its ORTH id: the hash, or its symbol id; its
        # lexeme's NORM id; the word; its lexeme's norm)
        self.words: dict[int, tuple[int, int, str, str]] = {}

    def learn(self, hashes: Any, text: str, starts: Any, stops: Any) -> None:
        """Note what the words ``text[starts[i]:stops[i]]`` with the MurmurHash64A ``hashes``
        stand for, those not seen before in this export."""
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS, lexeme_norm

        known = self.words
        listed = hashes.tolist()
        new = set(listed).difference(known)
        if not new:
            return
        firsts = {}
        for i in numpy.flatnonzero(numpy.isin(hashes, numpy.fromiter(new, dtype=numpy.uint64, count=len(new)))).tolist():
            firsts.setdefault(listed[i], i)
        words = [text[int(starts[i]) : int(stops[i])] for i in firsts.values()]
        norms = [lexeme_norm(w) for w in words]
        norm_ids = self.hash_many(norms)
        for (key, word, norm) in zip(firsts, words, norms):
            symbol = SYMBOLS.get(word)
            known[key] = (key if symbol is None else symbol, norm_ids[norm], word, norm)

    def hash_many(self, texts: list[str], *, keep: bool = True) -> dict[str, int]:
        """spaCy's ids of ``texts`` (``StringStore.add``): those not known hashed together.
        ``keep``: remember them for this export (labels, norms; not span ids, each used once).
        Raises ``UnicodeEncodeError`` for a lone surrogate, as spaCy does."""
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS

        found = {t: self._ids[t] for t in texts if t in self._ids}
        todo = [t for t in dict.fromkeys(texts) if t not in found]
        if todo:
            data = [t.encode("utf-8") for t in todo]
            lengths = numpy.fromiter(map(len, data), dtype=numpy.int64, count=len(data))
            starts = numpy.cumsum(lengths) - lengths
            for t, h in zip(todo, murmur_spans(b"".join(data), starts, lengths).tolist()):
                symbol = SYMBOLS.get(t)
                found[t] = h if symbol is None else symbol
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
class _Prepared:
    """One article's parts but the word columns (:func:`docs_parts`)."""

    bundle: ArticleBundle
    text: str
    starts: Any
    stops: Any
    spaces: Any
    norms: dict[int, str]
    sent_start: bool
    iob: Any
    ents: list[tuple[int, int, str, str]]  # start char, end char, label, span id
    ent_ranges: list[tuple[int, int]]  # their token ranges
    groups: dict[str, list[tuple[str, str, int, int, int, int]]]
    left_out: list[tuple[str, int]]


def doc_parts(bundle: ArticleBundle, report: ExportReport, encoder: Encoder, *, gold_decided: Any) -> Parts | None:
    """The DocBin parts of ``doc_of(bundle, report)`` (see the module docstring), counting into
    ``report`` exactly what ``doc_of`` counts; None, with ``report`` untouched, when the caller
    must build the Doc. ``gold_decided(bundle)``: ``doc_of``'s test for an analyst-only article."""
    return docs_parts([bundle], report, encoder, gold_decided=gold_decided)[0]


def docs_parts(bundles: list[ArticleBundle], report: ExportReport, encoder: Encoder, *, gold_decided: Any) -> list[Parts | None]:
    """:func:`doc_parts` of each of ``bundles``, made together (see the module docstring). The
    first article's ``strings`` are those of every article made here, the others' are empty: they
    must all go to the same DocBin. None for an article the caller must build a Doc for (not
    counted in ``report``)."""
    import numpy

    if not encoder.usable:
        return [None] * len(bundles)
    prepared = [_prepare(b, encoder, gold_decided) for b in bundles]
    live = [p for p in prepared if p is not None]
    if not live:
        return [None] * len(bundles)

    # The word columns of every token of these articles at once: the articles' texts joined,
    # each token's UTF-8 bytes hashed (MurmurHash64A, spaCy's hash_string), and Python only for
    # the words never seen before in this export.
    text = "".join(p.text for p in live)
    shifts = numpy.cumsum([0, *(len(p.text) for p in live[:-1])])
    counts = [len(p.starts) for p in live]
    starts = numpy.concatenate([p.starts + shift for p, shift in zip(live, shifts.tolist())])
    stops = numpy.concatenate([p.stops + shift for p, shift in zip(live, shifts.tolist())])
    data = text.encode("utf-8")  # each text was checked by _prepare
    if len(data) == len(text):  # ASCII: a byte offset is a code point offset
        byte_starts, byte_lengths = starts, stops - starts
    else:
        points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
        width = 1 + (points >= 0x80).astype(numpy.int64) + (points >= 0x800) + (points >= 0x10000)
        offsets = numpy.concatenate(([0], numpy.cumsum(width)))
        byte_starts = offsets[starts]
        byte_lengths = offsets[stops] - byte_starts
    hashes = murmur_spans(data, byte_starts, byte_lengths)
    encoder.learn(hashes, text, starts, stops)
    distinct, inverse = numpy.unique(hashes, return_inverse=True)
    inverse = inverse.reshape(-1)
    known = encoder.words
    entries = [known[h] for h in distinct.tolist()]
    orth = numpy.fromiter((e[0] for e in entries), dtype=numpy.uint64, count=len(entries))[inverse]
    norm = numpy.fromiter((e[1] for e in entries), dtype=numpy.uint64, count=len(entries))[inverse]
    # The strings DocBin.add puts in its table: "" (the all-zero columns: TAG, LEMMA, ...), each
    # word, each norm (a tokenizer exception's norm instead of the lexeme's where one is set,
    # the lexeme's where a token of the word has none).
    strings: set[str] = {""}
    strings.update(e[2] for e in entries)
    plain = numpy.ones(len(hashes), dtype=bool)
    exceptions: list[str] = []
    at = 0
    for p, count in zip(live, counts):
        for i, value in p.norms.items():
            plain[at + i] = False
            exceptions.append(value)
        at += count
    if exceptions:
        exception_ids = encoder.hash_many(exceptions)
        strings.update(exceptions)
        at = 0
        for p, count in zip(live, counts):
            for i, value in p.norms.items():
                norm[at + i] = exception_ids[value]
            at += count
        used = numpy.zeros(len(entries), dtype=bool)
        used[inverse[plain]] = True
        strings.update(entries[i][3] for i in numpy.flatnonzero(used).tolist())
    else:
        strings.update(e[3] for e in entries)

    import srsly

    from annotator.formats.spacy_docbin import USER_DATA_KEY, user_data

    pack = srsly.msgpack_dumps
    pack_span = _SPAN.pack
    span_ids = encoder.hash_many([piece[0] for p in live for pieces in p.groups.values() for piece in pieces]
                                 + [e[3] for p in live for e in p.ents], keep=False)
    out: dict[int, Parts] = {}
    at = 0
    for p, count in zip(live, counts):
        array = numpy.zeros((count, encoder.width), dtype=numpy.uint64)
        array[:, encoder.orth] = orth[at : at + count]
        array[:, encoder.norm] = norm[at : at + count]
        at += count
        array[:, encoder.iob] = p.iob
        for (start, end, label, span_id), (a, b) in zip(p.ents, p.ent_ranges):
            array[a:b, encoder.ent_type] = encoder.hash(label)
            array[a:b, encoder.ent_id] = span_ids[span_id]  # set_ents sets ent_id from the span's id
            strings.add(label)
            strings.add(span_id)
        if p.sent_start:
            array[0, encoder.sent_start] = 1
        # doc.spans.to_bytes(): one SpanGroup message per key, in the order the keys were set.
        if p.groups:
            message: dict[bytes, list[str]] = {}
            for key, pieces in p.groups.items():
                packed = [pack_span(span_ids[span_id], 0, encoder.hash(label), a, b, sc, ec) for span_id, label, a, b, sc, ec in pieces]
                message.setdefault(pack({"name": key, "attrs": {}, "spans": packed}), []).append(key)
                strings.update(label for _, label, _, _, _, _ in pieces)
                strings.update(span_id for span_id, _, _, _, _, _ in pieces)
            span_groups = pack(message)
        else:
            span_groups = _EMPTY_GROUPS
        for reason, n in p.left_out:
            report.leave_out(reason, n)
        report.articles += 1
        report.spans += sum(len(pieces) for pieces in p.groups.values())
        report.relations += len(p.bundle.relations)
        out[id(p)] = Parts(tokens=array, spaces=p.spaces.reshape((count, 1)), span_groups=span_groups,
                           user_data={USER_DATA_KEY: user_data(p.bundle)}, strings=strings if not out else set())
    return [None if p is None else out[id(p)] for p in prepared]


def _prepare(bundle: ArticleBundle, encoder: Encoder, gold_decided: Any) -> _Prepared | None:
    """One article's tokens split at its span edges, its entity columns and span groups; None
    when the caller must build the Doc."""
    import numpy

    text = bundle.article.text
    tokens = tokens_of_bundle(bundle)
    if not len(tokens):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the Doc path raises spaCy's own error
        return None
    spans = bundle.spans
    trimmed = {s.id: trim_whitespace(text, s.start, s.end) for s in spans if s.layer == Layer.ENTITY}
    edges = [(s.start, s.end) for s in spans] + [t for t in trimmed.values() if t is not None]
    starts, spaces = tokens.starts, tokens.spaces
    stops = tokens.stops(len(text))
    norms: dict[int, str] = dict(tokens.norms)
    sent_start = not (tokens.flags[0] & NO_SENT_START)
    plan = split_plan(starts, stops, spaces, (s for s, _ in edges), (e for _, e in edges)) if edges else None
    if plan is not None:  # aligned_doc: a Doc from the split words, norms kept on unsplit tokens
        new_starts, new_stops, new_spaces = (numpy.asarray(x) for x in plan)
        at = numpy.searchsorted(new_starts, starts)
        kept = (new_starts[at] == starts) & (new_stops[at] == stops)
        norms = {int(at[i]): norm for i, norm in norms.items() if kept[i]}
        starts, stops, spaces = new_starts.astype(numpy.int64), new_stops.astype(numpy.int64), new_spaces.astype(bool)
        sent_start = True
    count = len(starts)

    # Token index of every span edge; a Doc's char_span is None when one is not a token edge.
    first_list: list[int] = []
    after_list: list[int] = []
    if spans:
        span_starts = numpy.fromiter((s.start for s in spans), dtype=numpy.int64, count=len(spans))
        span_ends = numpy.fromiter((s.end for s in spans), dtype=numpy.int64, count=len(spans))
        first = numpy.searchsorted(starts, span_starts)
        after = numpy.searchsorted(stops, span_ends) + 1
        clipped_first, clipped_last = numpy.minimum(first, count - 1), numpy.minimum(after - 1, count - 1)
        exact = (first < count) & (after - 1 < count) & (starts[clipped_first] == span_starts) & (stops[clipped_last] == span_ends)
        if not exact.all() or (after <= first).any():
            return None
        first_list, after_list = first.tolist(), after.tolist()

    left_out: list[tuple[str, int]] = []
    groups: dict[str, list[tuple[str, str, int, int, int, int]]] = {}  # key → (id, label, first, end, start char, end char)
    candidates: list[tuple[int, int, str, str]] = []  # trimmed accepted entities: start, end, label, id
    undecided: list[tuple[int, int]] = []
    for k, span in enumerate(spans):
        piece = (span.id, span.label, first_list[k], after_list[k], span.start, span.end)
        groups.setdefault(span_group_key(span), []).append(piece)
        if span.analyst:
            continue
        if span.layer != Layer.ENTITY:
            continue
        bounds = trimmed[span.id]
        if span.status == Status.ACCEPTED:
            from annotator.formats.spacy_docbin import BLANK, TRIMMED

            if bounds is None:
                left_out.append((BLANK, 1))
                continue
            if bounds != (span.start, span.end):
                left_out.append((TRIMMED, 1))
            candidates.append((*bounds, span.label, span.id))
        elif span.status == Status.SUGGESTED and bounds is not None:
            undecided.append(bounds)

    chosen, dropped = non_overlapping([(s, e) for s, e, _, _ in candidates])
    ents = [candidates[i] for i in chosen]
    if dropped:
        from annotator.formats.spacy_docbin import OVERLAP

        left_out.append((OVERLAP, len(dropped)))
    iob = numpy.full(count, IOB_OUTSIDE, dtype=numpy.uint64)
    ent_ranges: list[tuple[int, int]] = []
    if any(s.analyst for s in spans) and not any(not s.analyst for s in spans) and not gold_decided(bundle):
        iob[:] = 0  # doc.set_ents([], default="missing")
        ents = []
    elif undecided or ents:
        bounds_start = numpy.array([s for s, _ in undecided] + [s for s, _, _, _ in ents], dtype=numpy.int64)
        bounds_end = numpy.array([e for _, e in undecided] + [e for _, e, _, _ in ents], dtype=numpy.int64)
        a_list = numpy.searchsorted(starts, bounds_start).tolist()
        b_list = (numpy.searchsorted(stops, bounds_end) + 1).tolist()
        n = len(undecided)
        for a, b in zip(a_list[:n], b_list[:n]):  # missing, unless inside an entity (below)
            iob[a:b] = 0
        for a, b in zip(a_list[n:], b_list[n:]):
            iob[a] = IOB_BEGIN
            iob[a + 1 : b] = IOB_INSIDE
            ent_ranges.append((a, b))

    if INCORRECT_SPANS_KEY in groups:
        from annotator.formats.spacy_docbin import CONTRADICTED, CONTRADICTED_KEY

        positive = {(s, e, label) for s, e, label, _ in ents}
        kept_rejected, contradicted = [], []
        for piece in groups.pop(INCORRECT_SPANS_KEY):
            (contradicted if (piece[4], piece[5], piece[1]) in positive else kept_rejected).append(piece)
        if kept_rejected:
            groups[INCORRECT_SPANS_KEY] = kept_rejected
        if contradicted:
            groups[CONTRADICTED_KEY] = contradicted
            left_out.append((CONTRADICTED, len(contradicted)))
    return _Prepared(bundle, text, numpy.asarray(starts, dtype=numpy.int64), numpy.asarray(stops, dtype=numpy.int64),
                     numpy.asarray(spaces, dtype=bool), norms, sent_start, iob, ents, ent_ranges, groups, left_out)
