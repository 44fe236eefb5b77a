"""Label Studio JSON exports (a JSON array of tasks), read through the JSONL reader.

Shapes, from Label Studio's task format (labelstud.io/guide/task_format, the export of a text
task with ``<Labels>`` and ``<Relations>``)::

    {"id": 1, "data": {"text": "…"}, "meta": {}, "created_at": "…", "project": 3,
     "annotations": [{"id": 9, "completed_by": 1, "was_cancelled": false,
                      "created_at": "2021-03-09T22:16:08.728353Z", "updated_at": "…",
                      "result": [{"id": "gew3t9fgkg", "from_name": "label", "to_name": "text", "type": "labels",
                                  "origin": "manual",
                                  "value": {"start": 0, "end": 5, "text": "Alice", "labels": ["PERSON"]}},
                                 {"type": "relation", "from_id": "gew3t9fgkg", "to_id": "x2", "direction": "right",
                                  "labels": ["SPEAKER"]}]}],
     "predictions": [{"model_version": "ner 1", "score": 0.9, "result": [...]}]}

* The text is ``data.text``, or ``data[--text-column]``, or the one string of ``data``; the other
  ``data`` keys go into ``meta.data``, other task keys (id, project, created_at…) into ``meta``,
  and the annotations and predictions without their results (ids, lead times…) into
  ``meta._import.labelstudio_annotations`` / ``meta._import.labelstudio_predictions`` (fix41: before, at
  meta's top level, where a task's own key of that name was overwritten).
* ``labels`` results → one span per label. Offsets are JavaScript string positions (UTF-16 code
  units; label-studio issue #4988) and are converted to code points; ``value.text`` is checked
  against the text at the converted offsets (offsets already in code points, as some scripts
  write them, are accepted when ``value.text`` matches them instead).
* ``relation`` results → relations between the regions ``from_id`` → ``to_id`` (reversed for
  ``direction: "left"``; ``"bi"`` kept as attribute ``direction``), one per label, ``RELATED``
  when it has none. ``choices`` results → article tags.
* An annotation's results are ``accepted``, ``by`` its ``completed_by`` (the e-mail when the
  export gives the user object, else the user id), ``created``/``updated`` its time stamps, origin
  ``analyst:BY`` — or the prediction's model version for a result whose ``origin`` says it came
  from a prediction. A skipped annotation (``was_cancelled``) gives ``suggested`` records.
  Predictions give ``suggested`` records, origin their ``model_version``, score in ``attrs``.
* Other result types (rectangles, ratings, text areas…) are refused, naming the type.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status, Tag, guess_title, new_id
from annotator.domain.provenance import IMPORT_KEY, reserved_clash
from annotator.domain.offsets import OffsetMap
from annotator.formats.common import ImportOptions, check_span, expect_dict, expect_list, expect_str

RELATION_DEFAULT_LABEL = "RELATED"
PREDICTION_ORIGIN = "import:labelstudio prediction"
ANNOTATION_LISTS = ("annotations", "completions")  # "completions" in Label Studio before 1.0
READ_TASK_KEYS = frozenset({"data", "predictions", *ANNOTATION_LISTS})
RESULT_KEYS = frozenset({"id", "type", "value", "from_name", "to_name", "origin", "score", "from_id", "to_id", "direction",
                         "labels", "readonly", "hidden", "parentID", "meta"})


def looks_like(record: Mapping[str, Any]) -> bool:
    """A Label Studio task: a ``data`` object, and no ``text`` of its own."""
    return isinstance(record.get("data"), dict) and "text" not in record


def bundle_from_task(task: dict[str, Any], options: ImportOptions, where: dict[str, Any]) -> ArticleBundle:
    """The article of one Label Studio task; :class:`InputError` naming the key that is wrong."""
    key, text = _text(task["data"], options, where)
    meta: dict[str, Any] = {k: v for k, v in task.items() if k not in READ_TASK_KEYS}
    if IMPORT_KEY in meta:  # fix41: the importer's key; the task's own value would be overwritten
        raise InputError(reserved_clash("key"), **where)
    rest = {k: v for k, v in task["data"].items() if k != key}
    if rest:
        meta["data"] = rest
    reader = _TaskReader(text, options, where)
    predictions = expect_list(task.get("predictions"), "predictions", where)
    models = {p.get("model_version") for p in predictions if isinstance(p, dict) and isinstance(p.get("model_version"), str)}
    from_prediction = models.pop() if len(models) == 1 else PREDICTION_ORIGIN  # what an accepted prediction's origin says
    submitted = False
    kept: dict[str, list[dict[str, Any]]] = {}  # annotations and predictions without their results, for meta
    for list_key in ANNOTATION_LISTS:
        for n, annotation in enumerate(expect_list(task.get(list_key), list_key, where)):
            annotation = expect_dict(annotation, f"{list_key}[{n}]", where)
            cancelled = annotation.get("was_cancelled", False)
            if not isinstance(cancelled, bool):
                raise InputError(f"\"{list_key}[{n}].was_cancelled\" must be true or false", **where)
            by = _user(annotation.get("completed_by"), f"{list_key}[{n}].completed_by", where)
            when = {k: _time(annotation.get(f"{k}_at"), f"{list_key}[{n}].{k}_at", where) for k in ("created", "updated")}
            kept.setdefault(list_key, []).append({k: v for k, v in annotation.items() if k != "result"})
            submitted = submitted or not cancelled
            reader.read_results(
                annotation.get("result"), f"{list_key}[{n}].result",
                status=Status.SUGGESTED if cancelled else Status.ACCEPTED,
                origin=f"analyst:{by}" if by else "import:labelstudio", by=by, created=when["created"],
                updated=when["updated"] or when["created"], attrs={},
                prediction_origin=from_prediction,
            )
    from_prediction = models.pop() if len(models) == 1 else PREDICTION_ORIGIN  # what an accepted prediction's origin says
    for n, prediction in enumerate(predictions):
        prediction = expect_dict(prediction, f"predictions[{n}]", where)
        model = expect_str(prediction.get("model_version"), f"predictions[{n}].model_version", where)
        score = prediction.get("score")
        kept.setdefault("predictions", []).append({k: v for k, v in prediction.items() if k != "result"})
        reader.read_results(
            prediction.get("result"), f"predictions[{n}].result", status=Status.SUGGESTED,
            origin=model or PREDICTION_ORIGIN, by="",
            created=_time(prediction.get("created_at"), f"predictions[{n}].created_at", where),
            updated=_time(prediction.get("updated_at"), f"predictions[{n}].updated_at", where),
            attrs={"score": score} if score is not None else {}, prediction_origin=model or PREDICTION_ORIGIN,
        )
    if kept:  # ids, lead times, ground_truth…: Label Studio's, kept apart from the task's own keys (fix41)
        meta[IMPORT_KEY] = {f"labelstudio_{list_key}": items for list_key, items in kept.items()}
    article = Article(id=None, text=text, title=guess_title(text), meta=meta,
                      status=ArticleStatus.DONE if submitted else ArticleStatus.NEW)
    return ArticleBundle(article=article, spans=reader.spans, relations=reader.relations, tags=reader.tags)


def _time(value: Any, key: str, where: dict[str, Any]) -> str:
    """A Label Studio time stamp ("2021-03-09T22:16:08.728353Z") as ours: UTC ISO 8601 with
    milliseconds, so that times sort as text across sources; "" when missing."""
    text = expect_str(value, key, where)
    if not text:
        return ""
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"\"{key}\" is not an ISO 8601 time ({text!r})", **where) from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)  # Label Studio writes UTC
    return stamp.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _text(data: dict[str, Any], options: ImportOptions, where: dict[str, Any]) -> tuple[str, str]:
    """(data key, text) of the task: --text-column, else ``text``, else the only string."""
    if options.text_column is not None:
        if options.text_column not in data:
            raise InputError(f"\"data\" has no key {options.text_column!r} (keys: {', '.join(data)}); check --text-column", **where)
        key = options.text_column
    elif "text" in data:
        key = "text"
    else:
        strings = [k for k, v in data.items() if isinstance(v, str)]
        if len(strings) != 1:
            raise InputError(
                f"\"data\" has no \"text\" and {'several' if strings else 'no'} string keys ({', '.join(data) or 'none'}); "
                "name the one holding the article with --text-column",
                **where,
            )
        key = strings[0]
    text = expect_str(data[key], f"data.{key}", where, optional=False) or ""
    if not text.strip():
        raise InputError(f"has an empty \"data.{key}\"", **where)
    return key, text


def _user(value: Any, key: str, where: dict[str, Any]) -> str:
    """Who completed an annotation: Label Studio gives a user id, or the user object."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for name in ("email", "username", "id"):
            if isinstance(value.get(name), str | int) and not isinstance(value.get(name), bool) and value.get(name) != "":
                return str(value[name])
    raise InputError(f"\"{key}\" must be a user id or a user object with an email, not {value!r}", **where)


