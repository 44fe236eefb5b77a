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
* Sentences end where spaCy's rule-based ``sentencizer`` ends them (its rule, applied to token
  arrays: :func:`sentence_starts`) and at line breaks, but never inside an entity (an entity over
  a line break stays one entity).
* Tokens come from the article's stored token offsets (:mod:`annotator.formats.token_store`),
  made once when missing: no ``Doc`` is built.
* Only accepted entities are tagged; what CoNLL cannot hold (other layers, rejected and
  suggested entities, overlaps, attributes, relations, stances, tags, article fields) is counted
  in the returned :class:`~annotator.formats.common.ExportReport`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from annotator.domain.model import ArticleBundle, Layer, Status
import numpy

from annotator.formats.common import ExportReport
from annotator.formats.spacy_tokens import non_overlapping, split_plan, trim_whitespace
from annotator.formats.token_store import IS_PUNCT, IS_SPACE, NO_SENT_START, SENT_PUNCT, SPACE_AFTER, Tokens, tokens_of_bundle, word_flags

DOCSTART = "-DOCSTART- -X- O O"
EMPTY_COLUMN = "_"
# Characters that end a line for str.splitlines (and so for any reader splitting lines).
_ROW = f" {EMPTY_COLUMN} {EMPTY_COLUMN} "  # between a token and its tag: TOKEN _ _ TAG
_COLUMNS = "\n"
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


def sentences(bundle: ArticleBundle, report: ExportReport | None = None) -> list[list[tuple[str, str]]]:
    """The article's sentences as ``(token, IOB2 tag)`` lists; what cannot be tagged is counted
    in ``report``."""
    words, tags, edges = tagged_words(bundle, report if report is not None else ExportReport())
    pairs = list(zip(words, tags))
    return [pairs[a:b] for a, b in zip(edges, edges[1:])]


def tagged_words(bundle: ArticleBundle, report: ExportReport) -> tuple[list[str], list[str], list[int]]:
    """``(words, IOB2 tags, sentence edges)`` of the article: sentence ``k`` is
    ``words[edges[k]:edges[k + 1]]``; no words, no edges. What cannot be tagged is counted in
    ``report``."""
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

    # Stored token arrays split at entity edges, sentences by the sentencizer's rule on arrays:
    # no Doc, no Token objects, no nlp(text) (so no max_length either: spaCy's E088).
    starts, stops, flags = aligned_arrays(text, tokens_of_bundle(bundle), [(s, e) for s, e, _ in entities])
    tags = ["O"] * len(starts)
    if entities:
        firsts = numpy.searchsorted(starts, [s for s, _, _ in entities]).tolist()
        afters = numpy.searchsorted(starts, [e for _, e, _ in entities]).tolist()
        for (_, _, label), first, after in zip(entities, firsts, afters):
            tags[first] = f"B-{label}"
            tags[first + 1 : after] = [f"I-{label}"] * (after - first - 1)

    # A sentence ends before a word (a token not of whitespace) when a sentence start or a line
    # break came since the previous word, unless the word continues an entity: the rule of the
    # token loop this replaces, on arrays.
    space = (flags & IS_SPACE).astype(bool)
    breaks = sentence_starts(flags)
    for i in numpy.flatnonzero(space).tolist():
        if not breaks[i] and not LINE_BREAKS.isdisjoint(text[int(starts[i]) : int(stops[i])]):
            breaks[i] = True
    words = numpy.flatnonzero(~space)
    if not len(words):
        return [], [], []
    seen = numpy.concatenate(([0], numpy.cumsum(breaks)))  # seen[i]: breaks in [0, i)
    since = seen[words + 1] - seen[numpy.concatenate(([0], words[:-1] + 1))]  # in (previous word, word]
    word_tags = [tags[i] for i in words.tolist()]
    cuts = [k for k in numpy.flatnonzero(since[1:] > 0).tolist() if not word_tags[k + 1].startswith("I-")]
    texts = [text[a:b] for a, b in zip(starts[words].tolist(), stops[words].tolist())]
    return texts, word_tags, [0, *(k + 1 for k in cuts), len(texts)]


