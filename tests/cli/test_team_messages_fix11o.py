"""fix11o (issue 11 user test 11f) #6: messages, each checked on its exact text. (The agreement ⚠
line that quoted the span twice: tests/ui/test_curation_flags_fix11o.py.) Hand-made text, no
corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotator.domain import curation
from tests.cli.test_export_uncurated import run
from tests.cli.test_team_cli import _analyst
from tests.cli.test_team_merge_fix11g import _assign, _project
from tests.domain.test_curation_nested_fix11k import TEXT, _told
from tests.domain.test_curation_nested_fix11k import make_project as make_told_project


def test_a_on_an_agreed_unit_names_golds_span(tmp_path: Path) -> None:
    project, aid = make_told_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        state = curation.ArticleCuration(curation.curation_input(project, aid, ["ana", "cy"]))
        cue = next(u for u in state.alignment.units if TEXT[u.start:u.end] == "told")
        edit = state.accept_agreed(cue.key, by="lead")
        assert edit.description.split(" (article curated)")[0] == "Curate: keep CUE «told» in gold (agreed by all)"  # was "accept the agreed CUE"
    finally:
        project.close()


def test_merge_warning_names_the_runs_by_time_when_they_share_the_file_name(tmp_path: Path) -> None:
    team = _project(tmp_path / "src.db")
    first = _assign(team, tmp_path / "run1", 0)
    second = _assign(team, tmp_path / "run2", 7)
    result = run("merge", team, first / "ana.db")
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if line.startswith("Warning: "))
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    pattern = (rf"Warning: {re.escape(str(first / 'ana.db'))}: is from src\.db's assign run of ({stamp}) \(seed 0, overlap 1\.0\), "
               rf"but its latest is the run of ({stamp}) \(seed 7, overlap 1\.0\) \(files in {re.escape(str(second))}\); from this "
               rf"merge on src\.db takes the files of the run of ({stamp}) only — if that is not the run you meant, restore src\.db "
               r"from before this merge \(annotator restore src\.db\) or merge into a new team file")
    found = re.fullmatch(pattern, warning)
    assert found is not None, warning  # was "… src.db now takes src.db (seed 0, …)'s files only"
    assert found.group(1) == found.group(3) and "src.db's files" not in warning


def test_a_clashing_file_analyst_is_told_the_command_that_renames_it(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    assert run("merge", team, _analyst(tmp_path / "ana.db", "ana", "PERSON")).exit_code == 0
    result = run("merge", team, _analyst(tmp_path / "Ana.db", "Ana", "PERSON"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path / 'Ana.db'}: analyst 'Ana' differs only in case from the analyst 'ana' already in {team}: they "
        "would be one folder and one file on Windows and macOS; if it is the same analyst, rename the file's analyst: "
        f"`annotator analyst {tmp_path / 'Ana.db'} --set ana`, and merge again (else --set a clearly different name)")  # was "use 'ana'"
    # the command said works: the file renamed, it merges as ana's
    assert run("analyst", tmp_path / "Ana.db", "--set", "ana").exit_code == 0
    assert run("merge", team, tmp_path / "Ana.db", "--force").exit_code == 0


def _records(path: Path, analyst: str | None) -> Path:
    text = "Mayor Lena Ortiz opened the bridge in Dunmore."
    start = text.index("Lena Ortiz")
    span = {"start": start, "end": start + len("Lena Ortiz"), "label": "PERSON", "status": "accepted"}
    if analyst:
        span["analyst"] = analyst
    path.write_text(json.dumps({"text": text, "spans": [span]}) + "\n", encoding="utf-8")
    return path


def test_import_summary_says_the_own_layer_line_only_when_true(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    named = _records(tmp_path / "named.jsonl", "ben")
    assert run("import", db, named).exit_code == 0
    again = run("import", db, named)
    assert again.exit_code == 0
    assert "an import into your own layer only adds" not in again.output  # was said: nothing went to the own layer
    assert again.output.strip().endswith(
        "into ben's layer: no change (1 record already there)\n  records naming their analyst (ben) only add to that analyst's "
        "layer, nothing there is removed (--analyst NAME makes the file that analyst's whole version, deletions included)")
    own = run("import", db, _records(tmp_path / "own.jsonl", None))
    assert own.output.strip().endswith("the article already in the project kept all it had: an import into your own layer "
                                       "only adds (--analyst NAME replaces that analyst's layer)")
    assert "records naming their analyst" not in own.output
