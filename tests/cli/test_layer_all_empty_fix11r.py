"""Issue 11, usertest11h F1/F2 (fix11r): ``export --layer all`` (JSONL) imported into a new file
keeps every analyst's layer of an article even when the analyst left it empty (the line's
``"analyst_status"`` names them: it carries the layer), and keeps a status the files never stated
("" stored) as none — not "new", which made ``agreement`` warn "have not reviewed". The round
trip gives the same ``curate`` output and ``agreement --json``. Made-up texts, no corpus."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage import curation_state
from annotator.storage.project import Project

TEXTS = ["Mayor Lena Ortiz said the bridge will open in May.",
         "Councillor Raj Patel told reporters taxes will not rise.",
         "The harbour board met on Tuesday to discuss the ferry timetable."]


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _analyst_file(path: Path, name: str, statuses: list[str | None], spans: bool) -> Path:
    lines = []
    for text, status in zip(TEXTS, statuses):
        record: dict = {"text": text, "spans": []}
        if spans and text is TEXTS[0]:
            record["spans"] = [{"start": 0, "end": 16, "label": "PERSON", "status": "accepted", "by": name}]
        if status is not None:
            record["status"] = status
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _state(path: Path) -> tuple[dict, str, list[tuple]]:
    agreement = run("agreement", path, "--json")
    assert agreement.exit_code == 0, agreement.output
    curate = run("curate", path).output.replace(str(path), "PROJECT").replace(path.name, "PROJECT")
    with sqlite3.connect(path) as conn:
        rows = sorted(conn.execute("SELECT analyst, article_id, status FROM layer_articles"))
    return json.loads(agreement.output), curate, rows


def _round_trip(tmp_path: Path, team: Path) -> Path:
    out = tmp_path / "all.jsonl"
    exported = run("export", team, "--format", "jsonl", "--layer", "all", "--output", out)
    assert exported.exit_code == 0, exported.output
    imported = run("import", tmp_path / "new.db", out)
    assert imported.exit_code == 0, imported.output
    return out


def test_articles_every_analyst_left_empty_survive_the_round_trip(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    # ana: #1 one span (done), #2 empty done, #3 empty new; ben: #1 span, #2 and #3 empty done
    assert run("import", team, _analyst_file(tmp_path / "ana.jsonl", "ana", ["done", "done", "new"], True), "--analyst", "ana").exit_code == 0
    assert run("import", team, _analyst_file(tmp_path / "ben.jsonl", "ben", ["done", "done", "done"], True), "--analyst", "ben").exit_code == 0
    with Project.open(team) as project:
        curation_state.keep_versions(project, 1, "ana", by="lead")
        curation_state.accept_agreed(project, 2, by="lead")
    before = _state(team)
    assert [r[:2] for r in before[2]] == [("ana", 1), ("ana", 2), ("ana", 3), ("ben", 1), ("ben", 2), ("ben", 3)]
    out = _round_trip(tmp_path, team)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["analyst_status"] for line in lines] == [{"ana": "done", "ben": "done"}, {"ana": "done", "ben": "done"},
                                                          {"ana": "new", "ben": "done"}]
    after = _state(tmp_path / "new.db")
    assert after[2] == before[2]  # was: only #1's rows
    assert after[0] == before[0]  # was: article counts 3 → 1
    assert after[1] == before[1]  # was: curate listed only #1


def test_a_team_whose_every_article_was_left_empty_is_still_a_team(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    assert run("import", team, _analyst_file(tmp_path / "ana.jsonl", "ana", ["done"] * 3, False), "--analyst", "ana").exit_code == 0
    assert run("import", team, _analyst_file(tmp_path / "ben.jsonl", "ben", ["done"] * 3, False), "--analyst", "ben").exit_code == 0
    before = _state(team)
    _round_trip(tmp_path, team)
    after = _state(tmp_path / "new.db")
    assert "not a team project" not in after[1]
    assert after == before


def test_a_status_no_file_stated_comes_back_as_none_not_new(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    # no "status" key: the analyst's file said nothing of it ("" stored, as brat's)
    assert run("import", team, _analyst_file(tmp_path / "ana.jsonl", "ana", [None] * 3, True), "--analyst", "ana").exit_code == 0
    assert run("import", team, _analyst_file(tmp_path / "ben.jsonl", "ben", [None] * 3, True), "--analyst", "ben").exit_code == 0
    before = _state(team)
    assert {r[2] for r in before[2]} == {""}
    out = _round_trip(tmp_path, team)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["analyst_status"] == {"ana": None, "ben": None}  # was {"ana": "new", "ben": "new"}
    after = _state(tmp_path / "new.db")
    assert after[2] == before[2]  # was status "new" on every row
    assert after[0] == before[0] and after[1] == before[1]
    # and exported again it says the same
    again = tmp_path / "again.jsonl"
    assert run("export", tmp_path / "new.db", "--format", "jsonl", "--layer", "all", "--output", again).exit_code == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
