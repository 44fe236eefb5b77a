"""Stances as (holder, target, polarity, evidence): the stance commands and how a stance follows
its evidence and holder span through every span command, its undo and redo, and import
(:mod:`annotator.domain.stance_rule`). Each against a real project file."""

from __future__ import annotations

import dataclasses

import pytest

from annotator.domain import commands, stance_rule
from annotator.domain.edits import Change, Edit
from annotator.domain.errors import EditConflict, InputError
from annotator.domain.model import Article, ArticleBundle, Span, Stance, Status

TEXT = "Sergei Lavrov said the talks were useful. Critics said the talks were a farce."
QUOTE_AT = (TEXT.index("the talks"), TEXT.index("useful") + 6)


def ctx(project, article_id):
    return commands.records(project.spans(article_id), project.relations(article_id), project.stances(article_id))


def span(project, article_id, label, start, end, layer, status=Status.ACCEPTED) -> Span:
    made = project.apply(commands.add_span(ctx(project, article_id), article_id=article_id, start=start, end=end, label=label, layer=layer))
    new = next(c.after for c in made.changes if isinstance(c.after, Span))
    if status != Status.ACCEPTED:
        project.apply(commands.set_status(ctx(project, article_id), [new], status))
    return next(s for s in project.spans(article_id) if s.id == new.id)


@pytest.fixture
def quoted(project):
    """An article with SPEAKER "Sergei Lavrov", QUOTE "the talks were useful" and a stance
    Lavrov — favor → "Geneva talks" resting on the quote."""
    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    speaker = span(project, aid, "SPEAKER", 0, 13, "speaker")
    quote = span(project, aid, "QUOTE", *QUOTE_AT, "quote")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id,
                                      target="Geneva talks", polarity="favor", evidence=quote.id, by="ana"), by="ana")
    [stance] = project.stances(aid)
    return project, aid, speaker, quote, stance


def roundtrip(project, aid, edit, after, before):
    """Apply, check; undo, check; redo, check — and the rule holds at each step."""
    stamped = project.apply(edit, by="ana")
    after()
    assert stance_rule.problems(project.spans(aid), project.stances(aid)) == []
    project.undo(stamped)
    before()
    assert stance_rule.problems(project.spans(aid), project.stances(aid)) == []
    project.redo(stamped)
    after()
    return stamped


