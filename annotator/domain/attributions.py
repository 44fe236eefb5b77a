"""The pieces of one attribution: an interrupted quote stored as several spans.

"'We will win,' she said, 'and soon.'" is one QUOTE with a discontinuous content: two spans of
the same label, the first piece tied to each later one by a ``FRAGMENT`` relation (brat's
discontinuous ``T`` line read in, or the rules' output). Everything that shows or decides an
attribution (the window's span list, its keys, search, counts) treats the pieces as one; this
module is the one rule for which spans those are. Qt-free.

**The rule.** Spans are pieces of one attribution when ``FRAGMENT`` relations connect them (in
either direction, chained or from one first piece: a piece's piece is a piece) and every piece
has the label of the others. A ``FRAGMENT`` relation between spans of different labels (a QUOTE
tied to a SPEAKER: no reader of ours writes it, a hand-made file may) ties nothing: each end
stays its own span, the relation stays a relation. Statuses, of the spans and of the relations,
do not matter: a rejected piece is still a piece (rejecting a piece rejects its ``FRAGMENT``
relation too, :mod:`annotator.domain.relation_rule`), so a quote rejected whole stays one quote.

**Order.** Pieces are given in text order (start, end, id), whatever direction the relations
point: the first piece is the one that starts first, and stands for the attribution (its row,
its selection).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from annotator.domain.model import FRAGMENT, Relation, Span, Status
from annotator.domain.words import plural

Pieces = tuple[str, ...]


def piece_groups(spans: Mapping[str, Span], relations: Iterable[Relation]) -> dict[str, Pieces]:
    """Span id → the ids of the pieces of its attribution in text order, for every span that is a
    piece of an attribution of two or more pieces (a span alone is not in the result).

    ``spans``: the article's spans by id; ``relations``: its relations (any; only ``FRAGMENT`` ones
    between two of ``spans`` of one label count, see the module doc). O(relations)."""
    parent: dict[str, str] = {}

    def root(span_id: str) -> str:
        while parent.get(span_id, span_id) != span_id:
            parent[span_id] = parent.get(parent[span_id], parent[span_id])  # halve the path
            span_id = parent[span_id]
        return span_id

    for rel in relations:
        if rel.label != FRAGMENT or rel.head == rel.child:
            continue
        head, child = spans.get(rel.head), spans.get(rel.child)
        if head is None or child is None or head.label != child.label:
            continue
        a, b = root(rel.head), root(rel.child)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        if a != b:
            parent[b] = a
    members: dict[str, list[Span]] = {}
    for span_id in parent:
        members.setdefault(root(span_id), []).append(spans[span_id])
    groups: dict[str, Pieces] = {}
    for pieces in members.values():
        ordered = tuple(s.id for s in sorted(pieces, key=lambda s: (s.start, s.end, s.id)))
        for span_id in ordered:
            groups[span_id] = ordered
    return groups


def attribution_status(pieces: Sequence[Span]) -> Status:
    """The status of an attribution from its pieces' (text order; one piece: its own).

    All pieces alike: that status. Mixed — a piece decided on its own before pieces were decided
    together (issue 10), or an outside write — ``suggested`` while any piece is (something is
    left to decide), else ``accepted`` (some of it stands; the rejected piece is named apart)."""
    statuses = {p.status for p in pieces}
    if len(statuses) == 1:
        return next(iter(statuses))
    return Status.SUGGESTED if Status.SUGGESTED in statuses else Status.ACCEPTED


def pending_suggestions(spans: Iterable[Span], relations: Iterable[Relation]) -> tuple[int, int]:
    """(suggestions, spans) not decided yet among ``spans`` (one article's layer; ``relations``: its
    relations, only ``FRAGMENT`` ones count): suggestions as the analyst's window counts them (span
    list, article list, status bar, "Marked done with N suggestions still pending"), an interrupted
    quote once — pending while a piece is (:func:`attribution_status`); spans: each pending span.
    fix11v (usertest11j F4): the lead's line said "ana left 35" where ana's window said 34."""
    by_id = {s.id: s for s in spans}
    pending_spans = [s for s in by_id.values() if s.status == Status.SUGGESTED]
    if not pending_spans:
        return 0, 0
    groups = piece_groups(by_id, relations)
    counted: set[str] = set()
    n = 0
    for span in pending_spans:
        pieces = groups.get(span.id)
        if pieces is None:
            n += 1
        elif pieces[0] not in counted:
            counted.add(pieces[0])
            n += attribution_status([by_id[i] for i in pieces]) == Status.SUGGESTED
    return n, len(pending_spans)


def suggestions_said(count: tuple[int, int], noun: str = "suggestion") -> str:
    """A :func:`pending_suggestions` count in words, saying what it counts where the two differ:
    ``"35 suggestions"``, ``"34 suggestions (35 spans: an interrupted quote's pieces are one
    suggestion)"``."""
    n, spans = count
    if spans == n:
        return plural(n, noun)
    return f"{plural(n, noun)} ({plural(spans, 'span')}: an interrupted quote's pieces are one suggestion)"
