"""The CoNLL export's reading of a project: only the span columns CoNLL looks at, tokens a batch at a time.

:func:`annotator.formats.stream.iter_bundles` reads every column of every span (ids, origins,
timestamps, analysts: 12 columns of 160,000 rows at 10,000 articles, sorted) and the suggestion log,
which a CoNLL export never writes; the scan and sort of the wide rows was the largest part of the
reading (issue 12, export12h). :func:`iter_bundles` here yields the same articles, relations,
stances and tags (read by the stream's own grouped scans and record readers, so a damaged row is
read or refused as before), with each article's spans as narrow rows
``(id, article_id, start, end, label, layer, status, rowid, attrs)`` — the columns of
:data:`~annotator.formats.stream.SPAN_COLUMNS` at the same positions, except that position 7
(``origin``, which CoNLL does not read) holds the row's ``rowid``. The CoNLL writer reads them in
place (``conll._entities``); a row of an unusual kind, or a reader asking for ``spans``, gets the
stored rows again by rowid and their :class:`~annotator.domain.model.Span` records, as the stream
makes them. No suggestion log is read (CoNLL holds no suggestions: ``suggestions`` is ``{}``).

:func:`read_tokens` reads the stored tokens of a batch of articles with one query, starts and
flags as one array each; an article with exception norms, or without usable stored tokens, gets
them from :func:`~annotator.formats.token_store.tokens_of_bundle` (made and kept), as before.
:func:`iter_bundles` sets each bundle's ``tokens`` so, :data:`TOKEN_BATCH` articles at a time,
before it yields them (and before its token source closes).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

from annotator.domain import stance_rule
from annotator.domain.model import Article, Span, Status
from annotator.formats import stream
from annotator.formats.stream import SPAN_COLUMNS, RowBundle, fast_reader
from annotator.formats.token_store import TABLE, Tokens, TokenSource, has_table, tokenizer_key, tokens_of_bundle, unpack
from annotator.storage.project import Project

TOKEN_BATCH = 64  # articles whose stored tokens are read with one query
ROWID = 7  # where a narrow span row holds its rowid (SPAN_COLUMNS' "origin")
_NARROW = 'id, article_id, start, "end", label, layer, status, rowid, attrs'


class ConllBundle(RowBundle):
    """A :class:`~annotator.formats.stream.RowBundle` whose span rows are narrow (module
    docstring): ``narrow_rows`` gives them while ``spans`` was not read; ``spans`` reads the
    stored rows again (by rowid, in the same order) and makes their records."""

    __slots__ = ("_project",)

    def __init__(self, *args: Any, project: Project | None = None, **fields: Any) -> None:
        self._project = project
        RowBundle.__init__(self, *args, **fields)

    def _record_rows(self) -> list[tuple]:
        assert self._project is not None and self._rows is not None
        return full_rows(self._project, [r[ROWID] for r in self._rows])


def narrow_rows(bundle: Any) -> list[tuple] | None:
    """The narrow span rows of a :class:`ConllBundle` whose ``spans`` were not read, else None."""
    return bundle._rows if type(bundle) is ConllBundle else None


def full_rows(project: Project, rowids: Sequence[int]) -> list[tuple]:
    """The stored span rows (every column, :data:`SPAN_COLUMNS` order) of ``rowids``, in that order."""
    found: dict[int, tuple] = {}
    for first in range(0, len(rowids), 500):
        part = list(rowids[first : first + 500])
        cursor = project.db.execute(f"SELECT rowid, {', '.join(_quoted(c) for c in SPAN_COLUMNS)} FROM spans "
                                    f"WHERE rowid IN ({', '.join('?' * len(part))})", part)
        found.update((row[0], row[1:]) for row in cursor)
    return [found[r] for r in rowids]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def iter_bundles(project: Project, *, statuses: Iterable[Status] | None = None,
                 ids: tuple[int | None, int | None] | None = None) -> Iterator[RowBundle]:
    """:func:`annotator.formats.stream.iter_bundles` for the CoNLL writer: the same articles (by
    id), relations, stances and tags, the spans as narrow rows (:class:`ConllBundle`), no
    suggestions. A spans table of other columns than :data:`SPAN_COLUMNS`: the stream's own."""
    names = [row[1] for row in project.db.execute("PRAGMA table_info(spans)")]
    if tuple(names) != SPAN_COLUMNS:
        yield from stream.iter_bundles(project, statuses=statuses, ids=ids)
        return
    where, params = stream._layer_where(statuses, ids)
    # The scan and sort of iter_bundles (the table in its own order, sorted: issue 12), narrow rows.
    cursor = project.db.execute(
        f'SELECT {_NARROW} FROM spans NOT INDEXED {where} ORDER BY article_id, start, "end" DESC, label, rowid', params)
    spans = stream._Follower((article_id, list(group)) for article_id, group in groupby(cursor, key=_ARTICLE_ID))
    relations, stances, tags = stream._record_followers(project, where, params, ids)
    source = TokenSource(project.db.conn, None if project.read_only else project.path)
    read_span = fast_reader(Span, SPAN_COLUMNS)
    article_bound, article_params = stream._id_bounds(ids, "id")
    article_where = f" WHERE {' AND '.join(article_bound)}" if article_bound else ""
    waiting: list[ConllBundle] = []  # read, their tokens not yet
    try:
        rows = project.db.execute(f"SELECT * FROM articles{article_where} ORDER BY id", article_params)
        read_article = fast_reader(Article, [d[0] for d in rows.description])
        for raw in rows:
            article = read_article(raw)
            found_spans = spans.take(article.id)
            article_relations, article_stances = relations.take(article.id), stances.take(article.id)
            if article_relations or article_stances:  # as stream._bundles: both ends exported
                span_ids = {r[0] or "" for r in found_spans}
                article_relations = [rel for rel in article_relations if rel.head in span_ids and rel.child in span_ids]
                article_stances = stance_rule.within(article_stances, span_ids)
            waiting.append(ConllBundle(article=article, relations=article_relations, stances=article_stances,
                                       tags=tags.take(article.id), token_source=source, span_rows=found_spans,
                                       read_span=read_span, project=project))
            if len(waiting) == TOKEN_BATCH:
                yield from _with_tokens(waiting)
                waiting = []
        yield from _with_tokens(waiting)  # before the source closes: it keeps the tokens made
    finally:
        source.close()


