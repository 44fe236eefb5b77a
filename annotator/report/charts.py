"""The report's charts, drawn with matplotlib from a :class:`~annotator.report.figures.Report`.

Each chart is a :class:`matplotlib.figure.Figure` built without ``pyplot`` (no global state, no
GUI backend chosen): the CLI saves it (PNG through Agg, SVG through matplotlib's SVG backend) and
the window puts it in a ``FigureCanvasQTAgg``. matplotlib is imported inside the functions, so
importing this module, the CLI or the window costs nothing until a chart is drawn.

Charts (:data:`CHARTS`, in tab order): articles by status ("N of M done"), articles over time,
spans by label and status (label colours from the schema), machine suggestions per label
(accepted as is / corrected / rejected / pending, with the acceptance rate and its 95 % Wilson
interval), stances (holder × target per polarity). Each reads well for 0 articles (a note in
place of the plot) and for 50 labels (the figure grows with the rows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from annotator.report.figures import OUTCOMES, Report

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_IN = 9.0  # figure width in inches (at DPI: 1,080 px)
DPI = 120
ROW_IN = 0.32  # inches per bar row, so 50 labels stay readable
MAX_STANCE_ROWS = 12  # holders (and targets) shown; the rest are summed as "other"
# Okabe & Ito (2008) colour-blind safe palette: outcomes and statuses, never the labels' colours.
OUTCOME_COLOURS = {"accepted": "#009E73", "corrected": "#E69F00", "rejected": "#D55E00", "pending": "#BBBBBB"}
OUTCOME_NAMES = {"accepted": "accepted as is", "corrected": "corrected", "rejected": "rejected", "pending": "pending"}
ARTICLE_COLOURS = {"new": "#BBBBBB", "in_progress": "#56B4E9", "done": "#009E73", "reviewed": "#0072B2"}
POLARITY_CMAPS = {"favor": "Greens", "against": "Reds", "neutral": "Greys"}


def _figure(height_in: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, max(2.6, height_in)), dpi=DPI, layout="constrained")


def _empty(fig: Figure, title: str, note: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontweight="bold")
    ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=12, color="#555555", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _label_swatches(ax: Axes, colours: Sequence[str]) -> None:
    """Tint each y tick label with its label's colour (the text stays black: readable on any)."""
    for tick, colour in zip(ax.get_yticklabels(), colours):
        tick.set_bbox({"facecolor": colour, "alpha": 0.35, "edgecolor": "none", "boxstyle": "round,pad=0.2"})


def articles_by_status(report: Report) -> Figure:
    """Bars: articles per status, counts on the bars; the title is "N of M articles done"."""
    fig = _figure(3.2)
    if not report.articles_total:
        return _empty(fig, "Articles by status", "No articles yet: import some (File → Import, or annotator import).")
    statuses = list(report.articles_by_status)
    counts = [report.articles_by_status[s] for s in statuses]
    ax = fig.add_subplot()
    bars = ax.barh([s.replace("_", " ") for s in statuses], counts, color=[ARTICLE_COLOURS.get(s, "#888888") for s in statuses])
    ax.bar_label(bars, labels=[f"{n:,}" for n in counts], padding=3)
    ax.invert_yaxis()
    ax.set_xlabel("articles")
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_title(f"Articles by status: {report.done_line}", loc="left", fontweight="bold")
    ax.margins(x=0.12)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def articles_over_time(report: Report) -> Figure:
    """Top: articles in the project and done so far, per day (cumulative). Bottom: done per day."""
    fig = _figure(5.0)
    if not report.days:
        return _empty(fig, "Articles over time", "No articles yet.")
    import datetime as dt

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    days = [dt.date.fromisoformat(d.day) for d in report.days]
    added, so_far = 0, []
    for d in report.days:
        added += d.added
        so_far.append(added)
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    few = len(days) <= 31  # markers and a count on every bar are readable for a month, clutter beyond
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    style = {"where": "post", "marker": "o" if few else None, "markersize": 4}
    top.step(days, so_far, color="#888888", label="articles in the project", **style)
    top.step(days, [d.done_so_far for d in report.days], color=ARTICLE_COLOURS["done"], linewidth=2,
             label="done (or reviewed) so far", **style)
    top.set_ylabel("articles")
    top.set_ylim(bottom=0, top=max(so_far) * 1.1 + 1)
    top.legend(loc="upper left", frameon=False)
    top.set_title(f"Articles over time (UTC days): {report.done_line}", loc="left", fontweight="bold")
    bars = bottom.bar(days, [d.done for d in report.days], color=ARTICLE_COLOURS["done"], width=0.8)
    if few:
        bottom.bar_label(bars, labels=[str(d.done) if d.done else "" for d in report.days], padding=2, fontsize=8)
    bottom.set_ylabel("done that day")
    bottom.set_ylim(bottom=0)
    bottom.margins(y=0.2)
    for ax in (top, bottom):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    # At least the last week on the axis, a day of room at each end: one day alone is a bar, not a smear of hours.
    first = min(days[0], days[-1] - dt.timedelta(days=6))
    bottom.set_xlim(first - dt.timedelta(days=1), days[-1] + dt.timedelta(days=1))
    locator = AutoDateLocator(minticks=3, maxticks=10)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def spans_by_label(report: Report) -> Figure:
    """Stacked bars per label: accepted (the label's colour), suggested (paler, hatched),
    rejected (grey); the total at the end of each bar."""
    labels = report.labels
    fig = _figure(1.4 + ROW_IN * len(labels))
    if not labels:
        return _empty(fig, "Spans by label and status", "No spans yet.")
    ax = fig.add_subplot()
    names = [c.label for c in labels]
    left = [0] * len(labels)
    parts = (("accepted", 1.0, "", None), ("suggested", 0.4, "///", None), ("rejected", 1.0, "", "#BBBBBB"))
    for status, alpha, hatch, fixed in parts:
        values = [getattr(c, status) for c in labels]
        bars = ax.barh(names, values, left=left, color=[fixed or c.colour for c in labels], alpha=alpha, hatch=hatch,
                       edgecolor="white", linewidth=0.5, label=status)
        _segment_counts(ax, bars, values, max(c.total for c in labels))
        left = [a + b for a, b in zip(left, values)]
    for i, c in enumerate(labels):
        ax.text(c.total, i, f" {c.total:,}  ({c.accepted:,} accepted)", va="center", fontsize=8)
    _finish_label_bars(ax, xlabel="spans", margin=0.25, title="Spans by label and status", legend_columns=3,
                       colours=[c.colour for c in labels])
    return fig


