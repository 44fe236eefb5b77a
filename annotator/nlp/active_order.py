"""Active ordering of a project's unreviewed articles, most uncertain first (issue 10).

Glue between the measure (:mod:`annotator.nlp.uncertainty`), a loaded pipeline
(:class:`~annotator.nlp.pipeline.LoadedPipeline`) and the cache in the project file
(:mod:`annotator.storage.uncertainty_cache`). Used by ``annotator next``; the window runs the same
steps with the scoring in a worker thread and the cache written on the UI thread.
``annotator preannotate`` fills the same cache in its own pass (:class:`ScoringRules`), so that
``next`` and the window find the scores there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any

from annotator.domain.model import ArticleStatus
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.uncertainty import (
    NO_SCORES, Scorer, article_doubt, beam_scorer, doubts, model_labels, order_by_uncertainty, pipeline_can_score, pipeline_key,
    score_docs, scored_components, source_of_key,
)
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project

REVIEWED = (ArticleStatus.DONE, ArticleStatus.REVIEWED)


@dataclasses.dataclass(slots=True)
class Ranking:
    """``order``: the unreviewed article ids, most uncertain first (unscored ones last, by id;
    :func:`~annotator.nlp.uncertainty.order_by_uncertainty`); ``scores``: article id ->
    uncertainty (0..1); ``doubtful``: article id -> doubtful decisions (the second key); ``computed``: how many were scored now (the
    others came from the cache); ``usable``: False when the pipeline has no scores (``note`` says
    so and ``order`` is the imported order)."""

    pipeline: str
    order: list[int]
    scores: dict[int, float]
    doubtful: dict[int, int] = dataclasses.field(default_factory=dict)
    computed: int = 0
    usable: bool = True
    note: str = ""


def unreviewed_ids(project: Project) -> list[int]:
    """Ids of the articles not marked done or reviewed, in import order."""
    return [s.id for s in project.articles() if s.status not in REVIEWED]


def key_of(loaded: Any) -> str:
    """The cache key of a :class:`~annotator.nlp.pipeline.LoadedPipeline`: name, version, source
    and the components scored (:func:`~annotator.nlp.uncertainty.pipeline_key`)."""
    components = scored_components(loaded.nlp) if getattr(loaded, "nlp", None) is not None else []
    return pipeline_key(loaded.name, loaded.version, getattr(loaded, "source", "") or "", components)


def stored_choice(project: Project) -> tuple[str, str] | None:
    """What to load, and the line saying so, when nothing names a pipeline (no ``--model``, no
    Preferences choice): the pipeline whose scores were stored last in ``project`` — the scores a
    ``preannotate --model DIR --uncertainty`` run just stored are the ones its user asked for
    (usertest10d finding 8: ``next`` re-scored everything with the default pipeline). None when
    no score is stored or their pipeline no longer loads from where it did (a folder gone): then
    the default, as before. ``annotator next`` and the window's order use this one rule."""
    from pathlib import Path

    key = uncertainty_cache.newest_pipeline(project)
    source = source_of_key(key) if key else ""
    if not source:
        return None
    looks_like_folder = "/" in source or "\\" in source
    if looks_like_folder and not Path(source).is_dir():
        return None
    named = key.split(" |")[0]
    # the source only when it says more than the name (usertest30 L6: "Using P 3.8.0 (P)")
    where = f" ({source})" if source != named.split(" ")[0] else ""
    return source, (f"Using {named}{where}: the pipeline of the uncertainty scores stored last in this "
                    "project (--model, or Edit → Preferences, to use another)")


def counted_labels(project: Project) -> Collection[str]:
    """The model labels whose doubt matters to ``project``: entity labels its ``ner_map`` maps to
    a label it has, attribution labels of the layers it has (see
    :func:`~annotator.nlp.uncertainty.model_labels`)."""
    schema = project.schema
    return model_labels(dict(schema.ner_map), {lab.name for lab in schema.labels}, set(schema.layers()))


def score_texts(scorer: Scorer, items: list[tuple[int, str]], labels: Collection[str], *,
                on_progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] = lambda: False,
                doubtful: dict[int, int] | None = None) -> dict[int, float]:
    """Score ``(id, text)`` items: ``{id: uncertainty}``, and each one's doubtful decisions put in
    ``doubtful`` when given; stops early (returning what is done) when ``cancelled()``."""
    out: dict[int, float] = {}
    for article_id, score, count in doubts(scorer, items, labels=labels):
        out[article_id] = score
        if doubtful is not None:
            doubtful[article_id] = count
        if on_progress is not None:
            on_progress(len(out), len(items))
        if cancelled():
            break
    return out


