"""fix11j (issue 11 finding 1): re-merging a newer analyst's file names, per article, what changed
in their layer — added, removed, relabelled, resized spans (and relations, stances, tags) — capped
with "… and N more" and a pointer to the rest; an article decided but not curated yet whose kept
version is gone is named too (only `agreement` listed it; the curated ones were named). The same
in `merge --json`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Span, Status, article_name
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_curate_fix11e import _mark, _move, _team_of_two


def _edit_span(path: Path, label: str, word: str, *, new_label: str | None = None, delete: bool = False) -> None:
    """In ``path`` (an analyst's file), relabel or delete the accepted ``label`` span on ``word``."""
    with Project.open(path) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == _text(0))
        old = next(s for s in p.bundle(aid).spans
                   if s.label == label and s.status == Status.ACCEPTED and _text(0)[s.start:s.end] == word)
        after = None if delete else dataclasses.replace(old, label=new_label or old.label)
        p.apply(Edit("edit", (Change(old, after),)), by="analyst")


NAME = "#{id} «Article 0: Angela Merkel met Olaf Schol…»"  # untitled: its first words, cut at 40


def test_a_re_merge_names_each_changed_unit_and_the_decided_articles_whose_kept_version_is_gone(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    # the lead keeps cy's Olaf Scholz (the one disagreement) but does not finish the article
    kept = run("curate", team, "--article", first, "--keep", "cy")
    assert kept.exit_code == 0 and "kept cy's version of 1 disagreement" in kept.stdout, kept.output
    # cy then deletes Olaf Scholz, relabels Berlin, shortens Angela Merkel and adds an ORG
    _edit_span(cy, "PERSON", "Olaf Scholz", delete=True)
    _edit_span(cy, "GPE", "Berlin", new_label="LOC")
    _move(cy, _text(0), "PERSON", "Merkel")
    _mark(cy, _text(0), "Article", "ORG")
    merged = run("merge", team, cy)
    assert merged.exit_code == 0, merged.output
    lines = merged.stdout.splitlines()
    name = NAME.format(id=first)
    assert lines[0].startswith("Merged cy (")
    # in text order: each what, the label(s) and the words
    assert lines[1] == f"  {name}: + ORG «Article», PERSON «Angela Merkel»→«Merkel», − PERSON «Olaf Scholz», GPE→LOC «Berlin»", lines
    assert lines[2] == (f"  {name} (not curated yet): 1 decision changed since decided — PERSON «Olaf Scholz»: "
                        f"cy's PERSON «Olaf Scholz» is gone since you kept it; decide it again: `annotator curate TEAM.db --keep ANALYST "
                        f"--article {first}` (or --reject ANALYST), or in the window's View → Curation…"), lines
    # --json: the same, whole
    _mark(cy, _text(0), "met", "ORG")
    again = run("merge", team, cy, "--json")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)[0]
    assert summary["changes"] == {str(first): {"article": name, "changes": ["+ ORG «met»"]}}
    assert summary["decisions_changed"][str(first)]["article"] == name
    assert summary["decisions_changed"][str(first)]["why"] == ["PERSON «Olaf Scholz»: cy's PERSON «Olaf Scholz» is gone since you kept it"]
    assert "  " + name + ": + ORG «met»" in again.stderr.splitlines()


def test_the_first_merge_names_no_unit_and_a_long_list_is_capped_with_where_the_rest_is(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    first_merge = run("merge", tmp_path / "other.db", cy)  # a first merge: the whole layer is new, no unit named
    assert first_merge.exit_code == 0 and len(first_merge.stdout.splitlines()) == 1, first_merge.output
    words = ["Article", "met", "Olaf", "in", "on", "day", "Scholz", "Angela"]
    with Project.open(cy) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == _text(0))
        new = [Span(id=f"n{i}", article_id=aid, start=_text(0).index(w), end=_text(0).index(w) + len(w), label="ORG",
                    layer="entity", status=Status.ACCEPTED) for i, w in enumerate(words)]
        p.apply(Edit("add", tuple(Change(None, s) for s in new)), by="cy")
    merged = run("merge", team, cy)
    assert merged.exit_code == 0, merged.output
    lines = merged.stdout.splitlines()
    name = NAME.format(id=first)
    assert lines[1] == f"  {name}: + ORG «Article», + ORG «Angela», + ORG «met», + ORG «Olaf», + ORG «Scholz», + ORG «in», … and 2 more"
    assert lines[2] == ("  (every change is in the change log, action «merge cy.db: cy's layer»; `annotator agreement TEAM.db` "
                        "lists the decisions they changed; `annotator merge TEAM.db … --json` lists all)")


def test_an_untitled_article_is_named_by_its_first_words_never_an_empty_pair_of_quotes() -> None:
    assert article_name(3, "", "The mayor of Lyon said on Monday that the plan fails.") == "#3 «The mayor of Lyon said on Monday that…»"
    assert article_name(3, "   ", "Short text.") == "#3 «Short text.»"
    assert article_name(3, "", "") == "article 3"
    assert article_name(3, "Tax plan", "x") == "#3 «Tax plan»"


def test_a_unit_kept_by_all_is_stored_as_every_agreeing_analysts_and_exported_so(tmp_path: Path) -> None:
    """fix11j (finding 4): Ctrl+Return / --accept-agreed stored an agreed unit with the first
    analyst's origin ("analyst:ana"), as if ana alone had marked it."""
    team, _ana, _cy, first = _team_of_two(tmp_path)  # ana and cy agree on Angela Merkel PERSON and Berlin GPE
    run("curate", team, "--article", first, "--keep", "cy")
    done = run("curate", team, "--article", first, "--accept-agreed")
    assert done.exit_code == 0 and "(article curated)" in done.stdout, done.output
    with Project.open(team) as p:
        gold = {_text(0)[s.start:s.end]: s for s in p.spans(first) if s.status == Status.ACCEPTED}
    assert gold["Angela Merkel"].origin == gold["Berlin"].origin == "analyst:ana,cy"
    assert gold["Angela Merkel"].attrs["curation"]["kept"] == "all"
    assert sorted(r.split(":")[0] for r in gold["Angela Merkel"].attrs["curation"]["from"]) == ["ana", "cy"]
    assert gold["Olaf Scholz"].origin == "analyst:cy"  # kept from cy alone: cy's
    out = tmp_path / "gold.jsonl"
    assert run("export", team, "--format", "jsonl", "--output", out).exit_code == 0
    doc = next(d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if d["text"] == _text(0))
    origins = {doc["text"][s["start"]:s["end"]]: s.get("origin") for s in doc["spans"]}
    assert origins == {"Angela Merkel": "analyst:ana,cy", "Berlin": "analyst:ana,cy", "Olaf Scholz": "analyst:cy"}, doc["spans"][0]


def test_assign_refuses_a_project_without_articles_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    Project.open(empty).close()
    out = tmp_path / "team"
    result = run("assign", empty, "--analysts", "ana,ben,cy", "--output", out)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "has no articles to assign; import some first" in lines[0], result.output
    assert "Traceback" not in result.output and not out.exists()
