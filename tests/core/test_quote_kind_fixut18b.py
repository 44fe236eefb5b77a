"""The kind of a QUOTE the analyst draws (usertest16 L9: it was "—")."""

from __future__ import annotations

import pytest

from annotator.domain.quote_kind import drawn_quote_kind


def kind(text: str, selected: str) -> str | None:
    start = text.index(selected)
    return drawn_quote_kind(text, start, start + len(selected))


@pytest.mark.parametrize(("text", "selected"), [
    ("\u201cWe will stay,\u201d Ana Ruiz said.", "We will stay,"),  # curly, inside the marks
    ("\u201cWe will stay,\u201d Ana Ruiz said.", "We will stay"),
    ('"We will stay," Ana Ruiz said.', "We will stay,"),  # straight
    ('"We will stay," Ana Ruiz said.', '"We will stay,"'),  # with its own marks
    ("\u201cWe will stay,\u201d Ana Ruiz said.", "\u201cWe will stay,\u201d"),
    ('Ana Ruiz said: "We will stay. We will not leave."', "We will stay."),
    ("\u00abNous restons\u00bb, a dit Ana.", "Nous restons"),  # guillemets
])
def test_enclosed_in_double_marks_is_direct(text: str, selected: str) -> None:
    assert kind(text, selected) == "direct"


@pytest.mark.parametrize(("text", "selected"), [
    ("Ana said the plan would \u201ccreate jobs\u201d within a decade.", "the plan would \u201ccreate jobs\u201d within a decade"),
    ('Ana said the plan would "create jobs" within a decade.', 'the plan would "create jobs" within a decade'),
    # usertest32 L7: mostly quoted, but a word outside the marks: a reported clause with quoted words
    ("Ana said \u201cthe plan works\u201d today.", "the plan works\u201d today"),
    ('Governor Ana Ruiz said the harbour was "a disgrace to the whole region"', 'the harbour was "a disgrace to the whole region"'),
])
def test_some_quoted_words_is_mixed(text: str, selected: str) -> None:
    assert kind(text, selected) == "mixed"


@pytest.mark.parametrize(("text", "selected"), [
    ("Ana said the plan would work.", "the plan would work"),  # no marks: the analyst says
    ("\u201cFine,\u201d Ana said.\nShe said the plan would work.", "the plan would work"),  # marks of another paragraph
    ('"Fine," Ana said. Ben said it was late.', "it was late"),  # straight marks closed before
    ("Ana\u2019s aide said \u2018the plan\u2019 would work.", "the plan\u2019 would work"),  # single marks never count
])
def test_no_quoted_character_is_left_to_the_analyst(text: str, selected: str) -> None:
    assert kind(text, selected) is None


def test_empty_selection() -> None:
    assert drawn_quote_kind("\u201cA\u201d", 1, 1) is None
