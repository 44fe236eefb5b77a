"""fix11y (issue 11, usertest11l H1, H2): stances in curation follow the rules spans and links do.

H1: a stance both analysts add after its quote was decided (ana and ben agree on an interrupted
QUOTE, PERSON «Tom Brennan», CUE «said» and links with no stance; Ctrl+Return curates; both then
add the same stance) was counted nowhere — ``curate`` said curated, Ctrl+Return "No agreed unit
left", gold exported 0 stances. Now it is a unit not decided yet (the curated mark withdrawn),
accepted by Ctrl+Return; the same for an article-level stance.

H2: gold's own ORG «Tom Brennan» holds a stance, the analysts have PERSON: keeping ana's version
moved the SPEAKER link to the kept PERSON but left the stance's ``holder_span`` "". Now the holder
(and a stance resting on a replaced quote) moves with the kept span in the same edit; X on the
holder's unit rejects the stance as it rejects the links to it. Inputs of usertest11l t20/t32,
hand-written text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status
from annotator.storage import curation_state
from annotator.storage.project import Project

TEXT = '"The harbour," Tom Brennan said, "stays public." Maria Okafor agreed.'


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def bundle(*, label: str = "PERSON", holder_words: str = "Tom Brennan", stance: str | None = "favor", article_level: bool = False,
           quote_short: bool = False, version_of: str = "") -> ArticleBundle:
    """The t20 record (gen.py ``rec``): an interrupted QUOTE (two pieces tied by FRAGMENT), the
    speaker ``label`` «holder_words», CUE «said», SPEAKER and CUE links, and a stance of Tom
    Brennan on «harbour» resting on the quote (``article_level``: on the article) whose holder
    span is the speaker."""
    q1, q2, p, c = _at('"The harbour,"'), _at('"stays public."'), _at(holder_words), _at("said")
    if quote_short:
        q1 = (q1[0], q1[1] - 1)
    spans = [Span(id="q1", article_id=0, start=q1[0], end=q1[1], label="QUOTE", layer="quote"),
             Span(id="q2", article_id=0, start=q2[0], end=q2[1], label="QUOTE", layer="quote"),
             Span(id="p", article_id=0, start=p[0], end=p[1], label=label, layer="entity"),
             Span(id="c", article_id=0, start=c[0], end=c[1], label="CUE", layer="cue")]
    rels = [Relation(id="r1", article_id=0, head="q1", child="q2", label="FRAGMENT"),
            Relation(id="r2", article_id=0, head="q1", child="p", label="SPEAKER"),
            Relation(id="r3", article_id=0, head="q1", child="c", label="CUE")]
    stances = [Stance(id="st", article_id=0, holder="Tom Brennan", holder_span="p", target="harbour", polarity=stance,
                      evidence="" if article_level else "q1")] if stance else []
    return ArticleBundle(Article(id=None, text=TEXT, title=""), spans=spans, relations=rels, stances=stances,
                         version_of=version_of)


def state(project: Project, aid: int, analysts: tuple[str, ...] = ("ana", "ben")) -> curation.ArticleCuration:
    return curation.ArticleCuration(curation.curation_input(project, aid, list(analysts)))


def apply(project: Project, edit) -> None:  # noqa: ANN001
    assert edit, edit.description
    project.apply(edit, by="lead")


def gold_stances(project: Project, aid: int) -> list[tuple[str, str, str, str, str]]:
    """Gold's stances: (holder, polarity, status, holder span «words» label, evidence «words»)."""
    spans = {s.id: s for s in project.bundle(aid).spans}

    def said(sid: str) -> str:
        s = spans.get(sid)
        return f"{TEXT[s.start:s.end]} {s.label} {s.status.value}" if s is not None else sid

    return sorted((st.holder, st.polarity, st.status.value, said(st.holder_span), said(st.evidence)) for st in project.stances(aid))


# ------------------------------------------------------------------------------------------ H1


def curated_without_stance(path: Path, *, article_level: bool = False, analysts: tuple[str, ...] = ("ana", "ben")) -> tuple[Project, int]:
    """t32 / r31: the analysts agree on the quote with no stance, Ctrl+Return curates; then each
    analyst's newer layer adds the same stance (a re-merge: the layer replaced by its new version)."""
    project = Project.open(path)
    aid = 0
    for name in analysts:
        aid = project.import_bundles([bundle(stance=None)], analyst=name).article_ids[0]
    edit = state(project, aid, analysts).accept_all_agreed(by="lead")
    assert edit.description.endswith("(article curated)"), edit.description
    apply(project, edit)
    for name in analysts:
        project.import_bundles([bundle(article_level=article_level, version_of=name)], analyst=name)
    return project, aid


