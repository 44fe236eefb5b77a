"""Long work off the UI thread: loading the NLP pipeline, pre-annotation, import and export.

One rule (style habit 11): a worker never touches widgets or the window's project connection.
The pre-annotation workers only compute :class:`SuggestionSet`s; the UI thread stores them (the
process worker also writes the exports' tokens the child made, through a connection of its own,
once the UI thread says it stored the article's suggestions: perf26,
:class:`~annotator.formats.token_store.HeldTokens`). They
are handed article *ids* and read the texts through a read-only connection of their own
(:class:`~annotator.nlp.suggest_process.ArticleTexts`): at launch on a 50,000-article project the
UI thread used to read every text and run one query per article first (1.7 s). The window's
real pre-annotation (:class:`PreannotateProcessWorker`) runs spaCy in a child process
(:mod:`annotator.nlp.suggest_process`, which says why); :class:`PreannotateWorker` runs a given
loader and suggester in its thread (tests, and callers that bring their own pipeline).
Import/export jobs open their own :class:`Project` in the worker thread (SQLite connections must
not cross threads). Results and progress arrive as queued signals. Cancelling is cooperative in
the thread and immediate for the child process (killed); a pipeline that is still loading is
abandoned (its result discarded), so the UI never waits for it.
"""

from __future__ import annotations

import functools
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

from annotator.domain.errors import AnnotatorError
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.background_priority import start_at_background_priority
from annotator.nlp.suggest_process import ArticleQuery, ArticleTexts, QueuedIds

if TYPE_CHECKING:
    from annotator.formats.token_store import HeldTokens

Loader = Callable[[], Any]  # -> LoadedPipeline (nlp, name, version, rule_only, notice)
Suggester = Callable[[Any, str], SuggestionSet]


def default_loader() -> Any:
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline(None)


def choice_loader(choice: str) -> Loader:
    """A loader for the pipeline picked in Preferences (see ``Settings.pipeline_choice``)."""

    def load() -> Any:
        from annotator.nlp.pipeline import load_pipeline

        return load_pipeline(choice or None)

    return load


def default_suggester(pipeline: Any, text: str) -> SuggestionSet:
    from annotator.nlp.runner import suggest_article

    return suggest_article(pipeline, text)


class Cancelled(Exception):
    """Raised inside a job's function when the analyst cancelled it."""


