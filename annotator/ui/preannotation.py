"""File → Pre-annotate: suggest spans off the UI thread and store them on the UI thread.

The window's own pre-annotation runs the language pipeline (the one chosen for the open project
in Edit → Preferences, :func:`annotator.nlp.pipeline_use.project_choice`, or the default when
that cannot be loaded) in a child process
(:class:`workers.PreannotateProcessWorker`, :mod:`annotator.nlp.suggest_process` says why): spaCy
is never imported into the window's process, whose UI thread would freeze while it loads. The
worker is handed article ids, never texts: it (or the child) reads them through a connection of
its own. Stored suggestions are written here, on the UI thread, by the window's one ``Project``;
the exports' tokens the child made with them are written by the worker's thread, once told here
that the suggestions are stored (perf26: :class:`~annotator.formats.token_store.HeldTokens`).
With a ``loader``/``suggester`` given (tests), both run in a worker thread as before, and the
loaded pipeline is kept for later runs while it is still the chosen one.

Which articles get suggestions is the command line's rule
(:func:`annotator.nlp.suggest_process.preannotation_query`, fixut16a): never one marked done or
reviewed, also when it was marked so after the run listed it (checked again as each article's
suggestions are stored).
"""

from __future__ import annotations

import collections
import dataclasses
import sqlite3
import time
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QLabel

from annotator.domain.errors import AnnotatorError
from annotator.domain.words import plural
from annotator.ui import dialogs, workers
from annotator.ui.article_list import ArticleListPanel
from annotator.ui.background import BackgroundWork
from annotator.ui.bars import InfoBar
from annotator.ui.busy_stores import BusyStores
from annotator.ui.editing import EditPath
from annotator.nlp.pipeline_use import choice_problem, project_choice
from annotator.nlp.suggest_process import NOT_DONE, ArticleQuery, imported_query, not_preannotated_by, takes_suggestions
from annotator.storage.project import TEAM_NOT_PREANNOTATED
from annotator.storage.run_lease import BY_WINDOW, PREANNOTATE, RunLease, busy_line
from annotator.storage.transactions import is_busy
from annotator.ui.session import Session


SUMMARY_TOPIC = "preannotated"  # the info bar's topic of a finished run's summary

# fix32 (issue 12): a store the project file is too busy for (another program holds its write
# lock) is tried again, never dropped. One try asks SQLite to wait at most STORE_WAIT_MS for the
# lock (twice that when this program's own background writer holds it,
# transactions._begin_immediate), so the UI thread is not held up 50 ms by it (a loaded machine's
# scheduling adds to it: median 26-96 ms at load 9-10, docs/formats.md "fix32"; 0.25 s before).
# Then the article's suggestions wait, in order, and are
# tried again after each of STORE_RETRY_MS (ms, ~6.4 s in all: a SQLite checkpoint, another
# window's edit or a command's batch is over by then); an import that holds the file longer gets
# the article back: the run takes it again after its other articles (once), else the next run.
# The state and the decisions are annotator.ui.busy_stores.BusyStores's (ref40); these numbers
# and the timers stay here.
STORE_WAIT_MS = 25
STORE_RETRY_MS = (50, 100, 200, 400, 800, 1600, 3200)
STORE_SLICE_S = 0.02  # a retry stores waiting articles for at most this long, then lets the UI breathe
# fix34 (usertest28 M1): the busy line's count follows the articles still waiting for the file
# (it said 19 for 60 s while ~160 waited), said again at most once per BUSY_LINE_MS (ms)
BUSY_LINE_MS = 250


class PreannotationHost(Protocol):
    """Where stored suggestions and the pipeline in use are shown (the window has these)."""

    pipeline_label: QLabel
    article_list: ArticleListPanel
    edits: EditPath
    suggestionsStored: SignalInstance  # (article id, new spans)
    summary_bar: InfoBar  # the run's whole summary, alone, stays there until dismissed

    def update_saved(self) -> None: ...


def default_pipeline_words() -> str:
    """The default pipeline as the status bar names a loaded one ("en_core_web_sm 3.8.0": the
    package's name and version, from its metadata, spaCy not imported), or "Rules only (no trained
    pipeline)" when none is installed (what loading it gives)."""
    from annotator.nlp import pipeline

    name = pipeline.default_pipeline_name()
    if name is None:
        return "Rules only (no trained pipeline)"
    return f"{name} {pipeline._package_version(name) or ''}".strip()  # noqa: SLF001 - the loaded label's version


