"""fix11k (issue 11 finding 1): two analysts both marked a QUOTE and the QUOTE nested in it
(same label); overlap grouping made ONE "partial" unit of the two agreed quotes, keeping one
rejected the other, the article was marked curated and the nested quote's CUE link was lost.

Exact matches across analysts pair first; an exact unit the analysts share takes no other span of
theirs; overlap groups only what is left. Hand-made text, no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.agreement.matching import overlap_matches
from annotator.domain import curation
from annotator.domain.curation import Agreement, Decision
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = ('Officials warned on Friday "the round was serious and the delegation will answer in kind" before '
        'the meeting ended, and the minister told reporters that "nothing was agreed".')
OUTER = "the round was serious and the delegation will answer in kind"
INNER = "the delegation will answer in kind"  # nested in OUTER, same end


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def span(sid: str, words: str, label: str, layer: str = "quote", *, shift: int = 0) -> Span:
    start, end = at(words)
    return Span(id=sid, article_id=0, start=start + shift, end=end, label=label, layer=layer, status=Status.ACCEPTED)


def bundle(p: str, *, inner: bool = True, outer_shift: int = 0) -> ArticleBundle:
    spans = [span(f"{p}-out", OUTER, "QUOTE", shift=outer_shift), span(f"{p}-cue", "warned", "CUE", "cue")]
    relations = []
    if inner:
        spans.append(span(f"{p}-in", INNER, "QUOTE"))
        relations.append(Relation(id=f"{p}-r", article_id=0, head=f"{p}-in", child=f"{p}-cue", label="CUE"))
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=relations)


def make_project(path: Path, bundles: dict[str, ArticleBundle], gold: list[Span] = ()) -> tuple[Project, int]:
    project = Project.open(path)
    result = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=list(gold))])
    for name, b in bundles.items():
        project.import_bundles([b], analyst=name)
    return project, result.article_ids[0]


def data_of(project: Project, article_id: int) -> curation.CurationInput:
    return curation.curation_input(project, article_id, [info.analyst for info in project.layers()])


def by_text(al: curation.Alignment) -> dict[str, curation.Unit]:
    return {TEXT[u.start:u.end]: u for u in al.units}


def test_nested_same_label_quotes_both_analysts_marked_exactly_are_two_agreed_units(tmp_path: Path) -> None:
    """The reported case: ana and cy agree exactly on both quotes and the CUE link of the inner one;
    keep cy's outer quote (3), then accept all agreed (Ctrl+Return): both quotes in gold, linked."""
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "cy": bundle("c")})
    try:
        al = curation.align(data_of(project, aid))
        units = by_text(al)
        assert set(units) == {OUTER, INNER, "warned"}
        assert [units[OUTER].agreement, units[INNER].agreement, units["warned"].agreement] == [Agreement.AGREED] * 3
        assert len(units[OUTER].versions) == 2 and len(units[INNER].versions) == 2
        assert not units[OUTER].disagreement and not units[INNER].disagreement and units[INNER].links_agree
        assert al.disagreements_left() == 0
        project.apply(curation.take(data_of(project, aid), units[OUTER].key, "cy", by="lead"), by="lead")
        al = curation.align(data_of(project, aid))
        assert by_text(al)[OUTER].decision == Decision.KEPT and by_text(al)[INNER].decision == Decision.UNDECIDED
        assert not al.curated  # the inner quote is not decided: the article is not curated yet
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        gold = {TEXT[s.start:s.end]: s for s in project.spans(aid) if s.status == Status.ACCEPTED and not s.analyst}
        assert set(gold) == {OUTER, INNER, "warned"}
        assert not [s for s in project.spans(aid) if s.status == Status.REJECTED and not s.analyst]
        rels = [r for r in project.relations(aid) if r.status == Status.ACCEPTED]
        assert [(r.head, r.label, r.child) for r in rels] == [(gold[INNER].id, "CUE", gold["warned"].id)]
        al = curation.align(data_of(project, aid))
        assert al.curated and all(u.decision == Decision.KEPT for u in al.units)
    finally:
        project.close()
    # `export --layer gold` holds both quotes and the CUE link of the nested one
    from tests.cli.test_export_uncurated import run
    out = tmp_path / "gold.jsonl"
    assert run("export", tmp_path / "t.db", "--format", "jsonl", "--layer", "gold", "--output", out).exit_code == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    words = sorted((doc["text"][s["start"]:s["end"]], s["label"]) for s in doc["spans"])
    assert words == sorted([(OUTER, "QUOTE"), (INNER, "QUOTE"), ("warned", "CUE")])
    (rel,) = doc["relations"]
    assert (rel["label"], rel["head_span"], rel["child_span"]) == ("CUE", {"start": at(INNER)[0], "end": at(INNER)[1], "label": "QUOTE"},
                                                                {"start": at("warned")[0], "end": at("warned")[1], "label": "CUE"})


