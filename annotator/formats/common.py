"""What every format shares: reading bytes into text, label maps, span checks, the tokenizer.

Readers are generators of :class:`Item` — a parsed article bundle or the error that stopped one
record — so an import can stream a large file, stop at the first bad record (nothing written) or,
with ``--skip-errors``, keep the good ones and list what it skipped.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import FRAGMENT, ArticleBundle, Span, Status, new_id
from annotator.domain.schema import LabelSchema

BINARY_SNIFF = 8192
ENCODING_HINT = "try --encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16"


@dataclasses.dataclass(slots=True)
class Item:
    """One record read from an input: a bundle, or the error that made it unusable.

    ``path``/``line`` say where the record starts (line 1-based; None for a whole-file record
    such as a .txt or brat pair), so that checks made after reading can name it."""

    bundle: ArticleBundle | None = None
    error: InputError | None = None
    path: str | None = None
    line: int | None = None
    left_out: Mapping[str, int] = dataclasses.field(default_factory=dict)  # reason -> records of the input not imported (fix10)
    # fix11i: the record states its article's annotations (a brat .ann, even an empty one; a JSONL
    # line with "spans"…), so it can be an analyst's whole layer of the article; a text alone cannot
    annotated: bool = False
    #: ui22 (usertest20 M4): brat ``file:line`` of each span whose text field ran over line breaks
    #: in the .ann and was read joined (brat rejects such lines; the offsets and text agree)
    joined: list[str] = dataclasses.field(default_factory=list)
    #: ui22: with ``ImportOptions.skip_errors``, each bad line of the record left out (a brat span
    #: and the lines that need it) while the rest of the record was read, by file:line
    dropped: list[InputError] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(slots=True)
class ReviewedBundle(ArticleBundle):
    """An article bundle with, per record id, what the machine had suggested before an analyst
    changed it (see :mod:`annotator.storage.suggestions_log` for the shapes)."""

    suggestions: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # The article's tokens (formats.token_store.Tokens) when the caller has them, and where the
    # project's stored tokens are read and new ones kept (a token_store.TokenSource); derived
    # data, never compared.
    tokens: Any = dataclasses.field(default=None, compare=False, repr=False)
    token_source: Any = dataclasses.field(default=None, compare=False, repr=False)
    # cur11ui: the name an ``export --layer all`` gives the gold layer's records beside the analysts'
    # ("gold": JSONL and DocBin ``"analyst": "gold"``, CSV's analyst column); "" in every other export
    gold_name: str = dataclasses.field(default="", compare=False)


@dataclasses.dataclass(slots=True)
class ExportReport:
    """What an export wrote, and what its format could not hold.

    ``left_out`` maps a reason the user can act on (e.g. "QUOTE spans: CoNLL holds one entity layer
    only; use jsonl or spacy") to how many records it applies to. Writers never drop anything
    without a line here; the CLI and the window print :meth:`notes`.
    """

    articles: int = 0
    spans: int = 0
    relations: int = 0
    #: fix11z (usertest11l N6): stances written (JSONL, DocBin); a format that holds none says so in ``left_out``
    stances: int = 0
    left_out: dict[str, int] = dataclasses.field(default_factory=dict)
    # what was written but the user must know (fix11e: an article exported as marked done with
    # undecided units), one line each
    remarks: list[str] = dataclasses.field(default_factory=list)

    def leave_out(self, reason: str, count: int = 1) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + count

    def notes(self) -> list[str]:
        """One line per reason: ``"left out: 12 × QUOTE spans: CoNLL holds …"``, then each remark."""
        return [f"left out: {n:,} × {reason}" for reason, n in self.left_out.items()] + list(self.remarks)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportOptions:
    encoding: str = "utf-8"
    text_column: str | None = None
    label_map: Mapping[str, str] = dataclasses.field(default_factory=dict)
    schema: LabelSchema | None = None
    # The analyst's layer of each file's annotations taken from its name (docs/team.md):
    # formats.analyst_from_path. ``import --analyst NAME`` is Project.import_bundles(analyst=).
    analyst_from_filename: bool = False
    #: fix11am (L4): the analyst the project file belongs to (its ``analyst`` setting, ``annotator
    #: assign``), "" for none: a layer of that name is refused (:func:`own_file_layer_error`)
    own_analyst: str = ""
    own_file: str = ""  # the project file's name, for that message
    #: CoNLL: the status of each article read (``import --status``): "done" (gold, trained on) or "new"
    article_status: str = "done"
    #: ui22 (usertest20 M4): ``--skip-errors``: a reader that can leave out one bad line of a record
    #: (a brat span and what refers to it) does so and lists it in :attr:`Item.dropped`
    skip_errors: bool = False

    def map_label(self, label: str) -> str:
        """The label after ``--label-map``; "" means the label is dropped."""
        return self.label_map.get(label, label)

    def layer_of(self, label: str) -> str:
        return self.schema.layer_of(label) if self.schema is not None else "other"


def own_file_layer_error(analyst: str, project_name: str, *, path: str, from_name: bool = False) -> InputError:
    """fix11am (usertest L4): ``import --analyst ana`` (or a file whose name says ana, with
    ``--analyst-from-filename``) into ana's own file (``annotator assign`` made it: its ``analyst``
    setting is ana) made a layer ``ana`` there that ``annotator merge`` then skipped — merge takes
    the file's own annotations as ana's — and said so only at merge time. Refused instead, one
    line naming ``path`` and what to do; nothing is written."""
    how = "its name would put its annotations in" if from_name else f"--analyst {analyst} would put the annotations in"
    return InputError(
        f"{how} a layer named {analyst}, but {project_name} is {analyst}'s own file (its analyst setting, as "
        f"`annotator assign` made it), where `annotator merge` takes {analyst}'s own annotations and never such a "
        f"layer: nothing imported — import without --analyst to add them to {analyst}'s own annotations "
        f"in {project_name}, or into the team file with --analyst {analyst}",
        path=path)


def parse_label_map(value: str | None) -> dict[str, str]:
    """``"Content=QUOTE,Source=SPEAKER,Attribution="`` → a dict (an empty target drops the label)."""
    mapping: dict[str, str] = {}
    if not value:
        return mapping
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise InputError(f"--label-map entry {part!r} needs the form FROM=TO (e.g. Content=QUOTE,Source=SPEAKER)")
        source, _, target = part.partition("=")
        if not source.strip():
            raise InputError(f"--label-map entry {part!r} has no label before '='")
        source, target = source.strip(), target.strip()
        if source in mapping and mapping[source] != target:
            raise InputError(f"--label-map maps {source!r} twice ({mapping[source]!r} and {target!r}); keep one")
        mapping[source] = target
    return mapping


# ----------------------------------------------------------------------------- bytes → text


# C0 control bytes that no text file holds (tab, LF, VT, FF and CR are text): with a NUL byte, one
# of them marks a binary file. Compressed data, images, executables and databases have several in
# their first 8 KB; a CSV or JSONL export with one damaged cell has none.
_BINARY_CONTROLS = re.compile(rb"[\x01-\x08\x0e-\x1f]")


def looks_binary(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) holds NUL bytes among other binary signs:
    another C0 control byte (not tab, LF, VT, FF or CR), or NULs in more than a quarter of it.
    A text file with a stray NUL or two (one damaged cell of a CSV export, usertest13 F4) is
    text: its records are read and the one with the NUL is refused by line (:func:`find_nul`)."""
    if b"\x00" not in head:
        return False
    return head.count(0) * 4 > len(head) or _BINARY_CONTROLS.search(head) is not None