@pytest.mark.parametrize("article_level", [False, True], ids=["on-the-decided-quote", "article-level"])
def test_an_agreed_stance_added_after_curation_is_a_unit_and_ctrl_return_takes_it(tmp_path: Path, article_level: bool) -> None:
    project, aid = curated_without_stance(tmp_path / "p.db", article_level=article_level)
    st = state(project, aid)
    al = st.alignment
    (su,) = al.stances
    assert su.agreed and su.open and not su.decided
    assert al.undecided() == 1 and not al.curated and not al.article_curated
    assert curation.agreed_stances_left(al) == [su]
    cs = curation_state.state_of(project, aid)
    assert (cs.curated, cs.agreed, cs.disagreements, cs.undecided) == (False, 1, 0, 1)
    assert "1 agreed unit not decided yet" in cs.line("p.db")
    edit = st.accept_all_agreed(by="lead")
    assert edit.description == "Curate: accept the 1 agreed unit (article curated)"
    apply(project, edit)
    quote = "" if article_level else '"The harbour," QUOTE accepted'
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted", quote)]
    (made,) = project.stances(aid)
    assert made.origin == "analyst:ana,ben" and made.attrs["curation"]["kept"] == "all"
    assert curation_state.state_of(project, aid).curated
    again = state(project, aid).accept_all_agreed(by="lead")
    assert not again and again.description.startswith("No agreed unit left to accept")


def test_the_merge_withdrew_the_curated_mark_for_the_new_stance(tmp_path: Path) -> None:
    project, aid = curated_without_stance(tmp_path / "p.db")
    article = project.article(aid)
    assert curation.curation_status(article) == "withdrawn"
    assert "1 disagreement not decided yet" in article.meta["curation"]["why"]


def test_analysts_who_differ_on_the_new_stance_is_a_disagreement_still(tmp_path: Path) -> None:
    project, aid = curated_without_stance(tmp_path / "p.db")
    project.import_bundles([bundle(stance="against", version_of="ben")], analyst="ben")
    al = state(project, aid).alignment
    (su,) = al.stances
    assert su.disagreement and su.open and al.disagreements_left() == 1 and al.undecided() == 1
    assert curation.agreed_stances_left(al) == []
    edit = state(project, aid).take(su.key, "ben", by="lead")
    assert edit.description.startswith("Curate: keep ben's stance Tom Brennan against «harbour»")
    assert edit.description.endswith("(article curated)")


def test_an_agreed_stance_on_an_undecided_quote_still_comes_with_the_quote(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.db")
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([bundle()], analyst=name).article_ids[0]
    al = state(project, aid).alignment
    (su,) = al.stances
    assert su.with_quote and not su.open and curation.agreed_stances_left(al) == []
    edit = state(project, aid).accept_all_agreed(by="lead")
    assert edit.description == "Curate: accept all 4 agreed units (article curated)"
    apply(project, edit)
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted",
                                           '"The harbour," QUOTE accepted')]


def test_keep_versions_decides_a_stance_changed_since_decided(tmp_path: Path) -> None:
    """r29: the analysts' newer files move the PERSON to «Brennan» and name the holder "Brennan":
    ``--keep ana`` skipped the stance ⚠ silently; now it decides it (ana's "nothing" for the old
    holder's stance), and --accept-agreed takes the new agreed one, its holder the kept «Brennan»."""
    project = Project.open(tmp_path / "p.db")
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([bundle()], analyst=name).article_ids[0]
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    for name in ("ana", "ben"):
        b = bundle(holder_words="Brennan", version_of=name)
        b.stances = [dataclasses.replace(b.stances[0], holder="Brennan")]
        project.import_bundles([b], analyst=name)
    al = state(project, aid).alignment
    assert [bool(st.changed) for st in al.stances] == [False, True]  # "brennan" new (open), "tom brennan" ⚠
    kept = curation_state.keep_versions(project, aid, "ana", by="lead")
    assert (kept.disagreements, kept.changed, kept.refused) == (0, 2, [])
    cs = curation_state.state_of(project, aid)
    assert (cs.changed, cs.agreed, cs.curated) == (0, 1, False)
    assert curation_state.accept_agreed(project, aid, by="lead").message == "Curate: accept the 1 agreed unit (article curated)"
    assert gold_stances(project, aid) == [("Brennan", "favor", "accepted", "Brennan PERSON accepted", '"The harbour," QUOTE accepted'),
                                          ("Tom Brennan", "favor", "rejected", "Brennan PERSON accepted", '"The harbour," QUOTE accepted')]


# ------------------------------------------------------------------------------------------ H2


def own_gold(path: Path, gold: ArticleBundle, layers: dict[str, ArticleBundle]) -> tuple[Project, int]:
    """Gold imported without --analyst (its own version from before curation) and the analysts' layers."""
    project = Project.open(path)
    aid = project.import_bundles([gold]).article_ids[0]
    for name, b in layers.items():
        project.import_bundles([b], analyst=name)
    return project, aid


def _speaker_unit(st: curation.ArticleCuration) -> curation.Unit:
    return next(u for u in st.alignment.units if {"PERSON", "ORG"} & set(u.labels) and u.disagreement)