class PreannotateWorker(QThread):
    """Loads the pipeline (unless given one) and suggests spans for queued articles.

    With a ``fallback`` loader, a pipeline that cannot be loaded (:class:`AnnotatorError`) is
    reported by ``pipelineFallback`` and the fallback is loaded instead."""

    pipelineLoaded = Signal(object)  # the LoadedPipeline, to keep for later runs
    pipelineFallback = Signal(str)  # why the asked-for pipeline could not be loaded
    articleSuggested = Signal(int, object)  # article id, SuggestionSet
    articleFailed = Signal(int, str)  # article id, one-line error: the run goes on with the others
    progress = Signal(int, int, str)  # done, total, what
    failed = Signal(str)
    finishedWork = Signal(bool)  # cancelled?

    def __init__(
        self,
        articles: Iterable[int | tuple[int, str]] | ArticleQuery,
        *,
        loader: Loader = default_loader,
        suggester: Suggester = default_suggester,
        pipeline: Any = None,
        fallback: Loader | None = None,
        project_path: str | Path | None = None,
        parent: Any = None,
    ) -> None:
        """``articles``: ids, whose texts the thread reads from ``project_path`` through its own
        connection; an :class:`ArticleQuery` the thread queues there first (``total`` is 0 until
        then; :class:`QueuedIds`); or ``(id, text)`` pairs (no file needed)."""
        super().__init__(parent)
        self._query = articles if isinstance(articles, ArticleQuery) else None
        self._queue: deque[tuple[int, str | None]] = deque(
            () if self._query is not None else
            ((item, None) if isinstance(item, int) else (item[0], item[1]) for item in articles))  # type: ignore[union-attr]
        self._first: int | None = None  # the query's article asked for first (the open one)
        # usertest24p M3: articles File → Import just brought while this run goes: suggested
        # before the rest of its listing (it listed its articles before they came in)
        self._front: deque[tuple[int, str | None]] = deque()
        # launch14: a query's ids stay in SQLite (QueuedIds), read back a page at a time by this
        # thread; never a Python object per article (GIL held while the UI thread paints)
        self._listing: QueuedIds | None = None
        # fix32: articles the window could not store (the file busy), taken again after the rest;
        # _taking turns False when the thread found nothing more to take: none is accepted then
        self._later: deque[tuple[int, str | None]] = deque()
        self._taking = True
        # fix34 (usertest28 M1): articles handed out again from _later, not yet reported: the
        # progress counts an article once ("82 of 717 → 233 of 858" read past a 698-article run)
        self._again: set[int] = set()
        self._listing_texts: ArticleTexts | None = None
        self._project_path = str(project_path) if project_path is not None else None
        self._total = len(self._queue)
        #: articles whose suggestions the window has stored (or found reviewed meanwhile), counted by
        #: the window's controller: the cancel line says how many were done (usertest21 M3)
        self.saved = 0
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._loader = loader
        self._suggester = suggester
        self._pipeline = pipeline
        self._fallback = fallback

    @property
    def total(self) -> int:
        return self._total

    def suggestions_stored(self, article_id: int, stored: bool = True) -> None:
        """Thread-safe: the window stored ``article_id``'s suggestions (``stored``) or did not (an
        article reviewed meanwhile, a write that failed). The process worker then writes the
        article's tokens, or drops them (:class:`PreannotateProcessWorker`); here nothing."""

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def prioritize(self, article_id: int) -> None:
        """Suggest this article next (the analyst just opened it). O(1) for a query's articles
        (the thread takes it at its next article, if the query picked it and it is not done yet);
        for a list of ids, it is moved to the front if still queued. Before an import's articles
        (:meth:`put_first`), and first of them if it is one."""
        with self._lock:
            for item in list(self._front):
                if item[0] == article_id:  # an import's, maybe not in the listing: first of them
                    self._front.remove(item)
                    self._front.appendleft(item)
                    break
            if self._query is not None:
                self._first = article_id
                return
            for item in list(self._queue):
                if item[0] == article_id:
                    self._queue.remove(item)
                    self._front.appendleft(item)
                    return

    def put_first(self, article_ids: Iterable[int]) -> int:
        """Suggest ``article_ids`` (an import's, just come in) after the article being suggested
        and before the rest of the run, in the order given; the open article (:meth:`prioritize`)
        still goes before them. Those this run already listed and has not handed out are taken out
        of their place (done once); the others add to ``total``. Returns how many were added."""
        with self._lock:
            known = {item[0] for item in self._front}
            added = [i for i in dict.fromkeys(map(int, article_ids)) if i not in known]
            self._front.extend((i, None) for i in added)
            self._total += len(added)
        return len(added)

    def take_later(self, article_ids: Iterable[int]) -> bool:
        """Thread-safe (fix32): suggest ``article_ids`` again after every other article of the run
        (the window could not store their suggestions: the file was busy). False when the run
        takes no more articles (it has handed out its last one): they are left to the next run.
        ``total`` stays the run's count of articles (fix34: an article taken again is not a new
        one; its second suggestion does not move the progress, :meth:`_counts`)."""
        with self._lock:
            if not self._taking or self._cancel.is_set():
                return False
            self._later.extend((int(i), None) for i in article_ids)
            return True

    def _counts(self, article_id: int) -> bool:
        """In the thread: whether ``article_id``'s result moves the progress on (False for an
        article taken again, :meth:`take_later`: counted when it was first done)."""
        with self._lock:
            if article_id in self._again:
                self._again.discard(article_id)
                return False
            return True

    def _next(self) -> tuple[int, str | None] | None:
        item = self._next_listed()
        if item is not None:
            return item
        with self._lock:
            if self._later:
                item = self._later.popleft()
                self._again.add(item[0])
                return item
            self._taking = False  # nothing more: a store given back from now on waits for the next run
            return None

    def _next_listed(self) -> tuple[int, str | None] | None:
        if self._query is not None:  # in the thread: the query's next article (the one asked for first, first)
            if self._listing is None:
                return None
            with self._lock:
                first, self._first = self._first, None
            if first is not None and self._listing.take(first):
                return first, None
            with self._lock:
                front = self._front.popleft()[0] if self._front else None
            if front is not None:
                if self._listing.take(front):  # listed too: counted twice in total
                    with self._lock:
                        self._total -= 1
                return front, None
            article_id = self._listing.next()
            return None if article_id is None else (article_id, None)
        with self._lock:
            if self._front:
                front = self._front.popleft()
                if front[1] is None:
                    for item in list(self._queue):
                        if item[0] == front[0]:  # queued too: done once, here (with its text, if given)
                            self._queue.remove(item)
                            self._total -= 1
                            return item
                return front
            return self._queue.popleft() if self._queue else None

    def _list_query(self) -> None:
        """In the thread: queue the query's articles in SQLite (:class:`QueuedIds`) and set ``total``."""
        if self._query is None:
            return
        self._listing_texts = ArticleTexts(str(self._project_path))
        self._listing = self._listing_texts.queue(self._query)
        self._total = self._listing.total

    def _close_listing(self) -> None:
        """In the thread, at its end: the query's connection (and its temp table) goes."""
        if self._listing_texts is not None:
            self._listing_texts.close()
        self._listing_texts = self._listing = None

    def _next_id(self) -> int | None:
        item = self._next()
        return None if item is None else item[0]

    def run(self) -> None:  # noqa: D102 - QThread entry point
        texts: ArticleTexts | None = None
        try:
            self._list_query()
            pipeline = self._pipeline
            if pipeline is None:
                self.progress.emit(0, self._total, "Loading the language pipeline…")
                pipeline = self._load()
                if self._cancel.is_set():
                    self.finishedWork.emit(True)
                    return
                self.pipelineLoaded.emit(pipeline)
            done = 0
            while not self._cancel.is_set():
                item = self._next()
                if item is None:
                    break
                article_id, text = item
                try:
                    if text is None:
                        if texts is None:
                            texts = ArticleTexts(str(self._project_path))
                        text = texts.text(article_id)
                    suggestions = self._suggester(pipeline, text)
                except Exception as exc:  # noqa: BLE001 - one bad article must not stop the others
                    suggestions, error = None, f"{type(exc).__name__}: {exc}"
                if self._cancel.is_set():
                    break
                done += self._counts(article_id)
                if suggestions is None:
                    self.articleFailed.emit(article_id, error)
                else:
                    self.articleSuggested.emit(article_id, suggestions)
                self.progress.emit(done, self._total, f"Pre-annotating {done} of {self._total}")
            self.finishedWork.emit(self._cancel.is_set())
        except Exception as exc:  # noqa: BLE001 - shown to the analyst
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            if texts is not None:
                texts.close()
            self._close_listing()

    def _load(self) -> Any:
        try:
            return self._loader()
        except AnnotatorError as exc:
            if self._fallback is None:
                raise
            self.pipelineFallback.emit(str(exc))
            return self._fallback()


