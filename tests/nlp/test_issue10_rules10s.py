"""Issue 10, user-tester kinds 2, 3, 5 and 6 (task rules10s), on hand-written sentences:

2. a frame set off by commas inside what another frame reports (", she warned,", ", it
   stressed,") is an attribution of its own (its speaker, its cue, the words around it back to
   the last comma), and the outer frame's content skips it and goes on after it
   (``quotes_indirect._past_inner_frames``, ``_inner_left``); "it" of such a frame speaks; the
   words after a frame ("A, Moss said, B") stop at another speaker's frame
   (``quotes_indirect._before_own_frame``), also an "according to" source's, which takes the
   words after it when those before hold a frame of their own (``_own_frame_in``);
3. a transcript turn's addressee ("HOST: Governor, the mayor, Paul Grant, says") is never the
   speaker of the inner report: the described person is, with the name as its reference
   (``quotes_speakers._past_vocative``);
5. a phrase of the occasion or channel of saying ("at a press briefing", "in an interview",
   "by email", "on <broadcaster>") ends a reported clause, with a date or place after it
   (``quotes_indirect._before_saying_adjunct``); a date alone stays (it may date the event);
6. a title-cased name after "known as" / "billed as" is no quote (``quotes_direct.named_title``);
   "called" with a person as its only object and nothing said of them (a phone call) is no
   attribution (``quotes_indirect._content_range``).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _by_group(rows):
    out: dict[int, list] = {}
    for r in rows:
        out.setdefault(r[4], []).append(r)
    return [(tuple(r[0] for r in rs), rs[0][1], rs[0][2]) for rs in out.values()]


# ---- 2. a frame inside another frame's content ----------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("The mayor said the strike would end soon, though not, she warned, before Friday.", [
        (("the strike would end soon, though not", "before Friday"), "said", "The mayor"),
        (("though not", "before Friday"), "warned", "she"),
    ]),
    ("The company said the truce would hold, though not, it stressed, for long.", [
        (("the truce would hold, though not", "for long"), "said", "The company"),
        (("though not", "for long"), "stressed", "it"),
    ]),
    ("The ceasefire, the general said, would last, but only, he added, if the rebels withdrew.", [
        (("The ceasefire", "would last, but only", "if the rebels withdrew"), "said", "the general"),
        (("but only", "if the rebels withdrew"), "added", "he"),
    ]),
])
def test_a_frame_inside_content_is_its_own_attribution(trained, text, want):
    assert _by_group(_rows(trained, text)) == want


@pytest.mark.parametrize(("text", "want"), [
    # frames that were right stay right: an apposition after the name, a third frame, "; however,"
    ("The levy is unfair, Mayor Lin Oduya, a Republican, said on Monday, but her deputy, Carl Brandt, said it was overdue.", [
        (("The levy is unfair",), "said", "Mayor Lin Oduya"),
        (("it was overdue",), "said", "her deputy"),
    ]),
    ("Vint said the dam would hold, Sohl said it might crack, and Oduya said she would wait.", [
        (("the dam would hold",), "said", "Vint"),
        (("it might crack",), "said", "Sohl"),
        (("she would wait",), "said", "Oduya"),
    ]),
    ("Officials said the port would reopen; however, the union said its members would stay home.", [
        (("the port would reopen",), "said", "Officials"),
        (("its members would stay home",), "said", "the union"),
    ]),
    ("The deal, Moss said, was off, although Reyes, in a later interview, said it was alive.", [
        (("The deal", "was off"), "said", "Moss"),
        (("it was alive",), "said", "Reyes"),
    ]),
    ("The river is rising, according to a review by the Institute of Water Studies of Northland University, but the mayor said the levees would hold.", [
        (("The river is rising",), "according to", "the Institute of Water Studies of Northland University"),
        (("the levees would hold",), "said", "the mayor"),
    ]),
    ("According to a memo from the Office of Budget Review of the State of Norland, the deficit will double, though the governor said it would shrink.", [
        (("the deficit will double",), "According to", "the Office of Budget Review of the State of Norland"),
        (("it would shrink",), "said", "the governor"),
    ]),
    ("The mayor said the levees would hold, but according to a review by the Guild of Bridge Builders of Elmwood, they are weak.", [
        (("the levees would hold",), "said", "The mayor"),
        (("they are weak",), "according to", "the Guild of Bridge Builders of Elmwood"),
    ]),
    ("If the talks fail, he warned, the city will suffer.", [
        (("If the talks fail", "the city will suffer"), "warned", "he"),
    ]),
    ("The levy is unfair, Mayor Lin Oduya said, though, her deputy said, it was overdue.", [
        (("The levy is unfair",), "said", "Mayor Lin Oduya"),
        (("it was overdue",), "said", "her deputy"),
    ]),
])
def test_frames_without_an_inner_frame_are_unchanged(trained, text, want):
    assert _by_group(_rows(trained, text)) == want


# ---- 3. the person addressed in a transcript turn ---------------------------------------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker", "ref"), [
    ("HOST: Governor, the mayor, Paul Grant, says the plan is dead.", "the plan is dead", "says", "the mayor", "Paul Grant"),
    ("ANCHOR: Doctor, your colleague, Nina Farr, says the vaccine works.", "the vaccine works", "says", "your colleague", "Nina Farr"),
    ("HOST: Senator, the chairman, Omar Keel, told us the bill is stalled.", "the bill is stalled", "told", "the chairman", "Omar Keel"),
    ("HOST: Doctor, the minister says schools will reopen.", "schools will reopen", "says", "the minister", None),
])
def test_the_addressee_of_a_turn_never_speaks(trained, text, content, cue, speaker, ref):
    rows = _rows(trained, text)
    turn = [r for r in rows if r[1] == ":"]
    assert [(r[2]) for r in turn] == [text.split(":")[0]]
    inner = [r for r in rows if r[1] != ":"]
    assert [r[:4] for r in inner] == [(content, cue, speaker, ref)]


# ---- 5. where or how it was said is not what was said -------------------------------------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("Kate Ruiz said the museum would close at a press briefing.", "the museum would close", "said", "Kate Ruiz"),
    ("Judge Ana Petrov wrote that the contract was void in her opinion on Monday.", "the contract was void", "wrote", "Judge Ana Petrov"),
    ("The coach said the team was tired in an interview with the Daily Ledger.", "the team was tired", "said", "The coach"),
    ("The spokesman said the talks had failed by email.", "the talks had failed", "said", "The spokesman"),
    ("Lise Dorn said the road would reopen by phone from Elmwood.", "the road would reopen", "said", "Lise Dorn"),
    ("The judge said the levy was invalid in her ruling.", "the levy was invalid", "said", "The judge"),
    ("The senator said the count was rigged on CNN.", "the count was rigged", "said", "The senator"),
    ('Moss said "the plan is dead" at a news conference.', "the plan is dead", "said", "Moss"),
    ('Critics called the levy "reckless" and "naive" at a rally in Dover.', 'the levy "reckless" and "naive"', "called", "Critics"),
    ("Officials said the road was closed during a briefing in Elmwood.", "the road was closed", "said", "Officials"),
    # the tester's inputs
    ("Moss said the budget was balanced at a news conference.", "the budget was balanced", "said", "Moss"),
    ("Reyes said the merger would fail on Fox News.", "the merger would fail", "said", "Reyes"),
    ("The judge said the law was invalid in her ruling.", "the law was invalid", "said", "The judge"),
    ("Grant said the road would reopen by phone from Denver.", "the road would reopen", "said", "Grant"),
    ("Moss said the tax was fair in an interview.", "the tax was fair", "said", "Moss"),
    # a date on a state is the saying's ("was off on Tuesday"); an event keeps its date
    ("Reyes said the deal was off on Tuesday.", "the deal was off", "said", "Reyes"),
    ("Grant said the plan is dead on Monday.", "the plan is dead", "said", "Grant"),
    ("Tom Vega said the factory would close on Thursday.", "the factory would close on Thursday", "said", "Tom Vega"),
    ("Moss said the firm fired him on Tuesday.", "the firm fired him on Tuesday", "said", "Moss"),
    ("Ruiz said the council voted on the statement.", "the council voted on the statement", "said", "Ruiz"),
    ("The coach said the team would focus on Norvale.", "the team would focus on Norvale", "said", "The coach"),
])
def test_a_phrase_of_the_saying_ends_the_content(trained, text, content, cue, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [(content, cue, speaker)]


# ---- 6. a name after "known as" is no quote -------------------------------------------------------

@pytest.mark.parametrize("text", [
    'The council backed a plan known as "Clean Start" last week.',
    'A tax billed as "Fair Share" was rejected by voters.',
    'The ward, known as "Little Harbor," voted for the mayor.',
    'The film, "Long Night Home," opens Friday.',
    'Her book, titled "Salt and Stone," sold well.',
])
def test_a_name_in_marks_is_no_quote(trained, text):
    assert _rows(trained, text) == []


def test_a_quoted_word_after_as_with_a_verb_of_speech_stays_a_quote(trained):
    text = 'The mayor described the levy as "a disgrace" on Monday.'
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [('the levy as "a disgrace"', "described", "The mayor")]


# ---- 7. a report inside a report; 8. a speaker with no name ----------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("Moss said Reyes told aides that the deal was off.", [
        (("Reyes told aides that the deal was off",), "said", "Moss"),
        (("the deal was off",), "told", "Reyes"),
    ]),
    ("The governor said the senator had claimed the report was false.", [
        (("the senator had claimed the report was false",), "said", "The governor"),
        (("the report was false",), "claimed", "the senator"),
    ]),
    # a noun phrase with no name is the speaker as it stands
    ("The commissioner said the fund was empty.", [(("the fund was empty",), "said", "The commissioner")]),
    ("A spokeswoman for the ministry said the plan was dead.", [(("the plan was dead",), "said", "A spokeswoman for the ministry")]),
    # a quoted word as the complement of a verb of stance, with a person subject
    ('She called the loss "embarrassing" after the game.', [(('the loss "embarrassing"',), "called", "She")]),
])
def test_nested_reports_and_unnamed_speakers(trained, text, want):
    assert _by_group(_rows(trained, text)) == want


# ---- a person called (on the phone) is no attribution ---------------------------------------------

def test_a_person_called_with_nothing_said_of_them_is_no_quote(trained):
    # (main gave "a local organizer, Ann Holt" as what Moss said)
    assert _rows(trained, "Moss called a local organizer, Ann Holt, that night.") == []


@pytest.mark.parametrize(("text", "content"), [
    ('Oduya called their daughter "a true hero."', 'their daughter "a true hero."'),
    ("Reyes called the levy a disgrace.", "the levy a disgrace"),
    ('The senator called the protesters "thugs" on Monday.', 'the protesters "thugs"'),
])
def test_a_label_after_called_stays(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]
