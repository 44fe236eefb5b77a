"""What brat's reader does to a text, shared by the brat reader and writer.

brat's server (nlplab/brat ``server/src/annotation.py``, ``open_textfile``) opens both files as
UTF-8 with Python's universal newlines and counts offsets in what it read:

* ``\\r\\n`` and a lone ``\\r`` each become one ``\\n`` in the ``.txt``, so every CRLF before an
  offset makes brat's number one smaller than ours;
* a UTF-8 byte-order mark is not dropped: it is character 0 and shifts every offset by one;
* U+2028, U+0085 and the other characters :meth:`str.splitlines` breaks at are left alone in the
  ``.txt`` (one character each, as for us), but the ``.ann`` is read line by line with
  ``str.splitlines`` (Python 2 ``codecs`` readers), so none of them may appear inside an ``.ann``
  line — a text-bound fragment must not contain one.

We keep the article text exactly as stored (its hash identifies it on re-import) and translate
offsets with :class:`BratOffsets` at the file boundary.
"""

from __future__ import annotations

import bisect
import re

# Every character str.splitlines breaks a line at; brat's .ann reading may break at any of them.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NOT_BREAK = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")
_BREAKS_ONLY = re.compile(f"[{re.escape(LINE_BREAKS)}]+")

# Our attribute and comment names in .ann files.
STATUS_ATTR = "AnnotatorStatus"  # A line: the status of a T (all its pieces) or an R
ARG_FRAGMENT = {"Arg1": "AnnotatorArg1Fragment", "Arg2": "AnnotatorArg2Fragment"}  # A line on an R
PROVENANCE = "AnnotatorProvenance"  # # line: {"origin", "by", "created", "updated"} as JSON
PROVENANCE_KEYS = ("origin", "by", "created", "updated")
NOTE = "AnnotatorNotes"
RESERVED_ATTRS = frozenset({STATUS_ATTR, *ARG_FRAGMENT.values()})


class BratOffsets:
    """Code points of a stored text ↔ offsets in brat's reading of the same text.

    ``text`` is the article text as stored (no BOM); ``bom`` is 1 when the ``.txt`` brat reads
    starts with a UTF-8 byte-order mark (brat counts it as character 0), else 0. Both mappings are
    monotone; ``from_brat(to_brat(p)) == p`` for every ``p`` not between the ``\\r`` and ``\\n`` of
    a CRLF (a position brat's text does not have).
    """

    def __init__(self, text: str, *, bom: int = 0) -> None:
        self.text = text
        self.bom = bom
        # Code-point index of the "\n" of every CRLF: the characters brat's reading removes.
        self._dropped = [m.start() + 1 for m in re.finditer("\r\n", text)]
        # brat index of the newline each CRLF becomes.
        self._brat_newline = [i - 1 - j + bom for j, i in enumerate(self._dropped)]

    @property
    def brat_length(self) -> int:
        """Characters brat reads: the text with each CRLF as one, plus the BOM."""
        return len(self.text) - len(self._dropped) + self.bom

    def to_brat(self, position: int) -> int:
        """brat's offset for a code-point position of the stored text (0 ≤ position ≤ len(text))."""
        return position - bisect.bisect_left(self._dropped, position) + self.bom

    def from_brat(self, offset: int) -> int:
        """The code-point position where brat's character ``offset`` begins (a CRLF's newline
        begins at its ``\\r``); ``brat_length`` maps to ``len(text)``. Raises ValueError for an
        offset outside ``[bom, brat_length]``."""
        if not self.bom <= offset <= self.brat_length:
            raise ValueError(offset)
        return offset - self.bom + bisect.bisect_left(self._brat_newline, offset)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks: the maximal pieces without one (code points).

    Empty when the range holds only line breaks. The first fragment starts later than ``start``
    (or the last ends before ``end``) when the range begins (ends) with a line break.
    """
    return [(m.start(), m.end()) for m in _NOT_BREAK.finditer(text, start, end)]


def only_line_breaks(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is non-empty and made of line breaks only."""
    return start < end and _BREAKS_ONLY.fullmatch(text, start, end) is not None


def joined(fragments_: list[tuple[int, int]], text: str) -> list[tuple[int, int, int]]:
    """The pieces of a brat ``T`` line: its fragments (code points, in line order), with
    neighbours separated only by line breaks joined into one — brat itself writes a selection
    across lines that way — and touching neighbours too (nothing between them: one range).
    Each piece is ``(start, end, index of its first fragment)``."""
    pieces: list[tuple[int, int, int]] = []
    for index, (start, end) in enumerate(fragments_):
        if pieces and (start == pieces[-1][1] or only_line_breaks(text, pieces[-1][1], start)):
            pieces[-1] = (pieces[-1][0], end, pieces[-1][2])
        else:
            pieces.append((start, end, index))
    return pieces
