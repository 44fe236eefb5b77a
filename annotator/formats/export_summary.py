"""What an export wrote, as the lines the CLI and the window show.

Every writer returns :class:`annotator.formats.common.ExportReport` (articles, spans, relations,
and what the format could not hold, per reason); this turns it into a summary line and one
``left out: N × reason`` line per reason, the same words in the terminal and in the window.
"""

from __future__ import annotations

import dataclasses

from annotator.domain.words import plural
from annotator.formats.common import ExportReport


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSummary:
    """``written``: e.g. "3 articles, 12 spans, 4 relations"; ``notes``: one line per reason
    something was left out (empty when the format held everything)."""

    written: str
    notes: tuple[str, ...] = ()


def summarize(report: ExportReport, fmt: str) -> ExportSummary:
    """The summary of a writer's report. Raises ``TypeError`` when a writer of format ``fmt``
    returned anything but an :class:`ExportReport` (a writer changed in a way nobody reads)."""
    if not isinstance(report, ExportReport):
        raise TypeError(f"the {fmt} writer returned {type(report).__name__}; expected an ExportReport")
    written = f"{plural(report.articles, 'article')}, {plural(report.spans, 'span')}, {plural(report.relations, 'relation')}"
    if report.stances:  # fix11z (usertest11l N6): counted as spans and relations are; a format without them says so
        written += f", {plural(report.stances, 'stance')}"
    return ExportSummary(written, tuple(report.notes()))


__all__ = ["ExportSummary", "summarize"]
