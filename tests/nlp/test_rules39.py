"""Rules, the fronted "Calling it ..." report with an apposition subject (issue 10, usertest H3;
rules39). Invented sentences.

Rows: (content, cue, speaker) per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- the participle's reading (its speaker the main clause's subject, past its apposition) and
# the outer frame's nested reading from the sentence start to before ", <outlet> said"

@pytest.mark.parametrize(("text", "label", "speaker", "said", "outer"), [
    ('Calling it "a betrayal," the mayor, Ana Ruiz, said the plan would hurt renters, The Daily Telegraph said.',
     'it "a betrayal,"', "the mayor", "the plan would hurt renters", "The Daily Telegraph"),
    ('Calling it a "betrayal," the mayor, Ana Ruiz, said the plan would hurt renters, The Daily Telegraph said.',
     'it a "betrayal,"', "the mayor", "the plan would hurt renters", "The Daily Telegraph"),
    ('Calling it "a betrayal," Ana Ruiz, the mayor, said the plan would hurt renters, The Daily Telegraph said.',
     'it "a betrayal,"', "Ana Ruiz", "the plan would hurt renters", "The Daily Telegraph"),
    ('Calling it "a betrayal," the city\'s mayor, Ana Ruiz, said the plan would hurt renters, The Daily Telegraph said.',
     'it "a betrayal,"', "the city's mayor", "the plan would hurt renters", "The Daily Telegraph"),
    ('Calling the vote "a farce," the senator, a Democrat, said the count was flawed, the paper reported.',
     'the vote "a farce,"', "the senator", "the count was flawed", "the paper"),
    ('Labeling the law "cruel," Ana Ruiz, the mayor, said she would sue, the Guardian said.',
     'the law "cruel,"', "Ana Ruiz", "she would sue", "the Guardian"),
])
def test_a_fronted_participle_with_an_apposition_subject(trained, text, label, speaker, said, outer):
    rows = [r[:3] for r in _rows(trained, text)]
    cue = text.split()[0]
    assert (label, cue, speaker) in rows
    assert (said, "said", speaker) in rows
    whole = text[: text.rindex(said) + len(said)]
    assert [r for r in rows if r[2] == outer] == [(whole, text.split()[-1].rstrip("."), outer)]
    assert len(rows) == 3


def test_without_an_outer_frame_two_readings(trained):
    text = 'Calling it "a betrayal," the mayor, Ana Ruiz, said the plan would hurt renters.'
    rows = [r[:3] for r in _rows(trained, text)]
    assert rows == [('it "a betrayal,"', "Calling", "the mayor"), ("the plan would hurt renters", "said", "the mayor")]


def test_the_participles_content_stops_at_its_quote(trained):
    # the parse hangs "Describing" on "said" as its root: the quote still ends the participle's
    # content, the clause after the comma is the speaker's own
    text = 'Describing the deal as "a disaster," the union leader, Tom Hale, said workers would lose out.'
    rows = [r[:3] for r in _rows(trained, text)]
    assert ('the deal as "a disaster,"', "Describing", "the union leader") in rows
    assert ("workers would lose out", "said", "the union leader") in rows


@pytest.mark.parametrize("text", [
    'She said the cuts were "cruel," a view shared by many in the town.',
    'He called the plan "reckless," a charge its authors denied.',
])
def test_a_comment_after_the_quote_still_ends_the_content(trained, text):
    rows = [r[:3] for r in _rows(trained, text)]
    assert rows and rows[0][0].endswith('"') and "view" not in rows[0][0] and "charge" not in rows[0][0]
