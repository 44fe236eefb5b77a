"""Rules, issue 10 (usertest34 M1, M2; rules52). Invented sentences of the same shapes.

M1: a flag or other emoji after a colon-line name ("Ahmed El-Sayed \U0001F1EA\U0001F1EC:") made the quote a
fragment of the line before's speaker, or left it without one; the symbols are no part of the label.
M2: a reported content ran on over the speaker's second report after a past clause ("two men were
arrested and appealed for witnesses ...", "the team had played badly and vowed that ...").

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- M1: symbols between a colon line's name and its colon ---------------------------------------

_FIRST = 'Shoppers gave their views.\n\nMarta Lindqvist, 34, nurse: "Rents keep climbing."\n\n'


@pytest.mark.parametrize(("label", "name"), [
    ("Omar Haddad \U0001F1F1\U0001F1E7", "Omar Haddad"),  # a flag: two regional indicators
    ("Ingrid Solberg \U0001F33B", "Ingrid Solberg"),  # a flower (So)
    ("Ingrid Solberg \u2764\ufe0f", "Ingrid Solberg"),  # a heart and a variation selector
    ("Ingrid Solberg \U0001F469\u200d\U0001F33E", "Ingrid Solberg"),  # a ZWJ sequence
])
def test_a_symbol_after_the_name_keeps_the_lines_speaker(trained, label, name):
    text = f'{_FIRST}{label}: "We want fair wages, not slogans."'
    assert _triples(trained, text) == [
        ("Rents keep climbing.", ":", "Marta Lindqvist, 34, nurse"),
        ("We want fair wages, not slogans.", ":", name),
    ]


@pytest.mark.parametrize("label", ["Omar Haddad", "Ingrid Solberg"])
def test_a_plain_label_stays_right(trained, label):
    text = f'{_FIRST}{label}: "We want fair wages, not slogans."'
    assert _triples(trained, text)[1] == ("We want fair wages, not slogans.", ":", label)


def test_symbol_helpers():
    from annotator.nlp.quotes_colon import is_label_symbol, strip_label_symbols

    assert strip_label_symbols("Omar Haddad \U0001F1F1\U0001F1E7 ") == "Omar Haddad"
    assert strip_label_symbols("Ingrid Solberg \u2764\ufe0f") == "Ingrid Solberg"
    assert strip_label_symbols("Omar Haddad (Beirut)") == "Omar Haddad (Beirut)"
    assert not any(is_label_symbol(ch) for ch in "Zoë Ćosić-Åberg, 27")


# ---- M2: the speaker's second report after a past clause ----------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # the usertest's shapes
    ("Police reported that three teenagers were detained and appealed for witnesses to come forward.",
     [("three teenagers were detained", "reported", "Police")]),
    ("The manager admitted the team had defended poorly and vowed that they would improve.",
     [("the team had defended poorly", "admitted", "The manager"),
      ("they would improve", "vowed", "The manager")]),
    ("The captain admitted the team had started slowly and promised that they would fight back.",
     [("the team had started slowly", "admitted", "The captain"),
      ("they would fight back", "promised", "The captain")]),
])
def test_second_report_after_a_past_clause_is_the_speakers(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: a second "that" clause of the same cue is one content
    ("The minister said that prices rose and that wages fell.",
     [("prices rose and that wages fell", "said", "The minister")]),
    # stays right: "and that" after a pluperfect, a second clause of the same cue
    ("The director said that the firm had grown and that profits rose.",
     [("the firm had grown and that profits rose", "said", "The director")]),
    # stays right: a bare form shares the modal
    ("The senator said he would resign and leave politics.",
     [("he would resign and leave politics", "said", "The senator")]),
    # stays right: the arrested man's own act after the passive
    ("Police said the man was arrested and told that he would be charged.",
     [("the man was arrested and told that he would be charged", "said", "Police"),
      ("he would be charged", "told", "the man")]),
])
def test_one_content_stays_right(trained, text, rows):
    assert _triples(trained, text) == rows
