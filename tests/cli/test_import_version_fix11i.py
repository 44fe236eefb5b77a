"""Issue 11 user test (fix11i): re-importing a colleague's newer file with `--analyst` deletes what
they deleted. The exact sequence, run as the lead runs it: import ana's brat `.ann` (and ben's) with
`--analyst`; keep ana's spans as gold (curate); ana deletes one span and relabels another and sends
a newer `.ann`; `annotator import team.db newer/ --analyst ana`. Her layer is then exactly the newer
file, every change in the change log by the importer, the gold kept from the vanished span flagged
as a merge flags it, the curated mark withdrawn, agreement counting the newer layer; an identical
re-import changes nothing; JSONL the same (and exactly what `merge` of her project file does); an
import without `--analyst` still never deletes. The CLI's import, schema, guidelines and assign
name who acted in the change log."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import curation
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Stance, Status
from annotator.storage.curation_state import WITHDRAWN, state_of
from annotator.storage.project import Project

TEXT = "Angela Merkel met Emmanuel Macron in Berlin. Olaf Scholz said the talks failed."
FIRST = [("PERSON", "Angela Merkel"), ("PERSON", "Emmanuel Macron"), ("GPE", "Berlin"), ("PERSON", "Olaf Scholz")]
# ana deletes Olaf Scholz and relabels Berlin GPE → LOC (she now agrees with ben)
NEWER = [("PERSON", "Angela Merkel"), ("PERSON", "Emmanuel Macron"), ("LOC", "Berlin")]
BEN = [("PERSON", "Angela Merkel"), ("PERSON", "Emmanuel Macron"), ("LOC", "Berlin")]


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _brat(folder: Path, spans: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    lines = [f"T{n}\t{label} {TEXT.index(word)} {TEXT.index(word) + len(word)}\t{word}" for n, (label, word) in enumerate(spans, 1)]
    (folder / "a.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


def _layer(p: Project, analyst: str) -> list[tuple[str, str]]:
    [aid] = p.article_ids()
    return sorted((s.label, TEXT[s.start:s.end]) for s in p.spans(aid, analyst=analyst))


def _curated_team(tmp_path: Path) -> Path:
    """ana's and ben's brat files imported with --analyst, ana's version kept as gold everywhere."""
    team = tmp_path / "team.db"
    for name, spans in (("ana", FIRST), ("ben", BEN)):
        result = run("import", team, _brat(tmp_path / name, spans), "--analyst", name)
        assert result.exit_code == 0, result.output
    kept = run("curate", team, "--article", 1, "--keep", "ana", "--accept-agreed", "--by", "lead")
    assert kept.exit_code == 0 and "#1 «Angela Merkel met Emmanuel Macron in Be…»: curated (exported as gold)" in kept.stdout, kept.output
    return team


def _span_f1(team: Path) -> dict[str, dict[str, float]]:
    report = run("agreement", team, "--json")
    assert report.exit_code == 0, report.output
    return json.loads(report.stdout)["span_f1"]


