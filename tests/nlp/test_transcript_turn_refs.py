"""Issue 10: an all-caps transcript turn ("SEN. MARY SMITH (D-OH): …", "KURTZ: …", "MS. JONES:
…") names a person the entity recogniser mostly misses. The turn's quote gets a ``speaker_ref``:
the name without title or tag, spelled as the article spells it in normal case, or the person
named elsewhere in the article whose name or surname it is; later turns by the same name and
normal-case mentions ("Smith said", "she") resolve to the same name. No PERSON entity is made
from a turn (``coref._turn_mentions``, ``quotes_colon.turn_names``). Hand-written text only."""

from __future__ import annotations

import pytest

from annotator.nlp.coref import MentionIndex
from annotator.nlp.entities import suggest_entities
from annotator.nlp.quotes import suggest, suggest_quotes
from annotator.nlp.quotes_colon import turn_names
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


def _refs(trained, text: str) -> list[tuple[str, str | None]]:
    return [(text[q.speaker[0] : q.speaker[1]] if q.speaker else None, q.speaker_ref)
            for q in suggest_quotes(trained(text), text=text)]


@pytest.mark.parametrize(("text", "refs"), [
    # no one named in normal case: the turn's name, title and tag left out, in title case
    ("SEN. MARY SMITH (D-OH): We need to pass this bill before the recess ends.\n"
     "KURTZ: Senator, your colleagues disagree with that view entirely.\n"
     "SMITH: They will come around once they read the full text of it.\n"
     "Smith said later that the vote would be close.",
     [("SEN. MARY SMITH", "Mary Smith"), ("KURTZ", "Kurtz"), ("SMITH", "Mary Smith"), ("Smith", "Mary Smith")]),
    # the people named in normal case before: the turns are theirs, and "she" after
    ("Host Ben Kurtz spoke with Mary Smith on Sunday.\n"
     "KURTZ: Senator, your colleagues disagree with that view entirely.\n"
     "MS. SMITH: They will come around once they read the full text.\n"
     "She said the vote would be close.",
     [("KURTZ", "Ben Kurtz"), ("MS. SMITH", "Mary Smith"), ("She", "Mary Smith")]),
    # a surname alone, with an honorific
    ("MS. JONES: I was there on the night of the fire and saw everything.\n"
     "MR. BLAKE: That is not what the report from the fire marshal says.\n"
     "Jones said the report was wrong.",
     [("MS. JONES", "Jones"), ("MR. BLAKE", "Blake"), ("Jones", "Jones")]),
    # the article's spelling of a name ("McCain", not "Mccain"), and "he" after the turn
    ("Sen. John McCain visited the base on Monday.\n"
     "MCCAIN: The troops here deserve far better than what they are getting.\n"
     "He said the funding was short.",
     [("MCCAIN", "John McCain"), ("He", "John McCain")]),
    ("DANA MCBRIDE: The county cannot pay for the new road this year.\n"
     "McBride said the state should step in.",
     [("DANA MCBRIDE", "Dana McBride"), ("McBride", "Dana McBride")]),
])
def test_all_caps_turns_resolve_to_one_person(trained, text, refs):
    assert _refs(trained, text) == refs


@pytest.mark.parametrize("text", [
    "UNIDENTIFIED MALE: Sir, what about the budget talks next week?\nMODERATOR: Please hold your questions until the end.",
    "AUDIENCE MEMBER: What will you do about the plant closing?\nREPORTER: Can you say when the vote is?",
])
def test_a_role_is_no_name(trained, text):
    doc = trained(text)
    assert turn_names(doc, text) == []
    assert all(ref is None for _, ref in _refs(trained, text))


def test_turn_names_leave_title_and_tag_out(trained):
    text = "SEN. MARY SMITH (D-OH): We need to pass this bill now.\nDr. KIM: The data say otherwise, and clearly so."
    assert [text[a:b] for a, b in turn_names(trained(text), text)] == ["MARY SMITH", "KIM"]


def test_a_later_mention_resolves_to_the_turn(trained):
    text = "KURTZ: Welcome back to the program on this Sunday.\nKurtz then asked about the bill."
    doc = trained(text)
    index = MentionIndex(doc, text)
    a = text.index("Kurtz then")
    assert index.resolve(a, a + 5, before=a) == "Kurtz"


def test_no_person_entity_is_made_from_a_turn(trained):
    text = "KURTZ: Welcome back to the program on this Sunday morning.\nBLAKE: Thank you for having me here."
    doc = trained(text)
    out = suggest(doc, schema_ner_map={"PERSON": "PERSON"}, origin="test")
    entities = sorted((s.start, s.end) for s in out.spans if s.layer == "entity")
    assert entities == sorted((s.start, s.end) for s in suggest_entities(doc, {"PERSON": "PERSON"}))
