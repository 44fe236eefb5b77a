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

**Stances follow their spans** the same way (:mod:`annotator.domain.stance_rule`): a span
command changes, in the same edit, every stance whose evidence or holder span it changes (the
evidence deleted deletes the stance; the holder span deleted leaves the holder's name; a merge
re-points the stance to the survivor). Give the article's stances with its records
(``ArticleState`` has them; :func:`records` takes them).

Attribute edits (:func:`set_attrs`) never decide a suggestion (a note such as "check this" is
not a decision), so no relation follows them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from annotator.domain.edits import Change, Edit
from annotator.domain.model import FRAGMENT, Article, ArticleStatus, Relation, Span, Stance, Status, Tag, new_id
from annotator.domain import stance_rule
from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.machine_attrs import refuse_machine
from annotator.domain.relation_rule import followed_status
from annotator.domain.schema import LabelSchema
from annotator.domain.stance_rule import StanceError
from annotator.domain.words import plural

SPEAKER_LINK, CUE_LINK = "SPEAKER", "CUE"  # a QUOTE's links to its own speaker and cue (domain.candidates)


class ArticleRecords(Protocol):
    """The open article's spans and relations, by id (``ArticleState`` is one)."""

    @property
    def spans(self) -> Mapping[str, Span]: ...

    @property
    def relations(self) -> Mapping[str, Relation]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Records:
    """A plain :class:`ArticleRecords`: an article's spans, relations and stances as stored."""

    spans: Mapping[str, Span]
    relations: Mapping[str, Relation]
    stances: Mapping[str, Stance] = dataclasses.field(default_factory=dict)


def records(spans: Iterable[Span], relations: Iterable[Relation] = (), stances: Iterable[Stance] = ()) -> Records:
    """Records of one article from its spans, relations and stances (e.g. ``project.spans(article_id)``).

    Give the stances whenever a span edit may touch one: a stance naming a span the edit changes
    must follow it in the same edit (storage refuses the edit otherwise)."""
    return Records({s.id: s for s in spans}, {r.id: r for r in relations}, {s.id: s for s in stances})


def _stances_of(article: ArticleRecords) -> Mapping[str, Stance]:
    """The article's stances by id (``ArticleState`` and :class:`Records` carry them; a bare
    spans-and-relations object has none to follow)."""
    return getattr(article, "stances", None) or {}


_VERB = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.SUGGESTED: "Reopen"}


