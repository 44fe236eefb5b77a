"""Each command against a real project file: apply → assert → undo → assert → redo."""

from __future__ import annotations

import pytest

from annotator.domain import commands
from annotator.domain.errors import EditConflict
from annotator.domain.model import Article, ArticleStatus, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

TEXT = "Foreign Minister Sergei Lavrov said on Monday that the 😄 talks were useful."


@pytest.fixture
def setup(project):
    article, _ = project.add_article(Article(id=None, text=TEXT))
    sugg = SuggestionSet(origin="test")
    sugg.add_span(SuggestedSpan("p", TEXT.index("Sergei"), TEXT.index(" said"), "PERSON", "entity"))
    sugg.add_span(SuggestedSpan("d", TEXT.index("Monday"), TEXT.index("Monday") + 6, "MISC", "entity"))
    project.add_suggestions(article.id, sugg)
    return project, article


def _ctx(project, article_id):
    """The article's records as stored: the context every span command is built on."""
    return commands.records(project.spans(article_id), project.relations(article_id))


def _roundtrip(project, edit, check_after, check_before):
    stamped = project.apply(edit, by="ana")
    check_after()
    project.apply(stamped.inverse(), by="ana")
    check_before()
    project.apply(stamped, by="ana")
    check_after()
    return stamped


def _by_label(project, article_id, label):
    return next(s for s in project.spans(article_id) if s.label == label)


def test_accept(setup) -> None:
    project, article = setup
    span = _by_label(project, article.id, "PERSON")
    _roundtrip(
        project, commands.accept(_ctx(project, article.id), span),
        lambda: _by_label(project, article.id, "PERSON").status == Status.ACCEPTED or pytest.fail("not accepted"),
        lambda: _by_label(project, article.id, "PERSON").status == Status.SUGGESTED or pytest.fail("not restored"),
    )
    assert _by_label(project, article.id, "PERSON").by == "ana"


def test_reject_and_delete_suggestion_is_reject(setup) -> None:
    project, article = setup
    span = _by_label(project, article.id, "MISC")
    edit = commands.delete_span(_ctx(project, article.id), span)
    assert edit.changes[0].after.status == Status.REJECTED
    project.apply(edit)
    assert _by_label(project, article.id, "MISC").status == Status.REJECTED


def test_accept_all_is_one_edit(setup) -> None:
    project, article = setup
    edit = commands.accept_all(_ctx(project, article.id))
    assert len(edit.changes) == 2
    stamped = project.apply(edit)
    assert all(s.status == Status.ACCEPTED for s in project.spans(article.id))
    project.apply(stamped.inverse())
    assert all(s.status == Status.SUGGESTED for s in project.spans(article.id))


def test_accept_all_leaves_what_it_is_told_to_leave(setup) -> None:
    """ui10k: the window leaves the suggestions a View filter hides pending."""
    project, article = setup
    spans = project.spans(article.id)
    left = spans[0].id
    edit = commands.accept_all(_ctx(project, article.id), leave=lambda s: s.id == left)
    assert [c.after.id for c in edit.changes] == [s.id for s in spans if s.id != left]
    project.apply(edit)
    assert {s.id: s.status for s in project.spans(article.id)} == {s.id: Status.SUGGESTED if s.id == left else Status.ACCEPTED for s in spans}
    assert not commands.accept_all(_ctx(project, article.id), leave=lambda s: True)  # all left: an empty edit


def test_add_and_resize_and_relabel(setup) -> None:
    project, article = setup
    start = TEXT.index("😄")
    stamped = project.apply(commands.add_span(_ctx(project, article.id), article_id=article.id, start=start, end=start + 1, label="MISC", layer="entity"))
    span = stamped.changes[0].after
    assert project.find(Span, span.id).text_in(TEXT) == "😄"
    resized = project.apply(commands.resize(_ctx(project, article.id), span, start, start + 7))
    assert project.find(Span, span.id).text_in(TEXT) == "😄 talks"
    project.apply(resized.inverse())
    assert project.find(Span, span.id).end == start + 1
    project.apply(commands.relabel(_ctx(project, article.id), project.find(Span, span.id), "ORG", "entity"))
    assert project.find(Span, span.id).label == "ORG"


def test_set_attrs(setup) -> None:
    project, article = setup
    span = _by_label(project, article.id, "PERSON")
    stamped = project.apply(commands.set_attrs(span, {"note": "check spelling"}))
    assert project.find(Span, span.id).attrs == {"note": "check spelling"}
    project.apply(stamped.inverse())
    assert project.find(Span, span.id).attrs == {}


def test_article_status(setup) -> None:
    project, article = setup
    stamped = project.apply(commands.set_article_status(project.article(article.id), ArticleStatus.DONE))
    assert project.article(article.id).status == ArticleStatus.DONE
    project.apply(stamped.inverse())
    assert project.article(article.id).status == ArticleStatus.NEW


