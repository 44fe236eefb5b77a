"""Migration 0002: a project file written before relations followed their spans gets its
half-decided relations repaired on open, each repair in the change log, and exports its links."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from annotator.cli import cli
from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.relation_rule import half_decided
from annotator.storage import rows
from annotator.storage.migrations import REPAIR_ACTION, migrations, schema_version
from annotator.storage.project import APPLICATION_ID, Project

TEXT = 'Lavrov said: "The talks were useful." Ryabkov agreed.'
A, S, R = Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED


def _span(sid: str, article_id: int, word: str, label: str, status: Status) -> Span:
    start = TEXT.index(word)
    return Span(id=sid, article_id=article_id, start=start, end=start + len(word), label=label,
                layer=label.lower(), status=status, origin="en_core_web_sm 3.8.0", updated="2024-01-01T00:00:00.000+00:00")


def _old_file(path: Path) -> None:
    """A file at format 1, holding what the old commands wrote: article 1 the analyst's case (speaker
    and cue accepted, then the quote resized: links left suggested), article 2 a rejected speaker
    with an accepted link, article 3 healthy (a pending link, an explicit rejection)."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0002_relations_follow_spans")
    db.execute("PRAGMA user_version = 1")
    for n in (1, 2, 3):
        db["articles"].insert(rows.to_row(Article(id=None, text=f"{TEXT} ({n})", status="done")))
    statuses = {1: (A, A, A), 2: (A, R, A), 3: (S, A, A)}
    rels = {1: (S, S), 2: (A, A), 3: (S, R)}
    for aid in (1, 2, 3):
        q, s, c = statuses[aid]
        db["spans"].insert_all(rows.to_row(x) for x in (
            _span(f"q{aid}", aid, '"The talks were useful."', "QUOTE", q),
            _span(f"s{aid}", aid, "Lavrov", "SPEAKER", s),
            _span(f"c{aid}", aid, "said", "CUE", c)))
        rs, rc = rels[aid]
        db["relations"].insert_all(rows.to_row(x) for x in (
            Relation(id=f"rs{aid}", article_id=aid, head=f"q{aid}", child=f"s{aid}", label="SPEAKER", status=rs),
            Relation(id=f"rc{aid}", article_id=aid, head=f"q{aid}", child=f"c{aid}", label="CUE", status=rc)))
    db.close()


def _statuses(project: Project) -> dict[str, Status]:
    return {r.id: r.status for aid in project.article_ids() for r in project.relations(aid)}


def test_opening_an_old_file_repairs_half_decided_relations_and_logs_each(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    with Project.open(path) as project:
        assert _statuses(project) == {"rs1": A, "rc1": A, "rs2": R, "rc2": A, "rs3": S, "rc3": R}
        for aid in project.article_ids():
            assert half_decided(project.spans(aid), project.relations(aid)) == []
        repairs = [h for h in project.history() if h["action"] == REPAIR_ACTION]
        assert sorted(h["record_id"] for h in repairs) == ["rc1", "rs1", "rs2"]
        for h in repairs:
            before, after = json.loads(h["before"]), json.loads(h["after"])
            assert h["kind"] == "relation" and before["id"] == after["id"] == h["record_id"]
            assert (before["status"], after["status"]) == {"rs1": ("suggested", "accepted"), "rc1": ("suggested", "accepted"),
                                                           "rs2": ("accepted", "rejected")}[h["record_id"]]
            assert after["updated"] > before["updated"]
        assert len({h["edit"] for h in repairs if h["article_id"] == 1}) == 1  # one edit per article
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 2
        assert ("0002_relations_follow_spans",) in con.execute("SELECT name FROM _sqlite_migrations").fetchall()
    with Project.open(path) as again:  # repaired once, not again
        assert len([h for h in again.history() if h["action"] == REPAIR_ACTION]) == 3


def test_the_default_export_of_a_repaired_file_has_the_links_back(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["export", str(path), "--format", "jsonl", "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert sorted((r["label"], r["status"]) for r in first["relations"]) == [("CUE", "accepted"), ("SPEAKER", "accepted")]


def test_a_new_project_has_nothing_to_repair(project: Project) -> None:
    assert [h for h in project.history() if h["action"] == REPAIR_ACTION] == []
