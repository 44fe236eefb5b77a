"""Issue 10, rule kinds a user test found wrong (task rules10e), each on hand-written sentences:

1. a he/she goes to a person whose title gives that gender before one whose gender is unknown,
   unless the unknown one is a subject of the pronoun's own sentence (``coref``);
2. a reported content holds no dateline, no time adjunct of the saying and nothing past the
   closing mark of a quoted clause (``quotes_indirect``);
3. a fronted time adjunct the parse made swallow the subject ("On Friday officials said") does
   not stop the rule (``quotes_speakers.subject``);
4. an appositive name, transcript turns, nested quotes and quotes running over paragraphs.
"""

from __future__ import annotations

import pytest

from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


def _s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _rows(trained, text: str) -> list[tuple]:
    return [(_s(text, q.content), _s(text, q.cue), _s(text, q.speaker), q.speaker_ref, q.kind)
            for q in suggest_quotes(trained(text), text=text)]


# ---- 1. a gendered title beats an unknown gender ----------------------------------------------

@pytest.mark.parametrize(("text", "ref"), [
    # "Sen." gives no gender, "Mr." does: "He" is Biden although Warren was the subject
    ("Sen. Elizabeth Warren spoke with Mr. Dan Biden. He said the bill would pass.", "Dan Biden"),
    # (a unisex first name: "Elizabeth" would make both women, and the subject would speak)
    ("Sen. Jordan Warren spoke with Mrs. Dana Biden. She said the bill would pass.", "Dana Biden"),
    # no one of that gender by title: the usual salience ("Dr." gives no gender)
    ("Dr. Patel met the Governor. She said more talks were planned.", "Patel"),
    ("Dr. Ann Patel spoke with Mr. Tom Reed. She said the bill would pass.", "Ann Patel"),
    # a person of the other gender by title is never taken
    ("Mr. Tom Reed met reporters. She said the bill would pass.", None),
])
def test_a_gendered_title_beats_an_unknown_gender(trained, text, ref):
    quotes = [q for q in suggest_quotes(trained(text), text=text) if _s(text, q.content) == "the bill would pass"
              or _s(text, q.content) == "more talks were planned"]
    assert [q.speaker_ref for q in quotes] == [ref]


def test_a_subject_of_the_pronouns_own_sentence_keeps_it(trained):
    # "his" in the clause of Dana Cole: the clause's subject, whoever had a "Mr." before
    text = "Mr. Tom Reed spoke first. Then Dana Cole used part of his speech to attack the plan."
    doc = trained(text)
    at = text.index("his")
    assert MentionIndex(doc, text).resolve(at, at + 3, before=at) == "Dana Cole"


# ---- 3. a fronted time adjunct --------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("On Friday officials said the deal was off.", "officials"),
    ("On Friday the officials said the deal was off.", "the officials"),
    ("On Friday, officials said the deal was off.", "officials"),
])
def test_a_fronted_time_adjunct_does_not_stop_the_rule(trained, text, speaker):
    assert [(c, s) for c, _, s, _, _ in _rows(trained, text)] == [("the deal was off", speaker)]


# ---- 2. content extents: no dateline, no time of the saying, nothing past the closing mark -------

@pytest.mark.parametrize(("text", "content"), [
    ("NEW YORK (Reuters) - Stocks fell sharply on Tuesday, traders said.", "Stocks fell sharply on Tuesday"),
    ("SAN JUAN - Prices rose again, officials said.", "Prices rose again"),
    ("WASHINGTON (AP) \u2014 The deficit grew, the report said.", "The deficit grew"),
    # the time adjunct right after the cue dates the saying ...
    ("LONDON \u2014 Britain said on Monday it would expel diplomats.", "it would expel diplomats"),
    ("Britain said last week the talks had failed.", "the talks had failed"),
    # ... after "that" it is the content's
    ("Britain said that on Monday it would expel diplomats.", "on Monday it would expel diplomats"),
    # a quoted clause ends at its closing mark when the speaker's next act follows
    ('Trump said that "the election is rigged" and warned supporters.', "the election is rigged"),
    ('Trump said that "the election is rigged" and left the stage.', "the election is rigged"),
    # a phrase quoted inside a clause that goes on is part of it
    ('Trump said the plan would "create jobs" and raise wages.', 'the plan would "create jobs" and raise wages'),
    ('Trump said the plan would "create jobs" for everyone.', 'the plan would "create jobs" for everyone'),
])
def test_a_content_holds_no_dateline_saying_time_or_next_act(trained, text, content):
    assert [c for c, *_ in _rows(trained, text)] == [content]


# ---- 4. appositive names, turns, nested quotes ------------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "ref"), [
    ("The economist, Janet Yellen, argued that rates should stay low.", "The economist", "Janet Yellen"),
    ("The lawyer, Maria Lenz, said that the case was closed.", "The lawyer", "Maria Lenz"),
    # a title noun worked before and still does
    ("The trade minister, Hiroshi Tanaka, said that the talks were over.", "The trade minister", "Hiroshi Tanaka"),
])
def test_a_name_set_off_after_a_description_is_its_named_person(trained, text, speaker, ref):
    assert [(s, r) for _, _, s, r, _ in _rows(trained, text)] == [(speaker, ref)]


@pytest.mark.parametrize(("text", "speaker"), [
    ("SEN. SHERROD BROWN (D-OH): This trade deal is a disaster for Ohio workers.", "SEN. SHERROD BROWN"),
    ("Sen. Bernie Sanders (I-VT): We need a political revolution.", "Sen. Bernie Sanders"),
    ("Rep. Dana Cole (R): The bill will not pass this year.", "Rep. Dana Cole"),
])
def test_a_turn_with_a_bracketed_tag_is_direct_in_any_case(trained, text, speaker):
    assert [(s, k) for _, _, s, _, k in _rows(trained, text)] == [(speaker, "direct")]


@pytest.mark.parametrize(("text", "content"), [
    # a quote nested in a quote of the same secondary mark does not close the outer one
    ("'When he told me 'we are done,' I believed him,' Jones said.", "When he told me 'we are done,' I believed him"),
    ('"When he told me \'we are done,\' I believed him," Jones said.', "When he told me 'we are done,' I believed him"),
    # an elision or a decade is no nested opening
    ("'We will get 'em next time,' Jones said.", "We will get 'em next time"),
    ("'The '90s were hard for us all,' Jones said.", "The '90s were hard for us all"),
])
def test_a_nested_quote_does_not_close_the_outer_one(trained, text, content):
    # the outer quote is whole; a nested one with its own cue and speaker ("he told me") is an
    # attribution of its own after it (tests/nlp/test_quotes_nested.py)
    rows = [(c, s) for c, _, s, _, _ in _rows(trained, text)]
    assert rows[0] == (content, "Jones")
    assert all(c in content and s != "Jones" for c, s in rows[1:])


@pytest.mark.parametrize("marks", [('"', '"', '"'), ("\u201c", "\u201c", "\u201d")])
def test_a_quote_over_two_paragraphs_leaves_the_reopening_mark_out(trained, marks):
    o1, o2, c = marks
    text = (f"{o1}The first part of the statement goes here and is long,\n\n"
            f"{o2}and the second paragraph continues the same quotation,{c} said Ms. Grant.")
    quotes = suggest_quotes(trained(text), text=text)
    assert [_s(text, q.content) for q in quotes] == [
        "The first part of the statement goes here and is long",
        "and the second paragraph continues the same quotation"]
    assert len({q.group for q in quotes}) == 1  # one attribution, a discontinuous content
    assert {_s(text, q.speaker) for q in quotes} == {"Ms. Grant"}
