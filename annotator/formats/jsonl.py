"""JSONL: one article a line. Reads plain ``{"text", "meta"}`` lines, Prodigy output and our own
export; writes our export, whose keys follow Prodigy's where Prodigy has them.

Our line (see docs/formats.md)::

    {"id", "title", "text", "meta", "publisher", "url", "published", "status",
     "spans": [{"id", "start", "end", "text", "label", "layer", "status", "origin", "attrs",
                "token_start", "token_end"}],
     "relations": [{"id", "head", "child", "label", "status", "origin", "attrs",
                    "head_span": {"start", "end", "label"}, "child_span": {...}}],
     "doc": {"tags": [...], "stances": [{"id", "holder", "target", "polarity", "status", "origin", "attrs"}]}}

``head``/``child`` are span ids in our lines and token indices in Prodigy's (told apart by type).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InputError
from annotator.domain.model import (
    Article,
    ArticleBundle,
    ArticleStatus,
    Relation,
    Span,
    Stance,
    Status,
    Tag,
    guess_title,
    new_id,
)
from annotator.formats.common import ImportOptions, Item, check_not_binary, check_span, decode, token_bounds, tokenizer

ARTICLE_FIELDS = ("title", "publisher", "url", "published")
# Top-level keys we understand or that Prodigy adds for itself; any other key goes into meta.
KNOWN_KEYS = {
    "id", "text", "meta", "status", "spans", "relations", "doc", "tokens", "answer", *ARTICLE_FIELDS,
    "html", "label", "options", "accept", "score", "priority", "spans_manual",
}
ANSWER_STATUS = {"accept": Status.ACCEPTED, "reject": Status.REJECTED, "ignore": Status.SUGGESTED}
ANSWER_ARTICLE = {"accept": ArticleStatus.DONE, "reject": ArticleStatus.DONE, "ignore": ArticleStatus.NEW}


# ============================================================================ import


def read(path: Path, options: ImportOptions) -> Iterator[Item]:
    """One item per non-blank line; errors name the line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Item(error=InputError(f"cannot be read ({exc.strerror})", path=str(path)))
        return
    seen = False
    with fh:
        first = fh.read(8192)
        try:
            check_not_binary(first, path)
        except InputError as exc:
            yield Item(error=exc)
            return
        fh.seek(0)
        if first.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"["):
            yield from _read_array(fh.read(), path, options)
            return
        for number, raw in enumerate(fh, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            seen = True
            try:
                line = decode(raw, path, options.encoding, line_offset=number - 1, strip_bom=False)
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"is not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object",
                        path=str(path), line=number,
                    ) from None
                yield Item(bundle=bundle_from_record(record, options, path=path, line=number))
            except InputError as exc:
                yield Item(error=exc)
    if not seen:
        yield Item(error=InputError("is empty (no JSON lines); each line should be {\"text\": ..., \"meta\": {...}}", path=str(path)))


def _read_array(data: bytes, path: Path, options: ImportOptions) -> Iterator[Item]:
    """A ``.json`` file holding one JSON array of records (doccano, Label Studio-like dumps);
    errors name the line where the bad record starts."""
    try:
        text = decode(data, path, options.encoding)
        decoder = json.JSONDecoder()
        position = text.index("[") + 1
        count = 0
        line, counted = 1, 0
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text):
                raise InputError("ends before its closing ']'", path=str(path), line=text.count("\n") + 1)
            if text[position] == "]":
                break
            line += text.count("\n", counted, position)  # counted incrementally: O(n) over the file
            counted = position
            try:
                record, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError as exc:
                raise InputError(f"is not valid JSON ({exc.msg})", path=str(path), line=exc.lineno) from None
            count += 1
            try:
                yield Item(bundle=bundle_from_record(record, options, path=path, line=line))
            except InputError as exc:
                yield Item(error=exc)
        if count == 0:
            raise InputError("holds an empty JSON array: nothing to import", path=str(path))
    except InputError as exc:
        yield Item(error=exc)


def bundle_from_record(record: Any, options: ImportOptions, *, path: Path, line: int | None) -> ArticleBundle:
    where = {"path": str(path), "line": line}
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object with a \"text\" key, got {type(record).__name__}", **where)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("has no \"text\" string; each line needs {\"text\": ...}", **where)
    if not text.strip():
        raise InputError("has an empty \"text\"", **where)
    meta = record.get("meta", {})
    if not isinstance(meta, dict):
        raise InputError("\"meta\" must be a JSON object", **where)
    meta = dict(meta)
    for key, value in record.items():
        if key not in KNOWN_KEYS and not key.startswith("_"):
            meta[key] = value
    answer = record.get("answer")
    span_status = ANSWER_STATUS.get(answer, Status.ACCEPTED) if isinstance(answer, str) else Status.ACCEPTED
    status = record.get("status")
    if isinstance(status, str) and status in ArticleStatus._value2member_map_:
        article_status = ArticleStatus(status)
    else:
        article_status = ANSWER_ARTICLE.get(answer, ArticleStatus.NEW) if isinstance(answer, str) else ArticleStatus.NEW
    fields = {k: record.get(k) for k in ARTICLE_FIELDS}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"\"{key}\" must be a string", **where)
    title = fields["title"] if fields["title"] is not None else guess_title(text)
    article = Article(
        id=None, text=text, title=title, publisher=fields["publisher"] or "", url=fields["url"] or "",
        published=fields["published"] or "", meta=meta, status=article_status,
    )
    spans, by_offsets, dropped = _spans(record.get("spans") or [], text, options, span_status, where)
    relations = _relations(record, spans, by_offsets, dropped, text, options, span_status, where)
    stances, tags = _doc(record.get("doc") or {}, where)
    return ArticleBundle(article=article, spans=spans, relations=relations, stances=stances, tags=tags)


