"""CoNLL-2003 NER import: one article per ``-DOCSTART-`` document, its entities accepted spans.

Input (the CoNLL-2003 shared task's files, ``eng.train``; our own ``export --format conll``):
one token a line, whitespace-separated columns ``WORD [POS [CHUNK]] TAG`` — 4 columns
(CoNLL-2003), 3 (CoNLL-2002: word POS tag) or 2 (word tag), the same number on every token
line of a file; a blank line ends a sentence; a line whose first column is ``-DOCSTART-`` starts a
document (a file without one is one document; ``-DOCSTART- _ _ O``, as our export writes the
word, is a word). Tags are ``O``, ``B-TYPE`` or ``I-TYPE``, in
IOB1 (``eng.train``: ``I-`` starts an entity, ``B-`` only one right after another of the same
type) or IOB2 (our export: every entity starts with ``B-``). Both read alike — ``B-`` starts an
entity, ``I-`` continues one of its type or else starts one — and a file is checked against
the scheme it uses (:func:`_scheme_conflict`): a file mixing them is refused, naming the line.

CoNLL keeps no spacing, so the text is rebuilt: the words joined by one space, the sentences by
one line break (``\\n``); span offsets are code points into that text. This is the reading
``benchmarks/train_conll.py`` made of CoNLL-2003 (it reads through :func:`read_bundles` now).

Labels: ``--label-map`` first; else a label of the project's schema is kept, one of its
``ner_map`` is mapped as pre-annotation maps it, and ``PER`` becomes ``PERSON`` when the schema
has ``PERSON`` and no ``PER`` (:data:`ALIASES`); any other label is kept as written. Every
entity is an accepted span of the label's schema layer (``entity`` for a label the schema lacks).
Articles are ``done`` (gold, so ``annotator train`` learns from them) unless ``--status new``.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.formats.common import ImportOptions, Item, read_text

SUFFIXES = (".conll", ".iob")
DOCSTART = "-DOCSTART-"
#: CoNLL-2003's type names the schema may spell otherwise (used only when the schema has the
#: target and not the CoNLL name)
ALIASES: Mapping[str, str] = {"PER": "PERSON"}
#: CoNLL-2003's four types (PERSON as the schema spells PER)
CONLL_TYPES: frozenset[str] = frozenset({"PERSON", "ORG", "LOC", "MISC"})
#: spaCy's OntoNotes entity labels folded into CoNLL-2003's four, as the CoNLL-2003 guidelines
#: draw them (Tjong Kim Sang & De Meulder 2003: countries and cities are locations; nationalities,
#: events, works, products, languages and laws are miscellaneous): the ``ner_map`` of a project a
#: CoNLL import creates, so pre-annotation, the "before" of ``annotator train`` and a pipeline
#: trained on the project all speak CoNLL's labels (usertest17 L-d, N6).
ONTONOTES_TO_CONLL: Mapping[str, str] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
    "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LANGUAGE": "MISC", "LAW": "MISC", "MISC": "MISC",
}


def conll_fold(entity_labels: Iterable[str]) -> dict[str, str]:
    """:data:`ONTONOTES_TO_CONLL` restricted to the targets among ``entity_labels`` (the schema's
    entity layer: a ``ner_map`` target must be one of its labels): the ``ner_map`` a CoNLL import
    gives a project it creates, and ``annotator schema --ner-map conll`` gives any project."""
    entity = set(entity_labels)
    return {k: v for k, v in ONTONOTES_TO_CONLL.items() if v in entity}


_COLUMNS = {2: "WORD TAG", 3: "WORD POS TAG", 4: "WORD POS CHUNK TAG"}

#: the other columns of a document line (``-DOCSTART- -X- O O``, ``-DOCSTART- -X- -X- O``); a
#: ``-DOCSTART-`` with other columns is a word (our export writes one in a text as ``-DOCSTART- _ _ O``)
_DOCSTART_COLUMNS = frozenset(("-X-", "O"))
Token = tuple[str, str, int]  # word, tag, line number


class _Document:
    __slots__ = ("line", "sentences", "error")

    def __init__(self, line: int) -> None:
        self.line = line
        self.sentences: list[list[Token]] = [[]]
        self.error: InputError | None = None


def _parse(path: Path, text: str) -> list[_Document]:
    """The file's documents, each with the first bad line's error (if any)."""
    documents: list[_Document] = []
    current: _Document | None = None
    columns = 0
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            if current is not None and current.sentences[-1]:
                current.sentences.append([])
            continue
        if parts[0] == DOCSTART and all(p in _DOCSTART_COLUMNS for p in parts[1:]):
            current = _Document(number)
            documents.append(current)
            continue
        if current is None:
            current = _Document(number)
            documents.append(current)
        if current.error is not None:
            continue
        if not columns:
            if len(parts) not in _COLUMNS:
                current.error = InputError(
                    f"{len(parts)} column{'s' if len(parts) != 1 else ''}: a CoNLL token line is WORD POS CHUNK TAG "
                    f"(CoNLL-2003), WORD POS TAG or WORD TAG; fix the line or import the file in another format",
                    path=str(path), line=number)
                continue
            columns = len(parts)
        elif len(parts) != columns:
            current.error = InputError(
                f"{len(parts)} column{'s' if len(parts) != 1 else ''} where this file's token lines have {columns} "
                f"({_COLUMNS[columns]}); every token line needs the same columns (a word with a space in it splits "
                f"into two columns) — fix the line", path=str(path), line=number)
            continue
        tag = parts[-1]
        if problem := _bad_tag(tag):
            current.error = InputError(problem, path=str(path), line=number)
            continue
        current.sentences[-1].append((parts[0], tag, number))
    for document in documents:
        if not document.sentences[-1]:
            document.sentences.pop()
    return documents


def _bad_tag(tag: str) -> str:
    if tag == "O":
        return ""
    prefix, dash, kind = tag.partition("-")
    if dash and prefix in ("B", "I") and kind:
        return ""
    return (f"NER tag {tag!r} is not O, B-TYPE or I-TYPE (CoNLL-2003's IOB1 or IOB2); fix the tag "
            f"(BIOES/BILOU tags — S-, E-, U-, L- — convert to IOB2 first)")


def _starts(sentence: list[Token]) -> Iterator[tuple[int, str, bool]]:
    """Each entity start of ``sentence``: (index, type, whether its tag is I-)."""
    before = "O"
    for index, (_, tag, _) in enumerate(sentence):
        if tag != "O":
            prefix, _, kind = tag.partition("-")
            if prefix == "B" or before == "O" or before[2:] != kind:
                yield index, kind, prefix == "I"
        before = tag


def _scheme_conflict(path: Path, documents: list[_Document]) -> InputError | None:
    """A file that starts entities with ``I-`` (IOB1) and also with ``B-`` where IOB1 never
    writes it (not right after an entity of its type: IOB2): the error at the first line of the
    rarer kind (the likelier mistake); None for a file of one scheme."""
    iob1: list[int] = []  # lines where I- starts an entity
    iob2: list[int] = []  # lines where B- starts one not after an entity of its type
    for document in documents:
        if document.error is not None:
            continue
        for sentence in document.sentences:
            for index, kind, inside in _starts(sentence):
                if inside:
                    iob1.append(sentence[index][2])
                elif index == 0 or sentence[index - 1][1][2:] != kind:
                    iob2.append(sentence[index][2])
    if not iob1 or not iob2:
        return None
    if len(iob1) <= len(iob2):
        line = iob1[0]
        why = (f"starts an entity with I- after O or another type, but this file starts its entities with B- "
               f"(IOB2, e.g. line {iob2[0]}): start it with B- (in IOB1 every entity starts with I-)")
    else:
        line = iob2[0]
        why = (f"starts an entity with B- after O or another type, but this file starts its entities with I- "
               f"(IOB1, e.g. line {iob1[0]}, where B- only starts an entity right after one of its type): "
               f"use I- here, or write the whole file in IOB2")
    return InputError(why, path=str(path), line=line)


def label_for(kind: str, options: ImportOptions) -> str:
    """Our label for CoNLL type ``kind`` (module docstring, "Labels"); "" to leave it out."""
    if kind in options.label_map:
        return options.label_map[kind]
    schema = options.schema
    if schema is None:
        return kind
    names = {label.name for label in schema.labels}
    if kind in names:
        return kind
    if kind in schema.ner_map:
        return schema.ner_map[kind]
    alias = ALIASES.get(kind)
    return alias if alias is not None and alias in names else kind


def _layer(label: str, options: ImportOptions) -> str:
    schema = options.schema
    if schema is not None and any(lab.name == label for lab in schema.labels):
        return schema.layer_of(label)
    return "entity"


def bundle_of(sentences: list[list[Token]], labels: Mapping[str, str], options: ImportOptions,
              status: ArticleStatus, left_out: collections.Counter[str] | None = None,
              meta: Mapping[str, object] | None = None) -> ArticleBundle:
    """One article of ``sentences``: words joined by a space, sentences by ``\\n``; each entity
    an accepted span labelled ``labels[type]`` ("" leaves it out, counted in ``left_out``)."""
    pieces: list[str] = []
    spans: list[Span] = []
    offset = 0

    def close(start: int, end: int, kind: str) -> None:
        label = labels[kind]
        if not label:
            if left_out is not None:
                left_out[f"{kind} entities (--label-map {kind}=)"] += 1
            return
        spans.append(Span(f"c{len(spans)}", 0, start, end, label, _layer(label, options)))

    for s_index, sentence in enumerate(sentences):
        if s_index:
            pieces.append("\n")
            offset += 1
        open_: tuple[int, str] | None = None
        last_end = offset
        for t_index, (word, tag, _) in enumerate(sentence):
            if t_index:
                pieces.append(" ")
                offset += 1
            prefix, _, kind = tag.partition("-")
            if open_ is not None and not (prefix == "I" and kind == open_[1]):
                close(open_[0], last_end, open_[1])
                open_ = None
            if prefix in ("B", "I") and open_ is None:
                open_ = (offset, kind)
            pieces.append(word)
            offset += len(word)
            last_end = offset
        if open_ is not None:
            close(open_[0], last_end, open_[1])
    text = "".join(pieces)
    title = text.split("\n", 1)[0][:120]
    article = Article(None, text, title=title, status=status, meta=dict(meta or {}))
    return ArticleBundle(article, spans=spans)


class _Labels(dict):
    """type → label, each found once by :func:`label_for`."""

    def __init__(self, options: ImportOptions) -> None:
        super().__init__()
        self.options = options

    def __missing__(self, kind: str) -> str:
        self[kind] = label = label_for(kind, self.options)
        return label


def read(path: Path, options: ImportOptions) -> Iterator[Item]:
    """The items of a CoNLL file: one per document, or the error of its first bad line (the
    document is not imported). A file mixing IOB1 and IOB2, or holding no token, is one error."""
    try:
        text = read_text(path, options.encoding)
    except InputError as exc:
        yield Item(error=exc)
        return
    documents = _parse(path, text)
    if not any(d.sentences or d.error for d in documents):
        yield Item(error=InputError("holds no CoNLL token lines (WORD … TAG); check the file", path=str(path)))
        return
    if (conflict := _scheme_conflict(path, documents)) is not None:
        yield Item(error=conflict)
        return
    labels = _Labels(options)
    article_status = ArticleStatus(options.article_status)
    for number, document in enumerate(documents, start=1):
        if document.error is not None:
            yield Item(error=document.error, path=str(path), line=document.error.line)
            continue
        if not document.sentences:
            continue  # an empty -DOCSTART- block holds nothing to import
        left_out: collections.Counter[str] = collections.Counter()
        bundle = bundle_of(document.sentences, labels, options, article_status, left_out,
                           meta={"_import": {"file": path.name, "document": number}})  # fix41
        yield Item(bundle=bundle, path=str(path), line=document.line, left_out=dict(left_out), annotated=True)


def read_bundles(path: Path, labels: Mapping[str, str], *, status: ArticleStatus = ArticleStatus.DONE,
                 limit: int | None = None) -> Iterator[ArticleBundle]:
    """The documents of a CoNLL file as bundles, types mapped by ``labels`` (a type it lacks is
    kept as written), at most ``limit``: the benchmarks' reading (``benchmarks/train_conll.py``).
    Raises :class:`InputError` at the first bad line."""
    options = ImportOptions(label_map=dict(labels), article_status=str(status))
    done = 0
    for item in read(path, options):
        if item.error is not None:
            raise item.error
        if limit is not None and done >= limit:
            return
        assert item.bundle is not None
        yield item.bundle
        done += 1
