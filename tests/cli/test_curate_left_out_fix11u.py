"""fix11u (issue 11, usertest11j F1) through the commands the user ran (t1/repro1c.sh): gold
imported without --analyst holds PERSON «Tom Brennan» and LOC «Riverton»; ana and ben (done) hold
only the PERSON. `curate` said "0 disagreements … nothing is left to decide", `--accept-agreed`
curated, export wrote LOC «Riverton» as curated gold. Now: one disagreement where gold differs,
left by --accept-agreed with why, not exported until decided; --keep takes the analysts' nothing.
Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_export_uncurated import run

TEXT = "Harbour chief Tom Brennan met Maria Okafor in Riverton."


def _team(tmp_path: Path) -> Path:
    db = tmp_path / "c.db"
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": TEXT, "spans": [{"start": 14, "end": 25, "label": "PERSON"},
                                                        {"start": 47, "end": 55, "label": "LOC"}]}) + "\n", encoding="utf-8")
    layer = tmp_path / "a.jsonl"
    layer.write_text(json.dumps({"text": TEXT, "status": "done", "spans": [{"start": 14, "end": 25, "label": "PERSON"}]}) + "\n",
                     encoding="utf-8")
    assert run("import", db, gold).exit_code == 0
    for name in ("ana", "ben"):
        assert run("import", db, layer, "--analyst", name).exit_code == 0
    return db


def _exported(db: Path, tmp_path: Path) -> list[tuple[str, str]]:
    out = tmp_path / "out.jsonl"
    result = run("export", db, "--format", "jsonl", "--output", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return sorted((TEXT[s["start"]:s["end"]], s["label"]) for r in rows for s in r["spans"])


def test_curate_accept_agreed_and_export_see_gold_span_both_left_out(tmp_path: Path) -> None:
    db = _team(tmp_path)
    listing = run("curate", db).output.splitlines()[0]
    assert "1 disagreement (1 of them where gold differs: gold's own version from before curation, unlike the analysts')" \
        in listing, listing  # was "0 disagreements … nothing is left to decide"
    accepted = run("curate", db, "--accept-agreed", "--by", "lead").output.splitlines()[0]
    assert accepted == ("#1: No agreed unit left to accept; 1 disagreement where gold differs left for you (gold held its own "
                        "version there before curation: imported without --analyst, or decided by hand): "
                        f"`annotator curate {Path(db).name} --keep ANALYST --article 1` keeps that analyst's, `--reject ANALYST "
                        "--article 1` rejects it, or keep gold's in the window's View → Curation…"), accepted  # was "… article curated"
    assert _exported(db, tmp_path) == []  # was: LOC «Riverton» written as curated gold
    kept = run("curate", db, "--keep", "ben", "--article", 1, "--by", "lead")
    assert kept.output.splitlines()[0] == "#1: decided 1 disagreement ben's way: ben marked nothing there, so gold keeps nothing (article curated)", kept.output
    assert run("curate", db).output.splitlines()[0].endswith(": curated (exported as gold)")
    assert _exported(db, tmp_path) == [("Tom Brennan", "PERSON")]


def test_merging_untouched_files_after_a_second_assign_lists_no_change(tmp_path: Path) -> None:
    """usertest11j F3 (t3/repro3b.sh): the article curated, `assign` again (the files hold gold's
    copies, other ids), the untouched files merged: it said "− PERSON «Tom Brennan», + PERSON «Tom
    Brennan»" and "1 unit changed since decided". The content is equal: no change listed, no
    decision changed; (fix11x) the files hold the analysts' own layers and statuses: the mark is kept."""
    db = tmp_path / "nd.db"
    layer = tmp_path / "d.jsonl"
    layer.write_text(json.dumps({"text": TEXT, "status": "done", "spans": [{"start": 14, "end": 25, "label": "PERSON"}]}) + "\n",
                     encoding="utf-8")
    for name in ("ana", "ben"):
        assert run("import", db, layer, "--analyst", name).exit_code == 0
    assert "(article curated)" in run("curate", db, "--accept-agreed", "--by", "lead").output
    team = tmp_path / "team"
    assigned = run("assign", db, "--analysts", "ana,ben", "--overlap", 1, "--output", team, "--seed", 1)
    assert assigned.exit_code == 0, assigned.output
    merged = run("merge", db, team / "ana.db", team / "ben.db")
    assert merged.exit_code == 0, merged.output
    out = merged.output
    assert "− PERSON" not in out and "+ PERSON" not in out and "changed since decided" not in out, out
    assert "added none" in out and "deleted none" in out, out
    # fix11x (usertest11k F2): the second assign hands each analyst their own layer and status
    # (done) back, so the untouched merge is a true no-op: no status moved, the curated mark kept
    assert "updated none" in out and "status changed" not in out and "not reviewed" not in out, out
    assert "no longer exported" not in out, out
    listing = run("curate", db).output
    assert "changed since decided" not in listing, listing
    again = run("merge", db, team / "ana.db", team / "ben.db").output  # a true no-op
    assert "updated none" in again and "added none" in again, again


