"""Direct, mixed or indirect: one definition for every attribution, the rules' and the model's.

The **kind a quote is labelled with** (the QUOTE span's ``kind``, what the analyst sees and the
exports carry) is the README's, for every shape of content (usertest32 L7, :func:`shown_kind`):

* **direct**: the quote is the whole content: every word of it (over all the pieces of a
  discontinuous content) lies inside double quotation marks as the rules' scanner pairs them
  (:mod:`annotator.nlp.quotes_marks`: every double mark of Unicode and typewriter ``''``;
  apostrophes and secondary marks never count); only marks, spaces and punctuation lie outside
  ('\u201cWe stay,\u201d'); a transcript turn (a line label's colon for its cue, "KURTZ: ...")
  is direct without marks, a quoted title in it included;
* **mixed**: a reported clause with quoted words inside, however much of it is quoted ('said
  the harbour was \u201ca disgrace to the region\u201d', 'that \u201cthe economy is strong\u201d and
  that ...');
* **indirect**: no quoted word.

The rules *work* with a coarser reading while they choose contents, speakers and which of two
readings stays (:func:`settle_kind`, ``Quote.kind`` until the quotes are written): a quoted run
with its cue is direct, a reported clause with quoted words mixed, and a reading more than half
inside double marks is raised to direct ("Graham argued that being American \u201cis an idea\u201d
and that \u201cno group owns being an American.\u201d" is mostly the speaker's own words: it is
not cut short by a model's longer reading, nor dropped for a speaker inside it). That is
PolNeAR's gold definition of a direct quote (:func:`annotator.nlp.quotes_eval.is_direct_gold`).
It stays internal so that relabelling changed no suggestion: :func:`shown_kind` makes the label
at the one place quotes become suggestions (:func:`annotator.nlp.quotes.add_quotes`), and the
scorer counts a mixed quote more than half quoted as direct, as PolNeAR does
(:func:`annotator.nlp.quotes_eval.is_direct_prediction`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotator.nlp.quotes_marks import QuotedRun
from annotator.nlp.quotes_types import Range


class QuotedChars:
    """The inner ranges of the double-quoted runs of one text, for counting quoted characters."""

    def __init__(self, runs: Sequence[QuotedRun]) -> None:
        self.ranges: list[Range] = sorted(r.inner for r in runs if not r.single)
        self.starts = [a for a, _ in self.ranges]

    def unquoted_word(self, rng: Range, text: str) -> bool:
        """Whether ``rng`` of ``text`` holds a letter or digit outside every double-quoted run
        (the marks themselves, spaces and punctuation do not count)."""
        pos = rng[0]
        lo = max(0, bisect.bisect_right(self.starts, rng[0]) - 1)
        for a, b in self.ranges[lo:]:
            if a >= rng[1]:
                break
            if b <= pos:
                continue
            if any(ch.isalnum() for ch in text[pos : min(a, rng[1])]):
                return True
            pos = max(pos, b)
        return any(ch.isalnum() for ch in text[pos : rng[1]])

    def count(self, rng: Range) -> int:
        """Characters of ``rng`` (code points, half-open) inside a double-quoted run."""
        lo = max(0, bisect.bisect_right(self.starts, rng[0]) - 1)
        total = 0
        for a, b in self.ranges[lo:]:
            if a >= rng[1]:
                break
            total += max(0, min(b, rng[1]) - max(a, rng[0]))
        return total


def settle_kind(kind: str, parts: Sequence[Range], quoted: QuotedChars) -> str:
    """The rules' working reading of a content with pieces ``parts`` read first as ``kind``
    ("direct" | "mixed" | "indirect"): raised to direct when more than half of its characters
    are quoted, an indirect one with quoted words lowered to mixed, a direct one never lowered
    (module docstring; the label is :func:`shown_kind`'s)."""
    if kind == "direct":
        return kind
    length = sum(b - a for a, b in parts)
    inside = sum(quoted.count(p) for p in parts)
    if length and inside * 2 > length:
        return "direct"
    if inside and kind == "indirect":
        return "mixed"
    return kind


def shown_kind(kind: str, parts: Sequence[Range], quoted: QuotedChars, text: str, *, turn: bool = False) -> str:
    """The README's kind (module docstring) of a content with pieces ``parts`` (code points,
    half-open, into ``text``) that the rules read as ``kind``: direct when it has quoted words
    and no word outside the marks, mixed when it has both, indirect when no word is quoted;
    a ``kind`` "direct" reading without any quoted character, or a transcript turn (``turn``),
    stays direct."""
    if not sum(quoted.count(p) for p in parts):
        return "direct" if kind == "direct" else "indirect"
    if turn and kind == "direct":
        return kind
    return "mixed" if any(quoted.unquoted_word(p, text) for p in parts) else "direct"