def rank_unreviewed(project: Project, loaded: Any, *, scorer: Scorer | None = None,
                    on_progress: Callable[[int, int], None] | None = None) -> Ranking:
    """Score the unreviewed articles that have no valid cached score for ``loaded``, store the new
    scores, and return the ranking. ``scorer`` replaces the pipeline's beam scorer (tests)."""
    ids = unreviewed_ids(project)
    key = key_of(loaded)
    if scorer is None:
        if not pipeline_can_score(loaded.nlp):
            return Ranking(key, ids, {}, usable=False, note=NO_SCORES)
        scorer = beam_scorer(loaded.nlp)
    todo = uncertainty_cache.unscored(project, key, ids)
    counts: dict[int, int] = {}
    fresh = score_texts(scorer, [(i, project.article(i).text) for i in todo], counted_labels(project), on_progress=on_progress,
                        doubtful=counts)
    uncertainty_cache.store_scores(project, key, fresh, counts)
    wanted = set(ids)
    cached = {i: d for i, d in uncertainty_cache.cached_doubts(project, key).items() if i in wanted}
    scores = {i: score for i, (score, _n) in cached.items()}
    doubtful = {i: n for i, (_s, n) in cached.items()}
    return Ranking(key, order_by_uncertainty(ids, scores, doubtful), scores, doubtful, computed=len(fresh))



# ----------------------------------------------------------------------------- scored in pre-annotation


@dataclasses.dataclass(slots=True)
class ScoredSuggestions(SuggestionSet):
    """A :class:`SuggestionSet` with the uncertainty (0..1) of the doc the rules read and its
    doubtful decisions; None when scoring that doc raised (its suggestions still count: the
    score is computed again by ``annotator next`` or the window)."""

    uncertainty: float | None = None
    doubtful: int | None = None


class ScoringRules:
    """The suggestion rules of pre-annotation plus the article's uncertainty, in the same pass:
    the doc the pipeline already parsed is beam-scored too (:func:`~annotator.nlp.uncertainty.score_docs`,
    on a copy without entities), so the only extra cost is the beam search. Returns
    :class:`ScoredSuggestions`. A :data:`~annotator.nlp.runner.SuggestFn`: it goes wherever the
    rules go (worker processes, Dask workers); pickled, it keeps the pipeline's ``source`` and loads
    it there (once per process, :func:`~annotator.nlp.pipeline.load_pipeline`, the same one the
    worker parses with).

    An article too long for the pipeline, done in pieces, is not scored here (its pieces' sets
    are merged into a plain set); ``annotator next`` scores it."""

    def __init__(self, rules: Any, loaded: Any, labels: Collection[str]) -> None:
        self.rules, self.source, self.labels = rules, loaded.source, frozenset(labels)
        self._nlp = loaded.nlp

    def __getstate__(self) -> dict[str, Any]:
        return {"rules": self.rules, "source": self.source, "labels": self.labels}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules, self.source, self.labels = state["rules"], state["source"], state["labels"]
        self._nlp = None

    def _pipeline(self) -> Any:
        if self._nlp is None:
            from annotator.nlp.pipeline import load_pipeline

            self._nlp = load_pipeline(self.source).nlp
        return self._nlp

    def __call__(self, doc: Any, *, schema_ner_map: Any, origin: str) -> SuggestionSet:
        suggestions = self.rules(doc, schema_ner_map=schema_ner_map, origin=origin)
        try:
            uncertainty, doubtful = article_doubt(score_docs(self._pipeline(), [doc])[0], self.labels)
        except Exception:  # noqa: BLE001 - a score is a convenience: never lose an article's suggestions for it
            return ScoredSuggestions(suggestions.origin, suggestions.spans, suggestions.relations, None, None)
        return ScoredSuggestions(suggestions.origin, suggestions.spans, suggestions.relations, uncertainty, doubtful)


def collect_scores(into: dict[int, float], doubtful: dict[int, int] | None = None) -> Callable[[int, SuggestionSet], None]:
    """An ``on_saved`` callback for :func:`annotator.nlp.runner.preannotate` that puts each saved
    article's uncertainty (when its suggestions carry one) in ``into``, and its doubtful
    decisions in ``doubtful`` when given."""

    def saved(article_id: int, suggestions: SuggestionSet) -> None:
        value = getattr(suggestions, "uncertainty", None)
        if value is not None:
            into[article_id] = float(value)
            count = getattr(suggestions, "doubtful", None)
            if doubtful is not None and count is not None:
                doubtful[article_id] = int(count)

    return saved
