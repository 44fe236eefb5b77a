"""A quote marked nested in another (its ``nested_in``, the outer attribution's "start-end"
extent: the span list's "(nested in «…»)") kept a stale marker when the analyst resized or
deleted the outer quote. The marker now follows in the same edit (one undo step): the outer's new
extent, or cleared when it is gone or no longer holds the inner one. Made-up text."""

from __future__ import annotations

from annotator.domain import commands
from annotator.domain.model import FRAGMENT, Relation, Span, Status

TEXT = "Lena Ortiz urged Tom Hale to admit that the harbour fund was empty, aides said, and left early."
A, S = Status.ACCEPTED, Status.SUGGESTED


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


OUTER = _at("to admit that the harbour fund was empty")
INNER = _at("the harbour fund was empty")


def _records(outer_status: Status = A, extra: tuple = (), relations: tuple = (), marked: tuple[int, int] = OUTER) -> commands.Records:
    spans = [Span("out", 0, *OUTER, "QUOTE", "quote", status=outer_status),
             Span("in", 0, *INNER, "QUOTE", "quote", status=S, attrs={"nested_in": f"{marked[0]}-{marked[1]}", "kind": "indirect"}),
             *extra]
    return commands.records(spans, relations)


def _after(records: commands.Records, edit) -> dict:  # noqa: ANN001
    return commands.applied(records, edit).spans


def test_resizing_the_outer_quote_moves_the_marker_in_the_same_edit() -> None:
    records = _records()
    start, end = _at("admit that the harbour fund was empty")
    edit = commands.resize(records, records.spans["out"], start, end)
    inner = _after(records, edit)["in"]
    assert inner.attrs["nested_in"] == f"{start}-{end}" and inner.attrs["kind"] == "indirect"
    assert inner.status == S  # only its marker changed
    # one edit: undoing it gives back both as they were
    before = {c.before.id: c.before for c in edit.changes if c.before is not None}
    assert before["in"].attrs["nested_in"] == f"{OUTER[0]}-{OUTER[1]}"


def test_deleting_or_rejecting_the_outer_quote_clears_the_marker() -> None:
    for status in (A, S):  # deleted (accepted), rejected (a suggestion)
        records = _records(status)
        edit = commands.delete_span(records, records.spans["out"])
        inner = _after(records, edit)["in"]
        assert "nested_in" not in inner.attrs and inner.attrs["kind"] == "indirect", status


def test_resizing_the_outer_quote_off_the_inner_one_clears_the_marker() -> None:
    records = _records()
    edit = commands.resize(records, records.spans["out"], *_at("to admit that"))
    assert "nested_in" not in _after(records, edit)["in"].attrs


def test_an_interrupted_outer_quote_takes_its_whole_extent() -> None:
    second = Span("out2", 0, *_at("and left early"), "QUOTE", "quote", status=A)
    records = _records(extra=(second,), relations=(Relation("f", 0, "out", "out2", FRAGMENT, status=A),),
                       marked=(OUTER[0], second.end))
    end = _at("and left")[1]
    edit = commands.resize(records, second, second.start, end)  # its second piece, shortened
    assert _after(records, edit)["in"].attrs["nested_in"] == f"{OUTER[0]}-{end}"

    # an edit of another span leaves the marker alone (nothing more in its edit)
    speaker = Span("sp", 0, *_at("Lena Ortiz"), "SPEAKER", "speaker", status=S)
    records = _records(extra=(speaker,))
    edit = commands.resize(records, speaker, *_at("Lena"))
    assert [c.after.id for c in edit.changes if c.after is not None] == ["sp"]


def test_relabelling_the_outer_quote_clears_the_marker() -> None:
    """usertest18 L1: the outer quote relabelled CLAIM left the inner one "nested in" a claim."""
    records = _records()
    edit = commands.relabel(records, records.spans["out"], "CLAIM", "claim")
    after = _after(records, edit)
    assert after["out"].label == "CLAIM" and "nested_in" not in after["in"].attrs
