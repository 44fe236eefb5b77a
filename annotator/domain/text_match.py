"""Text matching the way a reader sees text: words without case or accents (project search) and
find-in-article across non-breaking and other Unicode spaces, soft hyphens and zero-width
characters (Ctrl+F). Pure functions, no Qt.

Offsets are Python code points into the original text, half-open ``[start, end)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterator
from dataclasses import dataclass

# Characters that are invisible inside a word and must never break a match: soft hyphen, zero-width
# space / non-joiner / joiner, word joiner, BOM used as zero-width no-break space (Unicode TR #14
# and the characters Unicode lists with Default_Ignorable_Code_Point that occur in web text).
IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_IGNORABLE_SET = frozenset(IGNORABLE)
# Runs of white space and ignorables that need rewriting: a lone " " is already normal.
_SPECIAL = re.compile(f"[\\s{IGNORABLE}]{{2,}}|(?! )[\\s{IGNORABLE}]")
# Letters and digits only (the tokens of SQLite FTS5's unicode61 tokenizer): "Flynn's" is the two
# words "flynn" and "s", "U.S." is "u" and "s".
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """``text`` lower-cased, without accents (NFD, combining marks dropped) and without
    :data:`IGNORABLE` characters: "Müller" → "muller", "Don\\u00adald" → "donald"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if c not in _IGNORABLE_SET and not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words (letters and digits) of ``text``, in order."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65_536)  # speaker names and labels repeat across a project's spans
def word_phrase(text: str) -> str:
    """The folded words of ``text`` joined and framed by single spaces (" michael flynn s "): the
    form :func:`has_words` compares. "" when ``text`` has no word."""
    found = words(text)
    return f" {' '.join(found)} " if found else ""


def has_words(text: str | None, phrase: str) -> bool:
    """True when ``text`` contains ``phrase`` (a :func:`word_phrase`) as whole consecutive words,
    case- and accent-insensitively: "flynn" is in "Michael Flynn" and "Flynn's", not in "Flynnite".
    An empty ``phrase`` matches nothing."""
    if not text or not phrase:
        return False
    return phrase in word_phrase(text)


@dataclass(frozen=True, slots=True)
class LooseText:
    """A text prepared for :func:`find_all`: every run of Unicode white space (NBSP, thin space,
    ideographic space, line breaks, …) is one " ", :data:`IGNORABLE` characters are gone, and
    ``origin[i]`` is the offset in the original text of character ``i`` of ``folded`` (with one
    extra entry, the original length, for ends)."""

    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LooseText:
        out: list[str] = []
        origin: list[int] = []
        done = 0
        # Plain stretches are copied whole; only the runs of spaces and ignorables are rewritten.
        for m in _SPECIAL.finditer(text):
            out.append(text[done:m.start()])
            origin.extend(range(done, m.start()))
            run = m.group()
            spaces = [m.start() + i for i, c in enumerate(run) if c not in _IGNORABLE_SET]
            if spaces:  # one " " for the run, standing at its first space
                out.append(" ")
                origin.append(spaces[0])
            done = m.end()
        out.append(text[done:])
        origin.extend(range(done, len(text)))
        origin.append(len(text))
        return cls("".join(out), tuple(origin))


def loose_pattern(pattern: str) -> str:
    """``pattern`` normalised like :meth:`LooseText.of` (spaces collapsed, ignorables dropped);
    leading and trailing spaces are kept as one space, so " Trump" still needs a space before."""
    return LooseText.of(pattern).folded


def find_all(text: LooseText, pattern: str) -> Iterator[tuple[int, int]]:
    """Case-insensitive matches of ``pattern`` in ``text``, as ``(start, end)`` code-point offsets
    of the original text, in order, not overlapping. "Donald Trump" matches
    "Donald\\u00a0Trump", "Donald \\n Trump" and "Don\\u00adald Trump"."""
    needle = loose_pattern(pattern)
    if not needle:
        return
    regex = re.compile(re.escape(needle), re.IGNORECASE)
    for m in regex.finditer(text.folded):
        # The end maps through the last matched character, so trailing ignorables stay outside.
        yield text.origin[m.start()], text.origin[m.end() - 1] + 1
