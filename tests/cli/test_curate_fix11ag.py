"""fix11ag (issue 11, last user test) from the shell: P1 (a stance both analysts made is both
analysts' in gold, whichever --keep decided its disputed speaker), P3 (``curate --keep`` never
says "left to decide" of a stance it decided in the same run) and P7 (3 analysts, 2 agree: --keep
cy credits only cy where cy differs; a second --keep ana names what was decided otherwise, and
--redecide decides it again, said, in the change log). Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage.project import Project
from tests.cli.test_curate_stances_fix11y import ok, rec, write
from tests.cli.test_export_uncurated import run


def team(tmp_path: Path, layers: dict[str, dict]) -> Path:
    db = tmp_path / "team.db"
    for name, record in layers.items():
        ok("import", db, write(tmp_path / f"{name}.jsonl", record), "--analyst", name)
    return db


def gold(db: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The gold export (every status): accepted spans' (label, origin), accepted stances' (polarity, origin, kept)."""
    (record,) = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--all-articles",
                                                 "--output", "-").splitlines() if line.startswith("{")]
    spans = sorted((s["label"], s.get("origin", "")) for s in record["spans"] if s.get("status", "accepted") == "accepted")
    stances = sorted((s["polarity"], s.get("origin", ""), s.get("attrs", {}).get("curation", {}).get("kept", ""))
                     for s in (record.get("doc") or {}).get("stances", []) if s.get("status", "accepted") == "accepted")
    return spans, stances


def test_p1_keep_on_a_disputed_speaker_credits_both_analysts_with_their_equal_stance(tmp_path: Path) -> None:
    """ana PERSON, ben ORG for the speaker; the same quote and stance. --keep ben, then
    --accept-agreed: the stance and the quote are ana's and ben's, the speaker ben's alone."""
    for keep in ("ben", "ana"):
        fresh = tmp_path / keep
        fresh.mkdir()
        db = team(fresh, {"ana": rec(), "ben": rec(label="ORG")})
        ok("curate", db, "--keep", keep, "--article", "1", "--by", "lead")
        ok("curate", db, "--accept-agreed", "--article", "1", "--by", "lead")
        spans, stances = gold(db)
        assert stances == [("favor", "analyst:ana,ben", "all")], (keep, stances)
        assert ("QUOTE", "analyst:ana,ben") in spans
        assert ("ORG" if keep == "ben" else "PERSON", f"analyst:{keep}") in spans


def test_p3_keep_never_says_left_to_decide_of_a_stance_it_decided(tmp_path: Path) -> None:
    """ana's quote ends one character early (a disagreement), the stances differ in polarity:
    --keep ana keeps her quote (which leaves the stance) and then her stance — one line says both."""
    short = rec()
    short["spans"][0]["end"] -= 1
    db = team(tmp_path, {"ana": short, "ben": rec(stance="against")})
    out = ok("curate", db, "--keep", "ana", "--article", "1", "--by", "lead")
    assert out.splitlines()[0] == "#1: kept ana's version of 2 disagreements (article curated)", out
    assert "left to decide" not in out, out
    assert gold(db)[1] == [("favor", "analyst:ana", "ana")]


def test_p7_keep_again_names_what_was_decided_otherwise_and_redecide_decides_it(tmp_path: Path) -> None:
    """ana and ben: PERSON and favor; cy: ORG and against. --keep cy: cy's speaker and stance, the
    quote all three's. --keep ana: nothing overturned, the two named with the flag. --keep ana
    --redecide: both decided again, each said "was cy's, now ana's and ben's", in the change log."""
    db = team(tmp_path, {"ana": rec(), "ben": rec(), "cy": rec(label="ORG", stance="against")})
    first = ok("curate", db, "--keep", "cy", "--article", "1", "--by", "lead")
    assert first.splitlines()[0] == "#1: kept cy's version of 2 disagreements (article curated)", first
    spans, stances = gold(db)
    assert ("ORG", "analyst:cy") in spans and ("QUOTE", "analyst:ana,ben,cy") in spans
    assert stances == [("against", "analyst:cy", "cy")]
    again = ok("curate", db, "--keep", "ana", "--article", "1", "--by", "lead")
    assert ("  2 disagreements decided before otherwise, left as decided: ORG/PERSON «Tom Brennan» (cy's); "
            "the stance of Tom Brennan on «harbour» (cy's) — `--keep ana --redecide --article 1` decides them again ana's way") \
        in again.splitlines(), again
    assert gold(db)[1] == [("against", "analyst:cy", "cy")]  # nothing overturned without the flag
    with Project.open(db) as project:
        logged = len(project.history(article_id=1))
    redone = ok("curate", db, "--keep", "ana", "--redecide", "--article", "1", "--by", "lead")
    lines = redone.splitlines()
    assert lines[0] == "#1: kept ana's version of 2 decisions made before (decided again)", redone
    assert lines[1:3] == ["  ORG/PERSON «Tom Brennan»: was cy's, now ana's and ben's",
                          "  the stance of Tom Brennan on «harbour»: was cy's, now ana's and ben's"], redone
    spans, stances = gold(db)
    assert ("PERSON", "analyst:ana,ben") in spans and ("ORG", "analyst:cy") not in spans
    assert stances == [("favor", "analyst:ana,ben", "ana")]
    with Project.open(db) as project:
        assert len(project.history(article_id=1)) > logged  # each decision in the change log
    # a third run has nothing to change, and says nothing was decided otherwise
    third = ok("curate", db, "--keep", "ana", "--redecide", "--article", "1", "--by", "lead")
    assert third.splitlines()[0] == "#1: nothing to keep: no disagreement and no ⚠ decision is left undecided", third


def test_p7_redecide_needs_keep(tmp_path: Path) -> None:
    db = team(tmp_path, {"ana": rec(), "ben": rec(label="ORG")})
    result = run("curate", db, "--redecide", "--article", "1")
    assert result.exit_code != 0 and "give --keep ANALYST with it" in result.output


def test_p4_p5_p8_accept_agreed_names_flags_only_and_every_disagreement_left(tmp_path: Path) -> None:
    """The holder and the stance disputed (ana PERSON favor, ben ORG against): --accept-agreed says
    what it leaves — the holder and the stance, named — and how to go on in flags, no window key;
    --accept-single on the shared article likewise."""
    import re

    from tests.ui.test_curation_tab_order_fix11ag import holder_and_stance_disputed

    project, aid = holder_and_stance_disputed(tmp_path / "team.db")
    project.close()
    db = tmp_path / "team.db"
    out = ok("curate", db, "--accept-agreed", "--article", str(aid), "--by", "lead")
    line = out.splitlines()[0]
    assert "1 disagreement left to decide: ORG/PERSON «Maria Okafor»" in line, out
    assert "1 stance left to decide: Maria Okafor on «harbour» (ana favor, ben against)" in line, out
    # fix11ak N6: the command it suggests names the project file
    assert f"`annotator curate team.db --keep ANALYST --article {aid}` keeps that analyst's version of each" in line, out
    keys = re.compile(r"\bTab\b|1…9|\(X\)|X rejects|Ctrl\+Return")
    assert not keys.search(line), line
    single = ok("curate", db, "--accept-single", "--article", str(aid), "--by", "lead").splitlines()[0]
    assert single.endswith(f"(--accept-agreed) and each disagreement (--keep ANALYST --article {aid})"), single
    assert not keys.search(single), single
