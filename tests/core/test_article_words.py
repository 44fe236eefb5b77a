"""Stored word counts and the article list's queries (issue 12, migration 0008)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.domain.words import word_count
from annotator.storage import rows
from annotator.storage.migrations import migrations, schema_version
from annotator.storage.project import APPLICATION_ID, Project

# 7 words: an emoji word, a CJK extension-B ideograph (non-BMP), a no-break space and a newline
# separate words; the double space and the tab do not make empty words.
NON_BMP = "Lavrov 😄said\u00a0talks  failed.\n𠀋𠀌 resume\tsoon"
NON_BMP_WORDS = 7


def test_word_count_splits_on_unicode_whitespace_only() -> None:
    assert word_count(NON_BMP) == NON_BMP_WORDS
    assert word_count("") == 0
    assert word_count(" \n\t ") == 0
    assert word_count("one") == 1


def test_imported_article_stores_its_word_count(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=NON_BMP, title="T")),
                          ArticleBundle(Article(id=None, text="two words", title="U"))])
        stored = dict(p.db.execute("SELECT title, words FROM articles").fetchall())
        assert stored == {"T": NON_BMP_WORDS, "U": 2}
        assert [s.words for s in p.articles()] == [NON_BMP_WORDS, 2]


def test_merged_article_keeps_its_word_count(tmp_path: Path) -> None:
    """The same text imported again merges its spans into the stored article: one row, count unchanged."""
    with Project.open(tmp_path / "p.db") as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=NON_BMP))])
        span = Span(id="s1", article_id=0, start=0, end=6, label="PERSON", layer="entity", status=Status.SUGGESTED)
        result = p.import_bundles([ArticleBundle(Article(id=None, text=NON_BMP), spans=[span])])
        assert (result.added, result.duplicates) == (0, 1)
        assert p.db.execute("SELECT count(*), min(words) FROM articles").fetchone() == (1, NON_BMP_WORDS)
        [summary] = p.articles()
        assert (summary.words, summary.pending, summary.accepted) == (NON_BMP_WORDS, 1, 0)


def _file_at_format_7(path: Path, texts: list[str]) -> None:
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0008_article_words_and_list_indexes")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    for n, text in enumerate(texts):
        db["articles"].insert({**rows.to_row(Article(id=None, text=text, title=f"A{n}")), "text_hash": f"h{n}"})
    db["spans"].insert(rows.to_row(Span(id="s1", article_id=1, start=0, end=6, label="PERSON", layer="entity", status=Status.SUGGESTED)))
    db.close()


def test_migration_0008_backfills_word_counts_of_an_old_project(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _file_at_format_7(path, [NON_BMP, "a b\nc", ""])
    with Project.open(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        assert [r[0] for r in p.db.execute("SELECT words FROM articles ORDER BY id")] == [NON_BMP_WORDS, 3, 0]
        summaries = p.articles()
        assert [(s.title, s.words, s.pending) for s in summaries] == [("A0", NON_BMP_WORDS, 1), ("A1", 3, 0), ("A2", 0, 0)]
        indexes = {r[1] for r in p.db.execute("PRAGMA index_list(spans)")} | {r[1] for r in p.db.execute("PRAGMA index_list(articles)")}
        assert {"spans_article_status", "articles_list"} <= indexes
        # the full-text index still follows the texts it indexes, and the backfill did not break it
        assert p.search("Lavrov") == [1]
        p.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


def test_full_text_index_is_updated_for_title_changes_not_status_changes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _file_at_format_7(path, ["Lavrov said talks failed"])
    with Project.open(path) as p:
        fts_rows = "SELECT count(*) FROM articles_fts_data"
        before = p.db.execute(fts_rows).fetchone()[0]
        p.set_article_status(1, ArticleStatus.DONE)
        assert p.db.execute(fts_rows).fetchone()[0] == before  # the status is not indexed: nothing rewritten
        with p.writing():
            p.db.execute("UPDATE articles SET title = 'Geneva summit' WHERE id = 1")
        assert p.search("Geneva") == [1]
        p.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


def test_a_row_inserted_without_a_count_is_counted_from_its_text(tmp_path: Path) -> None:
    """Another program's INSERT leaves ``words`` NULL: the list counts it, never shows 0."""
    with Project.open(tmp_path / "p.db") as p:
        with p.writing():
            p.db.execute("INSERT INTO articles (text, text_hash, title, status) VALUES (?, 'x', 'raw', 'new')", [NON_BMP])
        [summary] = p.article_summaries([1])
        assert summary.words == NON_BMP_WORDS


