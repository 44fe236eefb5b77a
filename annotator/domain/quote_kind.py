"""The kind of a QUOTE the analyst draws (usertest16 L9: a quote made with ``5`` had Kind "—").

:func:`drawn_quote_kind` reads it the way the rules settle a kind (:mod:`annotator.nlp.quotes_kind`:
every word of the selection inside double quotation marks is **direct**, quoted words and words
outside the marks is **mixed**), from the marks of the paragraph the selection lies in, so a
selection that is enclosed in marks ('“We stay,” Ana said' with "We stay," selected) or holds its
own marks is direct, and 'the plan “works” today' is mixed. With
no quoted character at all it returns ``None``: the rules would say indirect, but a drawn quote
without marks may be a transcript line ("KURTZ: …", direct without marks), so the analyst says.

Pure; offsets in code points, half-open. The marks and how they pair are the rules' own scanner
(:func:`annotator.nlp.quotes_marks.find_quoted_runs`: every double mark of Unicode and the
typewriter ``"``; single marks and apostrophes never count), run over the selection's paragraph
only, so drawing a quote in a long article costs one paragraph's scan; the quoted characters are
counted as :class:`annotator.nlp.quotes_kind.QuotedChars` counts them for the rules.
"""

from __future__ import annotations

from annotator.nlp.quotes_kind import QuotedChars
from annotator.nlp.quotes_marks import find_quoted_runs


def drawn_quote_kind(text: str, start: int, end: int) -> str | None:
    """"direct", "mixed" or ``None`` (no quoted character: the analyst decides) for a QUOTE drawn
    over ``[start, end)`` (module docstring)."""
    if end <= start:
        return None
    lo = text.rfind("\n", 0, start) + 1
    nl = text.find("\n", end)
    hi = len(text) if nl < 0 else nl
    runs = [r for r in find_quoted_runs(text[lo:hi]) if not r.single]
    quoted = QuotedChars(runs)
    rng = (start - lo, end - lo)
    if not quoted.count(rng):
        return None
    # usertest32 L7: the quote is the whole selection (its marks, spaces and punctuation may lie
    # outside: '“We stay,”' selected with its marks) -> direct; a word outside the marks -> mixed
    return "mixed" if quoted.unquoted_word(rng, text[lo:hi]) else "direct"


__all__ = ["drawn_quote_kind"]
