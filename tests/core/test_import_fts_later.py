"""``annotator import`` commits the articles and leaves the full-text index to catch up after
(issue 12, import12d): the articles and the note of what is left to index commit together, the
first full-text query indexes them (in any later process), a process killed between the two
steps loses nothing, an article changed or deleted before the catch-up does not break the index,
a read-only project is searched through an in-memory index, and a failed import writes nothing."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.storage.project import Project
from annotator.storage.search import FTS_INSERT_TRIGGER, FTS_PENDING, SearchQuery, catch_up, pending_articles, search

REPO = Path(__file__).resolve().parents[2]


def _bundle(n: int) -> ArticleBundle:
    return ArticleBundle(article=Article(id=None, text=f"Report {n} about zebra{n} and the Müller café.", title=f"T{n}"))


def _indexed(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]


def _check(conn: sqlite3.Connection) -> None:
    """FTS5's own check, against the articles too (rank 1): raises when the index is broken."""
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")


def test_import_later_notes_the_articles_and_the_first_search_indexes_them(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([_bundle(0)])  # indexed in its transaction, as before
        result = project.import_bundles((_bundle(n) for n in range(1, 1203)), index_later=True)
        conn = project.db.conn
        assert _indexed(conn) == 1
        assert pending_articles(conn) == 1202
        row = project.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [FTS_INSERT_TRIGGER]).fetchone()
        assert row is not None  # the per-row trigger is back for articles added one by one
        assert project.search("zebra1202") == [result.article_ids[-1]]  # the first search catches up
        assert pending_articles(conn) == 0 and _indexed(conn) == 1203
        assert len(project.search("report")) == 1203
        assert project.article_list_ids(query="cafe") == list(range(1, 1204))  # diacritics folded as before
        _check(conn)
        assert catch_up(conn) == 0  # nothing left: nothing done


def test_each_full_text_path_catches_up_first(tmp_path: Path) -> None:
    for reader in (lambda p: p.search("zebra7"),
                   lambda p: [i for i, _ in p.article_list_rows(query="zebra7")],
                   lambda p: [i for i, _ in p.article_list_rows(query="zebra7", statuses=False)],
                   lambda p: p.article_list_ids(query="zebra7"),
                   lambda p: sorted({h.article_id for h in search(p.db.conn, SearchQuery(text="zebra7", in_article=True, status="all"))})):
        path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.db"
        with Project.open(path) as project:
            project.import_bundles([dataclasses.replace(_bundle(n), spans=[Span(id=f"s{n}", article_id=0, start=0, end=6, label="PERSON", layer="entity")])
                                    for n in range(10)], index_later=True)
            assert reader(project) == [8]
            assert pending_articles(project.db.conn) == 0


def test_a_process_killed_after_the_commit_loses_nothing_and_the_next_open_catches_up(tmp_path: Path) -> None:
    """The import's process dies (SIGKILL-like ``os._exit``) right after its commit, before any
    catch-up: the articles and the note are on disk; the next process's first search indexes them."""
    path = tmp_path / "p.db"
    code = (
        "import os, sys\n"
        "from annotator.domain.model import Article, ArticleBundle\n"
        "from annotator.storage.project import Project\n"
        "p = Project.open(sys.argv[1])\n"
        "p.import_bundles((ArticleBundle(Article(id=None, text=f'Story {n} of the okapi{n}.')) for n in range(700)), index_later=True)\n"
        "os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, timeout=120)
    assert done.returncode == 9
    with Project.open(path) as project:
        assert project.count_articles() == 700
        assert pending_articles(project.db.conn) == 700
        assert project.search("okapi699") == [700]
        assert len(project.search("story")) == 700
        _check(project.db.conn)


def test_a_catch_up_that_fails_keeps_the_note_and_the_next_one_finishes(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles((_bundle(n) for n in range(50)), index_later=True)
        conn = project.db.conn
        conn.execute("CREATE TEMP TRIGGER stop BEFORE DELETE ON main.project WHEN old.key = 'fts_pending' "
                     "BEGIN SELECT RAISE(ABORT, 'killed midway'); END")
        with pytest.raises(sqlite3.IntegrityError, match="killed midway"):
            catch_up(conn)
        assert not conn.in_transaction
        assert _indexed(conn) == 0 and pending_articles(conn) == 50  # rolled back: nothing half done
        conn.execute("DROP TRIGGER temp.stop")
        assert catch_up(conn) == 50
        _check(conn)


def test_an_article_changed_or_deleted_before_the_catch_up_keeps_the_index_whole(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        result = project.import_bundles((_bundle(n) for n in range(20)), index_later=True)
        first = project.find(Article, result.article_ids[0])
        project.apply(Edit("retitle", (Change(first, dataclasses.replace(first, title="Giraffe news")),)))
        # the change indexed that article first, and only it (import12e: all of them froze the window)
        assert pending_articles(project.db.conn) == 19 and _indexed(project.db.conn) == 1
        last = project.find(Article, result.article_ids[-1])
        project.apply(Edit("delete", (Change(last, None),)))
        project.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 0)")  # the index itself
        assert project.search("giraffe") == [first.id]
        assert len(project.search("report")) == 19
        _check(project.db.conn)  # and against every article, once all are indexed


def test_an_index_already_holding_the_articles_is_not_indexed_twice(tmp_path: Path) -> None:
    """A rebuild (``annotator backup --repair``'s) between the import and the catch-up indexed them already."""
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles((_bundle(n) for n in range(30)), index_later=True)
        project.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
        assert catch_up(project.db.conn) == 0
        assert pending_articles(project.db.conn) == 0
        _check(project.db.conn)
        assert len(project.search("report")) == 30


def test_a_read_only_project_is_searched_through_an_index_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(40)), index_later=True)
    with Project.open(path, read_only=True) as project:
        assert project.read_only
        assert project.search("zebra39") == [40]
        assert len(project.article_list_ids(query="cafe")) == 40
        assert pending_articles(project.db.conn) == 40  # the file is not written
    with Project.open(path) as project:
        assert project.search("zebra39") == [40]
        assert pending_articles(project.db.conn) == 0