def _with_tokens(bundles: list[ConllBundle]) -> Iterator[ConllBundle]:
    for bundle, tokens in zip(bundles, read_tokens(bundles)):
        bundle.tokens = tokens
        yield bundle


_ARTICLE_ID = operator.itemgetter(1)


def read_tokens(bundles: Sequence[Any]) -> list[Tokens]:
    """The tokens of each of ``bundles`` (:func:`~annotator.formats.token_store.tokens_of_bundle`'s),
    those stored read with one query for all of them when they share one
    :class:`~annotator.formats.token_store.TokenSource` (as one array each, viewed per article);
    the others — stored with exception norms, for another text or tokenizer, or not at all — as
    ``tokens_of_bundle`` gives them (made and kept when missing: call it while the bundles'
    stream is open, as :func:`iter_bundles` does)."""
    import numpy

    source = getattr(bundles[0], "token_source", None) if bundles else None
    ids = [b.article.id for b in bundles]
    if (source is None or any(getattr(b, "tokens", None) is not None or getattr(b, "token_source", None) is not source
                              for b in bundles) or None in ids or ids != sorted(set(ids)) or not _stored_table(source)):
        return [tokens_of_bundle(b) for b in bundles]
    key = tokenizer_key()
    stored: dict[int, tuple[Any, ...]] = {}
    for article_id, *row in source._conn.execute(
            f"SELECT article_id, tokenizer, text_hash, starts, flags, norms FROM {TABLE} WHERE article_id >= ? AND article_id <= ?",
            [ids[0], ids[-1]]):
        stored[article_id] = row
    usable: list[tuple[bytes, bytes] | Tokens | None] = []
    for bundle in bundles:
        row = stored.get(bundle.article.id)
        if row is None or row[0] != key or row[1] != bundle.article.text_hash:
            usable.append(None)  # made (and kept) by tokens_of_bundle
        elif type(row[2]) is bytes and type(row[3]) is bytes and len(row[2]) == 4 * len(row[3]) and row[4] in ("{}", ""):
            usable.append((row[2], row[3]))  # the usual row: into the batch's arrays
        else:
            usable.append(unpack(row[2], row[3], row[4]))  # exception norms (or a row unpack refuses)
    batch = [u for u in usable if type(u) is tuple]
    all_starts = numpy.frombuffer(b"".join(u[0] for u in batch), dtype="<u4").astype(numpy.int64)
    all_flags = numpy.frombuffer(b"".join(u[1] for u in batch), dtype=numpy.uint8)
    out: list[Tokens] = []
    at = 0
    for bundle, u in zip(bundles, usable):
        if u is None:
            out.append(tokens_of_bundle(bundle))
        elif type(u) is tuple:
            n = len(u[1])
            out.append(Tokens(all_starts[at : at + n], all_flags[at : at + n], {}))
            at += n
        else:
            out.append(u)  # type: ignore[arg-type]
    return out


def _stored_table(source: TokenSource) -> bool:
    if source._table is None:
        source._table = has_table(source._conn)
    return bool(source._table)
