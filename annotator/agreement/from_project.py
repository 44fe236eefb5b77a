"""Read a team project (analysts' layers merged into one file) into agreement inputs.

Written against the documented team data model: a column ``analyst`` on ``spans``,
``relations``, ``stances`` and ``tags`` naming whose decision the row is (``""`` = the gold
layer, which is no analyst's and is left out here). Until the ``team`` branch's migration lands
this is the only contract; the merger switches :func:`team_from_project` to the ``team`` API.

What counts (docs/agreement.md):

* an analyst **has a layer** for an article when any of their rows (span, relation, stance or
  tag, any status) is in it;
* spans, relations and stances of the ``statuses`` given (default ``accepted``: an analyst's
  decisions; ``suggested`` is a machine's proposal nobody decided, ``rejected`` a "no");
* a span whose label is the head of a relation type of the schema (a QUOTE for SPEAKER and CUE)
  and that has no such relation of its analyst gives a link with no child: "no speaker" is a
  decision that is compared too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from annotator.agreement.inputs import ArticleLayer, LinkUnit, SpanUnit, StanceUnit
from annotator.domain.errors import InputError
from annotator.domain.model import ArticleBundle
from annotator.domain.schema import LabelSchema

ANALYST_COLUMN = "analyst"
TEAM_TABLES = ("spans", "relations", "stances", "tags")
NOT_A_TEAM = "not a team project: merge analysts' files first (annotator merge)"


def is_team_project(conn: sqlite3.Connection) -> bool:
    """True when every table of analysts' decisions has the ``analyst`` column."""
    for table in TEAM_TABLES:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if ANALYST_COLUMN not in columns:
            return False
    return True


def team_analysts(conn: sqlite3.Connection) -> list[str]:
    """The analysts named in the project (not the gold layer ``""``), sorted."""
    names: set[str] = set()
    for table in TEAM_TABLES:
        names |= {r[0] for r in conn.execute(f"SELECT DISTINCT {ANALYST_COLUMN} FROM {table} WHERE {ANALYST_COLUMN} != ''")}
    return sorted(names)


def team_from_project(conn: sqlite3.Connection, schema: LabelSchema, *, analysts: Sequence[str] | None = None,
                      statuses: Sequence[str] = ("accepted",), path: str | None = None) -> dict[str, dict[str, ArticleLayer]]:
    """``{analyst: {text hash: ArticleLayer}}`` of a team project (shapes: :mod:`annotator.agreement.inputs`).

    Raises :class:`InputError` (one line, what to do) for a project without the ``analyst``
    column, an analyst not in the project, or fewer than two analysts; ``path`` names the file in it.
    """
    if not is_team_project(conn):
        raise InputError(NOT_A_TEAM, path=path)
    known = team_analysts(conn)
    chosen = list(dict.fromkeys(analysts)) if analysts else known
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise InputError(f"no analyst {unknown[0]!r} in this project; its analysts are: {', '.join(known) or 'none'}", path=path)
    if len(chosen) < 2:
        raise InputError(f"agreement needs at least two analysts; this project has {len(known)} ({', '.join(known) or 'none'})", path=path)
    wanted = list(statuses)
    marks = ",".join("?" * len(wanted))
    articles = {r[0]: (r[1], len(r[2]), r[3] or "") for r in conn.execute("SELECT id, text_hash, text, title FROM articles")}
    heads_of = _heads_of(schema)

    team: dict[str, dict[str, ArticleLayer]] = {}
    for name in chosen:
        present: set[int] = set()
        for table in TEAM_TABLES:
            present |= {r[0] for r in conn.execute(f"SELECT DISTINCT article_id FROM {table} WHERE {ANALYST_COLUMN} = ?", [name])}
        spans: dict[int, list[tuple[str, SpanUnit]]] = {}
        for sid, aid, start, end, label in conn.execute(
                f'SELECT id, article_id, start, "end", label FROM spans WHERE {ANALYST_COLUMN} = ? AND status IN ({marks}) '
                "ORDER BY article_id, start, \"end\", label, id", [name, *wanted]):
            spans.setdefault(aid, []).append((sid, SpanUnit(start, end, label)))
        by_id = {sid: unit for items in spans.values() for sid, unit in items}
        links: dict[int, list[LinkUnit]] = {}
        linked: set[tuple[str, str]] = set()  # (head span id, relation label)
        for aid, head, child, label in conn.execute(
                f"SELECT article_id, head, child, label FROM relations WHERE {ANALYST_COLUMN} = ? AND status IN ({marks}) "
                "ORDER BY article_id, rowid", [name, *wanted]):
            if head in by_id and child in by_id:
                h, c = by_id[head], by_id[child]
                links.setdefault(aid, []).append(LinkUnit(label, (h.start, h.end), (c.start, c.end)))
                linked.add((head, label))
        for aid, items in spans.items():
            links.setdefault(aid, []).extend(_unlinked(items, linked, heads_of))
        stances: dict[int, list[StanceUnit]] = {}
        # The evidence is looked up whatever its span's status: a stance resting on a quote keeps
        # resting on it even if the quote itself was left out, rather than becoming article-level.
        for aid, holder, target, polarity, ev_start, ev_end in conn.execute(
                f'SELECT t.article_id, t.holder, t.target, t.polarity, e.start, e."end" FROM stances t '
                f"LEFT JOIN spans e ON e.id = t.evidence AND t.evidence != '' "
                f"WHERE t.{ANALYST_COLUMN} = ? AND t.status IN ({marks}) ORDER BY t.article_id, t.rowid", [name, *wanted]):
            evidence = (ev_start, ev_end) if ev_start is not None else None
            stances.setdefault(aid, []).append(StanceUnit(holder or "", target or "", polarity or "", evidence))
        layers: dict[str, ArticleLayer] = {}
        for aid in sorted(present):
            key, length, title = articles[aid]
            layers[key] = ArticleLayer(length, tuple(u for _, u in spans.get(aid, [])), tuple(links.get(aid, [])),
                                       tuple(stances.get(aid, [])), title)
        team[name] = layers
    return team


