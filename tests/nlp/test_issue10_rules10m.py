"""Issue 10, usertest10g finding 1 (task rules10m): an interrupted quote in three or more pieces
is one attribution whatever its frames hold, on hand-written sentences:

- a first frame with a time, place or addressee phrase ('Reed said on Monday', 'told reporters on
  Monday', 'said in Boston'): the parse reads the next piece and its own frame as the first
  verb's reported clause; no QUOTE holds another piece's marks or a frame
  (``quotes._holds_a_frame``);
- a later frame whose speaker is "it" (a report, a body) or the first speaker's name again or
  its last name ('Ann Holt said, ... Holt added'): a repeat frame (``quotes._third_piece``).
"""

from __future__ import annotations

import re

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


@pytest.mark.parametrize(("text", "speaker"), [
    # a time, place or addressee phrase in the first frame
    ('"Look," Reed said on Monday, "the plan is dead," he said, "and nobody will revive it."', "Reed"),
    ('"Look," Reed told reporters on Monday, "the plan is dead," he said, "and nobody will revive it."', "Reed"),
    ('"Look," Reed said in Boston, "the plan is dead," he added, "and nobody will revive it."', "Reed"),
    ('"Look," Reed told the crowd on Friday, "the plan is dead," he said, "and nobody will revive it."', "Reed"),
    ('"Well," Ann Holt said at the hearing, "we tried," she added, "and we failed," she said, "but we will try again."',
     "Ann Holt"),
    # a later frame: "it" after a report, the name again
    ('"The first step," the report said, "is honesty," it added, "and the second is money."', "the report"),
    ('"The plan," Ann Holt said, "is bold," Holt added, "and cheap."', "Ann Holt"),
    ('"The plan," Ann Holt said, "is bold," Ann Holt added, "and cheap."', "Ann Holt"),
    # already right: stays right
    ('"Look," Reed told reporters, "the plan is dead," he said, "and nobody will revive it."', "Reed"),
])
def test_three_pieces_with_any_frame_are_one_attribution(trained, text, speaker):
    rows = _rows(trained, text)
    # each piece is exactly the words inside its marks: no mark, no frame in any content
    assert [r[0] for r in rows] == [p.rstrip(",") for p in re.findall('"([^"]*)"', text)]
    assert {(r[2], r[4]) for r in rows} == {(speaker, rows[0][4])}  # one speaker, one group


@pytest.mark.parametrize(("text", "expected"), [
    # a different person's frame is a different attribution
    ('"The plan," Ann Holt said, "is bold," Reed added, "and cheap."',
     [("The plan", "Ann Holt"), ("is bold", "Reed"), ("and cheap.", "Reed")]),
    # a phrase quoted inside a reported clause stays part of it
    ('Holt said there are "some voters" who think so.', [('there are "some voters" who think so', "Holt")]),
])
def test_other_speakers_and_quoted_phrases_stay_apart(trained, text, expected):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == expected


def test_a_reported_clause_ending_in_a_quoted_phrase_keeps_its_reading(trained):
    # the phrase has a frame after it, but the reading's piece ends with its closing mark: the
    # reported clause (calling Holt "...") is kept, only a piece holding a frame or stopping
    # inside another quote's marks is dropped
    text = 'Her friends mocked the plan, calling Holt "a bad mayor," Ann Reed said.'
    rows = _rows(trained, text)
    assert any(r[0].endswith('Holt "a bad mayor,"') for r in rows)
