"""The open article in memory: its spans, relations, stances and tags, kept in step with the project file.

Qt-free. The window applies every stored :class:`Edit` here too, and :meth:`ArticleState.apply`
says exactly what changed, so the view repaints and the panels update only that. The state also
answers the reviewer's questions that must be fast on long articles: which suggestion comes
next, what is pending, which span lies where.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable, Iterator

from annotator.domain import boundaries
from annotator.domain.attributions import Pieces, piece_groups
from annotator.domain.boundaries import Unit
from annotator.domain.edits import Edit
from annotator.domain.model import FRAGMENT, Article, Relation, Span, Stance, Status, Tag
from annotator.domain.tokens import TokenIndex

_SortKey = tuple[int, int, int, str]

# The layers of an attribution's own spans. At one place they come before any other span (issue
# 10, usertest10e finding 8): a PERSON over the words of a SPEAKER came before or after the
# speaker depending on the two ids, so Tab put it between a quote and its speaker now and then.
_ATTRIBUTION_LAYERS = frozenset({"quote", "speaker", "cue"})


def _order(span: Span) -> _SortKey:
    """Reading order: by start, longer first (so a quote precedes the entity inside it), then an
    attribution's own spans (quote, speaker, cue) before other spans at the same place, then id."""
    return (span.start, -span.end, 0 if span.layer in _ATTRIBUTION_LAYERS else 1, span.id)


@dataclasses.dataclass(frozen=True, slots=True)
class StateChange:
    """What one edit did to the open article (only the parts that concern it)."""

    changed: tuple[Span, ...] = ()  # spans created or modified, as they are now
    removed: tuple[str, ...] = ()  # ids of spans that no longer exist
    relations_changed: bool = False
    article: Article | None = None  # the article record, when the edit changed it
    annotations_changed: bool = False  # article-level stances or tags were added or removed

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.relations_changed or self.article is not None
                    or self.annotations_changed)


