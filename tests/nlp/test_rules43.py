"""Rules, leftovers of rules41/42 on unseen news (issue 10, usertest27; rules43). Invented
sentences of the shapes the usertest found.

refs: (speaker text, speaker_ref) per suggested piece (:func:`tests.nlp.test_rules40._refs`);
rows: (content, cue, speaker, group, nested) per piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece
from tests.nlp.test_rules40 import _refs  # (speaker text, speaker_ref) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- 1. an outlet whose name is a common word: the whole phrase speaks ----------------------------

@pytest.mark.parametrize(("text", "refs"), [
    # the parse makes the name a second subject of the verb: the name alone was the speaker
    ("The celebrity magazine People reported that the couple had split.", [("The celebrity magazine People", None)]),
    ("The magazine People reported that the couple had split.", [("The magazine People", None)]),
    ("Celebrity magazine People reported that the couple had split.", [("Celebrity magazine People", None)]),
    ("The British tabloid The Sun reported that the singer had left the band.",
     [("The British tabloid The Sun", None)]),
    # the verb a relative clause on the descriptor, the name its subject (the NER: a PERSON)
    ("The celebrity website People said the actor was ill.", [("The celebrity website People", None)]),
    # the parse makes the descriptor the sentence's root and the verb a modifier on it
    ("The news magazine Time reported on Monday that the deal was off.", [("The news magazine Time", None)]),
    # were right, stay right
    ("The report published on Monday said the deal was off.", [("The report", None)]),
    ("The plan announced last week was dropped.", []),
    ("The business magazine Fortune said the bank would cut jobs.", [("The business magazine Fortune", None)]),
    ("The newspaper Politico reported that the bill was dead.", [("The newspaper Politico", None)]),
    ("According to the magazine People, the couple had split.", [("the magazine People", None)]),
    ("Ann Lee won the race. People said she was tired.", [("People", None)]),
])
def test_an_outlet_named_by_a_common_word(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 2. "The 45-year-old told reporters he ...": the parse made it one noun phrase ----------------

_ARRESTED = "Tom Archer was arrested on Monday.\n\n"


@pytest.mark.parametrize(("text", "rows"), [
    (_ARRESTED + "The 45-year-old told reporters he had done nothing wrong.",
     [("he had done nothing wrong", "told", "The 45-year-old")]),
    (_ARRESTED + "The 45-year-old told police he was driving home from work.",
     [("he was driving home from work", "told", "The 45-year-old")]),
    # were right, stay right
    (_ARRESTED + "The 45-year-old told reporters that he had done nothing wrong.",
     [("he had done nothing wrong", "told", "The 45-year-old")]),
    (_ARRESTED + "The 45-year-old said he had done nothing wrong.", [("he had done nothing wrong", "said", "The 45-year-old")]),
    (_ARRESTED + "The farmer told reporters he had seen nothing.", [("he had seen nothing", "told", "The farmer")]),
    ("The told story was old.", []),
])
def test_told_after_an_age(trained, text, rows):
    assert _triples(trained, text) == rows


def test_told_after_an_age_refers_to_the_person_named(trained):
    assert _refs(trained, _ARRESTED + "The 45-year-old told reporters he had done nothing wrong.") == [
        ("The 45-year-old", "Tom Archer")]


# ---- 3. people of someone's are not that someone -------------------------------------------------

_HUNTER = "Rep. Tom Hunter spoke on Monday.\n\n"


@pytest.mark.parametrize(("text", "refs"), [
    (_HUNTER + "One of Hunter's sources said the vote would be delayed.", [("One of Hunter's sources", None)]),
    (_HUNTER + "Hunter's sources said the vote would be delayed.", [("Hunter's sources", None)]),
    (_HUNTER + "Hunter's supporters said the vote would be delayed.", [("Hunter's supporters", None)]),
    (_HUNTER + "Hunter's lawyers said the vote would be delayed.", [("Hunter's lawyers", None)]),
    # were right, stay right
    (_HUNTER + "One of Hunter's aides said the vote would be delayed.", [("One of Hunter's aides", None)]),
    (_HUNTER + "Hunter's campaign said the vote would be delayed.", [("Hunter's campaign", "Tom Hunter")]),
    (_HUNTER + "Hunter's office said the vote would be delayed.", [("Hunter's office", "Tom Hunter")]),
    (_HUNTER + "One of Hunter's sources, Ann Lee, said the vote would be delayed.", [("One of Hunter's sources", "Ann Lee")]),
])
def test_people_of_a_possessor_are_not_the_possessor(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 4. a place and a colon after a photo credit: a dateline --------------------------------------

_CAPTION = "Wanted: Rebel leader Ali Omar speaks at a rally in Homs in May. Photo: AP\n\n"
_NEWS = ("Beirut: The cousin of rebel leader Ali Omar has been held in a jail in Lebanon since the police "
         "detained her near the coast a week ago, security sources revealed on Tuesday.\n\n"
         "She is held at a base south of Beirut, an official said.")


_READ = [("The cousin of rebel leader Ali Omar has been held in a jail in Lebanon since the police detained her near "
          "the coast a week ago", "revealed", "security sources"),
         ("She is held at a base south of Beirut", "said", "an official")]


@pytest.mark.parametrize(("text", "rows"), [
    # the news sentence is the sources' report, its dateline no one's
    (_CAPTION + _NEWS, _READ),
    ("Rebel leader Ali Omar speaks at a rally in Homs.\n\nPhoto: Reuters\n\n" + _NEWS, _READ),
])
def test_a_place_after_a_credit_line_is_a_dateline(trained, text, rows):
    assert _triples(trained, text) == rows


def test_a_person_after_a_credit_line_stays_a_speaker(trained):
    text = ("Ann Lee spoke in Homs in May. Photo: AP\n\nAnn Lee: We will not leave the city until the fighting stops, "
            "whatever the army does next week.\n\nAnn Lee is the rebels' spokeswoman.")
    assert [r[2] for r in _rows(trained, text)] == ["Ann Lee"]


# ---- 5. "that" the subject of the clause after a verb of thought ---------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The mayor lost the race. Ann Lee thinks that is unfair to him.", [("that is unfair to him", "thinks", "Ann Lee")]),
    ("The vote was held in May. Ann Lee believes that was a mistake.", [("that was a mistake", "believes", "Ann Lee")]),
    # rules28's transcript turn: the belief a reading beside the turn, with its "that"
    ("KURTZ: Well, the mayor was never going to win that race and everybody knew it.\nPIKE: I think that is unfair to him.",
     [("Well, the mayor was never going to win that race and everybody knew it.", ":", "KURTZ"),
      ("I think that is unfair to him.", ":", "PIKE"), ("that is unfair to him", "think", "I")]),
    # were right, stay right: a complementizer "that" is cut
    ("Ann Lee believes that raises were too small.", [("raises were too small", "believes", "Ann Lee")]),
    ("Ann Lee thinks that the mayor was unfair.", [("the mayor was unfair", "thinks", "Ann Lee")]),
])
def test_that_as_the_subject_after_a_verb_of_thought(trained, text, rows):
    assert _triples(trained, text) == rows



def test_a_name_after_someones_blog_stays_the_person(trained):
    # a possessor before the outlet's noun: the name is the subject the parse ran into it (was
    # right, stays right: the outlet rule must not take it)
    text = ("Dan Rivers is a news anchor.\n\nIn a 2008 entry from his blog Rivers recounts how he was part of a "
            "'fleet of three big transport helicopters'.")
    assert _refs(trained, text) == [("his blog Rivers", "Dan Rivers")]


@pytest.mark.parametrize(("text", "rows"), [
    # the report's content starts after the dateline
    (_CAPTION + "Beirut: The wife of rebel leader Ali Omar is in custody in Lebanon, army officials revealed on Monday."
     "\n\nShe was seen near Beirut.",
     [("The wife of rebel leader Ali Omar is in custody in Lebanon", "revealed", "army officials")]),
    (_CAPTION + "Beirut: The second wife of rebel leader Ali Omar is under questioning in Lebanon, security officials "
     "said on Monday.\n\nShe was seen near Beirut.",
     [("The second wife of rebel leader Ali Omar is under questioning in Lebanon", "said", "security officials")]),
])
def test_a_dateline_is_no_part_of_the_content(trained, text, rows):
    assert _triples(trained, text) == rows
