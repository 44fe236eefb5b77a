"""Issue 10, rule kinds the user re-test usertest10f found to hold only for the wording tested
(task rules10l), each on hand-written sentences:

3. a short Title-Cased run in quotation marks with no speech of its own that sits in a noun-phrase
   slot is a name (``quotes_direct.named_title``), in any slot: after a preposition or a verb of
   a work, as a noun's modifier, as an apposition, as the subject with an apposition naming a
   work; the report around it is found as if it were a name. No content starts with a closing
   mark (``quotes_doc.trim``); "called ... for “The Hill”" calls nothing for The Hill.
4. a show's name in quotation marks in a transcript label is part of the label in any turn.
5. a quote inside a transcript turn with a cue of its own is an attribution of its own, with or
   without a comma before its opening mark.
6. ", which, X said, ..." after an inverted frame is a comment, not the frame's content.
7. an interrupted quote in any number of pieces is one attribution.
"""

from __future__ import annotations

import re

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 3. a title in quotation marks in a noun-phrase slot ------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    # after a preposition
    ("The president, in a late-night post about \u201cSaturday Night Live,\u201d said the sketch was unfair.",
     "the sketch was unfair", "The president"),
    ("The senator, in an interview about \u201cMeet the Press,\u201d said the bill was dead.", "the bill was dead", "The senator"),
    ("The author of \u201cThe Last Senator\u201d said Congress was broken.", "Congress was broken", "The author"),
    ("The star of \u201cDark Harbor\u201d said the sequel was coming.", "the sequel was coming", "The star"),
    ("The governor appeared on \u201cFox & Friends\u201d and said the border was closed.", "the border was closed", "The governor"),
    ("The mayor went on \u201cMorning Joe\u201d and said the budget was balanced.", "the budget was balanced", "The mayor"),
    # the object of a verb of a work, in a relative clause or an adjunct
    ("Mr. Cole, who reviewed \u201cThe Fallen Empire\u201d for the magazine, said the book was a triumph.",
     "the book was a triumph", "Mr. Cole"),
    ("Ms. Holt, who directed \u201cBlue River\u201d last year, said the film was her best.", "the film was her best", "Ms. Holt"),
    ("After watching \u201cDark Harbor,\u201d the critic said it was the worst film of the year.",
     "it was the worst film of the year", "the critic"),
    ("After reading \u201cThe Last Senator,\u201d the governor said the book was unfair.", "the book was unfair", "the governor"),
    # an apposition on a noun of a work
    ("In his memoir, \u201cA Long Road Home,\u201d the former governor says he regrets the war.", "he regrets the war", "the former governor"),
    ("In her new book, \u201cThe Quiet Years,\u201d the senator writes that she was wrong.", "she was wrong", "the senator"),
])
def test_a_title_in_a_noun_phrase_slot_is_no_quote(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [(content, speaker)]


@pytest.mark.parametrize(("text", "content", "ref"), [
    ("\u201cGood Morning America\u201d host Dan Pike said the interview was canceled.", "the interview was canceled", "Dan Pike"),
    # the parse splits "co-host Ann Lee" into three subjects: the one next to the verb speaks
    ("\u201cFox & Friends\u201d co-host Ann Lee said the guest had canceled.", "the guest had canceled", "Ann Lee"),
])
def test_a_title_modifying_the_speaker_is_no_quote(trained, text, content, ref):
    rows = _rows(trained, text)
    assert [(r[0], r[3]) for r in rows] == [(content, ref)]
    assert rows[0][2].endswith(ref)


@pytest.mark.parametrize(("text", "content", "source"), [
    ("\u201cThe Fallen Empire,\u201d a new book by Ann Holt, argues that the party is dying.", "the party is dying", "The Fallen Empire"),
    ("\u201cBlue River,\u201d a documentary by Tom Reed, argues that the dam failed.", "the dam failed", "Blue River"),
])
def test_a_title_as_the_subject_of_a_work_is_the_source_not_the_quote(trained, text, content, source):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [(content, source)]


def test_a_title_ending_its_sentence_with_the_period_inside_is_no_quote(trained):
    text = "Reed called the plan \u201ca disaster\u201d in an op-ed for \u201cThe Hill.\u201d"
    rows = _rows(trained, text)
    assert all("Hill" not in r[0] for r in rows)  # neither a quote nor what Reed "called for"
    assert _rows(trained, "Holt wrote about the vote in a column for \u201cThe Daily Ledger.\u201d") == []


@pytest.mark.parametrize(("text", "content"), [
    ("Reed called for a ban on the drug.", "a ban on the drug"),
    ("The mayor accused the council of lying about the budget.", "the council of lying about the budget"),
    # only "for" must follow the object: "as" after a time phrase is still what she called it
    ("The mayor described the plan on Tuesday as a disaster for the city.", "the plan on Tuesday as a disaster for the city"),
])
def test_what_a_verb_calls_something_is_found_as_before(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


@pytest.mark.parametrize(("text", "content"), [
    ("According to \u201cThe Daily Ledger,\u201d the mayor will resign next week.", "the mayor will resign next week"),
    ("According to \u201cThe Hill,\u201d the speaker will resign.", "the speaker will resign"),
])
def test_no_content_starts_with_a_closing_mark(trained, text, content):
    rows = _rows(trained, text)
    assert [(r[0], r[1]) for r in rows] == [(content, "According to")]


@pytest.mark.parametrize(("text", "content"), [
    ('"No," he said.', "No"),
    ('"We Will Win," she said.', "We Will Win"),  # a clause led by its speaker: words
    ('"Absolutely Not," the mayor said.', "Absolutely Not"),
    ('"Good Morning," the host said to the guests.', "Good Morning"),
    ('Ann Holt told reporters, "The Vote Is Over."', "The Vote Is Over."),
])
def test_capitalised_words_out_of_a_noun_phrase_slot_are_still_quotes(trained, text, content):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == [content]


def test_named_title_slots_without_a_parse():
    from annotator.nlp.quotes_direct import named_title
    from annotator.nlp.quotes_marks import find_quoted_runs

    def title(text: str) -> bool:
        (run,) = find_quoted_runs(text)
        return named_title(text, run)

    assert title("The author of \u201cThe Last Senator\u201d said Congress was broken.")
    assert title("\u201cGood Morning America\u201d host Dan Pike said it.")
    assert title("In his memoir, \u201cA Long Road Home,\u201d he says it.")
    assert title("\u201cThe Fallen Empire,\u201d a new book by Ann Holt, argues it.")
    assert title("He wrote an op-ed for \u201cThe Hill.\u201d")
    assert not title("He said, \u201cThe Hill.\u201d")  # a full stop after a verb of speech: words
    assert not title("\u201cWe Will Win,\u201d a new book by Ann Holt, argues it.")  # a clause led by a pronoun
    assert not title("\u201cGood Morning,\u201d the host said.")  # the apposition is no work
    assert not title("The show was called \u201cthe best thing on air\u201d by critics.")  # lower case


# ---- 4. a show's name in a later turn's label --------------------------------------------------

def test_a_show_title_in_a_later_turn_label_is_no_quote(trained):
    text = (
        "ANN HOLT, CNN CHIEF WHITE HOUSE CORRESPONDENT: The president spoke an hour ago.\n\n"
        'JIM PARK, CNN ANCHOR, "NEWSROOM": What did he say?\n\n'
        "HOLT: He said he will sign the bill tonight.\n"
    )
    rows = _rows(trained, text)
    assert all("NEWSROOM" not in r[0] for r in rows)
    assert [(r[1], r[2]) for r in rows] == [(":", "ANN HOLT"), (":", "JIM PARK"), (":", "HOLT")]


# ---- 5. quotes inside a turn -------------------------------------------------------------------

KERR = "SEN. JOHN KERR (D-MA): The plan will fail.\n\nANN HOLT, CNN HOST: Why?\n\n"
ADAMS = "MARY LEE, CNN ANCHOR: Welcome, Governor.\n\nGOV. JOHN ADAMS (R-TX): Thank you, Mary.\n\n"


@pytest.mark.parametrize(("text", "inner", "cue", "speaker"), [
    (KERR + 'KERR: Because he said, "I will veto it."\n', "I will veto it.", "said", "he"),
    (KERR + 'KERR: He said, "I will veto it."\n', "I will veto it.", "said", "He"),
    (ADAMS + 'ADAMS: He told me "we will send troops."\n', "we will send troops.", "told", "He"),
    (ADAMS + 'ADAMS: He told me, "we will send troops."\n', "we will send troops.", "told", "He"),
    # the time phrase after the closing mark dates the telling: the content ends at the mark
    # (rules10n; it ran on to "last week" before)
    (ADAMS + 'ADAMS: She told me "the wall works" last week.\n', "the wall works", "told", "She"),
])
def test_a_quote_inside_a_turn_is_an_attribution_of_its_own(trained, text, inner, cue, speaker):
    rows = _rows(trained, text)
    turn = [r for r in rows if r[1] == ":"]
    assert len(turn) == text.count(":")  # every turn stays whole, its speaker's words
    assert turn[-1][0] == text.rstrip("\n").rsplit(": ", 1)[1]
    assert [(r[0], r[1], r[2]) for r in rows if r[1] != ":"] == [(inner, cue, speaker)]


# ---- 6. ", which, X said, ..." after an inverted frame -----------------------------------------

@pytest.mark.parametrize(("text", "second"), [
    ("The tax will rise, the governor said, which, aides later said, was a mistake.", ("was a mistake", "aides")),
    ("The tax will rise, the governor said, which, critics said, was a mistake.", ("was a mistake", "critics")),
    ("The tax will rise, the governor said, which, according to aides, was a mistake.", ("was a mistake", "aides")),
])
def test_a_comment_with_its_own_frame_is_no_content_of_the_report(trained, text, second):
    rows = _rows(trained, text)
    assert (rows[0][0], rows[0][2]) == ("The tax will rise", "the governor")
    assert [(r[0], r[2]) for r in rows[1:]] == [second]  # the comment is its own speakers', if anyone's


# ---- 7. any number of pieces -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"The plan," the chief said, "is bold," he added, "and it is cheap," he went on, "and it is fair," he said, "and it will pass."',
    '"The plan," the chief said, "is bold," he added, "and it is cheap," he noted, "and it is fair," he said, "and it will pass."',
    '"The plan," Ann Holt said, "is bold," she added, "and it is cheap," she went on, "and it is fair," she said,'
    ' "and it is fast," she added, "and it will pass."',
])
def test_five_and_six_pieces_are_one_attribution(trained, text):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == [p.rstrip(",") for p in re.findall('"([^"]*)"', text)]
    assert len({(r[2], r[4]) for r in rows}) == 1  # one speaker, one group: every frame left out
