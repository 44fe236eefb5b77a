"""fix11n (issue 11 user test, smaller faults): `annotator analyst` on a team project says what the
file is (exit 0); a first merge of a file from an older `assign` run than the team file's latest
warns (naming both runs and their times), and a file refused because the team is tied to another
run says since when and how to get out of it. Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_team_merge_fix11g import _assign, _project, run
from tests.cli.test_team_status_fix11n import _own_export


def test_analyst_on_a_team_project_says_what_it_is(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana")
    run("import", db, _own_export(tmp_path / "b.jsonl", "done", "ben"), "--analyst", "ben")
    result = run("analyst", db)
    assert result.exit_code == 0  # was 1: "Error: … has no analyst name"
    assert result.output.strip() == (f"{db}: a team project: analysts ana, ben (no analyst name of its own; "
                                     f"`annotator analyst {db} --set NAME` records one)")


def test_first_merge_of_an_older_runs_file_warns_and_the_refusal_says_how_to_undo(tmp_path: Path) -> None:
    team = _project(tmp_path / "team.db")
    first = _assign(team, tmp_path / "run1", 0)
    second = _assign(team, tmp_path / "run2", 7)  # the team file's latest run
    result = run("merge", team, first / "ana.db")
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if line.startswith("Warning: "))
    # fix11o: the runs named by their time, not by the file name twice ("team.db now takes team.db (…)'s files")
    assert f"{first / 'ana.db'}: is from team.db's assign run of 20" in warning and "(seed 0, overlap 1.0), " in warning
    assert "but its latest is the run of 20" in warning and "(seed 7, overlap 1.0) " in warning
    assert "from this merge on team.db takes the files of the run of 20" in warning and "team.db (" not in warning
    assert f"(files in {second})" in warning and "annotator restore team.db" in warning
    refused = run("merge", team, second / "ben.db")
    assert refused.exit_code == 1
    assert "the team is tied to that run since ana's first merge (" in refused.output
    assert "merge this run's files into a new team file, restore team.db from before that merge" in refused.output
    # the latest run's files merged first: no warning
    fresh = _project(tmp_path / "fresh.db")
    latest = _assign(fresh, tmp_path / "run3", 3)
    quiet = run("merge", fresh, latest / "ana.db", latest / "ben.db")
    assert quiet.exit_code == 0 and "Warning" not in quiet.output, quiet.output


def test_a_failed_import_leaves_no_file_it_created(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """`annotator import empty.db /dev/null` (and any import failing after the file was opened) leaves
    no PROJECT behind: the user test found a 0-byte empty.db."""
    import annotator.cli.data as data
    from annotator.domain.errors import InputError

    db = tmp_path / "empty.db"
    result = run("import", db, "/dev/null")
    assert result.exit_code == 1 and "is not a regular file" in result.output and not db.exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": ""}\n', encoding="utf-8")
    assert run("import", db, bad).exit_code == 1 and not db.exists()

    def refuse(*_a: object, **_k: object) -> str:
        raise InputError("--by: not a name")

    monkeypatch.setattr(data, "acting_name", refuse)  # fails between opening PROJECT and importing
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "fine"}\n', encoding="utf-8")
    result = run("import", db, good)
    assert result.exit_code == 1 and "--by: not a name" in result.output
    assert not db.exists() and not Path(f"{db}-wal").exists()
