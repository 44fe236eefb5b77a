"""Direct, mixed or indirect: one definition for every attribution, the rules' and the model's.

A reported content is **direct** when more than half of its characters (summed over the pieces
of a discontinuous content, white space included) lie inside double quotation marks as the
rules' scanner pairs them (:mod:`annotator.nlp.quotes_marks`: every double mark of Unicode and
typewriter ``''``; apostrophes never count), **mixed** when some but not more than half do
("Clinton said the plan would \u201ccreate jobs\u201d within a decade"), else **indirect**.

The rules first read a quote from its syntax (a quoted run with its cue is direct; a reported
clause with quoted words in it is mixed, :mod:`annotator.nlp.quotes_direct` /
:func:`annotator.nlp.quotes._merge`); :func:`settle_kind` then only ever *raises* a reading to
direct when the quoted words are most of its content ("Graham argued that being American
\u201cis an idea\u201d and that \u201cno group owns being an American.\u201d" is the speaker's
own words, not a paraphrase with a phrase quoted), and lowers an indirect reading with quoted
words in it to mixed. A direct reading is never lowered: a transcript line ("KURTZ: ...") is
direct without marks. Secondary marks (\u2018...\u2019) do not count: in English news they
are titles and quotes inside quotes.

This is the definition the PolNeAR scorer uses for its gold direct quotes
(:func:`annotator.nlp.quotes_eval.is_direct_gold`, more than half inside double marks), so the
predicted kind and the scored kind agree; the scorer keeps its own independent mark reader.
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
    """The kind of a content with pieces ``parts`` read first as ``kind`` ("direct" | "mixed" |
    "indirect"), by the definition of the module docstring."""
    if kind == "direct":
        return kind
    length = sum(b - a for a, b in parts)
    inside = sum(quoted.count(p) for p in parts)
    if length and inside * 2 > length:
        return "direct"
    if inside and kind == "indirect":
        return "mixed"
    return kind
