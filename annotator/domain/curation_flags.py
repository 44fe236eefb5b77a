"""The words for the two kinds of ⚠ a curation decision can carry, shared by every place that
says them (fix11o): ``annotator agreement`` (CLI), the window's Agreement dialog and the curation
view's counter and status line. Qt-free.

* **changed since decided**: an analyst's newer layer (a merge or re-import) changed, removed or
  added a version where the curator decided: curate it again (:attr:`Unit.changed` without
  :attr:`Unit.unlinked`);
* **linked to nothing**: a kept CUE or SPEAKER the gold layer links to no kept quote
  (:attr:`Unit.unlinked`): ``A`` keeps it as it is, ``X`` rejects it.

Rows are :func:`annotator.agreement.from_project.changed_decisions`'s: dicts with
``article_id``, ``labels`` (list of str), ``text`` (the span's text, cut at 60), ``why`` and
``unlinked`` (bool).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from annotator.domain.words import plural

CHANGED = "changed"
UNLINKED = "unlinked"

#: fix11u (usertest11j F7): the one name of a unit where gold held its own version from before
#: curation unlike the analysts' (:attr:`annotator.domain.curation.Unit.gold_differs`), in every
#: count — ``curate``'s listing, Ctrl+Return's and ``--accept-agreed``'s "left for you" line
GOLD_DIFFERS = "where gold differs"


def gold_differs_said(count: int) -> str:
    """``count`` units where gold differs, by their one name: ``"1 disagreement where gold differs"``,
    ``"2 disagreements where gold differs"``."""
    return f"{plural(count, 'disagreement')} {GOLD_DIFFERS}"


@dataclasses.dataclass(frozen=True, slots=True)
class FlagSection:
    """One kind of ⚠ with its rows: ``kind`` (:data:`CHANGED` or :data:`UNLINKED`), ``title``
    (a short name: a tab's), ``heading`` (the line above the rows, with their count and what to
    do) and ``rows`` (as given)."""

    kind: str
    title: str
    heading: str
    rows: tuple[Mapping[str, Any], ...]


def unlinked_why(count: int) -> str:
    """Why ``count`` kept spans are ⚠ linked to nothing, worded for both of its cases (fix11r,
    usertest11h: it said "not kept" of a quote kept without that link): ``"the quote it was linked
    from is not kept, or kept without that link"`` (``they were`` for more than one)."""
    return f"the quote {'it was' if count == 1 else 'they were'} linked from is not kept, or kept without that link"


def flag_sections(rows: Iterable[Mapping[str, Any]]) -> list[FlagSection]:
    """``rows`` grouped by ⚠ kind, changed since decided first; a kind with no row is left out."""
    rows = list(rows)
    newer = tuple(r for r in rows if not r.get("unlinked"))
    unlinked = tuple(r for r in rows if r.get("unlinked"))
    out = []
    if newer:
        out.append(FlagSection(CHANGED, "Changed since decided",
                               f"Gold decisions changed since decided ({len(newer)}): an analyst's newer layer differs from "
                               "what the curator decided on; curate them again (Ctrl+Shift+K, Tab)", newer))
    if unlinked:
        out.append(FlagSection(UNLINKED, "Linked to nothing",
                               f"Gold spans linked to nothing ({len(unlinked)}): kept, but {unlinked_why(len(unlinked))}; "
                               "in the curation view (Ctrl+Shift+K, Tab) A keeps each as it is, X rejects it",
                               unlinked))
    return out


def names_its_span(row: Mapping[str, Any]) -> bool:
    """Whether the row's ``why`` already quotes the span's text («…» or '…'), so a line need not
    quote it again."""
    text, why = str(row.get("text") or ""), str(row.get("why") or "")
    return bool(text) and (f"«{text}»" in why or f"'{text}'" in why)


def unit_of(row: Mapping[str, Any]) -> str:
    """The row's unit as a line names it: ``SPEAKER «Okafor»``."""
    return f"{'/'.join(row.get('labels') or ())} «{row.get('text', '')}»"


