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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun`` agreeing in number, as every message says a count: ``plural(1,
    "article")`` → ``"1 article"``, ``plural(2, "article")`` → ``"2 articles"``, ``plural(1_200,
    "span")`` → ``"1,200 spans"``; ``many`` is the plural when it is not ``noun + "s"``
    (``plural(2, "analysis", "analyses")``). Only 1 is singular (0 articles, 1 article)."""
    return f"{count:,} {noun if count == 1 else (many if many is not None else noun + 's')}"


def article_name(title: str, file: str, article_id: int) -> str:
    """What an article is called wherever the window names it (article list, search, tooltips):
    its title, else the file it was imported from (``meta["file"]``), else "Article ID" (issue 10:
    an untitled article was "m1.txt" in the list but "Article 1" in the search)."""
    return title or file or f"Article {article_id}"
