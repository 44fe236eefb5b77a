"""JSONL: one article a line. Reads plain ``{"text", "meta"}`` lines, Prodigy output, our own
export, and (handed to their modules) doccano and Label Studio records; writes our export, whose
keys follow Prodigy's where Prodigy has them.

Our line (see docs/formats.md)::

    {"id", "title", "text", "meta", "publisher", "url", "published", "status",
     "spans": [{"id", "start", "end", "text", "label", "layer", "status", "origin", "by", "created",
                "updated", "attrs", "token_start", "token_end", ["suggestion": {"start", "end", "label"}]}],
     "relations": [{"id", "head", "child", "label", "status", "origin", "by", "created", "updated", "attrs",
                    "head_span": {"start", "end", "label"}, "child_span": {...},
                    ["suggestion": {"head", "child", "label"}]}],
     "doc": {"tags": [{"id", "tag", "origin", "by", "created"}],
             "stances": [{"id", "holder", "holder_span", "target", "polarity", "evidence", "status", "origin",
                          "by", "created", "updated", "attrs", ["suggestion": {"holder", "target", "polarity"}]}]}}

``by`` is who made the last decision, ``created``/``updated`` UTC ISO 8601 times, ``suggestion``
(only on a machine suggestion an analyst then changed) what the machine had proposed.
``head``/``child`` are span ids in our lines and token indices in Prodigy's (told apart by type).
A stance's ``holder_span`` and ``evidence`` are ids of spans of the same line ("" for none); the
evidence must be a quote or claim span (layer ``quote``/``claim``), or the line is refused.
Reading never coerces: a field of the wrong type is refused naming its key; unknown keys are kept
(``meta``, ``attrs``), and keys that look like annotations in a form we do not read are refused.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import json.encoder
import struct
import sys
from bisect import bisect_left, bisect_right
from itertools import compress
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InputError
from annotator.domain.provenance import IMPORT_KEY, reserved_clash
from annotator.domain.spelling import schema_spelling
from annotator.domain.stance_rule import can_be_evidence
from annotator.domain.model import (
    Article,
    ArticleBundle,
    ArticleStatus,
    Layer,
    Relation,
    Span,
    Stance,
    Status,
    Tag,
    guess_title,
    new_id,
)
from annotator.formats import doccano, labelstudio
from annotator.formats.common import (
    bom_encoding,
    ANNOTATION_LIKE_KEYS,
    BLANK,
    MAX_JSON_DEPTH,
    ExportReport,
    ImportOptions,
    Item,
    ReviewedBundle,
    annotation_like,
    check_not_binary,
    check_span,
    decode,
    expect_dict,
    expect_list,
    expect_str,
    is_blank,
    json_depth,
    NonStandardNumber,
    non_standard_number_error,
    parse_json,
    reject_constant,
    RepeatedKey,
    repeated_key_error,
    unique_keys,
    tokenizer,
)
from annotator.formats.spacy_tokens import split_arrays, token_bounds_all, trim_whitespace
from annotator.formats.stream import _json_object, span_count, span_rows
from annotator.formats.token_store import SPACE_AFTER, Tokens, TokenSource, tokens_of_bundle, tokens_of_doc
from annotator.storage.suggestions_log import SUGGESTION_FIELDS, changed_suggestion

ARTICLE_FIELDS = ("title", "publisher", "url", "published")
_ENTITY = Layer.ENTITY.value  # a span's layer as stored (a row's text) and as a record holds it (a StrEnum equals its value)
# Top-level keys we read; any other key goes into meta (those starting with "_" are Prodigy's
# hashes and session data), except keys that look like annotations in a form we do not read.
KNOWN_KEYS = frozenset({"id", "text", "meta", "status", "analyst_status", "spans", "relations", "doc", "tokens", "answer", *ARTICLE_FIELDS})
DECISION_KEYS = ("by", "created", "updated", "analyst")  # analyst: the record's layer (export --layer all, docs/team.md)
SPAN_KEYS = frozenset({"id", "start", "end", "text", "label", "layer", "status", "origin", "attrs", "token_start", "token_end",
                       "suggestion", *DECISION_KEYS})
RELATION_KEYS = frozenset({"id", "head", "child", "label", "status", "origin", "attrs", "head_span", "child_span", "suggestion",
                           *DECISION_KEYS})
STANCE_KEYS = frozenset({"id", "holder", "holder_span", "target", "polarity", "evidence", "status", "origin", "attrs", "suggestion", *DECISION_KEYS})
TAG_KEYS = frozenset({"id", "tag", "origin", "by", "created", "analyst"})
ANSWER_STATUS = {"accept": Status.ACCEPTED, "reject": Status.REJECTED, "ignore": Status.SUGGESTED}
ANSWER_ARTICLE = {"accept": ArticleStatus.DONE, "reject": ArticleStatus.DONE, "ignore": ArticleStatus.NEW}


# ============================================================================ import


def read(path: Path, options: ImportOptions) -> Iterator[Item]:
    """One item per non-blank line; errors name the line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Item(error=InputError(f"cannot be read ({exc.strerror}); check the path and its permissions", path=str(path)))
        return
    seen = False
    with fh:
        first = fh.read(8192)
        try:
            check_not_binary(first, path, options.encoding)
        except InputError as exc:
            yield Item(error=exc)
            return
        fh.seek(0)
        wide = _wide_encoding(first, options.encoding)
        if wide is not None:
            # UTF-16/32 cannot be split at b"\n" (a newline is two or four bytes): decode first.
            try:
                text = decode(fh.read(), path, wide)
            except InputError as exc:
                yield Item(error=exc)
                return
            if text.lstrip().startswith("["):
                yield from _read_array(text.encode("utf-8"), path, dataclasses.replace(options, encoding="utf-8"))
                return
            lines: Iterable[str | bytes] = text.split("\n")
        elif first.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"["):
            yield from _read_array(fh.read(), path, options)
            return
        else:
            lines = fh
        for number, raw in enumerate(lines, start=1):
            if number == 1 and isinstance(raw, bytes):
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            seen = True
            try:
                line = raw if isinstance(raw, str) else decode(raw, path, options.encoding, line_offset=number - 1, strip_bom=False)
                record = parse_json(line, path, number)
                yield _item(record, options, path=path, line=number)
            except InputError as exc:
                yield Item(error=exc)
    if not seen:
        yield Item(error=InputError("is empty (no JSON lines); each line should be {\"text\": ..., \"meta\": {...}}", path=str(path)))


def _wide_encoding(head: bytes, encoding: str) -> str | None:
    """The codec to decode the whole file with when it is UTF-16/32 (asked for, or — with the
    default UTF-8 — announced by a UTF-16 byte-order mark, as for .txt); None for byte-line reading."""
    name = codecs.lookup(encoding).name
    if name.startswith(("utf-16", "utf-32")):
        return encoding
    found = bom_encoding(head, encoding)
    return found if found != encoding else None


