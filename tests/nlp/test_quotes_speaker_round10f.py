"""Speaker kinds of round 10f (issue 10, speakers of rules + model), each on made-up sentences:

* the agent of a passive ("were alarmed *by the audit*") speaks for that verb alone, never for
  a verb conjoined to it ("... and predicted that"): the conjunct shares the passive's subject
  (``quotes_speakers.subject``);
* a rule attribution the rules found no speaker for takes the speaker of the learned
  attribution over the same words (``attribution_merge._filled``), unless that speaker lies
  inside the rule's content; a rule speaker is never replaced;
* a cue-less quote continuing the one before it takes the speaker of the outer reading there,
  not of a reading nested in it ('X wrote that the council "promised ...". "Nothing ..."':
  X, not the council; ``quotes._group``);
* a speaker with an appositive after a quote ('"...!" the party's presumptive nominee, Jane
  Doe, tweeted') runs past the nine words the cue is looked for in: the first cue after a noun
  phrase and commas only is the quote's (``quotes_direct._after_cue``), and a past form the
  parse hung on that noun as a modifier has the noun for its subject (``speaker_for``);
* a thing someone issues, speaking through a relative clause ("the mayor issued a statement *that
  sought* to", "the council voted for a resolution *which said*"), speaks for who issued it;
  one that was received ("cited a report that said") speaks for itself (``quotes_speakers._issuer``);
* a participle the parse hung on an object that can say nothing ("the union entered Tuesday's
  talks *demanding*", "ended the session *saying*") tells what the verb's subject does, and a
  time word is no possessor that speaks ("*Tuesday's* talks"; ``quotes_speakers._participle_doer``);
* a participle of speech the parse hung on the verb of a reported clause ("told reporters that
  Smith had ..., *adding*", "said they would support it, *while emphasizing*") is the
  reporter's, not the reported clause subject's (``quotes_speakers._reporters_participle``);
* a headline labelled by a surname alone that the recogniser missed ("Okafor: The Bridge Will
  Not Open ...") is that person's; a longer title-case label ("Delegate Update:") is not
  (``quotes_colon._names_someone``);
* a speaker phrase holds its examples ("Proponents *like Ms. Okafor*"; ``np_range``); a name in
  apposition stays out of it (the description speaks, the name is its ``speaker_ref``);
* a learned attribution whose cue the parse left without a subject (a modifier: "smiling at
  times and *dismissing* questions") takes the person-like subject of the nearest verb above
  the cue, outside the content (``quotes_speakers.clause_subject``);
* a verb of saying the tagger read as a noun, ending the words after a quote that are only a
  speaker phrase ('"...," the two *write*.'), is the quote's cue (``quotes_direct._after_cue``).
"""

from __future__ import annotations

import pytest

from annotator.nlp.attribution_merge import merge
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_quotes_speaker_round10e import _quotes, _speaker


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The officials were alarmed by the audit and predicted that the bridge would need new cables.", "predicted", "The officials"),
    ("The mayor was greeted by the council members and joked that the meeting would be short.", "joked", "The mayor"),
    # the cue verb's own passive: its agent is who asked
    ("The senator was asked by a reporter whether the bill would pass.", "asked", "a reporter"),
])
def test_a_passive_agent_speaks_for_its_own_verb_not_for_a_conjunct(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
def test_the_conjunct_of_a_passive_is_attributed_to_the_passive_subject(trained):
    text = "The mayor was greeted by the council members and joked that the meeting would be short."
    assert _quotes(trained, text) == [("the meeting would be short", "The mayor")]


TEXT = "Late on Friday the union's negotiator, tired but upbeat, told reporters the strike would end by Monday."


def _at(part: str) -> tuple[int, int]:
    a = TEXT.index(part)
    return a, a + len(part)


def test_a_rule_attribution_without_a_speaker_takes_the_models_speaker_of_the_same_words() -> None:
    rule = Quote(_at("the strike would end by Monday"), "indirect", cue=_at("told"), group=0)
    model = Quote(_at("the strike would end"), "indirect", cue=_at("told"), speaker=_at("the union's negotiator"),
                  speaker_ref="Ann Lee", group=0)
    out = merge([rule], [model], text=TEXT)
    assert [(TEXT[slice(*q.content)], q.speaker, q.speaker_ref, q.cue, q.origin) for q in out] == [
        ("the strike would end by Monday", _at("the union's negotiator"), "Ann Lee", _at("told"), "rules")]


def test_a_cueless_rule_attribution_takes_the_models_cue_with_its_speaker() -> None:
    rule = Quote(_at("the strike would end by Monday"), "indirect", group=0)
    model = Quote(_at("the strike would end by Monday"), "indirect", cue=_at("told"), speaker=_at("the union's negotiator"), group=0)
    [q] = merge([rule], [model], text=TEXT)
    assert (q.cue, q.speaker, q.origin) == (_at("told"), _at("the union's negotiator"), "rules")


def test_a_rule_speaker_stays_and_a_model_speaker_inside_the_content_is_not_taken() -> None:
    own = Quote(_at("the strike would end by Monday"), "indirect", cue=_at("told"), speaker=_at("reporters"), group=0)
    model = Quote(_at("the strike would end"), "indirect", speaker=_at("the union's negotiator"), group=0)
    assert merge([own], [model], text=TEXT) == [own]
    bare = Quote(_at("the union's negotiator, tired but upbeat, told reporters"), "indirect", group=0)
    inside = Quote(_at("tired but upbeat"), "indirect", speaker=_at("negotiator"), group=0)
    assert merge([bare], [inside], text=TEXT) == [bare]


def test_the_speaker_comes_from_the_model_reading_sharing_most_words() -> None:
    rule = Quote(_at("told reporters the strike would end by Monday"), "indirect", group=0)
    little = Quote(_at("told reporters"), "indirect", speaker=_at("Late on Friday"), group=0)
    most = Quote(_at("the strike would end by Monday"), "indirect", speaker=_at("the union's negotiator"), group=1)
    [q] = merge([rule], [little, most], text=TEXT)
    assert q.speaker == _at("the union's negotiator")


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker"), [
    ('The tenants were angry that the council had promised to fix the roof, Ms. Reyes wrote. '
     '"Nothing has happened since the storm."', "Ms. Reyes"),
    ('The union will not back the plan, but its members want to fight the cuts in court, Ms. Reyes says. '
     '"If the board can cut pay at will, nobody is safe here."', "Ms. Reyes"),
])
def test_a_continued_quote_takes_the_outer_readings_speaker_not_a_nested_ones(trained, text, speaker):
    quotes = _quotes(trained, text)
    assert quotes[-1] == (text[text.index('"') + 1 : -1], speaker)


