"""Rules, spokespeople and caption labels (issue 10, usertest27 H2 and H1; rules40). Invented
sentences.

refs: (speaker text, speaker_ref) per suggested piece; rows: (content, cue, speaker, group,
nested).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]

_BEFORE = "Senator Mark Hale spoke on Monday. "
_HUNTER = "Tom Hunter praised the bill. "
_ARCHER = "Rep. Dana Archer backed the plan. "


def _refs(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.speaker[0] : q.speaker[1]] if q.speaker else None, q.speaker_ref)
            for q in suggest_quotes(trained(text), text=text)]


# ---- 1. a spokesperson's words are the spokesperson's, never the principal's --------------------

@pytest.mark.parametrize(("text", "refs"), [
    # the name before the role noun only says whose: the name after it speaks
    (_BEFORE + '"We will not back down," Hale spokesman Joe Kasper told reporters.',
     [("Hale spokesman Joe Kasper", "Joe Kasper")]),
    (_BEFORE + "The bill is dead, Hale spokesman Joe Kasper told reporters.",
     [("Hale spokesman Joe Kasper", "Joe Kasper")]),
    (_HUNTER + '"It is good," Hunter spokesman Joe Kasper told reporters.',
     [("Hunter spokesman Joe Kasper", "Joe Kasper")]),
    (_ARCHER + '"We are pleased," Archer spokesman Lee Moss said.', [("Archer spokesman Lee Moss", "Lee Moss")]),
    (_ARCHER + "The vote was close, Archer aide Lee Moss told reporters.", [("Archer aide Lee Moss", "Lee Moss")]),
    (_HUNTER + "A Hunter spokesman said the vote would be held on Friday.", [("A Hunter spokesman", None)]),
    # an unnamed spokesperson, aide or lawyer: no one, never Hale
    (_BEFORE + "A spokesman for Hale said the senator would vote against the bill.",
     [("A spokesman for Hale", None)]),
    (_BEFORE + '"It is over," said a spokeswoman for Hale.', [("a spokeswoman for Hale", None)]),
    (_BEFORE + "A lawyer for Hale said his client would appeal.", [("A lawyer for Hale", None)]),
    (_BEFORE + "A spokesman for Senator Mark Hale said the bill was dead.",
     [("A spokesman for Senator Mark Hale", None)]),
    (_BEFORE + "An aide to Hale said the senator had not read the letter.", [("An aide to Hale", None)]),
    (_BEFORE + "The budget is a mess, a Hale spokeswoman said on Monday.", [("a Hale spokeswoman", None)]),
    (_BEFORE + "A Hale campaign spokesman said the bill was dead.", [("A Hale campaign spokesman", None)]),
    # were right, stay right
    (_BEFORE + "Hale's spokeswoman said the senator was traveling.", [("Hale's spokeswoman", None)]),
    (_BEFORE + '"It is over," said Hale\'s spokeswoman, Ann Lee.', [("Hale's spokeswoman", "Ann Lee")]),
    (_BEFORE + "Mark Hale's spokesman Joe Kasper said the bill was dead.",
     [("Mark Hale's spokesman Joe Kasper", "Joe Kasper")]),
    (_BEFORE + "Hale said the bill was dead.", [("Hale", "Mark Hale")]),
])
def test_a_spokesperson_is_not_the_one_spoken_for(trained, text, refs):
    assert _refs(trained, text) == refs


@pytest.mark.parametrize(("text", "speaker"), [
    ("An aide to Hale said the senator had not read the letter.", "An aide to Hale"),
    ('"It was a mistake," said a former adviser to Mark Hale.', "a former adviser to Mark Hale"),
    # not a role noun: "to" is not the speaker's
    ("The mayor said to reporters that the plan was dead.", "The mayor"),
])
def test_an_aide_to_someone_is_the_whole_phrase(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 2. a photo caption's one-word label is no speaker -----------------------------------------

_CAPTIONS = "The phone went on sale on Friday, and buyers soon posted clips of it.\n"


@pytest.mark.parametrize(("text", "rows"), [
    (_CAPTIONS + "Smooth: Another clip showed a woman trimming her hair with the phone.", []),
    (_CAPTIONS + "Problem: The phone bends when it sits in a back pocket for hours.", []),
    (_CAPTIONS + "Bold: The designer painted the case a bright shade of orange.\n"
     "Cheap: A third buyer found the case at half the price in a corner shop.", []),
    # the caption's own report stays: its verb and subject, never the label
    (_CAPTIONS + "Handy: Another buyer said the phone could save its owners money on haircuts.",
     [("the phone could save its owners money on haircuts", "said", "Another buyer")]),
    # were right, stay right: a name's turn, a turn in capitals, a headline's quote
    ("The debate ran late.\nTrump: We will win this state and we will win it big.\n"
     "OBAMA: That is not what the bill does at all, and you know it.",
     [("We will win this state and we will win it big.", ":", "Trump"),
      ("That is not what the bill does at all, and you know it.", ":", "OBAMA")]),
])
def test_a_caption_label_is_no_speaker(trained, text, rows):
    assert [r[:3] for r in _rows(trained, text)] == rows
