"""fix11aa (issue 11, usertest11m F3): after a first round made with ``assign`` + ``merge``, a
second ``assign`` of the same team file that changes what an analyst holds (an article added, an
analyst added, another ``--overlap``) wrote files ``merge`` refused ("its assignment differs…"),
aborting the whole merge, though ``--force`` merged them with no change. A file of the team file's
latest assign run now merges; a file of a run the team file does not know as its latest (an
earlier run a later one replaced, another analyst's file renamed, another project's) is still
refused in one line naming its run and what to do, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage.project import Project
from tests.cli.test_team_faults import _accept_all, _project, _state, run

NEW = "Okafor later visited Riverton again, said the mayor."


def _first_round(tmp_path: Path) -> Path:
    """p.db (12 articles with a suggested PERSON each) assigned to ana, ben (overlap 1, seed 3) into
    team/; both accept every span; both files merged into p.db."""
    src = _project(tmp_path / "p.db")
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", 1, "--output", tmp_path / "team", "--seed", 3).exit_code == 0
    for name in ("ana", "ben"):
        _accept_all(tmp_path / "team" / f"{name}.db")
    result = run("merge", src, tmp_path / "team" / "ana.db", tmp_path / "team" / "ben.db")
    assert result.exit_code == 0, result.output
    return src


def _layer(src: Path, analyst: str) -> dict[int, list[str]]:
    """article id → statuses of the analyst's spans in the team file."""
    with Project.open(src, create=False) as p:
        out: dict[int, list[str]] = {}
        for article_id, status in p.db.execute(
                "SELECT article_id, status FROM layer_spans WHERE analyst = ? ORDER BY article_id, id", [analyst]).fetchall():
            out.setdefault(article_id, []).append(status)
        for (article_id,) in p.db.execute("SELECT article_id FROM layer_articles WHERE analyst = ?", [analyst]).fetchall():
            out.setdefault(article_id, [])
        return out


def test_a_second_assign_with_a_new_article_merges(tmp_path: Path) -> None:
    src = _first_round(tmp_path)
    before = _layer(src, "ana")
    assert len(before) == 12 and all(s == ["accepted"] for s in before.values())
    (tmp_path / "new.jsonl").write_text(json.dumps({"text": NEW, "title": "new one"}) + "\n", encoding="utf-8")
    assert run("import", src, tmp_path / "new.jsonl").exit_code == 0
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", 1, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    result = run("merge", src, tmp_path / "t2" / "ana.db", tmp_path / "t2" / "ben.db")
    assert result.exit_code == 0, result.output
    assert "assignment differs" not in result.output
    after = _layer(src, "ana")
    assert len(after) == 13 and {k: v for k, v in after.items() if k in before} == before  # her work kept, the new article added


def test_a_second_assign_with_an_analyst_added_and_another_overlap_merges(tmp_path: Path) -> None:
    src = _first_round(tmp_path)
    ben_before = _layer(src, "ben")
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", 0.5, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    files = [tmp_path / "t2" / f"{n}.db" for n in ("ana", "ben", "cy")]
    result = run("merge", src, *files)
    assert result.exit_code == 0, result.output
    assert _layer(src, "cy")  # the new analyst's file merged too (was aborted with the others)
    ben_after = _layer(src, "ben")
    assert {k: v for k, v in ben_after.items() if k in ben_before} == ben_before  # articles no longer in his file kept


def test_a_second_assign_adding_an_analyst_at_full_overlap_merges_every_file(tmp_path: Path) -> None:
    # usertest11m t42/r42.sh: ana's file accepted, ben's refused ("articles 2 → 1"), so cy's never merged
    src = _first_round(tmp_path)
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", 1, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    result = run("merge", src, *[tmp_path / "t2" / f"{n}.db" for n in ("ana", "ben", "cy")])
    assert result.exit_code == 0, result.output
    assert _layer(src, "cy") and all(s == ["accepted"] for s in _layer(src, "ana").values())


def test_a_file_of_an_earlier_run_a_later_one_replaced_is_still_refused(tmp_path: Path) -> None:
    src = _first_round(tmp_path)
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", 0.5, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", 0.5, "--output", tmp_path / "t3", "--seed", 9).exit_code == 0
    before = _state(src)
    result = run("merge", src, tmp_path / "t2" / "ana.db")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path / "t2" / "ana.db") in lines[0] and "assignment differs" in lines[0]
    assert "this file is from p.db (seed 3, overlap 0.5" in lines[0] and "latest assign run" in lines[0] and "(files in " in lines[0]
    assert "--force" in lines[0]
    assert _state(src) == before
    # the analyst new in the replaced run: tied to the merged run, refused too
    result = run("merge", src, tmp_path / "t2" / "cy.db")
    assert result.exit_code == 1 and "was assigned from" in result.output and _state(src) == before
    # the latest run's files merge
    result = run("merge", src, *[tmp_path / "t3" / f"{n}.db" for n in ("ana", "ben", "cy")])
    assert result.exit_code == 0, result.output


def test_another_analysts_file_of_the_latest_run_renamed_is_still_refused(tmp_path: Path) -> None:
    src = _first_round(tmp_path)
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", 0.5, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    renamed = tmp_path / "t2" / "ben.db"
    assert run("analyst", renamed, "--set", "ana").exit_code == 0
    before = _state(src)
    result = run("merge", src, renamed)
    assert result.exit_code == 1 and "assignment differs" in result.output and "analyst ana → ben" in result.output
    assert _state(src) == before


def test_an_older_copy_of_the_latest_runs_file_is_still_refused(tmp_path: Path) -> None:
    import shutil

    src = _first_round(tmp_path)
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", 0.5, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    ana = tmp_path / "t2" / "ana.db"
    shutil.copy(ana, tmp_path / "ana-monday.db")
    _accept_all(ana)
    assert run("merge", src, ana).exit_code == 0
    result = run("merge", src, tmp_path / "ana-monday.db")
    assert result.exit_code == 1 and "is older than the file merged for ana" in result.output


def test_round_one_work_merged_after_the_second_assign_does_not_tie_the_team_to_round_one(tmp_path: Path) -> None:
    # a newer copy of ben's first-round file merged after the second assign: his run was first merged
    # before it, so the second assign still replaces it (only a run first merged after a later one
    # was made is the lead's choice, fix11n: tests/cli/test_team_small_fix11n.py)
    src = _first_round(tmp_path)
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", 0.5, "--output", tmp_path / "t2", "--seed", 3).exit_code == 0
    with Project.open(tmp_path / "team" / "ben.db") as p:
        p.set_schema(p.schema, by="ben")  # ben went on working in his first-round file
    assert run("merge", src, tmp_path / "team" / "ben.db").exit_code == 0
    result = run("merge", src, tmp_path / "t2" / "ana.db", tmp_path / "t2" / "ben.db")
    assert result.exit_code == 0, result.output