def test_add_stance_stores_holder_span_and_evidence(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    assert (stance.holder, stance.holder_span, stance.target, stance.polarity, stance.evidence, stance.status) == (
        "Sergei Lavrov", speaker.id, "Geneva talks", "favor", quote.id, Status.ACCEPTED)
    assert stance.origin == "analyst:ana"


def test_the_same_stance_again_is_an_empty_edit_and_another_polarity_updates_it(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    same = dict(article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id, target="Geneva talks", evidence=quote.id)
    assert not commands.add_stance(ctx(project, aid), polarity="favor", **same)
    edit = commands.add_stance(ctx(project, aid), polarity="against", **same)
    assert len(edit.changes) == 1
    roundtrip(project, aid, edit,
              lambda: [(s.id, s.polarity) for s in project.stances(aid)] == [(stance.id, "against")] or pytest.fail("not updated"),
              lambda: [(s.id, s.polarity) for s in project.stances(aid)] == [(stance.id, "favor")] or pytest.fail("not restored"))


def test_set_stance_changes_polarity_and_target_in_one_edit(quoted) -> None:
    project, aid, _, _, stance = quoted
    edit = commands.set_stance(ctx(project, aid), stance, polarity="neutral", target="sanctions")
    assert len(edit.changes) == 1
    roundtrip(project, aid, edit,
              lambda: [(s.polarity, s.target) for s in project.stances(aid)] == [("neutral", "sanctions")] or pytest.fail("not set"),
              lambda: [(s.polarity, s.target) for s in project.stances(aid)] == [("favor", "Geneva talks")] or pytest.fail("not restored"))


def test_set_stance_onto_an_identical_one_merges_them(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id,
                                      target="sanctions", polarity="against", evidence=quote.id))
    other = next(s for s in project.stances(aid) if s.target == "sanctions")
    edit = commands.set_stance(ctx(project, aid), other, target="Geneva talks")
    roundtrip(project, aid, edit,
              lambda: [(s.id, s.target, s.polarity) for s in project.stances(aid)] == [(other.id, "Geneva talks", "against")] or pytest.fail("not merged"),
              lambda: len(project.stances(aid)) == 2 or pytest.fail("not restored"))


@pytest.mark.parametrize("bad", ["holder_span", "evidence"])
def test_a_span_of_another_article_or_none_is_refused(quoted, bad) -> None:
    project, aid, speaker, quote, _ = quoted
    other, _ = project.add_article(Article(id=None, text="Another text, said someone."))
    elsewhere = span(project, other.id, "QUOTE", 0, 12, "quote")
    ends = {"holder_span": speaker.id, "evidence": quote.id, bad: elsewhere.id}
    with pytest.raises(stance_rule.StanceError, match="not a span of this article"):
        commands.add_stance(ctx(project, aid), article_id=aid, holder="Lavrov", target="x", polarity="favor", **ends)


def test_evidence_must_be_a_quote_or_claim(quoted) -> None:
    project, aid, speaker, _, _ = quoted
    with pytest.raises(stance_rule.StanceError, match="quote or a claim"):
        commands.add_stance(ctx(project, aid), article_id=aid, holder="Lavrov", target="x", polarity="favor", evidence=speaker.id)


def test_a_stance_on_a_claim_is_kept(project) -> None:
    article, _ = project.add_article(Article(id=None, text=TEXT))
    claim = span(project, article.id, "CLAIM", *QUOTE_AT, "claim")
    project.apply(commands.add_stance(ctx(project, article.id), article_id=article.id, holder="Critics", target="talks",
                                      polarity="against", evidence=claim.id))
    assert [s.evidence for s in project.stances(article.id)] == [claim.id]


def test_deleting_the_evidence_deletes_the_stance_in_the_same_edit_logged(quoted) -> None:
    project, aid, _, quote, stance = quoted
    edit = commands.delete_span(ctx(project, aid), quote)
    assert [type(c.record).__name__ for c in edit.changes] == ["Stance", "Span"]
    roundtrip(project, aid, edit,
              lambda: project.stances(aid) == [] or pytest.fail("stance left orphan"),
              lambda: [s.id for s in project.stances(aid)] == [stance.id] or pytest.fail("not restored"))
    logged = project.history(record_id=stance.id)
    assert any(row["after"] is None or row["after"] == "null" for row in logged)


def test_rejecting_the_evidence_rejects_the_stance_and_accepting_it_again_revives_it(project) -> None:
    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    quote = span(project, aid, "QUOTE", *QUOTE_AT, "quote", status=Status.SUGGESTED)
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Lavrov", target="talks", polarity="favor", evidence=quote.id))
    quote = next(s for s in project.spans(aid) if s.id == quote.id)
    roundtrip(project, aid, commands.reject(ctx(project, aid), quote),
              lambda: project.stances(aid)[0].status == Status.REJECTED or pytest.fail("not rejected"),
              lambda: project.stances(aid)[0].status == Status.ACCEPTED or pytest.fail("not restored"))
    quote = next(s for s in project.spans(aid) if s.id == quote.id)
    project.apply(commands.accept(ctx(project, aid), quote))
    assert project.stances(aid)[0].status == Status.ACCEPTED


def test_accepting_the_evidence_accepts_a_suggested_stance(project) -> None:
    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    quote = span(project, aid, "QUOTE", *QUOTE_AT, "quote", status=Status.SUGGESTED)
    suggested = Stance(id="st1", article_id=aid, holder="Lavrov", target="talks", polarity="favor", status=Status.SUGGESTED, evidence=quote.id)
    project.apply(Edit("machine stance", (Change(None, suggested),)))
    project.apply(commands.accept(ctx(project, aid), quote))
    assert project.stances(aid)[0].status == Status.ACCEPTED


def test_a_stance_on_a_rejected_quote_accepts_the_quote(project) -> None:
    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    quote = span(project, aid, "QUOTE", *QUOTE_AT, "quote", status=Status.REJECTED)
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Lavrov", target="talks", polarity="favor", evidence=quote.id))
    assert [s.status for s in project.spans(aid)] == [Status.ACCEPTED]
    assert project.stances(aid)[0].status == Status.ACCEPTED


def test_deleting_the_holder_span_keeps_the_holders_name(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    roundtrip(project, aid, commands.delete_span(ctx(project, aid), speaker),
              lambda: [(s.holder, s.holder_span, s.evidence) for s in project.stances(aid)] == [("Sergei Lavrov", "", quote.id)] or pytest.fail("holder lost"),
              lambda: project.stances(aid)[0].holder_span == speaker.id or pytest.fail("not restored"))


def test_rejecting_the_holder_span_keeps_the_holders_name(project) -> None:
    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    person = span(project, aid, "PERSON", 0, 13, "entity", status=Status.SUGGESTED)
    quote = span(project, aid, "QUOTE", *QUOTE_AT, "quote")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=person.id,
                                      target="talks", polarity="favor", evidence=quote.id))
    roundtrip(project, aid, commands.delete_span(ctx(project, aid), person),  # a suggestion: rejected
              lambda: [(s.holder, s.holder_span, s.status) for s in project.stances(aid)] == [("Sergei Lavrov", "", Status.ACCEPTED)] or pytest.fail("wrong"),
              lambda: project.stances(aid)[0].holder_span == person.id or pytest.fail("not restored"))