def _read_array(data: bytes, path: Path, options: ImportOptions) -> Iterator[Item]:
    """A ``.json`` file holding one JSON array of records (doccano, Label Studio-like dumps);
    errors name the line where the bad record starts."""
    try:
        text = decode(data, path, options.encoding)
        decoder = json.JSONDecoder(parse_constant=reject_constant, object_pairs_hook=unique_keys)
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
            except NonStandardNumber as exc:
                raise non_standard_number_error(exc, path, line) from None
            except RepeatedKey as exc:
                raise repeated_key_error(exc, path, line) from None
            except RecursionError:
                record = too_deep = True
            else:
                too_deep = json_depth(record) > MAX_JSON_DEPTH
            if too_deep:
                raise InputError(
                    f"nests JSON values more than {MAX_JSON_DEPTH} levels deep; no annotation format needs that: flatten the record",
                    path=str(path), line=line,
                )
            count += 1
            try:
                yield _item(record, options, path=path, line=line)
            except InputError as exc:
                yield Item(error=exc)
        if count == 0:
            raise InputError("holds an empty JSON array: nothing to import", path=str(path))
    except InputError as exc:
        yield Item(error=exc)


def _item(record: Any, options: ImportOptions, *, path: Path, line: int | None) -> Item:
    return Item(bundle=bundle_from_record(record, options, path=path, line=line), path=str(path), line=line,
                annotated=states_annotations(record))


def states_annotations(record: Any) -> bool:
    """Whether a JSON record states its article's annotations, none included: ours and Prodigy's
    ``spans``/``relations``/``doc``, doccano's ``entities``/``label`` lists/``cats``, Label Studio's
    ``annotations`` (``completions``). A record of text alone states nothing: imported into an
    analyst's layer it leaves that layer of the article as it is (fix11i, docs/team.md)."""
    if not isinstance(record, dict):
        return False
    if labelstudio.looks_like(record):
        return any(key in record for key in labelstudio.ANNOTATION_LISTS)
    return doccano.looks_like(record) or any(key in record for key in ("spans", "relations", "doc"))


def bundle_from_record(record: Any, options: ImportOptions, *, path: Path, line: int | None) -> ArticleBundle:
    """The article bundle of one JSON record: ours, Prodigy's or plain; doccano and Label Studio
    records are handed to their readers. Raises :class:`InputError` naming the key at fault."""
    where = {"path": str(path), "line": line}
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object with a \"text\" key, got {type(record).__name__}", **where)
    if IMPORT_KEY in record:
        # fix44 (usertest30 H1): a top-level "_import" was left out as a Prodigy "_" key (plain and
        # Prodigy records) or stored as if it were our provenance (doccano): refused for every kind
        # of record, as a CSV column and a Label Studio task key of that name are (fix41)
        raise InputError(f"{reserved_clash('key')}, then import again", **where)
    if labelstudio.looks_like(record):
        return labelstudio.bundle_from_task(record, options, where)
    if doccano.looks_like(record):
        return doccano.bundle_from_record(record, options, where)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("has no \"text\" string; each line needs {\"text\": ...}", **where)
    if is_blank(text):
        raise InputError(f"has an empty \"text\" ({BLANK}); add the article's text or remove the record", **where)
    meta = dict(expect_dict(record.get("meta"), "meta", where))
    for key, value in record.items():
        if key in KNOWN_KEYS or key.startswith("_"):
            continue
        if key in ANNOTATION_LIKE_KEYS or (key == "label" and not isinstance(value, str)):
            raise annotation_like(key, where)
        if key in meta:
            raise InputError(f"has {key!r} both at the top level and in \"meta\"; keep one", **where)
        meta[key] = value  # not ours, not Prodigy's: kept, never dropped
    answer = expect_str(record.get("answer"), "answer", where)
    if answer is not None and answer not in ANSWER_STATUS:
        raise InputError(f"unknown \"answer\" {answer!r}; Prodigy's answers are accept, reject and ignore", **where)
    span_status = ANSWER_STATUS[answer] if answer is not None else Status.ACCEPTED
    status = expect_str(record.get("status"), "status", where)
    if status is not None:
        if status not in ArticleStatus._value2member_map_:
            raise InputError(f"unknown article \"status\" {status!r}; use new, in_progress, done or reviewed", **where)
        article_status = ArticleStatus(status)
    else:
        article_status = ANSWER_ARTICLE[answer] if answer is not None else ArticleStatus.NEW
    fields = {k: expect_str(record.get(k), k, where) for k in ARTICLE_FIELDS}
    title = fields["title"] if fields["title"] is not None else guess_title(text)
    article = Article(
        id=None, text=text, title=title, publisher=fields["publisher"] or "", url=fields["url"] or "",
        published=fields["published"] or "", meta=meta, status=article_status,
    )
    decided = _prodigy_decision(record, where)
    suggestions: dict[str, dict[str, Any]] = {}
    spans, by_offsets, dropped = _spans(expect_list(record.get("spans"), "spans", where), text, options, span_status, decided,
                                        suggestions, where)
    relations = _relations(record, spans, by_offsets, dropped, text, options, span_status, decided, suggestions, where)
    stances, tags = _doc(record.get("doc"), suggestions, where, {s.id: s for s in spans}, dropped,
                         polarities=options.schema.stance_polarities if options.schema is not None else None)
    return ReviewedBundle(article=article, spans=spans, relations=relations, stances=stances, tags=tags, suggestions=suggestions,
                          status_stated=status is not None or answer is not None,
                          layer_statuses=_analyst_statuses(record.get("analyst_status"), where))


def _analyst_statuses(value: Any, where: dict[str, Any]) -> dict[str, str]:
    """An ``export --layer all`` line's ``"analyst_status"`` (fix11o): analyst → that analyst's
    status of the article, "" for null (the analyst has a layer of the article, with no status ever
    stated: fix11r); {} when absent. Each analyst named has a layer of the article, even with no
    records in the line. Raises :class:`InputError` for anything else."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in value.items()):
        raise InputError('"analyst_status" must be an object of analyst name → article status (or null)', **where)
    value = {name: status or "" for name, status in value.items()}
    for name, status in value.items():
        if status and status not in ArticleStatus._value2member_map_:
            raise InputError(f'unknown article status {status!r} for {name!r} in "analyst_status"; use new, in_progress, done or reviewed',
                             **where)
    return dict(value)


def _prodigy_decision(record: dict, where: dict) -> dict[str, str]:
    """Who and when from Prodigy's ``_annotator_id`` and ``_timestamp`` (Unix seconds), as the
    default ``by``/``updated`` of the record's annotations."""
    found: dict[str, str] = {}
    annotator = record.get("_annotator_id")
    if annotator is not None:
        found["by"] = expect_str(annotator, "_annotator_id", where) or ""
    stamp = record.get("_timestamp")
    if stamp is not None:
        if not isinstance(stamp, int | float) or isinstance(stamp, bool):
            raise InputError(f"\"_timestamp\" must be Unix seconds, not {stamp!r}", **where)
        try:
            found["updated"] = datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="milliseconds")
        except (OverflowError, OSError, ValueError):
            raise InputError(f"\"_timestamp\" {stamp!r} is not a time (Unix seconds)", **where) from None
    return found