@pytest.mark.trained
def test_a_long_speaker_with_an_appositive_after_a_quote_still_attributes_it(trained):
    text = ('"Will the mayor ever admit that the plan failed? If not, he should resign at once!" '
            'the presumptive Republican mayoral nominee, Dana Miller, tweeted Sunday after the vote.')
    assert _quotes(trained, text) == [
        ("Will the mayor ever admit that the plan failed? If not, he should resign at once!",
         "the presumptive Republican mayoral nominee")]


@pytest.mark.trained
def test_a_verb_after_a_clause_is_no_cue_of_the_quote_before_it(trained):
    # words after the quote that hold a verb of their own are no speaker phrase: no cue far away
    text = ('"We will not sign anything today," the negotiators for the three largest unions at the port '
            'walked out of the talks, and the mayor said later that a deal was close.')
    quotes = dict(_quotes(trained, text))
    assert quotes.get("We will not sign anything today") is None


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The council voted for a resolution which said the city rejects the new tax.", "said", "The council"),
    ("That night the mayor issued a statement that sought to calm the angry residents.", "sought", "the mayor"),
    ("The union posted a letter which warned that the strike would go on.", "warned", "The union"),
    ("The mayor cited a report that said crime had fallen sharply last year.", "said", "a report"),
])
def test_an_issued_thing_speaking_in_a_relative_clause_speaks_for_its_issuer(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The team entered Friday's negotiations believing the owners would give in.", "believing", "The team"),
    ("The union entered Tuesday's talks demanding a raise of ten percent.", "demanding", "The union"),
    ("The governor ended the session saying the budget would pass.", "saying", "The governor"),
    # a possessor that is a person still speaks; a received thing still speaks for itself
    ("Clinton's speech denouncing the ban drew loud applause.", "denouncing", "Clinton"),
    ("Police received calls saying a man was armed.", "saying", "calls"),
])
def test_a_participle_on_an_object_that_says_nothing_is_the_subjects(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The coach told reporters that Smith \u201chad a terrible attitude all season long,\u201d adding, "
     "\u201cHe let down everybody on this team.\u201d", "adding", "The coach"),
    ("The senators have already said they would reluctantly support the bill, while emphasizing it is not "
     "an endorsement.", "emphasizing", "The senators"),
])
def test_a_participle_of_speech_on_a_reported_clause_is_the_reporters(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
def test_a_headline_labelled_by_a_surname_the_recogniser_missed_is_that_persons(trained):
    from annotator.nlp.quotes_colon import colon_attributions

    def labels(text: str) -> list[tuple[str, str]]:
        doc = trained(text)
        return [(text[slice(*h.speaker)], text[slice(*h.content)]) for h in colon_attributions(doc, text)]

    assert labels("Okafor: The Bridge Will Not Open Before the Winter.\n\nThe engineer spoke on Monday.") == [
        ("Okafor", "The Bridge Will Not Open Before the Winter.")]
    assert labels("Delegate Update: Where the mayoral race stands tonight.\n\nThe count goes on.") == []


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("Proponents like Ms. Okafor urged the council to raise the limit to about $50,000.", "urged",
     "Proponents like Ms. Okafor"),
])
def test_a_speaker_phrase_holds_its_examples(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
def test_a_model_attribution_whose_cue_has_no_subject_takes_the_clauses(trained):
    from annotator.nlp.attribution_refine import refine

    text = "Mr. Lee, in a loose and rambling style, talked for an hour, smiling at times and dismissing questions he found dull."
    doc = trained(text)

    def at(part: str) -> tuple[int, int]:
        a = text.index(part)
        return a, a + len(part)

    [q] = refine(doc, [Quote(at("questions he found dull"), "indirect", cue=at("dismissing"), group=0, origin="model")], text=text)
    assert text[slice(*q.speaker)] == "Mr. Lee"
    # a subject inside the content is no speaker of it
    [q] = refine(doc, [Quote(at("Mr. Lee, in a loose and rambling style"), "indirect", cue=at("dismissing"), group=0, origin="model")],
                 text=text)
    assert q.speaker is None


@pytest.mark.trained
def test_a_verb_of_saying_tagged_as_a_noun_after_a_quote_is_its_cue(trained):
    text = ("\u201cYou appear to have invented a fresh rule out of thin air to describe what the staff did,\u201d the two write. "
            "\u201cWe do not understand it.\u201d")
    assert _quotes(trained, text) == [
        ("You appear to have invented a fresh rule out of thin air to describe what the staff did", "the two"),
        ("We do not understand it.", "the two"),
    ]
