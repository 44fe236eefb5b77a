"""The speaker picker ranks the name in the quote's own frame first (usertest16 H5a, L8).

'"A," Flynn, a senior adviser, said …' listed the article's most mentioned person first and the
name right after the quote third; and a split-off clitic ("n't · GPE") was offered as a name."""

from __future__ import annotations

from annotator.domain.candidates import filter_candidates, in_frame, rank_candidates, relation_type
from annotator.domain.model import FRAGMENT, Relation, Span, Status
from annotator.domain.picker_names import names_nothing
from annotator.domain.schema import default_schema

SCHEMA = default_schema()
SPEAKER = relation_type(SCHEMA, "SPEAKER")


def span(text: str, word: str, label: str, *, nth: int = 0, sid: str = "") -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(sid or f"{label}-{word}-{nth}", 1, start, start + len(word), label, SCHEMA.layer_of(label),
                status=Status.SUGGESTED)


# invented: the much-mentioned name sits inside the apposition, nearer the cue than the speaker
TEXT = (
    "Mayor Ida Brandt opened the bridge. Brandt thanked the crews, and Brandt cut the ribbon.\n"
    "\u201cThe river is finally crossable,\u201d Olek Varga, a senior Brandt aide, said on Tuesday "
    "on Radio Nord. \u201cIt took nine years.\u201d"
)


def _spans() -> list[Span]:
    return [
        span(TEXT, "Ida Brandt", "PERSON"), span(TEXT, "Brandt", "PERSON", nth=1), span(TEXT, "Brandt", "PERSON", nth=2),
        span(TEXT, "Olek Varga", "PERSON"), span(TEXT, "Brandt", "PERSON", nth=3), span(TEXT, "Radio Nord", "ORG"),
        span(TEXT, "The river is finally crossable,", "QUOTE", sid="q1"), span(TEXT, "It took nine years.", "QUOTE", sid="q2"),
        span(TEXT, "said", "CUE", sid="cue"),
    ]


def test_name_right_after_the_quote_ranks_first_without_a_cue() -> None:
    spans = _spans()
    q1 = next(s for s in spans if s.id == "q1")
    rows = rank_candidates(TEXT, spans, [], q1, SPEAKER)
    assert rows[0].name == "Olek Varga"
    assert [c.name for c in rows].index("Ida Brandt") > 0  # "×4" does not win


def test_apposition_subject_of_the_linked_cue_ranks_first() -> None:
    spans = _spans()
    q1 = next(s for s in spans if s.id == "q1")
    rows = rank_candidates(TEXT, spans, [Relation("r", 1, "q1", "cue", "CUE")], q1, SPEAKER)
    assert rows[0].name == "Olek Varga"  # not "Brandt" of "a senior Brandt aide", nearer "said"


def test_second_piece_takes_the_frame_of_the_first() -> None:
    spans = _spans()
    q2 = next(s for s in spans if s.id == "q2")
    rows = rank_candidates(TEXT, spans, [Relation("f", 1, "q1", "q2", FRAGMENT)], q2, SPEAKER)
    assert rows[0].name == "Olek Varga"
    # typing still filters, in the ranked order, and digits follow that order
    assert [c.name for c in filter_candidates(rows, "br")] == ["Ida Brandt"]


def test_frame_shapes() -> None:
    t = 'Ana Ruiz said: "We stay." Then "We go," said Ben Cole. "Done." Dee Lo left.'
    q = lambda w: [(t.index(w), t.index(w) + len(w))]  # noqa: E731
    at = lambda w: (t.index(w), t.index(w) + len(w))  # noqa: E731
    assert in_frame(t, at("Ana Ruiz"), q("We stay."))
    assert in_frame(t, at("Ben Cole"), q("We go,"))
    assert not in_frame(t, at("Dee Lo"), q("Done."))  # a new sentence after the quote's full stop
    assert not in_frame(t, at("Ana Ruiz"), q("We go,"))


def test_clitics_and_punctuation_name_nothing() -> None:
    for junk in ("n't", "N\u2019T", "'s", "\u2019re", "\u2014", "-based"):
        assert names_nothing(junk), junk
    for name in ("US", "O'Brien", "Ana", "\u201cFox\u201d"):
        assert not names_nothing(name), name


def test_clitic_entity_is_not_offered() -> None:
    text = "\u201cWe can\u2019t wait,\u201d Ana Ruiz said."
    quote = Span("q", 1, 1, text.index(",") + 1, "QUOTE", SCHEMA.layer_of("QUOTE"))
    junk = Span("j", 1, text.index("n\u2019t"), text.index("n\u2019t") + 3, "GPE", SCHEMA.layer_of("GPE"))
    rows = rank_candidates(text, [quote, junk, span(text, "Ana Ruiz", "PERSON")], [], quote, SPEAKER)
    assert [c.name for c in rows] == ["Ana Ruiz"]
