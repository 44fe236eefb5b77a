"""Entity suggestions: the trained pipeline's NER, mapped to schema labels (``ner_map``).

One light clean-up on top of the model: the same name gets the same label throughout an article
(the small model labels "Lavrov" PERSON twice and ORG once); a surname of a person named in full
is a PERSON, otherwise the label most mentions of that exact text got wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from spacy.tokens import Doc

from annotator.domain.suggestions import SuggestedSpan

_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


def suggest_entities(doc: Doc, ner_map: Mapping[str, str]) -> list[SuggestedSpan]:
    """One ``entity``-layer span per NER entity whose spaCy label the schema maps; others dropped.
    A label that already is one of the schema's entity labels the map leads to (``MISC`` from a
    pipeline trained on the project: ``annotator train``) stands for itself.

    A trailing possessive ("Putin's") and surrounding space are left out of the span, so that the
    same name gets the same span wherever it occurs.
    """
    found: list[tuple[int, int, str, str]] = []  # start, end, label, surface text
    targets = set(ner_map.values())
    for ent in doc.ents:
        # the rule of annotator.domain.schema.suggested_label, with the targets computed once
        label = ner_map.get(ent.label_) or (ent.label_ if ent.label_ in targets else None)
        if not label:
            continue
        toks = list(ent)
        while toks and (toks[-1].text in _POSSESSIVE or toks[-1].is_space or toks[-1].is_punct):
            toks.pop()
        while toks and (toks[0].is_space or toks[0].is_punct):
            toks.pop(0)
        if toks:
            surface = " ".join(t.text for t in toks)
            found.append((toks[0].idx, toks[-1].idx + len(toks[-1]), label, surface))
    person = ner_map.get("PERSON")
    surnames = {s.split()[-1] for _, _, lab, s in found if lab == person and len(s.split()) >= 2}
    votes: dict[str, Counter[str]] = {}
    for _, _, lab, s in found:
        votes.setdefault(s, Counter())[lab] += 1
    out: list[SuggestedSpan] = []
    for k, (start, end, label, surface) in enumerate(found):
        if person and surface in surnames:
            label = person
        else:
            (top, n), *rest = votes[surface].most_common()
            if n > votes[surface][label]:
                label = top  # a strict majority of the same text's mentions disagree
        out.append(SuggestedSpan(f"e{k}", start, end, label, "entity"))
    return out
