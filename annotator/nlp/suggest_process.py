"""The window's pre-annotation, run in a process of its own (issue 12).

Loading spaCy and a trained pipeline inside the window's process froze its UI thread for
60-190 ms at a time (the import holds the GIL) and took the window to 323 MB. Here the pipeline
is loaded, and spaCy plus the suggestion rules run, in one child process (a
:class:`~annotator.nlp.process_pool.ProcessPool` of one worker, ``spawn`` start: forking a
process that runs Qt threads could hand the child a lock some thread held). The child reads each
article's text itself through a read-only connection of its own (:class:`ArticleTexts`), so the
window hands over article ids only, never texts.

**Who writes.** The child only *computes*: it returns a :class:`SuggestionSet` per article and
the window's process stores it on its UI thread through its own ``Project``, exactly as before
(``Project.add_suggestions``: one transaction per article, decided spans never overwritten, a
busy file reported). One writer keeps the guarantees where they are (every stored suggestion is
in the window's state before the UI shows it; undo and the change log see one connection), and a
crash or kill of the child can never leave a half-written transaction: the child holds no write
lock, ever.

**Tokens** (perf26, issue 12). With ``tokens=True`` (:data:`SUGGEST_TOKENS`) the child also returns
the exports' tokens of each article, taken from the Doc it parsed by ``annotator preannotate``'s
own check and packing (:func:`annotator.nlp.runner.suggest_article_tokens`,
:mod:`annotator.nlp.pipeline_tokens`). They are derived data, not an edit: the thread relaying
the results writes them through a connection of its own once the UI thread says it stored the
article's suggestions (:class:`annotator.formats.token_store.HeldTokens`), never the UI thread.

**Failure.** A child that dies (native crash, killed) is noticed through its process sentinel,
never waited for: the article it held is reported failed and a fresh child takes over; after
:data:`CRASHES_IN_A_ROW` deaths in a row without one finished article, the run stops with a
message (:class:`ProcessCrashed`). A pipeline that cannot be loaded raises
:class:`~annotator.nlp.process_pool.WorkerStartError` with the child's reason.

Everything here is Qt-free and picklable: ``start``/``work`` run in the child.
"""

from __future__ import annotations

import collections
import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import ArticleStatus

CRASHES_IN_A_ROW = 3  # child deaths in a row (no article finished between them) that end the run


@dataclasses.dataclass(frozen=True, slots=True)
class PipelineDescription:
    """What the window shows of the pipeline loaded in the child (``LoadedPipeline`` minus ``nlp``).

    ``fallback_reason``: why the chosen pipeline could not be loaded (the default was), or ""."""

    name: str
    version: str
    rule_only: bool
    notice: str = ""
    source: str = ""
    fallback_reason: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


class ProcessCrashed(RuntimeError):
    """The pre-annotation process died :data:`CRASHES_IN_A_ROW` times in a row."""


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleQuery:
    """The articles a condition on the ``articles`` table picks, listed in id order by whoever
    runs it on its own connection (the pre-annotation worker, not the UI thread: at 50,000
    articles listing them and building the queue took 0.7 s before the window's first paint).

    ``where`` is fixed SQL written here (:func:`preannotation_query`), never input."""

    where: str

    def ids(self, conn: sqlite3.Connection) -> list[int]:
        """The ids, ascending. One row of SQL (``group_concat``) split in C, not a row per
        article (launch13): each row is a step that lets go of the GIL and takes it back, and
        the window's UI thread, painting its first frame meanwhile, waited for it at each of the
        10,000 hand-overs (the 100-300 ms freezes of the launch with pre-annotation pending)."""
        joined = conn.execute(f"SELECT group_concat(id) FROM (SELECT id FROM articles WHERE {self.where} ORDER BY id)").fetchone()[0]
        return sorted(map(int, joined.split(","))) if joined else []  # sorted: group_concat promises no order

    def any(self, conn: Any) -> bool:
        """Whether it picks at least one article (stops at the first: cheap on the UI thread)."""
        return conn.execute(f"SELECT 1 FROM articles WHERE {self.where} LIMIT 1").fetchone() is not None


