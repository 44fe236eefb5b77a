"""Read brat standoff (``NAME.txt`` + ``NAME.ann``) into article bundles.

Format: https://brat.nlplab.org/standoff.html; offsets and line handling as brat's server reads
them (see :mod:`annotator.formats.brat_text`). What each line becomes is in ``docs/formats.md``.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status, guess_title, new_id
from annotator.formats.brat_text import ARG_FRAGMENT, PROVENANCE, PROVENANCE_KEYS, STATUS_ATTR, BratOffsets, joined
from annotator.formats.common import FRAGMENT, ImportOptions, Item, differing_parts, read_text

ORIGIN = "import:brat"
_ROLE_NUMBER = re.compile(r"\d+$")
_WS = re.compile(r"[\r\n\t]")
_LINES = re.compile(r"\r\n|\r|\n")  # universal newlines, as brat opens the .ann
_NORM = re.compile(r"(\S+) (\S+) (\S+?):(\S+)")  # brat's own pattern for N lines


TEXT_FOLDERS = ("text", "texts", "txt")  # sibling folders a corpus keeps its texts in


def _text_places(ann: Path) -> list[tuple[Path, list[str]]]:
    """(folder, stems) where the ``.txt`` of ``ann`` may be, in the order they are tried."""
    stems = [ann.stem]
    if "_" in ann.stem:
        stems.append(ann.stem.rsplit("_", 1)[0])
    return [(folder, stems) for folder in (ann.parent, *(ann.parent.parent / name for name in TEXT_FOLDERS))]


def _link_target(ann: Path) -> Path | None:
    """Where a symbolically linked ``ann`` really is (links of links followed); None when it is no link."""
    if not ann.is_symlink():
        return None
    try:
        return ann.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop: reading it says so
        return None


def text_for(ann: Path) -> Path | None:
    """The ``.txt`` an ``.ann`` annotates: beside it with the same name, or — for corpora that keep
    texts apart and suffix annotation files with the annotator (PolNeAR:
    ``attributions/NAME_ef2d.ann`` + ``text/NAME.txt``) — in a sibling ``text`` folder. When
    ``ann`` is a symbolic link (a corpus linked in file by file), the same places beside the file
    it points to are tried next: the text is usually beside the real file, not beside the link."""
    target = _link_target(ann)
    places = _text_places(ann) + (_text_places(target) if target is not None else [])
    for folder, stems in places:
        for stem in stems:
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def _no_text(ann: Path) -> InputError:
    """Where :func:`text_for` looked, in one line, and what to do."""
    target = _link_target(ann)
    places = _text_places(ann) + (_text_places(target) if target is not None else [])
    looked = ", ".join(dict.fromkeys(str(folder / f"{stem}.txt") for folder, stems in places for stem in stems))
    link = f" (a symbolic link to {target})" if target is not None else ""
    return InputError(f"has no text file{link}: none of {looked} exists; put the text in {ann.stem}.txt beside it "
                      "(brat keeps each text in NAME.txt next to NAME.ann)", path=str(ann))


def ann_for(txt: Path) -> Path | None:
    candidate = txt.with_suffix(".ann")
    return candidate if candidate.is_file() else None


def read(ann: Path, options: ImportOptions, *, txt: Path | None = None) -> Iterator[Item]:
    """The one item of a brat pair; ``Item.left_out`` counts what ``--label-map`` left out, by
    reason; ``Item.joined`` names the spans read across line breaks of the .ann and, with
    ``options.skip_errors``, ``Item.dropped`` the bad lines left out (:func:`read_counted`)."""
    joined: list[str] = []
    dropped: list[InputError] = []
    try:
        bundle, left_out = read_counted(ann, options, txt=txt, joined=joined, dropped=dropped)
    except InputError as exc:
        yield Item(error=exc)
    else:  # an .ann states its annotations, even none
        yield Item(bundle=bundle, left_out=left_out, annotated=True, joined=joined, dropped=dropped)


def read_brat_text(path: Path, encoding: str) -> tuple[str, int]:
    """(the text as we store it, 1 if the file starts with a byte-order mark brat counts, else 0).

    Raises :class:`InputError` for unreadable, binary or wrongly encoded files."""
    text = read_text(path, encoding, strip_bom=False)
    if text.startswith("\ufeff"):
        return text[1:], 1
    return text, 0


@dataclasses.dataclass(slots=True)
class _Props:
    """What A, #, N lines say about one T, R or E line."""

    status: Status = Status.ACCEPTED
    attrs: dict[str, Any] = dataclasses.field(default_factory=dict)
    provenance: dict[str, str] = dataclasses.field(default_factory=dict)
    arg_fragment: dict[str, int] = dataclasses.field(default_factory=dict)  # Arg1/Arg2 → 1-based brat fragment


