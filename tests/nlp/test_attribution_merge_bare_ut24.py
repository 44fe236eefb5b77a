"""attribution_merge's "bare" rule (usertest24 M1): a model attribution with neither a speaker nor
a cue that opens a sentence outside quotation marks is the writer's own sentence, not added; a
bare content inside a sentence, or in quotation marks, and one with a cue stay."""

from __future__ import annotations

from annotator.nlp.attribution_merge import bare_sentence, merge
from annotator.nlp.quotes_types import Quote

TEXT = ("Crews in shorts walked the injured driver out of the depot. That driver will likely be taken to Mercy "
        "Hospital downtown. The talk at the depot was about the missing shipment of brake parts.\n\n"
        "\u201cWe saw nothing unusual,\u201d one worker wrote on a sign by the gate.")


def _at(part: str) -> tuple[int, int]:
    a = TEXT.index(part)
    return a, a + len(part)


def _added(model: Quote) -> list[str]:
    return [TEXT[slice(*q.content)] for q in merge([], [model], text=TEXT) if q.origin == "model"]


def test_a_bare_model_sentence_is_not_suggested() -> None:
    sentence = Quote(_at("That driver will likely be taken to Mercy Hospital downtown."), "indirect")
    assert _added(sentence) == []
    first = Quote(_at("Crews in shorts walked the injured driver out of the depot"), "indirect")
    assert _added(first) == []  # the text's start


def test_a_bare_content_inside_a_sentence_a_quoted_one_and_one_with_a_cue_stay() -> None:
    inside = Quote(_at("the missing shipment of brake parts"), "indirect")
    assert _added(inside) == ["the missing shipment of brake parts"]
    quoted = Quote(_at("\u201cWe saw nothing unusual,\u201d"), "direct")
    assert bare_sentence([quoted], TEXT) is False
    cued = Quote(_at("That driver will likely be taken to Mercy Hospital downtown."), "indirect", cue=_at("talk"))
    assert bare_sentence([cued], TEXT) is False
