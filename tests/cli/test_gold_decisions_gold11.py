"""Gold decisions never silently outlive their evidence (issue 11, gold11), run as the lead runs
them: `assign`, analysts edit their files, `merge`, `curate`, `agreement`, `export`.

1. a decision whose every analyst version a newer merge deleted is a unit still: flagged changed
   since decided, the article's curated mark withdrawn (the merge counts it), listed by `curate`
   and `agreement`, left out of gold export; X rejects it, A keeps it as it is (clears the flag,
   undoably).
2. keeping a version settles the unit: a machine suggestion of another label there is rejected in
   the same edit (change log, undone with it).
3. a kept span the lead relabels says "edited by lead" (its decision record updated, undoably); a
   kept span is a new record with origin analyst:NAME (docs/team.md), never the suggestion's.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from annotator.domain import commands, curation
from annotator.domain.curation import Agreement, Decision
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Span, Status
from annotator.storage.curation_state import WITHDRAWN, state_of
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_curate_fix11e import _curate_fully, _gold_texts, _team_of_two


def _delete(path: Path, article_text: str, label: str, word: str) -> None:
    """The analyst of ``path`` deletes their ``label`` span on ``word`` (then re-exports the file)."""
    with Project.open(path) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == article_text)
        old = next(s for s in p.bundle(aid).spans if s.label == label and article_text[s.start:s.end] == word)
        p.apply(Edit("delete", (Change(old, None),)), by="analyst")


def _analysts(p: Project) -> list[str]:
    return [i.analyst for i in p.layers()]


def _orphan(p: Project, article_id: int) -> curation.Unit:
    [unit] = [u for u in curation.align(curation.curation_input(p, article_id, _analysts(p))).units if u.orphan]
    return unit


def _scholz_kept_then_deleted_by_cy(tmp_path: Path) -> tuple[Path, int, object]:
    """cy alone marked Olaf Scholz; the lead kept cy's (curated); cy deletes it and the lead re-merges."""
    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _delete(cy, _text(0), "PERSON", "Olaf Scholz")
    merged = run("merge", team, cy, "--json")
    assert merged.exit_code == 0, merged.output
    return team, first, merged


def test_a_kept_span_whose_only_version_was_deleted_is_flagged_and_the_curated_mark_withdrawn(tmp_path: Path) -> None:
    team, first, merged = _scholz_kept_then_deleted_by_cy(tmp_path)
    why = "cy's PERSON «Olaf Scholz» is gone since you kept it"
    # the merge withdrew the mark and counts the article (before: curate_again was {})
    assert json.loads(merged.stdout)[0]["curate_again"] == {str(first): "1 unit changed since decided"}
    assert f"no longer exported as gold until curated again: #{first} (1 unit changed since decided)" in merged.stderr
    with Project.open(team) as p:
        unit = _orphan(p, first)
        assert (unit.agreement, unit.decision, unit.versions, unit.labels) == (Agreement.GONE, Decision.KEPT, (), ("PERSON",))
        assert _text(0)[unit.start:unit.end] == "Olaf Scholz" and unit.changed == why
        assert curation.curation_status(p.article(first)) == WITHDRAWN
        state = state_of(p, first)
        assert (state.curated, state.decided, state.changed) == (False, False, 1)
    listing = run("curate", team, "--article", first)
    assert "not curated yet" in listing.stdout and "1 unit changed since decided" in listing.stdout, listing.output
    report = json.loads(run("agreement", team, "--json").stdout)
    assert [(c["article_id"], c["text"], c["labels"], c["why"]) for c in report["changed_since_decided"]] == [
        (first, "Olaf Scholz", ["PERSON"], why)]
    out = tmp_path / "gold.jsonl"
    export = run("export", team, "--format", "jsonl", "--output", out)
    assert export.exit_code == 0 and "Exported 0 articles" in export.output, export.output


def test_x_rejects_a_decision_no_version_is_left_of_and_the_article_is_curated_again_without_it(tmp_path: Path) -> None:
    team, first, _merged = _scholz_kept_then_deleted_by_cy(tmp_path)
    with Project.open(team) as p:
        state = curation.ArticleCuration(curation.curation_input(p, first, _analysts(p)))
        unit = next(u for u in state.alignment.units if u.orphan)
        edit = state.reject(unit.key, by="lead")
        assert edit.description.endswith("(article curated)")
        written = p.apply(edit, by="lead")
        assert state.follow(written) == [unit.key]
        followed = state.alignment.unit(unit.key)
        fresh = _orphan(p, first)  # followed edit by edit == aligned afresh
        assert (followed.decision, followed.changed) == (fresh.decision, fresh.changed) == (Decision.REJECTED, "")
        assert state.alignment.curated and curation.curation_status(p.article(first)) == "curated"
    out = tmp_path / "gold.jsonl"
    run("export", team, "--format", "jsonl", "--output", out)
    assert _gold_texts(out) == {_text(0): ["Angela Merkel/PERSON", "Berlin/GPE"]}


