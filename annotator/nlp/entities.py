"""Entity suggestions: the trained pipeline's NER, mapped to schema labels (``ner_map``)."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from annotator.domain.suggestions import SuggestedSpan

_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


def suggest_entities(doc: Doc, ner_map: Mapping[str, str]) -> list[SuggestedSpan]:
    """One ``entity``-layer span per NER entity whose spaCy label the schema maps; others dropped.

    A trailing possessive ("Putin's") and surrounding space are left out of the span, so that the
    same name gets the same span wherever it occurs.
    """
    out: list[SuggestedSpan] = []
    for k, ent in enumerate(doc.ents):
        label = ner_map.get(ent.label_)
        if not label:
            continue
        toks = list(ent)
        while toks and (toks[-1].text in _POSSESSIVE or toks[-1].is_space or toks[-1].is_punct):
            toks.pop()
        while toks and (toks[0].is_space or toks[0].is_punct):
            toks.pop(0)
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        out.append(SuggestedSpan(f"e{k}", start, end, label, "entity"))
    return out
