"""Streaming reads for exports: every article with its annotations, five cursors merged by article id.

``Project.bundles()`` runs five queries per article; an export of 10,000 articles should run five
queries in all and hold one article at a time.
"""

from __future__ import annotations

import collections

import dataclasses
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

from annotator.domain import stance_rule
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Stance, Status, Tag
from annotator.formats.common import ExportReport, ReviewedBundle
from annotator.formats.token_store import TokenSource
from annotator.storage import rows
from annotator.storage.project import Project
from annotator.storage.suggestions_log import iter_first_suggestions


def _grouped(project: Project, table: str, where: str, params: list[Any], order: str,
             kind: type | None = None, *, raw: bool = False, scan: bool = False) -> Iterator[tuple[int, list[Any]]]:
    """``(article_id, rows)`` by ascending article id from one ordered scan of ``table``: each
    row read as a ``kind`` record (:func:`fast_reader`), as a dict when ``kind`` is None, or left
    the row tuple (columns in ``table``'s order) when ``raw``. ``scan``: read the table in its own
    order and sort (one pass over its pages) rather than walk an index to each row (issue 12: the
    spans of 10,000 articles, 0.73 → 0.50 s)."""
    hint = " NOT INDEXED" if scan else ""
    cursor = project.db.execute(f"SELECT * FROM {table}{hint} {where} ORDER BY article_id, {order}", params)
    names = [d[0] for d in cursor.description]
    by_article = operator.itemgetter(names.index("article_id"))
    if raw:
        for article_id, group in groupby(cursor, key=by_article):
            yield article_id, list(group)
        return
    read: Callable[[tuple], Any] = fast_reader(kind, names) if kind is not None else (lambda r: dict(zip(names, r)))
    for article_id, group in groupby(cursor, key=by_article):
        yield article_id, [read(r) for r in group]


def _json_object(value: Any) -> dict[str, Any]:
    """``storage.rows``' reading of a JSON column, the stored ``{}`` of nearly every row first."""
    if not value or value == "{}":
        return {}
    loaded = json.loads(value)
    if not isinstance(loaded, dict):
        raise ValueError("not a JSON object")
    return loaded


def fast_reader(kind: type, names: Sequence[str]) -> Callable[[tuple], Any]:
    """A row tuple (columns ``names``, as ``cursor.description`` gives them) → ``kind`` record,
    equal to ``rows.FROM_ROW[kind](dict(zip(names, row)))``.

    The export reads every span of the project (330,000 at 10,000 articles): the general reader
    makes a dict per row and calls each field's conversion under ``try`` (40 % of a jsonl export,
    issue 12). This one is one expression per row, made once per column list (as ``dataclasses``
    makes ``__init__``), with the same conversions inline: JSON columns read as objects, a status
    looked up among the statuses, NULL text as "". A row it cannot read so (a damaged JSON column,
    an unknown status, a record its own checks refuse) goes to the general reader, which keeps
    what was stored or raises, as it always has.
    """
    statuses = {s.value: s for s in (ArticleStatus if kind is Article else Status)}
    where = {name: i for i, name in enumerate(names)}
    all_fields = [f for f in dataclasses.fields(kind)]
    present = [f for f in all_fields if f.name in where]  # the others keep the record's default, as the general reader leaves them
    positional = [f.name for f in present] == [f.name for f in all_fields[: len(present)]]
    args = []
    for field in present:
        column = f"r[{where[field.name]}]"
        if field.name in ("attrs", "meta"):
            value = f"loads({column})"
        elif field.name == "status":
            value = f"statuses[{column}]"
        elif field.type == "str":
            value = f'({column} or "")'
        else:
            value = column
        args.append(value if positional else f"{field.name}={value}")
    source = (f"def read(r):\n"
              f"    try:\n"
              f"        return kind({', '.join(args)})\n"
              f"    except (ValueError, TypeError, KeyError, RecursionError):\n"
              f"        return general(dict(zip(names, r)))\n")
    scope = {"kind": kind, "loads": _json_object, "statuses": statuses, "general": rows.FROM_ROW[kind], "names": list(names)}
    exec(compile(source, f"<fast_reader {kind.__name__}>", "exec"), scope)  # noqa: S102 - made from field names only
    return scope["read"]  # type: ignore[no-any-return]


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


SPAN_COLUMNS = tuple(f.name for f in dataclasses.fields(Span))  # the spans table's columns, in a row tuple's order
_SPANS_SLOT = ArticleBundle.spans  # the slot RowBundle.spans keeps the made records in


