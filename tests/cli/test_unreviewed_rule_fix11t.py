"""fix11t (issue 11, usertest11i 1, 2, 3, 12): one rule of "has not reviewed it" for every article
(:func:`annotator.domain.curation.unreviewed_of`): an analyst whose own file gives the article
status ``new`` or ``in_progress`` (never marked done) has not reviewed it — not a status never
stated. While one is left, Ctrl+Return / ``curate --accept-agreed`` accept nothing, no decision
marks the article curated, ``curate`` and ``agreement`` say so, and an import that moves a status
back withdraws the curated mark. A curated article holds no pending suggestion (rejected in the
edit that marks it). Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import curation
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Span, Status
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_team_merge_fix11g import run

FULL = "Mayor Ada Brook said the bridge will open in May."
EMPTY = "Rain is expected over the valley on Tuesday."


def _write(path: Path, who: str, *, full: str | None = "done", empty: str | None = "done", full_spans: bool = True) -> Path:
    """``who``'s JSONL: FULL with PERSON «Ada Brook» (when ``full_spans``), EMPTY with nothing;
    each with its "status" (None: no "status" key — the file says nothing)."""
    start = FULL.index("Ada Brook")
    spans = [{"start": start, "end": start + 9, "label": "PERSON", "status": "accepted", "by": who}] if full_spans else []
    records = [{"text": FULL, "spans": spans}, {"text": EMPTY, "spans": []}]
    for record, status in zip(records, (full, empty)):
        if status is not None:
            record["status"] = status
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _team(tmp_path: Path, **ana: str | None) -> tuple[Path, int, int]:
    db = tmp_path / "team.db"
    for who in ("ana", "ben"):
        result = run("import", db, _write(tmp_path / f"{who}.jsonl", who, **(ana if who == "ana" else {})), "--analyst", who)
        assert result.exit_code == 0, result.output
    with Project.open(db, read_only=True) as p:
        ids = {p.article(i).text: i for i in p.article_ids()}
    return db, ids[FULL], ids[EMPTY]


def _suggest(db: Path, article_id: int, text: str, word: str) -> None:
    """A machine suggestion (pending) in the gold layer."""
    with Project.open(db) as p:
        start = text.index(word)
        span = Span(id=f"m-{start}", article_id=article_id, start=start, end=start + len(word), label="GPE" if word[0].isupper()
                    else "DATE", layer="entity", status=Status.SUGGESTED, origin="pipeline:test")
        p.apply(Edit("suggest", (Change(None, span),)), by="pipeline")


def _gold(db: Path, tmp_path: Path, *extra: str) -> dict[str, dict]:
    out = tmp_path / "gold.jsonl"
    result = run("export", db, "--format", "jsonl", "--output", out, *extra)
    assert result.exit_code == 0, result.output
    return {d["text"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_an_empty_article_an_analyst_has_in_progress_is_not_left_empty_by_every_analyst(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path, empty="in_progress")  # ana opened it and never marked it done
    _suggest(db, empty, EMPTY, "Tuesday")
    said = "ana has not reviewed it (status in progress in their file: not marked done)"
    listing = run("curate", db, "--article", empty)
    assert said in listing.output and "nothing is left to decide: accept that" not in listing.output, listing.output
    accepted = run("curate", db, "--accept-agreed", "--article", empty, "--by", "lead")
    assert f"#{empty}: Nothing left to decide, but {said}: not marked curated" in accepted.output, accepted.output
    assert "article curated" not in accepted.output
    with Project.open(db, read_only=True) as p:
        al = curation.align(curation.curation_input(p, empty, ["ana", "ben"]))
        assert al.unreviewed == {"ana": "in_progress"} and not al.article_curated
        assert not curation_state.state_of(p, empty).curated
        assert curation.curation_status(p.article(empty)) != "curated"
    assert EMPTY not in _gold(db, tmp_path)  # not an empty gold document
    assert EMPTY not in _gold(db, tmp_path, "--status", "all")  # nor its pending suggestion as gold
    warned = run("agreement", db)
    assert "ana has not reviewed 1 article given to them (status in progress in their files: not marked done" in warned.output


def test_curating_an_article_rejects_the_pending_suggestions_no_analyst_accepted(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path)  # both marked it done, nobody marked a span
    _suggest(db, empty, EMPTY, "Tuesday")
    accepted = run("curate", db, "--accept-agreed", "--article", empty, "--by", "lead")
    assert (f"#{empty}: Curate: nothing left to decide (every analyst left it empty): article curated; "
            "1 pending machine suggestion no analyst accepted rejected in gold") in accepted.output, accepted.output
    docs = _gold(db, tmp_path, "--status", "all")
    assert [s["status"] for s in docs[EMPTY]["spans"]] == ["rejected"]  # never a pending suggestion as curated gold
    with Project.open(db) as p:
        [row] = [r for r in p.history() if r["kind"] == "span" and r["after"] and '"rejected"' in r["after"]]
        assert row["by"] == "lead"  # in the change log


def test_agreed_units_of_an_analyst_who_has_not_reviewed_are_not_accepted_nor_curated(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path, full="new")  # ana's file: the same span as ben's, status new
    said = "ana has not reviewed it (status new in their file)"
    accepted = run("curate", db, "--accept-agreed", "--article", full, "--by", "lead")
    assert (f"#{full}: Not accepted: {said}: their layer is what they were given, not their answer — have them review it "
            "and merge their file again (1 agreed unit left undecided)") in accepted.output, accepted.output
    with Project.open(db) as p:
        assert not curation_state.state_of(p, full).curated
        # a digit on the last unit (the lead's own decision) does not mark it curated either
        data = curation.curation_input(p, full, ["ana", "ben"])
        al = curation.align(data)
        [unit] = al.units
        edit = curation.take(data, unit.key, "ben", by="lead", alignment=al)
        assert edit.description.endswith(f"(not marked curated: {said})"), edit.description
        p.apply(edit, by="lead")
        assert curation.curation_status(p.article(full)) != "curated"
        assert not curation_state.state_of(p, full).curated
        assert curation.review_hint(al.unreviewed).startswith(said)  # the view's status line


def test_a_status_back_to_new_after_curation_withdraws_the_curated_mark(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path)
    assert "(article curated)" in run("curate", db, "--accept-agreed", "--article", full, "--by", "lead").output
    again = run("import", db, _write(tmp_path / "ana2.jsonl", "ana", full="new"), "--analyst", "ana")
    assert again.exit_code == 0, again.output
    assert "ana's status of" in again.output and "done → new" in again.output, again.output
    with Project.open(db, read_only=True) as p:
        assert curation.curation_status(p.article(full)) == curation_state.WITHDRAWN
        assert "ana has not reviewed it (status new in their file)" in p.article(full).meta["curation"]["why"]
        assert not curation_state.state_of(p, full).curated
    assert FULL not in _gold(db, tmp_path)


def test_an_analysts_own_export_imported_back_keeps_a_status_never_stated(tmp_path: Path) -> None:
    db, full, empty = _team(tmp_path, full=None)  # ana's file says nothing of FULL's status
    with Project.open(db, read_only=True) as p:
        assert p.layer_article_status("ana", full) == ""
    out = tmp_path / "ana-out.jsonl"
    assert run("export", db, "--format", "jsonl", "--layer", "ana", "--output", out).exit_code == 0
    docs = {d["text"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert docs[FULL]["status"] is None and docs[EMPTY]["status"] == "done"
    back = run("import", db, out, "--analyst", "ana")
    assert back.exit_code == 0 and "into ana's layer: no change" in back.output, back.output
    with Project.open(db, read_only=True) as p:
        assert p.layer_article_status("ana", full) == ""
        assert curation_state.state_of(p, full).unreviewed == ()
    # a real move from nothing stated is said as such (it was silent, and said "new → done" otherwise)
    moved = run("import", db, _write(tmp_path / "ana3.jsonl", "ana", full="new"), "--analyst", "ana")
    assert "ana's status of #1 «Mayor Ada Brook said the bridge will op…»: not stated → new" in moved.output, moved.output