def test_keeping_the_outer_quote_never_rejects_the_inner_quotes_gold(tmp_path: Path) -> None:
    """The inner quote kept first; then keeping ana's outer quote leaves the inner gold accepted."""
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "cy": bundle("c")})
    try:
        units = by_text(curation.align(data_of(project, aid)))
        project.apply(curation.accept_agreed(data_of(project, aid), units[INNER].key, by="lead"), by="lead")
        project.apply(curation.take(data_of(project, aid), units[OUTER].key, "ana", by="lead"), by="lead")
        gold = {TEXT[s.start:s.end]: s.status for s in project.spans(aid) if not s.analyst}
        assert gold[INNER] == Status.ACCEPTED and gold[OUTER] == Status.ACCEPTED
        # and rejecting the outer one leaves the inner one kept
        project.apply(curation.reject(data_of(project, aid), units[OUTER].key, by="lead"), by="lead")
        gold = {TEXT[s.start:s.end]: s.status for s in project.spans(aid) if not s.analyst}
        assert gold[INNER] == Status.ACCEPTED and gold[OUTER] == Status.REJECTED
    finally:
        project.close()


def test_a_gold_suggestion_at_the_nested_quote_belongs_to_the_nested_unit(tmp_path: Path) -> None:
    """A pre-annotation QUOTE at the inner quote's place overlaps both units equally: the unit with
    a version exactly there is its home, so keeping the outer quote does not reject it."""
    s, e = at(INNER)
    suggestion = Span(id="g-in", article_id=0, start=s, end=e, label="QUOTE", layer="quote", status=Status.SUGGESTED)
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "cy": bundle("c")}, gold=[suggestion])
    try:
        al = curation.align(data_of(project, aid))
        units = by_text(al)
        assert [TEXT[g.start:g.end] for g in units[INNER].gold] == [INNER] and units[OUTER].gold == ()
        project.apply(curation.take(data_of(project, aid), units[OUTER].key, "cy", by="lead"), by="lead")
        after = by_text(curation.align(data_of(project, aid)))
        assert after[INNER].decision == Decision.UNDECIDED  # the suggestion is not rejected by the outer decision
    finally:
        project.close()


def test_three_analysts_one_missing_the_inner_quote(tmp_path: Path) -> None:
    """ana, ben, cy all marked the outer quote exactly; cy did not mark the inner one: outer agreed,
    inner a disagreement (partial: cy said nothing there)."""
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "ben": bundle("b"), "cy": bundle("c", inner=False)})
    try:
        units = by_text(curation.align(data_of(project, aid)))
        assert units[OUTER].agreement == Agreement.AGREED and not units[OUTER].disagreement
        assert units[INNER].agreement == Agreement.PARTIAL and units[INNER].disagreement
        assert sorted(s.analyst for s in units[INNER].versions) == ["ana", "ben"]
        assert sorted(s.analyst for s in units[OUTER].versions) == ["ana", "ben", "cy"]
    finally:
        project.close()


def test_three_analysts_one_with_a_different_outer_quote(tmp_path: Path) -> None:
    """ana and ben agree on both quotes; cy's outer quote starts 4 code points later: cy's version
    joins the outer unit (partial, three versions); the inner unit all three agree on stays apart."""
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "ben": bundle("b"), "cy": bundle("c", outer_shift=4)})
    try:
        al = curation.align(data_of(project, aid))
        quotes = sorted((u for u in al.units if "QUOTE" in u.labels), key=lambda u: u.start)
        assert len(quotes) == 2
        outer, inner = quotes
        assert outer.agreement == Agreement.PARTIAL and sorted(s.analyst for s in outer.versions) == ["ana", "ben", "cy"]
        assert TEXT[inner.start:inner.end] == INNER and inner.agreement == Agreement.AGREED
    finally:
        project.close()


@pytest.mark.parametrize("who", [("ana", "cy"), ("ana",)])
def test_overlapping_not_nested_same_label_spans_every_analyst_marked_are_separate_units(tmp_path: Path, who) -> None:
    """Two QUOTEs that overlap (neither inside the other), marked exactly by every analyst given
    the article (one analyst alone too: she marked both), are two units."""
    first, second = "the round was serious and the delegation", "the delegation will answer in kind"
    bundles = {a: ArticleBundle(Article(id=None, text=TEXT), spans=[span(f"{a}-1", first, "QUOTE"), span(f"{a}-2", second, "QUOTE")])
               for a in who}
    project, aid = make_project(tmp_path / "t.db", bundles)
    try:
        units = by_text(curation.align(data_of(project, aid)))
        assert set(units) == {first, second}
        want = Agreement.AGREED if len(who) > 1 else Agreement.SINGLE
        assert units[first].agreement == want and units[second].agreement == want
    finally:
        project.close()


def test_different_versions_of_one_place_are_still_one_partial_unit(tmp_path: Path) -> None:
    """Nothing exact to pair: ana's and cy's different extents of one quote are one unit, as before."""
    bundles = {"ana": ArticleBundle(Article(id=None, text=TEXT), spans=[span("a-1", OUTER, "QUOTE")]),
               "cy": ArticleBundle(Article(id=None, text=TEXT), spans=[span("c-1", INNER, "QUOTE")])}
    project, aid = make_project(tmp_path / "t.db", bundles)
    try:
        (unit,) = curation.align(data_of(project, aid)).units
        assert unit.agreement == Agreement.PARTIAL and len(unit.versions) == 2
    finally:
        project.close()


