"""User actions as edits. Each function reads the current records and returns an :class:`Edit`;
nothing here writes. The UI wraps an edit in one undo step; storage applies it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleStatus, Relation, Span, Stance, Status, Tag, new_id


def add_span(
    *, article_id: int, start: int, end: int, label: str, layer: str, by: str = "", attrs: Mapping[str, Any] | None = None
) -> Edit:
    """A span the analyst draws is accepted at once; its origin is the analyst."""
    span = Span(
        id=new_id(), article_id=article_id, start=start, end=end, label=label, layer=layer,
        status=Status.ACCEPTED, origin=f"analyst:{by}" if by else "analyst", attrs=dict(attrs or {}), by=by,
    )
    return Edit(f"Add {label} span", (Change(None, span),))


def set_status(
    spans: Sequence[Span],
    status: Status,
    *,
    relations: Iterable[Relation] = (),
    article_spans: Iterable[Span] = (),
    description: str = "",
) -> Edit:
    """Accept or reject spans. Relations follow: one is accepted once both its ends are accepted,
    and rejected when either end is rejected. ``article_spans`` gives the other ends' statuses."""
    statuses = {s.id: s.status for s in article_spans}
    changed = {s.id for s in spans}
    statuses.update({sid: status for sid in changed})
    changes = [Change(s, dataclasses.replace(s, status=status)) for s in spans if s.status != status]
    for rel in relations:
        if rel.head not in changed and rel.child not in changed:
            continue
        new = rel.status
        if status == Status.REJECTED:
            new = Status.REJECTED
        elif statuses.get(rel.head) == Status.ACCEPTED and statuses.get(rel.child) == Status.ACCEPTED:
            new = Status.ACCEPTED
        if new != rel.status:
            changes.append(Change(rel, dataclasses.replace(rel, status=new)))
    verb = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.SUGGESTED: "Reopen"}[status]
    if not description:
        description = f"{verb} {spans[0].label}" if len(spans) == 1 else f"{verb} {len(spans)} spans"
    return Edit(description, tuple(changes))


def accept(span: Span, *, relations: Iterable[Relation] = (), article_spans: Iterable[Span] = ()) -> Edit:
    return set_status([span], Status.ACCEPTED, relations=relations, article_spans=article_spans)


def reject(span: Span, *, relations: Iterable[Relation] = (), article_spans: Iterable[Span] = ()) -> Edit:
    return set_status([span], Status.REJECTED, relations=relations, article_spans=article_spans)


def accept_all(spans: Sequence[Span], *, relations: Iterable[Relation] = ()) -> Edit:
    """Accept every pending suggestion of an article (``spans``: all of its spans) as one edit."""
    pending = [s for s in spans if s.status == Status.SUGGESTED]
    if not pending:
        return Edit("Accept all suggestions", ())
    return set_status(pending, Status.ACCEPTED, relations=relations, article_spans=spans,
                      description=f"Accept all {len(pending)} suggestions")


def delete_span(span: Span, relations: Iterable[Relation] = ()) -> Edit:
    """Delete an accepted span and every relation touching it; a suggestion is rejected instead
    (so it is remembered and not suggested again)."""
    if span.status == Status.SUGGESTED:
        return reject(span, relations=relations)
    attached = [Change(r, None) for r in relations if span.id in (r.head, r.child)]
    return Edit(f"Delete {span.label} span", (*attached, Change(span, None)))


def resize(span: Span, start: int, end: int) -> Edit:
    """Move a span's boundaries. Editing a suggestion accepts it: the analyst has decided on it."""
    after = dataclasses.replace(span, start=start, end=end, status=Status.ACCEPTED)
    return Edit(f"Resize {span.label} span", (Change(span, after),))


def relabel(span: Span, label: str, layer: str) -> Edit:
    after = dataclasses.replace(span, label=label, layer=layer, status=Status.ACCEPTED)
    return Edit(f"Relabel {span.label} as {label}", (Change(span, after),))


def set_attrs(span: Span, attrs: Mapping[str, Any]) -> Edit:
    merged = {k: v for k, v in {**span.attrs, **attrs}.items() if v not in (None, "")}
    return Edit(f"Set {', '.join(attrs)} of {span.label}", (Change(span, dataclasses.replace(span, attrs=merged)),))


def add_relation(*, article_id: int, head: Span, child: Span, label: str, by: str = "") -> Edit:
    rel = Relation(id=new_id(), article_id=article_id, head=head.id, child=child.id, label=label,
                   status=Status.ACCEPTED, origin=f"analyst:{by}" if by else "analyst", by=by)
    return Edit(f"Link {head.label} → {child.label} ({label})", (Change(None, rel),))


def delete_relation(relation: Relation) -> Edit:
    return Edit(f"Delete {relation.label} link", (Change(relation, None),))


def set_article_status(article: Article, status: ArticleStatus) -> Edit:
    return Edit(f"Mark article {status.value.replace('_', ' ')}", (Change(article, dataclasses.replace(article, status=status)),))


def add_stance(*, article_id: int, holder: str, target: str, polarity: str, by: str = "", note: str = "") -> Edit:
    stance = Stance(id=new_id(), article_id=article_id, holder=holder, target=target, polarity=polarity,
                    origin=f"analyst:{by}" if by else "analyst", attrs={"note": note} if note else {}, by=by)
    return Edit(f"Add stance of {holder} on {target}", (Change(None, stance),))


def delete_stance(stance: Stance) -> Edit:
    return Edit(f"Delete stance of {stance.holder}", (Change(stance, None),))


def add_tag(*, article_id: int, tag: str, by: str = "") -> Edit:
    return Edit(f"Tag article {tag}", (Change(None, Tag(id=new_id(), article_id=article_id, tag=tag, origin="analyst", by=by)),))


def delete_tag(tag: Tag) -> Edit:
    return Edit(f"Remove tag {tag.tag}", (Change(tag, None),))


def combine(description: str, edits: Iterable[Edit]) -> Edit:
    return Edit(description, tuple(c for e in edits for c in e.changes))