@dataclasses.dataclass(slots=True)
class _TextBound:
    tid: str
    label: str  # after --label-map; "" when left out
    layer: str
    pieces: list[tuple[int, int, int]]  # code points, index of the first brat fragment
    props: _Props = dataclasses.field(default_factory=_Props)
    ids: list[str] = dataclasses.field(default_factory=list)  # span id per piece


@dataclasses.dataclass(slots=True)
class _Link:
    owner: str  # R/E id (or "*LINE" for Equiv): whose A/# lines apply
    head: _TextBound
    child: _TextBound
    label: str


@dataclasses.dataclass(slots=True)
class _Doc:
    text: str
    offsets: BratOffsets
    path: Path
    options: ImportOptions
    bound: dict[str, _TextBound | None] = dataclasses.field(default_factory=dict)  # None: label left out
    links: list[_Link] = dataclasses.field(default_factory=list)
    owners: dict[str, _Props] = dataclasses.field(default_factory=dict)  # R/E ids that made a relation
    silent: set[str] = dataclasses.field(default_factory=set)  # R/E ids whose relations were all left out
    trigger: dict[str, str] = dataclasses.field(default_factory=dict)  # E id → T id
    left_out: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)  # reason → lines/links not imported
    bad: set[str] = dataclasses.field(default_factory=set)  # ids of T/R/E lines left out (skip_errors)
    joined: list[str] = dataclasses.field(default_factory=list)  # file:line of each T read across line breaks
    dropped: list[InputError] = dataclasses.field(default_factory=list)  # each line left out (skip_errors)

    def error(self, message: str, number: int) -> InputError:
        return InputError(message, path=str(self.path), line=number)

    def bad_line(self, message: str, number: int, ident: str = "") -> _BadLine:
        """The error for one line the rest of the file can do without (a span, a line that needs
        a span left out, a line that is no brat line): with ``--skip-errors`` it is left out alone."""
        return _BadLine(message, path=str(self.path), line=number, ident=ident)


