"""usertest18 L1 (second half): extending a quote so that it contains another quote with a speaker
and a cue of its own left the contained one unmarked. Any edit that puts one QUOTE inside another
now marks the contained one's ``nested_in`` (the outer attribution's "start-end" extent) in the
same edit, one undo step, and the marker goes when the containment ends. Made-up text."""

from __future__ import annotations

from annotator.domain import commands
from annotator.domain.model import FRAGMENT, Relation, Span, Status
from tests.domain.test_nested_in_follows_ui18 import OUTER, TEXT, A, S, _at  # the same made-up sentence

AIDES = _at("aides said, and left early")  # a second quote, after the first


def _records(*, links: tuple[str, ...] = ("SPEAKER", "CUE"), first: tuple[int, int] = OUTER) -> commands.Records:
    spans = [Span("q1", 0, *first, "QUOTE", "quote", status=S, attrs={"kind": "indirect"}),
             Span("sp", 0, *_at("Lena Ortiz"), "SPEAKER", "speaker", status=S),
             Span("cue", 0, *_at("urged"), "CUE", "cue", status=S),
             Span("q2", 0, *AIDES, "QUOTE", "quote", status=A)]
    relations = [Relation(f"r{label}", 0, "q1", {"SPEAKER": "sp", "CUE": "cue"}[label], label, status=S) for label in links]
    return commands.records(spans, relations)


def _after(records: commands.Records, edit) -> dict:  # noqa: ANN001
    return commands.applied(records, edit).spans


def test_extending_a_quote_over_one_with_its_own_speaker_and_cue_marks_that_one() -> None:
    records = _records()
    whole = (0, AIDES[1])  # q2's start pulled back to the sentence start: q1 lies inside it now
    edit = commands.resize(records, records.spans["q2"], *whole)
    after = _after(records, edit)
    assert after["q1"].attrs == {"kind": "indirect", "nested_in": f"0-{AIDES[1]}"}
    assert "nested_in" not in after["q2"].attrs
    # the same edit: its undo puts q1 back unmarked
    before = {c.before.id: c.before for c in edit.changes if c.before is not None}
    assert before["q1"].attrs == {"kind": "indirect"}

    # and shrinking it back off q1 clears the marker (the containment ended)
    marked = commands.applied(records, edit)
    edit = commands.resize(marked, marked.spans["q2"], *AIDES)
    assert _after(marked, edit)["q1"].attrs == {"kind": "indirect"}


def test_drawing_or_moving_the_inner_one_marks_it_too() -> None:
    """Every edit kind: a new quote drawn around it, and the quote itself moved inside another."""
    records = _records()
    edit = commands.add_span(records, article_id=0, start=0, end=len(TEXT), label="QUOTE", layer="quote", by="ana")
    assert _after(records, edit)["q1"].attrs["nested_in"] == f"0-{len(TEXT)}"

    records = _records(first=_at("Tom Hale"))
    big = Span("q3", 0, *_at("Tom Hale to admit that the harbour fund"), "QUOTE", "quote", status=A)
    records = commands.records([*records.spans.values(), big], records.relations.values())
    edit = commands.resize(records, records.spans["q1"], *_at("Hale to admit"))
    assert _after(records, edit)["q1"].attrs["nested_in"] == f"{big.start}-{big.end}"


def test_a_quote_without_its_own_speaker_and_cue_is_not_marked() -> None:
    """Words of the outer quote, not an attribution of their own: nothing to mark."""
    records = _records(links=("CUE",))
    edit = commands.resize(records, records.spans["q2"], 0, AIDES[1])
    assert "nested_in" not in _after(records, edit)["q1"].attrs


def test_an_interrupted_quote_inside_gets_the_marker_on_every_piece() -> None:
    records = _records()
    piece = Span("q1b", 0, *_at("aides said"), "QUOTE", "quote", status=S)
    spans = [s for s in records.spans.values() if s.id != "q2"] + [piece]
    records = commands.records(spans, [*records.relations.values(), Relation("f", 0, "q1", "q1b", FRAGMENT, status=S)])
    edit = commands.add_span(records, article_id=0, start=0, end=len(TEXT), label="QUOTE", layer="quote", by="ana")
    after = _after(records, edit)
    assert after["q1"].attrs["nested_in"] == after["q1b"].attrs["nested_in"] == f"0-{len(TEXT)}"
