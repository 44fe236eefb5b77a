"""Rules, issue 10 (rules25): attribution shapes the rules still missed, invented sentences.

3. The speaker's next act after "and" that is itself a report ("... and asked the public for help
   finding the driver", "... and called for calm", "... and urged residents to stay indoors"):
   the first report stops before "and" and the second is its own reading with the same speaker
   (``quotes_speakers.speakers_next_report`` also when the parse hangs the reported subject on
   the auxiliary, ``subject`` of such a conjunct is the reporter's; ``quotes_indirect``: "asked
   X for Y" reads "X for Y", as PolNeAR's gold has "asked" + "the crowd to ...", and "called
   for" + one common noun is a demand, as the gold keeps "called for" + "Action").

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