@pytest.mark.parametrize(("gold_label", "gold_words"), [("ORG", "Tom Brennan"), ("PERSON", "Brennan"), ("ORG", "Brennan")],
                         ids=["other-label", "other-place", "other-place-and-label"])
def test_keeping_a_version_moves_the_stance_holder_to_the_kept_span(tmp_path: Path, gold_label: str, gold_words: str) -> None:
    """r21 (a), r28: gold's own speaker of another label or place holds the stance; --keep ana /
    the digit moved the SPEAKER link but emptied the stance's holder span."""
    project, aid = own_gold(tmp_path / "p.db", bundle(label=gold_label, holder_words=gold_words), {"ana": bundle(), "ben": bundle()})
    st = state(project, aid)
    edit = st.take(_speaker_unit(st).key, "ana", by="lead")
    assert edit.description == "Curate: keep ana's PERSON «Tom Brennan» (article curated)"
    apply(project, edit)
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted",
                                           '"The harbour," QUOTE accepted')]
    speaker = next(r for r in project.relations(aid) if r.label == "SPEAKER")
    (stance,) = project.stances(aid)
    assert stance.holder_span == speaker.child  # the same kept span the SPEAKER link moved to
    assert curation_state.state_of(project, aid).curated


def test_undo_and_redo_of_the_keep_move_the_holder_both_ways(tmp_path: Path) -> None:
    """r23: Ctrl+Z gave the holder back to the ORG, Ctrl+Shift+Z emptied it again."""
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    org = next(s for s in project.spans(aid) if s.label == "ORG")
    st = state(project, aid)
    edit = st.take(_speaker_unit(st).key, "ana", by="lead")
    stamped = project.apply(edit, by="lead")
    project.undo(stamped, by="lead")
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan ORG accepted", '"The harbour," QUOTE accepted')]
    assert project.stances(aid)[0].holder_span == org.id
    project.redo(stamped, by="lead")
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted",
                                           '"The harbour," QUOTE accepted')]


def test_three_analysts_keep_cy_moves_the_holder_to_cys_org(tmp_path: Path) -> None:
    """r21 (b2): ana = ben = gold PERSON, cy ORG: ``--keep cy`` emptied the holder too."""
    project, aid = own_gold(tmp_path / "p.db", bundle(), {"ana": bundle(), "ben": bundle(), "cy": bundle(label="ORG")})
    st = state(project, aid, ("ana", "ben", "cy"))
    apply(project, st.take(_speaker_unit(st).key, "cy", by="lead"))
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan ORG accepted", '"The harbour," QUOTE accepted')]


def test_rejecting_the_holders_unit_rejects_the_stance_as_its_links(tmp_path: Path) -> None:
    """r23 X: gold's ORG and the SPEAKER link to it were rejected, the stance stayed accepted with no holder."""
    project, aid = own_gold(tmp_path / "p.db", bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    st = state(project, aid)
    edit = st.reject(_speaker_unit(st).key, by="lead")
    assert edit.description.startswith("Curate: reject ORG «Tom Brennan»; its stance of Tom Brennan favor «harbour» rejected in "
                                       "gold (its holder «Tom Brennan» is rejected)")
    apply(project, edit)
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "rejected", "", '"The harbour," QUOTE accepted')]
    assert next(r for r in project.relations(aid) if r.label == "SPEAKER").status == Status.REJECTED
    al = state(project, aid).alignment
    (su,) = al.stances
    assert su.decision == curation.Decision.REJECTED and not su.changed and not su.gold_differs
    # fix11ab (usertest11m F2): an analyst's stance is not kept again while its holder is rejected
    # (it was, with the holder's name only: an accepted stance tied to no span) — refused, said
    with pytest.raises(ValueError, match=r"not accepted: its holder «Tom Brennan» is rejected in gold"):
        state(project, aid).take(su.key, "ana", by="lead")
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "rejected", "", '"The harbour," QUOTE accepted')]


def test_a_stance_resting_on_a_replaced_quote_moves_to_the_kept_quote(tmp_path: Path) -> None:
    """r27: gold's own QUOTE piece one character short holds the stance; keeping ana's QUOTE
    rejected gold's stance with its quote and wrote ana's. Now gold's stance rests on the kept
    QUOTE (the same record), equal to the analysts' stance: agreed, curated."""
    project, aid = own_gold(tmp_path / "p.db", bundle(quote_short=True), {"ana": bundle(), "ben": bundle()})
    own_id = project.stances(aid)[0].id
    st = state(project, aid)
    quote = next(u for u in st.alignment.units if "QUOTE" in u.labels and u.disagreement)
    edit = st.take(quote.key, "ana", by="lead")
    apply(project, edit)
    assert gold_stances(project, aid) == [("Tom Brennan", "favor", "accepted", "Tom Brennan PERSON accepted",
                                           '"The harbour," QUOTE accepted')]
    assert [s.id for s in project.stances(aid)] == [own_id]
    assert curation_state.state_of(project, aid).curated
