"""Find double-quoted runs in raw text, character by character (no parser needed).

Rules, chosen so that one bad mark never silences the rest of an article:
* a run never crosses a paragraph break, except by the news convention that a quote going on
  into the next paragraph leaves the paragraph unclosed and re-opens the next one with a mark;
* an unclosed run at a paragraph end (not re-opened next paragraph) is dropped, and scanning
  restarts clean in the next paragraph; the same curly opener again inside an open run also
  drops the older, unclosed one;
* quotes inside quotes (single marks, or double marks of another style) are content;
* ``''`` (two apostrophes, the typewriter double quote of some news archives) is a straight
  double quote; a paragraph that starts with a closing mark (``”Text...”``, a common typo) opens.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from annotator.nlp.quotes_lexicon import DOUBLE_CLOSERS, DOUBLE_OPENERS

_OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013\u2015-/:;,")
_ANY_CLOSE = frozenset('"\u201d\u201c')


@dataclasses.dataclass(frozen=True, slots=True)
class QuotedRun:
    open: int  # index of the opening mark
    close: int  # index of the closing mark
    paragraphs: int = 1  # > 1 when the quote ran over paragraph breaks
    open_width: int = 1
    close_width: int = 1
    single: bool = False  # British-style ‘...’: only a quote when a cue is next to it

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + self.open_width, self.close

    @property
    def outer(self) -> tuple[int, int]:
        return self.open, self.close + self.close_width


def _mark_at(text: str, i: int) -> tuple[str, int]:
    """The quote mark starting at i as (kind, width); kind '"' for any straight double mark."""
    c = text[i]
    if c == "'" and text[i + 1 : i + 2] == "'":
        return '"', 2
    if c == "`" and text[i + 1 : i + 2] == "`":
        return "\u201c", 2
    return c, 1


def _straight_opens(text: str, i: int, width: int) -> bool:
    """Whether a straight mark at i opens: preceded by start/space/bracket, followed by non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _reopen_at(text: str, i: int) -> int:
    """If the next paragraph after i begins (after spaces) with a double opener, its index."""
    n = len(text)
    while i < n and text[i] in " \t\n\r":
        i += 1
    if i < n and (text[i] in DOUBLE_OPENERS or _mark_at(text, i)[1] == 2):
        return i
    return -1


_EVENTS = re.compile("''|``|[\"\u201c\u201d\u00ab\u00bb\u201e\n]")


def find_quoted_runs(text: str) -> list[QuotedRun]:
    """All balanced double-quoted runs, in text order. Linear in len(text); visits only the
    quote marks and line breaks (found by one regex scan), not every character."""
    runs: list[QuotedRun] = []
    open_at, open_w, opener, paragraphs = -1, 1, "", 1
    skip_until = 0
    for m in _EVENTS.finditer(text):
        i = m.start()
        if i < skip_until:
            continue
        if text[i] == "\n":
            if open_at >= 0:
                k = _reopen_at(text, i)
                if k >= 0:
                    paragraphs += 1
                    skip_until = k + _mark_at(text, k)[1]
                    continue
                open_at = -1  # unclosed at paragraph end: drop it, restart clean
            continue
        mark, width = _mark_at(text, i)
        if open_at < 0:
            line_start = i == 0 or text[i - 1] == "\n"
            if mark in DOUBLE_OPENERS and (mark != '"' or _straight_opens(text, i, width)):
                open_at, open_w, opener, paragraphs = i, width, mark, 1
            elif mark in DOUBLE_CLOSERS and line_start:
                open_at, open_w, opener, paragraphs = i, width, "\u201c", 1
        elif opener == '"' and mark == '"' and text[i - 1].isspace() and _straight_opens(text, i, width):
            # a straight mark that can only open (space before, word after) while one is open: the
            # older run was never closed; restart here so the damage stays local
            open_at, open_w, paragraphs = i, width, 1
        elif mark in DOUBLE_OPENERS[opener] and not (mark == '"' and opener != '"' and _straight_opens(text, i, width)):
            if i > open_at + open_w:
                runs.append(QuotedRun(open_at, i, paragraphs, open_w, width))
            open_at = -1
        elif mark == opener and mark != '"':
            # the same curly opener again before a close: the older run was never closed
            open_at, open_w, paragraphs = i, width, 1
    return runs


# ‘...’ with apostrophes inside ("don’t": a ’ followed by a letter) and a closing ’ not followed
# by a letter; one paragraph at most. Alternatives exclude each other, so no backtracking blow-up.
_SINGLE = re.compile("\u2018((?:[^\u2018\u2019\n]|\u2019(?=[^\\W\\d_])){2,600}?)\u2019(?![^\\W\\d_])")


def find_single_runs(text: str, double: list[QuotedRun]) -> list[QuotedRun]:
    """Curly single-quoted runs (British style) outside any double-quoted run: ‘...’ opening after
    a space, a bracket or a line start. Straight ' is too ambiguous with apostrophes to use."""
    inside = [r.outer for r in double]
    starts = [a for a, _ in inside]
    out: list[QuotedRun] = []
    for m in _SINGLE.finditer(text):
        i = m.start()
        if i > 0 and text[i - 1] not in _OPENING_CONTEXT:
            continue
        k = bisect.bisect_right(starts, i)
        if k and inside[k - 1][1] > i:
            continue  # a quote inside a double quote is part of that quote's content
        out.append(QuotedRun(i, m.end() - 1, 1, 1, 1, single=True))
    return out
