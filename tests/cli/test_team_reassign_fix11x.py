"""fix11x (issue 11, usertest11k F2): a second ``assign`` after curation hands each analyst who
already has a layer their OWN layer back (records, decisions, status), so merging the untouched
files changes nothing; a new analyst gets what a first ``assign`` gives (gold's layer before
curation, status new: fix11z)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage.curation_state import curation_states
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run

TEXT = "Harbour chief Tom Brennan met Maria Okafor in Riverton."


def _line(spans: list[tuple[int, int, str]]) -> str:
    return json.dumps({"text": TEXT, "status": "done",
                       "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]}) + "\n"


def _curated_team(tmp_path: Path) -> Path:
    """t8/repro8.sh: ana PERSON «Tom Brennan» + LOC; ben ORG «Tom Brennan» + LOC + PERSON «Maria
    Okafor» (both done); the lead keeps ana's and accepts the agreed: curated."""
    (tmp_path / "a.jsonl").write_text(_line([(14, 25, "PERSON"), (46, 54, "LOC")]), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_line([(14, 25, "ORG"), (46, 54, "LOC"), (30, 42, "PERSON")]), encoding="utf-8")
    team = tmp_path / "p.db"
    assert run("import", team, tmp_path / "a.jsonl", "--analyst", "ana").exit_code == 0
    assert run("import", team, tmp_path / "b.jsonl", "--analyst", "ben").exit_code == 0
    assert run("curate", team, "--keep", "ana", "--article", 1).exit_code == 0
    assert run("curate", team, "--accept-agreed").exit_code == 0
    with Project.open(team) as p:
        assert [s.curated for s in curation_states(p)] == [True]
    return team


def _layer(team: Path, analyst: str) -> list[tuple[str, str, str]]:
    with Project.open(team) as p:
        return sorted((TEXT[s.start:s.end], s.label, s.status.value) for s in p.spans(1, analyst=analyst))


