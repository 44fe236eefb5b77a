"""fix11z (issue 11, usertest11l N3, N4, N5, N6) through the commands the user ran (t20/r25.sh,
r27.sh): an article given to one analyst, gold imported without --analyst (an interrupted QUOTE,
PERSON, CUE, their links and a stance). Where gold's own version differs (ORG where ana has a
PERSON), `curate` no longer advises `--accept-single` (which leaves it to the lead) but what works
(A, a digit, `--keep`); where gold equals ana's version everywhere, `--accept-single` marks the
article curated as documented; "nothing left to decide" is said once, without the empty-article
remark; export summaries count stances. Hand-written text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_export_uncurated import run

TEXT = '"The harbour," Tom Brennan said, "stays public." Maria Okafor agreed.'


def _doc(person: str, *, status: str | None = None) -> str:
    doc = {"text": TEXT,
           "spans": [{"id": "q1", "start": 0, "end": 14, "label": "QUOTE"}, {"id": "q2", "start": 33, "end": 48, "label": "QUOTE"},
                     {"id": "p", "start": 15, "end": 26, "label": person}, {"id": "c", "start": 27, "end": 31, "label": "CUE"}],
           "relations": [{"head": "q1", "child": "q2", "label": "FRAGMENT"}, {"head": "q1", "child": "p", "label": "SPEAKER"},
                         {"head": "q1", "child": "c", "label": "CUE"}],
           "doc": {"stances": [{"holder": "Tom Brennan", "holder_span": "p", "target": "harbour", "polarity": "favor",
                                "evidence": "q1"}]}}
    if status:
        doc["status"] = status
    return json.dumps(doc) + "\n"


def _project(tmp_path: Path, gold_person: str) -> Path:
    (tmp_path / "g.jsonl").write_text(_doc(gold_person), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(_doc("PERSON", status="done"), encoding="utf-8")
    db = tmp_path / "S.db"
    assert run("import", db, tmp_path / "g.jsonl").exit_code == 0
    assert run("import", db, tmp_path / "a.jsonl", "--analyst", "ana").exit_code == 0
    return db


HEAD = '#1 «"The harbour," Tom Brennan said, "stays…»: '


def test_gold_equal_to_the_one_analyst_accept_single_marks_it_curated(tmp_path: Path) -> None:
    db = _project(tmp_path, "PERSON")
    listing = run("curate", db).output.splitlines()
    # N5: said once, and no empty-article remark (the article is full of agreed annotations)
    assert listing[0] == (HEAD + "not curated yet, so not exported as gold — nothing left to decide: accept that with "
                          "`annotator curate S.db --accept-agreed --article 1`")
    result = run("curate", db, "--accept-single")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "#1: Curate: nothing left to decide (every unit is decided): article curated"  # N4
    assert lines[1] == HEAD + "curated (exported as gold)"
    exported = run("export", db, "--format", "jsonl", "--output", tmp_path / "o.jsonl")
    # N6: stances counted as spans and relations are
    assert exported.stderr.splitlines()[0] == f"Exported 1 article, 4 spans, 3 relations, 1 stance (accepted) as jsonl to {tmp_path / 'o.jsonl'}"
    spacy = run("export", db, "--format", "spacy", "--output", tmp_path / "o.spacy")
    assert spacy.stderr.splitlines()[0] == f"Exported 1 article, 4 spans, 3 relations, 1 stance (accepted) as spacy to {tmp_path / 'o.spacy'}"
    for fmt, said in (("brat", "left out: 1 × stances (brat has no annotation for a stance's holder, target, polarity and evidence); use jsonl"),
                      ("csv", "left out: 1 × stances: CSV has one row per span; use jsonl"),
                      ("conll", "left out: 1 × stances: CoNLL holds none; use jsonl or spacy")):
        out = run("export", db, "--format", fmt, "--output", tmp_path / f"o_{fmt}").stderr.splitlines()
        assert "stance" not in out[0] and said in out, (fmt, out)  # a format without stances says it left them out
    every = run("export", db, "--format", "jsonl", "--layer", "all", "--output", tmp_path / "all.jsonl").stderr.splitlines()
    assert every[0] == f"Exported 1 article, 8 spans, 6 relations, 2 stances (accepted, layer all) as jsonl to {tmp_path / 'all.jsonl'}"
    assert every[1] == "per layer: gold 1 article, 4 spans, 3 relations, 1 stance; ana 1 article, 4 spans, 3 relations, 1 stance"


def test_gold_differing_from_the_one_analyst_is_not_advised_to_accept_single(tmp_path: Path) -> None:
    db = _project(tmp_path, "ORG")
    line = run("curate", db).output.splitlines()[0]
    assert line == (HEAD + "not curated yet, so not exported as gold — 1 disagreement (1 of them where gold differs: gold's own "
                    "version from before curation, unlike the analysts') not decided yet: decide the disagreements: `annotator curate "
                    "S.db --keep ANALYST --article 1` keeps that analyst's version of each, `annotator curate S.db --reject "
                    "ANALYST --article 1` rejects each that analyst marked, or weigh them one by one in the window's View → "
                    "Curation…; then where gold held its own version, `--accept-agreed` and `--accept-single` leave them to "
                    "you: `annotator curate S.db --keep ANALYST --article 1` keeps that analyst's, `--reject ANALYST --article "
                    "1` rejects it, or keep gold's in the window's View → Curation…")
    kept = run("curate", db, "--keep", "ana", "--article", 1)  # what the listing advises works
    assert kept.exit_code == 0 and kept.output.splitlines()[0] == "#1: kept ana's version of 1 disagreement (article curated)", kept.output
    assert run("curate", db).output.splitlines()[0] == HEAD + "curated (exported as gold)"


def test_an_article_every_analyst_left_empty_keeps_its_remark(tmp_path: Path) -> None:
    empty = "Rain is expected over the valley on Tuesday."
    for name in ("ana", "ben"):  # each file holds an annotated article (so the layer exists) and the empty one
        (tmp_path / f"{name}.jsonl").write_text(_doc("PERSON", status="done")
                                                + json.dumps({"text": empty, "status": "done", "spans": []}) + "\n", encoding="utf-8")
    db = tmp_path / "E.db"
    for name in ("ana", "ben"):
        assert run("import", db, tmp_path / f"{name}.jsonl", "--analyst", name).exit_code == 0
    assert run("curate", db, "--article", 2).output.splitlines()[0] == (
        "#2 «Rain is expected over the valley on Tue…»: not curated yet, so not exported as gold — nothing left to decide: "
        "accept that with `annotator curate E.db --accept-agreed --article 2` (every "
        "analyst left it empty: it is then exported as an empty gold document)")
