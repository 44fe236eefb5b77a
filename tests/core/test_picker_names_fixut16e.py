"""usertest16 LOW-1 / MEDIUM-2: what the name pickers offer (annotator.domain.picker_names), and a
stance that accepts a suggested holder says so (annotator.domain.commands.add_stance).

Found on the sample project pre-annotated by the default pipeline: the holder and target pickers
offered "City Council Delays · ORG" and "Trade Talks Resume as Ministers Trade Barbs Over Tariffs ·
ORG" (headlines read as names), "Gorbachev"/"Trump"/"Election Meddling" named only in a related-link
headline; a name whose mention the analyst rejected still came back from its other mentions; a
pronoun PERSON, a number or a letter was a holder; "the United States" and "The United States" were
one row only by luck of case; pending names sat among accepted ones with nothing to tell them apart,
and the holder's first mention (maybe pending) was linked even when another mention was accepted.
"""

from __future__ import annotations

import pytest

from annotator.domain import commands
from annotator.domain.candidates import rank_candidates, relation_type, speaker_ref_choices
from annotator.domain.model import Relation, Span, Status
from annotator.domain.picker_names import headline_case, name_key, names_nothing, offered
from annotator.domain.schema import default_schema
from annotator.domain.stance_choices import holder_choices, target_choices

TEXT = (
    "City Council Delays Vote on Harbour Redevelopment\n"
    "Ana Ruiz told the City Council that the plan would fail. He said 2019 was worse. "
    "Sputnik reported that Ruiz and the United States agreed. "
    "The United States, Tom Brennan and X said nothing.\n"
    "Gorbachev Urges Brennan to Resolve Dispute\n"
)
SA = Status.ACCEPTED
SS = Status.SUGGESTED
SR = Status.REJECTED


def sp(word: str, label: str, *, nth: int = 0, status: Status = SS, sid: str = "", **attrs: str) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    layer = {"SPEAKER": "speaker", "QUOTE": "quote"}.get(label, "entity")
    return Span(sid or f"{label}-{word}-{nth}", 1, start, start + len(word), label, layer, status=status, attrs=dict(attrs))


def spans() -> list[Span]:
    return [
        sp("City Council Delays", "ORG"),  # headline only: junk
        sp("Ana Ruiz", "PERSON"), sp("Ruiz", "PERSON", nth=0, sid="ruiz-in-ana"),  # overlapping: fine, one name
        sp("City Council", "ORG", nth=1, status=SA),
        sp("He", "PERSON"),  # a pronoun tagged PERSON
        sp("He", "SPEAKER", sid="he-speaker"),  # a pronoun speaker without refers_to
        sp("2019", "ORG"),  # number only
        sp("Sputnik", "PERSON"), sp("Sputnik", "PERSON", nth=0, sid="sputnik-rej", status=SR),
        sp("Ruiz", "PERSON", nth=1, status=SA),
        sp("the United States", "GPE"), sp("The United States", "GPE"),
        sp("Tom Brennan", "PERSON", status=SA),
        sp("X", "PERSON"),
        sp("Gorbachev", "PERSON"),  # headline only
        sp("Brennan", "PERSON", nth=1),  # in the headline but the body names him
    ]


def test_names_nothing_and_name_key() -> None:
    for junk in ("He", "they", "him", "2019", "$5", "X", "%", "It"):
        assert names_nothing(junk), junk
    for name in ("US", "IT", "Ana Ruiz", "EU", "Xi"):
        assert not names_nothing(name), name
    assert name_key("The  United States") == name_key("united states") == "united states"


def test_headline_case_lines() -> None:
    assert headline_case(TEXT, 0, 4)
    assert headline_case(TEXT, TEXT.index("Gorbachev"), TEXT.index("Gorbachev") + 9)
    assert not headline_case(TEXT, TEXT.index("Ana Ruiz"), TEXT.index("Ana Ruiz") + 8)
    assert not headline_case("Michael Flynn met Sergey Kislyak in Washington.\n", 0, 7)  # a sentence of names


def test_offered_drops_junk_and_keeps_the_current_link() -> None:
    kept = {s.id for s in offered(TEXT, spans())}
    for gone in ("ORG-City Council Delays-0", "PERSON-He-0", "he-speaker", "ORG-2019-0", "PERSON-Sputnik-0",
                 "sputnik-rej", "PERSON-X-0", "PERSON-Gorbachev-0"):
        assert gone not in kept, gone
    for stays in ("PERSON-Ana Ruiz-0", "ORG-City Council-1", "PERSON-Brennan-1", "GPE-the United States-0"):
        assert stays in kept, stays
    assert "he-speaker" in {s.id for s in offered(TEXT, spans(), keep_pronoun_speakers=True)}
    assert "PERSON-X-0" in {s.id for s in offered(TEXT, spans(), keep=["PERSON-X-0"])}
    # an accepted headline mention is the analyst's word: offered
    accepted = [sp("Gorbachev", "PERSON", status=SA)]
    assert [s.id for s in offered(TEXT, accepted)] == ["PERSON-Gorbachev-0"]


