"""Merging an imported article's annotations into what the project holds for the same text.

Pure planning: given the incoming bundle, the article's stored records and the analyst's
:class:`~annotator.storage.decisions.Decisions`, say which records to insert and count, per kind,
what was added, what was already there (merged) and what is not brought back because an analyst
had decided otherwise. The project writes the plan in its import transaction.

Identity of a span: its position and label — and for a discontinuous span (a first fragment tied
to its other pieces by ``FRAGMENT`` relations, see ``formats/brat.py``) also the set of its
pieces, so two annotators' discontinuous spans that share only a first fragment stay two spans.
A piece is identified by its position and the identity of the span it belongs to.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import FRAGMENT, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.domain.stance_rule import can_be_evidence, followed_status, stance_key
from annotator.storage.decisions import Decisions, SpanKey

# (position+label, ()) for a plain span; (position+label, sorted piece positions) for the first
# fragment of a discontinuous span; (position+label, ("piece of", that identity)) for a piece.
Identity = tuple[SpanKey, tuple]
ClaimId = Callable[[str, str], str]  # (table, wanted id) → the id to store (a new one when taken)

KINDS = ("span", "relation", "stance", "tag")


@dataclasses.dataclass(slots=True)
class MergePlan:
    """Records to insert (already carrying the article id and final ids) and counts per kind."""

    spans: list[Span] = dataclasses.field(default_factory=list)
    relations: list[Relation] = dataclasses.field(default_factory=list)
    stances: list[Stance] = dataclasses.field(default_factory=list)
    tags: list[Tag] = dataclasses.field(default_factory=list)
    merged: Counter[str] = dataclasses.field(default_factory=Counter)
    decided: Counter[str] = dataclasses.field(default_factory=Counter)
    # Stored suggestions (undecided) the import accepts or rejects: (kind, record id, new status).
    settle: list[tuple[str, str, Status]] = dataclasses.field(default_factory=list)
    settled: Counter[str] = dataclasses.field(default_factory=Counter)
    followed: int = 0  # of ``relations``: how many took the status the relation rule gives them
    stances_followed: int = 0  # of ``stances``: how many the stance rule changed (status, holder span)

    def compare(self, kind: str, record_id: str, stored: Status | None, incoming: Status) -> None:
        """Count an incoming record that matched a stored one. An undecided stored suggestion
        takes the import's decision (it must not be lost); a stored decision stays and, when
        the import says otherwise, counts as decided by an analyst. fix44 (usertest30 L2): a file's
        suggestion an analyst rejected (or deleted: a deleted suggestion is kept rejected) is not
        "already there" either: it counts as decided otherwise, as a relabelled one does."""
        if stored == Status.REJECTED and incoming != Status.REJECTED:
            self.decided[kind] += 1
        elif stored is None or incoming == stored or incoming == Status.SUGGESTED:
            self.merged[kind] += 1
        elif stored == Status.SUGGESTED:
            self.settle.append((kind, record_id, incoming))
            self.settled[kind] += 1
        else:
            self.decided[kind] += 1


@dataclasses.dataclass(slots=True)
class StoredRecords:
    """What an article holds, as far as matching needs it (fields not read may be left empty)."""

    spans: list[Span] = dataclasses.field(default_factory=list)
    relations: list[Relation] = dataclasses.field(default_factory=list)
    stances: list[Stance] = dataclasses.field(default_factory=list)
    tags: list[Tag] = dataclasses.field(default_factory=list)

    def add(self, plan: MergePlan) -> None:
        """Take in what a plan inserts and settles, so a later copy of the same text in one
        import matches it."""
        self.spans.extend(plan.spans)
        self.relations.extend(plan.relations)
        self.stances.extend(plan.stances)
        self.tags.extend(plan.tags)
        for kind, record_id, status in plan.settle:
            records: list[Any] = {"span": self.spans, "relation": self.relations, "stance": self.stances}[kind]
            for i, record in enumerate(records):
                if record.id == record_id:
                    records[i] = dataclasses.replace(record, status=status)


def span_identities(spans: Sequence[Span], relations: Iterable[Relation]) -> dict[str, Identity]:
    """The identity (see the module docstring) of every span, by span id."""
    by_id = {s.id: s for s in spans}
    pieces: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for rel in relations:
        if rel.label != FRAGMENT or rel.head not in by_id or rel.child not in by_id or rel.child in owner:
            continue
        pieces.setdefault(rel.head, []).append(rel.child)
        owner[rel.child] = rel.head
    identities: dict[str, Identity] = {}
    for span in spans:
        if span.id in owner:
            continue
        identities[span.id] = (span.key, tuple(sorted(by_id[p].key for p in pieces.get(span.id, ()))))
    for piece_id, head_id in owner.items():
        head_identity = identities.get(head_id)
        if head_identity is None:  # a piece of a piece: brat never writes it; keep it apart
            head_identity = (by_id[head_id].key, ("nested",))
        identities[piece_id] = (by_id[piece_id].key, ("piece of", head_identity))
    return identities


def fragment_groups(spans: Sequence[Span], relations: Iterable[Relation]) -> dict[str, str]:
    """Span id → id of the first fragment of its discontinuous span (itself for any other span)."""
    ids = {s.id for s in spans}
    group = {s.id: s.id for s in spans}
    for rel in relations:
        if rel.label == FRAGMENT and rel.head in ids and rel.child in ids and group[rel.child] == rel.child:
            group[rel.child] = group.get(rel.head, rel.head)
    return group


def _stance_ends(stance: Stance, spans: dict[str, Span], id_map: dict[str, str], skipped: set[str]) -> tuple[str, str | None]:
    """The stored ids of a stance's holder span and evidence ("" for none). Evidence ``None``:
    it is a span an analyst decided away (the stance is not brought back). A holder span so
    decided leaves the holder's name only. Raises :class:`InputError` for an id that is not a
    span of the bundle, or evidence that is not a quote or claim."""
    for part, span_id in (("holder span", stance.holder_span), ("evidence", stance.evidence)):
        if span_id and span_id not in spans:
            raise InputError(f"stance {stance.id} names {span_id} as its {part}, which is not a span of this article; "
                             "give the id of one of its spans or \"\"")
    if stance.evidence and not can_be_evidence(spans[stance.evidence]):
        found = spans[stance.evidence]
        raise InputError(f"stance {stance.id} rests on {found.label} span {found.id}; evidence must be a quote or claim span (or \"\" for article level)")
    holder_span = "" if not stance.holder_span or stance.holder_span in skipped else id_map[stance.holder_span]
    if not stance.evidence:
        return holder_span, ""
    if stance.evidence in skipped:
        return holder_span, None
    return holder_span, id_map[stance.evidence]


def stances_follow_spans(plan: MergePlan, held: StoredRecords) -> list[Stance]:
    """Apply the stance rule (:mod:`annotator.domain.stance_rule`) after an import's merge, as
    relations follow theirs: imported stances (``plan.stances``, not yet written) get their
    followed status and holder span in place; the stored stances that must change are returned,
    to be written with a change-log row. ``held``: the article's records with the plan taken in.
    The rule's evidence layer check is the import's (:func:`_stance_ends`); here spans are
    known by status only."""
    spans = {s.id: s for s in held.spans}
    fixes: dict[str, Stance] = {}
    for stance in held.stances:
        holder_span = stance.holder_span
        if holder_span and (holder_span not in spans or spans[holder_span].status == Status.REJECTED):
            holder_span = ""
        evidence = spans.get(stance.evidence) if stance.evidence else None
        status = followed_status(stance.status, evidence.status if evidence is not None else None)
        if (holder_span, status) != (stance.holder_span, stance.status):
            fixes[stance.id] = dataclasses.replace(stance, holder_span=holder_span, status=status)
    if not fixes:
        return []
    new_ids = {s.id for s in plan.stances}
    plan.stances_followed += sum(1 for i in fixes if i in new_ids)
    plan.stances[:] = [fixes.get(s.id, s) for s in plan.stances]
    held.stances[:] = [fixes.get(s.id, s) for s in held.stances]
    return [s for i, s in fixes.items() if i not in new_ids]


def plan_merge(
    article_id: int,
    bundle: ArticleBundle,
    *,
    stored: StoredRecords,
    decisions: Decisions,
    claim_id: ClaimId,
    stamp: str,
    by: str,
) -> MergePlan:
    """What to insert of ``bundle`` into an article that holds ``stored`` (empty for a new one).

    A span already stored (same id, or same identity) is merged: the stored one stays as it is,
    and relations to the incoming span go to it — except that a stored *suggestion* takes the
    incoming record's decision (accepted or rejected; ``settle``), so an imported decision is not
    lost under a machine suggestion at the same place. Relations and stances likewise. A span an analyst deleted (by id), or whose
    position+label an analyst moved, relabelled or deleted, is skipped with its whole
    discontinuous span; relations to a skipped span are skipped. Relations, stances and tags an
    analyst deleted are skipped too. A stance is identified by (holder, target, evidence), its
    span ids mapped like relations'; one resting on a skipped span is skipped, one whose holder
    span is skipped keeps the holder's name. A stored span the analyst rejected is kept rejected and counts
    as decided when the import says otherwise. Raises :class:`InputError` for a span outside the
    text, a relation to a span that is not in the bundle, or a stance naming one (or resting on
    a span that is not a quote or claim).
    """
    plan = MergePlan()
    text_length = len(bundle.article.text)
    stored_by_id = {s.id: s for s in stored.spans}
    known: dict[Identity, str] = {}
    for span_id, identity in span_identities(stored.spans, stored.relations).items():
        known.setdefault(identity, span_id)
    incoming = span_identities(bundle.spans, bundle.relations)
    groups = fragment_groups(bundle.spans, bundle.relations)
    members: dict[str, list[Span]] = {}
    for span in bundle.spans:
        members.setdefault(groups[span.id], []).append(span)

    id_map: dict[str, str] = {}
    skipped: set[str] = set()
    added_from: dict[str, Span] = {}  # id given a span this plan adds → the incoming span it was made from
    for span in bundle.spans:
        if span.end > text_length:
            raise InputError(f"span {span.label} [{span.start}, {span.end}) lies outside the text ({text_length} characters)")
        match = span.id if span.id in stored_by_id else known.get(incoming[span.id])
        if match is not None and match in added_from and _another_record(added_from[match], span):
            match = None  # fix11t: the file's own second record there (a gold layer's two decisions), kept apart
        if match is not None:
            id_map[span.id] = match
            present = stored_by_id.get(match)
            if present is not None and present.key != span.key:
                plan.decided["span"] += 1  # same id, but an analyst moved or relabelled it since
            else:
                plan.compare("span", match, present.status if present else None, span.status)
            continue
        if any(decisions.span_decided(m.id, m.key) for m in members[groups[span.id]]):
            skipped.add(span.id)
            plan.decided["span"] += 1
            continue
        new = dataclasses.replace(
            span, id=claim_id("spans", span.id), article_id=article_id,
            created=span.created or stamp, updated=span.updated or stamp, by=span.by or by,
        )
        id_map[span.id] = known[incoming[span.id]] = new.id
        added_from[new.id] = span
        plan.spans.append(new)

    linked = {(r.head, r.child, r.label): r for r in stored.relations}
    stored_relations = {r.id: r for r in stored.relations}
    for rel in bundle.relations:
        if rel.head in skipped or rel.child in skipped:
            plan.decided["relation"] += 1
            continue
        head, child = id_map.get(rel.head), id_map.get(rel.child)
        if head is None or child is None:
            raise InputError(f"relation {rel.label} points to a span that is not in the article")
        link = (head, child, rel.label)
        present_rel = stored_relations.get(rel.id) or linked.get(link)
        if present_rel is not None:
            if (present_rel.head, present_rel.child, present_rel.label) != link:
                plan.decided["relation"] += 1  # same id, but re-pointed since
            else:
                plan.compare("relation", present_rel.id, present_rel.status, rel.status)
            continue
        if decisions.relation_decided(rel.id, link):
            plan.decided["relation"] += 1
            continue
        added = dataclasses.replace(
            rel, id=claim_id("relations", rel.id), article_id=article_id, head=head, child=child,
            created=rel.created or stamp, updated=rel.updated or stamp, by=rel.by or by,
        )
        linked[link] = added
        plan.relations.append(added)

    incoming_spans = {s.id: s for s in bundle.spans}
    stance_ids = {s.id: s for s in stored.stances}
    stance_keys = {stance_key(s): s for s in stored.stances}
    for stance in bundle.stances:
        holder_span, evidence = _stance_ends(stance, incoming_spans, id_map, skipped)
        if evidence is None:  # rests on a span an analyst decided away: so is the stance
            plan.decided["stance"] += 1
            continue
        key = (stance.holder, stance.target, evidence)
        present_stance = stance_ids.get(stance.id) or stance_keys.get(key)
        if present_stance is not None:
            if stance_key(present_stance) != key or present_stance.polarity != stance.polarity:
                plan.decided["stance"] += 1  # the analyst's stance there stays as it is
            else:
                plan.compare("stance", present_stance.id, present_stance.status, stance.status)
            continue
        if decisions.stance_decided(stance.id, (stance.holder, stance.target, stance.polarity)):
            plan.decided["stance"] += 1
            continue
        added_stance = dataclasses.replace(
            stance, id=claim_id("stances", stance.id), article_id=article_id, holder_span=holder_span, evidence=evidence,
            created=stance.created or stamp, updated=stance.updated or stamp, by=stance.by or by,
        )
        stance_keys[key] = added_stance
        plan.stances.append(added_stance)

    tag_names = {t.tag for t in stored.tags}
    for tag in bundle.tags:
        if tag.tag in tag_names:
            plan.merged["tag"] += 1
            continue
        if tag.tag in decisions.tags:
            plan.decided["tag"] += 1
            continue
        tag_names.add(tag.tag)
        plan.tags.append(dataclasses.replace(
            tag, id=claim_id("tags", tag.id), article_id=article_id, created=tag.created or stamp, by=tag.by or by,
        ))
    return plan


# ----------------------------------------------------------------------------- a newer version of a layer

# Bookkeeping fields: who wrote a record and when, where it is stored. Two records that differ
# only here say the same thing (an identical re-import changes nothing).
_BOOKKEEPING = frozenset({"id", "article_id", "analyst", "created", "updated", "by"})


def _another_record(first: Span, span: Span) -> bool:
    """fix11t (usertest11i 6): whether ``span``, at the place and label of ``first`` (read earlier
    from the same file), is a record of its own: another id, and another status, origin or
    decision record — a gold layer holds a machine suggestion rejected beside the analysts' version
    rejected by the lead at one place, and an ``--layer all`` round trip kept one ("already there:
    1 span"). Two equal records of one file are still one."""
    return first.id != span.id and (first.status, first.origin, first.attrs.get("curation")) != (
        span.status, span.origin, span.attrs.get("curation"))


def _content(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name not in _BOOKKEEPING}


@dataclasses.dataclass(slots=True)
class VersionPlan:
    """An analyst's layer of one article as a newer version makes it (:func:`plan_version`):
    the records to hold — a record the version keeps has the stored one's id (the stored record
    itself when nothing but bookkeeping differs), a new one a new id — and ``changes``, per
    (kind, what) how many records were ``added``, ``removed``, ``relabelled``, ``moved`` (a span's
    extent) or ``changed`` (status, attributes, a link's ends, a stance's polarity). ``FRAGMENT``
    relations (the pieces of a discontinuous span) are not counted: their span is."""

    spans: list[Span] = dataclasses.field(default_factory=list)
    relations: list[Relation] = dataclasses.field(default_factory=list)
    stances: list[Stance] = dataclasses.field(default_factory=list)
    tags: list[Tag] = dataclasses.field(default_factory=list)
    changes: Counter[tuple[str, str]] = dataclasses.field(default_factory=Counter)

    def phrase(self) -> str:
        """``"1 span removed, 1 relabelled, 2 relations added"``: per kind, the noun once; "" for
        no change."""
        parts = []
        for kind in KINDS:
            said = False
            for what in CHANGE_WORDS:
                n = self.changes.get((kind, what), 0)
                if n:
                    parts.append(f"{n} {kind}{'' if n == 1 else 's'} {what}" if not said else f"{n} {what}")
                    said = True
        return ", ".join(parts)


CHANGE_WORDS = ("added", "removed", "relabelled", "moved", "changed")


def _kept(incoming: Any, stored: Any, *, stamp: str, by: str, **ends: str) -> Any:
    """``incoming`` as the record replacing ``stored`` (its id, article, layer and creation time;
    ``ends``: its span ids mapped to the stored ones); ``stored`` itself when only bookkeeping differs."""
    fields: dict[str, Any] = {"id": stored.id, "article_id": stored.article_id, "analyst": stored.analyst,
                              "created": stored.created, **ends}
    record = dataclasses.replace(incoming, **fields)
    if _content(record) == _content(stored):
        return stored
    changed = {"by": incoming.by or by}
    if hasattr(record, "updated"):
        changed["updated"] = incoming.updated or stamp
    return dataclasses.replace(record, **changed)


def _plain(identity: Identity) -> bool:
    return identity[1] == ()  # not part of a discontinuous span


def plan_version(stored: StoredRecords, version: StoredRecords, *, claim_id: ClaimId, stamp: str, by: str,
                 carries: Collection[Status] | None = None) -> VersionPlan:
    """The layer of one article that ``version`` — an analyst's newer version of it, whole and
    consistent (relations and stances naming its own spans, ids unique, as :func:`plan_merge`
    makes a bundle against an empty layer) — makes of the ``stored`` one, and what changes.

    A version's span is the stored one with the same id, else with the same identity (position,
    label and pieces: the module docstring), else — for spans that are not pieces of a
    discontinuous span — the stored one left over at the same position (relabelled), else the
    stored one left over with the same label that overlaps it most (moved: brat and other
    formats that give no lasting ids say a changed extent no other way). Relations are matched by
    id or by (head, child, label) after their spans, stances by id or (holder, target, evidence),
    tags by name. What the version lacks is not in the result (removed); what it adds takes a
    ``claim_id`` id (``by`` and ``stamp`` where it carries none), as :func:`plan_merge` adds.

    ``carries``: the statuses the version's file can carry (None: all). A stored span, relation
    or stance of another status is no part of the version (an export of ``--status accepted``
    leaves out the rejected suggestions, fix11l): it is matched only by id, or by identity when
    no stored record of a carried status has it, and when the version lacks it it stays as
    stored, not counted as removed — unless a span it names is gone (then it goes, counted)."""
    plan = VersionPlan()

    def carried(record: Any) -> bool:
        return carries is None or record.status in carries

    held_ids = span_identities(stored.spans, stored.relations)
    by_identity: dict[Identity, Span] = {}
    for span in sorted(stored.spans, key=lambda s: not carried(s)):  # a carried record first: the version states those
        by_identity.setdefault(held_ids[span.id], span)
    stored_by_id = {s.id: s for s in stored.spans}
    version_ids = span_identities(version.spans, version.relations)
    match: dict[str, Span] = {}  # version span id -> the stored span it is
    used: set[str] = set()

    def pair(span: Span, found: Span | None) -> None:
        if found is not None and found.id not in used and span.id not in match:
            match[span.id] = found
            used.add(found.id)

    for span in version.spans:
        pair(span, stored_by_id.get(span.id))
    for span in version.spans:
        pair(span, by_identity.get(version_ids[span.id]))
    left = [s for s in stored.spans if s.id not in used and _plain(held_ids[s.id]) and carried(s)]
    for span in version.spans:
        if span.id not in match and _plain(version_ids[span.id]):
            pair(span, next((s for s in left if (s.start, s.end) == (span.start, span.end) and s.id not in used), None))
    overlaps = sorted(
        ((min(s.end, v.end) - max(s.start, v.start), i, j) for i, v in enumerate(version.spans)
         if v.id not in match and _plain(version_ids[v.id])
         for j, s in enumerate(left) if s.id not in used and s.label == v.label and s.start < v.end and v.start < s.end),
        key=lambda t: (-t[0], t[1], t[2]))
    for _overlap, i, j in overlaps:
        pair(version.spans[i], left[j])

    id_map: dict[str, str] = {}
    for span in version.spans:
        found = match.get(span.id)
        if found is None:
            new = dataclasses.replace(span, id=claim_id("spans", span.id), created=span.created or stamp,
                                      updated=span.updated or stamp, by=span.by or by)
            plan.changes[("span", "added")] += 1
        else:
            new = _kept(span, found, stamp=stamp, by=by)
            if new is not found:
                what = ("relabelled" if new.label != found.label else "moved" if new.key != found.key else "changed")
                plan.changes[("span", what)] += 1
        id_map[span.id] = new.id
        plan.spans.append(new)
    # Spans the file could not carry stay; the pieces of one stay with it (their FRAGMENT relations below).
    kept_spans = [s for s in stored.spans if s.id not in used and not carried(s)]
    plan.spans.extend(kept_spans)
    kept_ids = {s.id for s in kept_spans}
    final_ids = {s.id for s in plan.spans}
    plan.changes[("span", "removed")] += sum(1 for s in stored.spans if s.id not in used and carried(s))

    stored_rel = {r.id: r for r in stored.relations}
    linked = {(r.head, r.child, r.label): r for r in sorted(stored.relations, key=carried)}  # carried ones win
    rel_used: set[str] = set()
    for rel in version.relations:
        head, child = id_map[rel.head], id_map[rel.child]
        found_rel = stored_rel.get(rel.id)
        if found_rel is None or found_rel.id in rel_used:
            found_rel = linked.get((head, child, rel.label))
        counted = rel.label != FRAGMENT
        if found_rel is None or found_rel.id in rel_used:
            plan.relations.append(dataclasses.replace(rel, id=claim_id("relations", rel.id), head=head, child=child,
                                                      created=rel.created or stamp, updated=rel.updated or stamp, by=rel.by or by))
            plan.changes[("relation", "added")] += counted
            continue
        rel_used.add(found_rel.id)
        kept_rel = _kept(rel, found_rel, stamp=stamp, by=by, head=head, child=child)
        plan.changes[("relation", "changed")] += counted and kept_rel is not found_rel
        plan.relations.append(kept_rel)
    for rel in stored.relations:
        if rel.id in rel_used:
            continue
        stays = (not carried(rel) or (rel.label == FRAGMENT and rel.head in kept_ids)) \
            and rel.head in final_ids and rel.child in final_ids
        if stays:
            plan.relations.append(rel)
        elif rel.label != FRAGMENT:
            plan.changes[("relation", "removed")] += 1

    stance_ids = {s.id: s for s in stored.stances}
    stance_keys = {stance_key(s): s for s in sorted(stored.stances, key=carried)}  # carried ones win
    stance_used: set[str] = set()
    for stance in version.stances:
        ends = {"holder_span": id_map.get(stance.holder_span, ""), "evidence": id_map.get(stance.evidence, "")}
        found_stance = stance_ids.get(stance.id)
        if found_stance is None or found_stance.id in stance_used:
            found_stance = stance_keys.get((stance.holder, stance.target, ends["evidence"]))
        if found_stance is None or found_stance.id in stance_used:
            plan.stances.append(dataclasses.replace(stance, id=claim_id("stances", stance.id), **ends,
                                                    created=stance.created or stamp, updated=stance.updated or stamp,
                                                    by=stance.by or by))
            plan.changes[("stance", "added")] += 1
            continue
        stance_used.add(found_stance.id)
        kept_stance = _kept(stance, found_stance, stamp=stamp, by=by, **ends)
        plan.changes[("stance", "changed")] += kept_stance is not found_stance
        plan.stances.append(kept_stance)
    for stance in stored.stances:
        if stance.id in stance_used:
            continue
        if not carried(stance) and all(not end or end in final_ids for end in (stance.holder_span, stance.evidence)):
            plan.stances.append(stance)
        else:
            plan.changes[("stance", "removed")] += 1

    tags = {t.tag: t for t in stored.tags}
    for tag in version.tags:
        found_tag = tags.pop(tag.tag, None)
        if found_tag is None:
            plan.tags.append(dataclasses.replace(tag, id=claim_id("tags", tag.id), created=tag.created or stamp, by=tag.by or by))
            plan.changes[("tag", "added")] += 1
        else:
            plan.tags.append(_kept(tag, found_tag, stamp=stamp, by=by))
    plan.changes[("tag", "removed")] += len(tags)
    plan.changes = +plan.changes  # drop the zero counts
    return plan


__all__ = ["CHANGE_WORDS", "ClaimId", "Identity", "KINDS", "MergePlan", "StoredRecords", "VersionPlan", "fragment_groups",
           "plan_merge", "plan_version", "span_identities", "stances_follow_spans"]
