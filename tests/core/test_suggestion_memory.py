"""Pre-annotation never brings back what the analyst decided: rejected, moved, relabelled, deleted."""

from __future__ import annotations

from annotator.domain import commands
from annotator.domain.model import Article, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet


def _suggest(project, article_id: int) -> int:
    sset = SuggestionSet(origin="test-rules 1")
    sset.add_span(SuggestedSpan("a", 0, 5, "PERSON", "entity"))
    sset.add_span(SuggestedSpan("b", 12, 17, "GPE", "entity"))
    return project.add_suggestions(article_id, sset)


def _setup(project):
    article, _ = project.add_article(Article(None, "Alice went to Paris today."))
    assert _suggest(project, article.id) == 2
    return article.id


def _ctx(project, article_id):
    return commands.records(project.spans(article_id), project.relations(article_id))


def test_rerun_adds_nothing_new(project) -> None:
    article_id = _setup(project)
    assert _suggest(project, article_id) == 0
    assert len(project.spans(article_id)) == 2


def test_rejected_suggestion_is_not_suggested_again(project) -> None:
    article_id = _setup(project)
    alice = project.spans(article_id)[0]
    project.apply(commands.reject(_ctx(project, article_id), alice), by="ana")
    _suggest(project, article_id)
    spans = project.spans(article_id)
    assert [(s.start, s.label, s.status) for s in spans if s.label == "PERSON"] == [(0, "PERSON", Status.REJECTED)]


def test_resized_suggestion_is_not_suggested_again(project) -> None:
    article_id = _setup(project)
    alice = project.spans(article_id)[0]
    project.apply(commands.resize(_ctx(project, article_id), alice, 0, 4), by="ana")
    _suggest(project, article_id)
    assert [(s.start, s.end) for s in project.spans(article_id) if s.label == "PERSON"] == [(0, 4)]


def test_deleted_accepted_span_is_not_suggested_again(project) -> None:
    article_id = _setup(project)
    paris = next(s for s in project.spans(article_id) if s.label == "GPE")
    stored = project.apply(commands.accept(_ctx(project, article_id), paris), by="ana")
    project.apply(commands.delete_span(_ctx(project, article_id), stored.changes[0].after), by="ana")
    _suggest(project, article_id)
    assert [s.label for s in project.spans(article_id)] == ["PERSON"]


def test_undo_restores_exactly_what_was_written(project) -> None:
    article_id = _setup(project)
    alice = project.spans(article_id)[0]
    stored = project.apply(commands.accept(_ctx(project, article_id), alice), by="ana")
    assert project.spans(article_id)[0].status == Status.ACCEPTED
    project.undo(stored, by="ana")
    assert project.spans(article_id)[0] == alice
    project.redo(stored, by="ana")
    assert project.spans(article_id)[0] == stored.changes[0].after


def test_apply_stamps_only_the_fields_a_record_has(project) -> None:
    # Regression: stamping `updated` on a Tag (which has none) made every tag-adding edit fail.
    article_id = _setup(project)
    stored = project.apply(commands.add_tag(article_id=article_id, tag="energy"), by="ana")
    tag = stored.changes[0].after
    assert tag.by == "ana" and tag.created
    assert [t.tag for t in project.tags(article_id)] == ["energy"]