class _BadLine(InputError):
    """An error of one line that :func:`read_counted` leaves out alone under ``skip_errors``;
    ``ident`` is the id the line defines ("" for none), whose dependants go too."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, ident: str = "") -> None:
        super().__init__(message, path=path, line=line)
        self.ident = ident


SKIP_HINT = ("; or import with --skip-errors to leave out this line (and the lines that need it) "
             "and read the rest of the file")


class _NeedsLeftOut(_BadLine):
    """A line that refers to a line left out under ``skip_errors``."""


def _left_out(doc: _Doc, exc: _BadLine, owner: str = "") -> None:
    """Leave out the line ``exc`` names under ``skip_errors`` (and mark ``owner``, the id the line
    defines, as left out too, so the lines that need it go as well); raise it otherwise, with
    what ``--skip-errors`` would do."""
    if not doc.options.skip_errors:
        raise InputError(exc.detail + ("" if isinstance(exc, _NeedsLeftOut) else SKIP_HINT), path=exc.path, line=exc.line) from None
    if exc.ident or owner:
        doc.bad.add(exc.ident or owner)
    doc.dropped.append(InputError(exc.detail, path=exc.path, line=exc.line))


def read_pair(ann: Path, options: ImportOptions, *, txt: Path | None = None) -> ArticleBundle:
    """One article with its annotations from an ``.ann`` and its ``.txt``.

    Raises :class:`InputError` naming the file and line of the first bad line."""
    return read_counted(ann, options, txt=txt)[0]


def read_counted(ann: Path, options: ImportOptions, *, txt: Path | None = None, joined: list[str] | None = None,
                 dropped: list[InputError] | None = None) -> tuple[ArticleBundle, dict[str, int]]:
    """:func:`read_pair` and what ``--label-map`` left out of it: reason → count. A reason names
    the brat type and the map entry (``"Discard spans (--label-map Discard=)"``), or says a
    relation or event argument lost an end that was left out.

    A T line whose text field stops at a line break of the span, with the rest of that text on the
    next physical lines (usertest20 M4: 3 of PolNeAR-train's 919 files; brat's own reader rejects
    those lines), is read when the field and those lines joined by ``\n`` equal the .txt at its
    offsets exactly (its line breaks as brat reads them, universal newlines); each such line is
    appended to ``joined`` as ``file:line``. Anything else that does not match stays an error.

    Raises :class:`InputError` naming the file and line of the first bad line. With
    ``options.skip_errors``, a bad T line (and every R, E, *, A, M, #, N line that needs it) and a
    line that is no brat line are left out alone, each appended to ``dropped``; other errors still
    raise (the caller skips the whole file)."""
    for path in (ann, txt):
        if path is not None and path.is_symlink() and not path.exists():
            raise InputError(f"is a symbolic link to {os.readlink(path)}, which does not exist; fix the link or remove it", path=str(path))
    if txt is None:
        txt = text_for(ann)
        if txt is None:
            raise _no_text(ann)
    text, bom = read_brat_text(txt, options.encoding)
    if not text.strip():
        raise InputError("is empty (no text to annotate)", path=str(txt))
    source = read_brat_text(ann, options.encoding)[0] if ann.stat().st_size else ""
    doc = _Doc(text=text, offsets=BratOffsets(text, bom=bom), path=ann, options=options)
    numbered = list(enumerate(_LINES.split(source), start=1))
    # brat resolves references after reading the whole file: text-bound lines first, then the
    # lines linking them, then the lines describing either.
    lines: list[tuple[int, str]] = []
    at = 0
    while at < len(numbered):
        number, line = numbered[at]
        at += 1
        if line.startswith("T"):
            try:
                at += _text_bound(doc, line, number, numbered, at)  # the lines it took are no lines of their own
            except _BadLine as exc:
                _left_out(doc, exc)
                continue
        lines.append((number, line))
    for number, line in lines:
        if not line.strip() or line[0] == "T":
            continue
        handler = {"R": _relation, "E": _event, "*": _equiv}.get(line[0])
        try:
            if handler is not None:
                handler(doc, line, number)
            elif line[0] not in "AM#N":
                raise doc.bad_line(f"unknown brat line {line[:30]!r}; expected T, R, E, A, M, N, * or # lines", number)
        except _BadLine as exc:
            _left_out(doc, exc, owner=line.split("\t", 1)[0] if line[0] in "RE" else "")
    for number, line in lines:
        handler = {"A": _attribute, "M": _attribute, "#": _comment, "N": _norm}.get(line[:1])
        if handler is not None:
            try:
                handler(doc, line, number)
            except _NeedsLeftOut as exc:
                _left_out(doc, exc)
    if joined is not None:
        joined.extend(doc.joined)
    if dropped is not None:
        dropped.extend(doc.dropped)
    spans, relations = _records(doc)
    article = Article(id=None, text=text, title=guess_title(text), meta={"_import": {"file": txt.name, "ann": ann.name}})  # fix41
    return ArticleBundle(article=article, spans=spans, relations=relations), dict(doc.left_out)


def _fields(doc: _Doc, line: str, number: int, parts: int) -> list[str]:
    fields = line.split("\t", parts - 1)
    if len(fields) < parts - 1 or not fields[0]:
        raise doc.error(f"malformed brat line {line[:40]!r}: fields must be separated by tabs", number)
    return fields


def _text_bound(doc: _Doc, line: str, number: int, numbered: list[tuple[int, str]], at: int) -> int:
    """Read the T ``line`` (line ``number``; ``numbered[at:]`` are the lines after it); how many of
    those lines it took as the rest of its text field (:func:`read_counted`)."""
    fields = line.split("\t", 2)
    if len(fields) < 2 or not fields[0]:
        raise doc.bad_line(f"malformed brat line {line[:40]!r}: fields must be separated by tabs", number)
    tid = fields[0]
    try:
        label, offsets = fields[1].split(" ", 1)
        brat_fragments = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
        if any(len(f) != 2 for f in brat_fragments):
            raise ValueError
    except ValueError:
        raise doc.bad_line(f"{tid}: expected 'Label START END[;START END...]', got {fields[1]!r}", number, tid) from None
    if tid in doc.bound:
        raise doc.error(f"{tid} is defined twice; give each annotation its own id", number)
    mapped: list[tuple[int, int]] = []
    taken = 0
    for start, end in brat_fragments:
        if start >= end:
            raise doc.bad_line(f"{tid} {label} [{start}, {end}) is empty or reversed; a fragment needs START < END", number, tid)
        if not doc.offsets.bom <= start < end <= doc.offsets.brat_length:
            where = " (offset 0 is the byte-order mark)" if doc.offsets.bom and start == 0 else ""
            raise doc.bad_line(
                f"{tid} {label} [{start}, {end}) lies outside the text ({doc.offsets.brat_length} characters as brat counts them){where}; "
                "is the .txt the one this .ann was made for?",
                number, tid,
            )
        mapped.append((doc.offsets.from_brat(start), doc.offsets.from_brat(end)))
    if len(fields) == 3:
        expected = " ".join(doc.text[s:e] for s, e in mapped)
        taken = _continued(fields[2], expected, numbered, at)
        if taken:
            doc.joined.append(f"{doc.path.name}:{number}")
        elif _WS.sub(" ", fields[2]) != _WS.sub(" ", expected):
            said, has = differing_parts(_WS.sub(" ", fields[2]), _WS.sub(" ", expected))
            # A text field that stops where the .txt has a line break inside the span: the line was
            # written with the span's line break in it, and its rest is on the lines below (brat
            # reads those as annotations of their own). Say so; the offsets themselves are fine.
            broken = len(fields[2]) < len(expected) and expected.startswith(fields[2]) and expected[len(fields[2])] in "\r\n"
            raise doc.bad_line(
                f"{tid} {label} says its text is {said!r} but the .txt has {has!r} there; "
                + ("the text field stops at a line break inside the span, so this line was split by it, and the "
                   "lines below do not hold the rest of it: put the rest of the text back on this line"
                   if broken else "is the .txt the one this .ann was made for (same line endings, same byte-order mark)?"),
                number, tid,
            )
    name = doc.options.map_label(label)
    if not name:
        doc.bound[tid] = None
        doc.left_out[f"{label} spans (--label-map {label}=)"] += 1
        return taken
    doc.bound[tid] = _TextBound(tid=tid, label=name, layer=doc.options.layer_of(name), pieces=joined(mapped, doc.text))
    return taken


def _continued(field: str, expected: str, numbered: list[tuple[int, str]], at: int) -> int:
    """How many of the lines ``numbered[at:]`` hold the rest of a text ``field`` that stopped at a
    line break of its span: the smallest number whose lines, joined to ``field`` by ``\n``, equal
    ``expected`` (the .txt at the span's offsets, its line breaks as brat reads them) exactly; 0
    when none do (or the field is whole)."""
    if len(field) >= len(expected):
        return 0
    want = _LINES.sub("\n", expected)  # the .ann was split at universal newlines: CRLF came back as \n
    if not want.startswith(field + "\n"):
        return 0
    text, taken = field, 0
    while len(text) < len(want) and at + taken < len(numbered):
        text += "\n" + numbered[at + taken][1]
        taken += 1
        if not want.startswith(text):
            return 0
    return taken if text == want else 0


def _bound(doc: _Doc, ref: str, number: int) -> _TextBound | None:
    """The T line an argument refers to (an event id means its trigger); None when its label was left out."""
    _needs(doc, ref, number)
    ref = doc.trigger.get(ref, ref)
    _needs(doc, ref, number)
    if ref not in doc.bound:
        raise doc.error(f"refers to {ref}, which is not a text-bound (T) annotation of this file", number)
    return doc.bound[ref]


def _link(doc: _Doc, owner: str, head: _TextBound | None, child: _TextBound | None, label: str) -> None:
    mapped = doc.options.map_label(label)
    if head is None or child is None or not mapped:
        doc.silent.add(owner)
        doc.left_out[f"{label} relations (--label-map {label}=)" if not mapped
                     else f"{label} relations to or from a span left out by --label-map"] += 1
        return
    label = mapped
    doc.owners.setdefault(owner, _Props())
    doc.links.append(_Link(owner=owner, head=head, child=child, label=label))


def _relation(doc: _Doc, line: str, number: int) -> None:
    rid, body = _fields(doc, line, number, 2)[:2]
    parts = body.split()
    args = [p.split(":", 1) for p in parts[1:] if ":" in p]
    if len(parts) != 3 or len(args) != 2:
        raise doc.error(f"{rid}: expected 'Label Arg1:T1 Arg2:T2', got {body!r}", number)
    _link(doc, rid, _bound(doc, args[0][1], number), _bound(doc, args[1][1], number), parts[0])


def _event(doc: _Doc, line: str, number: int) -> None:
    eid, body = _fields(doc, line, number, 2)[:2]
    parts = body.split()
    if not parts or ":" not in parts[0]:
        raise doc.error(f"{eid}: expected 'Type:T1 Role:T2 ...', got {body!r}", number)
    _etype, tid = parts[0].split(":", 1)
    doc.trigger[eid] = tid
    trigger = _bound(doc, tid, number)
    args: list[tuple[str, _TextBound | None]] = []
    for part in parts[1:]:
        if ":" not in part:
            raise doc.error(f"{eid}: argument {part!r} should be Role:ID", number)
        role, ref = part.split(":", 1)
        args.append((_ROLE_NUMBER.sub("", role), _bound(doc, ref, number)))
    layer_of, map_label = doc.options.layer_of, doc.options.map_label
    quotes = [bound for role, bound in args if bound is not None and (layer_of(map_label(role)) == "quote" or bound.layer == "quote")]
    doc.silent.add(eid)
    if quotes:
        for quote in quotes:
            for role, bound in args:
                if bound is not None and all(bound is not q for q in quotes):
                    _link(doc, eid, quote, bound, role)
    else:
        for role, bound in args:
            _link(doc, eid, trigger, bound, role)


def _equiv(doc: _Doc, line: str, number: int) -> None:
    parts = _fields(doc, line, number, 2)[1].split()
    members = [_bound(doc, ref, number) for ref in parts[1:]]
    for member in members[1:]:
        _link(doc, f"*{number}", members[0], member, parts[0] if parts else "Equiv")


def _needs(doc: _Doc, ref: str, number: int) -> None:
    """Raise :class:`_NeedsLeftOut` when the line refers to ``ref``, a line left out (skip_errors)."""
    if ref in doc.bad:
        raise _NeedsLeftOut(f"refers to {ref}, which was left out (a bad line above), so it is left out too",
                            path=str(doc.path), line=number)


def _props(doc: _Doc, target: str, number: int) -> _Props | None:
    """Whose properties an A/#/N line sets; None when that annotation was left out by the label map."""
    _needs(doc, target, number)
    if target in doc.owners:
        return doc.owners[target]
    if target in doc.silent:
        return None
    bound = _bound(doc, target, number)
    return bound.props if bound is not None else None


def _attribute(doc: _Doc, line: str, number: int) -> None:
    aid, body = _fields(doc, line, number, 2)[:2]
    # brat's pattern '(.+?) (.+?) (.+?)$': a value may hold spaces; without one the attribute is binary.
    parts = body.split(" ", 2)
    if len(parts) < 2 or not parts[0] or not parts[1] or (len(parts) == 3 and not parts[2]):
        raise doc.error(f"{aid}: expected 'Name ID [Value]', got {body!r}", number)
    name, target = parts[0], parts[1]
    value: Any = parts[2] if len(parts) == 3 else True
    props = _props(doc, target, number)
    if props is None:
        return
    if name == STATUS_ATTR:
        if value not in Status._value2member_map_:
            raise doc.error(f"{STATUS_ATTR} must be accepted, suggested or rejected, not {value!r}", number)
        props.status = Status(value)
    elif name in ARG_FRAGMENT.values() and target in doc.owners:
        if not isinstance(value, str) or not value.isdigit() or int(value) < 1:
            raise doc.error(f"{name} must be a fragment number (1, 2, …), not {value!r}", number)
        arg = next(k for k, v in ARG_FRAGMENT.items() if v == name)
        for link in (x for x in doc.links if x.owner == target):
            bound = link.head if arg == "Arg1" else link.child
            if all(first != int(value) - 1 for _, _, first in bound.pieces):
                raise doc.error(
                    f"{name}: {target} points to fragment {value} of {bound.tid}, which does not start a piece of it "
                    f"(pieces start at fragments {', '.join(str(p[2] + 1) for p in bound.pieces)})",
                    number,
                )
        props.arg_fragment[arg] = int(value)
    else:
        props.attrs[name] = value


def _comment(doc: _Doc, line: str, number: int) -> None:
    fields = _fields(doc, line, number, 3)
    parts = fields[1].split()
    if len(parts) != 2:
        raise doc.error(f"{fields[0]}: expected 'AnnotatorNotes ID<TAB>text'", number)
    props = _props(doc, parts[1], number)
    tail = fields[2] if len(fields) == 3 else ""
    if props is None:
        return
    if parts[0] == PROVENANCE:
        props.provenance = _provenance(doc, tail, number)
    else:  # AnnotatorNotes, or any other comment type: one note, several lines joined
        attrs = props.attrs
        attrs["note"] = f"{attrs['note']}\n{tail}" if isinstance(attrs.get("note"), str) else tail


def _provenance(doc: _Doc, tail: str, number: int) -> dict[str, str]:
    try:
        value = json.loads(tail)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(k in PROVENANCE_KEYS and isinstance(v, str) for k, v in value.items()):
        raise doc.error(
            f"{PROVENANCE} must be a JSON object with text values for {', '.join(PROVENANCE_KEYS)}; got {tail[:40]!r}", number
        )
    return value


def _norm(doc: _Doc, line: str, number: int) -> None:
    fields = _fields(doc, line, number, 3)
    match = _NORM.match(fields[1])
    if match is None:
        raise doc.error(f"{fields[0]}: expected 'Reference ID DB:ENTRY<TAB>text'", number)
    kind, target, db, entry = match.groups()
    props = _props(doc, target, number)
    if props is not None:
        norm = props.attrs.setdefault("norm", [])
        if isinstance(norm, list):
            # "text" only when the line has one, so the line is written back as it was
            norm.append({"type": kind, "ref": f"{db}:{entry}", **({"text": fields[2]} if len(fields) == 3 else {})})


def _records(doc: _Doc) -> tuple[list[Span], list[Relation]]:
    spans: list[Span] = []
    relations: list[Relation] = []
    for bound in doc.bound.values():
        if bound is None:
            continue
        props, known = bound.props, _known(bound.props)
        for start, end, _ in bound.pieces:
            bound.ids.append(new_id())
            spans.append(Span(id=bound.ids[-1], article_id=0, start=start, end=end, label=bound.label, layer=bound.layer,
                              status=props.status, attrs=dict(props.attrs) if len(bound.ids) == 1 else {}, **known))
        for piece in bound.ids[1:]:
            relations.append(Relation(id=new_id(), article_id=0, head=bound.ids[0], child=piece, label=FRAGMENT,
                                      status=props.status, **known))
    for link in doc.links:
        props = doc.owners[link.owner]
        relations.append(Relation(
            id=new_id(), article_id=0, head=_piece(link.head, props.arg_fragment.get("Arg1")),
            child=_piece(link.child, props.arg_fragment.get("Arg2")), label=link.label,
            status=props.status, attrs=dict(props.attrs), **_known(props),
        ))
    return spans, relations


def _known(props: _Props) -> dict[str, str]:
    """origin, by, created, updated as the file records them; origin ``import:brat`` when it does not."""
    return {"origin": ORIGIN, **props.provenance}


def _piece(bound: _TextBound, fragment: int | None) -> str:
    """The span id of the piece of ``bound`` that starts at brat fragment ``fragment`` (1-based,
    checked when read; None: the first piece)."""
    if fragment is not None:
        for index, (_, _, first) in enumerate(bound.pieces):
            if first == fragment - 1:
                return bound.ids[index]
    return bound.ids[0]
