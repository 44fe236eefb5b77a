"""Rules, usertest21 H1a, H1b, M1 and L4 (issue 10): the frame shapes the re-check found. Invented
sentences.

1. a hyphenated word in the speaker phrase ("the 54-year-old minister", "the long-serving
   minister"): the tagger splits it into pieces (NUM/ADV/VBG + HYPH) that the speaker walk of
   rules22a did not take for a noun phrase, so the first piece was lost or the quoted words
   became the speaker (``quotes_direct._in_compound``);
2. a cue-first frame whose asides are followed by a prepositional phrase of the cue ('"A," wrote
   the minister, a former judge, in a letter to parliament, "B."'): the frame went into the
   second piece (``quotes_direct.framed_speaker``);
3. "was cited (by X) as saying" reads like "was quoted as saying" (usertest21 M1): the cue
   "cited" and the speaker before it; before, no quote at all (``_cue_past_asides``);
4. a sweep of rules22a's frames (``tests/nlp/test_rules22a.py``) with these heads and adjuncts,
   in both orders and after a whole quote;
5. a name with an aside after it ("Tomas Vidal, 61,", "Ana Ruiz, the opposition leader,") or a
   long description before it ("the chief engineer of the regional roads agency, Tomas Vidal,")
   gets its speaker_ref whatever the NER tagged it (``coref._name_before_aside``, ``resolve``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import itertools

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules20a import _pieces
from tests.nlp.test_rules22a import PORT, _check

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1./2. the user's shapes (invented words) ----------------------------------------------------

@pytest.mark.parametrize(("text", "cue", "speaker"), [
    (f'"The port," the 54-year-old minister, a former judge, said, "{PORT}"', "said", "the 54-year-old minister"),
    (f'"The port," the 54-year-old minister, a former judge, said in Madrid on Tuesday, "{PORT}"',
     "said", "the 54-year-old minister"),
    (f'"The port," the long-serving minister, a former judge, said, "{PORT}"', "said", "the long-serving minister"),
    (f'"The port," wrote the minister, a former judge, in a letter to parliament, "{PORT}"', "wrote", "the minister"),
    (f'"The port," wrote the minister, a former judge from Seville, in a letter to parliament on Tuesday, "{PORT}"',
     "wrote", "the minister"),
    (f'"The port," said the minister, a former judge, in an interview, "{PORT}"', "said", "the minister"),
    # were right, stay right
    (f'"The port," the 54-year-old minister said, "{PORT}"', "said", "the 54-year-old minister"),
    (f'"The port," said the minister in an interview on Tuesday, "{PORT}"', "said", "the minister"),
])
def test_the_frame_stays_between_the_two_pieces(trained, text, cue, speaker):
    assert _pieces(trained, text) == [("The port", cue, speaker), (PORT, cue, speaker)]


# ---- 3. "was cited as saying" -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ('"It sounded like a blast," Pablo Ortega, an astronomer with the institute, was cited as saying.', "Pablo Ortega"),
    ('"It sounded like a blast," Pablo Ortega was cited by the BBC as saying.', "Pablo Ortega"),
    ('"It sounded like a blast," the scientist, 54, was cited as saying.', "the scientist"),
])
def test_cited_as_saying(trained, text, speaker):
    assert _pieces(trained, text) == [("It sounded like a blast", "cited", speaker)]


# ---- 4. the sweep --------------------------------------------------------------------------------

HEADS = ["the 54-year-old minister", "the long-serving harbour master", "the minister", "Ana Ruiz"]
ASIDES = ["", ", 54,", ", a former judge,", ", a former judge from Seville,", ", a well-known judge,",
          ", who was appointed in May,"]
ADJUNCTS = ["in a letter to parliament", "in an interview", "in a letter to parliament on Tuesday"]


def _frames() -> list[tuple[str, str, str, bool]]:
    """(frame, speaker head, cue word, cue first): hyphenated heads with rules22a's asides, and
    cue-first frames with a prepositional phrase after the asides."""
    out = []
    for n, (h, a) in enumerate(itertools.product(HEADS, ASIDES)):
        if "-" in h:
            out.append((f"{h}{a} {('said', 'said in Madrid on Tuesday', 'told reporters')[n % 3]}", h,
                        ("said", "said", "told")[n % 3], False))
            out.append((f"{('said', 'wrote')[n % 2]} {h}{a}".rstrip(","), h, ("said", "wrote")[n % 2], True))
        if a:
            c = ("said", "wrote")[n % 2]
            out.append((f"{c} {h}{a} {ADJUNCTS[n % 3]}", h, c, True))
    return out


FRAMES = _frames()


def test_sweep_between_two_pieces_and_after_a_whole_quote(trained):
    wrong = [
        _check(trained, f'"The port," {f}, "{PORT}"', [("The port", cue), (PORT, cue)], head)
        for f, head, cue, _ in FRAMES
    ] + [
        _check(trained, f'"The port {PORT[:-1]}," {f}.', [(f"The port {PORT[:-1]}", cue)], head)
        for f, head, cue, _ in FRAMES
    ]
    assert [w for w in wrong if w] == []


# ---- 5. speaker_ref of a name with an aside (usertest21 L4) ---------------------------------------

@pytest.mark.parametrize(("text", "speaker", "ref"), [
    ('"The road is closed," Tomas Vidal, 61, told reporters.', "Tomas Vidal", "Tomas Vidal"),
    ('"The road is closed," Ana Ruiz, the opposition leader, said.', "Ana Ruiz", "Ana Ruiz"),
    ('"The road is closed," the chief engineer of the regional roads agency, Tomas Vidal, told reporters.',
     "the chief engineer of the regional roads agency", "Tomas Vidal"),
    # was right, stays right
    ('"The road is closed," said Tomas Vidal, the chief engineer, on Monday.', "Tomas Vidal", "Tomas Vidal"),
])
def test_a_name_with_an_aside_gets_its_ref(trained, text, speaker, ref):
    from tests.nlp.test_issue10_rules10i import _rows

    assert [(r[2], r[3]) for r in _rows(trained, text)] == [(speaker, ref)]

