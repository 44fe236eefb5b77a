"""doccano exports (JSONL, one example a line), read through the JSONL reader.

Shapes, from doccano's exporter (``backend/data_export``: ``ExportedSpan.to_tuple/to_dict``,
``ExportedRelation.to_dict``, the sequence-labelling formatters)::

    {"id": 7, "text": "UN praises Dutch plan.", "label": [[0, 2, "ORG"], [11, 16, "MISC"]], "Comments": []}
    {"id": 8, "text": "…", "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 2}],
     "relations": [{"id": 3, "from_id": 1, "to_id": 2, "type": "member_of"}], "Comments": []}

plus the example's own metadata keys at the top level. Text classification exports give
``"label": ["positive", …]`` (category names), intent detection ``"cats"``: both become article
tags. doccano 1.x wrote ``"labels"`` for the span triples: read the same way.

Every annotation is ``accepted`` (doccano exports the examples its annotators confirmed), origin
``import:doccano``; doccano's example id and every key we do not read go into ``meta``, unknown keys
of an entity or relation into its ``attrs``. Offsets are taken as code points into ``text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status, Tag, guess_title, new_id
from annotator.formats.common import ANNOTATION_LIKE_KEYS, ImportOptions, annotation_like, check_span, expect_list, expect_str

ORIGIN = "import:doccano"
SPAN_LISTS = ("label", "labels")  # "label" since doccano 1.2; "labels" before
ENTITY_KEYS = frozenset({"id", "label", "start_offset", "end_offset"})
RELATION_KEYS = frozenset({"id", "from_id", "to_id", "type"})
READ_KEYS = frozenset({"text", "entities", "relations", "cats", *SPAN_LISTS})


def looks_like(record: Mapping[str, Any]) -> bool:
    """A doccano example: text with ``entities``, ``cats`` or a list under ``label``/``labels``."""
    if not isinstance(record.get("text"), str) or "spans" in record:
        return False
    return "entities" in record or "cats" in record or any(isinstance(record.get(k), list) for k in SPAN_LISTS)


def bundle_from_record(record: dict[str, Any], options: ImportOptions, where: dict[str, Any]) -> ArticleBundle:
    """The article of one doccano example; :class:`InputError` naming the key that is wrong."""
    text: str = record["text"]
    if not text.strip():
        raise InputError("has an empty \"text\"", **where)
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key in ANNOTATION_LIKE_KEYS and key not in READ_KEYS:
            raise annotation_like(key, where)
        if key not in READ_KEYS:
            meta[key] = value  # doccano's example id, Comments, the example's own metadata
    spans: list[Span] = []
    by_doccano_id: dict[Any, Span | None] = {}
    tags: list[Tag] = []
    for key in SPAN_LISTS:
        if key in record:
            spans_here, tags_here = _label_list(record[key], key, text, options, where)
            spans.extend(spans_here)
            tags.extend(tags_here)
    for item in expect_list(record.get("entities"), "entities", where):
        if not isinstance(item, dict):
            raise InputError(f"\"entities\" must hold objects with {', '.join(sorted(ENTITY_KEYS))}, not {item!r}", **where)
        missing = sorted(ENTITY_KEYS - set(item))
        if missing:
            raise InputError(f"an entity of \"entities\" has no {missing[0]!r}; doccano entities have {', '.join(sorted(ENTITY_KEYS))}", **where)
        start, end, label = item["start_offset"], item["end_offset"], expect_str(item["label"], "entities[].label", where)
        check_span(text, start, end, label, path=where["path"], line=where["line"], what="entity")
        span = _span(start, end, label, options, {k: v for k, v in item.items() if k not in ENTITY_KEYS})
        if not isinstance(item["id"], int | str) or isinstance(item["id"], bool):
            raise InputError(f"entity id {item['id']!r} must be a number or a string", **where)
        if item["id"] in by_doccano_id:
            raise InputError(f"entity id {item['id']!r} appears twice in \"entities\"", **where)
        by_doccano_id[item["id"]] = span
        if span is not None:
            spans.append(span)
    relations: list[Relation] = []
    for item in expect_list(record.get("relations"), "relations", where):
        if not isinstance(item, dict):
            raise InputError(f"\"relations\" must hold objects with {', '.join(sorted(RELATION_KEYS))}", **where)
        missing = sorted(RELATION_KEYS - set(item))
        if missing:
            raise InputError(f"a relation of \"relations\" has no {missing[0]!r}; doccano relations have {', '.join(sorted(RELATION_KEYS))}", **where)
        label = options.map_label(expect_str(item["type"], "relations[].type", where) or "")
        ends = []
        for key in ("from_id", "to_id"):
            if not isinstance(item[key], int | str) or isinstance(item[key], bool) or item[key] not in by_doccano_id:
                raise InputError(f"relation {item['type']}: {key} {item[key]!r} is not the id of an entity of this example", **where)
            ends.append(by_doccano_id[item[key]])
        if not label or ends[0] is None or ends[1] is None:
            continue  # --label-map left the relation or one of its entities out
        relations.append(Relation(
            id=new_id(), article_id=0, head=ends[0].id, child=ends[1].id, label=label, status=Status.ACCEPTED, origin=ORIGIN,
            attrs={k: v for k, v in item.items() if k not in RELATION_KEYS},
        ))
    for category in expect_list(record.get("cats"), "cats", where):
        tags.append(Tag(id=new_id(), article_id=0, tag=expect_str(category, "cats[]", where, optional=False) or "", origin=ORIGIN))
    article = Article(id=None, text=text, title=guess_title(text), meta=meta,
                      status=ArticleStatus.DONE if spans or relations or tags else ArticleStatus.NEW)
    return ArticleBundle(article=article, spans=spans, relations=relations, tags=tags)


def _label_list(items: Any, key: str, text: str, options: ImportOptions, where: dict[str, Any]) -> tuple[list[Span], list[Tag]]:
    """``[[start, end, label], …]`` → spans; ``["category", …]`` → tags; anything else refused."""
    spans: list[Span] = []
    tags: list[Tag] = []
    for item in expect_list(items, key, where):
        if isinstance(item, str):
            tags.append(Tag(id=new_id(), article_id=0, tag=item, origin=ORIGIN))
        elif isinstance(item, list) and len(item) == 3:
            start, end, label = item
            check_span(text, start, end, label, path=where["path"], line=where["line"], what=f"\"{key}\" entry")
            span = _span(start, end, label, options, {})
            if span is not None:
                spans.append(span)
        else:
            raise InputError(
                f"\"{key}\" must list [start, end, label] triples (sequence labelling) or category names, not {item!r}", **where
            )
    return spans, tags


def _span(start: int, end: int, label: str, options: ImportOptions, attrs: dict[str, Any]) -> Span | None:
    mapped = options.map_label(label)
    if not mapped:
        return None
    return Span(id=new_id(), article_id=0, start=start, end=end, label=mapped, layer=options.layer_of(mapped),
                status=Status.ACCEPTED, origin=ORIGIN, attrs=attrs)

