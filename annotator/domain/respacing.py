"""Texts that differ only in whitespace: the key that finds them and the offsets between them (fix38).

An export to CoNLL rebuilds each text from its tokens joined by single spaces (``said.`` becomes
``said .``), a DocBin made by another tokeniser does the same, a JSONL or CSV file may have had
its text re-wrapped, a brat .txt may have gained CRLF line ends. Imported back into the project,
such a document is the article it came from, but its exact text (and so its
:func:`~annotator.domain.model.text_hash`) differs. :func:`text_key` is the hash of the text with
every whitespace character *removed* — not collapsed to one space: CoNLL adds a space where the
article had none (``said.`` → ``said .``), which a collapsing key would still tell apart. What
counts as whitespace is :meth:`str.isspace` (what :meth:`str.split` and ``\\s`` take): spaces,
tabs, line ends (CR, LF, U+2028…), the no-break and other Unicode spaces. The invisible characters
the CoNLL export drops (:data:`INVISIBLE`: the zero-width space, the BOM, controls that are not
whitespace) are ignored alike: a CoNLL export imported back has lost them.

:class:`Respacing` maps offsets of one such text onto the other: the characters the key keeps (not
whitespace, not :data:`INVISIBLE`) of both are the same sequence, so the n-th of one is the n-th
of the other; a span edge that falls on an ignored character moves inward to the nearest kept one.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from annotator.domain.model import ArticleBundle

#: The invisible characters the CoNLL export leaves out of its tokens (``annotator.formats.conll.INVISIBLE``,
#: the same string; a test holds them equal): controls that are not whitespace (BEL, ESC, DEL, the
#: C1 controls but U+0085), the zero-width space and the BOM. A CoNLL export imported back has
#: lost them, so the key ignores them as it ignores whitespace (without it, 42 of the 10,000
#: FNC-1-based articles of docs/formats.md's CoNLL round trip came back as copies).
INVISIBLE = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)])) + "\u200b\ufeff"
_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE)}]+")
# a run of characters the key keeps: not whitespace (\s of a str pattern is str.isspace's:
# tests/core/test_guess_title.py checks every code point), not INVISIBLE
_RUN = re.compile(f"[^\\s{re.escape(INVISIBLE)}]+")


def squeezed(text: str) -> str:
    """``text`` without any whitespace character (:meth:`str.isspace`) or :data:`INVISIBLE` one."""
    joined = "".join(text.split())
    # every INVISIBLE character is unprintable: one C scan clears nearly every text (8 of 1,000 FNC-1 bodies are not)
    return joined if joined.isprintable() else _INVISIBLE.sub("", joined)


def text_key(text: str) -> int:
    """The whitespace-insensitive key of ``text``: the first 8 bytes of the SHA-256 of
    :func:`squeezed` ``text`` (UTF-8, lone surrogates passed as :func:`text_hash` does), read as a
    signed little-endian 64-bit integer — an SQLite INTEGER, whose index is far smaller than one of
    the 64-character hex hash. Two texts with one key are only *candidates*: the import compares
    their squeezed texts before it treats them as one (a collision, 1 in 2**64, is a new article)."""
    digest = hashlib.sha256(squeezed(text).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "little", signed=True)


class Respacing:
    """The offsets of ``source`` mapped onto ``target``, two texts equal but for the characters
    the key ignores (:func:`squeezed` equal; raises ValueError otherwise).

    Built from the positions of each text's kept characters, found by numpy over the texts' code
    points (UTF-32) and a table of the ignored BMP code points (every whitespace character is in
    the BMP): ~19 µs a pair of FNC-1 bodies, where a walk over the runs of kept characters by
    regex took ~250 µs (2.5 s of a 10,000-article CoNLL round trip). numpy is imported on first
    use (the window's start never imports it). Each :meth:`span` is one binary search."""

    def __init__(self, source: str, target: str) -> None:
        import numpy as np

        source_codes, target_codes = _codes(source), _codes(target)
        table = _ignored_table()
        self._source_kept = np.flatnonzero(~table[np.minimum(source_codes, 0xFFFF)])
        self._target_kept = np.flatnonzero(~table[np.minimum(target_codes, 0xFFFF)])
        if (len(self._source_kept) != len(self._target_kept)
                or not np.array_equal(source_codes[self._source_kept], target_codes[self._target_kept])):
            raise ValueError("the texts differ in more than whitespace")

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target's ``[start, end)`` (code points, half-open) of the source's; an edge in
        whitespace moves inward to the nearest non-whitespace character. None when the span holds
        no non-whitespace character (it has no place in the target)."""
        import numpy as np

        return self.spans([(start, end)])[0]

    def spans(self, edges: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
        """:meth:`span` of each ``(start, end)``, in one binary search over all of them (a
        numpy call a span cost as much as the search)."""
        import numpy as np

        if not edges:
            return []
        # kept characters before each edge
        counts = np.searchsorted(self._source_kept, np.asarray(edges, dtype=np.int64).reshape(-1)).tolist()
        kept = self._target_kept
        out: list[tuple[int, int] | None] = []
        for k in range(0, len(counts), 2):
            first, past = counts[k], counts[k + 1]
            out.append(None if past <= first else (int(kept[first]), int(kept[past - 1]) + 1))
        return out


def _codes(text: str) -> Any:
    """``text``'s code points as a numpy uint32 array (lone surrogates passed through)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_IGNORED_TABLE: Any = None


def _ignored_table() -> Any:
    """A boolean numpy array over the BMP: True at each code point the key ignores (whitespace,
    :data:`INVISIBLE`); the last entry (U+FFFF, where every code point above the BMP is looked up)
    False. Made once (~10 ms)."""
    global _IGNORED_TABLE
    if _IGNORED_TABLE is None:
        import numpy as np

        table = np.zeros(0x10000, dtype=bool)
        table[[c for c in range(0x10000) if chr(c).isspace()]] = True
        table[[ord(c) for c in INVISIBLE]] = True
        table[0xFFFF] = False
        _IGNORED_TABLE = table
    return _IGNORED_TABLE


def _ignored(char: str) -> bool:
    return char.isspace() or char in INVISIBLE


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``text`` without whitespace or :data:`INVISIBLE` characters at its
    edges; None when nothing else is left."""
    found = _RUN.search(text, start, end)
    if found is None:
        return None
    last = start
    for last_run in _RUN.finditer(text, found.start(), end):
        last = last_run.end()
    return found.start(), last


def respaced(bundle: ArticleBundle, text: str, text_hash: str,
             stored: Iterable[tuple[int, int, str]] = ()) -> ArticleBundle | None:
    """``bundle`` (same type: a reviewed bundle keeps its suggestions) as a bundle of the stored
    article whose text is ``text`` (hash ``text_hash``), equal to the bundle's text but for
    whitespace: the article's text and hash are the stored one's, every span's offsets mapped by
    :class:`Respacing`; the article's other fields and every record id are the bundle's. None
    when a span holds nothing but whitespace (the caller imports the document as a new article,
    as before fix38) or the texts differ in more than whitespace.

    ``stored``: the article's stored spans ``(start, end, label)``. A mapped span that is one of
    them less whitespace at its edges (a stored ``" Paris"``; the CoNLL export trims such edges)
    takes that span's offsets, so the import finds it "already there" and adds no twin."""
    try:
        mapping = Respacing(bundle.article.text, text)
    except ValueError:
        return None
    edged = {}  # (trimmed start, trimmed end, label) -> the stored span's (start, end), of spans with ignored edges
    for start, end, label in stored:
        if 0 <= start < end <= len(text) and (_ignored(text[start]) or _ignored(text[end - 1])):
            inner = trimmed(text, start, end)
            if inner is not None:
                edged.setdefault((*inner, label), (start, end))
    spans = []
    for span, placed in zip(bundle.spans, mapping.spans([(s.start, s.end) for s in bundle.spans])):
        if placed is None:
            return None
        placed = edged.get((*placed, span.label), placed)
        spans.append(span if placed == (span.start, span.end) else dataclasses.replace(span, start=placed[0], end=placed[1]))
    moved = copy.copy(bundle)
    moved.article = dataclasses.replace(bundle.article, text=text, text_hash=text_hash)
    moved.spans = spans
    return moved

