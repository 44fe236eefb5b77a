"""usertest17 N2, L-h, L-l (rules18a): content bounds and recall of the rules, on invented
sentences with the default pipeline (rules alone), and the merge/sanity rules that go with them:

1. a report inside a relative or wh-clause ("the report, which the agency said was final") is an
   attribution, as PolNeAR annotates it, whose content is the reported words after the cue
   ("was final"): the relative word, the speaker and the cue are never inside it
   (``quotes_indirect._past_own_frame``, ``_said_of_relative``); such a clause of two words
   counts, as does any reported clause of two words with its own subject ("told him that *she
   disagreed*": ``_short_clause``); a report in a wh-clause stops before "and how/what ..."
   ("what Smith says [his levy would raise] and how auditors see it ...": ``_before_next_wh_clause``). The model adds no "which" of such a frame
   (``attribution_merge._frame_relative``), and a model content of one relative word without a
   cue of saying is dropped (``attribution_sanity._relative_unsaid``).

Rows: (content, cue, speaker), one per suggested piece.
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _rows(trained, text: str) -> list[tuple]:
    return [(_s(text, q.content), _s(text, q.cue), _s(text, q.speaker)) for q in suggest_quotes(trained(text), text=text)]


def _at(text: str, part: str) -> tuple[int, int]:
    a = text.index(part)
    return a, a + len(part)


# ---- 1. a report inside a relative or wh-clause ------------------------------------------------

@pytest.mark.parametrize(("text", "row"), [
    # the user's sentence (N2)
    ("Critics argued that the report, which the agency said was final, ignored the evidence.",
     ("was final", "said", "the agency")),
    ("Lee praised the officers, which she said were at her side when she was hurt.",
     ("were at her side when she was hurt", "said", "she")),
    # every kind of report verb: speech, claim, insistence, belief, telling, writing, warning
    ("The council rejected the budget, which the mayor says is balanced.", ("is balanced", "says", "the mayor")),
    ("The council rejected the budget, which the mayor claimed was balanced.", ("was balanced", "claimed", "the mayor")),
    ("The council rejected the budget, which the mayor insisted was balanced.", ("was balanced", "insisted", "the mayor")),
    ("The council rejected the budget, which the mayor believes is balanced.", ("is balanced", "believes", "the mayor")),
    ("The council rejected the budget, which the mayor told reporters was balanced.", ("was balanced", "told", "the mayor")),
    ("The council rejected the budget, which the mayor wrote was balanced.", ("was balanced", "wrote", "the mayor")),
    ("The council rejected the budget, which the mayor warned would cut jobs.", ("would cut jobs", "warned", "the mayor")),
    ("The fund bought the bonds, which analysts estimate are worth $2 billion.", ("are worth $2 billion", "estimate", "analysts")),
    # every relative or wh-word: who, what, that, whom
    ("The council met the engineer, who officials say is tied to the firm.", ("is tied to the firm", "say", "officials")),
    ("The council met the engineer, who the mayor believes was hired too late.", ("was hired too late", "believes", "the mayor")),
    ("Nobody knows what the mayor thinks is wrong with the plan.", ("is wrong with the plan", "thinks", "the mayor")),
    ("The panel reviewed the bridge that engineers said was unsafe.", ("was unsafe", "said", "engineers")),
    ("This is the plan that the governor said would save the city.", ("would save the city", "said", "the governor")),
    ("The council met the engineer, whom the mayor described as a genius.", ("as a genius", "described", "the mayor")),
])
def test_a_report_in_a_relative_clause_holds_only_the_reported_words(trained, text, row):
    rows = _rows(trained, text)
    assert row in rows
    # nothing of any frame inside any content: the relative word, the speaker, the cue
    for content, cue, speaker in rows:
        if row[0] in content and content != row[0]:
            continue  # the outer report that holds the whole relative clause ("Critics argued that ...")
        assert not content.startswith(("which", "who", "what", "that", "whom")), content


@pytest.mark.parametrize(("text", "row"), [
    # the shape of N2: "what X says [his … would do] and how …", two wh-clauses in a row
    ("The gap between what Smith says his levy would raise and how auditors say it would affect rents has grown.",
     ("his levy would raise", "says", "Smith")),
    ("Voters want to know what Smith says his health plan would do and how.", ("his health plan would do", "says", "Smith")),
    ("The gap between what the mayor says the levy would raise and what it raised is large.",
     ("the levy would raise", "says", "the mayor")),
])
def test_a_wh_clause_report_stops_before_the_next_wh_clause(trained, text, row):
    assert row in _rows(trained, text)


# ---- L-l: a reported clause of two words --------------------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The senator told Ruiz that the vote was off. Ruiz told him that she disagreed.",
     [("the vote was off", "told", "The senator"), ("she disagreed", "told", "Ruiz")]),
    ("The mayor told Lee that the plan had failed. Lee told her that it worked.",
     [("the plan had failed", "told", "The mayor"), ("it worked", "told", "Lee")]),
    ("The mayor said that turnout fell.", [("turnout fell", "said", "The mayor")]),
    ("Ruiz said she disagreed.", [("she disagreed", "said", "Ruiz")]),
])
def test_a_reported_clause_of_two_words_is_found(trained, text, rows):
    assert _rows(trained, text) == rows


def test_two_words_that_are_no_clause_stay_too_short(trained):
    # an object of two words is no clause of its own: as before, nothing
    assert _rows(trained, "Ruiz denied the report.") == []


# ---- the model: no second reading of the frame's relative word -----------------------------

def test_the_model_adds_no_relative_word_of_a_rule_frame():
    from annotator.nlp.attribution_merge import merge

    t = "The plant, which Mr. Hale says he keeps open at a loss, employs 40 people."
    rule = Quote(_at(t, "he keeps open at a loss"), "indirect", cue=_at(t, "says"), speaker=_at(t, "Mr. Hale"), group=0)
    model = Quote(_at(t, "which"), "indirect", cue=_at(t, "keeps"), speaker=_at(t, "he"), group=1, origin="model")
    assert merge([rule], [model], text=t) == [rule]
    # a model content elsewhere is still added
    other = Quote(_at(t, "employs 40 people"), "indirect", group=2, origin="model")
    assert [q.content for q in merge([rule], [other], text=t)] == [rule.content, other.content]


def test_a_model_content_of_one_relative_word_needs_a_cue_of_saying(trained):
    from annotator.nlp.attribution_sanity import sane

    t = "The aides, who Mr. Hale thanked, left early. The claim, which she denied, spread."
    doc = trained(t)
    who = Quote(_at(t, "who"), "indirect", speaker=_at(t, "Mr. Hale"), group=0, origin="model")
    which = Quote(_at(t, "which"), "indirect", cue=_at(t, "denied"), speaker=_at(t, "she"), group=1, origin="model")
    # "who" with no cue says nothing; "which she denied" is a report whose content is "which"
    assert sane(doc, [who, which], t) == [which]


# ---- 2. a content never runs on into the main clause --------------------------------------------

# every mark style: straight, curly, typewriter '', single curly, single straight
MARKS = [('"', '"'), ("\u201c", "\u201d"), ("''", "''"), ("\u2018", "\u2019"), ("'", "'")]


@pytest.mark.parametrize(("o", "c"), MARKS)
def test_a_relative_clause_report_stops_where_the_relative_clause_ends(trained, o, c):
    # usertest17 N2: the words after the closing mark are the main clause's ("resigned")
    text = f"The mayor, who told reporters that the plan {o}would never work,{c} resigned on Wednesday."
    assert _rows(trained, text) == [(f"the plan {o}would never work,{c}", "told", "The mayor")]


def test_a_relative_clause_cue_frames_no_quote_of_the_main_clause(trained):
    # "argue" stands in a relative clause that ended at "frozen": the quote is Holt's, framed by
    # "calling"; "argue" reports only its own clause
    text = ('Tenants who argue that the rent must be frozen were upset about the vote, '
            'with Sen. Ann Holt calling it a "wish list."')
    rows = _rows(trained, text)
    assert ("the rent must be frozen", "argue", "Tenants") in rows
    assert [r for r in rows if r[1] == "calling"] == [('it a "wish list."', "calling", "Sen. Ann Holt")]


@pytest.mark.parametrize("link", ["and", "but"])
def test_a_report_stops_before_the_speakers_next_quoted_report(trained, link):
    # 'said A, and called him "B"': "called" frames the quotation, the said content ends before it
    text = (f"Senator Ray Dunn said the tax plan would help wealthy donors, {link} called him "
            f'"the worst mayor this city has ever had."')
    rows = _rows(trained, text)
    assert rows[0] == ("the tax plan would help wealthy donors", "said", "Senator Ray Dunn")
    assert [r[1:] for r in rows[1:]] == [("called", "Senator Ray Dunn")]
    assert "worst mayor" in rows[1][0]


# ---- 3. L-h: a content that opens a quotation mark takes its closing mark --------------------------

@pytest.mark.parametrize(("o", "c"), MARKS)
@pytest.mark.parametrize(("template", "content"), [
    ("Jones told the Associated Press that the plan {o}would never work.{c}", "the plan {o}would never work.{c}"),
    ("The fact-checkers announced that the governor's statement was {o}true.{c} Then they left.",
     "the governor's statement was {o}true.{c}"),
    ("Lee said that Ruiz is {o}an idea{c} and that {o}no group owns the city.{c}",
     "Ruiz is {o}an idea{c} and that {o}no group owns the city.{c}"),
])
def test_a_content_opening_a_mark_ends_with_its_closing_mark(trained, o, c, template, content):
    text = template.format(o=o, c=c)
    assert content.format(o=o, c=c) in [r[0] for r in _rows(trained, text)]


def test_a_quote_closing_in_a_later_sentence_is_not_run_on_to(trained):
    # the closing mark of a quotation of several sentences is no part of a content ending in the
    # first (to_closing_marks keeps to the sentence): as before
    from annotator.nlp.quotes_closing import to_closing_marks
    from annotator.nlp.quotes_doc import Attr, DocContext

    text = 'Lee said the plan "was late. The city paid twice for it."'
    ctx = DocContext(trained(text), text)
    at = Attr(_at(text, 'the plan "was late.'), "mixed")
    to_closing_marks(ctx, [at])
    assert text[slice(*at.content)] == 'the plan "was late.'
    at = Attr(_at(text, 'the plan "was late. The city paid twice for it.'), "mixed")
    to_closing_marks(ctx, [at])
    assert text[slice(*at.content)] == 'the plan "was late. The city paid twice for it."'