def test_a_keeps_it_as_it_is_which_clears_the_flag_and_undo_brings_it_back(tmp_path: Path) -> None:
    team, first, _merged = _scholz_kept_then_deleted_by_cy(tmp_path)
    with Project.open(team) as p:
        state = curation.ArticleCuration(curation.curation_input(p, first, _analysts(p)))
        unit = next(u for u in state.alignment.units if u.orphan)
        edit = state.accept_agreed(unit.key, by="lead")
        assert "though no analyst's version is left" in edit.description and edit.description.endswith("(article curated)")
        written = p.apply(edit, by="lead")
        state.follow(written)
        kept = _orphan(p, first)
        assert (kept.decision, kept.changed) == (Decision.KEPT, "") and state.alignment.unit(unit.key).changed == ""
        assert kept.kept_gold().attrs["curation"]["versions_gone"] is True and kept.kept_gold().attrs["curation"]["by"] == "lead"
        assert state_of(p, first).curated
        p.apply(written.inverse(), by="lead")  # undo: flagged again, not curated
        assert _orphan(p, first).changed == "cy's PERSON «Olaf Scholz» is gone since you kept it"
        assert not state_of(p, first).curated
    out = tmp_path / "gold.jsonl"
    assert "Exported 0 articles" in run("export", team, "--format", "jsonl", "--output", out).output