def test_a_failed_import_leaves_no_note(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        bad = ArticleBundle(article=Article(id=None, text="short"),
                            spans=[Span(id="x", article_id=0, start=0, end=99, label="PERSON", layer="entity")])
        with pytest.raises(Exception):
            project.import_bundles([*(_bundle(n) for n in range(1, 700)), bad], index_later=True)
        assert project.count_articles() == 0
        assert project.get_setting(FTS_PENDING) is None
        assert pending_articles(project.db.conn) == 0


def test_the_cli_import_leaves_the_index_to_the_first_search(tmp_path: Path) -> None:
    from annotator.cli import main

    source = tmp_path / "bodies.csv"
    source.write_text("id,articleBody\n" + "".join(f"{n},\"Body {n} of the quokka{n} story.\"\n" for n in range(30)), encoding="utf-8")
    path = tmp_path / "p.db"
    with pytest.raises(SystemExit) as ended:
        main(["import", str(path), str(source), "--text-column", "articleBody"])
    assert ended.value.code in (0, None)
    with Project.open(path) as project:
        assert project.count_articles() == 30 and pending_articles(project.db.conn) == 30
    with pytest.raises(SystemExit) as ended:
        main(["search", str(path), "quokka29", "--in-article", "--status", "all"])  # (no spans: no hits, but it reads the index)
    assert ended.value.code in (0, None)
    with Project.open(path) as project:
        assert pending_articles(project.db.conn) == 0
        assert project.search("quokka29") == [30]
        _check(project.db.conn)


def test_a_search_while_another_program_holds_the_write_lock_uses_the_index_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles((_bundle(n) for n in range(25)), index_later=True)
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another program writing
            project.db.execute("PRAGMA busy_timeout = 50")
            assert project.search("zebra24") == [25]
            assert pending_articles(project.db.conn) == 25  # not written: the lock was not had
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert project.search("zebra24") == [25]  # now the project's own index catches up
        assert pending_articles(project.db.conn) == 0
        assert project.db.execute("SELECT count(*) FROM temp.sqlite_master WHERE name = 'articles_fts'").fetchone()[0] == 0
        _check(project.db.conn)


def test_a_read_only_project_reads_an_index_copy_built_on_another_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """perf12f: the window's read-only project must not build its index on the UI thread: another
    thread builds a copy (build_index_copy, its own connection) and the window's connection
    attaches it; every full-text path then reads the copy, none builds one of its own."""
    import threading

    import annotator.storage.search as search_module

    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles([dataclasses.replace(_bundle(n), spans=[Span(id=f"s{n}", article_id=0, start=0, end=6, label="PERSON", layer="entity")])
                                for n in range(10)], index_later=True)
    built: list = []
    with Project.open(path, read_only=True) as project:
        builder = threading.Thread(target=lambda: built.append(search_module.build_index_copy(project.read_uri())))
        builder.start()
        builder.join(30)
        (copy_conn, uri), = built
        search_module.attach_index_copy(project.db.conn, uri)
        copy_conn.close()  # the attached connection keeps the memory database alive
        monkeypatch.setattr(search_module, "_index_in_memory", lambda conn: pytest.fail("built an index on this connection"))
        assert search_module.ensure_index(project.db.conn) == 'fts_copy."articles_fts"'
        assert project.search("zebra7") == [8]
        assert [i for i, _ in project.article_list_rows(query="zebra7")] == [8]
        assert [i for i, _ in project.article_list_rows(query="zebra7", statuses=False)] == [8]
        assert project.article_list_ids(query="cafe") == list(range(1, 11))  # the project's tokenizer: diacritics folded
        assert sorted({h.article_id for h in search(project.db.conn, SearchQuery(text="zebra7", in_article=True, status="all"))}) == [8]
        assert pending_articles(project.db.conn) == 10  # nothing written
        with Project.open(path) as writer:  # another program catches the project's own index up
            assert writer.search("zebra7") == [8]
        assert search_module.ensure_index(project.db.conn) == "articles_fts"  # complete again: the copy is detached
        assert not search_module.has_index_copy(project.db.conn)
        assert project.search("zebra7") == [8]


def test_an_index_copy_of_an_unreadable_project_raises_and_leaves_nothing_open(tmp_path: Path) -> None:
    import annotator.storage.search as search_module

    with pytest.raises(sqlite3.Error):
        search_module.build_index_copy((tmp_path / "missing.db").as_uri() + "?mode=ro")
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([_bundle(1)], index_later=True)
        with pytest.raises(InterruptedError):
            search_module.build_index_copy(project.read_uri(), cancelled=lambda: True)
