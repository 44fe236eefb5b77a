"""Small helpers for tests that place spans in a text (no Qt)."""

from __future__ import annotations


def offsets(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """``[start, end)`` (code points) of the ``nth`` occurrence (0: the first) of ``word`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)
