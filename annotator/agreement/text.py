"""The agreement report as plain-text tables (what ``annotator agreement`` prints without --json)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.agreement.measures import OVERALL, AgreementReport
from annotator.domain.words import plural

CONFUSIONS_SHOWN = 10
#: What the "overall" row is (docs/agreement.md, "overall is pooled over labels").
OVERALL_MEANS = ("overall: every label pooled, not the mean of the rows (F1: per pair, the matches and spans of all labels summed,",
                 "then the mean over pairs; kappa, alpha: all units, each label a category; alpha_u: 1 - sum D_o / sum D_e).",
                 "Labels are compared within their layer only: entity; attribution (QUOTE, SPEAKER, CUE); claim; other.")


def fmt(value: float | None) -> str:
    """Three decimals; "—" for an undefined figure (never shown as 0 or 1). A value that rounds to
    zero is "0.000", never "-0.000" (fix11al, usertest11s L3: a kappa of -7.4e-17, float noise of
    (p_o - p_e) / (1 - p_e), printed with a sign that says nothing)."""
    if value is None:
        return "—"
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned first column, right-aligned others, padded to the widest cell."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def render(report: AgreementReport) -> str:
    lines = [f"Agreement of {plural(len(report.analysts), 'analyst')} ({', '.join(report.analysts)}): "
             f"{report.coverage()}.", ""]
    if report.review_warning:  # fix11l: before the tables, which it says how to read
        lines[1:1] = ["", f"Warning: {report.review_warning}"]
    keys = [*report.labels, OVERALL]
    lines += ["Spans, per label (F1: mean over pairs; kappa: Cohen mean over pairs, Fleiss for all; "
              "alpha: Krippendorff nominal; alpha_u: unitizing, all analysts)"]
    lines += table(["label", "F1 exact", "F1 overlap", "Cohen k", "Fleiss k", "alpha", "alpha_u"], [
        [k, fmt(report.span_f1[k]["exact"]), fmt(report.span_f1[k]["overlap"]), fmt(report.kappa[k]["cohen"]),
         fmt(report.kappa[k]["fleiss"]), fmt(report.alpha[k]), fmt(report.alpha_u[k])] for k in keys])
    lines += list(OVERALL_MEANS)
    lines += [f"Fleiss k and alpha_u (all analysts together): {report.all_scope()}."]
    lines += ["", "Pairs (overall figures)"]
    lines += table(["pair", "articles", "spans", "F1 exact", "F1 overlap", "kappa", "alpha", "alpha_u"], [
        [" / ".join(p["analysts"]), str(p["articles"]), " / ".join(str(p["spans"][n]) for n in p["analysts"]),
         fmt(p["span_f1"][OVERALL]["exact"]), fmt(p["span_f1"][OVERALL]["overlap"]), fmt(p["kappa"][OVERALL]),
         fmt(p["alpha"][OVERALL]), fmt(p["alpha_u"][OVERALL])] for p in report.pairs])
    if report.relations:
        lines += ["", "Relations (heads matched by overlap; same child = children overlap)"]
        lines += table(["relation", "F1", "Cohen k", "Fleiss k", "alpha"], [
            [name, fmt(r["f1"]), fmt(r["kappa"]["cohen"]), fmt(r["kappa"]["fleiss"]), fmt(r["alpha"])]
            for name, r in report.relations.items()])
        lines += [f"Fleiss k of relations and stances: {report.all_scope()}."]
    s = report.stances
    lines += ["", f"Stances (target + polarity on matched evidence or the article): Cohen k {fmt(s['kappa']['cohen'])}, "
                  f"Fleiss k {fmt(s['kappa']['fleiss'])} ({report.articles_all} of {report.articles_any_two} article{'' if report.articles_any_two == 1 else 's'}), "
                  f"alpha {fmt(s['alpha'])}"]
    cells = _confusions(report.confusion)
    if cells:
        lines += ["", "Most frequent confusions (units where one analyst gave the first label and another the second)"]
        lines += table(["label", "other's label", "units"], [[x, y, str(n)] for x, y, n in cells[:CONFUSIONS_SHOWN]])
    if report.disagreements:
        lines += ["", "Articles to discuss first (lowest pairwise F1 overlap, then alpha_u)"]
        lines += table(["article", "title", "pair", "F1 overlap", "alpha_u"], [
            [d["article"][:12], (d["title"] or "")[:40], " / ".join(d["analysts"]), fmt(d["f1_overlap"]), fmt(d["alpha_u"])]
            for d in report.disagreements])
    for note in report.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def _confusions(confusion: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """Off-diagonal cells, each unordered pair of labels once, most frequent first."""
    seen = set()
    cells: list[tuple[str, str, int]] = []
    for x, row in confusion.items():
        for y, n in row.items():
            if x != y and (y, x) not in seen:
                seen.add((x, y))
                cells.append((x, y, n))
    return sorted(cells, key=lambda c: (-c[2], c[0], c[1]))


def as_json(report: AgreementReport) -> dict[str, Any]:
    return report.to_json()
