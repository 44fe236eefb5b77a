"""`annotator search`: JSON lines and CSV per hit, bad input in one line with exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from tests.search.corpus import build


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    build(path).close()
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["search", *args])


def test_quotes_by_flynn_as_json_lines(db: Path) -> None:
    result = run(str(db), "--label", "QUOTE", "--speaker", "flynn")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(h["span_id"], h["speaker"], h["speaker_ref"]) for h in lines] == [
        ("q1", "Michael Flynn", ""), ("q2", "he", "Michael Flynn")]
    first = lines[0]
    assert {k: first[k] for k in ("article_id", "title", "start", "end", "label", "text")} == {
        "article_id": 1, "title": "Flynn talks", "start": 19, "end": 40, "label": "QUOTE",
        "text": "the talks would go on"}
    assert result.stderr.strip() == "2 hits"


def test_claims_against_target_and_pending_csv_with_limit(db: Path) -> None:
    result = run(str(db), "--label", "CLAIM", "--target", "US missile defence", "--polarity", "against")
    assert [json.loads(line)["span_id"] for line in result.stdout.splitlines()] == ["c1"]
    result = run(str(db), "--status", "suggested", "--csv", "--limit", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["span_id"], r["text"], r["by"]) for r in rows] == [("s4", "minister\u00a0José Müller", "machine")]


def test_text_argument(db: Path) -> None:
    result = run(str(db), "Kyiv")
    assert [json.loads(line)["span_id"] for line in result.stdout.splitlines()] == ["q3"]


@pytest.mark.parametrize(("args", "message"), [
    (["--label", "QUOTES"], "Error: --label 'QUOTES' is unknown; known: PERSON, ORG, GPE"),
    (["--polarity", "pro"], "Error: --polarity 'pro' is unknown; known: favor, against, neutral"),
    (["--status", "pending"], "Error: --status 'pending' is unknown; known: suggested, accepted, rejected, all"),
    (["--speaker", "--"], "Error: speaker '--' has no letter or digit"),
])
def test_unknown_values_one_line_exit_2(db: Path, args: list[str], message: str) -> None:
    result = run(str(db), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(message)


def test_missing_project_exit_1_nothing_created(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.db"), "x")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_label_polarity_and_status_match_ignoring_case(db: Path) -> None:
    """User-test finding 16: --label quote and --polarity AGAINST are the schema's QUOTE and against."""
    exact = run(str(db), "--label", "CLAIM", "--target", "US missile defence", "--polarity", "against")
    folded = run(str(db), "--label", "claim", "--target", "US missile defence", "--polarity", "AGAINST",
                 "--status", "All")
    assert folded.exit_code == 0, folded.output
    assert [json.loads(line)["span_id"] for line in folded.stdout.splitlines()] == ["c1"]
    assert folded.stdout == exact.stdout
    quotes = run(str(db), "--label", "quote", "--speaker", "flynn")
    assert [json.loads(line)["span_id"] for line in quotes.stdout.splitlines()] == ["q1", "q2"]
