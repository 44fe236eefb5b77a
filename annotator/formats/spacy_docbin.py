"""spaCy ``DocBin`` export: what ``spacy train`` reads, with nothing of ours lost.

* tokens: ``spacy.blank("en")``;
* ``doc.ents``: the entity-layer spans, overlaps resolved longest first (``spacy.util.filter_spans``);
* ``doc.spans[layer]``: every exported span of that layer (boundaries expanded to whole tokens);
* ``doc.user_data["annotator"]``: plain JSON-able data — article fields and meta, every span with
  its exact character offsets, id, status, origin and attrs, every relation, tags and stances.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.model import ArticleBundle, Layer
from annotator.formats.common import tokenizer
from annotator.formats.jsonl import record_of

USER_DATA_KEY = "annotator"


def doc_of(bundle: ArticleBundle) -> Any:
    from spacy.util import filter_spans

    nlp = tokenizer()
    doc = nlp.make_doc(bundle.article.text)
    groups: dict[str, list[Any]] = {}
    entities = []
    for span in bundle.spans:
        piece = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
        if piece is None or len(piece) == 0:
            continue
        groups.setdefault(span.layer, []).append(piece)
        if span.layer == Layer.ENTITY:
            entities.append(piece)
    doc.ents = filter_spans(entities)
    for layer, pieces in groups.items():
        doc.spans[layer] = pieces
    record = record_of(bundle, doc=doc)
    record.pop("text")
    doc.user_data[USER_DATA_KEY] = record
    return doc


def write(bundles: Iterable[ArticleBundle], path: Path) -> int:
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    n = 0
    with _encoders_looked_up_once():
        for bundle in bundles:
            docbin.add(doc_of(bundle))
            n += 1
    docbin.to_disk(path)
    return n


@contextlib.contextmanager
def _encoders_looked_up_once() -> Iterator[None]:
    """srsly builds a msgpack Packer for every span group and user_data of every doc, and each
    Packer looks its encoders up in the catalogue registry, entry points included (~1 ms each:
    half the export's time). They do not change during an export: look them up once."""
    try:
        from srsly.msgpack import msgpack_encoders
    except ImportError:  # pragma: no cover - srsly layout changed: just run slower
        yield
        return
    found = msgpack_encoders.get_all()
    msgpack_encoders.get_all = lambda: found  # type: ignore[method-assign]
    try:
        yield
    finally:
        del msgpack_encoders.get_all
