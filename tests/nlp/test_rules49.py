"""Rules, issue 10's fresh round on unseen FNC-1 news (rows 1400-1499; rules49): a he/she given to
a named person while its antecedent is a person only described, a place after a person's age
taken for a person, a name in quotation marks inside a speaker's phrase, the passive "was said /
reported to be", and a "because / since ..." clause after a frame in the middle of the sentence.
Invented sentences of the same shapes.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece
from tests.nlp.test_rules41 import _said  # (speaker text, speaker_ref) of the pieces of one cue

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- 1. a he/she whose antecedent is a person only described ------------------------------------

_FREED = ("NAIROBI, Jan 3 (Reuters) - British aid worker Tom Hale was freed near the border on Sunday, "
          "a senior police officer told Reuters.\n\n")
_VAN = ("A Vermont baker says he cannot explain how his delivery van ended up in a war zone. Sam Price says he "
        "sold it years ago.\n\nContacted by the Daily Bugle on Tuesday, a CarMax spokesman denied any role in the "
        "van's fate. He said the firm sold the van at auction.\n\n")


@pytest.mark.parametrize(("text", "cue", "refs"), [
    # the paragraph opens on the pronoun; the speaker of the paragraph before is only described
    (_FREED + "He said the army first thought Hale had escaped but later learned he had been released.",
     "said", [("He", None)]),
    (_VAN + '"We took the van in trade and sold it on," he said. "That is all we did."',
     "said", [("He", None), ("he", None), ("he", None)]),
    # a woman only described is the subject between the earlier speaker and "she"
    ("Nasser told the paper the widow was given bread and water at the camp. At first she thought they were "
     "being kind, but later they took everything.", "thought", [("she", None)]),
    # stays right: the person named and speaking in the paragraph before; no one described between
    ("British aid worker Tom Hale said on Sunday that he was freed near the border.\n\n"
     "He said the army first thought he had escaped.", "said", [("British aid worker Tom Hale", "Tom Hale"), ("He", "Tom Hale")]),
    ("Ann Lee told the paper the farm was given water at the camp. At first she thought they were being kind.",
     "thought", [("she", "Ann Lee")]),
])
def test_pronoun_after_a_described_person(trained, text, cue, refs):
    assert _said(trained, text, cue) == refs


@pytest.mark.parametrize(("text", "refs"), [
    # "<name>, <age>, of <place>": the place is no person, whatever the recogniser tagged it
    # (the name more than the salience window before the last "he", the place less)
    ('Tom Reyes, 36, of Yorkshire left his wife and two kids to fight the militia in his home valley, The Star '
     'reported.\n\n"I hate them because of what happened to an old farmer\'s widow from a village near the river," '
     'he said. "Her son was taken by the fighters and held in a camp in the hills for many weeks."\n\n'
     'He said the men told her to rest after her long trip and gave her food before taking her to the camp where '
     'her son was held.\n\n"They gave her hot water and served her a plate of beans and bread. She believed they '
     'meant well," he said.',
     [("he", "Tom Reyes"), ("he", "Tom Reyes"), ("He", "Tom Reyes"), ("he", "Tom Reyes")]),
])
def test_place_after_an_age_is_no_person(trained, text, refs):
    assert _said(trained, text, "said") == refs


# ---- 2. the passive "was said / reported to be" -------------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The mayor was said to be furious with the council after the vote.",
     [("The mayor", "said", None), ("to be furious with the council after the vote", "said", None)]),
    ("The city hall was reported to be under lockdown after the blast. Police closed the road.",
     [("The city hall", "reported", None), ("to be under lockdown after the blast", "reported", None)]),
    ("The plan is said to have cost the city millions.",
     [("The plan", "said", None), ("to have cost the city millions", "said", None)]),
    # stays right: a belief (PolNeAR's gold reads no "is thought to be"), a that-clause, an order
    ("The mayor was thought to be furious with the council after the vote.", []),
    ("It was reported that the city hall was in lockdown.", [("the city hall was in lockdown", "reported", None)]),
    ("The pupils were told to leave the hall at once.", []),
])
def test_passive_said_to_be(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. a "because / since ..." clause after a frame in the middle of the sentence --------------

@pytest.mark.parametrize(("text", "rows"), [
    ("No flu test was done, Dr. Kemp said, because the feared signs never materialized.",
     [("No flu test was done", "said", "Dr. Kemp"), ("because the feared signs never materialized", "said", "Dr. Kemp")]),
    # stays right: an "until" clause (already read), a coordinated clause of the writer's
    ("The road was closed, the sheriff said, until the debris is cleared away.",
     [("The road was closed", "said", "the sheriff"), ("until the debris is cleared away", "said", "the sheriff")]),
    ("No flu test was done, Dr. Kemp said, and the clinic stayed open.",
     [("No flu test was done", "said", "Dr. Kemp")]),
])
def test_reason_after_a_mid_sentence_frame(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 4. a name in quotation marks inside the speaker's phrase -----------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ('Longtime "Evening Report" host Dan Miller said the show would end in May.',
     [("the show would end in May", "said", 'Longtime "Evening Report" host Dan Miller')]),
    # stays right: a title in a phrase after the head (rules10l: "The star of <title>" is the speaker)
    ('Fans of the "Evening Report" show said they would miss it.', [("they would miss it", "said", "Fans")]),
    # stays right: a quotation before its frame, with or without its comma
    ('"We lost the game," coach Dan Miller said after the match.',
     [("We lost the game", "said", "coach Dan Miller")]),
    ('"We lost the game" coach Dan Miller said after the match.',
     [("We lost the game", "said", "Dan Miller")]),
])
def test_quoted_name_inside_the_speaker(trained, text, rows):
    assert _triples(trained, text) == rows