class _TaskReader:
    """Collects the spans, relations and tags of one task's results, region ids resolved per list."""

    def __init__(self, text: str, options: ImportOptions, where: dict[str, Any]) -> None:
        self.text = text
        self.options = options
        self.where = where
        self.offsets = OffsetMap(text)
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.tags: list[Tag] = []
        self._tag_names: set[str] = set()

    def read_results(
        self, results: Any, key: str, *, status: Status, origin: str, by: str, created: str, updated: str,
        attrs: dict[str, Any], prediction_origin: str,
    ) -> None:
        regions: dict[str, Span | None] = {}
        links = []
        for n, result in enumerate(expect_list(results, key, self.where)):
            what = f"{key}[{n}]"
            result = expect_dict(result, what, self.where)
            kind = expect_str(result.get("type"), f"{what}.type", self.where, optional=False)
            decided = {"status": status, "by": by, "created": created, "updated": updated or created}
            came_from = result.get("origin")
            span_origin = prediction_origin if isinstance(came_from, str) and came_from.startswith("prediction") else origin
            extra = {k: v for k, v in result.items() if k not in RESULT_KEYS}
            if kind == "labels":
                first = self._labels(result, what, {**decided, "origin": span_origin}, {**attrs, **extra, **_score(result)})
                region = expect_str(result.get("id"), f"{what}.id", self.where)
                if region is not None:
                    regions.setdefault(region, first)
            elif kind == "relation":
                links.append((what, result, {**decided, "origin": span_origin}, {**attrs, **extra}))
            elif kind == "choices":
                value = expect_dict(result.get("value"), f"{what}.value", self.where)
                for choice in expect_list(value.get("choices"), f"{what}.value.choices", self.where):
                    name = expect_str(choice, f"{what}.value.choices[]", self.where, optional=False) or ""
                    if name not in self._tag_names:
                        self._tag_names.add(name)
                        self.tags.append(Tag(id=new_id(), article_id=0, tag=name, origin=span_origin, created=created, by=by))
            else:
                raise InputError(
                    f"\"{what}.type\" is {kind!r}: Annotator imports Label Studio text spans (labels), relations and choices; "
                    "remove these results or export them another way",
                    **self.where,
                )
        for what, result, decided, extra in links:
            self._relation(result, what, regions, decided, extra)

    def _labels(self, result: dict[str, Any], what: str, decided: dict[str, Any], attrs: dict[str, Any]) -> Span | None:
        value = expect_dict(result.get("value"), f"{what}.value", self.where)
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
            raise InputError(f"\"{what}.value\" needs integer \"start\" and \"end\" (got {start!r}, {end!r})", **self.where)
        quoted = expect_str(value.get("text"), f"{what}.value.text", self.where)
        labels = expect_list(value.get("labels"), f"{what}.value.labels", self.where)
        if not labels:
            raise InputError(f"\"{what}.value.labels\" is empty: a span needs a label", **self.where)
        start, end = self._code_points(start, end, quoted, what)
        attrs = {**attrs, **{k: v for k, v in value.items() if k not in ("start", "end", "text", "labels")}}
        first: Span | None = None
        for label in labels:
            label = expect_str(label, f"{what}.value.labels[]", self.where, optional=False) or ""
            check_span(self.text, start, end, label, quoted=quoted, path=self.where["path"], line=self.where["line"], what=what)
            mapped = self.options.map_label(label)
            if not mapped:
                continue
            span = Span(id=new_id(), article_id=0, start=start, end=end, label=mapped, layer=self.options.layer_of(mapped),
                        attrs=dict(attrs), **decided)
            self.spans.append(span)
            first = first or span
        return first

    def _code_points(self, start: int, end: int, quoted: str | None, what: str) -> tuple[int, int]:
        """Label Studio's UTF-16 positions → code points, checked against ``value.text``."""
        try:
            converted = self.offsets.from_utf16(start), self.offsets.from_utf16(end)
        except ValueError:
            converted = None
        if quoted is None or (converted is not None and self.text[converted[0] : converted[1]] == quoted):
            if converted is None:
                raise InputError(
                    f"\"{what}.value\" [{start}, {end}) lies outside the text ({self.offsets.utf16_length} UTF-16 units)", **self.where
                )
            return converted
        if 0 <= start < end <= len(self.text) and self.text[start:end] == quoted:
            return start, end  # already code points (written by a script, not by Label Studio's editor)
        shown = self.text[converted[0] : converted[1]] if converted is not None else ""
        raise InputError(
            f"\"{what}.value.text\" is {quoted[:40]!r} but the text has {shown[:40]!r} at [{start}, {end}) "
            "(read as UTF-16 positions, as Label Studio writes them); was the task's text changed after annotation?",
            **self.where,
        )

    def _relation(self, result: dict[str, Any], what: str, regions: dict[str, Span | None], decided: dict[str, Any],
                  attrs: dict[str, Any]) -> None:
        ends = []
        for key in ("from_id", "to_id"):
            ref = expect_str(result.get(key), f"{what}.{key}", self.where, optional=False)
            if ref not in regions:
                raise InputError(f"\"{what}.{key}\" {ref!r} is not the id of a labelled region of the same result list", **self.where)
            ends.append(regions[ref])
        direction = expect_str(result.get("direction"), f"{what}.direction", self.where) or "right"
        if direction not in ("right", "left", "bi"):
            raise InputError(f"\"{what}.direction\" is {direction!r}; Label Studio writes right, left or bi", **self.where)
        head, child = (ends[1], ends[0]) if direction == "left" else (ends[0], ends[1])
        if head is None or child is None:
            return  # --label-map left a region out
        if direction == "bi":
            attrs = {**attrs, "direction": "bi"}
        labels = expect_list(result.get("labels"), f"{what}.labels", self.where) or [RELATION_DEFAULT_LABEL]
        for label in labels:
            label = self.options.map_label(expect_str(label, f"{what}.labels[]", self.where, optional=False) or "")
            if label:
                self.relations.append(Relation(id=new_id(), article_id=0, head=head.id, child=child.id, label=label,
                                               attrs=dict(attrs), **decided))


def _score(result: dict[str, Any]) -> dict[str, Any]:
    return {"score": result["score"]} if "score" in result else {}
