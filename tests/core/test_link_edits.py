"""Linking as one edit (annotator.domain.link_edits): replace, accept suggestions, speaker_ref, undo."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import commands
from annotator.domain.link_edits import NewChild, link_to
from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.relation_rule import half_decided
from annotator.domain.schema import default_schema
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.storage.project import Project

TEXT = "Michael Flynn met aides. “It was routine,” he said, and Flynn told reporters the same."
SCHEMA = default_schema()


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def make(tmp_path: Path) -> tuple[Project, int]:
    project = Project.open(tmp_path / "p.db")
    article, _ = project.add_article(Article(id=None, text=TEXT))
    sset = SuggestionSet(origin="test")
    sset.add_span(SuggestedSpan("q", *at("It was routine"), "QUOTE", "quote"))
    sset.add_span(SuggestedSpan("he", *at("he"), "SPEAKER", "speaker", attrs={"refers_to": "Michael Flynn"}))
    sset.add_span(SuggestedSpan("mf", *at("Michael Flynn"), "PERSON", "entity"))
    sset.add_span(SuggestedSpan("f", *at("Flynn", 1), "PERSON", "entity"))
    sset.add_span(SuggestedSpan("said", *at("said"), "CUE", "cue"))
    sset.relations.append(SuggestedRelation("q", "he", "SPEAKER"))
    project.add_suggestions(article.id, sset)
    return project, article.id  # type: ignore[return-value]


def state(project: Project, aid: int) -> commands.Records:
    return commands.records(project.spans(aid), project.relations(aid))


def by_text(records: commands.Records, word: str, label: str) -> Span:
    return next(s for s in records.spans.values() if TEXT[s.start:s.end] == word and s.label == label)


def speaker_links(records: commands.Records, quote: Span) -> list[Relation]:
    return [r for r in records.relations.values() if r.head == quote.id and r.label == "SPEAKER"]


def test_replacing_the_speaker_is_one_edit_and_undoes_whole(tmp_path: Path) -> None:
    project, aid = make(tmp_path)
    before = state(project, aid)
    quote, flynn = by_text(before, "It was routine", "QUOTE"), by_text(before, "Flynn", "PERSON")
    edit = link_to(before, text=TEXT, schema=SCHEMA, head=quote, child=flynn, label="SPEAKER", by="ana")
    stamped = project.apply(edit, by="ana")
    after = state(project, aid)
    links = speaker_links(after, quote)
    assert {(after.spans[r.child].start, r.status) for r in links} == {
        (at("he")[0], Status.REJECTED),  # the machine's link, remembered as wrong
        (flynn.start, Status.ACCEPTED),
    }
    assert after.spans[quote.id].status == Status.ACCEPTED and after.spans[flynn.id].status == Status.ACCEPTED
    assert after.spans[quote.id].attrs["speaker_ref"] == "Michael Flynn"  # follows the speaker, full name
    assert not half_decided(after.spans, after.relations.values())
    project.undo(stamped, by="ana")
    assert state(project, aid) == before
    project.redo(stamped, by="ana")
    assert state(project, aid) == after


def test_accepted_link_is_deleted_when_replaced_and_pronoun_takes_its_refers_to(tmp_path: Path) -> None:
    project, aid = make(tmp_path)
    records = state(project, aid)
    quote = by_text(records, "It was routine", "QUOTE")
    project.apply(link_to(records, text=TEXT, schema=SCHEMA, head=quote, child=by_text(records, "Flynn", "PERSON"),
                          label="SPEAKER", by="ana"), by="ana")
    records = state(project, aid)
    he = by_text(records, "he", "SPEAKER")
    project.apply(link_to(records, text=TEXT, schema=SCHEMA, head=records.spans[quote.id], child=he, label="SPEAKER", by="ana"), by="ana")
    records = state(project, aid)
    links = speaker_links(records, quote)
    assert [(r.child, r.status) for r in links] == [(he.id, Status.ACCEPTED)]  # the accepted Flynn link deleted, he revived
    assert records.spans[quote.id].attrs["speaker_ref"] == "Michael Flynn"
    deleted = [row for row in project.db["changes"].rows if row["after"] in (None, "", "null")]
    assert any("SPEAKER" in (row["before"] or "") for row in deleted)  # the deletion is in the change log


def test_new_child_from_text_and_linking_twice_is_empty(tmp_path: Path) -> None:
    project, aid = make(tmp_path)
    records = state(project, aid)
    quote = by_text(records, "It was routine", "QUOTE")
    edit = link_to(records, text=TEXT, schema=SCHEMA, head=quote, child=NewChild(*at("told"), "CUE"), label="CUE", by="ana")
    project.apply(edit, by="ana")
    records = state(project, aid)
    told = by_text(records, "told", "CUE")
    assert told.status == Status.ACCEPTED and told.origin.startswith("analyst")
    assert [records.spans[r.child].id for r in records.relations.values() if r.label == "CUE" and r.head == quote.id] == [told.id]
    again = link_to(records, text=TEXT, schema=SCHEMA, head=records.spans[quote.id], child=told, label="CUE", by="ana")
    assert not again


def test_relinking_the_linked_speaker_keeps_the_analysts_speaker_ref(tmp_path: Path) -> None:
    """User-test finding 1: S+Enter on the speaker already linked must change nothing."""
    project, aid = make(tmp_path)
    before = state(project, aid)
    quote, flynn = by_text(before, "It was routine", "QUOTE"), by_text(before, "Flynn", "PERSON")
    project.apply(link_to(before, text=TEXT, schema=SCHEMA, head=quote, child=flynn, label="SPEAKER", by="ana"), by="ana")
    linked_state = state(project, aid)
    quote = linked_state.spans[quote.id]
    project.apply(commands.set_attrs(quote, {"speaker_ref": "M. Flynn"}), by="ana")
    now = state(project, aid)
    again = link_to(now, text=TEXT, schema=SCHEMA, head=now.spans[quote.id], child=now.spans[flynn.id],
                    label="SPEAKER", by="ana")
    assert not again.changes


def test_speaker_ref_finds_the_person_inside_a_longer_speaker_span() -> None:
    from annotator.domain.link_edits import speaker_ref_for
    text = "Norwegian Trade Minister Anne Holt said so."
    who = Span(id="s", article_id=1, start=0, end=len("Norwegian Trade Minister Anne Holt"), label="SPEAKER",
               layer="speaker", status=Status.ACCEPTED)
    person = Span(id="p", article_id=1, start=text.index("Anne"), end=text.index(" said"), label="PERSON",
                  layer="entity", status=Status.ACCEPTED)
    assert speaker_ref_for(text, who, [who, person]) == "Anne Holt"