def test_agreement_matching_pairs_exact_spans_first() -> None:
    """Span F1's overlap matching: at equal overlap an exact pair wins over a longer span that
    contains it (corrected: before, input order decided). The PolNeAR figures of docs/agreement.md
    are unaffected (tests/agreement/test_polnear_docs.py)."""
    a = [(0, 100, "QUOTE")]
    b = [(0, 150, "QUOTE"), (0, 100, "QUOTE")]
    assert overlap_matches(a, b) == [(0, 1)]
    # nested quotes both analysts marked: outer with outer, inner with inner (unaffected: this held before)
    nested = [(0, 100, "QUOTE"), (60, 100, "QUOTE")]
    assert overlap_matches(nested, list(nested)) == [(0, 0), (1, 1)]


# ------------------------------------------------------------------ finding 2: links left to nothing

def _told(p: str) -> ArticleBundle:
    spans = [span(f"{p}-q", "nothing was agreed", "QUOTE"), span(f"{p}-cue", "told", "CUE", "cue"),
             span(f"{p}-who", "the minister", "SPEAKER", "speaker")]
    rels = [Relation(id=f"{p}-r1", article_id=0, head=f"{p}-q", child=f"{p}-cue", label="CUE"),
            Relation(id=f"{p}-r2", article_id=0, head=f"{p}-q", child=f"{p}-who", label="SPEAKER")]
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=rels)


def test_rejecting_a_quote_flags_its_cue_and_speaker_left_linked_to_nothing(tmp_path: Path) -> None:
    project, aid = make_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        assert curation.align(data_of(project, aid)).curated
        state = curation.ArticleCuration(data_of(project, aid))
        quote = by_text(state.alignment)["nothing was agreed"]
        stamped = project.apply(state.reject(quote.key, by="lead"), by="lead")
        state.follow(stamped)  # the view's incremental path: the same flags as a fresh alignment
        for al in (state.alignment, curation.align(data_of(project, aid))):
            units = by_text(al)
            assert units["told"].changed == ('CUE «told» is linked to nothing in gold (its QUOTE «nothing was agreed» was '
                                             'rejected): keep it as it is (A) or reject it (X)')
            assert units["the minister"].changed.startswith("SPEAKER «the minister» is linked to nothing in gold")
            assert not units["nothing was agreed"].changed and not al.curated
        assert "(article curated)" not in stamped.description
        # A keeps the CUE as it is (flag cleared); X rejects the speaker: the article is curated again
        state = curation.ArticleCuration(data_of(project, aid))
        project.apply(state.accept_agreed(by_text(state.alignment)["told"].key, by="lead"), by="lead")
        state = curation.ArticleCuration(data_of(project, aid))
        assert not by_text(state.alignment)["told"].changed
        project.apply(state.reject(by_text(state.alignment)["the minister"].key, by="lead"), by="lead")
        al = curation.align(data_of(project, aid))
        assert al.curated
        gold = {TEXT[s.start:s.end]: s.status for s in project.spans(aid) if not s.analyst}
        assert gold == {"told": Status.ACCEPTED, "the minister": Status.REJECTED, "nothing was agreed": Status.REJECTED}
    finally:
        project.close()


def test_a_cue_still_linked_to_a_kept_quote_is_not_flagged(tmp_path: Path) -> None:
    """Only a span whose every gold link went with the rejected span is flagged."""
    project, aid = make_project(tmp_path / "t.db", {"ana": bundle("a"), "cy": bundle("c")})
    try:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        units = by_text(curation.align(data_of(project, aid)))
        project.apply(curation.reject(data_of(project, aid), units[OUTER].key, by="lead"), by="lead")
        al = curation.align(data_of(project, aid))
        assert not any(u.changed for u in al.units) and al.curated  # «warned» still the inner quote's CUE
    finally:
        project.close()


def test_a_cue_kept_before_its_quote_is_flagged_when_the_quote_is_rejected(tmp_path: Path) -> None:
    """usertest11c: the CUE kept first (gold made no link for it: its quote was not in gold yet),
    then the quote rejected: the analysts linked the two, so the CUE is left linked to nothing."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        state = curation.ArticleCuration(data_of(project, aid))
        project.apply(state.accept_agreed(by_text(state.alignment)["told"].key, by="lead"), by="lead")
        state = curation.ArticleCuration(data_of(project, aid))
        stamped = project.apply(state.reject(by_text(state.alignment)["nothing was agreed"].key, by="lead"), by="lead")
        state.follow(stamped)
        for al in (state.alignment, curation.align(data_of(project, aid))):
            units = by_text(al)
            assert units["told"].changed.startswith("CUE «told» is linked to nothing in gold (its QUOTE «nothing was agreed»")
            assert not units["the minister"].changed  # never kept: nothing to flag
            assert not al.curated
        assert "(article curated)" not in stamped.description
    finally:
        project.close()
