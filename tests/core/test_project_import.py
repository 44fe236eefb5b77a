"""Imports are one transaction: a failure anywhere leaves the project file as it was."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span
from annotator.storage.project import Project

TABLES = ("articles", "spans", "relations", "stances", "tags", "changes", "articles_fts")


def bundles(n: int, *, fail_at: int | None = None) -> Iterator[ArticleBundle]:
    for i in range(1, n + 1):
        if i == fail_at:
            raise InputError("bad record", path="input.jsonl", line=i)
        text = f"Article {i}: Alice said yes."
        yield ArticleBundle(
            Article(id=None, text=text),
            spans=[Span(id=f"s{i}", article_id=0, start=text.index("Alice"), end=text.index("Alice") + 5, label="PERSON", layer="entity"),
                   Span(id=f"q{i}", article_id=0, start=text.index("yes"), end=text.index("yes") + 3, label="QUOTE", layer="quote")],
            relations=[Relation(id=f"r{i}", article_id=0, head=f"q{i}", child=f"s{i}", label="SPEAKER")],
        )


def counts(project: Project) -> dict[str, int]:
    return {t: project.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "seeded.db"
    with Project.open(path) as project:
        project.import_bundles(bundles(10))
    return path


def test_failure_at_record_500_of_1000_changes_nothing(seeded: Path) -> None:
    with Project.open(seeded) as project:
        before_counts = counts(project)
    before = digest(seeded)
    with Project.open(seeded) as project:
        with pytest.raises(InputError):
            project.import_bundles(bundles(1000, fail_at=500))
        assert counts(project) == before_counts
    assert digest(seeded) == before


def test_a_bad_span_in_a_later_batch_rolls_back_earlier_batches(seeded: Path) -> None:
    def with_bad_span() -> Iterator[ArticleBundle]:
        yield from bundles(700)
        yield ArticleBundle(Article(id=None, text="short"), spans=[Span(id="x", article_id=0, start=0, end=50, label="X", layer="other")])

    with Project.open(seeded) as project:
        before = counts(project)
        with pytest.raises(InputError, match="outside the text"):
            project.import_bundles(with_bad_span())
        assert counts(project) == before


def test_import_counts_and_logs_one_row_per_article(project: Project) -> None:
    result = project.import_bundles(bundles(1200))
    assert (result.added, result.spans, result.relations) == (1200, 2400, 1200)
    logged = project.db.execute("SELECT count(*) FROM changes WHERE kind = 'import'").fetchone()[0]
    assert logged == 1200
    assert json.loads(project.history(article_id=1)[0]["after"]) == {"new_article": True}


def test_reimport_adds_nothing(project: Project) -> None:
    project.import_bundles(bundles(600))
    before = counts(project)
    result = project.import_bundles(bundles(600))
    assert (result.added, result.duplicates, result.spans, result.relations) == (0, 600, 0, 0)
    after = counts(project)
    assert {k: v for k, v in after.items() if k != "changes"} == {k: v for k, v in before.items() if k != "changes"}


def test_duplicate_texts_inside_one_import_are_one_article(project: Project) -> None:
    twice = [*bundles(3), *bundles(3)]
    result = project.import_bundles(twice)
    assert (result.added, result.duplicates) == (3, 3)
    assert result.article_ids[:3] == result.article_ids[3:]


def test_span_ids_taken_by_another_article_get_new_ids(project: Project) -> None:
    project.import_bundles(bundles(1))
    other = "Another text: Alice said no."
    clash = ArticleBundle(Article(id=None, text=other), spans=[Span(id="s1", article_id=0, start=14, end=19, label="PERSON", layer="entity")])
    result = project.import_bundles([clash])
    [span] = project.spans(result.article_ids[0])
    assert span.id != "s1" and other[span.start : span.end] == "Alice"


def test_search_finds_imported_articles(project: Project) -> None:
    project.import_bundles(bundles(5))
    project.import_bundles([ArticleBundle(Article(id=None, text="Zebras in Zürich"))])
    assert project.search("zurich") == [6]
    assert len(project.search("Alice")) == 6 - 1
