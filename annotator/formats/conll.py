r"""CoNLL-2003 NER export of the accepted entity layer, as ``spacy convert -c ner`` reads it.

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
* Invisible characters (:data:`INVISIBLE`: controls that are not whitespace — BEL, ESC, DEL, C1
  controls — the zero-width space and a BOM inside the text) are left out of the tokens as
  whitespace is: a token of nothing else (and whitespace) is not written, one with other
  characters is written without them, an entity is tagged without them at its edges. CoNLL
  readers disagree about them (Java's ``String.trim`` drops C0 controls at a line's edges,
  JavaScript's ``\s`` matches a BOM, a word of nothing visible is noise to a tagger); spaCy and
  jsonl keep the text exact (docs/formats.md).
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

import functools
import itertools
import operator
import re
from collections.abc import Iterable
from typing import IO, Any

from annotator.domain.model import ArticleBundle, Layer, Span, Status
import numpy

from annotator.formats.common import ExportReport
from annotator.formats.conll_read import ROWID, full_rows, narrow_rows
from annotator.formats.stream import SPAN_COLUMNS, fast_reader, span_rows
from annotator.formats.spacy_tokens import non_overlapping, split_arrays, split_plan
from annotator.formats.token_store import IS_PUNCT, IS_SPACE, NO_SENT_START, SENT_PUNCT, SPACE_AFTER, Tokens, tokens_of_bundle, word_flags

DOCSTART = "-DOCSTART- -X- O O"
EMPTY_COLUMN = "_"
# Characters that end a line for str.splitlines (and so for any reader splitting lines).
_ROW = f" {EMPTY_COLUMN} {EMPTY_COLUMN} "  # between a token and its tag: TOKEN _ _ TAG
_COLUMNS = "\n"
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Characters no CoNLL token holds, beside whitespace (str.isspace: TAB-CR, FS-US, NEL, NBSP, ...):
# the other C0 controls, DEL, the other C1 controls, ZERO WIDTH SPACE and ZERO WIDTH NO-BREAK
# SPACE (a BOM inside the text). Other format characters (ZWJ, ZWNJ, soft hyphen, bidi marks)
# stay: they belong to the spelling of words (ZWNJ in Persian, ZWJ in emoji sequences).
INVISIBLE = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)])) + "\u200b\ufeff"
_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE)}]+")
_INVISIBLE_SET = frozenset(INVISIBLE)
# UTF-8 bytes that are not one of INVISIBLE's one-byte characters (kept by has_invisible's translate).
_NOT_C0 = bytes(b for b in range(256) if not (b < 0x09 or 0x0E <= b < 0x1C or b == 0x7F))
# Every C1 control is 0xC2 0x80-0x9F in UTF-8 (NEL, 0xC2 0x85, is whitespace); the literal first
# byte lets the regex jump from one 0xC2 to the next (NBSP, £, © are 0xC2 too).
_C1_BYTES = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")
_WIDE_INVISIBLE = ("\u200b".encode(), "\ufeff".encode())

REJECTED = 'rejected entities: CoNLL cannot say "rejected"; use spacy (doc.spans["entity_rejected"]) or jsonl'
SUGGESTED = "suggested (undecided) entities: CoNLL tags accepted entities only; use spacy or jsonl"
OVERLAP = "accepted entities overlapping a longer one (the longest is tagged): CoNLL holds no overlaps; use spacy or jsonl"
BLANK = "accepted entities of whitespace or invisible characters only: CoNLL writes no such tokens; use spacy or jsonl"
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
    tagged = _tagged(bundle, report)
    if tagged is None:
        return [], [], []
    text, starts, stops, codes, names, ends = tagged
    texts = [text[a:b] for a, b in zip(starts.tolist(), stops.tolist())]
    if has_invisible(text):
        texts = [without_invisible(t) for t in texts]
    return texts, [names[c] for c in codes.tolist()], [0, *(numpy.flatnonzero(ends) + 1).tolist()]


def _tagged(bundle: ArticleBundle, report: ExportReport) -> tuple[str, Any, Any, Any, list[str], Any] | None:
    """The article's words as arrays: ``(text, starts, stops, codes, names, ends)``: word ``k`` is
    ``text[starts[k]:stops[k]]`` with the IOB2 tag ``names[codes[k]]`` (``names``: ``"O"``, then
    ``B-``/``I-`` of each label), ``ends[k]`` true when a sentence ends after it. None: no word.
    What cannot be tagged is counted in ``report``."""
    text = bundle.article.text
    entities: list[tuple[int, int, str]] = []
    for span in bundle.spans:
        if span.layer != Layer.ENTITY:
            report.leave_out(layer_reason(span.layer))
        elif span.status == Status.REJECTED:
            report.leave_out(REJECTED)
        elif span.status == Status.SUGGESTED:
            report.leave_out(SUGGESTED)
        elif (bounds := trim_blank(text, span.start, span.end)) is None:
            report.leave_out(BLANK)
        elif _has_space(span.label):
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
    codes, names = _tag_codes(starts, entities)

    # A sentence ends before a word (a token not of whitespace) when a sentence start or a line
    # break came since the previous word, unless the word continues an entity: the rule of the
    # token loop this replaces, on arrays.
    space = (flags & IS_SPACE).astype(bool)
    if has_invisible(text):
        _blank_words(text, starts, stops, space)
    breaks = sentence_starts(flags)
    for i in numpy.flatnonzero(space).tolist():
        if not breaks[i] and not LINE_BREAKS.isdisjoint(text[int(starts[i]) : int(stops[i])]):
            breaks[i] = True
    words = numpy.flatnonzero(~space)
    if not len(words):
        return None
    seen = numpy.concatenate(([0], numpy.cumsum(breaks)))  # seen[i]: breaks in [0, i)
    since = seen[words + 1] - seen[numpy.concatenate(([0], words[:-1] + 1))]  # in (previous word, word]
    word_codes = codes[words]
    continues = (word_codes > 0) & (word_codes % 2 == 0)  # an I- tag
    ends = numpy.zeros(len(words), dtype=bool)
    ends[:-1] = (since[1:] > 0) & ~continues[1:]
    ends[-1] = True
    return text, starts[words], stops[words], word_codes, names, ends


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`INVISIBLE`. Checked on its UTF-8 bytes (a
    ``translate``, a regex with a literal first byte, two ``in``), near memory speed: for the
    2.2 MB of the 1,000 FNC-1 bodies in batches, 3.7 ms against 22 ms for a regex over the str
    (issue 12: it runs once a batch on every CoNLL export)."""
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _NOT_C0):
        return True
    if _C1_BYTES.search(data) is not None:
        return True
    return any(wide in data for wide in _WIDE_INVISIBLE)


