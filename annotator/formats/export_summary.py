"""What an export wrote, as the lines the CLI and the window show.

Every writer returns :class:`annotator.formats.common.ExportReport` (articles, spans, relations,
and what the format could not hold, per reason); this turns it into a summary line and one
``left out: N × reason`` line per reason, the same words in the terminal and in the window.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from annotator.domain.words import plural
from annotator.formats.common import ExportReport


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSummary:
    """``written``: e.g. "3 articles, 12 spans, 4 relations"; ``notes``: one line per reason
    something was left out (empty when the format held everything)."""

    written: str
    notes: tuple[str, ...] = ()


def summarize(report: ExportReport, fmt: str, output: Path | str | None = None) -> ExportSummary:
    """The summary of a writer's report. Raises ``TypeError`` when a writer of format ``fmt``
    returned anything but an :class:`ExportReport` (a writer changed in a way nobody reads).
    ``output``: the file or folder written (None, or ``-``: standard output); its notes then end
    with one line naming what killed exports to other names left in its folder, which nothing
    removes (:func:`annotator.formats.atomic.leftovers_note`; fix39, usertest28 L4)."""
    if not isinstance(report, ExportReport):
        raise TypeError(f"the {fmt} writer returned {type(report).__name__}; expected an ExportReport")
    written = f"{plural(report.articles, 'article')}, {plural(report.spans, 'span')}, {plural(report.relations, 'relation')}"
    if report.stances:  # fix11z (usertest11l N6): counted as spans and relations are; a format without them says so
        written += f", {plural(report.stances, 'stance')}"
    notes = list(report.notes())
    if output is not None and str(output) != "-":
        from annotator.formats.atomic import leftovers_note

        if note := leftovers_note(Path(os.path.abspath(output))):
            notes.append(note)
    return ExportSummary(written, tuple(notes))


#: What a format writes when ``--status`` asks for suggestions it cannot hold (usertest24p L3: a CoNLL
#: export of ``--status all`` said "(all)" above "left out: 8447 × suggested (undecided) entities"):
#: (format, asked status) → the words in place of the status
WRITES_ONLY = {("conll", "all"): "accepted only: CoNLL holds no suggestion status",
               ("conll", "suggested"): "no entities: CoNLL holds no suggestion status; use jsonl or spacy"}


def status_written(status: str, fmt: str) -> str | None:
    """The words the summary's first line puts in place of the asked ``status`` ("accepted",
    "suggested", "all") when format ``fmt`` cannot write it (:data:`WRITES_ONLY`: a CoNLL export of
    all writes the accepted entities only, of suggested none); None when the format writes what
    was asked. The CLI and the window both say it (README: nothing is dropped silently)."""
    return WRITES_ONLY.get((fmt, status))


__all__ = ["WRITES_ONLY", "ExportSummary", "status_written", "summarize"]