def _decision(item: dict, what: str, decided: dict[str, str], where: dict) -> dict[str, str]:
    """``by``/``created``/``updated`` of one annotation (strings; "" when not given)."""
    out = {}
    for key in DECISION_KEYS:
        value = expect_str(item.get(key), key, where, context=what)
        out[key] = value if value is not None else decided.get(key, "")
    if not out["created"]:
        out["created"] = out["updated"]
    out["analyst"] = _layer_name(out["analyst"]) if item.get("analyst") is not None else ""  # never the line's default
    return out


def _layer_name(analyst: str) -> str:
    """The layer a record's ``"analyst"`` names: ``"gold"`` (an ``export --layer all`` line's gold
    records; no analyst may be called so) is the gold layer, ""."""
    return "" if analyst == "gold" else analyst


def _suggestion(item: dict, kind: str, what: str, where: dict) -> dict[str, Any] | None:
    """The machine's original of an annotation (our export's ``suggestion`` key), checked."""
    value = item.get("suggestion")
    if value is None:
        return None
    value = expect_dict(value, "suggestion", where, context=what)
    fields = SUGGESTION_FIELDS[kind]
    if set(value) != set(fields):
        raise InputError(f"{what}: \"suggestion\" must have exactly the keys {', '.join(fields)}", **where)
    for key in fields:
        wanted = int if key in ("start", "end") else str
        if not isinstance(value[key], wanted) or isinstance(value[key], bool):
            raise InputError(f"{what}: \"suggestion.{key}\" must be {'an integer' if wanted is int else 'a string'}", **where)
    return value


def _extra_attrs(item: dict, known: frozenset[str], what: str, where: dict) -> dict[str, Any]:
    """``attrs`` plus every key of ``item`` we do not know (kept as attributes, never dropped)."""
    attrs = dict(expect_dict(item.get("attrs"), "attrs", where, context=what))
    for key, value in item.items():
        if key not in known and not key.startswith("_"):
            if key in attrs:
                raise InputError(f"{what} has {key!r} both as a key and in \"attrs\"; keep one", **where)
            attrs[key] = value
    return attrs


def _spans(
    items: list[Any], text: str, options: ImportOptions, default_status: Status, decided: dict[str, str],
    suggestions: dict[str, dict[str, Any]], where: dict,
) -> tuple[list[Span], dict[tuple[int, int, str], Span], set[str]]:
    """The spans of a record, by offsets and label too, and the ids of those --label-map drops."""
    spans: list[Span] = []
    by_offsets: dict[tuple[int, int, str], Span] = {}
    self_ids: set[str] = set()
    dropped: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise InputError("each span must be a JSON object with start, end and label", **where)
        check_span(text, item.get("start"), item.get("end"), item.get("label"), quoted=expect_str(item.get("text"), "spans[].text", where),
                   path=where["path"], line=where["line"])
        what = f"span {item['label']} [{item['start']}, {item['end']})"
        given_id = expect_str(item.get("id"), "id", where, context=what)
        label = options.map_label(item["label"])
        if not label:
            if given_id:
                dropped.add(given_id)  # relations to it are left out too
            continue
        layer = expect_str(item.get("layer"), "layer", where, context=what)
        span = Span(
            id=given_id or new_id(), article_id=0,
            start=item["start"], end=item["end"], label=label,
            layer=layer if layer and label == item["label"] else options.layer_of(label),
            status=_status(item.get("status"), default_status, where), origin=_origin(item, what, where),
            attrs=_extra_attrs(item, SPAN_KEYS, what, where), **_decision(item, what, decided, where),
        )
        if span.id in self_ids:
            raise InputError(f"span id {span.id!r} appears twice in the article", **where)
        self_ids.add(span.id)
        original = _suggestion(item, "span", what, where)
        if original is not None:
            suggestions[span.id] = original
        spans.append(span)
        by_offsets.setdefault((span.start, span.end, item["label"]), span)
        by_offsets.setdefault((span.start, span.end, ""), span)
    return spans, by_offsets, dropped


def _origin(item: dict, what: str, where: dict) -> str:
    """The origin as given (even "", so our export round-trips), else ``import:jsonl``."""
    origin = expect_str(item.get("origin"), "origin", where, context=what)
    return origin if origin is not None else "import:jsonl"


def _status(value: Any, default: Status, where: dict) -> Status:
    if value is None:
        return default
    if not isinstance(value, str) or value not in Status._value2member_map_:
        raise InputError(f"unknown status {value!r}; use accepted, suggested or rejected", **where)
    return Status(value)


def _relations(
    record: dict, spans: list[Span], by_offsets: dict, dropped: set[str], text: str, options: ImportOptions, default: Status,
    decided: dict[str, str], suggestions: dict[str, dict[str, Any]], where: dict,
) -> list[Relation]:
    items = expect_list(record.get("relations"), "relations", where)
    by_id = {s.id: s for s in spans}
    tokens: list[tuple[int, int]] | None = None
    relations: list[Relation] = []
    for item in items:
        if not isinstance(item, dict) or "head" not in item or "child" not in item:
            raise InputError("each relation needs \"head\" and \"child\"", **where)
        label = item.get("label")
        if not isinstance(label, str) or not label:
            raise InputError("a relation has no label", **where)
        what = f"relation {label}"
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
                    tokens = _token_offsets(record, text, where)
                span = _span_for_token(ref, item.get(f"{end_key}_span"), tokens, by_offsets, spans, text, options, default, where)
            else:
                raise InputError(f"relation {label}: {end_key} must be a span id or a token index", **where)
            if span is None:  # its label was dropped by --label-map
                break
            ends.append(span)
        if len(ends) != 2:
            continue
        rel_id = expect_str(item.get("id"), "id", where, context=what)
        relation = Relation(
            id=rel_id or new_id(), article_id=0, head=ends[0].id,
            child=ends[1].id, label=label, status=_status(item.get("status"), default, where),
            origin=_origin(item, what, where), attrs=_extra_attrs(item, RELATION_KEYS, what, where),
            **_decision(item, what, decided, where),
        )
        original = _suggestion(item, "relation", what, where)
        if original is not None:
            suggestions[relation.id] = original
        relations.append(relation)
    return relations