class ArticleState:
    """One article with its spans, relations, stances and tags; applies edits and reports what changed."""

    def __init__(
        self,
        article: Article,
        spans: Iterable[Span] = (),
        relations: Iterable[Relation] = (),
        *,
        stances: Iterable[Stance] = (),
        tags: Iterable[Tag] = (),
    ) -> None:
        if article.id is None:
            raise ValueError("an article must be stored before it is opened")
        self.article = article
        self.spans: dict[str, Span] = {s.id: s for s in spans}
        self.relations: dict[str, Relation] = {r.id: r for r in relations}
        self.stances: dict[str, Stance] = {s.id: s for s in stances}  # in the order they were made
        self.tags: dict[str, Tag] = {t.id: t for t in tags}
        self._pending: list[_SortKey] = sorted(_order(s) for s in self.spans.values() if s.status == Status.SUGGESTED)
        self._tokens: TokenIndex | None = None
        # the FRAGMENT relations (the pieces of interrupted quotes) and, worked out when asked,
        # the pieces they tie (span id -> pieces) and the spans they touch: kept until one of
        # those changes, so the span list asks on every edit at no cost (issue 10)
        self._fragments: dict[str, Relation] = {r.id: r for r in self.relations.values() if r.label == FRAGMENT}
        self._groups: dict[str, Pieces] | None = None
        self._fragment_ends: set[str] | None = None
        # the quotes marked nested in another (``nested_in``): each span edit asks (commands._edit),
        # kept here so that it does not look through every span of the article (ui18)
        self._nested: set[str] = {s.id for s in self.spans.values() if "nested_in" in s.attrs}

    @property
    def article_id(self) -> int:
        return self.article.id  # type: ignore[return-value]

    @property
    def text(self) -> str:
        return self.article.text

    # ------------------------------------------------------------------ applying edits

    def apply(self, edit: Edit) -> StateChange:
        """Bring the state in line with an edit that storage has written. Records of other
        articles are ignored (the caller opens that article instead)."""
        changed: dict[str, Span] = {}
        removed: list[str] = []
        relations_changed = False
        annotations_changed = False
        article: Article | None = None
        for change in edit.changes:
            record = change.record
            if isinstance(record, Article):
                if record.id == self.article_id and change.after is not None:
                    after: Article = change.after  # type: ignore[assignment]
                    if after.text is not self.article.text and after.text == self.article.text:
                        # a status change (an article's first edit: Project.starting_work) carries the
                        # text read anew: keep the object the view's per-text caches are keyed by (id())
                        after = dataclasses.replace(after, text=self.article.text)
                    self.article = after
                    article = self.article
                continue
            if getattr(record, "article_id", None) != self.article_id:
                continue
            if isinstance(record, Span):
                if record.id in self._ends() and _regroups(change.before, change.after):  # type: ignore[arg-type]
                    self._groups = None  # a piece moved, relabelled, made or gone: pieces and order may differ
                self._drop_pending(record.id)
                if change.after is None:
                    self.spans.pop(record.id, None)
                    self._nested.discard(record.id)
                    changed.pop(record.id, None)
                    removed.append(record.id)
                else:
                    span: Span = change.after  # type: ignore[assignment]
                    self.spans[span.id] = span
                    if "nested_in" in span.attrs:
                        self._nested.add(span.id)
                    else:
                        self._nested.discard(span.id)
                    changed[span.id] = span
                    if span.id in removed:
                        removed.remove(span.id)
                    if span.status == Status.SUGGESTED:
                        bisect.insort(self._pending, _order(span))
            elif isinstance(record, Relation):
                relations_changed = True
                if change.after is None:
                    self.relations.pop(record.id, None)
                else:
                    self.relations[record.id] = change.after  # type: ignore[assignment]
                if FRAGMENT in (getattr(change.before, "label", None), getattr(change.after, "label", None)):
                    self._fragments.pop(record.id, None)
                    if change.after is not None and change.after.label == FRAGMENT:  # type: ignore[union-attr]
                        self._fragments[record.id] = change.after  # type: ignore[assignment]
                    self._groups = self._fragment_ends = None
            elif isinstance(record, (Stance, Tag)):
                annotations_changed = True
                table: dict = self.stances if isinstance(record, Stance) else self.tags
                if change.after is None:
                    table.pop(record.id, None)
                else:
                    table[record.id] = change.after
        return StateChange(tuple(changed.values()), tuple(removed), relations_changed, article, annotations_changed)

    def reload(self, spans: Iterable[Span], relations: Iterable[Relation]) -> StateChange:
        """Take the article's records as now stored (e.g. after new suggestions were added) and
        report the difference, so the view updates only what differs."""
        fresh = {s.id: s for s in spans}
        removed = tuple(i for i in self.spans if i not in fresh)
        changed = tuple(s for i, s in fresh.items() if self.spans.get(i) != s)
        new_relations = {r.id: r for r in relations}
        relations_changed = new_relations != self.relations
        self.spans = fresh
        self._nested = {s.id for s in fresh.values() if "nested_in" in s.attrs}
        self.relations = new_relations
        self._fragments = {r.id: r for r in new_relations.values() if r.label == FRAGMENT}
        self._groups = self._fragment_ends = None
        self._pending = sorted(_order(s) for s in fresh.values() if s.status == Status.SUGGESTED)
        return StateChange(changed, removed, relations_changed, None)

    def _drop_pending(self, span_id: str) -> None:
        old = self.spans.get(span_id)
        if old is None or old.status != Status.SUGGESTED:
            return
        key = _order(old)
        i = bisect.bisect_left(self._pending, key)
        if i < len(self._pending) and self._pending[i] == key:
            del self._pending[i]

    # ------------------------------------------------------------------ questions

    def stance_list(self) -> list[Stance]:
        """Stances in the order they were made (an undone delete returns to its place)."""
        return sorted(self.stances.values(), key=lambda s: (s.created, s.id))

    def tag_list(self) -> list[Tag]:
        """Tags in alphabetical order (case-insensitive)."""
        return sorted(self.tags.values(), key=lambda t: (t.tag.casefold(), t.tag))

    def has_tag(self, tag: str) -> bool:
        return any(t.tag == tag for t in self.tags.values())

    def _ends(self) -> set[str]:
        if self._fragment_ends is None:
            self._fragment_ends = {i for r in self._fragments.values() for i in (r.head, r.child)}
        return self._fragment_ends

    def piece_groups(self) -> dict[str, Pieces]:
        """Span id -> the pieces of its attribution in text order, for each span that is a piece
        of an interrupted quote (:func:`annotator.domain.attributions.piece_groups`). The same
        object is returned while no piece and no ``FRAGMENT`` relation changes: do not modify it."""
        if self._groups is None:
            self._groups = piece_groups(self.spans, self._fragments.values())
        return self._groups

    def nested_ids(self) -> set[str]:
        """The ids of the spans with a ``nested_in`` marker (kept up to date by :meth:`apply`;
        do not modify it)."""
        return self._nested

    def pieces(self, span_id: str) -> Pieces:
        """The ids of the pieces of ``span_id``'s attribution in text order (``(span_id,)`` alone)."""
        return self.piece_groups().get(span_id) or (span_id,)

    def first_piece(self, span: Span) -> Span:
        """The piece that stands for ``span``'s attribution (the one starting first; ``span`` alone)."""
        pieces = self.piece_groups().get(span.id)
        return self.spans[pieces[0]] if pieces else span

    def span(self, span_id: str | None) -> Span | None:
        return self.spans.get(span_id) if span_id else None

    def pending_count(self) -> int:
        """Undecided suggestions, an interrupted quote once (its pieces: :meth:`piece_groups`),
        as the span list counts them: one per attribution whose status is suggested (issue 10:
        the badge and status bar counted both pieces)."""
        groups = self.piece_groups()
        if not groups:
            return len(self._pending)
        # an attribution with a piece pending is pending (attribution_status): its first piece counts it
        return len({(groups.get(k[3]) or (k[3],))[0] for k in self._pending})

    def pending(self) -> list[Span]:
        """Undecided suggestions in reading order."""
        return [self.spans[k[3]] for k in self._pending]

    def next_pending(self, after: Span | None = None, *, backwards: bool = False, wrap: bool = True) -> Span | None:
        """The pending suggestion after (or before) ``after`` in reading order; the first (last)
        when ``after`` is None. Wraps around the article unless ``wrap`` is false."""
        if not self._pending:
            return None
        if after is None:
            return self.spans[self._pending[-1 if backwards else 0][3]]
        key = _order(after)
        if backwards:
            i = bisect.bisect_left(self._pending, key) - 1
            if i < 0:
                if not wrap:
                    return None
                i = len(self._pending) - 1
        else:
            i = bisect.bisect_right(self._pending, key)
            if i >= len(self._pending):
                if not wrap:
                    return None
                i = 0
        found = self.spans[self._pending[i][3]]
        return None if found.id == after.id else found

    def pending_after(self, position: tuple[int, int, str]) -> Span | None:
        """The first pending suggestion at or after a reading-order position, wrapping around —
        where review continues once the span at ``position`` has been decided."""
        if not self._pending:
            return None
        i = bisect.bisect_left(self._pending, self._key(position))
        return self.spans[self._pending[i % len(self._pending)][3]]


    def pending_before(self, position: tuple[int, int, str]) -> Span | None:
        """The last pending suggestion before a reading-order position, wrapping around."""
        if not self._pending:
            return None
        i = bisect.bisect_left(self._pending, self._key(position)) - 1
        return self.spans[self._pending[i][3]]  # i == -1 wraps to the last

    def _group_stops(self) -> list[_SortKey]:
        """The reading-order keys of the first pieces of the interrupted quotes with a piece
        pending, sorted. O(pieces): interrupted quotes are few beside the article's spans."""
        groups = self.piece_groups()
        stops = {_order(self.spans[pieces[0]]) for pieces in {g for g in groups.values()}
                 if any(self.spans[p].status == Status.SUGGESTED for p in pieces)}
        return sorted(stops)

    def _plain_stop(self, key: _SortKey | None, *, backwards: bool, inclusive: bool) -> _SortKey | None:
        """The nearest pending span after (before) ``key`` that is no piece of an interrupted
        quote (those stop at :meth:`_group_stops`), without wrapping; ``key`` None: from the end."""
        groups = self.piece_groups()
        pending = self._pending
        if backwards:
            i = len(pending) - 1 if key is None else (bisect.bisect_right if inclusive else bisect.bisect_left)(pending, key) - 1
            while i >= 0 and pending[i][3] in groups:
                i -= 1
            return pending[i] if i >= 0 else None
        i = 0 if key is None else (bisect.bisect_left if inclusive else bisect.bisect_right)(pending, key)
        while i < len(pending) and pending[i][3] in groups:
            i += 1
        return pending[i] if i < len(pending) else None

    def _key(self, position: tuple[int, int, str]) -> _SortKey:
        """The reading-order key of a span position ``(start, end, id)``: the span's own key while
        it exists; a span gone (deleted since) ranks as a non-attribution span at its place."""
        span = self.spans.get(position[2])
        return _order(span) if span is not None else (position[0], -position[1], 1, position[2])

    def span_after(self, span: Span | None, *, backwards: bool = False,
                   skip: Callable[[Span], bool] | None = None) -> Span | None:
        """The next (``backwards``: previous) span of any status but rejected after ``span`` in
        Tab's reading order (:func:`_order`), one stop per attribution at its first piece,
        wrapping round the article once; ``span`` None: the first (last). None when there is no
        other. What Alt+Right / Alt+Left step through: accepted spans too (usertest15 M2: an
        accepted or imported span could be reached only with the mouse), where Tab steps through
        pending suggestions alone. ``skip``: passed over (spans the View menu hides). O(spans)
        per call: one pass, no sort."""
        here = None if span is None else _order(self.first_piece(span))
        best: tuple[_SortKey, Span] | None = None  # the nearest stop past ``here``
        wrap: tuple[_SortKey, Span] | None = None  # the first (last) stop of all, for wrapping
        for candidate in self.spans.values():
            if candidate.status == Status.REJECTED or self.first_piece(candidate) is not candidate:
                continue
            key = _order(candidate)
            if key == here or (skip is not None and skip(candidate)):
                continue
            if wrap is None or (key > wrap[0] if backwards else key < wrap[0]):
                wrap = (key, candidate)
            if here is not None and (key < here if backwards else key > here):
                if best is None or (key > best[0] if backwards else key < best[0]):
                    best = (key, candidate)
        found = best or wrap
        return found[1] if found is not None else None

    def stop_after(self, position: tuple[int, int, str] | None, *, backwards: bool = False,
                   inclusive: bool = False, skip: Callable[[Span], bool] | None = None) -> Span | None:
        """The first piece of the next (``backwards``: previous) pending attribution in Tab's
        order after a span position ``(start, end, id)``, wrapping round the article once; None
        when there is none, or when the only one is at ``position`` itself. ``inclusive``: a stop
        at ``position`` counts (where review goes on once the attribution there was decided).
        ``position`` None: the first (last) stop.

        Tab's order: one stop per pending attribution (one with any piece pending,
        :func:`~annotator.domain.attributions.attribution_status`) in reading order, an
        interrupted quote at its first piece's place. Why (issue 10, usertest10d finding 1): the
        speaker and cue of "'We are close,' she said, 'but not done.'" lie between the pieces;
        stepping by the pieces' own places reached the second piece after "said" and mapped it
        back to the first, so Tab went quote → she → said → quote for ever. A bisection plus
        O(pieces) per call: no pass over the article's pending spans.

        ``skip``: stops it says yes to are passed over, as decided ones are (issue 10,
        usertest10e finding 3: with View → Entities off Tab selected an invisible PERSON, so A or
        X decided a span the analyst could not see). Each skipped stop costs one more step."""
        if not self._pending:
            return None
        key = None if position is None else self._key(position)
        groups = self._group_stops() if self.piece_groups() else []

        def nearest(at: _SortKey | None, incl: bool) -> _SortKey | None:
            plain = self._plain_stop(at, backwards=backwards, inclusive=incl)
            if backwards:
                j = len(groups) - 1 if at is None else (bisect.bisect_right if incl else bisect.bisect_left)(groups, at) - 1
                group = groups[j] if j >= 0 else None
                found = [k for k in (plain, group) if k is not None]
                return max(found) if found else None
            j = 0 if at is None else (bisect.bisect_left if incl else bisect.bisect_right)(groups, at)
            group = groups[j] if j < len(groups) else None
            found = [k for k in (plain, group) if k is not None]
            return min(found) if found else None

        def walk() -> Iterator[_SortKey]:
            """Tab's stops from ``key`` on, round the article once, up to (not at) ``key`` itself."""
            at, incl = key, inclusive
            while (stop := nearest(at, incl)) is not None:
                yield stop
                at, incl = stop, False
            if key is None:
                return
            at, incl = None, True  # wrap round once, up to ``key``
            while (stop := nearest(at, incl)) is not None and (stop < key if not backwards else stop > key):
                yield stop
                at, incl = stop, False

        for stop in walk():
            span = self.spans[stop[3]]
            if skip is None or not skip(span):
                return span
        return None

    def relations_of(self, span_id: str) -> list[Relation]:
        return [r for r in self.relations.values() if span_id in (r.head, r.child)]

    def spans_at(self, offset: int) -> list[Span]:
        return [s for s in self.spans.values() if s.start <= offset < s.end]

    def same_place(self, start: int, end: int, label: str) -> Span | None:
        """A span already at this position with this label (any status)."""
        return next((s for s in self.spans.values() if s.start == start and s.end == end and s.label == label), None)

    def counts(self) -> dict[Status, int]:
        counts = {status: 0 for status in Status}
        for span in self.spans.values():
            counts[span.status] += 1
        return counts

    # ------------------------------------------------------------------ tokens

    def set_tokens(self, tokens: TokenIndex) -> None:
        """The token index of the text (shared with the view, which holds the same text), for
        moving edges. Without one, the state makes its own on first use."""
        if len(tokens.text) != len(self.text):  # an article's text never changes; a cheap check of the pairing
            raise ValueError("the token index is of another text")
        self._tokens = tokens

    def has_tokens(self) -> bool:
        return self._tokens is not None

    def token_index(self) -> TokenIndex:
        """The text's :class:`TokenIndex` (lazy: tokenises only the blocks asked about)."""
        if self._tokens is None:
            self._tokens = TokenIndex(self.text)
        return self._tokens

    def moved_edge(self, span: Span, *, edge: str, step: int, unit: Unit = "token") -> tuple[int, int] | None:
        """New ``(start, end)`` after moving ``edge`` ("start" or "end") of ``span`` by one ``unit``
        (token, word, sentence or paragraph; :mod:`annotator.domain.boundaries`), ``step`` +1
        rightwards, -1 leftwards; None when the span would become empty or no boundary lies that
        way. Costs the token blocks / the paragraph around the edge only."""
        tokens = self.token_index()
        if unit != "token":
            return boundaries.moved_edge(self.text, span.start, span.end, edge=edge,  # type: ignore[arg-type]
                                         step=step, unit=unit, tokens=tokens)
        if edge == "end":
            if step > 0:
                end = tokens.next_boundary(span.end, kind="end")
                return (span.start, end) if end > span.end else None
            end = tokens.prev_boundary(span.end, kind="end")
            return (span.start, end) if span.start < end < span.end else None
        if step < 0:
            start = tokens.prev_boundary(span.start, kind="start")
            return (start, span.end) if start < span.start else None
        start = tokens.next_boundary(span.start, kind="start")
        return (start, span.end) if span.start < start < span.end else None


