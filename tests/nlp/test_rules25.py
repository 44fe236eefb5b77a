"""Rules, issue 10 (rules25): attribution shapes the rules still missed, invented sentences.

3. The speaker's next act after "and" that is itself a report ("... and asked the public for help
   finding the driver", "... and called for calm", "... and urged residents to stay indoors"):
   the first report stops before "and" and the second is its own reading with the same speaker
   (``quotes_speakers.speakers_next_report`` also when the parse hangs the reported subject on
   the auxiliary, ``subject`` of such a conjunct is the reporter's; ``quotes_indirect``: "asked
   X for Y" reads "X for Y", as PolNeAR's gold has "asked" + "the crowd to ...", and "called
   for" + one common noun is a demand, as the gold keeps "called for" + "Action").

2. Interview transcripts ('Q: Will you run again? A: No, I will not.', "Q. ... A. ...",
   "QUESTION: ... ANSWER: ..."), a turn per line or the answer after the question's mark: each
   turn a direct quote, the answer's speaker the person named after "interview with" before the
   first turn, else its label ("A"), the question's its label ("Q"), as PolNeAR's gold has the
   labels as sources (``quotes_colon._question_and_answer_turns``, in the colon-line rule that
   reads "KURTZ: ..." turns); the labels resolve to no one.

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 3. the speaker's next act that is a report ------------------------------------------------

NEXT_ACT = [
    ("The mayor said the road was closed and asked the public for help finding the driver.",
     [("the road was closed", "said", "The mayor"), ("the public for help finding the driver", "asked", "The mayor")]),
    ("The mayor said the driver fled the scene and asked the public for help finding him.",
     [("the driver fled the scene", "said", "The mayor"), ("the public for help finding him", "asked", "The mayor")]),
    ("The mayor said the road was closed and called for calm.",
     [("the road was closed", "said", "The mayor"), ("calm", "called", "The mayor")]),
    ("The mayor said the driver fled the scene and called for calm.",
     [("the driver fled the scene", "said", "The mayor"), ("calm", "called", "The mayor")]),
    # alone, the same reports
    ("The mayor asked the public for help finding the driver.",
     [("the public for help finding the driver", "asked", "The mayor")]),
    ("The mayor called for calm.", [("calm", "called", "The mayor")]),
]


@pytest.mark.parametrize(("text", "readings"), NEXT_ACT)
def test_the_speakers_next_act_is_its_own_report(trained, text, readings):
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == readings



# ---- 2. interview transcripts --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "labels"), [
    ("Q: Will you run again? A: No, I will not.", ("Q", "A")),
    ("QUESTION: Will you run again? ANSWER: No, I will not.", ("QUESTION", "ANSWER")),
    ("Q. Will you run again?\nA. No, I will not.", ("Q", "A")),
])
def test_question_and_answer_lines_are_turns_with_their_labels_as_sources(trained, text, labels):
    rows = _rows(trained, text)
    assert [(r[0], r[2], r[3]) for r in rows] == [("Will you run again?", labels[0], None), ("No, I will not.", labels[1], None)]


def test_the_answer_is_the_interviewees_named_before(trained):
    text = (
        "In an interview with Maria Lenz, the mayor of Eastport, we asked about the budget.\n"
        "Q: Will you run again?\n"
        "A: No. I will go back to teaching and spend time with my family.\n"
    )
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [
        ("Will you run again?", "Q"),
        ("No. I will go back to teaching and spend time with my family.", "Maria Lenz"),
    ]


# ---- 1. a written or displayed text --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'A banner read: "No more cuts."',
    'A notice read: "We will not close the shelter this winter."',
    'A caption read: "We will not close the shelter this winter."',
    'A plaque read: "We will not close the shelter this winter."',
    'Her email read, "We will not close the shelter this winter."',
])
def test_a_written_texts_words_are_its_quote(trained, text):
    """the thing is the source, "read" the cue, as PolNeAR's gold has "the letter reads" + its
    quotation; the tagger made this "read" a noun (``quotes_doc._read_as_noun``)"""
    source = text.split(" read")[0]
    content = text.split('"')[1]
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [(content, "read", source)]


# ---- 4. "was quoted / cited as saying" after a non-person phrase ---------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The embassy was quoted as saying the talks would resume next week.", "the talks would resume next week", "The embassy"),
    ("The army has been quoted as saying that the border would stay closed.", "the border would stay closed", "The army"),
    ("State media was cited by local media as saying the talks would resume next week.", "the talks would resume next week", "State media"),
    ('The embassy was quoted on Tuesday as saying, "The border will stay closed."', "The border will stay closed.", "The embassy"),
])
def test_a_thing_quoted_as_saying_is_the_speaker(trained, text, content, speaker):
    """whatever the passive's subject names speaks, as for persons (rules22a/rules23;
    ``quotes_speakers._quoted_as_saying``)"""
    assert [(r[0], r[2]) for r in _rows(trained, text)] == [(content, speaker)]