class RowBundle(ReviewedBundle):
    """A :class:`ReviewedBundle` whose spans were read as row tuples and are made into
    :class:`Span` records only when ``spans`` is first read.

    A writer that needs only the values (jsonl, csv, brat: 160,000 spans at 10,000 articles,
    issue 12) reads :func:`span_rows` instead: the rows, columns in :data:`SPAN_COLUMNS` order
    (as stored: NULL text is None, ``attrs`` the stored JSON text, ``status`` the stored text), or
    None once ``spans`` was read or set — from then on the records are what the bundle holds.
    Everything else (``dataclasses.replace``, equality, the other fields) is a ReviewedBundle's.
    """

    __slots__ = ("_rows", "_read")

    def __init__(self, *args: Any, span_rows: list[tuple] | None = None, read_span: Callable[[tuple], Span] | None = None,
                 **fields: Any) -> None:
        self._rows: list[tuple] | None = None
        self._read = read_span
        ReviewedBundle.__init__(self, *args, **fields)  # sets spans (the setter below), default []
        if span_rows is not None:
            _SPANS_SLOT.__set__(self, None)
            self._rows = span_rows

    @property  # type: ignore[override]
    def spans(self) -> list[Span]:
        made = _SPANS_SLOT.__get__(self)
        if made is None:
            assert self._read is not None and self._rows is not None
            made = [self._read(r) for r in self._record_rows()]
            _SPANS_SLOT.__set__(self, made)
            self._rows = None
        return made  # type: ignore[no-any-return]

    def _record_rows(self) -> list[tuple]:
        """The rows ``spans`` makes its records from (columns in :data:`SPAN_COLUMNS` order): the
        held rows themselves; a subclass holding narrower rows reads the stored ones."""
        assert self._rows is not None
        return self._rows

    @spans.setter
    def spans(self, value: list[Span]) -> None:
        _SPANS_SLOT.__set__(self, value)
        self._rows = None


def span_rows(bundle: ArticleBundle) -> list[tuple] | None:
    """The span rows of a :class:`RowBundle` whose ``spans`` were not read yet (see there), else None."""
    return bundle._rows if type(bundle) is RowBundle else None


def span_count(bundle: ArticleBundle) -> int:
    """How many spans ``bundle`` holds, without making records of a :class:`RowBundle`'s rows."""
    rows = span_rows(bundle)
    return len(rows) if rows is not None else len(bundle.spans)


def iter_bundles(project: Project, *, statuses: Iterable[Status] | None = None,
                 ids: tuple[int | None, int | None] | None = None) -> Iterator[ReviewedBundle]:
    """Every article (by id) with its spans, relations and stances of ``statuses`` (all when None)
    and its tags; a relation only when both its spans are included, a stance only when its
    evidence is (its holder span cleared when that is not; as ``Project.bundle``);
    and what the machine had suggested for records an analyst changed (one more grouped query).
    Each bundle's ``token_source`` reads the article's stored tokens for the writers that need
    them and keeps those they had to make (formats.token_store). Bundles are :class:`RowBundle`
    when the spans table has the usual columns: their spans are made when first read.

    ``ids``: ``(first, stop)``, only the articles of ids ``first <= id < stop`` (either None: no
    bound there), each query bounded so (:mod:`annotator.formats.stream_pool`: each process of a
    split export reads its own part)."""
    where, params = _layer_where(statuses, ids)
    names = [row[1] for row in project.db.execute("PRAGMA table_info(spans)")]
    lazy = tuple(names) == SPAN_COLUMNS
    # rowid last: spans alike in all three keep the order they were stored in, whichever plan SQLite picks
    spans = _Follower(_grouped(project, "spans", where, params, 'start, "end" DESC, label, rowid', Span, raw=lazy, scan=True))
    relations, stances, tags = _record_followers(project, where, params, ids)
    suggestions = _Follower(iter_first_suggestions(project))  # type: ignore[arg-type]
    # Stored token offsets, read only if a writer asks for them (formats.token_store).
    source = TokenSource(project.db.conn, None if project.read_only else project.path)
    read_span = fast_reader(Span, SPAN_COLUMNS) if lazy else None
    try:
        yield from _bundles(project, spans, relations, stances, tags, suggestions, source, read_span, ids)
    finally:
        source.close()