def flag_line(row: Mapping[str, Any]) -> str:
    """One row as ``annotator agreement`` lists it: ``#3 SPEAKER «Okafor» is linked to nothing in
    gold (…)`` — the span's text said once (it said ``SPEAKER «Okafor»: SPEAKER «Okafor» is …``);
    ``#3 PERSON «Smith»: what changed`` when ``why`` does not quote it."""
    if names_its_span(row):
        return f"#{row['article_id']} {row['why']}"
    return f"#{row['article_id']} {unit_of(row)}: {row['why']}"


def flag_counts(changed: int, unlinked: int) -> str:
    """The ⚠ counts by kind: ``"2 changed since decided, 1 linked to nothing"``; a kind at 0 is
    not named; ``"0 changed since decided"`` when both are 0."""
    parts = [f"{changed} changed since decided"] if changed else []
    parts += [f"{unlinked} linked to nothing"] if unlinked else []
    return ", ".join(parts) or "0 changed since decided"


def flag_counter(here: tuple[int, int], project: tuple[int, int]) -> str:
    """fix11t (usertest11i 9): the curation view counter's ⚠ part, from (changed since decided,
    linked to nothing) in the article and in the project: each place named only with a ⚠ there,
    each kind only when not 0 (it read "⚠ 0 changed since decided in this article · 1 linked to
    nothing in the project"): ``"⚠ 1 linked to nothing in the project (Tab)"``, ``"⚠ 2 changed
    since decided in this article · 3 changed since decided, 1 linked to nothing in the project
    (Tab)"``; "" when there is none. HTML bold around the counts."""
    parts = []
    if any(here):
        parts.append(f"<b>⚠ {flag_counts(*here)}</b> in this article")
    if any(project):
        parts.append(f"<b>{'' if parts else '⚠ '}{flag_counts(*project)}</b> in the project (Tab)")
    return " · ".join(parts)


def count_kinds(units: Sequence[Any], flagged: int) -> tuple[int, int]:
    """(changed since decided, linked to nothing) of an alignment whose ⚠ total is ``flagged``
    (:meth:`Alignment.changed_since_decided`, stance units included): the units with
    :attr:`Unit.unlinked` are the second kind, the rest the first."""
    unlinked = sum(1 for u in units if u.unlinked)
    return flagged - unlinked, unlinked


__all__ = ["CHANGED", "GOLD_DIFFERS", "FlagSection", "gold_differs_said", "UNLINKED", "count_kinds", "flag_counter", "flag_counts", "flag_line", "flag_sections",
           "names_its_span", "step_said", "unit_of"]


#: the ⚠ advice a decision's description gives ("; ⚠ CUE «told» now linked to nothing in gold: A keeps it so, X rejects it")
_ADVICE = re.compile(r"; ⚠[^;]*?(?=; | \((?:article curated|curated mark withdrawn|not marked curated)|$)")
#: what a decision did to the article's mark, at the end of its description
_MARK = re.compile(r" \((article curated|curated mark withdrawn|not marked curated)(?:[^()]|\([^()]*\))*\)"
                   r"(?=(?:; [^;]*)?$)")


_PENDING_REJECTED = re.compile(r"; ([\d,]+) (pending machine suggestions?) no analyst accepted rejected in gold")


def step_said(description: str, *, redo: bool) -> str:
    """fix11t (usertest11i 8): an undo (``redo`` False) or redo step named for a status line — the
    main window's "Undid: …" and the curation view's "Undone: …": the decision's description
    without "Curate: " and without the ⚠ advice it gave (it no longer applies once undone; a redo
    recounts it in the counter), and what the step did to the article's curated mark: an undo of
    a decision that marked the article curated says "(curated mark taken back)", of one that
    withdrew it "(curated mark back)"; a redo says the mark again ("(article curated)",
    "(curated mark withdrawn)"). A description of no curation decision comes back as it is."""
    what = _ADVICE.sub("", description.removeprefix("Curate: "))
    mark = _MARK.search(what)
    if mark is None:
        return what
    what = what[:mark.start()] + what[mark.end():]
    if not redo:  # the suggestions the mark rejected are pending again
        what = _PENDING_REJECTED.sub(lambda m: f"; {m.group(1)} {m.group(2)} pending again", what)
    said = {("article curated", False): "curated mark taken back", ("article curated", True): "article curated",
            ("curated mark withdrawn", False): "curated mark back", ("curated mark withdrawn", True): "curated mark withdrawn"}
    after = said.get((mark.group(1), redo))
    return f"{what} ({after})" if after else what
