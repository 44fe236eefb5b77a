"""Rules, issue 10's fresh round on unseen FNC-1 news (rows 400-499; rules48): speakers cut inside
their noun phrase, readings that report nothing, and a pronoun in a clause coordinated with its
subject's. Invented sentences of the same shapes.

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


# ---- 1. a speaker noun phrase is not cut inside itself -----------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # a hyphenated title the tokenizer splits ("co", "-", "founder")
    ("The fire started in the kitchen, according to Brightway co-founder Mary Olsen.",
     [("The fire started in the kitchen", "according to", "Brightway co-founder Mary Olsen")]),
    ("The fire started in the kitchen, according to Brightway co-founder and Vice President Mary Olsen.",
     [("The fire started in the kitchen", "according to", "Brightway co-founder and Vice President Mary Olsen")]),
    ("Brightway co-founder Mary Olsen said the fire started in the kitchen.",
     [("the fire started in the kitchen", "said", "Brightway co-founder Mary Olsen")]),
    # an acronym in parentheses before the head noun
    ('A World Food Programme (WFP) official told reporters, "We have no trucks left."',
     [("We have no trucks left.", "told", "A World Food Programme (WFP) official")]),
    ("A World Food Programme (WFP) official said the trucks had run out.",
     [("the trucks had run out", "said", "A World Food Programme (WFP) official")]),
    # stays right: a parenthesis after the head, a name after its title, a plain compound
    ("The World Food Programme (WFP) said the trucks had run out.",
     [("the trucks had run out", "said", "The World Food Programme")]),
    ("The fire started in the kitchen, according to fire chief Mary Olsen.",
     [("The fire started in the kitchen", "according to", "fire chief Mary Olsen")]),
])
def test_speaker_phrase_not_cut_inside(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "speaker"), [
    # an organisation's name right after "the <noun>", no comma
    ("The group Clean Water Watch reported late Tuesday that two wells had been poisoned.",
     "The group Clean Water Watch"),
    # stays right: a newspaper's name after "The newspaper"
    ("The newspaper The Daily Post reported that the mayor had resigned.", "The newspaper The Daily Post"),
])
def test_organisation_named_after_its_noun(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 2. readings that report nothing ------------------------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # "without" + a verb of saying: what was not said
    ("Without indicating the sites of the raids, the statement said that the rebels had fled.",
     [("the rebels had fled", "said", "the statement")]),
    ("Without revealing the cost of the deal, the ministry said that both banks had failed.",
     [("both banks had failed", "said", "the ministry")]),
    # a passive confirmation of nothing
    ("There have lately been several rumours of floods in the valley, however, none had been officially confirmed.", []),
    # an infinitive "confirm / verify" on a thing
    ("Dunmore still does not have the machines available to confirm a measles case.", []),
    ("Dunmore does not have the means available to confirm a measles case.", []),
    # stays right: "without" + a cue with its own subject; a person's confirmation; a finite one
    ("Frustrated, the mayor said he cannot leave his office without reporters asking him to resign.",
     [("he cannot leave his office without reporters asking him to resign", "said", "the mayor"),
      ("him to resign", "asking", "reporters")]),
    ("The mayor was able to confirm that the bridge was safe.",
     [("the bridge was safe", "confirm", "The mayor")]),
    ("The ministry confirmed that two soldiers had died.",
     [("two soldiers had died", "confirmed", "The ministry")]),
])
def test_readings_that_report_nothing(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. a pronoun subject of a clause coordinated with its subject's ---------------------------

_SECRETARY = (
    "Interior Secretary Quill Carver says smugglers are not crossing the river. Carver was answering "
    "a charge from Rep. Peter Hale, R-Ohio, that ten smugglers were caught.\n\n"
)


@pytest.mark.parametrize(("text", "cue", "refs"), [
    (_SECRETARY + "Carver never named Hale in public, but he has urged members to stay calm.",
     "urged", [("he", "Quill Carver")]),
    (_SECRETARY + '"We have no proof of that," Carver said on Monday.\n\n'
     "Carver never named Hale in public, but he has urged members to stay calm.",
     "urged", [("he", "Quill Carver")]),
    # stays right: the coordinated clause's own named subject
    (_SECRETARY + "Carver never named Hale in public, and Hale said he was not bothered.",
     "said", [("Hale", "Peter Hale")]),
])
def test_pronoun_of_a_coordinated_clause_keeps_the_subject(trained, text, cue, refs):
    assert _said(trained, text, cue) == refs


# ---- 4. a quote, ", and" + a clause, and the frame closing the sentence: one content -----------

@pytest.mark.parametrize(("text", "rows"), [
    ('"So the crowds started filming," and then the websites picked it up, Walsh said.',
     [('"So the crowds started filming," and then the websites picked it up', "said", "Walsh")]),
    ('"The water came up fast," and the roads closed within an hour, the mayor said.',
     [('"The water came up fast," and the roads closed within an hour', "said", "the mayor")]),
    # stays right: the frame before "and"; a quote after its cue, closed by ", and" + a clause
    ('"We won," the coach said, and the crowd cheered.',
     [("We won", "said", "the coach")]),
    ('The mayor said "the water came up fast," and the roads closed within an hour.',
     [("the water came up fast", "said", "The mayor")]),
])
def test_and_clause_before_the_closing_frame(trained, text, rows):
    assert _triples(trained, text) == rows
