"""A quote followed by a short attribution clause with any verb ("fumed", "pressed", "surmised"):
with a parse the verb is the cue and its subject the speaker, so the quote does not inherit the
previous quote's speaker or vanish as a cue-less phrase (quotes_direct._frame_verb)."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import said, trained  # noqa: F401 - the pipeline fixture and a helper

pytestmark = pytest.mark.trained

FRAMES = [
    ("\u201cWe will fight this ruling in every court,\u201d the mayor fumed on Tuesday.", "fumed", "the mayor"),
    ("\u201cPeople are afraid of wasting their votes,\u201d he surmised.", "surmised", "he"),
    ("\u201cIs the bridge safe?\u201d the reporter pressed.", "pressed", "the reporter"),
]


@pytest.mark.parametrize(("text", "cue", "speaker"), FRAMES)
def test_any_verb_of_a_short_attribution_clause_after_a_quote_is_its_cue(trained, text, cue, speaker):
    quotes = suggest_quotes(trained(text))
    assert [(q.kind, said(text, q.cue), said(text, q.speaker)) for q in quotes] == [("direct", cue, speaker)]


def test_a_clause_that_does_something_of_its_own_is_no_attribution(trained):
    text = "\u201cThe vote is close,\u201d Smith handed the papers to the clerk."
    assert all(q.cue is None for q in suggest_quotes(trained(text)))


def test_a_question_quote_is_not_attributed_to_the_next_sentences_report(trained):
    text = '"Is the plan ready?" He said the plan was dead.'
    for q in suggest_quotes(trained(text)):
        assert not (said(text, q.content).startswith("Is the plan") and q.cue is not None)


COLON_INTRODUCTIONS = [
    ("When he died, President Carter released the following statement: \u201cHe was a friend to all of us.\u201d", "released", "President Carter"),
    ("Sanders delivered a snappy retort: \u201cNobody is tearing this up. We are going forward.\u201d", "delivered", "Sanders"),
    # a colon introduction is no reported clause, however many words stand between cue and colon
    ("The mayor said in a statement on Tuesday after the vote: \u201cWe will appeal this ruling.\u201d", "said", "The mayor"),
]


@pytest.mark.parametrize(("text", "cue", "speaker"), COLON_INTRODUCTIONS)
def test_the_verb_of_a_colon_introduction_is_the_cue_whatever_its_lemma(trained, text, cue, speaker):
    quotes = suggest_quotes(trained(text))
    assert [(q.kind, said(text, q.cue), said(text, q.speaker)) for q in quotes] == [("direct", cue, speaker)]
