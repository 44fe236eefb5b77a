"""Rules, speakers the rules got wrong in unseen news (issue 10, usertest27 H3, M3, M4, L;
rules41). Invented sentences.

refs: (speaker text, speaker_ref) per suggested piece (:func:`tests.nlp.test_rules40._refs`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules40 import _refs  # (speaker text, speaker_ref) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]

_LAKE = "The lake rose on Monday. "


def _said(trained, text: str, cue: str) -> list[tuple]:
    """(speaker text, speaker_ref) of the pieces whose cue is ``cue``."""
    from annotator.nlp.quotes import suggest_quotes

    def s(r):
        return text[r[0] : r[1]] if r else None

    return [(s(q.speaker), q.speaker_ref) for q in suggest_quotes(trained(text), text=text) if s(q.cue) == cue]


# ---- 1. H3a: "an expert with ORG, NAME, said": the name set off after the phrase speaks ---------

@pytest.mark.parametrize(("text", "refs"), [
    (_LAKE + "Also on Tuesday, an expert with the state water agency, Lena Moritz, said it was unlikely that the dam had failed.",
     [("an expert with the state water agency", "Lena Moritz")]),
    (_LAKE + "A researcher from the national weather service, Omar Haddad, said more rain would come.",
     [("A researcher from the national weather service", "Omar Haddad")]),
    (_LAKE + '"The dam is safe," said an engineer with the regional water board, Paul Brandt.',
     [("an engineer with the regional water board", "Paul Brandt")]),
    (_LAKE + "The expert with the agency, Lena Moritz, said the dam had not failed.",
     [("The expert with the agency", "Lena Moritz")]),
    # no name: the whole phrase, no one
    (_LAKE + "An expert with the agency said the dam had not failed.", [("An expert with the agency", None)]),
    (_LAKE + "Experts from the agency said the dam had not failed.", [("Experts from the agency", None)]),
    # a name inside the phrase only says where the speaker is from or what they know of
    ("Ann Moss left the city on Friday. A source with knowledge of Ann Moss's plans said she would not return.",
     [("A source with knowledge of Ann Moss's plans", None)]),
    # were right, stay right
    (_LAKE + "An engineer at the city council, Paul Brandt, said the dam was safe.",
     [("An engineer at the city council", "Paul Brandt")]),
    (_LAKE + "Water board expert Lena Moritz said the dam had not failed.", [("Water board expert Lena Moritz", "Lena Moritz")]),
])
def test_a_role_with_an_organisation_and_a_name(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 2. H3b: "The San Diego Republican said": the person just named --------------------------

@pytest.mark.parametrize(("text", "refs"), [
    ('Rep. Tom Archer (R-Texas) claimed Monday that the plant was closing.\n\nThe Houston Republican said factory '
     '"managers" told him the plant would close.',
     [("Rep. Tom Archer", "Tom Archer"), ("The Houston Republican", "Tom Archer"), ("managers", None)]),
    ("Sen. Dana Whitfield (D-Ore.) said Monday the bill was dead.\n\nThe Portland Democrat said she would vote against it.",
     [("Sen. Dana Whitfield", "Dana Whitfield"), ("The Portland Democrat", "Dana Whitfield")]),
    # the party decides between two politicians
    ("Rep. Tom Archer (R-Texas) spoke on Monday. Rep. Dana Whitfield (D-Ore.) spoke after him.\n\n"
     "The Texas Republican said the plant would close.", [("The Texas Republican", "Tom Archer")]),
    ("Rep. Tom Archer praised the deal on Monday.\n\nThe Texas congressman said the plant would stay open.",
     [("The Texas congressman", "Tom Archer")]),
    # a politician's description is never the host who spoke with him
    ("Rep. Tom Archer spoke on the show.\n\nLater host Ann Kerr asked about the plant. \"It will close,\" the congressman said.",
     [("the congressman", "Tom Archer")]),
    ("Tom Archer was arrested on Monday.\n\nThe 45-year-old said he had done nothing wrong and would fight the charge.",
     [("The 45-year-old", "Tom Archer")]),
    # no person named before: no one
    ("The storm hit the coast on Monday.\n\nThe Texas Republican said the plant would close.", [("The Texas Republican", None)]),
])
def test_a_description_stands_for_the_person_just_named(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 3. H3c: "they" after a plural noun phrase of people ----------------------------------------

@pytest.mark.parametrize(("text", "refs"), [
    ("The singer's lawyer confirmed the news.\n\nThe former band members also expressed their sadness.\n\n"
     '"We will miss him. Rest well," they said.', [("they", "The former band members")]),
    ("The villagers gathered at the church on Sunday.\n\nThey said the water had risen overnight.", [("They", "The villagers")]),
    ("Local officials met on Monday. The rocks fell on the road.\n\nThey said the road would stay closed.",
     [("They", "Local officials")]),
    # a main clause's subject before the one it reports; a reported one when no main one fits
    ("Local engineers warned that residents should expect delays, at least initially. They say the repairs will take months.",
     [("Local engineers", None), ("They", "Local engineers")]),
    # a plural the parse made the sentence's root, past a "buyers" of the clause after it
    ("The update ships in May.\n\nDevelopers we've spoken with caution that buyers should temper hopes, at least initially. "
     "They say the repairs will take months.", [("They", "Developers")]),
    ("The row followed a scandal in which students said the exam was leaked\n\nThey claim that the school knew for weeks.",
     [("students", None), ("They", "students")]),
    # people named one by one: they are those, no phrase and no single name
    ('Ann Lee and Tom Reyes left the band in 2010.\n\n"We will miss him," they said.', [("they", None)]),
    ('Tom Archer met Ann Lee on Monday.\n\n"We are done," they said.', [("they", None)]),
])
def test_they_stands_for_a_plural_phrase_of_people(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 4. M3: an outlet's name after its descriptor -----------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("The singer died of cancer in Ohio, according to US website TMZ.", "US website TMZ"),
    ("The singer died in Ohio, according to British tabloid The Sun.", "British tabloid The Sun"),
    # were right (the parse joined the name to its descriptor), stay right
    ("The singer died in Ohio, according to the news site Politico.", "the news site Politico"),
    ("The singer died in Ohio, according to Portuguese newspaper Correio de Manha.", "Portuguese newspaper Correio de Manha"),
    # no name after the descriptor: the descriptor alone
    ("The singer died in Ohio, according to the website.", "the website"),
])
def test_an_outlets_name_is_in_the_speaker(trained, text, speaker):
    assert [s for s, _ref in _said(trained, text, "according to")] == [speaker]


# ---- 5. M4: messages a thing brought about say what their participle says ----------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("The new complaints have also prompted a number of joke posters, suggesting the kettle is good for cooking eggs.",
     "a number of joke posters"),
    ("The new complaints have also prompted a flood of spoof videos, claiming the car can fly.", "a flood of spoof videos"),
    # a person or group that makes or sends a message stays its speaker
    ("The union released a statement, saying the strike would go on.", "The union"),
    ("The minister wrote a letter to the board, warning that the plan would fail.", "The minister"),
])
def test_messages_brought_about_speak(trained, text, speaker):
    assert [s for s, _ref in _refs(trained, text)] == [speaker]


# ---- 6. L: a caption's label is never the participle's subject -----------------------------------

_KETTLE = "The kettle went on sale in May.\n\n"
_SPIN = ": {} put a cheerful gloss on the latest apparent defect saying the Kettle 6 is now the kettle that 'does it all'\n\n"
_THRIFTY = "Thrifty: Another buyer said the kettle could save money on gas."


@pytest.mark.parametrize(("label", "name"), [
    ("Bonus", "Ravi Okon"), ("Quality", "Ravi Okon"), ("Quality", "Jo Lemba"), ("Virtue", "Jo Lemba"),
    ("Attribute", "Ravi Okon"), ("Feature", "Ravi Okon"), ("Benefit", "Jo Lemba"), ("Asset", "Jo Lemba"),
    ("Cheerful", "Ann Moss"),  # was right, stays right
])
def test_a_caption_label_is_not_the_participles_subject(trained, label, name):
    text = _KETTLE + label + _SPIN.format(name) + _THRIFTY
    assert _said(trained, text, "saying") == [(name, name)]
    assert _said(trained, text, "said") == [("Another buyer", None)]
