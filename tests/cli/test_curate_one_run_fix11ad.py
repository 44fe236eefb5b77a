"""fix11ad (issue 11, fix11ac's loose end 2) through ``annotator curate``: after X on the holder
both analysts marked (PERSON «Maria Okafor», the view's decision: written here through the same
domain call), one ``--accept-agreed`` run keeps the quote and rejects the agreed stance with its
holder, and the article is curated — fix11ac needed a second run. Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import curation
from annotator.storage.project import Project
from tests.cli.test_curate_stances_fix11y import _at, ok, rec, write


def test_x_on_the_holder_then_one_accept_agreed_curates(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    m = _at("Maria Okafor")
    record = rec(stance=None)
    record["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
    record["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "m", "target": "harbour", "polarity": "favor", "evidence": "q1"}]}
    for name in ("ana", "ben"):
        ok("import", db, write(tmp_path / f"{name}.jsonl", record), "--analyst", name)
    with Project.open(db) as project:
        st = curation.ArticleCuration(curation.curation_input(project, 1, ["ana", "ben"]))
        maria = next(u for u in st.alignment.units if u.labels == ("PERSON",) and (u.start, u.end) == m)
        project.apply(st.reject(maria.key, by="lead"), by="lead")
    before = ok("curate", db)
    assert "1 agreed unit" in before or "agreed units not decided yet" in before, before
    accepted = ok("curate", db, "--accept-agreed")
    assert "its stance of Maria Okafor favor «harbour» rejected in gold (its holder «Maria Okafor» is not kept)" in accepted, accepted
    assert "(article curated)" in accepted and "not accepted" not in accepted, accepted
    assert "curated (exported as gold)" in ok("curate", db)
    everything = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--output", "-").splitlines()
                  if line.startswith("{")]
    assert [(s["holder"], s["status"]) for s in everything[0]["doc"]["stances"]] == [("Maria Okafor", "rejected")]