def _token_offsets(record: dict, text: str, where: dict) -> list[tuple[int, int]]:
    """Prodigy's ``tokens`` as (start, end) pairs, or the ``spacy.blank("en")`` tokens of the text."""
    given = record.get("tokens")
    if given is None:
        return [(t.idx, t.idx + len(t.text)) for t in tokenizer()(text)]
    for token in expect_list(given, "tokens", where):
        start, end = (token.get("start"), token.get("end")) if isinstance(token, dict) else (None, None)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise InputError(f"each of \"tokens\" needs integer \"start\" and \"end\", not {token!r}", **where)
    return [(t["start"], t["end"]) for t in given]


def _span_for_token(
    index: int, described: Any, tokens: list[tuple[int, int]], by_offsets: dict, spans: list[Span],
    text: str, options: ImportOptions, default: Status, where: dict,
) -> Span | None:
    """The span a Prodigy relation end points at: by its ``head_span``/``child_span`` offsets when
    given, else the span whose last token is ``index`` (Prodigy's convention); a relation between
    bare tokens gets a span made from the token range it describes."""
    if isinstance(described, dict) and isinstance(described.get("start"), int) and isinstance(described.get("end"), int):
        start, end = described["start"], described["end"]
        label = expect_str(described.get("label"), "relations[].head_span.label", where) or ""
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


def _doc(
    doc: Any, suggestions: dict[str, dict[str, Any]], where: dict, spans: dict[str, Span] | None = None, dropped: set[str] | None = None,
    *, polarities: Sequence[str] | None = None,
) -> tuple[list[Stance], list[Tag]]:
    """The ``doc`` object's stances and tags. ``polarities``: the project schema's; a stance's
    polarity is taken in the schema's spelling when it matches one ignoring case ("FAVOR" →
    "favor"), and any other is refused (:class:`InputError`, naming the known ones)."""
    doc = expect_dict(doc, "doc", where)
    unknown = sorted(set(doc) - {"tags", "stances"})
    if unknown:
        raise InputError(f"\"doc\" has the key {unknown[0]!r}, which Annotator does not read; \"doc\" holds \"tags\" and \"stances\"", **where)
    tags = []
    for item in expect_list(doc.get("tags"), "doc.tags", where):
        if isinstance(item, str):
            tags.append(Tag(id=new_id(), article_id=0, tag=item, origin="import:jsonl"))
            continue
        item = expect_dict(item, "doc.tags[]", where)
        unknown = sorted(set(item) - TAG_KEYS)
        if unknown:
            raise InputError(f"a tag has the key {unknown[0]!r}; tags hold {', '.join(sorted(TAG_KEYS))}", **where)
        tag = expect_str(item.get("tag"), "doc.tags[].tag", where, optional=False)
        tag_id = expect_str(item.get("id"), "doc.tags[].id", where)
        origin = expect_str(item.get("origin"), "doc.tags[].origin", where)
        tags.append(Tag(
            id=tag_id or new_id(), article_id=0, tag=tag or "", origin=origin if origin is not None else "import:jsonl",
            created=expect_str(item.get("created"), "doc.tags[].created", where) or "",
            by=expect_str(item.get("by"), "doc.tags[].by", where) or "",
            analyst=_layer_name(expect_str(item.get("analyst"), "doc.tags[].analyst", where) or ""),
        ))
    stances = []
    for item in expect_list(doc.get("stances"), "doc.stances", where):
        if not isinstance(item, dict):
            raise InputError("each stance must be a JSON object", **where)
        what = "stance"
        fields = {k: expect_str(item.get(k), f"doc.stances[].{k}", where) or "" for k in ("holder", "target", "polarity", "holder_span", "evidence")}
        if polarities is not None and fields["polarity"]:
            fields["polarity"] = _known_polarity(fields, polarities, where)
        if not _stance_ends_known(fields, spans or {}, dropped or set(), where):
            continue  # its evidence's label was dropped by --label-map, as relations to it are
        stance = Stance(
            id=expect_str(item.get("id"), "doc.stances[].id", where) or new_id(), article_id=0, **fields,
            status=_status(item.get("status"), Status.ACCEPTED, where), origin=_origin(item, what, where),
            attrs=_extra_attrs(item, STANCE_KEYS, what, where), **_decision(item, what, {}, where),
        )
        original = _suggestion(item, "stance", what, where)
        if original is not None:
            suggestions[stance.id] = original
        stances.append(stance)
    return stances, tags


def _known_polarity(fields: dict[str, str], polarities: Sequence[str], where: dict) -> str:
    polarity = schema_spelling(fields["polarity"], polarities)
    if polarity not in polarities:
        raise InputError(f"stance of {fields['holder']!r} on {fields['target']!r}: polarity {polarity!r} is not one of the "
                         f"project's ({', '.join(polarities)}); use one of them, or add it to the schema first", **where)
    return polarity


def _stance_ends_known(fields: dict[str, str], spans: dict[str, Span], dropped: set[str], where: dict) -> bool:
    """Check a stance's ``holder_span`` and ``evidence`` against the spans of its line (``fields``
    may lose a holder span that --label-map dropped). False: its evidence was dropped so. Raises
    :class:`InputError` for an id that is not a span of the line, or evidence not a quote/claim."""
    for key in ("holder_span", "evidence"):
        ref = fields[key]
        if not ref or ref in spans:
            continue
        if ref in dropped:
            if key == "evidence":
                return False
            fields[key] = ""
            continue
        raise InputError(f"stance of {fields['holder']!r} on {fields['target']!r}: {key} {ref!r} is not the id of a span "
                         "of this article; give one of its spans' ids, or \"\" for none", **where)
    evidence = spans.get(fields["evidence"]) if fields["evidence"] else None
    if evidence is not None and not can_be_evidence(evidence):
        raise InputError(f"stance of {fields['holder']!r} on {fields['target']!r}: evidence {evidence.id!r} is a {evidence.label} "
                         "span; a stance rests on a quote or claim span (or \"\" for the article)", **where)
    return True


# ============================================================================ export


def record_of(bundle: ArticleBundle, *, tokens: bool = False, doc: Any = None) -> dict[str, Any]:
    """The JSONL object of one article (see the module docstring). ``doc``: the article already
    tokenised by :func:`~annotator.formats.common.tokenizer`, when the caller has it; else its
    stored tokens (:func:`annotator.formats.token_store.tokens_of_bundle`), made when missing. A
    :class:`ReviewedBundle` adds each changed machine suggestion as the record's ``suggestion``."""
    return _record(bundle, tokens=tokens, arrays=tokens_of_doc(doc) if doc is not None else None)