def test_resizing_the_evidence_keeps_the_stance(quoted) -> None:
    project, aid, _, quote, stance = quoted
    stamped = project.apply(commands.resize(ctx(project, aid), quote, quote.start, quote.end - 1))
    assert [c.record.id for c in stamped.changes] == [quote.id]
    assert project.stances(aid)[0].evidence == quote.id


def test_relabelling_the_quote_to_an_entity_makes_the_stance_article_level(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    roundtrip(project, aid, commands.relabel(ctx(project, aid), quote, "EVENT", "entity"),
              lambda: [(s.id, s.evidence, s.holder_span, s.polarity) for s in project.stances(aid)] == [(stance.id, "", speaker.id, "favor")] or pytest.fail("wrong"),
              lambda: project.stances(aid)[0].evidence == quote.id or pytest.fail("not restored"))


def test_relabelling_a_quote_as_claim_keeps_the_evidence(quoted) -> None:
    project, aid, _, quote, _ = quoted
    project.apply(commands.relabel(ctx(project, aid), quote, "CLAIM", "claim"))
    assert project.stances(aid)[0].evidence == quote.id


def test_merging_the_evidence_into_another_quote_repoints_the_stance(quoted) -> None:
    project, aid, _, quote, stance = quoted
    wider = span(project, aid, "QUOTE", QUOTE_AT[0], QUOTE_AT[1] + 1, "quote")
    roundtrip(project, aid, commands.resize(ctx(project, aid), quote, wider.start, wider.end),
              lambda: [(s.id, s.evidence) for s in project.stances(aid)] == [(stance.id, wider.id)] or pytest.fail("not re-pointed"),
              lambda: project.stances(aid)[0].evidence == quote.id or pytest.fail("not restored"))


def test_merging_two_quotes_with_the_same_stance_keeps_one(quoted) -> None:
    project, aid, speaker, quote, stance = quoted
    wider = span(project, aid, "QUOTE", QUOTE_AT[0], QUOTE_AT[1] + 1, "quote")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id,
                                      target="Geneva talks", polarity="against", evidence=wider.id))
    kept = next(s for s in project.stances(aid) if s.evidence == wider.id)
    roundtrip(project, aid, commands.resize(ctx(project, aid), quote, wider.start, wider.end),
              lambda: [(s.id, s.polarity, s.evidence) for s in project.stances(aid)] == [(kept.id, "against", wider.id)] or pytest.fail("not one"),
              lambda: len(project.stances(aid)) == 2 or pytest.fail("not restored"))


def test_merging_the_holder_span_repoints_it(quoted) -> None:
    project, aid, speaker, _, _ = quoted
    person = span(project, aid, "PERSON", 0, 13, "entity")
    project.apply(commands.relabel(ctx(project, aid), speaker, "PERSON", "entity"))
    assert project.stances(aid)[0].holder_span == person.id


def test_storage_refuses_an_orphan_evidence_and_writes_nothing(quoted) -> None:
    project, aid, _, _, stance = quoted
    orphan = dataclasses.replace(stance, id="new", evidence="no-such-span", holder="x")
    with pytest.raises(EditConflict, match="not a span"):
        project.apply(Edit("bad", (Change(None, orphan),)))
    assert [s.id for s in project.stances(aid)] == [stance.id]


def test_storage_refuses_a_span_delete_that_leaves_a_stance_behind(quoted) -> None:
    project, aid, _, quote, stance = quoted
    blind = commands.records(project.spans(aid), project.relations(aid))  # no stances given
    with pytest.raises(EditConflict):
        project.apply(commands.delete_span(blind, quote))
    assert [s.id for s in project.spans(aid) if s.id == quote.id] == [quote.id]
    assert [s.evidence for s in project.stances(aid)] == [quote.id]


