"""fix11t (issue 11, usertest11i 4): an import or a merge that changed nothing kept its backup, so a
plain ``annotator restore`` picked that copy (the state the file was already in) instead of
undoing the last real change. A command that changed nothing drops its copy, as ``curate`` does.
Hand-made text, no corpus."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from annotator.storage import backup as backups
from tests.cli.test_team_curate_fix11e import _mark, _source
from tests.cli.test_team_merge_fix11g import run
from tests.cli.test_team_status_fix11n import _own_export
from tests.cli.test_export_uncurated import _text


def _gold_from_analysts(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT count(*) FROM spans WHERE origin LIKE 'analyst:%'").fetchone()[0]


def test_an_import_that_changes_nothing_leaves_no_backup_and_restore_undoes_the_real_change(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    ana = _own_export(tmp_path / "a.jsonl", "done", "ana")
    assert run("import", db, ana, "--analyst", "ana").exit_code == 0
    assert run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben").exit_code == 0
    assert run("curate", db, "--accept-agreed", "--by", "lead").exit_code == 0
    real = backups.list_backups(db)
    assert real[0].kind == "before-curate"
    same = run("import", db, ana, "--analyst", "ana")
    assert same.exit_code == 0 and "into ana's layer: no change" in same.output, same.output
    assert backups.list_backups(db) == real  # was: a "before import" copy of the curated file on top
    assert run("restore", db).exit_code == 0
    assert _gold_from_analysts(db) == 0  # back to before the curate


def test_a_merge_that_changes_nothing_leaves_no_backup(tmp_path: Path) -> None:
    source = _source(tmp_path / "news.db")
    assert run("assign", source, "--analysts", "ana,cy", "--overlap", "1", "--output", tmp_path / "team").exit_code == 0
    ana, cy = tmp_path / "team" / "ana.db", tmp_path / "team" / "cy.db"
    for f in (ana, cy):
        _mark(f, _text(0), "Berlin", "GPE")
    team = tmp_path / "TEAM.db"
    assert run("merge", team, ana, cy).exit_code == 0
    assert run("curate", team, "--accept-agreed", "--by", "lead").exit_code == 0
    real = backups.list_backups(team)
    assert real[0].kind == "before-curate"
    again = run("merge", team, ana)
    assert again.exit_code == 0 and "added none; updated none; deleted none" in again.output, again.output
    assert backups.list_backups(team) == real  # was: a "before merge" copy on top
    # a merge that changes something keeps its copy
    _mark(ana, _text(1), "Berlin", "GPE")
    assert run("merge", team, ana).exit_code == 0
    assert backups.list_backups(team)[0].kind == "before-merge"
