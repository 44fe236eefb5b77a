"""fix11n (issue 11 user test): an analyst's article status belongs to the analyst's layer, never
to the team article. `import d.db ana_done.jsonl --analyst ana` (her own export: "status": "done")
then ben's file made both team articles done, `curate` said "marked done by hand" and the gold
export wrote 2 articles with 0 spans. Every path that reads a status from an analyst's file
(JSONL/Prodigy/doccano/Label Studio with --analyst, --analyst-from-filename, re-import of a newer
version) keeps the team article "new" and stores the status in the analyst's layer, as merge
does. Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run

TEXTS = ["Angela Merkel met Olaf Scholz in Berlin.", "Emmanuel Macron spoke in Paris on Monday."]


def _span(text: str, word: str, label: str) -> dict:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "label": label}


def _own_export(path: Path, status: str, name: str) -> Path:
    """An analyst's own JSONL export: each article with her status and one accepted span."""
    records = [{"text": t, "status": status, "spans": [{**_span(t, t.split()[0], "PERSON"), "status": "accepted", "by": name}]}
               for t in TEXTS]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _prodigy(path: Path) -> Path:
    """Prodigy output: "answer": "accept" reads as a finished (done) article."""
    records = [{"text": t, "answer": "accept", "spans": [_span(t, t.split()[0], "PERSON")]} for t in TEXTS]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _statuses(db: Path) -> tuple[list[str], dict[str, dict[int, str]]]:
    with Project.open(db, read_only=True) as p:
        team = [str(p.article(i).status) for i in p.article_ids()]
        layers = {i.analyst: p.layer_article_statuses(i.analyst) for i in p.layers()}
    return team, layers


def test_import_analyst_done_keeps_team_article_new_and_gold_export_empty(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run("import", db, _own_export(tmp_path / "ana_done.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0
    assert run("import", db, _own_export(tmp_path / "ben.jsonl", "in_progress", "ben"), "--analyst", "ben").exit_code == 0
    team, layers = _statuses(db)
    assert team == ["new", "new"]  # was ["done", "done"]: ana's status on the team article
    assert layers == {"ana": {1: "done", 2: "done"}, "ben": {1: "in_progress", 2: "in_progress"}}
    out = run("export", db, "--format", "jsonl", "-o", tmp_path / "gold.jsonl")
    assert out.exit_code == 0, out.output
    assert "Exported 0 articles" in out.output  # was "Exported 2 articles, 0 spans"
    curate = run("curate", db, "--article", 1)
    assert "marked done by hand" not in curate.output


def test_merge_and_import_store_the_same_statuses(tmp_path: Path) -> None:
    """The analyst's status read by import --analyst is where merge puts it: her layer."""
    db = tmp_path / "d.db"
    run("import", db, _own_export(tmp_path / "a.jsonl", "reviewed", "ana"), "--analyst", "ana")
    team, layers = _statuses(db)
    assert team == ["new", "new"] and layers == {"ana": {1: "reviewed", 2: "reviewed"}}


def test_prodigy_accept_with_analyst(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    result = run("import", db, _prodigy(tmp_path / "p.jsonl"), "--analyst", "cy")
    assert result.exit_code == 0, result.output
    team, layers = _statuses(db)
    assert team == ["new", "new"] and layers == {"cy": {1: "done", 2: "done"}}


def test_analyst_from_filename_status_goes_to_layer(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    result = run("import", db, _own_export(tmp_path / "ana" / "x.jsonl", "done", "ana"), "--analyst-from-filename")
    assert result.exit_code == 0, result.output
    team, layers = _statuses(db)
    assert team == ["new", "new"] and layers == {"ana": {1: "done", 2: "done"}}


def test_reimport_newer_version_changes_layer_status_not_team(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    run("import", db, _own_export(tmp_path / "a1.jsonl", "in_progress", "ana"), "--analyst", "ana")
    with Project.open(db) as p:  # the lead's own status of the team article stays hers
        p.set_article_status(1, ArticleStatus.IN_PROGRESS, by="lead")
    run("import", db, _own_export(tmp_path / "a2.jsonl", "done", "ana"), "--analyst", "ana")
    team, layers = _statuses(db)
    assert team == ["in_progress", "new"] and layers == {"ana": {1: "done", 2: "done"}}


def test_import_without_analyst_still_takes_the_status(tmp_path: Path) -> None:
    """A file imported into the project's own layer is the project's: its status is kept."""
    db = tmp_path / "d.db"
    run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"))
    assert _statuses(db) == (["done", "done"], {})


@pytest.mark.parametrize("status", [{"status": "done"}, {"answer": "accept"}])
def test_records_naming_their_own_layer_without_analyst_keep_team_article_new(tmp_path: Path, status: dict) -> None:
    # usertest11f: every span and relation says "analyst": "ana" (the route docs/team.md gives for
    # records naming their own layer), no --analyst: the team articles became done and the gold
    # export wrote them empty.
    records = [{"text": t, **status, "spans": [{**_span(t, t.split()[0], "PERSON"), "status": "accepted", "analyst": "ana"}]}
               for t in TEXTS]
    source = tmp_path / "ana_tagged.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "pd2.db"
    assert run("import", db, source).exit_code == 0
    team, layers = _statuses(db)
    assert team == ["new", "new"]
    assert layers == {"ana": {1: "done", 2: "done"}}
    out = run("export", db, "--format", "jsonl", "-o", tmp_path / "gold.jsonl")
    assert out.exit_code == 0 and "Exported 0 articles" in out.output, out.output
