"""Speaker kinds of round 10e (issue 10, speakers of rules + model), each on made-up sentences:

* "it" as the active subject of a verb of speech ('"...," *it* recommended') stands for the
  body that says it and is the speaker; the "it" of "it was reported" / "it seems" is not
  (``quotes_speakers.referring_it``); an indirect quote "it said that ..." is an attribution;
* a possessive pronoun speaker ("*his* claim that") is resolved to the named person as "he" is,
  and a pronoun with no main-clause subject before it goes to the subject of a reported clause
  before a possessor (``coref.MentionIndex.resolve``);
* a model content that is a relative clause opened by its object pronoun ("a proposal [that
  Smith pushed]") is said by the clause's own subject, its verb the cue
  (``attribution_refine._relative_clause_doer``);
* a speaker set off from the cue by a parenthetical ("One guest, *who spoke anonymously*,
  said") when the parse gives the cue no subject: the phrase before the parenthetical
  (``quotes_speakers._parenthetical_start``), also between spaced dashes ("Mr. Lee - in a line
  aimed at X - declared");
* an open complement left without a speaker by the parse ("X continued *to assert*") takes the
  words before the verb it hangs on.
"""

from __future__ import annotations

import pytest
import spacy

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_doc import DocContext
from annotator.nlp.quotes_speakers import speaker_for
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def _speaker(nlp, text: str, cue: str) -> str | None:
    doc = nlp(text)
    ctx = DocContext(doc, text)
    t = next(t for t in doc if t.text == cue)
    lo, hi = (t.sent.start, t.sent.end) if doc.has_annotation("DEP") else (0, len(doc))
    found = speaker_for(ctx, t.i, lo, hi)
    return text[found[0] : found[1]] if found else None


def _quotes(nlp, text: str) -> list[tuple[str, str | None]]:
    """(content, speaker) of every suggested quote."""
    return [(text[q.content[0] : q.content[1]], text[q.speaker[0] : q.speaker[1]] if q.speaker else None)
            for q in suggest_quotes(nlp(text), text=text)]


@pytest.mark.trained
def test_it_as_the_subject_of_a_verb_of_speech_is_the_speaker(trained):
    text = ('The parish board met twice. "Keep the levy where it is for the rest of the decade," it recommended. '
            '"After that, lawmakers should review it."')
    assert _quotes(trained, text) == [
        ("Keep the levy where it is for the rest of the decade", "it"),
        ("After that, lawmakers should review it.", "it"),
    ]


@pytest.mark.trained
def test_it_said_that_is_an_indirect_attribution_of_it(trained):
    text = "The ferry company apologised on Friday. It said that the crossing would reopen next week."
    assert ("the crossing would reopen next week", "It") in _quotes(trained, text)


@pytest.mark.trained
@pytest.mark.parametrize("text", [
    "It was reported that the crossing would reopen next week.",
    "It seems that the crossing would reopen next week.",
])
def test_the_it_of_a_passive_or_of_seems_names_no_one(trained, text):
    assert all(speaker is None for _, speaker in _quotes(trained, text))


@pytest.mark.trained
def test_a_speaker_before_a_relative_clause_the_parse_made_the_cues_clause(trained):
    # the parser reads "spoke" as the complement of "said", leaving "said" without a subject
    text = ('One guest, who like others spoke on condition of anonymity to describe the dinner, '
            'said the point was that "this will not end in May."')
    assert _speaker(trained, text, "said") == "One guest"


def test_a_speaker_before_a_relative_clause_without_a_parser():
    # the words around the cue: the phrase before ", who ..., said" speaks
    nlp = spacy.blank("en")
    text = "One guest, who spoke on condition of anonymity, said the dinner went well."
    assert _speaker(nlp, text, "said") == "One guest"
    # a plain list before the comma is no parenthetical: no speaker is made up
    assert _speaker(nlp, "Apples, pears, said nothing.", "said") is None


