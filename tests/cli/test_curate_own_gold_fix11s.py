"""fix11s (issue 11, user re-test F6) through the commands the user ran: gold imported without
--analyst (QUOTE with SPEAKER → «Okafor»), then ana and ben with --analyst (the same QUOTE with
SPEAKER → «Tom Brennan», CUE «told»). `curate` lists the quote as gold against the analysts,
`--accept-agreed` leaves it (and says how many and why in one line), no ⚠ anywhere, gold export
leaves the article out until the lead decides. Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_export_uncurated import run

TEXT = '"Nobody wants to rush this," Tom Brennan told reporters, while Maria Okafor said nothing at all.'
QUOTE = '"Nobody wants to rush this,"'


def _sp(sid: str, words: str, label: str) -> dict:
    start = TEXT.index(words)
    return {"id": sid, "start": start, "end": start + len(words), "text": words, "label": label, "status": "accepted"}


def _rel(rid: str, head: str, child: str, label: str) -> dict:
    return {"id": rid, "head": head, "child": child, "label": label, "status": "accepted"}


def _write(path: Path, spans: list[dict], relations: list[dict], status: str = "done") -> Path:
    path.write_text(json.dumps({"title": "Harbour vote", "text": TEXT, "status": status, "spans": spans,
                                "relations": relations}) + "\n", encoding="utf-8")
    return path


def team(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    gold = _write(tmp_path / "gold.jsonl", [_sp("q", QUOTE, "QUOTE"), _sp("s", "Okafor", "SPEAKER")], [_rel("r", "q", "s", "SPEAKER")],
                  status="new")  # the lead's own import: not marked done (that exports gold as it is)
    assert run("import", db, gold).exit_code == 0
    for name in ("ana", "ben"):
        layer = _write(tmp_path / f"{name}.jsonl", [_sp("q", QUOTE, "QUOTE"), _sp("s", "Tom Brennan", "SPEAKER"), _sp("c", "told", "CUE")],
                       [_rel("r1", "q", "s", "SPEAKER"), _rel("r2", "q", "c", "CUE")])
        result = run("import", db, layer, "--analyst", name)
        assert result.exit_code == 0, result.output
    return db


def test_curate_lists_gold_against_the_analysts_and_accept_agreed_leaves_it(tmp_path: Path) -> None:
    db = team(tmp_path)
    listing = run("curate", db)
    assert listing.exit_code == 0, listing.output
    line = listing.output.splitlines()[0]
    # fix11u: gold's own SPEAKER «Okafor», which both analysts left out, is the second (usertest11j F1); one name (F7)
    assert line.startswith("#1 «Harbour vote»: not curated yet, so not exported as gold — 2 disagreements (2 of them where gold "
                           "differs: gold's own version from before curation, unlike the analysts') and 2 agreed units "
                           "not decided yet: "), line  # fix11x (F5): no "0 units …" part
    # fix11ai: curate's words name its flags and the window's menu command, never the window's keys
    assert ("where gold held its own version, `--accept-agreed` and `--accept-single` leave them to you: "
            f"`annotator curate {db.name} --keep ANALYST --article 1` keeps that analyst's, `--reject ANALYST --article 1` "
            "rejects it, or keep gold's in the window's View → Curation…") in line  # fix11z
    result = run("curate", db, "--accept-agreed", "--by", "lead")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "#1: Curate: accept all 2 agreed units; 2 disagreements where gold differs left for you (gold held its own version "
        "there before curation: imported without --analyst, or decided by hand): "
        f"`annotator curate {db.name} --keep ANALYST --article 1` keeps that analyst's, `--reject ANALYST --article 1` rejects it, "
        "or keep gold's in the window's View → Curation…")  # fix11ak N1/N6: flags and the project, never keys
    agreement = run("agreement", db)
    assert agreement.exit_code == 0, agreement.output
    assert "linked to nothing" not in agreement.output and "kept without it" not in agreement.output
    assert "⚠" not in agreement.output
    again = run("curate", db)
    assert "2 disagreements (2 of them where gold differs: gold's own version from before curation" in again.output
    assert "linked to nothing" not in again.output
    out = tmp_path / "gold.out.jsonl"
    exported = run("export", db, "--format", "jsonl", "--output", out)
    assert exported.exit_code == 0, exported.output
    assert out.read_text(encoding="utf-8") == ""  # not curated: gold's Okafor is not passed off as the curated gold
    # --keep ana decides it as her digit key: gold's own version replaced by hers, article curated
    kept = run("curate", db, "--keep", "ana", "--article", 1, "--by", "lead")
    assert kept.output.splitlines()[0] == "#1: kept ana's version of 2 disagreements (ana has none at 1 of them: gold keeps nothing there) (article curated)", kept.output
    assert run("curate", db).output.splitlines()[0] == "#1 «Harbour vote»: curated (exported as gold)"
