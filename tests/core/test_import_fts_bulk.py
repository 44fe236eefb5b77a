"""Import indexes the full-text index a batch at a time (issue 12) and stays atomic: every imported
article is found by search, the per-row trigger is back afterwards (articles added one by one are
indexed), and a failed import leaves index, trigger and articles as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, Span
from annotator.storage.project import Project
from annotator.storage.search import FTS_INSERT_TRIGGER, BulkFtsIndex


def _bundle(n: int) -> ArticleBundle:
    return ArticleBundle(article=Article(id=None, text=f"Report {n} about zebra{n} and the Müller café.", title=f"T{n}"))


def _fts_ids(project: Project, word: str) -> list[int]:
    return [r[0] for r in project.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [word])]


def _trigger(project: Project) -> str | None:
    row = project.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [FTS_INSERT_TRIGGER]).fetchone()
    return row[0] if row else None


def test_every_imported_article_is_in_the_index_across_batches(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        before = _trigger(project)
        result = project.import_bundles(_bundle(n) for n in range(1203))  # three batches of 500, the last partial
        assert len(_fts_ids(project, "report")) == 1203
        assert _fts_ids(project, "zebra1202") == [result.article_ids[1202]]
        assert _fts_ids(project, "cafe") == sorted(result.article_ids)  # diacritics folded as the trigger did
        assert _trigger(project) == before
        # a re-import of the same texts adds nothing and indexes nothing twice
        project.import_bundles(_bundle(n) for n in range(5))
        assert len(_fts_ids(project, "report")) == 1203
        # the trigger is back: an article added alone is indexed by it
        article, _ = project.add_article(Article(id=None, text="A lone okapi story."))
        assert _fts_ids(project, "okapi") == [article.id]
        assert project.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')") is not None


def test_failed_import_leaves_index_and_trigger_as_they_were(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([_bundle(0)])
        before = _trigger(project)
        bad = ArticleBundle(article=Article(id=None, text="short"),
                            spans=[Span(id="x", article_id=0, start=0, end=99, label="PERSON", layer="entity")])
        with pytest.raises(Exception):
            project.import_bundles([*(_bundle(n) for n in range(1, 700)), bad])
        assert project.count_articles() == 1
        assert _fts_ids(project, "report") == [1]
        assert _trigger(project) == before


def test_bulk_index_refuses_to_run_outside_a_transaction(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        with pytest.raises(RuntimeError):
            with BulkFtsIndex(project.db.conn):
                pass


def test_the_noted_articles_are_indexed_once_at_the_end_by_runs_of_ids(tmp_path: Path) -> None:
    """import12c: the index is written once, at the end of the block, one statement per run of
    consecutive ids; ids between the runs (not noted) stay out, and nothing is in it before the end."""
    from annotator.storage.search import _runs

    assert list(_runs([1, 2, 3, 7, 9, 10])) == [(1, 3), (7, 7), (9, 10)]
    assert list(_runs([])) == [] and list(_runs([4])) == [(4, 4)]
    with Project.open(tmp_path / "p.db") as project:
        with project.writing():
            with BulkFtsIndex(project.db.conn) as fts:
                for n in range(1, 11):
                    project.db.execute("INSERT INTO articles (id, text, text_hash, status) VALUES (?, ?, ?, 'new')",
                                       [n, f"Report {n} about zebra{n}.", f"h{n}"])
                fts.index([1, 2, 3])
                fts.index([7, 9, 10])
                assert _fts_ids(project, "report") == []  # not yet: once, at the end
            assert _fts_ids(project, "report") == [1, 2, 3, 7, 9, 10]
        assert _trigger(project) is not None