def bundle(evidence: str, holder_span: str = "", status: Status = Status.ACCEPTED) -> ArticleBundle:
    quote = Span(id="q1", article_id=0, start=QUOTE_AT[0], end=QUOTE_AT[1], label="QUOTE", layer="quote", status=status)
    speaker = Span(id="s1", article_id=0, start=0, end=13, label="SPEAKER", layer="speaker")
    stance = Stance(id="t1", article_id=0, holder="Sergei Lavrov", target="talks", polarity="favor",
                    holder_span=holder_span, evidence=evidence)
    return ArticleBundle(Article(id=None, text=TEXT), [quote, speaker], [], [stance])


@pytest.mark.parametrize("evidence, holder_span, message", [
    ("nope", "", "nope as its evidence"), ("q1", "nope", "nope as its holder span"), ("s1", "", "evidence must be a quote or claim"),
])
def test_import_refuses_a_stance_naming_a_span_it_lacks_and_writes_nothing(project, evidence, holder_span, message) -> None:
    with pytest.raises(InputError, match=message):
        project.import_bundles([bundle(evidence, holder_span)])
    assert project.count_articles() == 0


def test_import_keeps_holder_span_and_evidence_and_follows_the_rule(project) -> None:
    result = project.import_bundles([bundle("q1", "s1", status=Status.REJECTED)])
    aid = result.article_ids[0]
    [stance] = project.stances(aid)
    assert (stance.evidence, stance.holder_span, stance.status) == ("q1", "s1", Status.REJECTED)
    assert result.stances_followed == 1
    assert "stances set to follow their evidence and holder spans: 1 stance" in result.settled_note()
    assert stance_rule.problems(project.spans(aid), project.stances(aid)) == []


def test_reimport_maps_the_evidence_onto_the_stored_span(project) -> None:
    first = project.import_bundles([bundle("q1", "s1")])
    aid = first.article_ids[0]
    again = bundle("q1", "s1")
    again.spans = [dataclasses.replace(s, id=s.id + "-other") for s in again.spans]
    again.stances = [dataclasses.replace(again.stances[0], id="t2", evidence="q1-other", holder_span="s1-other")]
    project.import_bundles([again])
    assert [(s.id, s.evidence, s.holder_span) for s in project.stances(aid)] == [("t1", "q1", "s1")]


def test_the_old_claim_attributes_are_gone_from_the_default_schema_but_kept_on_claims_that_carry_them(project) -> None:
    claim_label = project.schema.label("CLAIM")
    assert "stance" not in claim_label.attributes and "stance_target" not in claim_label.attributes
    assert "stance" not in project.schema.attributes and "stance_target" not in project.schema.attributes
    old = Span(id="c1", article_id=0, start=QUOTE_AT[0], end=QUOTE_AT[1], label="CLAIM", layer="claim",
               attrs={"stance": "against", "stance_target": "the talks", "checkworthy": "yes"})
    [aid] = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), [old])]).article_ids
    [claim] = project.spans(aid)
    project.apply(commands.set_attrs(claim, {"checkworthy": "no"}))
    assert dict(project.spans(aid)[0].attrs) == {"stance": "against", "stance_target": "the talks", "checkworthy": "no"}


def test_an_import_that_rejects_a_stored_quote_rejects_the_stance_on_it_logged(project) -> None:
    first = project.import_bundles([bundle("q1", "s1", status=Status.SUGGESTED)])
    aid = first.article_ids[0]
    assert project.stances(aid)[0].status == Status.ACCEPTED
    again = bundle("", "", status=Status.REJECTED)
    again.stances = []
    result = project.import_bundles([again])
    assert [s.status for s in project.spans(aid) if s.label == "QUOTE"] == [Status.REJECTED]
    assert project.stances(aid)[0].status == Status.REJECTED
    assert result.stances_followed == 1
    assert any(row["action"].endswith("stance follows its spans") for row in project.history(record_id="t1"))


def test_preannotation_does_not_withdraw_a_suggestion_a_stance_rests_on(project) -> None:
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    article, _ = project.add_article(Article(id=None, text=TEXT))
    aid = article.id
    first = SuggestionSet(origin="rules 1")
    first.add_span(SuggestedSpan("q", *QUOTE_AT, "QUOTE", "quote"))
    first.add_span(SuggestedSpan("p", 0, 13, "PERSON", "entity"))
    project.add_suggestions(aid, first)
    quote = next(s for s in project.spans(aid) if s.label == "QUOTE")
    person = next(s for s in project.spans(aid) if s.label == "PERSON")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=person.id,
                                      target="talks", polarity="favor", evidence=quote.id))
    project.add_suggestions(aid, SuggestionSet(origin="rules 1"))  # the new run suggests neither
    assert sorted(s.id for s in project.spans(aid)) == sorted([quote.id, person.id])
    assert stance_rule.problems(project.spans(aid), project.stances(aid)) == []
