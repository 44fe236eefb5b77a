"""What the project file holds, read with plain SQL (not through the code under test), and the
invariants that must hold after every edit."""

from __future__ import annotations

import json
from typing import Any

from annotator.storage.project import Project

SPAN_FIELDS = ("id", "article_id", "start", "end", "label", "layer", "status", "origin", "attrs", "created", "updated", "by")
RELATION_FIELDS = ("id", "article_id", "head", "child", "label", "status", "origin", "attrs", "created", "updated", "by")
ARTICLE_FIELDS = ("id", "text", "title", "publisher", "url", "published", "meta", "status")


def _rows(project: Project, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = project.db.conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    out = []
    for raw in cursor:
        row = dict(zip(names, raw))
        for key in ("attrs", "meta"):
            if key in row and isinstance(row[key], str):
                row[key] = json.loads(row[key])
        out.append(row)
    return out


def spans(project: Project, article_id: int | None = None) -> list[dict[str, Any]]:
    where = "WHERE article_id = ?" if article_id is not None else ""
    return _rows(project, f'SELECT * FROM spans {where} ORDER BY article_id, start, "end" DESC, label, id',
                 [article_id] if article_id is not None else [])


def relations(project: Project, article_id: int | None = None) -> list[dict[str, Any]]:
    where = "WHERE article_id = ?" if article_id is not None else ""
    return _rows(project, f"SELECT * FROM relations {where} ORDER BY article_id, rowid",
                 [article_id] if article_id is not None else [])


def tags(project: Project, article_id: int | None = None) -> list[dict[str, Any]]:
    where = "WHERE article_id = ?" if article_id is not None else ""
    return _rows(project, f"SELECT * FROM tags {where} ORDER BY article_id, tag", [article_id] if article_id is not None else [])


def stances(project: Project, article_id: int | None = None) -> list[dict[str, Any]]:
    where = "WHERE article_id = ?" if article_id is not None else ""
    return _rows(project, f"SELECT * FROM stances {where} ORDER BY article_id, rowid", [article_id] if article_id is not None else [])


def articles(project: Project) -> list[dict[str, Any]]:
    return _rows(project, "SELECT * FROM articles ORDER BY id")


def snapshot(project: Project) -> dict[str, Any]:
    """Every span, relation and article row (bookkeeping included), keyed by id."""
    return {
        "spans": {r["id"]: r for r in spans(project)},
        "relations": {r["id"]: r for r in relations(project)},
        "articles": {r["id"]: r for r in articles(project)},
        "tags": {r["id"]: r for r in tags(project)},
        "stances": {r["id"]: r for r in stances(project)},
    }


def record_keys(project: Project) -> set[tuple[str, str]]:
    """(kind, id) of every span, relation, tag and stance (the change log's ``kind``/``record_id``)."""
    return ({("span", r["id"]) for r in spans(project)} | {("relation", r["id"]) for r in relations(project)}
            | {("tag", r["id"]) for r in tags(project)} | {("stance", r["id"]) for r in stances(project)})


# --------------------------------------------------------------------------- invariants
# Each returns a list of human-readable problems; empty when the invariant holds.


def _relation_ends(project: Project) -> list[tuple[dict[str, Any], tuple[str | None, str | None]]]:
    status = {r["id"]: r["status"] for r in spans(project)}
    return [(rel, (status.get(rel["head"]), status.get(rel["child"]))) for rel in relations(project)]


def undecided_relations_of_accepted_spans(project: Project) -> list[str]:
    """Half-decided: a suggested relation whose ends are both accepted (an accepted-only export
    silently leaves out a link the analyst saw confirmed)."""
    return [f"suggested {rel['label']} relation between two accepted spans"
            for rel, ends in _relation_ends(project) if rel["status"] == "suggested" and ends == ("accepted", "accepted")]


def accepted_relations_to_rejected_spans(project: Project) -> list[str]:
    """Half-decided: an accepted relation with a rejected end."""
    return [f"accepted {rel['label']} relation with a rejected end (ends {ends})"
            for rel, ends in _relation_ends(project) if rel["status"] == "accepted" and "rejected" in ends]


def dangling_relations(project: Project) -> list[str]:
    ids = {r["id"] for r in spans(project)}
    return [f"{r['label']} relation {r['id']} points to a missing span" for r in relations(project)
            if r["head"] not in ids or r["child"] not in ids]


def stances_not_following_their_spans(project: Project) -> list[str]:
    """Stances that name a span they must not (docs/formats.md, "Stances follow their spans"): a
    holder span or evidence id that is not a span of the stance's article (an orphan), a rejected
    holder span, evidence that is not a quote or claim, an accepted or suggested stance on
    rejected evidence, a suggested one on accepted evidence, two stances alike."""
    by_id = {r["id"]: r for r in spans(project)}
    problems = []
    seen: set[tuple] = set()
    for t in stances(project):
        name = f"stance {t['holder']} {t['polarity']} {t['target']} ({t['status']})"
        for part in ("holder_span", "evidence"):
            if t[part] and (t[part] not in by_id or by_id[t[part]]["article_id"] != t["article_id"]):
                problems.append(f"{name}: its {part} {t[part]} is not a span of its article")
        holder = by_id.get(t["holder_span"])
        if holder is not None and holder["status"] == "rejected":
            problems.append(f"{name}: its holder span is rejected")
        evidence = by_id.get(t["evidence"])
        if evidence is not None:
            if evidence["layer"] not in ("quote", "claim"):
                problems.append(f"{name} rests on a {evidence['label']} span")
            if evidence["status"] == "rejected" and t["status"] != "rejected":
                problems.append(f"{name} rests on a rejected span")
            if evidence["status"] == "accepted" and t["status"] == "suggested":
                problems.append(f"{name} is suggested on accepted evidence")
        key = (t["article_id"], t["holder"], t["target"], t["evidence"])
        if key in seen:
            problems.append(f"{name}: two stances alike")
        seen.add(key)
    return problems


def duplicate_spans(project: Project) -> list[str]:
    seen: dict[tuple, str] = {}
    problems = []
    for row in spans(project):
        key = (row["article_id"], row["start"], row["end"], row["label"])
        if key in seen:
            problems.append(f"two {row['label']} spans at [{row['start']}, {row['end']}) ({seen[key]} {row['status']})")
        seen[key] = row["status"]
    return problems


def unlogged_deletions(project: Project, ever_seen: set[tuple[str, str]]) -> list[str]:
    """Every span, relation, tag or stance seen earlier and gone now has, as its last change-log row, a deletion."""
    present = record_keys(project)
    problems = []
    for kind, record_id in sorted(ever_seen - present):
        last = project.db.conn.execute(
            "SELECT after FROM changes WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1", [kind, record_id]
        ).fetchone()
        if last is None or last[0] is not None:
            problems.append(f"{kind} {record_id} is gone but its deletion is not in the change log")
    return problems


def integrity(project: Project) -> list[str]:
    result = [r[0] for r in project.db.conn.execute("PRAGMA integrity_check")]
    return [] if result == ["ok"] else [f"integrity_check: {result}"]
