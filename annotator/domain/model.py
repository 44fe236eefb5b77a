"""The annotation data model.

One coordinate system everywhere: spans are half-open ``[start, end)`` ranges of Python code
points into the article's immutable text (what spaCy's ``start_char``/``end_char`` give). Qt's
UTF-16 positions are converted in :mod:`annotator.domain.offsets` and nowhere else.

Records are frozen dataclasses; a change is a new record (``dataclasses.replace``), so an edit can
keep the state before and after it and be undone by writing the former back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any


class ArticleStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REVIEWED = "reviewed"


class Status(StrEnum):
    """Decision state of a span, relation or stance."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Relation label tying the pieces of a discontinuous span (brat "T1 X 0 5;10 15") to its first piece.
FRAGMENT = "FRAGMENT"


class Layer(StrEnum):
    ENTITY = "entity"
    QUOTE = "quote"
    CUE = "cue"
    SPEAKER = "speaker"
    CLAIM = "claim"
    OTHER = "other"


def new_id() -> str:
    """A stable, globally unique id for spans, relations and stances (kept across export/import):
    32 hex digits, a random (version 4) UUID as ``uuid.uuid4().hex`` gives it."""
    # uuid4() without its UUID object (a third of the cost of storing a suggestion's span, edits13):
    # the same 16 random bytes with the same version (byte 6) and variant (byte 8) bits set
    b = bytearray(os.urandom(16))
    b[6] = b[6] & 0x0F | 0x40
    b[8] = b[8] & 0x3F | 0x80
    return b.hex()


# new_ids' byte maps: byte 6 gets version 4 (0100xxxx), byte 8 the RFC 4122 variant (10xxxxxx)
_VERSION_4 = bytes(b & 0x0F | 0x40 for b in range(256))
_VARIANT_RFC = bytes(b & 0x3F | 0x80 for b in range(256))


