"""Issue 10, usertest10g findings 3, 4, 5 and 8 (task rules10o), on hand-written sentences:

3. a second inverted frame after a conjunction set off by commas ("A, the governor said,
   though, her aides said, B"): the first frame and its clause A are no part of the second
   speaker's words (``quotes_indirect._second_frame``); when the second frame's subject is the
   first speaker again ("but, she added, B") it is one attribution with two pieces
   (``quotes_indirect._continued``);
4. a title in quotation marks right after a noun of a document or a thing with a name ("The
   paper's editorial, “A City Adrift,” said", "about the memo, “Project Blue,”") is no quote; the
   report after it is found (``quotes_direct.named_title``);
5. and 8. speakers in transcripts and after a quote (see the tests further down).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 3. a second inverted frame after a conjunction -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The tax will rise, the governor said, though, her aides said, not before May.",
     [("The tax will rise", "the governor"), ("not before May", "her aides")]),
    ("The tax will rise, the governor said, and, aides said, it will rise soon.",
     [("The tax will rise", "the governor"), ("it will rise soon", "aides")]),
    ("The school will close, the mayor said, but, critics warned, not this year.",
     [("The school will close", "the mayor"), ("not this year", "critics")]),
    ("The tax will rise, the governor said on Monday, but, her aides said, not before May.",
     [("The tax will rise", "the governor"), ("not before May", "her aides")]),
    # the second part too short to be a report of its own: nothing for the deputy, and the
    # governor's content stops at the frame
    ("The tax will rise, the governor said, although, her deputy admitted, not soon.",
     [("The tax will rise", "the governor")]),
])
def test_second_frame_holds_no_first_frame(trained, text, expected):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == expected
    assert len({r[4] for r in rows}) == len(expected)  # one attribution each


@pytest.mark.parametrize(("text", "speaker", "pieces"), [
    ("Prices will fall, the minister said, but, she added, only next year.",
     "the minister", ["Prices will fall", "only next year"]),
    ("The bridge is safe, Ann Holt said, but, Holt added, it needs paint.",
     "Ann Holt", ["The bridge is safe", "it needs paint"]),
    ("The plan is dead, the senators said, and, they added, nobody will revive it.",
     "the senators", ["The plan is dead", "nobody will revive it"]),
])
def test_second_frame_of_the_same_speaker_is_one_attribution(trained, text, speaker, pieces):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == pieces
    assert {(r[1], r[2], r[4]) for r in rows} == {("said", speaker, rows[0][4])}


def test_a_pronoun_of_another_number_is_another_speaker(trained):
    # "they" after one senator: not the senator going on
    rows = _rows(trained, "The plan is dead, the senator said, and, they added, nobody will revive it.")
    assert [(r[0], r[2]) for r in rows] == [("The plan is dead", "the senator"), ("nobody will revive it", "they")]
    assert rows[0][4] != rows[1][4]


@pytest.mark.parametrize(("text", "expected"), [
    # comments after an inverted frame that were right: stay right
    ("The tax will rise, the governor said, which, aides later said, was a mistake.",
     [("The tax will rise", "the governor"), ("was a mistake", "aides")]),
    ("The tax will rise, the governor said on Monday, a move that, critics said, would hurt the poor.",
     [("The tax will rise", "the governor"), ("would hurt the poor", "critics")]),
    ("The tax will rise, the governor said, and the council agreed.", [("The tax will rise", "the governor")]),
    ("The difference, the mayor said, is that the budget is balanced.",
     [("The difference", "the mayor"), ("is that the budget is balanced", "the mayor")]),
])
def test_other_inverted_frames_unchanged(trained, text, expected):
    assert [(r[0], r[2]) for r in _rows(trained, text)] == expected


# ---- 4. a title in apposition to a noun of a named thing ------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('The paper\u2019s editorial, \u201cA City Adrift,\u201d said the mayor had failed.', "the mayor had failed",
     "The paper\u2019s editorial"),
    ('Asked about the memo, \u201cProject Blue,\u201d the general said it was a draft.', "it was a draft", "the general"),
    ('The union\'s statement, "A Fair Deal Now," said the strike would go on.', "the strike would go on",
     "The union's statement"),
    ('His speech, "A New Start," said the war was over.', "the war was over", "His speech"),
    ('The letter, "Dear Friends," said the school would close.', "the school would close", "The letter"),
])
def test_title_after_a_named_thing_is_no_quote(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [(content, speaker)]


@pytest.mark.parametrize(("text", "content"), [
    # real words stay words: a quote after a verb, a Title-Cased slogan said by someone
    ('The statement said, "We Will Not Yield."', "We Will Not Yield."),
    ('\u201cNever Again,\u201d the senator wrote on Twitter.', "Never Again"),
])
def test_words_after_a_verb_stay_quotes(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]
