"""spaCy tokens on which every stored span is exact: the tokenizer's tokens, split at span edges.

spaCy holds a span as a range of whole tokens, so a span whose edge falls inside a token
(``"Washington"`` in ``"Washington-based"`` is fine, ``"北京"`` in ``"北京大学"`` or ``"Ana"`` in
``"Ana's"`` may not be) cannot be held exactly by the tokenizer's own tokens. :func:`aligned_doc`
tokenizes with :func:`annotator.formats.common.tokenizer` and then splits only the tokens that an
edge falls inside, so ``doc.char_span(start, end)`` of every given span is not ``None`` and has
exactly its ``start_char``/``end_char``; tokens without an edge inside stay as the tokenizer made
them (text, trailing space, token-level ``norm``).

All offsets are Python code points, half-open ``[start, end)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.formats.common import tokenizer

if TYPE_CHECKING:  # token_store imports numpy: not before the window's first paint (tests/test_startup_imports.py)
    from annotator.formats.token_store import Tokens


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without whitespace (``str.isspace``, as spaCy's ``is_space``) at either
    edge; ``None`` when nothing but whitespace is left.

    spaCy's NER never starts or ends an entity on a whitespace token, so an entity stored as
    ``"\\nAna Ruiz\\n"`` goes into ``doc.ents`` and CoNLL tags as ``"Ana Ruiz"``.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_plan(
    starts: Sequence[int], stops: Sequence[int], spaces: Sequence[bool],
    span_starts: Iterable[int], span_ends: Iterable[int],
) -> tuple[list[int], list[int], list[bool]] | None:
    """Where tokens must be split so that a token starts at each of ``span_starts`` and one ends
    at each of ``span_ends``.

    The tokens, in order and covering the text: ``starts[i]``, ``stops[i]`` (end of the token's
    text) and ``spaces[i]`` (followed by one space, spaCy's ``whitespace_``). Returns ``None``
    when no token needs splitting, else the new tokens as three lists in the same form. A token's
    trailing space becomes a token of its own only when a span starts on it or ends right after it.
    """
    import numpy

    plan = split_arrays(starts, stops, spaces, numpy.fromiter(span_starts, dtype=numpy.int64),
                        numpy.fromiter(span_ends, dtype=numpy.int64))
    if plan is None:
        return None
    return plan[0].tolist(), plan[1].tolist(), plan[2].tolist()


def split_arrays(starts: Any, stops: Any, spaces: Any, span_starts: Any, span_ends: Any) -> tuple[Any, Any, Any] | None:
    """:func:`split_plan` on arrays: ``span_starts``/``span_ends`` array-likes of code points
    (any order, repeats allowed); returns None or the new ``(starts, stops, spaces)`` as int64,
    int64 and bool arrays.

    The tokens may be those of several texts laid end to end in one coordinate system (each
    text's offsets shifted past the previous one and a gap of at least one character) with the
    spans of all of them: a cut only ever falls inside, or on the trailing space of, a token of
    its own text, so each text's tokens are split as they would be alone (the CoNLL export
    splits 64 articles with one call; issue 12)."""
    import numpy

    begin = numpy.asarray(starts, dtype=numpy.int64)
    stop = numpy.asarray(stops, dtype=numpy.int64)
    space = numpy.asarray(spaces, dtype=bool)
    opens = numpy.unique(numpy.asarray(span_starts, dtype=numpy.int64))
    closes = numpy.unique(numpy.asarray(span_ends, dtype=numpy.int64))
    if _on_edges(begin, opens) and _on_edges(stop, closes):
        # Every span starts where a token starts and ends where one ends (most spans): then no
        # cut falls inside a token and none on a trailing space (that space's position is no
        # token's start, the position after it no token's end), so nothing is split.
        return None
    cuts = numpy.union1d(opens, closes)
    lo = numpy.searchsorted(cuts, begin, side="right")  # first cut after the token's start
    hi = numpy.searchsorted(cuts, stop, side="left")  # first cut at or after its end
    space_alone = space & (_among(opens, stop) | _among(closes, stop + 1))
    affected = numpy.flatnonzero((hi > lo) | space_alone)
    if not len(affected):
        return None
    # Token i becomes 1 + (hi - lo) tokens (its text cut at the cuts inside it), then its
    # trailing space as a token of its own when space_alone; in arrays, without a loop.
    inner = hi - lo
    made = 1 + inner + space_alone
    total = int(made.sum())
    owner = numpy.repeat(numpy.arange(len(begin)), made)
    rank = numpy.arange(total) - numpy.repeat(numpy.cumsum(made) - made, made)  # position within the token's pieces
    pieces = 1 + inner[owner]  # pieces of the token's text
    is_space = rank == pieces  # the trailing space token
    # Piece r of token i spans [edges[r], edges[r + 1]) of edges = [start, cuts[lo:hi]..., stop].
    last = max(len(cuts) - 1, 0)
    cut_values = cuts[numpy.clip(lo[owner] + rank, 0, last)]  # cuts[lo + r]: piece r's end, r < pieces - 1
    previous_cut = cuts[numpy.clip(lo[owner] + rank - 1, 0, last)]  # cuts[lo + r - 1]: its start, r > 0
    piece_start = numpy.where(rank == 0, begin[owner], previous_cut)
    piece_stop = numpy.where(rank == pieces - 1, stop[owner], cut_values)
    new_starts_a = numpy.where(is_space, stop[owner], piece_start)
    new_stops_a = numpy.where(is_space, stop[owner] + 1, piece_stop)
    new_spaces_a = (rank == pieces - 1) & space[owner] & ~space_alone[owner]
    return new_starts_a, new_stops_a, new_spaces_a


def _split_plan_loop(begin: Any, stop: Any, space: Any, cuts: Any, lo: Any, hi: Any, space_alone: Any, affected: Any
                     ) -> tuple[list[int], list[int], list[bool]]:
    """:func:`split_plan`'s result by a loop over the affected tokens (what the arrays replace;
    tests/formats/test_export_fast_paths.py compares them)."""
    new_starts: list[int] = []
    new_stops: list[int] = []
    new_spaces: list[bool] = []
    done = 0
    for i in affected.tolist():
        new_starts += begin[done:i].tolist()
        new_stops += stop[done:i].tolist()
        new_spaces += space[done:i].tolist()
        edges = [int(begin[i]), *cuts[lo[i] : hi[i]].tolist(), int(stop[i])]
        new_starts += edges[:-1]
        new_stops += edges[1:]
        new_spaces += [False] * (len(edges) - 1)
        if space_alone[i]:
            new_starts.append(int(stop[i]))
            new_stops.append(int(stop[i]) + 1)
            new_spaces.append(False)
        elif space[i]:
            new_spaces[-1] = True
        done = i + 1
    new_starts += begin[done:].tolist()
    new_stops += stop[done:].tolist()
    new_spaces += space[done:].tolist()
    return new_starts, new_stops, new_spaces


def _among(ascending: Any, values: Any) -> Any:
    """``numpy.isin(values, ascending)`` for an ascending ``ascending``, by binary search (isin
    sorts both arrays: ~60 µs for an article's tokens, most of a split plan)."""
    import numpy

    if not len(ascending):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(ascending, values), len(ascending) - 1)
    return ascending[at] == values