def suggestions_by_label(report: Report) -> Figure:
    """Stacked bars per label the machine proposed: accepted as is, corrected, rejected,
    pending; at the end, the acceptance rate (accepted as is / decided) with its 95 % Wilson
    interval and the hand-made spans of the label."""
    rows = [o for o in report.suggestions if o.suggested or o.hand_made]
    fig = _figure(1.6 + ROW_IN * len(rows))
    if not rows:
        return _empty(fig, "Machine suggestions per label", "No suggestions yet: pre-annotate (annotator preannotate).")
    ax = fig.add_subplot()
    names = [o.label for o in rows]
    left = [0] * len(rows)
    for outcome in OUTCOMES:
        values = [getattr(o, outcome) for o in rows]
        bars = ax.barh(names, values, left=left, color=OUTCOME_COLOURS[outcome], label=OUTCOME_NAMES[outcome],
                       edgecolor="white", linewidth=0.5)
        _segment_counts(ax, bars, values, max(o.suggested for o in rows))
        left = [a + b for a, b in zip(left, values)]
    for i, o in enumerate(rows):
        rate = o.acceptance
        text = f" {rate.value:.0%} as is [{rate.low:.0%}–{rate.high:.0%}] of {o.decided:,}" if rate else " none decided"
        if o.hand_made:
            text += f"; +{o.hand_made:,} hand-made"
        ax.text(o.suggested, i, text, va="center", fontsize=8)
    _finish_label_bars(ax, xlabel="suggestions, by the label the machine proposed (right: accepted as is / decided, 95% Wilson interval)",
                       margin=0.45, title="Machine suggestions per label: how far to trust them", legend_columns=4,
                       colours=[o.colour for o in rows])
    return fig


def _finish_label_bars(ax: Axes, *, xlabel: str, margin: float, title: str, legend_columns: int, colours: Sequence[str]) -> None:
    """The common frame of a chart of one horizontal bar per label: first label on top, room
    on the right for the end notes, the title, the legend below, the labels in their colours."""
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.margins(x=margin)
    ax.set_title(title, loc="left", fontweight="bold")
    _legend_below(ax, legend_columns)
    _label_swatches(ax, colours)
    ax.spines[["top", "right"]].set_visible(False)


