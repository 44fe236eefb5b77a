"""The project file: recognised as ours, migrated, refused when newer or foreign; the change log,
apply/undo, suggestions that never touch decisions, and full-text search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain import commands
from annotator.domain.errors import ProjectFileError
from annotator.domain.model import Article, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.migrations import schema_version
from annotator.storage.project import APPLICATION_ID, Project


def pragma(path: Path, name: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_file_is_marked_as_ours(tmp_path: Path) -> None:
    Project.open(tmp_path / "p.db").close()
    assert pragma(tmp_path / "p.db", "application_id") == APPLICATION_ID
    assert pragma(tmp_path / "p.db", "user_version") == schema_version()


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    Project.open(tmp_path / "p.db").close()
    Project.open(tmp_path / "p.db").close()
    with sqlite3.connect(tmp_path / "p.db") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'annotator'")]
    assert len(names) == schema_version() == len(set(names))


def test_opening_does_not_change_the_file(tmp_path: Path) -> None:
    # Regression: every open used to rewrite the header (PRAGMA user_version), so a mere
    # export or stats changed the file's bytes and modification time.
    Project.open(tmp_path / "p.db").close()
    before = (tmp_path / "p.db").read_bytes()
    Project.open(tmp_path / "p.db").close()
    assert (tmp_path / "p.db").read_bytes() == before


def test_newer_file_is_refused(tmp_path: Path) -> None:
    Project.open(tmp_path / "p.db").close()
    with sqlite3.connect(tmp_path / "p.db") as conn:
        conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    with pytest.raises(ProjectFileError, match="newer Annotator"):
        Project.open(tmp_path / "p.db")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("CREATE TABLE invoices (id INTEGER)", "not an Annotator project"),
        ("PRAGMA application_id = 1234", "another program"),
    ],
)
def test_foreign_sqlite_file_is_refused(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute(setup)
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match=message):
        Project.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"Just some notes\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20])
def test_non_sqlite_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match="not a SQLite database"):
        Project.open(path)
    assert path.read_bytes() == content


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project file"):
        Project.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def article_id(project: Project) -> int:
    article, _ = project.add_article(Article(None, "Alice Smith went to Paris today."))
    return article.id


@pytest.mark.parametrize("statement", ["UPDATE changes SET action = 'x'", "DELETE FROM changes"])
def test_change_log_is_append_only(project: Project, article_id: int, statement: str) -> None:
    project.apply(commands.add_span(commands.records(()), article_id=article_id, start=0, end=5, label="PERSON", layer="entity"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.db.execute(statement)


def test_apply_logs_and_undo_restores(project: Project, article_id: int) -> None:
    stamped = project.apply(commands.add_span(commands.records(()), article_id=article_id, start=0, end=11, label="PERSON", layer="entity"), by="ana")
    [span] = project.spans(article_id)
    assert (span.start, span.end, span.by) == (0, 11, "ana")
    assert any(h["kind"] == "span" and h["record_id"] == span.id for h in project.history(article_id=article_id))
    project.undo(stamped)
    assert project.spans(article_id) == []
    project.redo(stamped)
    assert project.spans(article_id) == [span]


def suggest(project: Project, article_id: int) -> int:
    sset = SuggestionSet(origin="rules 1")
    sset.add_span(SuggestedSpan("a", 0, 11, "PERSON", "entity"))
    sset.add_span(SuggestedSpan("b", 20, 25, "GPE", "entity"))
    return project.add_suggestions(article_id, sset)


@pytest.mark.parametrize("decision", [Status.ACCEPTED, Status.REJECTED])
def test_suggestions_never_touch_decided_spans(project: Project, article_id: int, decision: Status) -> None:
    suggest(project, article_id)
    alice = next(s for s in project.spans(article_id) if s.label == "PERSON")
    project.apply(commands.set_status(commands.records(project.spans(article_id)), [alice], decision))
    decided = next(s for s in project.spans(article_id) if s.id == alice.id)
    suggest(project, article_id)
    after = [s for s in project.spans(article_id) if s.label == "PERSON"]
    assert after == [decided]


def test_suggestions_leave_analyst_spans_alone(project: Project, article_id: int) -> None:
    project.apply(commands.add_span(commands.records(()), article_id=article_id, start=0, end=11, label="PERSON", layer="entity"))
    [mine] = project.spans(article_id)
    assert suggest(project, article_id) == 1
    assert next(s for s in project.spans(article_id) if s.label == "PERSON") == mine


@pytest.mark.parametrize(("query", "hits"), [("paris", 1), ("PARIS", 1), ("Par", 1), ("U.S.", 0), ("AND", 0), ("zurich", 1)])
def test_search(project: Project, article_id: int, query: str, hits: int) -> None:
    project.add_article(Article(None, "Banks in Zürich closed."))
    assert len(project.search(query)) == hits
