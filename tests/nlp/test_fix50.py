"""Rules, issue 10, usertest33 M1 and L3 (fix50): a colon line's label in any script's letters
is a new speaker's turn, never a FRAGMENT of the turn before; "Name of the <body>:" labels; a
quote before ", adding that ..." keeps its own cue. Invented sentences of the same shapes.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules50 import _suggested, _triples

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- M1. colon lines with accented names -------------------------------------------------------

def test_accented_label_after_capital_turns_is_its_own_turn(trained):
    # turns in capitals with accented letters, then "Name, role:" in title case: the role line is
    # a new turn by its own label, never Nowak's turn going on (it was his FRAGMENT)
    text = ('ÉMILE VASSEUR: Good evening and welcome to the show.\n\n'
            'ŁUCJA NOWAK: Thank you for inviting me tonight.\n\n'
            'Émile Vasseur, host: "Let us start with the harbour plan."')
    quotes = _suggested(trained, text)
    assert [q[1] for q in quotes] == [
        "Good evening and welcome to the show.", "Thank you for inviting me tonight.", "Let us start with the harbour plan."]
    assert all(rel != "FRAGMENT" for q in quotes for rel, _ in q[3])
    assert quotes[2][3] == [("CUE", ":"), ("SPEAKER", "Émile Vasseur, host")]


def test_a_label_with_a_relative_clause_is_no_fragment_of_the_line_before(trained):
    # the line before now has a speaker ("of the <body>"); a label whose verb is a relative
    # clause's is still a new turn, never that speaker going on
    text = ('Inspector Karl Vogt of the Basel police: "The driver was drunk."\n\n'
            'Professor Mia Lund, who studies rivers in Norway: "The water is rising every year."')
    quotes = _suggested(trained, text)
    assert [q[1] for q in quotes] == ["The driver was drunk.", "The water is rising every year."]
    assert quotes[0][3] == [("CUE", ":"), ("SPEAKER", "Inspector Karl Vogt of the Basel police")]
    assert quotes[1][3] == []


@pytest.mark.parametrize(("text", "rows"), [
    # an accented name with its apposition
    ('Íñigo Peñalver, the mayor\'s spokesman: "The ruling is final."',
     [("The ruling is final.", ":", "Íñigo Peñalver, the mayor's spokesman")]),
    ('Ólafur Jónsson, 38, a baker in Akureyri: "Flour costs twice what it did."',
     [("Flour costs twice what it did.", ":", "Ólafur Jónsson, 38, a baker in Akureyri")]),
    # "Title First Last of the <body>:" (PolNeAR's sources hold the "of the ..." phrase)
    ('Inspector Karl Vogt of the Basel police: "The driver was drunk."',
     [("The driver was drunk.", ":", "Inspector Karl Vogt of the Basel police")]),
])
def test_colon_label_shapes(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: the same shapes in plain letters, an age and a bare role
    ('Anna Berg, the mayor\'s spokeswoman: "The ruling is final."',
     [("The ruling is final.", ":", "Anna Berg, the mayor's spokeswoman")]),
    ('Grace Mensah, 31, nurse: "We sleep at the clinic most nights."',
     [("We sleep at the clinic most nights.", ":", "Grace Mensah, 31, nurse")]),
    # stays right: "X of the Y" labels that name no person
    ("Bank of Ireland: profits fell sharply in the third quarter of the year.", []),
])
def test_colon_label_stays_right(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- L3. a quote before ", adding that ..." ----------------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ('The mayor called the plan "reckless and cruel," adding that it would not pass.',
     [('the plan "reckless and cruel,"', "called", "The mayor"), ("it would not pass", "adding", "The mayor")]),
    ('The minister called the tax "a disgrace," adding that he would vote against it.',
     [('the tax "a disgrace,"', "called", "The minister"), ("he would vote against it", "adding", "The minister")]),
])
def test_adding_that_is_a_second_report(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: a quote with its own frame, then "adding that"
    ('"We will appeal," the mayor said, adding that the court got it wrong.',
     [("We will appeal", "said", "the mayor"), ("the court got it wrong", "adding", "the mayor")]),
    ('The coach said the team was "exhausted," adding that two players were injured.',
     [('the team was "exhausted,"', "said", "The coach"), ("two players were injured", "adding", "The coach")]),
    ('The firm said in a statement: "The unit did very well once it became a company of its own ten years ago," adding that its value had doubled since.',
     [("The unit did very well once it became a company of its own ten years ago", "said", "The firm"),
      ("its value had doubled since", "adding", "The firm")]),
])
def test_adding_that_stays_right(trained, text, rows):
    assert _triples(trained, text) == rows
