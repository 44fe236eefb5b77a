"""Match a user's spelling of a schema value (a label, a polarity) to the schema's own spelling."""

from __future__ import annotations

from collections.abc import Sequence


def schema_spelling(value: str, known: Sequence[str]) -> str:
    """The entry of ``known`` that ``value`` names: itself when spelled exactly, else the one
    entry equal to it ignoring case (``str.casefold``), else ``value`` unchanged (so that the
    caller's check refuses it, naming ``known``). When two entries differ only by case
    ("Quote" and "QUOTE") a case-insensitive match is ambiguous and ``value`` is returned as is.

    >>> schema_spelling("quote", ["QUOTE", "CLAIM"])
    'QUOTE'
    >>> schema_spelling("maybe", ["favor", "against"])
    'maybe'
    """
    if value in known:
        return value
    folded = value.casefold()
    matches = [entry for entry in known if entry.casefold() == folded]
    return matches[0] if len(matches) == 1 else value
