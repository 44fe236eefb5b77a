"""fix11s (issue 11, user re-test F6): a gold span accepted before any curation counted as
"decided". ana and ben (imported with --analyst) both have QUOTE «…» with SPEAKER → «Tom Brennan»
and CUE «told»; the lead had imported gold without --analyst: the same QUOTE, accepted, with
SPEAKER → «Okafor». `--accept-agreed` treated gold's QUOTE as decided, skipped the analysts' agreed
link, gold kept Okafor, and Brennan/«told» were flagged ⚠ "kept without it" though nobody kept
anything.

The rule: a gold span no curation decision wrote is a pre-existing gold decision. Equal to the
analysts' agreed version (span and links): agreed, nothing to do, no ⚠. Different: a disagreement
between gold and the analysts (undecided, listed, never overwritten by --accept-agreed, A keeps
gold's). Hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = '"Nobody wants to rush this," Tom Brennan told reporters, while Maria Okafor said nothing at all.'
QUOTE = '"Nobody wants to rush this,"'


def span(sid: str, words: str, label: str, layer: str, status: Status = Status.ACCEPTED) -> Span:
    start = TEXT.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=status)


def rel(rid: str, head: str, child: str, label: str) -> Relation:
    return Relation(id=rid, article_id=0, head=head, child=child, label=label)


def analyst_layer(p: str) -> ArticleBundle:
    spans = [span(f"{p}-q", QUOTE, "QUOTE", "quote"), span(f"{p}-s", "Tom Brennan", "SPEAKER", "speaker"),
             span(f"{p}-c", "told", "CUE", "cue"), span(f"{p}-o", "Maria Okafor", "PERSON", "entity")]
    rels = [rel(f"{p}-r1", f"{p}-q", f"{p}-s", "SPEAKER"), rel(f"{p}-r2", f"{p}-q", f"{p}-c", "CUE")]
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=rels)


def make(path: Path, gold: ArticleBundle) -> tuple[Project, int]:
    """The team: gold imported first without --analyst (the lead's own), then ana and ben."""
    project = Project.open(path)
    aid = project.import_bundles([gold]).article_ids[0]
    for name in ("ana", "ben"):
        project.import_bundles([analyst_layer(name[0])], analyst=name)
    return project, aid


def okafor_gold() -> ArticleBundle:
    """Gold's own: the same QUOTE accepted, SPEAKER → «Okafor» (no curation record)."""
    return ArticleBundle(Article(id=None, text=TEXT), spans=[span("g-q", QUOTE, "QUOTE", "quote"),
                                                             span("g-s", "Okafor", "SPEAKER", "speaker")],
                         relations=[rel("g-r", "g-q", "g-s", "SPEAKER")])


def state(project: Project, aid: int) -> curation.ArticleCuration:
    return curation.ArticleCuration(curation.curation_input(project, aid, [i.analyst for i in project.layers()]))


def unit_at(st: curation.ArticleCuration, words: str) -> curation.Unit:
    start = TEXT.index(words)
    return next(u for u in st.alignment.units if (u.start, u.end) == (start, start + len(words)))


def gold_links(project: Project, aid: int) -> list[tuple[str, str, str]]:
    spans = {s.id: s for s in project.spans(aid)}
    return sorted((TEXT[spans[r.head].start:spans[r.head].end][:8], r.label, TEXT[spans[r.child].start:spans[r.child].end])
                  for r in project.relations(aid) if r.status == Status.ACCEPTED
                  and spans[r.head].status == Status.ACCEPTED and spans[r.child].status == Status.ACCEPTED)


def accepted(project: Project, aid: int) -> list[tuple[str, str]]:
    return sorted((s.label, TEXT[s.start:s.end]) for s in project.spans(aid) if s.status == Status.ACCEPTED)


def test_gold_quote_with_another_speaker_is_a_disagreement_not_a_decision(tmp_path: Path) -> None:
    project, aid = make(tmp_path / "t.db", okafor_gold())
    try:
        st = state(project, aid)
        quote = unit_at(st, QUOTE)
        assert quote.agreement == curation.Agreement.AGREED and quote.links_agree  # the analysts agree
        assert not quote.decided  # was KEPT: gold's own span counted as a curation decision
        assert quote.disagreement  # gold against the analysts
        assert quote.gold_differs == ('gold\'s own version from before curation: QUOTE «"Nobody wants to rush this,"» with '
                                      "SPEAKER → «Okafor»; the analysts agree on CUE → «told», SPEAKER → «Tom Brennan»")
        # fix11u (usertest11j F1): gold's own SPEAKER «Okafor», which both analysts left out, is a unit
        # where gold differs too (was: no unit, kept in gold unseen)
        okafor = unit_at(st, "Okafor")
        assert okafor.left_out and okafor.gold_differs == ("gold's own version from before curation: SPEAKER «Okafor»; "
                                                           "the analysts agree nothing is there")
        edit = st.accept_all_agreed(by="lead")
        # fix11u (F7): named as curate counts them, "disagreements where gold differs" (was "1 agreed unit left for you")
        assert edit.description == (
            "Curate: accept all 3 agreed units; 2 disagreements where gold differs left for you (gold held its own version "
            "there before curation: imported as the project's own, not an analyst's, or decided by hand): A keeps gold's, 1…9 an analyst's, "
            "X rejects (Tab)")
        project.apply(edit, by="lead")
        # gold's accepted decision is not overwritten; the agreed speaker and cue are in gold, unflagged
        assert gold_links(project, aid) == [('"Nobody ', "SPEAKER", "Okafor")]
        assert ("SPEAKER", "Tom Brennan") in accepted(project, aid) and ("CUE", "told") in accepted(project, aid)
        st = state(project, aid)
        assert [u for u in st.alignment.units if u.unlinked or u.changed] == []  # no ⚠ "kept without it"
        assert st.alignment.changed_since_decided() == 0
        assert st.alignment.undecided() == 2 and st.alignment.disagreements_left() == 2
        assert not st.alignment.curated
        # the lead takes ana's version: the links follow, gold's own QUOTE is rejected
        edit = st.take(unit_at(st, QUOTE).key, "ana", by="lead")
        project.apply(edit, by="lead")
        assert gold_links(project, aid) == [('"Nobody ', "CUE", "told"), ('"Nobody ', "SPEAKER", "Tom Brennan")]
        st = state(project, aid)
        assert not st.alignment.curated and st.alignment.changed_since_decided() == 0
        # and ana's "nothing" where gold's own SPEAKER «Okafor» is: rejected, article curated
        edit = st.take(unit_at(st, "Okafor").key, "ana", by="lead")
        project.apply(edit, by="lead")
        assert ("SPEAKER", "Okafor") not in accepted(project, aid)
        st = state(project, aid)
        assert st.alignment.curated and st.alignment.changed_since_decided() == 0
        assert edit.description.endswith("(article curated)")
    finally:
        project.close()


def test_a_keeps_gold_own_version_and_only_then_flags_the_speaker(tmp_path: Path) -> None:
    project, aid = make(tmp_path / "t.db", okafor_gold())
    try:
        st = state(project, aid)
        project.apply(st.accept_all_agreed(by="lead"), by="lead")
        st = state(project, aid)
        edit = st.accept_agreed(unit_at(st, QUOTE).key, by="lead")  # A
        assert edit.description.startswith('Curate: keep QUOTE «"Nobody wants to rush this,"» in gold as it is '
                                           "(gold's own version from before curation, not the analysts')")
        project.apply(edit, by="lead")
        st = state(project, aid)
        quote = unit_at(st, QUOTE)
        assert quote.decision == curation.Decision.KEPT and quote.gold_differs == ""
        assert gold_links(project, aid) == [('"Nobody ', "SPEAKER", "Okafor")]
        # now somebody kept the quote without Brennan: that is what the ⚠ is for
        assert unit_at(st, "Tom Brennan").unlinked.startswith("SPEAKER «Tom Brennan» is linked to nothing in gold")
        assert "was kept without it" in unit_at(st, "Tom Brennan").unlinked
    finally:
        project.close()


def test_same_gold_link_as_a_suggestion_still_works(tmp_path: Path) -> None:
    gold = okafor_gold()
    gold = ArticleBundle(gold.article, spans=[dataclass_status(s, Status.SUGGESTED) for s in gold.spans], relations=gold.relations)
    project, aid = make(tmp_path / "t.db", gold)
    try:
        st = state(project, aid)
        assert unit_at(st, QUOTE).gold_differs == "" and not unit_at(st, QUOTE).disagreement
        project.apply(st.accept_all_agreed(by="lead"), by="lead")
        assert gold_links(project, aid) == [('"Nobody ', "CUE", "told"), ('"Nobody ', "SPEAKER", "Tom Brennan")]
        assert state(project, aid).alignment.curated
    finally:
        project.close()


def dataclass_status(s: Span, status: Status) -> Span:
    import dataclasses
    return dataclasses.replace(s, status=status)


def test_gold_equal_to_the_agreed_version_is_agreed_nothing_to_do(tmp_path: Path) -> None:
    """Gold's own QUOTE with the same SPEAKER and CUE, and the same PERSON: nothing to do, no ⚠."""
    gold = ArticleBundle(Article(id=None, text=TEXT), spans=[
        span("g-q", QUOTE, "QUOTE", "quote"), span("g-s", "Tom Brennan", "SPEAKER", "speaker"),
        span("g-c", "told", "CUE", "cue"), span("g-o", "Maria Okafor", "PERSON", "entity")],
        relations=[rel("g-r1", "g-q", "g-s", "SPEAKER"), rel("g-r2", "g-q", "g-c", "CUE")])
    project, aid = make(tmp_path / "t.db", gold)
    try:
        st = state(project, aid)
        assert all(u.decision == curation.Decision.KEPT and not u.gold_differs and not u.changed for u in st.alignment.units)
        assert st.alignment.curated  # every unit decided: Ctrl+Return marks it
        edit = st.accept_all_agreed(by="lead")
        assert edit.description == "Curate: nothing left to decide (every unit is decided): article curated"
    finally:
        project.close()


def test_entity_accepted_by_hand_before_the_team_differs_and_is_left_for_the_lead(tmp_path: Path) -> None:
    """The whole kind: a gold PERSON «Okafor» accepted by hand in the normal window before the
    team was assigned, where both analysts marked PERSON «Maria Okafor»: gold against the analysts."""
    gold = ArticleBundle(Article(id=None, text=TEXT), spans=[span("g-o", "Okafor", "PERSON", "entity")])
    project, aid = make(tmp_path / "t.db", gold)
    try:
        st = state(project, aid)
        person = unit_at(st, "Maria Okafor")
        assert not person.decided and person.disagreement
        assert person.gold_differs == ("gold's own version from before curation: PERSON «Okafor»; the analysts agree on "
                                       "PERSON «Maria Okafor»")
        edit = st.accept_all_agreed(by="lead")
        assert "; 1 disagreement where gold differs left for you (gold held its own version there" in edit.description
        project.apply(edit, by="lead")
        assert ("PERSON", "Okafor") in accepted(project, aid) and ("PERSON", "Maria Okafor") not in accepted(project, aid)
        st = state(project, aid)
        project.apply(st.take(unit_at(st, "Maria Okafor").key, "ben", by="lead"), by="lead")  # 2
        assert ("PERSON", "Maria Okafor") in accepted(project, aid) and ("PERSON", "Okafor") not in accepted(project, aid)
        assert state(project, aid).alignment.curated
    finally:
        project.close()


def test_gold_rejected_span_before_the_team(tmp_path: Path) -> None:
    """Gold rejected PERSON «Maria Okafor» (a machine suggestion rejected by hand) where the
    analysts agree on it: gold against the analysts, not a decision that keeps it out of gold;
    a rejected span the analysts do not agree on there (a LOC) decides nothing about theirs."""
    gold = ArticleBundle(Article(id=None, text=TEXT), spans=[span("g-o", "Maria Okafor", "PERSON", "entity", Status.REJECTED)])
    project, aid = make(tmp_path / "t.db", gold)
    try:
        st = state(project, aid)
        person = unit_at(st, "Maria Okafor")
        assert person.decision == curation.Decision.UNDECIDED and person.disagreement  # was REJECTED: decided
        assert person.gold_differs == ("gold's own version from before curation: rejected PERSON «Maria Okafor»; "
                                       "the analysts agree on PERSON «Maria Okafor»")
        edit = st.accept_agreed(person.key, by="lead")  # A: keeps gold's rejection
        assert edit.description.startswith("Curate: keep gold's rejection of PERSON «Maria Okafor»")
        project.apply(edit, by="lead")
        assert unit_at(state(project, aid), "Maria Okafor").decision == curation.Decision.REJECTED
    finally:
        project.close()
    gold = ArticleBundle(Article(id=None, text=TEXT), spans=[span("g-o", "Maria Okafor", "LOC", "entity", Status.REJECTED)])
    project, aid = make(tmp_path / "u.db", gold)
    try:
        st = state(project, aid)
        person = unit_at(st, "Maria Okafor")
        assert person.decision == curation.Decision.UNDECIDED and not person.disagreement and person.gold_differs == ""
        project.apply(st.accept_all_agreed(by="lead"), by="lead")
        assert ("PERSON", "Maria Okafor") in accepted(project, aid)
        assert state(project, aid).alignment.curated
    finally:
        project.close()


def test_incremental_follow_gives_what_a_fresh_align_gives(tmp_path: Path) -> None:
    """The view follows each edit (with_gold): rejecting gold's own «Okafor» span by hand keeps the
    quote a disagreement, as a fresh align says."""
    project, aid = make(tmp_path / "t.db", okafor_gold())
    try:
        st = state(project, aid)
        edit = st.accept_all_agreed(by="lead")
        project.apply(edit, by="lead")
        st.follow(edit)
        fresh = state(project, aid)
        assert [(u.key, u.decision, u.gold_differs, u.unlinked) for u in st.alignment.units] == \
               [(u.key, u.decision, u.gold_differs, u.unlinked) for u in fresh.alignment.units]
        assert st.alignment.undecided() == fresh.alignment.undecided() == 2  # fix11u: and gold's own SPEAKER «Okafor»
        for key in (unit_at(st, QUOTE).key, unit_at(st, "Okafor").key):
            edit = st.take(key, "ben", by="lead")
            project.apply(edit, by="lead")
            st.follow(edit)
            fresh = state(project, aid)
            assert [(u.key, u.decision, u.gold_differs, u.unlinked) for u in st.alignment.units] == \
                   [(u.key, u.decision, u.gold_differs, u.unlinked) for u in fresh.alignment.units]
        assert st.alignment.curated and fresh.alignment.curated
    finally:
        project.close()


def _suggested_gold() -> ArticleBundle:
    """Gold's QUOTE and SPEAKER «Okafor» and the link between them as machine suggestions."""
    import dataclasses
    gold = okafor_gold()
    return ArticleBundle(gold.article, spans=[dataclasses.replace(s, status=Status.SUGGESTED) for s in gold.spans],
                         relations=[dataclasses.replace(r, status=Status.SUGGESTED) for r in gold.relations])


def test_a_and_ctrl_return_say_the_suggested_gold_link_they_reject(tmp_path: Path) -> None:
    """Cosmetic: keeping the agreed QUOTE rejects gold's suggested QUOTE and with it its suggested
    SPEAKER link to «Okafor» (the kept version lacks it): said as for an accepted link."""
    project, aid = make(tmp_path / "t.db", _suggested_gold())
    try:
        st = state(project, aid)
        edit = st.accept_all_agreed(by="lead")  # Ctrl+Return
        assert edit.description == ("Curate: accept all 4 agreed units; its SPEAKER link to «Okafor» (suggested) rejected "
                                    "in gold (the agreed version has none) (article curated); 1 pending machine suggestion no "
                                    "analyst accepted rejected in gold")  # fix11t: a curated article holds no pending suggestion
        edit = st.accept_agreed(unit_at(st, QUOTE).key, by="lead")  # A
        assert edit.description == ('Curate: keep QUOTE «"Nobody wants to rush this,"» in gold (agreed by all); its SPEAKER '
                                    "link to «Okafor» (suggested) rejected in gold (the agreed version has none)")
        edit = st.take(unit_at(st, QUOTE).key, "ben", by="lead")  # 2
        assert edit.description.endswith("its SPEAKER link to «Okafor» (suggested) rejected in gold (ben's version has none)")
    finally:
        project.close()


def test_single_analyst_article_accept_single_leaves_gold_own_version(tmp_path: Path) -> None:
    """The whole kind in an article given to one analyst: `--accept-single` / S never overwrites
    gold's own PERSON «Okafor» with ana's «Maria Okafor»; it says so and keeps the rest."""
    project = Project.open(tmp_path / "t.db")
    aid = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[span("g-o", "Okafor", "PERSON", "entity")])]).article_ids[0]
    project.import_bundles([analyst_layer("a")], analyst="ana")
    try:
        st = state(project, aid)
        person = unit_at(st, "Maria Okafor")
        assert person.single and not person.decided and person.disagreement
        assert person.gold_differs == "gold's own version from before curation: PERSON «Okafor»; ana's is PERSON «Maria Okafor»"
        edit = curation.keep_single_analyst(st.data, by="lead", alignment=st.alignment)
        assert edit.description == (
            "Curate: keep ana's version of all 3 units only ana was given; 1 disagreement where gold differs left for you "
            "(gold held its own version there before curation: imported as the project's own, not an analyst's, or decided by hand): A keeps "
            "gold's, 1…9 an analyst's, X rejects (Tab)")
        project.apply(edit, by="lead")
        assert ("PERSON", "Okafor") in accepted(project, aid) and ("PERSON", "Maria Okafor") not in accepted(project, aid)
    finally:
        project.close()