def test_a_newer_brat_file_deletes_what_ana_deleted_and_flags_the_gold_kept_from_it(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    assert _span_f1(team)["PERSON"]["exact"] == pytest.approx(0.8)  # 2·2/(3+2): ana's Scholz counted
    with Project.open(team) as p:
        rows_before = len(p.history())
        berlin_id = next(s.id for s in p.spans(1, analyst="ana") if s.label == "GPE")
        scholz_id = next(s.id for s in p.spans(1, analyst="ana") if TEXT[s.start:s.end] == "Olaf Scholz")

    result = run("import", team, _brat(tmp_path / "newer", NEWER), "--analyst", "ana", "--by", "lead")

    assert result.exit_code == 0, result.output
    assert "into ana's layer: 1 record changed, 1 removed (2 records already there)" in result.stderr
    assert (f"  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 1 span removed, 1 relabelled; gold kept from it is now flagged (2 decisions ⚠ changed since decided: "
            f"ana's GPE «Berlin» is now LOC; ana's PERSON «Olaf Scholz» is gone since you kept it): decide again in the "
            f"curation view; curated mark withdrawn, not exported as gold until curated again (2 units changed since decided)"
            ) in result.stderr
    with Project.open(team) as p:
        assert _layer(p, "ana") == sorted(NEWER) and _layer(p, "ben") == sorted(BEN)
        rows = p.history()[rows_before:]
        layer_rows = [(r["kind"], r["record_id"], r["by"], json.loads(r["before"])["label"],
                       json.loads(r["after"])["label"] if r["after"] else None) for r in rows if r["kind"] == "layer_span"]
        assert sorted(layer_rows, key=str) == sorted([("layer_span", scholz_id, "lead", "PERSON", None),
                                                      ("layer_span", berlin_id, "lead", "GPE", "LOC")], key=str)
        withdrawal = [r for r in rows if r["kind"] == "article"]
        assert [r["by"] for r in withdrawal] == ["lead (import brat: ana's layer)"]
        assert {r["kind"] for r in rows} == {"layer_span", "article"}  # nothing else, no gold row
        assert [s.label for s in p.spans(1) if s.status == Status.ACCEPTED].count("PERSON") == 3  # gold as kept
        state = state_of(p, 1)
        assert (state.curated, state.decided, state.changed) == (False, False, 2)
        assert curation.curation_status(p.article(1)) == WITHDRAWN
    f1 = _span_f1(team)
    assert (f1["PERSON"]["exact"], f1["LOC"]["exact"]) == (1.0, 1.0) and "GPE" not in f1  # agreement counts the newer layer
    changed = json.loads(run("agreement", team, "--json").stdout)["changed_since_decided"]
    assert sorted(c["why"] for c in changed) == ["ana's GPE «Berlin» is now LOC",
                                                 "ana's PERSON «Olaf Scholz» is gone since you kept it"]
    export = run("export", team, "--format", "jsonl", "--output", tmp_path / "gold.jsonl")
    assert "Exported 0 articles" in export.stderr, export.output  # withdrawn: not gold until curated again


def test_an_identical_reimport_is_no_change_and_logs_nothing(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    folder = tmp_path / "ana"  # the very file imported first (the .ann reads with new ids each time)
    with Project.open(team) as p:
        rows = len(p.history())
        layer = p.bundle(1, analyst="ana")
    result = run("import", team, folder, "--analyst", "ana")
    assert result.exit_code == 0, result.output
    assert "into ana's layer: no change (4 records already there)" in result.stderr and "  #" not in result.stderr
    with Project.open(team) as p:
        assert len(p.history()) == rows and p.bundle(1, analyst="ana") == layer
        assert state_of(p, 1).curated


def test_an_empty_newer_file_empties_the_layer_and_a_text_file_changes_nothing(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.txt").write_text(TEXT, encoding="utf-8")  # a text alone states no annotations
    assert "into ana's layer" not in run("import", team, plain / "a.txt", "--analyst", "ana").stderr
    with Project.open(team) as p:
        assert _layer(p, "ana") == sorted(FIRST)
    result = run("import", team, _brat(tmp_path / "none", []), "--analyst", "ana")
    # fix11am (L2): ben still holds the PERSONs kept by all (ana's layer of the article emptied): only
    # the two kept versions nobody holds now are flagged (it flagged all 4), each saying ana marks nothing there now
    assert ("  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 4 spans removed; gold kept from it is now flagged (2 decisions "
            "⚠ changed since decided: ana's GPE «Berlin» is gone since you kept it — ana marks nothing in this article now; "
            "ana's PERSON «Olaf Scholz» is gone since you kept it — ana marks nothing in this article now)") in result.stderr, result.output
    with Project.open(team) as p:
        assert _layer(p, "ana") == [] and 1 in p.layer_article_ids("ana")


def test_an_older_file_imported_again_goes_back_to_it_and_says_what_changed(tmp_path: Path) -> None:
    team = _curated_team(tmp_path)
    assert run("import", team, _brat(tmp_path / "newer", NEWER), "--analyst", "ana").exit_code == 0
    result = run("import", team, tmp_path / "ana", "--analyst", "ana")  # the first file again
    assert "  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 1 span added, 1 relabelled" in result.stderr, result.output
    with Project.open(team) as p:
        assert _layer(p, "ana") == sorted(FIRST)


# ----------------------------------------------------------------------------- JSONL, and merge alike


def _ana_project(path: Path) -> Path:
    """ana's own project file: Merkel says the talks failed (a quote, its speaker, her stance)."""
    def span(sid: str, label: str, word: str) -> Span:
        start = TEXT.index(word)
        return Span(id=sid, article_id=0, start=start, end=start + len(word), label=label,
                    layer="quote" if label == "QUOTE" else "entity", status=Status.ACCEPTED)

    spans = [span(f"a{n}", label, word) for n, (label, word) in enumerate(FIRST)] + [span("q", "QUOTE", "the talks failed")]
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(
            Article(id=None, text=TEXT), spans=spans,
            relations=[Relation(id="r", article_id=0, head="q", child="a3", label="SPEAKER")],
            stances=[Stance(id="t", article_id=0, holder="Olaf Scholz", target="the talks", polarity="against", evidence="q",
                            holder_span="a3")])], by="ana")
        p.set_setting("analyst", "ana")
        p.set_article_status(p.article_ids()[0], ArticleStatus.DONE)  # fix11t: reviewed (else never curated)
    return path


def _ana_edits(path: Path) -> None:
    """ana deletes her Scholz span (its speaker link goes with it), relabels Berlin, turns the stance."""
    with Project.open(path) as p:
        spans = {TEXT[s.start:s.end]: s for s in p.spans(1)}
        [link] = p.relations(1)
        [stance] = p.stances(1)
        p.apply(Edit("ana's second look", (
            Change(link, None), Change(spans["Olaf Scholz"], None),
            Change(spans["Berlin"], Span(**{**{f: getattr(spans["Berlin"], f) for f in Span.__slots__}, "label": "LOC"})),
            Change(stance, Stance(**{**{f: getattr(stance, f) for f in Stance.__slots__}, "polarity": "favor",
                                     "holder_span": ""})))), by="ana")


def _ben_project(path: Path) -> Path:
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[
            Span(id=f"b{n}", article_id=0, start=TEXT.index(w), end=TEXT.index(w) + len(w), label=label, layer="entity")
            for n, (label, w) in enumerate(BEN)])], by="ben")
        p.set_setting("analyst", "ben")
        p.set_article_status(p.article_ids()[0], ArticleStatus.DONE)  # fix11t: reviewed (else never curated)
    return path


