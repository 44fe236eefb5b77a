"""Issue 10, usertest10h findings 1, 4, 6 and 7 (task rules10p), on hand-written sentences.

1. ``A, X said, CONJ, Y said, B``: A is X's, B is Y's (or X's second piece when Y names X
   again), whatever the words of A, whatever tree the parser built (``quotes_frames.double_frames``,
   frames found by commas and words); checked over a generated grid of fronted clauses ×
   conjunctions × frames × second parts with three invariants: no content holds a frame, no
   SPEAKER/CUE lies inside a piece of its own QUOTE, no two QUOTEs overlap;
4. ``NOUN that, Y said, B`` (a comment phrase with an inner frame): Y says B, never the quoted
   word before (``quotes_frames.relative_frames``);
6. a speaker inside its own quote's marks is replaced by the frame's subject
   (``quotes_frames.own_speakers``);
7. "according to minutes of the meeting": "minutes" heads the source, no time phrase
   (``speaker_time._time_run``); a he/she going on after a person who said nothing refers to the
   one who spoke (``quotes_previous_speaker``).
"""

from __future__ import annotations

import itertools

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 1. the named sentences -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The levy will pass, the mayor said, though, critics said, it is unfair.",
     [("The levy will pass", "the mayor"), ("it is unfair", "critics")]),
    ("The bridge will reopen, the mayor said, although, critics said, it is still unsafe.",
     [("The bridge will reopen", "the mayor"), ("it is still unsafe", "critics")]),
    ("The levy will pass, said the mayor, although, said her critics, it is unfair.",
     [("The levy will pass", "the mayor"), ("it is unfair", "her critics")]),
    ("The levy will pass, the mayor said, although, critics noted, it is unfair.",
     [("The levy will pass", "the mayor"), ("it is unfair", "critics")]),
    ("The levy will pass, the mayor said, although, her aides said, not easily.",
     [("The levy will pass", "the mayor"), ("not easily", "her aides")]),
    ("The levy will pass, the mayor said, though, economists said, not before May.",
     [("The levy will pass", "the mayor"), ("not before May", "economists")]),
    ("The bridge will reopen, the mayor said, but, according to engineers, not soon.",
     [("The bridge will reopen", "the mayor"), ("not soon", "engineers")]),
    ("The bridge will reopen, the mayor said, though, engineers warned, only for cars.",
     [("The bridge will reopen", "the mayor"), ("only for cars", "engineers")]),
    ("The levy will pass, the mayor said, while, her rivals claimed, it is a ploy.",
     [("The levy will pass", "the mayor"), ("it is a ploy", "her rivals")]),
])
def test_second_frame_after_any_fronted_clause(trained, text, expected):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == expected
    assert len({r[4] for r in rows}) == len(expected)


@pytest.mark.parametrize(("text", "speaker", "pieces"), [
    ("The bridge will reopen, officials said, though, they said, repairs continue.",
     "officials", ["The bridge will reopen", "repairs continue"]),
    ("The bridge will reopen, officials said, but, they cautioned, repairs continue.",
     "officials", ["The bridge will reopen", "repairs continue"]),
    ("The levy will pass, the mayor said, although, she conceded, it is unfair.",
     "the mayor", ["The levy will pass", "it is unfair"]),
])
def test_second_frame_naming_the_first_speaker_again(trained, text, speaker, pieces):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == pieces
    assert {(r[2], r[4]) for r in rows} == {(speaker, rows[0][4])}


# ---- 1. the grid and its invariants ---------------------------------------------------------

FRONTED = ["The levy will pass", "The bridge will reopen", "The tax will rise", "Rents will fall"]
LINKS = ["though", "although", "but", "however", "while"]
FIRST = ["the mayor said", "said the mayor", "according to the mayor"]
SECOND = [("critics said", "critics"), ("her aides said", "her aides"), ("said two economists", "two economists"),
          ("according to engineers", "engineers")]
REST = ["it is unfair", "not easily", "not before May"]
FRAME_WORDS = ("said", "according", "noted", "warned")


def _grid():
    for f, l, a, (b, who), r in itertools.product(FRONTED, LINKS, FIRST, SECOND, REST):
        yield f"{f}, {a}, {l}, {b}, {r}.", f, who, r


