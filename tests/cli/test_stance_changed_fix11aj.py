"""fix11aj (issue 11, usertest11q H1) through the CLI: a stance decided from ana's and ben's equal
stances (favor), then one of them re-imported with another polarity (the merge says "favor→neutral"),
was never "changed since decided": the article stayed curated, gold kept the old polarity credited
to the analyst who changed it, ``agreement`` had no ⚠. Now the curated mark is withdrawn, ``curate``
and ``agreement`` name the change, and ``--keep`` decides it again. Both the analyst whose version
was kept (ana) and another analyst who agreed with it (ben). Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_curate_polarity_fix11ae import stances, team
from tests.cli.test_curate_stances_fix11y import _at, ok, rec, write

pytestmark = pytest.mark.timeout(120)


def reimport(tmp_path: Path, db: Path, name: str, polarity: str) -> str:
    m = _at("Maria Okafor")
    record = rec(stance=None)
    record["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
    record["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "m", "target": "harbour", "polarity": polarity,
                                  "evidence": "q1"}]}
    return ok("import", db, write(tmp_path / f"{name}-2.jsonl", record), "--analyst", name)


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_a_polarity_changed_after_the_decision_withdraws_the_curated_mark(tmp_path: Path, who: str) -> None:
    db = team(tmp_path, {"ana": "favor", "ben": "favor", "cy": "against"})
    ok("curate", db, "--keep", "ana", "--article", "1")
    ok("curate", db, "--accept-agreed", "--article", "1")
    assert "curated (exported as gold)" in ok("curate", db, "--article", "1")
    assert stances(db) == [("favor", "accepted", "analyst:ana,ben", "ana")]
    said = reimport(tmp_path, db, who, "neutral")
    assert "1 unit changed since decided" in said, said
    listing = ok("curate", db, "--article", "1")
    assert "curated (exported as gold)" not in listing and "1 unit changed since decided" in listing, listing
    report = ok("agreement", db)
    line = f"{who}'s stance of Maria Okafor on «harbour» is now neutral, was favor when you kept it"
    assert line in report, report
    rows = json.loads(ok("agreement", db, "--json"))["changed_since_decided"]
    assert [r["why"] for r in rows] == [line]
    # decided again: the changed analyst's new polarity, credited to them alone
    again = ok("curate", db, "--keep", who, "--article", "1")
    assert "(decided again)" in again and "(article curated)" in again, again
    assert stances(db) == [("neutral", "accepted", f"analyst:{who}", who)]
    assert "changed since decided" not in ok("agreement", db)


def test_a_rejected_stance_whose_polarity_changed_is_flagged_too(tmp_path: Path) -> None:
    db = team(tmp_path, {"ana": "favor", "ben": "against"})
    ok("curate", db, "--reject", "ana", "--article", "1")
    ok("curate", db, "--reject", "ben", "--article", "1")
    ok("curate", db, "--accept-agreed", "--article", "1")
    before = ok("curate", db, "--article", "1")
    reimport(tmp_path, db, "ben", "neutral")
    report = ok("agreement", db)
    assert "ben's stance of Maria Okafor on «harbour» is now neutral, was against when you rejected it" in report, (before, report)