def _state(team: Path) -> dict[str, object]:
    with Project.open(team) as p:
        layer = p.bundle(1, analyst="ana")
        al = curation.align(curation.curation_input(p, 1, ["ana", "ben"]))
        return {
            "spans": sorted((s.id, s.label, s.start, s.end) for s in layer.spans),
            "relations": sorted((r.id, r.head, r.child, r.label) for r in layer.relations),
            "stances": sorted((t.id, t.holder, t.polarity, t.evidence) for t in layer.stances),
            "flagged": sorted(u.changed for u in al.units if u.changed) + sorted(st.changed for st in al.stances if st.changed),
            "status": curation.curation_status(p.article(1)),
            "deleted": sorted((r["kind"], r["record_id"]) for r in p.history() if r["kind"].startswith("layer_") and r["after"] is None),
        }


def test_a_newer_jsonl_file_does_what_a_merge_of_anas_project_does(tmp_path: Path) -> None:
    ana, ben = _ana_project(tmp_path / "ana.db"), _ben_project(tmp_path / "ben.db")
    by_merge, by_import = tmp_path / "merged.db", tmp_path / "imported.db"
    assert run("merge", by_merge, ana, ben).exit_code == 0
    for name, source in (("ana", ana), ("ben", ben)):
        out = tmp_path / f"{name}-1.jsonl"
        assert run("export", source, "--format", "jsonl", "--status", "all", "--output", out).exit_code == 0
        assert run("import", by_import, out, "--analyst", name).exit_code == 0
    for team in (by_merge, by_import):
        kept = run("curate", team, "--article", 1, "--keep", "ana", "--accept-agreed", "--by", "lead")
        assert "#1 «Angela Merkel met Emmanuel Macron in Be…»: curated (exported as gold)" in kept.stdout, kept.output
        with Project.open(team) as p:  # ana's stance was kept with her quote (only she marked it)
            assert [(st.decision, st.analysts) for st in curation.align(curation.curation_input(p, 1, ["ana", "ben"])).stances] \
                == [(curation.Decision.KEPT, ("ana", "ben"))]
    assert _state(by_merge) == _state(by_import)

    _ana_edits(ana)
    newer = tmp_path / "ana-2.jsonl"
    assert run("export", ana, "--format", "jsonl", "--status", "all", "--output", newer).exit_code == 0
    merged = run("merge", by_merge, ana)
    imported = run("import", by_import, newer, "--analyst", "ana", "--by", "lead")
    assert merged.exit_code == imported.exit_code == 0
    assert ("  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 1 span removed, 1 relabelled, 1 relation removed, 1 stance changed; gold kept from it is now "
            "flagged (4 decisions ⚠ changed since decided: ") in imported.stderr, imported.output
    after = _state(by_import)
    assert after == _state(by_merge)  # the same layer (ids included), the same flags, the same mark, the same deletions
    assert after["status"] == WITHDRAWN
    assert "ana's PERSON «Olaf Scholz» is gone since you kept it" in after["flagged"]
    # fix11aj (usertest11q H1): the stance she turned is a decision changed since too (it was not flagged)
    assert "ana's stance of Olaf Scholz on «the talks» is now favor, was against when you kept it" in after["flagged"]
    assert [(label, TEXT[s:e]) for _id, label, s, e in after["spans"] if label != "QUOTE"] == \
        [(label, w) for label, w in sorted(NEWER, key=lambda x: TEXT.index(x[1]))]
    assert after["relations"] == [] and [t[2] for t in after["stances"]] == ["favor"]
    assert json.loads(run("agreement", by_import, "--json").stdout)["span_f1"] == \
        json.loads(run("agreement", by_merge, "--json").stdout)["span_f1"]


