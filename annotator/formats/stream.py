"""Streaming reads for exports: every article with its annotations, five cursors merged by article id.

``Project.bundles()`` runs five queries per article; an export of 10,000 articles should run five
queries in all and hold one article at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from annotator.domain import stance_rule
from annotator.domain.model import Status
from annotator.formats.common import ExportReport, ReviewedBundle
from annotator.formats.token_store import TokenSource
from annotator.storage import rows
from annotator.storage.project import Project
from annotator.storage.suggestions_log import iter_first_suggestions


def _grouped(project: Project, table: str, where: str, params: list[Any], order: str) -> Iterator[tuple[int, list[dict]]]:
    cursor = project.db.execute(f"SELECT * FROM {table} {where} ORDER BY article_id, {order}", params)
    names = [d[0] for d in cursor.description]
    for article_id, group in groupby((dict(zip(names, r)) for r in cursor), key=lambda r: r["article_id"]):
        yield article_id, list(group)


class _Follower:
    """Advances a grouped cursor in step with the article cursor."""

    def __init__(self, groups: Iterator[tuple[int, list[dict]]]) -> None:
        self._groups = groups
        self._next = next(groups, None)

    def take(self, article_id: int) -> list[dict]:
        while self._next is not None and self._next[0] < article_id:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == article_id:
            found = self._next[1]
            self._next = next(self._groups, None)
            return found
        return []


def iter_bundles(project: Project, *, statuses: Iterable[Status] | None = None) -> Iterator[ReviewedBundle]:
    """Every article (by id) with its spans, relations and stances of ``statuses`` (all when None)
    and its tags; a relation only when both its spans are included, a stance only when its
    evidence is (its holder span cleared when that is not; as ``Project.bundle``);
    and what the machine had suggested for records an analyst changed (one more grouped query).
    Each bundle's ``token_source`` reads the article's stored tokens for the writers that need
    them and keeps those they had to make (formats.token_store)."""
    where, params = "", []
    if statuses is not None:
        wanted = [str(s) for s in statuses]
        where = f"WHERE status IN ({', '.join('?' * len(wanted))})"
        params = wanted
    spans = _Follower(_grouped(project, "spans", where, params, 'start, "end" DESC, label'))
    relations = _Follower(_grouped(project, "relations", where, params, "rowid"))
    stances = _Follower(_grouped(project, "stances", where, params, "rowid"))
    tags = _Follower(_grouped(project, "tags", "", [], "tag"))
    suggestions = _Follower(iter_first_suggestions(project))  # type: ignore[arg-type]
    # Stored token offsets, read only if a writer asks for them (formats.token_store).
    source = TokenSource(project.db.conn, None if project.read_only else project.path)
    try:
        yield from _bundles(project, spans, relations, stances, tags, suggestions, source)
    finally:
        source.close()


def _bundles(project: Project, spans: _Follower, relations: _Follower, stances: _Follower, tags: _Follower,
             suggestions: _Follower, source: TokenSource) -> Iterator[ReviewedBundle]:
    cursor = project.db.execute("SELECT * FROM articles ORDER BY id")
    names = [d[0] for d in cursor.description]
    for raw in cursor:
        article = rows.article_from_row(dict(zip(names, raw)))
        article_spans = [rows.span_from_row(r) for r in spans.take(article.id)]  # type: ignore[arg-type]
        ids = {s.id for s in article_spans}
        article_relations = [
            rel for rel in (rows.relation_from_row(r) for r in relations.take(article.id))  # type: ignore[arg-type]
            if rel.head in ids and rel.child in ids
        ]
        found = suggestions.take(article.id)  # type: ignore[arg-type]
        yield ReviewedBundle(
            article=article,
            spans=article_spans,
            relations=article_relations,
            stances=stance_rule.within([rows.stance_from_row(r) for r in stances.take(article.id)], ids),  # type: ignore[arg-type,misc]
            tags=[rows.tag_from_row(r) for r in tags.take(article.id)],  # type: ignore[arg-type]
            suggestions=found if isinstance(found, dict) else {},
            token_source=source,
        )


def note_withheld(report: ExportReport, project: Project, statuses: Iterable[Status] | None, *, analyst: str = "") -> None:
    """Count into ``report.left_out`` the relations of the exported statuses that the export
    cannot hold because an end is not exported (e.g. an accepted link to a span still pending, in
    a ``--status accepted`` export): every writer only writes a relation whose two spans it writes.
    ``analyst``: of that analyst's layer ("" the gold layer; docs/team.md)."""
    if statuses is None:
        return
    wanted = [str(s) for s in statuses]
    marks = ", ".join("?" * len(wanted))
    if analyst:
        spans, relations, stances = "layer_spans", "layer_relations", "layer_stances"
        same, mine, whose = "{x}.analyst = ? AND ", " AND {t}.analyst = ?", [analyst]
        layer = f"{analyst}'s "
    else:
        spans, relations, stances = "spans", "relations", "stances"
        same, mine, whose = "", "", []
        layer = ""
    (count,) = project.db.execute(
        f"""SELECT count(*) FROM {relations} r JOIN {spans} h ON {same.format(x="h")}h.id = r.head
                                 JOIN {spans} c ON {same.format(x="c")}c.id = r.child
            WHERE r.status IN ({marks}) AND (h.status NOT IN ({marks}) OR c.status NOT IN ({marks})){mine.format(t="r")}""",
        [*whose, *whose, *wanted * 3, *whose],
    ).fetchone()
    if count:
        report.leave_out(f"{layer}relations whose span is not {'/'.join(wanted)} (decide the span, or use --status all)", count)
    (stances_out, holders) = project.db.execute(
        f"""SELECT sum(e.id IS NOT NULL AND e.status NOT IN ({marks})),
                   sum((e.id IS NULL OR e.status IN ({marks})) AND h.id IS NOT NULL AND h.status NOT IN ({marks}))
            FROM {stances} t LEFT JOIN {spans} e ON {same.format(x="e")}e.id = t.evidence AND t.evidence != ''
                             LEFT JOIN {spans} h ON {same.format(x="h")}h.id = t.holder_span AND t.holder_span != ''
            WHERE t.status IN ({marks}){mine.format(t="t")}""",
        [*wanted * 3, *whose, *whose, *wanted, *whose],
    ).fetchone()
    if stances_out:
        report.leave_out(f"{layer}stances whose evidence span is not {'/'.join(wanted)} (decide the span, or use --status all)", stances_out)
    if holders:
        report.leave_out(f"{layer}stances' holder spans that are not {'/'.join(wanted)}: written with the holder's name only "
                         "(decide the span, or use --status all)", holders)


def statuses_for(choice: str) -> list[Status] | None:
    """``--status accepted|suggested|all`` → the statuses to export (None: all)."""
    return None if choice == "all" else [Status(choice)]
