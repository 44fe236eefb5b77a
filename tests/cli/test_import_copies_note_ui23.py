"""usertest21 L1: on a fresh project the import summary said "already there: N spans" for the
records of a second copy of an article the import itself added (PolNeAR's .ann per annotator):
they are the copies', said as such; records the project held are still "already there"."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli

TEXT = "The port authority said on Monday that the ferry would sail again."


def _copies(path: Path) -> Path:
    line = json.dumps({"text": TEXT, "spans": [{"start": 4, "end": 18, "label": "ORG"}]})
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    return path


def test_a_copys_records_are_not_already_there(tmp_path: Path) -> None:
    source = _copies(tmp_path / "a.jsonl")
    first = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert first.exit_code == 0, first.output
    assert "already there: 1 span" not in first.output, first.output
    assert "the same in an earlier copy of the article: 1 span" in first.output, first.output
    again = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])  # now the project has them
    assert again.exit_code == 0, again.output
    assert "already there: 2 spans" in again.output and "earlier copy of the article: 1" not in again.output, again.output
