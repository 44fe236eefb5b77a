"""Issue 10, ninth round: a dash and a name after a quote credit it (a quote roundup, an
epigraph, a pull quote), on made-up text, with the rule-only and the trained pipeline.

``"..." ― Jane Doe``: the name is the source, the dash the cue, whatever the dash (horizontal bar,
em dash, en dash, ``--``), the marks (straight or curly), the space between mark and dash (none,
a no-break space), a title after a comma, or the dash line under the quote. A dash inside
running prose or before a word that is no name credits nothing.
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import rule_only, table, trained  # noqa: F401 - fixtures

Q1 = "The debate was a mess from start to finish and nobody answered a question."
Q2 = "I was embarrassed by the whole evening and I turned it off early."

CREDITED = [
    ("\u201c" + Q1 + "\u201d \u2015 Dana Whitfield\n", "\u2015", "Dana Whitfield"),
    ("\u201c" + Q1 + "\u201d\u2015 Dana Whitfield\n", "\u2015", "Dana Whitfield"),  # no space: one token "”―"
    ("\u201c" + Q1 + "\u201d\xa0\u2015 Dana Whitfield.\n\nPhoto.\n", "\u2015", "Dana Whitfield"),
    ("\u201c" + Q1 + "\u201d \u2014 Dana Whitfield, a teacher in Ohio\n", "\u2014", "Dana Whitfield"),
    ('"' + Q1 + '" -- Dana Whitfield, mayor\n', "--", "Dana Whitfield"),
    ('"' + Q1 + '" \u2013 Ana de la Cruz\n', "\u2013", "Ana de la Cruz"),
    ("\u201c" + Q1 + "\u201d\n\u2014 Dana Whitfield, a teacher in Ohio\n\nThe rally began at noon.", "\u2014", "Dana Whitfield"),
    ("\u201c" + Q1 + "\u201d\n\n\u2015 Dana Whitfield\n\nThe rally began at noon.", "\u2015", "Dana Whitfield"),
    ("\u201c" + Q1 + "\u201d \u2014\nDana Whitfield\n", "\u2014", "Dana Whitfield"),  # the name on the next line
    ("Intro line.\n\n\u201c" + Q1 + "\u201d\n\n- Dana Whitfield\n", "-", "Dana Whitfield"),  # a sign-off hyphen
]


@pytest.mark.parametrize("fixture", ["rule_only", "trained"])
@pytest.mark.parametrize("text,cue,speaker", CREDITED)
def test_a_dash_and_a_name_after_a_quote_credit_it(request, fixture, text, cue, speaker) -> None:
    nlp = request.getfixturevalue(fixture)
    rows = table(text, suggest_quotes(nlp(text), text=text))
    assert (Q1, cue, speaker) in rows, rows


@pytest.mark.parametrize("fixture", ["rule_only", "trained"])
def test_a_roundup_gives_each_quote_its_own_name(request, fixture) -> None:
    # each quote takes the name after it, never the name of the line before it
    text = (
        "Readers told us what they thought.\n\n\u201c" + Q1 + "\u201d \u2015 Dana Whitfield\n\u201c" + Q2
        + "\u201d\u2015 Tom Ortega\xa0\n\u201cHe never said what he would do about jobs.\u201d\xa0\u2015 Maria Lund.\n\nPhoto.\n"
    )
    rows = table(text, suggest_quotes(request.getfixturevalue(fixture)(text), text=text))
    assert (Q1, "\u2015", "Dana Whitfield") in rows
    assert (Q2, "\u2015", "Tom Ortega") in rows
    assert ("He never said what he would do about jobs.", "\u2015", "Maria Lund") in rows


NOT_CREDITED = [
    # a dash before a date, a clause, a pronoun: prose, not a credit line
    "\u201cWe will win this county next year,\u201d \u2014 Tuesday was the day it all changed.\n",
    "\u201cWe will rebuild every road in this county before winter.\u201d \u2014 The Mayor said nothing more.\n",
    "\u201cWe will rebuild every road in this county before winter.\u201d \u2014 He left the room.\n",
    "\u201cYes\u201d \u2014 and then silence fell over the whole room.\n",
    "\u201cWe will rebuild every road in this county before winter.\u201d \u2014 Smith said it twice.\n",
]


@pytest.mark.parametrize("fixture", ["rule_only", "trained"])
@pytest.mark.parametrize("text", NOT_CREDITED)
def test_a_dash_in_running_prose_credits_nothing(request, fixture, text) -> None:
    rows = table(text, suggest_quotes(request.getfixturevalue(fixture)(text), text=text))
    assert not any(cue in ("\u2014", "\u2015") for _content, cue, _speaker in rows), rows


def test_the_dash_credit_is_the_dash_only_when_glued_to_the_mark(rule_only) -> None:  # noqa: F811
    text = "\u201c" + Q1 + "\u201d\u2015 Dana Whitfield\n"
    [q] = suggest_quotes(rule_only(text), text=text)
    assert text[q.cue[0] : q.cue[1]] == "\u2015" and q.kind == "direct"


@pytest.mark.parametrize("fixture", ["rule_only", "trained"])
def test_a_byline_under_a_quote_inside_a_paragraph_is_no_credit(request, fixture) -> None:
    # the second quote continues the first one's attribution; the dash line under it is the byline
    text = (
        "\u201cWe knew about the plan for weeks,\u201d the spokesman told reporters. \u201cNobody in the office "
        "was surprised by the vote.\u201d\n\u2013 Dana Whitfield\n"
    )
    rows = table(text, suggest_quotes(request.getfixturevalue(fixture)(text), text=text))
    assert not any(speaker == "Dana Whitfield" for _content, _cue, speaker in rows), rows
    assert ("Nobody in the office was surprised by the vote.", "told", "the spokesman") in rows, rows
