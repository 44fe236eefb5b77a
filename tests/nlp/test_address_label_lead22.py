"""A line that addresses the readers ("Ladies: …", "Folks: …") is no transcript turn and its
label no speaker (quotes_colon._NOT_SPEAKER). rules31 made "lady" a person noun, after which a
"Ladies:" line in an FNC-1 body became a quote by "Ladies". Invented sentences."""

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("label", ["Ladies", "Gentlemen", "Folks", "Everyone", "Ladies and gentlemen"])
def test_an_address_to_the_readers_is_no_turn(trained, label):
    text = ("The store opens a new range of winter boots next week.\n"
            f"{label}: if you want the best seats, come early and bring a friend.\n"
            "The range includes boots and coats in four colours.")
    assert not [r for r in _rows(trained, text) if r[2] and r[2].startswith(label.split()[0])]


def test_a_named_turn_still_is_one(trained):
    text = "Interviewer: Why did you leave the club?\nRuiz: Because nobody listened to the players."
    speakers = {r[2] for r in _rows(trained, text)}
    assert {"Interviewer", "Ruiz"} <= speakers
