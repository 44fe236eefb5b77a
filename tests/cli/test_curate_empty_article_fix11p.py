"""fix11p (issue 11, usertest11g #4): an article every analyst left empty (marked done, no spans)
showed "article curated ✓" in the curation view while `annotator curate` said "not curated yet"
and gold export left it out. One rule now (:attr:`Alignment.article_curated`): nothing left to
decide is curated once the lead accepts it (Ctrl+Return / `curate --accept-agreed`), which marks
it; then every reader says curated and gold export writes it as an empty document. An analyst
who never opened it (status new) gave no answer: not marked. Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import curation
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_team_merge_fix11g import run

FULL = "Mayor Ada Brook said the bridge will open in May."
EMPTY = "Rain is expected over the valley on Tuesday."


def _export(path: Path, who: str, empty_status: str) -> Path:
    start = FULL.index("Ada Brook")
    records = [
        {"text": FULL, "status": "done",
         "spans": [{"start": start, "end": start + 9, "label": "PERSON", "status": "accepted", "by": who}]},
        {"text": EMPTY, "status": empty_status, "spans": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _team(tmp_path: Path, empty_status: str = "done") -> tuple[Path, int]:
    db = tmp_path / "team.db"
    for who in ("ana", "ben"):
        result = run("import", db, _export(tmp_path / f"{who}.jsonl", who, empty_status), "--analyst", who)
        assert result.exit_code == 0, result.output
    with Project.open(db, read_only=True) as p:
        empty = next(i for i in p.article_ids() if p.article(i).text == EMPTY)
    return db, empty


def test_an_article_all_analysts_left_empty_is_curated_by_accepting_it_and_exported_empty(tmp_path: Path) -> None:
    db, empty = _team(tmp_path)
    with Project.open(db, read_only=True) as p:
        al = curation.align(curation.curation_input(p, empty, ["ana", "ben"]))
        assert al.curated and not al.article_curated  # the view said "curated ✓" on al.curated
        assert not curation_state.state_of(p, empty).curated
    before = run("curate", db, "--article", empty)
    assert "not curated yet, so not exported as gold" in before.output
    assert f"`annotator curate team.db --accept-agreed --article {empty}`" in before.output
    assert "mark it done" not in before.output
    accepted = run("curate", db, "--accept-agreed", "--by", "lead")
    assert accepted.exit_code == 0, accepted.output
    assert f"#{empty}: Curate: nothing left to decide (every analyst left it empty): article curated" in accepted.output
    with Project.open(db, read_only=True) as p:
        al = curation.align(curation.curation_input(p, empty, ["ana", "ben"]))
        assert al.article_curated  # the view's ✓ now, from the same rule
        assert curation_state.state_of(p, empty).curated
    after = run("curate", db, "--article", empty)
    assert ": curated (exported as gold)" in after.output
    out = tmp_path / "gold.jsonl"
    exported = run("export", db, "--format", "jsonl", "--output", out)
    assert exported.exit_code == 0, exported.output
    docs = {d["text"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert EMPTY in docs and docs[EMPTY]["spans"] == []  # an empty gold document
    assert FULL in docs  # curated by --accept-agreed too (both agree on the PERSON)


def test_an_empty_article_an_analyst_never_opened_is_not_marked_curated(tmp_path: Path) -> None:
    db, empty = _team(tmp_path)
    with Project.open(db, read_only=True) as p:
        data = curation.curation_input(p, empty, ["ana", "ben"])
        edit = curation.accept_all_agreed(data, by="lead", unreviewed=["ben"])
        assert not edit.changes
        # fix11r: worded as `curate` and the view say it (curation.not_reviewed)
        assert edit.description == ("Nothing left to decide, but ben has not reviewed it (status new in their "
                                    "file): not marked curated — have them review it and merge their file again")
        assert curation.accept_all_agreed(data, by="lead").changes  # all reviewed: marked
