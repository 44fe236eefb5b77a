"""Find double-quoted runs in raw text, character by character (no parser needed).

Rules, chosen so that one bad mark never silences the rest of an article:
* a run never crosses a paragraph break, except by the news convention that a quote going on
  into the next paragraph leaves the paragraph unclosed and re-opens the next one with a mark;
* an unclosed run at a paragraph end (not re-opened next paragraph) is dropped, and scanning
  restarts clean in the next paragraph; a new curly/guillemet opener inside an open run also
  drops the older, unclosed one;
* quotes inside quotes (single marks, or nested double marks of the other style) are content.
"""

from __future__ import annotations

import dataclasses

from annotator.nlp.quotes_lexicon import DOUBLE_OPENERS

_OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/:;,")


@dataclasses.dataclass(frozen=True, slots=True)
class QuotedRun:
    open: int  # index of the opening mark
    close: int  # index of the closing mark (the run is text[open:close+1])
    paragraphs: int = 1  # > 1 when the quote ran over paragraph breaks

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight '"' at i opens: preceded by start/space/bracket, followed by non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _reopens(text: str, i: int, opener: str) -> int:
    """If the paragraph starting at i begins (after spaces) with an opener, its index, else -1."""
    n = len(text)
    while i < n and text[i] in " \t\n\r":
        i += 1
    if i < n and (text[i] == opener or text[i] in DOUBLE_OPENERS and text[i] != '"'):
        return i
    if i < n and text[i] == '"':
        return i
    return -1


def find_quoted_runs(text: str) -> list[QuotedRun]:
    """All balanced double-quoted runs, in text order. Linear in len(text)."""
    runs: list[QuotedRun] = []
    n = len(text)
    i = 0
    open_at = -1
    opener = ""
    paragraphs = 1
    while i < n:
        c = text[i]
        if c == "\n":
            if open_at >= 0:
                # Paragraph end inside a quote: continue only if the next paragraph re-opens.
                j = i
                while j < n and text[j] in "\n\r \t":
                    j += 1
                k = _reopens(text, i, opener)
                if k >= 0 and "\n" in text[i:k]:
                    paragraphs += 1
                    i = k + 1
                    continue
                open_at = -1  # unclosed: drop it, restart clean
            i += 1
            continue
        if open_at < 0:
            if c in DOUBLE_OPENERS and (c != '"' or _straight_opens(text, i)):
                open_at, opener, paragraphs = i, c, 1
        else:
            if c in DOUBLE_OPENERS[opener] and not (c == '"' and opener != '"' and _straight_opens(text, i)):
                if i > open_at + 1:
                    runs.append(QuotedRun(open_at, i, paragraphs))
                open_at = -1
            elif c in DOUBLE_OPENERS and c != opener and c != '"' and c not in DOUBLE_OPENERS[opener]:
                # another style opens: treat as a quote inside the quote (content), keep going
                pass
            elif c == opener and c != '"':
                # same curly opener again before a close: the older run was never closed
                open_at, paragraphs = i, 1
        i += 1
    return runs
