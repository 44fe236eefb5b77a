"""Batch pre-annotation: run a pipeline and the suggestion rules over a project's articles.

The core is pure (``texts -> SuggestionSet``s); :func:`preannotate` adds the project around it.
Suggestions are written as they are ready: the articles of each ``nlp.pipe`` batch (or worker
chunk, or Dask task) in one transaction, and an article is
marked pre-annotated in the transaction that writes it, so an interrupted run (Ctrl+C, cancel
button, crash) keeps every article of every batch written and leaves the others not marked
pre-annotated; running again picks up where it stopped.

With several processes, each worker loads the pipeline once and runs spaCy *and* the rules,
returning its suggestions as plain tuples (:func:`pack`); the parent process only reads texts and
writes. With one process and a run of at least :data:`OVERLAP_MIN_ARTICLES` articles, one forked
worker only parses, and this process runs the rules (those that read only the Doc,
:func:`doc_only`: the default ones) on a copy of each Doc rebuilt from its token table and writes,
while the worker parses the next chunk: on two cores neither the rules nor the writing cost the
run time (the window, which cannot fork, stays in process).
(``nlp.pipe(n_process=...)`` and ``ProcessPoolExecutor`` were measured against it; neither can be
cancelled or survive a crashed worker as this must: see :mod:`annotator.nlp.process_pool`.) With
``dask=ADDRESS`` the same work runs on a Dask cluster's workers (:mod:`annotator.nlp.dask_runner`).
The workers are a :class:`~annotator.nlp.process_pool.ProcessPool`, which a cancel, Ctrl+C or a
crashed worker cannot deadlock (see there why not ``multiprocessing.Pool``).

One article never stops the others: an article whose pipeline or rules raise, or whose worker
process crashes, is reported in :attr:`RunResult.failed` and the run goes on; an article longer
than the pipeline takes is pre-annotated in pieces (:mod:`annotator.nlp.pieces`).
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import itertools
import multiprocessing
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import numpy
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.domain.errors import AnnotatorError
from annotator.domain.schema import default_schema
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.domain.words import plural
from annotator.formats import token_store
from annotator.nlp.pieces import PieceError, merge, piece_limit, split_text
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline
from annotator.nlp.pipeline_tokens import PackedTokens, TokenPlan, plan_for
from annotator.nlp.process_pool import Failed, ProcessPool, WorkerStartError
from annotator.process_start import can_fork  # one rule for every forked child; tests patch runner.can_fork
from annotator.stop_signals import held as stops_held
from annotator.nlp.quotes_doc import text_known
from annotator.storage.project import Project
from annotator.storage.transactions import ProjectBusy

RULES_NAME = "annotator-rules"
RULES_SERIES = "1"  # the rule set's major version; rules_version() adds what tells its revisions apart
DEFAULT_BATCH_SIZE = 32
CHUNK_ARTICLES = 8  # fewest articles per worker process a run starts (the tasks hold up to a pipe batch each)
# One process: spaCy runs in one forked worker while this process runs the rules on the previous
# chunk and writes it, so the rules (4-5 % of spaCy's time) and the writes (~10 ms per FNC-1
# article, 5-9 %) overlap the parsing on a second core instead of adding to it. Below this many articles the fork (~20-50 ms)
# is not worth it and the run stays in this process.
OVERLAP_MIN_ARTICLES = 16


class SuggestFn(Protocol):
    def __call__(self, doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet: ...


def default_rules() -> SuggestFn:
    """The suggestion rules (quotes with speaker and cue, entities, claims) for one ``Doc``."""
    from annotator.nlp.quotes import suggest

    return suggest


@functools.cache
def rules_version() -> str:
    """The rule set's version, e.g. ``"1.3fa9c20b"``: :data:`RULES_SERIES` and the
    :func:`~annotator.nlp.rule_sources.sources_hash` of the modules that decide the suggestions
    (:func:`~annotator.nlp.rule_sources.rule_modules`: the rules and every ``annotator`` module
    they import, found from the import graph), so the origins of two runs differ whenever the code
    that made their suggestions may differ, and only then. A number bumped by hand was never
    bumped over forty rule rounds (usertest28 M3: two runs 53 of 698 articles apart both said
    "annotator-rules 1"); a hash of every file of ``annotator/nlp`` (fix35) moved when only the
    process pool changed, and File → Pre-annotate then called every article not yet pre-annotated
    by it (usertest29 L6). Where the sources are not there (a frozen build), the package version
    stands in. Reads and scans ~0.8 MB of source once per process
    (:func:`~annotator.nlp.rule_sources.import_statements`: 20-50 ms at load 8)."""
    from annotator.nlp.rule_sources import package_root, rule_modules, sources_hash

    modules = rule_modules(package_root())
    if modules is None:
        from annotator import __version__

        return f"{RULES_SERIES}.{__version__}"
    return f"{RULES_SERIES}.{sources_hash(modules)}"


def origin_for(pipeline: LoadedPipeline) -> str:
    """What made a suggestion: pipeline and rule set, each with its version
    (:func:`rules_version`), e.g. "en_core_web_sm 3.8.0 + annotator-rules 1.3fa9c20b"."""
    return f"{pipeline.label} + {RULES_NAME} {rules_version()}"


# ----------------------------------------------------------------------------- pure core


def suggest_for_texts(
    nlp: Language,
    texts: Iterable[str],
    *,
    origin: str,
    schema_ner_map: Mapping[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    rules: SuggestFn | None = None,
) -> Iterator[SuggestionSet]:
    """One :class:`SuggestionSet` per text, in order (``n_process`` is spaCy's own, see module doc)."""
    rules = rules or default_rules()
    ner_map = _ner_map(schema_ner_map)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield rules(doc, schema_ner_map=ner_map, origin=origin)


def suggest_article(
    pipeline: LoadedPipeline,
    text: str,
    *,
    schema_ner_map: Mapping[str, str] | None = None,
    rules: SuggestFn | None = None,
) -> SuggestionSet:
    """Suggestions for one article (the window calls this from a worker when an article opens).
    A loaded pipeline is shared by the process: call this from one thread at a time. An article
    longer than the pipeline takes is done in pieces (:mod:`annotator.nlp.pieces`).

    Raises what the pipeline or the rules raise, and :class:`AnnotatorError` for a long article
    that cannot be cut."""
    return suggest_article_tokens(pipeline, text, schema_ner_map=schema_ner_map, rules=rules, tokens=False)[0]


def suggest_article_tokens(
    pipeline: LoadedPipeline,
    text: str,
    *,
    schema_ner_map: Mapping[str, str] | None = None,
    rules: SuggestFn | None = None,
    tokens: bool = True,
) -> tuple[SuggestionSet, PackedTokens | None]:
    """:func:`suggest_article`'s suggestions and the exports' tokens of ``text`` packed as
    ``annotator preannotate`` stores them (perf26: the window's pre-annotation child,
    :mod:`annotator.nlp.suggest_process`): taken from the Doc just parsed by the same check and
    packing (:func:`annotator.nlp.pipeline_tokens.plan_for`, :meth:`TokenPlan.packed`), None when
    the pipeline's tokenizer is not ``blank("en")``'s, the article was done in pieces, packing
    failed or ``tokens`` is False. Raises as :func:`suggest_article`."""
    rules = rules or default_rules()
    ner_map, origin = _ner_map(schema_ner_map), origin_for(pipeline)
    limit = piece_limit(pipeline.nlp.max_length)
    if len(text) <= limit:
        doc = pipeline.nlp(text)
        suggestions = rules(doc, schema_ner_map=ner_map, origin=origin)
        return suggestions, (_packed_tokens(plan_for(pipeline.nlp), doc, text) if tokens else None)
    try:
        cuts = split_text(text, limit)
    except PieceError as exc:
        raise AnnotatorError(_uncuttable(text, limit, exc)) from exc
    return merge(origin, [(a, rules(pipeline.nlp(text[a:b]), schema_ner_map=ner_map, origin=origin)) for a, b in cuts]), None


def _ner_map(schema_ner_map: Mapping[str, str] | None) -> Mapping[str, str]:
    return dict(schema_ner_map) if schema_ner_map is not None else dict(default_schema().ner_map)


# ----------------------------------------------------------------------------- project runs


@dataclasses.dataclass(slots=True)
class RunResult:
    origin: str
    total: int = 0  # articles this run set out to do
    done: int = 0  # articles pre-annotated and saved
    skipped: int = 0  # already pre-annotated, left alone (no redo)
    failed: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (article id, error)
    new_spans: int = 0  # suggestion spans written (already-present or decided ones are not re-made)
    by_label: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)  # suggested, per label
    words: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    notice: str = ""
    pieced: list[tuple[int, int]] = dataclasses.field(default_factory=list)  # (article id, pieces): too long to take whole
    left_finished: int = 0  # marked done or reviewed when the run started: left out (fixut16a)
    finished: list[int] = dataclasses.field(default_factory=list)  # marked done or reviewed during the run: nothing stored
    notes: list[str] = dataclasses.field(default_factory=list)  # lines to tell though the run is complete (a Dask worker lost)

    @property
    def remaining(self) -> int:
        return self.total - self.done - len(self.failed) - len(self.finished)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def stop_line(what: str, saved: int, not_done: int | None = None) -> str:
    """The one form of every line saying that a pre-annotation stopped before its end (usertest32
    L3: an early stop and a lost Dask scheduler said "articles … before it are saved" without a
    number): ``"Interrupted: 26 articles saved, 22 not done; run the same command again to
    continue."``. ``what``: why it stopped ("Interrupted", "Terminated (SIGTERM)", "lost the Dask
    scheduler at …"); ``saved``: the articles this run saved (0 is said too); ``not_done``: those
    it set out to do and did not, None when it stopped before it could count them (", the rest
    not counted yet" then: the line keeps its form; usertest33 L2)."""
    left = ", the rest not counted yet" if not_done is None else f", {not_done:,} not done"
    return f"{what}: {plural(saved, 'article')} saved{left}; run the same command again to continue."


