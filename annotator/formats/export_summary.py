"""What an export wrote, as the lines the CLI and the window show.

Writers return :class:`annotator.formats.common.ExportReport` (articles, spans, relations, and
what the format could not hold, per reason). Writers not yet converted return an ``int`` (what
they count depends on the format) or, for brat, an older report with ``skipped_attrs``; all are
read here, so the callers stay the same while the writers change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

# What an int returned by an older writer counts.
_INT_UNIT = {"jsonl": "articles", "spacy": "docs", "csv": "spans", "conll": "articles", "brat": "articles"}


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSummary:
    """``written``: e.g. "3 articles, 12 spans, 4 relations"; ``notes``: one line per reason
    something was left out (empty when the format held everything)."""

    written: str
    notes: tuple[str, ...] = ()


def summarize(result: Any, fmt: str) -> ExportSummary:
    """Read what a writer of format ``fmt`` returned: an ``ExportReport``, an older brat report,
    or an int. Raises ``TypeError`` for anything else (a writer changed in a way we do not read)."""
    if isinstance(result, bool) or result is None:
        raise TypeError(f"the {fmt} writer returned {result!r}; expected an ExportReport or a count")
    if isinstance(result, int):
        return ExportSummary(f"{result} {_INT_UNIT.get(fmt, 'records')}")
    if not all(hasattr(result, name) for name in ("articles", "spans", "relations")):
        raise TypeError(f"the {fmt} writer returned {type(result).__name__}; expected an ExportReport or a count")
    written = f"{result.articles} articles, {result.spans} spans, {result.relations} relations"
    if callable(getattr(result, "notes", None)):
        notes = tuple(result.notes())
    elif getattr(result, "skipped_attrs", 0):
        notes = (f"left out: {result.skipped_attrs} × attribute values with spaces, lists or objects: brat cannot hold them; use jsonl",)
    else:
        notes = ()
    return ExportSummary(written, notes)


__all__ = ["ExportSummary", "summarize"]
