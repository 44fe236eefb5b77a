"""Issue 11 user test (fix11l): `annotator export news.db --format jsonl --layer ben` writes ben's
accepted records only (the default `--status accepted`); re-importing that file with one span
taken out (`import news.db ben2.jsonl --analyst ben`) removed ben's rejected pre-annotation
records too, which the file never carried. A file replaces only the statuses it carries (brat:
accepted, or those its status attributes name; JSONL: those that appear in it): the rest of the
layer stays as it is and is not counted as removed (docs/team.md "Which import replaces")."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage.project import Project

TEXT = "Angela Merkel said the talks failed. Olaf Scholz met Emmanuel Macron in Berlin."
# (id, words, label, status): ben accepted three spans and a SPEAKER link, rejected two
# suggestions and a link between accepted spans
BEN = [("m", "Angela Merkel", "PERSON", "accepted"), ("q", "the talks failed", "QUOTE", "accepted"),
       ("s", "Olaf Scholz", "PERSON", "accepted"), ("b", "Berlin", "GPE", "rejected"), ("e", "Emmanuel", "PERSON", "rejected")]
LINKS = [("r1", "q", "m", "SPEAKER", "accepted"), ("r2", "q", "s", "SPEAKER", "rejected")]


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _team(tmp_path: Path) -> Path:
    team = tmp_path / "news.db"
    line = {"text": TEXT,
            "spans": [{"id": i, "start": TEXT.index(w), "end": TEXT.index(w) + len(w), "label": lab, "status": st}
                      for i, w, lab, st in BEN],
            "relations": [{"id": i, "head": h, "child": c, "label": lab, "status": st} for i, h, c, lab, st in LINKS]}
    source = tmp_path / "ben0.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run("import", team, source, "--analyst", "ben", "--by", "lead")
    assert result.exit_code == 0, result.output
    assert _layer(team) == _everything()
    return team


def _layer(team: Path) -> dict[str, list]:
    with Project.open(team) as p:
        spans = {s.id: s for s in p.spans(1, analyst="ben")}
        b = p.bundle(1, analyst="ben")
        return {"spans": sorted((TEXT[s.start:s.end], str(s.status)) for s in spans.values()),
                "relations": sorted((TEXT[spans[r.head].start:spans[r.head].end], TEXT[spans[r.child].start:spans[r.child].end],
                                     str(r.status)) for r in b.relations)}


def _everything(without: str = "") -> dict[str, list]:
    gone = {i for i, w, *_ in BEN if w == without}
    return {"spans": sorted((w, st) for i, w, _l, st in BEN if i not in gone),
            "relations": sorted((next(w for i, w, *_ in BEN if i == h), next(w for i, w, *_ in BEN if i == c), st)
                                for _i, h, c, _l, st in LINKS if not {h, c} & gone)}


def _export_jsonl(team: Path, out: Path, *status: str) -> dict:
    result = run("export", team, "--format", "jsonl", "--layer", "ben", "--output", out, *status)
    assert result.exit_code == 0, result.output
    [line] = out.read_text(encoding="utf-8").splitlines()
    return json.loads(line)


def _without(record: dict, words: str) -> dict:
    [gone] = [s["id"] for s in record["spans"] if s["text"] == words]
    record["spans"] = [s for s in record["spans"] if s["id"] != gone]
    record["relations"] = [r for r in record["relations"] if gone not in (r["head"], r["child"])]
    return record


def test_an_accepted_only_jsonl_export_reimported_removes_only_the_span_taken_out(tmp_path: Path) -> None:
    team = _team(tmp_path)
    record = _export_jsonl(team, tmp_path / "ben.jsonl")
    assert {s["status"] for s in record["spans"]} == {"accepted"}  # the export left the rejections out
    (tmp_path / "ben2.jsonl").write_text(json.dumps(_without(record, "Olaf Scholz")) + "\n", encoding="utf-8")

    result = run("import", team, tmp_path / "ben2.jsonl", "--analyst", "ben", "--by", "lead")

    assert result.exit_code == 0, result.output
    # Scholz's only link was a rejected one, which goes with its span; nothing else of ben's rejections goes
    assert "into ben's layer: 2 records removed (5 records already there)\n  #1 «Angela Merkel said the talks failed. Ol…»: ben: 1 span removed, 1 relation removed\n" in result.stderr
    expected = _everything(without="Olaf Scholz")
    assert _layer(team) == expected
    again = run("import", team, tmp_path / "ben2.jsonl", "--analyst", "ben", "--by", "lead")
    assert again.exit_code == 0 and "removed" not in again.stderr, again.stderr
    assert _layer(team) == expected


def test_an_all_status_jsonl_export_reimported_replaces_rejections_too(tmp_path: Path) -> None:
    team = _team(tmp_path)
    record = _export_jsonl(team, tmp_path / "ben.jsonl", "--status", "all")
    assert {s["status"] for s in record["spans"]} == {"accepted", "rejected"}
    (tmp_path / "ben2.jsonl").write_text(json.dumps(_without(record, "Berlin")) + "\n", encoding="utf-8")

    result = run("import", team, tmp_path / "ben2.jsonl", "--analyst", "ben", "--by", "lead")

    assert result.exit_code == 0, result.output
    assert "into ben's layer: 1 record removed (6 records already there)\n  #1 «Angela Merkel said the talks failed. Ol…»: ben: 1 span removed\n" in result.stderr, result.stderr
    assert _layer(team) == _everything(without="Berlin")


def test_a_brat_export_reimported_removes_only_accepted_records(tmp_path: Path) -> None:
    team = _team(tmp_path)
    out = tmp_path / "brat"
    result = run("export", team, "--format", "brat", "--layer", "ben", "--output", out)
    assert result.exit_code == 0, result.output
    [ann] = sorted(out.rglob("*.ann"))
    lines = ann.read_text(encoding="utf-8").splitlines()
    [t] = [ln.split("\t")[0] for ln in lines if ln.startswith("T") and ln.endswith("\tAngela Merkel")]
    gone = {t} | {ln.split("\t")[0] for ln in lines if ln.startswith("R") and re.search(rf":{t}\b", ln)}
    kept = [ln for ln in lines if not gone & set(re.split(r"[\s:]", ln))]  # their lines, notes and attributes
    assert len(gone) == 2  # Merkel and her SPEAKER link (the only accepted one)
    ann.write_text("".join(ln + "\n" for ln in kept), encoding="utf-8")

    result = run("import", team, out, "--analyst", "ben", "--by", "lead")

    assert result.exit_code == 0, result.output
    assert "#1 «Angela Merkel said the talks failed. Ol…»: ben: 1 span removed, 1 relation removed\n" in result.stderr, result.stderr
    assert _layer(team) == _everything(without="Angela Merkel")


def test_a_file_with_no_annotations_left_removes_the_accepted_ones_only(tmp_path: Path) -> None:
    team = _team(tmp_path)
    record = _export_jsonl(team, tmp_path / "ben.jsonl")
    record["spans"], record["relations"] = [], []
    (tmp_path / "ben2.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")

    result = run("import", team, tmp_path / "ben2.jsonl", "--analyst", "ben", "--by", "lead")

    assert result.exit_code == 0, result.output
    assert _layer(team) == {"spans": [("Berlin", "rejected"), ("Emmanuel", "rejected")], "relations": []}
