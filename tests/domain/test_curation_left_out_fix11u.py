"""fix11u (issue 11, usertest11j F1): a gold span from before the team (imported without
--analyst, accepted by hand before `assign`) that BOTH analysts left out was no unit at all:
`curate` said nothing to decide, `--accept-agreed` curated, gold export wrote it. The analysts agree
nothing is there, so it is a "gold differs" unit (:attr:`Agreement.LEFT_OUT`), as when one analyst
leaves it out: A keeps gold's, a digit or X takes the analysts' "nothing" (gold's span rejected,
its links following), Ctrl+Return leaves it and says why. Hand-written text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage import curation_state
from annotator.storage.project import Project

TEXT = "Harbour chief Tom Brennan met Maria Okafor in Riverton."
QTEXT = 'Tom Brennan said "the harbour stays public" to Maria Okafor.'
QUOTE = '"the harbour stays public"'


def span(sid: str, words: str, label: str, layer: str = "entity", status: Status = Status.ACCEPTED, text: str = TEXT) -> Span:
    start = text.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=status)


def make(path: Path, gold: list[Span], layer: list[Span], *, text: str = TEXT, gold_rels: list[Relation] = (),
         rels: list[Relation] = (), analysts: tuple[str, ...] = ("ana", "ben")) -> tuple[Project, int]:
    project = Project.open(path)
    aid = project.import_bundles([ArticleBundle(Article(id=None, text=text), spans=gold, relations=list(gold_rels))]).article_ids[0]
    for name in analysts:
        project.import_bundles([ArticleBundle(Article(id=None, text=text, status="done"), spans=layer, relations=list(rels))],
                               analyst=name)
    return project, aid


def state(project: Project, aid: int) -> curation.ArticleCuration:
    return curation.ArticleCuration(curation.curation_input(project, aid, [i.analyst for i in project.layers()]))


def unit_at(st: curation.ArticleCuration, words: str, text: str = TEXT) -> curation.Unit:
    start = text.index(words)
    return next(u for u in st.alignment.units if (u.start, u.end) == (start, start + len(words)))


def accepted(project: Project, aid: int, text: str = TEXT) -> list[tuple[str, str]]:
    return sorted((s.label, text[s.start:s.end]) for s in project.spans(aid) if s.status == Status.ACCEPTED and not s.analyst)


def riverton(tmp_path: Path, name: str = "t.db") -> tuple[Project, int]:
    """t1/repro1c.sh: gold PERSON «Tom Brennan» and LOC «Riverton»; ana and ben (done): the PERSON only."""
    return make(tmp_path / name, [span("g1", "Tom Brennan", "PERSON"), span("g2", "Riverton", "LOC")],
                [span("a1", "Tom Brennan", "PERSON")])


def test_gold_span_both_analysts_left_out_is_a_gold_differs_unit(tmp_path: Path) -> None:
    project, aid = riverton(tmp_path)
    try:
        st = state(project, aid)
        loc = unit_at(st, "Riverton")  # was: no unit at 47–55 at all
        assert loc.left_out and loc.versions == () and not loc.decided and loc.disagreement
        assert loc.gold_differs == "gold's own version from before curation: LOC «Riverton»; the analysts agree nothing is there"
        assert unit_at(st, "Tom Brennan").decision == curation.Decision.KEPT  # equal to gold: agreed, nothing to do
        assert st.alignment.disagreements_left() == 1 and st.alignment.undecided() == 1 and not st.alignment.curated
        # curate's listing and the counters see the same unit, by the same name as Ctrl+Return
        cs = curation_state.state_from(st.data, st.alignment)
        assert (cs.disagreements, cs.gold_own, cs.agreed, cs.curated) == (1, 1, 0, False)
        assert "1 disagreement (1 of them where gold differs: gold's own version from before curation" in cs.line("t.db")
        edit = st.accept_all_agreed(by="lead")  # Ctrl+Return / --accept-agreed: leaves it, says why
        assert not edit
        assert edit.description == (
            "No agreed unit left to accept; 1 disagreement where gold differs left for you (gold held its own version there "
            "before curation: imported as the project's own, not an analyst's, or decided by hand): A keeps gold's, 1…9 an analyst's, X rejects (Tab)")
    finally:
        project.close()


def test_a_digit_takes_the_analysts_nothing_and_undo_brings_gold_back(tmp_path: Path) -> None:
    project, aid = riverton(tmp_path)
    try:
        st = state(project, aid)
        edit = st.take(unit_at(st, "Riverton").key, "ben", by="lead")  # 2
        assert edit.description == "Curate: keep nothing at «Riverton» (ben's version) (article curated)"
        project.apply(edit, by="lead")
        assert st.follow(edit) is not None
        assert accepted(project, aid) == [("PERSON", "Tom Brennan")]
        fresh = state(project, aid)
        loc = unit_at(fresh, "Riverton")
        assert loc.left_out and loc.decision == curation.Decision.REJECTED and not loc.changed
        assert fresh.alignment.article_curated
        assert [(u.key, u.decision, u.gold_differs) for u in st.alignment.units] == \
               [(u.key, u.decision, u.gold_differs) for u in fresh.alignment.units]
        project.apply(edit.inverse(), by="lead")  # Ctrl+Z: gold's own LOC back, undecided again
        again = state(project, aid)
        assert accepted(project, aid) == [("LOC", "Riverton"), ("PERSON", "Tom Brennan")]
        assert unit_at(again, "Riverton").gold_differs and not again.alignment.curated
    finally:
        project.close()


def test_a_keeps_gold_own_span_and_it_stays_decided(tmp_path: Path) -> None:
    project, aid = riverton(tmp_path)
    try:
        st = state(project, aid)
        edit = st.accept_agreed(unit_at(st, "Riverton").key, by="lead")  # A
        assert edit.description == ("Curate: keep LOC «Riverton» in gold as it is (gold's own version from before curation, "
                                    "not the analysts') (article curated)")
        project.apply(edit, by="lead")
        fresh = state(project, aid)
        loc = unit_at(fresh, "Riverton")
        assert loc.left_out and loc.decision == curation.Decision.KEPT and loc.gold_differs == "" and not loc.changed
        assert fresh.alignment.article_curated
        assert not fresh.accept_agreed(loc.key, by="lead")  # A again: already so
        assert accepted(project, aid) == [("LOC", "Riverton"), ("PERSON", "Tom Brennan")]
    finally:
        project.close()


def test_x_rejects_it_too(tmp_path: Path) -> None:
    project, aid = riverton(tmp_path)
    try:
        st = state(project, aid)
        edit = st.reject(unit_at(st, "Riverton").key, by="lead")
        assert edit.description == "Curate: reject LOC «Riverton» (article curated)"
        project.apply(edit, by="lead")
        assert accepted(project, aid) == [("PERSON", "Tom Brennan")]
    finally:
        project.close()


def test_gold_that_agrees_nothing_is_there_is_no_unit(tmp_path: Path) -> None:
    """The other side of the rule: gold's own span rejected by hand before the team, or a machine
    suggestion nobody decided, where every analyst left nothing: gold and the analysts agree (or
    gold decided nothing) — no unit, curated by Ctrl+Return as before."""
    project, aid = make(tmp_path / "t.db", [span("g1", "Tom Brennan", "PERSON"), span("g2", "Riverton", "LOC", status=Status.REJECTED),
                                            span("g3", "Maria Okafor", "PERSON", status=Status.SUGGESTED)],
                        [span("a1", "Tom Brennan", "PERSON")])
    try:
        st = state(project, aid)
        assert [u.labels for u in st.alignment.units] == [("PERSON",)]
        assert st.alignment.curated
    finally:
        project.close()


def test_one_analyst_leaving_it_out_and_both_leaving_it_out_say_the_same_kind(tmp_path: Path) -> None:
    """t1/repro1d.sh: one analyst leaving gold's span out was "gold differs"; both now are too."""
    project = Project.open(tmp_path / "t.db")
    aid = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[span("g1", "Maria Okafor", "PERSON")])]).article_ids[0]
    tom = span("a0", "Tom Brennan", "PERSON")
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT, status="done"), spans=[tom, span("a1", "Maria Okafor", "PERSON")])],
                           analyst="ana")
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXT, status="done"), spans=[tom])], analyst="ben")
    project.close()
    one, aid1 = Project.open(tmp_path / "t.db"), aid
    both, aid2 = make(tmp_path / "u.db", [span("g1", "Maria Okafor", "PERSON")], [tom])
    try:
        u1, u2 = unit_at(state(one, aid1), "Maria Okafor"), unit_at(state(both, aid2), "Maria Okafor")
        assert (u1.disagreement, u1.decided, bool(u1.gold_differs)) == (True, False, True)
        assert (u2.disagreement, u2.decided, bool(u2.gold_differs)) == (True, False, True)
    finally:
        one.close()
        both.close()