def _record(bundle: ArticleBundle, *, tokens: bool, arrays: Tokens | None) -> dict[str, Any]:
    """:func:`record_of`, with the article's tokens when the caller already has them."""
    a = bundle.article
    if arrays is None and (bundle.spans or tokens):
        arrays = tokens_of_bundle(bundle)  # only articles with spans need tokens
    spans = bundle.spans
    starts = stops = spaces = None
    firsts = lasts = [None] * len(spans)
    if arrays is not None:
        starts, stops, spaces = arrays.starts, arrays.stops(len(a.text)), arrays.spaces
        if spans:
            starts, stops, spaces, firsts, lasts = _exact_tokens(a.text, spans, starts, stops, spaces)
    spans_by_id = {s.id: s for s in bundle.spans}
    suggestions = bundle.suggestions if isinstance(bundle, ReviewedBundle) else {}
    out: dict[str, Any] = _article_item(a)
    if getattr(bundle, "status_unstated", False):  # fix11t: an analyst's status never stated is written null, read back as none
        out["status"] = None
    if tokens and arrays is not None:
        text = a.text
        out["tokens"] = [
            {"text": text[b:e], "start": b, "end": e, "id": i, "ws": ws}
            for i, (b, e, ws) in enumerate(zip(starts.tolist(), stops.tolist(), spaces.tolist()))  # type: ignore[union-attr]
        ]
    text = a.text
    # One dict display per span, the keys in the order the line has always had them (its's bytes); a suggestion or
    # an analyst's name is added only to the few spans that have one.
    out["spans"] = span_items = [
        {"id": s.id, "start": s.start, "end": s.end, "text": text[s.start : s.end], "label": s.label, "layer": s.layer,
         "status": str(s.status), "origin": s.origin, "by": s.by, "created": s.created, "updated": s.updated,
         "attrs": dict(s.attrs), "token_start": first, "token_end": last}
        for s, first, last in zip(spans, firsts, lasts)
    ]
    if suggestions or any(s.analyst for s in spans):
        for item, s in zip(span_items, spans):
            _layered(_with_suggestion(item, s, suggestions), s)
    out["relations"] = _relation_items(bundle, lambda span_id: _brief(spans_by_id[span_id]), suggestions)
    out["doc"] = _doc_item(bundle, suggestions)
    if bundle.layer_statuses:  # fix11o: --layer all: each analyst's own status of the article (the "status" is gold's)
        # fix11r: null — the analyst has a layer of the article but no status was ever stated for it
        out["analyst_status"] = {name: status or None for name, status in bundle.layer_statuses.items()}
    if gold_name := getattr(bundle, "gold_name", ""):  # cur11ui: --layer all names the gold layer too
        for item in (*out["spans"], *out["relations"], *out["doc"]["tags"], *out["doc"]["stances"]):
            item.setdefault("analyst", gold_name)
    return out


def _exact_tokens(text: str, spans: Sequence[Span], starts: Any, stops: Any, spaces: Any) -> tuple[Any, Any, Any, list[int], list[int]]:
    """``(starts, stops, spaces, token_starts, token_ends)``: the article's tokens (arrays, as
    :class:`Tokens` gives them) and each span's first and last token (inclusive, Prodigy's
    convention) on them. fix33: a span edge inside a token (“The, Farm”—) or on its trailing space
    splits the tokens there as the DocBin export splits them (:func:`split_arrays`), so that each
    span is exactly its tokens, never more; the tokens of an article without one stay as stored
    (one check of the edges, most articles)."""
    import numpy

    opens = numpy.fromiter((s.start for s in spans), dtype=numpy.int64, count=len(spans))
    closes = numpy.fromiter((s.end for s in spans), dtype=numpy.int64, count=len(spans))
    first = numpy.searchsorted(starts, opens, side="right") - 1
    last = numpy.searchsorted(starts, closes - 1, side="right") - 1
    # a span before the first token (first == -1) compares with the last token's start: not equal
    if (bool((starts[first] == opens).all()) and bool((stops[last] == closes).all())
            and not any(_blank_edged_entity(text, s.layer, s.start, s.end) for s in spans)):
        return starts, stops, spaces, first.tolist(), last.tolist()  # = token_bounds_all's, every edge a token edge
    plan = split_arrays(starts, stops, spaces, *_split_edges(text, spans))
    if plan is not None:
        starts, stops, spaces = plan
    firsts, lasts = token_bounds_all(starts, stops, opens, closes)
    return starts, stops, spaces, firsts, lasts


def _blank_edged_entity(text: str, layer: str, start: int, end: int) -> bool:
    """Whether a span of ``layer`` over ``[start, end)`` is an entity with whitespace at an edge:
    the DocBin export cuts tokens at its trimmed edges too (fix33)."""
    return layer == _ENTITY and (text[start].isspace() or text[end - 1].isspace())


def _split_edges(text: str, spans: Sequence[Span]) -> tuple[list[int], list[int]]:
    """``(opens, closes)``: the code points where tokens must start and end — every span's
    ``start``/``end``, then each entity's without whitespace at its edges — the edges the DocBin
    export splits tokens at (:func:`annotator.formats.docbin_arrays` ``_article``), so that both
    exports hold the same tokens."""
    opens = [s.start for s in spans]
    closes = [s.end for s in spans]
    for s in spans:
        if _blank_edged_entity(text, s.layer, s.start, s.end):
            bounds = trim_whitespace(text, s.start, s.end)
            if bounds is not None:
                opens.append(bounds[0])
                closes.append(bounds[1])
    return opens, closes


def _article_item(a: Article) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "text": a.text, "meta": dict(a.meta),
            "publisher": a.publisher, "url": a.url, "published": a.published, "status": str(a.status)}


