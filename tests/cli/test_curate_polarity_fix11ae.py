"""fix11ae (issue 11, usertest11o O1, O2c, O4) through ``annotator curate``: ana's stance of Maria
Okafor is *favor*, ben's *against*. ``--accept-agreed`` wrote ana's favor into gold "kept by all";
``--keep ben`` before it skipped the stance advising "(Tab to it)", after it said "nothing to
keep". Now --accept-agreed leaves the stance a disagreement, --keep ben decides it (ben's origin),
and the advice names flags. Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_curate_stances_fix11y import _at, ok, rec, write


def team(tmp_path: Path, polarities: dict[str, str]) -> Path:
    db = tmp_path / "p.db"
    m = _at("Maria Okafor")
    for name, polarity in polarities.items():
        record = rec(stance=None)
        record["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
        record["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "m", "target": "harbour", "polarity": polarity,
                                      "evidence": "q1"}]}
        ok("import", db, write(tmp_path / f"{name}.jsonl", record), "--analyst", name)
    return db


def stances(db: Path) -> list[tuple[str, str, str, str]]:
    rows = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--output", "-").splitlines()
            if line.startswith("{")]
    return sorted((s["polarity"], s["status"], s["origin"], s["attrs"].get("curation", {}).get("kept", ""))
                  for r in rows for s in r["doc"].get("stances", []))


@pytest.mark.parametrize("polarities", [{"ana": "favor", "ben": "against"},
                                        {"ana": "against", "ben": "favor", "cy": "favor"}], ids=["two", "three"])
def test_accept_agreed_leaves_the_polarity_disagreement_and_keep_ben_decides_it(tmp_path: Path, polarities: dict) -> None:
    db = team(tmp_path, polarities)
    assert "1 disagreement" in ok("curate", db)
    accepted = ok("curate", db, "--accept-agreed")
    # fix11ag P5/P8: every stance left named with its analysts' polarities, and the flag that decides it
    assert "1 stance left to decide: Maria Okafor on «harbour» (" in accepted, accepted
    assert f"`annotator curate {Path(db).name} --keep ANALYST --article 1` keeps that analyst's version of each" in accepted, accepted  # fix11ak N6
    assert "(article curated)" not in accepted
    assert stances(db) == []  # nothing written for the stance: no side taken
    after = ok("curate", db)
    assert "1 disagreement" in after and "curated (exported as gold)" not in after, after
    kept = ok("curate", db, "--keep", "ben", "--article", "1")
    assert "kept ben's version of 1 disagreement" in kept, kept
    # fix11ag P1/P7: cy's stance equal to ben's (the "three" case) is credited too
    equal = [a for a, pol in polarities.items() if pol == polarities["ben"]]
    assert stances(db) == [(polarities["ben"], "accepted", "analyst:" + ",".join(equal), "ben")]
    assert "curated (exported as gold)" in ok("curate", db)


def test_keep_ben_before_the_agreed_quote_keeps_his_stance_and_the_quote(tmp_path: Path) -> None:
    """O1/O2c (hmpm, hmdi8): --keep ben first skipped the stance "(Tab to it)" — a window key, and
    Tab never reaches an agreed quote; --accept-agreed then took ana's favor. Now --keep ben keeps
    his stance and accepts the agreed quote (and holder) it rests on, said by name."""
    db = team(tmp_path, {"ana": "favor", "ben": "against"})
    said = ok("curate", db, "--keep", "ben", "--article", "1")
    assert "kept ben's version of 1 disagreement" in said, said
    assert "the stance of Maria Okafor on «harbour»: its QUOTE «\"The harbour,\"» kept in gold (agreed by all)" in said, said
    assert "skipped" not in said and "Tab" not in said.splitlines()[0]
    assert stances(db) == [("against", "accepted", "analyst:ben", "ben")]
