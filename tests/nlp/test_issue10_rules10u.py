"""Issue 10, the rule faults of the user test the lead listed for task rules10u, on hand-written
sentences, with the default pipeline the window uses (rules alone):

1. "Asked whether ..., Kessler said": the question is asked *of* Kessler; its asker is the
   agent when named ("asked by reporters"), else no one named, as PolNeAR annotates such
   questions (source-less) (``quotes_speakers.asked_participle``);
2. a headline "X to Y: ..." gives X's attribution of the words after the colon, Y being who
   is addressed; a label with an infinitive ("A Plan to Fight ...:") gives none
   (``quotes_colon._addressee_at``);
3. a quote after a colon whose lead names an answer ("His reply:", "The reply from Olsen was
   blunt:") is the answerer's, never the previous quote's speaker's (``quotes._replier``);
4. 'A, X said, B, and, she added, C': one attribution per frame; the first frame's words end
   before the conjunction (``quotes_indirect._past_inner_frames``, ``_parenthetical``), and a
   quote in B is no quote of the second frame (``quotes_direct._second_frame_after``);
5. a report cued by a verb that is no verb of speech ("oppose", "support") inside another
   report's content is ``nested`` (``quotes._reports_inside``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _case(trained, text, want):
    assert _rows(trained, text) == want


# ---- 1. the one asked is not the asker ----------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ('Asked whether the plant would close, Kessler said: "We have no plans to shut it."', [
        ("whether the plant would close", "Asked", None, None, 0),
        ("We have no plans to shut it.", "said", "Kessler", "Kessler", 1),
    ]),
    ("Asked whether the plant would close, Kessler said the company had no such plans.", [
        ("whether the plant would close", "Asked", None, None, 0),
        ("the company had no such plans", "said", "Kessler", "Kessler", 1),
    ]),
])
def test_the_one_asked_is_not_the_asker(trained, text, want):
    _case(trained, text, want)


# ---- 2. "X to Y:" headlines --------------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("Mayor to council: fix the roads before winter", [
        ("fix the roads before winter", ":", "Mayor", None, 0),
    ]),
    ("Warren to the Farm Bureau: Holt will reverse the ruling.", [
        ("Holt will reverse the ruling.", ":", "Warren", "Warren", 0),
    ]),
    ('Senator Ruiz to voters: "We will not raise taxes."', [
        ("We will not raise taxes.", ":", "Senator Ruiz", "Ruiz", 0),
    ]),
    # an infinitive, no one addressed; "Still to come" names no one
    ("A Strange Plan to Fight Traffic Jams: Buy Roads, Sell Cars.", []),
    ("Still to come: results in three more states tonight.", []),
    ("Return to sender: the letters came back unopened last week.", []),
])
def test_x_to_y_headline(trained, text, want):
    _case(trained, text, want)


# ---- 3. a reply after "Ms. Park said" ----------------------------------------------------

_PARK = '"We will appeal the ruling next week," Ms. Park said. '


@pytest.mark.parametrize(("text", "want"), [
    (_PARK + 'The reply from Mr. Olsen was blunt: "You will lose that appeal as well."', [
        ("We will appeal the ruling next week", "said", "Ms. Park", "Park", 0),
        ("You will lose that appeal as well.", None, "Mr. Olsen", "Olsen", 1),
    ]),
    (_PARK + "Mr. Olsen's answer was short: \"You will lose that appeal as well.\"", [
        ("We will appeal the ruling next week", "said", "Ms. Park", "Park", 0),
        ("You will lose that appeal as well.", None, "Mr. Olsen", "Olsen", 1),
    ]),
    (_PARK + 'His reply: "You will lose that appeal as well."', [
        ("We will appeal the ruling next week", "said", "Ms. Park", "Park", 0),
        ("You will lose that appeal as well.", None, "His", None, 1),
    ]),
    # no answer named: the speaker just quoted goes on, as before
    (_PARK + '"Nothing will stop us from trying again."', [
        ("We will appeal the ruling next week", "said", "Ms. Park", "Park", 0),
        ("Nothing will stop us from trying again.", "said", "Ms. Park", "Park", 0),
    ]),
])
def test_a_reply_is_the_answerers(trained, text, want):
    _case(trained, text, want)


# ---- 4. one attribution per frame ---------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("The vote, Harmon said, was a disgrace, and, she added, the board should resign.", [
        ("The vote", "said", "Harmon", "Harmon", 0),
        ("was a disgrace", "said", "Harmon", "Harmon", 0),
        ("the board should resign", "added", "she", "Harmon", 1),
    ]),
    ("The plan, Ortiz said, was sound, but, he warned, the money had run out.", [
        ("The plan", "said", "Ortiz", "Ortiz", 0),
        ("was sound", "said", "Ortiz", "Ortiz", 0),
        ("the money had run out", "warned", "he", "Ortiz", 1),
    ]),
    # the quoted words belong to the first frame's clause, never to the second frame's cue
    ('The vote, Harmon said, was "a disgrace," and, she added, the board should resign.', [
        ("The vote", "said", "Harmon", "Harmon", 0),
        ('was "a disgrace,"', "said", "Harmon", "Harmon", 0),
        ("the board should resign", "added", "she", "Harmon", 1),
    ]),
])
def test_one_attribution_per_frame(trained, text, want):
    _case(trained, text, want)


# ---- 5. a stance inside a report is part of the report -------------------------------------

def _nested_rows(trained, text):
    from annotator.nlp.quotes import suggest_quotes

    quotes = suggest_quotes(trained(text), text=text)
    return [(text[q.content[0] : q.content[1]], text[q.cue[0] : q.cue[1]], q.nested) for q in quotes]


@pytest.mark.parametrize(("text", "want"), [
    ("Senator Vance pledged to oppose the new tax plan at every turn.", [
        ("to oppose the new tax plan at every turn", "pledged", False),
        ("the new tax plan", "oppose", True),
    ]),
    ("The mayor has often said that he will support his party nominee in the fall.", [
        ("he will support his party nominee in the fall", "said", False),
        ("his party nominee", "support", True),
    ]),
])
def test_a_stance_inside_a_report_is_nested(trained, text, want):
    # PolNeAR annotates the outer report only (quotes_polnear.polnear_scheme leaves nested out)
    assert _nested_rows(trained, text) == want
