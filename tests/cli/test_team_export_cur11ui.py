"""Issue 11 user test (cur11ui 8): exports of every layer. brat's ``--layer all`` counted an article's
fields once per folder it is in ("3 × article fields" for one article in gold/, ana/, cy/); JSONL's
``--layer all`` gold records had no ``"analyst"`` key while the analysts' had one — now every record
names its layer (``"gold"``: JSONL, CSV, DocBin; brat's ``gold/`` folder), and importing such a
file puts each record back in its layer."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_curate_fix11e import _curate_fully, _team_of_two


def test_brat_all_layers_counts_an_articles_lost_fields_once(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)  # curated: status reviewed, a field brat cannot keep
    out = tmp_path / "brat"
    result = run("export", team, "--format", "brat", "--layer", "all", "--output", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ana", "cy", "gold"]
    written = {p.stem for folder in out.iterdir() for p in folder.glob("*.txt")}
    with Project.open(team) as p:
        lost = [a for a in p.article_ids() if p.article(a).status != "new"]
    assert lost == [first] and len(written) == 3
    # article #first is in all three folders: its fields are lost once
    assert "left out: 1 × article fields" in result.output, result.output
    assert "3 × article fields" not in result.output


def test_jsonl_all_layers_names_gold_and_imports_back_into_each_layer(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    out = tmp_path / "all.jsonl"
    assert run("export", team, "--format", "jsonl", "--layer", "all", "--output", out).exit_code == 0
    doc = next(d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if d["text"] == _text(0))
    layers = sorted((s["analyst"], doc["text"][s["start"]:s["end"]]) for s in doc["spans"])
    assert layers == [("ana", "Angela Merkel"), ("ana", "Berlin"),
                      ("cy", "Angela Merkel"), ("cy", "Berlin"), ("cy", "Olaf Scholz"),
                      ("gold", "Angela Merkel"), ("gold", "Berlin"), ("gold", "Olaf Scholz")]
    # a plain gold export stays as it was: no "analyst" key
    gold = tmp_path / "gold.jsonl"
    assert run("export", team, "--format", "jsonl", "--output", gold).exit_code == 0
    assert all("analyst" not in s for d in map(json.loads, gold.read_text(encoding="utf-8").splitlines()) for s in d["spans"])
    # importing the "all" file: "gold" is the gold layer (no analyst may be called so), the rest their layers
    fresh = tmp_path / "fresh.db"
    imported = run("import", fresh, out)
    assert imported.exit_code == 0, imported.output
    with Project.open(fresh) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == _text(0))
        assert sorted(_text(0)[s.start:s.end] for s in p.spans(aid)) == ["Angela Merkel", "Berlin", "Olaf Scholz"]
        assert sorted(i.analyst for i in p.layers()) == ["ana", "cy"]
        assert len(p.spans(aid, analyst="cy")) == 3 and len(p.spans(aid, analyst="ana")) == 2
