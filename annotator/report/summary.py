"""The report's figures as Markdown (``summary.md``, for people) and JSON (``summary.json``,
for scripts): the same numbers as the charts, with the definitions of
:mod:`annotator.report.figures`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from annotator.report.figures import Report

MAX_STANCE_LINES = 30  # the most frequent holder × target × polarity rows in summary.md (all in the JSON)


def summary_json(report: Report, *, project: str = "") -> str:
    """``summary.json``: :meth:`Report.to_json` with the project's file name, indented, UTF-8."""
    return json.dumps({"project": project, **report.to_json()}, indent=2, ensure_ascii=False) + "\n"


def summary_markdown(report: Report, *, project: str = "", charts: Sequence[str] = ()) -> str:
    """``summary.md``: the header "N of M done", then one table per chart; ``charts`` are the
    chart files written beside it, linked at the top."""
    lines = [f"# Progress report{': ' + project if project else ''}", "", f"**{report.done_line}** (done or reviewed). "
             f"Generated {report.generated} (UTC).", ""]
    if charts:
        lines += ["Charts: " + ", ".join(f"[{c}]({c})" for c in charts), ""]
    lines += ["## Articles by status", "", "| status | articles |", "|---|---:|"]
    lines += [f"| {status.replace('_', ' ')} | {n:,} |" for status, n in report.articles_by_status.items()]
    lines += ["", "## Articles done per day (UTC)", ""]
    active = [d for d in report.days if d.added or d.done]
    if active:
        lines += ["| day | added | done | done so far |", "|---|---:|---:|---:|"]
        lines += [f"| {d.day} | {d.added:,} | {d.done:,} | {d.done_so_far:,} |" for d in active]
    else:
        lines.append("No articles yet.")
    lines += ["", "## Spans by label and status", ""]
    if report.labels:
        lines += ["| label | layer | accepted | suggested | rejected | total |", "|---|---|---:|---:|---:|---:|"]
        lines += [f"| {c.label} | {c.layer} | {c.accepted:,} | {c.suggested:,} | {c.rejected:,} | {c.total:,} |" for c in report.labels]
    else:
        lines.append("No spans yet.")
    lines += ["", "## Machine suggestions per label", "",
              "By the label the machine proposed. *Corrected*: accepted after a resize or relabel (or merged into "
              "the span it was moved onto); *rejected* includes suggestions accepted and later deleted. Rate: "
              "accepted as is / decided, with its 95 % Wilson score interval.", ""]
    if report.suggestions:
        lines += ["| label | suggested | accepted as is | corrected | rejected | pending | rate [95 % CI] | hand-made | imported |",
                  "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
        for o in report.suggestions:
            rate = o.acceptance
            shown = f"{rate.value:.1%} [{rate.low:.1%}, {rate.high:.1%}]" if rate else "—"
            lines.append(f"| {o.label} | {o.suggested:,} | {o.accepted:,} | {o.corrected:,} | {o.rejected:,} | {o.pending:,} | "
                         f"{shown} | {o.hand_made:,} | {o.imported:,} |")
    else:
        lines.append("No spans yet.")
    lines += ["", "## Stances (accepted): holder × target per polarity", ""]
    if report.stances:
        lines += ["| holder | target | polarity | stances |", "|---|---|---|---:|"]
        lines += [f"| {_cell(s.holder)} | {_cell(s.target)} | {s.polarity} | {s.count:,} |" for s in report.stances[:MAX_STANCE_LINES]]
        if len(report.stances) > MAX_STANCE_LINES:
            lines.append(f"\n{len(report.stances) - MAX_STANCE_LINES:,} more rows in summary.json.")
    else:
        lines.append("No accepted stances yet.")
    by_status = ", ".join(f"{n:,} {s}" for s, n in sorted(report.stances_by_status.items()))
    if by_status:
        lines += ["", f"All stances: {by_status}."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A holder or target as a Markdown table cell: pipes escaped, line breaks as spaces."""
    return (text or "(none)").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
