"""Rules, usertest21 M1 rests (issue 10): two frame shapes, invented sentences.

1. '"...," said X, a farmer, according to the radio': an apposition in the frame changes
   nothing. The "according to" reading's content is the quote with its frame (PolNeAR annotates
   the source's attribution frame included: 6 of 6 in rules18b, and the 3 polnear-train cases
   of a quote, a name and "said"/"asked", then ", according to ..." read again here), and the quote
   stays beside it as the speaker's own, marked nested (``quotes._framed_inside_source``,
   ``quotes_readings._said_inside_source``), as without the apposition;
2. '"A," said the minister, who, asked whether she would resign, shook her head, "B."': the
   participle set off right after "who" describes the minister, who was asked
   (``quotes_speakers._set_off_after_relative`` in ``asked_participle``, the "when asked" rule of
   rules22b): no reading with her as the asker; the participle frames no quote
   (``quotes_direct._asked_aside``) and the relative clause the commas interrupt is part of the
   speaker's frame (``quotes_direct._speaker_and_asides``), so "B" is the second piece.

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _rows(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    def s(r):
        return text[r[0] : r[1]] if r else None

    return [(s(q.content), s(q.cue), s(q.speaker), q.group, q.nested) for q in suggest_quotes(trained(text), text=text)]


# ---- 1. an apposition in a frame before "according to" ----------------------------------------

@pytest.mark.parametrize("frame", [
    "said Tomas Vidal",
    "said Tomas Vidal, a fisherman",  # the usertest's shape
    "said Tomas Vidal, a fisherman from the valley",
    "Tomas Vidal said",
    "Tomas Vidal, a fisherman, said",
])
def test_an_apposition_in_the_frame_reads_as_the_frame_without_it(trained, frame):
    quote = "The water came up to the windows"
    text = f'"{quote}," {frame}, according to the local radio.'
    rows = _rows(trained, text)
    # the source's reading: the quote and its whole frame, the apposition included
    outer = [r for r in rows if r[1] == "according to"]
    assert [(r[0], r[2], r[4]) for r in outer] == [(f'"{quote}," {frame}', "the local radio", False)], rows
    # the quote itself: the fisherman's words, nested in the radio's report
    inner = [r for r in rows if r[1] == "said"]
    assert [(r[0], r[2], r[4]) for r in inner] == [(quote, "Tomas Vidal", True)], rows
    assert len(rows) == 2, rows


# ---- 2. "who, asked whether ..., shook her head," between two pieces ---------------------------

@pytest.mark.parametrize("text", [
    '"The port," said the minister, who, asked whether she would resign, shook her head, "will stay closed until May."',
    '"The port," said the minister, who, asked whether she would resign, smiled, "will stay closed until May."',
    '"The bridge," said the mayor, who, asked if he would run again, laughed, "will open in June."',
    '"The port," said the minister, who, when asked whether she would resign, shook her head, "will stay closed until May."',
])
def test_an_asked_participle_in_the_speakers_relative_keeps_both_pieces(trained, text):
    rows = _rows(trained, text)
    first, second = text.split('"')[1].rstrip(","), text.split('"')[3]
    speaker = "the minister" if "minister" in text else "the mayor"
    assert [(r[0], r[1], r[2]) for r in rows] == [(first, "said", speaker), (second, "said", speaker)], rows
    assert rows[0][3] == rows[1][3]
    # she was asked: nobody's reading makes her the asker
    assert not [r for r in rows if r[1] == "asked" and r[2] is not None]


@pytest.mark.parametrize("text", [
    "The minister, who, asked whether she would resign, shook her head, said the port would stay closed.",
    "The minister, who, when asked whether she would resign, shook her head, said the port would stay closed.",
])
def test_the_one_asked_in_a_set_off_relative_is_no_asker(trained, text):
    rows = _rows(trained, text)
    assert ("the port would stay closed", "said", "The minister") in [r[:3] for r in rows]
    assert [r[:3] for r in rows if r[1] == "asked"] == [("whether she would resign", "asked", None)], rows


def test_a_relative_whose_subject_asks_keeps_its_asker(trained):
    # no comma after "who": the minister asked, and the quote after the relative is hers
    text = '"The port," said the minister, who asked whether the ferry would run, "will stay closed until May."'
    rows = _rows(trained, text)
    assert ("whether the ferry would run", "asked", "the minister") in [r[:3] for r in rows]
    assert [r[:3] for r in rows if r[1] == "said"] == [
        ("The port", "said", "the minister"), ("will stay closed until May.", "said", "the minister")]