# ----------------------------------------------------------------------------- the own layer, and who acted


def test_an_import_without_analyst_never_deletes_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    assert run("import", db, _brat(tmp_path / "full", FIRST)).exit_code == 0
    result = run("import", db, _brat(tmp_path / "partial", NEWER))
    assert result.exit_code == 0
    assert ("the article already in the project kept all it had: an import into your own layer only adds "
            "(--analyst NAME replaces that analyst's layer)") in result.stderr
    with Project.open(db) as p:
        assert _layer(p, "") == sorted([*FIRST, ("LOC", "Berlin")])
        assert not any(r["after"] is None for r in p.history())


def test_import_schema_guidelines_and_assign_name_who_acted_in_the_change_log(tmp_path: Path) -> None:
    me = getpass.getuser()
    db = tmp_path / "news.db"
    assert run("import", db, _brat(tmp_path / "a", FIRST)).exit_code == 0
    schema = tmp_path / "schema.json"
    schema.write_text(run("schema", db).stdout, encoding="utf-8")
    assert run("schema", db, "--set", schema).exit_code == 0
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\nMark people.\n", encoding="utf-8")
    assert run("guidelines", db, "--import", guide).exit_code == 0
    with Project.open(db) as p:
        rows = p.history()
        assert sorted({r["kind"] for r in rows}) == ["guidelines", "import", "schema"]
        assert {r["by"] for r in rows} == {me}  # was "" for all of them
    assert run("assign", db, "--analysts", "ana,ben", "--overlap", "1", "--output", tmp_path / "team").exit_code == 0
    with Project.open(tmp_path / "team" / "ana.db") as p:
        assert p.history() and {r["by"] for r in p.history()} == {me}
    # a project's analyst name is who acts in their own file; --by still wins
    assert run("import", tmp_path / "team" / "ana.db", _brat(tmp_path / "b", [("LOC", "Berlin")])).exit_code == 0
    with Project.open(tmp_path / "team" / "ana.db") as p:
        assert (p.history()[-1]["kind"], p.history()[-1]["by"]) == ("import", "ana")
    guide.write_text("# Guide\nMark people and places.\n", encoding="utf-8")
    assert run("guidelines", db, "--import", guide, "--by", "lead").exit_code == 0
    with Project.open(db) as p:
        assert (p.history()[-1]["kind"], p.history()[-1]["by"]) == ("guidelines", "lead")


