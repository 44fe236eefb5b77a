"""Issue 10: a relative pronoun speaker ("an architect who said") links to the clause's antecedent
and records the pronoun's span too (``Quote.speaker_pronoun``, QUOTE attr ``speaker_pronoun``
"start-end"); the PolNeAR scorer counts a gold source on either as right (PolNeAR marks the
pronoun as the source in most such attributions)."""

from __future__ import annotations

import pytest

from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.quotes import add_quotes, suggest_quotes
from annotator.nlp.quotes_eval import Attribution, score_attributions
from annotator.nlp.quotes_polnear import to_attributions
from tests.nlp.test_quotes_sentence_end import said, trained  # noqa: F401 - the pipeline fixture and a helper


RELATIVE = [
    ("The mayor, who said the budget was balanced, resigned on Friday.", "the budget was balanced", "The mayor", "who"),
    ("Critics included an architect who said the design was unsafe.", "the design was unsafe", "an architect", "who"),
    ("Police, who said the suspect was armed, closed the road for hours.", "the suspect was armed", "Police", "who"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "speaker", "pronoun"), RELATIVE)
def test_relative_pronoun_speaker_keeps_antecedent_and_records_pronoun(trained, text, content, speaker, pronoun):
    [q] = suggest_quotes(trained(text))
    assert (said(text, q.content), said(text, q.speaker), said(text, q.speaker_pronoun)) == (content, speaker, pronoun)
    out = SuggestionSet("test")
    add_quotes(out, text, [q])
    [quote] = [s for s in out.spans if s.label == "QUOTE"]
    start, end = (int(x) for x in quote.attrs["speaker_pronoun"].split("-"))
    assert text[start:end] == pronoun
    [link] = [r for r in out.relations if r.label == "SPEAKER"]
    child = next(s for s in out.spans if s.key == link.child)
    assert text[child.start : child.end] == speaker  # the link still goes to the antecedent


@pytest.mark.trained
def test_plain_subject_records_no_pronoun(trained):
    text = "The mayor said the budget was balanced."
    [q] = suggest_quotes(trained(text))
    assert said(text, q.speaker) == "The mayor" and q.speaker_pronoun is None


@pytest.mark.trained
def test_scorer_counts_a_gold_pronoun_source_as_right(trained):
    text = RELATIVE[1][0]
    who = text.index(" who ") + 1
    content = text.index("the design")
    gold = [Attribution(content=(content, len(text) - 1), speaker=(who, who + 3), cue=(who + 4, who + 8))]
    pred = to_attributions(suggest_quotes(trained(text)))
    scores = score_attributions(gold, pred, text=text)
    assert (scores.speaker_right, scores.speaker_total) == (1, 1)
