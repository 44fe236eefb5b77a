"""fix11v (issue 11, usertest11j F6, F8): ``curate --accept-single`` gives every article its own
line — what it kept, or "Not kept: …" and why (it printed only the listing when the article had
two analysts, one had not reviewed it, or nothing was left) — and a spaCy DocBin given to
``import`` is refused as export only, naming the formats import reads (it said "cannot tell the
format"), with nothing written and no backup left. Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.storage.project import Project
from tests.cli.test_team_merge_fix11g import run
from tests.cli.test_unreviewed_rule_fix11t import FULL, _team, _write

def not_one(aid: int) -> str:
    """curate's words (flags only, fix11ag P8; they mixed window keys in) for an article of two analysts."""
    return ("Not kept: the article was given to ana, ben, not to one analyst: decide it by what they agree on "
            f"(--accept-agreed) and each disagreement (--keep ANALYST --article {aid})")


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("#") and "«" not in line.split(":")[0]]


def test_accept_single_says_why_it_kept_nothing_for_each_article(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path)  # both analysts given both articles: nothing is one analyst's
    result = run("curate", db, "--accept-single")
    assert result.exit_code == 0, result.output
    assert f"#{full}: {not_one(full)}\n" in result.output and f"#{empty}: {not_one(empty)}\n" in result.output, result.output
    assert "no agreed unit" not in result.output.lower()


@pytest.mark.parametrize(("status", "said"), [
    ("in_progress", "Not kept: ana has not reviewed it (status in progress in their file: not marked done): their layer is "
                    "what they were given, not their answer — have them review it and merge their file again"),
    ("done", None),  # kept the first time; then nothing is left
])
def test_accept_single_of_an_article_given_to_one_analyst(tmp_path: Path, status: str, said: str | None) -> None:
    db = tmp_path / "one.db"
    assert run("import", db, _write(tmp_path / "ana.jsonl", "ana", full=status, empty=status), "--analyst", "ana").exit_code == 0
    with Project.open(db, read_only=True) as p:
        full = next(i for i in p.article_ids() if p.article(i).text == FULL)
    first = run("curate", db, "--accept-single", "--article", full)
    assert first.exit_code == 0, first.output
    if said is not None:
        assert f"#{full}: {said}\n" in first.output, first.output
        return
    assert f"#{full}: Curate: keep ana's version of the 1 unit only ana was given (article curated)\n" in first.output, first.output
    again = run("curate", db, "--accept-single", "--article", full)
    assert f"#{full}: Not kept: no unit only ana was given is left undecided\n" in again.output, again.output


def test_a_docbin_given_to_import_is_refused_as_export_only(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    db, _full, _empty = _team(tmp_path)
    docbin = tmp_path / "ana.spacy"
    exported = run("export", db, "--format", "spacy", "--layer", "ana", "--output", docbin)
    assert exported.exit_code == 0, exported.output
    before = [(i, len(Project.open(db, read_only=True).spans(i, analyst="ana"))) for i in (_full, _empty)]
    refused = run("import", db, docbin, "--analyst", "ana")
    assert refused.exit_code == 1
    assert refused.output == (f"Error: {docbin}: is a spaCy DocBin: DocBin is export only — import reads txt, jsonl, csv "
                              "or brat; to bring an analyst's layer back, export it as JSONL (--format jsonl: its spans name their "
                              "analyst)\n")
    assert [(i, len(Project.open(db, read_only=True).spans(i, analyst="ana"))) for i in (_full, _empty)] == before
    folder = tmp_path / "shards"  # a DocBin written as a folder of shards
    folder.mkdir()
    (folder / "00000.spacy").write_bytes(docbin.read_bytes())
    assert run("import", db, folder).output.startswith(f"Error: {folder}: is a spaCy DocBin: DocBin is export only")
    jsonl = tmp_path / "ana.jsonl"  # what the message says to do instead brings the layer back
    assert run("export", db, "--format", "jsonl", "--layer", "ana", "--output", jsonl).exit_code == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert {s["analyst"] for r in records for s in r["spans"]} == {"ana"}