def quote_team(tmp_path: Path) -> tuple[Project, int]:
    """t1/repro1b.sh #3: gold's own QUOTE with SPEAKER → PERSON «Maria Okafor»; ana and ben: SPEAKER → «Tom Brennan»."""
    def quote(p: str, speaker: str) -> tuple[list[Span], list[Relation]]:
        spans = [span(f"{p}q", QUOTE, "QUOTE", "quote", text=QTEXT), span(f"{p}p", speaker, "PERSON", text=QTEXT),
                 span(f"{p}c", "said", "CUE", "cue", text=QTEXT)]
        rels = [Relation(id=f"{p}r1", article_id=0, head=f"{p}q", child=f"{p}p", label="SPEAKER"),
                Relation(id=f"{p}r2", article_id=0, head=f"{p}q", child=f"{p}c", label="CUE")]
        return spans, rels
    gold, gold_rels = quote("g", "Maria Okafor")
    layer, rels = quote("a", "Tom Brennan")
    return make(tmp_path / "q.db", gold, layer, text=QTEXT, gold_rels=gold_rels, rels=rels)


def test_keep_ben_rejects_gold_own_extra_speaker_with_its_link(tmp_path: Path) -> None:
    project, aid = quote_team(tmp_path)
    try:
        st = state(project, aid)
        okafor = unit_at(st, "Maria Okafor", QTEXT)
        assert okafor.left_out and okafor.gold_differs.startswith("gold's own version from before curation: PERSON «Maria Okafor»")
        kept = curation_state.keep_versions(project, aid, "ben", by="lead")  # curate --keep ben
        assert kept.refused == []
        # was: PERSON «Maria Okafor» stayed accepted in gold, only its SPEAKER link dropped
        assert accepted(project, aid, QTEXT) == [("CUE", "said"), ("PERSON", "Tom Brennan"), ("QUOTE", QUOTE)]
        spans = {s.id: s for s in project.spans(aid)}
        links = sorted((r.label, QTEXT[spans[r.child].start:spans[r.child].end]) for r in project.relations(aid)
                       if r.status == Status.ACCEPTED and not r.analyst)
        assert links == [("CUE", "said"), ("SPEAKER", "Tom Brennan")]
        assert state(project, aid).alignment.article_curated
    finally:
        project.close()


