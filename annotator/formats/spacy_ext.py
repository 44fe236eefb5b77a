"""Reading Annotator's spaCy DocBin: span-group keys, the ``user_data`` record, readable extensions.

What :mod:`annotator.formats.spacy_docbin` writes into each ``Doc``:

* ``doc.ents`` — accepted entity-layer spans, whitespace edges trimmed, no overlaps;
* ``doc.spans[KEY]`` — every exported span at its exact stored offsets, one group per layer and
  status: ``"entity"``, ``"quote"``, … (accepted), ``"entity_suggested"``, ``"entity_rejected"``,
  ``"quote_rejected"``, … (and ``"entity_rejected_contradicted"`` for rejected entities identical to
  one in ``doc.ents``, which spaCy refuses among the negatives). Each ``Span.id_`` is the span's Annotator id (DocBin serialises span
  ids and labels; ``kb_id_`` is left free for entity linking);
* ``doc.user_data["annotator"]`` — plain msgpack-able data: ``{"version": 1, "article": {...},
  "spans": {span id: {...}}, "relations": [...], "stances": [...], "tags": [...]}`` with who
  decided (``by``), when (``created``, ``updated``), ``origin``, ``status`` and ``attrs`` of every
  record.

After :func:`register`::

    import spacy
    from spacy.tokens import DocBin
    from annotator.formats import spacy_ext

    spacy_ext.register()
    for doc in DocBin().from_disk("train.spacy").get_docs(spacy.blank("en").vocab):
        for span in doc.spans["quote"]:
            print(span.text, span._.annotator_id, span._.status, span._.attrs.get("kind"))
        for rel in doc._.relations:          # head_span/child_span: spaCy Spans of doc.spans
            print(rel["label"], rel["head_span"], "→", rel["child_span"])
"""

from __future__ import annotations

from typing import Any

USER_DATA_KEY = "annotator"
USER_DATA_VERSION = 1
# The doc.spans key of rejected entities: give it to spaCy's NER as ``incorrect_spans_key`` so
# they are read as negative examples ("this span is not this entity").
INCORRECT_SPANS_KEY = "entity_rejected"


def spans_key(layer: str, status: str) -> str:
    """The ``doc.spans`` key of a layer's spans of one status: ``"quote"`` for accepted ones,
    ``"quote_suggested"``, ``"quote_rejected"`` for the others."""
    return layer if status == "accepted" else f"{layer}_{status}"


def span_group_key(span: Any) -> str:
    """The ``doc.spans`` key a :class:`~annotator.domain.model.Span` is written under: its
    :func:`spans_key`, prefixed ``"NAME:"`` for an analyst's layer (``export --layer all``), which
    never goes into ``doc.ents``."""
    key = spans_key(span.layer, span.status)
    return f"{span.analyst}:{key}" if span.analyst else key


def record(doc: Any) -> dict[str, Any]:
    """``doc.user_data["annotator"]`` (an empty record for a Doc not written by Annotator)."""
    found = doc.user_data.get(USER_DATA_KEY)
    return found if isinstance(found, dict) else {"article": {}, "spans": {}, "relations": [], "stances": [], "tags": []}


def spans_by_id(doc: Any) -> dict[str, Any]:
    """Annotator span id → the spaCy ``Span`` holding it in ``doc.spans``."""
    return {span.id_: span for group in doc.spans.values() for span in group if span.id_}


def _span_record(span: Any) -> dict[str, Any] | None:
    return record(span.doc)["spans"].get(span.id_) if span.id_ else None


def _relations(doc: Any) -> list[dict[str, Any]]:
    by_id = spans_by_id(doc)
    return [{**rel, "head_span": by_id.get(rel["head"]), "child_span": by_id.get(rel["child"])}
            for rel in record(doc)["relations"]]


def register() -> None:
    """Register the extensions (idempotent; replaces same-named ones):

    * ``span._.annotator_id`` (str | None), ``span._.annotator`` (the span's record: start, end,
      label, layer, status, origin, attrs, by, created, updated), ``span._.attrs`` (dict),
      ``span._.status`` (``"accepted" | "suggested" | "rejected"``, None for a span of no record);
    * ``doc._.annotator`` (the article: id, title, publisher, url, published, meta, status…),
      ``doc._.relations`` (relation records plus ``head_span``/``child_span`` Spans),
      ``doc._.stances``, ``doc._.tags``.

    All are getters over ``doc.user_data["annotator"]`` and ``Span.id_``: nothing is copied,
    and nothing extra is saved when the Doc is serialised again.
    """
    from spacy.tokens import Doc, Span

    Span.set_extension("annotator_id", getter=lambda s: s.id_ or None, force=True)
    Span.set_extension("annotator", getter=_span_record, force=True)
    Span.set_extension("attrs", getter=lambda s: dict((_span_record(s) or {}).get("attrs", {})), force=True)
    Span.set_extension("status", getter=lambda s: (_span_record(s) or {}).get("status"), force=True)
    Doc.set_extension("annotator", getter=lambda d: record(d)["article"], force=True)
    Doc.set_extension("relations", getter=_relations, force=True)
    Doc.set_extension("stances", getter=lambda d: record(d)["stances"], force=True)
    Doc.set_extension("tags", getter=lambda d: record(d)["tags"], force=True)
