"""User actions as edits. Each function reads the current records and returns an :class:`Edit`;
nothing here writes. The UI wraps an edit in one undo step; storage applies it.

**Context.** Every command that creates, changes or deletes a span or a relation takes the open
article's records first: any object with ``spans`` (id → :class:`Span`) and ``relations``
(id → :class:`Relation`) mappings — the window's :class:`~annotator.domain.document.ArticleState`,
or :func:`records` built from a project's ``spans(article_id)`` / ``relations(article_id)``.

**Relations follow their spans.** Every such command builds its edit through one function
(:func:`_edit`), which applies :func:`annotator.domain.relation_rule.followed_status` to every
relation touching a span the edit changes, in the same edit. So after any edit (accept, reject,
accept all, delete, resize, relabel, add, link) and after its undo (``Edit.inverse``, which puts
back spans and relations together), the invariant of :mod:`annotator.domain.relation_rule`
holds: no relation is ``suggested`` while both its ends are accepted, and none is ``accepted``
(or ``suggested``) while an end is rejected.

**No two spans share a position and a label.** Resizing or relabelling a span onto the position
and label of another span (drawing one where one exists, too) merges the two in one edit: the
existing span survives, accepted, and the edited one is deleted; its relations move to the
survivor (a link the survivor already has is kept once). The edit's description says so.

Attribute edits (:func:`set_attrs`) never decide a suggestion (a note such as "check this" is
not a decision), so no relation follows them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleStatus, Relation, Span, Stance, Status, Tag, new_id
from annotator.domain.relation_rule import followed_status


class ArticleRecords(Protocol):
    """The open article's spans and relations, by id (``ArticleState`` is one)."""

    @property
    def spans(self) -> Mapping[str, Span]: ...

    @property
    def relations(self) -> Mapping[str, Relation]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Records:
    """A plain :class:`ArticleRecords`: an article's spans and relations as stored."""

    spans: Mapping[str, Span]
    relations: Mapping[str, Relation]


def records(spans: Iterable[Span], relations: Iterable[Relation] = ()) -> Records:
    """Records of one article from its spans and relations (e.g. ``project.spans(article_id)``)."""
    return Records({s.id: s for s in spans}, {r.id: r for r in relations})


_VERB = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.SUGGESTED: "Reopen"}


def _edit(
    article: ArticleRecords,
    description: str,
    spans: Mapping[str, Span | None],
    relations: Mapping[str, Relation | None] | None = None,
) -> Edit:
    """The one way a span edit is built: the new versions of some records (``None`` deletes; an
    id the article lacks creates), plus the relation changes the rule derives from them.

    Relations whose end is deleted are deleted with it. Every relation touching a span in
    ``spans`` (and every relation in ``relations``) gets :func:`followed_status` of its ends as
    they are after the edit; it is *revived* when an end was rejected before and is not now.
    Changes come in a safe order for writing and, reversed, for undoing: spans created or
    updated, then relations, then spans deleted.
    """
    rel_overrides = dict(relations or {})
    before_spans = article.spans
    after_spans: dict[str, Span] = dict(before_spans)
    for sid, span in spans.items():
        if span is None:
            after_spans.pop(sid, None)
        else:
            after_spans[sid] = span
    deleted = {sid for sid, span in spans.items() if span is None}
    after_rels: dict[str, Relation] = dict(article.relations)
    for rid, rel in rel_overrides.items():
        if rel is None:
            after_rels.pop(rid, None)
        else:
            after_rels[rid] = rel
    for rid, rel in list(after_rels.items()):
        if rel.head in deleted or rel.child in deleted:
            del after_rels[rid]
    touched = set(spans)
    for rid, rel in list(after_rels.items()):
        if rid not in rel_overrides and rel.head not in touched and rel.child not in touched:
            continue
        old = article.relations.get(rid)
        revived = old is not None and any(
            _status_of(before_spans, was) == Status.REJECTED and _status_of(after_spans, now) != Status.REJECTED
            for was, now in ((old.head, rel.head), (old.child, rel.child))
        )
        status = followed_status(rel, _status_of(after_spans, rel.head), _status_of(after_spans, rel.child), revived=revived)
        if status != rel.status:
            after_rels[rid] = dataclasses.replace(rel, status=status)

    changes: list[Change] = []
    for sid, span in spans.items():
        if span is not None and before_spans.get(sid) != span:
            changes.append(Change(before_spans.get(sid), span))
    for rid, rel in article.relations.items():
        if after_rels.get(rid) != rel:
            changes.append(Change(rel, after_rels.get(rid)))
    for rid, rel in after_rels.items():
        if rid not in article.relations:
            changes.append(Change(None, rel))
    for sid in spans:
        if sid in deleted and sid in before_spans:
            changes.append(Change(before_spans[sid], None))
    return Edit(description, tuple(changes))


