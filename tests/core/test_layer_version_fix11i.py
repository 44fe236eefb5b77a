"""A newer version of an analyst's layer of one article (fix11i, docs/team.md "import --analyst"):
``plan_version`` matches it to the stored layer by content (brat gives no lasting ids), and
``Project.import_bundles`` of a bundle that is an analyst's version replaces their layer of the
article as a merge does — deletions, relabels, moved extents, links and stances included, each
in the change log — while records that name their layer themselves are only added, and gold is
only ever added to."""

from __future__ import annotations

import dataclasses
import itertools
import json

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.storage.merge import StoredRecords, plan_version
from annotator.storage.project import Project

TEXT = "Angela Merkel said the talks failed. Olaf Scholz met Emmanuel Macron in Berlin."


def _span(sid: str, word: str, label: str, *, analyst: str = "", end_word: str = "") -> Span:
    start = TEXT.index(word)
    end = TEXT.index(end_word) + len(end_word) if end_word else start + len(word)
    layer = "quote" if label == "QUOTE" else "entity"
    return Span(id=sid, article_id=0, start=start, end=end, label=label, layer=layer, status=Status.ACCEPTED, analyst=analyst)


def _version(spans: list[Span], relations: list[Relation] = (), stances: list[Stance] = (), tags: list[Tag] = (),
             *, of: str = "ana") -> ArticleBundle:
    return ArticleBundle(Article(id=None, text=TEXT), spans=list(spans), relations=list(relations), stances=list(stances),
                         tags=list(tags), version_of=of)


def _first() -> ArticleBundle:
    return _version(
        [_span("m", "Angela Merkel", "PERSON"), _span("q", "the talks failed", "QUOTE"), _span("s", "Olaf Scholz", "PERSON"),
         _span("b", "Berlin", "GPE"), _span("e", "Emmanuel", "PERSON")],
        [Relation(id="r", article_id=0, head="q", child="m", label="SPEAKER")],
        [Stance(id="t", article_id=0, holder="Angela Merkel", target="the talks", polarity="against", evidence="q", holder_span="m")],
        [Tag(id="g", article_id=0, tag="politics")])


_ids = itertools.count()


def _fresh(bundle: ArticleBundle) -> ArticleBundle:
    """The same annotations under new ids, as every read of a brat file gives them."""
    new = {s.id: f"x{next(_ids)}" for s in bundle.spans}
    return _version([dataclasses.replace(s, id=new[s.id]) for s in bundle.spans],
                    [dataclasses.replace(r, id=f"x{next(_ids)}", head=new[r.head], child=new[r.child]) for r in bundle.relations],
                    [dataclasses.replace(t, id=f"x{next(_ids)}", evidence=new.get(t.evidence, ""), holder_span=new.get(t.holder_span, ""))
                     for t in bundle.stances],
                    [dataclasses.replace(g, id=f"x{next(_ids)}") for g in bundle.tags], of=bundle.version_of)


def _layer(p: Project, aid: int, analyst: str = "ana") -> dict[str, tuple]:
    b = p.bundle(aid, analyst=analyst)
    return {"spans": sorted((TEXT[s.start:s.end], s.label) for s in b.spans),
            "relations": sorted(r.label for r in b.relations),
            "stances": sorted((t.holder, t.polarity) for t in b.stances), "tags": sorted(t.tag for t in b.tags)}


def _layer_rows(p: Project) -> list[dict]:
    return [r for r in p.history(article_id=1) if r["kind"].startswith("layer_")]


def test_an_identical_version_under_other_ids_changes_nothing_and_logs_nothing(project: Project) -> None:
    project.import_bundles([_first()], analyst="ana", by="lead")
    stored = project.bundle(1, analyst="ana")
    rows = len(project.history(article_id=1))
    again = project.import_bundles([_fresh(_first())], analyst="ana", by="lead")
    assert again.layers["ana"] == {"already there": 8} and again.versions == ()
    assert project.bundle(1, analyst="ana") == stored  # same ids, same times, same everything
    assert len(project.history(article_id=1)) == rows  # not even a gold "import" row: nothing happened


