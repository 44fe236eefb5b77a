"""Token boundaries for snapping selections, in code points over the article text.

Pure and Qt-free. A token is a word (letters, digits and combining marks, joined by inner
apostrophes or hyphens, and digits joined by ``. , : /`` as in ``3.5`` or ``1,000``) or a single
other non-space character (punctuation, symbol, emoji with its modifiers). Whitespace is never
part of a token, so snapping a selection to tokens also trims the whitespace around it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Literal

# Combining marks, variation selectors and emoji modifiers stay with the character before them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f" \
         "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0100-\U000e01ef"
_W = rf"(?:\w|[{_MARKS}])"
_JOIN = r"(?:['\u2019\u02bc\-\u2010\u2011]|(?<=\d)[.,:/](?=\d))"
_TOKEN = re.compile(
    rf"{_W}+(?:{_JOIN}{_W}+)*"                       # words, numbers, hyphenated and elided words
    rf"|[^\w\s{_MARKS}][{_MARKS}]*(?:\u200d[^\s][{_MARKS}]*)*"  # one symbol (ZWJ emoji sequences kept whole)
    rf"|[{_MARKS}]+"                                  # stray marks at the start of the text
)

Token = tuple[int, int]


def token_spans(text: str) -> list[Token]:
    """``[start, end)`` of every token of ``text``, in order."""
    return [m.span() for m in _TOKEN.finditer(text)]


def snap(start: int, end: int, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Expand ``[start, end)`` to the whole tokens it touches; ``None`` when it touches none
    (an empty or all-whitespace selection)."""
    if end <= start or not tokens:
        return None
    first = bisect.bisect_right(tokens, (start, 1 << 62))  # tokens starting after ``start``
    if first and tokens[first - 1][1] > start:
        first -= 1  # the token containing ``start``
    last = bisect.bisect_left(tokens, (end, -1)) - 1  # the last token starting before ``end``
    if first > last:
        return None
    return tokens[first][0], tokens[last][1]


def _boundaries(tokens: Sequence[Token], kind: str) -> list[int]:
    if kind == "start":
        return [s for s, _ in tokens]
    if kind == "end":
        return [e for _, e in tokens]
    return sorted({b for tok in tokens for b in tok})


def next_boundary(offset: int, tokens: Sequence[Token], *, kind: Literal["start", "end", "any"] = "any") -> int:
    """The first token boundary after ``offset`` (``offset`` itself when there is none).

    Use ``kind="end"`` to move a span's end edge (it then never takes in trailing whitespace)
    and ``kind="start"`` for its start edge."""
    bounds = _boundaries(tokens, kind)
    i = bisect.bisect_right(bounds, offset)
    return bounds[i] if i < len(bounds) else offset


def prev_boundary(offset: int, tokens: Sequence[Token], *, kind: Literal["start", "end", "any"] = "any") -> int:
    """The last token boundary before ``offset`` (``offset`` itself when there is none)."""
    bounds = _boundaries(tokens, kind)
    i = bisect.bisect_left(bounds, offset)
    return bounds[i - 1] if i else offset
