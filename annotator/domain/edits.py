"""Edits: what one user action changes, as (before, after) pairs of records.

An edit is data, not behaviour: applying it writes every ``after``; undoing it applies its
inverse, which writes every ``before``. ``before=None`` means the record is created,
``after=None`` that it is deleted. Commands (:mod:`annotator.domain.commands`) build edits from
the current state; storage applies them in one transaction and logs each pair.
"""

from __future__ import annotations

import dataclasses

from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.model import Article, Record, Relation, Span, Stance, Tag


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    before: Record | None
    after: Record | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs a record before or after it")
        if self.before is not None and self.after is not None:
            if type(self.before) is not type(self.after) or record_key(self.before) != record_key(self.after):
                raise ValueError("a change must keep the record's type and id")

    @property
    def record(self) -> Record:
        return self.after if self.after is not None else self.before  # type: ignore[return-value]

    def inverse(self) -> Change:
        return Change(before=self.after, after=self.before)


@dataclasses.dataclass(frozen=True, slots=True)
class Edit:
    description: str
    changes: tuple[Change, ...]

    def inverse(self) -> Edit:
        # Reverse order so that, e.g., a relation is deleted before the span it points to.
        return Edit(f"Undo {self.description}", tuple(c.inverse() for c in reversed(self.changes)))

    def article_ids(self) -> set[int]:
        ids: set[int] = set()
        for change in self.changes:
            rec = change.record
            if isinstance(rec, (TargetEntry, TagEntry)):
                continue  # project lists belong to no article
            ids.add(rec.id if isinstance(rec, Article) else rec.article_id)  # type: ignore[arg-type]
        return ids

    def __bool__(self) -> bool:
        return bool(self.changes)


def record_kind(record: Record) -> str:
    return {
        Article: "article", Span: "span", Relation: "relation", Stance: "stance", Tag: "tag",
        TargetEntry: "target_entry", TagEntry: "tag_entry",  # the project's lists (domain.project_lists)
    }[type(record)]


def record_key(record: Record) -> tuple[str, object]:
    return (record_kind(record), record.id)
