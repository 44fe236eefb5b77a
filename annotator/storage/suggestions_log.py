"""What the machine had suggested before an analyst changed it, read from and written to the change log.

A pre-annotation stores its suggestions without one log row per span (only a summary row), so
the first ``changes`` row of a span, relation or stance whose ``before`` has status
``suggested`` holds the machine's proposal as it was before any analyst's change. Exports read
it for every record in one grouped query; an import of our own export writes it back as such a
first change, so that export → import → export is identical and pre-annotation does not suggest
again what the analyst changed.

The part of a record that a suggestion consists of (:data:`SUGGESTION_FIELDS`):

* span: ``{"start", "end", "label"}`` (code points, half-open);
* relation: ``{"head", "child", "label"}`` (span ids);
* stance: ``{"holder", "target", "polarity"}``.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator, Mapping
from itertools import groupby
from typing import Any

from annotator.domain.model import Relation, Span, Stance, Status
from annotator.storage import rows
from annotator.storage.project import Project

SUGGESTION_FIELDS: dict[str, tuple[str, ...]] = {
    "span": ("start", "end", "label"),
    "relation": ("head", "child", "label"),
    "stance": ("holder", "target", "polarity"),
}
_KINDS = {Span: "span", Relation: "relation", Stance: "stance"}
IMPORT_ACTION = "import: the machine's suggestion before the analyst changed it"


def iter_first_suggestions(project: Project) -> Iterator[tuple[int, dict[str, dict[str, Any]]]]:
    """``(article_id, {record id: suggestion})`` by ascending article id, for every span, relation
    and stance whose first logged change started from a suggestion. One query over the log (its
    ``record_id`` index), grouped by ``record_id``."""
    kinds = tuple(SUGGESTION_FIELDS)
    cursor = project.db.execute(
        f"""SELECT c.article_id, c.kind, c.record_id, c.before FROM changes c
            WHERE c.id IN (SELECT min(id) FROM changes WHERE kind IN ({', '.join('?' * len(kinds))}) GROUP BY record_id)
              AND c.before IS NOT NULL
            ORDER BY c.article_id, c.id""",
        kinds,
    )
    for article_id, group in groupby(cursor, key=lambda r: r[0]):
        found: dict[str, dict[str, Any]] = {}
        for _, kind, record_id, before in group:
            row = json.loads(before)
            if row.get("status") != Status.SUGGESTED.value:
                continue  # it was a decision (an analyst's or an import's), not a machine's proposal
            found[record_id] = {name: row.get(name) for name in SUGGESTION_FIELDS[kind]}
        if found:
            yield article_id, found


def changed_suggestion(record: Span | Relation | Stance, suggestion: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The suggestion when the record now differs from it in one of its fields, else None."""
    if suggestion is None:
        return None
    fields = SUGGESTION_FIELDS[_KINDS[type(record)]]
    if all(getattr(record, name) == suggestion.get(name) for name in fields):
        return None
    return {name: suggestion.get(name) for name in fields}


@dataclasses.dataclass(frozen=True, slots=True)
class ImportedSuggestion:
    """A record as imported (with its import-time id) and the suggestion it started from."""

    article_id: int
    record: Span | Relation | Stance
    suggestion: Mapping[str, Any]


def log_imported_suggestions(project: Project, imported: list[ImportedSuggestion], *, by: str) -> int:
    """Write, for each imported record that has no logged change yet, a first change from its
    suggestion to the record as stored. Must run inside the import's transaction. Returns the
    number of rows written. A record the import merged into another (same position and label)
    is looked up by that position; one that is not stored is skipped."""
    written = 0
    for item in imported:
        record = item.record
        kind = _KINDS[type(record)]
        stored = _stored(project, item.article_id, record)
        if stored is None:
            continue
        if project.db.execute("SELECT 1 FROM changes WHERE record_id = ? LIMIT 1", [stored.id]).fetchone():
            continue  # it has its own history in this project: never rewrite what it started from
        before = dataclasses.replace(stored, status=Status.SUGGESTED, **{k: item.suggestion[k] for k in SUGGESTION_FIELDS[kind]})
        project.db["changes"].insert(
            {
                "at": stored.updated, "by": stored.by or by, "edit": uuid.uuid4().hex, "action": IMPORT_ACTION, "kind": kind,
                "record_id": stored.id, "article_id": item.article_id,
                "before": rows.record_to_json(before), "after": rows.record_to_json(stored),
            }
        )
        written += 1
    return written


def _stored(project: Project, article_id: int, record: Span | Relation | Stance) -> Span | Relation | Stance | None:
    found = project.find(type(record), record.id)
    if found is not None and found.article_id == article_id:  # type: ignore[union-attr]
        return found  # type: ignore[return-value]
    if isinstance(record, Span):
        row = project.db.execute(
            'SELECT id FROM spans WHERE article_id = ? AND start = ? AND "end" = ? AND label = ?',
            [article_id, record.start, record.end, record.label],
        ).fetchone()
        return project.find(Span, row[0]) if row else None  # type: ignore[return-value]
    return None
