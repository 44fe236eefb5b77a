"""brat standoff: ``.txt`` + ``.ann`` pairs (what brat and INCEpTION read and write).

Import:

* ``T`` text-bound annotations become spans. A discontinuous one (``T1 Label 0 5;10 15``) becomes
  one span per fragment, all with the label, the first fragment tied to each later one by a
  relation labelled ``FRAGMENT`` (relations and attributes of ``T1`` attach to the first fragment).
  Export writes such a group back as one discontinuous ``T`` line.
* ``R`` relations (``R1 Label Arg1:T1 Arg2:T2``): head = first argument, child = second.
* ``E`` events (``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``): a relation from the trigger
  span to each argument, labelled with the role (brat's numbered roles ``Content2`` count as
  ``Content``). When an argument's role or span label maps to a label of the ``quote`` layer
  (``--label-map Content=QUOTE,Source=SPEAKER,Cue=CUE``), that quote span is the head instead:
  QUOTE→SPEAKER labelled ``SPEAKER``, QUOTE→CUE labelled ``CUE``; the trigger span is then only a
  span (map its label to nothing, ``Attribution=``, to leave it out).
* ``A``/``M`` attributes go into span (or relation) attrs: ``{name: value}``, ``{name: true}`` for
  binary ones; ``#`` AnnotatorNotes into attr ``note``; ``N`` normalisations into attr ``norm``
  (a list of ``"DB:ID"``); ``*`` Equiv groups into ``Equiv`` relations from the first member.
  The attribute ``AnnotatorStatus`` (written by our export) sets the span's status.

Export writes ``NAME.txt`` (the text exactly, UTF-8, no BOM) and ``NAME.ann`` per article and one
``annotation.conf`` listing the labels, relations and attributes used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status, guess_title, new_id
from annotator.formats.common import FRAGMENT, ImportOptions, Item, read_text

STATUS_ATTR = "AnnotatorStatus"
_ROLE_NUMBER = re.compile(r"\d+$")
_WS = re.compile(r"[\r\n\t]")


# ============================================================================ import


def text_for(ann: Path) -> Path | None:
    """The ``.txt`` an ``.ann`` annotates: beside it with the same name, or — for corpora that keep
    texts apart and suffix annotation files with the annotator (PolNeAR:
    ``attributions/NAME_ef2d.ann`` + ``text/NAME.txt``) — in a sibling ``text`` folder."""
    stems = [ann.stem]
    if "_" in ann.stem:
        stems.append(ann.stem.rsplit("_", 1)[0])
    for folder in (ann.parent, ann.parent.parent / "text", ann.parent.parent / "texts", ann.parent.parent / "txt"):
        for stem in stems:
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def ann_for(txt: Path) -> Path | None:
    candidate = txt.with_suffix(".ann")
    return candidate if candidate.is_file() else None


def read(ann: Path, options: ImportOptions, *, txt: Path | None = None) -> Iterator[Item]:
    try:
        yield Item(bundle=read_pair(ann, options, txt=txt))
    except InputError as exc:
        yield Item(error=exc)


@dataclasses.dataclass(slots=True)
class _Doc:
    text: str
    path: Path
    options: ImportOptions
    spans: list[Span] = dataclasses.field(default_factory=list)
    relations: list[Relation] = dataclasses.field(default_factory=list)
    by_tid: dict[str, Span | None] = dataclasses.field(default_factory=dict)  # None: label dropped
    raw_label: dict[str, str] = dataclasses.field(default_factory=dict)
    rel_by_id: dict[str, list[int]] = dataclasses.field(default_factory=dict)  # R/E id → indices in relations
    trigger: dict[str, str] = dataclasses.field(default_factory=dict)  # E id → T id
    pending_attrs: list[tuple[int, str, str, Any]] = dataclasses.field(default_factory=list)


def read_pair(ann: Path, options: ImportOptions, *, txt: Path | None = None) -> ArticleBundle:
    if txt is None:
        txt = text_for(ann)
        if txt is None:
            raise InputError(f"has no text file; put {ann.stem}.txt beside it (brat keeps each text in NAME.txt next to NAME.ann)", path=str(ann))
    text = read_text(txt, options.encoding)
    if not text.strip():
        raise InputError("is empty (no text to annotate)", path=str(txt))
    source = read_text(ann, options.encoding) if ann.stat().st_size else ""
    doc = _Doc(text=text, path=ann, options=options)
    lines = source.split("\n")
    # Text-bound annotations first: other lines may refer to a T defined later in the file.
    for number, line in enumerate(lines, start=1):
        if line.startswith("T"):
            _text_bound(doc, line.rstrip("\r"), number)
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("T"):
            continue
        kind = line[0]
        handler = {"R": _relation, "E": _event, "A": _attribute, "M": _attribute, "#": _note, "N": _norm, "*": _equiv}.get(kind)
        if handler is None:
            raise InputError(f"unknown brat line {line[:30]!r}; expected T, R, E, A, M, N, * or # lines", path=str(ann), line=number)
        handler(doc, line, number)
    article = Article(id=None, text=text, title=guess_title(text), meta={"file": txt.name, "ann": ann.name})
    return ArticleBundle(article=article, spans=doc.spans, relations=doc.relations)


def _fields(doc: _Doc, line: str, number: int, parts: int) -> list[str]:
    fields = line.split("\t", parts - 1)
    if len(fields) < parts - 1 or not fields[0]:
        raise InputError(f"malformed brat line {line[:40]!r}: fields must be separated by tabs", path=str(doc.path), line=number)
    return fields


def _text_bound(doc: _Doc, line: str, number: int) -> None:
    fields = _fields(doc, line, number, 3)
    tid = fields[0]
    try:
        label, offsets = fields[1].split(" ", 1)
        fragments = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
        if any(len(f) != 2 for f in fragments):
            raise ValueError
    except ValueError:
        raise InputError(f"{tid}: expected 'Label START END[;START END...]', got {fields[1]!r}", path=str(doc.path), line=number) from None
    for start, end in fragments:
        if not 0 <= start < end <= len(doc.text):
            raise InputError(
                f"{tid} {label} [{start}, {end}) lies outside the text ({len(doc.text)} characters); is the .txt the one this .ann was made for?",
                path=str(doc.path), line=number,
            )
    if len(fields) == 3:
        expected = " ".join(doc.text[s:e] for s, e in fragments)
        if _WS.sub(" ", fields[2]) != _WS.sub(" ", expected):
            raise InputError(
                f"{tid} {label} says its text is {fields[2][:40]!r} but the .txt has {expected[:40]!r} there; "
                "is the .txt the one this .ann was made for (same line endings, no BOM added)?",
                path=str(doc.path), line=number,
            )
    doc.raw_label[tid] = label
    mapped = doc.options.map_label(label)
    if not mapped:
        doc.by_tid[tid] = None
        return
    made = [
        Span(id=new_id(), article_id=0, start=s, end=e, label=mapped, layer=doc.options.layer_of(mapped),
             status=Status.ACCEPTED, origin="import:brat")
        for s, e in fragments
    ]
    doc.spans.extend(made)
    doc.by_tid[tid] = made[0]
    for piece in made[1:]:
        doc.relations.append(Relation(id=new_id(), article_id=0, head=made[0].id, child=piece.id, label=FRAGMENT,
                                      status=Status.ACCEPTED, origin="import:brat"))


def _span(doc: _Doc, ref: str, number: int) -> Span | None:
    """The span an argument refers to (an event id means its trigger); None when its label was dropped."""
    ref = doc.trigger.get(ref, ref)
    if ref not in doc.by_tid:
        raise InputError(f"refers to {ref}, which is not a text-bound (T) annotation of this file", path=str(doc.path), line=number)
    return doc.by_tid[ref]


def _add_relation(doc: _Doc, owner: str, head: Span | None, child: Span | None, label: str) -> None:
    label = doc.options.map_label(label)
    if head is None or child is None or not label:
        return
    doc.rel_by_id.setdefault(owner, []).append(len(doc.relations))
    doc.relations.append(Relation(id=new_id(), article_id=0, head=head.id, child=child.id, label=label,
                                  status=Status.ACCEPTED, origin="import:brat"))


def _relation(doc: _Doc, line: str, number: int) -> None:
    rid, body = _fields(doc, line, number, 2)[:2]
    parts = body.split()
    args = [p.split(":", 1)[1] for p in parts[1:] if ":" in p]
    if len(parts) < 3 or len(args) != 2:
        raise InputError(f"{rid}: expected 'Label Arg1:T1 Arg2:T2', got {body!r}", path=str(doc.path), line=number)
    _add_relation(doc, rid, _span(doc, args[0], number), _span(doc, args[1], number), parts[0])


def _event(doc: _Doc, line: str, number: int) -> None:
    eid, body = _fields(doc, line, number, 2)[:2]
    parts = body.split()
    if not parts or ":" not in parts[0]:
        raise InputError(f"{eid}: expected 'Type:T1 Role:T2 ...', got {body!r}", path=str(doc.path), line=number)
    _etype, tid = parts[0].split(":", 1)
    doc.trigger[eid] = tid
    trigger = _span(doc, tid, number)
    args: list[tuple[str, Span | None, str]] = []  # (role, span, T id)
    for part in parts[1:]:
        if ":" not in part:
            raise InputError(f"{eid}: argument {part!r} should be Role:ID", path=str(doc.path), line=number)
        role, ref = part.split(":", 1)
        args.append((_ROLE_NUMBER.sub("", role), _span(doc, ref, number), doc.trigger.get(ref, ref)))
    layer_of = doc.options.layer_of
    quotes = [
        (role, span) for role, span, _ in args
        if span is not None and (layer_of(doc.options.map_label(role)) == "quote" or span.layer == "quote")
    ]
    if quotes:
        for _, quote in quotes:
            for role, span, _ in args:
                if span is not None and span is not quote and all(span is not q for _, q in quotes):
                    _add_relation(doc, eid, quote, span, role)
    else:
        for role, span, _ in args:
            _add_relation(doc, eid, trigger, span, role)


def _set_attr(doc: _Doc, target: str, name: str, value: Any, number: int) -> None:
    if target in doc.rel_by_id:
        for index in doc.rel_by_id[target]:
            rel = doc.relations[index]
            doc.relations[index] = dataclasses.replace(rel, attrs=_merged(rel.attrs, name, value))
        return
    span = _span(doc, target, number)
    if span is None:
        return
    if name == STATUS_ATTR:
        if value not in Status._value2member_map_:
            raise InputError(f"{STATUS_ATTR} must be accepted, suggested or rejected, not {value!r}", path=str(doc.path), line=number)
        updated = dataclasses.replace(span, status=Status(value))
    else:
        updated = dataclasses.replace(span, attrs=_merged(span.attrs, name, value))
    _replace_span(doc, span, updated)


def _merged(attrs: Any, name: str, value: Any) -> dict[str, Any]:
    merged = dict(attrs)
    if name == "note" and "note" in merged:
        value = f"{merged['note']}\n{value}"
    elif name == "norm":
        value = [*merged.get("norm", []), value]
    merged[name] = value
    return merged


def _replace_span(doc: _Doc, old: Span, new: Span) -> None:
    doc.spans[next(i for i, s in enumerate(doc.spans) if s is old)] = new
    for tid, span in doc.by_tid.items():
        if span is old:
            doc.by_tid[tid] = new


def _attribute(doc: _Doc, line: str, number: int) -> None:
    aid, body = _fields(doc, line, number, 2)[:2]
    parts = body.split()
    if len(parts) not in (2, 3):
        raise InputError(f"{aid}: expected 'Name ID [Value]', got {body!r}", path=str(doc.path), line=number)
    _set_attr(doc, parts[1], parts[0], parts[2] if len(parts) == 3 else True, number)


def _note(doc: _Doc, line: str, number: int) -> None:
    fields = _fields(doc, line, number, 3)
    parts = fields[1].split()
    if len(parts) != 2:
        raise InputError(f"{fields[0]}: expected 'AnnotatorNotes ID<TAB>text'", path=str(doc.path), line=number)
    _set_attr(doc, parts[1], "note", fields[2] if len(fields) == 3 else "", number)


def _norm(doc: _Doc, line: str, number: int) -> None:
    fields = _fields(doc, line, number, 3)
    parts = fields[1].split()
    if len(parts) != 3:
        raise InputError(f"{fields[0]}: expected 'Reference ID DB:ENTRY<TAB>text'", path=str(doc.path), line=number)
    _set_attr(doc, parts[1], "norm", parts[2], number)


def _equiv(doc: _Doc, line: str, number: int) -> None:
    parts = _fields(doc, line, number, 2)[1].split()
    members = [_span(doc, ref, number) for ref in parts[1:]]
    for member in members[1:]:
        _add_relation(doc, f"*{number}", members[0], member, parts[0] if parts else "Equiv")


# ============================================================================ export


@dataclasses.dataclass(slots=True)
class ExportReport:
    articles: int = 0
    spans: int = 0
    relations: int = 0
    skipped_attrs: int = 0  # values brat cannot hold (spaces, lists, objects)


@dataclasses.dataclass(slots=True)
class _Conf:
    entities: dict[str, None] = dataclasses.field(default_factory=dict)
    relations: dict[str, tuple[dict[str, None], dict[str, None]]] = dataclasses.field(default_factory=dict)
    attributes: dict[tuple[str, str], dict[str, None]] = dataclasses.field(default_factory=dict)  # (name, ENTITY|RELATION) → values


def brat_name(label: str) -> str:
    return re.sub(r"\s+", "_", label) or "_"


def file_stem(article: Article) -> str:
    """The zero-padded id (so that file order is article order) plus the imported file's name, safe for any file system."""
    original = Path(str(article.meta.get("file", ""))).stem
    safe = re.sub(r"[^\w.-]+", "_", original).strip("._")[:60]
    return f"{article.id:06d}-{safe}" if safe else f"{article.id:06d}"


