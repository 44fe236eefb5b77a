"""Candidates for the speaker / cue / claimant picker (annotator.domain.candidates)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.candidates import (
    adjacent,
    filter_candidates,
    fold,
    is_pronoun,
    matches,
    named_people,
    rank_candidates,
    relation_type,
)
from annotator.domain.model import Relation, Span, Status
from annotator.domain.schema import default_schema

SCHEMA = default_schema()
SPEAKER = relation_type(SCHEMA, "SPEAKER")
CUE = relation_type(SCHEMA, "CUE")
CLAIMANT = relation_type(SCHEMA, "CLAIMANT")


def span(text: str, word: str, label: str, *, nth: int = 0, sid: str = "", status: Status = Status.SUGGESTED) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    layer = SCHEMA.layer_of(label)
    return Span(sid or f"{label}-{word}-{nth}", 1, start, start + len(word), label, layer, status=status)


TEXT = (
    "Michael Flynn met Sergey Kislyak in Washington.\n"
    "Flynn said the meeting was routine, according to the White House. "
    "Kislyak declined to comment. "
    "“It was nothing,” Flynn told reporters."
)


def test_fold_and_matching() -> None:
    assert fold("Ségolène ROYAL") == "segolene royal"
    assert matches("fly", "Michael Flynn")
    assert matches("mf", "Michael Flynn")  # initials
    assert matches("MICH fl", "Michael Flynn")
    assert matches("sego", "Ségolène Royal")  # accents ignored
    assert not matches("fm", "Michael Flynn")
    assert not matches("lynn", "Michael Flynn")  # a prefix of a word, not any substring
    assert matches("", "anything")


def test_named_mentions_nearest_first_grouped_with_count() -> None:
    quote = span(TEXT, "the meeting was routine", "QUOTE", status=Status.ACCEPTED)
    spans = [
        span(TEXT, "Michael Flynn", "PERSON"), span(TEXT, "Sergey Kislyak", "PERSON"), span(TEXT, "Washington", "GPE"),
        span(TEXT, "Flynn", "PERSON", nth=1), span(TEXT, "White House", "ORG"), span(TEXT, "Kislyak", "PERSON", nth=1),
        span(TEXT, "Flynn", "PERSON", nth=2), quote,
    ]
    rows = rank_candidates(TEXT, spans, [], quote, SPEAKER)
    names = [c.name for c in rows]
    assert names[0] == "Michael Flynn"  # "Flynn said", right before the quote, grouped with the full name
    flynn = rows[0]
    assert flynn.count == 3 and flynn.span_id == "PERSON-Flynn-1"  # links the nearest of the three mentions
    assert "Michael Flynn ×3" in flynn.display
    assert names[1] == "White House"  # "according to the White House": same sentence
    assert names == ["Michael Flynn", "White House", "Sergey Kislyak", "Washington"]
    assert rows[2].count == 2  # Kislyak, Sergey Kislyak
    assert [c.name for c in filter_candidates(rows, "mf")] == ["Michael Flynn"]
    assert [c.name for c in filter_candidates(rows, "ki")] == ["Sergey Kislyak"]
    assert [c.name for c in filter_candidates(rows, "wh")] == ["White House"]


def test_a_last_name_shared_by_two_full_names_stays_apart() -> None:
    text = "Hillary Clinton and Bill Clinton spoke. Clinton said taxes would rise."
    quote = span(text, "taxes would rise", "QUOTE")
    rows = rank_candidates(text, [quote, span(text, "Hillary Clinton", "PERSON"), span(text, "Bill Clinton", "PERSON"),
                                  span(text, "Clinton", "PERSON", nth=2)], [], quote, SPEAKER)
    assert [(c.name, c.count) for c in rows] == [("Clinton", 1), ("Bill Clinton", 1), ("Hillary Clinton", 1)]


def test_speaker_span_beats_entity_at_same_place_and_rejected_never_listed() -> None:
    quote = span(TEXT, "It was nothing", "QUOTE")
    spans = [quote, span(TEXT, "Flynn", "PERSON", nth=2), span(TEXT, "Flynn", "SPEAKER", nth=2),
             span(TEXT, "Kislyak", "PERSON", nth=1, status=Status.REJECTED)]
    rows = rank_candidates(TEXT, spans, [], quote, SPEAKER)
    assert [(c.name, c.label, c.count) for c in rows] == [("Flynn", "SPEAKER", 2)]


def test_cue_linked_anchors_the_speaker() -> None:
    text = "Jones, the mayor, later said that taxes would rise, Smith noted."
    quote = span(text, "taxes would rise", "QUOTE")
    cue = span(text, "said", "CUE")
    spans = [quote, cue, span(text, "Jones", "PERSON"), span(text, "Smith", "PERSON")]
    without = rank_candidates(text, spans, [], quote, SPEAKER)
    with_cue = rank_candidates(text, spans, [Relation("r", 1, quote.id, cue.id, "CUE")], quote, SPEAKER)
    assert [c.name for c in without] == ["Smith", "Jones"]  # "Smith" touches the quote
    assert [c.name for c in with_cue] == ["Jones", "Smith"]  # the subject of the linked cue


def test_inside_the_quote_comes_after_outside() -> None:
    text = "Obama said that Putin was wrong about Ukraine."
    quote = span(text, "Putin was wrong about Ukraine", "QUOTE")
    rows = rank_candidates(text, [quote, span(text, "Putin", "PERSON"), span(text, "Obama", "PERSON"), span(text, "Ukraine", "GPE")],
                           [], quote, SPEAKER)
    assert [c.name for c in rows] == ["Obama", "Putin", "Ukraine"]
    assert not rows[0].inside and rows[1].inside


def test_current_link_marked_and_its_mention_is_the_one_linked() -> None:
    quote = span(TEXT, "the meeting was routine", "QUOTE")
    far = span(TEXT, "Flynn", "PERSON", nth=2)
    spans = [quote, span(TEXT, "Flynn", "PERSON", nth=1), far, span(TEXT, "Kislyak", "PERSON", nth=1)]
    rows = rank_candidates(TEXT, spans, [Relation("r", 1, quote.id, far.id, "SPEAKER")], quote, SPEAKER)
    flynn = next(c for c in rows if c.name == "Flynn")
    assert flynn.current and flynn.span_id == far.id and flynn.display.startswith("✓ ")
    assert not any(c.current for c in rows if c.name != "Flynn")
    rejected = rank_candidates(TEXT, spans, [Relation("r", 1, quote.id, far.id, "SPEAKER", status=Status.REJECTED)], quote, SPEAKER)
    assert not any(c.current for c in rejected)


def test_claim_reaches_the_outlet_at_the_top_of_a_long_article() -> None:
    filler = "Nothing happened here today. " * 2000  # ~58,000 characters between them
    text = f"Reuters reported on Monday.\n{filler}\nThe tax cut pays for itself."
    claim = span(text, "The tax cut pays for itself", "CLAIM")
    names = [Span(f"p{i}", 1, 28 + i * 29, 28 + i * 29 + 7, "PERSON", "entity") for i in range(30)]
    for n in names:
        assert text[n.start:n.end] == "Nothing"
    rows = rank_candidates(text, [claim, span(text, "Reuters", "ORG"), *names], [], claim, CLAIMANT)
    assert rows[-1].name == "Reuters" or any(c.name == "Reuters" for c in rows)
    assert [c.name for c in filter_candidates(rows, "reu")] == ["Reuters"]


def test_cue_candidates_are_cue_spans_then_verbs_of_saying() -> None:
    text = "“We will win,” the senator said on Tuesday, according to aides who told reporters."
    quote = span(text, "We will win", "QUOTE")
    cue = span(text, "told", "CUE")
    rows = rank_candidates(text, [quote, cue], [], quote, CUE)
    assert rows[0].span_id == cue.id
    new = [(c.name, c.span_id) for c in rows[1:]]
    assert new == [("said", ""), ("according to", "")]  # "told" is a CUE span already


def test_adjacency() -> None:
    text = "“Yes,” he said. “No,” she replied.\nLater, Smith said more."
    first, second = span(text, "Yes", "QUOTE"), span(text, "No", "QUOTE")
    he, she, smith = span(text, "he", "SPEAKER"), span(text, "she", "SPEAKER"), span(text, "Smith", "SPEAKER")
    spans = [first, second, he, she, smith]
    assert adjacent(text, first, he, spans)
    assert adjacent(text, second, she, spans)
    assert not adjacent(text, first, she, spans)  # another quote lies between
    assert not adjacent(text, second, smith, spans)  # another paragraph
    assert not adjacent(text, first, span(text, "es", "SPEAKER"), spans)  # inside the quote


def test_named_people_and_pronouns() -> None:
    text = "Michael Flynn spoke. Flynn left. Sergey Kislyak stayed. Kislyak smiled. Russia waited."
    spans = [span(text, w, "PERSON", nth=0) for w in ("Michael Flynn", "Sergey Kislyak")] + [
        span(text, "Flynn", "PERSON", nth=1), span(text, "Kislyak", "PERSON", nth=1), span(text, "Russia", "GPE")]
    assert named_people(text, spans) == ["Michael Flynn", "Sergey Kislyak"]
    assert is_pronoun("He") and is_pronoun("the minister") and is_pronoun("they")
    assert is_pronoun("the Russian president") and is_pronoun("Foreign Minister")
    assert not is_pronoun("Flynn") and not is_pronoun("The New York Post") and not is_pronoun("President Obama")


@given(st.lists(st.sampled_from(["Ana", "Ángel", "Bo", "Bob Ross", "Zoë Li", "Ed", "ed"]), min_size=1, max_size=12), st.text(max_size=4))
def test_every_span_is_a_candidate_and_filtering_keeps_order(words: list[str], query: str) -> None:
    text = " ".join(words) + " said it."
    spans, pos = [], 0
    for i, w in enumerate(words):
        spans.append(Span(f"p{i}", 1, pos, pos + len(w), "PERSON", "entity"))
        pos += len(w) + 1
    quote = Span("q", 1, len(text) - 3, len(text) - 1, "QUOTE", "quote")
    rows = rank_candidates(text, [*spans, quote], [], quote, SPEAKER)
    assert sorted(m for c in rows for m in c.mention_ids) == sorted(s.id for s in spans)  # all reachable, once
    assert len(rows) == len({fold(w) for w in words})
    kept = filter_candidates(rows, query)
    assert kept == [c for c in rows if c in kept]
    assert all(matches(query, c.name) for c in kept)


def test_a_capitalised_saying_word_inside_a_sentence_is_part_of_a_name_not_a_cue() -> None:
    """User test: U offered "States · CUE (new)", twice, from "the United States"."""
    from annotator.domain.candidates import saying_words

    text = "Lavrov said the United States avoids dialogue. Says Lavrov: \u201cthe United States must talk.\u201d"
    quote = Span("q", 1, text.index("the United States must"), text.index(".\u201d") + 1, "QUOTE", "quote")
    words = [text[c.start:c.end] for c in saying_words(text, quote, [quote])]
    assert "States" not in words
    assert "said" in words and "Says" in words  # a sentence may begin with the verb


def test_shift_s_offers_the_person_named_inside_the_speaker_span_first() -> None:
    from annotator.domain.candidates import speaker_ref_choices
    from annotator.domain.model import Relation

    text = "OSLO (Sputnik) - Norwegian Trade Minister Anne Holt said talks were useful."
    sputnik = Span("n", 1, text.index("Sputnik"), text.index("Sputnik") + 7, "PERSON", "entity")  # an NER slip
    lavrov = Span("p", 1, text.index("Anne"), text.index(" said"), "PERSON", "entity")
    speaker = Span("s", 1, text.index("Norwegian Trade"), text.index(" said"), "SPEAKER", "speaker")
    quote = Span("q", 1, text.index("talks"), len(text) - 1, "QUOTE", "quote")
    link = Relation("r", 1, "q", "s", "SPEAKER")
    assert speaker_ref_choices(text, [sputnik, lavrov, speaker, quote], [link], quote) == ["Anne Holt", "Sputnik"]
