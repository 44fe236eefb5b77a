"""Analysts' layers (issue 11, docs/team.md): the data model, migration 0007, import into an
analyst's layer, merging analysts' files, and the assignment of articles to analysts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.storage import rows
from annotator.storage.migrations import migrations, schema_version
from annotator.storage.project import APPLICATION_ID, Project
from annotator.storage.team import merge_analyst_files, parse_analysts, plan_assignment, write_assignment

TEXT = "Angela Merkel said the talks failed, according to Reuters. Macron disagreed."
OTHER = "Boris Johnson met Joe Biden in London. They spoke of trade."


def _bundle(text: str, spans: list[Span], relations: list[Relation] = (), stances: list[Stance] = (), tags: list[Tag] = ()) -> ArticleBundle:
    return ArticleBundle(Article(id=None, text=text), spans=list(spans), relations=list(relations),
                         stances=list(stances), tags=list(tags))


def _span(sid: str, start: int, end: int, label: str, layer: str = "entity", status: Status = Status.ACCEPTED) -> Span:
    return Span(id=sid, article_id=0, start=start, end=end, label=label, layer=layer, status=status)


def _analyst_file(path: Path, analyst: str | None, bundles: list[ArticleBundle]) -> Path:
    with Project.open(path) as p:
        p.import_bundles(bundles, by=analyst or "")
        if analyst is not None:
            p.set_setting("analyst", analyst)
    return path


def _quote_bundle(text: str = TEXT) -> ArticleBundle:
    quote = _span("q1", 24, 35, "QUOTE", "quote")
    speaker = _span("s1", 0, 13, "PERSON")
    return _bundle(text, [speaker, quote, _span("o1", 50, 57, "ORG")],
                   [Relation(id="r1", article_id=0, head="q1", child="s1", label="SPEAKER")],
                   [Stance(id="t1", article_id=0, holder="Angela Merkel", target="the talks", polarity="against", evidence="q1", holder_span="s1")],
                   [Tag(id="g1", article_id=0, tag="politics")])


# ----------------------------------------------------------------------------- migration 0007


def _file_at_format_5(path: Path) -> None:
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0007_analyst_layers")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    db["articles"].insert(rows.to_row(Article(id=None, text=TEXT)))
    db["spans"].insert(rows.to_row(Span(id="s1", article_id=1, start=0, end=13, label="PERSON", layer="entity")))
    db["tags"].insert(rows.to_row(Tag(id="g1", article_id=1, tag="politics")))
    db.close()


def test_migration_0007_keeps_an_old_projects_records_in_the_gold_layer(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _file_at_format_5(path)
    with Project.open(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        [span] = p.spans(1)
        assert (span.id, span.label, span.analyst) == ("s1", "PERSON", "")
        assert [t.tag for t in p.tags(1)] == ["politics"]
        assert p.layers() == []
        assert p.spans(1, analyst="ana") == []
        # the gold tables refuse an analyst's record: nothing can leak into what every reader reads
        with pytest.raises(Exception, match="CHECK"):
            p.db.execute("INSERT INTO spans (id, article_id, start, \"end\", label, layer, status, analyst) "
                         "VALUES ('x', 1, 0, 5, 'PERSON', 'entity', 'accepted', 'ana')")


# ----------------------------------------------------------------------------- import --analyst


def test_import_into_analysts_layers_keeps_them_apart_from_gold_and_each_other(project: Project) -> None:
    project.import_bundles([_bundle(TEXT, [_span("g", 0, 13, "PERSON")])])
    project.import_bundles([_bundle(TEXT, [_span("a", 0, 13, "PERSON")])], analyst="ana")
    project.import_bundles([_bundle(TEXT, [_span("b", 0, 13, "PERSON"), _span("b2", 50, 57, "ORG")])], analyst="ben")
    [aid] = project.article_ids()
    assert [(s.id, s.analyst) for s in project.spans(aid)] == [("g", "")]
    assert [(s.start, s.end, s.label, s.analyst) for s in project.spans(aid, analyst="ana")] == [(0, 13, "PERSON", "ana")]
    assert len(project.spans(aid, analyst="ben")) == 2
    assert [(i.analyst, i.articles, i.spans) for i in project.layers()] == [("ana", 1, 1), ("ben", 1, 2)]
    assert project.layer_article_ids("ana") == [aid]


def test_reimporting_into_an_analysts_layer_adds_nothing_twice(project: Project) -> None:
    first = project.import_bundles([_quote_bundle()], analyst="ana")
    again = project.import_bundles([_quote_bundle()], analyst="ana")
    [aid] = project.article_ids()
    assert first.layers["ana"] == {"span": 3, "relation": 1, "stance": 1, "tag": 1}
    assert again.layers["ana"] == {"already there": 6}
    bundle = project.bundle(aid, analyst="ana")
    assert (len(bundle.spans), len(bundle.relations), len(bundle.stances), len(bundle.tags)) == (3, 1, 1, 1)
    assert project.bundle(aid).spans == []  # gold untouched
    assert {r["kind"] for r in project.history(article_id=aid)} >= {"layer_span", "layer_relation", "layer_stance", "layer_tag"}


def test_import_refuses_a_name_that_cannot_name_a_layer(project: Project) -> None:
    for bad, why in (("gold", "reserved"), ("a/b", "character"), (" ana", "spaces")):
        with pytest.raises(InputError, match=why):
            project.import_bundles([_bundle(TEXT, [])], analyst=bad)
    assert project.count_articles() == 0


# ----------------------------------------------------------------------------- merge


def test_merge_puts_each_file_in_its_analysts_layer_and_adds_missing_articles(tmp_path: Path) -> None:
    ana = _analyst_file(tmp_path / "ana.db", "ana", [_quote_bundle(), _bundle(OTHER, [_span("x", 0, 13, "PERSON")])])
    ben = _analyst_file(tmp_path / "ben.db", "ben", [_bundle(TEXT, [_span("s1", 0, 13, "PERSON")])])
    with Project.open(tmp_path / "team.db") as team:
        team.import_bundles([_bundle(TEXT, [_span("gold1", 0, 6, "PERSON")])])
        with Project.open(ana) as a, Project.open(ben) as b:
            summaries = merge_analyst_files(team, [a, b], by="lead")
        assert [(s.analyst, s.articles, s.articles_added) for s in summaries] == [("ana", 2, 1), ("ben", 1, 0)]
        assert summaries[0].counts.added == {"span": 4, "relation": 1, "stance": 1, "tag": 1}
        text_id = team.db.execute("SELECT id FROM articles WHERE text = ?", [TEXT]).fetchone()[0]
        # ana's and ben's PERSON [0, 13) are two records, with the same id from their files
        assert [(s.id, s.analyst) for s in team.spans(text_id, analyst="ana") if s.label == "PERSON"] == [("s1", "ana")]
        assert [(s.id, s.analyst) for s in team.spans(text_id, analyst="ben")] == [("s1", "ben")]
        assert [s.id for s in team.spans(text_id)] == ["gold1"]  # gold as it was
        assert team.bundle(text_id, analyst="ana").stances[0].evidence == "q1"
        assert team.layer_article_ids("ben") == [text_id]
        assert team.layer_article_statuses("ben") == {text_id: "new"}
        assert [b.article.id for b in team.bundles(analyst="ben")] == [text_id]
        assert len(team.layer_article_ids("ana")) == 2


def test_remerging_a_newer_file_updates_and_deletes_never_duplicates(tmp_path: Path) -> None:
    path = _analyst_file(tmp_path / "ana.db", "ana", [_quote_bundle()])
    with Project.open(tmp_path / "team.db") as team:
        with Project.open(path) as a:
            merge_analyst_files(team, [a])
            aid = a.article_ids()[0]
            # ana works on: relabels ORG → GPE, deletes the stance, the link and the quote
            from annotator.domain.edits import Change, Edit
            org = next(s for s in a.spans(aid) if s.label == "ORG")
            quote = next(s for s in a.spans(aid) if s.label == "QUOTE")
            a.apply(Edit("relabel", (Change(org, dataclasses.replace(org, label="GPE")),)), by="ana")
            a.apply(Edit("delete", (Change(a.stances(aid)[0], None), Change(a.relations(aid)[0], None), Change(quote, None))), by="ana")
            again = merge_analyst_files(team, [a])
        [tid] = team.article_ids()
        layer = team.bundle(tid, analyst="ana")
        assert sorted(s.label for s in layer.spans) == ["GPE", "PERSON"]
        assert (layer.relations, layer.stances) == ([], [])
        assert again[0].counts.deleted == {"span": 1, "relation": 1, "stance": 1}
        assert again[0].counts.updated == {"span": 1}
        assert again[0].counts.added == {}
        deleted = [r for r in team.history(article_id=tid) if r["after"] is None and r["kind"].startswith("layer_")]
        assert sorted(r["kind"] for r in deleted) == ["layer_relation", "layer_span", "layer_stance"]
        assert json.loads(deleted[0]["before"])["analyst"] == "ana"
        # a third merge of the same file changes nothing
        with Project.open(path) as a:
            third = merge_analyst_files(team, [a])
        assert (third[0].counts.added, third[0].counts.updated, third[0].counts.deleted) == ({}, {}, {})


def test_merge_refuses_a_file_without_analyst_or_with_another_schema_and_writes_nothing(tmp_path: Path) -> None:
    nameless = _analyst_file(tmp_path / "x.db", None, [_quote_bundle()])
    other = _analyst_file(tmp_path / "ben.db", "ben", [_quote_bundle()])
    with Project.open(other) as b:
        schema = b.schema.to_json()
        schema["labels"] = [{**label, "layer": "other"} if label["name"] == "LAW" else label for label in schema["labels"]]
        schema["labels"].append({"name": "WORK_OF_ART", "layer": "entity", "colour": "#123456"})
        from annotator.domain.schema import LabelSchema
        b.set_schema(LabelSchema.from_json(schema))
    good = _analyst_file(tmp_path / "ana.db", "ana", [_quote_bundle()])
    with Project.open(tmp_path / "team.db") as team:
        with Project.open(good) as a, Project.open(nameless) as n:
            with pytest.raises(InputError, match=r"has no analyst name; set it with `annotator analyst .*x.db --set NAME`"):
                merge_analyst_files(team, [a, n])
        with Project.open(good) as a, Project.open(other) as b:
            with pytest.raises(InputError, match=r"labels only in the analyst's file: WORK_OF_ART; label LAW is in layer other there, entity here"):
                merge_analyst_files(team, [a, b])
        assert team.count_articles() == 0 and team.layers() == []


# ----------------------------------------------------------------------------- assign


def test_assignment_shares_the_overlap_balances_loads_and_depends_on_the_seed_only() -> None:
    hashes = [f"{i:064x}" for i in range(10)]
    plan = plan_assignment(hashes, ["ana", "ben", "cy"], overlap=0.2, seed=7)
    assert len(plan.shared) == 2
    loads = {a: len(h) for a, h in plan.analysts.items()}
    assert sum(loads.values()) == 12 and max(loads.values()) - min(loads.values()) <= 1
    for h in plan.shared:
        assert sum(h in given for given in plan.analysts.values()) == 2
    assert plan == plan_assignment(list(reversed(hashes)), ["ana", "ben", "cy"], overlap=0.2, seed=7)
    assert plan.shared != plan_assignment(hashes, ["ana", "ben", "cy"], overlap=0.2, seed=8).shared


@given(n=st.integers(0, 40), analysts=st.integers(2, 5), overlap=st.floats(0, 1), seed=st.integers(0, 9))
def test_every_article_is_assigned_and_the_shared_ones_to_two(n: int, analysts: int, overlap: float, seed: int) -> None:
    names = [f"a{i}" for i in range(analysts)]
    hashes = [f"{i:064x}" for i in range(n)]
    if overlap > 0 and n and round(overlap * n) == 0:  # agreement impossible: refused (docs/team.md)
        with pytest.raises(InputError, match="no article is shared"):
            plan_assignment(hashes, names, overlap=overlap, seed=seed)
        return
    plan = plan_assignment(hashes, names, overlap=overlap, seed=seed)
    counts = {h: sum(h in given for given in plan.analysts.values()) for h in hashes}
    assert all(counts[h] == (2 if h in plan.shared else 1) for h in hashes)
    assert len(plan.shared) == round(overlap * n)
    loads = [len(g) for g in plan.analysts.values()]
    assert max(loads) - min(loads) <= 1


def test_bad_assignments_are_refused() -> None:
    for value, why in (("", "give names"), ("ana,,ben", "no empty name"), ("ana,ana", "more than once"), ("ana,gold", "reserved")):
        with pytest.raises(InputError, match=why):
            parse_analysts(value)
    with pytest.raises(InputError, match="between 0 and 1"):
        plan_assignment(["a"], ["ana", "ben"], overlap=1.5)
    with pytest.raises(InputError, match=r"each shared article goes to 2 analysts, but --analysts names only 1 analyst \(ana\)"):
        plan_assignment(["a", "b"], ["ana"], overlap=0.5)


def test_assigned_files_carry_schema_guidelines_lists_and_their_analyst(tmp_path: Path) -> None:
    from annotator.domain.edits import Change, Edit
    from annotator.domain.list_entries import TagEntry, TargetEntry
    from annotator.storage.guidelines import write_guidelines

    with Project.open(tmp_path / "src.db") as src:
        src.import_bundles([_quote_bundle(), _bundle(OTHER, [_span("x", 0, 13, "PERSON", status=Status.SUGGESTED)])])
        write_guidelines(src, "# Mark every speaker")
        src.apply(Edit("lists", (Change(None, TargetEntry(id="t", name="the talks")), Change(None, TagEntry(id="g", name="politics")))))
        plan = plan_assignment([h for (h,) in src.db.execute("SELECT text_hash FROM articles")], ["ana", "ben"], overlap=1.0)
        written = write_assignment(src, plan, tmp_path / "out")
        assert src.count_articles() == 2
    manifest = json.loads((tmp_path / "out" / "assignment.json").read_text())
    assert sorted(manifest["analysts"]) == ["ana", "ben"] and len(manifest["shared"]) == 2
    with Project.open(written["ben"]) as ben, Project.open(tmp_path / "src.db") as src:
        assert ben.analyst_name() == "ben"
        assert ben.schema.to_json() == src.schema.to_json()
        assert ben.get_setting("guidelines") == "# Mark every speaker"
        assert [t.name for t in ben.targets()] == ["the talks"] and [t.name for t in ben.tag_entries()] == ["politics"]
        assert ben.count_articles() == 2
        hashes = {ben.article(i).text_hash: i for i in ben.article_ids()}
        assert set(hashes) == set(manifest["analysts"]["ben"])
        src_id = src.db.execute("SELECT id FROM articles WHERE text = ?", [TEXT]).fetchone()[0]
        ben_id = ben.db.execute("SELECT id FROM articles WHERE text = ?", [TEXT]).fetchone()[0]
        assert [(s.start, s.end, s.label, s.status) for s in ben.spans(ben_id)] == [(s.start, s.end, s.label, s.status) for s in src.spans(src_id)]
    with pytest.raises(InputError, match="not an empty folder"):
        write_assignment(Project.open(tmp_path / "src.db"), plan, tmp_path / "out")


CANDIDATES = [(0, 13, "PERSON"), (0, 6, "PERSON"), (7, 13, "PERSON"), (24, 35, "QUOTE"), (50, 57, "ORG"), (50, 57, "GPE"), (60, 66, "PERSON")]


@settings(max_examples=10, deadline=None)
@given(versions=st.lists(st.sets(st.integers(0, len(CANDIDATES) - 1)), min_size=1, max_size=4),
       statuses=st.lists(st.sampled_from(list(Status)), min_size=len(CANDIDATES), max_size=len(CANDIDATES)))
def test_after_each_merge_the_layer_is_exactly_the_analysts_file(tmp_path_factory: pytest.TempPathFactory, versions: list[set[int]],
                                                                 statuses: list[Status]) -> None:
    """Whatever an analyst adds, deletes or re-decides between two merges, the team's layer of
    their article is the file's spans afterwards — same ids, no duplicate — and every deletion is
    in the change log. (The per-article step of merge_analyst_files, on one team file.)"""
    from annotator.storage.layers import replace_article_layer

    with Project.open(tmp_path_factory.mktemp("versions") / "team.db") as team:
        team.import_bundles([_bundle(TEXT, [_span("gold", 0, 13, "PERSON")])])
        [aid] = team.article_ids()
        previous: set[int] = set()
        deletions = 0
        for n, chosen in enumerate(versions):
            spans = [_span(f"c{i}", *CANDIDATES[i][:2], CANDIDATES[i][2], "quote" if CANDIDATES[i][2] == "QUOTE" else "entity",
                           status=statuses[(i + n) % len(statuses)]) for i in sorted(chosen)]
            with team.writing():
                counts = replace_article_layer(team.db.conn, "ana", aid, _bundle(TEXT, spans), edit=f"e{n}", action="merge", by="lead", at="t")
            layer = team.spans(aid, analyst="ana")
            assert sorted((s.id, s.start, s.end, s.label, s.status) for s in layer) == sorted(
                (s.id, s.start, s.end, s.label, s.status) for s in spans)
            assert counts.deleted.get("span", 0) == len(previous - chosen)
            assert counts.added.get("span", 0) == len(chosen - previous)
            assert [s.id for s in team.spans(aid)] == ["gold"]
            deletions += len(previous - chosen)
            previous = set(chosen)
        logged = [r for r in team.history(article_id=aid) if r["kind"] == "layer_span" and r["after"] is None]
        assert len(logged) == deletions