def _relation_items(bundle: ArticleBundle, brief: Any, suggestions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The line's ``relations``; ``brief(span id)`` is ``{"start", "end", "label"}`` of an end."""
    return [
        _with_suggestion({
            "id": r.id, "head": r.head, "child": r.child, "label": r.label, "status": str(r.status),
            "origin": r.origin, "by": r.by, "created": r.created, "updated": r.updated, "attrs": dict(r.attrs),
            "head_span": brief(r.head), "child_span": brief(r.child),
        }, r, suggestions) | _layer_of(r)
        for r in bundle.relations
    ]


def _doc_item(bundle: ArticleBundle, suggestions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The line's ``doc``: tags and stances."""
    return {
        "tags": [_layered({"id": t.id, "tag": t.tag, "origin": t.origin, "by": t.by, "created": t.created}, t) for t in bundle.tags],
        "stances": [
            _with_suggestion({
                "id": s.id, "holder": s.holder, "holder_span": s.holder_span, "target": s.target, "polarity": s.polarity,
                "evidence": s.evidence, "status": str(s.status), "origin": s.origin, "by": s.by, "created": s.created, "updated": s.updated, "attrs": dict(s.attrs),
            }, s, suggestions) | _layer_of(s)
            for s in bundle.stances
        ],
    }


# ---------------------------------------------------------------------------- the line from span rows

_STATUS_JSON = {s.value: f'"{s.value}"' for s in Status}
_NO_DOC = '{"tags": [], "stances": []}'


class _Quoted(dict):  # type: ignore[type-arg]
    """Stored value → the JSON string a record's field of it becomes (NULL and other empty values
    read as "", as :func:`annotator.formats.stream.fast_reader` reads them), kept: a project's
    labels, layers, origins, names and times repeat across its spans. A value that is no text
    raises TypeError (the caller then writes the article the general way)."""

    LIMIT = 50_000  # entries kept before starting again (times of hand-made spans rarely repeat)

    def __init__(self) -> None:
        super().__init__()
        #: a span row's ``label … by`` values (``row[4:12]``) → its line's ``"label": … "attrs": {}, ``
        #: part; only combinations every value of which was quoted (text or NULL) are kept
        self.middles: dict[tuple, str] = {}

    def __missing__(self, value: Any) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
            self.middles.clear()
        quoted = self[value] = _encode_str(value or "")
        return quoted


class _TokenTexts(dict):  # type: ignore[type-arg]
    """A token's text → the start of its JSON object up to its start offset
    (``{"text": "said", "start": ``), kept: words repeat across a project's articles."""

    LIMIT = 200_000  # distinct token texts kept before starting again (~20 MB)

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        made = self[token] = f'{{"text": {_encode_str(token)}, "start": '
        return made


_WS_BIT = bytes(flag & SPACE_AFTER for flag in range(256))  # bytes.translate: a token's flag byte → 1 when a space follows, else 0
_NO_SPACE = bytes([1]) + bytes(255)  # bytes.translate of those 0/1 bytes: 1 where no space follows


class _TokenList:
    """Prodigy's ``tokens`` of ``--tokens`` lines as JSON text, the bytes :func:`json.dumps` makes
    of ``[{"text", "start", "end", "id", "ws"}, ...]`` (what :func:`record_of` holds), without a
    dict a token or the encoder's walk over it (perf30, issue 12: 4.5 million tokens at 10,000 FNC-1
    articles; under cProfile the dicts took 1.5 s and their encoding 4.6 s of the export's 12 s). Each token is
    four strings from look-ups, joined once: its text's part (:class:`_TokenTexts`), then
    ``START, "end": ``, ``END, "id": `` and ``ID, "ws": true}, `` kept in lists indexed by the
    number, so that no number is formatted again. One per export (the kept strings grow to the
    longest article, at most :data:`POSITIONS` entries a list; a longer article is formatted
    token by token)."""

    POSITIONS = 1 << 18  # code points (and token numbers) whose strings are kept: ~18 MB a list, 4 lists, at most

    def __init__(self) -> None:
        self._texts = _TokenTexts()
        self._starts: list[str] = []  # n → 'n, "end": '
        self._ends: list[str] = []  # n → 'n, "id": '
        self._ids: tuple[list[str], list[str]] = ([], [])  # space after (0/1) → n → 'n, "ws": false}, '

    def json(self, text: str, begins: Sequence[int], flags: bytes, cuts: Sequence[int]) -> str:
        """The ``tokens`` list (JSON text) of ``text`` whose stored tokens start at ``begins``
        (code points) with ``flags`` (:mod:`~annotator.formats.token_store`'s, one byte a token),
        split at ``cuts`` (ascending code points from :func:`_row_token_bounds_cuts`: each inside
        a token's text, or a token's trailing space that becomes a token) as
        :func:`~annotator.formats.spacy_tokens.split_arrays` splits them."""
        length = len(text)
        starts = begins.tolist() if isinstance(begins, memoryview) else list(begins)
        spaces = flags.translate(_WS_BIT)
        stops = list(map(int.__sub__, starts[1:] + [length], spaces))  # tokens and their single spaces tile the text
        if cuts:
            starts, stops, split_spaces = _split_at(starts, stops, spaces, cuts)
            spaces = bytes(split_spaces)
        n = len(starts)
        if not n:
            return "[]"
        if length >= self.POSITIONS or n >= self.POSITIONS:  # a book-length article: no lists that long kept
            return "[" + ", ".join(
                f'{{"text": {_encode_str(text[b:e])}, "start": {b}, "end": {e}, "id": {i}, "ws": {"true" if w else "false"}}}'
                for i, (b, e, w) in enumerate(zip(starts, stops, spaces))) + "]"
        self._grow(length + 1, n)  # offsets 0..length (a trailing space made a token ends at most there)
        pieces: list[str] = [""] * (4 * n)
        pieces[0::4] = map(self._texts.__getitem__, map(text.__getitem__, map(slice, starts, stops)))
        pieces[1::4] = map(self._starts.__getitem__, starts)
        pieces[2::4] = map(self._ends.__getitem__, stops)
        # "ws": true for most tokens: a copy of the true list, then the false ones put in (a third
        # of the look-ups, 15 against 46 ns a token)
        no, yes = self._ids
        ids = yes[:n]
        for k in compress(range(n), spaces.translate(_NO_SPACE)):
            ids[k] = no[k]
        pieces[3::4] = ids
        pieces[0] = "[" + pieces[0]
        pieces[-1] = pieces[-1][:-2] + "]"  # without the last token's ", ": one join, no copy of the list's text after it
        return "".join(pieces)

    def _grow(self, positions: int, tokens: int) -> None:
        """The kept strings cover offsets below ``positions`` and token numbers below ``tokens``."""
        if len(self._starts) < positions:  # doubled (fewer, larger steps), never past POSITIONS
            more = range(len(self._starts), max(positions, min(2 * len(self._starts), self.POSITIONS)))
            self._starts += [f'{k}, "end": ' for k in more]
            self._ends += [f'{k}, "id": ' for k in more]
        no, yes = self._ids
        if len(no) < tokens:
            more = range(len(no), max(tokens, min(2 * len(no), self.POSITIONS)))
            no += [f'{k}, "ws": false}}, ' for k in more]
            yes += [f'{k}, "ws": true}}, ' for k in more]


def _split_at(starts: list[int], stops: list[int], spaces: bytes, cuts: Sequence[int]) -> tuple[list[int], list[int], list[int]]:
    """The tokens ``starts``/``stops``/``spaces`` (0/1 a token) split at ``cuts`` (ascending;
    each strictly inside a token's text, or at a token's stop when its trailing space becomes a
    token of its own): :func:`~annotator.formats.spacy_tokens.split_arrays`' tokens, by a walk
    over the few cut tokens (tests/formats/test_jsonl_tokens_perf30.py compares them)."""
    new_starts: list[int] = []
    new_stops: list[int] = []
    new_spaces: list[int] = []
    done = i = 0
    count = len(cuts)
    while i < count:
        k = bisect_right(starts, cuts[i]) - 1
        new_starts += starts[done:k]
        new_stops += stops[done:k]
        new_spaces += spaces[done:k]
        begin, stop, space = starts[k], stops[k], spaces[k]
        edges = [begin]
        while i < count and cuts[i] < stop:  # inside the token's text: it is cut there
            edges.append(cuts[i])
            i += 1
        alone = i < count and cuts[i] == stop  # a span starts on its trailing space or ends right after it
        if alone:
            i += 1
        new_starts += edges
        new_stops += edges[1:]
        new_stops.append(stop)
        new_spaces += [0] * (len(edges) - 1)
        new_spaces.append(0 if alone else space)
        if alone:
            new_starts.append(stop)
            new_stops.append(stop + 1)
            new_spaces.append(0)
        done = k + 1
    new_starts += starts[done:]
    new_stops += stops[done:]
    new_spaces += spaces[done:]
    return new_starts, new_stops, new_spaces


def _attrs_json(stored: Any) -> str:
    """A span row's stored ``attrs`` (JSON text, NULL or ``{}`` for most) as the span record's
    ``"attrs"`` is written: read as :mod:`~annotator.formats.stream`'s reader reads it, then
    encoded. Raises ``ValueError``/``TypeError`` for one that is not a JSON object (the caller
    then writes the article the general way, which keeps or refuses it as it always has)."""
    if not stored or stored == "{}":
        return "{}"
    return _ENCODE(dict(_json_object(stored)))


def _span_line_part(bundle: ArticleBundle, rows: list[tuple], quoted: _Quoted,
                    token_list: _TokenList | None = None) -> str | None:
    """What :func:`record_of` + :func:`json.dumps` make of ``bundle`` (a
    :class:`~annotator.formats.stream.RowBundle` with span ``rows``), made straight from the rows:
    one f-string a span instead of a dict per span and the encoder's walk over it (issue 12: 4.4 s
    for 10,000 articles). ``token_list``: ``--tokens``, the line's Prodigy ``tokens`` written by it
    (perf30). A row's ``attrs`` (the pre-annotator's ``{"kind": ...}`` of every quote) is written
    as the span record's would be (perf30; until then such an article took the general way).
    None when a row is not plain — attrs that are not a JSON object, an analyst's record, a
    changed suggestion, a status that is none, a value of another type, a range the span record
    would refuse — for the caller to write the article the general way."""
    if getattr(bundle, "gold_name", "") or bundle.layer_statuses or getattr(bundle, "status_unstated", False):
        return None
    suggestions = bundle.suggestions if isinstance(bundle, ReviewedBundle) else {}
    a = bundle.article
    text = a.text
    status_json = _STATUS_JSON
    head = _ENCODE(_article_item(a))[:-1]
    begins = flags = cuts = None
    if rows:
        if suggestions and any(r[0] in suggestions for r in rows):
            return None
        # an analyst's row sends the article the general way: said before the tokens are read, or
        # a project without stored tokens would tokenise the article twice, here and there
        if any(r[12] for r in rows):
            return None
        begins, flags = _token_starts(bundle)
        found = _row_token_bounds_cuts(text, rows, begins, flags)
        if found is None:
            return None
        bounds, cuts = found
        parts = []
        middles = quoted.middles
        for row, (first, last) in zip(rows, bounds):
            sid, _, start, end, label, layer, status, origin, attrs, created, updated, by, analyst = row
            # label … attrs: one look-up of the row's values (the caller's cache), made once per combination
            key = row[4:12]
            middle = middles.get(key)
            if middle is None:
                if len(middles) >= _Quoted.LIMIT:
                    middles.clear()
                middle = middles[key] = (
                    f'"label": {quoted[label]}, "layer": {quoted[layer]}, "status": {status_json[status]}, '
                    f'"origin": {quoted[origin]}, "by": {quoted[by]}, "created": {quoted[created]}, '
                    f'"updated": {quoted[updated]}, "attrs": {_attrs_json(attrs)}, ')
            parts.append(f'{{"id": {_encode_str(sid)}, "start": {start}, "end": {end}, "text": {_encode_str(text[start:end])}, '
                         f'{middle}"token_start": {first}, "token_end": {last}}}')
        spans_json = ", ".join(parts)
    else:
        spans_json = ""
    if bundle.relations:
        by_id = {r[0]: r for r in rows}

        def brief(span_id: str) -> dict[str, Any]:  # only the relations' ends, not every span of the article
            r = by_id[span_id]
            return {"start": r[2], "end": r[3], "label": r[4] or ""}

        relations_json = _ENCODE(_relation_items(bundle, brief, suggestions))
    else:
        relations_json = "[]"
    doc_json = _ENCODE(_doc_item(bundle, suggestions)) if bundle.tags or bundle.stances else _NO_DOC
    tokens_json = ""
    if token_list is not None:
        if begins is None:
            begins, flags = _token_starts(bundle)
        # the line's largest part (~40 characters a token): put in the line once, not added to the head first
        tokens_json = f', "tokens": {token_list.json(text, begins, flags, cuts or ())}'
    return f'{head}{tokens_json}, "spans": [{spans_json}], "relations": {relations_json}, "doc": {doc_json}}}'


def _row_token_bounds(text: str, rows: list[tuple], begins: Sequence[int], flags: bytes) -> list[tuple[int, int]] | None:
    """``(token_start, token_end)`` of each span row (``row[2:4]`` its start and end, ``row[5]``
    its layer) on the article's tokens (``begins``/``flags``, :func:`_token_starts`) split at the
    span edges as :func:`~annotator.formats.spacy_tokens.split_arrays` splits them — what
    :func:`record_of` writes — by bisect, without building the split tokens (fix33). None for a
    range the span record would refuse or one before the first token (the general way then)."""
    found = _row_token_bounds_cuts(text, rows, begins, flags)
    return None if found is None else found[0]


def _row_token_bounds_cuts(text: str, rows: list[tuple], begins: Sequence[int], flags: bytes
                           ) -> tuple[list[tuple[int, int]], list[int]] | None:
    """:func:`_row_token_bounds` and the ascending code points where the stored tokens are split
    (each inside a token's text, or a token's trailing space that becomes a token of its own:
    :meth:`_TokenList.json` builds the split tokens from them)."""
    count, length = len(begins), len(text)
    bounds = []
    aligned = True
    for row in rows:
        start, end = row[2], row[3]
        if not 0 <= start < end <= length:
            return None
        # token_bounds_all of one span, by bisect (numpy's calls cost more than the search for
        # the 16 spans of a usual article, and the export then needs no numpy import at all)
        first = bisect_right(begins, start) - 1
        if first < 0:
            return None  # a span before the first token (or no tokens): the general way, token_bounds_all
        last = bisect_right(begins, end - 1) - 1
        after = last + 1
        # an edge inside a token or on its trailing space (Tokens.stops excludes it), or an entity
        # with whitespace at an edge (the DocBin export also cuts at its trimmed edges): split below
        if (begins[first] != start or end != (begins[after] if after < count else length) - (flags[last] & SPACE_AFTER)
                or _blank_edged_entity(text, row[5], start, end)):
            aligned = False
        bounds.append((first, last))
    if aligned:  # most articles: the stored tokens hold every span exactly
        return bounds, []
    # The split tokens' starts are the stored ones plus `cuts`: each edge strictly inside a token's
    # text, and the trailing space of a token a span starts on or ends after (split_arrays'
    # space_alone). A span's first token is then the number of split tokens starting before its
    # start (stored: `first`, plus one when the start is a cut), its last the number starting
    # before its end (stored: `last + 1`), less one.
    extra = set()
    edges = [(r[2], r[3], first, last) for r, (first, last) in zip(rows, bounds)]
    for row in rows:  # an entity's edges without whitespace: the DocBin export cuts there too
        start, end = row[2], row[3]
        if _blank_edged_entity(text, row[5], start, end):
            trimmed = trim_whitespace(text, start, end)
            if trimmed is not None:
                edges.append((*trimmed, bisect_right(begins, trimmed[0]) - 1, bisect_right(begins, trimmed[1] - 1) - 1))
    for start, end, first, last in edges:
        if begins[first] != start:  # inside token `first`'s text, or on its trailing space (a cut there is its stop)
            extra.add(start)
        stop = (begins[last + 1] if last + 1 < count else length) - (flags[last] & SPACE_AFTER)
        if end < stop:
            extra.add(end)
        elif end > stop:  # right after token `last`'s trailing space: the space becomes a token
            extra.add(stop)
    cuts = sorted(extra)
    return [(first + (begins[first] != start) + bisect_left(cuts, start), last + bisect_left(cuts, end))
            for (start, end, first, last) in edges[: len(rows)]], cuts


_NATIVE_U4 = sys.byteorder == "little" and struct.calcsize("I") == 4  # stored starts are little-endian uint32


def _token_starts(bundle: ArticleBundle) -> tuple[Sequence[int], bytes]:
    """``(starts, flags)`` of the article's tokens (:class:`Tokens`' arrays, as a sequence of
    code points and one flag byte a token): the stored bytes read in place (a ``memoryview``; no
    numpy arrays, lists or norms for the 10,000 articles of an export, issue 12), else
    :func:`tokens_of_bundle`'s. Raises ``ValueError``/``TypeError`` for stored arrays that disagree
    (the caller then writes the article the general way, which says what is wrong)."""
    if getattr(bundle, "tokens", None) is None and _NATIVE_U4:
        source, article = getattr(bundle, "token_source", None), bundle.article
        if isinstance(source, TokenSource) and article.id is not None:
            packed = source.stored_packed(article.id, article.text_hash)
            if packed is not None:
                starts, flags = memoryview(packed[0]).cast("I"), packed[1]
                if len(starts) != len(flags) or not isinstance(flags, bytes):
                    raise ValueError("stored tokens disagree")
                return starts, flags
    arrays = tokens_of_bundle(bundle)
    return arrays.starts.tolist(), arrays.flags.tobytes()


def _layer_of(record: Span | Relation | Stance | Tag) -> dict[str, str]:
    """``{"analyst": NAME}`` for a record of an analyst's layer (``export --layer``, docs/team.md);
    nothing for the own/gold layer, whose lines stay as they were."""
    return {"analyst": record.analyst} if record.analyst else {}


def _layered(item: dict[str, Any], record: Span | Relation | Stance | Tag) -> dict[str, Any]:
    item.update(_layer_of(record))
    return item


def _with_suggestion(item: dict[str, Any], record: Span | Relation | Stance, suggestions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    original = changed_suggestion(record, suggestions.get(record.id))
    if original is not None:
        item["suggestion"] = original
    return item


def _brief(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label}


# Characters that ``str.splitlines()`` (and JavaScript, for U+2028/2029) treat as line breaks but
# ``json.dumps`` leaves raw: written as escapes so that one record is always one line, whoever reads it.
_LINE_BREAKS_ESCAPED = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _escape_line_breaks(line: str) -> str:
    """``line.translate(_LINE_BREAKS_ESCAPED)``, at memory speed: ``str.translate`` looks every
    character up in the dict (0.8 ms for a 2,500-character line); ``in`` and ``replace`` scan in C,
    and an ASCII line (``isascii`` is O(1)) holds none of them."""
    if line.isascii():
        return line
    for code, escape in _LINE_BREAKS_ESCAPED.items():
        char = chr(code)
        if char in line:
            line = line.replace(char, escape)
    return line


# ``json.dumps(obj, ensure_ascii=False)``'s encoder, made once (json.dumps makes one per call),
# and the function it quotes strings with (C; json.encoder.encode_basestring is c_encode_basestring).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_encode_str = json.encoder.encode_basestring


def write(bundles: Iterable[ArticleBundle], out: IO[str], *, tokens: bool = False) -> ExportReport:
    """Write one line per article, streaming. JSONL holds everything: the report's ``left_out``
    stays empty. The spans of a :class:`~annotator.formats.stream.RowBundle` are written from
    its rows when they are plain (:func:`_span_line_part`), with ``tokens`` its Prodigy token
    list from the stored token bytes (:class:`_TokenList`, perf30); every line is the same either way."""
    report = ExportReport()
    quoted = _Quoted()
    token_list = _TokenList() if tokens else None
    for bundle in bundles:
        rows = span_rows(bundle)
        line = None
        if rows is not None:
            try:
                line = _span_line_part(bundle, rows, quoted, token_list)
            except (TypeError, KeyError, ValueError, IndexError, AttributeError):
                line = None  # a value the rows cannot be written from: the general way says what it is
        if line is None:
            line = _ENCODE(record_of(bundle, tokens=tokens))
        out.write(_escape_line_breaks(line))
        out.write("\n")
        report.articles += 1
        report.spans += span_count(bundle)
        report.relations += len(bundle.relations)
        report.stances += len(bundle.stances)
    return report
