"""fix11y (issue 11, usertest11l H1, H2) through the commands, with usertest11l's t32 and t20
inputs (the JSONL records of t20/gen.py, hand-written text, no corpus).

H1 (t32/r32.sh, t20/r31.sh): ana and ben agree on a quote with no stance, ``--accept-agreed``
curates; both then add the same stance — through a second ``assign`` and ``merge``, or
``import --analyst``. The merge withdrew nothing, ``curate`` said curated, ``--accept-agreed`` "No
agreed unit left to accept", the gold export held 0 stances. Now the mark is withdrawn, ``curate``
lists "1 agreed unit not decided yet", ``--accept-agreed`` accepts it, the export holds it.
r29: ``--keep ana`` skipped a stance ⚠ changed since decided silently.

H2 (t20/r21.sh, r28.sh): gold's own ORG «Tom Brennan» holds the stance, the analysts have PERSON:
``--keep ana`` wrote ``"holder_span": ""``. Now the stance names the kept PERSON in JSONL and DocBin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_export_uncurated import run

TEXT = '"The harbour," Tom Brennan said, "stays public." Maria Okafor agreed.'


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def rec(*, label: str = "PERSON", speaker: str = "Tom Brennan", stance: str | None = "favor", status: str | None = "done") -> dict:
    """t20/gen.py's ``rec``: interrupted QUOTE, speaker, CUE, FRAGMENT/SPEAKER/CUE links, a stance."""
    q1, q2, p, c = _at('"The harbour,"'), _at('"stays public."'), _at(speaker), _at("said")
    spans = [{"id": "q1", "start": q1[0], "end": q1[1], "label": "QUOTE"}, {"id": "q2", "start": q2[0], "end": q2[1], "label": "QUOTE"},
             {"id": "p", "start": p[0], "end": p[1], "label": label}, {"id": "c", "start": c[0], "end": c[1], "label": "CUE"}]
    rels = [{"head": "q1", "child": "q2", "label": "FRAGMENT"}, {"head": "q1", "child": "p", "label": "SPEAKER"},
            {"head": "q1", "child": "c", "label": "CUE"}]
    out: dict = {"text": TEXT, "spans": spans, "relations": rels}
    if stance:
        out["doc"] = {"stances": [{"holder": "Tom Brennan", "holder_span": "p", "target": "harbour", "polarity": stance,
                                   "evidence": "q1"}]}
    if status:
        out["status"] = status
    return out