def test_a_newer_version_removes_relabels_moves_and_changes_links_stances_and_tags(project: Project) -> None:
    project.import_bundles([_first()], analyst="ana", by="lead")
    before = {s.label if s.label != "PERSON" else TEXT[s.start:s.end]: s.id for s in project.spans(1, analyst="ana")}
    first = _fresh(_first())
    spans = first.spans
    scholz = next(s for s in spans if TEXT[s.start:s.end] == "Olaf Scholz")
    newer = _version(
        [dataclasses.replace(s, label="LOC") if s.label == "GPE"  # relabelled
         else _span(s.id, "Emmanuel", "PERSON", end_word="Macron") if TEXT[s.start:s.end] == "Emmanuel"  # extent widened
         else s for s in spans if s is not scholz],  # Scholz deleted
        [],  # the speaker link deleted
        [dataclasses.replace(t, polarity="favor", holder_span="") for t in first.stances],  # polarity changed
        [Tag(id="x-new", article_id=0, tag="economy")])  # tag replaced
    result = project.import_bundles([newer], analyst="ana", by="lead")
    [version] = result.versions
    assert version.changes == {("span", "removed"): 1, ("span", "relabelled"): 1, ("span", "moved"): 1,
                               ("relation", "removed"): 1, ("stance", "changed"): 1, ("tag", "added"): 1, ("tag", "removed"): 1}
    assert version.line() == ("#1 «Angela Merkel said the talks failed. Ol…»: ana: 1 span removed, 1 relabelled, 1 moved, "
                              "1 relation removed, 1 stance changed, 1 tag added, 1 removed")
    assert _layer(project, 1) == {"spans": [("Angela Merkel", "PERSON"), ("Berlin", "LOC"), ("Emmanuel Macron", "PERSON"),
                                            ("the talks failed", "QUOTE")],
                                  "relations": [], "stances": [("Angela Merkel", "favor")], "tags": ["economy"]}
    after = {s.id for s in project.spans(1, analyst="ana")}
    assert {before["GPE"], before["Emmanuel"], before["QUOTE"]} <= after  # relabelled and moved in place: same ids
    assert before["Olaf Scholz"] not in after
    rows = [r for r in _layer_rows(project) if "newer version" in r["action"]]
    assert all(r["by"] == "lead" for r in rows)
    deleted = sorted((r["kind"], json.loads(r["before"]).get("label", json.loads(r["before"]).get("tag"))) for r in rows if r["after"] is None)
    assert deleted == [("layer_relation", "SPEAKER"), ("layer_span", "PERSON"), ("layer_tag", "politics")]
    relabel = next(r for r in rows if r["record_id"] == before["GPE"])
    assert (json.loads(relabel["before"])["label"], json.loads(relabel["after"])["label"]) == ("GPE", "LOC")
    assert project.bundle(1).spans == []  # gold untouched


def test_an_empty_version_empties_the_layer_of_that_article_only(project: Project) -> None:
    other = ArticleBundle(Article(id=None, text="Boris Johnson met Joe Biden."), version_of="ana",
                          spans=[Span(id="j", article_id=0, start=0, end=13, label="PERSON", layer="entity")])
    project.import_bundles([_first(), other], analyst="ana")
    result = project.import_bundles([_version([])], analyst="ana")
    assert result.versions[0].changes[("span", "removed")] == 5
    assert _layer(project, 1) == {"spans": [], "relations": [], "stances": [], "tags": []}
    assert len(project.spans(2, analyst="ana")) == 1
    assert [(i.analyst, i.articles) for i in project.layers()] == [("ana", 2)]  # still given the article: said "nothing"


def test_records_that_only_name_their_layer_are_added_never_deleting(project: Project) -> None:
    project.import_bundles([_first()], analyst="ana")
    plain = dataclasses.replace(_version([_span("n", "Berlin", "LOC", analyst="ana")]), version_of="")
    result = project.import_bundles([plain])
    assert result.layers["ana"] == {"span": 1} and result.versions == ()
    assert len(project.spans(1, analyst="ana")) == 6


def test_a_second_part_of_one_article_in_the_same_import_adds_to_the_first(project: Project) -> None:
    project.import_bundles([_first()], analyst="ana")
    one = _version([_span("a", "Angela Merkel", "PERSON")])
    two = _version([_span("b", "Berlin", "LOC")])
    project.import_bundles([one, two], analyst="ana")
    assert _layer(project, 1)["spans"] == [("Angela Merkel", "PERSON"), ("Berlin", "LOC")]


def test_gold_is_only_added_to(project: Project) -> None:
    project.import_bundles([dataclasses.replace(_first(), version_of="")])
    result = project.import_bundles([dataclasses.replace(_version([_span("z", "Berlin", "LOC")]), version_of="")])
    assert len(project.spans(1)) == 6 and result.versions == () and result.duplicates == 1


def test_plan_version_pairs_one_to_one_and_keeps_discontinuous_spans_apart() -> None:
    stored = StoredRecords(spans=[_span("a", "Olaf Scholz", "PERSON"), _span("b", "Scholz", "PERSON"),
                                  _span("c", "Angela", "PERSON"), _span("d", "Merkel", "PERSON")],
                           relations=[Relation(id="f", article_id=0, head="c", child="d", label="FRAGMENT")])
    version = StoredRecords(spans=[_span("x", "Olaf", "PERSON"), _span("y", "Angela", "PERSON")])
    plan = plan_version(stored, version, claim_id=lambda table, wanted: wanted, stamp="t", by="ana")
    # "Olaf" is "Olaf Scholz" narrowed (same label, overlapping: moved, its id kept), not "Scholz"
    # (removed); the discontinuous Angela…Merkel is not a plain span: "Angela" alone is new, the pair removed
    assert [(s.id, TEXT[s.start:s.end]) for s in plan.spans] == [("a", "Olaf"), ("y", "Angela")]
    assert plan.changes == {("span", "moved"): 1, ("span", "added"): 1, ("span", "removed"): 3}
    assert plan.phrase() == "1 span added, 3 removed, 1 moved"


def test_a_long_title_is_cut_at_a_words_end_as_every_message_names_articles() -> None:
    """usertest11c: the import summary cut a title mid-space («…Interested to »), merge with «…to…»."""
    from annotator.storage.project import LayerVersion

    title = "Minister Says the Port Is Ready to Open Its Gates to Ships Next Week"
    line = LayerVersion(article_id=3, title=title, analyst="ana", changes={}).line()
    assert line.startswith("#3 «Minister Says the Port Is Ready to Open…»: ana: ")
    assert LayerVersion(article_id=4, title="", analyst="ana", changes={}).line().startswith("#4: ana: ")
