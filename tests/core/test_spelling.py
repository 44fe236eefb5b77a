"""schema_spelling: a user's spelling of a label or polarity mapped to the schema's."""

from annotator.domain.spelling import schema_spelling


def test_exact_case_folded_unknown_and_ambiguous() -> None:
    assert schema_spelling("QUOTE", ["QUOTE", "CLAIM"]) == "QUOTE"
    assert schema_spelling("quote", ["QUOTE", "CLAIM"]) == "QUOTE"
    assert schema_spelling("FAVOR", ("favor", "against")) == "favor"
    assert schema_spelling("maybe", ("favor", "against")) == "maybe"
    assert schema_spelling("quote", ["Quote", "QUOTE"]) == "quote"
    assert schema_spelling("Quote", ["Quote", "QUOTE"]) == "Quote"