def stances_table(report: Report) -> Figure:
    """One heat map per polarity, stacked: holders (rows) × targets (columns), accepted stances
    counted in each cell; the :data:`MAX_STANCE_ROWS` most frequent holders and targets, the rest
    summed in an "(other)" row and column (left out of the colour scale, so it cannot wash out
    the named cells)."""
    if not report.stances:
        return _empty(_figure(3.0), "Stances: holder × target", "No accepted stances yet.")
    holders = _top((s.holder, s.count) for s in report.stances)
    targets = _top((s.target, s.count) for s in report.stances)
    polarities = [p for p in report.polarities if any(s.polarity == p for s in report.stances)]
    panel_in = 1.2 + 0.26 * len(holders)
    fig = _figure(0.6 + panel_in * len(polarities) + 0.12 * max(len(t) for t in targets))
    axes = fig.subplots(len(polarities), 1, sharex=True, squeeze=False)[:, 0]
    for ax, polarity in zip(axes, polarities):
        grid = [[0] * len(targets) for _ in holders]
        for s in report.stances:
            if s.polarity == polarity:
                grid[_row(holders, s.holder)][_row(targets, s.target)] += s.count
        named = [n for i, row in enumerate(grid) for j, n in enumerate(row) if OTHER not in (holders[i], targets[j])]
        peak = max(named, default=0) or max(max(row) for row in grid) or 1
        ax.imshow(grid, cmap=POLARITY_CMAPS.get(polarity, "Blues"), vmin=0, vmax=peak, aspect="auto")
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                if n:
                    ax.text(j, i, f"{n:,}", ha="center", va="center", fontsize=7, color="white" if n > peak * 0.6 else "black")
        ax.set_yticks(range(len(holders)), holders, fontsize=8)
        ax.set_ylabel("holder")
        total = sum(map(sum, grid))
        ax.set_title(f"{polarity}: {total:,} stance{'' if total == 1 else 's'}", loc="left", fontsize=10)
    axes[-1].set_xticks(range(len(targets)), targets, rotation=45, ha="right", fontsize=8)
    axes[-1].set_xlabel("target")
    fig.suptitle("Accepted stances: holder × target, per polarity", x=0.01, ha="left", fontweight="bold")
    return fig


OTHER = "(other)"


def _top(pairs: Iterable[tuple[str, int]]) -> list[str]:
    totals: Counter[str] = Counter()
    for name, n in pairs:
        totals[name or "(none)"] += n
    names = [name for name, _ in totals.most_common(MAX_STANCE_ROWS)]
    return names + [OTHER] if len(totals) > MAX_STANCE_ROWS else names


def _row(names: list[str], name: str) -> int:
    name = name or "(none)"
    return names.index(name) if name in names else names.index(OTHER)


def _segment_counts(ax: Axes, container: object, values: Sequence[int], widest: int) -> None:
    """Write each stacked segment's count inside it when it is wide enough to hold the digits."""
    labels = [f"{v:,}" if v and v >= widest * 0.013 * len(f"{v:,}") else "" for v in values]  # ~ the width of the digits
    ax.bar_label(container, labels=labels, label_type="center", fontsize=7, color="black")


def _legend_below(ax: Axes, columns: int) -> None:
    """The legend under the plot, outside it (constrained layout makes room), and thousands
    separators on the count axis."""
    from matplotlib.ticker import StrMethodFormatter

    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncols=columns, frameon=False, fontsize=9)


# name (file stem), tab title, builder
CHARTS: tuple[tuple[str, str, Callable[[Report], Figure]], ...] = (
    ("articles-by-status", "Articles", articles_by_status),
    ("articles-over-time", "Over time", articles_over_time),
    ("spans-by-label", "Labels", spans_by_label),
    ("suggestions-by-label", "Suggestions", suggestions_by_label),
    ("stances", "Stances", stances_table),
)
FORMATS = ("png", "svg")


def chart_files(formats: Sequence[str] = FORMATS) -> list[str]:
    """The file names :func:`save_charts` writes."""
    return [f"{name}.{fmt}" for name, _, _ in CHARTS for fmt in formats]


def save_figure(fig: Figure, target: Path | BinaryIO, fmt: str) -> None:
    """Write ``fig`` to ``target`` (a path or a binary file) as ``fmt``: ``"png"`` (Agg, at
    :data:`DPI`) or ``"svg"`` (no creation date: the same report gives the same bytes)."""
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "annotator"}):  # fixed clip-path ids instead of random ones
        fig.savefig(target, format=fmt, dpi=DPI, metadata={"Date": None} if fmt == "svg" else {})


def save_charts(report: Report, folder: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Draw every chart and write it into ``folder`` (which must exist) once per format; returns
    the paths written, in :data:`CHARTS` order."""
    written = []
    for name, _, build in CHARTS:
        fig = build(report)
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            save_figure(fig, path, fmt)
            written.append(path)
    return written

