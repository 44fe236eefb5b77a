"""fix11p (issue 11, usertest11g): keeping an analyst's version of a quote makes gold's links of
that quote what that version has — a link it lacks is rejected in gold (logged, undone with the
keep, said in the status line) — however the version is kept (digit, A / Ctrl+Return, ``curate
--keep``); and a gold link curation writes is the kept analyst's (origin ``analyst:ben``), the
curator in ``by``. A hand-made team, no corpus text."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = "The governor said National Guard members would stay, and an answer came late."
QUOTE = "National Guard members would stay"


def span(sid: str, words: str, label: str, layer: str) -> Span:
    start = TEXT.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=Status.ACCEPTED)


def link(rid: str, head: str, child: str, label: str = "SPEAKER") -> Relation:
    return Relation(id=rid, article_id=0, head=head, child=child, label=label)


def layer(who: str, *, speaker: bool = True, cue: bool = True, speaker_link: bool = True) -> ArticleBundle:
    spans = [span(f"{who}-q", QUOTE, "QUOTE", "quote")]
    rels = []
    if speaker:
        spans.append(span(f"{who}-s", "The governor", "SPEAKER", "speaker"))
        if speaker_link:
            rels.append(link(f"{who}-rs", f"{who}-q", f"{who}-s"))
    if cue:
        spans.append(span(f"{who}-c", "said", "CUE", "cue"))
        rels.append(link(f"{who}-rc", f"{who}-q", f"{who}-c", "CUE"))
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=rels)


def team(path: Path, **ben) -> tuple[Project, int]:
    project = Project.open(path)
    article_id = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids[0]
    project.import_bundles([layer("ana")], analyst="ana")
    project.import_bundles([layer("ben", **ben)], analyst="ben")
    return project, article_id


def replace_layer(project: Project, article_id: int, analyst: str, bundle: ArticleBundle) -> None:
    """What re-merging (or re-importing) a newer file of ``analyst`` does to their layer."""
    from annotator.storage import layers as layer_store

    with project.writing():
        layer_store.replace_article_layer(project.db, analyst, article_id, bundle, edit="e", action="merge", by="merge", at="later")


def data_of(project: Project, article_id: int) -> curation.CurationInput:
    return curation.curation_input(project, article_id, [info.analyst for info in project.layers()])


def unit(project: Project, article_id: int, words: str) -> curation.Unit:
    return next(u for u in curation.align(data_of(project, article_id)).units if TEXT[u.start:u.end] == words)


def gold_links(project: Project, article_id: int) -> dict[tuple[str, str], Relation]:
    spans = {s.id: s for s in project.spans(article_id)}
    return {(r.label, TEXT[spans[r.child].start:spans[r.child].end]): r for r in project.relations(article_id)}


def test_keeping_the_version_without_the_speaker_rejects_golds_speaker_link_says_so_and_undoes(tmp_path: Path) -> None:
    project, article_id = team(tmp_path / "t.db")
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
        assert gold_links(project, article_id)[("SPEAKER", "The governor")].status == Status.ACCEPTED
        # ben's newer file drops the speaker (and its link): re-imported into his layer
        replace_layer(project, article_id, "ben", layer("ben", speaker=False))
        quote = unit(project, article_id, QUOTE)
        assert "ben's SPEAKER link from its QUOTE is gone" in quote.changed
        edit = curation.take(data_of(project, article_id), quote.key, "ben", by="lead")
        assert "its SPEAKER link to «The governor» rejected in gold (ben's version has none)" in edit.description
        stamped = project.apply(edit)
        links = gold_links(project, article_id)
        assert links[("SPEAKER", "The governor")].status == Status.REJECTED  # was: still accepted, unsaid
        assert links[("CUE", "said")].status == Status.ACCEPTED  # ben's version has the CUE
        assert unit(project, article_id, QUOTE).changed == ""
        project.undo(stamped)
        assert gold_links(project, article_id)[("SPEAKER", "The governor")].status == Status.ACCEPTED


def test_switching_to_a_version_of_equal_offsets_with_other_links_changes_golds_links(tmp_path: Path) -> None:
    # usertest11g #6: ana's quote has a CUE only, ben's a SPEAKER only: same offsets, links differ
    project, article_id = team(tmp_path / "t.db", cue=False)
    with project:
        replace_layer(project, article_id, "ana", layer("ana", speaker=False))
        quote = unit(project, article_id, QUOTE)
        project.apply(curation.take(data_of(project, article_id), quote.key, "ana", by="lead"))
        assert {k: r.status for k, r in gold_links(project, article_id).items()} == {("CUE", "said"): Status.ACCEPTED}
        edit = curation.take(data_of(project, article_id), quote.key, "ben", by="lead")
        assert edit.changes, edit.description  # was: "nothing to change"
        assert "its CUE link to «said» rejected in gold (ben's version has none)" in edit.description
        assert "its SPEAKER link to «The governor» added" in edit.description
        project.apply(edit)
        links = gold_links(project, article_id)
        assert links[("CUE", "said")].status == Status.REJECTED
        assert links[("SPEAKER", "The governor")].status == Status.ACCEPTED
        # and now gold holds ben's version with its links: pressing it again changes nothing
        assert not curation.take(data_of(project, article_id), quote.key, "ben", by="lead").changes


def test_gold_links_written_by_curation_are_the_kept_analysts_not_the_curators(tmp_path: Path) -> None:
    project, article_id = team(tmp_path / "t.db", cue=False)
    with project:
        quote = unit(project, article_id, QUOTE)
        project.apply(curation.take(data_of(project, article_id), quote.key, "ben", by="lead"))
        rel = gold_links(project, article_id)[("SPEAKER", "The governor")]
        # was: analyst:lead; fix11ag P1: ana's SPEAKER link equals ben's (quote and speaker alike): both named
        assert rel.origin == "analyst:ana,ben"
        assert rel.by == "lead"
        assert rel.attrs["curation"]["kept"] == "ben" and rel.attrs["curation"]["from"] == ["ana:ana-rs", "ben:ben-rs"]


def test_a_link_kept_by_all_names_every_agreeing_analyst(tmp_path: Path) -> None:
    project, article_id = team(tmp_path / "t.db")
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
        links = gold_links(project, article_id)
        for (label, _words), rel in links.items():
            assert rel.origin == "analyst:ana,ben", label
            assert rel.by == "lead"
            assert sorted(rel.attrs["curation"]["from"]) == sorted([f"ana:ana-r{label[0].lower()}", f"ben:ben-r{label[0].lower()}"])


def test_usertest11g_finding_2_a_digit_switches_between_versions_that_differ_only_in_links(tmp_path: Path) -> None:
    """o1: 2 on the quote (ben's: CUE only), Ctrl+Return (the SPEAKER ⚠ linked to nothing), then 1
    (ana's: SPEAKER and CUE) — was "nothing to change". o2: A, A, 1, then 2 — gold kept ana's link."""
    for order in ("o1", "o2"):
        project, article_id = team(tmp_path / f"{order}.db", speaker_link=False)  # ben: the same spans, the CUE link only
        with project:
            quote = unit(project, article_id, QUOTE).key
            if order == "o1":
                project.apply(curation.take(data_of(project, article_id), quote, "ben", by="lead"))
                project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
                assert unit(project, article_id, "The governor").unlinked
                edit = curation.take(data_of(project, article_id), quote, "ana", by="lead")
                assert edit.changes, edit.description
                project.apply(edit)
                links = gold_links(project, article_id)
                assert links[("SPEAKER", "The governor")].status == Status.ACCEPTED
                assert links[("SPEAKER", "The governor")].origin == "analyst:ana"
                assert not unit(project, article_id, "The governor").unlinked  # the ⚠ cleared
            else:
                for words in ("The governor", "said"):
                    project.apply(curation.accept_agreed(data_of(project, article_id), unit(project, article_id, words).key,
                                                         by="lead"))
                project.apply(curation.take(data_of(project, article_id), quote, "ana", by="lead"))
                assert gold_links(project, article_id)[("SPEAKER", "The governor")].status == Status.ACCEPTED
                edit = curation.take(data_of(project, article_id), quote, "ben", by="lead")
                assert edit.changes, edit.description
                project.apply(edit)
                assert gold_links(project, article_id)[("SPEAKER", "The governor")].status == Status.REJECTED
            [kept] = [g for g in project.spans(article_id) if g.label == "QUOTE" and g.status == Status.ACCEPTED]
            # fix11ag P1: the two quote spans are equal (their links differ, and the links say whose they are)
            assert kept.origin == "analyst:ana,ben"
            assert kept.attrs["curation"]["kept"] == ("ana" if order == "o1" else "ben")


def test_curate_keep_makes_golds_links_the_kept_versions_too(tmp_path: Path) -> None:
    from annotator.storage import curation_state

    project, article_id = team(tmp_path / "t.db")
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"))
        replace_layer(project, article_id, "ben", layer("ben", speaker_link=False))  # ben's newer file: no SPEAKER link
        kept = curation_state.keep_versions(project, article_id, "ben", by="lead")  # `annotator curate --keep ben`
        assert kept.changed == 1, kept
        assert gold_links(project, article_id)[("SPEAKER", "The governor")].status == Status.REJECTED
        assert unit(project, article_id, QUOTE).changed == ""
