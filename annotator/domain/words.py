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


OPENING_CHARS = 300  # of an untitled row's text read for its name: more than OPENING_WORDS words need
OPENING_WORDS = 10


def opening_words(text: str) -> str:
    """An untitled article's name from its text: its first sentence when that is at most
    :data:`OPENING_WORDS` words, else its first :data:`OPENING_WORDS` words and "…"; "" for a
    blank text. ``text`` may be only the text's opening (the first :data:`OPENING_CHARS`)."""
    words = text.split()[:OPENING_WORDS + 1]
    for index, word in enumerate(words[:OPENING_WORDS]):
        if word.endswith((".", "!", "?")) and index >= 2:  # a sentence end, not "Dr." opening it
            return " ".join(words[:index + 1])
    return " ".join(words[:OPENING_WORDS]) + ("…" if len(words) > OPENING_WORDS else "")


def article_name(title: str, file: str, article_id: int, opening: str = "") -> str:
    """What an article is called wherever the window names it (article list, search, tooltips):
    its title, else its first words when ``opening`` (the start of its text) is given — an
    untitled row of a CSV file, where every row has the same file (usertest13 F10: 300 rows
    all named "fnc10k.csv") —, else the file it was imported from (``meta["file"]``), else
    "Article ID" (issue 10: an untitled article was "m1.txt" in the list but "Article 1" in the search)."""
    return title or opening_words(opening) or file or f"Article {article_id}"
