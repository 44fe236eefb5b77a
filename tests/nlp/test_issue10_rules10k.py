"""Issue 10, the two rule kinds rules10j left (task rules10k), each on sentences written for the
test:

2. a direct content never runs past its closing quotation mark (``quotes_direct.closed_at_mark``,
   ``quotes._within_marks``): after ", and/but + a clause", ", which ...", "; ...", whatever the
   case of its first letter, with or without a cue before it; a content with words before the
   quote ends with the closing mark there; a content that goes on after the quote ('said "the
   plan" would fail', ', but only in its first year') still does.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 2. a direct content stops at its closing mark ----------------------------------------------

QUOTE = "the mayor will win in a landslide"


@pytest.mark.parametrize("text", [
    f'Ann Holt said "{QUOTE}," and she repeated it later.',
    f'Ann Holt said "{QUOTE.capitalize()}," and she repeated it later.',
    f'Ann Holt said "{QUOTE}," but nobody believed her.',
    f'Ann Holt said "{QUOTE}," which surprised the council.',
    f'Ann Holt said "{QUOTE}," while the council chair disagreed.',
    f'Ann Holt said "{QUOTE}"; the council laughed.',
    f'Ann Holt said "{QUOTE}"; she repeated it later.',
    f'Ann Holt said "{QUOTE}" and she repeated it later.',
    f'Ann Holt said that "{QUOTE}," which nobody doubted.',
    f'Ann Holt said \u201c{QUOTE},\u201d and she repeated it later.',
])
def test_a_direct_content_stops_at_its_closing_mark(trained, text):
    rows = _rows(trained, text)
    assert [(r[0].lower(), r[1], r[2]) for r in rows] == [(QUOTE, "said", "Ann Holt")]


@pytest.mark.parametrize(("text", "cue"), [
    ('Ann Holt told reporters "the mayor will win," but the mayor lost.', "told"),
    ('Ann Holt told the crowd at the rally on Tuesday "the mayor will win," and they cheered.', "told"),
])
def test_whom_and_where_told_are_no_content(trained, text, cue):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [("the mayor will win", cue, "Ann Holt")]


def test_without_a_cue_before_it_the_quote_is_the_content(trained):
    rows = _rows(trained, f'"{QUOTE}," and she repeated it later.')
    assert [r[0] for r in rows] == [QUOTE]


@pytest.mark.parametrize(("text", "content"), [
    ('Ann Holt said the mayor "will win in a landslide," and she repeated it later.', 'the mayor "will win in a landslide,"'),
    ('Ann Holt said the plan would "create jobs," and the mayor agreed.', 'the plan would "create jobs,"'),
])
def test_a_mixed_content_ends_with_the_quote_that_ends_its_clause(trained, text, content):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [(content, "said", "Ann Holt")]


@pytest.mark.parametrize(("text", "content"), [
    ('Ann Holt said "the plan" would fail.', '"the plan" would fail'),
    ('Ann Holt said "if we lose," the party will split.', '"if we lose," the party will split'),
    ('Ann Holt said the plan was "costly," but only in its first year.', 'the plan was "costly," but only in its first year'),
    ('Ann Holt recalled the mayor being "furious," and the council being calm about it.',
     'the mayor being "furious," and the council being calm about it'),
])
def test_a_content_that_goes_on_after_the_quote_keeps_going(trained, text, content):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == [content]
