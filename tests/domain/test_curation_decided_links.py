"""fix11h (issue 11): taking or accepting a unit never overturns a decision already made on a
unit its links point at (its SPEAKER, CUE, ...): the link is then not carried, and the edit's
description says so. A hand-made team, no corpus text."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import Decision
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = "He asked which plan, and how he would combat the crisis, said Lee."


def span(sid: str, words: str, label: str, layer: str) -> Span:
    start = TEXT.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=Status.ACCEPTED)


def link(rid: str, head: str, child: str, label: str = "SPEAKER") -> Relation:
    return Relation(id=rid, article_id=0, head=head, child=child, label=label)


QUOTE = "how he would combat the crisis"


def team(path: Path, *, quote_4b22: bool = True, speaker_4b22: bool = False) -> tuple[Project, int]:
    """5fec: QUOTE with SPEAKER «which» and CUE «said»; 4b22: the same QUOTE (or none) with no
    speaker (or with the same speaker when ``speaker_4b22``) and the same CUE."""
    f_spans = [span("f-q", QUOTE, "QUOTE", "quote"), span("f-w", "which", "SPEAKER", "speaker"), span("f-c", "said", "CUE", "cue")]
    f_rels = [link("fr", "f-q", "f-w"), link("fc", "f-q", "f-c", "CUE")]
    g_spans = [span("g-c", "said", "CUE", "cue")]
    g_rels = []
    if quote_4b22:
        g_spans.append(span("g-q", QUOTE, "QUOTE", "quote"))
        g_rels.append(link("gc", "g-q", "g-c", "CUE"))
    if speaker_4b22:
        g_spans.append(span("g-w", "which", "SPEAKER", "speaker"))
        g_rels.append(link("gr", "g-q", "g-w"))
    project = Project.open(path)
    article_id = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids[0]
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=f_spans, relations=f_rels)], analyst="5fec")
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=g_spans, relations=g_rels)], analyst="4b22")
    return project, article_id


def data_of(project: Project, article_id: int) -> curation.CurationInput:
    return curation.curation_input(project, article_id, [info.analyst for info in project.layers()])


def unit(project: Project, article_id: int, words: str) -> curation.Unit:
    return next(u for u in curation.align(data_of(project, article_id)).units if TEXT[u.start:u.end] == words)


def gold(project: Project, article_id: int) -> dict[str, Span]:
    return {TEXT[s.start:s.end]: s for s in project.spans(article_id)}


@pytest.mark.parametrize("decide", ["keep nothing", "reject"])
def test_keeping_a_quote_leaves_its_speaker_decided_nothing_there_and_says_so(tmp_path: Path, decide: str) -> None:
    project, article_id = team(tmp_path / "t.db")
    with project:
        which = unit(project, article_id, "which")
        if decide == "keep nothing":
            first = curation.take(data_of(project, article_id), which.key, "4b22")
            assert first.description == "Curate: keep nothing at «which» (4b22's version)"
        else:
            first = curation.reject(data_of(project, article_id), which.key)
        project.apply(first)
        assert unit(project, article_id, "which").decision == Decision.REJECTED
        edit = curation.take(data_of(project, article_id), unit(project, article_id, QUOTE).key, "5fec")
        assert edit.description == f"Curate: keep 5fec's QUOTE «{QUOTE[:30]}»; its SPEAKER «which» stays as you decided: no link (article curated)"
        stamped = project.apply(edit)
        spans = gold(project, article_id)
        assert spans["which"].status == Status.REJECTED  # not turned into an accepted SPEAKER (origin analyst:5fec)
        assert unit(project, article_id, "which").decision == Decision.REJECTED
        assert spans[QUOTE].status == Status.ACCEPTED and spans["said"].status == Status.ACCEPTED  # the undecided CUE follows
        by_id = {s.id: s for s in project.spans(article_id)}
        assert [(TEXT[by_id[r.child].start:by_id[r.child].end], r.label) for r in project.relations(article_id)
                if r.status == Status.ACCEPTED] == [("said", "CUE")]
        project.undo(stamped)
        assert QUOTE not in gold(project, article_id) and gold(project, article_id)["which"].status == Status.REJECTED


def test_a_kept_speaker_is_linked_to_as_kept_not_replaced(tmp_path: Path) -> None:
    """A speaker decided "kept" is linked to as gold has it, its decision untouched."""
    project, article_id = team(tmp_path / "t.db", speaker_4b22=True)
    with project:
        project.apply(curation.take(data_of(project, article_id), unit(project, article_id, "which").key, "4b22"))
        kept = gold(project, article_id)["which"]
        edit = curation.take(data_of(project, article_id), unit(project, article_id, QUOTE).key, "5fec")
        assert "stays as you decided" not in edit.description
        project.apply(edit)
        after = gold(project, article_id)["which"]
        assert after.id == kept.id and after.origin == "analyst:4b22,5fec" and after.attrs["curation"]["kept"] == "4b22"
        assert (gold(project, article_id)[QUOTE].id, kept.id, "SPEAKER") in {(r.head, r.child, r.label) for r in project.relations(article_id)}


def test_an_agreed_quote_does_not_wait_for_a_speaker_decided_nothing_there_nor_take_it(tmp_path: Path) -> None:
    """Both quote the same words with the same CUE; only 5fec gave the SPEAKER, which the curator
    rejected: the quote's links differ (a disagreement), but after the speaker is decided it does
    not wait (waiting_on and accept_agreed agree) and taking 5fec's leaves the speaker rejected."""
    project, article_id = team(tmp_path / "t.db")
    with project:
        project.apply(curation.reject(data_of(project, article_id), unit(project, article_id, "which").key))
        al = curation.align(data_of(project, article_id))
        quote = next(u for u in al.units if TEXT[u.start:u.end] == QUOTE)
        assert curation.waiting_on(al, quote) == []
        b = curation._Builder(data_of(project, article_id))
        assert curation._disputed_links(al, quote, b) == []
        project.apply(curation.take(data_of(project, article_id), quote.key, "5fec"))
        assert gold(project, article_id)["which"].status == Status.REJECTED


def test_an_undecided_speaker_still_follows(tmp_path: Path) -> None:
    project, article_id = team(tmp_path / "t.db")
    with project:
        edit = curation.take(data_of(project, article_id), unit(project, article_id, QUOTE).key, "5fec")
        assert "stays as you decided" not in edit.description
        project.apply(edit)
        spans = gold(project, article_id)
        assert spans["which"].status == Status.ACCEPTED and spans["which"].origin == "analyst:5fec"
