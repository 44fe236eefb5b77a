"""fix11ac (issue 11, usertest11n N1, N3) through ``annotator curate``. Hand-written text
(usertest11m t20/t40's), no corpus.

N1 (t50/r54.sh L2): ana marks PERSON «Maria Okafor» and a stance of hers; ben holds the same stance
by name only. ``--keep ben --article 1`` then ``--accept-agreed``: "No agreed unit left to accept",
while ``curate`` still advised ``--accept-agreed`` and nothing finished the article. Now the stance
is kept by name, as ben names it, and the article is curated.
N3 (t40/r44 S2x): gold import plus one analyst, ``Tab X``, then ``--keep ana --article 1`` printed
"kept ana's version of 1 disagreement" and "Not kept: no unit only ana was given is left undecided"."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import curation
from annotator.storage.project import Project
from tests.cli.test_curate_stances_fix11y import _at, ok, rec, write


def hm_files(tmp_path: Path) -> tuple[Path, Path]:
    base = rec(stance=None)
    m = _at("Maria Okafor")
    ana = json.loads(json.dumps(base))
    ana["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
    ana["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "m", "target": "harbour", "polarity": "favor", "evidence": "q1"}]}
    ben = json.loads(json.dumps(base))
    ben["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "", "target": "harbour", "polarity": "favor", "evidence": "q1"}]}
    return write(tmp_path / "hm_a.jsonl", ana), write(tmp_path / "hm_b.jsonl", ben)


def test_r54_keep_ben_then_accept_agreed_curates_with_the_stance_by_name(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    a, b = hm_files(tmp_path)
    ok("import", db, a, "--analyst", "ana")
    ok("import", db, b, "--analyst", "ben")
    ok("curate", db, "--keep", "ben", "--article", "1")
    listed = ok("curate", db)
    assert "agreed units not decided yet" in listed and "--accept-agreed" in listed, listed
    accepted = ok("curate", db, "--accept-agreed")
    assert "No agreed unit left" not in accepted and "not accepted" not in accepted, accepted
    assert "(article curated)" in accepted, accepted
    assert "curated (exported as gold)" in ok("curate", db)
    everything = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--output", "-").splitlines()
                  if line.startswith("{")]
    stances = [(s["holder"], s["status"], s.get("holder_span", "")) for s in everything[0]["doc"]["stances"]]
    assert stances == [("Maria Okafor", "accepted", "")]


def test_r44_keep_after_x_says_one_thing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "g_org.jsonl", rec(label="ORG", status=None)))
    ok("import", db, write(tmp_path / "a_eq.jsonl", rec()), "--analyst", "ana")
    with Project.open(db) as project:  # the view's Tab X on the holder's unit
        st = curation.ArticleCuration(curation.curation_input(project, 1, ["ana"]))
        unit = next(u for u in st.alignment.units if {"PERSON", "ORG"} & set(u.labels))
        project.apply(st.reject(unit.key, by="lead"), by="lead")
    kept = ok("curate", db, "--keep", "ana", "--article", "1")
    assert "#1: kept ana's version of 1 disagreement" in kept, kept
    assert "Not kept" not in kept, kept
