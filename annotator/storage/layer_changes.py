"""What a merge changed in an analyst's layer of one article, in words (fix11j, issue 11 #1).

``annotator merge`` replaces an analyst's layer of each article with their file's
(:func:`annotator.storage.layers.replace_article_layer`), logging every record it inserts,
updates or deletes in ``changes`` (kind ``layer_span`` …, before/after JSON). A re-merge of a
newer file said only how many; the lead needs to know *which* units changed to know what to look
at again. :func:`describe_article_changes` reads the log rows of one merge edit for one article
and names each change the way the curation view does:

* spans: ``+ PERSON «Smith»`` (added), ``− PERSON «Smith»`` (removed), ``ORG→GPE «Paris»``
  (relabelled), ``PERSON «Smith»→«John Smith»`` (resized), ``− PERSON «Smith» (rejected)``
  (accepted before, rejected now), ``+ PERSON «Smith» (accepted)`` (a suggestion the analyst
  accepted); a machine suggestion added or removed says ``(suggested)``;
* relations: ``+ SPEAKER «the plan fails»→«Smith»``, ``− CUE …``, ``SPEAKER of «…»: «Smith»→«Ode»``;
* stances: ``+ stance Smith for «tax plan»``, ``stance Smith on «tax plan»: favor → against``;
* tags: ``+ tag economy``, ``− tag economy``.

An update that changes none of what the analyst decided (a time stamp) is not named. The
analyst's decisions (accepted, rejected) come before machine suggestions' churn, each in text
order. Qt-free.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

WORDS = 30  # characters of a span's text shown
POLARITY_WORDS = {"favor": "for", "against": "against", "neutral": "neutral"}


def _cut(text: str, width: int = WORDS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


def _status_note(status: str) -> str:
    return "" if status == "accepted" else f" ({status})"


def _own_attrs(d: Mapping[str, Any]) -> Any:
    """A layer record's attributes but gold's decision record (``curation``), which a second
    ``assign`` hands out with gold's copy of a span: no attribute of the analyst's (fix11u, F3)."""
    attrs = d.get("attrs")
    if isinstance(attrs, str):  # the change log holds them as JSON text
        try:
            attrs = json.loads(attrs)
        except ValueError:
            return attrs
    return {k: v for k, v in attrs.items() if k != "curation"} if isinstance(attrs, Mapping) else attrs


def _span(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, text: str) -> tuple[int, str] | None:
    def words(d: Mapping[str, Any]) -> str:
        return f"«{_cut(text[d['start']:d['end']])}»"

    if before is None and after is not None:
        return (0 if after.get("status") != "suggested" else 1), f"+ {after['label']} {words(after)}{_status_note(after.get('status', ''))}"
    if after is None and before is not None:
        note = {"accepted": "", "suggested": " (suggested)", "rejected": " (was rejected)"}.get(before.get("status", ""), "")
        return (0 if before.get("status") != "suggested" else 1), f"− {before['label']} {words(before)}{note}"
    assert before is not None and after is not None
    b_status, a_status = before.get("status", ""), after.get("status", "")
    moved = (before["start"], before["end"]) != (after["start"], after["end"])
    relabelled = before["label"] != after["label"]
    if b_status != a_status:
        label = after["label"] if not relabelled else f"{before['label']}→{after['label']}"
        place = words(after) if not moved else f"{words(before)}→{words(after)}"
        if a_status == "accepted":
            return 0, f"+ {label} {place} ({'accepted' if b_status == 'suggested' else f'was {b_status}'})"
        if b_status == "accepted":
            return 0, f"− {label} {place} ({a_status})"
        return (0 if "rejected" in (a_status, b_status) else 1), f"{label} {place}: {b_status}→{a_status}"
    if relabelled or moved:
        label = after["label"] if not relabelled else f"{before['label']}→{after['label']}"
        place = words(after) if not moved else f"{words(before)}→{words(after)}"
        return (0 if a_status != "suggested" else 1), f"{label} {place}{_status_note(a_status)}"
    if _own_attrs(before) != _own_attrs(after):
        return (0 if a_status != "suggested" else 1), f"{after['label']} {words(after)}: attributes changed"
    return None  # only its time stamps or author changed: nothing the analyst decided


def _relation(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, where: Mapping[str, str]) -> tuple[int, str] | None:
    def ends(d: Mapping[str, Any]) -> str:
        return f"{where.get(d['head'], '«?»')}→{where.get(d['child'], '«?»')}"

    record = after if after is not None else before
    assert record is not None
    rank = 0 if record.get("status") != "suggested" else 1
    if before is None:
        return rank, f"+ {record['label']} {ends(record)}{_status_note(record.get('status', ''))}"
    if after is None:
        return rank, f"− {record['label']} {ends(record)}{_status_note(record.get('status', ''))}"
    if (before["head"], before["child"], before["label"]) != (after["head"], after["child"], after["label"]):
        label = after["label"] if before["label"] == after["label"] else f"{before['label']}→{after['label']}"
        if before["head"] == after["head"]:
            return rank, f"{label} of {where.get(after['head'], '«?»')}: {where.get(before['child'], '«?»')}→{where.get(after['child'], '«?»')}"
        return rank, f"{label} {ends(before)} now {ends(after)}"
    if before.get("status") != after.get("status"):
        return 0, f"{after['label']} {ends(after)}: {before.get('status')}→{after.get('status')}"
    return None


def _stance(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[int, str] | None:
    def polarity(d: Mapping[str, Any]) -> str:
        return POLARITY_WORDS.get(d.get("polarity") or "", d.get("polarity") or "?")

    record = after if after is not None else before
    assert record is not None
    who, target = record.get("holder") or "?", _cut(record.get("target") or "?")
    if before is None:
        return 0, f"+ stance {who} {polarity(record)} «{target}»{_status_note(record.get('status') or 'accepted')}"
    if after is None:
        return 0, f"− stance {who} {polarity(record)} «{target}»"
    # fix11ak N8: a change names both polarities as the schema and curate do ("favor → neutral"); the
    # reading word ("for") fits "+ stance Smith for «tax plan»", not "for→neutral"
    changed = [f"{before.get('polarity') or '?'} → {after.get('polarity') or '?'}"] if before.get("polarity") != after.get("polarity") else []
    if (before.get("holder"), before.get("target")) != (after.get("holder"), after.get("target")):
        changed.append(f"was {before.get('holder') or '?'} on «{_cut(before.get('target') or '?')}»")
    if before.get("evidence") != after.get("evidence"):
        changed.append("rests on another quote")
    if before.get("status") != after.get("status"):
        changed.append(f"{before.get('status')}→{after.get('status')}")
    return (0, f"stance {who} on «{target}»: {', '.join(changed)}") if changed else None


def describe_article_changes(conn: sqlite3.Connection, *, edit: str, article_id: int, analyst: str, text: str) -> list[str]:
    """What the merge edit ``edit`` (its change-log rows) changed in ``analyst``'s layer of
    ``article_id`` (whose text is ``text``), one short phrase per change (module docstring),
    the analyst's decisions first, then suggestions; within each in text order (then as logged)."""
    logged = [(kind, json.loads(b) if b else None, json.loads(a) if a else None) for kind, b, a in conn.execute(
        "SELECT kind, before, after FROM changes WHERE article_id = ? AND edit = ? ORDER BY rowid", [article_id, edit])]
    spans: dict[str, Mapping[str, Any]] = {}
    for kind, before, after in logged:
        if kind == "layer_span":
            for d in (before, after):
                if d is not None:
                    spans.setdefault(d["id"], d)
    wanted = {d[k] for kind, b, a in logged if kind == "layer_relation" for d in (b, a) if d for k in ("head", "child")} - set(spans)
    if wanted:
        marks = ", ".join("?" * len(wanted))
        for sid, start, end, label in conn.execute(
                f'SELECT id, start, "end", label FROM layer_spans WHERE analyst = ? AND id IN ({marks})', [analyst, *wanted]):
            spans[sid] = {"id": sid, "start": start, "end": end, "label": label}
    where = {sid: f"«{_cut(text[d['start']:d['end']])}»" for sid, d in spans.items()}
    def place(kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> int:
        """Where in the text the change is (its span's, its link's head's, its stance's evidence's start)."""
        starts = []
        for d in (before, after):
            if d is None:
                continue
            ref = d.get("id") if kind == "layer_span" else d.get("head") if kind == "layer_relation" else d.get("evidence")
            if kind == "layer_span":
                starts.append(d["start"])
            elif ref in spans:
                starts.append(spans[ref]["start"])
        return min(starts) if starts else len(text)

    found: list[tuple[int, int, int, str]] = []
    for order, (kind, before, after) in enumerate(logged):
        said = (_span(before, after, text) if kind == "layer_span" else _relation(before, after, where) if kind == "layer_relation"
                else _stance(before, after) if kind == "layer_stance" else None)
        if kind == "layer_tag":
            tag = (after or before or {}).get("tag", "?")
            said = (0, f"+ tag {tag}") if before is None else (0, f"− tag {tag}") if after is None else None
        if said is not None:
            found.append((said[0], place(kind, before, after), order, said[1]))
    return [phrase for *_, phrase in sorted(found)]


__all__ = ["describe_article_changes"]
