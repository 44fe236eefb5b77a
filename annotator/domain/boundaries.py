"""Where a span edge may move: the next or previous boundary of a token, word, sentence or paragraph.

Pure and Qt-free; offsets are code points into the article's text, ranges half-open. Every unit
is a stretch of text without whitespace at either end, so moving an edge to a unit boundary never
takes in the space around it:

- ``token``: a token of :mod:`annotator.domain.tokens` (a word, a number, or one punctuation mark
  or symbol);
- ``word``: a token holding a letter or digit (punctuation is stepped over: moving the end of
  ``said`` right in ``said, adding`` lands after ``adding``, with the comma taken in);
- ``paragraph``: a line of text, trimmed; any line break separates paragraphs (``\\n``, ``\\r``,
  CRLF, U+2028, U+2029, VT, FF, NEL, U+001C-U+001E, the breaks of :meth:`str.splitlines`) and blank
  lines are not paragraphs;
- ``sentence``: a sentence of a paragraph as the `sentencex <https://pypi.org/project/sentencex/>`_
  rule segmenter (Wikimedia; English abbreviations, initials, ``U.S.``, ``No. 2``, decimals,
  ellipses, closing quotes after ``."`` / ``?"``) finds it, with one correction: a personal title
  (``Mr.``, ``Dr.``, ``Gen.``…) never ends a sentence. A line break always ends one, as in the
  pre-annotation pipelines (``annotator_line_sents``). Pre-annotation stores no sentence
  boundaries in the project (the ``articles`` and ``spans`` tables hold none), so the boundaries
  are computed here, on the paragraph around the edge only.

:func:`next_boundary` / :func:`prev_boundary` answer "where is the next start (or end) of a unit
after (before) this offset", and :func:`moved_edge` moves one edge of a span by one unit. Cost is
local: the tokens of the blocks around the edge, the paragraph around it (a paragraph longer than
``window`` code points is segmented in windows of that size).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import sentencex

from annotator.domain.tokens import TokenIndex

Unit = Literal["token", "word", "sentence", "paragraph"]
Edge = Literal["start", "end"]
UNITS: tuple[Unit, ...] = ("token", "word", "sentence", "paragraph")

#: the separators of :meth:`str.splitlines` (CRLF is CR then LF: the empty line between is skipped)
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_WORD_CHAR = re.compile(r"[^\W_]")
_NON_SPACE = re.compile(r"\S")
#: personal titles written before a name: never the last word of a sentence
_TITLE_END = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Rev|Hon|Pres|Gens|Sens|Reps)\.$"
)
_SCAN = 4096  # code points read at a time when looking back for a line break
WINDOW = 20_000  # longest paragraph segmented in one piece
Span = tuple[int, int]


# ----------------------------------------------------------------------------- paragraphs

def _line_start(text: str, pos: int) -> int:
    """Start of the line holding ``pos``: just after the last break before ``pos`` (0 if none).
    Reads back in growing chunks (``str.rfind`` per break character: memchr speed), so a long line
    costs about its length and a short one a chunk."""
    hi, size = pos, _SCAN
    while hi > 0:
        lo = max(0, hi - size)
        last = max(text.rfind(c, lo, hi) for c in _BREAKS)
        if last >= 0:
            return last + 1
        hi, size = lo, size * 2
    return 0


def _line_end(text: str, pos: int) -> int:
    """End of the line holding ``pos``: the first break at or after ``pos`` (``len(text)`` if none)."""
    lo, size = pos, _SCAN
    while lo < len(text):
        hi = min(len(text), lo + size)
        found = [i for i in (text.find(c, lo, hi) for c in _BREAKS) if i >= 0]
        if found:
            return min(found)
        lo, size = hi, size * 2
    return len(text)


def _trim(text: str, a: int, b: int) -> Span | None:
    """``[a, b)`` without whitespace at either end; None when nothing but whitespace."""
    first = _NON_SPACE.search(text, a, b)
    if first is None:
        return None
    end = b
    while text[end - 1].isspace():  # stops at the non-space found at worst
        end -= 1
    return first.start(), end


def paragraphs_forward(text: str, offset: int) -> Iterator[Span]:
    """The paragraphs (trimmed non-blank lines) from the line holding ``offset`` on, in order."""
    a = _line_start(text, min(max(offset, 0), len(text)))
    while a <= len(text):
        b = _line_end(text, a)
        span = _trim(text, a, b)
        if span is not None:
            yield span
        a = b + 1


def paragraphs_backward(text: str, offset: int) -> Iterator[Span]:
    """The paragraphs from the line holding ``offset`` back to the first, last first."""
    b = _line_end(text, min(max(offset, 0), len(text)))
    while b >= 0:
        a = _line_start(text, b)
        span = _trim(text, a, b)
        if span is not None:
            yield span
        b = a - 1


def paragraph_spans(text: str) -> list[Span]:
    """Every paragraph of ``text``, in order."""
    return list(paragraphs_forward(text, 0))


# ----------------------------------------------------------------------------- sentences

def _segment(text: str, lo: int, hi: int) -> list[Span]:
    """Sentences of ``text[lo:hi]`` (a piece of one paragraph), trimmed, as offsets into ``text``."""
    piece = text[lo:hi]
    out: list[Span] = []
    for found in sentencex.get_sentence_boundaries("en", piece):
        if found["is_paragraph_break"]:
            continue
        span = _trim(text, lo + found["start_index"], lo + found["end_index"])
        if span is None:
            continue
        if out and _TITLE_END.search(text, max(out[-1][0], out[-1][1] - 12), out[-1][1]):
            out[-1] = (out[-1][0], span[1])  # "Dr. | Who spoke": a title is not a sentence end
        else:
            out.append(span)
    return out


def _space_before(text: str, pos: int, floor: int) -> int:
    """The last whitespace position at or before ``pos`` (no further back than ``floor``)."""
    while pos > floor and not text[pos].isspace():
        pos -= 1
    return pos


def _space_after(text: str, pos: int, ceiling: int) -> int:
    while pos < ceiling and not text[pos].isspace():
        pos += 1
    return pos


def _exact_start(text: str, para: Span, offset: int, window: int) -> int:
    """A sentence start at or before ``offset`` in the paragraph ``para`` (its start when near),
    found by segmenting a stretch around ``offset`` that grows until it holds one."""
    a, b = para
    reach = window // 4
    while offset - reach > a:
        lo, hi = _space_before(text, offset - reach, a), _space_after(text, min(offset + reach, b - 1), b)
        starts = [s for s, _ in _segment(text, lo, hi)[1:] if s <= offset]  # the first may begin mid-sentence
        if starts:
            return starts[-1]
        reach *= 2
    return a


def _exact_end(text: str, para: Span, offset: int, window: int) -> int:
    """A sentence end at or after ``offset`` in ``para`` (its end when near)."""
    a, b = para
    reach = window // 4
    while offset + reach < b:
        lo, hi = _space_before(text, max(offset - reach, a), a), _space_after(text, offset + reach, b)
        ends = [e for _, e in _segment(text, lo, hi)[:-1] if e >= offset]  # the last may end mid-sentence
        if ends:
            return ends[0]
        reach *= 2
    return b


def _sentences_forward_in(text: str, para: Span, offset: int, window: int) -> Iterator[Span]:
    """Sentences of one paragraph, from the one around ``offset`` on. A paragraph longer than
    ``window`` is read in windows cut at whitespace; the sentence a cut may have split is read
    again from its start in the next window (a sentence longer than the window widens it)."""
    a, b = para
    lo = a if b - a <= window else _exact_start(text, para, offset, window)
    size = window
    while True:
        hi = b if b - lo <= size else _space_after(text, lo + size, b)
        spans = _segment(text, lo, hi)
        if hi >= b:
            yield from spans
            return
        if len(spans) < 2:
            size *= 2
            continue
        yield from spans[:-1]
        lo, size = spans[-1][0], window


def _sentences_backward_in(text: str, para: Span, offset: int, window: int) -> Iterator[Span]:
    """Sentences of one paragraph, from the one around ``offset`` back, last first."""
    a, b = para
    hi = b if b - a <= window else _exact_end(text, para, offset, window)
    size = window
    while True:
        lo = a if hi - a <= size else _space_before(text, hi - size, a)
        spans = _segment(text, lo, hi)
        if lo <= a:
            yield from reversed(spans)
            return
        if len(spans) < 2:
            size *= 2
            continue
        yield from reversed(spans[1:])
        hi, size = spans[1][0], window


def sentences_forward(text: str, offset: int, *, window: int = WINDOW) -> Iterator[Span]:
    """The sentences from the paragraph holding ``offset`` on, in order."""
    for para in paragraphs_forward(text, offset):
        yield from _sentences_forward_in(text, para, offset, window)


def sentences_backward(text: str, offset: int, *, window: int = WINDOW) -> Iterator[Span]:
    """The sentences from the paragraph holding ``offset`` back, last first."""
    for para in paragraphs_backward(text, offset):
        yield from _sentences_backward_in(text, para, offset, window)


def sentence_spans(text: str, *, window: int = WINDOW) -> list[Span]:
    """Every sentence of ``text``, in order."""
    return list(sentences_forward(text, 0, window=window))


# ----------------------------------------------------------------------------- words

def _is_word(text: str, start: int, end: int) -> bool:
    return _WORD_CHAR.search(text, start, end) is not None


def _tokens_forward(tokens: TokenIndex, offset: int) -> Iterator[Span]:
    """Tokens ending after ``offset``, in order, read block by block."""
    pos = offset
    while True:
        end = tokens.next_boundary(pos, kind="end")
        if end <= pos:
            return
        yield from (t for t in tokens.tokens(pos, end) if t[1] > pos)
        pos = end


def _tokens_backward(tokens: TokenIndex, offset: int) -> Iterator[Span]:
    """Tokens starting before ``offset``, last first."""
    pos = offset
    while True:
        start = tokens.prev_boundary(pos, kind="start")
        if start >= pos:
            return
        yield from reversed([t for t in tokens.tokens(start, pos) if t[0] < pos])
        pos = start


# ----------------------------------------------------------------------------- boundaries

def _units_forward(text: str, offset: int, unit: Unit, tokens: TokenIndex) -> Iterator[Span]:
    if unit == "token":
        return _tokens_forward(tokens, offset)
    if unit == "word":
        return (t for t in _tokens_forward(tokens, offset) if _is_word(text, *t))
    if unit == "sentence":
        return sentences_forward(text, offset)
    if unit == "paragraph":
        return paragraphs_forward(text, offset)
    raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")


def _units_backward(text: str, offset: int, unit: Unit, tokens: TokenIndex) -> Iterator[Span]:
    if unit == "token":
        return _tokens_backward(tokens, offset)
    if unit == "word":
        return (t for t in _tokens_backward(tokens, offset) if _is_word(text, *t))
    if unit == "sentence":
        return sentences_backward(text, offset)
    if unit == "paragraph":
        return paragraphs_backward(text, offset)
    raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")


def next_boundary(text: str, offset: int, *, unit: Unit, edge: Edge, tokens: TokenIndex | None = None) -> int | None:
    """The first ``edge`` (start or end) of a ``unit`` lying after ``offset``; None when there is none.

    ``tokens`` is the text's :class:`TokenIndex` (made when not given; pass the shared one).
    Raises ValueError for an unknown unit."""
    tokens = tokens if tokens is not None else TokenIndex(text)
    index = 0 if edge == "start" else 1
    return next((u[index] for u in _units_forward(text, offset, unit, tokens) if u[index] > offset), None)


def prev_boundary(text: str, offset: int, *, unit: Unit, edge: Edge, tokens: TokenIndex | None = None) -> int | None:
    """The last ``edge`` of a ``unit`` lying before ``offset``; None when there is none."""
    tokens = tokens if tokens is not None else TokenIndex(text)
    index = 0 if edge == "start" else 1
    return next((u[index] for u in _units_backward(text, offset, unit, tokens) if u[index] < offset), None)


def moved_edge(
    text: str, start: int, end: int, *, edge: Edge, step: int, unit: Unit = "token", tokens: TokenIndex | None = None
) -> Span | None:
    """New ``(start, end)`` after moving one edge of the span ``[start, end)`` to the next
    (``step`` > 0, rightwards) or previous (``step`` < 0) boundary of ``unit`` of the same kind
    (an end edge to unit ends, a start edge to unit starts). None when no such boundary lies that
    way or the span would become empty."""
    if edge == "end":
        if step > 0:
            new_end = next_boundary(text, end, unit=unit, edge="end", tokens=tokens)
        else:
            new_end = prev_boundary(text, end, unit=unit, edge="end", tokens=tokens)
        return (start, new_end) if new_end is not None and new_end > start else None
    if step < 0:
        new_start = prev_boundary(text, start, unit=unit, edge="start", tokens=tokens)
    else:
        new_start = next_boundary(text, start, unit=unit, edge="start", tokens=tokens)
    return (new_start, end) if new_start is not None and new_start < end else None


def dragged_edge(start: int, end: int, *, edge: Edge, offset: int, tokens: TokenIndex, exact: bool = False) -> Span:
    """New ``(start, end)`` of the span ``[start, end)`` while its ``edge`` is dragged to ``offset``
    (code points). The edge snaps to the nearest token boundary of its kind (token ends for the
    end edge, token starts for the start edge), or stays at ``offset`` when ``exact`` (Alt). The
    span never becomes empty: an edge dragged past the other stops one token (character) short."""
    length = len(tokens.text)
    offset = min(max(offset, 0), length)
    kind: Literal["start", "end"] = edge
    if exact:
        new = offset
    else:
        before = tokens.prev_boundary(offset + 1, kind=kind)  # last boundary <= offset (offset + 1 if none)
        after = tokens.next_boundary(offset - 1, kind=kind)  # first boundary >= offset (offset - 1 if none)
        candidates = [b for b in (before,) if b <= offset] + [b for b in (after,) if b >= offset]
        new = min(candidates, key=lambda b: (abs(b - offset), b)) if candidates else offset
    if edge == "end":
        if new <= start:
            first_end = start + 1 if exact else tokens.next_boundary(start, kind="end")
            new = first_end if first_end > start else start + 1
        return start, min(new, length)
    if new >= end:
        last_start = end - 1 if exact else tokens.prev_boundary(end, kind="start")
        new = last_start if last_start < end else end - 1
    return max(new, 0), end


__all__ = [
    "UNITS", "WINDOW", "Edge", "Unit", "dragged_edge", "moved_edge", "next_boundary", "paragraph_spans", "paragraphs_backward",
    "paragraphs_forward", "prev_boundary", "sentence_spans", "sentences_backward", "sentences_forward",
]
