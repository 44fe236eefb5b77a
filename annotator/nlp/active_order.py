"""Active ordering of a project's unreviewed articles, most uncertain first (issue 10).

Glue between the measure (:mod:`annotator.nlp.uncertainty`), a loaded pipeline
(:class:`~annotator.nlp.pipeline.LoadedPipeline`) and the cache in the project file
(:mod:`annotator.storage.uncertainty_cache`). Used by ``annotator next``; the window runs the same
steps with the scoring in a worker thread and the cache written on the UI thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any

from annotator.domain.model import ArticleStatus
from annotator.nlp.uncertainty import NO_SCORES, Scorer, beam_scorer, model_labels, order_by_uncertainty, pipeline_can_score, pipeline_key, uncertainties
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project

REVIEWED = (ArticleStatus.DONE, ArticleStatus.REVIEWED)


@dataclasses.dataclass(slots=True)
class Ranking:
    """``order``: the unreviewed article ids, most uncertain first (unscored ones last, by id);
    ``scores``: article id -> uncertainty (0..1); ``computed``: how many were scored now (the
    others came from the cache); ``usable``: False when the pipeline has no scores (``note`` says
    so and ``order`` is the imported order)."""

    pipeline: str
    order: list[int]
    scores: dict[int, float]
    computed: int = 0
    usable: bool = True
    note: str = ""


def unreviewed_ids(project: Project) -> list[int]:
    """Ids of the articles not marked done or reviewed, in import order."""
    return [s.id for s in project.articles() if s.status not in REVIEWED]


def key_of(loaded: Any) -> str:
    """The cache key of a :class:`~annotator.nlp.pipeline.LoadedPipeline`."""
    return pipeline_key(loaded.name, loaded.version, getattr(loaded, "source", "") or "")


def counted_labels(project: Project) -> Collection[str]:
    """The model labels whose doubt matters to ``project`` (see :func:`~annotator.nlp.uncertainty.model_labels`)."""
    schema = project.schema
    return model_labels(dict(schema.ner_map), {lab.name for lab in schema.labels})


def score_texts(scorer: Scorer, items: list[tuple[int, str]], labels: Collection[str], *,
                on_progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] = lambda: False) -> dict[int, float]:
    """Score ``(id, text)`` items; stops early (returning what is done) when ``cancelled()``."""
    out: dict[int, float] = {}
    for article_id, score in uncertainties(scorer, items, labels=labels):
        out[article_id] = score
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
    fresh = score_texts(scorer, [(i, project.article(i).text) for i in todo], counted_labels(project), on_progress=on_progress)
    uncertainty_cache.store_scores(project, key, fresh)
    scores = {i: s for i, s in uncertainty_cache.cached_scores(project, key).items() if i in set(ids)}
    return Ranking(key, order_by_uncertainty(ids, scores), scores, computed=len(fresh))

