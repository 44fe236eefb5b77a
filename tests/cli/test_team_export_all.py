"""``export --layer all`` of a team project (issue 11, fix11 item 5): its gold part is chosen as
``--layer gold`` chooses it — only the articles whose gold was decided (curated, done, reviewed)
carry gold records, the others are counted under ``left out`` with what to do, and
``--all-articles`` writes every gold layer. The analysts' layers are written whole either way.
Checked per format by reading what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle
from annotator.formats.layers import gold_not_curated, not_curated
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _span, _text, run


def _team(path: Path, articles: int = 3) -> tuple[Path, list[int]]:
    """Gold pre-annotated on every article (an accepted "Olaf Scholz" nobody curated), ana and ben
    agreeing on two entities everywhere; the second article curated (accept all agreed)."""
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=_text(n)), spans=[_span(f"g{n}", _text(n), "Olaf Scholz", "PERSON")])
                          for n in range(articles)], by="lead")
        for analyst in ("ana", "ben"):
            p.import_bundles([ArticleBundle(Article(id=None, text=_text(n)),
                                            spans=[_span(f"a{n}", _text(n), "Angela Merkel", "PERSON"),
                                                   _span(f"b{n}", _text(n), "Berlin", "GPE")])
                              for n in range(articles)], by=analyst, analyst=analyst)
        ids = p.article_ids()
        data = curation.curation_input(p, ids[1], ["ana", "ben"])
        p.apply(curation.accept_all_agreed(data, by="lead"), by="lead")
        # fix11u: gold's own «Olaf Scholz», which both analysts left out, is a unit where gold differs
        # (it was curated unseen): the lead keeps gold's (A), which marks the article curated
        data = curation.curation_input(p, ids[1], ["ana", "ben"])
        (left_out,) = [u for u in curation.align(data).units if u.left_out]
        p.apply(curation.keep_gold(data, left_out.key, by="lead"), by="lead")
    return path, ids


def _gold_of_jsonl(path: Path) -> dict[str, list[str]]:
    """text → sorted gold span texts (records without an analyst in a gold export; ``"analyst": "gold"``
    in an ``--layer all`` one, cur11ui)."""
    out = {}
    for doc in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        out[doc["text"]] = sorted(doc["text"][s["start"]:s["end"]] for s in doc["spans"] if s.get("analyst", "gold") == "gold")
    return out


def test_all_layers_jsonl_holds_gold_only_where_gold_was_decided(tmp_path: Path) -> None:
    team, _ids = _team(tmp_path / "team.db")
    gold, every = tmp_path / "gold.jsonl", tmp_path / "all.jsonl"
    r_gold = run("export", team, "--format", "jsonl", "--output", gold)
    r_all = run("export", team, "--format", "jsonl", "--layer", "all", "--output", every)
    assert r_gold.exit_code == 0 and r_all.exit_code == 0, (r_gold.output, r_all.output)
    # the gold export leaves the articles out; "all" writes them with their analysts' layers, without gold
    assert f"left out: 2 × {not_curated(team)}" in r_gold.output and f"left out: 2 × {gold_not_curated(team)}" in r_all.output
    assert "per layer: gold 1 article, 3 spans, 0 relations; ana 3 articles, 6 spans, 0 relations; ben 3 articles, 6 spans" in r_all.output
    in_all = _gold_of_jsonl(every)
    # the gold part of "all" is exactly the gold export: the curated article's kept entities only
    assert {t: s for t, s in in_all.items() if s} == _gold_of_jsonl(gold) == {_text(1): ["Angela Merkel", "Berlin", "Olaf Scholz"]}
    assert in_all[_text(0)] == [] and in_all[_text(2)] == []  # the uncurated pre-annotation is not passed off as gold
    # the analysts' layers are all there, on every article
    docs = [json.loads(line) for line in every.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 3
    assert all(sorted(s["analyst"] for s in d["spans"] if s["analyst"] != "gold") == ["ana", "ana", "ben", "ben"] for d in docs)


def test_all_layers_with_all_articles_writes_every_gold_layer(tmp_path: Path) -> None:
    team, _ids = _team(tmp_path / "team.db")
    every = tmp_path / "all.jsonl"
    result = run("export", team, "--format", "jsonl", "--layer", "all", "--all-articles", "--output", every)
    assert result.exit_code == 0, result.output
    assert "articles not curated yet" not in result.output
    assert _gold_of_jsonl(every)[_text(0)] == ["Olaf Scholz"]


@pytest.mark.parametrize("fmt", ["brat", "conll", "spacy", "csv"])
def test_all_layers_gold_part_matches_the_gold_export_in_every_format(tmp_path: Path, fmt: str) -> None:
    team, ids = _team(tmp_path / "team.db")
    gold = tmp_path / ("gold" if fmt == "brat" else f"gold.{fmt}")
    every = tmp_path / ("every" if fmt == "brat" else f"every.{fmt}")
    r_gold = run("export", team, "--format", fmt, "--output", gold)
    r_all = run("export", team, "--format", fmt, "--layer", "all", "--output", every)
    assert r_gold.exit_code == 0 and r_all.exit_code == 0, (r_gold.output, r_all.output)
    assert f"left out: 2 × {gold_not_curated(team)}" in r_all.output
    if fmt == "brat":
        assert sorted(p.name for p in (every / "gold").iterdir()) == sorted(p.name for p in gold.iterdir())
        assert len(list((every / "gold").glob("*.ann"))) == 1 and len(list((every / "ana").glob("*.ann"))) == 3
    elif fmt == "conll":  # CoNLL holds the gold part only: an uncurated article, whose gold is not written, is not
        # written at all (alone, its empty gold would read as "no entity here")
        docs = [d for d in every.read_text(encoding="utf-8").split("-DOCSTART-") if d.strip()]
        entities = sorted(sum(line.split()[-1].startswith("B-") for line in d.splitlines() if line.strip()) for d in docs)
        assert entities == [3] and "Exported 1 article," in r_all.output
    elif fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(every).get_docs(spacy.blank("en").vocab))
        assert sorted(len(d.ents) for d in docs) == [0, 0, 3]
    else:
        import csv

        rows = list(csv.DictReader(every.open(encoding="utf-8", newline="")))
        gold_rows = [r for r in rows if r["analyst"] == "gold"]  # cur11ui: the gold layer named, as in JSONL
        assert {r["article_id"] for r in gold_rows} == {str(ids[1])} and len(gold_rows) == 3
