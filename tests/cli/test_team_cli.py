"""`annotator assign | merge | analyst`, `import --analyst`, `export --layer` (issue 11, docs/team.md):
a team project's exports hold exactly the gold layer unless asked, in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.storage.project import Project
from tests.polnear_pick import need_article_with_annotators

TEXTS = ("Angela Merkel said the talks failed, according to Reuters.", "Boris Johnson met Joe Biden in London.")


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _span(sid: str, start: int, end: int, label: str, layer: str = "entity") -> Span:
    return Span(id=sid, article_id=0, start=start, end=end, label=label, layer=layer, status=Status.ACCEPTED)


def _gold_project(path: Path) -> Path:
    with Project.open(path) as p:
        p.import_bundles([
            ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[_span("g1", 0, 13, "PERSON"), _span("gq", 19, 35, "QUOTE", "quote")],
                          relations=[Relation(id="gr", article_id=0, head="gq", child="g1", label="SPEAKER")]),
            ArticleBundle(Article(id=None, text=TEXTS[1]), spans=[_span("g2", 0, 13, "PERSON")]),
        ], by="lead")
    return path


def _analyst(path: Path, name: str, label: str) -> Path:
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[_span("a1", 0, 13, label), _span("a2", 51, 58, "ORG")])], by=name)
        p.set_setting("analyst", name)
    return path


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """(a gold-only project, a byte copy of it into which ana and ben were merged)."""
    gold = _gold_project(tmp_path / "gold.db")
    team = tmp_path / "team.db"
    shutil.copy(gold, team)
    ana, ben = _analyst(tmp_path / "ana.db", "ana", "PERSON"), _analyst(tmp_path / "ben.db", "ben", "NORP")
    result = run("merge", team, ana, ben)
    assert result.exit_code == 0, result.output
    assert "Merged ana" in result.output and "Merged ben" in result.output
    return gold, team


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll", "brat", "spacy"])
def test_a_team_projects_export_is_exactly_its_gold_layer_by_default(tmp_path: Path, team: tuple[Path, Path], fmt: str) -> None:
    gold, merged = team
    # decided gold (a team project's gold export holds the decided articles only), the same in both
    with Project.open(gold) as p:
        for article_id in p.article_ids():
            p.set_article_status(article_id, ArticleStatus.DONE)
    shutil.copy(gold, merged)
    assert run("merge", merged, tmp_path / "ana.db", tmp_path / "ben.db").exit_code == 0
    outputs = []
    for project, layer in ((gold, None), (merged, None), (merged, "gold")):
        out = tmp_path / f"{project.stem}-{layer}.{fmt}"
        result = run("export", project, "--format", fmt, "--output", out, "--status", "all", *(["--layer", layer] if layer else []))
        assert result.exit_code == 0, result.output
        assert "left out" not in result.output.replace("left out: 2 × article fields", "") or fmt in ("conll", "csv")
        outputs.append(out)
    if fmt == "brat":
        contents = [{f.name: f.read_bytes() for f in sorted(o.iterdir())} for o in outputs]
    elif fmt == "spacy":
        from spacy.tokens import DocBin
        import spacy

        nlp = spacy.blank("en")
        contents = [[(d.to_json(), {k: [(s.start_char, s.end_char, s.label_) for s in v] for k, v in d.spans.items()}, d.user_data)
                     for d in DocBin().from_disk(o).get_docs(nlp.vocab)] for o in outputs]
        assert all("ana" not in json.dumps(str(c)) for c in contents)
    else:
        contents = [o.read_bytes() for o in outputs]
    assert contents[0] == contents[1] == contents[2]


def test_export_layer_analyst_and_all_name_the_analyst(tmp_path: Path, team: tuple[Path, Path]) -> None:
    """--all-articles: every gold layer too (without it, "all" leaves undecided gold out like --layer gold: test_team_export_all)."""
    _, merged = team
    out = tmp_path / "ana.jsonl"
    assert run("export", merged, "--format", "jsonl", "--layer", "ana", "--output", out).exit_code == 0
    [line] = [json.loads(x) for x in out.read_text().splitlines()]  # only the article ana was given
    assert [(s["label"], s["analyst"], s["id"]) for s in line["spans"]] == [("PERSON", "ana", "a1"), ("ORG", "ana", "a2")]
    out = tmp_path / "all.jsonl"
    assert run("export", merged, "--format", "jsonl", "--layer", "all", "--all-articles", "--output", out).exit_code == 0
    first, second = [json.loads(x) for x in out.read_text().splitlines()]
    # cur11ui: every record names its layer, gold's records "gold" (they had no key: unlike the analysts')
    assert sorted((s["analyst"], s["label"]) for s in first["spans"]) == [
        ("ana", "ORG"), ("ana", "PERSON"), ("ben", "NORP"), ("ben", "ORG"), ("gold", "PERSON"), ("gold", "QUOTE")]
    assert [r["analyst"] for r in first["relations"]] == ["gold"]
    assert [s["analyst"] for s in second["spans"]] == ["gold"]
    out = tmp_path / "all.csv"
    assert run("export", merged, "--format", "csv", "--layer", "all", "--all-articles", "--output", out).exit_code == 0
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert sorted((r["analyst"], r["label"]) for r in table if r["article_id"] == "1") == [
        ("ana", "ORG"), ("ana", "PERSON"), ("ben", "NORP"), ("ben", "ORG"), ("gold", "PERSON"), ("gold", "QUOTE")]
    out = tmp_path / "all.conll"
    result = run("export", merged, "--format", "conll", "--layer", "all", "--all-articles", "--output", out)
    assert "left out: 4 × records of the analysts' layers (spans, links, stances, tags): CoNLL holds one layer; use --layer ANALYST" in result.output
    out = tmp_path / "brat"
    assert run("export", merged, "--format", "brat", "--layer", "all", "--all-articles", "--output", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["ana", "ben", "gold"]
    assert len(list((out / "gold").glob("*.ann"))) == 2 and len(list((out / "ana").glob("*.ann"))) == 1
    assert "NORP" in next((out / "ben").glob("*.ann")).read_text()
    out = tmp_path / "all.spacy"
    assert run("export", merged, "--format", "spacy", "--layer", "all", "--all-articles", "--output", out).exit_code == 0
    import spacy
    from spacy.tokens import DocBin

    doc = next(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [(e.text, e.label_) for e in doc.ents] == [("Angela Merkel", "PERSON")]  # gold only
    assert [s.label_ for s in doc.spans["ben:entity"]] == ["NORP", "ORG"]
    assert doc.user_data["annotator"]["spans"]["ana:a1"]["analyst"] == "ana"
    assert {v["analyst"] for k, v in doc.user_data["annotator"]["spans"].items() if ":" not in k} == {"gold"}


def test_export_of_an_unknown_layer_names_the_ones_there(tmp_path: Path, team: tuple[Path, Path]) -> None:
    _, merged = team
    result = run("export", merged, "--format", "jsonl", "--layer", "cy", "--output", tmp_path / "x.jsonl")
    assert result.exit_code == 1
    assert "--layer 'cy'" in result.output and "its analysts are ana, ben" in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_brat_all_export_imports_back_into_the_same_layers(tmp_path: Path, team: tuple[Path, Path]) -> None:
    _, merged = team
    out = tmp_path / "brat"
    run("export", merged, "--format", "brat", "--layer", "all", "--all-articles", "--status", "all", "--output", out)
    again = tmp_path / "again.db"
    result = run("import", again, out, "--analyst-from-filename")
    assert result.exit_code == 0, result.output
    with Project.open(again) as p, Project.open(merged) as m:
        assert [i.analyst for i in p.layers()] == ["ana", "ben"]
        for analyst in ("", "ana", "ben"):
            for text in TEXTS:
                ours = p.db.execute("SELECT id FROM articles WHERE text = ?", [text]).fetchone()[0]
                theirs = m.db.execute("SELECT id FROM articles WHERE text = ?", [text]).fetchone()[0]
                assert sorted(s.key for s in p.spans(ours, analyst=analyst)) == sorted(s.key for s in m.spans(theirs, analyst=analyst))


def test_merge_refusals_exit_1_and_leave_the_team_file_unchanged(tmp_path: Path) -> None:
    team = _gold_project(tmp_path / "team.db")
    before = team.read_bytes()
    nameless = tmp_path / "x.db"
    with Project.open(nameless) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]))])
    result = run("merge", team, nameless)
    assert result.exit_code == 1 and f"set it with `annotator analyst {nameless} --set NAME`" in result.output
    assert team.read_bytes() == before
    assert run("analyst", nameless, "--set", "cy").exit_code == 0
    assert run("analyst", nameless).output.strip() == "cy"
    assert run("analyst", nameless, "--set", "all").exit_code == 2
    new_team = tmp_path / "new-team.db"
    assert run("merge", new_team, nameless, nameless).exit_code == 1  # cy twice
    assert not new_team.exists()
    result = run("merge", new_team, nameless, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["articles_added"] == 1


def test_assign_then_merge_round_trip(tmp_path: Path) -> None:
    src = _gold_project(tmp_path / "src.db")
    out = tmp_path / "team"
    result = run("assign", src, "--analysts", "ana,ben", "--overlap", "1", "--output", out, "--seed", "3")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ana.db", "assignment.json", "ben.db"]
    for bad in (["--analysts", "ana,ben", "--overlap", "-0.1"], ["--analysts", "ana,ana"]):
        assert run("assign", src, *bad, "--output", tmp_path / "t2").exit_code == 1
        assert not (tmp_path / "t2").exists()
    assert run("assign", src, "--analysts", "ana,ben", "--output", out).exit_code == 1  # not empty
    result = run("merge", src, out / "ana.db", out / "ben.db")
    assert result.exit_code == 0, result.output
    with Project.open(src) as p:
        assert [(i.analyst, i.articles, i.spans) for i in p.layers()] == [("ana", 2, 3), ("ben", 2, 3)]
        assert sum(len(p.spans(i)) for i in p.article_ids()) == 3  # gold as it was


def test_polnear_article_with_two_annotators_imports_as_two_analysts(tmp_path: Path) -> None:
    """The first dev article (sorted order) two annotators annotated: each file becomes its
    annotator's layer, gold stays empty, the summary counts what each layer holds, and the same
    file again is no change (fix11am: chosen by property, not by its headline-bearing stem)."""
    article = need_article_with_annotators(2)
    first, second = article.annotators[:2]
    files = [article.ann(first), article.ann(second)]
    db = tmp_path / "polnear.db"
    result = run("import", db, *files, "--analyst-from-filename", "--label-map", "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=")
    assert result.exit_code == 0, result.output
    with Project.open(db) as p:
        [aid] = p.article_ids()
        assert p.spans(aid) == []
        infos = {i.analyst: i for i in p.layers()}
        assert list(infos) == [first, second]
        # each file's gold Content/Source/Cue lines are in its layer (a discontinuous one as pieces)
        for name, ann in zip((first, second), files):
            lines = [line for line in ann.read_text(encoding="utf-8").splitlines()
                     if line.startswith("T") and line.split("\t")[1].split(" ")[0] in ("Content", "Source", "Cue")]
            assert infos[name].spans >= len(lines) > 0 and infos[name].relations > 0
        assert {s.label for s in p.spans(aid, analyst=second)} == {"QUOTE", "SPEAKER", "CUE"}
        records = infos[first].spans + infos[first].relations
    assert f"into {first}'s layer: {infos[first].spans} spans, {infos[first].relations} relations" in result.output
    assert f"into {second}'s layer: {infos[second].spans} spans, {infos[second].relations} relations" in result.output
    again = run("import", db, files[0], "--analyst-from-filename", "--label-map", "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=")
    assert f"into {first}'s layer: no change ({records} records already there)" in again.output  # fix11i: identical → no change


def test_jsonl_all_export_imports_back_into_the_same_layers_not_into_gold(tmp_path: Path, team: tuple[Path, Path]) -> None:
    _, merged = team
    out = tmp_path / "all.jsonl"
    assert run("export", merged, "--format", "jsonl", "--layer", "all", "--all-articles", "--status", "all", "--output", out).exit_code == 0
    first = json.loads(out.read_text().splitlines()[0])
    ids = [s["id"] for s in first["spans"]]
    assert len(ids) == len(set(ids)) and "ana:a2" in ids and "ben:a2" in ids  # both started from a2
    again = tmp_path / "again.db"
    result = run("import", again, out)
    assert result.exit_code == 0, result.output
    with Project.open(again) as p, Project.open(merged) as m:
        assert [i.analyst for i in p.layers()] == ["ana", "ben"]
        for analyst in ("", "ana", "ben"):
            for ours, theirs in zip(p.article_ids(), m.article_ids()):
                mine = p.bundle(ours, analyst=analyst)
                assert sorted(s.key for s in mine.spans) == sorted(s.key for s in m.spans(theirs, analyst=analyst))
                assert all("analyst" not in s.attrs for s in mine.spans)
                assert len(mine.relations) == len(m.relations(theirs, analyst=analyst))


def test_layer_export_counts_an_analysts_links_it_cannot_hold(tmp_path: Path) -> None:
    team = _gold_project(tmp_path / "team.db")
    ana = tmp_path / "ana.db"
    with Project.open(ana) as p:
        quote = Span(id="q", article_id=0, start=19, end=35, label="QUOTE", layer="quote", status=Status.SUGGESTED)
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[_span("s", 0, 13, "PERSON"), quote],
                                        relations=[Relation(id="r", article_id=0, head="q", child="s", label="SPEAKER")])])
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[1]), spans=[_span("x", 0, 4, "PERSON")])], analyst="zed")
        p.set_setting("analyst", "ana")
    result = run("merge", team, ana)
    assert "not merged: the file's own analysts' layers zed (1 record)" in result.output
    out = tmp_path / "ana.jsonl"
    result = run("export", team, "--format", "jsonl", "--layer", "ana", "--output", out)
    assert result.exit_code == 0
    assert "left out: 1 × ana's relations whose span is not accepted" in result.output
    line, other = [json.loads(x) for x in out.read_text().splitlines()]  # both articles are in ana's file
    assert [s["label"] for s in line["spans"]] == ["PERSON"] and line["relations"] == []
    assert other["spans"] == []  # zed's span is not ana's


def test_stats_search_report_and_training_data_of_a_team_project_are_its_gold_layers(team: tuple[Path, Path]) -> None:
    import datetime as dt

    from annotator.report.figures import compute_report

    gold, merged = team
    for args in (("stats", "--json"), ("search", "--status", "all"), ("search", "Merkel", "--status", "all")):
        a, b = run(args[0], gold, *args[1:]), run(args[0], merged, *args[1:])
        assert a.exit_code == b.exit_code == 0, b.output
        assert a.stdout == b.stdout and a.stdout.strip()
    day = dt.date(2030, 1, 1)
    with Project.open(gold) as g, Project.open(merged) as m:
        figures = [{k: v for k, v in compute_report(p.db.conn, p.schema, today=day).to_json().items() if k != "generated"} for p in (g, m)]
        assert figures[0] == figures[1]
        assert [g.bundle(i) for i in g.article_ids()] == [m.bundle(i) for i in m.article_ids()]  # what train and evaluate read
        assert m.decisions(m.article_ids()) == g.decisions(g.article_ids())  # what preannotate and import consult


def test_merge_refuses_a_missing_analyst_file_like_every_reader_and_creates_no_team_file(tmp_path: Path) -> None:
    missing, team = tmp_path / "missing.db", tmp_path / "team.db"
    result = run("merge", team, missing)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {missing}: no such project file")
    assert not team.exists() and not missing.exists()
