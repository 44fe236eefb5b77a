"""fix11w (issue 11, usertest11k F1, F7) through the commands: gold imported without --analyst
(QUOTE, PERSON «Tom Brennan», CUE «said», SPEAKER and CUE links, a stance) and the analysts' layers.
Every bulk way a version is kept (--accept-agreed, --keep, --accept-single) leaves gold's own
records that equal the kept version as they are: the export has each span and link once. F7:
--keep on a link-only difference rejects the link only, gold's QUOTE stays one accepted record.
Hand-written text, no corpus.

--accept-agreed and --accept-single skipped gold's own equal version on main already (it is
decided): those two tests guard that; the --keep link-only test fails on main (F7)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_export_uncurated import run

TEXT = 'Tom Brennan said "the harbour stays public" to Maria Okafor.'


def _record(*, okafor_speaker: bool = False, status: str | None = "done") -> dict:
    def sp(sid: str, words: str, label: str) -> dict:
        start = TEXT.index(words)
        return {"id": sid, "start": start, "end": start + len(words), "label": label}

    spans = [sp("p", "Tom Brennan", "PERSON"), sp("c", "said", "CUE"), sp("q", '"the harbour stays public"', "QUOTE")]
    rels = [{"head": "q", "child": "p", "label": "SPEAKER"}, {"head": "q", "child": "c", "label": "CUE"}]
    if okafor_speaker:
        spans.append(sp("o", "Maria Okafor", "PERSON"))
        rels.append({"head": "q", "child": "o", "label": "SPEAKER"})
    out = {"text": TEXT, "spans": spans, "relations": rels,
           "doc": {"stances": [{"holder": "Tom Brennan", "holder_span": "p", "target": "harbour", "polarity": "favor", "evidence": "q"}]}}
    if status:
        out["status"] = status
    return out


def _team(tmp_path: Path, analysts: tuple[str, ...] = ("ana", "ben"), *, okafor_speaker: bool = False) -> Path:
    db = tmp_path / "t.db"
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_record(okafor_speaker=okafor_speaker, status=None)) + "\n", encoding="utf-8")
    assert run("import", db, gold).exit_code == 0
    layer = tmp_path / "a.jsonl"
    layer.write_text(json.dumps(_record()) + "\n", encoding="utf-8")
    for name in analysts:
        result = run("import", db, layer, "--analyst", name)
        assert result.exit_code == 0, result.output
    return db


def _export(db: Path, *extra: str) -> tuple[str, list[tuple[str, str, str]], list[tuple[str, str, str]], list[tuple[str, str]]]:
    result = run("export", db, "--format", "jsonl", "--output", "-", *extra)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    (rec,) = [json.loads(line) for line in lines if line.startswith("{")]
    said = next(line for line in lines if line.startswith("Exported"))
    t = rec["text"]
    spans = {s["id"]: s for s in rec["spans"]}
    return (said, sorted((t[s["start"]:s["end"]], s["label"], s.get("status", "accepted")) for s in rec["spans"]),
            sorted((r["label"], t[spans[r["child"]]["start"]:spans[r["child"]]["end"]], r.get("status", "accepted"))
                   for r in rec["relations"]),
            sorted((s["holder"], s.get("status", "accepted")) for s in rec.get("doc", {}).get("stances", [])))


SPANS = [('"the harbour stays public"', "QUOTE", "accepted"), ("Tom Brennan", "PERSON", "accepted"), ("said", "CUE", "accepted")]
RELS = [("CUE", "said", "accepted"), ("SPEAKER", "Tom Brennan", "accepted")]


def test_accept_agreed_then_keep_leave_equal_gold_as_it_is(tmp_path: Path) -> None:
    db = _team(tmp_path)
    accepted = run("curate", db, "--accept-agreed", "--by", "lead")
    assert accepted.exit_code == 0 and "article curated" in accepted.output, accepted.output
    kept = run("curate", db, "--keep", "ana", "--article", 1, "--by", "lead")
    assert kept.output.splitlines()[0] == "#1: nothing to keep: no disagreement and no ⚠ decision is left undecided", kept.output
    assert run("curate", db).output.splitlines()[0].endswith(": curated (exported as gold)")
    said, spans, rels, stances = _export(db, "--status", "all")
    assert (spans, rels, stances) == (SPANS, RELS, [("Tom Brennan", "accepted")])
    assert said.startswith("Exported 1 article, 3 spans, 2 relations")


def test_accept_single_leaves_equal_gold_as_it_is(tmp_path: Path) -> None:
    db = _team(tmp_path, ("ana",))
    result = run("curate", db, "--accept-single", "--by", "lead")
    assert result.exit_code == 0, result.output
    said, spans, rels, stances = _export(db, "--status", "all", "--all-articles")
    assert (spans, rels, stances) == (SPANS, RELS, [("Tom Brennan", "accepted")])


def test_keep_on_a_link_only_difference_rejects_the_link_only(tmp_path: Path) -> None:
    """F7 (t7 case B): gold's QUOTE has an extra SPEAKER → «Maria Okafor»; --keep ana rejects
    that link (and gold's PERSON «Maria Okafor», which both analysts left out); the QUOTE is one
    accepted record in an export of every status (it was there twice, rejected and accepted)."""
    db = _team(tmp_path, okafor_speaker=True)
    kept = run("curate", db, "--keep", "ana", "--article", 1, "--by", "lead")
    assert kept.exit_code == 0, kept.output
    assert "its SPEAKER link to «Maria Okafor» rejected in gold (ana's version has none)" in kept.output
    said, spans, rels, stances = _export(db, "--status", "all")
    assert spans == sorted(SPANS + [("Maria Okafor", "PERSON", "rejected")])
    assert rels == sorted(RELS + [("SPEAKER", "Maria Okafor", "rejected")])
    said, spans, rels, stances = _export(db)
    assert (spans, rels) == (SPANS, RELS)
    assert said.startswith("Exported 1 article, 3 spans, 2 relations")