def test_moved_or_deleted_gold_span_regroups(tmp_path: Path) -> None:
    """The view follows an edit of gold's own left-out span by aligning again (its unit comes or goes)."""
    project, aid = riverton(tmp_path)
    try:
        st = state(project, aid)
        g2 = next(s for s in project.spans(aid) if s.id == "g2")
        assert st.alignment.regroups([(g2, None)])  # deleted: the unit goes
        assert st.alignment.regroups([(g2, dataclasses.replace(g2, start=g2.start + 1))])  # moved: regrouped
        assert not st.alignment.regroups([(g2, dataclasses.replace(g2, status=Status.REJECTED))])  # decided: the same unit
    finally:
        project.close()


def stance_team(tmp_path: Path, gold_polarity: str | None, analyst_polarity: str | None) -> tuple[Project, int]:
    """Gold's own QUOTE with SPEAKER → «Tom Brennan» and CUE «said», equal to ana's and ben's; gold's
    own stance of Tom Brennan on «harbour» (``gold_polarity``; None: none) and the analysts' (``analyst_polarity``)."""
    from annotator.domain.model import Stance

    def layer(p: str, polarity: str | None) -> ArticleBundle:
        spans = [span(f"{p}q", QUOTE, "QUOTE", "quote", text=QTEXT), span(f"{p}p", "Tom Brennan", "PERSON", text=QTEXT),
                 span(f"{p}c", "said", "CUE", "cue", text=QTEXT)]
        rels = [Relation(id=f"{p}r1", article_id=0, head=f"{p}q", child=f"{p}p", label="SPEAKER"),
                Relation(id=f"{p}r2", article_id=0, head=f"{p}q", child=f"{p}c", label="CUE")]
        stances = [Stance(id=f"{p}st", article_id=0, holder="Tom Brennan", target="harbour", polarity=polarity,
                          evidence=f"{p}q")] if polarity else []
        return ArticleBundle(Article(id=None, text=QTEXT, status="done" if p != "g" else "new"), spans=spans, relations=rels,
                             stances=stances)
    project = Project.open(tmp_path / "s.db")
    aid = project.import_bundles([layer("g", gold_polarity)]).article_ids[0]
    for name in ("ana", "ben"):
        project.import_bundles([layer("a", analyst_polarity)], analyst=name)
    return project, aid


