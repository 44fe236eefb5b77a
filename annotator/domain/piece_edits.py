"""Joining two quotes into one interrupted quote, and splitting a piece off one: ONE edit each.

An interrupted quote is one attribution stored as pieces tied by ``FRAGMENT`` relations
(:mod:`annotator.domain.attributions`). When the rules (or the analyst) made the two halves of
"'This guy lost four years ago,' he said, 'in like a landslide.'" two quotes, :func:`join` ties
them; when they tied two quotes that are not one, :func:`split_off` unties a piece. Qt-free; the
window's keys (J / Shift+J / B) and its context menu build their edits here
(:mod:`annotator.ui.piece_keys`).

**The rules** (the README's "An interrupted quote" says them to the analyst):

* *What joins.* Two attributions of one label, of the quote or claim layer, neither rejected as a
  whole, whose pieces do not overlap, not one attribution already. Anything else is refused
  (:class:`PieceEditRefused`, its text for the status bar; nothing is written).
* *Ties.* The joined pieces are tied as the rules and the brat reader tie them: the piece that
  starts first to each later one (a star). Existing ties are re-pointed, not deleted and made
  again; a tie made new is the analyst's (accepted).
* *One speaker, one cue.* The attribution that starts first keeps its speaker-kind link (SPEAKER
  of a QUOTE, CLAIMANT of a CLAIM) and its CUE. Where it has none of a kind, the other's links of
  that kind move to the first piece (with its ``speaker_ref`` when the first piece has none).
  Where both have one, the later attribution's is removed: an accepted link is deleted (in the
  change log), a suggested one rejected (remembered, as replacing a speaker with S does). The
  edit's description names what was kept, moved and removed.
* *Status.* A join decides nothing: each piece keeps its status, so a quote joined from an
  accepted and a pending piece is pending (its row, Tab and the counts say so) until accepted as
  a whole (A accepts every piece).
* *Split.* The speaker and cue stay with the first piece in text order: the frame they were
  read from ("'A,' he said, 'B.'") names the first piece's speaker first, and an analyst splits
  two quotes wrongly joined ('"A," she said. "B," he said') far more often than a quote whose
  second half alone is the speaker's. So the first piece split off keeps its links and
  ``speaker_ref`` and the pieces left stand without them (the span list selects a quote by its
  first piece: B on the row takes the first piece off, with its speaker); any later piece split
  off leaves without speaker or cue: a link it held moves to the first piece left (removed, as
  above, when that one has its own), its ``speaker_ref`` with it. The pieces left stay one attribution, re-tied from
  their first piece when the piece taken out was the tie between them (the middle of three in a
  chain): splitting the middle of three leaves the outer two one quote and the middle one its own.
  Statuses stay as they were.

Undo puts every record back as it was (the edits are plain :class:`~annotator.domain.edits.Edit`
pairs built by :func:`annotator.domain.commands._edit`, which also keeps the relation rule).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence

from annotator.domain import commands
from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.candidates import CUE_RELATIONS, SPEAKER_RELATIONS
from annotator.domain.edits import Edit
from annotator.domain.model import FRAGMENT, Relation, Span, Status, new_id

# the layers whose spans are attributions that may be interrupted
JOINABLE_LAYERS = frozenset({"quote", "claim"})


class PieceEditRefused(ValueError):
    """A join or split that is not made; ``str()`` says why, for the status bar."""


def _short(text: str, span: Span, limit: int = 30) -> str:
    said = " ".join(span.text_in(text).split()) if text else ""
    if not said:
        return f"{span.start}-{span.end}"
    return said if len(said) <= limit else said[: limit - 1] + "…"


def _quoted(text: str, span: Span) -> str:
    return f"«{_short(text, span)}»"


def _link_kinds(label: str) -> list[tuple[str, str]]:
    """(role word, relation label) of the links an attribution of ``label`` has one of."""
    kinds = []
    if label in SPEAKER_RELATIONS:
        kinds.append(("speaker" if label == "QUOTE" else SPEAKER_RELATIONS[label].lower(), SPEAKER_RELATIONS[label]))
    if label in CUE_RELATIONS:
        kinds.append(("cue", CUE_RELATIONS[label]))
    return kinds


def first_pieces(article: commands.ArticleRecords, label: str) -> list[Span]:
    """The attributions of ``label`` not rejected as a whole, each by its first piece, in text order."""
    groups = getattr(article, "piece_groups", None)
    groups = groups() if groups is not None else piece_groups(article.spans, article.relations.values())
    found = []
    for span in article.spans.values():
        if span.label != label:
            continue
        pieces = groups.get(span.id)
        if pieces is not None and pieces[0] != span.id:
            continue
        members = [article.spans[i] for i in pieces] if pieces else [span]
        if attribution_status(members) != Status.REJECTED:
            found.append(span)
    return sorted(found, key=lambda s: (s.start, s.end, s.id))


def neighbour(article: commands.ArticleRecords, span: Span, step: int, *,
              skip: Callable[[Span], bool] | None = None) -> Span | None:
    """The first piece of the attribution of ``span``'s label next after (``step`` > 0) or before
    ``span``'s attribution in text order (by first pieces), rejected ones and those ``skip``
    says yes to passed over; None when there is none."""
    own = commands.fragment_pieces(article, span)
    own_ids = {p.id for p in own}
    here = (own[0].start, own[0].end, own[0].id)
    others = [s for s in first_pieces(article, span.label) if s.id not in own_ids and not (skip and skip(s))]
    if step > 0:
        after = [s for s in others if (s.start, s.end, s.id) > here]
        return after[0] if after else None
    before = [s for s in others if (s.start, s.end, s.id) < here]
    return before[-1] if before else None


def join_candidates(article: commands.ArticleRecords, span: Span, limit: int = 12) -> list[Span]:
    """Attributions ``span``'s could be joined with (first pieces, not overlapping it, nearest first)."""
    own = commands.fragment_pieces(article, span)
    own_ids = {p.id for p in own}
    found = [s for s in first_pieces(article, span.label) if s.id not in own_ids
             and not _overlap(own, commands.fragment_pieces(article, s))]
    found.sort(key=lambda s: (min(abs(s.start - p.end) + abs(p.start - s.end) for p in own), s.start))
    return found[:limit]


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> tuple[Span, Span] | None:
    return next(((p, q) for p in a for q in b if p.start < q.end and q.start < p.end), None)


