"""Issue 10, rule kinds a user re-test (usertest10e) found to hold only for the wording tested
(task rules10j), each on hand-written sentences:

1. a title in quotation marks right after a preposition or verb of media ("In an interview with
   “Fox News Sunday,”", "On “Hannity,”", "published by “The Atlantic,”") is no quote
   (``quotes_direct.named_title``); a verb of speech right before a quote frames it, not a verb
   after ", and" (``quotes_direct._cue_right_before``).
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


def _s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _rows(trained, text: str) -> list[tuple]:
    quotes = suggest_quotes(trained(text), text=text)
    return [(_s(text, q.content), _s(text, q.cue), _s(text, q.speaker), q.speaker_ref, q.group) for q in quotes]


# ---- 1. a title in quotation marks after a preposition or verb of media ---------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("In an interview with \u201cFox News Sunday,\u201d the governor said she would not run.", "she would not run", "the governor"),
    ("Speaking on \u201cFace the Nation,\u201d Senator Ann Lee said the bill would fail.", "the bill would fail", "Senator Ann Lee"),
    ("Asked about the report, which was first published by \u201cThe Atlantic,\u201d Tom Reed said it was fake.",
     "it was fake", "Tom Reed"),
    ('Writing in "The Weekly Standard," the senator said the plan was dead.', "the plan was dead", "the senator"),
])
def test_a_title_after_a_media_preposition_is_no_quote(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [(content, "said", speaker)]


def test_the_verb_before_the_quote_frames_it_not_the_next_act(trained):
    text = "On \u201cHannity,\u201d Ann Holt said \u201cThe mayor will win in a landslide,\u201d and she repeated it later."
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [("The mayor will win in a landslide", "said", "Ann Holt")]


def test_a_title_is_never_in_the_content(trained):
    text = "Ann Holt told CNN\u2019s \u201cState of the Union\u201d that she had no regrets."
    rows = _rows(trained, text)
    assert all("State of the Union" not in (r[0] or "") for r in rows)
