"""fix11p (issue 11, usertest11g): `annotator merge` warned "restore team.db from before this merge
(annotator restore team.db)" but took no backup ("has no backups"). Every command that replaces
an existing file's data — merge, import --analyst, curate deciding — now backs it up first, and
`annotator restore` puts back the state from before it. Hand-made text, no corpus."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from annotator.storage import backup as backups
from tests.cli.test_team_merge_fix11g import _assign, _project, run
from tests.cli.test_team_status_fix11n import _own_export




def test_merge_of_an_older_runs_file_backs_up_first_and_restore_puts_it_back(tmp_path: Path) -> None:
    team = _project(tmp_path / "team.db")
    first = _assign(team, tmp_path / "run1", 0)
    _assign(team, tmp_path / "run2", 7)  # the team file's latest run
    with contextlib.closing(sqlite3.connect(team)) as conn:
        before = sorted(conn.execute("SELECT key, value FROM project").fetchall())
    result = run("merge", team, first / "ana.db")
    assert result.exit_code == 0, result.output
    assert "annotator restore team.db" in result.output
    assert f"{team} as it was before this merge is backed up (" in result.output
    [taken] = backups.list_backups(team)
    assert taken.kind == "before-merge"
    restored = run("restore", team)
    assert restored.exit_code == 0, restored.output  # was: "Error: team.db: has no backups"
    with contextlib.closing(sqlite3.connect(team)) as conn:
        assert sorted(conn.execute("SELECT key, value FROM project").fetchall()) == before  # no merge recorded
        assert conn.execute("SELECT count(*) FROM layers").fetchone()[0] == 0


def test_a_refused_merge_leaves_no_backup_posing_as_before_a_merge(tmp_path: Path) -> None:
    team = _project(tmp_path / "team.db")
    first = _assign(team, tmp_path / "run1", 0)
    second = _assign(team, tmp_path / "run2", 7)
    assert run("merge", team, first / "ana.db").exit_code == 0
    refused = run("merge", team, second / "ben.db")
    assert refused.exit_code == 1
    assert "(annotator restore team.db --list: its backups, the ones before a merge marked so)" in refused.output
    assert len(backups.list_backups(team)) == 1  # the one before ana's merge only


def test_import_analyst_reimport_backs_up_first_and_restore_brings_the_older_layer_back(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0
    assert backups.list_backups(db) == []  # a new file: nothing to go back to
    with contextlib.closing(sqlite3.connect(db)) as conn:
        ana_before = conn.execute("SELECT count(*) FROM layer_spans WHERE analyst = 'ana'").fetchone()[0]
    assert ana_before > 0
    again = run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben")
    assert again.exit_code == 0, again.output
    [taken] = backups.list_backups(db)
    assert taken.kind == "before-import"
    assert run("restore", db).exit_code == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM layer_spans WHERE analyst = 'ben'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM layer_spans WHERE analyst = 'ana'").fetchone()[0] == ana_before


def test_curate_deciding_backs_up_first_and_listing_takes_none(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana")
    run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben")
    had = len(backups.list_backups(db))
    assert run("curate", db).exit_code == 0
    assert len(backups.list_backups(db)) == had  # only reads
    decided = run("curate", db, "--accept-agreed", "--by", "lead")
    assert decided.exit_code == 0, decided.output
    assert backups.list_backups(db)[0].kind == "before-curate"
    assert run("restore", db).exit_code == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM spans WHERE origin LIKE 'analyst:%'").fetchone()[0] == 0