def _invariants(text, quotes):
    pieces = [(q.group, q.content) for q in quotes]
    for q in quotes:
        said = text[q.content[0] : q.content[1]]
        # no content holds a frame: a verb of speech or "according to" with its own subject
        assert not any(w in said.split() for w in FRAME_WORDS), (text, said)
        for label, rng in (("speaker", q.speaker), ("cue", q.cue)):
            if rng is not None:
                assert not any(g == q.group and c[0] <= rng[0] and rng[1] <= c[1] for g, c in pieces), (text, label)
    spans = sorted(q.content for q in quotes)
    for x, y in zip(spans, spans[1:]):
        assert x[1] <= y[0], (text, x, y)


def test_grid_of_double_frames(trained):
    cases = list(_grid())
    assert len(cases) == 4 * 5 * 3 * 4 * 3
    docs = trained.pipe([c[0] for c in cases])
    wrong = []
    for (text, fronted, who, rest), doc in zip(cases, docs):
        quotes = suggest_quotes(doc, text=text)
        _invariants(text, quotes)
        got = sorted((text[q.content[0] : q.content[1]], text[q.speaker[0] : q.speaker[1]] if q.speaker else None) for q in quotes)
        if (rest, who) not in got or not any(c == fronted for c, _ in got):
            wrong.append((text, got))
    assert wrong == []


# ---- 4. a comment phrase with an inner frame ------------------------------------------------

@pytest.mark.parametrize(("text", "theirs", "who"), [
    ('Grant said the deal was "fair" \u2014 a claim that, critics said, ignored the costs.', "ignored the costs", "critics"),
    ('Grant said the deal was "fair," a view that, economists said, was naive.', "was naive", "economists"),
    ('Grant said the deal was "fair," which, critics said, ignored the costs.', "ignored the costs", "critics"),
    ('Holt called the plan "bold," an idea that, her rivals claimed, would fail.', "would fail", "her rivals"),
])
def test_comment_phrase_frame_gets_its_own_words(trained, text, theirs, who):
    rows = _rows(trained, text)
    assert (theirs, who) in [(r[0], r[2]) for r in rows]
    assert all(r[0] not in ("fair", "bold") for r in rows)


@pytest.mark.parametrize("text", [
    "That, they say, gets harder once the ferry stops.",
    "On top of that, critics say, the harbour fee will hurt fishermen.",
])
def test_a_demonstrative_that_is_no_relative(trained, text):
    # "that" here is no relative on a noun: the rule adds nothing and claims no cue
    from annotator.nlp.quotes_doc import DocContext
    from annotator.nlp.quotes_frames import relative_frames

    cues: set[int] = set()
    assert relative_frames(DocContext(trained(text), text), [], cues) == [] and cues == set()


# ---- 6. a speaker inside its own quote ------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"Our figures," the agency said in a statement, "are sound," it added, "and complete."',
    '"Our figures," the agency said in a statement, "are sound," it added.',
    '"Our figures," the agency said in a statement, "are sound," the agency added, "and complete."',
])
def test_speaker_never_inside_its_own_quote(trained, text):
    quotes = suggest_quotes(trained(text), text=text)
    assert quotes and {text[q.speaker[0] : q.speaker[1]] for q in quotes} == {"the agency"}
    _invariants_direct(text, quotes)


def _invariants_direct(text, quotes):
    for q in quotes:
        for other in quotes:
            if other.group == q.group and q.speaker is not None:
                assert not (other.content[0] <= q.speaker[0] and q.speaker[1] <= other.content[1]), text


# ---- 7. smaller ones ------------------------------------------------------------------------

def test_minutes_of_the_meeting_is_a_source(trained):
    text = 'Ortiz said the city was "broke" last year, according to minutes of the meeting.'
    rows = _rows(trained, text)
    assert "minutes of the meeting" in [r[2] for r in rows]


@pytest.mark.parametrize(("text", "ref"), [
    ("Lena Ortiz spoke after Paul Grant. \u201cIt is a good day,\u201d Ortiz said. Grant nodded. \u201cIt is,\u201d she added.",
     "Lena Ortiz"),
    # the one who said nothing, known by a title to be of the pronoun's gender, stays
    ("Lena Ortiz spoke after Mr. Paul Grant. \u201cIt is a good day,\u201d Ortiz said. Grant nodded. \u201cIt is,\u201d he added.",
     "Paul Grant"),
    ('"We are ready," Holt said. "We have the money," she added.', "Holt"),
])
def test_he_she_goes_on_from_who_spoke(trained, text, ref):
    rows = _rows(trained, text)
    assert rows[-1][2] in ("she", "he") and rows[-1][3] == ref


def test_one_letter_pieces(trained):
    text = '"A," Ann Holt said, "b," she added, "c," she went on, "d."'
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == ["A", "b", "c", "d."]
    assert {(r[2], r[4]) for r in rows} == {("Ann Holt", rows[0][4])}
