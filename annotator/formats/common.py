"""What every format shares: reading bytes into text, label maps, span checks, the tokenizer.

Readers are generators of :class:`Item` — a parsed article bundle or the error that stopped one
record — so an import can stream a large file, stop at the first bad record (nothing written) or,
with ``--skip-errors``, keep the good ones and list what it skipped.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
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
    """One record read from an input: a bundle, or the error that made it unusable."""

    bundle: ArticleBundle | None = None
    error: InputError | None = None


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
    left_out: dict[str, int] = dataclasses.field(default_factory=dict)

    def leave_out(self, reason: str, count: int = 1) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + count

    def notes(self) -> list[str]:
        """One line per reason: ``"left out: 12 × QUOTE spans: CoNLL holds …"``."""
        return [f"left out: {n} × {reason}" for reason, n in self.left_out.items()]


@dataclasses.dataclass(frozen=True, slots=True)
class ImportOptions:
    encoding: str = "utf-8"
    text_column: str | None = None
    label_map: Mapping[str, str] = dataclasses.field(default_factory=dict)
    schema: LabelSchema | None = None

    def map_label(self, label: str) -> str:
        """The label after ``--label-map``; "" means the label is dropped."""
        return self.label_map.get(label, label)

    def layer_of(self, label: str) -> str:
        return self.schema.layer_of(label) if self.schema is not None else "other"


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
        mapping[source.strip()] = target.strip()
    return mapping


# ----------------------------------------------------------------------------- bytes → text


def check_not_binary(data: bytes, path: Path) -> None:
    head = data[:BINARY_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # UTF-16 text has NUL bytes; decoding decides
    if b"\x00" in head:
        raise InputError(
            "looks like a binary file (it contains NUL bytes), not text; import .txt, .jsonl, .csv or brat .ann/.txt files",
            path=str(path),
        )


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


def read_text(path: Path, encoding: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); check the path and its permissions", path=str(path)) from None
    check_not_binary(data, path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-16"  # a UTF-16 byte-order mark is unambiguous (Windows "Unicode" text files)
    return decode(data, path, encoding)


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
        raise InputError(
            f"{what} {label} [{start}, {end}) says its text is {_short(quoted)!r} but the article has "
            f"{_short(text[start:end])!r} there; were the offsets computed on another version of the text "
            "(line endings, BOM, UTF-16 positions)?",
            path=str(path),
            line=line,
        )


def _short(value: Any, limit: int = 40) -> str:
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def make_span(
    *, start: int, end: int, label: str, options: ImportOptions, status: Status = Status.ACCEPTED,
    origin: str = "", attrs: Mapping[str, Any] | None = None, span_id: str | None = None, layer: str | None = None,
) -> Span:
    return Span(
        id=span_id or new_id(), article_id=0, start=start, end=end, label=label,
        layer=layer or options.layer_of(label), status=status, origin=origin, attrs=dict(attrs or {}),
    )


# ----------------------------------------------------------------------------- tokens


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

    return spacy.blank("en").tokenizer


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
    """Files under ``root`` with one of ``suffixes``, sorted, hidden ones skipped."""
    for path in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path
