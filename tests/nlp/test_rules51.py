"""Rules, issue 10: a reported content that ran on over a second cue of the same (elided) subject
after a modal clause, "announced that the stadium would be renamed and hinted that ..." (usertest33
item 19; rules51). Invented sentences of the same shapes.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- a modal passive, then "and <verb of speech> that ...": the speaker's second report ---------

@pytest.mark.parametrize(("text", "rows"), [
    # the usertest's shape: the tagger reads "hinted" as a participle of "would be renamed"
    ("The club announced that the stadium would be renamed and hinted that a new sponsor had been found.",
     [("the stadium would be renamed", "announced", "The club"),
      ("a new sponsor had been found", "hinted", "The club")]),
    ("The club announced that the stadium will be renamed and hinted that a sponsor had been found.",
     [("the stadium will be renamed", "announced", "The club"),
      ("a sponsor had been found", "hinted", "The club")]),
    ("The club said that the coach would be replaced and added that talks had begun.",
     [("the coach would be replaced", "said", "The club"),
      ("talks had begun", "added", "The club")]),
])
def test_second_report_after_a_modal_clause_is_its_own(trained, text, rows):
    assert _triples(trained, text) == rows


@pytest.mark.parametrize(("text", "rows"), [
    # stays right: a second "that" clause of the same cue is one content
    ("The minister said that prices would rise and that wages would fall.",
     [("prices would rise and that wages would fall", "said", "The minister")]),
    # stays right: a bare form shares the modal, the subject's own act
    ("The senator said that he would resign and leave politics.",
     [("he would resign and leave politics", "said", "The senator")]),
    # stays right: a conjunct with no report of its own is not cut into a reading
    ("The board said the director would step down and thanked him for his work.",
     [("the director would step down", "said", "The board")]),
    # stays right: a past after the modal the parse already cut
    ("The council announced that the road would be widened and hinted that tolls would follow.",
     [("the road would be widened", "announced", "The council"),
      ("tolls would follow", "hinted", "The council")]),
    # stays right: "was arrested and told that": the passive of "tell" is the man's
    ("Police said the man was arrested and told that he would be charged.",
     [("the man was arrested and told that he would be charged", "said", "Police"),
      ("he would be charged", "told", "the man")]),
])
def test_one_content_stays_right(trained, text, rows):
    assert _triples(trained, text) == rows
