"""The oracle: what an export must hold (the analyst's final decisions, read from the project file
with plain SQL) and the comparison of that with what the export holds (:class:`exports.Held`).

Every check returns a list of problems. A record a format cannot hold is not a problem when the
export says so: ``ExportReport.left_out`` must count at least as many records, under reasons that
name what was left out (the facet's keywords), as the format lost. A record in the export that the
analyst did not decide, or a decision changed without a word, is always a problem.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Any

from annotator.storage.project import Project
from tests.fidelity import store
from tests.fidelity.exports import Held, Key

FACETS = ("spans", "status", "attrs", "relations", "origin", "who_when", "article", "tags_stances", "consumer")
# What a left_out reason must mention to count for a facet (case-insensitive regular expressions).
KEYWORDS = {
    "spans": r"span|overlap|token|boundar|whitespace|entit|layer|quote|speaker|cue|claim|offset",
    "status": r"status|rejected|suggested|undecided",
    "attrs": r"attr|note|kind|value",
    "relations": r"relation|link|speaker|cue|claimant|target|fragment",
    "origin": r"origin",
    "who_when": r"\bby\b|author|analyst|who|when|time|created|updated|date",
    "article": r"article|title|meta|publisher|url|published",
    "tags_stances": r"tag|stance",
}
WHO_WHEN = ("by", "created", "updated")
ARTICLE_DECISIONS = ("title", "status", "meta", "publisher", "url", "published")


@dataclasses.dataclass
class Expected:
    """Per article (in id order): the rows an export of ``status`` must hold."""

    texts: list[str]
    articles: list[dict[str, Any]]
    spans: list[list[dict[str, Any]]]
    relations: list[list[dict[str, Any]]]  # with "head"/"child" as span keys
    unexported_relations: int  # of the chosen statuses, but an end is not exported
    tags: list[list[str]] = dataclasses.field(default_factory=list)
    stances: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)  # of the chosen statuses


def expected(project: Project, status: str) -> Expected:
    wanted = {"accepted"} if status == "accepted" else {"accepted", "suggested", "rejected"}
    articles = store.articles(project)
    out = Expected([a["text"] for a in articles], articles, [], [], 0)
    for article in articles:
        rows = [r for r in store.spans(project, article["id"]) if r["status"] in wanted]
        keys = {r["id"]: (r["start"], r["end"], r["label"]) for r in rows}
        for r in rows:
            r["key"] = keys[r["id"]]
            r["text"] = article["text"][r["start"]:r["end"]]
        rels = []
        for r in store.relations(project, article["id"]):
            if r["status"] not in wanted:
                continue
            if r["head"] in keys and r["child"] in keys:
                rels.append({**r, "head": keys[r["head"]], "child": keys[r["child"]]})
            else:
                out.unexported_relations += 1
        out.spans.append(rows)
        out.relations.append(rels)
        out.tags.append(sorted(t["tag"] for t in store.tags(project, article["id"])))
        out.stances.append([r for r in store.stances(project, article["id"]) if r["status"] in wanted])
    return out


ARTICLE_LEVEL = ("article", "tags_stances")


def subject(reason: str) -> str:
    """What a left_out reason says was left out: the words before its first ``:`` or ``;``,
    without parenthesised remarks ("stances: CSV has one row per span; use jsonl" → "stances").
    The explanation after it names other things ("per span") and does not count."""
    return re.split(r"[:;]", re.sub(r"\([^)]*\)", "", reason), maxsplit=1)[0]


def reported(left_out: dict[str, int], facet: str) -> int:
    """How many losses ``left_out`` excuses for ``facet``: the counts of reasons whose subject
    names the facet. A reason about articles ("article fields", "articles' meta … and status")
    excuses only article-level losses, never a span's or relation's."""
    pattern = re.compile(KEYWORDS[facet], re.IGNORECASE)
    total = 0
    for reason, n in left_out.items():
        what = subject(reason)
        if re.match(r"\s*articles?\b", what, re.IGNORECASE) and facet not in ARTICLE_LEVEL:
            continue
        if pattern.search(what):
            total += n
    return total


def _lost(facet: str, lost: list[str], left_out: dict[str, int]) -> list[str]:
    said = reported(left_out, facet)
    if len(lost) > said:
        return [f"{len(lost)} {facet} lost, {said} reported in left_out {left_out}: " + "; ".join(lost[:4])]
    return []


def _pairs(exp: Expected, held: Held) -> list[tuple[dict, dict | None]]:
    """Each expected span with the held span of the same key (position + label), or None."""
    pairs = []
    for index, rows in enumerate(exp.spans):
        held_spans = held.spans[index] if index < len(held.spans) else []
        by_key: dict[Key, list[dict]] = {}
        for h in held_spans:
            by_key.setdefault(h["key"], []).append(h)
        for row in rows:
            found = by_key.get(row["key"])
            if found and "id" in found[0]:  # two spans at one place (a fault of its own): pair by id
                match = next((h for h in found if h.get("id") == row["id"]), None)
            else:
                match = found[0] if found else None
            if match is not None:
                found.remove(match)
            pairs.append((row, match))
    return pairs


def _relation_pairs(exp: Expected, held: Held) -> list[tuple[dict, dict | None]]:
    pairs = []
    for index, rels in enumerate(exp.relations):
        held_rels = list(held.relations[index]) if index < len(held.relations) else []
        for rel in rels:
            match = next((h for h in held_rels if h.get("head") == rel["head"] and h.get("child") == rel["child"]
                          and h["label"] == rel["label"]), None)
            if match is not None:
                held_rels.remove(match)
            pairs.append((rel, match))
    return pairs


def check(facet: str, exp: Expected, held: Held, left_out: dict[str, int], exit_code: int) -> list[str]:
    return CHECKS[facet](exp, held, left_out, exit_code)


def check_spans(exp: Expected, held: Held, left_out: dict[str, int], _exit: int) -> list[str]:
    problems, lost = [], []
    for row, h in _pairs(exp, held):
        if h is None and held.ner_only and row["layer"] == "entity" and row["status"] == "accepted":
            continue  # held as an entity of the NER view: checked there, trimmed
        if h is None:
            lost.append(f"{row['label']} {row['key'][:2]} {row['text']!r} ({row['status']})")
        elif "text" in h and h["text"] != row["text"]:
            lost.append(f"{row['label']} {row['key'][:2]} shows {h['text']!r} instead of {row['text']!r}")
        elif "layer" in h and h["layer"] != row["layer"]:
            lost.append(f"{row['label']} {row['key'][:2]} in layer {h['layer']!r}, not {row['layer']!r}")
    for index, held_spans in enumerate(held.spans):
        wanted = Counter(r["key"] for r in (exp.spans[index] if index < len(exp.spans) else []))
        for key, n in (Counter(h["key"] for h in held_spans) - wanted).items():
            near = any(k[2] == key[2] and k[0] < key[1] and key[0] < k[1] for k in wanted)
            if not near:
                problems.append(f"{n} × {key} in the export, but no such decision (article {index + 1})")
    if held.ents is not None:  # the NER view (doc.ents, CoNLL tags): every accepted entity or a reason
        for index, ents in enumerate(held.ents):
            keys = [ner_key(r, exp.texts[index], invisible=held.ner_only)
                    for r in exp.spans[index] if r["layer"] == "entity" and r["status"] == "accepted"]
            wanted = Counter(k for k in keys if k is not None)
            lost += ["accepted entity of whitespace only: not in doc.ents / the IOB tags"] * keys.count(None)
            got = Counter(ents)
            lost += [f"entity {k} not in doc.ents / the IOB tags" for k in (wanted - got).elements()]
            for key in (got - wanted).elements():
                if not any(k[2] == key[2] and k[0] < key[1] and key[0] < k[1] for k in wanted):
                    problems.append(f"entity {key} tagged, but no such decision (article {index + 1})")
    return problems + _lost("spans", lost, left_out)


def ner_key(row: dict[str, Any], text: str, *, invisible: bool = False) -> Key | None:
    """Where an accepted entity stands in the NER view (``doc.ents``, CoNLL tags): its offsets
    without whitespace edges (``str.isspace``, spaCy's ``is_space``: the NER never starts or ends
    an entity on whitespace, docs/formats.md) and, with ``invisible`` (CoNLL, which writes no
    invisible character: ``conll.INVISIBLE``), without those either; None when nothing is left."""
    from annotator.formats.conll import INVISIBLE

    def blank(c: str) -> bool:
        return c.isspace() or (invisible and c in INVISIBLE)

    start, end, label = row["key"]
    while start < end and blank(text[start]):
        start += 1
    while end > start and blank(text[end - 1]):
        end -= 1
    return (start, end, label) if start < end else None


def _field_check(facet: str, fields: tuple[str, ...], lost_when_absent: Any) -> Any:
    def run(exp: Expected, held: Held, left_out: dict[str, int], _exit: int) -> list[str]:
        lost = []
        for what, pairs in (("span", _pairs(exp, held)), ("relation", _relation_pairs(exp, held))):
            for row, h in pairs:
                if h is None:
                    continue  # not held at all: the spans / relations facet counts it
                for name in fields:
                    want = row.get(name)
                    if name in h:
                        if _norm(h[name]) != _norm(want):
                            where = row["key"] if "key" in row else (row["head"], row["child"])
                            lost.append(f"{what} {row['label']} {where}: {name} {h[name]!r} instead of {want!r}")
                    elif lost_when_absent(want):
                        lost.append(f"{what} {row['label']}: {name} {want!r} not held")
        return _lost(facet, lost, left_out)
    return run


def _norm(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def changed_spans(rows: list[dict[str, Any]], held_spans: list[dict[str, Any]]) -> dict[Key, Key]:
    """Held span key → expected key, for a held span at no decided place that overlaps exactly one
    decided span of its label held nowhere: the same span written changed (e.g. brat without a
    line break at its edge). The spans facet counts that change; its relations are still its own."""
    unmatched_exp = Counter(r["key"] for r in rows) - Counter(h["key"] for h in held_spans)
    unmatched_held = Counter(h["key"] for h in held_spans) - Counter(r["key"] for r in rows)
    mapping = {}
    for key in unmatched_held:
        near = [k for k in unmatched_exp if unmatched_exp[k] > 0 and k[2] == key[2] and k[0] < key[1] and key[0] < k[1]]
        if len(near) == 1:
            mapping[key] = near[0]
            unmatched_exp[near[0]] -= 1
    return mapping


def check_relations(exp: Expected, held: Held, left_out: dict[str, int], _exit: int) -> list[str]:
    problems: list[str] = []
    lost = ["a relation of the chosen status whose end is not exported"] * exp.unexported_relations
    csv_like = any("child_text" in r for rels in held.relations for r in rels)
    for index, rels in enumerate(exp.relations):
        held_rels = list(held.relations[index]) if index < len(held.relations) else []
        if not csv_like and index < len(held.spans):
            moved = changed_spans(exp.spans[index], held.spans[index])
            held_rels = [{**h, "head": moved.get(h["head"], h["head"]), "child": moved.get(h["child"], h["child"])} for h in held_rels]
        text = exp.texts[index]
        for rel in rels:
            if csv_like:  # CSV holds a quote's SPEAKER / CUE links as the linked texts
                child_text = text[rel["child"][0]:rel["child"][1]]
                match = next((h for h in held_rels if h["head"] == rel["head"] and h["label"] == rel["label"]
                              and h["child_text"] == child_text), None)
            else:
                match = next((h for h in held_rels if h.get("head") == rel["head"] and h.get("child") == rel["child"]
                              and h["label"] == rel["label"]), None)
            if match is None:
                lost.append(f"{rel['label']} {rel['head']} → {rel['child']} ({rel['status']})")
            else:
                held_rels.remove(match)
        for h in held_rels:
            problems.append(f"relation {h['label']} {h['head']} → {h.get('child', h.get('child_text'))} in the export, but no such decision")
    return problems + _lost("relations", lost, left_out)


def check_article(exp: Expected, held: Held, left_out: dict[str, int], _exit: int) -> list[str]:
    """A field the export holds must be the stored one (a changed title is never excused by a
    reason about other fields); a field it does not hold is lost, excused by left_out."""
    problems, lost = [], []
    for index, article in enumerate(exp.articles):
        got = held.articles[index] if index < len(held.articles) else {}
        changed = [name for name in ARTICLE_DECISIONS if name in got and _norm(got[name]) != _norm(article[name])]
        if changed:
            problems.append(f"article {article['id']}: {', '.join(f'{n} {got[n]!r} instead of {article[n]!r}' for n in changed)}")
        missing = [name for name in ARTICLE_DECISIONS if name not in got and article[name] not in ("", {}, None)]
        if missing:
            lost.append(f"article {article['id']}: {', '.join(missing)}")
    return problems + _lost("article", lost, left_out)


STANCE_FIELDS = ("id", "holder", "holder_span", "target", "polarity", "evidence", "status", "origin", "attrs")


def check_tags_stances(exp: Expected, held: Held, left_out: dict[str, int], _exit: int) -> list[str]:
    """Article-level decisions: every tag, and every stance with its holder (name and span), target, polarity,
    evidence, status, attrs."""
    lost = []
    for index, tags in enumerate(exp.tags):
        doc = held.docs[index] if index < len(held.docs) else None
        got_tags = sorted(doc.get("tags", [])) if doc is not None else []
        lost += [f"tag {t!r}" for t in (Counter(tags) - Counter(got_tags)).elements()]
        got = {s.get("id"): s for s in (doc.get("stances", []) if doc is not None else [])}
        for stance in exp.stances[index]:
            have = got.get(stance["id"])
            if have is None or any(_norm(have.get(f)) != _norm(stance[f]) for f in STANCE_FIELDS):
                lost.append(f"stance {stance['holder']} {stance['polarity']} {stance['target']} ({stance['status']})")
    return _lost("tags_stances", lost, left_out)


def check_consumer(_exp: Expected, held: Held, _left_out: dict[str, int], exit_code: int) -> list[str]:
    return ([f"export exited with {exit_code}"] if exit_code else []) + held.consumer_errors


CHECKS = {
    "spans": check_spans,
    "status": _field_check("status", ("status",), lambda want: want not in (None, "accepted")),
    "attrs": _field_check("attrs", ("attrs",), lambda want: bool(want)),
    "relations": check_relations,
    "origin": _field_check("origin", ("origin",), lambda want: bool(want)),
    "who_when": _field_check("who_when", WHO_WHEN, lambda want: bool(want)),
    "article": check_article,
    "tags_stances": check_tags_stances,
    "consumer": check_consumer,
}