def test_stale_undo_is_refused(setup) -> None:
    project, article = setup
    span = _by_label(project, article.id, "PERSON")
    first = project.apply(commands.accept(_ctx(project, article.id), span))
    project.apply(commands.relabel(_ctx(project, article.id), project.find(Span, span.id), "ORG", "entity"))
    with pytest.raises(EditConflict):
        project.apply(first.inverse())


@pytest.mark.parametrize(("new_label", "kept_as"), [("CLAIM", "CLAIMANT"), ("MISC", None)])
def test_relabel_turns_speaker_links_into_the_new_labels_counterpart(setup, new_label, kept_as) -> None:
    """User-test finding 10: QUOTE→CLAIM keeps SPEAKER links the schema does not allow on a CLAIM.
    A relabel turns SPEAKER into CLAIMANT (same child) or deletes it where the label has none;
    undo restores the SPEAKER link."""
    project, article = setup
    quote = project.apply(commands.add_span(_ctx(project, article.id), article_id=article.id,
                                            start=TEXT.index("the 😄"), end=len(TEXT) - 1, label="QUOTE", layer="quote")).changes[0].after
    person = _by_label(project, article.id, "PERSON")
    project.apply(commands.add_relation(_ctx(project, article.id), head=quote, child=person, label="SPEAKER"))
    stamped = project.apply(commands.relabel(_ctx(project, article.id), project.find(Span, quote.id), new_label, "quote"))
    links = [(r.head, r.child, r.label) for r in project.relations(article.id)]
    assert links == ([(quote.id, person.id, kept_as)] if kept_as else [])
    project.apply(stamped.inverse())
    assert [(r.head, r.child, r.label) for r in project.relations(article.id)] == [(quote.id, person.id, "SPEAKER")]


def test_relabel_of_a_quote_to_a_claim_drops_its_cue_link_and_undo_brings_it_back(setup) -> None:
    """A CLAIM has no CUE in the schema: QUOTE→CLAIM turns SPEAKER into CLAIMANT and deletes the
    CUE link (the cue span stays), in the same logged edit; undo restores both."""
    project, article = setup
    ctx = lambda: _ctx(project, article.id)  # noqa: E731
    quote = project.apply(commands.add_span(ctx(), article_id=article.id, start=TEXT.index("the 😄"), end=len(TEXT) - 1,
                                            label="QUOTE", layer="quote")).changes[0].after
    cue = project.apply(commands.add_span(ctx(), article_id=article.id, start=TEXT.index("said"), end=TEXT.index("said") + 4,
                                          label="CUE", layer="cue")).changes[0].after
    person = _by_label(project, article.id, "PERSON")
    project.apply(commands.add_relation(ctx(), head=quote, child=person, label="SPEAKER"))
    project.apply(commands.add_relation(ctx(), head=quote, child=cue, label="CUE"))
    stamped = project.apply(commands.relabel(ctx(), project.find(Span, quote.id), "CLAIM", "claim"))
    assert [(r.child, r.label) for r in project.relations(article.id)] == [(person.id, "CLAIMANT")]
    assert project.find(Span, cue.id) is not None
    assert any(r["kind"] == "relation" and r["after"] is None for r in project.history(article_id=article.id))
    project.apply(stamped.inverse())
    assert sorted((r.child, r.label) for r in project.relations(article.id)) == sorted([(person.id, "SPEAKER"), (cue.id, "CUE")])


def test_accept_all_and_set_status_count_an_interrupted_quote_once(project) -> None:
    """usertest10g finding 6: the window said "Accepted 2 suggestions" (a quote in two pieces and a
    person) but undo said "Accept all 3": the description counts attributions, as the window does."""
    text = '"We will," Ann Holt said, "win."'
    article, _ = project.add_article(Article(id=None, text=text))
    sugg = SuggestionSet(origin="test")
    first = sugg.add_span(SuggestedSpan("q1", 1, 8, "QUOTE", "quote"))
    second = sugg.add_span(SuggestedSpan("q2", text.index("win"), text.index("win") + 4, "QUOTE", "quote"))
    sugg.add_span(SuggestedSpan("p", text.index("Ann"), text.index(" said"), "PERSON", "entity"))
    sugg.link(first, second, "FRAGMENT")
    project.add_suggestions(article.id, sugg)
    ctx = _ctx(project, article.id)
    assert len(commands.fragment_pieces(ctx, project.spans(article.id)[0])) == 2  # the quote is one attribution
    edit = commands.accept_all(ctx)
    assert sum(isinstance(c.after, Span) for c in edit.changes) == 3 and edit.description == "Accept all 2 suggestions"
    quote = [s for s in project.spans(article.id) if s.label == "QUOTE"]
    assert commands.accept_all(ctx, leave=lambda s: s.label == "PERSON").description == "Accept the 1 suggestion"
    assert commands.set_status(ctx, quote, Status.REJECTED).description == "Reject QUOTE (2 pieces)"
    assert commands.set_status(ctx, project.spans(article.id), Status.REJECTED).description == "Reject 2 spans"
