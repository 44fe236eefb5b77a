"""fix11ab (issue 11, usertest11m F1, F2) through the commands: no accepted gold stance leaves the
project without an accepted holder. Hand-written text (usertest11m t20/t40's), no corpus.

F2 (t40/r44.sh S2x2, Ox2): after X on the holder's unit, ``curate --keep ana --article 1`` said
"kept ana's version of 1 disagreement", curated, and exported the stance with ``holder_span ""``.
F1 (t40/r47.sh i1): a kept QUOTE brought ben's stance in with ``holder_span ""``: JSONL and DocBin
exported it so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.storage.project import Project
from tests.cli.test_curate_stances_fix11y import TEXT, _at, exported, ok, rec, write


def _x_on_the_holder(db: Path) -> None:
    """The view's ``Tab X`` on the holder's unit (gold's ORG, the analysts' PERSON)."""
    with Project.open(db) as project:
        st = curation.ArticleCuration(curation.curation_input(project, 1, ["ana", "ben"]))
        unit = next(u for u in st.alignment.units if {"PERSON", "ORG"} & set(u.labels))
        project.apply(st.reject(unit.key, by="lead"), by="lead")


def test_r44_keep_after_x_on_the_holder_leaves_the_stance_rejected(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "g_org.jsonl", rec(label="ORG", status=None)))
    eq = write(tmp_path / "a_eq.jsonl", rec())
    for name in ("ana", "ben"):
        ok("import", db, eq, "--analyst", name)
    _x_on_the_holder(db)
    kept = ok("curate", db, "--keep", "ana", "--article", "1")
    assert "its stance of Tom Brennan favor «harbour» stays rejected as you decided (its holder «Tom Brennan» is rejected)" in kept, kept
    record = exported(db)
    assert (record.get("doc") or {}).get("stances", []) == []
    everything = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--status", "all", "--output", "-").splitlines()
                  if line.startswith("{")]
    assert [(s["holder"], s["status"]) for s in everything[0]["doc"]["stances"]] == [("Tom Brennan", "rejected")]


def test_r47_a_stance_a_kept_quote_brings_is_exported_with_its_holder(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    nost = rec(stance=None)
    m = _at("Maria Okafor")
    nost["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
    for name in ("ana", "ben"):
        ok("import", db, write(tmp_path / "nost.jsonl", nost), "--analyst", name)
    ok("curate", db, "--accept-agreed")
    hm = json.loads(json.dumps(nost))
    hm["doc"] = {"stances": [{"holder": "Maria Okafor", "holder_span": "m", "target": "harbour", "polarity": "favor", "evidence": "q1"}]}
    hp = json.loads(json.dumps(nost))
    hp["doc"] = {"stances": [{"holder": "Tom Brennan", "holder_span": "p", "target": "harbour", "polarity": "favor", "evidence": "q1"}]}
    ok("import", db, write(tmp_path / "hp.jsonl", hp), "--analyst", "ana")
    imported = ok("import", db, write(tmp_path / "hm.jsonl", hm), "--analyst", "ben")
    # F5b; fix11ac N4: in curate's words (it said "2 units")
    assert "not curated since its curated mark was withdrawn (2 disagreements not decided yet)" in imported, imported
    assert "2 disagreements not decided yet" in ok("curate", db)
    with Project.open(db) as project:  # the view's Tab 1 (ana's stance), then 2 on the QUOTE (ben's)
        st = curation.ArticleCuration(curation.curation_input(project, 1, ["ana", "ben"]))
        tom = next(s for s in st.alignment.stances if s.name == "Tom Brennan")
        project.apply(st.take(tom.key, "ana", by="lead"), by="lead")
        st = curation.ArticleCuration(curation.curation_input(project, 1, ["ana", "ben"]))
        quote = next(u for u in st.alignment.units if TEXT[u.start:u.end] == '"The harbour,"')
        project.apply(st.take(quote.key, "ben", by="lead"), by="lead")
    record = exported(db)
    spans = {s["id"]: TEXT[s["start"]:s["end"]] for s in record["spans"]}
    assert sorted((s["holder"], spans.get(s["holder_span"], "")) for s in record["doc"]["stances"]) == [
        ("Maria Okafor", "Maria Okafor"), ("Tom Brennan", "Tom Brennan")]
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "gold.spacy"
    ok("export", db, "--format", "spacy", "--output", out)
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert all(s["holder_span"] for s in doc.user_data["annotator"]["stances"])
