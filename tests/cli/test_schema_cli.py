"""`annotator schema`: print, replace (validated, logged), and refuse bad files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.storage.project import Project


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.add_article(Article(None, "Alice met Bob."))
    return path


def test_prints_the_default_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", str(_project(tmp_path))])
    assert result.exit_code == 0
    assert "QUOTE" in [label["name"] for label in json.loads(result.output)["labels"]]


def test_set_replaces_and_logs(tmp_path: Path) -> None:
    path = _project(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["schema", str(path)]).output)
    data["labels"].append({"name": "TOPIC", "layer": "claim", "colour": "#123456", "shortcut": "9"})
    new = tmp_path / "schema.json"
    new.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["schema", str(path), "--set", str(new), "--by", "ana"])
    assert result.exit_code == 0, result.output
    with Project.open(path, create=False) as project:
        assert project.schema.by_shortcut("9").name == "TOPIC"
        assert [c["by"] for c in project.history() if c["kind"] == "schema"] == ["ana"]


def test_duplicate_shortcut_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = _project(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["schema", str(path)]).output)
    data["labels"].append({"name": "TOPIC", "layer": "claim", "colour": "#123456", "shortcut": "1"})
    new = tmp_path / "bad.json"
    new.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["schema", str(path), "--set", str(new)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {new}: label 'TOPIC': shortcut '1' is also the key of label 'PERSON'; "
                             "give each key to one label\n")
    with Project.open(path, create=False) as project:
        assert project.schema.label("TOPIC") is None


def test_missing_project_is_not_created(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert not (tmp_path / "nope.db").exists()


def _write_schema(tmp_path: Path, path: Path, change) -> Path:  # noqa: ANN001
    data = json.loads(CliRunner().invoke(cli, ["schema", str(path)]).output)
    change(data)
    new = tmp_path / "schema.json"
    new.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return new


def test_label_with_an_unknown_layer_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = _project(tmp_path)
    new = _write_schema(tmp_path, path, lambda d: d["labels"].append({"name": "TOPIC", "layer": "topic", "colour": "#123456"}))
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["schema", str(path), "--set", str(new)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {new}: label 'TOPIC': unknown layer 'topic'; "
                             "use one of entity, quote, cue, speaker, claim, other\n")
    assert path.read_bytes() == before


def test_every_problem_is_listed_one_line_each(tmp_path: Path) -> None:
    path = _project(tmp_path)

    def break_it(data: dict) -> None:
        data["labels"][0]["layer"] = "entities"
        data["labels"][1]["colour"] = "green"
        data["labels"].append(dict(data["labels"][3], shortcut=""))
        data["labels"][4]["color"] = "#000000"
        data["attributes"]["kind"]["type"] = "enum"
        data["relations"].append({"name": "CUE", "head": ["QUOTE"], "child": ["VERB"]})

    new = _write_schema(tmp_path, path, break_it)
    result = CliRunner().invoke(cli, ["schema", str(path), "--set", str(new)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(line.startswith(f"Error: {new}: ") for line in lines)
    assert [line.removeprefix(f"Error: {new}: ") for line in lines] == [
        "label 'PERSON': unknown layer 'entities'; use one of entity, quote, cue, speaker, claim, other",
        "label 'ORG': colour 'green' is not a colour; use #rrggbb (e.g. #1f77b4)",
        "label 'LOC': unknown key 'color'; did you mean 'colour'?",
        "label 'NORP' is defined twice; remove or rename one of them",
        "attribute 'kind': unknown type 'enum'; use one of choice, text, bool, number",
        "relation 'CUE' is defined twice; remove or rename one of them",
        "relation 'CUE': child label 'VERB' is not a label of the schema; add the label or remove it here",
    ]
    with Project.open(path, create=False) as project:
        assert project.schema.label("PERSON").layer == "entity"
        assert [c for c in project.history() if c["kind"] == "schema"] == []