@dataclasses.dataclass(frozen=True, slots=True)
class _NotPreannotated(ArticleQuery):
    """The articles without a ``preannotations`` row (and whatever else ``where`` asks of them);
    :meth:`any` from two counts first.

    ui10q: the launch now asks every project (not only the first-run sample), on the UI
    thread; the NOT EXISTS scan found nothing only after looking up every article: 60–200 ms
    at 50,000 articles all pre-annotated (a freeze; issue 12 allows 50 ms). ``preannotations``
    is keyed by article id with a foreign key to ``articles`` (enforced: no row for an article
    not in the file) and no code deletes an article, so more articles than rows means one is
    missing and equal counts mean none is; the scan is kept for a file with more rows than
    articles (one written with foreign keys off)."""

    def any(self, conn: Any) -> bool:
        articles, rows = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM preannotations)").fetchone()
        if articles == rows:
            return False
        if articles > rows and self.where == _NEVER_PREANNOTATED:
            return True
        # fixut16a: one is never pre-annotated; whether it is one this query picks (not marked done
        # or reviewed) is a scan's to say, newest first: articles waiting are most often the ones
        # imported last, so it stops at once (only a project whose waiting articles are all
        # finished is scanned through)
        return conn.execute(f"SELECT 1 FROM articles WHERE {self.where} ORDER BY id DESC LIMIT 1").fetchone() is not None


# ----------------------------------------------------------------------------- which articles get suggestions

# fixut16a (usertest16 M3): ONE rule of which articles a pre-annotation adds suggestions to, for
# every path — `annotator preannotate` (annotator.nlp.runner.articles_to_do), the window's run at
# launch (annotator.ui.launch), File → Pre-annotate, and the window storing what its worker
# suggested (a worker's list is taken when it starts; an article marked reviewed meanwhile is
# finished by the time its suggestions arrive). An article marked done or reviewed is the
# analysts' finished decision: no path adds suggestions to it unless asked to (`--include-done`).
# The launch's run used its own query (never pre-annotated, whatever the status) and added
# suggestions to reviewed articles the command line left alone.
FINISHED_STATUSES = (ArticleStatus.DONE.value, ArticleStatus.REVIEWED.value)
_NOT_FINISHED = f"status NOT IN ({', '.join(repr(s) for s in FINISHED_STATUSES)})"
_NEVER_PREANNOTATED = "NOT EXISTS (SELECT 1 FROM preannotations p WHERE p.article_id = articles.id)"


def takes_suggestions(status: str, *, include_done: bool = False) -> bool:
    """Whether pre-annotation may add suggestions to an article of ``status`` (see above)."""
    return include_done or str(status) not in FINISHED_STATUSES


def preannotation_query(*, redo: bool = False, include_done: bool = False) -> ArticleQuery:
    """The articles a pre-annotation run adds suggestions to: never pre-annotated (any with
    ``redo``: File → Pre-annotate, ``--redo``), and not marked done or reviewed (unless
    ``include_done``). Every path lists its articles with this (see above)."""
    conditions = ([] if redo else [_NEVER_PREANNOTATED]) + ([] if include_done else [_NOT_FINISHED])
    if not conditions:
        return ArticleQuery("1")
    where = " AND ".join(conditions)
    return _NotPreannotated(where) if not redo else ArticleQuery(where)


def imported_query(article_ids: Iterable[int]) -> ArticleQuery:
    """The articles among ``article_ids`` (those an import brought or met again) that
    :data:`TO_PREANNOTATE` picks: File → Import's own run (usertest19 L7) pre-annotates them and
    no other; one already pre-annotated, marked done or reviewed is left alone. The ids are
    written into the SQL as integers (``int()`` of each), so it stays fixed SQL. Listed by the
    worker when it starts, so a run queued behind another skips what that one did."""
    ids = ",".join(str(int(i)) for i in sorted(set(article_ids)))
    return ArticleQuery(f"id IN ({ids}) AND {TO_PREANNOTATE.where}" if ids else "0")


def not_preannotated_by(origin: str) -> ArticleQuery:
    """usertest22 M1: the articles File → Pre-annotate articles does by default: not pre-annotated
    by the pipeline whose suggestions are stored with ``origin`` (the ``preannotations.origin`` of
    its runs, e.g. "en_core_web_sm 3.8.0 + annotator-rules 1"; "" when the window does not know it
    yet: never pre-annotated at all), and not marked done or reviewed. ``origin`` is written into
    the SQL as a quoted literal (quotes doubled), so the SQL stays one fixed statement."""
    if not origin:
        return TO_PREANNOTATE
    literal = "'" + origin.replace("'", "''") + "'"
    return ArticleQuery(f"NOT EXISTS (SELECT 1 FROM preannotations p WHERE p.article_id = articles.id AND p.origin = {literal})"
                        f" AND {_NOT_FINISHED}")


