"""The adapter from a team project file, and `annotator agreement` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.agreement.from_project import NOT_A_TEAM, team_from_project, team_layers
from annotator.agreement.inputs import LinkUnit, SpanUnit
from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.storage.project import Project
from tests.agreement.team_project import TEXT, at, build


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_adapter_reads_each_analysts_layer(tmp_path: Path) -> None:
    path = build(tmp_path / "team.db")
    with Project.open(path, create=False) as project:
        team = team_from_project(team_layers(project), project.schema)
    assert sorted(team) == ["ana", "ben"]  # the gold layer "" is no analyst
    assert all(len(layers) == 2 for layers in team.values())  # ben's empty Berlin counts: he was given it
    assert next(x for x in team["ben"].values() if x.title == "Berlin").spans == ()
    ana = next(layer for layer in team["ana"].values() if layer.title == "Tax plan")
    ben = next(layer for layer in team["ben"].values() if layer.title == "Tax plan")
    assert ana.length == len(TEXT)
    assert SpanUnit(*at(TEXT, "Lyon"), "GPE", "entity") in ana.spans  # the layer from the schema
    assert all(s.start != at(TEXT, "Paris")[0] for s in ana.spans)  # the gold layer is no analyst's
    assert all(s.start != at(TEXT, "Paris")[0] for s in ben.spans)  # a suggestion is not a decision
    quote = at(TEXT, "the tax plan fails")
    assert LinkUnit("SPEAKER", quote, at(TEXT, "Ana Diaz")) in ben.links
    assert LinkUnit("CUE", quote, None) in ben.links  # a quote left without a cue is compared too


def test_adapter_refuses_a_project_without_analysts(tmp_path: Path) -> None:
    path = build(tmp_path / "solo.db", team=False)
    with Project.open(path, create=False) as project, pytest.raises(InputError, match="not a team project"):
        team_from_project(team_layers(project), project.schema, path=str(path))


def test_cli_text_report(tmp_path: Path) -> None:
    result = run("agreement", build(tmp_path / "team.db"))
    assert result.exit_code == 0, result.output
    assert "Agreement of 2 analysts (ana, ben)" in result.output
    assert "GPE" in result.output and "LOC" in result.output  # the confusion is shown


def test_cli_json_figures(tmp_path: Path) -> None:
    result = run("agreement", build(tmp_path / "team.db"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Tax plan: ana PERSON, GPE, PERSON, QUOTE; ben PERSON, LOC, QUOTE. Berlin: ana GPE, ben nothing.
    # PERSON: 1 match of 2 + 1 → 2/3. GPE: 0 of 2 + 0. Overall: PERSON + QUOTE match: 2·2/(5 + 3).
    assert data["span_f1"]["PERSON"] == {"exact": pytest.approx(2 / 3), "overlap": pytest.approx(2 / 3)}
    assert data["span_f1"]["GPE"]["exact"] == 0.0
    assert data["span_f1"]["overall"]["exact"] == pytest.approx(4 / 8)
    assert data["relations"]["SPEAKER"]["f1"] == 1.0
    assert data["confusion"]["GPE"]["LOC"] == 1
    assert data["disagreements"][0]["title"] == "Berlin"
    assert len(data["pairs"]) == 1 and data["pairs"][0]["articles"] == 2


def test_cli_labels_and_analysts_options(tmp_path: Path) -> None:
    path = build(tmp_path / "team.db")
    data = json.loads(run("agreement", path, "--labels", "PERSON", "--analysts", "ana,ben", "--json").output)
    assert data["labels"] == ["PERSON"] and set(data["span_f1"]) == {"PERSON", "overall"}


@pytest.mark.parametrize(("args", "message"), [
    (("--analysts", "ana,zed"), "no analyst 'zed'"),
    (("--analysts", "ana"), "at least two analysts"),
    (("--labels", "NOPE"), "no label 'NOPE'"),
])
def test_cli_bad_options_exit_1_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = build(tmp_path / "team.db")
    result = run("agreement", path, *args)
    assert result.exit_code == 1
    assert message in result.output and str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_refuses_a_solo_project_and_a_missing_file(tmp_path: Path) -> None:
    solo = build(tmp_path / "solo.db", team=False)
    before = solo.read_bytes()
    result = run("agreement", solo)
    assert result.exit_code == 1 and NOT_A_TEAM in result.output and "Traceback" not in result.output
    assert solo.read_bytes() == before  # nothing written
    missing = run("agreement", tmp_path / "none.db")
    assert missing.exit_code == 1 and not (tmp_path / "none.db").exists()
