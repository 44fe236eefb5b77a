"""Rules, usertest20 H1 and M2 (issue 10): a frame after a quote is the whole run of words from
the closing mark to the next opening mark (or the sentence end) when it holds a speaker and a cue
verb, whatever its length. Invented sentences.

1. the user's sentences, each with its right value: a speaker-first frame with a long apposition
   keeps the first piece ('"A," the minister, a former judge from Seville, said, "B."'), a
   cue-first frame with an apposition and a relative clause stays out of the second piece
   ('"A," said Ana Ruiz, the opposition leader, who has called ..., "B."'), an age keeps the
   speaker ('Ana Ruiz, 54, said'), and "was quoted (by X) as saying" after an apposition gets
   its cue and the speaker, not the agent (``quotes_direct._speaker_and_asides``,
   ``_cue_past_asides``, ``speaker_past_asides``, ``framed_speaker``);
2. a sweep of frames (2 to 30 words: heads with prepositional phrases, ages, appositions,
   relative clauses, participles, adjuncts after the cue) in four shapes: speaker first between
   two pieces, cue first between two pieces, after a whole quote, "was quoted as saying";
3. a relative clause with a verb of its own in the frame is no cue of the quote; it is an
   attribution of its own, as PolNeAR's gold has it (source "who").

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules20a import _pieces

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. the user's sentences -------------------------------------------------------------------

PORT = "will stay closed until May."


@pytest.mark.parametrize(("text", "first", "second", "cue", "speaker"), [
    (f'"The port," the minister, a former judge from Seville, said, "{PORT}"', "The port", PORT, "said", "the minister"),
    (f'"The port," the minister, a veteran of 30 years in politics, said, "{PORT}"', "The port", PORT, "said", "the minister"),
    (f'"The port," the harbour master, a veteran of 30 years at the docks, told reporters on Tuesday, "{PORT}"',
     "The port", PORT, "told", "the harbour master"),
    ('"This government," Ana Ruiz, the opposition leader, who has called for early elections, said, "has lost its mandate."',
     "This government", "has lost its mandate.", "said", "Ana Ruiz"),
    ('"Prices," the governor of the central bank, Elena Marsh, said in a speech in Frankfurt on Thursday, "will keep rising."',
     "Prices", "will keep rising.", "said", "the governor of the central bank"),
    ('"This government," said Ana Ruiz, the opposition leader, who has called for early elections since the spring, '
     '"has lost its mandate."', "This government", "has lost its mandate.", "said", "Ana Ruiz"),
    (f'"The port," said the minister, a former judge who was appointed in May, "{PORT}"', "The port", PORT, "said", "the minister"),
    (f'"The port," Ana Ruiz, 54, said, "{PORT}"', "The port", PORT, "said", "Ana Ruiz"),
])
def test_a_long_frame_between_two_pieces(trained, text, first, second, cue, speaker):
    assert _pieces(trained, text) == [(first, cue, speaker), (second, cue, speaker)]


@pytest.mark.parametrize(("text", "speaker"), [
    ('"It sounded like a blast," Pablo Ortega, a resident, was quoted as saying.', "Pablo Ortega"),
    ('"It sounded like a blast," Pablo Ortega, a resident near the crater, was quoted by Reuters as saying.',
     "Pablo Ortega"),
    ('"It sounded like a blast," Pablo Ortega with the National Institute of Geology was quoted as saying.',
     "Pablo Ortega with the National Institute of Geology"),
])
def test_quoted_as_saying_after_an_apposition(trained, text, speaker):
    assert _pieces(trained, text) == [("It sounded like a blast", "quoted", speaker)]


# ---- 2. the sweep --------------------------------------------------------------------------------

HEADS = ["the minister", "Ana Ruiz", "the governor of the central bank", "the harbour master"]
ASIDES = [
    "", ", 54,", ", a former judge,", ", 54, a former judge,", ", a former judge from Seville,",
    ", a veteran of 30 years in politics,", ", who was appointed in May,", ", a former judge who was appointed in May,",
    ", the opposition leader, who has called for early elections,",
    ", the opposition leader, who has called for early elections since the spring,", ", Elena Marsh,",
    ", speaking in Madrid,", ", who has proposed closing it for a year,",
    ", 54, the opposition leader, a veteran of 30 years in politics who was appointed in May,",
]
CUES = ["said", "told reporters on Tuesday", "said in a speech in Frankfurt on Thursday", "added", "insisted"]


def _frames():
    """(frame, speaker head, cue word, cue first): each head with each aside, the cue phrases in
    turn; 'he said' as the shortest."""
    out = [("he said", "he", "said", False), ("said he", "he", "said", True), (
        "the governor of the central bank, 54, the opposition leader, a veteran of 30 years in politics who was"
        " appointed in May, said in a speech in Frankfurt on Thursday", "the governor of the central bank", "said", False,
    ), (
        "said the governor of the central bank, the opposition leader, who has called for early elections since"
        " the spring, a veteran of 30 years in politics", "the governor of the central bank", "said", True,
    )]
    combos = [(h, a) for h, a in itertools.product(HEADS, ASIDES) if not (h == "Ana Ruiz" and "Elena" in a)]
    for n, (h, a) in enumerate(combos):
        c = CUES[n % len(CUES)]
        out.append((f"{h}{a} {c}", h, c.split()[0], False))
        if "speaking" not in a:
            c = ("said", "added")[n % 2]
            out.append((f"{c} {h}{a}".rstrip(","), h, c, True))
    return out


FRAMES = _frames()
# the sweep spans frames of 2 to 30 words
assert {len(f[0].split()) for f in FRAMES} >= {2, 30}


def _speaker_ok(text: str, got: str | None, head: str) -> bool:
    # the head phrase, its words before a preposition ("the governor"), or a name set off as
    # its apposition ("Elena Marsh"): all the same person
    return got in (head, re.split(r" (?:of|with) ", head)[0]) or got == "Elena Marsh" and "Elena Marsh" in text


def _check(trained, text: str, want: list[tuple[str, str]], head: str) -> str | None:
    rows = _rows(trained, text)
    own = [r for r in rows if r[1] == "proposed"]
    if "proposed" in text and [r[0] for r in own] != ["closing it for a year"]:
        return f"{text}: {rows}"  # the relative clause's own attribution (section 3)
    rows = [r for r in rows if r not in own]
    ok = (
        [(r[0], r[1]) for r in rows] == want and len({r[4] for r in rows}) == 1
        and all(_speaker_ok(text, r[2], head) for r in rows)
    )
    return None if ok else f"{text}: {rows}"


def test_sweep_speaker_first_between_two_pieces(trained):
    wrong = [
        _check(trained, f'"The port," {f}, "{PORT}"', [("The port", cue), (PORT, cue)], head)
        for f, head, cue, first in FRAMES if not first
    ]
    assert [w for w in wrong if w] == []


def test_sweep_cue_first_between_two_pieces(trained):
    wrong = [
        _check(trained, f'"The port," {f}, "{PORT}"', [("The port", cue), (PORT, cue)], head)
        for f, head, cue, first in FRAMES if first
    ]
    assert [w for w in wrong if w] == []


def test_sweep_after_a_whole_quote(trained):
    wrong = [
        _check(trained, f'"The port {PORT[:-1]}," {f}.', [(f"The port {PORT[:-1]}", cue)], head)
        for f, head, cue, _ in FRAMES
    ]
    assert [w for w in wrong if w] == []


def test_sweep_quoted_as_saying(trained):
    heads = ["Pablo Ortega", "the scientist", "Pablo Ortega with the National Institute of Geology"]
    asides = ["", ", a resident,", ", a resident near the crater,", ", 54,"]
    by = ["", " by the BBC", " by Reuters"]
    wrong = [
        _check(trained, f'"It sounded like a blast," {h}{a} was quoted{by[n % 3]} as saying.',
               [("It sounded like a blast", "quoted")], h)
        for n, (h, a) in enumerate(itertools.product(heads, asides))
    ]
    assert [w for w in wrong if w] == []


# ---- 3. a relative clause with a verb of its own -------------------------------------------------

def test_a_verb_in_the_speakers_relative_clause_is_no_cue_of_the_quote(trained):
    text = '"The answer is no," Reed, who has proposed cutting the levy over three years, said at the time.'
    assert [r[:3] for r in _rows(trained, text)] == [
        ("The answer is no", "said", "Reed"), ("cutting the levy over three years", "proposed", "Reed")]
