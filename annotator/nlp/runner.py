"""Batch pre-annotation: run a pipeline and the suggestion rules over a project's articles.

The core is pure (``texts -> SuggestionSet``s); :func:`preannotate` adds the project around it.
Each article's suggestions are written in their own transaction as soon as they are ready, so an
interrupted run (Ctrl+C, cancel button, crash) keeps every finished article and leaves the others
not marked pre-annotated; running again picks up where it stopped.

With several processes, each worker loads the pipeline once and runs spaCy *and* the rules,
returning small :class:`SuggestionSet`\\ s; the parent process only reads texts and writes. (Letting
``nlp.pipe(n_process=...)`` ship whole ``Doc``\\ s back to the parent costs more than it saves.)
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from annotator.domain.schema import default_schema
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline
from annotator.storage.project import Project
from annotator.storage.transactions import ProjectBusy

RULES_NAME = "annotator-rules"
RULES_VERSION = "1"  # bump when the rules change what they suggest, so origins tell runs apart
DEFAULT_BATCH_SIZE = 32
CHUNK_ARTICLES = 8  # articles per task sent to a worker process


class SuggestFn(Protocol):
    def __call__(self, doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet: ...


def default_rules() -> SuggestFn:
    """The suggestion rules (quotes with speaker and cue, entities, claims) for one ``Doc``."""
    from annotator.nlp.quotes import suggest

    return suggest


def origin_for(pipeline: LoadedPipeline) -> str:
    """What made a suggestion: pipeline and rule set, each with its version."""
    return f"{pipeline.label} + {RULES_NAME} {RULES_VERSION}"


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
    A loaded pipeline is shared by the process: call this from one thread at a time."""
    rules = rules or default_rules()
    return rules(pipeline.nlp(text), schema_ner_map=_ner_map(schema_ner_map), origin=origin_for(pipeline))


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

    @property
    def remaining(self) -> int:
        return self.total - self.done - len(self.failed)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class PreannotationInterrupted(KeyboardInterrupt):
    """Ctrl+C during :func:`preannotate`; ``result`` says what was finished (and saved) before it."""

    def __init__(self, result: RunResult) -> None:
        super().__init__("pre-annotation interrupted")
        self.result = result


Progress = Callable[[int, int], None]  # (articles finished, articles to do)