def _status_of(spans: Mapping[str, Span], span_id: str) -> Status | None:
    span = spans.get(span_id)
    return span.status if span is not None else None


def _current(article: ArticleRecords, span: Span) -> Span:
    """The article's own record of ``span`` (a command is built on the records it was given)."""
    try:
        return article.spans[span.id]
    except KeyError:
        raise ValueError(f"span {span.id} is not one of the article's records given to the command") from None


def _same_place(article: ArticleRecords, start: int, end: int, label: str, *, besides: str = "") -> Span | None:
    """Another span at this position with this label (an accepted one first), if any."""
    found = [s for s in article.spans.values() if s.key == (start, end, label) and s.id != besides]
    found.sort(key=lambda s: (s.status != Status.ACCEPTED, s.status != Status.SUGGESTED, s.id))
    return found[0] if found else None


# ---------------------------------------------------------------------------------------- spans


def add_span(
    article: ArticleRecords, *, article_id: int, start: int, end: int, label: str, layer: str, by: str = "",
    attrs: Mapping[str, Any] | None = None,
) -> Edit:
    """A span the analyst draws is accepted at once; its origin is the analyst.

    Where a span with the same position and label exists, that one is accepted instead (its
    attributes updated with ``attrs``); the edit is empty when it is accepted already and
    nothing changes.
    """
    existing = _same_place(article, start, end, label)
    if existing is not None:
        after = dataclasses.replace(existing, status=Status.ACCEPTED, attrs={**existing.attrs, **(attrs or {})})
        return _edit(article, f"Add {label} span (accepts the {existing.status.value} one there)", {existing.id: after})
    span = Span(
        id=new_id(), article_id=article_id, start=start, end=end, label=label, layer=layer,
        status=Status.ACCEPTED, origin=f"analyst:{by}" if by else "analyst", attrs=dict(attrs or {}), by=by,
    )
    return _edit(article, f"Add {label} span", {span.id: span})


def set_status(article: ArticleRecords, spans: Sequence[Span], status: Status, *, description: str = "") -> Edit:
    """Accept, reject or reopen ``spans``; the relations touching them follow (see module doc)."""
    if not description:
        verb = _VERB[status]
        description = f"{verb} {spans[0].label}" if len(spans) == 1 else f"{verb} {len(spans)} spans"
    current = [_current(article, s) for s in spans]
    return _edit(article, description, {s.id: dataclasses.replace(s, status=status) for s in current})


def accept(article: ArticleRecords, span: Span) -> Edit:
    return set_status(article, [span], Status.ACCEPTED)


def reject(article: ArticleRecords, span: Span) -> Edit:
    return set_status(article, [span], Status.REJECTED)


def accept_all(article: ArticleRecords) -> Edit:
    """Accept every pending suggestion of the article as one edit (empty when none is pending)."""
    pending = sorted((s for s in article.spans.values() if s.status == Status.SUGGESTED), key=lambda s: (s.start, -s.end, s.id))
    if not pending:
        return Edit("Accept all suggestions", ())
    return set_status(article, pending, Status.ACCEPTED, description=f"Accept all {len(pending)} suggestions")


def delete_span(article: ArticleRecords, span: Span) -> Edit:
    """Delete a span and every relation touching it; a suggestion is rejected instead
    (so it is remembered and not suggested again)."""
    span = _current(article, span)
    if span.status == Status.SUGGESTED:
        return reject(article, span)
    return _edit(article, f"Delete {span.label} span", {span.id: None})


def resize(article: ArticleRecords, span: Span, start: int, end: int) -> Edit:
    """Move a span's boundaries to ``[start, end)``. Editing a suggestion accepts it: the analyst
    has decided on it. Onto another span of the same label: the two merge (module doc)."""
    span = _current(article, span)
    other = _same_place(article, start, end, span.label, besides=span.id)
    if other is not None:
        return _merge(article, span, other, f"Resize {span.label} span onto the {other.status.value} one there (merged)")
    after = dataclasses.replace(span, start=start, end=end, status=Status.ACCEPTED)
    return _edit(article, f"Resize {span.label} span", {span.id: after})