class PreannotateProcessWorker(PreannotateWorker):
    """Pre-annotation in a child process (:func:`annotator.nlp.suggest_process.run`): the
    pipeline ``choice`` (the default when it cannot be loaded, reported by ``pipelineFallback``)
    loads there, at background priority (:mod:`annotator.nlp.background_priority`), the child
    reads the texts of the queued ids from ``project_path`` and returns suggestions; this thread
    only relays them as signals. ``pipelineLoaded`` carries a
    :class:`~annotator.nlp.suggest_process.PipelineDescription` (no ``nlp``: it stays in the child).
    Cancel kills the child within :data:`~annotator.nlp.process_pool.POLL_SECONDS`; a child that
    dies is reported (``articleFailed``, or ``failed`` when it keeps dying), never waited for."""

    def __init__(
        self,
        article_ids: Iterable[int] | ArticleQuery,
        *,
        choice: str,
        ner_map: dict[str, str],
        project_path: str | Path,
        start_fn: Callable[..., Any] | None = None,
        work_fn: Callable[[Any, Any], Any] | None = None,
        store_tokens: bool = False,
        parent: Any = None,
    ) -> None:
        """``store_tokens`` (perf26): the child returns the exports' tokens with each article's
        suggestions and this thread writes them to ``project_path`` once the window says it
        stored the suggestions (:meth:`suggestions_stored`, which the window must then call for
        every ``articleSuggested``; :class:`~annotator.formats.token_store.HeldTokens`)."""
        super().__init__(article_ids if isinstance(article_ids, ArticleQuery) else list(article_ids),
                         project_path=project_path, parent=parent)
        self._choice = choice
        self._ner_map = dict(ner_map)
        self._fns = {k: v for k, v in (("start_fn", start_fn), ("work_fn", work_fn)) if v is not None}
        self._held: HeldTokens | None = None
        if store_tokens:
            from annotator.formats.token_store import HeldTokens  # no numpy or spaCy at import

            self._held = HeldTokens(project_path)

    def suggestions_stored(self, article_id: int, stored: bool = True) -> None:  # noqa: D102 - see the base class
        if self._held is not None:
            self._held.answer(article_id, stored)  # a put on a queue: this thread writes

    def run(self) -> None:  # noqa: D102 - QThread entry point
        from annotator.nlp import suggest_process
        from annotator.nlp.process_pool import WorkerStartError

        try:
            self._list_query()
            self.progress.emit(0, self._total, "Loading the language pipeline…")
            done = 0
            # The child starts at background priority: it must not take the CPU from this
            # window's UI thread while spaCy loads (nlp/background_priority.py).
            fns = {**self._fns, "start_fn": functools.partial(start_at_background_priority, self._fns.get("start_fn", suggest_process.start))}
            held = self._held
            events = suggest_process.run(self._next_id, choice=self._choice, ner_map=self._ner_map,
                                         project_path=str(self._project_path), should_cancel=self._cancel.is_set,
                                         tokens=held is not None, **fns)
            for kind, article_id, value in events:
                if self._cancel.is_set():
                    break
                if kind == "loaded":
                    if value.fallback_reason:
                        self.pipelineFallback.emit(value.fallback_reason)
                    self.pipelineLoaded.emit(value)
                    self.progress.emit(0, self._total, "Pre-annotating…")
                    continue
                done += self._counts(article_id)
                if kind == "failed":
                    self.articleFailed.emit(article_id, value)
                elif held is None:
                    self.articleSuggested.emit(article_id, value)
                else:
                    # perf26: the tokens stay here; the window stores the suggestions and says so
                    # (suggestions_stored), and this thread writes the tokens of those it stored, a
                    # batch at a time, before it hands on the next article: the UI thread is then
                    # most likely idle, not writing that article's suggestions
                    suggestions, tokens = value
                    held.write()
                    if tokens is not None:
                        held.hold(article_id, tokens)
                    self.articleSuggested.emit(article_id, suggestions)
                self.progress.emit(done, self._total, f"Pre-annotating {done} of {self._total}")
            events.close()  # stops the child now (also when cancelled)
            if held is not None:
                self._settle_tokens(held)
            self.finishedWork.emit(self._cancel.is_set())
        except WorkerStartError as exc:
            self.failed.emit(str(exc).splitlines()[0] if str(exc) else "the language pipeline could not be loaded")
        except Exception as exc:  # noqa: BLE001 - shown to the analyst
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}" if not isinstance(exc, suggest_process.ProcessCrashed) else str(exc))
        finally:
            self._close_listing()
            if self._held is not None:  # a run that failed: the tokens of what was stored, the rest dropped
                try:
                    self._held.write(now=True)
                except Exception:  # noqa: BLE001 - derived data: the first export tokenises instead
                    traceback.print_exc()
                self._held.discard()

    #: seconds the thread waits, at the run's end, for the window to say whether it stored the
    #: suggestions of the last articles (their signals are queued before finishedWork: ms)
    SETTLE_SECONDS = 30.0

    def _settle_tokens(self, held: HeldTokens) -> None:
        """At the run's end: the tokens of every article whose suggestions the window stored, written
        before ``finishedWork``. Cancelled: only those it had stored by then (what it stores later
        of this run is a stale result, left without tokens); the rest are dropped."""
        if self._cancel.is_set():
            held.write(now=True)
        else:
            held.settle(self._cancel.is_set, self.SETTLE_SECONDS)
        held.discard()