NOT_PREANNOTATED = _NotPreannotated(_NEVER_PREANNOTATED)  # whatever the status (listing benchmarks and tests)
TO_PREANNOTATE = preannotation_query()  # the launch's run and `annotator preannotate`
NOT_DONE = preannotation_query(redo=True)  # File → Pre-annotate


class ArticleTexts:
    """Article texts of the project file at ``path``, through a read-only connection owned by
    the thread or process that made it (``text(article_id) -> str``).

    The window writes meanwhile; with the project in WAL mode a reader never blocks it and sees
    each committed state. Raises :class:`AnnotatorError` for an article no longer in the file."""

    def __init__(self, path: str | Path) -> None:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._conn = sqlite3.connect(uri, uri=True)

    def text(self, article_id: int) -> str:
        row = self._conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise AnnotatorError(f"article {article_id} is no longer in the project")
        return str(row[0])

    def ids(self, query: ArticleQuery) -> list[int]:
        return query.ids(self._conn)

    def queue(self, query: ArticleQuery) -> QueuedIds:
        """The ids ``query`` picks now, queued in SQLite on this connection (:class:`QueuedIds`)."""
        return QueuedIds(self._conn, query)

    def close(self) -> None:
        self._conn.close()


class QueuedIds:
    """The ids an :class:`ArticleQuery` picked when this was made, in id order, held by SQLite in
    a ``TEMP`` table of ``conn`` (a read-only connection may write its temp database) and read
    back :data:`PAGE` at a time: the Python work is O(page), never O(articles).

    launch14: listing them as Python objects (``ArticleQuery.ids``, then a deque of ``(id, None)``
    tuples) was ~25 ms of the pre-annotation thread holding the GIL at 50,000 articles, much of it
    in C loops that never let go of it, just after the first paint: the window's UI thread waited
    for the GIL at every Python call it made meanwhile (the longest launch freeze grew from 40 ms
    at 10,000 articles to 61 ms at 50,000). Filling the table is one statement, which SQLite runs
    with the GIL released.

    Not thread-safe: used by the one thread that owns ``conn``. ``total`` is the count at
    creation; :meth:`take` hands one id out of order (the article the analyst opened), and
    :meth:`next` then skips it. Raises ``sqlite3.Error`` as the connection does."""

    PAGE = 256  # ids read back at a time

    def __init__(self, conn: sqlite3.Connection, query: ArticleQuery) -> None:
        self._conn = conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS queued_ids (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.queued_ids")
        conn.execute(f"INSERT INTO temp.queued_ids SELECT id FROM articles WHERE {query.where}")  # noqa: S608 - fixed SQL
        conn.commit()  # no transaction left open: it would pin the WAL (the window checkpoints it)
        self.total: int = conn.execute("SELECT count(*) FROM temp.queued_ids").fetchone()[0]
        self._page: collections.deque[int] = collections.deque()
        self._after = 0  # the largest id read into a page so far
        self._taken: set[int] = set()  # handed out by take() before their page was read

    def next(self) -> int | None:
        """The next id not handed out yet, or None when none is left."""
        while True:
            if not self._page:
                rows = self._conn.execute("SELECT id FROM temp.queued_ids WHERE id > ? ORDER BY id LIMIT ?",
                                          (self._after, self.PAGE)).fetchall()
                if not rows:
                    return None
                self._page.extend(r[0] for r in rows)
                self._after = rows[-1][0]
            article_id = self._page.popleft()
            if article_id in self._taken:
                self._taken.discard(article_id)
                continue
            return article_id

    def take(self, article_id: int) -> bool:
        """Hand ``article_id`` out now if it is queued and not handed out yet (then True)."""
        if article_id in self._page:
            self._page.remove(article_id)
            return True
        if article_id <= self._after or article_id in self._taken:
            return False
        if self._conn.execute("SELECT 1 FROM temp.queued_ids WHERE id = ?", (article_id,)).fetchone() is None:
            return False
        self._taken.add(article_id)
        return True


def load_with_fallback(choice: str) -> tuple[Any, str]:
    """``(LoadedPipeline, fallback reason)``: the pipeline ``choice`` names (the default for "");
    when it cannot be loaded, the default and why. Raises :class:`AnnotatorError` when the
    default cannot be loaded either."""
    from annotator.nlp.pipeline import load_pipeline

    try:
        return load_pipeline(choice or None), ""
    except AnnotatorError as exc:
        if not choice:
            raise
        return load_pipeline(None), str(exc)


def start(choice: str, ner_map: Mapping[str, str], project_path: str) -> dict[str, Any]:
    """In the child: load the pipeline and open the texts (the pool's ``init``)."""
    pipeline, fallback_reason = load_with_fallback(choice)
    description = PipelineDescription(pipeline.name, pipeline.version, pipeline.rule_only, pipeline.notice,
                                      pipeline.source, fallback_reason)
    return {"pipeline": pipeline, "description": description, "ner_map": dict(ner_map), "texts": ArticleTexts(project_path)}


def work(state: dict[str, Any], task: tuple[str, int]) -> Any:
    """In the child: ``("describe", 0)`` → :class:`PipelineDescription`; ``("suggest", id)`` → the
    article's :class:`SuggestionSet`; ``(SUGGEST_TOKENS, id)`` → ``(SuggestionSet, PackedTokens |
    None)``, the exports' tokens packed as ``annotator preannotate`` packs them
    (:func:`annotator.nlp.runner.suggest_article_tokens`). Raises what the pipeline or the rules raise."""
    kind, article_id = task
    if kind == "describe":
        return state["description"]
    from annotator.nlp.runner import suggest_article, suggest_article_tokens

    text = state["texts"].text(article_id)
    if kind == SUGGEST_TOKENS:
        return suggest_article_tokens(state["pipeline"], text, schema_ner_map=state["ner_map"])
    return suggest_article(state["pipeline"], text, schema_ner_map=state["ner_map"])


SUGGEST_TOKENS = "suggest+tokens"  # work()'s task: the suggestions and the exports' tokens (perf26)


def suggested_parts(value: Any) -> tuple[Any, Any]:
    """``(suggestions, packed tokens or None)`` of what :func:`work` returned for an article: a
    pair for :data:`SUGGEST_TOKENS`, a bare :class:`SuggestionSet` otherwise (a ``work_fn`` that
    makes no tokens, e.g. a test's)."""
    if isinstance(value, tuple) and len(value) == 2:
        return value[0], value[1]
    return value, None


def run(
    article_ids: Callable[[], int | None],
    *,
    choice: str,
    ner_map: Mapping[str, str],
    project_path: str,
    should_cancel: Callable[[], bool],
    start_fn: Callable[..., Any] = start,
    work_fn: Callable[[Any, Any], Any] = work,
    tokens: bool = False,
) -> Iterator[tuple[str, Any, Any]]:
    """Pre-annotate in a child process: yields ``("loaded", 0, PipelineDescription)`` once, then
    ``("suggested", id, SuggestionSet)`` or ``("failed", id, one-line error)`` per article (with
    ``tokens``: ``("suggested", id, (SuggestionSet, PackedTokens | None))``, the exports' tokens
    the child took from the Doc it parsed, :data:`SUGGEST_TOKENS`), taking
    ids from ``article_ids()`` (``None``: no more) one at a time, so the caller can reorder what
    is still queued. Stops (killing the child at once) when ``should_cancel()`` turns true or the
    caller stops iterating.

    Raises :class:`~annotator.nlp.process_pool.WorkerStartError` (the pipeline could not be
    loaded: the child's message) and :class:`ProcessCrashed`. ``start_fn``/``work_fn`` replace
    :func:`start`/:func:`work` (tests; module-level functions, as ``spawn`` pickles them by name).
    """
    import multiprocessing

    from annotator.nlp.process_pool import Failed, ProcessPool

    suggest = SUGGEST_TOKENS if tokens else "suggest"

    def tasks() -> Iterator[tuple[str, int]]:
        yield ("describe", 0)
        while (article_id := article_ids()) is not None:
            yield (suggest, article_id)

    crashes = 0
    with ProcessPool(1, init=start_fn, init_args=(choice, dict(ner_map), project_path), work=work_fn,
                     context=multiprocessing.get_context("spawn")) as pool:
        for (kind, article_id), result in pool.imap_unordered(tasks(), should_cancel=should_cancel):
            if isinstance(result, Failed):
                if result.exitcode is not None:
                    crashes += 1
                    if kind == "describe" or crashes >= CRASHES_IN_A_ROW:
                        raise ProcessCrashed(f"the pre-annotation process stopped (exit code {result.exitcode})"
                                             f"{' while loading the pipeline' if kind == 'describe' else f' {crashes} times in a row'}")
                first_line = result.error.strip().splitlines()[0] if result.error.strip() else "failed"
                yield ("failed", article_id, first_line)
                continue
            crashes = 0
            if kind == "describe":
                yield ("loaded", article_id, result)
            else:
                yield ("suggested", article_id, suggested_parts(result) if tokens else result)