def _file(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    with Project.open(path) as p:
        (article_id,) = p.article_ids()
        return (p.article(article_id).status.value,
                sorted((TEXT[s.start:s.end], s.label, s.status.value) for s in p.spans(article_id)))


def test_a_second_assign_hands_each_analyst_their_own_layer_and_an_untouched_merge_changes_nothing(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    ana, ben = _layer(team, "ana"), _layer(team, "ben")
    assert ben == [("Maria Okafor", "PERSON", "accepted"), ("Riverton", "LOC", "accepted"), ("Tom Brennan", "ORG", "accepted")]
    assigned = run("assign", team, "--analysts", "ana,ben", "--overlap", 1, "--output", tmp_path / "team2", "--seed", 1)
    assert assigned.exit_code == 0, assigned.output
    # each file holds the analyst's own answers and status, not gold's curated version
    assert _file(tmp_path / "team2" / "ben.db") == ("done", ben)
    assert _file(tmp_path / "team2" / "ana.db") == ("done", ana)
    merged = run("merge", team, tmp_path / "team2" / "ana.db", tmp_path / "team2" / "ben.db")
    assert merged.exit_code == 0, merged.output
    assert "−" not in merged.stdout and "+ " not in merged.stdout, merged.stdout
    assert "added none; updated none; deleted none" in merged.stdout, merged.stdout
    assert "curate again" not in merged.stdout and "no longer exported" not in merged.stdout, merged.stdout
    assert _layer(team, "ana") == ana and _layer(team, "ben") == ben
    with Project.open(team) as p:
        assert [s.curated for s in curation_states(p)] == [True]  # the curated mark kept


def test_a_new_analyst_in_a_second_assign_gets_gold_as_a_first_assign_gives(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    with Project.open(team) as p:
        gold = sorted((TEXT[s.start:s.end], s.label, s.status.value) for s in p.spans(1))
    assert ("Tom Brennan", "PERSON", "accepted") in gold  # the curated version (ana's kept)
    assigned = run("assign", team, "--analysts", "ana,ben,cy", "--overlap", 1, "--per-article", 3,
                   "--output", tmp_path / "team3", "--seed", 1)
    assert assigned.exit_code == 0, assigned.output
    # fix11z (usertest11l N2): what a first assign gave — gold before curation (here nothing: the
    # analysts' files were imported with --analyst), never the curated answers
    assert _file(tmp_path / "team3" / "cy.db") == ("new", [])
    lines = assigned.stdout.splitlines()  # the summary says who gets their own layer back
    assert lines[1] == f"ben: 1 article (1 shared) → {tmp_path / 'team3' / 'ben.db'}; it comes with ben's own layer from p.db: their answers and status, not gold's"
    assert lines[2] == f"cy: 1 article (1 shared) → {tmp_path / 'team3' / 'cy.db'}"
    assert _file(tmp_path / "team3" / "ben.db")[1] == _layer(team, "ben")


def test_a_merge_that_changed_only_time_stamps_says_so_in_its_summary_not_updated(tmp_path: Path) -> None:
    """F8 (t3/repro3b.sh, t18): the detail said "no annotation changed (time stamps and provenance
    only)" while the summary said "updated 1 span"."""
    team = _curated_team(tmp_path)
    assert run("assign", team, "--analysts", "ana,ben", "--overlap", 1, "--output", tmp_path / "t", "--seed", 1).exit_code == 0
    with Project.open(tmp_path / "t" / "ben.db") as p:  # the window re-saved one span: same annotation, new time and maker
        p.db.execute("UPDATE spans SET updated = '2026-12-02T00:00:00.000+00:00', by = 'ben' WHERE label = 'ORG'")
    merged = run("merge", team, tmp_path / "t" / "ben.db")
    assert merged.exit_code == 0, merged.output
    assert "added none; updated none; deleted none; time stamps and provenance only: 1 span" in merged.stdout, merged.stdout
    assert "no annotation changed (time stamps and provenance only)" in merged.stdout, merged.stdout
    with Project.open(team) as p:
        assert [s.curated for s in curation_states(p)] == [True]  # nothing the analyst decided changed


def test_no_zero_counts_in_accept_agreed_and_the_curate_listing(tmp_path: Path) -> None:
    """F5 (t14/repro14.sh #3): an article whose only open unit is one only ana saw, ana not done:
    "(0 agreed units left undecided)" and "0 disagreements, 0 agreed units and 1 unit …"."""
    text = "The council met on Tuesday in Riverton."
    (tmp_path / "ana.jsonl").write_text(json.dumps({"text": text, "status": "in_progress",
                                                    "spans": [{"start": 30, "end": 38, "label": "LOC"}]}) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("import", db, tmp_path / "ana.jsonl", "--analyst", "ana").exit_code == 0
    out = run("curate", db, "--accept-agreed").stdout.splitlines()
    assert out[0] == ("#1: Not accepted: ana has not reviewed it (status in progress in their file: not marked done): their "
                      "layer is what they were given, not their answer — have them review it and merge their file again"), out
    assert out[1].startswith("#1 «The council met on Tuesday in Riverton.»: not curated yet, so not exported as gold — "
                             "1 unit only one analyst saw not decided yet; ana has not reviewed it"), out


def test_a_withdrawn_mark_names_what_is_left_with_no_zero() -> None:
    """F5: "(curated mark withdrawn: 0 units ⚠ to decide again)" when what was left was a unit not
    decided (none changed since decided)."""
    from types import SimpleNamespace

    from annotator.domain.curation import _left_to_decide

    def left(changed: int, undecided: int) -> str:
        return _left_to_decide(SimpleNamespace(changed_since_decided=lambda: changed, undecided=lambda: undecided))

    assert left(0, 1) == "1 unit not decided yet"
    assert left(2, 0) == "2 units ⚠ to decide again"
    assert left(1, 3) == "1 unit ⚠ to decide again and 3 units not decided yet"


def test_accept_agreed_with_only_changed_since_decided_units_left_names_them(tmp_path: Path) -> None:
    """F6 (t15/repro15.sh): Ctrl+Return / --accept-agreed (one function: curation.accept_all_agreed)
    said only "No agreed unit left to accept" with ⚠ units left."""
    t1 = "Harbour chief Tom Brennan met Maria Okafor in Riverton."
    both = json.dumps({"text": t1, "status": "done", "spans": [{"start": 14, "end": 25, "label": "PERSON"},
                                                                 {"start": 46, "end": 54, "label": "LOC"}]}) + "\n"
    (tmp_path / "a.jsonl").write_text(both, encoding="utf-8")
    (tmp_path / "a2.jsonl").write_text(json.dumps({"text": t1, "status": "done", "spans": [{"start": 14, "end": 25, "label": "ORG"}]}) + "\n",
                                       encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("import", db, tmp_path / "a.jsonl", "--analyst", "ana").exit_code == 0
    assert run("import", db, tmp_path / "a.jsonl", "--analyst", "ben").exit_code == 0
    assert "(article curated)" in run("curate", db, "--accept-agreed").stdout
    assert run("import", db, tmp_path / "a2.jsonl", "--analyst", "ana").exit_code == 0  # ORG for PERSON, LOC gone
    out = run("curate", db, "--accept-agreed").stdout.splitlines()
    # fix11ak N1: curate names its flags (and the project), never the window's keys
    assert out[0] == (f"#1: No agreed unit left to accept; 2 units ⚠ changed since decided left for you: `annotator curate "
                      f"{Path(db).name} --keep ANALYST --article 1` keeps that analyst's version of each, `--reject ANALYST "
                      "--article 1` rejects each"), out


def test_a_plain_import_counts_the_stances_it_added(tmp_path: Path) -> None:
    """F9 (t7/repro7.sh case C): "3 spans, 2 relations" with the stance stored but not said."""
    text = 'Tom Brennan said "the harbour stays public" to Maria Okafor.'
    record = {"text": text, "spans": [{"id": "p", "start": 0, "end": 11, "label": "PERSON"}, {"id": "c", "start": 12, "end": 16, "label": "CUE"},
                                      {"id": "q", "start": 17, "end": 43, "label": "QUOTE"}],
              "relations": [{"head": "q", "child": "p", "label": "SPEAKER"}, {"head": "q", "child": "c", "label": "CUE"}],
              "doc": {"stances": [{"holder": "Tom Brennan", "holder_span": "p", "target": "harbour", "polarity": "favor", "evidence": "q"}]}}
    (tmp_path / "g.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("import", tmp_path / "c.db", tmp_path / "g.jsonl")
    assert result.exit_code == 0, result.output
    assert f"Imported 1 new article (0 already in the project), 3 spans, 2 relations, 1 stance from 1 file into {tmp_path / 'c.db'}" \
        in result.stderr, result.stderr


T10 = "Harbour chief Tom Brennan met Maria Okafor in Riverton."
U10 = "Mayor Lena Ortiz said the plan is fully funded."


def test_an_article_met_twice_in_one_import_names_both_copies_and_the_dropped_title(tmp_path: Path) -> None:
    """F4 (t10/repro10.sh): "2 more copies of them in the input, merged in" named no line and
    dropped the second title without a word."""
    lines = [{"text": T10, "spans": [{"start": 14, "end": 25, "label": "PERSON"}]},
             {"text": T10, "spans": [{"start": 30, "end": 42, "label": "PERSON"}]},
             {"text": U10}, {"text": U10, "title": "other title"}]
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = run("import", tmp_path / "a.db", path)
    assert result.exit_code == 0, result.output
    # ui26 (usertest22 L1): each copy on its own line
    assert (f"\n    {path}:2 is the same article as {path}:1: merged into it\n    {path}:4 is the same article as {path}:3: merged into it; "
            "its title «other title» dropped (the article keeps no title: the first copy had none)") in result.stderr, result.stderr
    folder = tmp_path / "f"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.txt").write_text(T10 + "\n", encoding="utf-8")
    result = run("import", tmp_path / "b.db", folder)
    assert f"{folder / 'two.txt'} is the same article as {folder / 'one.txt'}: merged into it" in result.stderr, result.stderr


def test_two_different_copies_of_one_article_for_one_analyst_are_refused_naming_both_lines(tmp_path: Path) -> None:
    """F4: with --analyst, PERSON (done) and ORG (new) copies of one article were both put into
    ana's layer (PERSON and ORG on one span) and "ana's status of #1: done → new" was said."""
    db = tmp_path / "a.db"
    (tmp_path / "seed.jsonl").write_text(json.dumps({"text": U10}) + "\n", encoding="utf-8")
    assert run("import", db, tmp_path / "seed.jsonl").exit_code == 0
    before = db.read_bytes()
    path = tmp_path / "twice_a.jsonl"
    path.write_text(json.dumps({"text": T10, "status": "done", "spans": [{"start": 14, "end": 25, "label": "PERSON"}]}) + "\n"
                    + json.dumps({"text": T10, "status": "new", "spans": [{"start": 14, "end": 25, "label": "ORG"}]}) + "\n",
                    encoding="utf-8")
    result = run("import", db, path, "--analyst", "ana")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {path}:2: the same article as {path}:1 again, for ana's layer, with other annotations or another status: one "
        "import takes one version of an article per analyst (merged, both would be ana's at once) — keep one of the two "
        "copies and import again"), result.stderr
    assert db.read_bytes() == before  # nothing written
    with Project.open(db) as p:
        assert p.layers() == []
    same = tmp_path / "same.jsonl"  # two identical copies are one version: imported, the copy named
    same.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n" + path.read_text(encoding="utf-8").splitlines()[0] + "\n",
                    encoding="utf-8")
    ok = run("import", db, same, "--analyst", "ana")
    assert ok.exit_code == 0 and f"{same}:2 is the same article as {same}:1: merged into it" in ok.stderr, ok.output
    assert "→" not in ok.stderr, ok.stderr  # no status move from a copy of the same import


def test_a_layer_all_export_in_brat_or_csv_is_never_imported_back_wrong(tmp_path: Path) -> None:
    """F3 (t9/repro9.sh, repro9b.sh): the brat folder of `export --layer all` imported put ana/ and
    ben/ into gold silently; its CSV made an article of each span's text. Both are refused with one
    line saying how to bring it back (nothing written), and the export says so when it writes them."""
    team = _curated_team(tmp_path)
    brat = run("export", team, "--format", "brat", "--layer", "all", "--all-articles", "--output", tmp_path / "out")
    assert brat.exit_code == 0, brat.output
    assert brat.stderr.splitlines()[-1] == (
        "note: this export round-trips as JSONL only (--format jsonl): brat keeps no curated mark, status or stance; to bring "
        f"a layer back, import its folder: `annotator import TEAM.db {tmp_path / 'out'}/ANALYST --analyst ANALYST` "
        f"({tmp_path / 'out'}/gold without --analyst), or every folder into its layer with --analyst-from-filename"), brat.stderr
    new = tmp_path / "n.db"
    for extra in ((), ("--analyst", "ana")):
        refused = run("import", new, tmp_path / "out", *extra)
        assert refused.exit_code == 1 and not new.exists(), refused.output
        into = "gold" if not extra else "ana's layer"
        assert (f"Error: {tmp_path / 'out'}: is an `export --layer all` brat folder (one folder per layer: ana/, ben/, gold/): "
                f"imported {'so' if not extra else 'with --analyst ana'}, every layer would go into {into}; this export round-trips "
                "as JSONL only") in refused.stderr, refused.stderr
        assert f"`annotator import n.db {tmp_path / 'out' / 'ana'} --analyst ana`" in refused.stderr
    one = run("import", new, tmp_path / "out" / "ben", "--analyst", "ben")  # the way the line gives
    assert one.exit_code == 0 and "into ben's layer: 3 spans" in one.stderr, one.output
    both = run("import", tmp_path / "m.db", tmp_path / "out", "--analyst-from-filename")
    assert both.exit_code == 0 and "into ana's layer" in both.stderr and "into ben's layer" in both.stderr, both.output
    csv = run("export", team, "--format", "csv", "--layer", "all", "--all-articles", "--output", tmp_path / "out.csv")
    assert csv.stderr.splitlines()[-1] == ("note: this export does not import back (import reads a CSV as articles, one row "
                                           "each): export with --format jsonl for a file that round-trips"), csv.stderr
    refused = run("import", tmp_path / "c.db", tmp_path / "out.csv")
    assert refused.exit_code == 1 and not (tmp_path / "c.db").exists()
    assert refused.stderr.strip() == (
        f"Error: {tmp_path / 'out.csv'}: is an annotation export of this program (one row per span: article_id, span_id, start, "
        "end, text, label, …), not articles: a CSV import makes an article of each row's text; it does not import back — "
        "export with --format jsonl and import that"), refused.stderr


def test_a_layer_all_brat_folder_with_an_empty_gold_folder_is_refused_too(tmp_path: Path) -> None:
    """F3: nothing curated and no --all-articles: gold/ is empty, the analysts' folders are not."""
    team = _curated_team(tmp_path)
    with Project.open(team) as p:  # the curated mark taken back: gold writes no article
        p.db.execute("UPDATE articles SET meta = '{}', status = 'in_progress'")
    assert run("export", team, "--format", "brat", "--layer", "all", "--output", tmp_path / "out").exit_code == 0
    assert not list((tmp_path / "out" / "gold").glob("*.ann"))
    refused = run("import", tmp_path / "n.db", tmp_path / "out")
    assert refused.exit_code == 1 and "is an `export --layer all` brat folder (one folder per layer: ana/, ben/, gold/)" in refused.stderr
    assert not (tmp_path / "n.db").exists()
