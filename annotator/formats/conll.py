"""CoNLL-2003 NER export of the accepted entity layer, as ``spacy convert -c ner`` reads it.

Format (CoNLL-2003 shared task, https://aclanthology.org/W03-0419/; spaCy's reader:
``spacy.training.converters.conll_ner_to_docs``): four space-separated columns per token —
``TOKEN POS CHUNK NER`` — where we have no POS or chunk tags and write ``_`` for both; a blank
line ends a sentence; each article starts with the line ``-DOCSTART- -X- O O`` and a blank line,
the exact document delimiter of spaCy's reader (so articles never merge and ``-DOCSTART-`` never
becomes a token). NER tags are **IOB2**: every entity starts with ``B-``, ``I-`` only continues
one; ``O`` is outside.

* Tokens: ``spacy.blank("en")``'s tokenizer, split at entity edges inside a token
  (:mod:`annotator.formats.spacy_tokens`); whitespace tokens are not written (CoNLL columns are
  whitespace-separated), so an entity's whitespace edges are left off its tags.
* Sentences end where spaCy's rule-based ``sentencizer`` ends them and at line breaks, but never
  inside an entity (an entity over a line break stays one entity).
* Only accepted entities are tagged; what CoNLL cannot hold (other layers, rejected and
  suggested entities, overlaps, attributes, relations, stances, tags, article fields) is counted
  in the returned :class:`~annotator.formats.common.ExportReport`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import IO, Any

from annotator.domain.model import ArticleBundle, Layer, Status
from annotator.formats.common import ExportReport
from annotator.formats.spacy_tokens import aligned_doc, non_overlapping, trim_whitespace

DOCSTART = "-DOCSTART- -X- O O"
EMPTY_COLUMN = "_"
# Characters that end a line for str.splitlines (and so for any reader splitting lines).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

REJECTED = 'rejected entities: CoNLL cannot say "rejected"; use spacy (doc.spans["entity_rejected"]) or jsonl'
SUGGESTED = "suggested (undecided) entities: CoNLL tags accepted entities only; use spacy or jsonl"
OVERLAP = "accepted entities overlapping a longer one (the longest is tagged): CoNLL holds no overlaps; use spacy or jsonl"
BLANK = "accepted entities of whitespace only: CoNLL writes no whitespace tokens; use spacy or jsonl"
ATTRS = "attributes of entities: CoNLL has no column for them; use jsonl or spacy"
RELATIONS = "relations: CoNLL holds none; use jsonl or spacy"
STANCES = "stances: CoNLL holds none; use jsonl or spacy"
TAGS = "article tags: CoNLL holds none; use jsonl or spacy"
FIELDS = "article ids, titles and meta: a -DOCSTART- line carries none (documents are in article id order); use jsonl or spacy"
SPACED_LABEL = "entities whose label contains whitespace: CoNLL columns are whitespace-separated; rename the label or use jsonl or spacy"
EMPTY = "articles without a word (empty or whitespace only): CoNLL readers make no document of an empty -DOCSTART- block"


def layer_reason(layer: str) -> str:
    return f"{layer} spans: CoNLL holds one entity layer only; use jsonl or spacy"


@functools.lru_cache(maxsize=1)
def _sentencizer() -> Any:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def sentences(bundle: ArticleBundle, report: ExportReport | None = None) -> list[list[tuple[str, str]]]:
    """The article's sentences as ``(token, IOB2 tag)`` lists; what cannot be tagged is counted
    in ``report``."""
    report = report if report is not None else ExportReport()
    text = bundle.article.text
    entities: list[tuple[int, int, str]] = []
    for span in bundle.spans:
        if span.layer != Layer.ENTITY:
            report.leave_out(layer_reason(span.layer))
        elif span.status == Status.REJECTED:
            report.leave_out(REJECTED)
        elif span.status == Status.SUGGESTED:
            report.leave_out(SUGGESTED)
        elif (bounds := trim_whitespace(text, span.start, span.end)) is None:
            report.leave_out(BLANK)
        elif any(c.isspace() for c in span.label):
            report.leave_out(SPACED_LABEL)
        else:
            entities.append((*bounds, span.label))
            if span.attrs:
                report.leave_out(ATTRS)
    chosen, dropped = non_overlapping([(s, e) for s, e, _ in entities])
    if dropped:
        report.leave_out(OVERLAP, len(dropped))
    entities = [entities[i] for i in chosen]
    report.spans += len(entities)

    # The tokenizer and the sentencizer, never nlp(text): no max_length (spaCy's E088).
    doc = _sentencizer()(aligned_doc(text, [(s, e) for s, e, _ in entities]))
    tags = ["O"] * len(doc)
    for start, end, label in entities:
        piece = doc.char_span(start, end)
        tags[piece.start] = f"B-{label}"
        for i in range(piece.start + 1, piece.end):
            tags[i] = f"I-{label}"

    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    boundary = False
    for (start, stop), is_space, sent_start, tag in zip(_token_ranges(doc, len(text)), *_columns(doc), tags):
        boundary = boundary or sent_start == 1
        if is_space:
            boundary = boundary or not LINE_BREAKS.isdisjoint(text[start:stop])
            continue
        if boundary and current and not tag.startswith("I-"):
            out.append(current)
            current = []
        boundary = False
        current.append((text[start:stop], tag))
    if current:
        out.append(current)
    return out


def _columns(doc: Any) -> tuple[list[int], list[int]]:
    from spacy.attrs import IS_SPACE, SENT_START

    if not len(doc):
        return [], []
    columns = doc.to_array([IS_SPACE, SENT_START]).astype("int64")
    return columns[:, 0].tolist(), columns[:, 1].tolist()


def _token_ranges(doc: Any, length: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each token's text (without its trailing space), from arrays: iterating
    the Doc's Token objects costs ~4 µs a token."""
    from spacy.attrs import IDX, SPACY

    if not len(doc):
        return []
    columns = doc.to_array([IDX, SPACY]).astype("int64")
    starts = columns[:, 0].tolist()
    ends = [*starts[1:], length]
    return [(a, b - ws) for a, b, ws in zip(starts, ends, columns[:, 1].tolist())]


def write(bundles: Iterable[ArticleBundle], out: IO[str]) -> ExportReport:
    """Write the articles to ``out`` (streamed, one article at a time); returns what was written
    and what CoNLL could not hold."""
    report = ExportReport()
    for bundle in bundles:
        out.write(f"{DOCSTART}\n\n")
        found = sentences(bundle, report)
        if not found:
            report.leave_out(EMPTY)
        for sentence in found:
            out.write("".join(f"{token} {EMPTY_COLUMN} {EMPTY_COLUMN} {tag}\n" for token, tag in sentence))
            out.write("\n")
        report.articles += 1
        report.leave_out(FIELDS)
        if bundle.relations:
            report.leave_out(RELATIONS, len(bundle.relations))
        if bundle.stances:
            report.leave_out(STANCES, len(bundle.stances))
        if bundle.tags:
            report.leave_out(TAGS, len(bundle.tags))
    return report
