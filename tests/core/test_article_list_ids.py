"""``Project.article_list_ids``: the ids the article list shows with no status filter (issue 12's
fast path for the window's open and a common word's filter) are exactly those of
``article_list_rows``, in import order, for any text and query."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project

WORDS = ["Geneva", "said", "sa", "Paris", "U.S.", "AND", "\"quoted\"", "naïve", "😀", "x-y"]


def _project(path: Path, texts: list[str]) -> Project:
    project = Project.open(path)
    project.import_bundles([ArticleBundle(Article(id=None, text=t, title=f"T{n}")) for n, t in enumerate(texts)])
    return project


def test_ids_are_the_list_rows_ids_for_every_query(tmp_path: Path) -> None:
    texts = [f"Article {n} {'Geneva said' if n % 3 == 0 else 'Paris'} {'U.S. AND naïve' if n % 4 == 0 else ''}" for n in range(40)]
    with _project(tmp_path / "p.db", texts) as p:
        with p.writing():  # ids with a gap, and statuses spread over the index the ids are read from
            p.db.execute("DELETE FROM articles WHERE id IN (2, 17)")
        for article_id in (5, 9, 30):
            p.set_article_status(article_id, ArticleStatus.DONE)
        for query in ("", "said", "genev", "Paris Article", "U.S.", "AND", "naïve", "nothing", "  ", '"'):
            expected = [i for i, _ in p.article_list_rows(query=query)]
            assert p.article_list_ids(query=query) == expected, query
        assert p.article_list_ids() == [i for i in range(1, 41) if i not in (2, 17)]


def test_ids_of_an_empty_project_and_of_no_match(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as p:
        assert p.article_list_ids() == [] and p.article_list_ids(query="said") == []
    with _project(tmp_path / "q.db", ["one text"]) as p:
        assert p.article_list_ids(query="absent") == [] and p.article_list_ids() == [1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join), min_size=1, max_size=12, unique=True),
       query=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join))
def test_ids_match_rows_for_generated_projects(tmp_path_factory, texts: list[str], query: str) -> None:  # noqa: ANN001
    with _project(tmp_path_factory.mktemp("p") / "p.db", texts) as p:
        assert p.article_list_ids(query=query) == [i for i, _ in p.article_list_rows(query=query)]