def check_not_binary(data: bytes, path: Path, encoding: str = "utf-8") -> None:
    """An :class:`InputError` when the first 8 KB look like a binary file (:func:`looks_binary`);
    a NUL in text, in the first 8 KB or further on, is found in the decoded record and named by
    its line (:func:`find_nul`). UTF-16/32 text (a byte-order mark, or asked for with
    ``encoding``) has NUL bytes: decoding decides."""
    head = data[:BINARY_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)) or _is_wide(encoding):
        return
    if b"\x00" in head:
        # ASCII text in UTF-16 without a byte-order mark: every other byte is NUL.
        half = max(len(head) // 2, 1)
        for order, nuls in (("le", head[1::2]), ("be", head[0::2])):
            if nuls.count(0) > 0.9 * half:
                raise InputError(f"looks like UTF-16 text without a byte-order mark; pass --encoding utf-16-{order}", path=str(path))
        if not looks_binary(head):
            return
        raise InputError(
            "looks like a binary file (it contains NUL bytes), not text; import .txt, .jsonl, .csv, brat .ann/.txt or CoNLL .conll files",
            path=str(path),
        )


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only whitespace and invisible format characters (Unicode
    category Cf: the byte-order mark U+FEFF, zero-width space U+200B, word joiner U+2060, …).
    ``str.strip()`` keeps those, so a file holding only BOMs would pass for an article.
    Stops at the first visible character: O(1) on a real article."""
    if text and not text[0].isspace() and unicodedata.category(text[0]) != "Cf":
        return False  # the common case, without a generator: 0.1 s of CPU for 10,000 CSV rows (issue 12)
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


BLANK = "only whitespace, byte-order marks or invisible characters"
EMPTY_TEXT = f"is empty: no article text ({BLANK}); add the article's text or remove it"


def check_encoding(encoding: str) -> None:
    """Raise an :class:`InputError` unless ``encoding`` names a Python text codec (``--encoding``)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(f"unknown text encoding {encoding!r}; use a Python codec name such as utf-8, cp1252, latin-1 or utf-16")


# ----------------------------------------------------------------------------- JSON

MAX_JSON_DEPTH = 100  # far beyond any annotation format; keeps every recursive consumer (json.dumps, SQLite's json_*) safe


class NonStandardNumber(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a JSON text: Python's parser takes them, RFC 8259 does not."""


def reject_constant(name: str) -> Any:
    """``parse_constant`` for :mod:`json`: refuse ``NaN``/``Infinity`` instead of storing floats
    that no standard JSON reader of our exports would accept."""
    raise NonStandardNumber(name)


class RepeatedKey(ValueError):
    """A JSON object naming one key twice: Python's parser keeps the last value without a word."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :mod:`json`: the object as a dict, or :class:`RepeatedKey` naming
    the first key it names twice (usertest18 L5: ``{"text": "a", "text": "b"}`` imported ``b``
    alone; RFC 8259 §4 leaves such an object's meaning to the reader)."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(key)
            seen.add(key)
    return value


def repeated_key_error(exc: RepeatedKey, path: Path, line: int | None) -> InputError:
    return InputError(
        f"names the key {exc.args[0]!r} twice in one JSON object (only the last would be read); keep one of them",
        path=str(path), line=line,
    )


def non_standard_number_error(exc: NonStandardNumber, path: Path, line: int | None) -> InputError:
    return InputError(
        f"holds {exc.args[0]}, which is not JSON (RFC 8259 has no NaN or Infinity); write null or a string instead",
        path=str(path), line=line,
    )


def parse_json(text: str, path: Path, line: int | None) -> Any:
    """``json.loads(text)``, with every failure an :class:`InputError` naming ``path:line``:
    invalid JSON, an object naming a key twice (:func:`unique_keys`), and values nested deeper than :data:`MAX_JSON_DEPTH` (a 100,000-level
    ``[[[…]]]`` is a RecursionError in Python's parser)."""
    try:
        value = json.loads(text, parse_constant=reject_constant, object_pairs_hook=unique_keys)
    except NonStandardNumber as exc:
        raise non_standard_number_error(exc, path, line) from None
    except RepeatedKey as exc:
        raise repeated_key_error(exc, path, line) from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and "\r" in text[: exc.pos]:
            raise InputError(
                "holds more than one JSON record on one line: its line endings are CR only (old Mac); "
                "convert them to LF (one record a line)", path=str(path), line=line,
            ) from None
        raise InputError(
            f"is not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object", path=str(path), line=line
        ) from None
    except RecursionError:
        value = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise InputError(
            f"nests JSON values more than {MAX_JSON_DEPTH} levels deep; no annotation format needs that: flatten the record",
            path=str(path), line=line,
        )
    return value


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How many levels of lists/objects ``value`` nests (0 for a scalar), counted without
    recursion; stops counting once past ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _is_wide(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # UTF-32 first: FF FE 00 00 starts like UTF-16 LE
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bom_encoding(head: bytes, encoding: str) -> str:
    """The codec to read a file starting with ``head`` with: with the default ``encoding``
    (UTF-8), a UTF-32 or UTF-16 byte-order mark decides ("utf-32"/"utf-16", whose decoders take
    the byte order from it and drop it; Windows "Unicode" text), so such a file imports without an
    encoding option (usertest14 F1); a UTF-8 byte-order mark is dropped by every reader. Any other
    ``encoding`` (asked for) is returned as it is."""
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return encoding
    except LookupError:
        return encoding  # check_encoding names it
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return encoding


def decode(data: bytes, path: Path, encoding: str, *, line_offset: int = 0, strip_bom: bool = True) -> str:
    """Decode exactly (no newline or whitespace changes); a leading BOM is dropped."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = line_offset + data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"cannot be read as {encoding} (byte {data[exc.start]:#04x} at offset {exc.start}); {ENCODING_HINT}",
            path=str(path),
            line=line,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1") from None
    return text.removeprefix("\ufeff") if strip_bom else text


def read_text(path: Path, encoding: str, *, strip_bom: bool = True) -> str:
    """A text file's content: binary files refused, a UTF-16 byte-order mark honoured, a bad byte
    named with its line. Raises :class:`InputError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); check the path and its permissions", path=str(path)) from None
    check_not_binary(data, path, encoding)
    encoding = bom_encoding(data[:4], encoding)  # a UTF-16/32 byte-order mark is unambiguous
    return decode(data, path, encoding, strip_bom=strip_bom)


# ----------------------------------------------------------------------------- spans


def check_span(
    text: str, start: Any, end: Any, label: Any, *, quoted: Any = None, path: str | Path, line: int | None, what: str = "span"
) -> None:
    """Raise an :class:`InputError` unless ``[start, end)`` is a non-empty range inside ``text``
    with a label, whose text (when the input gives it) matches."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise InputError(f"{what} needs integer start and end offsets (got {start!r}, {end!r})", path=str(path), line=line)
    if not isinstance(label, str) or not label:
        raise InputError(f"{what} [{start}, {end}) has no label", path=str(path), line=line)
    if not 0 <= start < end <= len(text):
        raise InputError(
            f"{what} {label} [{start}, {end}) lies outside the text ({len(text)} characters); "
            "offsets must be code points into the text as stored",
            path=str(path),
            line=line,
        )
    if quoted is not None and quoted != text[start:end]:
        said, has = differing_parts(str(quoted), text[start:end])
        raise InputError(
            f"{what} {label} [{start}, {end}) says its text is {said!r} but the article has "
            f"{has!r} there; were the offsets computed on another version of the text "
            "(line endings, BOM, UTF-16 positions)?",
            path=str(path),
            line=line,
        )


def differing_parts(said: str, has: str, limit: int = 40) -> tuple[str, str]:
    """Excerpts of two texts that differ, each at most about ``limit`` characters, cut around the
    first place they differ (with "…" where cut), so an error message never quotes two equal-looking
    strings: two texts that agree for their first ``limit`` characters used to be shown as that
    common start. When one text is the other's start, the shorter is shown whole at its end and
    the longer goes on past it."""
    first = next((i for i, (a, b) in enumerate(zip(said, has)) if a != b), min(len(said), len(has)))
    begin = max(0, first - limit // 2)

    def cut(value: str) -> str:
        piece = value[begin: begin + limit]
        return ("…" if begin else "") + piece + ("…" if begin + limit < len(value) else "")

    return cut(said), cut(has)


def make_span(
    *, start: int, end: int, label: str, options: ImportOptions, status: Status = Status.ACCEPTED,
    origin: str = "", attrs: Mapping[str, Any] | None = None, span_id: str | None = None, layer: str | None = None,
) -> Span:
    return Span(
        id=span_id or new_id(), article_id=0, start=start, end=end, label=label,
        layer=layer or options.layer_of(label), status=status, origin=origin, attrs=dict(attrs or {}),
    )


# ----------------------------------------------------------------------------- tokens


#: Space-delimited chunks whose tokens the exports' tokenizer keeps (spaCy's default: 10,000).
#: A chunk met again is then pushed from the cache instead of being split by the prefix, suffix
#: and infix regexes again. spaCy checks its special cases before the cache and caches no chunk a
#: special case touched, so the tokens are the same at any size (tests/formats/test_tokenizer_cache_perf32.py).
#: With 10,000 the cache is full after a few hundred news articles, and every chunk after that
#: is split each time it is met. Tokenising 1,683 FNC-1 bodies + 840 PolNeAR articles took
#: 2.70-2.85 s of CPU with 10,000 and 1.88-2.13 s with this size (perf32, docs/formats.md). Each
#: entry takes ~230 bytes (two small allocations), so 250,000 is ~58 MB at most; the lexemes of
#: the words the tokenizer meets take more than that anyway.
TOKENIZER_CACHE_CHUNKS = 250_000


@functools.lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The deterministic tokenizer behind token_start/token_end, CoNLL and DocBin exports:
    ``spacy.blank("en").tokenizer`` (rules only, no model; the same tokens on every machine).

    ``tokenizer()(text)`` returns a ``Doc``; ``tokenizer().vocab`` is its vocab. It is the
    tokenizer itself, not the ``Language``: calling a ``Language`` (or its ``make_doc``) refuses
    texts over ``nlp.max_length`` (1,000,000 characters, spaCy's E088), the tokenizer has no such
    limit and needs none (the limit protects the parser's and NER's memory).
    """
    import spacy

    made = spacy.blank("en").tokenizer
    made.max_cache_size = TOKENIZER_CACHE_CHUNKS
    return made


def token_bounds(doc: Any, start: int, end: int) -> tuple[int, int]:
    """(first token, last token inclusive) covering ``[start, end)`` — Prodigy's convention."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        # Only whitespace inside one whitespace token: point at the token holding ``start``.
        for tok in doc:
            if tok.idx <= start < tok.idx + len(tok.text_with_ws):
                return tok.i, tok.i
        return len(doc) - 1, len(doc) - 1
    return span.start, span.end - 1


def iter_files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files under ``root`` with one of ``suffixes``, sorted, hidden ones skipped.

    Symbolic links are followed, to files and to folders (a corpus linked in, file by file or
    folder by folder), each real folder once (a link loop ends). Raises :class:`InputError`
    naming a link with one of ``suffixes`` whose target does not exist (fix10: never "no files")."""
    found: list[Path] = []
    walked: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in walked:  # a second link to a folder already read, or a loop
            dirs[:] = []
            continue
        walked.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in suffixes:
                continue
            if path.is_symlink() and not path.exists():
                raise InputError(f"is a symbolic link to {os.readlink(path)}, which does not exist; fix the link or remove it",
                                 path=str(path))
            if path.is_file():
                found.append(path)
    yield from sorted(found)


# ----------------------------------------------------------------------------- typed fields of JSON records


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _named(key: str, context: str) -> str:
    return f"{context}: \"{key}\"" if context else f"\"{key}\""


def expect_str(value: Any, key: str, where: Mapping[str, Any], *, optional: bool = True, context: str = "") -> str | None:
    """``value`` when it is a string (None when missing and ``optional``); else an
    :class:`InputError` naming ``key`` (after ``context``, e.g. "span X [0, 4)"). Never coerces:
    a number where text belongs is refused."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InputError(f"{_named(key, context)} must be a string, not {_type_name(value)}; fix the record", **where)
    return value


def expect_dict(value: Any, key: str, where: Mapping[str, Any], *, context: str = "") -> dict[str, Any]:
    """``value`` when it is a JSON object ({} when missing); else an :class:`InputError` naming ``key``."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{_named(key, context)} must be a JSON object, not {_type_name(value)}; fix the record", **where)
    return value


def expect_list(value: Any, key: str, where: Mapping[str, Any]) -> list[Any]:
    """``value`` when it is a list ([] when missing); else an :class:`InputError` naming ``key``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"\"{key}\" must be a list, not {_type_name(value)}; fix the record", **where)
    return value


# Top-level keys of a JSON record that hold annotations in some tool's format. A reader that does
# not read such a key refuses the record (naming it) rather than keep it as metadata: an import
# that says "0 spans" for annotated data is a silent loss.
ANNOTATION_LIKE_KEYS = frozenset({
    "entities", "ents", "labels", "annotations", "annotation", "predictions", "prediction", "result", "results",
    "completions", "ner", "ner_tags", "tags", "mentions", "quotes", "claims", "stances", "entity", "relation",
    "events", "attributions", "cats", "categories", "spans_manual",
})


def annotation_like(key: str, where: Mapping[str, Any]) -> InputError:
    """The error for a record whose ``key`` looks like annotations we cannot read."""
    return InputError(
        f"has a key {key!r} that looks like annotations but is not in a form Annotator reads; "
        "give spans as \"spans\": [{\"start\", \"end\", \"label\"}] (docs/formats.md), or rename the key to keep it in meta",
        **where,
    )


# ----------------------------------------------------------------------------- text that cannot be stored

# The one character no text holds: NUL (it stops SQLite's text functions, and comes from a binary
# file or a damaged export). Refused by line. Every other control character is let in: published
# news holds them — the FNC-1 bodies have ESC, DEL, U+001C/U+001D, PolNeAR articles U+0083 — and
# refusing a real article over one invisible character loses more than it keeps (usertest14 F2
# asked for BEL to be refused; that refused real articles, see the note of 2026-12-02).
CONTROL_CHARS = re.compile("\x00")


def has_control_bytes(data: bytes) -> bool:
    """True when the UTF-8 ``data`` holds a character of :data:`CONTROL_CHARS` (NUL)."""
    return b"\x00" in data


def has_control(text: str) -> bool:
    """True when ``text`` holds a character of :data:`CONTROL_CHARS` (checked on its UTF-8 bytes:
    faster than a regex over the str)."""
    return has_control_bytes(text.encode("utf-8", "surrogatepass"))


def find_nul(value: Any, key: str = "") -> tuple[str, str, int] | None:
    """The first character of :data:`CONTROL_CHARS` (NUL) in any
    string of ``value``, keys included, as ``(key path, string, index)``; None when there is
    none. Such a character is no text: it comes from a binary file (whose first 8 KB looked like
    text), a damaged export, a wrong encoding or a JSON ``\\u0007`` escape."""
    if isinstance(value, str):
        found = CONTROL_CHARS.search(value)
        return (key, value, found.start()) if found is not None else None
    if isinstance(value, Mapping):
        for k, v in value.items():
            name = f"{key}.{k}" if key else str(k)
            found_in = find_nul(k, name) or find_nul(v, name)
            if found_in is not None:
                return found_in
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found_in = find_nul(v, f"{key}[{i}]")
            if found_in is not None:
                return found_in
    return None


def find_lone_surrogate(value: Any, key: str = "") -> tuple[str, str, int] | None:
    """The first lone UTF-16 surrogate (U+D800–U+DFFF) in any string of ``value`` (keys of
    objects included) as ``(key path, string, index)``; None when there is none.

    Such a code point is half of a UTF-16 pair: it is not a character, UTF-8 cannot encode it
    and SQLite cannot store it. JSON lets one in through a ``\\ud83d`` escape without its pair."""
    if isinstance(value, str):
        if value.isascii():
            return None  # the common case, checked at memory speed
        try:  # UTF-8 encodes every code point but a surrogate: 3× faster than a regex scan (issue 12)
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (key, value, exc.start)
        return None
    if isinstance(value, Mapping):
        for k, v in value.items():
            found = find_lone_surrogate(k, f"{key}.{k}" if key else str(k)) or find_lone_surrogate(v, f"{key}.{k}" if key else str(k))
            if found is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = find_lone_surrogate(v, f"{key}[{i}]")
            if found is not None:
                return found
    return None


def first_lone_surrogate(bundle: ArticleBundle) -> tuple[str, str, int] | None:
    """The first lone surrogate in any text of the bundle — article text, title, meta, and every
    field (ids, labels, origins, attributes) of its spans, relations, stances and tags — as
    ``(field path, the string holding it, index in that string)``; None when all is storable.

    The field-by-field walk cost a third of a JSONL import with spans (issue 12): it runs only
    when a cheap look cannot rule a surrogate out. ``repr`` of a string writes a lone surrogate
    as an escape ``\\udXXX`` (it is not printable), so records and meta whose ``repr`` holds no
    ``\\ud`` hold none (a backslash in the text is written doubled, and only makes the walk run)."""
    article = bundle.article
    if "\\ud" in repr((article.meta, bundle.spans, bundle.relations, bundle.stances, bundle.tags)):
        return _first_in_bundle(bundle, find_lone_surrogate)
    for key, value in (("text", article.text), ("title", article.title), ("publisher", article.publisher),
                       ("url", article.url), ("published", article.published)):  # _first_in_bundle's order
        found = find_lone_surrogate(value, key)
        if found is not None:
            return found
    return None


def first_nul(bundle: ArticleBundle) -> tuple[str, str, int] | None:
    """Like :func:`first_lone_surrogate`, for a NUL character (see :func:`find_nul`) in the
    article's own fields (text, title, publisher, url, published, meta): where a binary file's
    bytes land, and what full-text search indexes. Annotation fields are the analyst's values
    and round-trip as they are.

    The field-by-field walk (a call per string of meta: 0.3 s of CPU for 10,000 CSV rows, issue
    12) runs only when a cheap look cannot rule a NUL out: ``in`` on each string field, and
    ``repr`` of meta, which writes a NUL in any key or string as the escape ``\\x00`` (a literal
    backslash-x00 in a string is written with its backslash doubled, and only makes the walk run)."""
    article = bundle.article
    search = has_control
    # repr writes every control character as an escape \\xNN (a literal backslash-x as \\\\x)
    if not (search(article.text) or search(article.title) or search(article.publisher) or search(article.url)
            or search(article.published) or (article.meta and "\\x" in repr(article.meta))):
        return None
    return nul_walk(bundle)


def nul_walk(bundle: ArticleBundle) -> tuple[str, str, int] | None:
    """:func:`first_nul`'s answer by walking every field (no cheap look first)."""
    article = bundle.article
    for key, value in (("text", article.text), ("title", article.title), ("publisher", article.publisher),
                       ("url", article.url), ("published", article.published), ("meta", article.meta)):
        found = find_nul(value, key)
        if found is not None:
            return found
    return None


def nul_message(field: str, index: int, char: str = "\x00") -> str:
    """What to tell the user about a control character ``char`` found by :func:`first_nul`."""
    if char == "\x00":
        return (
            f"\"{field}\" holds a NUL character (U+0000) at character {index}: it is not text (a binary file, or a damaged "
            "export or \\u0000 escape); remove it in the source, or import the text file it came from"
        )
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "a control character")
    why = "a damaged export, or an escape such as \\u0007; remove it in the source"
    return f"\"{field}\" holds the control character U+{ord(char):04X} ({name}) at character {index}: it is not text ({why})"


_CONTROL_NAMES = {0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x1B: "ESC", 0x7F: "DEL"}


def _first_in_bundle(bundle: ArticleBundle, find: Any) -> tuple[str, str, int] | None:
    article = bundle.article
    fields: list[tuple[str, Any]] = [
        ("text", article.text), ("title", article.title), ("publisher", article.publisher), ("url", article.url),
        ("published", article.published), ("meta", article.meta),
    ]
    for kind, records in (("spans", bundle.spans), ("relations", bundle.relations), ("stances", bundle.stances), ("tags", bundle.tags)):
        for i, record in enumerate(records):
            fields.append((f"{kind}[{i}]", {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}))
    for key, value in fields:
        found = find(value, key)
        if found is not None:
            return found
    return None


def lone_surrogate_message(field: str, value: str, index: int) -> str:
    """What to tell the user about a lone surrogate found by :func:`first_lone_surrogate`."""
    return (
        f"\"{field}\" holds a lone surrogate U+{ord(value[index]):04X} at character {index}: half of a UTF-16 pair "
        "(e.g. a JSON \\ud83d escape without its partner), which is not text and cannot be stored; "
        "fix or remove it in the source"
    )


# ----------------------------------------------------------------------------- source ids (fix30)

#: duplicated source ids an import summary lists (then "… and N more duplicated ids")
DUPLICATE_IDS_SHOWN = 10


def is_id_column(name: str) -> bool:
    """fix30 (usertest26 M4): whether a CSV column or a JSONL meta key names the source's id of an
    article (the join key back to the newsroom's data): ``id``, or a name ending in `` id`` or
    ``_id`` (case ignored: ``Body ID``, ``doc_id``), or in ``ID`` (``docID``). Spaces around are
    ignored. ``meta.file`` and ``meta.row`` are never ids."""
    folded = name.strip().casefold()
    return folded == "id" or folded.endswith((" id", "_id")) or name.strip().endswith("ID")


class SourceIds:
    """fix30: where each source id of an import was first met, by its column and value, to name a
    later row holding it again: ``"bad.csv:6901: Body ID 'a300' already on line 300"`` (``"…
    already at a.csv:300"`` when the first was in another file). Warnings only: both rows are
    imported as before. ``scope`` keeps apart what is no duplicate (an analyst's layer: their
    version of the same article). Blank values are no ids."""

    __slots__ = ("columns", "said")

    def __init__(self) -> None:
        self.columns: dict[tuple[str, str], dict[str, tuple[str, int | None]]] = {}
        self.said: list[str] = []

    def column(self, name: str, scope: str = "") -> dict[str, tuple[str, int | None]]:
        """Value → ``(path, line)`` of its first row, of id column ``name`` in ``scope``: a caller
        with many rows (:func:`annotator.formats.plain_import.entries`) looks values up in it
        itself and calls :meth:`again` for one found (0.3 µs a row less than :meth:`note`)."""
        seen = self.columns.get((scope, name))
        if seen is None:
            seen = self.columns[(scope, name)] = {}
        return seen

    def again(self, name: str, text: str, path: str, line: int | None, scope: str = "") -> str | None:
        """The line saying that ``text`` of id column ``name``, already in :meth:`column`, is met
        again at ``path``:``line`` (added to :attr:`said`); None for a blank value."""
        if not text.strip():
            return None
        was_path, was_line = self.columns[(scope, name)][text]
        if was_path == path:
            was = f"on line {was_line}" if was_line is not None else "earlier in the file"
        else:
            was = f"at {was_path}{f':{was_line}' if was_line is not None else ''}"
        said = f"{path}{f':{line}' if line is not None else ''}: {name} {text!r} already {was}"
        self.said.append(said)
        return said

    def note(self, name: str, value: Any, path: str, line: int | None, scope: str = "") -> str | None:
        """Remember ``value`` of id column ``name`` at ``path``:``line``; or, met before, add the
        line saying so to :attr:`said` and return it. A value that is no text or number is no id."""
        if value is None or isinstance(value, (dict, list, bool)):
            return None
        text = value if isinstance(value, str) else str(value)
        seen = self.column(name, scope)
        if text in seen:
            return self.again(name, text, path, line, scope)
        seen[text] = (path, line)
        return None

    def note_meta(self, meta: Mapping[str, Any], path: str, line: int | None, scope: str = "") -> None:
        """:meth:`note` each id key of an article's ``meta`` (its top level)."""
        for key, value in meta.items():
            if key not in ("file", "row") and is_id_column(key):
                self.note(key, value, path, line, scope)


def duplicate_id_lines(said: list[str], shown: int = DUPLICATE_IDS_SHOWN) -> list[str]:
    """fix30: a heading, the first ``shown`` of ``said`` (:attr:`SourceIds.said`), and "… and N
    more duplicated ids"; [] when none."""
    if not said:
        return []
    n, more = len(said), len(said) - shown
    head = f"{n:,} duplicated source id{'s' if n != 1 else ''} (imported as they are; a join on {'it' if n == 1 else 'them'} is ambiguous):"
    return [head, *said[:shown], *([f"… and {more:,} more duplicated id{'s' if more != 1 else ''}"] if more > 0 else [])]
