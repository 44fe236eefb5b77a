"""Rules, usertest23 M4, M7, L3, L4, L6 and FNC-1 items 1, 13 (issue 10), one section per kind.
Invented sentences.

1. a company named with a possessive s ("Harlow’s", "Brennan's") as the subject is the whole
   name with its 's: the tokenizer splits the 's off, and the parse hangs it on the name as a
   possessive marker with no possessed noun after it (``quotes_speakers.np_range``).
4. "The senator said when asked whether she would run again that she was undecided.": the
   question stays a reading with cue "asked" and no speaker, as PolNeAR's gold has "when asked
   whether/about/how ..." (cue without a source 24 of 25 times outside other content), but it
   ends before the answer's "that" clause, which is the reading of "said"/"replied"
   (``quotes_indirect._answer_of_asked``, ``_answer_inside_question``); before, one reading
   ran through both with no speaker.

6a. 'A sign outside the school read: "..."': the tagger makes "read" a noun under "outside"
   (the sign the sentence's root), so the "read"-as-noun cue of rules25 (root only) missed it;
   a noun "read" that closes a verbless opening under a noun root is the cue, the words before
   it the speaker (``quotes_doc.ends_verbless_subject``). PolNeAR's gold: "X read(s)" before a
   sign's, message's, letter's or headline's words is a cue 9 of 11 times outside other content.
6b. "Does this person -- if the story is accurate (we don't know how trustworthy the witness
   is) -- believe ...": the parse gives "know" the question's subject as well as "we"; the subject
   inside the parenthesis holding the verb is the one who does not know
   (``quotes_speakers._subject_in_own_parenthesis``). The writer's "we don't know how ..." stays
   an attribution with "we" as the speaker: PolNeAR's gold has "we/I don't know" outside other
   content as a cue with its source 9 of 11 times.
   "Photos ... showed the boy holding rifles" stays a reading too: "photos/video/footage show(s)"
   is a cue with its source 15 of 20 times outside other content.

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a possessive-s company name as the subject --------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("Harlow\u2019s has just announced it will close forty stores across the country next spring.", "Harlow\u2019s"),
    ("Harlow's has announced that it will close forty stores across the country next spring.", "Harlow's"),
    ("Brennan's said on Monday that its sales had fallen for a third straight quarter.", "Brennan's"),
    # was right, stays right: the possessor of a noun after it
    ("Harlow's chief executive said the stores would close next spring.", "Harlow's chief executive"),
])
def test_a_possessive_company_name_is_the_whole_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 2. a list opening with a name -------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("Ana Ruiz, the defence minister and three generals said the war was over.",
     "Ana Ruiz, the defence minister and three generals"),
    ("Tomas Vidal, the mayor and two aides said the bridge was safe.", "Tomas Vidal, the mayor and two aides"),
    ("Lena Brandt, Omar Haddad and Pia Sorensen said the plan was sound.", "Lena Brandt, Omar Haddad and Pia Sorensen"),
    # were right, stay right
    ("Ana Ruiz, the defence minister, and three generals said the war was over.",
     "Ana Ruiz, the defence minister, and three generals"),
    ("The mayor, the governor and two senators said the plan was sound.", "The mayor, the governor and two senators"),
    ('"We will win," Ana Ruiz, the defence minister, said.', "Ana Ruiz"),
    ("Ray, the governor called the plan reckless.", "the governor"),
])
def test_a_list_opening_with_a_name_is_the_whole_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 3. a speaker_ref for a name the recogniser did not tag PERSON -----------------------------

def _refs(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.speaker[0] : q.speaker[1]] if q.speaker else None, q.speaker_ref)
            for q in suggest_quotes(trained(text), text=text)]


@pytest.mark.parametrize(("text", "name"), [
    ('"It is over," Jean-Pierre Dupont said.', "Jean-Pierre Dupont"),
    ('"It is done," Jorge Santamaria told the radio station.', "Jorge Santamaria"),
    ('"It is done," Jorge Santamaria told The Harbour Gazette.', "Jorge Santamaria"),
    ('"The lake froze overnight," Marie-Claire Fontaine said.', "Marie-Claire Fontaine"),
    ('"The road is unsafe," Tomas Vidal told reporters.', "Tomas Vidal"),  # tagged WORK_OF_ART
])
def test_an_untagged_name_is_its_own_ref(trained, text, name):
    assert _refs(trained, text) == [(name, name)]


@pytest.mark.parametrize("text", [
    '"Rates will rise," Morgan Stanley said in a note.',
    '"The plant will close," Ford Motor said.',
    "Al Arabiya later confirmed that the pilot had flown in none of the raids.",
    '"He flew in none of the raids," Al Arabiya confirmed.',
])
def test_a_company_with_a_given_name_gets_no_ref(trained, text):
    assert all(ref is None for _, ref in _refs(trained, text))


# ---- 6a. a sign "read" the parse made a noun after a place ------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('A sign outside the school read: "No guns here."', "No guns here.", "A sign outside the school"),
    ('The sign on the gate read: "Private land."', "Private land.", "The sign on the gate"),
    # were right, stay right
    ('A banner outside the town hall read: "Keep the harbour public."', "Keep the harbour public.", "A banner"),
    ('A banner read: "Keep the harbour public."', "Keep the harbour public.", "A banner"),
    ('A note on the door read, "Closed until Monday."', "Closed until Monday.", "A note"),
])
def test_a_sign_read_after_a_place(trained, text, content, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, "read", speaker)]


# ---- 6b. the writer's "(we don't know ...)" aside inside another clause -----------------------

def test_a_we_aside_is_the_writers_not_the_questions_subject(trained):
    text = ("Does this person \u2014 if the story is accurate (we don\u2019t know how trustworthy the witness is) \u2014 "
            "believe that he might simply drive away in the car?")
    assert [r[:3] for r in _rows(trained, text)] == [("how trustworthy the witness is", "don\u2019t know", "we")]


def test_a_we_aside_alone_stays(trained):
    text = "The minister was seen at the meeting (we don\u2019t know how reliable the witness is) last week."
    assert [r[:3] for r in _rows(trained, text)] == [("how reliable the witness is", "don\u2019t know", "we")]


# ---- 4. "said when asked whether ... that ...": the question and the answer --------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The senator said when asked whether she would run again that she was undecided.",
     [("whether she would run again", "asked", None), ("she was undecided", "said", "The senator")]),
    ("The coach replied when asked whether he would retire that he felt fine.",
     [("whether he would retire", "asked", None), ("he felt fine", "replied", "The coach")]),
    # were right, stay right
    ('"We will see," the senator said when asked whether she would run again.',
     [("We will see", "said", "the senator"), ("whether she would run again", "asked", None)]),
    ("When asked whether she would run again, the senator said she was undecided.",
     [("whether she would run again", "asked", None), ("she was undecided", "said", "the senator")]),
])
def test_when_asked_keeps_the_question_and_the_answer_apart(trained, text, rows):
    assert [r[:3] for r in _rows(trained, text)] == rows
