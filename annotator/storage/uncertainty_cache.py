"""The ``article_uncertainty`` table (migration 0006): cached uncertainty scores of active ordering.

A score is valid for one pipeline (:func:`annotator.nlp.uncertainty.pipeline_key`) and one text
(the article's ``text_hash`` when it was scored), and holds the article's doubtful decisions
(``doubtful``, migration 0010); :func:`cached_scores` returns only those. A row stored before
0010 (``doubtful`` NULL) is not one: its article counts as unscored and is scored again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.domain.model import now
from annotator.storage.project import Project

TABLE = "article_uncertainty"


# A row that is a valid score of its article: this pipeline's, for the article's text, of the current shape
VALID = "u.pipeline = ? AND u.text_hash = a.text_hash AND u.doubtful IS NOT NULL"


def cached_scores(project: Project, pipeline: str) -> dict[int, float]:
    """``{article id: score}`` of the valid rows for ``pipeline`` (see the module docstring)."""
    return {i: score for i, (score, _doubtful) in cached_doubts(project, pipeline).items()}


def cached_doubts(project: Project, pipeline: str) -> dict[int, tuple[float, int]]:
    """``{article id: (score, doubtful decisions)}`` of the valid rows for ``pipeline``."""
    rows = project.db.execute(
        f"SELECT u.article_id, u.score, u.doubtful FROM {TABLE} u JOIN articles a ON a.id = u.article_id WHERE {VALID}", [pipeline])
    return {int(article_id): (float(score), int(doubtful)) for article_id, score, doubtful in rows}


def store_scores(project: Project, pipeline: str, scores: Mapping[int, float], doubtful: Mapping[int, int] | None = None) -> None:
    """Replace the rows of ``pipeline`` for the articles in ``scores`` (one write transaction),
    with their doubtful decisions from ``doubtful`` (an article missing there is stored without
    one: a row of the old shape, scored again when read). Articles no longer in the project are
    skipped."""
    if not scores:
        return
    at = now()
    with project.writing():
        hashes = dict(project.db.execute(
            f"SELECT id, text_hash FROM articles WHERE id IN ({','.join('?' * len(scores))})", list(scores)).fetchall())
        counts = doubtful or {}
        project.db[TABLE].upsert_all(
            [{"article_id": i, "pipeline": pipeline, "text_hash": hashes[i], "score": float(s), "computed_at": at,
              "doubtful": int(counts[i]) if i in counts else None}
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
