"""The rule by which a stance follows the two spans it names: its evidence and its holder span.

A :class:`~annotator.domain.model.Stance` is (holder, target, polarity, evidence). ``evidence``
is the id of the QUOTE or CLAIM span (layer ``quote`` or ``claim``) of the same article it rests
on, "" for an article-level stance; ``holder_span`` the id of the span naming the holder, "" when
the holder is only a name (a named entity of the project). Span commands
(:mod:`annotator.domain.commands`) and the import (:mod:`annotator.storage.merge`) apply
:func:`followed` to every stance naming a span they change, in the same edit (logged, undone
with it).

What a span edit does to a stance that names the span:

======================================  ====================================================
the evidence span is …                  the stance
======================================  ====================================================
deleted                                 is deleted (same edit, logged)
rejected                                is rejected (**S1**), like a relation to a rejected span
no longer rejected (accept, reopen)     a rejected stance follows again from ``suggested``
accepted                                a ``suggested`` stance is accepted (**S2**)
resized                                 unchanged (it still rests on that span)
relabelled to a non-quote/claim layer   becomes article level (``evidence`` ""), kept
merged into another span (resize or     rests on the surviving span (or becomes article level
relabel onto a span of that place)      when the survivor is not a quote or claim)
======================================  ====================================================

======================================  ====================================================
the holder span is …                    the stance
======================================  ====================================================
deleted or rejected                     keeps the holder's name, ``holder_span`` ""
merged into another span                names the surviving span
resized, relabelled, accepted           unchanged
======================================  ====================================================

**No two stances share (holder, target, evidence)** (:func:`stance_key`): where a change above
makes two stances identical, they become one — the stance that was not moved survives, with the
more decided status (a decision beats a suggestion; accepted beats rejected) and its own
polarity; the other is deleted in the same edit.

**Invariant** (checked by :func:`problems`, by ``Project`` on every write and by the fidelity
suite): no stance names a span id that is not a span of its article (no orphan), no holder span
is rejected, every evidence is a quote or claim, S1 and S2 hold, no two stances share a key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from annotator.domain.model import Span, Stance, Status

EVIDENCE_LAYERS = frozenset({"quote", "claim"})

StanceKey = tuple[str, str, str]


class StanceError(ValueError):
    """A stance command got a span that cannot play the part asked of it (message says which)."""


def can_be_evidence(span: Span) -> bool:
    """A stance can rest on a quote or a claim (by layer), nothing else."""
    return span.layer in EVIDENCE_LAYERS


def stance_key(stance: Stance) -> StanceKey:
    """What makes two stances the same decision: (holder, target, evidence)."""
    return (stance.holder, stance.target, stance.evidence)


def followed_status(status: Status, evidence: Status | None, *, revived: bool = False) -> Status:
    """The status a stance of ``status`` must have when its evidence has the status ``evidence``
    (``None``: article level or unknown, left as it is). ``revived``: this edit lifted the
    evidence's rejection."""
    if evidence is None:
        return status
    if evidence == Status.REJECTED:
        return Status.REJECTED
    if status == Status.REJECTED and revived:
        status = Status.SUGGESTED
    if status == Status.SUGGESTED and evidence == Status.ACCEPTED:
        return Status.ACCEPTED
    return status


def followed(
    stance: Stance,
    before: Mapping[str, Span],
    after: Mapping[str, Span],
    moved: Mapping[str, str] | None = None,
) -> Stance | None:
    """``stance`` as it must be once the article's spans go from ``before`` to ``after`` (id →
    span); ``moved`` maps a span merged away to the span that survives it. ``None``: the stance
    goes with its evidence (deleted)."""
    moved = moved or {}
    holder_span, evidence = stance.holder_span, stance.evidence
    if holder_span:
        holder_span = moved.get(holder_span, holder_span)
        held = after.get(holder_span)
        if held is None or held.status == Status.REJECTED:
            holder_span = ""
    revived = False
    if evidence:
        evidence = moved.get(evidence, evidence)
        span = after.get(evidence)
        if span is None:
            if stance.evidence not in moved:
                return None
            evidence = ""
        elif not can_be_evidence(span):
            evidence = ""
        else:
            was = before.get(stance.evidence)
            revived = was is not None and was.status == Status.REJECTED and span.status != Status.REJECTED
    status = followed_status(stance.status, after[evidence].status if evidence else None, revived=revived)
    return dataclasses.replace(stance, holder_span=holder_span, evidence=evidence, status=status)


def touches(stance: Stance, span_ids: Iterable[str]) -> bool:
    ids = set(span_ids)
    return bool({stance.holder_span, stance.evidence} & ids - {""})


def more_decided(kept: Status, dropped: Status) -> Status:
    """The status of a stance (or link) merged from two: a decision beats a suggestion; accepted
    beats rejected. :func:`annotator.domain.commands` merges links with it too."""
    if kept == dropped or dropped == Status.SUGGESTED:
        return kept
    if kept == Status.SUGGESTED:
        return dropped
    return Status.ACCEPTED


def within(stances: Iterable[Stance], span_ids: set[str] | frozenset[str]) -> list[Stance]:
    """The stances an export of the spans ``span_ids`` can hold: one whose evidence is not among
    them is left out (as a relation with an end left out is); one whose holder span is not keeps
    the holder's name with ``holder_span`` "". Exports count both (``formats.stream.note_withheld``)."""
    out = []
    for stance in stances:
        if stance.evidence and stance.evidence not in span_ids:
            continue
        if stance.holder_span and stance.holder_span not in span_ids:
            stance = dataclasses.replace(stance, holder_span="")
        out.append(stance)
    return out


def problems(spans: Iterable[Span] | Mapping[str, Span], stances: Iterable[Stance]) -> list[str]:
    """Every break of the invariant (module doc) among ``stances`` of the article whose spans are
    ``spans``, one readable line each (empty when it holds)."""
    by_id = spans if isinstance(spans, Mapping) else {s.id: s for s in spans}
    found: list[str] = []
    seen: dict[StanceKey, str] = {}
    for stance in stances:
        if stance.holder_span and stance.holder_span not in by_id:
            found.append(f"stance {stance.id}: holder span {stance.holder_span} is not a span of article {stance.article_id}")
        elif stance.holder_span and by_id[stance.holder_span].status == Status.REJECTED:
            found.append(f"stance {stance.id}: holder span {stance.holder_span} is rejected")
        if stance.evidence:
            span = by_id.get(stance.evidence)
            if span is None:
                found.append(f"stance {stance.id}: evidence {stance.evidence} is not a span of article {stance.article_id}")
            elif not can_be_evidence(span):
                found.append(f"stance {stance.id}: evidence {span.id} is a {span.label} ({span.layer}), not a quote or claim")
            elif followed_status(stance.status, span.status) != stance.status:
                found.append(f"stance {stance.id} is {stance.status.value} while its evidence {span.id} is {span.status.value}")
        key = stance_key(stance)
        if key in seen:
            found.append(f"stances {seen[key]} and {stance.id} are the same (holder, target, evidence)")
        seen[key] = stance.id
    return found


__all__ = [
    "EVIDENCE_LAYERS", "StanceError", "StanceKey", "can_be_evidence", "followed", "followed_status", "more_decided",
    "problems", "stance_key", "touches", "within",
]