def test_layer_all_export_says_gold_own_records_it_leaves_out_and_all_articles_round_trips(tmp_path: Path) -> None:
    """usertest11j F5 (t1/repro3c.sh): `export --layer all` left out the lead's own gold (imported
    without --analyst) of articles not curated yet, called it "gold undecided" and counted it in no
    "not written" line. Now it says what is not written, how many of which, and what keeps it; with
    --all-articles the file imported into a new project gives the same `curate` (round trip)."""
    db = _team(tmp_path)  # gold's own PERSON «Tom Brennan» (agreed) and LOC «Riverton» (both left it out)
    out = tmp_path / "all.jsonl"
    result = run("export", db, "--format", "jsonl", "--layer", "all", "--output", out)
    assert result.exit_code == 0, result.output
    assert "(not marked curated; curated means every unit decided" in result.stderr, result.stderr
    assert "gold undecided" not in result.stderr
    assert ("not written: 2 records of gold's own (imported without --analyst, or decided by hand before curation) of "
            "1 article not curated yet (#1): an import of this file starts their curation over — add --all-articles to "
            "keep them") in result.stderr, result.stderr
    kept = tmp_path / "kept.jsonl"
    result = run("export", db, "--format", "jsonl", "--layer", "all", "--all-articles", "--output", kept)
    assert result.exit_code == 0 and "not written:" not in result.stderr, result.stderr
    copy = tmp_path / "copy.db"
    assert run("import", copy, kept).exit_code == 0
    # the advice names the project file (fix11z: `annotator curate copy.db --keep ANALYST …`)
    listing = [line.replace(str(copy), "P").replace(copy.name, "P") for line in run("curate", copy).output.splitlines()]
    assert listing == [line.replace(str(db), "P").replace(db.name, "P") for line in run("curate", db).output.splitlines()]
    assert "1 disagreement (1 of them where gold differs" in listing[0], listing


def test_layer_all_jsonl_counts_the_curation_rejections_apart(tmp_path: Path) -> None:
    """Left from the last round: a JSONL `--layer all` export writes gold's records a curation
    decision rejected (its import reproduces the decisions) and summed them into "(accepted)"."""
    db = _team(tmp_path)
    assert run("curate", db, "--keep", "ben", "--article", 1, "--by", "lead").exit_code == 0  # LOC «Riverton» rejected
    result = run("export", db, "--format", "jsonl", "--layer", "all", "--output", tmp_path / "all.jsonl")
    assert result.exit_code == 0, result.output
    assert "Exported 1 article, 4 spans, 0 relations (accepted, layer all; among them 1 span a curation decision rejected)" \
        in result.stderr, result.stderr
    assert ("per layer: gold 1 article, 1 span, 0 relations, and 1 span a curation decision rejected (status rejected); "
            "ana 1 article, 1 span, 0 relations; ben 1 article, 1 span, 0 relations") in result.stderr, result.stderr


def test_import_counts_an_article_met_twice_in_one_import_once(tmp_path: Path) -> None:
    """Left from the last round (usertest11i 13): two copies of one article in one import (another
    annotator's file of it) were counted "1 already in the project" in a new file, and a repeated
    import counted 3 "already" of 2 articles."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps(r) + "\n" for r in (
        {"text": TEXT, "spans": []}, {"text": TEXT, "spans": [{"start": 14, "end": 25, "label": "PERSON"}]}, {"text": "Other."})),
        encoding="utf-8")
    db = tmp_path / "r.db"
    first = run("import", db, rows)
    assert first.exit_code == 0, first.output
    assert "Imported 2 new articles (0 already in the project; 1 more copy of them in the input, merged in), 1 span" \
        in first.output, first.output
    again = run("import", db, rows)
    assert "Imported 0 new articles (2 already in the project; 1 more copy of them in the input, merged in)" in again.output, again.output
    assert "the 2 articles already in the project kept all they had" in again.output, again.output
