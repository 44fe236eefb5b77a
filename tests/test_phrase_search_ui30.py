"""usertest24p L1 (branch ui30): a quoted part of the list filter is a phrase.

`"copy 99"` listed every article with a word starting 'copy' and one starting '99' anywhere (each
word AND, prefix); FTS5's phrase gives the articles where they stand together. Made-up texts."""

from __future__ import annotations

import pytest

from annotator.domain.model import Article
from annotator.storage.project import Project, _fts_query

TEXTS = {
    "together": "The ferry timetable was posted as copy 99 of the harbour notice.",
    "apart": "Copy the notice; 99 ferries sailed from Lowmarsh that spring.",
    "longer": "The clerk filed copy 995 with the tide tables.",
    "reversed": "Page 99 copy was stamped by the harbour clerk.",
    "quote": 'The mayor said "calm seas" would return.',
}


@pytest.fixture
def project(tmp_path):  # noqa: ANN001
    project = Project.open(tmp_path / "phrase.db")
    ids = {}
    for name, text in TEXTS.items():
        article, _ = project.add_article(Article(id=None, text=text, title=name))
        ids[article.id] = name
    yield lambda query: sorted(ids[i] for i in project.article_list_ids(query=query))
    project.close()


def test_a_quoted_part_is_a_phrase(project) -> None:  # noqa: ANN001
    assert project("copy 99") == ["apart", "longer", "reversed", "together"]  # each word, a prefix
    assert project('"copy 99"') == ["together"]  # the words together, in order, whole
    assert project('"copy 99"*') == ["longer", "together"]  # a star after the quote: its last word a prefix
    assert project('ferry "copy 99"') == ["together"]  # a phrase and a word
    assert project('"harbour clerk" page') == ["reversed"]


def test_an_unpaired_quote_is_taken_literally_without_an_error(project) -> None:  # noqa: ANN001
    every = ["apart", "longer", "reversed", "together"]
    assert project('"copy 99" "harbour') == ["together"]  # pairs from the left; the last one is of its word
    assert project('"calm seas" "') == ["quote"]
    assert project('"copy 99') == every and project('copy 99"') == every  # as words, as before
    assert project('"AND" "NOT near"') == []  # operators inside quotes are words
    for odd in ('"', '""', '"..."', '"""', '"a" "'):  # no error (what they list is the index's business)
        project(odd)


def test_the_match_strings() -> None:
    assert _fts_query('"copy 99"') == '"copy 99"'
    assert _fts_query('a  "b   c"* d') == '"a"* "b c"* "d"*'
    assert _fts_query('say "it') == '"say"* """it"*'
    assert _fts_query('"x\x00y"') == '"x y"'