def _edit(
    article: ArticleRecords,
    description: str,
    spans: Mapping[str, Span | None],
    relations: Mapping[str, Relation | None] | None = None,
    stances: Mapping[str, Stance | None] | None = None,
    moved: Mapping[str, str] | None = None,
) -> Edit:
    """The one way a span edit is built: the new versions of some records (``None`` deletes; an
    id the article lacks creates), plus the relation changes the rule derives from them.

    Relations whose end is deleted are deleted with it. Every relation touching a span in
    ``spans`` (and every relation in ``relations``) gets :func:`followed_status` of its ends as
    they are after the edit; it is *revived* when an end was rejected before and is not now.
    Every stance naming a span in ``spans`` (and every stance in ``stances``) follows
    :func:`annotator.domain.stance_rule.followed` (``moved``: span merged away → survivor), and
    stances made identical by it become one. Changes come in a safe order for writing and,
    reversed, for undoing: spans created or updated, then relations, then stances, then spans
    deleted.
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

    before_stances = _stances_of(article)
    after_stances = _followed_stances(before_stances, before_spans, after_spans, set(spans), dict(stances or {}), moved or {})
    # a quote nested in one this edit resizes or deletes: its marker follows, in this edit (one undo)
    ids = getattr(article, "nested_ids", None)  # ArticleState keeps them; else one pass over the spans
    nested = _nested_follow(before_spans, after_spans, article.relations, after_rels, set(spans), moved or {},
                            ids() if ids is not None else None)
    # usertest18 L1: a quote this edit puts inside another one gets its marker, in this edit too
    if any((s := after_spans.get((moved or {}).get(t, t))) is not None and s.label == "QUOTE" for t in spans):
        nested.update(_nested_new({**after_spans, **nested}, after_rels, set(spans), moved or {}))
    spans = {sid: (nested.pop(sid) if sid in nested and span is not None else span) for sid, span in spans.items()}

    changes: list[Change] = []
    for sid, span in spans.items():
        if span is not None and before_spans.get(sid) != span:
            changes.append(Change(before_spans.get(sid), span))
    for sid, span in nested.items():  # attributes only: no relation or stance follows them
        changes.append(Change(before_spans[sid], span))
    for rid, rel in article.relations.items():
        if after_rels.get(rid) != rel:
            changes.append(Change(rel, after_rels.get(rid)))
    for rid, rel in after_rels.items():
        if rid not in article.relations:
            changes.append(Change(None, rel))
    for tid, stance in before_stances.items():
        if after_stances.get(tid) != stance:
            changes.append(Change(stance, after_stances.get(tid)))
    for tid, stance in after_stances.items():
        if tid not in before_stances:
            changes.append(Change(None, stance))
    for sid in spans:
        if sid in deleted and sid in before_spans:
            changes.append(Change(before_spans[sid], None))
    return Edit(description, tuple(changes))


def _extent(spans: Mapping[str, Span], groups: Mapping[str, tuple[str, ...]], span_id: str) -> tuple[int, int]:
    """The code-point extent (first piece's start, last piece's end) of the attribution
    ``span_id`` is a piece of (``groups``: :func:`piece_groups` of ``spans``)."""
    pieces = [spans[i] for i in groups.get(span_id, (span_id,))]
    return min(p.start for p in pieces), max(p.end for p in pieces)


def _nested_follow(before_spans: Mapping[str, Span], after_spans: Mapping[str, Span],
                   before_rels: Mapping[str, Relation], after_rels: Mapping[str, Relation],
                   touched: set[str], moved: Mapping[str, str], ids: Iterable[str] | None = None) -> dict[str, Span]:
    """The quotes whose ``nested_in`` marker (the "start-end" extent of the attribution they lie
    inside, :mod:`annotator.nlp.quotes_overlap`) an edit of ``touched`` makes stale, with the
    marker updated: the outer one resized (or merged away onto ``moved``'s survivor) → its new
    extent while the inner one still lies inside it; deleted or rejected, or the inner one no
    longer inside → cleared (the span list said "(nested in «…»)" of words no longer a quote).
    Span id → new version; empty when no quote of the article is nested (the usual case). ``ids``:
    the spans marked nested before the edit (:meth:`ArticleState.nested_ids`; None: looked for)."""
    if ids is None:
        ids = [sid for sid, s in before_spans.items() if "nested_in" in s.attrs]
    inner = {sid: s for sid in ids if (s := after_spans.get(sid)) is not None and isinstance(s.attrs.get("nested_in"), str)}
    if not inner:
        return {}
    labels = {s.label for s in inner.values()}
    edited = [t for t in touched if t in before_spans and before_spans[t].label in labels]
    if not edited and not touched & inner.keys():
        return {}
    groups_before = piece_groups(before_spans, before_rels.values())
    groups_after = piece_groups(after_spans, after_rels.values())
    # the edited attributions by (label, extent before the edit): what a marker names
    outers: dict[tuple[str, str], list[str]] = {}
    for t in edited:
        a, b = _extent(before_spans, groups_before, t)
        outers.setdefault((before_spans[t].label, f"{a}-{b}"), []).append(t)
    out: dict[str, Span] = {}
    for sid, span in inner.items():
        value = span.attrs["nested_in"]
        named = outers.get((span.label, value))
        if named is None and sid not in touched:
            continue  # nested in an attribution this edit leaves alone (the usual case)
        start, _, end = value.partition("-")
        if not (start.isdigit() and end.isdigit()):
            continue
        marked = (int(start), int(end))
        own = set(groups_before.get(sid, (sid,)))
        outer = next((t for t in named or () if t not in own), None)
        if outer is not None:  # the outer attribution was edited
            now = moved.get(outer, outer)
            # relabelled (a QUOTE made a CLAIM) is gone as an attribution too (usertest18 L1)
            alive = (now in after_spans and after_spans[now].status != Status.REJECTED
                     and after_spans[now].label == before_spans[outer].label)
            extent = _extent(after_spans, groups_after, now) if alive else None
        elif sid in touched:  # the inner one was edited: is it still inside the extent it names?
            extent = marked
        else:
            continue
        inside = extent is not None and extent[0] <= span.start and span.end <= extent[1] and extent != (span.start, span.end)
        new = f"{extent[0]}-{extent[1]}" if inside and extent is not None else None
        if new == value:
            continue
        attrs = {k: v for k, v in span.attrs.items() if k != "nested_in"}
        if new is not None:
            attrs["nested_in"] = new
        out[sid] = dataclasses.replace(span, attrs=attrs)
    return out


def _nested_new(after_spans: Mapping[str, Span], after_rels: Mapping[str, Relation], touched: set[str],
                moved: Mapping[str, str]) -> dict[str, Span]:
    """The quotes an edit of ``touched`` newly puts inside another QUOTE attribution, with their
    ``nested_in`` marker set to that attribution's extent ("start-end", code points: first
    piece's start to last piece's end; the nearest, i.e. shortest, when several contain it), as
    :mod:`annotator.nlp.quotes_overlap` marks a suggested one. Marked: a QUOTE attribution, not
    rejected, with a speaker and a cue link of its own (an attribution of its own, not words of the
    outer one), lying wholly inside another QUOTE attribution's extent (not the same extent), when
    the edit touched either of them and it has no marker yet (one it has is
    :func:`_nested_follow`'s to keep up or clear). Every piece of an interrupted quote gets the
    marker. ``after_spans``: the article's spans after the edit (markers followed already).
    Span id → new version; empty unless the edit touched a QUOTE (the usual case: no work)."""
    quotes = {sid: s for sid, s in after_spans.items() if s.label == "QUOTE" and s.status != Status.REJECTED}
    edited = {moved.get(t, t) for t in touched} & quotes.keys()
    if not edited or len(quotes) < 2:
        return {}
    groups = piece_groups(after_spans, after_rels.values())
    heads: dict[str, tuple[str, ...]] = {}
    for sid in quotes:
        pieces = tuple(p for p in groups.get(sid, (sid,)) if p in quotes)
        heads.setdefault(pieces[0], pieces)
    extents = {head: (min(quotes[p].start for p in pieces), max(quotes[p].end for p in pieces)) for head, pieces in heads.items()}
    edited_heads = {next(h for h, pieces in heads.items() if sid in pieces) for sid in edited}
    links: dict[str, set[str]] = {}
    for rel in after_rels.values():
        if rel.head in heads and rel.status != Status.REJECTED and rel.label in (SPEAKER_LINK, CUE_LINK):
            links.setdefault(rel.head, set()).add(rel.label)
    # an edited quote itself, or one inside an edited quote's extent: O(quotes) per edited quote
    candidates = set(edited_heads)
    for e in edited_heads:
        c, d = extents[e]
        candidates.update(h for h, (a, b) in extents.items() if c <= a and b <= d)
    out: dict[str, Span] = {}
    for inner in candidates:
        pieces = heads[inner]
        if links.get(inner) != {SPEAKER_LINK, CUE_LINK} or any("nested_in" in quotes[p].attrs for p in pieces):
            continue
        a, b = extents[inner]
        around = [h for h, (c, d) in extents.items() if h != inner and c <= a and b <= d and (c, d) != (a, b)]
        if not around:
            continue
        c, d = min((extents[h] for h in around), key=lambda e: e[1] - e[0])
        for p in pieces:
            out[p] = dataclasses.replace(quotes[p], attrs={**quotes[p].attrs, "nested_in": f"{c}-{d}"})
    return out


def _followed_stances(
    before: Mapping[str, Stance],
    before_spans: Mapping[str, Span],
    after_spans: Mapping[str, Span],
    touched: set[str],
    overrides: dict[str, Stance | None],
    moved: Mapping[str, str],
) -> dict[str, Stance]:
    """The article's stances after an edit (see :func:`_edit`): ``overrides`` applied, each stance
    naming a touched span (or overridden) followed, then duplicates made one (the stance that
    did not move survives; an overridden one — the analyst's own — wins over the rest)."""
    after: dict[str, Stance] = dict(before)
    for tid, stance in overrides.items():
        if stance is None:
            after.pop(tid, None)
        else:
            after[tid] = stance
    moving: set[str] = set()
    for tid, stance in list(after.items()):
        if tid not in overrides and not stance_rule.touches(stance, touched):
            continue
        new = stance_rule.followed(stance, before_spans, after_spans, moved)
        if new is None:
            del after[tid]
        else:
            after[tid] = new
            if stance_rule.stance_key(new) != stance_rule.stance_key(stance):
                moving.add(tid)
    # one stance per (holder, target, evidence): the analyst's own, else the one that did not move
    kept: dict[stance_rule.StanceKey, str] = {}
    rank = sorted(after, key=lambda t: (t not in overrides, t in moving))
    for tid in rank:
        stance = after[tid]
        key = stance_rule.stance_key(stance)
        if key not in kept:
            kept[key] = tid
            continue
        survivor = after[kept[key]]
        after[kept[key]] = dataclasses.replace(
            survivor, status=stance_rule.more_decided(survivor.status, stance.status),
            holder_span=survivor.holder_span or stance.holder_span,
        )
        del after[tid]
    return after


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
    # fields compared one by one, not ``s.key == (...)``: no tuple built per span (a create or
    # resize scans every span of the article: 1.4 -> 0.16 ms at 9,000 spans, issue 12)
    found = [s for s in article.spans.values() if s.start == start and s.end == end and s.label == label and s.id != besides]
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
        n = count_attributions(article, spans)  # an interrupted quote once, as the window counts
        if len(spans) == 1:
            description = f"{verb} {spans[0].label}"
        elif n == 1:  # the pieces of one attribution, as decide says it
            description = f"{verb} {spans[0].label} ({len(spans)} pieces)"
        else:
            description = f"{verb} {n} spans"
    current = [_current(article, s) for s in spans]
    return _edit(article, description, {s.id: dataclasses.replace(s, status=status) for s in current})


def count_attributions(article: ArticleRecords, spans: Iterable[Span]) -> int:
    """How many attributions ``spans`` are pieces of: an interrupted quote's pieces count once
    (:func:`fragment_pieces`), as the window's status line, span list and pending count count
    them (usertest10g finding 6: "Accepted 9 suggestions" was undone as "Accept all 10")."""
    return len({fragment_pieces(article, s)[0].id for s in spans})


def fragment_pieces(article: ArticleRecords, span: Span) -> list[Span]:
    """The pieces of the attribution ``span`` is a piece of (an interrupted quote: spans of one
    label tied by ``FRAGMENT`` relations, :mod:`annotator.domain.attributions`), in text order;
    ``[span]`` when it has no other piece. Pieces are followed both ways, whatever their status."""
    if span.id not in article.spans:
        return [span]
    groups = getattr(article, "piece_groups", None)  # ArticleState keeps them; else O(relations)
    pieces = (groups() if groups is not None else piece_groups(article.spans, article.relations.values())).get(span.id)
    if not pieces:
        return [_current(article, span)]
    return [article.spans[i] for i in pieces]


def decide(article: ArticleRecords, span: Span, status: Status) -> Edit:
    """``status`` for ``span`` and the other pieces of its discontinuous span, one edit (one
    undo): the pieces are one attribution, decided together (issue 10: each piece of an
    interrupted quote was accepted separately)."""
    pieces = fragment_pieces(article, span)
    if len(pieces) == 1:
        return set_status(article, pieces, status)
    return set_status(article, pieces, status, description=f"{_VERB[status]} {span.label} ({len(pieces)} pieces)")


def accept(article: ArticleRecords, span: Span) -> Edit:
    """Accept ``span`` (and the other pieces of a discontinuous span, :func:`fragment_pieces`)."""
    return decide(article, span, Status.ACCEPTED)


def reject(article: ArticleRecords, span: Span) -> Edit:
    """Reject ``span`` (and the other pieces of a discontinuous span, :func:`fragment_pieces`)."""
    return decide(article, span, Status.REJECTED)


def accept_all(article: ArticleRecords, *, leave: Callable[[Span], bool] | None = None) -> Edit:
    """Accept every pending suggestion of the article as one edit (empty when none is pending).

    ``leave``: suggestions it says yes to stay pending (the window passes the ones a View filter
    hides: the analyst accepts only what is shown, issue 10). It is asked once per suggestion;
    for an interrupted quote it should answer alike for every piece (one attribution)."""
    pending = sorted((s for s in article.spans.values() if s.status == Status.SUGGESTED and (leave is None or not leave(s))),
                     key=lambda s: (s.start, -s.end, s.id))
    if not pending:
        return Edit("Accept all suggestions", ())
    n = count_attributions(article, pending)  # an interrupted quote once, as the window says it
    return set_status(article, pending, Status.ACCEPTED, description="Accept the 1 suggestion" if n == 1 else f"Accept all {n} suggestions")


def delete_span(article: ArticleRecords, span: Span) -> Edit:
    """Delete a span and every relation touching it; a suggestion is rejected instead
    (so it is remembered and not suggested again).

    A piece of an interrupted quote (:func:`fragment_pieces`) takes the whole attribution with
    it, one edit: its accepted pieces are deleted, a piece still suggested is rejected, a piece
    rejected earlier stays rejected (issue 10: deleting the quote's row left its second piece)."""
    span = _current(article, span)
    pieces = fragment_pieces(article, span)
    if attribution_status(pieces) == Status.SUGGESTED:
        return reject(article, span)
    if len(pieces) == 1:
        return _edit(article, f"Delete {span.label} span", {span.id: None})
    changes: dict[str, Span | None] = {}
    for piece in pieces:
        if piece.status == Status.ACCEPTED:
            changes[piece.id] = None
        elif piece.status == Status.SUGGESTED:
            changes[piece.id] = dataclasses.replace(piece, status=Status.REJECTED)
    # created/changed before deleted (the order _edit writes in)
    ordered = dict(sorted(changes.items(), key=lambda item: item[1] is None))
    return _edit(article, f"Delete {span.label} span ({len(pieces)} pieces)", ordered)


def resize(article: ArticleRecords, span: Span, start: int, end: int) -> Edit:
    """Move a span's boundaries to ``[start, end)``. Editing a suggestion accepts it: the analyst
    has decided on it. Onto another span of the same label: the two merge (module doc)."""
    span = _current(article, span)
    other = _same_place(article, start, end, span.label, besides=span.id)
    if other is not None:
        return _merge(article, span, other, f"Resize {span.label} span onto the {other.status.value} one there (merged)")
    after = dataclasses.replace(span, start=start, end=end, status=Status.ACCEPTED)
    return _edit(article, f"Resize {span.label} span", {span.id: after})


def relabel(article: ArticleRecords, span: Span, label: str, layer: str, *, schema: LabelSchema | None = None) -> Edit:
    """Give a span another label (and layer); this accepts it. Onto another span with that
    label at the same position: the two merge (module doc).

    **Attributes follow the label** when ``schema`` is given (the window and the curation view
    give theirs): an attribute the schema defines that the new label does not list is dropped
    (a QUOTE made a CUE loses ``kind`` and ``speaker_ref``; :func:`attrs_for_label`), named in the
    edit's description, and brought back by undoing it. Attributes the schema does not define
    (brat's ``norm``, the program's own records such as ``curation``) stay.

    **Links follow the relabel rule** (one rule, the main window's and the curation's): a
    speaker-kind or cue link *from* the span becomes the new label's counterpart (a QUOTE's
    SPEAKER is a CLAIM's CLAIMANT) or, where it has none, is deleted; a link *to* it that the new
    label cannot take is deleted: a CUE link to a span no longer of the ``cue`` layer, a SPEAKER
    or CLAIMANT link to a span of a quote, claim or cue layer (:func:`link_allowed_after_relabel`).
    Each deletion is a change of the edit (so in the change log, and undone with it);
    :func:`relabel_losses` names them for the analyst before anything is written."""
    span = _current(article, span)
    other = _same_place(article, span.start, span.end, label, besides=span.id)
    if other is not None:
        edit = _merge(article, span, other, f"Relabel {span.label} as {label}: merged with the {other.status.value} {label} there")
        return _drop_disallowed_links(article, _attrs_follow(edit, other.id, label, schema), other.id, label, layer)
    after = dataclasses.replace(span, label=label, layer=layer, status=Status.ACCEPTED)
    edit = _edit(article, f"Relabel {span.label} as {label}", {span.id: after}, _speaker_links_for(article, span, label))
    return _drop_disallowed_links(article, _attrs_follow(edit, span.id, label, schema), span.id, label, layer)


def relabel_pieces(article: ArticleRecords, span: Span, label: str, layer: str, *,
                   schema: LabelSchema | None = None) -> tuple[Edit, list[Span]]:
    """:func:`relabel` of ``span`` and of every other piece of its attribution (an interrupted
    quote stays one span of one label: issue 10), as one edit, and the pieces (text order) it
    relabels (``[span]`` alone: exactly :func:`relabel`). Each piece is relabelled on the records
    as the previous pieces' relabels leave them, so the links between pieces follow once."""
    pieces = [p for p in fragment_pieces(article, span) if p.label != label or p.status != Status.ACCEPTED]
    if len(fragment_pieces(article, span)) == 1 or not pieces:
        return relabel(article, span, label, layer, schema=schema), [_current(article, span)]
    edits: list[Edit] = []
    current: ArticleRecords = article
    for piece in pieces:
        edit = relabel(current, current.spans[piece.id], label, layer, schema=schema)
        edits.append(edit)
        current = applied(current, edit)
    return combine(f"Relabel {span.label} as {label} ({len(pieces)} pieces)", edits), pieces


def applied(article: ArticleRecords, edit: Edit) -> Records:
    """``article``'s spans, relations and stances once ``edit`` is applied (nothing written)."""
    spans = dict(article.spans)
    for change in edit.changes:
        if isinstance(change.record, Span):
            if change.after is None:
                spans.pop(change.record.id, None)
            else:
                spans[change.record.id] = change.after  # type: ignore[assignment]
    relations, stances = _after_records(article, edit)
    return Records(spans, relations, stances)


def attrs_for_label(attrs: Mapping[str, Any], label: str, schema: LabelSchema) -> tuple[dict[str, Any], list[str]]:
    """``attrs`` without the attributes ``schema`` defines that ``label`` does not list (an
    unknown label lists none), and the names dropped (sorted). Attributes the schema does not
    define are kept: they are not the schema's to judge (brat's ``norm``, the program's records)."""
    found = schema.label(label)
    allowed = set(found.attributes) if found is not None else set()
    dropped = sorted(k for k in attrs if k in schema.attributes and k not in allowed)
    return {k: v for k, v in attrs.items() if k not in dropped}, dropped


def _attrs_follow(edit: Edit, span_id: str, label: str, schema: LabelSchema | None) -> Edit:
    """``edit`` with the relabelled span (``span_id``, the survivor of a merge) rid of the
    attributes its new label does not have (:func:`attrs_for_label`), said in the description."""
    if schema is None:
        return edit
    changes, dropped = [], []
    for change in edit.changes:
        if isinstance(change.after, Span) and change.after.id == span_id:
            attrs, dropped = attrs_for_label(change.after.attrs, label, schema)
            if dropped:
                change = Change(change.before, dataclasses.replace(change.after, attrs=attrs))
        changes.append(change)
    if not dropped:
        return edit
    return dataclasses.replace(edit, description=f"{edit.description} (dropping {', '.join(dropped)}: {label} has no such "
                                                 f"attribute{'s' if len(dropped) != 1 else ''})", changes=tuple(changes))


def link_allowed_after_relabel(relation: Relation, span_id: str, label: str, layer: str) -> bool:
    """Whether ``relation`` may stay once the span ``span_id`` is labelled ``label`` (of
    ``layer``): see :func:`relabel`. Links of other kinds (a quote's fragments…) always may."""
    from annotator.domain.candidates import CUE_RELATIONS, SPEAKER_RELATIONS

    if relation.head == span_id:
        for kinds in (SPEAKER_RELATIONS, CUE_RELATIONS):
            if relation.label in kinds.values() and kinds.get(label) != relation.label:
                return False
    if relation.child == span_id:
        if relation.label in CUE_RELATIONS.values() and layer != "cue":
            return False
        if relation.label in SPEAKER_RELATIONS.values() and (layer in stance_rule.EVIDENCE_LAYERS or layer == "cue"):
            return False
    return True


def _after_records(article: ArticleRecords, edit: Edit) -> tuple[dict[str, Relation], dict[str, Stance]]:
    """The article's relations and stances once ``edit`` is applied."""
    relations, stances = dict(article.relations), dict(_stances_of(article))
    for change in edit.changes:
        table: dict[str, Any] | None = relations if isinstance(change.record, Relation) else stances if isinstance(change.record, Stance) else None
        if table is None:
            continue
        if change.after is None:
            table.pop(change.record.id, None)
        else:
            table[change.record.id] = change.after
    return relations, stances


def _drop_disallowed_links(article: ArticleRecords, edit: Edit, span_id: str, label: str, layer: str) -> Edit:
    """``edit`` plus the deletion of each link the relabelled span (``span_id``, the survivor of a
    merge) may no longer have (:func:`link_allowed_after_relabel`)."""
    relations, _ = _after_records(article, edit)
    drop = [rel for rel in relations.values() if span_id in (rel.head, rel.child)
            and not link_allowed_after_relabel(rel, span_id, label, layer)]
    if not drop:
        return edit
    return combine(edit.description, [edit, *(delete_relation(rel) for rel in sorted(drop, key=lambda r: (r.label, r.id)))])


def relabel_losses(article: ArticleRecords, span: Span, label: str, edit: Edit, text: str) -> list[str]:
    """What the relabel ``edit`` of ``span`` as ``label`` (from :func:`relabel`, or the curation's
    :func:`~annotator.domain.curation.relabel_gold`) loses, a phrase each, for the analyst to be
    told before it is written ([] when nothing is lost): every link of the span it deletes ("its
    CUE link to «said»"; a link a merge keeps once is not lost), every stance it deletes or takes
    off the span ("the stance of Merkel against «the talks» it is evidence of", "… becomes
    article level"). ``text``: the article's text, to quote the other end."""
    relations_after, _ = _after_records(article, edit)
    merged = any(isinstance(c.before, Span) and c.before.id == span.id and c.after is None for c in edit.changes)
    into = _same_place(article, span.start, span.end, label, besides=span.id) if merged else None
    survivor = {span.id: into.id} if into is not None else {}  # the span the relabel merged it into
    ids = {span.id, *survivor.values()}
    kept = {(r.head, r.child, r.label) for r in relations_after.values()}
    lost: list[str] = []
    gone = sorted((c.before for c in edit.changes if isinstance(c.before, Relation) and c.after is None
                   and ids & {c.before.head, c.before.child}), key=lambda r: (r.label, r.id))
    for rel in gone:
        head, child = survivor.get(rel.head, rel.head), survivor.get(rel.child, rel.child)
        if head != child and (head, child, rel.label) in kept:
            continue  # a merge keeps this link once, on the survivor
        from_it = rel.head in ids
        other = article.spans.get(rel.child if from_it else rel.head)
        where = f"«{text[other.start:other.end]}»" if other is not None else "a span"
        lost.append(f"its {rel.label} link {'to' if from_it else 'from'} {where}")
    net: dict[str, tuple[Stance, Stance | None]] = {}  # stance id -> (as before the edit, as after it)
    for change in edit.changes:
        if isinstance(change.record, Stance) and change.before is not None:
            first = net.get(change.record.id, (change.before, None))[0]
            net[change.record.id] = (first, change.after)  # type: ignore[assignment]
    for before, after in net.values():
        if span.id not in (before.evidence, before.holder_span):
            continue
        role = "it is evidence of" if before.evidence == span.id else "it names the holder of"
        said = f"the stance of {before.holder} {before.polarity} «{before.target}» {role}"
        if after is None:
            lost.append(said)
        elif before.evidence == span.id and not after.evidence:
            lost.append(f"{said} (it becomes article level)")
    return lost


def _speaker_links_for(article: ArticleRecords, span: Span, label: str) -> dict[str, Relation | None]:
    """The span's speaker-kind and cue links (SPEAKER of a QUOTE, CLAIMANT of a CLAIM; CUE of a
    QUOTE) after it is relabelled ``label``: each becomes the new label's counterpart (same
    child), or is deleted where the new label has none (a CLAIM has no cue), so no relation the
    schema disallows survives a relabel."""
    from annotator.domain.candidates import CUE_RELATIONS, SPEAKER_RELATIONS

    if label == span.label:
        return {}
    changed: dict[str, Relation | None] = {}
    for kinds in (SPEAKER_RELATIONS, CUE_RELATIONS):
        old_kind = kinds.get(span.label)
        if old_kind is None:
            continue
        new_kind = kinds.get(label)
        changed.update({
            relation.id: (dataclasses.replace(relation, label=new_kind) if new_kind else None)
            for relation in article.relations.values()
            if relation.head == span.id and relation.label == old_kind
        })
    return changed


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
        kept = dataclasses.replace(twin, status=stance_rule.more_decided(twin.status, rel.status), attrs={**rel.attrs, **twin.attrs})
        links[(head, child, rel.label)] = relations[twin.id] = kept
    return _edit(article, description, spans, relations, moved={edited.id: survivor.id})


def set_attrs(span: Span, attrs: Mapping[str, Any]) -> Edit:
    """Set (``None`` or ``""`` clears) some attributes of a span. Its status does not change.

    Raises :class:`~annotator.domain.machine_attrs.MachineAttributeError` for an attribute only
    the program writes (:data:`~annotator.domain.machine_attrs.MACHINE_ATTRIBUTES`: the
    curation's decision record, a suggestion's provenance or score): the analyst's edit path
    never replaces or clears one."""
    refuse_machine(attrs, span.label)
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


def _stance_span(article: ArticleRecords, span_id: str, part: str) -> Span | None:
    if not span_id:
        return None
    span = article.spans.get(span_id)
    if span is None:
        raise StanceError(f"the {part} {span_id} is not a span of this article")
    return span


def accepts_note(spans: Iterable[Span], text: str = "", *, names: Mapping[str, str] | None = None) -> str:
    """"; accepts PERSON «Ana Ruiz»" for the spans an edit accepts as a side effect (usertest16
    MEDIUM-2: choosing a suggested holder accepts it, and the edit says so). A span's words come
    from ``text`` (shortened past 40 characters), else from ``names`` (span id → name); "" for none."""
    parts = []
    for span in spans:
        words = " ".join(span.text_in(text).split()) if text else (names or {}).get(span.id, "")
        if len(words) > 40:
            words = words[:39].rstrip() + "…"
        was = " (was rejected)" if span.status == Status.REJECTED else ""
        parts.append(f"{span.label} «{words}»{was}" if words else f"{span.label}{was}")
    return f"; accepts {' and '.join(parts)}" if parts else ""


def add_stance(
    article: ArticleRecords, *, article_id: int, holder: str, holder_span: str = "", target: str, polarity: str,
    evidence: str = "", by: str = "", note: str = "", text: str = "",
) -> Edit:
    """Set a stance: ``holder`` takes ``polarity`` on ``target``, resting on the span ``evidence``
    (a QUOTE or CLAIM span id of this article, "" for article level); ``holder_span`` is the span
    naming the holder ("" for a name only). Accepted; origin the analyst.

    One stance per (holder, target, evidence): where it exists already, that one gets this
    polarity (and is accepted) instead — an empty edit when nothing changes. Setting a stance on
    a suggested or rejected evidence accepts the evidence (the analyst has decided it is there),
    as linking does; the holder span likewise, and the link between them follows
    (:func:`followed_status`). Otherwise an accepted stance would rest on a suggestion, and an
    export of accepted annotations — the default — would have to leave the analyst's stance out.
    The description says what it accepts ("Add stance of Ana Ruiz on EU (article): favor; accepts
    PERSON «Ana Ruiz»", :func:`accepts_note`; ``text`` is the article's text, for the span's words),
    and undoing the edit takes the stance and the acceptance back together (one edit).

    Raises :class:`~annotator.domain.stance_rule.StanceError` when ``holder`` or ``target`` is
    empty, ``holder_span``/``evidence`` is not a span of the article, or the evidence is not a
    quote or claim.
    """
    holder, target = holder.strip(), target.strip()
    if not holder or not target or not polarity:
        raise StanceError("a stance needs a holder, a target and a polarity")
    held = _stance_span(article, holder_span, "holder span")
    rests_on = _stance_span(article, evidence, "evidence")
    if rests_on is not None and not stance_rule.can_be_evidence(rests_on):
        raise StanceError(f"a stance rests on a quote or a claim, not on a {rests_on.label} span")
    taken = [s for s in (held, rests_on) if s is not None and s.status != Status.ACCEPTED]
    spans = {s.id: dataclasses.replace(s, status=Status.ACCEPTED) for s in taken}
    accepts = accepts_note(taken, text, names={holder_span: holder} if holder_span else None)
    key = (holder, target, evidence)
    existing = next((s for s in _stances_of(article).values() if stance_rule.stance_key(s) == key), None)
    where = " (article)" if not evidence else ""
    if existing is not None:
        after = dataclasses.replace(existing, polarity=polarity, status=Status.ACCEPTED, holder_span=holder_span or existing.holder_span)
        if after == existing and not spans:
            return Edit(f"Stance of {holder} on {target} is {polarity} already", ())
        return _edit(article, f"Set stance of {holder} on {target}{where} to {polarity}{accepts}", spans, stances={existing.id: after})
    stance = Stance(
        id=new_id(), article_id=article_id, holder=holder, target=target, polarity=polarity, status=Status.ACCEPTED,
        origin=f"analyst:{by}" if by else "analyst", attrs={"note": note} if note else {}, by=by,
        holder_span=holder_span, evidence=evidence,
    )
    return _edit(article, f"Add stance of {holder} on {target}{where}: {polarity}{accepts}", spans, stances={stance.id: stance})


def set_stance(
    article: ArticleRecords, stance: Stance, *, polarity: str | None = None, target: str | None = None,
    holder: str | None = None, holder_span: str | None = None,
) -> Edit:
    """Change a stance's polarity, target and/or holder (name and span) in one edit (one undo
    step); the stance is accepted (the analyst decided it). Where the change makes it identical
    (holder, target, evidence) to another stance, that other one is deleted in the same edit.
    Empty when nothing changes. Raises :class:`StanceError` as :func:`add_stance` does."""
    current = _stances_of(article).get(stance.id, stance)
    changes: dict[str, Any] = {}
    if polarity is not None:
        changes["polarity"] = polarity
    if target is not None:
        if not target.strip():
            raise StanceError("a stance needs a target")
        changes["target"] = target.strip()
    if holder is not None:
        if not holder.strip():
            raise StanceError("a stance needs a holder")
        changes["holder"] = holder.strip()
    if holder_span is not None:
        _stance_span(article, holder_span, "holder span")
        changes["holder_span"] = holder_span
    after = dataclasses.replace(current, status=Status.ACCEPTED, **changes)
    if after == current:
        return Edit(f"Stance of {current.holder} on {current.target} unchanged", ())
    what = ", ".join(k.replace("_", " ") for k in changes) or "status"
    return _edit(article, f"Change {what} of the stance of {after.holder} on {after.target}", {}, stances={current.id: after})


def delete_stance(stance: Stance) -> Edit:
    return Edit(f"Delete stance of {stance.holder} on {stance.target}", (Change(stance, None),))


def add_tag(*, article_id: int, tag: str, by: str = "") -> Edit:
    return Edit(f"Tag article {tag}", (Change(None, Tag(id=new_id(), article_id=article_id, tag=tag, origin="analyst", by=by)),))


def delete_tag(tag: Tag) -> Edit:
    return Edit(f"Remove tag {tag.tag}", (Change(tag, None),))


def combine(description: str, edits: Iterable[Edit]) -> Edit:
    return Edit(description, tuple(c for e in edits for c in e.changes))
