"""The kind of a QUOTE the analyst draws (usertest16 L9: a quote made with ``5`` had Kind "—").

:func:`drawn_quote_kind` reads it the way the rules settle a kind (:mod:`annotator.nlp.quotes_kind`:
more than half of the content's characters inside double quotation marks is **direct**, some is
**mixed**), from the marks of the paragraph the selection lies in, so a selection that is enclosed
in marks ('“We stay,” Ana said' with "We stay," selected) or holds its own marks is direct. With
no quoted character at all it returns ``None``: the rules would say indirect, but a drawn quote
without marks may be a transcript line ("KURTZ: …", direct without marks), so the analyst says.

Pure; offsets in code points, half-open. Double marks: “ ” „ « » and the typewriter ``"``
(paired in turn within the paragraph); single marks and apostrophes never count. An opening mark
left open runs to the paragraph's end (a quote continued in the next paragraph).
"""

from __future__ import annotations

_OPEN = "\u201c\u201e\u00ab"
_CLOSE = "\u201d\u00bb"
_STRAIGHT = '"'


def quoted_ranges(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The inner ranges of the double-quoted runs of ``text[lo:hi]`` (one paragraph)."""
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    straight = False
    for i in range(lo, hi):
        c = text[i]
        if c == _STRAIGHT:
            if opened is None:
                opened, straight = i + 1, True
            elif straight:
                ranges.append((opened, i))
                opened = None
        elif c in _OPEN and opened is None:
            opened, straight = i + 1, False
        elif c in _CLOSE and opened is not None and not straight:
            ranges.append((opened, i))
            opened = None
    if opened is not None:
        ranges.append((opened, hi))
    return ranges


def drawn_quote_kind(text: str, start: int, end: int) -> str | None:
    """"direct", "mixed" or ``None`` (no quoted character: the analyst decides) for a QUOTE drawn
    over ``[start, end)`` (module docstring)."""
    if end <= start:
        return None
    lo = text.rfind("\n", 0, start) + 1
    nl = text.find("\n", end)
    hi = len(text) if nl < 0 else nl
    inner = [(max(a, start), min(b, end)) for a, b in quoted_ranges(text, lo, hi)]
    inside = sum(max(0, b - a) for a, b in inner)
    # the selection's own marks count as quoted ('“We stay,”' selected with its marks)
    marks = sum(1 for c in text[start:end] if c in _OPEN + _CLOSE + _STRAIGHT)
    if (inside + marks) * 2 > end - start:
        return "direct"
    return "mixed" if inside else None


__all__ = ["drawn_quote_kind", "quoted_ranges"]