def articles_to_do(project: Project, *, redo: bool = False) -> tuple[list[int], int]:
    """Ids of the articles a run will pre-annotate, and how many it skips as already done."""
    ids = project.article_ids()
    if redo:
        return ids, 0
    todo = [i for i in ids if not project.preannotated(i)]
    return todo, len(ids) - len(todo)


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
) -> RunResult:
    """Suggest annotations for the articles not yet pre-annotated (all of them with ``redo``), or
    for ``article_ids``. Decided spans are never touched and rejected ones never re-suggested
    (:meth:`Project.add_suggestions`). ``pipeline``: loaded, a name or path, or None (default).

    Returns what was done; on Ctrl+C raises :class:`PreannotationInterrupted` carrying that.
    """
    loaded = pipeline if isinstance(pipeline, LoadedPipeline) else load_pipeline(pipeline)
    result = RunResult(origin=origin_for(loaded), notice=loaded.notice)
    if article_ids is None:
        todo, result.skipped = articles_to_do(project, redo=redo)
    else:
        todo = [i for i in article_ids if redo or not project.preannotated(i)]
        result.skipped = len(article_ids) - len(todo)
    result.total = len(todo)
    ner_map = dict(project.schema.ner_map)
    rules = rules or default_rules()
    processes = max(1, min(processes, -(-len(todo) // CHUNK_ARTICLES)))  # no idle workers on small runs
    if processes > 1 and not loaded.source and not can_fork():
        processes = 1  # a pipeline built in memory cannot be re-loaded in a spawned worker
    start = time.perf_counter()
    sink = _Sink(project, result, on_progress, by=by)
    if processes == 1:
        outcomes = _in_process(project, todo, loaded.nlp, rules, ner_map, result.origin, batch_size)
    else:
        outcomes = _in_workers(project, todo, loaded, rules, ner_map, result.origin, batch_size, processes)
    try:
        for outcome in outcomes:
            sink.write(outcome)
            if should_cancel is not None and should_cancel():
                result.cancelled = result.remaining > 0
                break
    except KeyboardInterrupt as exc:
        result.cancelled = True
        raise PreannotationInterrupted(result) from exc
    finally:
        outcomes.close()  # stops the worker processes; unfinished articles stay not pre-annotated
        result.seconds = time.perf_counter() - start
    return result


@dataclasses.dataclass(frozen=True, slots=True)
class _Outcome:
    article_id: int
    words: int
    suggestions: SuggestionSet | None
    error: str = ""


class _Sink:
    """Writes outcomes one article per transaction and keeps the tally."""

    def __init__(self, project: Project, result: RunResult, on_progress: Progress | None, *, by: str) -> None:
        self.project, self.result, self.on_progress, self.by = project, result, on_progress, by

    def write(self, outcome: _Outcome) -> None:
        result = self.result
        if outcome.suggestions is None:
            result.failed.append((outcome.article_id, outcome.error))
        else:
            try:
                result.new_spans += self.project.add_suggestions(outcome.article_id, outcome.suggestions, by=self.by)
            except ProjectBusy as exc:
                # Each article is its own transaction: those done are saved, this one is not.
                raise ProjectBusy(exc.path, exc.waited_ms, done=(
                    f"{result.done} articles pre-annotated before it are saved; run it again to do the rest")) from exc
            result.by_label.update(s.label for s in outcome.suggestions.spans)
            result.words += outcome.words
            result.done += 1
        if self.on_progress is not None:
            self.on_progress(result.done + len(result.failed), result.total)


def _suggest_one(rules: SuggestFn, doc: Doc, article: tuple[int, int], ner_map: Mapping[str, str], origin: str) -> _Outcome:
    article_id, words = article
    try:
        return _Outcome(article_id, words, rules(doc, schema_ner_map=ner_map, origin=origin))
    except Exception as exc:  # one bad article must not stop a run over thousands
        return _Outcome(article_id, words, None, f"{type(exc).__name__}: {exc}")


def _texts(project: Project, ids: Iterable[int]) -> Iterator[tuple[str, tuple[int, int]]]:
    """(text, (article id, words)) for ``nlp.pipe(..., as_tuples=True)``."""
    for article_id in ids:
        text = project.article(article_id).text
        yield text, (article_id, len(text.split()))


def _in_process(
    project: Project, ids: Sequence[int], nlp: Language, rules: SuggestFn, ner_map: Mapping[str, str], origin: str, batch_size: int
) -> Generator[_Outcome, None, None]:
    for doc, article in nlp.pipe(_texts(project, ids), batch_size=batch_size, as_tuples=True):
        yield _suggest_one(rules, doc, article, ner_map, origin)


# ----------------------------------------------------------------------------- worker processes

_worker: dict[str, Any] = {}
_inherited: list[Language] = []  # set in the parent just before forking: the children's pipeline


def _init_worker(source: str, rules: SuggestFn, ner_map: Mapping[str, str], origin: str, batch_size: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C and stops us
    nlp = _inherited[0] if _inherited else load_pipeline(source).nlp
    _worker.update(nlp=nlp, rules=rules, ner_map=ner_map, origin=origin, batch_size=batch_size)


def _work(chunk: list[tuple[str, tuple[int, int]]]) -> list[_Outcome]:
    w = _worker
    return [
        _suggest_one(w["rules"], doc, article, w["ner_map"], w["origin"])
        for doc, article in w["nlp"].pipe(chunk, batch_size=w["batch_size"], as_tuples=True)
    ]


def can_fork() -> bool:
    """Whether workers can be forked: only from a single-threaded process without Qt (the CLI);
    they then start at once with the parent's loaded pipeline. Otherwise they are spawned and each
    loads the pipeline (~1 s): forking next to other threads (the window's) can deadlock a child
    on a lock some thread held at that moment."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 and "PySide6" not in sys.modules


def _in_workers(
    project: Project,
    ids: Sequence[int],
    pipeline: LoadedPipeline,
    rules: SuggestFn,
    ner_map: Mapping[str, str],
    origin: str,
    batch_size: int,
    processes: int,
) -> Generator[_Outcome, None, None]:
    """Outcomes in article order from a pool of worker processes, with a bounded number of chunks
    in flight (texts are read here, in the thread that owns the project connection)."""
    fork = can_fork()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    chunks = (list(_texts(project, ids[i : i + CHUNK_ARTICLES])) for i in range(0, len(ids), CHUNK_ARTICLES))
    if fork:
        _inherited.append(pipeline.nlp)
    try:
        pool = context.Pool(processes, initializer=_init_worker, initargs=(pipeline.source, rules, dict(ner_map), origin, batch_size))
    finally:
        _inherited.clear()
    try:
        pending: collections.deque[Any] = collections.deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * processes:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
