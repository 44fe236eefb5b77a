"""Issue 12 (launch13): opening a project and what the window's launch reads and writes use plain
sqlite3; sqlite-utils (about 100 ms of CPU to import) is imported only when its table API or a
migration is first needed (annotator/storage/connection.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.connection import ProjectConnection, _first_keyword
from annotator.storage.migrations import applied_names, migrations, pending_names, schema_version
from annotator.storage.project import APPLICATION_ID, Project

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import APPLICATION_ID, Project

seen = {{}}
with Project.open({path!r}, create=False) as project:
    seen["open"] = "sqlite_utils" in sys.modules
    project.get_setting("schema"); project.article_ids(); project.article_list_ids()
    project.set_setting("launch13", "1")
    article_id = project.article_ids()[0]
    project.add_suggestions(article_id, SuggestionSet("test-origin", [SuggestedSpan("k", 0, 4, "PERSON", "entity")]))
    project.prepare_writes()
    seen["used"] = "sqlite_utils" in sys.modules
    seen["preannotated"] = project.preannotated(article_id)
    project.db["project"].count  # the table API: imported now
    seen["table_api"] = "sqlite_utils" in sys.modules
print("SEEN " + json.dumps(seen))
"""


def test_an_up_to_date_project_opens_reads_and_stores_suggestions_without_sqlite_utils(tmp_path: Path) -> None:
    """A fresh process: opening, the list's reads, a setting and a pre-annotation stored (what
    the window does at launch) import no sqlite-utils; ``db["table"]`` still works, importing it."""
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.add_article(Article(None, "Mara Quill opened the new bridge on a windy morning.", title="Bridge"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", CHILD.format(path=str(path))], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.startswith("SEEN ")]
    assert out.returncode == 0 and lines, out.stderr[-2000:]
    assert json.loads(lines[-1][5:]) == {"open": False, "used": False, "preannotated": True, "table_api": True}
    with Project.open(path, create=False) as project:
        assert project.get_setting("launch13") == "1"
        assert [c["kind"] for c in project.history()][-1] == "preannotate"  # the change log's row, as before


def test_a_write_outside_a_transaction_is_committed_and_a_failed_one_rolled_back(tmp_path: Path) -> None:
    """``ProjectConnection.execute`` keeps ``sqlite_utils.Database.execute``'s behaviour: a DML
    statement's implicit transaction is committed; a failing one leaves no transaction open."""
    path = tmp_path / "t.db"
    db = ProjectConnection(sqlite3.connect(path))
    db.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)")
    db.execute("INSERT INTO t (a, b) VALUES (?, ?)", [1, "one"])
    assert not db.conn.in_transaction
    with sqlite3.connect(path) as other:  # another connection sees it: committed
        assert other.execute("SELECT b FROM t").fetchall() == [("one",)]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t (a, b) VALUES (2, NULL)")
    assert not db.conn.in_transaction
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1  # as sqlite_utils.Database sets it
    assert db["t"].count == 1 and db.table_names() == ["t"]  # the rest: sqlite_utils.Database on the same connection
    db.close()


@pytest.mark.parametrize(("sql", "word"), [("  select 1", "SELECT"), ("-- note\n/* x */ ;insert into t", "INSERT"),
                                           ("SAVEPOINT a", "SAVEPOINT"), ("", "")])
def test_first_keyword(sql: str, word: str) -> None:
    assert _first_keyword(sql) == word


def test_pending_migrations_are_read_by_plain_sql_as_sqlite_utils_reads_them(tmp_path: Path) -> None:
    """The names :func:`pending_names` finds are those ``sqlite_utils.Migrations.pending`` finds,
    before and after migrating; a new file has none applied; the format version is their count."""
    from annotator.storage.connection import make_database

    conn = sqlite3.connect(tmp_path / "m.db")
    db = make_database(conn)
    assert applied_names(conn) is None and pending_names(conn) == list(migrations.names)
    migrations.apply(db, stop_before=migrations.names[3])
    assert pending_names(conn) == [m.name for m in migrations.pending(db)] == list(migrations.names[3:])
    assert applied_names(conn) == [m.name for m in migrations.applied(db)] == list(migrations.names[:3])
    migrations.apply(db)
    assert pending_names(conn) == [] and applied_names(conn) == list(migrations.names)
    assert schema_version() == len(migrations.names) == len(migrations.real._migrations)  # noqa: SLF001
    conn.close()


def test_an_older_project_is_still_migrated_on_opening(tmp_path: Path) -> None:
    from annotator.storage.connection import make_database

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.apply(make_database(conn), stop_before=migrations.names[-1])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # an Annotator project, one format behind
    conn.close()
    with Project.open(path) as project:
        assert pending_names(project.db.conn) == []
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_a_nested_write_is_a_savepoint_rolled_back_alone(tmp_path: Path) -> None:
    """``write_transaction`` inside an open one: its own SAVEPOINT (sqlite-utils' ``atomic()``
    did it before launch13), undone alone on an exception, the outer block still committed."""
    with Project.open(tmp_path / "n.db") as project:
        with project.writing():
            project.set_setting("outer", "1")
            with pytest.raises(RuntimeError), project.writing():
                project.set_setting("inner", "1")
                raise RuntimeError("undo the inner block")
            project.set_setting("after", "1")
        assert not project.db.conn.in_transaction
    with Project.open(tmp_path / "n.db") as project:
        assert [project.get_setting(k) for k in ("outer", "inner", "after")] == ["1", None, "1"]


def test_the_articles_to_preannotate_are_listed_from_one_row(tmp_path: Path) -> None:
    """``ArticleQuery.ids`` reads one ``group_concat`` row, not a row per article: each row is a
    step that gives up the GIL and takes it back, which the window's UI thread waited for at
    every hand-over while it painted its first frame (launch13)."""
    from annotator.nlp.suggest_process import NOT_DONE, NOT_PREANNOTATED

    class Counting:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn, self.rows = conn, 0

        def execute(self, *args: object) -> Counting:
            self.cursor = self.conn.execute(*args)  # type: ignore[arg-type]
            return self

        def fetchone(self) -> object:
            self.rows += 1
            return self.cursor.fetchone()

        def __iter__(self):  # noqa: ANN204
            for row in self.cursor:
                self.rows += 1
                yield row

        def fetchall(self) -> list:
            found = self.cursor.fetchall()
            self.rows += len(found)
            return found

    with Project.open(tmp_path / "q.db") as project:
        ids = [project.add_article(Article(None, f"Crews repaved lane {n} of the harbour road overnight."))[0].id for n in range(30)]
        counting = Counting(project.db.conn)
        assert NOT_PREANNOTATED.ids(counting) == sorted(ids) and counting.rows == 1  # type: ignore[arg-type]
        project.add_suggestions(ids[4], SuggestionSet("test-origin", []))
        assert NOT_PREANNOTATED.ids(project.db.conn) == sorted(ids[:4] + ids[5:])
        assert NOT_DONE.ids(project.db.conn) == sorted(ids)
