"""Rules, issue 10: colon lines "Name, apposition:" in the shapes rules47 left out, and a content
that ran on over a second source or a second cue of its speaker (usertest32 M1, M2; rules50).
Invented sentences of the same shapes.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


def _suggested(trained, text: str) -> list[tuple]:
    """(label, text, speaker_ref, [(relation, child text)]) of every attribution span, as the app
    suggests them (the FRAGMENT links and speaker_ref included)."""
    from annotator.nlp.runner import _ner_map, default_rules

    s = default_rules()(trained(text), schema_ner_map=_ner_map(None), origin="t")
    keys = {sp.key: sp for sp in s.spans}
    return [
        (sp.label, text[sp.start : sp.end], sp.attrs.get("speaker_ref"),
         sorted((r.label, text[keys[r.child].start : keys[r.child].end]) for r in s.relations if r.head == sp.key))
        for sp in s.spans if sp.label == "QUOTE"
    ]


# ---- M1. "Name, apposition:" lines: the name with its apposition speaks, the colon is the cue --

@pytest.mark.parametrize(("text", "rows"), [
    # a title before the name, the label past 45 characters
    ('Professor Alan Whitfield, an economist at Leeds: "Rates will rise again before the summer."',
     [("Rates will rise again before the summer.", ":", "Professor Alan Whitfield, an economist at Leeds")]),
    ('Former minister Alan Whitfield, an economist at Leeds: "Rates will rise again before the summer."',
     [("Rates will rise again before the summer.", ":", "Former minister Alan Whitfield, an economist at Leeds")]),
    ('City councillor Tom Reed, 52, chairman of the transport board: "The buses will run on time."',
     [("The buses will run on time.", ":", "City councillor Tom Reed, 52, chairman of the transport board")]),
    # an apposition without an article
    ('Lena Fischer, head of the nurses\' union: "We will strike if the wards stay this short."',
     [("We will strike if the wards stay this short.", ":", "Lena Fischer, head of the nurses' union")]),
    ('Greta Holm, spokeswoman for the ministry: "The report will be published next week."',
     [("The report will be published next week.", ":", "Greta Holm, spokeswoman for the ministry")]),
    ('Senator Paul Grimsby, chair of the committee: "We will vote on Thursday."',
     [("We will vote on Thursday.", ":", "Senator Paul Grimsby, chair of the committee")]),
    # an age, then the apposition
    ('Dr. Omar Haddad, 61, a surgeon in Cairo: "The hospitals are full."',
     [("The hospitals are full.", ":", "Dr. Omar Haddad, 61, a surgeon in Cairo")]),
    ('Ruth Okafor, 45, a nurse in Lagos: "We sleep at the clinic most nights."',
     [("We sleep at the clinic most nights.", ":", "Ruth Okafor, 45, a nurse in Lagos")]),
])
def test_name_apposition_colon_line(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: rules47's shape and a role before the name
    ('Ben Carter, a former diplomat: "Nobody in Brussels wanted this deal."',
     [("Nobody in Brussels wanted this deal.", ":", "Ben Carter, a former diplomat")]),
    ('Former ambassador Ben Carter: "Nobody in Brussels wanted this deal."',
     [("Nobody in Brussels wanted this deal.", ":", "Ben Carter")]),
    # stays right: a participle or a relative after the comma is no apposition
    ('Mary Lopez, speaking in Leeds: "We are broke."', []),
    ('Mary Lopez, who ran the fund: "We are broke."', []),
])
def test_colon_line_stays_right(trained, text, rows):
    assert _triples(trained, text) == rows


def test_apposition_line_after_another_speakers_line_is_its_own_turn(trained):
    text = ('Mary Lopez, the city treasurer: "We are broke."\n\n'
            'Professor Alan Whitfield, an economist at Leeds: "Rates will rise again before the summer."')
    assert _triples(trained, text) == [
        ("We are broke.", ":", "Mary Lopez, the city treasurer"),
        ("Rates will rise again before the summer.", ":", "Professor Alan Whitfield, an economist at Leeds"),
    ]


def test_an_unread_colon_line_is_never_a_fragment_of_the_speaker_before(trained):
    # an apposition with a comma in it is still not read as a speaker (rules47's "not done"); its
    # quote is a new speaker's turn all the same, never Mary Lopez going on (usertest32 M1)
    text = ('Mary Lopez, the city treasurer: "We are broke."\n\n'
            'Ben Carter, a former diplomat, now a lobbyist: "Nobody in Brussels wanted this deal."')
    quotes = _suggested(trained, text)
    assert quotes == [
        ("QUOTE", "We are broke.", "Mary Lopez",
         [("CUE", ":"), ("SPEAKER", "Mary Lopez, the city treasurer")]),
        ("QUOTE", "Nobody in Brussels wanted this deal.", None, []),
    ]


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: a quote paragraph after a quote goes on with its speaker, also after a
    # framing verb with a colon
    ('"We will appeal," the mayor said.\n\n"The court got it wrong."',
     [("We will appeal", "said", "the mayor"), ("The court got it wrong.", "said", "the mayor")]),
    ('The mayor said the deal was dead.\n\n"We will appeal," she said.\n\nThen she went on: "The court got it wrong."',
     [("the deal was dead", "said", "The mayor"), ("We will appeal", "said", "she"),
      ("The court got it wrong.", "went", "she")]),
])
def test_a_quote_paragraph_still_goes_on(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- M2. a content ends before a second source or its speaker's second cue ---------------------

@pytest.mark.parametrize(("text", "rows"), [
    # "- but according to": the council's reading, not more of the blog's words
    ("A blog said the mayor had resigned on Friday - but according to the council, no such letter exists.",
     [("the mayor had resigned on Friday", "said", "A blog"),
      ("no such letter exists", "according to", "the council")]),
    ('A local site said that "city treasurer Tom Reed" had resigned after the audit - but according to the council, no such official exists.',
     [('"city treasurer Tom Reed" had resigned after the audit', "said", "A local site"),
      ("no such official exists", "according to", "the council")]),
    # a subjunctive the cue demands, then the speaker's next cue
    ("The union demanded that the plant stay open and suggested a strike would follow in June.",
     [("the plant stay open", "demanded", "The union"),
      ("a strike would follow in June", "suggested", "The union")]),
    ('A video that demanded the show "Ollie Owl" go off air and suggested a campaign would soon start was shared widely.',
     [('the show "Ollie Owl" go off air', "demanded", "A video"),
      ("a campaign would soon start", "suggested", "A video")]),
    # "although / though <subject> say": another speaker's report set against the first
    ("She says the town is safe, although police say that thefts have doubled.",
     [("the town is safe", "says", "She"), ("thefts have doubled", "say", "police")]),
    ("The girl also says that she wants to become a pilot, although her parents say that Mia is too young.",
     [("she wants to become a pilot", "says", "The girl"), ("Mia is too young", "say", "her parents")]),
    ("Town officials have suggested that a new bridge is an option, though the officials say detailed plans have not yet been drawn up.",
     [("a new bridge is an option", "suggested", "Town officials"),
      ("detailed plans have not yet been drawn up", "say", "the officials")]),
])
def test_content_ends_before_second_source_or_cue(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right
    ("The boy says he wants to stay, although his teachers say that he must go.",
     [("he wants to stay", "says", "The boy"), ("he must go", "say", "his teachers")]),
    ("The coach said the team played well, but according to the fans, the defence was poor.",
     [("the team played well", "said", "The coach"), ("the defence was poor", "according to", "the fans")]),
    ("The mayor said the bridge would open in May and that tolls would be low.",
     [("the bridge would open in May and that tolls would be low", "said", "The mayor")]),
    ("He insisted that the vote be delayed and warned that the party would split.",
     [("the vote be delayed", "insisted", "He"), ("the party would split", "warned", "He")]),
    # a concession with no report of its own stays inside the content
    ("She said the town is safe, although it is small.",
     [("the town is safe, although it is small", "said", "She")]),
])
def test_content_bounds_stay_right(trained, text, rows):
    assert _triples(trained, text) == rows
