"""Speaker kinds of round 10g (issue 10, speakers of rules + model), each on made-up sentences:

* the linker never joins two contents into one discontinuous attribution when a CUE or SOURCE
  between them follows a sentence end ("A. *He went to see* B"): a sentence naming its own
  source and cue starts a new attribution; '"A," she said. "B."' (nothing after the full stop
  but B) is still one (``attribution_link._link_opens_sentence``);
* a learned content with no cue and no speaker outside it holds its own doer: the person
  (named, pronoun or human noun) subject of its main verb, or of a relative clause on its head
  noun ("[that Ms. Okafor chose to close with the harbour]"); a subject deeper down (of an
  adverbial clause) is not taken (``attribution_refine._inner_subject``);
* a stance noun modified by the group that holds it ("*Republican* criticism that ...") has
  that group for its source; a proper-noun compound ("a *Harbour Times* report") does not
  (``quotes_noun_cue._names_group``);
* a reported clause stops before a clause coordinated with it that reports with its own subject
  and cue ("they will skip the dinner [and others have said ...]"; ``quotes_indirect._before_next_report``);
* a parenthetical cue clause ("A, he said, B") is the cue, its subject and what follows them
  up to the comma: a clause the parse hung on the cue ("If the talks fail, he warned, B") is
  content, and an inverted one ("A, said Jones, B") speaks through the subject after the cue
  (``quotes_indirect._parenthetical``);
* a cue-less quote inside a sentence whose opening words have a person subject ("X closed the
  meeting by quoting Y: "..."", "When X wrapped up -- "..."") is that subject's, not the
  previous quote's speaker's (``quotes._introducer``);
* a speaker that is a thing the parse made an object ("spent *the whole weekend* working out how
  to ... without saying") gives way to the person subject of the clause above the cue, for the
  rules and the learned attributions alike (``quotes_speakers.object_speaker``).
"""

from __future__ import annotations

import pytest
import spacy

from annotator.nlp.attribution_link import link
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_attribution_link_paragraphs import _groups, _spans
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def test_a_sentence_with_its_own_source_and_cue_starts_a_new_attribution() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Ms. Okafor argued for a bigger harbour budget this spring. She went to see the broken piers on Friday.")
    spans = _spans(doc, ("Ms. Okafor", "SOURCE"), ("argued for", "CUE"), ("a bigger harbour budget this spring", "CONTENT"),
                   ("She", "SOURCE"), ("went to see", "CUE"), ("the broken piers on Friday", "CONTENT"))
    quotes = link(doc, spans)
    assert _groups(doc, quotes) == [["a bigger harbour budget this spring"], ["the broken piers on Friday"]]
    assert [doc.text[slice(*q.speaker)] for q in quotes] == ["Ms. Okafor", "She"]
    assert [doc.text[slice(*q.cue)] for q in quotes] == ["argued for", "went to see"]


def test_a_quote_continued_after_its_cue_sentence_is_still_one_attribution() -> None:
    nlp = spacy.blank("en")
    doc = nlp('"The piers are falling apart," Ana Ruiz said. "Nobody has fixed them in years."')
    spans = _spans(doc, ("The piers are falling apart,", "CONTENT"), ("Ana Ruiz", "SOURCE"), ("said", "CUE"),
                   ("Nobody has fixed them in years.", "CONTENT"))
    assert _groups(doc, link(doc, spans)) == [["The piers are falling apart,", "Nobody has fixed them in years."]]


def _at(text: str, part: str) -> tuple[int, int]:
    a = text.index(part)
    return a, a + len(part)


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("It was odd that Ms. Okafor chose to end her speech with the harbour.",
     "that Ms. Okafor chose to end her speech with the harbour", "Ms. Okafor"),
    ("The talks raised new speculation about a candidacy that he keeps quietly denying.",
     "a candidacy that he keeps quietly denying", "he"),
    # the subject of an adverbial clause inside the content is not the content's doer
    ("Nobody was surprised, since the harbour plan failed because the mayor had left.",
     "the harbour plan failed because the mayor had left", None),
])
def test_a_learned_content_without_cue_or_speaker_holds_its_own_doer(trained, text, content, speaker):
    from annotator.nlp.attribution_refine import refine

    [q] = refine(trained(text), [Quote(_at(text, content), "indirect", group=0, origin="model")], text=text)
    assert (text[slice(*q.speaker)] if q.speaker else None) == speaker


@pytest.mark.trained
def test_a_content_with_a_cue_does_not_take_a_subject_inside_it(trained):
    from annotator.nlp.attribution_refine import refine

    text = "That meant that the harbour workers were arriving late to every meeting."
    [q] = refine(trained(text), [Quote(_at(text, "that the harbour workers were arriving late to every meeting"), "indirect",
                                       cue=_at(text, "meant"), group=0, origin="model")], text=text)
    assert q.speaker is None


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The minister answered Republican criticism that the harbour budget was far too small.",
     "that the harbour budget was far too small", "Republican"),
    ("The mayor shrugged off Democratic complaints that the piers were never repaired.",
     "that the piers were never repaired", "Democratic"),
])
def test_a_stance_noun_held_by_a_named_group_has_the_group_for_source(trained, text, content, speaker):
    from annotator.nlp.quotes_noun_cue import noun_cue_speakers

    [q] = noun_cue_speakers(trained(text), [Quote(_at(text, content), "indirect", group=0, origin="model")])
    assert text[slice(*q.speaker)] == speaker