class PreannotationInterrupted(KeyboardInterrupt):
    """Ctrl+C during :func:`preannotate`; ``result`` says what was finished (and saved) before it."""

    def __init__(self, result: RunResult) -> None:
        super().__init__("pre-annotation interrupted")
        self.result = result


Progress = Callable[[int, int], None]  # (articles finished, articles to do)


def articles_to_do(project: Project, *, redo: bool = False, include_done: bool = False) -> tuple[list[int], int, int]:
    """Ids of the articles a run will pre-annotate (the one rule every path follows,
    :func:`annotator.nlp.suggest_process.preannotation_query`: never pre-annotated unless
    ``redo``, not marked done or reviewed unless ``include_done``), how many it skips as already
    pre-annotated, and how many it leaves as finished (done or reviewed, not pre-annotated or
    ``redo``)."""
    from annotator.nlp.suggest_process import preannotation_query

    conn = project.db.conn
    todo = preannotation_query(redo=redo, include_done=include_done).ids(conn)  # one query, not one per article
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    skipped = 0 if redo else conn.execute(
        "SELECT count(*) FROM articles WHERE EXISTS (SELECT 1 FROM preannotations p WHERE p.article_id = articles.id)").fetchone()[0]
    return todo, skipped, total - skipped - len(todo)


