"""usertest33 L5: `annotator preannotate X.db --model ""` ran silently with the default pipeline
while every other bad --model is refused. An empty or blank --model (preannotate, next) or
--base (train) is now one line naming the option, exit 1, nothing opened or written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(120)


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        proj.add_article(Article(None, 'Invented line. "The ferry stays shut," said Ola Brekke of the port board.'))
    return path


def _preannotations(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM preannotations").fetchone()[0]


@pytest.mark.parametrize(("args", "option"), [
    (["preannotate", "{p}", "--model", ""], "--model"),
    (["preannotate", "{p}", "-m", "  "], "--model"),
    (["next", "{p}", "--model", ""], "--model"),
    (["train", "{p}", "--base", "", "--max-steps", "1"], "--base"),
])
def test_an_empty_pipeline_option_is_refused(tmp_path: Path, args: list[str], option: str) -> None:
    path = _project(tmp_path)
    result = CliRunner().invoke(cli, [a.format(p=path) for a in args])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {option} is empty;"), result.output
    assert _preannotations(path) == 0 and "Traceback" not in result.output
    assert not (tmp_path / "p-pipeline").exists()
