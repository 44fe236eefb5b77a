"""fix11aj (issue 11, usertest11q lows) through the CLI. Hand-written text, no corpus.

* L2: ``--keep cy`` on an article cy has not reviewed decided everything but said only "kept cy's
  version of 1 disagreement" — the window's digit says "(not marked curated: cy has not reviewed
  it …)": the first line says it too.
* L0: ``import --analyst`` took a label not in the schema (FACILITY) silently into layer "other";
  now refused with file:line and what to do, nothing written (as ``merge`` refuses another schema).
* L4: ``--keep ben`` on a unit ben deleted: the rejected gold record's origin still named all three
  analysts; it names who kept it out (ben) now.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_curate_stances_fix11y import TEXT, ok, rec, run, write

pytestmark = pytest.mark.timeout(120)


def test_keep_an_unreviewed_analyst_says_not_marked_curated(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    # every unit a disagreement (as in s2: three versions), so --keep cy decides them all
    tom = TEXT.index("Tom Brennan")
    for name, label, status in (("ana", "PERSON", "done"), ("cy", "ORG", "new")):
        record = {"text": TEXT, "spans": [{"id": "p", "start": tom, "end": tom + len("Tom Brennan"), "label": label}], "status": status}
        ok("import", db, write(tmp_path / f"{name}.jsonl", record), "--analyst", name)
    said = ok("curate", db, "--keep", "cy", "--article", "1")
    first = said.splitlines()[0]
    assert first.startswith("#1: kept cy's version of 1 disagreement (not marked curated: cy has not reviewed it"), said
    assert "(article curated)" not in said
    # a --keep that decides nothing says nothing of the mark
    again = ok("curate", db, "--keep", "cy", "--article", "1").splitlines()[0]
    assert "not marked curated" not in again, again


def test_import_analyst_refuses_a_label_not_in_the_schema(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "ana.jsonl", rec(stance=None)), "--analyst", "ana")
    bad = {"text": "The Osterby ferry terminal reopened on Friday.", "spans": [{"id": "f", "start": 4, "end": 26, "label": "FACILITY"}],
           "status": "done"}
    path = tmp_path / "cy.jsonl"
    path.write_text(json.dumps(rec(stance=None)) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    before = db.read_bytes()
    result = run("import", db, path, "--analyst", "cy")
    assert result.exit_code == 1, result.output
    out = result.output.strip()
    assert f"{path}:2" in out and "FACILITY" in out and "Traceback" not in out, out
    assert "schema" in out, out
    assert db.read_bytes() == before
    assert "cy" not in ok("curate", db)  # nothing of cy's written


def _with_maria(record: dict, keep: bool = True) -> dict:
    m = TEXT.index("Maria Okafor")
    if keep:
        record["spans"].append({"id": "m", "start": m, "end": m + len("Maria Okafor"), "label": "PERSON"})
    return record


def test_keep_ben_where_ben_deleted_the_unit_names_ben_in_the_rejected_origin(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    for name in ("ana", "ben", "cy"):
        ok("import", db, write(tmp_path / f"{name}.jsonl", _with_maria(rec(stance=None))), "--analyst", name)
    assert "(article curated)" in ok("curate", db, "--accept-agreed", "--article", "1")
    ok("import", db, write(tmp_path / "ben-2.jsonl", _with_maria(rec(stance=None), keep=False)), "--analyst", "ben")
    assert "changed since decided" in ok("curate", db, "--article", "1")
    ok("curate", db, "--keep", "ben", "--article", "1")
    rows = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--all-articles",
                                            "--output", "-").splitlines() if line.startswith("{")]
    m = TEXT.index("Maria Okafor")
    [maria] = [s for r in rows for s in r["spans"] if s["start"] == m]
    assert (maria["status"], maria["origin"]) == ("rejected", "analyst:ben"), maria