def gold_stances(project: Project, aid: int) -> list[tuple[str, str]]:
    return sorted((st.polarity, st.status.value) for st in project.stances(aid) if not st.analyst)


def test_gold_own_stance_unlike_the_analysts_is_gold_differs_not_decided(tmp_path: Path) -> None:
    """docs/team.md said "gold stances from before curation still count as decided": gold's own
    stance against where both analysts say favor counted as kept. Now the span units' rule."""
    project, aid = stance_team(tmp_path, "against", "favor")
    try:
        st = state(project, aid)
        assert all(u.decision == curation.Decision.KEPT and not u.gold_differs for u in st.alignment.units)
        (su,) = st.alignment.stances
        assert not su.decided and su.disagreement  # was KEPT: decided
        assert su.gold_differs == ("gold's own stance from before curation: Tom Brennan against «harbour»; "
                                   "the analysts agree on favor")
        assert not st.alignment.curated
        edit = st.take(su.key, "ana", by="lead")  # 1: the analysts' favor (gold's own stance set to it, with the decision's record)
        project.apply(edit, by="lead")
        assert gold_stances(project, aid) == [("favor", "accepted")]
        fresh = state(project, aid)
        (su,) = fresh.alignment.stances
        assert su.decision == curation.Decision.KEPT and su.gold_differs == "" and fresh.alignment.curated
    finally:
        project.close()


def test_a_keeps_gold_own_stance_and_equal_one_is_agreed(tmp_path: Path) -> None:
    project, aid = stance_team(tmp_path, "against", "favor")
    try:
        st = state(project, aid)
        (su,) = st.alignment.stances
        edit = st.accept_agreed(su.key, by="lead")  # A
        assert edit.description.startswith("Curate: keep the stance of Tom Brennan on «harbour» in gold as it is (gold's own")
        project.apply(edit, by="lead")
        (su,) = state(project, aid).alignment.stances
        assert su.decision == curation.Decision.KEPT and su.gold_differs == "" and not su.changed
        assert gold_stances(project, aid) == [("against", "accepted")]
    finally:
        project.close()
    project, aid = stance_team(_sub(tmp_path, "eq"), "favor", "favor")
    try:
        (su,) = state(project, aid).alignment.stances
        assert su.decision == curation.Decision.KEPT and su.gold_differs == "" and not su.disagreement
        assert state(project, aid).alignment.curated
    finally:
        project.close()


def _sub(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


def test_gold_own_stance_both_analysts_left_out_is_a_unit_x_rejects_it(tmp_path: Path) -> None:
    project, aid = stance_team(tmp_path, "against", None)
    try:
        st = state(project, aid)
        (su,) = st.alignment.stances  # was: no stance unit, gold's stance kept unseen
        assert su.left_out and not su.orphan and not su.decided and su.disagreement
        assert su.gold_differs == ("gold's own stance from before curation: Tom Brennan against «harbour»; "
                                   "the analysts agree there is none")
        assert not st.alignment.curated
        edit = st.reject(su.key, by="lead")  # X
        project.apply(edit, by="lead")
        assert gold_stances(project, aid) == [("against", "rejected")]
        fresh = state(project, aid)
        (su,) = fresh.alignment.stances
        assert su.decision == curation.Decision.REJECTED and not su.changed
        assert fresh.alignment.curated
    finally:
        project.close()


def test_ctrl_return_leaves_gold_own_stance_and_counts_it(tmp_path: Path) -> None:
    project, aid = stance_team(tmp_path, "against", "favor")
    try:
        st = state(project, aid)
        edit = st.accept_all_agreed(by="lead")
        assert not edit and edit.description.startswith("No agreed unit left to accept; 1 disagreement where gold differs left for you")
        cs = curation_state.state_from(st.data, st.alignment)
        assert (cs.disagreements, cs.gold_own, cs.curated) == (1, 1, False)
    finally:
        project.close()
