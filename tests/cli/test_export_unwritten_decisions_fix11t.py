"""fix11t (issue 11, usertest11i 5): ``export --layer all`` of a partly curated project left out the
curation decisions of the articles not curated yet and said only "gold undecided": imported
again, the lead's work on them was gone. The export now says how many decisions of which articles
it did not write, and that --all-articles keeps them. Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.storage.project import Project
from tests.cli.test_team_curate_fix11e import _team_of_two
from tests.cli.test_team_merge_fix11g import run


def test_layer_all_says_the_curation_decisions_of_uncurated_articles_it_does_not_write(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    with Project.open(team) as p:  # one decision (ana's PERSON «Angela Merkel» kept), two units left
        data = curation.curation_input(p, first, ["ana", "cy"])
        al = curation.align(data)
        unit = next(u for u in al.units if data.article.text[u.start:u.end] == "Angela Merkel")
        p.apply(curation.take(data, unit.key, "ana", by="lead", alignment=al), by="lead")
        assert curation.curation_status(p.article(first)) != "curated"
    said = (f"not written: 1 curation decision of 1 article not curated yet (#{first}): an import of this file starts "
            "their curation over — add --all-articles to keep them")
    for layer in ("all", "gold"):
        out = tmp_path / f"{layer}.jsonl"
        result = run("export", team, "--format", "jsonl", "--layer", layer, "--status", "all", "--output", out)
        assert result.exit_code == 0 and said in result.stderr, result.output
    kept = run("export", team, "--format", "jsonl", "--layer", "all", "--all-articles", "--output", tmp_path / "kept.jsonl")
    assert kept.exit_code == 0 and "not written:" not in kept.stderr, kept.output