def relabel(article: ArticleRecords, span: Span, label: str, layer: str) -> Edit:
    """Give a span another label (and layer); this accepts it. Onto another span with that
    label at the same position: the two merge (module doc)."""
    span = _current(article, span)
    other = _same_place(article, span.start, span.end, label, besides=span.id)
    if other is not None:
        return _merge(article, span, other, f"Relabel {span.label} as {label}: merged with the {other.status.value} {label} there")
    after = dataclasses.replace(span, label=label, layer=layer, status=Status.ACCEPTED)
    return _edit(article, f"Relabel {span.label} as {label}", {span.id: after})


def _merge(article: ArticleRecords, edited: Span, survivor: Span, description: str) -> Edit:
    """``edited`` goes onto ``survivor``'s position and label: the survivor is accepted and takes
    the edited span's relations (a link it already has is kept once, a link between the two is
    dropped); the edited span is deleted.

    Attributes: the survivor keeps its own and gains the edited span's, whose values win unless
    the survivor was accepted and the edited span was not (an analyst's value beats a machine's).
    """
    if survivor.status == Status.ACCEPTED and edited.status != Status.ACCEPTED:
        attrs = {**edited.attrs, **survivor.attrs}
    else:
        attrs = {**survivor.attrs, **edited.attrs}
    spans: dict[str, Span | None] = {
        survivor.id: dataclasses.replace(survivor, status=Status.ACCEPTED, attrs=attrs),
        edited.id: None,
    }
    relations: dict[str, Relation | None] = {}
    links = {(r.head, r.child, r.label): r for r in article.relations.values() if edited.id not in (r.head, r.child)}
    for rel in article.relations.values():
        if edited.id not in (rel.head, rel.child):
            continue
        head = survivor.id if rel.head == edited.id else rel.head
        child = survivor.id if rel.child == edited.id else rel.child
        if head == child:
            relations[rel.id] = None
            continue
        twin = links.get((head, child, rel.label))
        if twin is None:
            moved = dataclasses.replace(rel, head=head, child=child)
            links[(head, child, rel.label)] = relations[rel.id] = moved
            continue
        relations[rel.id] = None
        kept = dataclasses.replace(twin, status=_more_decided(twin.status, rel.status), attrs={**rel.attrs, **twin.attrs})
        links[(head, child, rel.label)] = relations[twin.id] = kept
    return _edit(article, description, spans, relations)


def _more_decided(kept: Status, dropped: Status) -> Status:
    """The status of a link merged from two: a decision beats a suggestion; accepted beats rejected."""
    if kept == dropped or dropped == Status.SUGGESTED:
        return kept
    if kept == Status.SUGGESTED:
        return dropped
    return Status.ACCEPTED


def set_attrs(span: Span, attrs: Mapping[str, Any]) -> Edit:
    """Set (``None`` or ``""`` clears) some attributes of a span. Its status does not change."""
    merged = {k: v for k, v in {**span.attrs, **attrs}.items() if v not in (None, "")}
    return Edit(f"Set {', '.join(attrs)} of {span.label}", (Change(span, dataclasses.replace(span, attrs=merged)),))


# ------------------------------------------------------------------------------------ relations


def add_relation(article: ArticleRecords, *, head: Span, child: Span, label: str, by: str = "") -> Edit:
    """Link ``head`` to ``child`` as an accepted relation. An existing link of that label between
    them is accepted instead (an empty edit when it is accepted already). Linking a rejected span
    accepts it: the analyst has decided it is there."""
    head, child = _current(article, head), _current(article, child)
    spans = {s.id: dataclasses.replace(s, status=Status.ACCEPTED) for s in (head, child) if s.status == Status.REJECTED}
    accepted = " (accepts " + " and ".join(f"the rejected {s.label}" for s in spans.values()) + ")" if spans else ""
    description = f"Link {head.label} → {child.label} ({label}){accepted}"
    existing = next((r for r in article.relations.values() if (r.head, r.child, r.label) == (head.id, child.id, label)), None)
    if existing is not None:
        if existing.status == Status.ACCEPTED and not spans:
            return Edit(description, ())
        rel = dataclasses.replace(existing, status=Status.ACCEPTED)
    else:
        rel = Relation(id=new_id(), article_id=head.article_id, head=head.id, child=child.id, label=label,
                       status=Status.ACCEPTED, origin=f"analyst:{by}" if by else "analyst", by=by)
    return _edit(article, description, spans, {rel.id: rel})


def delete_relation(relation: Relation) -> Edit:
    return Edit(f"Delete {relation.label} link", (Change(relation, None),))


# ------------------------------------------------------------------------------------ article


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