def _layer_where(statuses: Iterable[Status] | None,
                 ids: tuple[int | None, int | None] | None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of the per-article tables with a status (spans,
    relations, stances): the wanted statuses and :func:`_id_bounds` on ``article_id``."""
    conditions: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        wanted = [str(s) for s in statuses]
        conditions.append(f"status IN ({', '.join('?' * len(wanted))})")
        params = wanted
    bound, bound_params = _id_bounds(ids, "article_id")
    where = f"WHERE {' AND '.join(conditions + bound)}" if conditions or bound else ""
    return where, params + bound_params


def _record_followers(project: Project, where: str, params: list[Any],
                      ids: tuple[int | None, int | None] | None) -> tuple[_Follower, _Follower, _Follower]:
    """Relations, stances (filtered by ``where``, from :func:`_layer_where`) and tags (by ``ids``
    alone: a tag has no status), each grouped by article in id order."""
    bound, bound_params = _id_bounds(ids, "article_id")
    tags_where = f"WHERE {' AND '.join(bound)}" if bound else ""
    return (_Follower(_grouped(project, "relations", where, params, "rowid", Relation)),
            _Follower(_grouped(project, "stances", where, params, "rowid", Stance)),
            _Follower(_grouped(project, "tags", tags_where, bound_params, "tag", Tag)))


def _id_bounds(ids: tuple[int | None, int | None] | None, column: str) -> tuple[list[str], list[Any]]:
    """The SQL conditions (and their parameters) of :func:`iter_bundles`' ``ids`` on ``column``."""
    if ids is None:
        return [], []
    first, stop = ids
    conditions, params = [], []
    if first is not None:
        conditions.append(f"{column} >= ?")
        params.append(first)
    if stop is not None:
        conditions.append(f"{column} < ?")
        params.append(stop)
    return conditions, params


def _bundles(project: Project, spans: _Follower, relations: _Follower, stances: _Follower, tags: _Follower,
             suggestions: _Follower, source: TokenSource, read_span: Callable[[tuple], Span] | None,
             ids: tuple[int | None, int | None] | None = None) -> Iterator[ReviewedBundle]:
    bound, bound_params = _id_bounds(ids, "id")
    where = f" WHERE {' AND '.join(bound)}" if bound else ""
    cursor = project.db.execute(f"SELECT * FROM articles{where} ORDER BY id", bound_params)
    read_article = fast_reader(Article, [d[0] for d in cursor.description])
    for raw in cursor:
        article = read_article(raw)
        found_spans = spans.take(article.id)
        article_relations, article_stances = relations.take(article.id), stances.take(article.id)
        if article_relations or article_stances:  # most articles have neither: no set of ids to make
            if read_span is not None:
                ids = {r[0] or "" for r in found_spans}  # as the reader gives a span's id (NULL text: "")
            else:
                ids = {s.id for s in found_spans}
            article_relations = [rel for rel in article_relations if rel.head in ids and rel.child in ids]
            article_stances = stance_rule.within(article_stances, ids)  # type: ignore[arg-type]
        found = suggestions.take(article.id)  # type: ignore[arg-type]
        fields = dict(
            article=article,
            relations=article_relations,
            stances=article_stances,
            tags=tags.take(article.id),
            suggestions=found if isinstance(found, dict) else {},
            token_source=source,
        )
        if read_span is not None:
            yield RowBundle(span_rows=found_spans, read_span=read_span, **fields)
        else:
            yield ReviewedBundle(spans=found_spans, **fields)


def note_withheld(report: ExportReport, project: Project, statuses: Iterable[Status] | None, *, analyst: str = "") -> None:
    """Count into ``report.left_out`` the relations of the exported statuses that the export
    cannot hold because an end is not exported (e.g. an accepted link to a span still pending, in
    a ``--status accepted`` export): every writer only writes a relation whose two spans it writes.
    ``analyst``: of that analyst's layer ("" the gold layer; docs/team.md). An accepted-only
    export also adds to ``report.remarks`` how many accepted quotes it writes without a speaker
    or cue that is still a suggestion (written, so not ``left_out``)."""
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
    if wanted == [str(Status.ACCEPTED)]:
        # usertest22 M2: an accepted quote whose linked speaker or cue is still a suggestion is
        # written without it, and its link (suggested) is not counted above: say so, per quote
        # usertest24 L4: which of the two is still a suggestion, per quote ("without their speaker
        # or cue" was said when only the cues were)
        rows = project.db.execute(
            f"""SELECT max(r.label = 'SPEAKER'), max(r.label = 'CUE') FROM {relations} r
                       JOIN {spans} h ON {same.format(x="h")}h.id = r.head
                       JOIN {spans} c ON {same.format(x="c")}c.id = r.child
                WHERE h.label = 'QUOTE' AND h.status = 'accepted' AND r.label IN ('SPEAKER', 'CUE')
                  AND r.status != 'rejected' AND c.status = 'suggested'{mine.format(t="r")}
                GROUP BY h.id""",
            [*whose, *whose, *whose],
        ).fetchall()
        kinds = collections.Counter("both" if speaker and cue else "speaker" if speaker else "cue" for speaker, cue in rows)
        for kind in ("speaker", "cue", "both"):  # usertest23 L5: these quotes ARE written, so no "left out" line
            quotes = kinds.get(kind, 0)
            if not quotes:
                continue
            if kind == "both":
                report.remarks.append(
                    f"1 {layer}accepted quote written without its speaker or cue, which are still suggestions: "
                    "accept them, or use --status all" if quotes == 1 else
                    f"{quotes} {layer}accepted quotes written without their speaker or cue, which are still "
                    "suggestions: accept them, or use --status all")
            else:
                report.remarks.append(
                    f"1 {layer}accepted quote written without its {kind} (still a suggestion): accept it, or use "
                    "--status all" if quotes == 1 else
                    f"{quotes} {layer}accepted quotes written without their {kind} (still a suggestion): accept them, "
                    "or use --status all")
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
