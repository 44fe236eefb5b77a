"""The ``article_uncertainty`` table (migration 0006): cached uncertainty scores of active ordering.

A score is valid for one pipeline (:func:`annotator.nlp.uncertainty.pipeline_key`) and one text
(the article's ``text_hash`` when it was scored); :func:`cached_scores` returns only those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.domain.model import now
from annotator.storage.project import Project

TABLE = "article_uncertainty"


def cached_scores(project: Project, pipeline: str) -> dict[int, float]:
    """``{article id: score}`` of the rows for ``pipeline`` whose text hash is still the article's."""
    rows = project.db.execute(
        f"SELECT u.article_id, u.score FROM {TABLE} u JOIN articles a ON a.id = u.article_id "
        "WHERE u.pipeline = ? AND u.text_hash = a.text_hash", [pipeline])
    return {int(article_id): float(score) for article_id, score in rows}


def store_scores(project: Project, pipeline: str, scores: Mapping[int, float]) -> None:
    """Replace the rows of ``pipeline`` for the articles in ``scores`` (one write transaction).
    Articles no longer in the project are skipped."""
    if not scores:
        return
    at = now()
    with project.writing():
        hashes = dict(project.db.execute(
            f"SELECT id, text_hash FROM articles WHERE id IN ({','.join('?' * len(scores))})", list(scores)).fetchall())
        project.db[TABLE].upsert_all(
            [{"article_id": i, "pipeline": pipeline, "text_hash": hashes[i], "score": float(s), "computed_at": at}
             for i, s in scores.items() if i in hashes],
            pk=("article_id", "pipeline"))


def unscored(project: Project, pipeline: str, article_ids: Iterable[int]) -> list[int]:
    """Those of ``article_ids`` with no valid score for ``pipeline``, in the given order."""
    have = cached_scores(project, pipeline)
    return [i for i in article_ids if i not in have]


def newest_pipeline(project: Project) -> str | None:
    """The pipeline key of the newest score stored in ``project`` (``preannotate --uncertainty``,
    ``next`` or the window's order wrote it), or None when none is stored."""
    row = project.db.execute(f"SELECT pipeline FROM {TABLE} ORDER BY computed_at DESC, rowid DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None
