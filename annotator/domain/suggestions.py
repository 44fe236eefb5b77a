"""What a pre-annotator returns: spans and relations keyed locally, not yet stored.

Pre-annotation is a pure ``text -> SuggestionSet`` step; storage turns a set into ``suggested``
records (new ids, the set's origin), skipping anything the analyst has already decided on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class SuggestedSpan:
    key: str  # unique within its SuggestionSet; relations refer to it
    start: int
    end: int
    label: str
    layer: str
    attrs: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class SuggestedRelation:
    head: str  # key of the head span (e.g. the QUOTE)
    child: str  # key of the child span (e.g. the SPEAKER)
    label: str  # SPEAKER, CUE, ...


@dataclasses.dataclass(slots=True)
class SuggestionSet:
    origin: str  # e.g. "en_core_web_sm 3.8.0 + annotator-quotes 1"
    spans: list[SuggestedSpan] = dataclasses.field(default_factory=list)
    relations: list[SuggestedRelation] = dataclasses.field(default_factory=list)

    def add_span(self, span: SuggestedSpan) -> SuggestedSpan:
        self.spans.append(span)
        return span

    def link(self, head: SuggestedSpan, child: SuggestedSpan, label: str) -> None:
        self.relations.append(SuggestedRelation(head.key, child.key, label))


#: Two spans of one label are *the same reading* of the text when they overlap by at least this
#: share of the shorter one (issue 10: a redo with another pipeline suggested QUOTE 115–290 over
#: the analyst's accepted QUOTE 120–289, a second reading of the same words).
SAME_READING_SHARE = 0.5


def same_reading(a: tuple[int, int], b: tuple[int, int], share: float = SAME_READING_SHARE) -> bool:
    """Whether half-open character ranges ``a`` and ``b`` ([start, end), code points) overlap by
    at least ``share`` (0..1) of the shorter one's length. Empty ranges are never the same reading."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter <= 0:
        return False
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap >= share * shorter


#: Layers whose labels are one *kind* of reading: two spans of such a layer over the same words
#: are two readings of them whatever their labels (issue 10: a redo with a pipeline that reads
#: "Trump" as ORG put a suggested ORG over the analyst's accepted PERSON "Trump"). A label of
#: the "other" layer (or of no known layer) is a kind of its own.
KIND_LAYERS = frozenset({"entity", "quote", "speaker", "cue", "claim"})


def reading_kind(label: str, layer: str = "") -> str:
    """The kind a span's reading belongs to: its layer when that is one of :data:`KIND_LAYERS`
    (every entity label is the kind "entity"; QUOTE is "quote"), otherwise the label itself."""
    return f"layer:{layer}" if layer in KIND_LAYERS else f"label:{label}"


def second_readings(suggestions: SuggestionSet, decided: list[tuple[int, int, str, str]]) -> set[str]:
    """Keys of ``suggestions``' spans that are :func:`same_reading` as a decided span of the same
    :func:`reading_kind` (``decided``: (start, end, label, layer)), other than exactly that span
    (same position and label).
    An entity over the words of a decided entity of another label is one; QUOTE 115–290 over a
    decided QUOTE 120–289 is one."""
    by_kind: dict[str, list[tuple[int, int, str]]] = {}
    for start, end, label, layer in decided:
        by_kind.setdefault(reading_kind(label, layer), []).append((start, end, label))
    return {
        s.key for s in suggestions.spans
        if any(same_reading((s.start, s.end), (start, end)) and (start, end, label) != (s.start, s.end, s.label)
               for start, end, label in by_kind.get(reading_kind(s.label, s.layer), ()))
    }


def readings_decided(suggestions: SuggestionSet, decided: list[tuple[int, int, str, str]]) -> set[str]:
    """Keys of ``suggestions``' spans not to store because an analyst decided the same reading:
    a span that is :func:`same_reading` as a decided span (``decided``: (start, end, label,
    layer) of every span accepted, rejected or edited by an analyst) of the **same kind**
    (:func:`reading_kind`: any entity label over a decided entity, a QUOTE over a decided
    QUOTE), unless it is exactly that span (position and label: storage reuses or skips it
    already); and a span suggested only as the speaker/cue of such a span (its links all go to
    skipped heads), which would stand alone otherwise."""
    skipped = second_readings(suggestions, decided)
    if not skipped:
        return skipped
    heads_of: dict[str, set[str]] = {}
    is_head = set()
    for rel in suggestions.relations:
        heads_of.setdefault(rel.child, set()).add(rel.head)
        if rel.head not in skipped:
            is_head.add(rel.head)
    orphans = {child for child, heads in heads_of.items() if heads <= skipped and child not in is_head}
    return skipped | orphans