def _ties(article: commands.ArticleRecords, ids: set[str]) -> list[Relation]:
    """The FRAGMENT relations between two of ``ids`` (sorted by id: the same re-pointing every time)."""
    return sorted((r for r in article.relations.values() if r.label == FRAGMENT and r.head in ids and r.child in ids),
                  key=lambda r: r.id)


def _star(article: commands.ArticleRecords, first: Span, rest: Sequence[Span], ties: Iterable[Relation], *,
          by: str) -> dict[str, Relation | None]:
    """Relation changes that tie ``first`` to each of ``rest`` once, reusing ``ties`` (re-pointed
    where they point elsewhere, deleted where nothing is left for them) before making new ones."""
    wanted = [p.id for p in rest]
    tied: set[str] = set()
    changes: dict[str, Relation | None] = {}
    for rel in ties:
        ends = [e for e in (rel.child, rel.head) if e in wanted and e not in tied]
        if not ends:
            changes[rel.id] = None
            continue
        tied.add(ends[0])
        if (rel.head, rel.child) != (first.id, ends[0]):
            changes[rel.id] = dataclasses.replace(rel, head=first.id, child=ends[0])
    for child in wanted:
        if child not in tied:
            rel = Relation(id=new_id(), article_id=first.article_id, head=first.id, child=child, label=FRAGMENT,
                           status=Status.ACCEPTED, origin=f"analyst:{by}" if by else "analyst", by=by)
            changes[rel.id] = rel
    return changes


def _links(article: commands.ArticleRecords, heads: set[str], label: str) -> list[Relation]:
    return sorted((r for r in article.relations.values() if r.label == label and r.head in heads and r.status != Status.REJECTED),
                  key=lambda r: r.id)


def _removed(rel: Relation) -> Relation | None:
    """A link taken off: an accepted one deleted, a suggested one rejected (remembered)."""
    return dataclasses.replace(rel, status=Status.REJECTED) if rel.status == Status.SUGGESTED else None


def _child_text(article: commands.ArticleRecords, text: str, rel: Relation) -> str:
    child = article.spans.get(rel.child)
    return _quoted(text, child) if child is not None else "a span"


def _move_links(article: commands.ArticleRecords, text: str, keep_on: Span, keep_heads: set[str], move_heads: set[str],
                label: str, relations: dict[str, Relation | None], said: dict[str, list[str]],
                spans: dict[str, Span | None]) -> None:
    """One speaker and one cue for the attribution standing on ``keep_on`` (module doc): per kind,
    the links from ``keep_heads`` stay; else those from ``move_heads`` move to ``keep_on``; when
    both have one, those from ``move_heads`` are removed. ``said`` collects "kept", "moved",
    "removed" phrases; ``spans`` takes ``keep_on`` with a ``speaker_ref`` it gains."""
    for role, kind in _link_kinds(label):
        kept, other = _links(article, keep_heads, kind), _links(article, move_heads, kind)
        if kept:
            said["kept"] += [f"{role} {_child_text(article, text, r)}" for r in kept]
        if not other:
            continue
        if kept:
            for rel in other:
                relations[rel.id] = _removed(rel)
                said["removed"].append(f"{role} {_child_text(article, text, rel)}" + (" (rejected)" if rel.status == Status.SUGGESTED else ""))
            continue
        targets: set[str] = set()
        for rel in other:
            if rel.child in targets:  # the same child twice: once is enough
                relations[rel.id] = _removed(rel)
                continue
            targets.add(rel.child)
            relations[rel.id] = dataclasses.replace(rel, head=keep_on.id)
            said["moved"].append(f"{role} {_child_text(article, text, rel)}")
        if kind == SPEAKER_RELATIONS.get(label) and not keep_on.attrs.get("speaker_ref"):
            ref = next((article.spans[h].attrs.get("speaker_ref") for h in sorted({r.head for r in other})
                        if article.spans[h].attrs.get("speaker_ref")), None)
            if ref:
                base = spans.get(keep_on.id) or keep_on
                spans[keep_on.id] = dataclasses.replace(base, attrs={**base.attrs, "speaker_ref": ref})


