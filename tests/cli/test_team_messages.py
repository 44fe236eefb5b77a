"""What the team commands tell the user (issue 11 user test, findings 3–5): curation state in the
same words everywhere with what to do, `export --layer all` counting what each layer wrote in
every format, `assign`'s refusals in plain numbers, summaries on stdout and errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.layers import GOLD_NOT_CURATED, HOW_TO_CURATE, NOT_CURATED, gold_not_curated, not_curated
from annotator.storage.curation_state import curation_states
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_export_all import _team
from tests.cli.test_team_cli import _gold_project


def test_the_not_curated_lines_say_how_to_curate_with_the_command_and_the_menu() -> None:
    for reason in (NOT_CURATED, GOLD_NOT_CURATED):
        assert HOW_TO_CURATE in reason
    # fix11ak N1: export prints it: the command and the window's menu command, never a key
    assert "Ctrl+" not in HOW_TO_CURATE and "annotator curate TEAM.db --accept-agreed" in HOW_TO_CURATE
    assert "View → Curation…" in HOW_TO_CURATE
    assert "0 disagreements left" in HOW_TO_CURATE  # the case the user met: nothing to discuss, yet not curated


def test_curate_lists_what_is_left_and_accept_agreed_curates_so_the_gold_export_holds_it(tmp_path: Path) -> None:
    team, ids = _team(tmp_path / "team.db")  # 3 articles, ana and ben agree on 2 entities each; the second curated
    status = run("curate", team)
    assert status.exit_code == 0, status.output
    lines = status.stdout.splitlines()
    assert lines[1].startswith(f"#{ids[1]} «Article 1: ") and lines[1].endswith(": curated (exported as gold)")
    # not curated: the line says so and what to do (fix11u: gold's own «Olaf Scholz», which both
    # analysts left out, is a disagreement where gold differs — it was "0 disagreements")
    assert lines[0].startswith(f"#{ids[0]} «Article 0: ") and ("not curated yet, so not exported as gold — 1 disagreement "
                                                                "(1 of them where gold differs") in lines[0]
    assert "where gold differs: gold's own version from before curation, unlike the analysts') and 2 agreed units not decided yet" in lines[0]
    assert " 0 units" not in lines[0]  # fix11x (F5): no "0 …" part
    # fix11ai: the listing names curate's flags, never the window's keys
    assert f"`annotator curate team.db --accept-agreed --article {ids[0]}`" in lines[0] and "Ctrl+Return" not in lines[0]
    assert lines[-1] == "1 of 3 articles exported as gold (1 curated)"
    done = run("curate", team, "--accept-agreed", "--article", ids[0])
    assert done.exit_code == 0 and (f"#{ids[0]}: Curate: accept all 2 agreed units; 1 disagreement where gold differs left "
                                    "for you") in done.stdout, done.stdout
    kept = run("curate", team, "--keep", "ana", "--article", ids[0])  # ana's "nothing" there: gold's own span rejected
    assert kept.exit_code == 0 and f"#{ids[0]}: decided 1 disagreement ana's way: ana marked nothing there, so gold keeps nothing" in kept.stdout, kept.stdout
    with Project.open(team) as p:
        assert [(s.article_id, s.curated, s.undecided) for s in curation_states(p)] == [(ids[0], True, 0), (ids[1], True, 0), (ids[2], False, 3)]  # fix11u: and gold's own left out
    out = tmp_path / "gold.jsonl"
    export = run("export", team, "--format", "jsonl", "--output", out)
    assert "Exported 2 articles" in export.output and f"left out: 1 × {not_curated(team)}" in export.output
    assert sorted(json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()) == [_text(0), _text(1)]


def test_curate_refuses_an_unknown_article_or_analyst_and_writes_nothing(tmp_path: Path) -> None:
    team, ids = _team(tmp_path / "team.db")
    before = team.read_bytes()
    bad = run("curate", team, "--accept-agreed", "--article", 999)
    assert bad.exit_code == 1 and "--article 999: there is no article #999 in this project" in bad.stderr
    bad = run("curate", team, "--keep", "zed", "--article", ids[0])
    assert bad.exit_code == 1 and "'zed' was not given article" in bad.stderr and "its analysts are ana, ben" in bad.stderr
    assert run("curate", team, "--keep", "ana").exit_code == 2  # every article one way: --article is required
    assert team.read_bytes() == before
    plain = _gold_project(tmp_path / "plain.db")
    assert "not a team project" in run("curate", plain).stderr


def test_agreement_ends_with_the_gold_state_and_one_newline(tmp_path: Path) -> None:
    team, _ids = _team(tmp_path / "team.db")
    result = run("agreement", team)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("agreed units count too, not only disagreements)\n") and not result.stdout.endswith("\n\n")
    assert "Gold: 1 of 3 articles exported as gold (1 curated); 2 not curated yet: `annotator curate team.db`" in result.stdout
    from annotator.agreement.from_project import gold_state

    with Project.open(team) as p:
        assert gold_state(p) == {"articles": 3, "decided": 1, "curated": 1}
    assert "gold" not in json.loads(run("agreement", team, "--json").stdout)  # the window's Copy as JSON gives the same document


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "csv", "conll", "brat"])
@pytest.mark.parametrize("curated", [True, False])
def test_layer_all_counts_what_each_layer_wrote_in_every_format(tmp_path: Path, fmt: str, curated: bool) -> None:
    team, ids = _team(tmp_path / "team.db")
    if not curated:  # the user test's case: nothing curated yet (brat printed "0 articles")
        with Project.open(team) as p:
            p.db.execute("UPDATE articles SET meta = '{}', status = 'in_progress'")
    out = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    result = run("export", team, "--format", fmt, "--layer", "all", "--output", out)
    assert result.exit_code == 0, result.output
    gold = "gold 1 article, 3 spans, 0 relations" if curated else "gold 0 articles"
    analysts = "ana 3 articles, 6 spans, 0 relations; ben 3 articles, 6 spans, 0 relations"
    undecided = 2 if curated else 3
    assert f"left out: {undecided} × {gold_not_curated(team)}" in result.stderr
    if fmt == "conll":  # one layer: the gold part alone, and only where gold was decided
        assert ("Exported 1 article," if curated else "Exported 0 articles") in result.stderr
        assert f"per layer: {gold}; ana not written; ben not written" in result.stderr
        assert "left out: 12 × records of the analysts' layers (spans, links, stances, tags)" in result.stderr  # 2 spans × 3 articles × 2 analysts
    else:
        assert "Exported 3 articles" in result.stderr  # every article is written with its analysts' layers
        expected = f"per layer: {gold}; {analysts}"
        if fmt == "csv":  # CSV holds some relations only (its own left-out line): no per-layer relation count
            expected = expected.replace(", 0 relations", "")
        assert expected in result.stderr
    if fmt == "brat":  # one folder per layer, each counted above
        assert len(list((out / "gold").glob("*.ann"))) == (1 if curated else 0)
        assert len(list((out / "ana").glob("*.ann"))) == 3 and len(list((out / "ben").glob("*.ann"))) == 3


def test_assign_says_what_a_shared_article_needs_in_plain_numbers(tmp_path: Path) -> None:
    src = _gold_project(tmp_path / "src.db")
    one = run("assign", src, "--analysts", "ana", "--overlap", "1", "--output", tmp_path / "t1")
    assert one.exit_code == 1 and "2 to 1" not in one.stderr
    assert ("--per-article 2: each shared article goes to 2 analysts, but --analysts names only 1 analyst (ana); "
            "name at least 2 analysts") in one.stderr
    many = run("assign", src, "--analysts", "ana,ben", "--per-article", "3", "--overlap", "1", "--output", tmp_path / "t2")
    assert "names only 2 analysts (ana, ben); name at least 3 analysts, give --per-article 2 or fewer, or --overlap 0" in many.stderr
    low = run("assign", src, "--analysts", "ana,ben", "--per-article", "1", "--overlap", "1", "--output", tmp_path / "t3")
    assert "a shared article goes to at least 2 analysts" in low.stderr
    assert not any((tmp_path / t).exists() for t in ("t1", "t2", "t3"))


def test_summaries_go_to_stdout_errors_to_stderr(tmp_path: Path) -> None:
    src = _gold_project(tmp_path / "src.db")
    out = tmp_path / "team"
    assigned = run("assign", src, "--analysts", "ana,ben", "--overlap", "1", "--output", out)
    assert assigned.exit_code == 0 and "ana: 2 articles (2 shared)" in assigned.stdout and assigned.stderr == ""
    merged = run("merge", tmp_path / "t.db", out / "ana.db", out / "ben.db")
    assert merged.exit_code == 0 and merged.stdout.startswith("Merged ana (") and merged.stderr == ""
    as_json = run("merge", tmp_path / "t.db", out / "ana.db", "--json")
    assert json.loads(as_json.stdout)[0]["analyst"] == "ana" and as_json.stderr.startswith("Merged ana")  # stdout: the JSON alone
    assert run("analyst", out / "ana.db", "--set", "ana").stdout.endswith("analyst ana\n")
    refused = run("merge", tmp_path / "t.db", src)
    assert refused.exit_code == 1 and refused.stdout == "" and "annotator analyst" in refused.stderr


@pytest.mark.parametrize("all_articles", [False, True])
def test_layer_all_docbin_marks_an_uncurated_articles_entities_missing_not_outside(tmp_path: Path, all_articles: bool) -> None:
    """An article nobody curated has no gold yet: its Doc must not say "no entity anywhere" (all O),
    which a model trained on it would learn; its tokens are missing, the analysts' spans in their
    groups. With --all-articles its undecided gold is written as it is (here: an accepted Olaf Scholz)."""
    import spacy
    from spacy.tokens import DocBin

    team, ids = _team(tmp_path / "team.db")  # article ids[1] curated, the others not
    out = tmp_path / "all.spacy"
    result = run("export", team, "--format", "spacy", "--layer", "all", "--output", out,
                 *(["--all-articles"] if all_articles else []))
    assert result.exit_code == 0, result.output
    docs = {d.text: d for d in DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)}
    assert sorted(docs) == sorted(_text(n) for n in range(3))
    curated = docs.pop(_text(1))
    assert sorted(e.text for e in curated.ents) == ["Angela Merkel", "Berlin", "Olaf Scholz"]
    assert "" not in {t.ent_iob_ for t in curated}  # decided gold: entities and O
    for doc in docs.values():
        assert {"ana:entity", "ben:entity"} <= set(doc.spans)  # the analysts' layers kept
        if all_articles:
            assert [e.text for e in doc.ents] == ["Olaf Scholz"] and "" not in {t.ent_iob_ for t in doc}
        else:
            assert {t.ent_iob_ for t in doc} == {""} and not doc.ents