def preannotate(
    project: Project,
    *,
    pipeline: LoadedPipeline | str | None = None,
    redo: bool = False,
    article_ids: Sequence[int] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
    on_progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    rules: SuggestFn | None = None,
    by: str = "",
    dask: str | None = None,
    on_saved: Callable[[int, SuggestionSet], None] | None = None,  # fix10: called after each article is saved
    include_done: bool = False,
    on_busy: Callable[[str], None] | None = None,
) -> RunResult:
    """Suggest annotations for the articles not yet pre-annotated (all of them with ``redo``) and
    not marked done or reviewed (those too with ``include_done``: :func:`articles_to_do`), or for
    ``article_ids``. An article marked done or reviewed while the run goes on gets none either
    (unless ``include_done``): it stays not pre-annotated (``RunResult.finished``). Decided spans
    are never touched and rejected ones never re-suggested (:meth:`Project.add_suggestions`). ``pipeline``: loaded, a name or path, or None (default).

    Articles whose pipeline or rules raise, or whose worker process crashes, are listed in
    ``RunResult.failed`` (article id, one-line error) and stay not pre-annotated; the run goes
    on. Articles longer than the pipeline takes are done in pieces (``RunResult.pieced``).
    ``should_cancel`` (polled between articles, and every 50 ms while workers are busy; may be
    set from another thread) stops the run, keeping every article already saved.

    ``on_saved(article id, suggestions)`` is called after each article's suggestions are saved
    (``annotator preannotate`` collects the uncertainty they carry, :mod:`annotator.nlp.active_order`).

    A batch another program kept the file too busy for (its write lock held past the project's
    ``write_wait_ms``) is written again after each pause of :data:`BUSY_RETRY_S` (fix32), each
    time said by ``on_busy(line)``; only then :class:`ProjectBusy` stops the run, nothing of that
    batch written (its articles stay not pre-annotated, for the same command to do again).

    ``dask``: the address (``tcp://HOST:PORT``) of a Dask scheduler whose workers do the work
    instead of local processes (:mod:`annotator.nlp.dask_runner`; ``processes`` is then unused);
    this process still writes, in article order.

    Returns what was done; on Ctrl+C raises :class:`PreannotationInterrupted` carrying that.
    Raises :class:`AnnotatorError` when worker processes cannot load the pipeline, and
    :class:`~annotator.nlp.dask_runner.ClusterError` when the cluster cannot do the run (before
    anything is written) or is lost during it (what was written stays saved).
    """
    loaded = pipeline if isinstance(pipeline, LoadedPipeline) else load_pipeline(pipeline)
    result = RunResult(origin=origin_for(loaded), notice=loaded.notice)
    if article_ids is None:
        todo, result.skipped, result.left_finished = articles_to_do(project, redo=redo, include_done=include_done)
    else:
        todo = [i for i in article_ids if redo or not project.preannotated(i)]
        result.skipped = len(article_ids) - len(todo)
    result.total = len(todo)
    ner_map = dict(project.schema.ner_map)
    rules = rules or default_rules()
    processes = max(1, min(processes, -(-len(todo) // CHUNK_ARTICLES)))  # no idle workers on small runs
    if processes > 1 and not loaded.source and not can_fork():
        processes = 1  # a pipeline built in memory cannot be re-loaded in a spawned worker
    # one process: parse in one forked worker and write here meanwhile (see OVERLAP_MIN_ARTICLES);
    # never spawned for it (a spawned worker loads the pipeline again, ~1 s)
    in_process = dask is None and processes == 1 and not (len(todo) >= OVERLAP_MIN_ARTICLES and can_fork())
    start = time.perf_counter()
    sink = _Sink(project, result, on_progress, by=by, on_saved=on_saved, include_done=include_done, on_busy=on_busy)
    asked_to_stop = False

    def cancelled() -> bool:  # once true, stays true
        nonlocal asked_to_stop
        asked_to_stop = asked_to_stop or (should_cancel is not None and bool(should_cancel()))
        return asked_to_stop

    pools: list[ProcessPool[Any, Any]] = []  # the worker pool, once started: stopped here whatever happens
    lost: tuple[type[Exception], ...] = ()  # the cluster gone mid-run (Dask only): said with the counts
    if dask is not None:
        from annotator.nlp.dask_runner import ClusterLost, cluster_outcomes  # optional extra: imported only when asked for

        lost = (ClusterLost,)
        outcomes = cluster_outcomes(project, todo, loaded, rules, ner_map, result.origin, batch_size, dask, cancelled,
                                    on_note=result.notes.append)
    elif in_process:
        outcomes = _in_process(project, todo, loaded.nlp, rules, ner_map, result.origin, batch_size)
    else:
        outcomes = _in_workers(project, todo, loaded, rules, ner_map, result.origin, batch_size, processes, cancelled, pools)
    interrupted: KeyboardInterrupt | None = None
    try:
        try:
            for outcome in outcomes:
                if outcome is BATCH_END:  # one transaction per nlp.pipe batch, worker chunk or Dask task
                    sink.flush()
                else:
                    sink.add(outcome)
                if cancelled():
                    break
            sink.flush()  # the last batch, or the finished articles of a cancelled one
        finally:
            outcomes.close()  # stops the worker processes; unfinished articles stay not pre-annotated
    except KeyboardInterrupt as exc:  # also a second Ctrl+C while the workers were being stopped
        interrupted = exc
        _surely(outcomes.close)
        for pool in pools:  # a Ctrl+C that came as the generator began to stop them
            _surely(pool.stop)
    except lost as exc:  # the reason, then how many articles are saved, as a Ctrl+C's line says them
        raise type(exc)(stop_line(str(exc), result.done, result.remaining)) from exc
    finally:
        result.seconds = time.perf_counter() - start
    result.cancelled = interrupted is not None or (asked_to_stop and result.remaining > 0)
    if interrupted is not None:
        raise PreannotationInterrupted(result) from interrupted
    return result


def _surely(stop: Callable[[], None]) -> None:
    """Call ``stop`` (idempotent) until it returns without a Ctrl+C cutting it short."""
    while True:
        try:
            stop()
            return
        except KeyboardInterrupt:
            continue


@dataclasses.dataclass(frozen=True, slots=True)
class _Outcome:
    article_id: int
    words: int
    suggestions: SuggestionSet | None
    error: str = ""
    pieces: int = 1  # > 1: the article was too long for the pipeline and done in pieces
    # pipe18: the suggestions as a worker packed them (:func:`pack`), not unpacked into a
    # SuggestionSet (``suggestions`` is then None): the writer stores them as they are
    packed: PackedSet | None = None
    # perf24: the article's tokens as the exports make them, packed where it was parsed
    # (annotator.nlp.pipeline_tokens), stored with its suggestions; None: none to store
    tokens: PackedTokens | None = None

    @property
    def failed(self) -> bool:
        return self.suggestions is None and self.packed is None

    def suggestion_set(self) -> SuggestionSet | None:
        """The suggestions as a :class:`SuggestionSet` (unpacked when they came packed)."""
        return unpack(self.packed) if self.packed is not None else self.suggestions


Article = tuple[int, int]  # (article id, words)
Item = tuple[str, Article]  # (text, article): what ``nlp.pipe(..., as_tuples=True)`` takes


#: fix32: pauses (s) after which a batch the file was too busy for is written again (each try
#: waits the project's ``write_wait_ms`` for the lock first), before the run stops with it unwritten
BUSY_RETRY_S = (2.0, 8.0)


class _Sink:
    """Writes outcomes, the articles of one ``nlp.pipe`` batch in one transaction (:meth:`add`
    then :meth:`flush`), and keeps the tally. A transaction per batch, not per article: 11.5 →
    8.3 ms of writing per FNC-1 article (52 suggestions each, 60 articles, medians of 2 runs).
    Resumable all the same: an article is marked pre-annotated in the transaction that writes its
    suggestions, so a run stopped anywhere leaves each article either done or not done."""

    def __init__(self, project: Project, result: RunResult, on_progress: Progress | None, *, by: str,
                 on_saved: Callable[[int, SuggestionSet], None] | None = None, include_done: bool = True,
                 on_busy: Callable[[str], None] | None = None) -> None:
        self.project, self.result, self.on_progress, self.by = project, result, on_progress, by
        self.on_busy = on_busy  # fix32: told each time a busy file's batch is tried again
        self.on_saved = on_saved  # fix10
        self.include_done = include_done  # False: an article marked done or reviewed meanwhile gets nothing (fixut16a)
        self.pending: list[_Outcome] = []
        self.token_table: bool | None = None  # whether the project has formats.token_store's table (read once)

    def write(self, outcome: _Outcome) -> None:
        """One outcome in its own transaction."""
        self.add(outcome)
        self.flush()

    def add(self, outcome: _Outcome) -> None:
        self.pending.append(outcome)

    def flush(self) -> None:
        """Write every pending outcome in one transaction, then count them and report progress
        (once per article). Raises :class:`ProjectBusy` (nothing of the batch written) when
        another writer holds the file too long."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        for pause in (*BUSY_RETRY_S, None):
            try:
                # Ctrl+C and SIGTERM are held off from the commit to the tally: an article saved is
                # an article counted (fix46: a SIGTERM between them made the stop line say half)
                with stops_held():
                    added = self._write(batch)
                    self._count(batch, added)
                break
            except ProjectBusy as exc:
                if pause is None:
                    raise
                # fix32: the suggestions made are not dropped for a lock held past one wait (an
                # import of 50,000 articles holds it longer than BUSY_TIMEOUT_MS): tried again
                if self.on_busy is not None:
                    self.on_busy(f"{exc.path.name} is busy ({exc.own or 'another program'} has held it for more than "
                                 f"{exc.waited_ms / 1000:g} s): {plural(len(batch), 'article')} not saved yet, "
                                 f"tried again in {pause:g} s")
                time.sleep(pause)
        if self.on_progress is not None:
            finished = self.result.done + len(self.result.failed) + len(self.result.finished)
            for n in range(finished - len(batch) + 1, finished + 1):
                self.on_progress(n, self.result.total)

    def _write(self, batch: list[_Outcome]) -> list[int]:
        try:
            with self.project.writing():
                finished = set() if self.include_done else self._finished(batch)  # read under the write lock
                added: list[int] = []
                # pipe18: a run of packed outcomes is stored by one add_new_suggestions (rows made
                # from the worker's tuples, one executemany per table); what it leaves (an article
                # holding spans or decisions already) and every other outcome go one at a time,
                # in the batch's order
                for packed, run in itertools.groupby(batch, key=lambda o: o.packed is not None and o.article_id not in finished):
                    outcomes = list(run)
                    if packed:
                        new = self.project.add_new_suggestions([(o.article_id, *o.packed) for o in outcomes], by=self.by)  # type: ignore[misc]
                        added.extend(n if n is not None else self._add(o, finished) for o, n in zip(outcomes, new))
                    else:
                        added.extend(self._add(o, finished) for o in outcomes)
                self._store_tokens(batch, added)
                return added
        except ProjectBusy as exc:
            # Each batch is its own transaction: those done are saved, this one is not.
            raise ProjectBusy(exc.path, exc.waited_ms, done=(
                f"{plural(self.result.done, 'article')} pre-annotated before it {'is' if self.result.done == 1 else 'are'} saved; run it again to do the rest")) from exc

    def _store_tokens(self, batch: list[_Outcome], added: list[int]) -> None:
        """The tokens of the batch's articles whose suggestions were just stored, in the same
        transaction (perf24: so that their first export does not tokenise them)."""
        rows = [(o.article_id, *o.tokens) for o, new in zip(batch, added) if new >= 0 and o.tokens is not None and not o.failed]
        if not rows:
            return
        if self.token_table is None:
            self.token_table = token_store.has_table(self.project.db.conn)
        if self.token_table:
            token_store.store_packed(self.project.db.conn, rows)

    def _add(self, outcome: _Outcome, finished: set[int]) -> int:
        """One outcome stored with :meth:`Project.add_suggestions`: spans added, or -1 for an
        article finished meanwhile (nothing stored)."""
        if outcome.article_id in finished:
            return -1
        suggestions = outcome.suggestion_set()
        return self.project.add_suggestions(outcome.article_id, suggestions, by=self.by) if suggestions is not None else 0

    def _finished(self, batch: list[_Outcome]) -> set[int]:
        """The batch's articles marked done or reviewed now (one may have been since the run began)."""
        from annotator.nlp.suggest_process import takes_suggestions

        ids = [o.article_id for o in batch]
        rows = self.project.db.conn.execute(
            f"SELECT id, status FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()
        return {article_id for article_id, status in rows if not takes_suggestions(status)}

    def _count(self, batch: list[_Outcome], added: list[int]) -> None:
        result = self.result
        for outcome, new in zip(batch, added):
            if new < 0:  # finished meanwhile: nothing stored, not marked pre-annotated
                result.finished.append(outcome.article_id)
                continue
            if outcome.failed:
                result.failed.append((outcome.article_id, outcome.error))
                continue
            result.new_spans += new
            if outcome.packed is not None:
                result.by_label.update(span[3] for span in outcome.packed[1])  # PackedSpan's label
            else:
                result.by_label.update(s.label for s in outcome.suggestions.spans)  # type: ignore[union-attr]
            result.words += outcome.words
            result.done += 1
            if self.on_saved is not None:  # fix10: the uncertainty a scored suggestion set carries
                self.on_saved(outcome.article_id, outcome.suggestion_set())  # type: ignore[arg-type]
            if outcome.pieces > 1:
                result.pieced.append((outcome.article_id, outcome.pieces))


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _suggest_one(rules: SuggestFn, doc: Doc, article: Article, ner_map: Mapping[str, str], origin: str, text: str | None = None,
                 plan: TokenPlan | None = None) -> _Outcome:
    """The rules' outcome for one parsed article; ``text``, when given, is the text ``doc`` was
    parsed from, so the rules need not rebuild it (:func:`annotator.nlp.quotes_doc.text_known`).
    With ``plan`` and ``text``, the outcome carries the exports' tokens of the text
    (:meth:`TokenPlan.packed`)."""
    article_id, words = article
    try:
        with text_known(doc, text) if text is not None else contextlib.nullcontext():
            suggestions = rules(doc, schema_ner_map=ner_map, origin=origin)
    except Exception as exc:  # one bad article must not stop a run over thousands
        return _Outcome(article_id, words, None, _error(exc))
    tokens = _packed_tokens(plan, doc, text) if text is not None else None
    return _Outcome(article_id, words, suggestions, tokens=tokens)


def _packed_tokens(plan: TokenPlan | None, doc: Doc, text: str) -> PackedTokens | None:
    """``plan.packed(doc, text)``, or None without a plan or when packing fails (derived data:
    the first export tokenises instead). Every pre-annotation path packs through here."""
    if plan is None:
        return None
    try:
        return plan.packed(doc, text)
    except Exception:  # noqa: BLE001 - derived data: the first export tokenises instead
        return None


READ_ARTICLES = 64  # texts read per query


def _texts(project: Project, ids: Iterable[int]) -> Iterator[Item]:
    """(text, (article id, words)) for ``nlp.pipe(..., as_tuples=True)``, in the order of ``ids``;
    read ``READ_ARTICLES`` at a time (only the text column, not whole article records).
    Raises ``KeyError`` for an id that is not in the project, as :meth:`Project.article`."""
    iterator = iter(ids)
    while chunk := list(itertools.islice(iterator, READ_ARTICLES)):
        marks = ",".join("?" * len(chunk))
        texts = dict(project.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk).fetchall())
        for article_id in chunk:
            if article_id not in texts:
                raise KeyError(f"no article {article_id}")
            text = texts[article_id]
            yield text, (article_id, len(text.split()))


def _word_counts(project: Project, ids: Sequence[int]) -> list[int]:
    """The stored word count of each article of ``ids`` (``articles.words``, migration 0008; read
    through its covering index, not the texts), in order; 1 where it is not there."""
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        counts.update(project.db.execute(f"SELECT id, words FROM articles WHERE id IN ({marks})", chunk).fetchall())
    return [counts.get(i) or 1 for i in ids]


def _pipe(nlp: Language, texts: list[str], batch_size: int) -> list[Doc | str]:
    """Docs for ``texts``; when the batch raises, each text again on its own, so only the text
    that fails gets its error (a str) instead of a Doc."""
    try:
        return list(nlp.pipe(texts, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - found per text below
        out: list[Doc | str] = []
        for text in texts:
            try:
                out.append(nlp(text))
            except Exception as exc:  # noqa: BLE001 - reported for this article only
                out.append(_error(exc))
        return out


def _uncuttable(text: str, limit: int, exc: PieceError) -> str:
    return f"too long for the pipeline ({len(text):,} characters, pieces of at most {limit:,}) and cannot be cut: {exc}"


def _suggest_pieces(nlp: Language, text: str, article: Article, rules: SuggestFn, ner_map: Mapping[str, str], origin: str, limit: int) -> _Outcome:
    """An article longer than the pipeline takes, in pieces (see :mod:`annotator.nlp.pieces`)."""
    article_id, words = article
    try:
        cuts = split_text(text, limit)
    except PieceError as exc:
        return _Outcome(article_id, words, None, _uncuttable(text, limit, exc))
    parts = []
    for start, end in cuts:
        try:
            parts.append((start, rules(nlp(text[start:end]), schema_ner_map=ner_map, origin=origin)))
        except Exception as exc:  # noqa: BLE001 - reported for this article only
            return _Outcome(article_id, words, None, f"{_error(exc)} (in characters {start:,}-{end:,})")
    return _Outcome(article_id, words, merge(origin, parts), pieces=len(cuts))


BATCH_END = None  # what :func:`_outcomes` yields after each batch when asked: the writer commits there


def _outcomes(nlp: Language, items: Iterable[Item], rules: SuggestFn, ner_map: Mapping[str, str], origin: str, batch_size: int,
              *, batch_ends: bool = False) -> Iterator[_Outcome]:
    """One outcome per item, in order: batches through ``nlp.pipe``, long texts in pieces, and
    every error kept to its own article. With ``batch_ends``, :data:`BATCH_END` after each batch."""
    limit = piece_limit(nlp.max_length)
    plan = plan_for(nlp)
    iterator = iter(items)
    first = True
    while batch := list(itertools.islice(iterator, batch_size)):
        if batch_ends and not first:
            yield BATCH_END  # type: ignore[misc]
        first = False
        docs = iter(_pipe(nlp, [text for text, _ in batch if len(text) <= limit], batch_size))
        for text, article in batch:
            if len(text) > limit:
                yield _suggest_pieces(nlp, text, article, rules, ner_map, origin, limit)
                continue
            doc = next(docs)
            if isinstance(doc, str):
                yield _Outcome(article[0], article[1], None, doc)
            else:
                yield _suggest_one(rules, doc, article, ner_map, origin, text, plan)


def _in_process(
    project: Project, ids: Sequence[int], nlp: Language, rules: SuggestFn, ner_map: Mapping[str, str], origin: str, batch_size: int
) -> Generator[_Outcome, None, None]:
    yield from _outcomes(nlp, _texts(project, ids), rules, ner_map, origin, batch_size, batch_ends=True)


# ----------------------------------------------------------------------------- worker processes

_inherited: list[Language] = []  # set in the parent while its pool runs: forked workers' pipeline


# glibc's mallopt() parameter (malloc.h) and the value set in each worker: freed memory at the top
# of the heap is handed back to the kernel only beyond this many bytes (glibc's default: 128 KiB,
# raised with the dynamic mmap threshold, at most 64 MiB).
_M_TRIM_THRESHOLD = -1
WORKER_TRIM_BYTES = 256 << 20


def keep_freed_memory() -> bool:
    """In a worker process: have glibc's ``malloc`` keep freed heap memory (up to
    :data:`WORKER_TRIM_BYTES`) instead of giving it back to the kernel. True when set (Linux with
    glibc; elsewhere nothing is done and it returns False).

    Why (pipe17b): a worker frees a whole chunk at once (its Docs, then the token tables once
    sent), glibc trims the top of the heap, and the next chunk's first touch of every page is a
    page fault again (in the kernel, on the worker's CPU, which is the one-process run's time).
    Measured in forked workers parsing and shipping 100 FNC-1 bodies as the parse-only worker
    does (4 rounds alternated, load 6.3-6.6): 63,584 minor page faults default, 24,463 with this;
    for 300 bodies through ``preannotate(processes=1)`` see docs/benchmarks.md (pipe17b). The
    worker's peak memory is unchanged (allocations at or above the mmap threshold still go back to
    the kernel when freed); what it no longer does is shrink between chunks."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, WORKER_TRIM_BYTES))


def _init_worker(source: str, rules: SuggestFn, ner_map: Mapping[str, str], origin: str, batch_size: int) -> dict[str, Any]:
    nlp = _inherited[0] if _inherited else load_pipeline(source).nlp
    keep_freed_memory()  # in the worker only: see there
    return dict(nlp=nlp, rules=rules, ner_map=ner_map, origin=origin, batch_size=batch_size, shipped=set())


def _work(state: dict[str, Any], chunk: list[Item]) -> list[Compact]:
    return [compact(o) for o in _outcomes(state["nlp"], chunk, state["rules"], state["ner_map"], state["origin"], state["batch_size"])]


# ----------------------------------------------------------------------------- rules in the parent
#
# With one worker, the worker's time is the run's time: the rules (4-5 % of spaCy's CPU time on
# FNC-1 bodies, measured) added to it there, while this process, on the other core, only wrote.
# Rules that read nothing but a Doc's text and token annotations (:func:`doc_only`) run here
# instead: the worker sends each Doc's token table and this process rebuilds the Doc from it
# (spaCy's own ``Doc.to_dict``/``from_dict`` format, so the copy is the Doc) and runs the rules
# while the worker parses the next chunk. Per 100 FNC-1 bodies (CPU s; spaCy 10.8, the rules ~0.5):
# the worker's table 0.04-0.05 (``Doc.to_bytes`` would be 0.17: it collects the strings with a
# Python object per token; here they come from the table's distinct hashes, each string sent once
# per worker), pickled 5.6 MB in 0.003; rebuilding here 0.08 (0.3 on a vocab that never saw the
# words); ``python -m benchmarks.preannotate_split`` measures these and the worker's CPU against raw spaCy's.

_ARRAY_HEAD: tuple[int, ...] = Doc._get_array_attrs()  # LENGTH, SPACY, then spaCy's DocBin attributes
# columns holding string hashes (ORTH is rebuilt from the text; POS, HEAD, ENT_IOB and SENT_START are numbers)
_STRING_COLUMNS = [i for i, attr in enumerate(_ARRAY_HEAD) if attr in {NORM, TAG, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH}]
DOC_ONLY = "doc_only"  # attribute that marks rules as reading only the Doc (see doc_only())

# A parsed article as the parse-only worker sends it: ("doc", token table, strings the parent has
# not been sent yet), or ("doc", Doc.to_bytes(), None) for a Doc with span groups (a pipeline with
# the attribution component), which the table does not carry.
Shipped = tuple[str, Any, "list[str] | None"]


def doc_only(rules: SuggestFn) -> bool:
    """Whether ``rules`` read nothing but the text and token annotations of the Doc they are given
    (no pipeline component, tensor or ``user_data``), as said by ``rules.doc_only = True``: then
    they can run on a copy of the Doc rebuilt in another process."""
    return getattr(rules, DOC_ONLY, False) is True


def ship_doc(doc: Doc, shipped: set[int], sent: set[int]) -> Shipped:
    """What the parent needs to rebuild ``doc`` (:func:`rebuild_doc`), besides its text: the token
    table, and the strings behind its hashes that are in neither ``shipped`` nor ``sent`` (which
    gets their hashes)."""
    if doc.spans:
        return ("doc", doc.to_bytes(exclude=["tensor", "user_data"]), None)
    table = doc.to_array(_ARRAY_HEAD)
    strings = doc.vocab.strings
    new: list[str] = []
    for value in numpy.unique(table[:, _STRING_COLUMNS]).tolist():
        if value and value not in shipped and value not in sent and value in strings:
            new.append(strings[value])
            sent.add(value)
    return ("doc", table, new)


def rebuild_doc(vocab: Vocab, text: str, shipped: Shipped) -> Doc:
    """The Doc that :func:`ship_doc` shipped, on ``vocab`` (that of the same pipeline)."""
    _, table, strings = shipped
    if strings is None:
        return Doc(vocab).from_bytes(table)
    for string in strings:
        vocab.strings.add(string)
    # perf19: the words cut from the text here and the other columns set in one from_array, as
    # spaCy's Doc.from_dict does, but without its numpy scalar per token (LENGTH, SPACY): 300 FNC-1
    # bodies 0.13 → 0.10 s of the parent's CPU
    words: list[str] = []
    start = 0
    spaces = table[:, 1].tolist()
    for length, space in zip(table[:, 0].tolist(), spaces):
        words.append(text[start : start + length])
        start += length + space
    doc = Doc(vocab, words=words, spaces=[bool(space) for space in spaces])
    return doc.from_array(_ARRAY_HEAD[2:], table[:, 2:])


def _work_parse(state: dict[str, Any], chunk: list[Item]) -> list[Compact | Shipped]:
    """The parse-only worker's task: one entry per item, in order: :func:`ship_doc` of its Doc, or
    (a long article, done in pieces with the rules; a failed parse) its outcome as :func:`compact`."""
    nlp, shipped = state["nlp"], state["shipped"]
    limit = piece_limit(nlp.max_length)
    sent: set[int] = set()  # joins ``shipped`` only with the reply: a task that raises sends none of it
    docs = iter(_pipe(nlp, [text for text, _ in chunk if len(text) <= limit], state["batch_size"]))
    out: list[Compact | Shipped] = []
    for text, article in chunk:
        if len(text) > limit:
            out.append(compact(_suggest_pieces(nlp, text, article, state["rules"], state["ner_map"], state["origin"], limit)))
            continue
        doc = next(docs)
        if isinstance(doc, str):
            out.append(compact(_Outcome(article[0], article[1], None, doc)))
        else:
            out.append(ship_doc(doc, shipped, sent))
    shipped |= sent
    return out


def _finish_here(item: Item, shipped: Compact | Shipped, vocab: Vocab, rules: SuggestFn, ner_map: Mapping[str, str], origin: str,
                 plan: TokenPlan | None = None) -> _Outcome:
    """The outcome of one entry of :func:`_work_parse`: the rules run here on a shipped Doc."""
    if not isinstance(shipped[0], str):  # suggested in the worker: stored packed, as the others
        return received(shipped)  # type: ignore[arg-type]
    text, article = item
    try:
        doc = rebuild_doc(vocab, text, shipped)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - reported for this article only
        return _Outcome(article[0], article[1], None, _error(exc))
    # perf19: stored packed as the workers' outcomes are (one executemany per table for a chunk's
    # untouched articles, Project.add_new_suggestions) instead of add_suggestions per article
    return received(compact(_suggest_one(rules, doc, article, ner_map, origin, text, plan)))


# What crosses between processes: plain tuples, not dataclass objects. Per FNC-1 article (~56
# spans; CPU ms, best of 7, 120 articles in chunks of 8): the worker's pickling 0.20 ms as
# dataclasses, 0.03 packed (pack + pickle); the parent's unpickling 0.21 ms, 0.11 packed
# (unpickle + unpack); 2,276 → 1,639 bytes. A subclass of SuggestionSet (e.g. ScoredSuggestions,
# which carries more) travels as itself.
PackedSpan = tuple[str, int, int, str, str, "dict[str, Any] | None"]  # key, start, end, label, layer, attrs (None: none)
PackedSet = tuple[str, tuple[PackedSpan, ...], tuple[tuple[str, str, str], ...]]  # origin, spans, relations (head, child, label)
Compact = tuple[int, int, "PackedSet | SuggestionSet | None", str, int, "PackedTokens | None"]  # article id, words, suggestions, error, pieces, tokens


def pack(suggestions: SuggestionSet) -> PackedSet | SuggestionSet:
    """``suggestions`` as tuples (:func:`unpack` gives back an equal set); a subclass as itself."""
    if type(suggestions) is not SuggestionSet:
        return suggestions
    return (
        suggestions.origin,
        tuple((s.key, s.start, s.end, s.label, s.layer, dict(s.attrs) if s.attrs else None) for s in suggestions.spans),
        tuple((r.head, r.child, r.label) for r in suggestions.relations),
    )


def unpack(packed: PackedSet | SuggestionSet) -> SuggestionSet:
    """The :class:`SuggestionSet` that :func:`pack` packed."""
    if isinstance(packed, SuggestionSet):
        return packed
    origin, spans, relations = packed
    return SuggestionSet(
        origin,
        [SuggestedSpan(key, start, end, label, layer, attrs if attrs is not None else {}) for key, start, end, label, layer, attrs in spans],
        [SuggestedRelation(head, child, label) for head, child, label in relations],
    )


def compact(outcome: _Outcome) -> Compact:
    packed = pack(outcome.suggestions) if outcome.suggestions is not None else None
    return (outcome.article_id, outcome.words, packed, outcome.error, outcome.pieces, outcome.tokens)


def expand(item: Compact) -> _Outcome:
    article_id, words, packed, error, pieces, tokens = item
    return _Outcome(article_id, words, unpack(packed) if packed is not None else None, error, pieces, tokens=tokens)


def received(item: Compact) -> _Outcome:
    """The outcome of a :func:`compact` item as the writer takes it: plain suggestions stay packed
    (``_Outcome.packed``, stored without unpacking them: :meth:`Project.add_new_suggestions`), a
    subclass of :class:`SuggestionSet` (which carries more) comes as itself."""
    article_id, words, packed, error, pieces, tokens = item
    if packed is None or isinstance(packed, SuggestionSet):
        return _Outcome(article_id, words, packed, error, pieces, tokens=tokens)
    return _Outcome(article_id, words, None, error, pieces, packed, tokens)


def chunk_bounds(n: int, processes: int, most: int = CHUNK_ARTICLES) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of the tasks that cut ``n`` articles for ``processes`` workers: ``most``
    articles each, shrinking towards 1 as the end nears (at most 1/(2·processes) of what is left),
    so that the workers finish together: with fixed chunks of 8 the last one keeps one worker busy
    while the other idles, up to 8 articles' time (4-7 % of a 100-article run with 2 workers)."""
    start = 0
    while start < n:
        size = max(1, min(most, (n - start) // (2 * processes)))
        yield start, start + size
        start += size


def weighted_chunk_bounds(weights: Sequence[int], processes: int, most: int = CHUNK_ARTICLES) -> Iterator[tuple[int, int]]:
    """Like :func:`chunk_bounds`, but the shrinking goes by ``weights`` (each article's words), not
    by article count: a task holds at most ``most`` articles and, beyond its first, at most
    1/(2·processes) of the words left, so that one long article near the end does not keep a
    worker busy while the others idle (FNC-1 bodies run from 1 to ~5,000 words)."""
    n = len(weights)
    left = sum(max(0, w) for w in weights)
    start = 0
    while start < n:
        share = left / (2 * processes)
        end, taken = start + 1, max(0, weights[start])
        while end < n and end - start < most and taken + max(0, weights[end]) <= share:
            taken += max(0, weights[end])
            end += 1
        yield start, end
        left -= taken
        start = end


def _in_workers(
    project: Project,
    ids: Sequence[int],
    pipeline: LoadedPipeline,
    rules: SuggestFn,
    ner_map: Mapping[str, str],
    origin: str,
    batch_size: int,
    processes: int,
    should_cancel: Callable[[], bool] | None,
    pools: list[ProcessPool[Any, Any]],
) -> Generator[_Outcome, None, None]:
    """Outcomes as worker processes finish them (texts are read here, in the thread that owns
    the project connection). A chunk whose worker crashed or raised is done again one article
    at a time, so only the article at fault fails. Closing the generator stops the workers; the
    pool is also put in ``pools`` for the caller to stop again after a Ctrl+C."""
    fork = can_fork()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # chunks as big as a pipe batch, with several workers too, cut by words near the end so that
    # they finish together (weighted_chunk_bounds): spaCy parses a batch of 8 articles dearer per
    # word than one of 32 (throughput14: 300 FNC-1 bodies, CPU of chunks of at most 8 1.014x one
    # nlp.pipe, of at most 32 0.987x), and each chunk is one write transaction here
    most = max(1, batch_size)
    bounds = weighted_chunk_bounds(_word_counts(project, ids), processes, most)
    chunks = (list(_texts(project, ids[a:b])) for a, b in bounds)
    if fork:
        _inherited[:] = [pipeline.nlp]
    # one worker: it only parses and the rules run here (see "rules in the parent"); several: this
    # process has no core to spare, each worker runs the rules on what it parsed
    rules_here = processes == 1 and doc_only(rules)
    pool: ProcessPool[list[Item], list[Any]] = ProcessPool(
        processes, init=_init_worker, init_args=(pipeline.source, rules, dict(ner_map), origin, batch_size),
        work=_work_parse if rules_here else _work, context=context
    )
    pools.append(pool)  # so that the caller can stop it too, if a Ctrl+C cuts our own stop short
    vocab = pipeline.nlp.vocab
    plan = plan_for(pipeline.nlp) if rules_here else None  # the rebuilt Docs' tokens are the worker's
    try:
        with pool:
            for chunk, outcome in pool.imap_unordered(chunks, should_cancel=should_cancel):
                if not isinstance(outcome, Failed):
                    if rules_here:
                        for item, shipped in zip(chunk, outcome, strict=True):
                            yield _finish_here(item, shipped, vocab, rules, ner_map, origin, plan)
                    else:
                        for item in outcome:
                            yield received(item)
                    yield BATCH_END  # type: ignore[misc]  # a chunk's articles in one transaction
                elif len(chunk) > 1:
                    pool.submit_first([item] for item in chunk)  # find the article at fault
                else:
                    (_, (article_id, words)), = chunk
                    yield _Outcome(article_id, words, None, outcome.error.splitlines()[0])
                    yield BATCH_END  # type: ignore[misc]
    except WorkerStartError as exc:
        raise AnnotatorError(f"a worker process could not load the pipeline {pipeline.label} ({exc}); use --processes 1") from exc
    finally:
        _inherited.clear()
