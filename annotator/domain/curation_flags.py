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
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
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


def flag_sections(rows: Iterable[Mapping[str, Any]], *, cli: str = "") -> list[FlagSection]:
    """``rows`` grouped by ⚠ kind, changed since decided first; a kind with no row is left out.
    The headings name the window's keys (its Agreement dialog), or with ``cli`` (the project file's
    name as a shell argument: ``annotator agreement`` prints them) ``annotator curate``'s flags and
    the window's menu command only (fix11ai: the CLI said "A keeps each as it is, X rejects it")."""
    rows = list(rows)
    newer = tuple(r for r in rows if not r.get("unlinked"))
    unlinked = tuple(r for r in rows if r.get("unlinked"))
    cmd = f"annotator curate {cli}"
    out = []
    if newer:
        again = (f"`{cmd} --keep ANALYST --article ID` decides each again that analyst's way, `--reject ANALYST --article "
                 "ID` rejects it (ID: the # of its line), or one by one in the window's View → Curation…" if cli
                 else "curate them again (Ctrl+Shift+K, Tab)")
        # fix11ak N7 (usertest11r): the units new since the article was curated are not decided yet:
        # `curate` counts them among its disagreements, so the heading counts them apart (it said
        # "changed since decided (4)" where curate said "1 unit changed since decided")
        fresh = sum(1 for r in newer if r.get("undecided"))
        new_said = f"{fresh} new since the article was curated, not decided yet"
        count = (f"{len(newer)}" if not fresh else new_said if fresh == len(newer) else
                 f"{len(newer)}: {len(newer) - fresh} changed since decided, {new_said}")
        out.append(FlagSection(CHANGED, "Changed since decided",
                               f"Gold decisions changed since decided ({count}): an analyst's newer layer differs from "
                               f"what the curator decided on; {again}", newer))
    if unlinked:
        what = (f"`{cmd} --keep ANALYST --article ID` keeps each so, `--reject ANALYST --article ID` rejects it (ID: the # of "
                "its line)" if cli else "in the curation view (Ctrl+Shift+K, Tab) A keeps each as it is, X rejects it")
        out.append(FlagSection(UNLINKED, "Linked to nothing",
                               f"Gold spans linked to nothing ({len(unlinked)}): kept, but {unlinked_why(len(unlinked))}; {what}",
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


def disagreements_left(count: int) -> str:
    """fix11v (usertest11j note): an article's disagreements left, never as "0": ``"no
    disagreements left"``, ``"1 disagreement left"``, ``"5 disagreements left"`` (the curation view's
    status line and article box)."""
    if not count:
        return "no disagreements left"
    return f"{count:,} disagreement{'' if count == 1 else 's'} left"


def disagreements_counter(here: int, project: int, counting: str = "") -> str:
    """fix11v (usertest11j note): the curation view counter's first part, from the disagreements
    left in the article on screen and in the project (``counting``: " (counting, 2 of 5 articles)"
    while the project is still being counted, after the project's count), never with a "0":
    ``"No disagreements left in this article or the project"``, ``"No disagreements left in this
    article · <b>3</b> in the project"``, ``"Disagreements left: <b>2</b> in this article ·
    <b>5</b> in the project"``. HTML bold around the counts."""
    if not project:
        if not here:
            return ("No disagreements left in this article or the project" if not counting
                    else f"No disagreements left in this article · none found yet in the project{counting}")
        return f"Disagreements left: <b>{here:,}</b> in this article{counting}"  # the project not counted yet
    head = "No disagreements left in this article" if not here else f"Disagreements left: <b>{here:,}</b> in this article"
    return f"{head} · <b>{project:,}</b> in the project{counting}"


def count_kinds(units: Sequence[Any], flagged: int) -> tuple[int, int]:
    """(changed since decided, linked to nothing) of an alignment whose ⚠ total is ``flagged``
    (:meth:`Alignment.changed_since_decided`, stance units included): the units with
    :attr:`Unit.unlinked` are the second kind, the rest the first."""
    unlinked = sum(1 for u in units if u.unlinked)
    return flagged - unlinked, unlinked


__all__ = ["CHANGED", "GOLD_DIFFERS", "FlagSection", "gold_differs_said", "UNLINKED", "count_kinds", "disagreements_counter",
           "disagreements_left", "flag_counter", "flag_counts", "flag_line", "flag_sections",
           "names_its_span", "MarkMove", "StepWords", "step_said", "unit_of"]


class MarkMove(StrEnum):
    """What a curation decision's edit did to the article's curated mark (fix11ai: typed, for its
    undo/redo lines; they were read back out of the description's words)."""
    #: nothing (also "not marked curated: ana has not reviewed it": the step left the mark alone)
    NONE = ""
    #: the edit marked the article curated
    CURATED = "curated"
    #: the edit took the curated mark back (a decision that left a unit ⚠ or undecided)
    WITHDRAWN = "withdrawn"


@dataclasses.dataclass(frozen=True, slots=True)
class StepWords:
    """What a curation decision's edit did, typed, for its undo and redo lines (:func:`step_said`;
    fix11ai, issue 11: the lines parsed the description, which also carries advice). Set by the
    decision that builds the edit (``curation._finish``, Ctrl+Return's mark, S's bulk edit):

    * ``did``: what it did, in the window's words, without "Curate: ", without any advice on what
      it left (a ⚠, "left for you", "(Tab)", "waits for a disputed speaker or cue", "— ⚠ ana left
      35 suggestions pending") and without its mark: ``"keep ana's QUOTE «x»; its CUE link to «said»
      added"``;
    * ``mark``: what it did to the curated mark (:class:`MarkMove`);
    * ``pending``: (suggestions, spans) of the pending machine suggestions the marking rejected
      (an interrupted quote's pieces are one suggestion, so the spans may be more); ``(0, 0)`` for none;
    * ``marked_only``: the edit only marked the article (Ctrl+Return with nothing left to decide:
      ``did`` is then ``"nothing left to decide (every analyst left it empty): article curated"``);
    * ``tail``: the words the description ends with for the mark (``" (article curated); 2 pending
      machine suggestions …"``, ``" (curated mark withdrawn: …)"``, ``" (not marked curated: …)"``),
      so a bulk edit built of several decisions says each mark once without reading its text."""

    did: str
    mark: MarkMove = MarkMove.NONE
    pending: tuple[int, int] = (0, 0)
    marked_only: bool = False
    tail: str = ""


def _pending_words(pending: tuple[int, int], *, redo: bool) -> str:
    """The suggestions a marking rejected, as the redo says them ("2 pending machine suggestions no
    analyst accepted rejected in gold") or the undo ("2 machine suggestions back to pending"), with
    the span count where it differs; "" for none."""
    n, spans = pending
    if not spans:
        return ""
    remark = f" ({plural(spans, 'span')}: an interrupted quote's pieces are one suggestion)" if spans != n else ""
    if redo:
        return f"{plural(n, 'pending machine suggestion')} no analyst accepted rejected in gold{remark}"
    return f"{plural(n, 'machine suggestion')} back to pending{remark}"


def step_said(edit: object, *, redo: bool) -> str:
    """fix11t (usertest11i 8), fix11v (usertest11j F2), fix11ai: an undo (``redo`` False) or redo step
    named for a status line — the main window's "Undid: …" and the curation view's "Undone: …" —
    from the edit's typed :class:`StepWords` (``edit.step``, a ``curation.Decided``): what the step
    did, never the decision's advice (the counter says what is left after a redo; after an undo it
    is wrong), and what the step did to the article's curated mark:

    * undo of a decision that marked it: ``"keep ana's QUOTE «x» (curated mark taken back; 2
      machine suggestions back to pending)"``; of Ctrl+Return with nothing left to decide:
      ``"curated mark taken back; 35 machine suggestions back to pending"``;
    * undo of one that withdrew the mark: ``"reject CUE «said» (curated mark back)"``;
    * redo: the mark again — ``"… (article curated); 2 pending machine suggestions no analyst
      accepted rejected in gold"``, ``"… (curated mark withdrawn)"``, ``"nothing left to decide
      (every analyst left it empty): article curated"``;
    * "(not marked curated: …)" is said neither way (the step did nothing to the mark).

    ``edit``: an edit (or a command's edit); one with no ``step`` (no curation decision) is named
    by its description as it is; a plain string comes back as it is (no words are parsed)."""
    step = getattr(edit, "step", None)
    if not isinstance(step, StepWords):
        return edit if isinstance(edit, str) else str(getattr(edit, "description", ""))
    pending = _pending_words(step.pending, redo=redo) if step.mark is MarkMove.CURATED else ""
    if step.marked_only:
        if redo:
            return "; ".join(p for p in (step.did, pending) if p)
        return "; ".join(p for p in ("curated mark taken back", pending) if p)
    if step.mark is MarkMove.CURATED:
        if redo:
            return f"{step.did} (article curated)" + (f"; {pending}" if pending else "")
        return f"{step.did} (curated mark taken back" + (f"; {pending}" if pending else "") + ")"
    if step.mark is MarkMove.WITHDRAWN:
        return f"{step.did} ({'curated mark withdrawn' if redo else 'curated mark back'})"
    return step.did