def trim_blank(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without whitespace or :data:`INVISIBLE` characters at either edge; None
    when nothing else is left (:func:`~annotator.formats.spacy_tokens.trim_whitespace` plus the
    invisible characters CoNLL leaves out)."""
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE_SET):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE_SET):
        end -= 1
    return (start, end) if start < end else None


def _blank_words(text: str, starts: Any, stops: Any, space: Any) -> None:
    """Mark as whitespace (in the bool array ``space``, in place) each token ``text[starts[k]:
    stops[k]]`` made only of whitespace and :data:`INVISIBLE` characters. Only tokens holding an
    invisible character are looked at (found by one regex pass over ``text``; called only when
    :func:`has_invisible`)."""
    found = [m.start() for m in _INVISIBLE.finditer(text)]
    if not found:
        return
    points = numpy.array(found, dtype=numpy.int64)
    at = numpy.searchsorted(stops, points, side="right")  # the first token ending after each
    inside = at < len(starts)
    at, points = at[inside], points[inside]
    for k in numpy.unique(at[starts[at] <= points]).tolist():  # not in the space after a token
        if not space[k] and trim_blank(text, int(starts[k]), int(stops[k])) is None:
            space[k] = True


def without_invisible(text: str) -> str:
    """``text`` without its :data:`INVISIBLE` characters."""
    return _INVISIBLE.sub("", text)


@functools.lru_cache(maxsize=1024)
def _has_space(label: str) -> bool:
    """Whether a label holds whitespace (labels repeat: asked once per label, not per span)."""
    return any(c.isspace() for c in label)



def _tag_codes(starts: numpy.ndarray, entities: list[tuple[int, int, str]]) -> tuple[numpy.ndarray, list[str]]:
    """Tag codes per token (an int64 array as long as ``starts``, the tokens' start offsets):
    0 is "O", 2j + 1 "B-" and 2j + 2 "I-" of the j-th label (in order of first use); and
    ``names``, the tag of each code. No list of strings per token: the strings are looked up once
    per word when written. Each entity ``(start, end, label)`` starts and ends on token edges (the
    arrays were split there)."""
    if not entities:
        return numpy.zeros(len(starts), dtype=numpy.int64), ["O"]
    opens, closes, labels = zip(*entities)
    return _codes_of(starts, numpy.array(opens, dtype=numpy.int64), numpy.array(closes, dtype=numpy.int64), labels)


def _codes_of(starts: numpy.ndarray, opens: numpy.ndarray, closes: numpy.ndarray, labels: Iterable[str]
              ) -> tuple[numpy.ndarray, list[str]]:
    """:func:`_tag_codes` of the entities ``[opens[j], closes[j])`` labelled ``labels[j]``: one
    pair of tag names per label, not per entity (issue 12: 270,000 strings at 10,000 articles)."""
    codes = numpy.zeros(len(starts), dtype=numpy.int64)
    names = ["O"]
    if not len(opens):
        return codes, names
    index = {label: j for j, label in enumerate(dict.fromkeys(labels))}  # in order of first use
    which = numpy.fromiter(map(index.__getitem__, labels), dtype=numpy.int64, count=len(opens))
    firsts = numpy.searchsorted(starts, opens)
    afters = numpy.searchsorted(starts, closes)
    inside = afters - firsts - 1  # tokens after the first: I- tags
    codes[numpy.repeat(firsts + 1, inside) + _ranges(inside)] = numpy.repeat(2 * which + 2, inside)
    codes[firsts] = 2 * which + 1
    for label in index:
        names += [f"B-{label}", f"I-{label}"]
    return codes, names


def _ranges(lengths: Any) -> Any:
    """``concatenate([arange(n) for n in lengths])``, without the loop."""
    total = int(lengths.sum()) if len(lengths) else 0
    if not total:
        return numpy.zeros(0, dtype=numpy.int64)
    offsets = numpy.cumsum(lengths) - lengths  # where each range begins in the result
    return numpy.arange(total) - numpy.repeat(offsets, lengths)


def article_text(bundle: ArticleBundle, report: ExportReport) -> str:
    """The article's CoNLL block: ``-DOCSTART- -X- O O``, a blank line, then one ``TOKEN _ _ TAG``
    line per word and a blank line after each sentence. Assembled as code points gathered from
    the text and the tag suffixes by one index array (a slice and a string per word were most of
    the export; issue 12); ``report`` counts what cannot be tagged."""
    tagged = _tagged(bundle, report)
    if tagged is None:
        report.leave_out(EMPTY)
        return f"{DOCSTART}\n\n"
    text, starts, stops, codes, names, ends = tagged
    # The source: the text's code points, then each tag's line ending " _ _ TAG\n", then "\n".
    suffixes = [f"{_ROW}{name}{_COLUMNS}" for name in names]
    pool = "".join(suffixes) + "\n"
    source = numpy.frombuffer((text + pool).encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    suffix_lengths = numpy.array([len(x) for x in suffixes], dtype=numpy.int64)
    suffix_starts = len(text) + numpy.cumsum(suffix_lengths) - suffix_lengths
    newline = len(text) + len(pool) - 1
    count = len(starts)
    # Three pieces per word: its text, its tag's suffix, and a "\n" when a sentence ends after it.
    seg_start = numpy.empty(3 * count, dtype=numpy.int64)
    seg_length = numpy.empty(3 * count, dtype=numpy.int64)
    seg_start[0::3], seg_length[0::3] = starts, stops - starts
    seg_start[1::3], seg_length[1::3] = suffix_starts[codes], suffix_lengths[codes]
    seg_start[2::3], seg_length[2::3] = newline, ends
    index = numpy.repeat(seg_start, seg_length) + _ranges(seg_length)
    body = source[index].tobytes().decode("utf-32-le", "surrogatepass")
    if has_invisible(text):
        body = without_invisible(body)
    return f"{DOCSTART}\n\n{body}"


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
    return _sentence_starts(flags, numpy.zeros(1, dtype=numpy.int64), numpy.zeros(len(flags), dtype=numpy.int64))


BATCH = 64  # articles whose CoNLL blocks are made together (write): ~30,000 tokens


def write(bundles: Iterable[ArticleBundle], out: IO[str]) -> ExportReport:
    """Write the articles to ``out`` (streamed, :data:`BATCH` articles at a time: each block is
    :func:`article_text`'s, made for all of them at once by :func:`_blocks`); returns what was
    written and what CoNLL could not hold."""
    report = ExportReport()
    items = iter(bundles)
    while batch := list(itertools.islice(_with_tokens(items), BATCH)):
        out.write(_blocks(batch, report))
    return report


def _with_tokens(bundles: Iterable[ArticleBundle]) -> Iterable[tuple[ArticleBundle, Tokens]]:
    """Each bundle with its tokens read (or made) as it is taken, while the bundles' stream still
    has its token source open (it keeps the tokens it had to make until it closes). The bundles
    of :func:`annotator.formats.conll_read.iter_bundles` come with theirs, read a batch a query."""
    for bundle in bundles:
        yield bundle, tokens_of_bundle(bundle)


def _entities(bundle: ArticleBundle, reasons: list[tuple[str, int]]) -> list[tuple[int, int, str]]:
    """The article's taggable entities (``_tagged``'s rule), in text order, what is not taggable
    noted in ``reasons`` (each reason once, with its count, in the order of its first span).

    Reads a :class:`~annotator.formats.stream.RowBundle`'s span rows as they are stored (issue 12:
    making 160,000 Span records and choosing among non-overlapping entities one by one were a third
    of a CoNLL export): a row whose values are of the usual kinds is read in place; any other row
    is made a Span by the stream's own reader, which keeps what was stored or raises, as before."""
    text = bundle.article.text
    rows = span_rows(bundle)
    values: Iterable[tuple[Any, ...]]
    if rows is not None:
        values = map(_row_values, rows)
    elif (rows := narrow_rows(bundle)) is not None:  # conll_read's rows: an unusual one is read again whole
        values = _narrow_values(rows, functools.partial(_whole_row, bundle))
    else:
        values = ((s.start, s.end, s.label, s.layer, s.status, s.attrs) for s in bundle.spans)
    counts: dict[str, int] = {}
    entities: list[tuple[int, int, str]] = []
    for start, end, label, layer, status, attrs in values:
        if layer != _ENTITY:
            reason = layer_reason(layer)
        elif status == _REJECTED:
            reason = REJECTED
        elif status == _SUGGESTED:
            reason = SUGGESTED
        else:
            first, last = text[start], text[end - 1]
            if first.isspace() or last.isspace() or first in _INVISIBLE_SET or last in _INVISIBLE_SET:  # rare: trim (None when blank)
                bounds = trim_blank(text, start, end)
                if bounds is None:
                    counts[BLANK] = counts.get(BLANK, 0) + 1
                    continue
                start, end = bounds
            if _has_space(label):
                reason = SPACED_LABEL
            else:
                entities.append((start, end, label))
                if not attrs:
                    continue
                reason = ATTRS
        counts[reason] = counts.get(reason, 0) + 1
    reasons.extend(counts.items())
    if len(entities) < 2:
        return entities
    ranked = sorted(entities, key=_BOUNDS)  # stable: (start, end, index), non_overlapping's text order
    previous_end = ranked[0][1]
    for start, end, _ in ranked[1:]:
        if start < previous_end:  # an overlap: the longest-first rule decides
            chosen, dropped = non_overlapping([(s, e) for s, e, _ in entities])
            reasons.append((OVERLAP, len(dropped)))
            return [entities[i] for i in chosen]
        previous_end = end
    return ranked  # none overlaps: all chosen


_ENTITY, _REJECTED, _SUGGESTED = str(Layer.ENTITY), str(Status.REJECTED), str(Status.SUGGESTED)
_BOUNDS = operator.itemgetter(0, 1)
_STORED_STATUSES = frozenset(str(s) for s in Status)
_NO_ATTRS = frozenset({None, "", "{}"})


def _row_values(row: tuple, whole: Any = None) -> tuple[Any, ...]:
    """``(start, end, label, layer, status, attrs)`` of a stored span row (columns in
    :data:`~annotator.formats.stream.SPAN_COLUMNS` order), as its Span record would give them
    (``attrs`` only as true or false): read in place when the row is of the usual kinds, else from
    the record :func:`~annotator.formats.stream.fast_reader` makes of it. ``whole``: for a narrow
    row (:mod:`annotator.formats.conll_read`), gives the stored row with every column."""
    _, _, start, end, label, layer, status, _, attrs = row[:9]
    if (type(start) is int and type(end) is int and 0 <= start < end and type(label) is str and type(layer) is str
            and status in _STORED_STATUSES and attrs in _NO_ATTRS):
        return start, end, label, layer, status, False
    span = _span_reader()(row if whole is None else whole(row))
    return span.start, span.end, span.label, span.layer, span.status, bool(span.attrs)


def _narrow_values(rows: list[tuple], whole: Any) -> list[tuple[Any, ...]]:
    """:func:`_row_values` of each of conll_read's narrow ``rows`` (exactly 9 columns), the usual
    row's test inline: one list comprehension, no call a row (issue 12, perf12i: the call and its
    partials were a fifth of ``_entities`` over 160,000 rows). A row of another kind goes to
    ``_row_values`` with ``whole``, which reads it as before (or raises, as before)."""
    return [(start, end, label, layer, status, False)
            if (type(start) is int and type(end) is int and 0 <= start < end and type(label) is str and type(layer) is str
                and status in _STORED_STATUSES and attrs in _NO_ATTRS)
            else _row_values(row, whole)
            for row in rows
            for _, _, start, end, label, layer, status, _, attrs in (row,)]


def _whole_row(bundle: ArticleBundle, row: tuple) -> tuple:
    """The stored row, every column, of a narrow span row of ``bundle`` (a ConllBundle)."""
    return full_rows(bundle._project, [row[ROWID]])[0]  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1)
