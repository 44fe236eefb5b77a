"""fix11w (issue 11, usertest11k F1, F7): keeping a version gold already holds must not break
gold's own links. Gold imported without --analyst (QUOTE, PERSON «Tom Brennan», CUE «said», the
SPEAKER and CUE links) equal to both analysts' layers: a digit or A on any unit, before or after
Ctrl+Return, said "keep ana's CUE «said»" and rejected gold's CUE record (and with it the QUOTE's
CUE link), a new copy taking its place — gold exported 3 spans and 1 relation. Keeping a version
gold holds by content (same span, label and links; record ids differ) changes nothing; keeping a
version that differs in its links only (F7: gold has an extra SPEAKER link) rejects that link and
leaves gold's QUOTE record as it is. Hand-written text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status
from annotator.storage import curation_state
from annotator.storage.project import Project

TEXT = 'Tom Brennan said "the harbour stays public" to Maria Okafor.'


def span(sid: str, words: str, label: str, layer: str) -> Span:
    start = TEXT.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=Status.ACCEPTED)


def rel(rid: str, head: str, child: str, label: str) -> Relation:
    return Relation(id=rid, article_id=0, head=head, child=child, label=label)


def bundle(p: str, *, okafor_speaker: bool = False) -> ArticleBundle:
    spans = [span(f"{p}-p", "Tom Brennan", "PERSON", "entity"), span(f"{p}-c", "said", "CUE", "cue"),
             span(f"{p}-q", '"the harbour stays public"', "QUOTE", "quote")]
    rels = [rel(f"{p}-r1", f"{p}-q", f"{p}-p", "SPEAKER"), rel(f"{p}-r2", f"{p}-q", f"{p}-c", "CUE")]
    if okafor_speaker:  # gold's extra SPEAKER link (F7, t7 case B)
        spans.append(span(f"{p}-o", "Maria Okafor", "PERSON", "entity"))
        rels.append(rel(f"{p}-r3", f"{p}-q", f"{p}-o", "SPEAKER"))
    stances = [Stance(id=f"{p}-st", article_id=0, holder="Tom Brennan", holder_span=f"{p}-p", target="harbour", polarity="favor",
                      evidence=f"{p}-q")]
    return ArticleBundle(Article(id=None, text=TEXT, title="Harbour"), spans=spans, relations=rels, stances=stances)


def make(path: Path, *, okafor_speaker: bool = False) -> tuple[Project, int]:
    project = Project.open(path)
    aid = project.import_bundles([bundle("g", okafor_speaker=okafor_speaker)]).article_ids[0]
    for name in ("ana", "ben"):
        project.import_bundles([bundle(name[0])], analyst=name)
        project.set_layer_status(aid, "done", analyst=name) if hasattr(project, "set_layer_status") else None
    return project, aid


def state(project: Project, aid: int) -> curation.ArticleCuration:
    return curation.ArticleCuration(curation.curation_input(project, aid, ["ana", "ben"]))


def gold(project: Project, aid: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    """Gold's spans (words, label, status) and relations (label, head words, child words, status), sorted."""
    b = project.bundle(aid)
    words = {s.id: TEXT[s.start:s.end] for s in b.spans}
    return (sorted((TEXT[s.start:s.end], s.label, s.status.value) for s in b.spans),
            sorted((r.label, words[r.head], words[r.child], r.status.value) for r in b.relations))


EQUAL = ([("\"the harbour stays public\"", "QUOTE", "accepted"), ("Tom Brennan", "PERSON", "accepted"), ("said", "CUE", "accepted")],
         [("CUE", "\"the harbour stays public\"", "said", "accepted"),
          ("SPEAKER", "\"the harbour stays public\"", "Tom Brennan", "accepted")])


def _unit(st: curation.ArticleCuration, label: str) -> curation.Unit:
    return next(u for u in st.alignment.units if label in u.labels)


@pytest.mark.parametrize("first_all", [False, True], ids=["digits", "ctrl-return-first"])
@pytest.mark.parametrize("how", ["digit-ana", "digit-ben", "A"])
def test_keeping_a_version_gold_holds_changes_nothing(tmp_path: Path, first_all: bool, how: str) -> None:
    project, aid = make(tmp_path / "p.db")
    ids_before = {s.id for s in project.bundle(aid).spans}
    if first_all:
        project.apply(state(project, aid).accept_all_agreed(by="lead"), by="lead")
    for label in ("CUE", "QUOTE", "PERSON"):
        st = state(project, aid)
        unit = _unit(st, label)
        edit = st.accept_agreed(unit.key, by="lead") if how == "A" else st.take(unit.key, how.split("-")[1], by="lead")
        assert not edit.changes, (label, edit.description)
        assert edit.description in ("nothing to change", "Already so in gold: nothing to change")
    st = state(project, aid)
    (su,) = st.alignment.stances
    edit = st.accept_agreed(su.key, by="lead") if how == "A" else st.take(su.key, how.split("-")[1], by="lead")
    assert not edit.changes, edit.description
    assert gold(project, aid) == EQUAL
    assert [(g.holder, g.polarity, g.status) for g in project.bundle(aid).stances] == [("Tom Brennan", "favor", Status.ACCEPTED)]
    assert {s.id for s in project.bundle(aid).spans} == ids_before  # no record replaced by a copy
    assert not any(u.changed for u in state(project, aid).alignment.units)


