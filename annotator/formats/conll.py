"""CoNLL-2003-style IOB export of the entity layer: ``token TAG`` per line (IOB2: every entity
starts with ``B-``), a blank line between sentences, ``-DOCSTART- O`` before each article.

Tokens come from ``spacy.blank("en")``; sentences end at line breaks and where spaCy's rule-based
``sentencizer`` ends them. Whitespace tokens are left out. CoNLL holds neither overlaps nor
attributes: overlapping entities are resolved longest first, as for ``doc.ents``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import IO, Any

from annotator.domain.model import ArticleBundle, Layer


@functools.lru_cache(maxsize=1)
def _pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(bundle: ArticleBundle) -> list[list[tuple[str, str]]]:
    from spacy.util import filter_spans

    doc = _pipeline()(bundle.article.text)
    entities = [
        piece
        for span in bundle.spans
        if span.layer == Layer.ENTITY
        and (piece := doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")) is not None
        and len(piece)
    ]
    tags = ["O"] * len(doc)
    for ent in filter_spans(entities):
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for token in doc:
        if token.is_sent_start and current:
            out.append(current)
            current = []
        if token.is_space:
            if "\n" in token.text and current:
                out.append(current)
                current = []
            continue
        current.append((token.text.replace(" ", "_"), tags[token.i]))
        if "\n" in token.whitespace_ and current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def write(bundles: Iterable[ArticleBundle], out: IO[str]) -> int:
    n = 0
    for bundle in bundles:
        out.write("-DOCSTART- O\n\n")
        for sentence in sentences(bundle):
            out.write("".join(f"{token} {tag}\n" for token, tag in sentence))
            out.write("\n")
        n += 1
    return n
