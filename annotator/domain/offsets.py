"""The one place where Qt's UTF-16 positions meet our code-point offsets.

Everything in Annotator stores and computes Python code-point offsets. Qt (QTextDocument,
QTextCursor) counts UTF-16 code units, so a character outside the Basic Multilingual Plane
(emoji, some CJK) is one code point but two Qt positions. The UI converts with an
:class:`OffsetMap` built once per article; nothing else may convert.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions for one immutable text."""

    __slots__ = ("_astral", "_astral_utf16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # Code-point indices of astral characters: each shifts later UTF-16 positions by one.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_utf16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """Code-point offset → UTF-16 position (offset may equal the text length)."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside text of length {self.length}")
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """UTF-16 position → code-point offset. A position inside a surrogate pair rounds down."""
        if not 0 <= position <= self.utf16_length:
            raise ValueError(f"position {position} outside text of UTF-16 length {self.utf16_length}")
        # Astral characters whose both UTF-16 units lie before the position.
        whole = bisect.bisect_right(self._astral_utf16, position - 2)
        if whole < len(self._astral_utf16) and self._astral_utf16[whole] == position - 1:
            return self._astral[whole]  # the position splits a surrogate pair
        return position - whole
