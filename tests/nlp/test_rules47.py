"""Rules, issue 10's colon attribution and two content kinds the FNC-1 read-through found
(usertest31 M1, M2, L2; rules47). Invented sentences of the same shapes.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- 1. "Name, a title: "..."": the name and its apposition speak, the colon is the cue ---------

@pytest.mark.parametrize(("text", "rows"), [
    ('Ben Carter, a former diplomat: "Nobody in Brussels wanted this deal."',
     [("Nobody in Brussels wanted this deal.", ":", "Ben Carter, a former diplomat")]),
    ('Mary Lopez, the city treasurer: "We are broke."',
     [("We are broke.", ":", "Mary Lopez, the city treasurer")]),
    ('Anna Berg, an adviser to the mayor: "The budget will pass next week."',
     [("The budget will pass next week.", ":", "Anna Berg, an adviser to the mayor")]),
    # stays right: the role before the name
    ('Former ambassador Ben Carter: "Nobody in Brussels wanted this deal."',
     [("Nobody in Brussels wanted this deal.", ":", "Ben Carter")]),
])
def test_name_and_apposition_before_colon(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 2. a quoted fragment and a second "that" clause: one report ------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ('She said that "the economy is strong" and that wages would rise.',
     [('"the economy is strong" and that wages would rise', "said", "She")]),
    ('He said that "the plan is dead," and that talks would resume soon.',
     [('"the plan is dead," and that talks would resume soon', "said", "He")]),
    # stays right: no marks; a quote closed by a comma and another subject's clause
    ("She said that the economy is strong and that wages would rise.",
     [("the economy is strong and that wages would rise", "said", "She")]),
    ('She said "the economy is strong," and the minister agreed.',
     [("the economy is strong", "said", "She")]),
])
def test_quoted_fragment_then_that_clause(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. declining to give one's name reports nothing ------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The spokeswoman, who declined to give her name, said the plant would close.",
     [("the plant would close", "said", "The spokeswoman")]),
    ("A guard, who declined to be named, said the gate was locked at night.",
     [("the gate was locked at night", "said", "A guard")]),
    ("One resident, who declined to identify himself, said the water had been brown for weeks.",
     [("the water had been brown for weeks", "said", "One resident")]),
    # stays right: a refusal to tell something is a report
    ("The bank declined to reveal how much it had lost.",
     [("to reveal how much it had lost", "declined", "The bank")]),
])
def test_declined_to_give_name(trained, text, rows):
    assert _triples(trained, text) == rows