def _said(said: Mapping[str, list[str]], *, kept: str, moved: str, removed: str) -> str:
    """The "kept / moved / removed" part of a description, each phrase led by its verb."""
    parts = [f"{verb} " + " and ".join(said[key]) for key, verb in (("kept", kept), ("moved", moved), ("removed", removed))
             if said.get(key) and verb]
    return f": {'; '.join(parts)}" if parts else ""


def join(article: commands.ArticleRecords, span: Span, other: Span, *, text: str = "", by: str = "") -> Edit:
    """``span``'s attribution and ``other``'s made one (module doc), one edit described
    "Join QUOTE pieces (3 pieces): …". Raises :class:`PieceEditRefused` when they may not be
    joined. ``text``: the article's text, to quote spans in the description."""
    span, other = commands._current(article, span), commands._current(article, other)
    label = span.label
    if other.label != label:
        raise PieceEditRefused(f"Not joined: a {label} and a {other.label} are not one attribution (the labels differ)")
    if span.layer not in JOINABLE_LAYERS:
        raise PieceEditRefused(f"Not joined: only quotes and claims are joined into one attribution, not a {label}")
    a, b = commands.fragment_pieces(article, span), commands.fragment_pieces(article, other)
    if {p.id for p in a} & {p.id for p in b}:
        raise PieceEditRefused(f"Not joined: {_quoted(text, other)} is already a piece of this {label}")
    both = _overlap(a, b)
    if both is not None:
        raise PieceEditRefused(f"Not joined: {_quoted(text, both[0])} and {_quoted(text, both[1])} overlap "
                               f"(a {label} is pieces apart; resize one first)")
    for pieces in (a, b):
        if attribution_status(pieces) == Status.REJECTED:
            raise PieceEditRefused(f"Not joined: the {label} {_quoted(text, pieces[0])} is rejected (accept it first)")
    pieces = sorted([*a, *b], key=lambda s: (s.start, s.end, s.id))
    first = pieces[0]
    earlier, later = (a, b) if first in a else (b, a)
    relations = _star(article, first, pieces[1:], _ties(article, {p.id for p in pieces}), by=by)
    spans: dict[str, Span | None] = {}
    said: dict[str, list[str]] = {"kept": [], "moved": [], "removed": []}
    _move_links(article, text, first, {p.id for p in earlier}, {p.id for p in later}, label, relations, said, spans)
    description = f"Join {label} pieces ({len(pieces)} pieces)" + _said(
        said, kept="keeps the first one's", moved="takes the other's", removed="removes the other's")
    return commands._edit(article, description, spans, relations)


def split_off(article: commands.ArticleRecords, span: Span, *, text: str = "", by: str = "") -> Edit:
    """``span`` split off its attribution (module doc), one edit described "Split QUOTE piece
    «…» off (3 pieces → 2 + 1)…". Raises :class:`PieceEditRefused` when ``span`` is one piece alone."""
    span = commands._current(article, span)
    pieces = commands.fragment_pieces(article, span)
    if len(pieces) < 2:
        raise PieceEditRefused(f"Not split: this {span.label} is one piece (J / Shift+J joins it to the next / previous one)")
    rest = [p for p in pieces if p.id != span.id]
    ties = _ties(article, {p.id for p in pieces})
    # the ties not touching the piece first, so the outer pieces keep theirs where they can
    ties.sort(key=lambda r: (span.id in (r.head, r.child), r.id))
    relations = _star(article, rest[0], rest[1:], ties, by=by)
    spans: dict[str, Span | None] = {}
    said: dict[str, list[str]] = {"kept": [], "moved": [], "removed": []}
    head = f"Split {span.label} piece {_quoted(text, span)} off ({len(pieces)} pieces → {len(rest)} + 1)"
    if span.id == pieces[0].id:  # the first piece keeps the speaker and cue (module doc)
        said["kept"] = [f"{role} {_child_text(article, text, r)}" for role, kind in _link_kinds(span.label)
                        for r in _links(article, {span.id}, kind)]
        return commands._edit(article, head + _said(said, kept="it keeps its", moved="", removed=""), spans, relations)
    _move_links(article, text, rest[0], {p.id for p in rest}, {span.id}, span.label, relations, said, spans)
    if span.attrs.get("speaker_ref"):
        spans[span.id] = dataclasses.replace(span, attrs={k: v for k, v in span.attrs.items() if k != "speaker_ref"})
    description = head + _said(said, kept="", moved=f"{_quoted(text, rest[0])} takes its", removed="removes its")
    return commands._edit(article, description, spans, relations)


__all__ = ["JOINABLE_LAYERS", "PieceEditRefused", "first_pieces", "join", "join_candidates", "neighbour", "split_off"]