def _heads_of(schema: LabelSchema) -> dict[str, set[str]]:
    """Relation label → the span labels its head may have (from the schema)."""
    return {rel.name: set(rel.head) for rel in schema.relations}


def _unlinked(spans: list[tuple[str, SpanUnit]], linked: set[tuple[str, str]], heads_of: dict[str, set[str]]) -> list[LinkUnit]:
    """A child-less link for every head-able span without a link of that relation label."""
    return [LinkUnit(label, (unit.start, unit.end), None)
            for sid, unit in spans for label, heads in heads_of.items()
            if unit.label in heads and (sid, label) not in linked]


def layer_from_bundle(bundle: ArticleBundle, schema: LabelSchema, *, statuses: Sequence[str] = ("accepted",)) -> ArticleLayer:
    """One analyst's :class:`ArticleLayer` from an article's records (an import of their file),
    by the same rules as :func:`team_from_project`."""
    wanted = set(statuses)
    spans = [(s.id, SpanUnit(s.start, s.end, s.label)) for s in sorted(bundle.spans, key=lambda s: (s.start, s.end, s.label, s.id))
             if str(s.status) in wanted]
    by_id = dict(spans)
    all_spans = {s.id: s for s in bundle.spans}
    links: list[LinkUnit] = []
    linked: set[tuple[str, str]] = set()
    for rel in bundle.relations:
        if str(rel.status) in wanted and rel.head in by_id and rel.child in by_id:
            h, c = by_id[rel.head], by_id[rel.child]
            links.append(LinkUnit(rel.label, (h.start, h.end), (c.start, c.end)))
            linked.add((rel.head, rel.label))
    links.extend(_unlinked(spans, linked, _heads_of(schema)))
    stances = []
    for st in bundle.stances:
        if str(st.status) in wanted:
            ev = all_spans.get(st.evidence) if st.evidence else None
            stances.append(StanceUnit(st.holder or "", st.target or "", st.polarity or "", (ev.start, ev.end) if ev else None))
    return ArticleLayer(len(bundle.article.text), tuple(u for _, u in spans), tuple(links), tuple(stances), bundle.article.title)