def test_a_rejected_decision_whose_versions_are_all_gone_is_named_too_and_a_digit_keeps_nothing(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    with Project.open(team) as p:
        state = curation.ArticleCuration(curation.curation_input(p, first, _analysts(p)))
        scholz = next(u for u in state.alignment.units if _text(0)[u.start:u.end] == "Olaf Scholz")
        p.apply(state.reject(scholz.key, by="lead"), by="lead")
    _delete(cy, _text(0), "PERSON", "Olaf Scholz")
    assert run("merge", team, cy).exit_code == 0
    with Project.open(team) as p:
        unit = _orphan(p, first)
        assert (unit.decision, unit.changed) == (Decision.REJECTED, "cy's PERSON «Olaf Scholz» is gone since you rejected it")
        data = curation.curation_input(p, first, _analysts(p))
        p.apply(curation.take(data, unit.key, "ana", by="lead"), by="lead")  # ana's version here: nothing
        assert _orphan(p, first).changed == ""


def test_keeping_a_version_rejects_the_machine_suggestion_of_a_label_no_analyst_chose_there(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    text = _text(0)
    start = text.index("Berlin")
    with Project.open(team) as p:  # the machine suggests Berlin LOC where both analysts said GPE
        loc = Span(id="m-loc", article_id=first, start=start, end=start + 6, label="LOC", layer="entity", status=Status.SUGGESTED,
                   origin="pipeline:en_core_web_sm")
        p.apply(Edit("pre-annotate", (Change(None, loc),)), by="machine")
        data = curation.curation_input(p, first, _analysts(p))
        berlin = next(u for u in curation.align(data).units if text[u.start:u.end] == "Berlin")
        assert [g.id for g in berlin.gold] == ["m-loc"] and berlin.decision == Decision.UNDECIDED
        edit = curation.take(data, berlin.key, "cy", by="lead")
        written = p.apply(edit, by="lead")
        gold = {s.label: s for s in p.spans(first) if text[s.start:s.end] == "Berlin"}
        assert (gold["GPE"].status, gold["LOC"].status) == (Status.ACCEPTED, Status.REJECTED)
        logged = [json.loads(a)["status"] for (a,) in p.db.execute("SELECT after FROM changes WHERE kind = 'span' AND record_id = 'm-loc'")]
        assert logged[-1] == "rejected"  # in the change log
        p.apply(written.inverse(), by="lead")  # undone with the keep
        assert [(s.label, s.status) for s in p.spans(first) if text[s.start:s.end] == "Berlin"] == [("LOC", Status.SUGGESTED)]
    # the same through `curate --accept-agreed`: gold --status all holds no pending LOC
    assert run("curate", team, "--article", first, "--accept-agreed").exit_code == 0
    with Project.open(team) as p:
        assert {(s.label, s.status) for s in p.spans(first) if text[s.start:s.end] == "Berlin"} == {
            ("GPE", Status.ACCEPTED), ("LOC", Status.REJECTED)}


def test_a_person_suggestion_inside_a_quote_is_not_the_quotes(tmp_path: Path) -> None:
    """The other-label rule is of one layer: a nested span of another layer stays apart."""
    from tests.domain.test_curation import TEXT, data_of, layers, make_project, span, units_by_text

    nested = span("m-p", "talks", "PERSON", status=Status.SUGGESTED)  # inside ana's QUOTE "the talks failed"
    project, article_id = make_project(tmp_path / "t.db", layers(), gold=[nested])
    with project:
        quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
        assert quote.gold == () and TEXT.index("talks") > quote.start


def test_a_kept_span_relabelled_by_the_lead_says_edited_by_the_lead_undoably(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    text = _text(0)
    with Project.open(team) as p:
        data = curation.curation_input(p, first, _analysts(p))
        scholz = next(u for u in curation.align(data).units if text[u.start:u.end] == "Olaf Scholz")
        p.apply(curation.take(data, scholz.key, "cy", by="lead"), by="lead")
        [kept] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        assert kept.origin == "analyst:cy" and curation.kept_by(kept) == "cy"
        records = commands.records(p.spans(first), p.relations(first), p.stances(first))
        edit, lost = curation.relabel_gold(records, kept, "ORG", "entity", text, by="lead", at="2026-12-01T08:00:00.000+00:00")
        assert lost == []
        written = p.apply(edit, by="lead")
        [now_] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        assert (now_.label, curation.kept_by(now_)) == ("ORG", "cy, edited by lead")
        assert now_.attrs["curation"]["edited"] == {"by": "lead", "at": "2026-12-01T08:00:00.000+00:00",
                                                    "was": [kept.start, kept.end, "PERSON"]}
        unit = next(u for u in curation.align(curation.curation_input(p, first, _analysts(p))).units if u.key == scholz.key)
        assert unit.decision == Decision.KEPT and unit.changed == ""  # the lead's edit is no analyst's change
        # resized afterwards: still the lead's edit, "was" stays what was kept
        records = commands.records(p.spans(first), p.relations(first), p.stances(first))
        resized = p.apply(curation.resize_gold(records, now_, now_.start + 5, now_.end, by="lead"), by="lead")
        [moved] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        assert text[moved.start:moved.end] == "Scholz" and moved.attrs["curation"]["edited"]["was"] == [kept.start, kept.end, "PERSON"]
        p.apply(resized.inverse(), by="lead")  # undo, undo: as cy's again
        p.apply(written.inverse(), by="lead")
        [back] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        assert (back.label, curation.kept_by(back), "edited" in back.attrs["curation"]) == ("PERSON", "cy", False)


def test_a_kept_span_edited_elsewhere_says_edited(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    text = _text(0)
    with Project.open(team) as p:
        data = curation.curation_input(p, first, _analysts(p))
        scholz = next(u for u in curation.align(data).units if text[u.start:u.end] == "Olaf Scholz")
        p.apply(curation.take(data, scholz.key, "cy", by="lead"), by="lead")
        [kept] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        # the main window's relabel (commands.relabel): no record of who, but not passed off as cy's
        p.apply(commands.relabel(commands.records(p.spans(first), p.relations(first), p.stances(first)), kept, "ORG", "entity"))
        [now_] = [s for s in p.spans(first) if s.status == Status.ACCEPTED]
        assert curation.kept_by(now_) == "cy, edited"
        assert curation.kept_by(dataclasses.replace(now_, label="PERSON")) == "cy"


def test_a_kept_stance_whose_analysts_stance_was_deleted_is_flagged_and_decided_again(tmp_path: Path) -> None:
    """The same fault for stances: ana's stance kept, then deleted from her layer by a newer merge."""
    from annotator.storage import curation_state
    from annotator.storage.layers import replace_article_layer
    from tests.domain.test_curation import data_of, layers, make_project

    project, article_id = make_project(tmp_path / "t.db", layers())
    with project:
        curation_state.keep_versions(project, article_id, "ana", by="lead")
        curation_state.accept_agreed(project, article_id, by="lead")
        assert curation.curation_status(project.article(article_id)) == "curated"
        bundle = project.bundle(article_id, analyst="ana")
        with project.writing():
            replace_article_layer(project.db.conn, "ana", article_id, dataclasses.replace(bundle, stances=[]),
                                  edit="m", action="merge ana.db", by="lead", at="later")
        assert curation_state.withdraw_stale_curations(project, [article_id], by="lead") == {article_id: "1 unit changed since decided"}
        state = curation.ArticleCuration(data_of(project, article_id))
        [stance] = state.alignment.stances
        assert stance.orphan and stance.decision == Decision.KEPT
        assert stance.changed == "ana's stance of Angela Merkel on «the talks» is gone since you kept it"
        assert not state.alignment.curated and state.alignment.changed_since_decided() == 1
        edit = state.accept_agreed(stance.key, by="lead")  # A: kept as it is
        assert edit.description.endswith("(article curated)")
        written = project.apply(edit, by="lead")
        state.follow(written)
        assert state.alignment.stances[0].changed == "" and curation.align(data_of(project, article_id)).curated
        project.apply(written.inverse(), by="lead")
        state = curation.ArticleCuration(data_of(project, article_id))
        edit = state.reject(stance.key, by="lead")  # X: rejected; stays a decided stance unit
        project.apply(edit, by="lead")
        [again] = curation.align(data_of(project, article_id)).stances
        assert (again.decision, again.changed, again.orphan) == (Decision.REJECTED, "", True)
        assert [st.status for st in project.stances(article_id)] == [Status.REJECTED]