def _span_reader() -> Any:
    return fast_reader(Span, SPAN_COLUMNS)


def _blocks(batch: list[tuple[ArticleBundle, Tokens]], report: ExportReport) -> str:
    """The CoNLL blocks of the articles of ``batch``, in order (each :func:`article_text`'s), made
    over all their tokens at once: the texts joined with a gap of one character, tokens split at
    entity edges only in the articles that need it, the sentencizer's rule, tags and lines by
    index arrays. Counts into ``report`` in :func:`article_text` and the old loop's order."""
    texts = [bundle.article.text for bundle, _ in batch]
    reasons: list[list[tuple[str, int]]] = [[] for _ in batch]
    entities = [_entities(bundle, found) for (bundle, _), found in zip(batch, reasons)]

    lengths = numpy.array([len(t) for t in texts], dtype=numpy.int64)
    shifts = numpy.concatenate(([0], numpy.cumsum(lengths + 1)[:-1]))
    text = "\n".join(texts)  # the gap: never inside a token
    # The stored tokens of all the articles, in the joined text's offsets; an article with an
    # entity edge inside a token is split (aligned_arrays), the others are as stored.
    counts = numpy.array([len(tokens) for _, tokens in batch], dtype=numpy.int64)
    token_doc = numpy.repeat(numpy.arange(len(batch)), counts)
    starts = numpy.concatenate([tokens.starts for _, tokens in batch]).astype(numpy.int64) + shifts[token_doc]
    flags = numpy.concatenate([tokens.flags for _, tokens in batch]).astype(numpy.uint8)
    doc_first = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))
    stops = numpy.empty_like(starts)
    if len(starts):
        stops[:-1] = starts[1:]
        has_tokens = counts > 0
        stops[(doc_first + counts - 1)[has_tokens]] = (shifts + lengths)[has_tokens]
        stops -= (flags & SPACE_AFTER).astype(bool)
    edge_counts = numpy.array([len(found) for found in entities], dtype=numpy.int64)
    if edge_counts.sum():
        edge_doc = numpy.repeat(numpy.arange(len(batch)), edge_counts)
        ent_opens, ent_closes, ent_labels = zip(*itertools.chain.from_iterable(entities))
        opens = numpy.array(ent_opens, dtype=numpy.int64) + shifts[edge_doc]
        closes = numpy.array(ent_closes, dtype=numpy.int64) + shifts[edge_doc]
        split = sorted(set(edge_doc[~(_on(starts, opens) & _on(stops, closes))].tolist()))
    else:
        split = []
    if split:
        # One split plan for the tokens of the articles that need one, and only theirs (a cut
        # never reaches another article: split_arrays; issue 12: planning over every token of
        # the batch was a quarter of a batch); the flags as aligned_arrays makes them.
        need = numpy.zeros(len(batch), dtype=bool)
        need[split] = True
        theirs = need[edge_doc]
        mine = need[token_doc]
        sub = numpy.flatnonzero(mine)
        sub_starts, sub_stops, sub_flags = starts[sub], stops[sub], flags[sub]
        plan = split_arrays(sub_starts, sub_stops, (sub_flags & SPACE_AFTER).astype(bool), opens[theirs], closes[theirs])
        if plan is not None:
            new_starts, new_stops, new_spaces = plan
            at = numpy.searchsorted(new_starts, sub_starts)
            kept = (new_starts[at] == sub_starts) & (new_stops[at] == sub_stops)
            new_flags = numpy.zeros(len(new_starts), dtype=numpy.uint8)
            new_flags[at[kept]] = sub_flags[kept] & ~numpy.uint8(SPACE_AFTER | NO_SENT_START)
            made = numpy.ones(len(new_starts), dtype=bool)
            made[at[kept]] = False
            for i in numpy.flatnonzero(made).tolist():
                new_flags[i] = word_flags(text[int(new_starts[i]) : int(new_stops[i])])  # no lexeme: no spaCy import
            new_flags |= new_spaces.astype(numpy.uint8) * numpy.uint8(SPACE_AFTER)
            # The other articles' tokens as they were, merged with the split ones by offset
            # (tokens tile their texts: no two start at one offset).
            others = numpy.flatnonzero(~mine)
            merged = numpy.concatenate([starts[others], new_starts])
            order = numpy.argsort(merged, kind="stable")
            starts = merged[order]
            stops = numpy.concatenate([stops[others], new_stops])[order]
            flags = numpy.concatenate([flags[others], new_flags])[order]
            token_doc = numpy.searchsorted(shifts, starts, side="right") - 1
            counts = numpy.bincount(token_doc, minlength=len(batch)).astype(numpy.int64)
            doc_first = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))

    # The batch's entities in its joined offsets.
    if edge_counts.sum():
        codes, names = _codes_of(starts, opens, closes, ent_labels)
    else:
        codes, names = _tag_codes(starts, [])

    # Sentences: the sentencizer's rule per article (sentence_starts, counted from each
    # article's first token), line breaks in whitespace tokens, never inside an entity.
    space = (flags & IS_SPACE).astype(bool)
    invisible = has_invisible(text)
    if invisible:
        _blank_words(text, starts, stops, space)
    breaks = _sentence_starts(flags, doc_first, token_doc)
    if space.any():
        # Only the whitespace tokens' characters are looked at (a few per paragraph), not the text's.
        spaced = numpy.flatnonzero(space)
        spaced_lengths = stops[spaced] - starts[spaced]
        points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        line_break = numpy.isin(points[numpy.repeat(starts[spaced], spaced_lengths) + _ranges(spaced_lengths)], _LINE_BREAK_POINTS)
        seen_breaks = numpy.concatenate(([0], numpy.cumsum(line_break)))
        ends_at = numpy.cumsum(spaced_lengths)
        breaks[spaced[seen_breaks[ends_at] > seen_breaks[ends_at - spaced_lengths]]] = True
    words = numpy.flatnonzero(~space)
    word_doc = token_doc[words]
    words_per_doc = numpy.bincount(word_doc, minlength=len(batch))
    seen = numpy.concatenate(([0], numpy.cumsum(breaks)))  # seen[i]: breaks in [0, i)
    if len(words):
        since = seen[words + 1] - seen[numpy.concatenate(([0], words[:-1] + 1))]  # in (previous word, word]
        word_codes = codes[words]
        continues = (word_codes > 0) & (word_codes % 2 == 0)  # an I- tag
        ends = numpy.zeros(len(words), dtype=bool)
        ends[:-1] = (since[1:] > 0) & ~continues[1:]
        ends[numpy.cumsum(words_per_doc)[words_per_doc > 0] - 1] = True  # each article's last word
    else:
        word_codes = codes[words]
        ends = numpy.zeros(0, dtype=bool)

    # The source: the joined texts, then "-DOCSTART- -X- O O\n\n", then each tag's line ending
    # " _ _ TAG\n" and the same with the blank line that ends a sentence ("\n\n"); each article is
    # its header then two pieces per word (its text, its line ending), gathered by one index array.
    header = f"{DOCSTART}\n\n"
    endings = [x for name in names for x in (f"{_ROW}{name}{_COLUMNS}", f"{_ROW}{name}{_COLUMNS}\n")]
    pool = header + "".join(endings)
    ending_lengths = numpy.array([len(x) for x in endings], dtype=numpy.int64)
    ending_starts = len(text) + len(header) + numpy.cumsum(ending_lengths) - ending_lengths
    count = len(words)
    seg_start = numpy.empty(2 * count, dtype=numpy.int64)
    seg_length = numpy.empty(2 * count, dtype=numpy.int64)
    seg_start[0::2], seg_length[0::2] = starts[words], stops[words] - starts[words]
    which = 2 * word_codes + ends  # ending of tag code c: 2c, with a sentence's end: 2c + 1
    seg_start[1::2], seg_length[1::2] = ending_starts[which], ending_lengths[which]
    at = 2 * numpy.concatenate(([0], numpy.cumsum(words_per_doc)[:-1]))
    seg_start = numpy.insert(seg_start, at, len(text))
    seg_length = numpy.insert(seg_length, at, len(header))
    body = _gather(text + pool, seg_start, seg_length)
    if invisible:  # only words' characters were gathered: none of the header's or endings'
        body = without_invisible(body)

    for k, (bundle, _) in enumerate(batch):  # the counts, in the order the one-article loop made them
        for reason, n in reasons[k]:
            report.leave_out(reason, n)
        report.spans += len(entities[k])
        if not words_per_doc[k]:
            report.leave_out(EMPTY)
        report.articles += 1
        report.leave_out(FIELDS)
        if bundle.relations:
            report.leave_out(RELATIONS, len(bundle.relations))
        if bundle.stances:
            report.leave_out(STANCES, len(bundle.stances))
        if bundle.tags:
            report.leave_out(TAGS, len(bundle.tags))
    return body