def write(bundles: Iterable[ArticleBundle], folder: Path) -> ExportReport:
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    conf = _Conf()
    for bundle in bundles:
        stem = file_stem(bundle.article)
        with open(folder / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(bundle.article.text)
        with open(folder / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as fh:
            fh.write("".join(line + "\n" for line in ann_lines(bundle, conf, report)))
        report.articles += 1
    (folder / "annotation.conf").write_text(conf_text(conf), encoding="utf-8")
    return report


def ann_lines(bundle: ArticleBundle, conf: _Conf | None = None, report: ExportReport | None = None) -> list[str]:
    conf = conf if conf is not None else _Conf()
    report = report if report is not None else ExportReport()
    text = bundle.article.text
    by_id = {s.id: s for s in bundle.spans}
    fragments: dict[str, list[Span]] = {}
    folded: set[str] = set()
    folded_rel: set[str] = set()
    for rel in bundle.relations:
        head, child = by_id[rel.head], by_id[rel.child]
        if rel.label == FRAGMENT and head.label == child.label and rel.child not in folded and rel.head not in folded:
            fragments.setdefault(rel.head, []).append(child)
            folded.add(rel.child)
            folded_rel.add(rel.id)
    lines: list[str] = []
    tids: dict[str, str] = {}
    attr_n = note_n = 0

    def attrs_of(target: str, attrs: Any, kind: str) -> None:
        nonlocal attr_n, note_n
        for name, value in attrs.items():
            if name == "note" and isinstance(value, str):
                note_n += 1
                lines.append(f"#{note_n}\tAnnotatorNotes {target}\t{_WS.sub(' ', value)}")
            elif value is True:
                attr_n += 1
                lines.append(f"A{attr_n}\t{brat_name(name)} {target}")
                conf.attributes.setdefault((brat_name(name), kind), {})
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) and not re.search(r"\s", str(value)):
                attr_n += 1
                lines.append(f"A{attr_n}\t{brat_name(name)} {target} {value}")
                conf.attributes.setdefault((brat_name(name), kind), {})[str(value)] = None
            elif value not in (False, None, ""):
                report.skipped_attrs += 1

    for span in bundle.spans:
        if span.id in folded:
            continue
        pieces = [span, *fragments.get(span.id, [])]
        tid = f"T{len(tids) + 1}"
        for piece in pieces:
            tids[piece.id] = tid
        label = brat_name(span.label)
        conf.entities[label] = None
        offsets = ";".join(f"{p.start} {p.end}" for p in pieces)
        shown = _WS.sub(" ", " ".join(text[p.start : p.end] for p in pieces))
        lines.append(f"{tid}\t{label} {offsets}\t{shown}")
        if span.status != Status.ACCEPTED:
            attr_n += 1
            lines.append(f"A{attr_n}\t{STATUS_ATTR} {tid} {span.status}")
            conf.attributes.setdefault((STATUS_ATTR, "ENTITY"), {})[str(span.status)] = None
        attrs_of(tid, span.attrs, "ENTITY")
        report.spans += len(pieces)
    rel_n = 0
    for rel in bundle.relations:
        if rel.id in folded_rel:
            continue
        rel_n += 1
        label = brat_name(rel.label)
        heads, children = conf.relations.setdefault(label, ({}, {}))
        heads[brat_name(by_id[rel.head].label)] = None
        children[brat_name(by_id[rel.child].label)] = None
        lines.append(f"R{rel_n}\t{label} Arg1:{tids[rel.head]} Arg2:{tids[rel.child]}")
        attrs_of(f"R{rel_n}", rel.attrs, "RELATION")
        report.relations += 1
    return lines


def conf_text(conf: _Conf) -> str:
    out = ["# Written by Annotator: the labels, relations and attributes of this export.", "[entities]"]
    out += list(conf.entities)
    out += ["", "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    for label, (heads, children) in conf.relations.items():
        out.append(f"{label}\tArg1:{'|'.join(heads)}, Arg2:{'|'.join(children)}")
    out += ["", "[events]", "", "[attributes]"]
    for (name, kind), values in conf.attributes.items():
        spec = f"{name}\tArg:<{kind}>"
        if values:
            spec += f", Value:{'|'.join(values)}"
        out.append(spec)
    return "\n".join(out) + "\n"