def write(path: Path, record: dict) -> Path:
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def ok(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def exported(db: Path) -> dict:
    """The accepted gold export's one record (JSONL)."""
    (record,) = [json.loads(line) for line in ok("export", db, "--format", "jsonl", "--output", "-").splitlines()
                 if line.startswith("{")]
    return record


def stances_of(record: dict) -> list[tuple[str, str, str, str]]:
    """(holder, polarity, holder span «words» label, evidence «words») of an exported record."""
    spans = {s["id"]: s for s in record["spans"]}

    def said(sid: str) -> str:
        s = spans.get(sid)
        return f"{TEXT[s['start']:s['end']]} {s['label']}" if s is not None else sid

    return sorted((st["holder"], st["polarity"], said(st["holder_span"]), said(st["evidence"]))
                  for st in (record.get("doc") or {}).get("stances", []))


AGREED = [("Tom Brennan", "favor", "Tom Brennan PERSON", '"The harbour," QUOTE')]


def curated_without_stance(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    nost = write(tmp_path / "a_nost.jsonl", rec(stance=None))
    for name in ("ana", "ben"):
        ok("import", db, nost, "--analyst", name)
    assert ok("curate", db, "--accept-agreed").splitlines()[0] == "#1: Curate: accept all 4 agreed units (article curated)"
    return db


def after_the_stance_came(db: Path, said: str) -> None:
    listing = ok("curate", db)
    assert "not curated yet" in listing and "1 agreed unit not decided yet" in listing, listing
    assert exported_or_none(db) == []  # not curated: not exported as gold
    assert ok("curate", db, "--accept-agreed").splitlines()[0] == said
    assert "curated (exported as gold)" in ok("curate", db)
    assert stances_of(exported(db)) == AGREED


def exported_or_none(db: Path) -> object:
    lines = [line for line in ok("export", db, "--format", "jsonl", "--output", "-").splitlines() if line.startswith("{")]
    return [json.loads(line).get("doc", {}).get("stances") for line in lines]


def test_t32_a_stance_merged_after_curation_withdraws_the_mark_and_reaches_gold(tmp_path: Path) -> None:
    db = curated_without_stance(tmp_path)
    team = tmp_path / "team"
    ok("assign", db, "--analysts", "ana,ben", "--overlap", "1", "--output", team, "--seed", "1")
    eq = write(tmp_path / "a_eq.jsonl", rec())
    for name in ("ana", "ben"):
        ok("import", team / f"{name}.db", eq)
    merged = ok("merge", db, team / "ana.db", team / "ben.db")
    assert "+ stance Tom Brennan for «harbour»" in merged
    assert "1 curated article changed, no longer exported as gold until curated again: #1 (1 agreed unit not decided yet)" in merged, merged
    after_the_stance_came(db, "#1: Curate: accept the 1 agreed unit (article curated)")


def test_t20_r31_a_stance_imported_after_curation_is_left_to_decide(tmp_path: Path) -> None:
    db = curated_without_stance(tmp_path)
    eq = write(tmp_path / "a_eq.jsonl", rec())
    assert "curated mark withdrawn" in ok("import", db, eq, "--analyst", "ana")
    ok("import", db, eq, "--analyst", "ben")
    # `annotator agreement` lists it beside the decisions changed since decided, as a span unit new since
    report = ok("agreement", db)
    assert "  #1 stance «Tom Brennan on harbour»: new since the article was curated (ana, ben's)" in report.splitlines()
    # fix11ak N7: counted apart from the decisions changed since decided, as curate counts them
    assert "Gold decisions changed since decided (1 new since the article was curated, not " \
           "decided yet)" in report, report
    after_the_stance_came(db, "#1: Curate: accept the 1 agreed unit (article curated)")
    assert "stance «" not in ok("agreement", db)


def test_t20_r29_keep_decides_the_stance_changed_since_decided(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    eq = write(tmp_path / "a_eq.jsonl", rec())
    for name in ("ana", "ben"):
        ok("import", db, eq, "--analyst", name)
    ok("curate", db, "--accept-agreed")
    short = rec(speaker="Brennan")
    short["doc"]["stances"][0]["holder"] = "Brennan"
    short_file = write(tmp_path / "a_short.jsonl", short)
    for name in ("ana", "ben"):
        ok("import", db, short_file, "--analyst", name)
    kept = ok("curate", db, "--keep", "ana", "--article", "1")
    # fix11ak N8: the old holder's stance unit holds no version of ana's now: said
    assert kept.splitlines()[0] == ("#1: kept ana's version of 2 decisions ⚠ changed since decided (decided again) (ana has "
                                    "none at 1 of them: gold keeps nothing there)"), kept
    assert ok("curate", db, "--accept-agreed").splitlines()[0] == "#1: Curate: accept the 1 agreed unit (article curated)"
    assert stances_of(exported(db)) == [("Brennan", "favor", "Brennan PERSON", '"The harbour," QUOTE')]


@pytest.mark.parametrize(("label", "speaker"), [("ORG", "Tom Brennan"), ("PERSON", "Brennan"), ("ORG", "Brennan")],
                         ids=["r21-other-label", "r28-other-place", "r28-other-place-and-label"])
def test_t20_keep_ana_moves_the_gold_stance_holder_to_the_kept_span(tmp_path: Path, label: str, speaker: str) -> None:
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "g.jsonl", rec(label=label, speaker=speaker, status=None)))
    eq = write(tmp_path / "a_eq.jsonl", rec())
    for name in ("ana", "ben"):
        ok("import", db, eq, "--analyst", name)
    assert ok("curate", db, "--keep", "ana", "--article", "1").splitlines()[0] == "#1: kept ana's version of 1 disagreement (article curated)"
    record = exported(db)
    assert stances_of(record) == AGREED
    (stance,) = record["doc"]["stances"]
    speaker_link = next(r for r in record["relations"] if r["label"] == "SPEAKER")
    assert stance["holder_span"] == speaker_link["child"] != ""
    # DocBin: the stance names the kept PERSON there too
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "gold.spacy"
    ok("export", db, "--format", "spacy", "--output", out)
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    (docbin_stance,) = doc.user_data["annotator"]["stances"]
    assert docbin_stance["holder_span"] == stance["holder_span"]