def _spans(
    items: Any, text: str, options: ImportOptions, default_status: Status, where: dict
) -> tuple[list[Span], dict[tuple[int, int, str], Span], set[str]]:
    """The spans of a record, by offsets and label too, and the ids of those --label-map drops."""
    if not isinstance(items, list):
        raise InputError("\"spans\" must be a list", **where)
    spans: list[Span] = []
    by_offsets: dict[tuple[int, int, str], Span] = {}
    self_ids: dict[Any, str] = {}
    dropped: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise InputError("each span must be a JSON object with start, end and label", **where)
        check_span(text, item.get("start"), item.get("end"), item.get("label"), quoted=item.get("text"),
                   path=where["path"], line=where["line"])
        label = options.map_label(item["label"])
        if not label:
            if isinstance(item.get("id"), str):
                dropped.add(item["id"])  # relations to it are left out too
            continue
        layer = item.get("layer") if label == item["label"] and isinstance(item.get("layer"), str) else None
        attrs = item.get("attrs", {})
        if not isinstance(attrs, dict):
            raise InputError(f"span {item['label']} [{item['start']}, {item['end']}): \"attrs\" must be a JSON object", **where)
        span_id = item.get("id")
        span = Span(
            id=span_id if isinstance(span_id, str) and span_id else new_id(), article_id=0,
            start=item["start"], end=item["end"], label=label, layer=layer or options.layer_of(label),
            status=_status(item.get("status"), default_status, where), origin=_origin(item),
            attrs=attrs,
        )
        if span.id in self_ids:
            raise InputError(f"span id {span.id!r} appears twice in the article", **where)
        self_ids[span.id] = span.id
        spans.append(span)
        by_offsets.setdefault((span.start, span.end, item["label"]), span)
        by_offsets.setdefault((span.start, span.end, ""), span)
    return spans, by_offsets, dropped


def _origin(item: dict) -> str:
    """The origin as given (even "", so our export round-trips), else ``import:jsonl``."""
    origin = item.get("origin")
    return origin if isinstance(origin, str) else "import:jsonl"


def _status(value: Any, default: Status, where: dict) -> Status:
    if value is None:
        return default
    if value not in Status._value2member_map_:
        raise InputError(f"unknown status {value!r}; use accepted, suggested or rejected", **where)
    return Status(value)


def _relations(
    record: dict, spans: list[Span], by_offsets: dict, dropped: set[str], text: str, options: ImportOptions, default: Status, where: dict
) -> list[Relation]:
    items = record.get("relations") or []
    if not isinstance(items, list):
        raise InputError("\"relations\" must be a list", **where)
    by_id = {s.id: s for s in spans}
    tokens: list[tuple[int, int]] | None = None
    relations: list[Relation] = []
    for item in items:
        if not isinstance(item, dict) or "head" not in item or "child" not in item:
            raise InputError("each relation needs \"head\" and \"child\"", **where)
        label = item.get("label")
        if not isinstance(label, str) or not label:
            raise InputError("a relation has no label", **where)
        label = options.map_label(label)
        if not label:
            continue
        ends = []
        for end_key in ("head", "child"):
            ref = item[end_key]
            if isinstance(ref, str):
                span = by_id.get(ref)
                if span is None and ref in dropped:
                    break  # its label was dropped by --label-map
                if span is None:
                    raise InputError(f"relation {label}: {end_key} {ref!r} is not the id of a span of this article", **where)
            elif isinstance(ref, int) and not isinstance(ref, bool):
                if tokens is None:
                    tokens = _token_offsets(record, text)
                span = _span_for_token(ref, item.get(f"{end_key}_span"), tokens, by_offsets, spans, text, options, default, where)
            else:
                raise InputError(f"relation {label}: {end_key} must be a span id or a token index", **where)
            if span is None:  # its label was dropped by --label-map
                break
            ends.append(span)
        if len(ends) != 2:
            continue
        attrs = item.get("attrs", {})
        rel_id = item.get("id")
        relations.append(
            Relation(
                id=rel_id if isinstance(rel_id, str) and rel_id else new_id(), article_id=0, head=ends[0].id,
                child=ends[1].id, label=label, status=_status(item.get("status"), default, where),
                origin=_origin(item), attrs=attrs if isinstance(attrs, dict) else {},
            )
        )
    return relations