def moved_edge(
    span: Span, starts: list[int], ends: list[int], *, edge: str, step: int
) -> tuple[int, int] | None:
    """New ``(start, end)`` after moving one edge of ``span`` by one token (``step`` +1 right,
    -1 left); None when the span would become empty or no token lies that way.
    ``starts``/``ends`` are the sorted token start and end offsets (code points)."""
    if edge == "end":
        if step > 0:
            i = bisect.bisect_right(ends, span.end)
            return (span.start, ends[i]) if i < len(ends) else None
        i = bisect.bisect_left(ends, span.end) - 1
        return (span.start, ends[i]) if i >= 0 and ends[i] > span.start else None
    if step < 0:
        i = bisect.bisect_left(starts, span.start) - 1
        return (starts[i], span.end) if i >= 0 else None
    i = bisect.bisect_right(starts, span.start)
    return (starts[i], span.end) if i < len(starts) and starts[i] < span.end else None


def _regroups(before: Span | None, after: Span | None) -> bool:
    """Whether a span's change may change which pieces it ties to or their order (not a decision)."""
    return before is None or after is None or (before.start, before.end, before.label) != (after.start, after.end, after.label)


def order_key(span: Span) -> _SortKey:
    """Public reading-order key (start, -end, 0 for a quote/speaker/cue else 1, id): sort spans by it."""
    return _order(span)


__all__ = ["ArticleState", "StateChange", "moved_edge", "order_key"]
