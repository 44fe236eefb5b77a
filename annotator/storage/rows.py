"""Records ↔ table rows. JSON columns hold attrs/meta; enums are stored as their text values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from annotator.domain.model import Article, ArticleStatus, Record, Relation, Span, Stance, Status, Tag


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)


def _loads(value: str | None) -> dict[str, Any]:
    return json.loads(value) if value else {}


def article_to_row(a: Article) -> dict[str, Any]:
    row = {
        "text": a.text,
        "text_hash": a.text_hash,
        "title": a.title,
        "publisher": a.publisher,
        "url": a.url,
        "published": a.published,
        "meta": _dumps(a.meta),
        "status": str(a.status),
        "added": a.added,
        "updated": a.updated,
    }
    if a.id is not None:
        row["id"] = a.id
    return row


def article_from_row(r: Mapping[str, Any]) -> Article:
    return Article(
        id=r["id"],
        text=r["text"],
        text_hash=r["text_hash"],
        title=r["title"] or "",
        publisher=r["publisher"] or "",
        url=r["url"] or "",
        published=r["published"] or "",
        meta=_loads(r["meta"]),
        status=ArticleStatus(r["status"]),
        added=r["added"] or "",
        updated=r["updated"] or "",
    )


def span_to_row(s: Span) -> dict[str, Any]:
    return {
        "id": s.id,
        "article_id": s.article_id,
        "start": s.start,
        "end": s.end,
        "label": s.label,
        "layer": s.layer,
        "status": str(s.status),
        "origin": s.origin,
        "attrs": _dumps(s.attrs),
        "created": s.created,
        "updated": s.updated,
        "by": s.by,
    }


def span_from_row(r: Mapping[str, Any]) -> Span:
    return Span(
        id=r["id"],
        article_id=r["article_id"],
        start=r["start"],
        end=r["end"],
        label=r["label"],
        layer=r["layer"],
        status=Status(r["status"]),
        origin=r["origin"] or "",
        attrs=_loads(r["attrs"]),
        created=r["created"] or "",
        updated=r["updated"] or "",
        by=r["by"] or "",
    )


def relation_to_row(x: Relation) -> dict[str, Any]:
    return {
        "id": x.id,
        "article_id": x.article_id,
        "head": x.head,
        "child": x.child,
        "label": x.label,
        "status": str(x.status),
        "origin": x.origin,
        "attrs": _dumps(x.attrs),
        "created": x.created,
        "updated": x.updated,
        "by": x.by,
    }


def relation_from_row(r: Mapping[str, Any]) -> Relation:
    return Relation(
        id=r["id"],
        article_id=r["article_id"],
        head=r["head"],
        child=r["child"],
        label=r["label"],
        status=Status(r["status"]),
        origin=r["origin"] or "",
        attrs=_loads(r["attrs"]),
        created=r["created"] or "",
        updated=r["updated"] or "",
        by=r["by"] or "",
    )


def stance_to_row(x: Stance) -> dict[str, Any]:
    return {
        "id": x.id,
        "article_id": x.article_id,
        "holder": x.holder,
        "target": x.target,
        "polarity": x.polarity,
        "status": str(x.status),
        "origin": x.origin,
        "attrs": _dumps(x.attrs),
        "created": x.created,
        "updated": x.updated,
        "by": x.by,
    }


def stance_from_row(r: Mapping[str, Any]) -> Stance:
    return Stance(
        id=r["id"],
        article_id=r["article_id"],
        holder=r["holder"] or "",
        target=r["target"] or "",
        polarity=r["polarity"] or "",
        status=Status(r["status"]),
        origin=r["origin"] or "",
        attrs=_loads(r["attrs"]),
        created=r["created"] or "",
        updated=r["updated"] or "",
        by=r["by"] or "",
    )


def tag_to_row(x: Tag) -> dict[str, Any]:
    return {"id": x.id, "article_id": x.article_id, "tag": x.tag, "origin": x.origin, "created": x.created, "by": x.by}


def tag_from_row(r: Mapping[str, Any]) -> Tag:
    return Tag(id=r["id"], article_id=r["article_id"], tag=r["tag"], origin=r["origin"] or "", created=r["created"] or "", by=r["by"] or "")


TABLES: dict[type, str] = {Article: "articles", Span: "spans", Relation: "relations", Stance: "stances", Tag: "tags"}
TO_ROW = {Article: article_to_row, Span: span_to_row, Relation: relation_to_row, Stance: stance_to_row, Tag: tag_to_row}
FROM_ROW = {Article: article_from_row, Span: span_from_row, Relation: relation_from_row, Stance: stance_from_row, Tag: tag_from_row}


def record_to_json(record: Record | None) -> str | None:
    """A record as JSON for the change log (articles without their text: it never changes)."""
    if record is None:
        return None
    row = TO_ROW[type(record)](record)
    if isinstance(record, Article):
        row.pop("text", None)
    return json.dumps(row, ensure_ascii=False, sort_keys=True)
