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

It answers None (the caller builds the Doc) for what it does not do itself: an article without
tokens, a span whose edge is not a token edge (the Doc path raises the error), a ``DocBin`` with
other attributes. ``tests/formats/test_docbin_arrays.py`` checks it against the Doc path, and
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


class Encoder:
    """Per export: the DocBin's column positions and each distinct word's ``(ORTH, NORM)`` ids,
    computed once per word (:mod:`annotator.formats.spacy_strings`: no spaCy import, no
    ``Lexeme``; ``Doc(words=...)`` made a lexeme per new word, 1.4 s per 1,000 articles)."""

    def __init__(self, attrs: list[int]) -> None:
        import numpy

        from annotator.formats.spacy_strings import SYMBOLS

        self.width = len(attrs)
        where = {a: i for i, a in enumerate(attrs)}
        needed = [SYMBOLS[name] for name in ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_ID", "SENT_START")]
        self.usable = all(a in where for a in needed)
        self.orth, self.norm, self.iob, self.ent_type, self.ent_id, self.sent_start = (where.get(a, -1) for a in needed)
        self._ids: dict[str, int] = {}  # string -> spaCy id
        self.words: dict[str, int] = {}  # word -> its row in the tables below
        self.norm_texts: list[str] = []  # row -> the word's lexeme norm
        self._orth_table = numpy.zeros(1024, dtype=numpy.uint64)
        self._norm_table = numpy.zeros(1024, dtype=numpy.uint64)

    def learn(self, words: set[str]) -> None:
        """Give each of ``words`` not seen before in this export its row: ORTH and NORM ids."""
        import numpy

        from annotator.formats.spacy_strings import lexeme_norm

        new = words.difference(self.words)
        if not new:
            return
        row = len(self.norm_texts)
        needed = row + len(new)
        if needed > len(self._orth_table):
            size = max(needed, 2 * len(self._orth_table))
            self._orth_table = numpy.resize(self._orth_table, size)
            self._norm_table = numpy.resize(self._norm_table, size)
        hash_ = self.hash
        for text in new:
            norm = lexeme_norm(text)
            self.words[text] = row
            self.norm_texts.append(norm)
            self._orth_table[row] = hash_(text)
            self._norm_table[row] = hash_(norm)
            row += 1

    def rows(self, words: list[str]) -> Any:
        """Each word's row (int64 array); every word must have been learnt."""
        import numpy

        return numpy.fromiter(map(self.words.__getitem__, words), dtype=numpy.int64, count=len(words))

    def orths(self, rows: Any) -> Any:
        return self._orth_table[rows]

    def norms(self, rows: Any) -> Any:
        return self._norm_table[rows]

    def hash(self, text: str) -> int:
        """spaCy's id of ``text`` (``StringStore.add``), cached."""
        found = self._ids.get(text)
        if found is None:
            from annotator.formats.spacy_strings import string_id

            found = self._ids[text] = string_id(text)
        return found


def doc_parts(bundle: ArticleBundle, report: ExportReport, encoder: Encoder, *, gold_decided: Any) -> Parts | None:
    """The DocBin parts of ``doc_of(bundle, report)`` (see the module docstring), counting into
    ``report`` exactly what ``doc_of`` counts; None, with ``report`` untouched, when the caller
    must build the Doc. ``gold_decided(bundle)``: ``doc_of``'s test for an analyst-only article."""
    import numpy

    if not encoder.usable:
        return None
    text = bundle.article.text
    tokens = tokens_of_bundle(bundle)
    if not len(tokens):
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
        starts, stops, spaces = new_starts, new_stops, new_spaces.astype(bool)
        sent_start = True
    count = len(starts)

    # Token index of every span edge; a Doc's char_span is None when one is not a token edge.
    span_starts = numpy.fromiter((s.start for s in spans), dtype=numpy.int64, count=len(spans))
    span_ends = numpy.fromiter((s.end for s in spans), dtype=numpy.int64, count=len(spans))
    first = numpy.searchsorted(starts, span_starts)
    after = numpy.searchsorted(stops, span_ends) + 1
    if len(spans):
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

    def token_range(start: int, end: int) -> tuple[int, int]:
        return int(numpy.searchsorted(starts, start)), int(numpy.searchsorted(stops, end)) + 1

    chosen, dropped = non_overlapping([(s, e) for s, e, _, _ in candidates])
    ents = [candidates[i] for i in chosen]
    if dropped:
        from annotator.formats.spacy_docbin import OVERLAP

        left_out.append((OVERLAP, len(dropped)))
    iob = numpy.full(count, IOB_OUTSIDE, dtype=numpy.uint64)
    ent_type = numpy.zeros(count, dtype=numpy.uint64)
    ent_id = numpy.zeros(count, dtype=numpy.uint64)
    if any(s.analyst for s in spans) and not any(not s.analyst for s in spans) and not gold_decided(bundle):
        iob[:] = 0  # doc.set_ents([], default="missing")
        ents = []
    else:
        for start, end in undecided:  # missing, unless inside an entity (below)
            a, b = token_range(start, end)
            iob[a:b] = 0
        for start, end, label, span_id in ents:
            a, b = token_range(start, end)
            iob[a] = IOB_BEGIN
            iob[a + 1 : b] = IOB_INSIDE
            ent_type[a:b] = encoder.hash(label)
            ent_id[a:b] = encoder.hash(span_id)  # set_ents sets ent_id from the span's id

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

    # The token columns.
    array = numpy.zeros((count, encoder.width), dtype=numpy.uint64)
    words = [text[a:b] for a, b in zip(starts.tolist(), stops.tolist())]
    distinct = set(words)
    encoder.learn(distinct)
    rows = encoder.rows(words)
    orth = encoder.orths(rows)
    norm = encoder.norms(rows)
    # The strings DocBin.add puts in its table: "" (the all-zero columns: TAG, LEMMA, ...), each
    # word, each norm (a tokenizer exception's norm instead of the lexeme's where one is set).
    strings: set[str] = {""} | distinct
    norm_texts, where = encoder.norm_texts, encoder.words
    if norms:
        plain_rows = numpy.delete(rows, list(norms))  # a word with an exception norm on one token may have its lexeme's norm on another
        for i, value in norms.items():
            norm[i] = encoder.hash(value)
            strings.add(value)
    else:
        plain_rows = rows
    strings.update(map(norm_texts.__getitem__, numpy.unique(plain_rows).tolist()))
    array[:, encoder.orth] = orth
    array[:, encoder.norm] = norm
    array[:, encoder.iob] = iob
    array[:, encoder.ent_type] = ent_type
    array[:, encoder.ent_id] = ent_id
    if sent_start:
        array[0, encoder.sent_start] = 1
    strings.update(label for _, _, label, _ in ents)
    strings.update(span_id for _, _, _, span_id in ents)

    # doc.spans.to_bytes(): one SpanGroup message per key, in the order the keys were set.
    import srsly

    if groups:
        message: dict[bytes, list[str]] = {}
        pack_span = _SPAN.pack
        for key, pieces in groups.items():
            packed = [pack_span(encoder.hash(span_id), 0, encoder.hash(label), a, b, sc, ec) for span_id, label, a, b, sc, ec in pieces]
            message.setdefault(srsly.msgpack_dumps({"name": key, "attrs": {}, "spans": packed}), []).append(key)
            strings.update(label for _, label, _, _, _, _ in pieces)
            strings.update(span_id for span_id, _, _, _, _, _ in pieces)
        span_groups = srsly.msgpack_dumps(message)
    else:
        span_groups = _EMPTY_GROUPS

    from annotator.formats.spacy_docbin import USER_DATA_KEY, user_data

    for reason, n in left_out:
        report.leave_out(reason, n)
    report.articles += 1
    report.spans += sum(len(pieces) for pieces in groups.values())
    report.relations += len(bundle.relations)
    return Parts(tokens=array, spaces=numpy.asarray(spaces, dtype=bool).reshape((count, 1)), span_groups=span_groups,
                 user_data={USER_DATA_KEY: user_data(bundle)}, strings=strings)