def test_holder_picker_lists_accepted_names_first_one_row_per_name_no_junk() -> None:
    rows = holder_choices(TEXT, spans(), ["Sputnik", "2019", "Kremlin"])
    names = [r.name for r in rows]
    assert names[:3] == ["Ana Ruiz", "Tom Brennan", "City Council"]  # accepted, most mentions first
    assert not any(r.pending for r in rows[:3]) and all(r.pending for r in rows[3:] if r.span_id)
    assert "the United States" in names and names.count("the United States") + names.count("The United States") == 1
    for junk in ("City Council Delays", "He", "2019", "X", "Gorbachev"):
        assert junk not in names
    # names from other articles (accepted there) come last
    assert names[-1] == "Kremlin" and "Sputnik" in names
    ruiz = rows[0]
    assert ruiz.count == 3 and ruiz.span_id == "PERSON-Ruiz-1"  # the accepted mention is linked, not the pending first one
    us = next(r for r in rows if r.name == "the United States")
    assert us.display == "the United States ×2 · GPE · suggested"
    assert rows[0].display == "Ana Ruiz ×3 · PERSON"


def test_target_picker_same_rules() -> None:
    rows = target_choices([], TEXT, spans(), ["2019"])
    names = [r.name for r in rows]
    assert names[:3] == ["Ana Ruiz", "Tom Brennan", "City Council"]
    for junk in ("City Council Delays", "He", "2019", "X", "Gorbachev", "Sputnik"):
        assert junk not in names


def test_speaker_picker_drops_junk_entities_keeps_pronoun_speakers() -> None:
    quote = Span("q", 1, TEXT.index("the plan"), TEXT.index("would fail") + 10, "QUOTE", "quote")
    rows = rank_candidates(TEXT, [*spans(), quote], [], quote, relation_type(default_schema(), "SPEAKER"))
    names = [c.name for c in rows]
    assert "He" in names and [c.label for c in rows if c.name == "He"] == ["SPEAKER"]
    for junk in ("City Council Delays", "2019", "X", "Gorbachev", "Sputnik"):
        assert junk not in names
    linked = [Relation("r", 1, "q", "PERSON-X-0", "SPEAKER")]
    assert "X" in [c.name for c in rank_candidates(TEXT, [*spans(), quote], linked, quote, relation_type(default_schema(), "SPEAKER"))]


def test_speaker_refers_to_lists_accepted_people_before_pending() -> None:
    quote = Span("q", 1, TEXT.index("the plan"), TEXT.index("would fail") + 10, "QUOTE", "quote")
    people = speaker_ref_choices(TEXT, [*spans(), quote], [], quote)
    assert people == ["Ana Ruiz", "Tom Brennan"]  # no He, X, Sputnik (rejected), Gorbachev (headline only)
    pending_first = [sp("Ana Ruiz", "PERSON"), sp("Tom Brennan", "PERSON", status=SA)]
    assert speaker_ref_choices(TEXT, pending_first, [], quote) == ["Tom Brennan", "Ana Ruiz"]


@pytest.mark.parametrize("status", [SS, SR])
def test_a_stance_on_a_suggested_holder_says_it_accepts_it_and_undoes_as_one(status: Status) -> None:
    ana = sp("Ana Ruiz", "PERSON", status=status)
    records = commands.records([ana])
    edit = commands.add_stance(records, article_id=1, holder="Ana Ruiz", holder_span=ana.id, target="EU",
                               polarity="favor", text=TEXT)
    was = " (was rejected)" if status == SR else ""
    assert edit.description == f"Add stance of Ana Ruiz on EU (article): favor; accepts PERSON «Ana Ruiz»{was}"
    befores = {type(c.after).__name__: c.before for c in edit.changes}
    assert befores["Span"] == ana and befores["Stance"] is None  # one edit: undone together
    accepted = commands.records([dataclasses_replace(ana)])
    plain = commands.add_stance(accepted, article_id=1, holder="Ana Ruiz", holder_span=ana.id, target="EU",
                                polarity="favor", text=TEXT)
    assert "accepts" not in plain.description


def test_a_stance_on_a_suggested_quote_names_both() -> None:
    quote = Span("q", 1, TEXT.index("the plan"), TEXT.index("would fail") + 10, "QUOTE", "quote", status=SS)
    ana = sp("Ana Ruiz", "PERSON")
    edit = commands.add_stance(commands.records([ana, quote]), article_id=1, holder="Ana Ruiz", holder_span=ana.id,
                               target="EU", polarity="against", evidence="q", text=TEXT)
    assert edit.description.endswith("; accepts PERSON «Ana Ruiz» and QUOTE «the plan would fail»")


def dataclasses_replace(span: Span) -> Span:
    import dataclasses

    return dataclasses.replace(span, status=SA)
