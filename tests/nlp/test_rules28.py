"""Rules, usertest23 H2 and H3 (issue 10), one section per kind. Invented sentences.

1. a place in capitals before a colon opening the article or a paragraph ("TRIPOLI:", "NEW
   YORK:", "CAIRO, March 3:", "MOSUL, Iraq:") is a dateline, as "WASHINGTON —" is: no speaker
   and no colon quote; the sentence after it is read as usual ("... minister said that ...").
   A run of capitals is a place when it is a place entity, has a ", country/date" tail, or the
   line after the colon is a third-person report (``quotes_speakers.colon_dateline``); a
   transcript turn ("KURTZ: ...") stays one when other turns follow or its line speaks ("told
   me"). A photo caption's label (a credit in square brackets, a run of spaces) is no speaker
   (``quotes_colon._CAPTION_LABEL``).

2. '"A," the senator, who, pressed on the date, paused, added, "B."': past the participle set
   off after "who" and the relative clause's own verb, a cue ends the speaker's asides
   (``quotes_direct._speaker_and_asides``): both pieces, cue "added", speaker "the senator";
   before, one piece by "the date", or both pieces with no speaker.

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a colon dateline, a caption label ------------------------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("TRIPOLI: The country's health minister said that blood tests showed the boy held by police was "
     "the son of the militia's commander.", "blood tests showed the boy held by police was the son of the militia's commander",
     "The country's health minister"),
    ("NEW YORK: The city's fire chief said that the blaze began in a kitchen on the third floor.",
     "the blaze began in a kitchen on the third floor", "The city's fire chief"),
    ("MOSUL, Iraq: A local commander said that the militia had left the old city overnight.",
     "the militia had left the old city overnight", "A local commander"),
    ("GAZA CITY, Dec 3: A local official said that the crossing would reopen on Friday for trucks.",
     "the crossing would reopen on Friday for trucks", "A local official"),
    ("Boy seeks lost dog\n\nTRIPOLI: The country's health minister said that blood tests showed the boy "
     "was the son of the commander.", "blood tests showed the boy was the son of the commander",
     "The country's health minister"),
    # was right, stays right
    ("CAIRO, March 3: The foreign ministry said that talks with the rebels would resume next week.",
     "talks with the rebels would resume next week", "The foreign ministry"),
])
def test_a_colon_dateline_is_no_speaker(trained, text, content, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, "said", speaker)]


def test_a_caption_label_is_no_speaker(trained):
    text = "Newsfoto[ABC]   Treat: A boy decided to buy the final cake at the bakery before the shop closed in Oslo."
    assert _rows(trained, text) == []


@pytest.mark.parametrize(("text", "speakers"), [
    ("KURTZ: The senator said he would vote against the bill, and that is a big deal.\nPIKE: It is.",
     ["KURTZ", "The senator", "PIKE"]),
    ("KURTZ: The senator told me he would vote against the bill on Monday.", ["KURTZ"]),
    ("JAKE TAPPER, CNN HOST: The senator said he would vote no on the bill this week.", ["JAKE TAPPER"]),
    ("KURTZ: Well, the mayor was never going to win that race and everybody knew it.\nPIKE: I think that is unfair to him.",
     ["KURTZ", "PIKE", "I"]),
    ("Q: Will the senator vote against the bill this week?\nA: The senator said he would vote no.",
     ["Q", "A", "The senator"]),
])
def test_transcript_turns_stay(trained, text, speakers):
    assert [r[2] for r in _rows(trained, text)] == speakers


# ---- 2. "who, <participle phrase>, <verb>, <cue>," between two pieces --------------------------

@pytest.mark.parametrize(("text", "first", "second", "cue", "speaker"), [
    ('"The deal," the senator, who, pressed on the date, paused, added, "is not signed."',
     "The deal", "is not signed.", "added", "the senator"),
    ('"The port," the minister, who, asked whether he would resign, laughed, said, "will stay closed."',
     "The port", "will stay closed.", "said", "the minister"),
    ('"The vote," the mayor, who, questioned about the budget, smiled, said, "will be held in June."',
     "The vote", "will be held in June.", "said", "the mayor"),
    ('"The bridge," the engineer, who, pressed on the cost, sighed, added, "will be ready by spring."',
     "The bridge", "will be ready by spring.", "added", "the engineer"),
    # were right, stay right
    ('"We will go," Ana Ruiz, who, asked about the risks, smiled, told reporters, "whatever happens."',
     "We will go", "whatever happens.", "told", "Ana Ruiz"),
    ('"We are ready," the minister, who has led the party since May, said, "and we will win."',
     "We are ready", "and we will win.", "said", "the minister"),
])
def test_a_participle_aside_and_an_act_after_who(trained, text, first, second, cue, speaker):
    rows = _rows(trained, text)
    assert [r[:3] for r in rows] == [(first, cue, speaker), (second, cue, speaker)]
    assert len({r[3] for r in rows}) == 1, rows  # one attribution
