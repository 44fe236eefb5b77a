"""Rules, attributions the rules missed or overran on unseen news (issue 10, usertest29 "Missed"
and M2 d; rules46). Invented sentences of the shapes the FNC-1 read-through found.

rows: (content, cue, speaker) per suggested piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


def _kinds(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.content[0] : q.content[1]], q.kind) for q in suggest_quotes(trained(text), text=text)]


# ---- 1. missed attributions PolNeAR's gold reads ------------------------------------------------

@pytest.mark.parametrize(("text", "rows"), [
    # "implied that" (gold: 3 of 3 "imply" in the slices are cues)
    ("The coach implied that the referee had been paid by the other team.",
     [("the referee had been paid by the other team", "implied", "The coach")]),
    # an eyewitness is a witness (a person who can hold a belief)
    ("An eyewitness believes that the driver lost control of the truck.",
     [("the driver lost control of the truck", "believes", "An eyewitness")]),
    ("An eyewitness to the crash also believes the whole story is made up.",
     [("the whole story is made up", "believes", "An eyewitness")]),
    # a second participle of speech on a clause the parse hung lower: the same speaker
    ("On Friday he posted messages to his fans, warning them that the gang could easily enter the town and implying that some of its members might already be there.",
     [("the gang could easily enter the town", "warning", "he"), ("some of its members might already be there", "implying", "he")]),
    # the writer's inference: no one implies it
    ("He has been limping ever since a meeting with top aides in May, which would imply he may have hurt an old injury.", []),
    # "pleaded for" + what is pleaded for (gold: 2 of 3 "plead(s) for"); not a participle on a noun
    ("The family pleaded for an end to the violence.", [("an end to the violence", "pleaded", "The family")]),
    ("The parents of Mr Reyes, who was taken in May, had earlier pleaded for him to be set free.",
     [("him to be set free", "pleaded", "The parents of Mr Reyes")]),
    ("The footage of a wife pleading for her husband's life was shown on Monday.", []),
    # were right, stay right
    ("A witness believes the driver lost control of the truck.",
     [("the driver lost control of the truck", "believes", "A witness")]),
    ("The coach suggested that the referee had been paid.",
     [("the referee had been paid", "suggested", "The coach")]),
])
def test_missed_attributions(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 2. a "told" content ends where the teller's "and said ..." begins ------------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("The neighbour told the reporter he knew the driver from his many videos and said he clearly saw the boy in the car.",
     [("he knew the driver from his many videos", "told", "The neighbour"),
      ("he clearly saw the boy in the car", "said", "The neighbour")]),
    ("She told the paper she was tired of the show and added she would leave in May.",
     [("she was tired of the show", "told", "She"), ("she would leave in May", "added", "She")]),
    # were right, stay right: a second report already cut; a pluperfect may be the reported man's
    ("The mayor said the road was closed and added that it would open next week.",
     [("the road was closed", "said", "The mayor"), ("it would open next week", "added", "The mayor")]),
    ("She told the paper that the shop had closed and that the staff had left.",
     [("the shop had closed and that the staff had left", "told", "She")]),
])
def test_told_content_ends_before_and_said(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. the writer's words before a colon are no part of the quote after it -------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("Also, she now refuses to eat meat: \"Ana loved a good steak,\" her sister said.",
     [("to eat meat", "refuses", "she"), ("Ana loved a good steak", "said", "her sister")]),
    ("The team had a bad night: \"We were not ready,\" the coach said.",
     [("We were not ready", "said", "the coach")]),
    # another cue's reading ends at the colon that opens a quote with a frame of its own
    ('When asked to confirm the claim in the "secret" files, a second source close to the case did so, but with a caveat: "The man is one of the main players but not the only one," the source said.',
     [("to confirm the claim in the \"secret\" files, a second source close to the case did so, but with a caveat", "asked", None),
      ("the claim in the \"secret\" files, a second source close to the case did so, but with a caveat", "confirm", "a second source"),
      ("The man is one of the main players but not the only one", "said", "the source")]),
    # were right, stay right: the speaker's own clause before the colon is his report
    ("The coach said the team was tired: \"We were not ready.\"",
     [("the team was tired", "said", "The coach"), ("We were not ready.", "said", "The coach")]),
])
def test_narration_before_a_colon_is_no_content(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 4. the kind of a partly quoted content: the one definition (quotes_kind) -----------------

@pytest.mark.parametrize(("text", "kinds"), [
    # 21 of 39 characters inside the marks: more than half, direct (PolNeAR's scorer's definition)
    ('The chief said it is still an "ongoing police inquiry" and urged drivers to keep away.',
     [('it is still an "ongoing police inquiry"', "direct"), ("drivers to keep away", "indirect")]),
    # 12 of 25: mixed
    ('The mayor said the budget "is balanced."', [('the budget "is balanced."', "mixed")]),
])
def test_kind_of_a_partly_quoted_content(trained, text, kinds):
    assert _kinds(trained, text) == kinds


# ---- the pronoun of a sentence whose main subject is a person: that person ---------------------

def test_pronoun_in_a_when_clause_is_the_sentence_subject(trained):
    # the new "implied" reading made the first pope a speaker of the paragraph; "he" in "when he
    # said" is still the subject of its own sentence, not that earlier speaker
    from annotator.nlp.quotes import suggest_quotes

    text = ('In 1990, Pope John Paul implied that cats had souls because they too were made by God. '
            'In 2008, former Pope Gregory angered some cat owners when he said that only people were "bound for heaven."')
    refs = [(text[q.content[0] : q.content[1]], q.speaker_ref) for q in suggest_quotes(trained(text), text=text)]
    assert refs == [("cats had souls because they too were made by God", "John Paul"),
                    ('only people were "bound for heaven."', "Pope Gregory")]
