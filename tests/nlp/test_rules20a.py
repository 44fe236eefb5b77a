"""Rules, usertest19 H1, M3, M5, L2 (issue 10): one test per kind, invented sentences.

1. an interrupted quote whose middle frame carries a relative clause or an apposition keeps
   both pieces, with the frame outside both (``quotes_direct._speaker_and_asides``,
   ``quotes_direct.framed_speaker``, ``quotes._speaker_then_quote``);
2. an interrupted quote that goes on in single marks keeps its second piece
   (``quotes_direct._rest_of_interrupted``);
3. a bare time noun between the cue and the subject of a mixed quote is no content
   (``quotes_direct._past_bare_time``);
4. a question the frame interrupts keeps the clause after the frame up to its "?"
   (``quotes_indirect._rest_of_question``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _pieces(trained, text: str) -> list[tuple]:
    rows = _rows(trained, text)
    assert len({r[4] for r in rows}) == 1, rows  # one attribution: the pieces share a group
    return [r[:3] for r in rows]


# ---- 1. interrupted quotes with a long middle frame -------------------------------------------

@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ('"We are ready," the coach, who has won two titles, said, "and we will not back down."', "said", "the coach"),
    ('"We are ready," Smith, who coached the team for a decade, told reporters, "and we will not back down."',
     "told", "Smith"),
])
def test_a_relative_clause_in_the_frame_keeps_the_first_piece(trained, text, cue, speaker):
    assert _pieces(trained, text) == [("We are ready", cue, speaker), ("and we will not back down.", cue, speaker)]


@pytest.mark.parametrize(("text", "speaker"), [
    ('"The figures," said the chief economist, Omar Haddad, "simply do not hold up."', "the chief economist"),
    ('"The figures," said the lead researcher, Lena Vogel, "simply do not hold up."', "the lead researcher"),
    # were right, stay right
    ('"The figures," said Omar Haddad, the fund\'s chief analyst, "simply do not hold up."', "Omar Haddad"),
    ('\u201cThe figures,\u201d said Omar Haddad, the fund\'s chief analyst, \u201csimply do not hold up.\u201d', "Omar Haddad"),
])
def test_an_apposition_in_the_frame_stays_out_of_the_second_piece(trained, text, speaker):
    assert _pieces(trained, text) == [("The figures", "said", speaker), ("simply do not hold up.", "said", speaker)]


@pytest.mark.parametrize("text", [
    'The minister said the plan, a costly one, "would fail."',
    'The minister said the plan, which costs billions, "would fail."',
])
def test_after_a_speaker_before_the_cue_the_apposition_is_content(trained, text):
    # the speaker stands before the cue: the words after it are the reported clause's subject
    assert [r[0] for r in _rows(trained, text)] == [text[len("The minister said "):]]


# ---- 2. double marks, then single marks for the rest --------------------------------------------

@pytest.mark.parametrize(("text", "first", "second", "speaker"), [
    ('"We were never warned," the farmers said, \u2018not once.\u2019', "We were never warned", "not once.", "the farmers"),
    ('"It\'s done," she said. \u2018Finished.\u2019', "It's done", "Finished.", "she"),
    # the mirror image was right: stays right
    ('\u2018We were never warned,\u2019 the farmers said, "not once."', "We were never warned", "not once.", "the farmers"),
])
def test_an_interrupted_quote_may_switch_to_single_marks(trained, text, first, second, speaker):
    assert _pieces(trained, text) == [(first, "said", speaker), (second, "said", speaker)]


def test_a_title_in_single_marks_after_a_quote_stays_a_title(trained):
    text = '"We lost," he said of \u2018Winter Roads\u2019 on Friday.'
    assert [r[0] for r in _rows(trained, text)] == ["We lost"]


# ---- 3. a bare time noun after the cue ----------------------------------------------------------

@pytest.mark.parametrize(("text", "content"), [
    ('The minister said Tuesday the reform "was overdue."', 'the reform "was overdue."'),  # usertest19 M5's own
    ('The mayor said Tuesday the levy "was long overdue."', 'the levy "was long overdue."'),  # was right
    # a possessive day is the subject's own: stays
    ('The mayor said Tuesday\'s vote "was a farce."', 'Tuesday\'s vote "was a farce."'),
    ('The mayor said Tuesday the levy was long overdue.', "the levy was long overdue"),
])
def test_a_bare_day_after_the_cue_is_no_content(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


# ---- 4. a question the frame interrupts -------------------------------------------------------

@pytest.mark.parametrize(("text", "first", "second"), [
    ("Who will pay for the repairs, the mayor asked, if the insurers refuse?", "Who will pay for the repairs",
     "if the insurers refuse?"),
    ("What will happen to the workers, the union asked, if the plant closes?", "What will happen to the workers",
     "if the plant closes?"),
])
def test_an_interrupted_question_keeps_its_second_piece(trained, text, first, second):
    assert [r[0] for r in _pieces(trained, text)] == [first, second]


def test_a_trailing_act_after_a_statement_is_still_no_piece(trained):
    text = "The levy was overdue, the mayor said, before leaving for the capital."
    assert [r[0] for r in _rows(trained, text)] == ["The levy was overdue"]
