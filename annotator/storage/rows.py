"""Records ↔ table rows. Columns are the records' fields, in the same names: JSON columns hold
``attrs``/``meta``; enums are stored as their text values; NULL text reads back as ""."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from annotator.domain.model import Article, ArticleStatus, Record, Relation, Span, Stance, Status, Tag

_JSON_FIELDS = frozenset({"attrs", "meta"})


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)


def _loads(value: str | None) -> dict[str, Any]:
    return json.loads(value) if value else {}


def to_row(record: Record) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if field.name in _JSON_FIELDS:
            value = _dumps(value)
        elif isinstance(value, StrEnum):
            value = str(value)
        row[field.name] = value
    if isinstance(record, Article) and record.id is None:
        del row["id"]  # assigned by SQLite
    return row


def _reader(kind: type) -> Callable[[Mapping[str, Any]], Any]:
    """A row → record function for one record type, with its field conversions worked out once."""
    status_type = ArticleStatus if kind is Article else Status
    converters: list[tuple[str, Callable[[Any], Any]]] = []
    for field in dataclasses.fields(kind):
        if field.name in _JSON_FIELDS:
            converters.append((field.name, _loads))
        elif field.name == "status":
            converters.append((field.name, status_type))
        elif field.type == "str":
            converters.append((field.name, lambda v: v or ""))
        else:
            converters.append((field.name, lambda v: v))

    def read(row: Mapping[str, Any]) -> Any:
        return kind(**{name: convert(row[name]) for name, convert in converters if name in row})

    return read


article_to_row = span_to_row = relation_to_row = stance_to_row = tag_to_row = to_row
article_from_row = _reader(Article)
span_from_row = _reader(Span)
relation_from_row = _reader(Relation)
stance_from_row = _reader(Stance)
tag_from_row = _reader(Tag)

TABLES: dict[type, str] = {Article: "articles", Span: "spans", Relation: "relations", Stance: "stances", Tag: "tags"}
TO_ROW: dict[type, Callable[[Any], dict[str, Any]]] = {kind: to_row for kind in TABLES}
FROM_ROW: dict[type, Callable[[Mapping[str, Any]], Any]] = {
    Article: article_from_row, Span: span_from_row, Relation: relation_from_row, Stance: stance_from_row, Tag: tag_from_row,
}


def record_to_json(record: Record | None) -> str | None:
    """A record as JSON for the change log (articles without their text: it never changes)."""
    if record is None:
        return None
    row = to_row(record)
    if isinstance(record, Article):
        row.pop("text", None)
    return json.dumps(row, ensure_ascii=False, sort_keys=True)
