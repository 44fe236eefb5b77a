"""The linker never joins two contents across a paragraph break into one discontinuous
attribution: a cue and a source opening the next paragraph start a new one."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from annotator.nlp.attribution_link import link


def _spans(doc, *items: tuple[str, str]) -> list[Span]:
    out = []
    for sub, label in items:
        a = doc.text.index(sub)
        s = doc.char_span(a, a + len(sub))
        assert s is not None, sub
        out.append(Span(doc, s.start, s.end, label=label))
    return out


def _groups(doc, quotes) -> list[list[str]]:
    by: dict[int, list[str]] = {}
    for q in quotes:
        by.setdefault(q.group, []).append(doc.text[slice(*q.content)])
    return list(by.values())


def test_contents_in_two_paragraphs_are_two_attributions() -> None:
    nlp = spacy.blank("en")
    doc = nlp("The senator called for the army to step up its efforts.\n\nMs. Ortiz suggested a new tax on fuel.")
    spans = _spans(doc, ("the army to step up its efforts.", "CONTENT"), ("Ms. Ortiz", "SOURCE"),
                   ("suggested", "CUE"), ("a new tax on fuel", "CONTENT"))
    assert _groups(doc, link(doc, spans)) == [["the army to step up its efforts."], ["a new tax on fuel"]]


def test_an_interrupted_quote_in_one_paragraph_is_still_one_attribution() -> None:
    nlp = spacy.blank("en")
    doc = nlp('"Taxes will rise," Ana Ruiz said, "and soon."\n\nThe plan was dead.')
    spans = _spans(doc, ("Taxes will rise,", "CONTENT"), ("Ana Ruiz", "SOURCE"), ("said", "CUE"), ("and soon.", "CONTENT"))
    quotes = link(doc, spans)
    assert _groups(doc, quotes) == [["Taxes will rise,", "and soon."]]
    assert {doc.text[slice(*q.speaker)] for q in quotes} == {"Ana Ruiz"}
