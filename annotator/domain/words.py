"""The word count of an article, as the article list shows it; stored per article (migration 0008)."""

from __future__ import annotations


def word_count(text: str) -> int:
    """Number of words in ``text``: maximal runs of non-whitespace, as :meth:`str.split` finds
    them (Unicode whitespace: spaces, tabs, newlines, no-break and ideographic spaces).

    Counts code points' runs, so a non-BMP character (an emoji, a CJK extension ideograph) is
    part of a word like any other; the empty or all-whitespace text has 0 words. Used at import
    and by migration 0008's backfill, so both give the same number.
    """
    return len(text.split())
