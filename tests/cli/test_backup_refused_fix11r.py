"""Issue 11, usertest11h F3 (fix11r): a refused ``curate`` or ``import`` left a backup of the
file as it was — unchanged — so a plain ``annotator restore`` "restored" that no-op copy and the
lead believed the last real change undone (and the refused copies pushed real backups out of the
5 kept). The backup is taken once the command is known to write and removed when it then fails
or refuses. Hand-made text, no corpus."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from annotator.storage import backup as backups
from tests.cli.test_team_merge_fix11g import run
from tests.cli.test_team_status_fix11n import _own_export


def _gold_from_analysts(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT count(*) FROM spans WHERE origin LIKE 'analyst:%'").fetchone()[0]


def test_restore_after_a_real_curate_then_refused_ones_undoes_the_real_one(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0
    assert run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben").exit_code == 0
    decided = run("curate", db, "--accept-agreed", "--by", "lead")
    assert decided.exit_code == 0, decided.output
    assert _gold_from_analysts(db) > 0
    real = backups.list_backups(db)
    assert real[0].kind == "before-curate"
    # refused: --keep names no analyst of the article
    refused = run("curate", db, "--keep", "zed", "--article", "1", "--by", "lead")
    assert refused.exit_code == 1 and "'zed' was not given article #1" in refused.output
    # refused: a bad line in an analyst's file (nothing written)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Mayor Lena Ortiz said so."}\n{"text": \n', encoding="utf-8")
    refused_import = run("import", db, bad, "--analyst", "ana")
    assert refused_import.exit_code == 1, refused_import.output
    # a curate that decides nothing new writes nothing: no copy either
    assert run("curate", db, "--accept-agreed", "--by", "lead").exit_code == 0
    assert backups.list_backups(db) == real  # was: a before-curate and a before-import copy of the curated file on top
    assert run("restore", db).exit_code == 0
    assert _gold_from_analysts(db) == 0  # back to before the real curate (was: the curated file again)


def test_refused_copies_push_no_real_backup_out(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0
    assert run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben").exit_code == 0
    assert run("curate", db, "--accept-agreed", "--by", "lead").exit_code == 0
    real = backups.list_backups(db)
    for _ in range(backups.KEEP + 1):
        assert run("curate", db, "--keep", "zed", "--article", "1", "--by", "lead").exit_code == 1
    assert backups.list_backups(db) == real
