"""Rules, the errors a new user found on unseen news (issue 10, usertest29 M2; rules45). Invented
sentences of the shapes the FNC-1 read-through found.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`); with
the group where pieces join (FRAGMENT).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


def _groups(trained, text: str) -> list[tuple]:
    return [r[:4] for r in _rows(trained, text)]


# ---- 1. the speaker from the right part of the sentence -----------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # the one who claims speaks, not the name he claims (the parse made it a second subject)
    ('A man claiming to be rebel leader Omar Baslan said more than fifty workers taken by the group had been "sent away" to its camps.',
     [('more than fifty workers taken by the group had been "sent away" to its camps', "said", "A man")]),
    ("A woman claiming to be the owner Ann Lee said the shop would open again on Monday.",
     [("to be the owner", "claiming", "A woman"), ("the shop would open again on Monday", "said", "A woman")]),
    # "X quotes Y as saying": Y speaks, X relays it
    ("The radio reports that the road is closed. Reuters quotes Canadian television as saying that Premier Tom Reyes is safe.",
     [("the road is closed", "reports", "The radio"), ("Premier Tom Reyes is safe", "saying", "Canadian television")]),
    ("The agency quoted a senior official as saying that the talks had failed.",
     [("the talks had failed", "saying", "a senior official")]),
    # a partitive with a bare possessive mark: the whole phrase
    ("Many of Davis’ colleagues believe her story that she just “confused” two flights she took in 2011.",
     [("her story that she just “confused” two flights she took in 2011", "believe", "Many of Davis’ colleagues")]),
    ("Many of Williams’ staff believe her story that she just “confused” two flights she took in 2011.",
     [("her story that she just “confused” two flights she took in 2011", "believe", "Many of Williams’ staff")]),
    # were right, stay right
    ("Many of Jones’ friends said that he was a careful reporter.",
     [("he was a careful reporter", "said", "Many of Jones’ friends")]),
    ("A group monitoring the war said the town had fallen.", [("the town had fallen", "said", "A group monitoring the war")]),
    ("The minister was quoted as saying that the talks had failed.", [("the talks had failed", "saying", "The minister")]),
])
def test_speaker_from_the_right_part_of_the_sentence(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 2. idioms that report nothing; the verbs PolNeAR's gold keeps as cues stay -----------------

@pytest.mark.parametrize(("text", "rows"), [
    ("He gave the driver another fifty dollars and she couldn't believe he was so kind to strangers.", []),
    ("She could not believe that the shop had closed.", []),
    ("The reporter was unable to confirm his criminal record.", []),
    ("The whole thing is only gossip for now. Time will tell if the rumour holds up.", []),
    ("Only time will tell whether the plan works.", []),
    # were right, stay right (gold cues: proposed, rejected, wanted, "the video shows", "was asked")
    ("She believes that the shop will close.", [("the shop will close", "believes", "She")]),
    ("Police confirmed that the driver had died.", [("the driver had died", "confirmed", "Police")]),
    ("The senator proposed a bill that would ban the sale of fireworks.",
     [("a bill that would ban the sale of fireworks", "proposed", "The senator")]),
    ("The video shows the mayor leaving the hall in a hurry.", [("the mayor leaving the hall in a hurry", "shows", "The video")]),
    ("The chief was asked if police were still looking for a second man.",
     [("if police were still looking for a second man", "asked", None)]),
    ("The team rejected the idea that the coach would leave.", [("the idea that the coach would leave", "rejected", "The team")]),
    ("He wanted to build a new stadium for the club.", [("to build a new stadium for the club", "wanted", "He")]),
])
def test_idioms_that_report_nothing(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. continuation quotes: with the right quote, or none ---------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # what the subject did next after a quote is no frame: the quote goes on with the source
    ('"Yet even the big bonus was not enough to get Moreno to agree," the agent said. "[She] wanted three days to weigh it '
     'up," then ripped up the offer in front of the managers. "Her decision is final and that is all."',
     [("Yet even the big bonus was not enough to get Moreno to agree", "said", "the agent", 0),
      ("[She] wanted three days to weigh it up", "said", "the agent", 0),
      ("Her decision is final and that is all.", "said", "the agent", 0)]),
    # a phrase the writer quotes inside a sentence of its own paragraph: no piece of the tweet before
    ('"Hair gets caught in it all the time," @tomgrey tweeted.\n\nSome have made fun of the whole thing. Edited pictures spread '
     'across the internet with the captions "Our newest phone and our newest shaver," and "Keep it smooth."',
     [("Hair gets caught in it all the time", "tweeted", "@tomgrey", 0), ("Our newest phone and our newest shaver", None, None, 1)]),
    # the "claiming to be" reading inside the first quote's frame does not take the next quote
    ('"We have sent them away and they are all in the camps," the man claiming to be Baslan says. "The workers have joined '
     'us. Either their families accept this or they can leave."',
     [("We have sent them away and they are all in the camps", "says", "the man", 0), ("to be Baslan", "claiming", "the man", 1),
      ("The workers have joined us. Either their families accept this or they can leave.", "says", "the man", 0)]),
    # were right, stay right: a quote paragraph after a paragraph of narration goes on
    ('"We will win," she said.\n\nThe crowd cheered for a long time.\n\n"We have the votes and we have the money to win this race."',
     [("We will win", "said", "she", 0), ("We have the votes and we have the money to win this race.", "said", "she", 0)]),
])
def test_continuation_quotes(trained, text, rows):
    assert _groups(trained, text) == rows


# ---- 4. a handle names its poster, whatever its part of speech ----------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ('Lots of people doubted the whole thing, too.\n\n"I have big wavy hair that gets stuck in EVERYTHING, and it has never '
     'been stuck in my new phone. I say #trimgate was started by rivals," @JustAnn tweeted.',
     [("I have big wavy hair that gets stuck in EVERYTHING, and it has never been stuck in my new phone. I say #trimgate was "
       "started by rivals", "tweeted", "@JustAnn")]),
    ('A blade company saw a marketing chance and took it.\n\n"Your phone may be cleverer than ever, but leave the trimming to '
     'the pros. #trimgate," tweeted @Bladeco.',
     [("Your phone may be cleverer than ever, but leave the trimming to the pros. #trimgate", "tweeted", "@Bladeco")]),
    # were right, stay right; an addressee is no poster
    ('"It is broken again," @redpen tweeted.', [("It is broken again", "tweeted", "@redpen")]),
    ("The mayor told @cityhall that the road would close.", [("the road would close", "told", "The mayor")]),
])
def test_a_handle_is_a_speaker_in_any_position(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 5. quote bounds: a time's colon; the clause around a quoted phrase -------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("Update at 2:47 p.m. ET. Soldier Killed, Halifax Police Say:\n\nOn its feed, Halifax police say one soldier was killed.",
     [("Soldier Killed", "Say", "Halifax Police"), ("one soldier was killed", "say", "Halifax police")]),
    # the clause's subject and verb before the quoted words are the report's: the negation is kept
    ('The spokesman was asked if this was an attack, and she said she was not in "a position to judge that at this time."',
     [("if this was an attack", "asked", None), ('she was not in "a position to judge that at this time."', "said", "she")]),
    ('He said Tom Reyes had "the chance and the duty to bring us together."',
     [('Tom Reyes had "the chance and the duty to bring us together."', "said", "He")]),
    # were right, stay right: a whole quoted sentence; an editor's label
    ('He said, "We are not in a position to judge that."', [("We are not in a position to judge that.", "said", "He")]),
    ("Editor's note: The mayor has since resigned, her office said.", [("The mayor has since resigned", "said", "her office")]),
])
def test_quote_bounds(trained, text, rows):
    assert _triples(trained, text) == rows
