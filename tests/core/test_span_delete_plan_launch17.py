"""Deleting a span finds the relations that name it by index (launch17, migration 0011).

Foreign keys are on and ``relations.child`` references ``spans(id)``, so every span deleted makes
SQLite look up relations by ``child``. With no index led by ``child`` it scanned all relations for
each span: at 50,000 articles a re-run pre-annotation's store deleted 3-32 stale suggestions in
100-930 ms on the window's UI thread (0.0-4.4 ms with the index)."""

from __future__ import annotations

from annotator.domain.model import Article
from annotator.storage.project import Project


def _plan(project: Project, sql: str) -> str:
    return " | ".join(row[3] for row in project.db.execute(f"EXPLAIN QUERY PLAN {sql}", ("x",)).fetchall())


def test_deleting_a_span_scans_no_relations(tmp_path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        project.add_article(Article(None, "The minister said talks would resume.", title="t"))
        assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        plan = _plan(project, "DELETE FROM spans WHERE id = ?")
        assert "SCAN relations" not in plan, plan
        assert "relations_child (child=?)" in plan, plan
