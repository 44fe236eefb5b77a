"""Rules, quote contents missed or invented in news (issue 10, usertest27 H4, M1, M2; rules42).
Invented sentences of the shapes the usertest found.

rows: (content, cue, speaker, group, nested) per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- 1. H4: an infinitive on an evidence noun is no report; "Two of X said" is found ------------

@pytest.mark.parametrize(("text", "rows"), [
    # the usertest's shape: the said-report with its whole content, no "support" reading
    ("Two of the state's top health officials said last week they had no solid evidence to support the idea "
     "that the water is unsafe, nor that it is spreading.",
     [("they had no solid evidence to support the idea that the water is unsafe, nor that it is spreading", "said",
       "Two of the state's top health officials")]),
    ("Two senior officials said they had no evidence to support the claim that the plant leaked.",
     [("they had no evidence to support the claim that the plant leaked", "said", "Two senior officials")]),
    ("Critics found nothing to support the plan that the mayor proposed.", []),
    # a part of people speaks (PolNeAR's Source: "Two of the Republicans ...", "One of the authors ...")
    ("One of the officials said they had no evidence.", [("they had no evidence", "said", "One of the officials")]),
    ("The water is bad, one of the residents said.", [("The water is bad", "said", "one of the residents")]),
    ("One of the residents claimed the water was bad.", [("the water was bad", "claimed", "One of the residents")]),
    ("Three of the firms said the deal was off.", [("the deal was off", "said", "Three of the firms")]),
])
def test_an_infinitive_on_evidence_is_no_report_and_the_said_report_is_found(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: an infinitive with a clause is the subject's report (gold: "investigators have
    # no evidence to suggest that ..."); a person's own stance; "Two of the bills" is no speaker
    ("Investigators have no evidence to suggest that the mayor lied.", [("the mayor lied", "suggest", "Investigators")]),
    ("The senator said she would support the plan that the mayor proposed.",
     [("she would support the plan that the mayor proposed", "said", "The senator")]),
    ("Two of the bills passed, the clerk said.", [("Two of the bills passed", "said", "the clerk")]),
    ("Some of the officials said they had no evidence.", [("they had no evidence", "said", "Some of the officials")]),
])
def test_evidence_and_parts_stay_right(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 2. H4b: a quoted name, title or term is no quote --------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # the name is the subject of the sentence's own report, which is read
    ("“Max”, the night porter, thought he was carrying bags for a guest, but he was wrong.",
     [("he was carrying bags for a guest", "thought", "Max")]),
    ("Another reader, \"GreenLeaf,\" claimed that the story is false and that the staff lied.",
     [("the story is false and that the staff lied", "claimed", "Another reader")]),
    ("“Blue Moon” is considered the best-selling song of the year, though that is hard to prove.", []),
    # a naming verb before it
    ("He was among three men named as possibly being the gunman known as “Jack the Knife.”", []),
    ('"Nobody could stop them anyway," a reader named "bluefox" wrote.', [("Nobody could stop them anyway", None, None)]),
    ('The former customer, identified only as "Dell," told his story to a consumer blog.', []),
    ('Another reader, "GreenLeaf," claimed that the story is false. Then she wrote: "Rats would not live so high up."',
     [("the story is false", "claimed", "Another reader"), ("Rats would not live so high up.", "wrote", "she")]),
])
def test_a_quoted_name_is_no_quote(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # a nickname in the speaker's name: the quote after the frame is the speaker's (on main only
    # by the nickname's false reading); a frame with no content introduces the next quote
    ('Hale\'s niece, Ana "Nan" Price (D-Port City), shouted to the crowd. "The city is watching us. We have his back."',
     [("The city is watching us. We have his back.", "shouted", "Hale's niece")]),
    ('Hale\'s niece, Ana Price, shouted to the crowd. "The city is watching us. We have his back."',
     [("The city is watching us. We have his back.", "shouted", "Hale's niece")]),
])
def test_a_frame_with_no_content_introduces_the_quote_after_it(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: short quotes with a cue of their own (gold: 201 of 201 have one)
    ('"Why?" asked Smith.', [("Why?", "asked", "Smith")]),
    ("“Denver,” he answered.", [("Denver", "answered", "he")]),
    ('"Quiet," he demanded.', [("Quiet", "demanded", "he")]),
    ('Protesters chanted "No more!" and kept walking.', [("No more!", "chanted", "Protesters")]),
    ('"Nonsense," Smith said.', [("Nonsense", "said", "Smith")]),
])
def test_short_quotes_with_a_cue_stay(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. M1: a quotation over paragraphs past a photo credit --------------------------------------

_BAND = "The band split in 1990.\n\n"


@pytest.mark.parametrize(("text", "rows"), [
    # the second paragraph ends with a quote inside the quotation: the credit line still is one
    (_BAND + "In a statement to the Daily Post, Lee and Park said: \"We are so sad to hear of our friend's death.\n\n"
     "\"The three of us made history together with the release of 'Harbour Lights.'\n\nJohn Smith/WireImage\n\n"
     "\"We will always remember touring the world together. Rest in peace, Tom.\"\n\nThe band was formed in 1975.",
     [("We are so sad to hear of our friend's death.", "said", "Lee and Park"),
      ("The three of us made history together with the release of 'Harbour Lights.'", "said", "Lee and Park"),
      ("We will always remember touring the world together. Rest in peace, Tom.", "said", "Lee and Park")]),
    (_BAND + "Lee said: \"We are so sad to hear of our friend's death.\n\n\"We made history together with the album "
     "‘Blue.’\n\nPhoto: Getty Images\n\n\"We will always remember him.\"\n\nThe band was formed in 1975.",
     [("We are so sad to hear of our friend's death.", "said", "Lee"),
      ("We made history together with the album ‘Blue.’", "said", "Lee"),
      ("We will always remember him.", "said", "Lee")]),
])
def test_a_quotation_goes_on_past_a_credit_line(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right (held on main): a credit after a plain sentence end, a credit line after the quote
    (_BAND + "Lee said: \"We are so sad.\n\n\"We made history together.\n\nImage copyright Reuters\n\n"
     "\"We will always remember him.\"\n\nThe band was formed in 1975.",
     [("We are so sad.", "said", "Lee"), ("We made history together.", "said", "Lee"),
      ("We will always remember him.", "said", "Lee")]),
    ('Lee said: "We will always remember him."\n\nPhoto: Getty Images\n\nThe band was formed in 1975.',
     [("We will always remember him.", "said", "Lee")]),
    ("Photo: Reuters/John Smith\n\nThe band was formed in 1975, its manager said.",
     [("The band was formed in 1975", "said", "its manager")]),
])
def test_a_credit_line_is_never_content_or_speaker(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 4. M2: "According to X, which ..., that's Y"; ", saying that" after a part of people -----------

@pytest.mark.parametrize(("text", "rows"), [
    ("According to the city agency, which has been tracking the leak for weeks, that’s bogus.",
     [("that’s bogus", "According to", "the city agency")]),
    ("According to the agency, that is false.", [("that is false", "According to", "the agency")]),
    ("He said that was wrong.", [("that was wrong", "said", "He")]),
    ("One of Hale's aides changed the story after the senator's speech, saying that the men might be local hunters "
     "or even tourists.",
     [("the men might be local hunters or even tourists", "saying", "One of Hale's aides")]),
    ("One of the witnesses later changed her account, saying she had not seen the car.",
     [("she had not seen the car", "saying", "One of the witnesses")]),
])
def test_according_past_a_relative_and_saying_after_a_part(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: the complementizer "that" is no part of the content
    ("She said that the plan was wrong.", [("the plan was wrong", "said", "She")]),
    ("According to Smith, who has studied the lake for years, the water is clean.",
     [("the water is clean", "According to", "Smith")]),
    ("A spokesman changed the story after the speech, saying that the men might be local hunters.",
     [("the men might be local hunters", "saying", "A spokesman")]),
])
def test_according_and_saying_stay_right(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- FNC-1 read-through: a phrasal "call" reports nothing ------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("Before the race started, a colleague called him out to compete.", []),
    ("Ann even called in sick to her job so she could stay home.", []),
])
def test_a_phrasal_call_is_no_report(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: a criticism (gold's "called out") and a label; no reading where main had none
    # (a part of people as the subject, item 1, must not make a challenge a report)
    ("Before the race started, one of his colleagues called him out to compete.", []),
    ("The firm called off the deal with the city.", []),
    ("The senator called out the mayor for the delay.", [("the mayor for the delay", "called", "The senator")]),
    ("Obama called the plan a mistake.", [("the plan a mistake", "called", "Obama")]),
])
def test_called_out_and_labels_stay(trained, text, rows):
    assert _triples(trained, text) == rows
