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
