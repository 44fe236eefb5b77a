"""What an analyst decided, read from the change log: the one answer pre-annotation and import
both ask before they (re)create a record.

A record an analyst *deleted*, or whose identifying content they *changed* (a span moved or
relabelled, a relation re-pointed, a stance's holder/target/polarity, a tag renamed), is a
decision: a later pre-annotation run or re-import must not bring the old record back. Status
changes and attribute edits keep the record where it is, so they are not listed here: the record
itself is still in the project and wins over any incoming copy.

Change-log rows of the record kinds (``span``, ``relation``, ``stance``, ``tag``) are written by
edits (an undo or redo included) and by an import that gives a stored suggestion the status it
imports; the latter changes a status only, which is not read as a decision here. Imports otherwise
log one ``import`` row per article and pre-annotation one ``preannotate`` row.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

SpanKey = tuple[int, int, str]  # (start, end, label), as Span.key
LinkKey = tuple[str, str, str]  # (head span id, child span id, label)
StanceKey = tuple[str, str, str]  # (holder, target, polarity)

# The change-log kinds read here; a query filters on them.
KINDS = ("span", "relation", "stance", "tag")


@dataclasses.dataclass(slots=True)
class Decisions:
    """Records of one article an analyst deleted or moved away from (see the module docstring)."""

    span_positions: set[SpanKey] = dataclasses.field(default_factory=set)
    span_ids: set[str] = dataclasses.field(default_factory=set)  # spans deleted
    relation_links: set[LinkKey] = dataclasses.field(default_factory=set)
    relation_ids: set[str] = dataclasses.field(default_factory=set)  # relations deleted
    stance_keys: set[StanceKey] = dataclasses.field(default_factory=set)
    stance_ids: set[str] = dataclasses.field(default_factory=set)  # stances deleted
    tags: set[str] = dataclasses.field(default_factory=set)  # tag names removed or renamed

    def span_decided(self, span_id: str, key: SpanKey) -> bool:
        """True when a span with this id was deleted, or a span stood at this position+label before
        an analyst moved, relabelled or deleted it."""
        return span_id in self.span_ids or key in self.span_positions

    def relation_decided(self, relation_id: str, link: LinkKey) -> bool:
        return relation_id in self.relation_ids or link in self.relation_links

    def stance_decided(self, stance_id: str, key: StanceKey) -> bool:
        return stance_id in self.stance_ids or key in self.stance_keys

    def add(self, kind: str, before: dict[str, Any], after: dict[str, Any] | None) -> None:
        """Take in one change-log row (the record's stored row before and after the change)."""
        deleted = after is None
        if kind == "span":
            key = (before["start"], before["end"], before["label"])
            if deleted or key != (after["start"], after["end"], after["label"]):  # type: ignore[index]
                self.span_positions.add(key)
            if deleted:
                self.span_ids.add(before["id"])
        elif kind == "relation":
            link = (before["head"], before["child"], before["label"])
            if deleted or link != (after["head"], after["child"], after["label"]):  # type: ignore[index]
                self.relation_links.add(link)
            if deleted:
                self.relation_ids.add(before["id"])
        elif kind == "stance":
            skey = (before["holder"], before["target"], before["polarity"])
            if deleted or skey != (after["holder"], after["target"], after["polarity"]):  # type: ignore[index]
                self.stance_keys.add(skey)
            if deleted:
                self.stance_ids.add(before["id"])
        elif kind == "tag":
            if deleted or before["tag"] != after["tag"]:  # type: ignore[index]
                self.tags.add(before["tag"])


def decisions_from_log(log_rows: Iterable[tuple[int, str, str, str | None]]) -> dict[int, Decisions]:
    """Decisions per article from change-log rows ``(article_id, kind, before JSON, after JSON)``
    whose ``before`` is not null (a record that existed). Rows of other kinds are ignored."""
    found: dict[int, Decisions] = {}
    for article_id, kind, before, after in log_rows:
        if kind not in KINDS or before is None:
            continue
        found.setdefault(article_id, Decisions()).add(kind, json.loads(before), json.loads(after) if after else None)
    return found


__all__ = ["Decisions", "KINDS", "LinkKey", "SpanKey", "StanceKey", "decisions_from_log"]
