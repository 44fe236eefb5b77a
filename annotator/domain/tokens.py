"""Token boundaries for snapping selections, in code points over the article text.

Pure and Qt-free. A token is a word (letters, digits and combining marks, joined by inner
apostrophes or hyphens, and digits joined by ``. , : /`` as in ``3.5`` or ``1,000``) or a single
other non-space character (punctuation, symbol, emoji with its modifiers). Whitespace is never
part of a token, so snapping a selection to tokens also trims the whitespace around it.

:func:`token_spans` tokenises a whole text; :class:`TokenIndex` answers the same questions for a
text of any size by tokenising only blocks around the offsets asked about (the window's span
edges on a 50 MB article), each block cut at whitespace so its tokens are exactly the whole
text's.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
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


# ----------------------------------------------------------------------------- lazily, by block

_SPACE = re.compile(r"\s")
Kind = Literal["start", "end", "any"]


class TokenIndex:
    """The tokens of ``text`` (as :func:`token_spans` finds them), computed block by block on
    demand and cached by block, so that a question about one offset of a huge text costs a block,
    not the text.

    Block ``k`` covers ``[cut(k), cut(k+1))`` where ``cut(k)`` is the first whitespace at or after
    ``k * block`` code points (0 for ``k = 0``, ``len(text)`` when there is none). No token holds
    whitespace, so none crosses a cut, and the token pattern matched between two cuts finds
    exactly the whole text's tokens there. At most ``max_blocks`` blocks stay cached (least
    recently used dropped): memory stays bounded whatever the reader visits.

    Offsets are code points, ranges half-open, as everywhere in Annotator.
    """

    def __init__(self, text: str, *, block: int = 4096, max_blocks: int = 512) -> None:
        if block < 1 or max_blocks < 1:
            raise ValueError("block and max_blocks must be positive")
        self.text = text
        self._block = block
        self._max_blocks = max_blocks
        self._count = -(-len(text) // block)  # number of blocks (ceil); 0 for an empty text
        self._cache: OrderedDict[int, dict[str, list[int]]] = OrderedDict()
        #: blocks tokenised so far (tests and benchmarks check the work stays local)
        self.blocks_tokenised = 0

    def _cut(self, k: int) -> int:
        if k <= 0:
            return 0
        position = k * self._block
        if position >= len(self.text):
            return len(self.text)
        found = _SPACE.search(self.text, position)
        return found.start() if found else len(self.text)

    def _block_of(self, offset: int) -> int:
        """The block holding ``offset`` (clamped into the text)."""
        k = min(max(offset, 0) // self._block, self._count - 1)
        while k > 0 and self._cut(k) > offset:
            k -= 1  # ``offset`` lies before block k's cut: in an earlier block
        return k

    def _bounds(self, k: int, kind: Kind) -> list[int]:
        cached = self._cache.get(k)
        if cached is None:
            pairs = [m.span() for m in _TOKEN.finditer(self.text, self._cut(k), self._cut(k + 1))]
            cached = {"start": [a for a, _ in pairs], "end": [b for _, b in pairs]}
            self.blocks_tokenised += 1
            self._cache[k] = cached
            if len(self._cache) > self._max_blocks:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(k)
        if kind == "any" and "any" not in cached:
            cached["any"] = sorted({*cached["start"], *cached["end"]})
        return cached[kind]

    def warm(self, start: int, end: int) -> int:
        """Tokenise now the blocks overlapping ``[start, end)`` (the text on screen, while the
        window is idle) so that the first question about them costs nothing. Returns how many
        blocks that tokenised (0 when all were done already)."""
        if self._count == 0 or end <= start:
            return 0
        before = self.blocks_tokenised
        for k in range(self._block_of(start), self._block_of(max(end - 1, 0)) + 1):
            self._bounds(k, "start")
        return self.blocks_tokenised - before

    def tokens(self, start: int = 0, end: int | None = None) -> list[Token]:
        """``[start, end)`` of every token overlapping ``[start, end)`` (the whole text by default)."""
        end = len(self.text) if end is None else end
        out: list[Token] = []
        if self._count == 0 or end <= start:
            return out
        for k in range(self._block_of(start), self._block_of(max(end - 1, 0)) + 1):
            out.extend(t for t in zip(self._bounds(k, "start"), self._bounds(k, "end")) if t[1] > start and t[0] < end)
        return out

    def next_boundary(self, offset: int, *, kind: Kind = "any") -> int:
        """As :func:`next_boundary`: the first token boundary after ``offset``, else ``offset``."""
        if self._count == 0:
            return offset
        for k in range(self._block_of(offset), self._count):
            bounds = self._bounds(k, kind)
            i = bisect.bisect_right(bounds, offset)
            if i < len(bounds):
                return bounds[i]
        return offset

    def prev_boundary(self, offset: int, *, kind: Kind = "any") -> int:
        """As :func:`prev_boundary`: the last token boundary before ``offset``, else ``offset``."""
        if self._count == 0:
            return offset
        for k in range(self._block_of(offset), -1, -1):
            bounds = self._bounds(k, kind)
            i = bisect.bisect_left(bounds, offset)
            if i:
                return bounds[i - 1]
        return offset

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """As :func:`snap`: ``[start, end)`` grown to the whole tokens it touches, or None. Costs
        the blocks at the two edges only, however long the selection."""
        if end <= start:
            return None
        # The first token ending after ``start`` (the one holding it, or the next one) ...
        first_end = self.next_boundary(start, kind="end")
        if first_end <= start:
            return None
        k = self._block_of(first_end - 1)
        starts, ends = self._bounds(k, "start"), self._bounds(k, "end")
        first_start = starts[bisect.bisect_left(ends, first_end)]
        if first_start >= end:
            return None
        # ... to the last token starting before ``end``.
        last_start = self.prev_boundary(end, kind="start")
        k = self._block_of(last_start)
        starts, ends = self._bounds(k, "start"), self._bounds(k, "end")
        return first_start, ends[bisect.bisect_left(starts, last_start)]
