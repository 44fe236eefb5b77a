"""The one rule by which a relation's status follows the statuses of the two spans it links.

A relation (QUOTE --SPEAKER--> speaker, QUOTE --CUE--> cue, …) is a decision about two spans; it
must never be left undecided when both spans are decided, nor kept when one of them is rejected.

**Invariant** (holds after every command of :mod:`annotator.domain.commands`, and in every
project file once migration ``0002_relations_follow_spans`` has run), for every relation whose
two ends exist:

* **I1** — an end is ``rejected`` ⇒ the relation is ``rejected``;
* **I2** — both ends are ``accepted`` ⇒ the relation is not ``suggested``.

Hence a ``suggested`` relation always has a ``suggested`` end: an article with no pending span
has no pending relation, and ``--status accepted`` exports every link between accepted spans.

Allowed on purpose, and *not* half-decided:

* an ``accepted`` relation with a ``suggested`` end: the analyst linked the spans explicitly
  (``commands.add_relation``); the link stays accepted while the span waits for review (an
  export of accepted records leaves such a link out with its end);
* a ``rejected`` relation between two accepted spans: an explicit rejection (e.g. an imported
  Prodigy ``reject``). It is left alone, except when the edit itself lifts the rejection of one
  of its ends (the relation was rejected *because* of that end): then it is *revived* and
  follows the rule again from ``suggested``.

Statuses are :class:`~annotator.domain.model.Status`; spans are looked up by id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from annotator.domain.model import Relation, Span, Status


def followed_status(relation: Relation, head: Status | None, child: Status | None, *, revived: bool = False) -> Status:
    """The status ``relation`` must have when its ends have the statuses ``head`` and ``child``.

    ``None`` for an end means it is unknown (not in the records given): the relation is then
    left as it is. ``revived``: this edit lifted the rejection of one of the relation's ends
    (rejected before, not rejected now), so a rejected relation follows its ends again.
    """
    if head is None or child is None:
        return relation.status
    if Status.REJECTED in (head, child):
        return Status.REJECTED
    status = relation.status
    if status == Status.REJECTED and revived:
        status = Status.SUGGESTED
    if status == Status.SUGGESTED and head == child == Status.ACCEPTED:
        return Status.ACCEPTED
    return status


def _by_id(spans: Iterable[Span] | Mapping[str, Span]) -> Mapping[str, Span]:
    if isinstance(spans, Mapping):
        return spans
    return {s.id: s for s in spans}


def _status(spans: Mapping[str, Span], span_id: str) -> Status | None:
    span = spans.get(span_id)
    return span.status if span is not None else None


def half_decided(spans: Iterable[Span] | Mapping[str, Span], relations: Iterable[Relation]) -> list[Relation]:
    """Relations that break the invariant (I1 or I2 above), in the order given.

    ``spans``: the article's spans (an iterable, or a mapping id → span); ``relations``: the
    relations to check. A relation whose end is not among ``spans`` is not judged.
    """
    by_id = _by_id(spans)
    return [
        r for r in relations
        if followed_status(r, _status(by_id, r.head), _status(by_id, r.child)) != r.status
    ]


def repaired(spans: Iterable[Span] | Mapping[str, Span], relations: Iterable[Relation]) -> list[Relation]:
    """The half-decided relations among ``relations`` with the status the rule gives them (new
    records, same ids): what a repair of records written before the rule must change."""
    by_id = _by_id(spans)
    out = []
    for rel in relations:
        status = followed_status(rel, _status(by_id, rel.head), _status(by_id, rel.child))
        if status != rel.status:
            out.append(dataclasses.replace(rel, status=status))
    return out


__all__ = ["followed_status", "half_decided", "repaired"]
