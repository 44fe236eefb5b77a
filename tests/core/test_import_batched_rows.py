"""The import's batched write path (issue 12): new articles go in with one ``executemany`` per
batch, with the ids SQLite would have given them, and a bundle without annotations skips merge
planning. What is stored must be what the row-by-row path stored: the same article row (meta
as sorted JSON, status text, ``added`` kept when given, word count), the same change-log row,
duplicates detected within a batch and across batches, every article in the full-text index."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.formats import Source
from annotator.formats.common import find_lone_surrogate
from annotator.storage import rows
from annotator.storage.project import _IMPORT_BATCH, Project


def _row(project: Project, article_id: int) -> dict:
    cursor = project.db.execute("SELECT * FROM articles WHERE id = ?", [article_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))


def test_the_stored_row_is_the_record_as_before(tmp_path: Path) -> None:
    text = "Ünïcode headline\nBody\u00a0with a no-break space, \u3000 an ideographic one and 9 words."
    article = Article(id=None, text=text, title="T", publisher="P", url="u", published="2020",
                      meta={"zeta": "ü", "alpha": [1, {"b": 2}], "Body ID": "7"}, status=ArticleStatus.DONE,
                      added="2019-01-01T00:00:00+00:00")
    with Project.open(tmp_path / "p.db") as project:
        result = project.import_bundles([ArticleBundle(article)])
        row = _row(project, result.article_ids[0])
        expected = rows.article_to_row(dataclasses.replace(article, updated=row["updated"]))
        assert {k: row[k] for k in expected} == expected
        assert row["meta"] == json.dumps(article.meta, ensure_ascii=False, sort_keys=True)
        assert (row["status"], row["added"]) == ("done", "2019-01-01T00:00:00+00:00")
        assert row["words"] == len(text.split()) == 13


def test_ids_are_the_ones_sqlite_gives_after_the_largest(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([ArticleBundle(Article(id=None, text="First."))])
        with project.writing():  # a row another program wrote, with an id above the count
            project.db.execute("INSERT INTO articles (id, text, text_hash, status) VALUES (41, 'x', 'h', 'new')")
        result = project.import_bundles(ArticleBundle(Article(id=None, text=f"Text {n}.")) for n in range(_IMPORT_BATCH + 3))
        assert list(result.article_ids) == list(range(42, 42 + _IMPORT_BATCH + 3))
        stored = dict(project.db.execute("SELECT id, text FROM articles WHERE id >= 42").fetchall())
        assert stored == {42 + n: f"Text {n}." for n in range(_IMPORT_BATCH + 3)}


def test_a_bundle_without_records_is_logged_and_merged_as_before(tmp_path: Path) -> None:
    text = "Alice said yes to the plan."
    with_span = ArticleBundle(Article(id=None, text=text),
                              spans=[Span(id="s1", article_id=0, start=0, end=5, label="PERSON", layer="entity")])
    with Project.open(tmp_path / "p.db") as project:
        # same batch: the plain article first, then its text again with a span, then plain again
        result = project.import_bundles([ArticleBundle(Article(id=None, text=text)), with_span,
                                         ArticleBundle(Article(id=None, text=text))], origin="import csv")
        (article_id,) = set(result.article_ids)
        # fix11u (usertest11i 13): copies of an article this import added are not "already in the project"
        assert (result.added, result.duplicates, result.repeats, result.spans) == (1, 0, 2, 1)
        assert [(s.id, s.article_id) for s in project.spans(article_id)] == [("s1", article_id)]
        log = project.db.execute("SELECT kind, record_id, article_id, action, before, after FROM changes ORDER BY id").fetchall()
        assert log == [
            ("import", str(article_id), article_id, "import csv: 0 spans, 0 relations", None, '{"new_article": true}'),
            ("import", str(article_id), article_id, "import csv: 1 span, 0 relations", None, '{"new_article": false}'),
            ("import", str(article_id), article_id, "import csv: 0 spans, 0 relations", None, '{"new_article": false}'),
        ]
        # a later import of the same text is a duplicate (across imports, by the stored hash)
        again = project.import_bundles([ArticleBundle(Article(id=None, text=text))])
        assert (again.added, again.duplicates, again.article_ids) == (0, 1, (article_id,))


def test_csv_import_stores_counts_finds_duplicates_and_indexes_every_row(tmp_path: Path, monkeypatch) -> None:
    n = _IMPORT_BATCH + 20  # two batches
    lines = ["Body ID,articleBody"] + [f"{i},\"Story {i} about okapi{i}z.\n\nSecond\u2003paragraph, {i}.\"" for i in range(n)]
    lines.append("dup,\"Story 3 about okapi3z.\n\nSecond\u2003paragraph, 3.\"")  # the same text again
    source = tmp_path / "in.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def no_count(self: Source) -> int | None:
        raise AssertionError("counted the rows for a progress bar that does not show (stderr is no terminal)")

    monkeypatch.setattr(Source, "count", no_count)
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(db), str(source)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Imported {n} new articles (0 already in the project; 1 more copy of them in the input, merged in)" in result.output
    with Project.open(db) as project:
        stored = project.db.execute("SELECT id, text, words FROM articles ORDER BY id").fetchall()
        assert len(stored) == n
        assert all(words == len(text.split()) for _id, text, words in stored)
        for article_id, text, _words in stored:
            word = re.search(r"okapi\d+z", text).group()
            assert project.search(word) == [article_id]
        assert len(project.search("paragraph")) == n
        project.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


@pytest.mark.parametrize("value", ["plain ascii", "caf\u00e9", "\ud83d", "ab\udc00", "\U0001f600x\ud800y", "\u20ac" * 50 + "\udfff"])
def test_lone_surrogate_found_at_the_index_a_scan_finds(value: str) -> None:
    scan = next((i for i, c in enumerate(value) if 0xD800 <= ord(c) <= 0xDFFF), None)
    found = find_lone_surrogate({"meta": [value]}, "m")
    assert (found[2] if found else None) == scan
    if found:
        assert found[:2] == ("m.meta[0]", value)


def test_annotation_rows_are_written_as_to_row_writes_them(tmp_path: Path) -> None:
    from annotator.domain.model import Relation, Stance, Status, Tag

    text = "Ann said \u201cyes\u201d to the plan."
    attrs = {"zeta": "\u00e9t\u00e9", "alpha": {"b": [1, 2]}, "kind": "direct"}
    bundle = ArticleBundle(
        Article(id=None, text=text),
        spans=[Span(id="s1", article_id=0, start=0, end=3, label="PERSON", layer="entity", status=Status.SUGGESTED, attrs=attrs),
               Span(id="q1", article_id=0, start=10, end=13, label="QUOTE", layer="quote", origin="m", by="ann")],
        relations=[Relation(id="r1", article_id=0, head="q1", child="s1", label="SPEAKER", status=Status.SUGGESTED, attrs={"w": 1})],
        stances=[Stance(id="t1", article_id=0, holder="Ann", target="plan", polarity="favor", holder_span="s1", evidence="q1",
                        status=Status.SUGGESTED)],
        tags=[Tag(id="g1", article_id=0, tag="politics")],
    )
    with Project.open(tmp_path / "p.db") as project:
        (article_id,) = project.import_bundles([bundle]).article_ids
        for table, kind, record_id in (("spans", Span, "s1"), ("spans", Span, "q1"), ("relations", Relation, "r1"),
                                       ("stances", Stance, "t1"), ("tags", Tag, "g1")):
            cursor = project.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
            stored = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
            expected = rows.to_row(project.find(kind, record_id))
            assert {k: stored[k] for k in expected} == expected, table
            assert stored["article_id"] == article_id
        span_row = project.db.execute("SELECT attrs, status FROM spans WHERE id = 's1'").fetchone()
        assert span_row == (json.dumps(attrs, ensure_ascii=False, sort_keys=True), "suggested")
