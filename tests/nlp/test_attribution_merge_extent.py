"""attribution_merge's "extent" rule: a model content that holds the whole of one overlapping
rule reading (not a direct quote) and is longer gives that reading its extent; the rule's cue and
speaker stay, its kind is settled again on the longer content."""

from __future__ import annotations

from annotator.nlp.attribution_merge import merge
from annotator.nlp.quotes_types import Quote

TEXT = "The mayor vowed to help the families rebuild should the levee fail again this spring."


def _at(part: str) -> tuple[int, int]:
    a = TEXT.index(part)
    return a, a + len(part)


def test_a_longer_model_reading_of_the_same_clause_gives_the_rule_quote_its_extent() -> None:
    rule = Quote(_at("to help the families rebuild"), "indirect", cue=_at("vowed"), speaker=_at("The mayor"), group=0)
    model = Quote(_at("to help the families rebuild should the levee fail again this spring"), "indirect", group=0)
    out = merge([rule], [model], text=TEXT)
    assert [(TEXT[slice(*q.content)], q.cue, q.speaker, q.origin) for q in out] == [
        ("to help the families rebuild should the levee fail again this spring", rule.cue, rule.speaker, "rules")]


def test_a_shorter_model_reading_or_a_direct_rule_quote_stays_as_the_rules_read_it() -> None:
    rule = Quote(_at("to help the families rebuild should the levee fail"), "indirect", cue=_at("vowed"), group=0)
    shorter = Quote(_at("to help the families rebuild"), "indirect", group=0)
    assert merge([rule], [shorter], text=TEXT) == [rule]
    direct = Quote(_at("to help the families rebuild"), "direct", cue=_at("vowed"), group=0)
    longer = Quote(_at("to help the families rebuild should the levee fail"), "indirect", group=0)
    assert merge([direct], [longer], text=TEXT) == [direct]


def test_a_model_reading_spanning_two_rule_quotes_changes_neither() -> None:
    first = Quote(_at("to help the families"), "indirect", group=0)
    second = Quote(_at("the levee fail"), "indirect", group=1)
    model = Quote(_at("to help the families rebuild should the levee fail again"), "indirect", group=0)
    assert merge([first, second], [model], text=TEXT) == [first, second]


def test_the_kind_is_settled_again_on_the_longer_content() -> None:
    text = 'Lee said the deal "will not survive the winter, and nobody in this town believes otherwise."'
    a = text.index("the deal")
    rule = Quote((a, a + len("the deal")), "indirect", group=0)
    model = Quote((a, len(text) - 1), "indirect", group=0)
    assert [q.kind for q in merge([rule], [model], text=text)] == ["direct"]
