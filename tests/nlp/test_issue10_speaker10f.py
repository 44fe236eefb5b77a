"""Issue 10, twelfth round (speaker10f): kinds of error on articles the rules were not tuned on.

Every sentence here is made up. 1. a report inside an "according to" reading's content is an
attribution of its own, marked ``nested`` so that PolNeAR's scheme (which annotates the sourced
claim as one attribution) leaves it out; a direct quotation inside stays unmarked
(``quotes_readings``, ``quotes_polnear.polnear_scheme``). 2. a cue-less quote continuing the
attribution before it in the next paragraph is part of that attribution (one group: its cue and
speaker), not a second attribution with the same speaker (``quotes._group``).
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_polnear import polnear_scheme
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


def _s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _rows(quotes, text: str) -> list[tuple]:
    return [(_s(text, q.content), _s(text, q.cue), _s(text, q.speaker), q.nested) for q in quotes]


# ---- 1. a report inside an "according to" content -----------------------------------------------

@pytest.mark.parametrize(("text", "inner", "cue", "speaker", "source"), [
    ("Officials said the plan would cost $4 billion, according to a draft seen by reporters.",
     "the plan would cost $4 billion", "said", "Officials", "a draft"),
    ("The mayor told residents that the bridge would reopen in May, according to two people at the meeting.",
     "the bridge would reopen in May", "told", "The mayor", "two people"),
    ("According to the report, the minister warned that the talks could collapse.",
     "the talks could collapse", "warned", "the minister", "the report"),
])
def test_a_report_inside_an_according_to_content_is_nested(trained, text, inner, cue, speaker, source):
    quotes = suggest_quotes(trained(text), text=text)
    rows = _rows(quotes, text)
    # both readings are in the project: the saying verb's subject speaks its report ...
    assert (inner, cue, speaker, True) in rows, rows
    # ... and "according to" is the source of the whole claim, the frame inside its content
    (outer,) = [r for r in rows if r[1].lower() == "according to"]
    assert outer[2].startswith(source) and not outer[3]
    assert cue in outer[0] and inner in outer[0]
    # PolNeAR annotates the sourced claim alone
    kept = _rows(polnear_scheme(quotes), text)
    assert [r[1].lower() for r in kept] == ["according to"], kept


@pytest.mark.parametrize("text", [
    "The plan would cost $4 billion, according to a draft seen by reporters.",
    "Officials said the plan would cost $4 billion.",
])
def test_a_lone_report_or_source_is_not_nested(trained, text):
    quotes = suggest_quotes(trained(text), text=text)
    assert len(quotes) == 1 and not quotes[0].nested
    assert polnear_scheme(quotes) == quotes


def test_a_quotation_inside_an_according_to_content_keeps_its_own_reading(trained):
    # rules18b: the engineer's quote stays, marked nested beside the paper's reading of '"A," the
    # engineer said' (PolNeAR annotates the paper's attribution, frame included; the inner quote
    # used to be the scored one, and with a short quote the paper's reading alone came out)
    text = "\u201cThe roads will stay closed all week,\u201d the engineer said, according to the county paper."
    quotes = suggest_quotes(trained(text), text=text)
    own = [q for q in quotes if _s(text, q.cue) == "said"]
    assert [_s(text, q.content) for q in own] in (["The roads will stay closed all week,"], ["The roads will stay closed all week"])
    assert own[0].nested and _s(text, own[0].speaker) == "the engineer"
    [source] = polnear_scheme(quotes)
    assert _s(text, source.cue) == "according to" and _s(text, source.speaker) == "the county paper"


# ---- 2. a quote continued in the next paragraph --------------------------------------------------

@pytest.mark.parametrize(("text", "first", "cue", "speaker"), [
    ("\u201cThe roads are closed,\u201d the engineer said.\n\n\u201cThey will stay closed until the spring thaw.\u201d",
     "The roads are closed,", "said", "the engineer"),
    ('"We balanced the budget," Mayor Ana Ruiz told the council on Monday.\n\n'
     '"There is no deficit this year, and there will be none next year."',
     "We balanced the budget,", "told", "Mayor Ana Ruiz"),
    # after a reported clause: the quote goes on with what the speaker said
    ('The mayor said the city had balanced its budget for the third year.\n\n'
     '"There is no deficit this year, and there will be none next year."',
     "the city had balanced its budget for the third year", "said", "The mayor"),
])
def test_a_quote_continued_in_the_next_paragraph_is_one_attribution(trained, text, first, cue, speaker):
    quotes = suggest_quotes(trained(text), text=text)
    assert len(quotes) == 2, _rows(quotes, text)
    a, b = quotes
    assert _s(text, a.content).rstrip(",") == first.rstrip(",")
    assert _s(text, b.content).startswith("The") and "\n" not in _s(text, b.content)
    assert a.group == b.group, "one attribution"
    assert _s(text, b.cue) == cue and _s(text, b.speaker) == speaker
    assert b.cue == a.cue and b.speaker == a.speaker


def test_a_quote_with_its_own_cue_in_the_next_paragraph_is_its_own_attribution(trained):
    text = "\u201cThe roads are closed,\u201d the engineer said.\n\n\u201cThey will open on Friday,\u201d the mayor replied."
    quotes = suggest_quotes(trained(text), text=text)
    assert len({q.group for q in quotes}) == 2
    assert [_s(text, q.speaker) for q in quotes] == ["the engineer", "the mayor"]
