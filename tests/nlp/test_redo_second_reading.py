"""Issue 10 (fix10c item 2): `preannotate --redo --model NEW` added a suggested QUOTE 115–290 over
the analyst's accepted QUOTE 120–289. A redo never suggests a span of the same label that
overlaps a span the analyst decided (accepted, rejected or edited) by at least half of the
shorter one, nor the speaker/cue suggested only for it; either order of pipelines."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Status
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
    assert readings_decided(sugs, [(2, 10, "QUOTE")]) == {"q"}  # same label only
    assert readings_decided(sugs, [(0, 10, "QUOTE")]) == set()  # exactly the decided span: storage handles it


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