def test_keep_link_only_difference_rejects_only_the_link(tmp_path: Path) -> None:
    """F7: gold has an extra SPEAKER → «Maria Okafor»; keeping ana's quote rejects that link, the
    QUOTE record stays accepted (no second, rejected QUOTE in an export of every status)."""
    project, aid = make(tmp_path / "p.db", okafor_speaker=True)
    quote_id = next(s.id for s in project.bundle(aid).spans if s.label == "QUOTE")
    kept = curation_state.keep_versions(project, aid, "ana", by="lead")
    assert not kept.refused, kept.refused
    spans, rels = gold(project, aid)
    assert spans == sorted(EQUAL[0] + [("Maria Okafor", "PERSON", "rejected")]) or spans == sorted(EQUAL[0] + [("Maria Okafor", "PERSON", "accepted")])
    assert [s for s in spans if s[1] == "QUOTE"] == [("\"the harbour stays public\"", "QUOTE", "accepted")]
    assert rels == sorted(EQUAL[1] + [("SPEAKER", "\"the harbour stays public\"", "Maria Okafor", "rejected")])
    assert any(s.id == quote_id and s.status == Status.ACCEPTED for s in project.bundle(aid).spans)


def _gold_without(drop_label: str) -> ArticleBundle:
    b = bundle("g")
    return dataclasses.replace(b, relations=[r for r in b.relations if r.label != drop_label])


@pytest.mark.parametrize("how", ["digit", "keep-cli"])
@pytest.mark.parametrize("missing", ["SPEAKER", "CUE"])
def test_keeping_a_version_that_adds_a_link_keeps_gold_records(tmp_path: Path, how: str, missing: str) -> None:
    """Gold's own QUOTE lacks the SPEAKER (or CUE) link both analysts have: a gold-differs unit.
    Keeping ana's version adds the link and changes nothing else: gold's QUOTE, PERSON and CUE
    records stay (same ids, accepted), the other link stays (same id), nothing is rejected."""
    project = Project.open(tmp_path / "p.db")
    aid = project.import_bundles([_gold_without(missing)]).article_ids[0]
    for name in ("ana", "ben"):
        project.import_bundles([bundle(name[0])], analyst=name)
    before = project.bundle(aid)
    st = state(project, aid)
    quote = _unit(st, "QUOTE")
    assert quote.gold_differs and not quote.decided
    if how == "digit":
        edit = st.take(quote.key, "ana", by="lead")
        assert edit.description.startswith("Curate: keep ana's QUOTE «\"the harbour stays public\"»"), edit.description
        project.apply(edit, by="lead")
    else:
        kept = curation_state.keep_versions(project, aid, "ana", by="lead")
        assert (kept.disagreements, kept.refused) == (1, []), kept
    assert gold(project, aid) == EQUAL
    after = project.bundle(aid)
    assert {s.id for s in after.spans} == {s.id for s in before.spans}
    assert {r.id for r in before.relations} < {r.id for r in after.relations}
    assert len(after.relations) == 2
    assert not any(u.decision == curation.Decision.UNDECIDED or u.changed for u in state(project, aid).alignment.units)


@pytest.mark.parametrize("how", ["digit", "keep-cli"])
def test_keeping_another_label_moves_gold_links_to_the_kept_span(tmp_path: Path, how: str) -> None:
    """Gold's own «Tom Brennan» is an ORG, the analysts' a PERSON (the QUOTE and its links agree).
    Keeping ana's PERSON rejects gold's ORG and the QUOTE's SPEAKER link goes to the PERSON (the
    same link record, its end moved): no new gold-differs QUOTE, one decision, article curated.
    Undo puts gold back as it was."""
    project = Project.open(tmp_path / "p.db")
    g = bundle("g")
    g = dataclasses.replace(g, spans=[dataclasses.replace(s, label="ORG") if s.label == "PERSON" else s for s in g.spans])
    aid = project.import_bundles([g]).article_ids[0]
    for name in ("ana", "ben"):
        project.import_bundles([bundle(name[0])], analyst=name)
    before = gold(project, aid)
    speaker = next(r.id for r in project.bundle(aid).relations if r.label == "SPEAKER")
    st = state(project, aid)
    assert [u.labels for u in st.alignment.units if u.disagreement] == [("PERSON",)]
    if how == "digit":
        edit = st.take(_unit(st, "PERSON").key, "ana", by="lead")
        assert edit.description == "Curate: keep ana's PERSON «Tom Brennan» (article curated)"
        stamped = project.apply(edit, by="lead")
    else:
        kept = curation_state.keep_versions(project, aid, "ana", by="lead")
        assert (kept.disagreements, kept.refused, kept.notes) == (1, [], [])
    assert gold(project, aid) == (sorted(EQUAL[0] + [("Tom Brennan", "ORG", "rejected")]), EQUAL[1])
    assert speaker in {r.id for r in project.bundle(aid).relations if r.status == Status.ACCEPTED}
    assert not any(u.disagreement or u.changed or not u.decided for u in state(project, aid).alignment.units)
    if how == "digit":
        project.undo(stamped, by="lead")
        assert gold(project, aid) == before


@pytest.mark.parametrize("how", ["ana", "ben", "A"])
def test_keeping_a_stance_gold_holds_changes_nothing(tmp_path: Path, how: str) -> None:
    """Gold's own stance (Tom Brennan favor «harbour» on the QUOTE) equals both analysts': a digit
    or A on it wrote the stance again as ana's and marked the article curated; it changes nothing."""
    project, aid = make(tmp_path / "p.db")
    st = state(project, aid)
    (su,) = st.alignment.stances
    edit = st.accept_agreed(su.key, by="lead") if how == "A" else st.take(su.key, how, by="lead")
    assert (edit.description, edit.changes) == ("Already so in gold: nothing to change", ())
