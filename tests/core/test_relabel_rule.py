"""The one relabel rule (issue 11, fix11ui): :func:`commands.relabel` drops every link the new
label cannot hold — from the span (its speaker/cue kinds) and to it (a CUE link to a non-cue, a
SPEAKER link to a quote, claim or cue), after a merge too — and :func:`commands.relabel_losses`
names each one lost, never a link a merge keeps once. Checked on hand-made cases and, as a
property, on every relabel of every span of a small attributed article, applied to a project
file and undone."""

from __future__ import annotations

import itertools

import pytest

from annotator.domain import commands
from annotator.domain.model import Article, Relation, Span, Stance, Status

TEXT = "Merkel said the talks failed, Reuters reported."
LABELS = {"PERSON": "entity", "ORG": "entity", "QUOTE": "quote", "CLAIM": "claim", "CUE": "cue", "SPEAKER": "speaker"}


def at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def span(sid: str, word: str, label: str) -> Span:
    return Span(id=sid, article_id=1, start=at(word)[0], end=at(word)[1], label=label, layer=LABELS[label], status=Status.ACCEPTED)


def rel(rid: str, head: str, child: str, label: str) -> Relation:
    return Relation(id=rid, article_id=1, head=head, child=child, label=label, status=Status.ACCEPTED)


def article(*extra: Span) -> commands.Records:
    spans = [span("q", "the talks failed", "QUOTE"), span("s", "Merkel", "PERSON"), span("c", "said", "CUE"),
             span("r", "Reuters", "ORG"), *extra]
    rels = [rel("rs", "q", "s", "SPEAKER"), rel("rc", "q", "c", "CUE")]
    stance = Stance(id="st", article_id=1, holder="Merkel", target="the talks", polarity="against", status=Status.ACCEPTED,
                    evidence="q", holder_span="s")
    return commands.records(spans, rels, [stance])


def after(records: commands.Records, edit) -> dict[str, Relation]:  # noqa: ANN001
    return commands._after_records(records, edit)[0]


def test_a_cue_relabelled_person_loses_the_cue_link_to_it_and_says_so() -> None:
    records = article()
    edit = commands.relabel(records, records.spans["c"], "PERSON", "entity")
    assert set(after(records, edit)) == {"rs"}
    assert commands.relabel_losses(records, records.spans["c"], "PERSON", edit, TEXT) == ["its CUE link from «the talks failed»"]


def test_a_speaker_relabelled_quote_loses_the_speaker_link_and_an_org_keeps_it() -> None:
    records = article()
    edit = commands.relabel(records, records.spans["s"], "QUOTE", "quote")
    assert set(after(records, edit)) == {"rc"}
    assert commands.relabel_losses(records, records.spans["s"], "QUOTE", edit, TEXT) == ["its SPEAKER link from «the talks failed»"]
    edit = commands.relabel(records, records.spans["s"], "ORG", "entity")
    assert set(after(records, edit)) == {"rs", "rc"} and commands.relabel_losses(records, records.spans["s"], "ORG", edit, TEXT) == []


def test_a_quote_relabelled_claim_carries_its_speaker_as_claimant_and_names_the_cue() -> None:
    records = article()
    edit = commands.relabel(records, records.spans["q"], "CLAIM", "claim")
    assert {r.label for r in after(records, edit).values()} == {"CLAIMANT"}
    assert commands.relabel_losses(records, records.spans["q"], "CLAIM", edit, TEXT) == ["its CUE link to «said»"]


def test_a_quote_relabelled_person_names_its_links_and_the_stance_made_article_level() -> None:
    records = article()
    edit = commands.relabel(records, records.spans["q"], "PERSON", "entity")
    assert after(records, edit) == {}
    assert commands.relabel_losses(records, records.spans["q"], "PERSON", edit, TEXT) == [
        "its CUE link to «said»", "its SPEAKER link to «Merkel»",
        "the stance of Merkel against «the talks» it is evidence of (it becomes article level)"]


def test_a_merge_keeps_a_link_the_survivor_has_once_and_drops_a_moved_one_it_cannot_hold() -> None:
    """The SPEAKER Merkel relabelled PERSON onto the PERSON already there (the quote's speaker
    already): the link is kept once, nothing lost. The quote relabelled PERSON onto a PERSON
    span at its place: its SPEAKER and CUE links move to the survivor, which cannot hold them."""
    records = commands.records(
        [span("q", "the talks failed", "QUOTE"), span("s", "Merkel", "PERSON"), span("s2", "Merkel", "SPEAKER"),
         span("c", "said", "CUE"), span("p", "the talks failed", "PERSON")],
        [rel("rs", "q", "s", "SPEAKER"), rel("rs2", "q", "s2", "SPEAKER"), rel("rc", "q", "c", "CUE")])
    edit = commands.relabel(records, records.spans["s2"], "PERSON", "entity")
    assert {(r.head, r.child, r.label) for r in after(records, edit).values()} == {("q", "s", "SPEAKER"), ("q", "c", "CUE")}
    assert commands.relabel_losses(records, records.spans["s2"], "PERSON", edit, TEXT) == []
    edit = commands.relabel(records, records.spans["q"], "PERSON", "entity")
    assert after(records, edit) == {}
    assert commands.relabel_losses(records, records.spans["q"], "PERSON", edit, TEXT) == [
        "its CUE link to «said»", "its SPEAKER link to «Merkel»", "its SPEAKER link to «Merkel»"]


@pytest.mark.parametrize("sid,label", list(itertools.product(["q", "s", "c", "r"], LABELS)))
def test_every_relabel_leaves_no_link_the_rule_disallows_names_every_link_lost_and_undoes_whole(project, sid: str, label: str) -> None:
    stored, _ = project.add_article(Article(id=None, text=TEXT))
    base = article()
    spans = [dataclasses_replace(s, article_id=stored.id) for s in base.spans.values()]
    rels = [dataclasses_replace(r, article_id=stored.id) for r in base.relations.values()]
    stances = [dataclasses_replace(s, article_id=stored.id) for s in base.stances.values()]
    project.apply(commands.combine("seed", [commands.Edit("spans", tuple(commands.Change(None, s) for s in spans)),
                                            commands.Edit("links", tuple(commands.Change(None, r) for r in rels)),
                                            commands.Edit("stances", tuple(commands.Change(None, s) for s in stances))]))
    records = commands.records(project.spans(stored.id), project.relations(stored.id), project.stances(stored.id))
    target = records.spans[sid]
    edit = commands.relabel(records, target, label, LABELS[label])
    lost = commands.relabel_losses(records, target, label, edit, TEXT)
    stamped = project.apply(edit, by="ana")
    now = project.relations(stored.id)
    assert all(commands.link_allowed_after_relabel(r, sid, label, LABELS[label]) for r in now)
    gone = {r.id for r in records.relations.values()} - {r.id for r in now}
    assert sum(1 for line in lost if "link" in line) == len(gone)  # each link lost is named, none more
    project.apply(stamped.inverse(), by="ana")
    shape = lambda rels: sorted((r.id, r.head, r.child, r.label, r.status) for r in rels)  # noqa: E731
    assert shape(project.relations(stored.id)) == shape(records.relations.values())
    assert [(s.id, s.evidence, s.holder_span, s.status) for s in project.stances(stored.id)] == [
        (s.id, s.evidence, s.holder_span, s.status) for s in records.stances.values()]
    assert {(s.id, s.label) for s in project.spans(stored.id)} == {(s.id, s.label) for s in records.spans.values()}


def dataclasses_replace(record, **changes):  # noqa: ANN001, ANN201
    import dataclasses

    return dataclasses.replace(record, **changes)