def _gather(source: str, seg_start: Any, seg_length: Any) -> str:
    """The pieces ``source[seg_start[j] : seg_start[j] + seg_length[j]]``, joined, by one index
    array: output character ``i`` of piece ``j`` is ``source[i + seg_start[j] - (where piece j
    begins in the output)]`` (one ``repeat``, not two). An ASCII source (most news) is gathered
    as bytes, else as UTF-32 code units; indices are int32 while they fit (issue 12: this gather
    was most of a CoNLL batch's array work)."""
    total = int(seg_length.sum())
    wide = total >= 2**31 or len(source) >= 2**31
    kind = numpy.int64 if wide else numpy.int32
    out_starts = numpy.cumsum(seg_length) - seg_length
    index = numpy.repeat((seg_start - out_starts).astype(kind), seg_length)
    index += numpy.arange(total, dtype=kind)
    if source.isascii():
        return numpy.frombuffer(source.encode("ascii"), dtype=numpy.uint8)[index].tobytes().decode("ascii")
    points = numpy.frombuffer(source.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    return points[index].tobytes().decode("utf-32-le", "surrogatepass")


def _on(edges: Any, points: Any) -> Any:
    """Bool per point: among the ascending ``edges``."""
    if not len(edges):
        return numpy.zeros(len(points), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(edges, points), len(edges) - 1)
    return edges[at] == points


_LINE_BREAK_POINTS = numpy.array(sorted(ord(c) for c in LINE_BREAKS), dtype=numpy.uint32)


def _sentence_starts(flags: Any, doc_first: Any, token_doc: Any) -> Any:
    """:func:`sentence_starts` of each article's tokens, for the tokens of several articles in a
    row (``doc_first``: each article's first token; ``token_doc``: each token's article)."""
    count = len(flags)
    result = numpy.zeros(count, dtype=bool)
    if not count:
        return result
    final = (flags & SENT_PUNCT).astype(bool)
    word = ~final & ~(flags & IS_PUNCT).astype(bool)
    before = numpy.concatenate(([0], numpy.cumsum(final)))  # before[i]: punct_chars tokens in [0, i)
    words = numpy.flatnonzero(word)
    previous = numpy.concatenate(([-1], words[:-1]))
    previous = numpy.maximum(previous, doc_first[token_doc[words]] - 1)  # counted from the article's start
    result[words] = before[words] - before[previous + 1] > 0
    result[doc_first[doc_first < count]] = True
    return result