class JobWorker(QThread):
    """Runs ``fn(report, cancelled)`` in a thread; ``report(done, total, text)`` shows progress,
    ``cancelled()`` tells the function to stop (or it may raise :class:`Cancelled`).

    The outcome is one signal: ``failed`` (it raised), ``cancelledWork`` (it raised
    :class:`Cancelled`, or it returned after ``cancelled()`` had told it to stop: its result is
    partial, e.g. a scoring cut short) or ``succeeded(result)``. A function that returned without
    ever being told to stop delivers its result even when :meth:`cancel` came meanwhile: its work
    is done (an import committed, a pipeline written) and dropping the result would say
    "cancelled" of work that was not; ``finished_after_cancel`` is then True, for the caller to
    say "finished before the cancel took effect" (the Train panel kept the result aside for this)."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelledWork = Signal()

    def __init__(self, fn: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._told = False  # the function asked cancelled() and was told to stop
        self.finished_after_cancel = False

    def cancel(self) -> None:
        self._cancel.set()

    def _cancelled(self) -> bool:
        if self._cancel.is_set():
            self._told = True
            return True
        return False

    def run(self) -> None:  # noqa: D102
        try:
            result = self._fn(lambda d, t, s="": self.progress.emit(d, t, s), self._cancelled)
        except Cancelled:
            self.cancelledWork.emit()
            return
        except AnnotatorError as exc:  # an expected refusal (e.g. "the pipeline in use"): the message only
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        except Exception as exc:  # noqa: BLE001 - shown to the analyst
            traceback.print_exc()  # a fault: its traceback on stderr for the bug report
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        if self._told:  # it stopped early when told to: what it returned is partial
            self.cancelledWork.emit()
            return
        self.finished_after_cancel = self._cancel.is_set()
        self.succeeded.emit(result)
