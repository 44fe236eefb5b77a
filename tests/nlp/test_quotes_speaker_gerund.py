"""A gerund cue hanging on a preposition ("began the week *after questioning* ...", "surprised
the members *by declaring* ...") has no subject of its own: its speaker is the subject of the
verb the preposition hangs on (quotes_speakers.subject), and the relative pronoun of that verb's
clause is recorded (quotes_speakers.relative_pronoun)."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes_speakers import relative_pronoun, subject
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained

GERUNDS = [
    ("The governor began the week after questioning whether the new budget could pass.", "questioning", "governor"),
    ("Senator Lee opened the hearing by questioning the figures the agency had released.", "questioning", "Lee"),
]


@pytest.mark.parametrize(("text", "cue", "speaker"), GERUNDS)
def test_gerund_cue_takes_the_subject_of_the_verb_its_preposition_hangs_on(trained, text, cue, speaker):
    doc = trained(text)
    v = next(t for t in doc if t.text == cue)
    assert v.dep_ == "pcomp"  # the parse this test is about
    found = subject(v)
    assert found is not None and found.text == speaker


def test_gerund_cue_in_a_relative_clause_records_the_pronoun(trained):
    text = "The council met with Mayor Ortiz, who surprised the members by declaring that the budget was dead."
    doc = trained(text)
    v = next(t for t in doc if t.text == "declaring")
    assert subject(v).text == "Ortiz"
    pron = relative_pronoun(v, None)
    assert pron is not None and pron.text == "who"


def test_a_gerund_modifying_a_noun_is_not_climbed(trained):
    text = "The report on voting in the state was released by the board."
    doc = trained(text)
    v = next(t for t in doc if t.text == "voting")
    assert subject(v) is None
