"""Issue 11 user test (cur11ui 5, 6): a merge's withdrawal of a curated mark says who withdrew it,
and the merge summary counts each withdrawn article once (it was counted in the line of every file
that changed it: two analysts' files changing one curated article said "1 curated article changed"
twice, 2 for 1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_curate_fix11e import _curate_fully, _mark, _move, _team_of_two


def _log(team: Path, kind: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(team)
    try:
        return con.execute("SELECT action, by FROM changes WHERE kind = ? ORDER BY rowid", [kind]).fetchall()
    finally:
        con.close()


def test_two_files_changing_one_curated_article_count_its_withdrawal_once_and_name_the_merge(tmp_path: Path) -> None:
    team, ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    withdrawals_before = [a for a, _ in _log(team, "article") if a.startswith("Withdraw")]
    _move(ana, _text(0), "GPE", "Berlin on")  # both analysts move their GPE: one unit, changed since decided
    _move(cy, _text(0), "GPE", "Berlin on")
    _mark(cy, _text(0), "Article", "ORG")  # and cy adds a unit: new, not decided
    merged = run("merge", team, ana, cy, "--json")
    assert merged.exit_code == 0, merged.output
    ana_s, cy_s = json.loads(merged.stdout)
    # the right counts, by hand: ana's file updated 1 span (GPE moved), kept 1 (PERSON); cy's updated 1,
    # added 1 (ORG), kept 2 (both PERSONs); nothing deleted
    assert (ana_s["added"], ana_s["updated"], ana_s["deleted"], ana_s["unchanged"]) == ({}, {"span": 1}, {}, {"span": 1})
    assert (cy_s["added"], cy_s["updated"], cy_s["deleted"], cy_s["unchanged"]) == ({"span": 1}, {"span": 1}, {}, {"span": 2})
    why = "1 disagreement not decided yet and 1 unit changed since decided"
    assert ana_s["curate_again"] == {str(first): why} and ana_s["also_changed"] == {}
    assert cy_s["curate_again"] == {} and cy_s["also_changed"] == {str(first): "ana"}
    # one article withdrawn: once in the log, once in the counts
    withdrawals = [(a, b) for a, b in _log(team, "article") if a.startswith("Withdraw")][len(withdrawals_before):]
    assert len(withdrawals) == sum(len(s["curate_again"]) for s in (ana_s, cy_s)) == 1
    lines = merged.stderr.splitlines()
    assert sum(line.count("1 curated article changed") for line in lines) == 1
    cy_line = next(line for line in lines if line.startswith("Merged cy"))  # fix11j: each file's line is followed by what changed
    assert cy_line.endswith(f"changed too, already counted above: #{first} (counted with ana's)")
    # 5: the withdrawal names who withdrew it — the merge, its analysts and files — not ""
    assert withdrawals[0][1] == "merge:ana,cy (ana.db, cy.db)"
    con = sqlite3.connect(team)
    meta = json.loads(con.execute("SELECT meta FROM articles WHERE id = ?", [first]).fetchone()[0])
    con.close()
    assert meta["curation"]["withdrawn_by"] == "merge:ana,cy (ana.db, cy.db)"
    # every layer row this merge logged names its merge too
    assert {b for a, b in _log(team, "layer_span") if a.startswith("merge cy.db")} == {"merge:cy"}


def test_a_merge_given_by_names_the_person_and_the_merge(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _mark(cy, _text(0), "Article", "ORG")
    logged_before = len(_log(team, "layer_span"))
    merged = run("merge", team, cy, "--by", "lead")
    assert merged.exit_code == 0 and "1 curated article changed" in merged.stdout, merged.output
    assert [b for a, b in _log(team, "article") if a.startswith("Withdraw")] == ["lead (merge:cy: cy.db)"]
    assert {b for _a, b in _log(team, "layer_span")[logged_before:]} == {"lead"}


def _relabel(path: Path, label: str, new: str) -> None:
    import dataclasses

    from annotator.domain.edits import Change, Edit
    from annotator.storage.project import Project

    with Project.open(path) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == _text(0))
        old = next(s for s in p.bundle(aid).spans if s.label == label)
        p.apply(Edit("relabel", (Change(old, dataclasses.replace(old, label=new)),)), by="analyst")


def test_keep_counts_the_label_conflicts_a_newer_merge_made_and_decides_them(tmp_path: Path) -> None:
    """cur11ui 7: ana and cy agreed on Berlin GPE (curated); cy's newer file calls it LOC and adds an
    ORG. `--keep cy` read "kept cy's version of 0 disagreements" and left the ⚠ label conflict."""
    from annotator.storage.curation_state import state_of
    from annotator.storage.project import Project

    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _relabel(cy, "GPE", "LOC")
    _mark(cy, _text(0), "Article", "ORG")
    assert run("merge", team, cy).exit_code == 0
    with Project.open(team) as p:
        before = state_of(p, first)
    assert (before.disagreements, before.changed) == (1, 1)
    kept = run("curate", team, "--article", first, "--keep", "cy")
    assert kept.exit_code == 0, kept.output
    assert kept.stdout.splitlines()[0] == (f"#{first}: kept cy's version of 1 disagreement and 1 decision ⚠ changed since "
                                           "decided (decided again) (article curated)")
    assert kept.stdout.splitlines()[-2].endswith(": curated (exported as gold)")
    out = tmp_path / "gold.jsonl"
    assert run("export", team, "--format", "jsonl", "--output", out).exit_code == 0
    doc = next(d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if d["text"] == _text(0))
    assert sorted(f"{doc['text'][s['start']:s['end']]}/{s['label']}" for s in doc["spans"]) == [
        "Angela Merkel/PERSON", "Article/ORG", "Berlin/LOC", "Olaf Scholz/PERSON"]
