"""Write article bundles as brat standoff: ``NAME.txt`` + ``NAME.ann`` per article and one
``annotation.conf`` (https://brat.nlplab.org/standoff.html, https://brat.nlplab.org/configuration.html).

Every line is one brat's server accepts (``server/src/annotation.py``): offsets in brat's reading
of the text (:class:`~annotator.formats.brat_text.BratOffsets`), no fragment holding a line
break, fragments in order and never touching. Everything our records hold that brat can carry is
written so that :mod:`annotator.formats.brat_read` gives it back; the rest is counted in the
:class:`~annotator.formats.common.ExportReport`, never dropped silently.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status, guess_title
from annotator.domain.provenance import import_info, user_meta
from annotator.formats.brat_text import (
    ARG_FRAGMENT,
    LINE_BREAKS,
    NOTE,
    PROVENANCE,
    PROVENANCE_KEYS,
    RESERVED_ATTRS,
    STATUS_ATTR,
    BratOffsets,
    fragments,
    only_line_breaks,
)
from annotator.formats.atomic import replacing_folder
from annotator.formats.common import FRAGMENT, ExportReport
from annotator.formats.stream import span_rows

_OUR_STEM = re.compile(r"^\d{6,}(?:-|$)")  # what file_stem puts in front of a name
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_BREAK = re.compile(f"[{re.escape(LINE_BREAKS)}]")
_NOTE_LINES = re.compile(r"\r\n|[" + re.escape(LINE_BREAKS) + "]")
# A value annotation.conf can list: brat splits its arguments at "," and values at "|" and strips them.
_CONF_VALUE = re.compile(r"[^,|:\s](?:[^,|:\t\n\r]*[^,|:\s])?")

LEFT_OUT_BREAKS = "spans made of line breaks only (a brat fragment cannot hold a line break); use jsonl"
TRIMMED = "spans beginning or ending with a line break, written without it (a brat fragment cannot hold one); use jsonl"
LEFT_OUT_LINKED = "relations to a span left out; use jsonl"
RENAMED = "labels with spaces, written with '_' (brat types cannot hold spaces); use jsonl"
ATTR_NAME = "attributes whose name has spaces or is one Annotator's brat export uses itself; use jsonl"
ATTR_VALUE = "attribute values brat cannot hold (numbers, false, empty, lists or objects, tabs or line breaks); use jsonl"
NOTE_BREAKS = "notes with line breaks other than LF (CR, U+2028…), written as LF (one # line per line); use jsonl"
NORM_VALUE = "norm entries that are not 'DB:ID' references; use jsonl"
STANCES = "stances (brat has no annotation for a stance's holder, target, polarity and evidence); use jsonl"
TAGS = "article tags (brat has no article-level annotations); use jsonl"
ARTICLE_FIELDS = "article fields (title, publisher, url, published, status, meta: brat keeps only the text); use jsonl"
BOM = "\ufeff"


def bom_of(text: str) -> int:
    """1 when the ``.txt`` of ``text`` gets a UTF-8 byte-order mark, else 0.

    Every reader of a UTF-8 ``.txt`` (ours, ``utf-8-sig``) drops a leading U+FEFF as a byte-order
    mark, so a text that itself starts with U+FEFF is written after one: the reader drops that
    one and keeps the text's own. brat counts the mark as character 0, so its offsets are ours
    plus one (:class:`BratOffsets` ``bom=1``); a text without a leading U+FEFF gets no mark.
    """
    return 1 if text.startswith(BOM) else 0


@dataclasses.dataclass(slots=True)
class _Conf:
    entities: dict[str, None] = dataclasses.field(default_factory=dict)
    relations: dict[str, tuple[dict[str, None], dict[str, None]]] = dataclasses.field(default_factory=dict)
    attributes: dict[str, tuple[dict[str, None], dict[str, None]]] = dataclasses.field(default_factory=dict)  # name → (kinds, values)

    def merge(self, other: _Conf) -> None:
        """Add what ``other`` (a later part's articles) declares after what this one holds: the
        order one process noting both parts in turn would give."""
        self.entities.update(other.entities)
        for table, theirs in ((self.relations, other.relations), (self.attributes, other.attributes)):
            for name, (first, second) in theirs.items():
                mine = table.setdefault(name, ({}, {}))
                mine[0].update(first)
                mine[1].update(second)

    def attribute(self, name: str, kind: str, value: Any) -> None:
        kinds, values = self.attributes.setdefault(name, ({}, {}))
        kinds[kind] = None
        if isinstance(value, str) and _CONF_VALUE.fullmatch(value):
            values[value] = None


def brat_name(label: str) -> str:
    """A label as a brat type: no whitespace (brat splits type and offsets at the first space)."""
    return re.sub(r"\s+", "_", label) or "_"


def file_stem(article: Article, used: set[str] | None = None) -> str:
    """The file name (without suffix) of an article: the zero-padded id, so that file order is
    article order, plus the imported file's name made safe for any file system.

    A name this function made before (the article came from one of our brat exports) is kept as
    it is, so names do not grow or change on every round trip; ``used`` (lower-cased names taken
    in this export) makes every name unique, also on case-insensitive file systems.
    """
    return _stem(article.id, import_info(article.meta).get("file", ""), used if used is not None else set())


def _stem(article_id: int, file: Any, used: set[str]) -> str:
    """:func:`file_stem` of the article ``article_id`` whose import file (``meta["_import"]["file"]``, before fix41 ``meta["file"]``) is ``file`` ("" when none)."""
    original = "" if file == "" else Path(str(file)).stem  # no path to parse for most articles (issue 12, perf12i)
    safe = _UNSAFE_NAME.sub("_", _OUR_STEM.sub("", original)).strip("._")[:60]
    base = f"{article_id:06d}-{safe}" if safe else f"{article_id:06d}"
    own = [original] if _OUR_STEM.match(original) and _UNSAFE_NAME.sub("_", original) == original else []
    # Tried lazily, in order: a list of every numbered name up to len(used) made each call
    # O(articles), a brat export of 10,000 articles 50 million strings (issue 12).
    candidates = itertools.chain(own, [base], (f"{base}-{n}" for n in itertools.count(2)))
    stem = next(c for c in candidates if c.lower() not in used)
    used.add(stem.lower())
    return stem


def write(bundles: Iterable[ArticleBundle], folder: Path) -> ExportReport:
    """Write every bundle as ``folder/STEM.txt`` (the text exactly, UTF-8; a byte-order mark
    only before a text that starts with U+FEFF, see :func:`bom_of`) and
    ``folder/STEM.ann``, and ``folder/annotation.conf``.

    The folder is written beside ``folder`` and swapped in when complete
    (:func:`annotator.formats.atomic.replacing_folder`): a failed or killed export leaves the
    previous one as it was. Raises :class:`~annotator.domain.errors.InputError` when ``folder``
    exists and holds anything but an export's files (:func:`export_file`), OSError when a file
    cannot be written."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    conf = _Conf()
    used: set[str] = set()
    known = _Known()
    with replacing_folder(folder, export_file) as out:
        write_files(bundles, out, used, conf, report, known)
        _write_new(out / "annotation.conf", conf_text(conf).encode("utf-8"))
    return report


def stems_of(project: Any) -> dict[int, str]:
    """Article id → :func:`file_stem` of every article of ``project`` (an open
    :class:`~annotator.storage.project.Project`), given in id order as one export names them: the
    names of a split export (:mod:`annotator.formats.stream_pool`), worked out once so that both
    processes name their articles as one process would (a name taken by an article of the other
    part makes a later one ``…-2``). Raises ``ValueError`` on a ``meta`` that is not JSON."""
    used: set[str] = set()
    stems: dict[int, str] = {}
    for article_id, meta in project.db.execute("SELECT id, meta FROM articles ORDER BY id"):
        # Only a meta naming "file" is decoded (most hold none): the rest give "", as import_info does.
        file = import_info(json.loads(meta)).get("file", "") if meta and "file" in meta else ""
        stems[article_id] = _stem(article_id, file, used)
    return stems


@dataclasses.dataclass(slots=True)
class BratPart:
    """What one process of a split brat export writes with: the export's new ``folder`` (both
    processes write into it), the names of every article (:func:`stems_of`) and the ``conf`` its
    articles declare."""

    folder: Path
    stems: dict[int, str]
    conf: _Conf = dataclasses.field(default_factory=_Conf)


def write_split(project: Any, split: Any, folder: Path, statuses: Iterable[Status] | None, *,
                progress: Callable[[int], None] | None = None, check: Callable[[], None] | None = None) -> ExportReport:
    """:func:`write` of every article of ``project`` in two processes (issue 12: the export's
    Python, reading and making the ``.ann`` lines, is ~3 s of CPU at 10,000 articles):
    ``split`` (:func:`annotator.formats.stream_pool.plan` of ``"brat"``) says which part is the
    second process's. Both write their articles' files into the one new folder, swapped in once
    when both are done (:func:`replacing_folder`: a failed, cancelled or killed export leaves the
    previous one whole); the files and ``annotation.conf`` are byte for byte :func:`write`'s.
    ``progress``/``check`` as :func:`annotator.formats.stream_pool.export`, whose errors it raises,
    besides :func:`write`'s."""
    from annotator.formats import stream_pool

    folder.parent.mkdir(parents=True, exist_ok=True)
    stems = stems_of(project)
    with replacing_folder(folder, export_file) as out:
        part = BratPart(out, stems)
        report = stream_pool.export(project, "brat", split, part, statuses, progress=progress, check=check)
        _write_new(out / "annotation.conf", conf_text(part.conf).encode("utf-8"))
    return report


def write_files(bundles: Iterable[ArticleBundle], out: Path, used: set[str], conf: _Conf, report: ExportReport,
                known: _Known | None = None, stems: Mapping[int, str] | None = None) -> None:
    """The ``.txt`` and ``.ann`` files of ``bundles`` in the folder ``out`` (new, the export's
    own), named by :func:`file_stem` against ``used``; what ``annotation.conf`` declares is
    collected in ``conf``, what was written and left out in ``report``. One part of a split
    export (:mod:`annotator.formats.stream_pool`; ``stems``: :func:`stems_of`, used instead of
    ``used``) or the whole of :func:`write`."""
    known = known if known is not None else _Known()
    # Each file's path as one string (issue 12, perf12i: a pathlib join and its str() for each
    # of 20,000 files were a tenth of the export's Python).
    inside = os.path.join(out, "")
    with FileWriter() as files:
        for bundle in bundles:
            stem = file_stem(bundle.article, used) if stems is None else stems[bundle.article.id]
            text = bundle.article.text
            files.add(f"{inside}{stem}.txt", (BOM * bom_of(text) + text).encode("utf-8"))
            lines = None
            rows = span_rows(bundle)
            if rows is not None:
                try:
                    lines = _plain_ann_lines(bundle, rows, conf, report, known)
                except (TypeError, KeyError, ValueError, AttributeError):
                    lines = None  # a value the rows cannot be written from: the general way says what it is
            if lines is None:
                lines = ann_lines(bundle, conf, report)
            files.add(f"{inside}{stem}.ann", ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
            report.articles += 1


class FileWriter:
    """New files created by a thread beside the caller's (issue 12: a brat export of 10,000
    articles creates 20,000 files; each creation is three system calls the kernel spends
    0.05–0.3 ms on, during which the export's Python — reading the project, making the
    ``.ann`` lines — waited). ``os.open``/``os.write``/``os.close`` release the GIL, so the
    files are created while the next article is read and made.

    ``add(path, data)`` queues a file (:func:`_write_new`: it must not exist); files are handed
    over :data:`BATCH` at a time and at most :data:`PENDING` batches wait (bounded memory: a few
    MB). The first ``OSError`` (disk full, permissions) stops the thread and is raised by the next
    ``add`` or by leaving the ``with`` block, which waits for every queued file; leaving it on
    an exception stops the thread without writing what is still queued (the caller removes the
    folder). Not thread-safe: one caller thread."""

    BATCH = 64  # files handed over at once: one queue round trip per 64 files, not per file
    PENDING = 16  # batches queued at most before ``add`` waits for the thread

    def __init__(self) -> None:
        import queue
        import threading

        self._batch: list[tuple[str, bytes]] = []
        self._queue: queue.Queue[list[tuple[str, bytes]] | None] = queue.Queue(self.PENDING)
        self._error: BaseException | None = None
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="annotator-brat-files", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None or self._stop:
                continue  # drain: the caller is told at its next add, or is leaving
            try:
                for path, data in batch:
                    _write_new(path, data)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, which raises it
                self._error = exc

    def add(self, path: str, data: bytes) -> None:
        """Queue ``path`` to be created holding ``data``. Raises the thread's first error."""
        self._batch.append((path, data))
        if len(self._batch) >= self.BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._error is not None:
            raise self._error
        if self._batch:
            self._queue.put(self._batch)
            self._batch = []

    def close(self) -> None:
        """Create what is queued, wait for the thread, raise its first error."""
        try:
            self._hand_over()
        finally:
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        if kind is None:
            self.close()
            return
        self._stop = True  # the export failed: what is queued is not written
        self._queue.put(None)
        self._thread.join()


def _write_new(path: str | Path, data: bytes) -> None:
    """Create ``path`` (it must not exist: the export's own new folder) holding ``data``.

    One ``os.open``/``os.write``/``os.close``: ``open()`` of a text file builds a buffered reader,
    an encoder and a line translator for each of the 20,000 files of a brat export of 10,000
    articles (issue 12). The bytes are what the text files held: UTF-8, line ends as in the text
    (.txt) or LF (.ann), on every platform. Durability is the folder's (:func:`replacing_folder`)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


BRAT_OWN = frozenset({".stats_cache"})  # brat's server writes this cache into every folder it shows


def export_file(path: Path) -> bool:
    """Whether ``path``, inside a brat export folder, is a file an export writes (a ``.txt`` or
    ``.ann`` named as :func:`file_stem` names them, ``NNNNNN-…``; ``annotation.conf``) or brat's
    own cache, so that replacing the folder loses nothing of the user's — not another corpus's
    ``doc1.txt``/``doc1.ann`` either."""
    if path.is_symlink() or not path.is_file():
        return False
    ours = path.suffix in (".txt", ".ann") and _OUR_STEM.match(path.stem) is not None
    return ours or path.name == "annotation.conf" or path.name in BRAT_OWN


def provenance(record: Span | Relation) -> dict[str, str]:
    """Who decided and when: ``{"origin", "by", "created", "updated"}`` of a record."""
    return {key: getattr(record, key) for key in PROVENANCE_KEYS}


@dataclasses.dataclass(slots=True)
class _Unit:
    """What one T line holds: a span, or a discontinuous span (its pieces, first one first)."""

    pieces: list[Span]
    fragments: list[tuple[int, int]]  # code points, in order
    first_fragment: dict[str, int]  # span id → 1-based index of its first fragment


def ann_lines(bundle: ArticleBundle, conf: _Conf | None = None, report: ExportReport | None = None) -> list[str]:
    """The ``.ann`` lines of one article (without line ends): T lines (each followed by its A, #
    and N lines), then R lines (likewise). ``conf`` collects what ``annotation.conf`` declares,
    ``report`` what was written and what was left out."""
    conf = conf if conf is not None else _Conf()
    report = report if report is not None else ExportReport()
    text = bundle.article.text
    _article_left_out(bundle, report)
    offsets = BratOffsets(text, bom=bom_of(text))
    cut: dict[str, list[tuple[int, int]]] = {}
    for span in bundle.spans:
        pieces = fragments(text, span.start, span.end)
        if not pieces:
            report.leave_out(LEFT_OUT_BREAKS)
            continue
        if pieces[0][0] != span.start or pieces[-1][1] != span.end:
            report.leave_out(TRIMMED)
        cut[span.id] = pieces
    relations = [r for r in bundle.relations if r.head in cut and r.child in cut]
    if len(relations) < len(bundle.relations):
        report.leave_out(LEFT_OUT_LINKED, len(bundle.relations) - len(relations))
    units, folded = _units(bundle, relations, cut, text)

    lines: list[str] = []
    counters: Counter[str] = Counter()

    def next_id(prefix: str) -> str:
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    where: dict[str, tuple[str, int]] = {}  # span id → (T id, 1-based first fragment)
    for unit in units:
        head = unit.pieces[0]
        tid = next_id("T")
        for piece in unit.pieces:
            where[piece.id] = (tid, unit.first_fragment[piece.id])
        label = _label(head.label, report, len(unit.pieces))
        conf.entities[label] = None
        spans_text = " ".join(text[s:e] for s, e in unit.fragments)
        lines.append(f"{tid}\t{label} {';'.join(f'{offsets.to_brat(s)} {offsets.to_brat(e)}' for s, e in unit.fragments)}\t{spans_text}")
        _describe(tid, head, "ENTITY", lines, next_id, conf, report)
        report.spans += len(unit.pieces)
        report.relations += len(unit.pieces) - 1
    _relation_lines(relations, {s.id: s.label for s in bundle.spans}, where, folded, lines, counters, conf, report)
    return lines


def _relation_lines(relations: list[Relation], labels: Mapping[str, str], where: Mapping[str, tuple[str, int]], folded: set[str],
                    lines: list[str], counters: Counter[str], conf: _Conf, report: ExportReport) -> None:
    """The R lines (each followed by its A, # and N lines) of ``relations`` not ``folded`` into a
    T line, appended to ``lines``; ``labels``: span id → label, ``where``: span id → (T id,
    1-based first fragment); ``counters`` the ids used so far."""

    def next_id(prefix: str) -> str:
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    for rel in relations:
        if rel.id in folded:
            continue
        rid = next_id("R")
        label = _label(rel.label, report, 1)
        heads, children = conf.relations.setdefault(label, ({}, {}))
        heads[brat_name(labels[rel.head])] = None
        children[brat_name(labels[rel.child])] = None
        (head_t, head_f), (child_t, child_f) = where[rel.head], where[rel.child]
        lines.append(f"{rid}\t{label} Arg1:{head_t} Arg2:{child_t}")
        for arg, fragment in (("Arg1", head_f), ("Arg2", child_f)):
            if fragment > 1:  # the relation hangs off a later piece of a discontinuous span
                lines.append(f"{next_id('A')}\t{ARG_FRAGMENT[arg]} {rid} {fragment}")
                conf.attribute(ARG_FRAGMENT[arg], "RELATION", str(fragment))
        _describe(rid, rel, "RELATION", lines, next_id, conf, report)
        report.relations += 1


def _describe(target: str, record: Span | Relation, kind: str, lines: list[str], next_id: Callable[[str], str], conf: _Conf,
              report: ExportReport) -> None:
    """The A, # and N lines of one T or R line: status when not accepted, attributes, provenance."""
    if record.status != Status.ACCEPTED:
        lines.append(f"{next_id('A')}\t{STATUS_ATTR} {target} {record.status}")
        conf.attribute(STATUS_ATTR, kind, str(record.status))
    lines.extend(_attribute_lines(target, record.attrs, kind, next_id, conf, report))
    known = provenance(record)
    if any(known.values()):
        lines.append(f"{next_id('#')}\t{PROVENANCE} {target}\t{_json_line(known)}")


_STATUS_VALUES = frozenset(s.value for s in Status)


class _Known:
    """What a brat export works out once per distinct value: a label's brat name, a
    provenance's JSON (times repeat across the spans an import or a pre-annotation made)."""

    LIMIT = 50_000  # entries kept before starting again

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.provenance: dict[tuple, str] = {}

    def name(self, label: str) -> str:
        found = self.names.get(label)
        if found is None:
            if len(self.names) >= self.LIMIT:
                self.names.clear()
            found = self.names[label] = brat_name(label)
        return found

    def provenance_json(self, key: tuple) -> str:
        found = self.provenance.get(key)
        if found is None:
            if len(self.provenance) >= self.LIMIT:
                self.provenance.clear()
            found = self.provenance[key] = _json_line(dict(zip(PROVENANCE_KEYS, key)))
        return found


def _plain_ann_lines(bundle: ArticleBundle, rows: list[tuple], conf: _Conf, report: ExportReport, known: _Known) -> list[str] | None:
    """:func:`ann_lines` of a :class:`~annotator.formats.stream.RowBundle`, its T lines made
    straight from the span ``rows`` (issue 12: no span record, no fragment search for a span
    without a line break, provenance JSON once per distinct provenance). None — nothing noted in
    ``conf`` or ``report`` — when the article is not plain: a FRAGMENT relation (discontinuous
    spans), attrs other than ``{}``, a status that is none, a value of another type, a range the
    span record would refuse; the caller then uses :func:`ann_lines`."""
    relations_all = bundle.relations
    if any(r.label == FRAGMENT for r in relations_all):
        return None
    text = bundle.article.text
    bom = bom_of(text)
    offsets = BratOffsets(text, bom=bom) if bom or "\r" in text else None
    breaks = [m.start() for m in _BREAK.finditer(text)]
    # The lines are made in one pass over the rows (brat17: a first pass making each span's
    # parts and a second making its lines were a third of this function's CPU); what ``conf`` and
    # ``report`` get is noted aside and handed over at the end, so that a row that turns out not
    # to be plain leaves them as they were for ann_lines.
    lines: list[str] = []
    noted: list[str] = []  # left-out reasons in the order ann_lines notes them (the report keeps first-noted order)
    where_of: dict[str, tuple[str, str]] = {}  # span id → (T id, label)
    names: dict[str, None] = {}  # the brat labels written, first seen first (conf.entities' order)
    statuses: dict[str, None] = {}  # the statuses other than accepted written, likewise
    renamed = tid = a = h = 0
    accepted = Status.ACCEPTED.value
    name_of, provenance_of = known.name, known.provenance_json
    for sid, _, start, end, label, _layer, status, origin, attrs, created, updated, by, _analyst in rows:
        if not 0 <= start < end or (attrs and attrs != "{}") or status not in _STATUS_VALUES:
            return None
        label = label or ""
        sid = sid or ""
        if label.__class__ is not str or sid.__class__ is not str:
            return None
        at = bisect.bisect_left(breaks, start)
        if at < len(breaks) and breaks[at] < end:  # a line break inside: brat's fragments
            pieces = fragments(text, start, end)
            if not pieces:
                noted.append(LEFT_OUT_BREAKS)
                continue
            if pieces[0][0] != start or pieces[-1][1] != end:
                noted.append(TRIMMED)
            if offsets is None:
                where = ";".join(f"{s} {e}" for s, e in pieces)
            else:
                where = ";".join(f"{offsets.to_brat(s)} {offsets.to_brat(e)}" for s, e in pieces)
            shown = " ".join(text[s:e] for s, e in pieces)
        elif offsets is None:  # one fragment, brat's offsets ours: the usual span
            where, shown = f"{start} {end}", text[start:end]
        else:
            where, shown = f"{offsets.to_brat(start)} {offsets.to_brat(end)}", text[start:end]
        name = name_of(label)
        if name != label:
            renamed += 1
        names[name] = None
        tid += 1
        target = f"T{tid}"
        where_of[sid] = (target, label)
        lines.append(f"{target}\t{name} {where}\t{shown}")
        if status != accepted:
            a += 1
            lines.append(f"A{a}\t{STATUS_ATTR} {target} {status}")
            statuses[status] = None
        if origin or by or created or updated:
            h += 1
            lines.append(f"#{h}\t{PROVENANCE} {target}\t{provenance_of((origin or '', by or '', created or '', updated or ''))}")
    # ---- from here on, as ann_lines notes it
    _article_left_out(bundle, report)
    for reason in noted:
        report.leave_out(reason)
    relations = [r for r in relations_all if r.head in where_of and r.child in where_of]
    if len(relations) < len(relations_all):
        report.leave_out(LEFT_OUT_LINKED, len(relations_all) - len(relations))
    if renamed:
        report.leave_out(RENAMED, renamed)
    conf.entities.update(names)
    for status in statuses:
        conf.attribute(STATUS_ATTR, "ENTITY", status)
    report.spans += tid
    if relations:
        counters: Counter[str] = Counter({"T": tid, "A": a, "#": h})
        _relation_lines(relations, {sid: label for sid, (_, label) in where_of.items()},
                        {sid: (target, 1) for sid, (target, _) in where_of.items()}, set(), lines, counters, conf, report)
    return lines


def _label(label: str, report: ExportReport, count: int) -> str:
    name = brat_name(label)
    if name != label:
        report.leave_out(RENAMED, count)
    return name


def _article_left_out(bundle: ArticleBundle, report: ExportReport) -> None:
    article = bundle.article
    if bundle.stances:
        report.leave_out(STANCES, len(bundle.stances))
    if bundle.tags:
        report.leave_out(TAGS, len(bundle.tags))
    if loses_article_fields(article):
        report.leave_out(ARTICLE_FIELDS)


def loses_article_fields(article: Article) -> bool:
    """Whether brat, keeping only the text, loses fields of ``article`` (title other than its
    first line, publisher, url, published, status, meta): counted once per article written."""
    meta = user_meta(article.meta)  # the importer's provenance is not the user's field (fix41)
    return bool(meta or article.publisher or article.url or article.published or article.status != "new"
                or article.title not in ("", guess_title(article.text)))


def _units(
    bundle: ArticleBundle, relations: list[Relation], cut: Mapping[str, list[tuple[int, int]]], text: str
) -> tuple[list[_Unit], set[str]]:
    """The T lines to write, in span order, and the ids of the FRAGMENT relations they hold.

    Pieces tied by FRAGMENT relations become one discontinuous T line when the reader will give
    back exactly those records: same label, status and provenance, attributes only on the first
    piece (which starts first), FRAGMENT relations plain, pieces apart by more than line breaks.
    Otherwise each piece is its own T line and the FRAGMENT relations are R lines.
    """
    by_id = {s.id: s for s in bundle.spans if s.id in cut}
    ties = [r for r in relations if r.label == FRAGMENT and r.head != r.child and by_id[r.head].label == by_id[r.child].label]
    as_child = Counter(r.child for r in ties)
    by_head: dict[str, list[Relation]] = {}
    for rel in ties:
        by_head.setdefault(rel.head, []).append(rel)
    groups: dict[str, list[Relation]] = {}
    for head_id, tied in by_head.items():
        head = by_id[head_id]
        pieces = [by_id[r.child] for r in tied]
        plain = all(
            as_child[p.id] == 1 and p.id not in by_head and not p.attrs and p.status == head.status and provenance(p) == provenance(head)
            for p in pieces
        ) and all(not r.attrs and r.status == head.status and provenance(r) == provenance(head) for r in tied)
        if head_id in as_child or not plain or len({p.id for p in pieces}) != len(pieces):
            continue
        ordered = sorted([head, *pieces], key=lambda s: (s.start, s.end))
        if ordered[0] is not head:
            continue
        apart = all(
            cut[a.id][-1][1] < cut[b.id][0][0] and not only_line_breaks(text, cut[a.id][-1][1], cut[b.id][0][0])
            for a, b in zip(ordered, ordered[1:])
        )
        if apart:
            groups[head_id] = tied
    inside = {r.child for tied in groups.values() for r in tied}
    units: list[_Unit] = []
    for span in bundle.spans:
        if span.id not in cut or span.id in inside:
            continue
        pieces = sorted([span, *(by_id[r.child] for r in groups.get(span.id, []))], key=lambda s: (s.start, s.end))
        unit = _Unit(pieces=pieces, fragments=[], first_fragment={})
        for piece in pieces:
            unit.first_fragment[piece.id] = len(unit.fragments) + 1
            unit.fragments.extend(cut[piece.id])
        units.append(unit)
    return units, {r.id for tied in groups.values() for r in tied}


def _attribute_lines(
    target: str, attrs: Mapping[str, Any], kind: str, next_id: Callable[[str], str], conf: _Conf, report: ExportReport
) -> list[str]:
    """A, # and N lines for the attrs of one T or R line; what they cannot hold is counted in ``report``."""
    lines: list[str] = []
    for name, value in attrs.items():
        if name == "note" and isinstance(value, str):
            parts = _NOTE_LINES.split(value)
            if len(parts) - 1 != value.count("\n"):
                report.leave_out(NOTE_BREAKS)
            lines.extend(f"{next_id('#')}\t{NOTE} {target}\t{part}" for part in parts)
        elif name == "norm" and isinstance(value, list):
            for entry in value:
                norm = _norm_line(entry)
                if norm is None:
                    report.leave_out(NORM_VALUE)
                else:
                    lines.append(f"{next_id('N')}\t{norm[0]} {target} {norm[1]}" + (f"\t{norm[2]}" if norm[2] or norm[3] else ""))
        elif name in RESERVED_ATTRS or not name or re.search(r"\s", name):
            report.leave_out(ATTR_NAME)
        elif value is True:
            lines.append(f"{next_id('A')}\t{name} {target}")
            conf.attribute(name, kind, None)
        elif isinstance(value, str) and value and not _BREAK.search(value) and "\t" not in value:
            lines.append(f"{next_id('A')}\t{name} {target} {value}")
            conf.attribute(name, kind, value)
        else:
            report.leave_out(ATTR_VALUE)
    return lines


def _norm_line(entry: Any) -> tuple[str, str, str, bool] | None:
    """(type, DB:ID, text, text given) of a norm entry as the reader stores it
    (``{"type", "ref", "text"}``), or as older imports did (``"DB:ID"``); None when brat cannot hold it."""
    if isinstance(entry, str):
        kind, ref, text, given = "Reference", entry, "", False
    elif isinstance(entry, Mapping) and set(entry) <= {"type", "ref", "text"}:
        kind, ref, text = entry.get("type", "Reference"), entry.get("ref"), entry.get("text", "")
        given = "text" in entry
    else:
        return None
    if not all(isinstance(x, str) for x in (kind, ref, text)) or not re.fullmatch(r"\S+", kind) or not re.fullmatch(r"[^\s:]+:\S+", ref):
        return None
    if _BREAK.search(text):
        return None
    return kind, ref, text, given


def _json_line(value: Mapping[str, str]) -> str:
    """JSON on one .ann line: json escapes control characters; the other line breaks
    ``str.splitlines`` knows (U+0085, U+2028, U+2029) are escaped here."""
    dumped = _ENCODE(value)
    if dumped.isascii():  # O(1): nothing to escape (the usual provenance line)
        return dumped
    for char in "\x85\u2028\u2029":
        dumped = dumped.replace(char, f"\\u{ord(char):04x}")
    return dumped


# ``json.dumps(value, ensure_ascii=False)`` makes a new JSONEncoder at every call (most of the
# cost of a small dict; a brat export writes one provenance line per span): one, made once.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def conf_text(conf: _Conf) -> str:
    """``annotation.conf`` declaring the labels, relations and attributes written, overlaps allowed."""
    out = ["# Written by Annotator: the labels, relations and attributes of this export.", "[entities]"]
    out += list(conf.entities)
    out += ["", "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    for label, (heads, children) in conf.relations.items():
        out.append(f"{label}\tArg1:{'|'.join(heads)}, Arg2:{'|'.join(children)}")
    out += ["", "[events]", "", "[attributes]"]
    for name, (kinds, values) in conf.attributes.items():
        spec = f"{name}\tArg:{'|'.join(f'<{k}>' for k in kinds)}"
        if values:
            spec += f", Value:{'|'.join(values)}"
        out.append(spec)
    return "\n".join(out) + "\n"