def test_list_rows_and_summaries_filter_and_keep_order(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=f"Article {n} about {'Geneva' if n % 3 == 0 else 'Paris'}",
                                                title=f"A{n}", meta={"file": f"f{n}.txt"}))
                          for n in range(10)])
        p.set_article_status(4, ArticleStatus.DONE)
        assert p.article_list_rows() == [(i, ArticleStatus.DONE if i == 4 else ArticleStatus.NEW) for i in range(1, 11)]
        assert [i for i, _ in p.article_list_rows(query="genev")] == [1, 4, 7, 10]
        assert p.article_list_rows(status=ArticleStatus.DONE, query="Geneva") == [(4, ArticleStatus.DONE)]
        assert [s.id for s in p.article_summaries([7, 99, 2])] == [7, 2]  # in the order asked, unknown ids left out
        with p.writing():
            p.db.execute("UPDATE articles SET title = '' WHERE id = 2")
        assert [(s.title, s.file) for s in p.article_summaries([2, 3])] == [("", "f1.txt"), ("A2", "")]


def test_filter_without_statuses_reads_the_same_articles(tmp_path: Path) -> None:
    """The list's filter path for a common word reads the full-text index only: same ids, statuses left to the summaries."""
    with Project.open(tmp_path / "p.db") as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=f"Article {n} about {'Geneva' if n % 3 == 0 else 'Paris'}"))
                          for n in range(10)])
        p.set_article_status(7, ArticleStatus.DONE)
        for query in ("", "genev", "about", "nothing", "Paris Article"):
            with_status = p.article_list_rows(query=query)
            assert p.article_list_rows(query=query, statuses=False) == [(i, None) for i, _ in with_status]
        assert p.article_list_rows(query="genev", statuses=False, status=ArticleStatus.DONE) == [(7, ArticleStatus.DONE)]


def test_article_added_by_merging_an_analysts_file_stores_its_word_count(tmp_path: Path) -> None:
    from annotator.storage.team import merge_analyst_files

    with Project.open(tmp_path / "ana.db") as ana:
        ana.import_bundles([ArticleBundle(Article(id=None, text=NON_BMP, title="from ana"))])
        ana.set_setting("analyst", "ana")
    with Project.open(tmp_path / "team.db") as team:
        team.import_bundles([ArticleBundle(Article(id=None, text="already here", title="team"))])
        with Project.open(tmp_path / "ana.db") as ana:
            [summary] = merge_analyst_files(team, [ana], by="lead")
        assert summary.articles_added == 1
        assert dict(team.db.execute("SELECT title, words FROM articles").fetchall()) == {"team": 2, "from ana": NON_BMP_WORDS}


# ------------------------------------------------- word_count_utf8: the import's count on the bytes (import13)

import sys  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from annotator.domain import words as words_module  # noqa: E402
from annotator.domain.words import word_count_utf8  # noqa: E402


def test_wide_spaces_are_every_whitespace_beyond_ascii() -> None:
    """The list word_count_utf8 scans for is exactly what str.split splits at beyond ASCII."""
    wide = {chr(c) for c in range(0x80, sys.maxunicode + 1) if chr(c).isspace()}
    assert set(words_module._WIDE_SPACES) == wide


def test_word_count_utf8_counts_as_split() -> None:
    cases = ["", " ", "one", " one", "one ", "a b", "a  b\t\tc\n", "\x1ca\x1db\x1ec\x1fd", "\x0bx\x0cy\rz",
             "é b", "b é", "«Bonjour» dit-elle", "über\u00a0alles", "em\u2003space", "ideo\u3000graphic", "nel\x85next",
             NON_BMP, "😄 😄😄 x", "’quoted’ “words” — dash", "\u200bzero width is no space"]
    for text in cases:
        assert word_count_utf8(text, text.encode("utf-8")) == len(text.split()), repr(text)


_ALPHABET = st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000",
                             "\u2028", "a", "Z", "é", "’", "—", "\u200b", "😄", "𠀋", "\x00", "\x7f", "\xad"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_word_count_utf8_is_word_count_for_any_text(text: str) -> None:
    assert word_count_utf8(text, text.encode("utf-8")) == word_count(text)
