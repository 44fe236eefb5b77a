"""Rules, usertest19 H1 rest, H2, H3, L1, L8 (issue 10): one test per kind, invented sentences.

1. a three-item subject list whose first item the parse hung on the verb (``dep``) before a comma
   is the whole speaker (``quotes_speakers._before_list``), inside a paragraph as the user saw it;
2. a partitive relative speaker ("Engineers, many of whom said") records "whom" as its pronoun
   and the antecedent as its ref, as "whose" does (``quotes_speakers._partitive_whom``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a three-item list whose first item hangs on the verb -----------------------------------

def test_a_three_item_list_before_a_floating_all_is_the_whole_speaker(trained):
    # a paragraph before it, as in the user's file: the parse then hangs "unions" on "said"
    text = ("Talks stall in the capital\n\n"
            "The auditor said the deficit was falling.\n\n"
            "The unions, the employers and the regional governments all said they would oppose the cuts.")
    rows = [r for r in _rows(trained, text) if r[0] == "they would oppose the cuts"]
    assert [r[2] for r in rows] == ["The unions, the employers and the regional governments"]


# ---- 2. a partitive relative speaker ----------------------------------------------------------

@pytest.mark.parametrize(("text", "pronoun", "ref"), [
    ("Engineers, many of whom said the dam was unsafe, were ignored.", "whom", "Engineers"),
    ("Lawmakers, one of whom said the bill would fail, left early.", "whom", "Lawmakers"),
])
def test_a_partitive_relative_speaker_records_whom_and_its_antecedent(trained, text, pronoun, ref):
    from annotator.nlp.quotes import suggest_quotes
    quotes = suggest_quotes(trained(text), text=text)
    assert [(text[q.speaker[0]:q.speaker[1]], text[q.speaker_pronoun[0]:q.speaker_pronoun[1]], q.speaker_ref)
            for q in quotes] == [(text.split(",")[1].split(" said")[0].strip(), pronoun, ref)]
