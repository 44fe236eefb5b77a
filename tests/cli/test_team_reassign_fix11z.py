"""fix11z (issue 11, usertest11l N2): after a second ``assign``, an analyst new to an article got
gold's *curated* records, accepted, as their starting layer — marking the file done "agreed" with
gold (overall F1 0.571 → 0.657 in t24/r24b.sh) and merging it untouched withdrew the curated mark
as "1 unit changed since decided". An analyst new to an article now gets exactly what a first
``assign`` gave: gold as it was before any curation decision (the machine's suggestions pending,
the lead's hand decisions and gold's own imported records from before the team), rebuilt from the
change log; merging their untouched file says why the mark goes (they have not reviewed it yet)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from annotator.domain import commands
from annotator.domain.model import ArticleStatus, Status
from annotator.storage.curation_state import curation_states
from annotator.storage.project import Project
from tests.cli.test_curate_single_fix11z import _doc as _quoted  # the one-quote, one-stance document (one builder for both files)
from tests.cli.test_export_uncurated import run
from tests.ui.test_window_support import make_project

OWN = "Own gold article here, about Reuters."


def _records(path: Path) -> dict[str, tuple]:
    """text hash → (status, spans, relations, stances, tags) of the file, every field that says what
    and whose (not the time stamps, which an import may not keep)."""
    out = {}
    with Project.open(path, create=False) as p:
        for article_id in p.article_ids():
            b = p.bundle(article_id)
            out[b.article.text_hash] = (
                b.article.status.value,
                sorted((s.id, s.start, s.end, s.label, s.status.value, s.origin, json.dumps(s.attrs, sort_keys=True)) for s in b.spans),
                sorted((r.id, r.head, r.child, r.label, r.status.value, r.origin) for r in b.relations),
                sorted((st.id, st.holder, st.target, st.polarity, st.status.value) for st in b.stances),
                sorted(t.tag for t in b.tags))
    return out


def _team(tmp_path: Path) -> Path:
    """news.db: 3 articles with machine suggestions (one accepted by the lead before assign) and one
    imported without --analyst (gold's own ORG «Reuters»); assigned to ana, ben (overlap 1); ana
    accepts every suggestion, ben the first of each article; both mark all done; merged; curated
    (ana's kept, agreed accepted). The first assign's ana.db is kept as first_ana.db."""
    news = tmp_path / "news.db"
    p = make_project(news)
    first = p.spans(1)[0]
    p.apply(commands.set_status(commands.records(p.spans(1), p.relations(1)), [first], Status.ACCEPTED), by="lead")
    p.close()
    (tmp_path / "g.jsonl").write_text(json.dumps({"text": OWN, "spans": [{"start": 30, "end": 37, "label": "ORG"}]}) + "\n",
                                      encoding="utf-8")
    assert run("import", news, tmp_path / "g.jsonl").exit_code == 0
    assert run("assign", news, "--analysts", "ana,ben", "--overlap", 1, "--output", tmp_path / "r1", "--seed", 1).exit_code == 0
    shutil.copy(tmp_path / "r1" / "ana.db", tmp_path / "first_ana.db")
    for name in ("ana", "ben"):
        with Project.open(tmp_path / "r1" / f"{name}.db", create=False) as f:
            for article_id in f.article_ids():
                pending = [s for s in f.spans(article_id) if s.status == Status.SUGGESTED]
                if pending:
                    f.apply(commands.set_status(commands.records(f.spans(article_id), f.relations(article_id)),
                                                pending if name == "ana" else pending[:1], Status.ACCEPTED), by=name)
                f.set_article_status(article_id, ArticleStatus.DONE, by=name)
    assert run("merge", news, tmp_path / "r1" / "ana.db", tmp_path / "r1" / "ben.db").exit_code == 0
    for article_id in (1, 2, 3, 4):
        assert run("curate", news, "--keep", "ana", "--article", article_id).exit_code == 0
    assert run("curate", news, "--accept-agreed").exit_code == 0
    with Project.open(news) as p:
        assert [s.curated for s in curation_states(p)] == [True] * 4
    return news


def test_an_analyst_new_to_a_curated_article_gets_what_a_first_assign_gave(tmp_path: Path) -> None:
    news = _team(tmp_path)
    assigned = run("assign", news, "--analysts", "ana,ben,cy", "--overlap", 1, "--per-article", 3,
                   "--output", tmp_path / "r2", "--seed", 1)
    assert assigned.exit_code == 0, assigned.output
    first, cy = _records(tmp_path / "first_ana.db"), _records(tmp_path / "r2" / "cy.db")
    assert cy == first  # the same records, ids, statuses, origins and attributes as the first assign handed out
    spans = [s for article in cy.values() for s in article[1]]
    assert not any('"curation"' in s[6] for s in spans)  # no decision of the curation handed out
    statuses = sorted(s[4] for s in spans)
    # the machine's 9 suggestions pending but the one the lead accepted before assign, and gold's own ORG
    assert statuses == ["accepted", "accepted"] + ["suggested"] * 8, statuses
    assert {a[0] for a in cy.values()} == {"new"}
    # the old analysts still get their own layers back (fix11x)
    with Project.open(news) as p:
        ana = sorted((s.start, s.end, s.label, s.status.value) for a in p.layer_article_ids("ana") for s in p.spans(a, analyst="ana"))
    with Project.open(tmp_path / "r2" / "ana.db") as f:
        assert sorted((s.start, s.end, s.label, s.status.value) for a in f.article_ids() for s in f.spans(a)) == ana


def test_merging_a_new_analysts_untouched_file_says_exactly_why_the_mark_goes(tmp_path: Path) -> None:
    news = _team(tmp_path)
    assert run("assign", news, "--analysts", "ana,ben,cy", "--overlap", 1, "--per-article", 3,
               "--output", tmp_path / "r2", "--seed", 1).exit_code == 0
    merged = run("merge", news, *(tmp_path / "r2" / f"{n}.db" for n in ("ana", "ben", "cy")))
    assert merged.exit_code == 0, merged.output
    lines = merged.stdout.splitlines()
    assert lines[0] == "Merged ana (" + str(tmp_path / "r2" / "ana.db") + "): 4 articles (none new to the team project); added none; updated none; deleted none"
    why = ("cy, given it after it was curated, has not reviewed it yet (status new in their file): their layer is what "
           "assign handed out — curate it again once their reviewed file is merged")
    assert lines[2].endswith("added 10 spans; updated none; deleted none; 4 curated articles changed, no longer exported as gold "
                             f"until curated again: #1 ({why}), #2 ({why}), #3 ({why}), #4 ({why})"), lines[2]
    listing = run("curate", news, "--article", 4).stdout.splitlines()
    assert listing[0] == ("#4 «Own gold article here, about Reuters.»: not curated yet, so not exported as gold — nothing left "
                          "to decide; cy has not reviewed it (status new in their file): their layer is what they were given, "
                          "not their answer — have them review it and merge their file again")


T1 = "Harbour chief Tom Brennan met Maria Okafor in Riverton."
T2 = "Mayor Lena Ortiz said the plan is fully funded."


def _doc(text: str, spans: list[tuple[int, int, str]]) -> str:
    return json.dumps({"text": text, "status": "done", "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}) + "\n"


def test_a_new_analyst_who_only_marks_done_does_not_raise_agreement(tmp_path: Path) -> None:
    """t24/r24b.sh: ana and ben disagree on #1 (PERSON/ORG «Tom Brennan», ben's extra PERSON), agree
    on #2; curated. cy is given #1 by a second assign and only marks it done: cy's answer is
    "nothing there" (a first assign had no suggestion here), not a copy of the curated gold."""
    (tmp_path / "a.jsonl").write_text(_doc(T1, [(14, 25, "PERSON"), (46, 54, "LOC")]) + _doc(T2, [(6, 16, "PERSON")]), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_doc(T1, [(14, 25, "ORG"), (46, 54, "LOC"), (30, 42, "PERSON")]) + _doc(T2, [(6, 16, "PERSON")]),
                                      encoding="utf-8")
    team = tmp_path / "p.db"
    assert run("import", team, tmp_path / "a.jsonl", "--analyst", "ana").exit_code == 0
    assert run("import", team, tmp_path / "b.jsonl", "--analyst", "ben").exit_code == 0
    assert run("curate", team, "--keep", "ana", "--article", 1).exit_code == 0
    assert run("curate", team, "--accept-agreed").exit_code == 0
    before = json.loads(run("agreement", team, "--json").stdout)
    assert run("assign", team, "--analysts", "ana,ben,cy", "--overlap", 1, "--per-article", 3,
               "--output", tmp_path / "r2", "--seed", 2).exit_code == 0
    with Project.open(tmp_path / "r2" / "cy.db", create=False) as f:
        assert [s for a in f.article_ids() for s in f.spans(a)] == []  # gold before curation: nothing
        for a in f.article_ids():
            f.set_article_status(a, ArticleStatus.DONE, by="cy")
    assert run("merge", team, tmp_path / "r2" / "cy.db").exit_code == 0
    after = run("agreement", team)
    overall = [line for line in after.stdout.splitlines() if line.startswith("overall ")]
    # pairs: ana/ben 2 matches of 3 + 4 spans = 0.571; ana/cy and ben/cy nothing matched = 0; mean 0.190
    assert overall[0].split()[1] == "0.190", after.stdout
    text = run("agreement", team, "--json").stdout
    assert before != json.loads(text)


def test_gold_own_links_and_stance_come_back_as_before_the_keep_that_replaced_them(tmp_path: Path) -> None:
    """Gold imported without --analyst holds an ORG «Tom Brennan» with SPEAKER link and stance; ana's
    PERSON is kept (gold's ORG rejected, the link moved, the stance rewritten). cy, new to the article,
    gets gold's own ORG, its links and stance as an assign before curation handed them out."""
    (tmp_path / "g.jsonl").write_text(_quoted("ORG"), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(_quoted("PERSON", status="done"), encoding="utf-8")
    db = tmp_path / "S.db"
    assert run("import", db, tmp_path / "g.jsonl").exit_code == 0
    assert run("assign", db, "--analysts", "ana,cy", "--overlap", 1, "--output", tmp_path / "before", "--seed", 1).exit_code == 0
    assert run("import", db, tmp_path / "a.jsonl", "--analyst", "ana").exit_code == 0
    assert run("curate", db, "--keep", "ana", "--article", 1).exit_code == 0
    with Project.open(db) as p:
        assert [s.curated for s in curation_states(p)] == [True]
        assert sorted((s.label, s.status.value) for s in p.spans(1) if s.start == 15) == [("ORG", "rejected"), ("PERSON", "accepted")]
    assert run("assign", db, "--analysts", "ana,cy", "--overlap", 1, "--output", tmp_path / "after", "--seed", 1).exit_code == 0
    after = tmp_path / "after" / "cy.db"
    first, cy = _records(tmp_path / "before" / "cy.db"), _records(after)
    assert cy == first
    [(status, spans, relations, stances, _tags)] = cy.values()
    assert sorted((s[3], s[4]) for s in spans) == [("CUE", "accepted"), ("ORG", "accepted"), ("QUOTE", "accepted"), ("QUOTE", "accepted")]
    assert len(relations) == 3 and len(stances) == 1
