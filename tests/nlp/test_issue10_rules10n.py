"""Issue 10, usertest10g finding 2 (task rules10n): a content with words before its quote ends
with the closing mark, and a comment after a quote is nobody's attribution, on hand-written
sentences:

- after the closing mark a comma and a noun phrase (an apposition on the quote: ', a view
  shared by many'), a dash (an aside), a subjectless finite verb coordinated with the reported
  clause (the speaker's next act: 'and promised to ...'), a verb of speech in -ing (', adding
  that ...') or only a time phrase ('last week': when it was said) end the content at the mark
  (``quotes_direct.closed_at_mark``);
- a comment noun phrase whose relative clause has a cue verb ('— a claim economists disputed',
  ', a charge its authors denied') frames no quote and its noun is no speaker
  (``quotes_direct.comment_phrase``); a verb after ";" takes no clause before it as content
  (``quotes_indirect._cut_off``).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # a noun phrase after the comma: the writer's comment
    ('Holt said the cuts were "cruel," a view shared by many.', 'the cuts were "cruel,"', "Holt"),
    ('Holt said the plan was "bold," a word her rivals mocked.', 'the plan was "bold,"', "Holt"),
    ('Holt said the cuts were "cruel," something critics doubt.', 'the cuts were "cruel,"', "Holt"),
    ('Reed said the fee was "a scam," the harshest word he used all year.', 'the fee was "a scam,"', "Reed"),
    # a dash: an aside
    ('Reed said the bill was "a gift to donors" — a charge its authors denied.', 'the bill was "a gift to donors"', "Reed"),
    ('Holt said the cuts were "cruel" — a view shared by many.', 'the cuts were "cruel"', "Holt"),
    ('Holt said the cuts were "cruel" -- and walked out.', 'the cuts were "cruel"', "Holt"),
    # the speaker's next act
    ('Ann Holt said the tax was "unfair" and promised to repeal it.', 'the tax was "unfair"', "Ann Holt"),
    ('Holt said the cuts were "cruel" and left the room.', 'the cuts were "cruel"', "Holt"),
    ('Reed said the deal was "a disgrace" and voted against it.', 'the deal was "a disgrace"', "Reed"),
    # when it was said
    ('She said the budget was "fair and balanced" last week.', 'the budget was "fair and balanced"', "She"),
    ('Holt said the tax was "too high" on Monday.', 'the tax was "too high"', "Holt"),
    # a verb of speech after the comma reports its own clause
    ('Reed said the vote was "a sham," adding that he would vote no.', 'the vote was "a sham,"', "Reed"),
])
def test_a_content_with_words_before_the_quote_ends_at_its_closing_mark(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert rows[0][:3] == (content, "said", speaker)
    # nothing else overlaps the content: no second reading of the quote, no comment's attribution
    start = text.index(content)
    for r in rows[1:]:
        a = text.index(r[0])
        assert a >= start + len(content), r


def test_a_time_phrase_after_a_quote_in_a_turn_is_not_the_quote(trained):
    text = 'LEE: What did she say?\nADAMS: She told me "the wall works" last week.\n'
    rows = [r for r in _rows(trained, text) if r[1] != ":"]
    assert [(r[0], r[1], r[2]) for r in rows] == [("the wall works", "told", "She")]


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ('He told reporters the plan would "create jobs" — a claim economists disputed.',
     'the plan would "create jobs"', "told", "He"),
    ('He told reporters the plan would "create jobs," a claim economists disputed.',
     'the plan would "create jobs,"', "told", "He"),
    ('Reed said the bill was "a gift to donors" — a charge its authors denied.',
     'the bill was "a gift to donors"', "said", "Reed"),
    ('"We will cut taxes for everyone," Holt said, a promise her rivals mocked.',
     "We will cut taxes for everyone", "said", "Holt"),
])
def test_a_comment_phrase_frames_no_quote(trained, text, content, cue, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [(content, cue, speaker)]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('The mayor said it was "a mistake"; the council disagreed.', 'it was "a mistake"', "The mayor"),
    ('The mayor said the plan was "a mistake"; critics objected.', 'the plan was "a mistake"', "The mayor"),
])
def test_a_verb_after_a_semicolon_takes_no_clause_before_it(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [(content, speaker)]


@pytest.mark.parametrize(("text", "expected"), [
    # what worked stays as it was
    ('The mayor said it was "a mistake," and the council agreed.', [('it was "a mistake,"', "The mayor")]),
    ('The mayor said it was "a mistake", and the council agreed.', [('it was "a mistake"', "The mayor")]),
    ('Reed said the vote was "a sham," but he voted for it anyway.', [('the vote was "a sham,"', "Reed")]),
    ('Reed said the vote was "a sham," which few believed.', [('the vote was "a sham,"', "Reed")]),
    ('Holt said "we will win"; Reed said "we will see."', [("we will win", "Holt"), ("we will see.", "Reed")]),
    # a speaker phrase after a quote is still one: one noun phrase, an appositive set off by commas
    ('"The plan is dead," a campaign spokesman said.', [("The plan is dead", "a campaign spokesman")]),
    ('"The plan is dead," a White House official said on Monday.', [("The plan is dead", "a White House official")]),
    # a content that goes on after its quote stays whole
    ('Ann Holt said "if we lose," the party will split.', [('"if we lose," the party will split', "Ann Holt")]),
    ('Holt said there are "some voters" who think so.', [('there are "some voters" who think so', "Holt")]),
    # a pair of dashes is an aside the reported clause goes on after
    ('Reed argued that "every member of the board" - including Holt - had voted for the plan.',
     [('"every member of the board" - including Holt - had voted for the plan', "Reed")]),
    # a person or an act before "and": the reported clause goes on
    ('Reed said Holt was "very careless" and misplaced the keys.', [('Holt was "very careless" and misplaced the keys', "Reed")]),
    # a list of quoted phrases after a comma goes on
    ('Reed called the plan "rushed," a "gamble" and a "mistake."', [('the plan "rushed," a "gamble" and a "mistake."', "Reed")]),
])
def test_what_worked_stays(trained, text, expected):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == expected


def test_a_report_runs_on_over_parallel_clauses_after_semicolons(trained):
    # a list of what was reported, each clause repeating the verb, is one content; a clause with
    # another verb after the next semicolon is not part of it
    text = ("The auditors reported that the city holds $4 million in reserve; the county holds $2 million "
            "in reserve; the council disagreed.")
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("the city holds $4 million in reserve; the county holds $2 million in reserve", "reported", "The auditors"),
    ]


def test_a_verb_in_ing_after_a_quote_frames_only_what_follows_it(trained):
    text = 'Reed told Holt that the plan "was a waste of money," adding, "We will never pay for it."'
    rows = _rows(trained, text)
    firsts = [r for r in rows if "waste" in r[0]]
    assert [(r[1], r[2]) for r in firsts] == [("told", "Reed")]  # no second reading cued by "adding"
    assert any(r[0] == "We will never pay for it." and r[2] == "Reed" for r in rows)
