"""fix11o (issue 11 user test 11f): an analyst's article status is part of their layer.

1. A re-import (or re-merge) whose only change is the analyst's status of an article said "no
   change" and logged nothing. It is a change: stored on the analyst's layer, logged (kind
   ``layer_article``), said in the summary ("ben's status of #1 «…»: new → done").
2. ``export --layer ben`` wrote the team article's status, not ben's; ``--layer all`` now writes
   each analyst's own beside gold's ("analyst_status"), and both read back into a fresh project.
Hand-made text, no corpus."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run

TEXTS = ["Mayor Lena Ortiz said the bridge will open in May.", "Councillor Raj Patel told reporters taxes will not rise."]


def _file(path: Path, status: str | None, name: str = "ben") -> Path:
    """An analyst's own JSONL export: each article with ``status`` (None: no "status" key) and one span."""
    records = []
    for t in TEXTS:
        word = t.split()[1]
        record = {"text": t, "spans": [{"start": t.index(word), "end": t.index(word) + len(word), "label": "PERSON",
                                         "status": "accepted", "by": name}]}
        if status is not None:
            record["status"] = status
        records.append(record)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _layer_rows(db: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(db) as conn:
        return [(a or "", json.loads(b)["status"] if b else None, json.loads(c)["status"]) for a, b, c in conn.execute(
            "SELECT json_extract(after, '$.analyst'), before, after FROM changes WHERE kind = 'layer_article' ORDER BY id")]


def _statuses(db: Path) -> tuple[list[str], dict[str, dict[int, str]]]:
    with Project.open(db, read_only=True) as p:
        return [str(p.article(i).status) for i in p.article_ids()], {i.analyst: p.layer_article_statuses(i.analyst) for i in p.layers()}


def test_reimport_that_moves_only_the_status_is_a_change_logged_and_said(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run("import", db, _file(tmp_path / "ben_new.jsonl", "new"), "--analyst", "ben").exit_code == 0
    before = len(_layer_rows(db))
    out = run("import", db, _file(tmp_path / "ben_done.jsonl", "done"), "--analyst", "ben")
    assert out.exit_code == 0, out.output
    assert "no change" not in out.output  # was "into ben's layer: no change (2 records already there)"
    assert "into ben's layer: 2 article statuses changed (2 records already there)" in out.output
    assert "ben's status of #1 «Mayor Lena Ortiz said the bridge will o…»: new → done" in out.output
    assert "ben's status of #2 «Councillor Raj Patel told reporters tax…»: new → done" in out.output
    team, layers = _statuses(db)
    assert team == ["new", "new"] and layers == {"ben": {1: "done", 2: "done"}}
    assert _layer_rows(db)[before:] == [("ben", "new", "done"), ("ben", "new", "done")]  # was: no row
    # the same file again: nothing moved, nothing logged, "no change"
    again = run("import", db, tmp_path / "ben_done.jsonl", "--analyst", "ben")
    assert "into ben's layer: no change (2 records already there)" in again.output and "status of" not in again.output
    assert len(_layer_rows(db)) == before + 2
    # back to "new", said in the file itself: the analyst's answer, moved and logged too
    back = run("import", db, tmp_path / "ben_new.jsonl", "--analyst", "ben")
    assert "ben's status of #1 «Mayor Lena Ortiz said the bridge will o…»: done → new" in back.output
    assert _statuses(db)[1] == {"ben": {1: "new", 2: "new"}}
    # a file that states no status (no "status" key) leaves ben's as it is
    silent = run("import", db, _file(tmp_path / "ben_silent.jsonl", None), "--analyst", "ben")
    assert "no change" in silent.output and _statuses(db)[1] == {"ben": {1: "new", 2: "new"}}


def test_remerge_that_moves_only_the_status_is_a_change_logged_and_said(tmp_path: Path) -> None:
    ben, team = tmp_path / "ben.db", tmp_path / "team.db"
    assert run("import", ben, _file(tmp_path / "b.jsonl", None)).exit_code == 0
    assert run("analyst", ben, "--set", "ben").exit_code == 0
    assert run("merge", team, ben).exit_code == 0
    with Project.open(ben) as p:
        p.set_article_status(1, ArticleStatus.DONE, by="ben")
    out = run("merge", team, ben)
    assert out.exit_code == 0, out.output
    assert "added none; updated none; deleted none; ben's status changed on 1 article" in out.output
    assert "  ben's status of #1 «Mayor Lena Ortiz said the bridge will o…»: new → done" in out.output
    assert _statuses(team) == (["new", "new"], {"ben": {1: "done", 2: "new"}})
    assert _layer_rows(team)[-1] == ("ben", "new", "done")
    again = run("merge", team, ben)
    assert "status" not in again.output  # nothing moved: nothing said


def test_export_layer_writes_the_analysts_status_and_round_trips(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run("import", db, _file(tmp_path / "ben.jsonl", "done"), "--analyst", "ben").exit_code == 0
    assert run("import", db, _file(tmp_path / "ana.jsonl", "in_progress", "ana"), "--analyst", "ana").exit_code == 0
    with Project.open(db) as p:  # the team article's status differs from both analysts'
        p.set_article_status(1, ArticleStatus.REVIEWED, by="lead")
    out = tmp_path / "ben_out.jsonl"
    assert run("export", db, "--format", "jsonl", "--layer", "ben", "-o", out).exit_code == 0
    assert [json.loads(line)["status"] for line in out.read_text().splitlines()] == ["done", "done"]  # was the team's
    every = tmp_path / "all.jsonl"
    assert run("export", db, "--format", "jsonl", "--layer", "all", "--all-articles", "-o", every).exit_code == 0
    lines = [json.loads(line) for line in every.read_text().splitlines()]
    assert [(r["status"], r["analyst_status"]) for r in lines] == [
        ("reviewed", {"ana": "in_progress", "ben": "done"}), ("new", {"ana": "in_progress", "ben": "done"})]
    # round trip: ben's export into a fresh project gives ben's status
    fresh = tmp_path / "fresh.db"
    assert run("import", fresh, out, "--analyst", "ben").exit_code == 0
    assert _statuses(fresh) == (["new", "new"], {"ben": {1: "done", 2: "done"}})
    fresh_all = tmp_path / "fresh_all.db"
    assert run("import", fresh_all, every).exit_code == 0
    team, layers = _statuses(fresh_all)
    assert layers == {"ana": {1: "in_progress", 2: "in_progress"}, "ben": {1: "done", 2: "done"}}
    assert team[0] == "reviewed"  # gold's status is the line's own


def test_export_layer_docbin_carries_the_analysts_status(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    db = tmp_path / "d.db"
    assert run("import", db, _file(tmp_path / "ben.jsonl", "done"), "--analyst", "ben").exit_code == 0
    nlp = spacy.blank("en")
    for layer, want in (("ben", ("done", None)), ("all", ("new", {"ben": "done"}))):
        path = tmp_path / f"{layer}.spacy"
        assert run("export", db, "--format", "spacy", "--layer", layer, "--all-articles", "-o", path).exit_code == 0
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        got = {(d.user_data["annotator"]["article"]["status"], json.dumps(d.user_data["annotator"]["article"].get("analyst_status")))
               for d in docs}
        assert got == {(want[0], json.dumps(want[1]))}
