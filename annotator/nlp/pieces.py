"""Long articles in pieces: cut a text the pipeline cannot take whole, and put the suggestions back.

spaCy refuses a text longer than ``nlp.max_length`` (error E088, 1,000,000 characters by default)
and notes that the parser and NER need "roughly 1GB of temporary memory per 100,000 characters".
So an article longer than :func:`piece_limit` is cut into consecutive pieces, each run through the
pipeline and the rules as its own ``Doc``; the suggestions' offsets are shifted back by the piece's
start, so they are offsets into the whole article (code points, half-open) as everywhere else.

Where a piece ends, best first (the last such place that keeps the piece within the limit):

1. after a paragraph break (a line break) that lies outside every quoted run;
2. after a line break;
3. after sentence-final punctuation followed by a space (``. ``, ``? ``, ``! ``);
4. after any whitespace.

A quote that crosses a cut is therefore rare (only a quoted run longer than a piece, or a window
with no break outside quotes); when it happens neither piece sees both quote marks, so the quote is
not suggested as one span: each piece's rules judge their part alone (an unclosed quote mark is
dropped, see :mod:`annotator.nlp.quotes_marks`). Entity labels are made consistent and speakers
resolved within a piece, not across pieces. A text with no whitespace at all within a piece's length
cannot be cut: :class:`PieceError`, and the article is reported, not suggested.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet

MAX_PIECE_CHARS = 100_000  # spaCy's E088 note: ~1 GB of parser/NER memory per 100,000 characters

_LINE = re.compile(r"\n")
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
_SPACE = re.compile(r"\s")


class PieceError(ValueError):
    """The text has a stretch longer than a piece without any whitespace to cut at."""


def piece_limit(max_length: int) -> int:
    """Longest piece, in characters, for a pipeline whose ``nlp.max_length`` is ``max_length``."""
    return max(1, min(max_length, MAX_PIECE_CHARS))


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    from annotator.nlp.quotes_marks import find_quoted_runs

    return [(r.open, r.close + r.close_width) for r in find_quoted_runs(text)]


def _inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in ranges)


def _last_cut(text: str, start: int, stop: int, pattern: re.Pattern[str], quoted: Sequence[tuple[int, int]] | None) -> int | None:
    """The last end of a ``pattern`` match in ``text[start:stop]`` (outside ``quoted`` if given)."""
    best = None
    for m in pattern.finditer(text, start, stop):
        if m.end() > start and (quoted is None or not _inside(m.end(), quoted)):
            best = m.end()
    return best


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive ``[start, end)`` pieces covering ``text`` exactly, each at most ``limit``
    characters, cut at the best boundary (see the module doc). One piece when the text fits.

    Raises :class:`PieceError` when a stretch of ``limit`` characters has no whitespace.
    """
    if limit < 1:
        raise ValueError(f"piece limit must be positive, not {limit}")
    pieces: list[tuple[int, int]] = []
    quoted: list[tuple[int, int]] | None = None
    start = 0
    while len(text) - start > limit:
        if quoted is None:
            quoted = _quoted_ranges(text)  # only for texts that do need cutting
        stop = start + limit
        window = [(a, b) for a, b in quoted if b > start and a < stop]
        cut = (
            _last_cut(text, start, stop, _LINE, window)
            or _last_cut(text, start, stop, _LINE, None)
            or _last_cut(text, start, stop, _SENTENCE, None)
            or _last_cut(text, start, stop, _SPACE, None)
        )
        if cut is None:
            raise PieceError(
                f"no line break, sentence end or space in the {limit:,} characters from offset {start:,}"
            )
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def shift(suggestions: SuggestionSet, offset: int, prefix: str) -> SuggestionSet:
    """The same suggestions with offsets moved by ``offset`` and keys prefixed by ``prefix``
    (so that the keys of several pieces stay unique in one set)."""
    out = SuggestionSet(suggestions.origin)
    for s in suggestions.spans:
        out.spans.append(SuggestedSpan(prefix + s.key, s.start + offset, s.end + offset, s.label, s.layer, s.attrs))
    for r in suggestions.relations:
        out.relations.append(SuggestedRelation(prefix + r.head, prefix + r.child, r.label))
    return out


def merge(origin: str, parts: Sequence[tuple[int, SuggestionSet]]) -> SuggestionSet:
    """One set for a whole article from ``(piece start, piece suggestions)`` pairs."""
    out = SuggestionSet(origin)
    for k, (offset, suggestions) in enumerate(parts):
        moved = shift(suggestions, offset, f"p{k}:")
        out.spans.extend(moved.spans)
        out.relations.extend(moved.relations)
    return out
