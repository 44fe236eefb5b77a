"""fix11t (issue 11, usertest11i 6): a gold layer holds, at one place and label, the machine's
suggestion rejected and the analysts' version the lead rejected (``origin analyst:ana,ben``). The
``--layer all`` JSONL round trip kept one of them ("already there: 1 span"), so the re-export
lost a record. Two records of one file that differ (status, origin or decision record) are two;
two equal ones are still one. Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage.project import Project
from tests.cli.test_team_merge_fix11g import run

TEXT = "City Council Delays the vote on the harbour plan."


def _file(path: Path, *spans: dict) -> Path:
    path.write_text(json.dumps({"text": TEXT, "status": "reviewed", "spans": list(spans)}) + "\n", encoding="utf-8")
    return path


def _span(sid: str, origin: str, **attrs: object) -> dict:
    return {"id": sid, "start": 0, "end": 19, "label": "ORG", "status": "rejected", "origin": origin, "attrs": attrs}


def test_two_rejected_gold_records_at_one_place_stay_two_and_equal_ones_one(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    two = _file(tmp_path / "two.jsonl", _span("m1", "pipeline:en_core_web_sm"),
                _span("g1", "analyst:ana,ben", curation={"kept": "none", "by": "lead", "decision": "rejected"}))
    result = run("import", db, two)
    assert result.exit_code == 0, result.output
    with Project.open(db, read_only=True) as p:
        [aid] = p.article_ids()
        assert sorted((s.id, s.origin) for s in p.spans(aid)) == [("g1", "analyst:ana,ben"), ("m1", "pipeline:en_core_web_sm")]
    again = run("import", db, two)  # the same file again: nothing new
    assert again.exit_code == 0 and "already there: 2 spans" in again.output, again.output
    same = run("import", tmp_path / "q.db", _file(tmp_path / "same.jsonl", _span("a", "pipeline:x"), _span("b", "pipeline:x")))
    assert same.exit_code == 0, same.output
    with Project.open(tmp_path / "q.db", read_only=True) as p:
        assert len(p.spans(p.article_ids()[0])) == 1  # two equal records of one file are one