@pytest.mark.trained
def test_a_possessive_pronoun_speaker_is_resolved_to_the_person_named_before(trained):
    # "his claim that", "used her speech to say": the possessor speaks; like "he"/"she" it is
    # resolved to the salient person (the subject of the sentence before)
    from annotator.nlp.coref import MentionIndex

    text = "Senator Maria Lopez spoke in Denver on Monday. She used her speech to call the plan a disgrace."
    doc = trained(text)
    mentions = MentionIndex(doc, text)
    her = text.index("her speech")
    assert mentions.resolve(her, her + 3, before=her) == "Maria Lopez"
    day = text.index("Monday")  # a word that is no pronoun resolves to no one
    assert mentions.resolve(day, day + 6, before=day) is None


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "said"), [
    # the relative pronoun is the clause verb's object: the clause's subject does what it says
    ("The plan voted down on Monday was close to a proposal which Smith pushed two years ago.",
     "which Smith pushed two years ago", ("pushed", "Smith")),
    ("It helps the firm, a charge that Mrs. Lopez has faced before and has always denied.",
     "that Mrs. Lopez has faced before and has always denied", ("faced", "Mrs. Lopez")),
])
def test_a_model_content_that_is_a_relative_clause_is_said_by_the_clauses_subject(trained, text, content, said):
    from spacy.tokens import Span

    from annotator.nlp.attribution_link import link
    from annotator.nlp.attribution_refine import refine

    doc = trained(text)
    a = text.index(content)
    span = doc.char_span(a, a + len(content))
    q = refine(doc, link(doc, [Span(doc, span.start, span.end, label="CONTENT")]))[0]
    assert (text[slice(*q.cue)], text[slice(*q.speaker)]) == said


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content"), [
    # "that" as a complementizer: the clause is the noun's content, not a relative clause
    ("The mayor rejected criticism that his strategy is failing.", "that his strategy is failing"),
    # the clause verb has an object of its own: a complement after all
    ("The panel reversed a ruling that the landlords did not have standing.", "that the landlords did not have standing"),
])
def test_a_complement_clause_is_not_read_as_a_relative_clause(trained, text, content):
    from annotator.nlp.attribution_refine import _relative_clause_doer
    from annotator.nlp.quotes_types import Quote

    doc = trained(text)
    a = text.index(content)
    assert _relative_clause_doer(doc, [Quote((a, a + len(content)), "indirect")]) is None


@pytest.mark.trained
def test_a_speaker_before_an_aside_between_dashes(trained):
    # the parser hangs the speaker on the aside's verb; the words before the first dash speak,
    # not the end of the aside
    text = ("On his way out of the race, Mr. Lee - in a remark that looked plainly meant for Mr. Kim's "
            "combative style of campaigning - declared that a mayor must serve all corners of the city.")
    found = _speaker(trained, text, "declared")
    assert found is not None and found.endswith("Lee")


def test_a_speaker_before_an_aside_between_dashes_without_a_parser():
    nlp = spacy.blank("en")
    assert _speaker(nlp, "Mr. Lee - in a line aimed at his rival - declared that all must be served.", "declared") == "Lee"
    # a hyphen inside a word is no aside
    assert _speaker(nlp, "The vice-chair said the budget is fine.", "said") == "The vice-chair"


@pytest.mark.trained
def test_an_open_complement_takes_the_words_before_its_governing_verb(trained):
    # "Lopez" is lost in the parse of the aside; "to assert" shares the subject of "continued"
    text = ("In the interview - conducted last Friday at the mayor's estate in Palm Beach - "
            "Lopez continued to assert that he never touched the reporter.")
    assert _speaker(trained, text, "assert") == "Lopez"


@pytest.mark.trained
def test_a_pronoun_prefers_the_subject_of_a_reported_clause_to_a_possessor(trained):
    # the aside '"...," she said' makes "Clinton suggested" the complement of "said" in the
    # parse: no main-clause subject is left, and "she" must not go to the possessor "Sanders's"
    from annotator.nlp.coref import MentionIndex

    text = ("Sanders released his plan on Sunday. It relies on savings that he says his proposal would bring.\n\n"
            "Clinton suggested that Sanders's newest budget was not serious - \"Once more, we have to look at the "
            "numbers,\" she said - and charged that Sanders would endanger the schools.")
    doc = trained(text)
    she = text.index("she said")
    assert MentionIndex(doc, text).resolve(she, she + 3, before=she) == "Clinton"
