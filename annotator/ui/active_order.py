"""The article list's "Order: most uncertain first" (issue 10, :mod:`annotator.nlp.uncertainty`).

Choosing it scores the unreviewed articles that have no cached score for the current pipeline in
a worker (the window's job slot: progress in the status bar, Ctrl+. cancels); the worker loads the
pipeline, reads what it scores through a read-only connection of its own (the UI thread reads no
article for it), and the UI thread stores the scores in the project file
(``article_uncertainty``) and re-sorts the list. A pipeline change (Preferences, or "Use this
pipeline" after training) scores again with the new one. A pipeline without scores (rules only)
says so and the list keeps its order. With no pipeline chosen in Preferences, the pipeline whose
scores were stored last in the project is used, as ``annotator next`` does
(:func:`annotator.nlp.active_order.stored_choice`). The order chosen is kept in the settings for
each project file (:func:`order_key`; issue 10, usertest10e finding 9: kept for the user, the next
project opened was ordered and scored on open) and applied when that project is opened again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from annotator.nlp.pipeline_use import project_choice
from annotator.nlp.suggest_process import NOT_DONE
from annotator.ui import workers
from annotator.ui.article_list import ArticleListPanel
from annotator.ui.background import BackgroundWork
from annotator.ui.session import Session
from annotator.ui.settings import project_key

ORDER_KEY = "articles/order"  # the settings group: one key per project file (order_key)


def order_key(project_path: Path | None) -> str:
    """The settings key of the article order of the project file at ``project_path`` (its resolved
    path, hashed so the key holds no slashes: :func:`annotator.ui.settings.project_key`); its
    value is "as-imported" or "uncertain"."""
    return project_key(ORDER_KEY, project_path)
ScorerFor = Callable[[Any], Any]  # LoadedPipeline -> Scorer, or None when it has no scores

SCORING, ORDERED, NO_SCORES_NOTE, NOTHING_UNREVIEWED = "scoring", "ordered", "no-scores", "nothing-unreviewed"


def order_note(state: str, *, pipeline: str = "", scored: int = 0, unreviewed: int = 0) -> str:
    """The line above the article list while it is ordered most uncertain first (usertest16 LOW-3:
    the list reordered with no sign of why): what the order is by, what happens to reviewed
    articles, and that scoring runs or why it cannot. ``""`` for import order."""
    name = pipeline.split(" |")[0].strip()
    by = f" ({name})" if name else ""
    scored_with = f"scored with {name}" if name else "scored with the pipeline"
    if state == SCORING:
        return (f"Most uncertain first — scoring the unreviewed articles{by}… the list keeps its order until "
                "scoring ends (Ctrl+. cancels)")
    if state == ORDERED:
        return (f"Most uncertain first — {scored_with}, by its margins, unreviewed only: {scored:,} of "
                f"{unreviewed:,} scored, highest uncertainty first, scores within 0.05 by most doubtful decisions "
                "(each row shows both); done and reviewed articles follow in import order")
    if state == NO_SCORES_NOTE:
        return ("Most uncertain first cannot order: the pipeline has no scores (rules only) — the list is in import "
                "order; choose a trained pipeline in Edit → Preferences")
    if state == NOTHING_UNREVIEWED:
        return "Most uncertain first: nothing unreviewed to order (every article is done or reviewed) — import order"
    return ""


def scored_counts(scored: int, now: int) -> str:
    """How many of the ``scored`` unreviewed articles were scored ``now`` and how many came from
    the project's cache, in words (usertest29 L4: "20 scored now, the others from the cache" when
    all 20 were scored now): "all 20 scored now", "all 20 from the cache", "5 scored now, 15 from
    the cache"."""
    now = min(now, scored)
    if scored and now == scored:
        return f"all {now} scored now" if now > 1 else f"{now} scored now"
    if not now:
        return f"all {scored} from the cache" if scored > 1 else f"{scored} from the cache"
    return f"{now} scored now, {scored - now} from the cache"


def beam_scorer_for(loaded: Any) -> Any:
    from annotator.nlp.uncertainty import beam_scorer, pipeline_can_score

    nlp = getattr(loaded, "nlp", None)
    return beam_scorer(nlp) if pipeline_can_score(nlp) else None


def unscored_articles(conn: sqlite3.Connection, pipeline: str) -> Iterator[tuple[int, str]]:
    """``(id, text)`` of the unreviewed articles (not done, not reviewed) with no score of
    ``pipeline`` cached for their current text, in import order: one query, read as it goes."""
    yield from conn.execute(
        f"SELECT id, text FROM articles WHERE {NOT_DONE.where} AND NOT EXISTS (SELECT 1 FROM article_uncertainty u "
        "WHERE u.article_id = articles.id AND u.pipeline = ? AND u.text_hash = articles.text_hash "
        "AND u.doubtful IS NOT NULL) ORDER BY id", [pipeline])  # a row without doubtful: the old shape (migration 0010)