def _on_edges(edges: Any, points: Any) -> bool:
    """Whether every one of ``points`` is among the ascending ``edges``."""
    import numpy

    if not len(points):
        return True
    if not len(edges):
        return False
    at = numpy.minimum(numpy.searchsorted(edges, points), len(edges) - 1)
    return bool((edges[at] == points).all())


def aligned_doc(text: str, spans: Iterable[tuple[int, int]], tokens: Tokens | None = None) -> Any:
    """A spaCy ``Doc`` of ``text`` on which each ``(start, end)`` of ``spans`` is exactly a token
    range (see the module docstring).

    ``tokens``: the text's stored tokens (:mod:`annotator.formats.token_store`), when the caller
    has them: the Doc is then built from those arrays and no tokenizer rule runs again; the same
    Doc either way. Without them it calls the tokenizer directly, never ``nlp(text)``: the
    tokenizer has no ``max_length``, so an article of over 1,000,000 characters is no error
    (spaCy's E088 is ``Language``'s limit).
    """
    import numpy
    from spacy.attrs import IDX, NORM, SPACY
    from spacy.tokens import Doc

    tok = tokenizer()
    spans = list(spans)
    if tokens is not None:
        if not spans or not len(tokens):
            from annotator.formats.token_store import doc_of

            return doc_of(text, tokens)
        starts, spaces = tokens.starts, tokens.spaces
        stops = tokens.stops(len(text))
        norms: Any = tokens.norms
    else:
        doc = tok(text)
        if not spans or not len(doc):
            return doc
        columns = doc.to_array([IDX, SPACY]).astype(numpy.int64)
        starts, spaces = columns[:, 0], columns[:, 1].astype(bool)
        stops = numpy.append(starts[1:], len(text)) - spaces
        norms = None
    plan = split_plan(starts, stops, spaces, (s for s, _ in spans), (e for _, e in spans))
    if plan is None:
        if tokens is None:
            return doc
        from annotator.formats.token_store import doc_of

        return doc_of(text, tokens)
    new_starts, new_stops, new_spaces = plan
    new = Doc(tok.vocab, words=[text[a:b] for a, b in zip(new_starts, new_stops)], spaces=new_spaces)
    # Keep token-level norms the tokenizer's exceptions set ("n't" → "not") on unsplit tokens.
    begin, end = numpy.asarray(new_starts), numpy.asarray(new_stops)
    at = numpy.searchsorted(begin, starts)  # where each old token's start is among the new ones
    kept = (begin[at] == starts) & (end[at] == stops)
    if norms is not None:  # stored: the norms that differ from a Doc made from words
        for i, norm in norms.items():
            if kept[i]:
                new[int(at[i])].norm_ = norm
        return new
    old_norms = doc.to_array(NORM)  # one attribute: a 1-D array
    new_norms = new.to_array(NORM)
    for i in numpy.flatnonzero(kept & (new_norms[at] != old_norms)).tolist():
        new[int(at[i])].norm_ = tok.vocab.strings[int(old_norms[i])]
    return new


