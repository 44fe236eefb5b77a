"""Records ↔ table rows. Columns are the records' fields, in the same names: JSON columns hold
``attrs``/``meta``; enums are stored as their text values; NULL text reads back as "".

A damaged row (a JSON column that is not a JSON object, a status that is no status: a disk or
tool fault, or a hand edit) still reads: its article must open. The field that could not be read
gets a safe value (``{}``; a span, relation or stance back to *suggested*, so a person decides it
again) and its stored text is kept, never dropped, under ``attrs``/``meta`` key :data:`UNREADABLE`
(``{field: stored text}``); :func:`unreadable_fields` reports it. Saving the record again stores
that text inside valid JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.model import Article, ArticleStatus, Record, Relation, Span, Stance, Status, Tag

_JSON_FIELDS = frozenset({"attrs", "meta"})
UNREADABLE = "_unreadable_stored"  # attrs/meta key: {field name: the stored text that could not be read}


# json.dumps with options builds a new JSONEncoder on every call: one, made once (the same text)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _dumps(value: Mapping[str, Any]) -> str:
    return _ENCODE(dict(value))


def encode_attrs(value: Mapping[str, Any]) -> str:
    """The text of an ``attrs``/``meta`` column for ``value`` (sorted keys, non-ASCII kept), as
    :func:`to_row` writes it. Raises ``TypeError`` for a value JSON cannot hold."""
    return _ENCODE(dict(value))


def _loads(value: str | None) -> dict[str, Any]:
    """The JSON object stored in a column; ValueError when it is not one."""
    if not value:
        return {}
    try:
        loaded = json.loads(value)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(loaded, dict):
        raise ValueError("not a JSON object")
    return loaded


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    # dataclasses.fields() builds a tuple on every call: the names are worked out once per type
    # (to_row runs for every change an edit writes and logs).
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


_PLAIN, _JSON_COLUMN, _ANALYST = 0, 1, 2
# per record type: (field name, how it is stored), worked out once (to_row runs for every span and
# relation a pre-annotated article stores: ~70 an FNC-1 article, edits13)
_PLANS: dict[type, tuple[tuple[str, int], ...]] = {}


def to_row(record: Record) -> dict[str, Any]:
    kind = type(record)
    plan = _PLANS.get(kind)
    if plan is None:
        plan = _PLANS[kind] = tuple(
            (name, _JSON_COLUMN if name in _JSON_FIELDS else _ANALYST if name == "analyst" else _PLAIN)
            for name in _field_names(kind))
    row: dict[str, Any] = {}
    for name, how in plan:
        value = getattr(record, name)
        if how == _JSON_COLUMN:
            value = _dumps(value)
        elif how == _ANALYST and not value:
            # The own/gold layer's records are written as before migration 0007 (its tables'
            # column defaults to ""): older files, change-log rows and tests see no new key.
            continue
        elif isinstance(value, StrEnum):
            value = str(value)
        row[name] = value
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

    names = {f.name for f in dataclasses.fields(kind)}
    keep_in = "meta" if "meta" in names else "attrs" if "attrs" in names else None
    fallback = {"attrs": {}, "meta": {}, "status": ArticleStatus.NEW if kind is Article else Status.SUGGESTED}

    def read(row: Mapping[str, Any]) -> Any:
        values: dict[str, Any] = {}
        damaged: dict[str, Any] = {}
        for name, convert in converters:
            if name not in row:
                continue
            try:
                values[name] = convert(row[name])
            except (ValueError, TypeError):
                if name not in fallback or keep_in is None:
                    raise
                damaged[name] = row[name]
                values[name] = fallback[name]
        if damaged:
            values[keep_in] = {**values.get(keep_in, {}), UNREADABLE: damaged}
        return kind(**values)

    return read


def unreadable_fields(record: Record) -> dict[str, Any]:
    """The fields of ``record`` whose stored value could not be read, with that stored value
    (see the module docstring); ``{}`` for a sound record."""
    held = getattr(record, "meta", None) if isinstance(record, Article) else getattr(record, "attrs", None)
    found = held.get(UNREADABLE) if held else None
    return dict(found) if isinstance(found, Mapping) else {}


article_to_row = span_to_row = relation_to_row = stance_to_row = tag_to_row = to_row
article_from_row = _reader(Article)
span_from_row = _reader(Span)
relation_from_row = _reader(Relation)
stance_from_row = _reader(Stance)
tag_from_row = _reader(Tag)

TABLES: dict[type, str] = {
    Article: "articles", Span: "spans", Relation: "relations", Stance: "stances", Tag: "tags",
    TargetEntry: "target_list", TagEntry: "tag_list",  # the project's lists (migration 0004)
}
# Where analysts' layers are kept (migration 0007, docs/team.md); the gold layer is in TABLES.
LAYER_TABLES: dict[type, str] = {Span: "layer_spans", Relation: "layer_relations", Stance: "layer_stances", Tag: "layer_tags"}
TO_ROW: dict[type, Callable[[Any], dict[str, Any]]] = {kind: to_row for kind in TABLES}
FROM_ROW: dict[type, Callable[[Mapping[str, Any]], Any]] = {
    Article: article_from_row, Span: span_from_row, Relation: relation_from_row, Stance: stance_from_row, Tag: tag_from_row,
    TargetEntry: _reader(TargetEntry), TagEntry: _reader(TagEntry),
}


def record_to_json(record: Record | None) -> str | None:
    """A record as JSON for the change log (articles without their text: it never changes)."""
    if record is None:
        return None
    row = to_row(record)
    if isinstance(record, Article):
        row.pop("text", None)
    return _ENCODE(row)  # json.dumps(row, ensure_ascii=False, sort_keys=True), without a new encoder each call


def unreadable_note(records: Iterable[Record]) -> str | None:
    """One line for the user naming every damaged field among ``records`` (an open article's),
    or None when all were read: e.g. ``span 1a2b… attrs (not valid JSON)``."""
    found = []
    for record in records:
        for name in unreadable_fields(record):
            kind = type(record).__name__.lower()
            found.append(f"{kind} {str(record.id)[:8]} {name}")
    if not found:
        return None
    key = "meta" if any(f.startswith("article") for f in found) else "attrs"
    return (
        f"Damaged in the project file: {', '.join(found)}. What was stored is kept under {key} "
        f"\"{UNREADABLE}\" (a damaged status reads as suggested); check them in Details"
    )
