"""The project's target and tag lists: edits (rename with every use following, merge, recolour,
re-key, delete), undo/redo, the change log, and migration 0004 collecting the values in use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain import commands
from annotator.domain import project_lists as lists
from annotator.domain.errors import EditConflict
from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.model import Article, Span, Stance, Tag
from annotator.storage import rows
from annotator.storage.migrations import COLLECT_ACTION, migrations, schema_version
from annotator.storage.project import APPLICATION_ID, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = Project.open(tmp_path / "p.db")
    for n in range(3):
        proj.add_article(Article(id=None, text=f"The EU and Russia talked ({n})."))
    yield proj
    proj.close()


def _stance(project: Project, article_id: int, target: str, holder: str = "Lavrov") -> None:
    article = commands.records(project.spans(article_id), project.relations(article_id), project.stances(article_id))
    project.apply(commands.add_stance(article, article_id=article_id, holder=holder, target=target, polarity="against"))


def _tag(project: Project, article_id: int, tag: str) -> None:
    project.apply(commands.add_tag(article_id=article_id, tag=tag))


def _target(project: Project, name: str) -> TargetEntry:
    return next(t for t in project.targets() if t.name == name)


def _tag_entry(project: Project, name: str) -> TagEntry:
    return next(t for t in project.tag_entries() if t.name == name)


def _all_targets(project: Project) -> list[str]:
    return sorted(s.target for a in project.article_ids() for s in project.stances(a))


def _all_tags(project: Project) -> list[tuple[int, str]]:
    return sorted((t.article_id, t.tag) for a in project.article_ids() for t in project.tags(a))


def test_rename_target_renames_every_stance_in_one_logged_edit_and_undoes(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU", kind="entity"))
    for aid in (1, 2, 3):
        _stance(project, aid, "EU")
    _stance(project, 3, "NATO")
    entry = _target(project, "EU")
    edit = lists.rename(project.targets(), entry, "European Union", project.list_uses(TargetEntry, "EU"))
    stored = project.apply(edit, by="ana")
    assert _all_targets(project) == ["European Union"] * 3 + ["NATO"]
    assert [t.name for t in project.targets()] == ["European Union"]
    # One edit: one edit id for the entry row and the three stance rows.
    log = [r for r in project.history() if r["action"] == edit.description]
    assert {r["edit"] for r in log} == {log[0]["edit"]}
    assert sorted(r["kind"] for r in log) == ["stance", "stance", "stance", "target_entry"]
    assert all(json.loads(r["after"])["target"] == "European Union" for r in log if r["kind"] == "stance")
    assert "3 stances follow" in edit.description
    project.undo(stored)
    assert _all_targets(project) == ["EU"] * 3 + ["NATO"]
    assert [t.name for t in project.targets()] == ["EU"]
    project.redo(stored)
    assert _all_targets(project) == ["European Union"] * 3 + ["NATO"]


def test_rename_tag_follows_every_article_and_keeps_one_tag_where_the_new_name_is_on_it(project: Project) -> None:
    project.apply(lists.add_tag(project.tag_entries(), "econ"))
    for aid in (1, 2):
        _tag(project, aid, "econ")
    _tag(project, 2, "economy")  # in use on article 2 but not listed
    edit = lists.rename(project.tag_entries(), _tag_entry(project, "econ"), "economy",
                        project.list_uses(TagEntry, "econ"), taken=project.list_uses(TagEntry, "economy"))
    stored = project.apply(edit)
    assert _all_tags(project) == [(1, "economy"), (2, "economy")]
    project.undo(stored)
    assert _all_tags(project) == [(1, "econ"), (2, "econ"), (2, "economy")]


def test_rename_onto_a_listed_name_is_refused_naming_it(project: Project) -> None:
    for name in ("EU", "NATO"):
        project.apply(lists.add_target(project.targets(), name))
    with pytest.raises(lists.ListEditRefused, match="'NATO' is already in the list.*merge"):
        lists.rename(project.targets(), _target(project, "EU"), "nato", [])


def test_merge_tags_repoints_every_use_and_an_article_with_both_keeps_one(project: Project) -> None:
    for name in ("economy", "economics", "econ"):
        project.apply(lists.add_tag(project.tag_entries(), name))
    _tag(project, 1, "economy")
    _tag(project, 1, "economics")
    _tag(project, 2, "economics")
    _tag(project, 2, "econ")
    _tag(project, 3, "econ")
    keep = _tag_entry(project, "economy")
    others = [_tag_entry(project, "economics"), _tag_entry(project, "econ")]
    uses = {e.name: project.list_uses(TagEntry, e.name) for e in [keep, *others]}
    edit = lists.merge(project.tag_entries(), keep, others, uses)
    stored = project.apply(edit)
    assert _all_tags(project) == [(1, "economy"), (2, "economy"), (3, "economy")]
    assert [t.name for t in project.tag_entries()] == ["economy"]
    deleted = [r for r in project.history() if r["action"] == edit.description and r["after"] is None]
    assert sorted(r["kind"] for r in deleted) == ["tag", "tag", "tag_entry", "tag_entry"]  # every deletion logged
    project.undo(stored)
    assert _all_tags(project) == [(1, "economics"), (1, "economy"), (2, "econ"), (2, "economics"), (3, "econ")]
    assert sorted(t.name for t in project.tag_entries()) == ["econ", "economics", "economy"]


def test_merge_targets_keeps_every_stance_and_inherits_a_missing_key(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU", kind="entity"))
    project.apply(lists.add_target(project.targets(), "European Union", kind="entity", key="e", description="The union"))
    _stance(project, 1, "EU")
    _stance(project, 1, "European Union")
    keep, other = _target(project, "EU"), _target(project, "European Union")
    uses = {n: project.list_uses(TargetEntry, n) for n in ("EU", "European Union")}
    stored = project.apply(lists.merge(project.targets(), keep, [other], uses))
    # The two stances were the same decision once the targets are one: one is left, the other's
    # deletion is in the change log.
    assert _all_targets(project) == ["EU"]
    assert any(r["kind"] == "stance" and r["after"] is None for r in project.history(article_id=1))
    (merged,) = project.targets()
    assert (merged.name, merged.key, merged.description) == ("EU", "e", "The union")
    project.undo(stored)
    assert {t.name: t.key for t in project.targets()} == {"EU": "", "European Union": "e"}
    assert _all_targets(project) == ["EU", "European Union"]


def test_merging_targets_whose_stances_disagree_is_refused_naming_them(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU", kind="entity"))
    project.apply(lists.add_target(project.targets(), "European Union", kind="entity"))
    _stance(project, 1, "EU")
    article = commands.records(project.spans(1), project.relations(1), project.stances(1))
    project.apply(commands.add_stance(article, article_id=1, holder="Lavrov", target="European Union", polarity="favor"))
    keep, other = _target(project, "EU"), _target(project, "European Union")
    uses = {n: project.list_uses(TargetEntry, n) for n in ("EU", "European Union")}
    with pytest.raises(lists.ListEditRefused, match="article 1: Lavrov is against on “EU” but favor on “European Union”"):
        lists.merge(project.targets(), keep, [other], uses)
    assert sorted(_all_targets(project)) == ["EU", "European Union"]


def test_rekey_refuses_a_key_of_another_entry_naming_it(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU", key="e"))
    project.apply(lists.add_target(project.targets(), "Energy"))
    with pytest.raises(lists.ListEditRefused, match="key 'E' is taken by target 'EU'"):
        lists.rekey(project.targets(), _target(project, "Energy"), "E")
    with pytest.raises(lists.ListEditRefused, match="more than one character"):
        lists.rekey(project.targets(), _target(project, "Energy"), "en")
    stored = project.apply(lists.rekey(project.targets(), _target(project, "Energy"), "n"))
    assert _target(project, "Energy").key == "n"
    project.undo(stored)
    assert _target(project, "Energy").key == ""


def test_recolour_and_describe_are_logged_and_undone(project: Project) -> None:
    project.apply(lists.add_tag(project.tag_entries(), "war"))
    entry = _tag_entry(project, "war")
    stored = project.apply(lists.recolour(project.tag_entries(), entry, "#12ab34"))
    assert _tag_entry(project, "war").colour == "#12AB34"
    row = project.history(record_id=entry.id)[-1]
    assert (row["kind"], json.loads(row["before"])["colour"], json.loads(row["after"])["colour"]) == ("tag_entry", entry.colour, "#12AB34")
    project.undo(stored)
    assert _tag_entry(project, "war").colour == entry.colour
    with pytest.raises(lists.ListEditRefused, match="not #rrggbb"):
        lists.recolour(project.tag_entries(), entry, "red")


def test_delete_is_refused_while_in_use_saying_how_many(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU"))
    _stance(project, 1, "EU")
    _stance(project, 2, "EU")
    with pytest.raises(lists.ListEditRefused, match="used by 2 stances; merge it"):
        lists.delete(project.targets(), _target(project, "EU"), project.list_uses(TargetEntry, "EU"))
    project.apply(lists.add_tag(project.tag_entries(), "unused"))
    stored = project.apply(lists.delete(project.tag_entries(), _tag_entry(project, "unused"), []))
    assert project.tag_entries() == []
    assert project.history()[-1]["after"] is None and project.history()[-1]["kind"] == "tag_entry"
    project.undo(stored)
    assert [t.name for t in project.tag_entries()] == ["unused"]


def test_delete_built_before_a_use_was_added_elsewhere_is_a_conflict(project: Project) -> None:
    project.apply(lists.add_tag(project.tag_entries(), "war"))
    edit = lists.delete(project.tag_entries(), _tag_entry(project, "war"), [])
    _tag(project, 1, "war")  # another window tags an article meanwhile
    with pytest.raises(EditConflict, match="is used by 1 article now"):
        project.apply(edit)
    assert [t.name for t in project.tag_entries()] == ["war"]


def test_names_are_unique_ignoring_case_and_never_empty(project: Project) -> None:
    project.apply(lists.add_target(project.targets(), "EU"))
    with pytest.raises(lists.ListEditRefused, match="already in the list"):
        lists.add_target(project.targets(), " eu ")
    with pytest.raises(lists.ListEditRefused, match="cannot be empty"):
        lists.add_tag(project.tag_entries(), "   ")
    with pytest.raises(lists.ListEditRefused, match="not one of entity, topic"):
        lists.add_target(project.targets(), "X", kind="person")


@settings(max_examples=10, deadline=None)
@given(renames=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=5))
def test_any_sequence_of_renames_and_its_undo_keep_uses_and_list_in_step(tmp_path_factory, renames: list[str]) -> None:
    """Property: after every rename each tag in use is listed, and undoing all restores the start."""
    with Project.open(tmp_path_factory.mktemp("p") / "p.db") as proj:
        for n in range(2):
            proj.add_article(Article(id=None, text=f"Text {n}."))
        proj.apply(lists.add_tag(proj.tag_entries(), "x"))
        proj.apply(lists.add_tag(proj.tag_entries(), "y"))
        _tag(proj, 1, "x")
        _tag(proj, 2, "x")
        _tag(proj, 2, "y")
        start = _all_tags(proj)
        done = []
        for new in renames:
            entry = proj.tag_entries()[0]
            if any(e.name.casefold() == new for e in proj.tag_entries() if e.id != entry.id):
                continue
            edit = lists.rename(proj.tag_entries(), entry, new, proj.list_uses(TagEntry, entry.name),
                                taken=proj.list_uses(TagEntry, new))
            done.append(proj.apply(edit))
            listed = {e.name for e in proj.tag_entries()}
            assert {t for _, t in _all_tags(proj)} <= listed
        for stored in reversed(done):
            proj.undo(stored)
        assert _all_tags(proj) == start


def _file_at_format_3(path: Path) -> None:
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0004_target_and_tag_lists")
    db.execute("PRAGMA user_version = 3")
    text = "Putin met Macron. Energy prices rose."
    for n in (1, 2):
        db["articles"].insert(rows.to_row(Article(id=None, text=f"{text} ({n})")))
    db["spans"].insert(rows.to_row(Span(id="s1", article_id=1, start=0, end=5, label="PERSON", layer="entity")))
    for sid, aid, target in (("t1", 1, "Putin"), ("t2", 2, "Putin"), ("t3", 2, "energy prices"), ("t4", 2, "")):
        db["stances"].insert(rows.to_row(Stance(id=sid, article_id=aid, holder="Macron", target=target, polarity="against")))
    for tid, aid, tag in (("g1", 1, "politics"), ("g2", 2, "politics"), ("g3", 2, "energy")):
        db["tags"].insert(rows.to_row(Tag(id=tid, article_id=aid, tag=tag)))
    db.close()


def test_migration_collects_targets_and_tags_in_use_and_logs_each(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _file_at_format_3(path)
    with Project.open(path) as project:
        targets = {t.name: t for t in project.targets()}
        assert sorted(targets) == ["Putin", "energy prices"]
        assert (targets["Putin"].kind, targets["energy prices"].kind) == ("entity", "topic")
        assert [t.name for t in project.tag_entries()] == ["energy", "politics"]
        assert all(t.colour.startswith("#") for t in [*project.targets(), *project.tag_entries()])
        log = [r for r in project.history() if r["action"] == COLLECT_ACTION]
        assert sorted((r["kind"], json.loads(r["after"])["name"]) for r in log) == [
            ("tag_entry", "energy"), ("tag_entry", "politics"), ("target_entry", "Putin"), ("target_entry", "energy prices")]
        assert project.list_use_counts(TargetEntry) == {"Putin": 2, "energy prices": 1}
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 4


def test_descriptions_count_uses_in_plain_english(project: Project) -> None:
    """User-test finding 15: "(1 uses follow)" and "used 1 times" read wrongly."""
    project.apply(lists.add_tag(project.tag_entries(), "defence"))
    project.apply(lists.add_tag(project.tag_entries(), "missile defence"))
    _tag(project, 1, "defence")
    merge = lists.merge(project.tag_entries(), _tag_entry(project, "missile defence"), [_tag_entry(project, "defence")],
                        {"defence": project.list_uses(TagEntry, "defence")})
    assert merge.description == "Merge tag defence into missile defence (1 article follows)"
    _tag(project, 2, "missile defence")
    rename = lists.rename(project.tag_entries(), _tag_entry(project, "missile defence"), "air defence",
                          project.list_uses(TagEntry, "missile defence"))
    assert rename.description == "Rename tag missile defence to air defence (1 article follows)"
    with pytest.raises(lists.ListEditRefused, match="is used by 1 article;"):
        lists.delete(project.tag_entries(), _tag_entry(project, "missile defence"),
                     project.list_uses(TagEntry, "missile defence"))