def read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the project file at ``path``, for the thread that makes it (the
    window's own connection stays on the UI thread; in WAL mode this reader never blocks it)."""
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


@dataclasses.dataclass(frozen=True, slots=True)
class Scored:
    pipeline: str
    fresh: dict[int, float]
    usable: bool
    doubtful: dict[int, int] = dataclasses.field(default_factory=dict)  # fresh's doubtful decisions


class ActiveOrder(QObject):
    """Keeps ``panel``'s uncertainty scores up to date while its order is 'most uncertain first'."""

    def __init__(self, session: Session, work: BackgroundWork, panel: ArticleListPanel, *,
                 loader_for: Callable[[str], workers.Loader], refresh: Callable[[], None],
                 scorer_for: ScorerFor = beam_scorer_for,
                 trained_unused: Callable[[], Any] = lambda: None) -> None:
        super().__init__(session)
        # usertest29 L4: the folder of a pipeline just trained in the window and not (yet) put to
        # use, or None: the order is still by the project's pipeline, and the note says so
        self._trained_unused = trained_unused
        self._session = session
        self._work = work
        self._panel = panel
        self._loader_for = loader_for
        self._refresh = refresh
        self.scorer_for = scorer_for
        self.last_note = ""
        # the order chosen is kept for each project file (project_shown applies it)
        panel.orderChanged.connect(self._on_order_changed)
        session.projectChanged.connect(self._forget_project)

    def _forget_project(self, _project: Any) -> None:
        """fixut17a (usertest16 H1): another project is open: the scores held are the other
        file's (keyed by article id, and ids repeat across files) and go, with the note saying
        what they ordered, before the new project's list is read (:meth:`project_shown`)."""
        self._panel.set_uncertainty({})
        self._panel.set_order_note("")
        self.last_note = ""

    def project_shown(self) -> None:
        """A project was opened in the window: in 'most uncertain first', order its articles
        (their stored scores; the ones lacking a score are scored) — another file's scores do not
        order this one's. The order is the one last chosen for this file ("as imported" for a file
        never ordered). Called before the window lists the articles (fixut17a: the list was read
        first, sorted by the other file's scores in the other file's order, under this file's box)."""
        self._panel.set_uncertainty({})
        self._panel.set_order_note("")
        wanted = "uncertain" if self._session.settings.value(self._key(), "as-imported") == "uncertain" else "as-imported"
        if self._panel.order_mode() != wanted:
            self._panel.order.blockSignals(True)
            self._panel.set_order_mode(wanted)
            self._panel.order.blockSignals(False)
        if wanted == "uncertain":
            self.compute()

    def _key(self) -> str:
        project = self._session.project
        return order_key(getattr(project, "path", None))

    def toggle(self) -> None:
        """Switch between 'as imported' and 'most uncertain first' (the Tools menu's action)."""
        self._panel.set_order_mode("as-imported" if self._panel.order_mode() == "uncertain" else "uncertain")

    def _on_order_changed(self, mode: str) -> None:
        self._session.settings.set_value(self._key(), mode)
        if mode == "uncertain":
            self.compute()
        else:
            self._panel.set_order_note("")
            self._refresh()

    def _unreviewed_ids(self) -> set[int]:
        return {r[0] for r in self._session.project.db.execute(f"SELECT id FROM articles WHERE {NOT_DONE.where}")}

    def _unreviewed(self) -> int:
        return int(self._session.project.db.execute(f"SELECT count(*) FROM articles WHERE {NOT_DONE.where}").fetchone()[0])

    def pipeline_changed(self) -> None:
        """Scores of another pipeline do not order this one's doubts."""
        self._panel.set_uncertainty({})
        if self._panel.order_mode() == "uncertain":
            self.compute()

    def compute(self) -> bool:
        """Score (in the job thread) what the cache lacks, then sort. False when another job runs.

        The UI thread hands the job the project file's path only: the job lists the unreviewed
        articles, finds the cached scores still valid and reads the texts it scores through a
        read-only connection of its own. (It used to read every article's summary and then each
        text here, one query per article, freezing the window for seconds at 50,000 articles.)"""
        from annotator.nlp.active_order import counted_labels, key_of, score_texts

        s = self._session
        path = s.project.path
        labels = counted_labels(s.project)
        choice = project_choice(s.project)  # the project's own (fixut16a)
        if not choice:  # no Preferences choice: the pipeline of the scores stored last, as `annotator next` (issue 10)
            from annotator.nlp.active_order import stored_choice

            stored = stored_choice(s.project)
            choice = stored[0] if stored is not None else ""
        loader, scorer_for = self._loader_for(choice), self.scorer_for

        def job(report: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> Scored:
            report(0, 0, "Loading the language pipeline to order articles…")
            loaded = loader()
            key = key_of(loaded)
            with contextlib.closing(read_only(path)) as conn:
                todo = []
                for item in unscored_articles(conn, key):
                    if cancelled():
                        break
                    todo.append(item)
            if not todo:  # every score stored (reopened, or `preannotate --uncertainty`): nothing to score
                return Scored(key, {}, usable=True)
            scorer = scorer_for(loaded)
            if scorer is None:
                return Scored(key, {}, usable=False)
            counts: dict[int, int] = {}
            fresh = score_texts(scorer, todo, labels, cancelled=cancelled, doubtful=counts,
                                on_progress=lambda d, n: report(d, n, f"Scoring uncertainty {d:,} of {n:,}"))
            return Scored(key, fresh, usable=True, doubtful=counts)

        if not self._unreviewed():  # nothing to score or order: said, no pipeline loaded
            self._panel.set_uncertainty({})
            self._panel.set_order_note(order_note(NOTHING_UNREVIEWED))
            self.last_note = order_note(NOTHING_UNREVIEWED)
            s.tell(self.last_note)
            self._refresh()
            return True
        started = self._work.run_job("Ordering articles by uncertainty", job, self._on_scored, on_cancelled=self._on_cancelled)
        if started:
            self._panel.set_order_note(order_note(SCORING, pipeline=choice))
        return started

    def trained_hint(self) -> str:
        """'' or, while a pipeline trained in the window is not in use, what the order is not by
        (usertest29 L4: it scored with the project's pipeline, which nothing said)."""
        folder = self._trained_unused()
        if not folder:
            return ""
        return (f" — not by the pipeline just trained ({Path(folder).name}): press \u201cUse this pipeline for "
                "suggestions\u201d in the Train panel to order by it")

    def _on_cancelled(self) -> None:
        """Cancelled scoring orders nothing: the list says so and goes back to import order
        (issue 10: it kept reading "Order: most uncertain first"); the note above the list goes."""
        self._panel.set_order_note("")
        if self._panel.order_mode() == "uncertain":
            self._panel.set_order_mode("as-imported")  # orderChanged: the list is refreshed in that order
        self.last_note = "Ordering by uncertainty cancelled: the list is in import order"
        self._session.tell(self.last_note)

    def _on_scored(self, result: Scored | None) -> None:
        if result is None:  # cancelled before the pipeline was loaded
            return
        from annotator.nlp.uncertainty import NO_SCORES
        from annotator.storage import uncertainty_cache

        s = self._session
        if not result.usable:
            self.last_note = NO_SCORES[:1].upper() + NO_SCORES[1:]
            self._panel.set_uncertainty({})
            self._panel.set_order_note(order_note(NO_SCORES_NOTE))
            s.tell(self.last_note)
            self._refresh()
            return
        if not s.project.read_only:
            uncertainty_cache.store_scores(s.project, result.pipeline, result.fresh, result.doubtful)
            cached = uncertainty_cache.cached_doubts(s.project, result.pipeline)
            scores = {i: score for i, (score, _n) in cached.items()}
            doubtful = {i: n for i, (_s, n) in cached.items()}
        else:
            scores, doubtful = dict(result.fresh), dict(result.doubtful)
        self._panel.set_uncertainty(scores, doubtful)
        unreviewed = self._unreviewed_ids()
        if not unreviewed:
            self._panel.set_order_note(order_note(NOTHING_UNREVIEWED))
        else:
            shown = len(unreviewed & set(scores))
            self._panel.set_order_note(order_note(ORDERED, pipeline=result.pipeline, scored=shown,
                                                  unreviewed=len(unreviewed)) + self.trained_hint())
        self._refresh()
        self._panel.view.scrollToTop()  # the most uncertain articles, not the current one further down (finding 8)
        name = result.pipeline.split(" |")[0].strip()
        self.last_note = (f"Unreviewed articles ordered most uncertain first, scored with {name} "
                          f"({scored_counts(len(unreviewed & set(scores)), len(result.fresh))})") + self.trained_hint()
        s.tell(self.last_note)  # ui32: how many were scored, with which pipeline: until replaced, in "Lately"