# ----------------------------------------------------------------------------- every format that states annotations


def _prodigy(spans: list[tuple[str, str]]) -> str:
    return json.dumps({"text": TEXT, "spans": [{"start": TEXT.index(w), "end": TEXT.index(w) + len(w), "label": label}
                                               for label, w in spans]})


def _doccano(spans: list[tuple[str, str]]) -> str:
    return json.dumps({"text": TEXT, "label": [[TEXT.index(w), TEXT.index(w) + len(w), label] for label, w in spans]})


def _label_studio(spans: list[tuple[str, str]]) -> str:
    result = [{"id": f"r{n}", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": TEXT.index(w), "end": TEXT.index(w) + len(w), "text": w, "labels": [label]}}
              for n, (label, w) in enumerate(spans)]
    return json.dumps([{"id": 1, "data": {"text": TEXT}, "annotations": [{"id": 9, "completed_by": 1, "result": result}]}])


@pytest.mark.parametrize("write", [_prodigy, _doccano, _label_studio], ids=["prodigy", "doccano", "label-studio"])
def test_every_json_shape_that_states_annotations_is_a_newer_version(tmp_path: Path, write) -> None:
    team = tmp_path / "team.db"
    first, newer, plain = tmp_path / "first.json", tmp_path / "newer.json", tmp_path / "plain.jsonl"
    first.write_text(write(FIRST) + "\n", encoding="utf-8")
    newer.write_text(write(NEWER) + "\n", encoding="utf-8")
    plain.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")  # a text alone states nothing
    assert run("import", team, first, "--analyst", "ana").exit_code == 0
    result = run("import", team, plain, "--analyst", "ana")
    assert "into ana's layer" not in result.stderr, result.output
    result = run("import", team, newer, "--analyst", "ana")
    assert "  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 1 span removed, 1 relabelled" in result.stderr, result.output
    with Project.open(team) as p:
        assert _layer(p, "ana") == sorted(NEWER)
    again = run("import", team, newer, "--analyst", "ana")
    assert "into ana's layer: no change (3 records already there)" in again.stderr, again.output


def test_analyst_from_filename_files_are_versions_of_their_annotators_layers(tmp_path: Path) -> None:
    """PolNeAR's layout: attributions/X_<annotator>.ann beside text/X.txt; re-importing the folder
    with one annotator's newer file replaces that annotator's layer only."""
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    (corpus / "text" / "x.txt").write_text(TEXT, encoding="utf-8")

    def write(annotator: str, spans: list[tuple[str, str]]) -> None:
        lines = [f"T{n}\t{label} {TEXT.index(w)} {TEXT.index(w) + len(w)}\t{w}" for n, (label, w) in enumerate(spans, 1)]
        (corpus / "attributions" / f"x_{annotator}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    write("ana", FIRST)
    write("ben", BEN)
    team = tmp_path / "team.db"
    assert run("import", team, corpus / "attributions", "--analyst-from-filename").exit_code == 0
    write("ana", NEWER)
    result = run("import", team, corpus / "attributions", "--analyst-from-filename")
    assert "into ana's layer: 1 record changed, 1 removed (2 records already there); into ben's layer: no change (3 records already there)" \
        in result.stderr, result.output
    assert "  #1 «Angela Merkel met Emmanuel Macron in Be…»: ana: 1 span removed, 1 relabelled" in result.stderr
    with Project.open(team) as p:
        assert (_layer(p, "ana"), _layer(p, "ben")) == (sorted(NEWER), sorted(BEN))