def _token_offsets(record: dict, text: str) -> list[tuple[int, int]]:
    given = record.get("tokens")
    if isinstance(given, list) and all(isinstance(t, dict) and "start" in t and "end" in t for t in given):
        return [(t["start"], t["end"]) for t in given]
    return [(t.idx, t.idx + len(t.text)) for t in tokenizer()(text)]


def _span_for_token(
    index: int, described: Any, tokens: list[tuple[int, int]], by_offsets: dict, spans: list[Span],
    text: str, options: ImportOptions, default: Status, where: dict,
) -> Span | None:
    """The span a Prodigy relation end points at: by its ``head_span``/``child_span`` offsets when
    given, else the span whose last token is ``index`` (Prodigy's convention); a relation between
    bare tokens gets a span made from the token range it describes."""
    if isinstance(described, dict) and isinstance(described.get("start"), int) and isinstance(described.get("end"), int):
        start, end = described["start"], described["end"]
        label = described.get("label") or ""
        found = by_offsets.get((start, end, label)) or by_offsets.get((start, end, ""))
        if found is not None:
            return found
        mapped = options.map_label(label) if label else "TOKEN"
        if not mapped:
            return None
        check_span(text, start, end, mapped, path=where["path"], line=where["line"], what="relation end")
    else:
        if not 0 <= index < len(tokens):
            raise InputError(f"relation points at token {index}, but the text has {len(tokens)} tokens", **where)
        start, end = tokens[index]
        for span in spans:  # Prodigy points a relation at the span's last token
            if span.start < end and start < span.end and (index + 1 == len(tokens) or tokens[index + 1][0] >= span.end):
                return span
        mapped = "TOKEN"
    span = Span(id=new_id(), article_id=0, start=start, end=end, label=mapped, layer=options.layer_of(mapped),
                status=default, origin="import:jsonl")
    spans.append(span)
    by_offsets[(start, end, mapped)] = span
    by_offsets.setdefault((start, end, ""), span)
    return span


def _doc(doc: Any, where: dict) -> tuple[list[Stance], list[Tag]]:
    if not isinstance(doc, dict):
        raise InputError("\"doc\" must be a JSON object with \"tags\" and \"stances\"", **where)
    tags = [Tag(id=new_id(), article_id=0, tag=str(t), origin="import:jsonl") for t in doc.get("tags") or []]
    stances = []
    for item in doc.get("stances") or []:
        if not isinstance(item, dict):
            raise InputError("each stance must be a JSON object", **where)
        stances.append(
            Stance(
                id=str(item.get("id") or new_id()), article_id=0, holder=str(item.get("holder", "")),
                target=str(item.get("target", "")), polarity=str(item.get("polarity", "")),
                status=_status(item.get("status"), Status.ACCEPTED, where),
                origin=_origin(item), attrs=dict(item.get("attrs") or {}),
            )
        )
    return stances, tags


# ============================================================================ export


def record_of(bundle: ArticleBundle, *, tokens: bool = False, doc: Any = None) -> dict[str, Any]:
    """The JSONL object of one article (see the module docstring). ``doc``: the article already
    tokenised by :func:`~annotator.formats.common.tokenizer`, when the caller has it."""
    a = bundle.article
    if doc is None and (bundle.spans or tokens):
        doc = tokenizer()(a.text)  # only articles with spans pay for tokenising
    spans_by_id = {s.id: s for s in bundle.spans}
    out: dict[str, Any] = {
        "id": a.id, "title": a.title, "text": a.text, "meta": dict(a.meta),
        "publisher": a.publisher, "url": a.url, "published": a.published, "status": str(a.status),
    }
    if tokens and doc is not None:
        out["tokens"] = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc
        ]
    out["spans"] = [_span_json(s, a.text, doc) for s in bundle.spans]
    out["relations"] = [
        {
            "id": r.id, "head": r.head, "child": r.child, "label": r.label, "status": str(r.status),
            "origin": r.origin, "attrs": dict(r.attrs),
            "head_span": _brief(spans_by_id[r.head]), "child_span": _brief(spans_by_id[r.child]),
        }
        for r in bundle.relations
    ]
    out["doc"] = {
        "tags": [t.tag for t in bundle.tags],
        "stances": [
            {"id": s.id, "holder": s.holder, "target": s.target, "polarity": s.polarity, "status": str(s.status),
             "origin": s.origin, "attrs": dict(s.attrs)}
            for s in bundle.stances
        ],
    }
    return out


def _span_json(span: Span, text: str, doc: Any) -> dict[str, Any]:
    token_start, token_end = token_bounds(doc, span.start, span.end)
    return {
        "id": span.id, "start": span.start, "end": span.end, "text": text[span.start : span.end],
        "label": span.label, "layer": span.layer, "status": str(span.status), "origin": span.origin,
        "attrs": dict(span.attrs), "token_start": token_start, "token_end": token_end,
    }


def _brief(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label}


def write(bundles: Iterable[ArticleBundle], out: IO[str], *, tokens: bool = False) -> int:
    """Write one line per article, streaming; returns the number of articles."""
    n = 0
    for bundle in bundles:
        out.write(json.dumps(record_of(bundle, tokens=tokens), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