def new_ids(n: int) -> list[str]:
    """``n`` ids as :func:`new_id` makes them (random version-4 UUIDs, 32 hex digits), from one
    ``os.urandom`` call: pre-annotation stores ~55 suggestions an FNC-1 article, each a span or a
    relation with its id, and a system call per id was a tenth of the writing's CPU (pipe18)."""
    raw = bytearray(os.urandom(16 * n))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT_RFC)
    text = raw.hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def now() -> str:
    """UTC time stamp in ISO 8601 with milliseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def text_hash(text: str) -> str:
    """SHA-256 (hex, 64 characters) of the text's UTF-8 bytes. Never raises: a lone surrogate
    (not valid UTF-8, but possible in a Python string decoded from a JSON ``\\ud83d`` escape) is
    hashed by its surrogate-pass encoding, so readers can report such text as bad input instead
    of failing here; the import refuses to store it (``formats.common.check_storable``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# \s and \S of a str pattern are str.isspace's whitespace (what str.strip and str.split take);
# tests/core/test_guess_title.py checks every code point
_LEADING_SPACE = re.compile(r"\s*")
_VISIBLE = re.compile(r"\S")


def guess_title(text: str) -> str:
    """The first non-blank line when it looks like a headline (at most 200 characters and 30
    words, more text follows); it stays part of the text. "" when there is none.

    What ``text.strip().partition("\n")`` finds, without copying the text: the strip and the
    partition's rest each copied the whole article, 0.03 s of 10,000 (issue 12, import13)."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]  # \s* always matches
    end = text.find("\n", start)
    if end < 0:
        return ""
    first = text[start:end].strip()
    if 0 < len(first) <= 200 and _VISIBLE.search(text, end + 1) is not None and len(first.split()) <= 30:
        return first
    return ""


def article_name(article_id: int | None, title: str, text: str = "", *, width: int = 40) -> str:
    """How messages name an article: ``#12 «Title»`` (cut to ``width`` characters with "…"), for
    an untitled one its first words ``#12 «The mayor of Lyon said…»``, and ``article 12`` when it
    has neither (never an empty ``«»``)."""
    shown = " ".join((title or "").split())
    if not shown:
        words = " ".join((text or "").split()[:8])
        shown = words + ("…" if words and len(words) < len(" ".join((text or "").split())) else "")
    if len(shown) > width:
        shown = shown[:width - 1].rstrip() + "…"
    if not shown:
        return f"article {article_id}" if article_id is not None else "an untitled article"
    return f"#{article_id} «{shown}»" if article_id is not None else f"«{shown}»"


@dataclasses.dataclass(frozen=True, slots=True)
class Article:
    id: int | None
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""
    meta: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    status: ArticleStatus = ArticleStatus.NEW
    text_hash: str = ""
    added: str = ""
    updated: str = ""

    def __post_init__(self) -> None:
        if not self.text_hash:
            object.__setattr__(self, "text_hash", text_hash(self.text))


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of an article's text. Overlapping and nested spans are normal."""

    id: str
    article_id: int
    start: int
    end: int
    label: str
    layer: str
    status: Status = Status.ACCEPTED
    origin: str = ""
    attrs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    created: str = ""
    updated: str = ""
    by: str = ""
    analyst: str = ""  # the layer: "" the project's own (gold) layer, else the analyst's name (docs/team.md)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or negative")

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    @property
    def key(self) -> tuple[int, int, str]:
        """What makes two spans 'the same suggestion': position and label."""
        return (self.start, self.end, self.label)


@dataclasses.dataclass(frozen=True, slots=True)
class Relation:
    """A directed link between two spans of one article, e.g. QUOTE --SPEAKER--> speaker span."""

    id: str
    article_id: int
    head: str
    child: str
    label: str
    status: Status = Status.ACCEPTED
    origin: str = ""
    attrs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    created: str = ""
    updated: str = ""
    by: str = ""
    analyst: str = ""  # the layer, as Span.analyst


@dataclasses.dataclass(frozen=True, slots=True)
class Stance:
    """A stance: who (holder) takes which position (polarity) on what (target), and the quote or
    claim it rests on (evidence).

    ``holder`` is the holder's name as shown and exported; ``holder_span`` the id of the span of
    this article that names the holder ("" when the holder is a named entity of the project that
    this article does not mention). ``target`` is an entity or a topic of the project's target list.
    ``evidence`` is the id of the QUOTE or CLAIM span the stance rests on ("" for an article-level
    stance, which rests on the article as a whole)."""

    id: str
    article_id: int
    holder: str
    target: str
    polarity: str  # "favor" | "against" | "neutral" (schema may add more)
    status: Status = Status.ACCEPTED
    origin: str = ""
    attrs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    created: str = ""
    updated: str = ""
    by: str = ""
    holder_span: str = ""
    evidence: str = ""
    analyst: str = ""  # the layer, as Span.analyst


@dataclasses.dataclass(frozen=True, slots=True)
class Tag:
    """An article-level tag (topic, genre, quality flag...)."""

    id: str
    article_id: int
    tag: str
    origin: str = ""
    created: str = ""
    by: str = ""
    analyst: str = ""  # the layer, as Span.analyst


Record = Article | Span | Relation | Stance | Tag


@dataclasses.dataclass(slots=True)
class ArticleBundle:
    """An article with all its annotations: what importers produce and exporters consume.

    Before import the records' ``article_id`` is a placeholder; storage assigns the real one.
    """

    article: Article
    spans: list[Span] = dataclasses.field(default_factory=list)
    relations: list[Relation] = dataclasses.field(default_factory=list)
    stances: list[Stance] = dataclasses.field(default_factory=list)
    tags: list[Tag] = dataclasses.field(default_factory=list)
    # fix11i: the analyst whose whole layer of this article the bundle is — an analyst's file read
    # with ``import --analyst NAME`` / ``--analyst-from-filename`` in a format that states
    # annotations (brat, JSONL with "spans"), empty when they have none. Importing it makes that
    # layer of the article this version (deletions included, docs/team.md); "" for a bundle
    # whose records are only added.
    version_of: str = dataclasses.field(default="", compare=False)
    # fix11l: the statuses the version's file carries (a brat file accepted only, unless it has
    # status attributes; a JSONL file the statuses that appear in it; ``None``: all). Records of
    # the analyst's layer with another status are no part of the version and stay as they are
    # (an accepted-only export leaves out the rejected suggestions; re-importing it must not
    # delete them). The reader shares one set among a file's bundles and fills it as it reads.
    carries: set[Status] | None = dataclasses.field(default=None, compare=False)
    # fix11o: the file states the article's status (JSONL "status" or Prodigy's "answer"): its "new"
    # is the analyst's answer, not silence, and moves their layer's status like any other
    status_stated: bool = dataclasses.field(default=False, compare=False)
    # fix11t: an analyst's layer of the article whose status no file ever stated (``export --layer
    # ANALYST``): writers that carry a status write none (JSONL null), not ``article.status`` ("new")
    status_unstated: bool = dataclasses.field(default=False, compare=False)
    # fix11o: analyst → the status of the article in that analyst's layer ("new", "done", …), as
    # ``export --layer all`` writes it beside the article's own (gold's) status (JSONL
    # ``"analyst_status"``, DocBin ``user_data["article"]["analyst_status"]``) and reads it back
    layer_statuses: dict[str, str] = dataclasses.field(default_factory=dict, compare=False)