def token_bounds(starts: Any, stops: Any, start: int, end: int) -> tuple[int, int]:
    """(first token, last token inclusive) covering ``[start, end)``, Prodigy's convention, from
    token arrays (``starts``/``stops`` as :class:`~annotator.formats.token_store.Tokens` gives
    them): what ``doc.char_span(start, end, alignment_mode="expand")`` finds, and for a span of
    only whitespace inside one token's trailing space, that token. ``[start, end)`` must lie
    inside the text (``0 <= start < end <= len(text)``) and the text have a token."""
    import numpy

    # A token covers [its start, the next one's start): tokens tile the text (spaCy's token_by_char).
    first = int(numpy.searchsorted(starts, start, side="right")) - 1
    last = int(numpy.searchsorted(starts, end - 1, side="right")) - 1
    begin = first + 1 if start == stops[first] else first  # "expand" skips the token whose trailing space it starts on
    if begin > last:
        return first, first
    return begin, last


def token_bounds_all(starts: Any, stops: Any, span_starts: Sequence[int], span_ends: Sequence[int]) -> tuple[list[int], list[int]]:
    """:func:`token_bounds` of many spans at once: ``(first tokens, last tokens)``, one each per
    ``(span_starts[k], span_ends[k])``, with two ``searchsorted`` calls in all instead of two a
    span (a jsonl export asks for 160,000 at 10,000 articles)."""
    import numpy

    begin_chars = numpy.asarray(span_starts, dtype=numpy.int64)
    end_chars = numpy.asarray(span_ends, dtype=numpy.int64)
    first = numpy.searchsorted(starts, begin_chars, side="right") - 1
    last = numpy.searchsorted(starts, end_chars - 1, side="right") - 1
    begin = first + (begin_chars == numpy.asarray(stops)[first])
    inside = begin > last  # only the trailing space of token ``first``
    return numpy.where(inside, first, begin).tolist(), numpy.where(inside, first, last).tolist()


def non_overlapping(ranges: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Which of ``ranges`` (``(start, end)`` in code points) go into one non-overlapping layer
    such as ``doc.ents`` or CoNLL tags: the longest (in characters) first, then the earliest;
    a range overlapping one already chosen is not. Returns (chosen, rejected) indices into
    ``ranges``, each in text order.

    The rule is ``spacy.util.filter_spans``' (which counts tokens), counted in characters so
    that the DocBin and CoNLL exports of the same spans choose the same entities.
    """
    by_position = sorted(range(len(ranges)), key=lambda i: (ranges[i][0], ranges[i][1]))  # stable: then i
    if all(ranges[a][1] <= ranges[b][0] for a, b in zip(by_position, by_position[1:])):
        # None overlaps (most articles): all chosen, already in text order (issue 12: the loop
        # below was 7 % of a DocBin export)
        return by_position, []
    order = sorted(range(len(ranges)), key=lambda i: (-(ranges[i][1] - ranges[i][0]), ranges[i][0], i))
    taken: list[tuple[int, int]] = []  # chosen ranges, sorted by start
    chosen, dropped = [], []
    for i in order:
        start, end = ranges[i]
        at = bisect.bisect_left(taken, (start, end))
        clash = (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end)
        if clash:
            dropped.append(i)
        else:
            taken.insert(at, (start, end))
            chosen.append(i)
    by_start = lambda i: (ranges[i][0], ranges[i][1], i)  # noqa: E731
    return sorted(chosen, key=by_start), sorted(dropped, key=by_start)