class Preannotator(QObject):
    """Pre-annotation of the ``session``'s project in ``work``'s thread, shown in ``host``.
    ``loader``/``suggester`` replace the NLP pipeline (tests)."""

    pipelineChanged = Signal()  # the analyst picked another pipeline (active ordering scores again)

    def __init__(
        self,
        session: Session,
        work: BackgroundWork,
        host: PreannotationHost,
        *,
        loader: workers.Loader | None,
        suggester: workers.Suggester | None,
    ) -> None:
        super().__init__(session)
        self._session = session
        self._host = host
        self._work = work
        self._loader = loader  # None: the pipeline chosen for the project in Preferences (pipeline_use.project_choice)
        self._suggester = suggester  # None: the real NLP runner with the open project's schema
        self.pipeline: Any = None
        self.origin = ""  # the stored origin of the suggestions the pipeline in use made (which_articles)
        self.article_errors: list[tuple[int, str]] = []  # (article id, error) of the current or last run
        self._tally = _Tally(time.monotonic())  # what the current or last run stored
        self.last_summary = ""  # the status line a run that ended said
        self._problem_said = ""  # the chosen pipeline the open project's problem line named (project_shown)
        # fix32/fix34: the suggestions the busy file has not taken yet and the busy line's state;
        # the decisions are the class's, the timers here: _retry tries the waiting stores again
        # (STORE_RETRY_MS), _busy_timer redraws the line (BUSY_LINE_MS)
        self._stores: BusyStores[workers.PreannotateWorker] = BusyStores()
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._retry_stores)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._say_busy)
        session.message.connect(self._note_said)
        session.projectChanged.connect(self._forget_project)

    @property
    def left_pending(self) -> list[int]:
        """Articles of this (or the last) run left pending, the file busy: the next run's."""
        return self._stores.left_pending

    @property
    def _unsaved(self) -> collections.deque[tuple[int, Any, workers.PreannotateWorker]]:
        """The stores waiting for the busy file (tests watch it empty at a run's end)."""
        return self._stores.unsaved

    @property
    def _given_back(self) -> set[int]:
        """Articles this run was given back to take again (tests count them)."""
        return self._stores.given_back

    def _forget_project(self, _project: Any) -> None:
        """fixut17a (usertest16 H2): another project is open: the pipeline loaded for the one
        before, its last run's summary and errors are that file's (its run was cancelled)."""
        self.pipeline = None
        self.origin = ""
        self._problem_said = ""
        self.last_summary = ""
        self.article_errors = []
        self._tally = _Tally(time.monotonic())
        self._drop_unsaved()

    def _drop_unsaved(self) -> None:
        """Another project is open: the suggestions still waiting were for the one before (left
        pending there: its next run makes them again)."""
        self._retry.stop()
        for article_id, _suggestions, worker in self._stores.forget_project():
            worker.suggestions_stored(article_id, False)
        self._busy_timer.stop()

    def choice(self) -> str:
        """The pipeline chosen for the open project ('' the default), from the project file."""
        return project_choice(self._session.project)

    def project_shown(self) -> None:
        """Another project is shown: forget the pipeline loaded for the one before (each project
        has its own choice, fixut16a), show this one's, and when it cannot be loaded (a folder
        gone, a package not installed) say so once, naming it and what to do, and show the
        fallback in the pipeline label: its pre-annotation uses the default pipeline, never
        silently."""
        from annotator.ui.preferences import describe_pipeline_choice

        self.pipeline = None
        self.origin = ""  # this project's pipeline's, once it stored suggestions (which_articles)
        self._problem_said = ""
        label = self._host.pipeline_label
        choice = self.choice()
        problem = choice_problem(choice) if choice else ""
        if problem:
            what = describe_pipeline_choice(choice)
            self._problem_said = choice
            label.setText("⚠ Default pipeline (fallback)")
            label.setToolTip(f"The pipeline chosen for this project, “{what}”, cannot be loaded: {problem}.\n"
                             "Pre-annotation uses the default pipeline until you choose another in Edit → Preferences.")
            self._session.tell(f"⚠ This project's pipeline “{what}” cannot be loaded ({problem}): the default is used; "
                               "choose another in Edit → Preferences")
        elif choice:
            what = describe_pipeline_choice(choice)
            label.setText(PurePath(choice).name if PurePath(choice).is_absolute() else what)  # a folder: its name, short
            label.setToolTip(f"{what}\nChosen for this project in Edit → Preferences; loaded when it next pre-annotates.")
        else:
            # usertest17 L-e: empty until a pre-annotation loaded the pipeline, so a project opened
            # already pre-annotated named none; the default is named from its package (no spaCy import)
            label.setText(default_pipeline_words())
            label.setToolTip("Language pipeline used for suggestions: the default (none chosen for this project in "
                             "Edit → Preferences); loaded when it next pre-annotates.")
            self._name_legacy_choice()

    def _name_legacy_choice(self) -> None:
        """Once: an earlier version's per-user pipeline choice applies to no project now (fixut16a);
        say so where the analyst sees it, with the way to choose it again for a project."""
        from annotator.ui.preferences import describe_pipeline_choice

        settings = self._session.settings
        legacy = settings.legacy_pipeline_choice()
        if not legacy or settings.notice_shown("legacy_pipeline"):
            return
        settings.set_notice_shown("legacy_pipeline")
        self._session.show_notice(
            f"Earlier versions used one language pipeline for every project ({describe_pipeline_choice(legacy)}). It is now "
            f"chosen for each project, and {self._session.project.path.name} uses the default: choose it in Edit → "
            "Preferences for each project that should use it.", action="Choose pipeline…", key="pipeline")

    def which_articles(self) -> ArticleQuery | None:
        """File → Pre-annotate articles (usertest22 M1: after a cancel it redid all 439 articles,
        the 124 done included): the articles not marked done or reviewed that the pipeline in use
        has not pre-annotated yet (:func:`not_preannotated_by` its stored origin, known once it
        stored suggestions in this window; before, those never pre-annotated), or, asked in one
        box when some were ("315 not yet pre-annotated; all 439"), all of them again. None: the
        analyst cancelled. Counted on the UI thread: two counts, once per asked run."""
        project = self._session.project
        if project.has_layers():
            return NOT_DONE  # start() says a team project is not pre-annotated
        rest = not_preannotated_by(self.origin)
        (n_rest,) = project.db.execute(f"SELECT count(*) FROM articles WHERE {rest.where}").fetchone()
        (n_all,) = project.db.execute(f"SELECT count(*) FROM articles WHERE {NOT_DONE.where}").fetchone()
        if n_rest == n_all:  # nothing pre-annotated yet (or nothing at all to do): no question
            return rest
        by = f" by {self.origin}" if self.origin else ""
        options = ([("rest", f"&Only the {n_rest:,} not yet pre-annotated")] if n_rest else []) + [("all", f"&All {n_all:,} again")]
        choice = dialogs.ask(self._host.pipeline_label.window(), "Pre-annotate articles",
                             f"{n_rest:,} not yet pre-annotated{by}; all {n_all:,} (the articles not marked done or reviewed).\n\n"
                             "Pre-annotating an article again adds the suggestions it lacks; decisions stay as they are.", options)
        if choice is None:
            self._session.say("Pre-annotation not started", 3000)
            return None
        return rest if choice == "rest" else NOT_DONE

    def start_imported(self, article_ids: Iterable[int], line: str) -> bool:
        """Pre-annotate the articles File → Import just brought (usertest19 L7: they waited for
        the next launch), those of ``article_ids`` never pre-annotated and not marked done or
        reviewed (:func:`~annotator.nlp.suggest_process.imported_query`), as the launch's own run:
        in the worker, nothing over the article. ``line`` is the import's summary in the status
        bar: it stays there while the run goes (its progress is the indicator's), and the run's
        end line carries it ("Imported 3 new articles …; then pre-annotated 3 articles: …"), so
        the summary is never replaced. A team project is never pre-annotated: nothing is started
        or said. False when nothing was started (none to do, a team project, the project's
        pre-annotation run by another program), True when it started or is queued."""
        if self._session.project.has_layers():
            return False
        return self.start(imported_query(article_ids), asked=False, after=line)

    def start(self, article_ids: Iterable[int] | ArticleQuery | None = None, *, asked: bool = True,
              occasion: str = "at launch", after: str = "") -> bool:
        """Suggest spans for articles (default: all not done) off the UI thread; an
        :class:`ArticleQuery` is listed by the worker (the open article goes first either way).

        ``asked``: the analyst asked for the run (File → Pre-annotate): its whole summary, and a
        pipeline that could not be loaded, are shown in the notice over the article until
        dismissed. False: the launch's own run (``launch.run_app``), which nobody asked for: a
        short status-bar line, and a pipeline that could not be loaded in the status bar and the
        pipeline label (⚠); nothing covers the article (issue 10, ui10k). ``occasion``: how such a
        run started, for its line ("at launch", "on opening p.db"). ``after``: the line said just
        before (File → Import's summary, :meth:`start_imported`) that the run's lines carry instead
        of replacing it."""
        window = self._session
        if window.project.has_layers():
            # fix11aj (usertest11q M2): a team project's gold is curated from the analysts' layers;
            # the machine's suggestions written into it (the launch's run) were nobody's, had to be
            # rejected by each decision, and told other open windows the file changed
            window.tell(TEAM_NOT_PREANNOTATED)
            return False
        if self._work.worker_slot_taken():
            # the launch's own run: a running one already covers it; one only stopping (the project
            # open before, cancelled by File → Open) does not: queued behind it (fixut17a)
            if not asked and not after and self._work.worker is not None:
                window.say("Pre-annotation is already running", 3000)
                return False
            # an import's articles: the running run listed its articles before they came in;
            # it takes them next when it can (usertest24p M3), else they queue behind it
            if after and self._put_first(article_ids, after):
                return True
            return self._work.enqueue("worker", "Pre-annotation", lambda: self.start(article_ids, asked=asked, occasion=occasion, after=after),
                                      line=f"{after}; their pre-annotation is queued after the running one" if after else "",
                                      articles=self._count(article_ids))
        if article_ids is None:
            article_ids = NOT_DONE
        ids: list[int] | ArticleQuery
        if isinstance(article_ids, ArticleQuery):
            ids = article_ids
            empty = not article_ids.any(window.project.db)
        else:
            ids = list(article_ids)
            if window.state is not None and window.state.article_id in ids:
                ids.remove(window.state.article_id)
                ids.insert(0, window.state.article_id)
            empty = not ids
        if empty:
            if not after:  # an import whose articles were all pre-annotated already: its summary stays
                window.say("No articles to pre-annotate", 3000)
            return False
        choice = self.choice()
        path = window.project.path
        lease = RunLease(path, PREANNOTATE, by=BY_WINDOW) if path is not None else None
        if lease is not None and not lease.acquire():
            # usertest12 LOW-4: a second window on the project left its launch run to the first
            # (the same articles, twice the CPU). misc12: an asked run is refused too, and the
            # holder may be `annotator preannotate` as well as another window: one pre-annotator
            # a project, named with its pid, host and start
            busy = busy_line(path, lease.holder())
            if after:
                window.tell(f"{after}; not pre-annotated now: {busy}; they are when the project is next opened")
            elif asked:
                window.tell(f"{busy}: wait for it to finish, then pre-annotate again")
            else:
                window.tell(f"{busy}: this window does not start its own")
            return False
        worker: workers.PreannotateWorker
        if self._loader is None and self._suggester is None and path is not None:
            # perf26: the child sends the exports' tokens too and the worker's thread writes them
            # once _on_suggested says the suggestions are stored (never this thread)
            worker = workers.PreannotateProcessWorker(ids, choice=choice, ner_map=dict(window.schema.ner_map), project_path=path,
                                                      store_tokens=True)
        else:
            suggester = self._suggester or _schema_suggester(dict(window.schema.ner_map))
            loader, fallback = self._loaders(choice)
            worker = workers.PreannotateWorker(ids, loader=loader, suggester=suggester, pipeline=self.pipeline,
                                               fallback=fallback, project_path=path)
        if isinstance(ids, ArticleQuery) and window.state is not None:
            worker.prioritize(window.state.article_id)
        worker.pipeline_choice = choice  # type: ignore[attr-defined]  # what it loads; kept only while still chosen
        worker.fallback_reason = ""  # type: ignore[attr-defined]
        worker.asked = asked  # type: ignore[attr-defined]
        # File → Pre-annotate articles → All again (or a caller's run over all not done): its cancel
        # line says the rest kept what they had (background._stopped_run)
        worker.redo = asked and article_ids == NOT_DONE  # type: ignore[attr-defined]
        worker.occasion = occasion  # type: ignore[attr-defined]
        worker.after = after  # type: ignore[attr-defined]
        worker.pipelineLoaded.connect(self._on_pipeline_loaded)
        worker.pipelineFallback.connect(self._on_pipeline_fallback)
        worker.articleSuggested.connect(self._on_suggested)
        worker.articleFailed.connect(self._on_article_failed)
        self.article_errors: list[tuple[int, str]] = []
        self._tally = _Tally(time.monotonic())
        self._stores.new_run()
        worker.progress.connect(self._work.on_progress)
        worker.failed.connect(self._on_failed)
        worker.finishedWork.connect(self._on_finished)
        if lease is not None and lease.held:
            # the thread's end; a killed process's lock goes with it. Connected before ``forget``,
            # which starts a run queued behind this one: it found the lease still held by this
            # window and gave up ("p.db is being pre-annotated by the Annotator window (pid <own>)")
            worker.finished.connect(lease.release)
            worker.lease = lease  # type: ignore[attr-defined]  # kept alive with the worker
        worker.finished.connect(lambda w=worker: self._work.forget(w))
        self._work.worker = worker
        self._work.retired.append(worker)
        self._work.show_progress(0, worker.total, "Loading the language pipeline…" if self.pipeline is None or isinstance(worker, workers.PreannotateProcessWorker) else "Pre-annotating…", slot="worker")
        worker.start()
        return True

    def _put_first(self, article_ids: Iterable[int] | ArticleQuery | None, after: str) -> bool:
        """File → Import's articles while a run goes: handed to that run to suggest next, before
        the rest of its articles (usertest24p M3: the 50 just imported waited behind 50,000, hours),
        as an opened article is; ``after`` (the import's summary) is said with what happens to them.
        False when the run cannot take them (stopping, another pipeline chosen since it started,
        not a query): they queue behind it as before."""
        worker = self._work.worker
        if (worker is None or worker.is_cancelled() or not isinstance(article_ids, ArticleQuery)
                or getattr(worker, "pipeline_choice", None) != self.choice()):
            return False
        ids = article_ids.ids(self._session.project.db.conn)  # the import's, never a whole project's listing
        if not ids:
            return False
        worker.put_first(ids)
        if self._session.state is not None:
            worker.prioritize(self._session.state.article_id)  # the open article still goes first
        self._session.tell(f"{after}; {'it is' if len(ids) == 1 else 'they are'} pre-annotated next, "
                           "then the running pre-annotation goes on")
        return True

    def _count(self, article_ids: Iterable[int] | ArticleQuery | None) -> int:
        """How many articles a queued run would do now (the cancel line's count of the queued import)."""
        if article_ids is None:
            article_ids = NOT_DONE
        if isinstance(article_ids, ArticleQuery):
            return int(self._session.project.db.execute(f"SELECT count(*) FROM articles WHERE {article_ids.where}").fetchone()[0])
        return len(set(article_ids))

    def loader_for(self, choice: str) -> workers.Loader:
        """The loader of ``choice`` (the test's loader when one was given); the default pipeline
        when the chosen one cannot be loaded."""
        loader, fallback = self._loaders(choice)
        if fallback is None:
            return loader

        def load() -> Any:
            try:
                return loader()
            except AnnotatorError:
                return fallback()

        return load

    def _loaders(self, choice: str) -> tuple[workers.Loader, workers.Loader | None]:
        """(loader, fallback): the test's loader, or the chosen pipeline with the default as fallback."""
        if self._loader is not None:
            return self._loader, None
        if not choice:
            return workers.default_loader, None
        return workers.choice_loader(choice), workers.default_loader

    def pipeline_changed(self) -> None:
        """The analyst picked another language pipeline: forget the loaded one, so the next
        pre-annotation loads the new one in its worker (a running pre-annotation goes on with
        the one it has)."""
        from annotator.ui.preferences import describe_pipeline_choice

        self.pipeline = None
        self.origin = ""
        self._problem_said = ""
        what = describe_pipeline_choice(self.choice())
        self._host.pipeline_label.setText(f"{what[0].upper()}{what[1:]} (loads at the next pre-annotation)")
        self._host.pipeline_label.setToolTip("Chosen for this project in Edit → Preferences; it is loaded when File → Pre-annotate next runs.")
        self._session.say(f"Language pipeline of {self._session.project.path.name}: {what}. It is used from the next "
                          "pre-annotation.", 8000)
        self.pipelineChanged.emit()

    def _on_pipeline_fallback(self, reason: str) -> None:
        """The chosen pipeline could not be loaded; the worker goes on with the default."""
        worker = self._work.worker
        if self.sender() is not worker or worker is None:
            return
        from annotator.ui.preferences import describe_pipeline_choice

        worker.fallback_reason = reason  # type: ignore[attr-defined]
        chosen = describe_pipeline_choice(getattr(worker, "pipeline_choice", ""))
        why = reason.strip().rstrip(".")
        if not getattr(worker, "asked", True):  # at launch: a warning in the bar, nothing over the article
            if self._problem_said and self._problem_said == getattr(worker, "pipeline_choice", ""):
                return  # said when the project was shown (project_shown): one message, not two
            self._session.tell(f"⚠ “{chosen}” could not be loaded: using the default pipeline (Edit → Preferences)")
            return
        self._session.show_notice(
            f"The language pipeline “{chosen}” could not be loaded, so suggestions come from the default pipeline. "
            f"{why[:1].upper()}{why[1:]}. Choose another pipeline in Edit → Preferences.",
            action="Choose pipeline…", key="pipeline",
        )
        self._session.tell(f"“{chosen}” could not be loaded; using the default pipeline")

    def _on_pipeline_loaded(self, pipeline: Any) -> None:
        worker = self._work.worker
        if self.sender() is not worker or worker is None:
            return
        choice = getattr(worker, "pipeline_choice", "")
        fallback_reason = getattr(worker, "fallback_reason", "")
        settings = self._session.settings
        if choice == self.choice():
            self.pipeline = pipeline  # kept for later runs; not when another was chosen meanwhile
        name = getattr(pipeline, "name", "pipeline")
        version = getattr(pipeline, "version", "")
        rule_only = bool(getattr(pipeline, "rule_only", False))
        notice = getattr(pipeline, "notice", "")
        chosen_rules = rule_only and not notice and choice == "rule-only"  # picked on purpose in Preferences
        if chosen_rules:
            text = "Rules only"
        elif rule_only:
            text = "Rules only (no trained pipeline)"
        else:
            text = f"{name} {version}".strip()
        label = self._host.pipeline_label
        label.setText(f"⚠ {text} (fallback)" if fallback_reason else text)
        label.setToolTip(
            "Language pipeline used for suggestions (change it in Edit → Preferences)."
            + (f"\nThe chosen pipeline could not be loaded: {fallback_reason}" if fallback_reason else ""))
        if chosen_rules:
            self._session.say("Language pipeline: rules only (chosen in Preferences): quote suggestions, no entities", 8000)
        elif rule_only:
            notice = notice or (
                "No trained spaCy pipeline is installed: suggestions come from rules only "
                "(quotes from quotation marks; few entities).")
            if not fallback_reason:  # the fallback message already stands in the info bar
                self._session.tell(notice)
            label.setToolTip(notice)
            if not settings.notice_shown("rule_only") and not fallback_reason and getattr(worker, "asked", True):
                self._session.show_notice(notice)
                settings.set_notice_shown("rule_only")

    def _on_suggested(self, article_id: int, suggestions: Any) -> None:
        worker = self._work.worker
        if self.sender() is not worker or worker is None or worker.is_cancelled():
            return
        # fix32: behind the stores waiting for the busy file (written in the order made), and
        # behind the analyst's edits waiting for it (annotator.ui.editing: they go first)
        stores = self._stores
        if stores.must_wait(bool(self._host.edits.waiting)) or self._store(article_id, suggestions, worker) == "busy":
            if stores.keep(article_id, suggestions, worker):
                self._busy_changed()
            if not self._retry.isActive():
                self._retry.start(stores.first_delay(STORE_RETRY_MS))

    def _store(self, article_id: int, suggestions: Any, worker: workers.PreannotateWorker) -> str:
        """Store one article's suggestions, waiting at most :data:`STORE_WAIT_MS` for the file:
        "stored", "skipped" (marked done or reviewed meanwhile, or gone), "failed" (said), or
        "busy" (nothing written, nothing said: the caller tries again)."""
        window, host = self._session, self._host
        row = window.project.db.execute("SELECT status FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None or not takes_suggestions(row[0]):
            # fixut16a (usertest16 M3): marked done or reviewed (or gone) since the run listed it: the
            # analyst's finished decision gets no new suggestion, as `annotator preannotate` (nothing stored,
            # not marked pre-annotated)
            self._tally.finished += 1
            worker.saved += 1
            worker.suggestions_stored(article_id, False)  # its tokens are dropped too
            self._settled(article_id)
            return "skipped"
        project = window.project
        wait, project.write_wait_ms = project.write_wait_ms, STORE_WAIT_MS
        try:
            added = project.add_suggestions(article_id, suggestions)
        except (AnnotatorError, sqlite3.Error) as exc:
            if is_busy(exc):
                return "busy"  # nothing written (one transaction): kept, tried again
            worker.suggestions_stored(article_id, False)
            # until replaced (ui32); one line per article, so not each kept in "Lately"
            self._settled(article_id)
            window.say(f"Suggestions for article {article_id} not saved: {exc}", 0)
            return "failed"
        finally:
            project.write_wait_ms = wait
        worker.suggestions_stored(article_id)  # perf26: the worker's thread writes its tokens (a put on a queue here)
        self._tally.count(suggestions, added)
        if getattr(worker, "pipeline_choice", "") == self.choice():  # the pipeline in use (which_articles)
            self.origin = getattr(suggestions, "origin", "") or self.origin
        worker.saved += 1  # stored: the cancel line counts it (usertest21 M3)
        self._settled(article_id)
        if window.state is not None and window.state.article_id == article_id:
            change = window.state.reload(window.project.spans(article_id), window.project.relations(article_id))
            host.edits.show_change(change)
            if window.selected_id is not None and window.selected_id not in window.state.spans:
                window.select(None)
            host.update_saved()
        else:
            summary = window.project.article_summaries([article_id])  # an interrupted quote counted once
            if summary:
                host.article_list.model.update_summary(article_id, pending=summary[0].pending)
        host.suggestionsStored.emit(article_id, added)
        return "stored"

    def _retry_stores(self) -> None:
        """fix32: the waiting stores again, in order, for at most :data:`STORE_SLICE_S` a time; a
        busy file waits for the next of :data:`STORE_RETRY_MS`, and after the last the waiting
        articles are given back (:meth:`_give_back`). The window's own edits waiting for the file
        go first: while any waits, nothing is tried here (a try missed, counted as busy)."""
        if getattr(self._session.project, "closed", False):
            self._drop_unsaved()
            return
        stores = self._stores
        until = time.monotonic() + STORE_SLICE_S
        while (first := stores.first()) is not None:
            if time.monotonic() > until:
                self._retry.start(0)  # the rest after the UI's next events
                return
            article_id, suggestions, worker = first
            # the analyst's edits waiting for the file go first (annotator.ui.editing): a try missed
            if self._host.edits.waiting or self._store(article_id, suggestions, worker) == "busy":
                delay = stores.next_delay(STORE_RETRY_MS)
                if delay is not None:
                    self._retry.start(delay)
                    return
                self._give_back()
                return
            stores.stored_first()
        stores.tries = 0

    def _give_back(self) -> None:
        """Every waiting store failed for :data:`STORE_RETRY_MS`: nothing of them is written, and
        the articles stay pending (not pre-annotated). The run still going takes each again after
        its other articles (once a run); the others wait for the next run. Said in one line a run,
        whose count then follows the articles still waiting (fix34, :meth:`_say_busy`)."""
        def not_stored(article_id: int, worker: workers.PreannotateWorker) -> None:
            worker.suggestions_stored(article_id, False)  # its tokens go too: made again with it

        def take_later(article_id: int, worker: workers.PreannotateWorker) -> bool:
            return worker is self._work.worker and not worker.is_cancelled() and worker.take_later([article_id])

        self._stores.give_back(not_stored, take_later)
        # the first give-back of the run: said now; then it follows the backlog. Said anew at a later
        # give-back of the run still going when another line replaced it (an article's error line):
        # the count must not go unseen for the rest of a long lock; the run's end line is not replaced
        if self._stores.say_on_give_back(self._work.worker is not None):
            self._say_busy()

    def _settled(self, article_id: int) -> None:
        """fix34: ``article_id`` no longer waits for the file (stored, skipped, failed)."""
        if self._stores.settled(article_id):
            self._busy_changed()

    def _busy_changed(self) -> None:
        """The backlog changed: the busy line, once said, is said again with its count, at most
        once per :data:`BUSY_LINE_MS` (a store a few ms apart must not repaint the bar each time)."""
        if self._stores.redraw_due() and not self._busy_timer.isActive():
            self._busy_timer.start(BUSY_LINE_MS)

    def is_busy_line(self, text: str) -> bool:
        """Whether ``text`` is the busy line as last said (the status bar's fields stay beside it:
        :class:`~annotator.ui.status_room.MessageRoom`, fix34)."""
        return self._stores.is_line(text)

    def was_busy_line(self, text: str) -> bool:
        """Whether ``text`` is a busy line said before (the jobs menu's "Lately" keeps the latest only)."""
        return self._stores.was_line(text)

    def _note_said(self, text: str, _ms: int) -> None:
        self._stores.last_said = text

    def busy_text(self) -> str:
        """The busy line for the backlog now ("" when nothing waits): e.g. "Suggestions for 160
        articles not saved yet, they will be tried again later in this run: p.db is busy (another
        program is writing to it)" (:meth:`BusyStores.text`)."""
        return self._stores.text(self._file_name)

    def _file_name(self) -> str:
        """The open project's file name, as the busy lines say it."""
        path = self._session.project.path
        return path.name if path is not None else "the project file"

    def _say_busy(self) -> None:
        """Say the busy line with the backlog's count now; after the first time only while the bar
        still shows the last one (another line said since, the run's end line included, stays).
        Nothing waiting any more: said so, for a few seconds."""
        said = self._stores.next_line(self._file_name)
        if said is not None:
            self._session.say(*said)

    def _on_article_failed(self, article_id: int, error: str) -> None:
        """One article's suggestions could not be made; it stays not pre-annotated, the run goes on."""
        if self.sender() is not self._work.worker:
            return
        self.article_errors.append((article_id, error))
        self._settled(article_id)  # one given back and made again: no suggestion to wait for now
        # until replaced (ui32), not in "Lately" one per article: the run's end line counts them and names the first
        self._session.say(f"No suggestions for article {article_id}: {error}", 0)

    def _on_failed(self, message: str) -> None:
        if self.sender() is not self._work.worker:
            return
        after = getattr(self._work.worker, "after", "")
        self._work.worker = None
        self._work.hide_progress()
        if after:  # File → Import's run: the import's summary kept, what failed after it
            self._work.say_after(after, f"their pre-annotation failed: {message}")
        else:
            self._session.tell(f"Pre-annotation failed: {message}")

    def _on_finished(self, cancelled: bool) -> None:
        if self.sender() is not self._work.worker:
            return
        worker = self._work.worker
        total = worker.total if worker else 0  # fix34: an article taken twice is counted once by the worker
        asked = getattr(worker, "asked", True)
        after = getattr(worker, "after", "")
        self._work.worker = None
        self._work.hide_progress()
        self._tally.left, self._tally.waiting = len(self._stores.left_pending), len(self._stores.unsaved)  # fix32: not pre-annotated (yet)
        if cancelled:
            self._session.say("Pre-annotation cancelled", 5000)
        elif self.article_errors:
            first_id, first_error = self.article_errors[0]
            line = (f"Pre-annotated {total - len(self.article_errors)} of {plural(total, 'article')}; {len(self.article_errors)} failed and "
                    f"{'has' if len(self.article_errors) == 1 else 'have'} no suggestions (article {first_id}: {first_error})")
            if after:
                self._work.say_after(after, f"then {line[:1].lower()}{line[1:]}")
            else:
                self._session.tell(line)
        elif not asked:
            # The launch's own run: nobody asked for it, so nothing covers the article (issue 10,
            # ui10k); the status bar's short line, or the fallback said again if there was one.
            from annotator.ui.preferences import describe_pipeline_choice

            self.last_summary = self._tally.summary(total)
            fallback = getattr(worker, "fallback_reason", "")
            chosen = describe_pipeline_choice(getattr(worker, "pipeline_choice", "")) if fallback else ""
            # the warning first and short: the line has ~450 px at 1024 px beside the bar's right-hand
            # items (the pipeline label keeps "⚠ … (fallback)", its tooltip the reason)
            if after:
                # File → Import's run: its line carries the import's summary (usertest19 L7: the
                # run's own line replaced it); the pipeline label keeps a fallback's ⚠
                self._work.say_after(after, (f"then pre-annotated {plural(total, 'article')} with the default pipeline (“{chosen}” not loaded)"
                                             if fallback else self._tally.short(total, occasion="then")))
            else:
                self._session.tell(f"⚠ “{chosen}” not loaded: default pipeline used ({plural(total, 'article')})"
                                   if fallback else self._tally.short(total, occasion=getattr(worker, "occasion", "at launch")))
        else:
            # The whole summary does not fit the status bar beside its right-hand items and went
            # in 30 s (usertest10e finding 9: cut at "…; 0"): a short line there, the whole of it
            # in its own notice over the article, which stays until dismissed. Its own: added to
            # the notice shown ("Your decisions are recorded as …" [Change name…]) it read as part
            # of it (usertest10g finding 7), and a later notice replaced it unread.
            self.last_summary = self._tally.summary(total)
            self._host.summary_bar.show_message(self.last_summary, topic=SUMMARY_TOPIC)
            # until replaced (ui32); "Lately" keeps the whole summary (below), not this short line
            self._session.say(self._tally.short(total), 0)
        # the whole last word kept for the jobs menu's "Lately" (usertest14 F3): the bar cuts it
        self._work.remember(self.last_summary if not cancelled and asked and not self.article_errors else self._work.current_line())


@dataclasses.dataclass(slots=True)
class _Tally:
    """What a run stored, for its summary (the command line's words, :func:`annotator.cli.nlp._print_run`)."""

    started: float
    articles: int = 0
    new: int = 0
    by_label: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    origins: set[str] = dataclasses.field(default_factory=set)
    finished: int = 0  # articles marked done or reviewed before their suggestions arrived: nothing stored
    left: int = 0  # fix32: articles left pending for a later run: the busy file took none of their suggestions
    waiting: int = 0  # fix32: articles whose suggestions still wait for the busy file when the run ended

    def count(self, suggestions: Any, added: int) -> None:
        self.articles += 1
        self.new += added
        self.by_label.update(s.label for s in getattr(suggestions, "spans", ()))
        if getattr(suggestions, "origin", ""):
            self.origins.add(suggestions.origin)

    def short(self, total: int, *, occasion: str = "") -> str:
        """The status bar's line, short enough beside its right-hand items: e.g. "Pre-annotated
        3 articles: 19 suggestions, 0 new (the whole summary is in the notice)"; with an
        ``occasion``, a run nobody asked for (no notice): "Pre-annotated 3 articles at launch: 19
        suggestions, 19 new", "… on opening p.db: …" (fixut18b: File → Open said "at launch");
        ``occasion`` "then": the end of another line (File → Import's), "then pre-annotated 3
        articles: …"."""
        lead, when = ("then pre-annotated", "") if occasion == "then" else ("Pre-annotated", f" {occasion}" if occasion else "")
        line = (f"{lead} {plural(total - self.finished - self.left - self.waiting, 'article')}{when}: "
                f"{plural(sum(self.by_label.values()), 'suggestion')}, {self.new:,} new")
        if self.finished:
            line += f"; {self.finished:,} reviewed meanwhile, left as they are"
        if self.waiting:
            line += f"; {self.waiting:,} waiting for the busy file"
        if self.left:
            line += f"; {self.left:,} left for the next run (the file was busy)"
        return line if occasion else f"{line} (the whole summary is in the notice)"

    def summary(self, total: int) -> str:
        """E.g. "Pre-annotated 1 article in 2.1 s with en_core_web_sm 3.8.0 + annotator-rules 1.
        Suggestions: 17 (CUE 5, QUOTE 7, SPEAKER 5); 3 new, 14 already there or already decided"
        (usertest10d finding 9: the window said only "Pre-annotated 1 article", and for 5 s)."""
        seconds = time.monotonic() - self.started
        with_ = f" with {', '.join(sorted(self.origins))}" if self.origins else ""
        suggested = sum(self.by_label.values())
        labels = ", ".join(f"{label} {n:,}" for label, n in sorted(self.by_label.items()))
        text = (f"Pre-annotated {plural(total - self.finished - self.left - self.waiting, 'article')} in {seconds:.1f} s{with_}. "
                f"Suggestions: {suggested:,}{' (' + labels + ')' if labels else ''}; {self.new:,} new")
        if suggested > self.new:
            text += f", {suggested - self.new:,} already there or already decided (left as they were)"
        if self.finished:
            text += (f". {plural(self.finished, 'article')} marked done or reviewed before {'its' if self.finished == 1 else 'their'} "
                     "suggestions arrived: left as they are")
        if self.waiting:
            text += (f". {plural(self.waiting, 'article')} not saved yet: the project file is busy (another program is "
                     f"writing to it); {'its suggestions are' if self.waiting == 1 else 'their suggestions are'} tried again in a moment")
        if self.left:
            text += (f". {plural(self.left, 'article')} not pre-annotated: the project file stayed busy (another program "
                     f"was writing to it); {'it is' if self.left == 1 else 'they are'} pre-annotated by the next run")
        return text


def _schema_suggester(ner_map: dict[str, str]) -> workers.Suggester:
    """The real NLP suggester, mapping entity labels through the project's schema."""

    def suggest(pipeline: Any, text: str) -> Any:
        from annotator.nlp.runner import suggest_article

        return suggest_article(pipeline, text, schema_ner_map=ner_map)

    return suggest
