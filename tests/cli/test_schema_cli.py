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
    assert "bad.json" in result.output and "shortcut '1' twice" in result.output
    with Project.open(path, create=False) as project:
        assert project.schema.label("TOPIC") is None


def test_missing_project_is_not_created(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert not (tmp_path / "nope.db").exists()
