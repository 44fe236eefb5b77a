"""Rules, usertest18 H1, H3, H5, L6 (issue 10): one test per kind, invented sentences.

1. a coordinated subject is the whole speaker, without a floating "all"
   (``quotes_speakers._past_conjuncts``; PolNeAR's gold SOURCE is the coordination);
2. a second verb of the speaker's own ("said she would resign and left the room") is not in the
   content (``quotes_indirect._before_speakers_conjunct``); one the reported verb governs stays;
3. a report whose subject carries a relative clause set off by commas is found
   (``quotes_indirect._report_past_relative``);
4. "according to" a plan, vision or custom is no source (``quotes_indirect._by_what_is_followed``),
   and an "according to" inside a relative clause vouches for that clause only
   (``quotes_indirect._within_own_clause``);
5. a wh-word in front of an intention verb ("What do they plan to build?", "whom X refused to
   endorse"): a question reports nothing; otherwise the content is the words after the cue
   (``quotes_indirect._object_fronted``), never its own speaker and cue;
6. "said only that X": X (``quotes_indirect._past_focus_adverb``); "Tuesday's statement" keeps
   its day (``speaker_time._possessor``); "whose department said" records "whose" and the
   antecedent as the ref (``quotes_speakers.whose_owner``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. coordinated subjects ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("The unions, the employers and the regional governments all said they would oppose the cuts.",
     "The unions, the employers and the regional governments"),
    ("The unions and the employers said they would oppose the cuts.", "The unions and the employers"),
    ("Unions, employers and regional governments said they would oppose the cuts.",
     "Unions, employers and regional governments"),
    ("Farmers and retailers complain that the new tariff hurts them.", "Farmers and retailers"),
])
def test_a_coordinated_subject_is_the_whole_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 2. the speaker's own second verb ---------------------------------------------------------

@pytest.mark.parametrize(("text", "content"), [
    ("She said she would resign and left the room.", "she would resign"),
    ("He said he would resign if the vote failed, and left the room.", "he would resign if the vote failed"),
])
def test_the_speakers_second_verb_is_not_reported(trained, text, content):
    # a second verb the reported one governs ("would resign and leave") stays in the content
    kept = "She said she would resign and leave politics."
    assert [r[0] for r in _rows(trained, text) + _rows(trained, kept)] == [content, "she would resign and leave politics"]


# ---- 3. a relative clause inside the reported subject -----------------------------------------

@pytest.mark.parametrize(("text", "content"), [
    ("The mayor said the deal, which the council approved in May, would create 500 jobs.",
     "the deal, which the council approved in May, would create 500 jobs"),
    ("The mayor said the report, which the agency published on Monday, was wrong.",
     "the report, which the agency published on Monday, was wrong"),
])
def test_a_relative_clause_in_the_reported_subject_keeps_the_report(trained, text, content):
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [(content, "said", "The mayor")]


# ---- 4. "according to" ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The president has vowed to defeat the militia. The militia is a movement seeking to remake the "
    "country according to its strict reading of the old law.",
    "The vote was held on schedule, according to plan.",
])
def test_according_to_a_plan_or_vision_is_no_source(trained, text):
    assert [r for r in _rows(trained, text) if r[1] and r[1].lower() == "according to"] == []
    # a report, as the gold has "according to" objects, is still a source
    rows = _rows(trained, "According to the report, the port will close next year.")
    assert [(r[0], r[2]) for r in rows] == [("the port will close next year", "the report")]


def test_according_to_inside_a_relative_clause_gives_that_clause(trained):
    text = "The mayor has vowed to stop the group, which is seeking to control the port according to its own leaders."
    rows = [r for r in _rows(trained, text) if r[1] == "according to"]
    assert rows and all(r[0].startswith("which is seeking") for r in rows)


# ---- 5. wh-words before an intention verb -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "What do they plan to build on the empty lot next spring?",
    "The reform, which she plans to do mostly through a levy on the rich, is popular.",
    "The senator, whom the mayor refused to endorse, lost.",
])
def test_no_speaker_or_cue_inside_its_own_content(trained, text):
    for q in suggest_quotes(trained(text), text=text):
        for rng in (q.speaker, q.cue):
            assert rng is None or not (q.content[0] <= rng[0] and rng[1] <= q.content[1]), text[q.content[0]:q.content[1]]


@pytest.mark.parametrize(("text", "row"), [
    ("The reform, which she plans to do mostly through a levy on the rich, is popular.",
     ("to do mostly through a levy on the rich", "plans", "she")),
    ("The senator, whom the mayor refused to endorse, lost.", ("to endorse", "refused", "the mayor")),
])
def test_after_a_fronted_wh_word_the_content_is_the_words_after_the_cue(trained, text, row):
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [row]


def test_a_question_reports_nothing(trained):
    assert _rows(trained, "What do they plan to build on the empty lot next spring?") == []


# ---- 6. small ones ----------------------------------------------------------------------------

def test_said_only_that(trained):
    rows = _rows(trained, "Officials, who declined to comment further, said only that an inquiry was under way.")
    assert [(r[0], r[2]) for r in rows] == [("an inquiry was under way", "Officials")]


def test_a_days_statement_keeps_its_day(trained):
    rows = _rows(trained, "Tuesday's statement said the company would cut 200 jobs.")
    assert [r[2] for r in rows] == ["Tuesday's statement"]


def test_whose_records_the_pronoun_and_the_antecedent(trained):
    text = "The minister, whose department said the figures were wrong, left early."
    quotes = suggest_quotes(trained(text), text=text)
    got = [(text[q.content[0]:q.content[1]], text[q.speaker[0]:q.speaker[1]], q.speaker_ref,
            q.speaker_pronoun and text[q.speaker_pronoun[0]:q.speaker_pronoun[1]]) for q in quotes]
    assert got == [("the figures were wrong", "whose department", "The minister", "whose")]



def test_a_relative_that_before_an_intention_leaves_subject_and_cue_out(trained):
    rows = _rows(trained, "The board approved the stores that Acme plans to open throughout Asia.")
    assert [(r[0], r[1], r[2]) for r in rows] == [("to open throughout Asia", "plans", "Acme")]


def test_a_clause_before_so_is_not_what_the_cue_reports(trained):
    text = "The drones stand four feet tall and weigh 90 kilos, so you surely won't want to fight one."
    # (the negated cue whole, as PolNeAR's gold has it: rules21)
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [("to fight one", "won't want", "you")]
