"""Issue 10: one quote, one reading (:mod:`annotator.nlp.quotes_readings`).

The same words are not both a direct and an indirect QUOTE; a quote nested inside another is its
own attribution only with its own speaker and cue. The issue's kinds, in news-wire sentences
through the trained pipeline, and the rule itself on hand-built readings.
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_doc import Attr
from annotator.nlp.quotes_readings import one_reading
from tests.nlp.test_quotes_sentence_end import said, table, trained  # noqa: F401 - the pipeline fixture and helpers


# a passive "was asked / urged / told to ..." inside reported speech has no speaker of its own
NESTED_WITHOUT_SPEAKER = [
    ("Lynch said she was asked to deliver a talk to a donor about her findings.",
     "she was asked to deliver a talk to a donor about her findings", "said", "Lynch"),
    ("The mayor said residents were urged to stay indoors until the storm passed.",
     "residents were urged to stay indoors until the storm passed", "said", "The mayor"),
    ("The senator said she was asked to testify before the committee next week.",
     "she was asked to testify before the committee next week", "said", "The senator"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "cue", "speaker"), NESTED_WITHOUT_SPEAKER)
def test_nested_quote_without_its_own_speaker_is_part_of_the_outer_one(trained, text, content, cue, speaker):
    assert table(text, suggest_quotes(trained(text))) == [(content, cue, speaker)]


@pytest.mark.trained
def test_nested_quote_with_its_own_speaker_and_cue_stays(trained):
    text = "Merrill says Machado vowed to keep touring and said she would stand firm against the critics."
    rows = table(text, suggest_quotes(trained(text)))
    assert ("she would stand firm against the critics", "said", "Machado") in rows
    assert rows[0][1:] == ("says", "Merrill") and len(rows) >= 2


@pytest.mark.trained
def test_quoted_words_heard_are_one_reading(trained):
    text = "She says she heard \"Don't you do it\" from the car."
    quotes = suggest_quotes(trained(text))
    assert table(text, quotes) == [("she heard \"Don't you do it\" from the car", "says", "She")]


def _attr(content, kind, cue=None, speaker=None, group=0) -> Attr:
    return Attr(content, kind, cue_i=None if cue is None else cue[0], cue=cue, speaker=speaker, group=group)


@pytest.mark.parametrize("direct_first", [True, False])
def test_same_words_direct_and_indirect_keep_the_direct_reading(direct_first):
    # 'Officials said the bridge was "structurally unsound and had to be closed."': the parser's
    # indirect reading and the quote marks' direct one cover (almost) the same words
    direct = _attr((30, 80), "direct", group=1)  # no cue: its attribution was read by the parse
    indirect = _attr((25, 81), "indirect", cue=(10, 14), speaker=(0, 9), group=2)
    attrs = [direct, indirect] if direct_first else [indirect, direct]
    [kept] = one_reading(attrs)
    assert kept is direct and (kept.kind, kept.cue, kept.speaker) == ("direct", (10, 14), (0, 9))


def test_overlapping_but_different_words_stay_two_readings():
    outer = _attr((0, 100), "indirect", cue=(101, 105), speaker=(106, 110), group=1)
    inner = _attr((60, 100), "indirect", cue=(50, 55), speaker=(40, 45), group=2)
    assert one_reading([outer, inner]) == [outer, inner]


def test_interrupted_quote_parts_are_one_group_not_two_readings():
    a = _attr((1, 20), "direct", cue=(30, 34), speaker=(22, 29), group=4)
    b = _attr((37, 60), "direct", cue=(30, 34), speaker=(22, 29), group=4)
    assert one_reading([a, b]) == [a, b]