@pytest.mark.trained
def test_a_proper_noun_compound_on_a_stance_noun_is_no_source(trained):
    from annotator.nlp.quotes_noun_cue import noun_cue_speakers

    text = "The mayor cited a Harbour Times report that the piers were never repaired."
    [q] = noun_cue_speakers(trained(text), [Quote(_at(text, "that the piers were never repaired"), "indirect", group=0, origin="model")])
    assert q.speaker is None or text[slice(*q.speaker)] != "Harbour Times"


@pytest.mark.trained
def test_a_reported_clause_stops_before_a_coordinated_report_with_its_own_speaker(trained):
    from tests.nlp.test_quotes_speaker_round10e import _quotes

    text = "Several senior Democrats have said they will skip the dinner and others have said the event does not interest them at all."
    assert _quotes(trained, text) == [
        ("they will skip the dinner", "Several senior Democrats"),
        ("the event does not interest them at all", "others"),
    ]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "expected"), [
    # a clause the parse hung on the parenthetical cue is content, not part of the cue clause
    ("If the talks fail, Mr. Okafor warned, the union members plan to strike next month.",
     ("If the talks fail", "the union members plan to strike next month", "Mr. Okafor")),
    # an inverted parenthetical speaks through the subject after its cue
    ("The difference with Smith, said Jones and others, would be obvious since Smith has no allies in the chamber.",
     # the whole coordination speaks, as PolNeAR's SOURCE has it (rules19a, usertest18 H1)
     ("The difference with Smith", "would be obvious since Smith has no allies in the chamber", "Jones and others")),
    # what stands right after the cue ("on Tuesday") belongs to the cue clause
    ("The harbour, he said on Tuesday, will reopen in May after the repairs.",
     ("The harbour", "will reopen in May after the repairs", "he")),
])
def test_a_parenthetical_cue_clause_is_the_cue_and_its_subject(trained, text, expected):
    from annotator.nlp.quotes import suggest_quotes

    left, right, speaker = expected
    quotes = suggest_quotes(trained(text), text=text)
    got = {(text[slice(*q.content)], text[slice(*q.speaker)] if q.speaker else None) for q in quotes}
    assert {(left, speaker), (right, speaker)} <= got


@pytest.mark.trained
@pytest.mark.parametrize(("text", "quote", "speaker"), [
    ('"The piers will hold," Ms. Okafor said. Later that week the mayor closed the meeting by quoting '
     'an old sailor: "Every storm ends at the breakwater."', "Every storm ends at the breakwater.", "the mayor"),
    ('"The piers will hold," Ms. Okafor said. When Mr. Lee finally wrapped up -- "We will rebuild every one of them!" '
     '-- the crowd stood.', "We will rebuild every one of them!", "Mr. Lee"),
    # a quote opening its own sentence still continues the previous speaker
    ('"The piers will hold," Ms. Okafor said. "Every storm ends at the breakwater."',
     "Every storm ends at the breakwater.", "Ms. Okafor"),
])
def test_a_cueless_quote_inside_a_sentence_is_its_subjects(trained, text, quote, speaker):
    from tests.nlp.test_quotes_speaker_round10e import _quotes

    assert (quote, speaker) in _quotes(trained, text)


@pytest.mark.trained
def test_a_thing_the_parse_made_an_object_is_no_speaker(trained):
    from tests.nlp.test_quotes_speaker_round10e import _quotes

    text = ('She spent the whole weekend working out how to rebut her colleague without saying, '
            '"This is the weakest plan I have seen in years."')
    assert _quotes(trained, text) == [("This is the weakest plan I have seen in years.", "She")]


@pytest.mark.trained
def test_a_speaker_that_is_an_object_thing_gives_way_to_the_clause_subject(trained):
    from annotator.nlp.quotes_speakers import object_speaker

    text = "The mayor spent the whole afternoon answering complaints from the harbour board."
    doc = trained(text)
    cue_i = next(t.i for t in doc if t.text == "answering")
    content = [_at(text, "complaints from the harbour board")]
    assert text[slice(*object_speaker(doc, _at(text, "the whole afternoon"), cue_i, content))] == "The mayor"
    # a person object, or the object of "according to", stays the speaker
    assert object_speaker(doc, _at(text, "the harbour board"), cue_i, content) == _at(text, "the harbour board")
    text = "The harbour will close in May, according to the annual report of the board."
    doc = trained(text)
    cue_i = next(t.i for t in doc if t.text == "according")
    assert object_speaker(doc, _at(text, "the annual report"), cue_i, [_at(text, "The harbour will close in May")]) == _at(text, "the annual report")
