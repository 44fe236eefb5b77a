"""Rules, usertest19 H1 rest, H2, H3, L1, L8 (issue 10): one test per kind, invented sentences.

1. a three-item subject list whose first item the parse hung on the verb (``dep``) before a comma
   is the whole speaker (``quotes_speakers._before_list``), inside a paragraph as the user saw it;
2. a partitive relative speaker ("Engineers, many of whom said") records "whom" as its pronoun
   and the antecedent as its ref, as "whose" does (``quotes_speakers._partitive_whom``);
3. a person's own act after a thing's perfect or passive ("said the talks had failed and walked
   out of the room") is not in the content (``quotes_indirect._a_things_finished_state``); the
   thing's or a person's own second verb stays; no content ends in a stray "and"
   (``quotes_indirect._without_trailing_and``);
4. "Neither X nor Y said/would say" : the whole coordination is the speaker
   (``quotes_speakers._past_conjuncts``); the refusal stays a report, as PolNeAR annotates
   refusals (21 of 23 "declined to say", "would not say", "did not say" ... in polnear-train and
   -dev overlap a gold cue, "would not say" with content "whether ...");
5. FNC-1 shapes (usertest19 H4): a one-piece reported reading whose speaker lies inside its own
   content is dropped ("claims alleging ...", "not even considering ...", "A video posted ... by
   a group", ``quotes._without_speaker_inside``); a pledge's content ends before a present-tense
   relative clause describing its object ("vowed to defeat the movement, which is seeking ...",
   ``quotes_indirect._before_aims_relative``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a three-item list whose first item hangs on the verb -----------------------------------

def test_a_three_item_list_before_a_floating_all_is_the_whole_speaker(trained):
    # a paragraph before it, as in the user's file: the parse then hangs "unions" on "said"
    text = ("Talks stall in the capital\n\n"
            "The auditor said the deficit was falling.\n\n"
            "The unions, the employers and the regional governments all said they would oppose the cuts.")
    rows = [r for r in _rows(trained, text) if r[0] == "they would oppose the cuts"]
    assert [r[2] for r in rows] == ["The unions, the employers and the regional governments"]


# ---- 2. a partitive relative speaker ----------------------------------------------------------

@pytest.mark.parametrize(("text", "pronoun", "ref"), [
    ("Engineers, many of whom said the dam was unsafe, were ignored.", "whom", "Engineers"),
    ("Lawmakers, one of whom said the bill would fail, left early.", "whom", "Lawmakers"),
])
def test_a_partitive_relative_speaker_records_whom_and_its_antecedent(trained, text, pronoun, ref):
    from annotator.nlp.quotes import suggest_quotes
    quotes = suggest_quotes(trained(text), text=text)
    assert [(text[q.speaker[0]:q.speaker[1]], text[q.speaker_pronoun[0]:q.speaker_pronoun[1]], q.speaker_ref)
            for q in quotes] == [(text.split(",")[1].split(" said")[0].strip(), pronoun, ref)]


# ---- 3. the speaker's own act after a thing's perfect or passive; a trailing "and" ------------

CUT = [
    ("The minister said the talks had failed and walked out of the room.", ["the talks had failed"]),
    ("The mayor said the budget was balanced and left the meeting.", ["the budget was balanced"]),
    ("She said the plan had worked and thanked the staff.", ["the plan had worked"]),
    ("He said prices would rise and warned that wages would fall.", ["prices would rise", "wages would fall"]),
]
# kept: the reported subject's own second verb (a person's, or one a thing does too)
KEPT = [
    ("Police said the gunman had entered the bank and opened fire.", ["the gunman had entered the bank and opened fire"]),
    ("The mayor said the bridge had collapsed and killed two drivers.", ["the bridge had collapsed and killed two drivers"]),
    ("Officials said the storm had weakened and left thousands without power.",
     ["the storm had weakened and left thousands without power"]),
    ("Police said the suspect fled and hid in a barn.", ["the suspect fled and hid in a barn"]),
]


def test_the_speakers_own_act_and_a_trailing_and_are_not_reported(trained):
    assert [(t, [r[0] for r in _rows(trained, t)]) for t, _ in CUT + KEPT] == [(t, c) for t, c in CUT + KEPT]


# ---- 4. neither ... nor -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Neither the police nor the army would say how many people had been detained.",
    "Neither the police nor the army said how many people had been detained.",
])
def test_neither_nor_is_the_whole_speaker_and_the_refusal_a_report(trained, text):
    assert [(r[0], r[2]) for r in _rows(trained, text)] == [
        ("how many people had been detained", "Neither the police nor the army")]


# ---- 5. FNC-1 shapes: a speaker inside its own content; a pledge's object described ----------

@pytest.mark.parametrize("text", [
    "This is not even considering the unusual alloy the company's own chemists created to make "
    "cables that are \"twice as strong as ordinary cables.\"",
    "A clip posted on a forum on Friday by a group calling itself \"Delta Voice\" purports to show "
    "fuel depots under the control of the army.",
])
def test_no_speaker_inside_its_own_reported_content(trained, text):
    assert [r for r in _rows(trained, text) if r[2] and r[0] and r[2] in r[0]] == []


def test_a_pledge_ends_before_the_writers_description_of_its_object(trained):
    text = ("The president has vowed to weaken and finally defeat the rebel movement, which is seeking "
            "to rebuild the region according to its strict reading of the old law.")
    rows = [r for r in _rows(trained, text) if r[1] == "vowed"]
    assert [r[0] for r in rows] == ["to weaken and finally defeat the rebel movement"]
