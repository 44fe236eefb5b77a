"""Issue 10 (fix10c item 2): `preannotate --redo --model NEW` added a suggested QUOTE 115–290 over
the analyst's accepted QUOTE 120–289. A redo never suggests a span of the same label that
overlaps a span the analyst decided (accepted, rejected or edited) by at least half of the
shorter one, nor the speaker/cue suggested only for it; either order of pipelines."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet, readings_decided, same_reading
from annotator.nlp.runner import preannotate
from annotator.storage.project import Project

TEXT = ("x" * 100 + " Ms Lee said ") + "y" * 190 + " and z. " + "Paris and Rome."  # QUOTE ranges in the 100s, as in r.db
PARIS = TEXT.index("Paris")
SAID = TEXT.index("said")

# (quote range, entity range, speaker range) of the two pipelines: overlapping readings
READINGS = {
    "a": ((120, 289), (PARIS, PARIS + 5), (101, 107)),
    "b": ((115, 290), (PARIS, PARIS + 15), (98, 107)),
}


def _fake(kind: str):  # noqa: ANN202 - a SuggestFn
    quote, ent, speaker = READINGS[kind]

    def suggest(doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:  # noqa: ANN001, ARG001
        out = SuggestionSet(f"pipeline {kind} + rules 9")
        q = out.add_span(SuggestedSpan("q", *quote, "QUOTE", "quote"))
        s = out.add_span(SuggestedSpan("s", *speaker, "SPEAKER", "speaker"))
        c = out.add_span(SuggestedSpan("c", SAID, SAID + 4, "CUE", "cue"))
        out.link(q, s, "SPEAKER")
        out.link(q, c, "CUE")
        out.add_span(SuggestedSpan("e", *ent, "GPE", "entity"))
        return out

    return suggest


def _run(project: Project, kind: str, *, redo: bool) -> None:
    assert not preannotate(project, pipeline="rule-only", rules=_fake(kind), redo=redo).failed


def _decide(project: Project, article_id: int, label: str, how: str) -> None:
    view = commands.records(project.spans(article_id), project.relations(article_id), project.stances(article_id))
    span = next(s for s in project.spans(article_id) if s.label == label)
    edit = commands.accept(view, span) if how == "accept" else commands.reject(view, span)
    project.apply(edit, by="ana")


@pytest.mark.parametrize("first, second", [("a", "b"), ("b", "a")])
@pytest.mark.parametrize("how", ["accept", "reject"])
def test_a_redo_with_another_pipeline_adds_no_second_reading_beside_a_decided_span(tmp_path, first, second, how) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"))])
        (aid,) = project.article_ids()
        _run(project, first, redo=False)
        _decide(project, aid, "QUOTE", how)
        _decide(project, aid, "GPE", how)
        _run(project, second, redo=True)
        spans = project.spans(aid)
        quotes = sorted((s.start, s.end, str(s.status)) for s in spans if s.label == "QUOTE")
        ents = sorted((s.start, s.end, str(s.status)) for s in spans if s.label == "GPE")
        decided = "accepted" if how == "accept" else "rejected"
        assert quotes == [(*READINGS[first][0], decided)]  # not also the other pipeline's reading
        assert ents == [(*READINGS[first][1], decided)]
        if how == "reject":
            # the other pipeline's speaker suggested only for its skipped quote is not left alone
            other_speaker = READINGS[second][2]
            assert all((s.start, s.end) != other_speaker for s in spans if s.label == "SPEAKER")


def test_a_redo_still_suggests_what_does_not_overlap_a_decision(tmp_path) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"))])
        (aid,) = project.article_ids()
        _run(project, "a", redo=False)
        _decide(project, aid, "GPE", "accept")  # only the entity decided
        _run(project, "b", redo=True)
        quotes = [(s.start, s.end, s.status) for s in project.spans(aid) if s.label == "QUOTE"]
        assert quotes == [(115, 290, Status.SUGGESTED)]  # the undecided quote is replaced as before


def test_same_reading_is_half_of_the_shorter_span() -> None:
    assert same_reading((120, 289), (115, 290))
    assert same_reading((0, 10), (5, 100))  # 5 of the shorter 10
    assert not same_reading((0, 10), (6, 100))  # 4 of 10
    assert not same_reading((0, 10), (10, 20))  # touching, half-open
    assert not same_reading((5, 5), (0, 10))
    sugs = SuggestionSet("o", [SuggestedSpan("q", 0, 10, "QUOTE", "quote"), SuggestedSpan("p", 0, 10, "PERSON", "entity")])
    assert readings_decided(sugs, [(2, 10, "QUOTE", "quote")]) == {"q"}  # same kind only
    assert readings_decided(sugs, [(0, 10, "QUOTE", "quote")]) == set()  # exactly the decided span: storage handles it
    # any entity label over a decided entity is a second reading (issue 10 finding 1), exact words included
    assert readings_decided(sugs, [(0, 10, "ORG", "entity")]) == {"p"}
    assert readings_decided(sugs, [(0, 10, "PERSON", "entity")]) == set()
    assert readings_decided(sugs, [(0, 10, "SPEAKER", "speaker")]) == set()  # a speaker is not an entity reading
    # a label of the "other" layer is a kind of its own
    other = SuggestionSet("o", [SuggestedSpan("t", 0, 10, "TOPIC", "other")])
    assert readings_decided(other, [(0, 10, "THEME", "other")]) == set()
    assert readings_decided(other, [(0, 8, "TOPIC", "other")]) == {"t"}


@pytest.mark.parametrize("kind", ["a", "b"])
def test_a_second_reading_stored_before_is_withdrawn_by_the_redo(tmp_path, kind) -> None:  # noqa: ANN001
    """r.db as the user test left it: the accepted QUOTE 120–289 and, beside it, the suggested
    QUOTE 115–290 an earlier redo stored. The redo that makes that reading again withdraws it."""
    from annotator.domain.model import Span

    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"), spans=[
            Span("acc", 0, 120, 289, "QUOTE", "quote", status=Status.ACCEPTED),
            Span("sug", 0, 115, 290, "QUOTE", "quote", status=Status.SUGGESTED, origin="pipeline b + rules 9")])])
        (aid,) = project.article_ids()
        _run(project, "b", redo=False)
        _run(project, kind, redo=True)
        quotes = sorted((s.start, s.end, str(s.status)) for s in project.spans(aid) if s.label == "QUOTE")
        assert quotes == [(120, 289, "accepted")]


# Issue 10 finding 1 (fix10d item 1): a pipeline that reads the same words as another entity label
ENTITY_READINGS = {
    "person": [("PERSON", PARIS, PARIS + 5), ("PERSON", PARIS, PARIS + 15)],
    "org": [("ORG", PARIS, PARIS + 5), ("ORG", PARIS + 2, PARIS + 15)],  # exactly, and largely, the same words
}


def _entities(kind: str):  # noqa: ANN202 - a SuggestFn
    def suggest(doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:  # noqa: ANN001, ARG001
        out = SuggestionSet(f"pipeline {kind}")
        for k, (label, start, end) in enumerate(ENTITY_READINGS[kind]):
            out.add_span(SuggestedSpan(f"e{k}", start, end, label, "entity"))
        return out

    return suggest


@pytest.mark.parametrize("first, second", [("person", "org"), ("org", "person")])
@pytest.mark.parametrize("how", ["accept", "reject"])
def test_a_redo_adds_no_entity_of_another_label_over_a_decided_entity(tmp_path, first, second, how) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"))])
        (aid,) = project.article_ids()
        assert not preannotate(project, pipeline="rule-only", rules=_entities(first)).failed
        view = commands.records(project.spans(aid), project.relations(aid), project.stances(aid))
        for span in project.spans(aid):
            project.apply(commands.accept(view, span) if how == "accept" else commands.reject(view, span), by="ana")
        assert not preannotate(project, pipeline="rule-only", rules=_entities(second), redo=True).failed
        got = sorted((s.label, s.start, s.end, str(s.status)) for s in project.spans(aid))
        decided = "accepted" if how == "accept" else "rejected"
        assert got == sorted((label, start, end, decided) for label, start, end in ENTITY_READINGS[first])


def test_a_redo_still_suggests_an_entity_beside_one_it_does_not_overlap_by_half(tmp_path) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, TEXT, title="one"), spans=[
            Span("acc", 0, PARIS, PARIS + 5, "PERSON", "entity", status=Status.ACCEPTED)])])
        (aid,) = project.article_ids()

        def suggest(doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:  # noqa: ANN001, ARG001
            # ORG "s and Rome" shares 1 of the 5 characters of the accepted "Paris"; GPE "Rome" none
            return SuggestionSet("p", [SuggestedSpan("a", PARIS + 4, PARIS + 15, "ORG", "entity"),
                                       SuggestedSpan("b", PARIS + 10, PARIS + 14, "GPE", "entity")])

        assert not preannotate(project, pipeline="rule-only", rules=suggest).failed
        got = sorted((s.label, s.start, s.end, str(s.status)) for s in project.spans(aid))
        # ORG shares 1 character of the 5 of "Paris" (< half): still suggested; GPE "Rome" overlaps nothing
        assert got == [("GPE", PARIS + 10, PARIS + 14, "suggested"), ("ORG", PARIS + 4, PARIS + 15, "suggested"),
                       ("PERSON", PARIS, PARIS + 5, "accepted")]


@pytest.mark.parametrize("redo", [False, True])
def test_an_old_suggestion_inside_the_analysts_own_span_goes_when_the_run_would_not_store_it(tmp_path, redo) -> None:  # noqa: ANN001
    """Issue 10 finding 9 (redo/e.db): an imported, undecided QUOTE 717–733 (another pipeline's)
    inside the analyst's own accepted QUOTE 707–733, its speaker and cue; a run whose pipeline
    makes that quote again leaves what a fresh run leaves: the analyst's quote, no second one."""
    text = "y" * 706 + " Lee said to root for Iowa." + " z" * 10
    said = text.index("said")
    with Project.open(tmp_path / "r.db") as project:
        project.import_bundles([ArticleBundle(Article(None, text, title="one"), spans=[
            Span("own", 0, 707, 733, "QUOTE", "quote", status=Status.ACCEPTED, by="ut"),
            Span("old", 0, 717, 733, "QUOTE", "quote", status=Status.SUGGESTED, origin="old pipeline"),
            Span("spk", 0, 707, 710, "SPEAKER", "speaker", status=Status.SUGGESTED, origin="old pipeline"),
            Span("cue", 0, said, said + 4, "CUE", "cue", status=Status.SUGGESTED, origin="old pipeline")],
            relations=[Relation("r1", 0, "old", "spk", "SPEAKER", status=Status.SUGGESTED, origin="old pipeline"),
                       Relation("r2", 0, "old", "cue", "CUE", status=Status.SUGGESTED, origin="old pipeline")])])
        (aid,) = project.article_ids()

        def suggest(doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:  # noqa: ANN001, ARG001
            out = SuggestionSet("new pipeline")
            q = out.add_span(SuggestedSpan("q", 717, 733, "QUOTE", "quote"))
            out.link(q, out.add_span(SuggestedSpan("s", 707, 710, "SPEAKER", "speaker")), "SPEAKER")
            out.link(q, out.add_span(SuggestedSpan("c", said, said + 4, "CUE", "cue")), "CUE")
            return out

        assert not preannotate(project, pipeline="rule-only", rules=suggest, redo=redo).failed
        got = sorted((s.label, s.start, s.end, str(s.status)) for s in project.spans(aid))
        assert got == [("QUOTE", 707, 733, "accepted")]
        assert project.relations(aid) == []