def aligned_arrays(text: str, tokens: Tokens, edges: list[tuple[int, int]]) -> tuple[Any, Any, Any]:
    """``(starts, stops, flags)`` of the tokens, split so that every ``(start, end)`` of ``edges``
    is a token range (:func:`~annotator.formats.spacy_tokens.split_plan`, as ``aligned_doc``);
    the flags of a token made by a split are its text's (spaCy's lexeme ``is_space``/``is_punct``,
    the sentencizer's punctuation: :func:`~annotator.formats.token_store.word_flags`)."""
    starts, flags = tokens.starts, tokens.flags
    stops = tokens.stops(len(text))
    if not edges or not len(starts):
        return starts, stops, flags
    plan = split_plan(starts, stops, tokens.spaces, (s for s, _ in edges), (e for _, e in edges))
    if plan is None:
        return starts, stops, flags
    new_starts, new_stops, new_spaces = (numpy.asarray(x) for x in plan)
    at = numpy.searchsorted(new_starts, starts)
    kept = (new_starts[at] == starts) & (new_stops[at] == stops)
    new_flags = numpy.zeros(len(new_starts), dtype=numpy.uint8)
    new_flags[at[kept]] = flags[kept] & ~numpy.uint8(SPACE_AFTER | NO_SENT_START)
    made = numpy.ones(len(new_starts), dtype=bool)
    made[at[kept]] = False
    for i in numpy.flatnonzero(made).tolist():
        new_flags[i] = word_flags(text[int(new_starts[i]) : int(new_stops[i])])  # no lexeme: no spaCy import
    new_flags |= new_spaces.astype(numpy.uint8) * SPACE_AFTER
    return new_starts.astype(numpy.int64), new_stops.astype(numpy.int64), new_flags


def sentence_starts(flags: Any) -> Any:
    """Bool per token: starts a sentence by the rule of spaCy's ``Sentencizer`` (``predict``): the
    first token, and each token that is neither punctuation nor one of its ``punct_chars`` with a
    ``punct_chars`` token since the previous such token. Vectorised over the flags of
    :mod:`annotator.formats.token_store` (the sentencizer loops over Token objects)."""
    count = len(flags)
    result = numpy.zeros(count, dtype=bool)
    if not count:
        return result
    final = (flags & SENT_PUNCT).astype(bool)
    word = ~final & ~(flags & IS_PUNCT).astype(bool)
    before = numpy.concatenate(([0], numpy.cumsum(final)))  # before[i]: punct_chars tokens in [0, i)
    words = numpy.flatnonzero(word)
    previous = numpy.concatenate(([-1], words[:-1]))
    result[words] = before[words] - before[previous + 1] > 0
    result[0] = True
    return result


def write(bundles: Iterable[ArticleBundle], out: IO[str]) -> ExportReport:
    """Write the articles to ``out`` (streamed, one article at a time); returns what was written
    and what CoNLL could not hold."""
    report = ExportReport()
    for bundle in bundles:
        words, tags, edges = tagged_words(bundle, report)
        if not words:
            report.leave_out(EMPTY)
        lines = list(map(_ROW.join, zip(words, tags)))  # TOKEN _ _ TAG
        out.write("".join([f"{DOCSTART}\n\n", *(f"{_COLUMNS.join(lines[a:b])}\n\n" for a, b in zip(edges, edges[1:]))]))
        report.articles += 1
        report.leave_out(FIELDS)
        if bundle.relations:
            report.leave_out(RELATIONS, len(bundle.relations))
        if bundle.stances:
            report.leave_out(STANCES, len(bundle.stances))
        if bundle.tags:
            report.leave_out(TAGS, len(bundle.tags))
    return report
