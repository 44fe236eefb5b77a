"""Issue 11, usertest11h cosmetics (fix11r): an import into analysts' layers says what "already
there" counts ("(11 records already there)", beside "1 article status changed" it read as
articles), and an empty first import into a new layer says it created the layer, not "no change"."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_team_merge_fix11g import run

TEXT = "Mayor Lena Ortiz said the bridge will open in May."


def _file(path: Path, spans: bool, status: str = "done") -> Path:
    record = {"text": TEXT, "status": status, "spans": []}
    if spans:
        record["spans"] = [{"start": 6, "end": 16, "label": "PERSON", "status": "accepted", "by": "ana"}]
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_an_empty_first_import_says_it_created_the_layer(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    first = run("import", db, _file(tmp_path / "a.jsonl", spans=False), "--analyst", "ana")
    assert first.exit_code == 0, first.output
    assert "created ana's layer (empty)" in first.output and "no change" not in first.output
    again = run("import", db, tmp_path / "a.jsonl", "--analyst", "ana")
    assert "into ana's layer: no change" in again.output  # the layer was there: nothing changed


def test_already_there_counts_records(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("import", db, _file(tmp_path / "a.jsonl", spans=True), "--analyst", "ana").exit_code == 0
    moved = run("import", db, _file(tmp_path / "b.jsonl", spans=True, status="new"), "--analyst", "ana")
    assert "into ana's layer: 1 article status changed (1 record already there)" in moved.output, moved.output
