"""Import and export formats, one module each, and the driver that runs an import.

An import is planned first (which reader reads which path), then streamed into
``Project.import_bundles`` — one transaction, so the first bad record (without ``skip_errors``)
leaves the project file exactly as it was.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError, RestUnreadable, unskippable
from annotator.domain.model import ArticleBundle, Status
from annotator.formats import brat, conll_import, csvfmt, import_pool, jsonl, txt
from annotator.formats.common import (
    DUPLICATE_IDS_SHOWN,
    SourceIds,
    duplicate_id_lines,
    ImportOptions,
    Item,
    BLANK,
    ReviewedBundle,
    check_encoding,
    find_lone_surrogate,
    first_lone_surrogate,
    first_nul,
    is_blank,
    lone_surrogate_message,
    nul_message,
    own_file_layer_error,
)
from annotator.storage.project import ImportResult, Project
from annotator.storage.suggestions_log import ImportedSuggestion, log_imported_suggestions

IMPORT_FORMATS = ("auto", "txt", "jsonl", "csv", "brat", "conll")
EXPORT_FORMATS = ("jsonl", "spacy", "csv", "conll", "brat")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
Reader = Callable[[ImportOptions], Iterator[Item]]


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file (or brat pair) and the format it is read as."""

    path: Path
    format: str
    reader: Reader
    text_path: Path | None = None  # brat: the .txt beside (or found for) the .ann

    def count(self) -> int | None:
        """How many records it holds, cheaply (for the progress bar); None when unknown."""
        if self.format == "jsonl":
            try:
                with self.path.open("rb") as fh:
                    if fh.read(64).removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"["):
                        return None  # one JSON array (doccano, Label Studio): records span many lines
                    fh.seek(0)
                    return sum(1 for line in fh if line.strip())
            except OSError:
                return None  # unreadable: the reader says so, naming the file
        if self.format in ("txt", "brat"):
            return 1
        if self.format == "csv":
            return _count_csv_rows(self.path)
        return None


def _count_csv_rows(path: Path) -> int | None:
    import csv
    import io

    csvfmt._raise_field_limit()
    try:
        with path.open("rb") as raw:
            delimiter = csvfmt.delimiter_of(path)
            reader = csvfmt.reader_of(io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=""), delimiter,
                                      delimiter == "\t" and csvfmt.tsv_quoting(path) == "quoted")
            return max(sum(1 for row in reader if row) - 1, 0)
    except (OSError, csv.Error):
        return None


@dataclasses.dataclass(slots=True)
class ImportReport:
    result: ImportResult
    files: int
    skipped: list[InputError]
    left_out: dict[str, int] = dataclasses.field(default_factory=dict)  # reason -> records read but not imported (--label-map)
    copies: list[str] = dataclasses.field(default_factory=list)  # fix11x: each later copy of an article in the input, named
    joined: list[str] = dataclasses.field(default_factory=list)  # ui22: brat file:line of each span read across line breaks
    dropped: list[InputError] = dataclasses.field(default_factory=list)  # ui22: bad lines left out of imported records (--skip-errors)
    #: ui26 (usertest22 M3): how each tab-separated file with a cell starting with a quote was read
    #: (:func:`csvfmt.tsv_quoting`: "quoted" or "literal"), by file name
    tsv_read: dict[str, str] = dataclasses.field(default_factory=dict)
    #: ui27 (usertest23 M3): a note per table file of a folder not read as articles (:func:`plan`'s
    #: ``passed_over``), set by the caller that planned the import
    passed_over: list[str] = dataclasses.field(default_factory=list)
    #: fix30 (usertest26 M4): each row whose source id (an id column of a CSV file, an id key of a
    #: JSONL record's meta: :func:`~annotator.formats.common.is_id_column`) was met before in the
    #: import, named with the first: ``"bad.csv:6901: Body ID 'a300' already on line 300"``
    duplicate_ids: list[str] = dataclasses.field(default_factory=list)

    def duplicate_id_lines(self, shown: int | None = None) -> list[str]:
        """fix30: a heading, then one line a duplicated source id (the first ``shown``, default
        :data:`~annotator.formats.common.DUPLICATE_IDS_SHOWN`) and "… and N more duplicated ids";
        [] when none."""
        return duplicate_id_lines(self.duplicate_ids, DUPLICATE_IDS_SHOWN if shown is None else shown)

    def tsv_note(self) -> str:
        """``"a.tsv read as quoted TSV (Excel / csv module style)"`` and/or ``"b.tsv read as plain
        TSV (quotation marks kept as text)"`` (at most 3 names each, then "and N more"), or ""."""
        notes = []
        for how, said in (("quoted", "read as quoted TSV (Excel / csv module style)"),
                          ("literal", "read as plain TSV (quotation marks kept as text)")):
            names = [name for name, read in self.tsv_read.items() if read == how]
            if names:
                more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                notes.append(f"{', '.join(names[:3])}{more} {said}")
        return "; ".join(notes)

    def joined_note(self) -> str:
        """ui22 (usertest20 M4): ``"read 3 brat spans whose text field ran over line breaks …: first
        x.ann:51"``, or ""."""
        if not self.joined:
            return ""
        n = len(self.joined)
        return (f"read {n:,} brat span{'s' if n != 1 else ''} whose text field ran over line breaks in the .ann (brat "
                f"itself rejects such lines; the offsets and the text joined agree with the .txt): "
                f"{'first ' if n > 1 else ''}{self.joined[0]}")

    def copies_lines(self, shown: int | None = None) -> list[str]:
        """ui26 (usertest22 L1: the polnear-train summary was one 3,441-character line): the copies
        this import merged, for a summary that gives them their own lines — a heading, then one
        line a copy (the first ``shown``, default :data:`COPIES_SHOWN`) and "… and N more copies";
        [] when none."""
        if not self.copies:
            return []
        shown = COPIES_SHOWN if shown is None else shown
        n, more = len(self.copies), len(self.copies) - shown
        return ([f"{'This copy' if n == 1 else f'These {n:,} copies'} of articles met earlier in the import "
                 f"{'was' if n == 1 else 'were'} merged into the first:"] + self.copies[:shown]
                + ([f"… and {more:,} more cop{'y' if more == 1 else 'ies'}"] if more > 0 else []))

    def left_out_lines(self) -> list[str]:
        """:meth:`left_out_note`, one line per reason (ui26)."""
        return [f"left out: {n:,} × {reason}" for reason, n in self.left_out.items()]  # fix44: 1,885 as every count

    def left_out_note(self) -> str:
        """``"left out: 2,185 × Attribution spans (--label-map Attribution=)"``, one per reason, or ""."""
        return "; ".join(self.left_out_lines())


def _source(path: Path, fmt: str, *, txt_path: Path | None = None) -> Source:
    if fmt == "txt":
        return Source(path, fmt, partial(txt.read, path))
    if fmt == "jsonl":
        return Source(path, fmt, partial(jsonl.read, path))
    if fmt == "csv":
        return Source(path, fmt, partial(csvfmt.read, path))
    if fmt == "brat":
        return Source(path, fmt, partial(brat.read, path, txt=txt_path), text_path=txt_path)
    if fmt == "conll":
        return Source(path, fmt, partial(conll_import.read, path))
    raise ValueError(fmt)


def plan(paths: list[Path], fmt: str = "auto", repeated: list[Path] | None = None, *, text_column: str | None = None,
         encoding: str = "utf-8", passed_over: list[str] | None = None) -> list[Source]:
    """The sources to read, in order; an :class:`InputError` for a path that cannot be read as asked.
    A file given twice (named twice, or also inside a folder given: ``x.ann dir/`` holding it) is
    read once — read twice, its articles counted as "already in the project" the second time and
    its records as "already there", numbers that described no file (fix11q, usertest11g 9); each
    file left out so is appended to ``repeated`` for the summary to name.

    ui27 (usertest23 M3): in a folder given with ``fmt`` "auto" that holds brat or .txt articles,
    a .csv/.tsv with no text column (none of :data:`csvfmt.TEXT_COLUMNS`, or not ``text_column``
    when given; its header read as ``encoding``) is a table about them (PolNeAR's metadata.tsv),
    not articles: it is left out and ``"d/metadata.tsv: no text column, not read as articles (…)"``
    appended to ``passed_over``. A table file named itself still fails as before."""
    sources: list[Source] = []
    seen: dict[tuple[Path, str], set[Path]] = {}  # each source read → the names given that lead to it
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder; check the path", path=str(path))
        if not path.is_dir() and not path.is_file():
            # A FIFO, socket or device: reading one waits for a writer forever (or never ends).
            raise InputError("is not a regular file (a FIFO, socket or device); save the data to a file and import that",
                             path=str(path))
        found = _plan_folder(path, fmt) if path.is_dir() else [_plan_file(path, fmt)]
        if path.is_dir() and fmt == "auto" and any(s.format in ("brat", "txt") for s in found):
            found = _without_tables_of_no_text(found, text_column, encoding, passed_over)
        if not found and fmt == "auto" and path.is_dir() and any(path.rglob("*.spacy")):
            raise InputError(DOCBIN_EXPORT_ONLY, path=str(path))  # a sharded DocBin export (00000.spacy, …)
        if not found:
            wanted = {"auto": ".txt, .jsonl, .csv, .tsv, brat .ann or CoNLL .conll/.iob", "txt": ".txt", "jsonl": ".jsonl", "csv": ".csv or .tsv",
                      "brat": ".ann", "conll": ".conll or .iob"}[fmt]
            raise InputError(f"has no {wanted} files to import", path=str(path))
        for source in found:
            key = (source.path.absolute(), source.format)  # not resolve(): two links to one file are two names given
            # fix11t (usertest11i 13): a brat .txt given beside its .ann names the pair, not the .ann
            # again ("b.ann given more than once" when it was given once): only a name given twice is said
            name = path.absolute() if path.is_file() else source.path.absolute()
            if key in seen:
                if repeated is not None and name in seen[key]:
                    repeated.append(source.path)
                seen[key].add(name)
                continue
            seen[key] = {name}
            sources.append(source)
    return sources


#: fix11v (usertest11j F8): a spaCy DocBin given to import — refused with why (it read "cannot tell the
#: format from the name") and what to do instead
DOCBIN_EXPORT_ONLY = ("is a spaCy DocBin: DocBin is export only — import reads txt, jsonl, csv or brat; to bring "
                      "an analyst's layer back, export it as JSONL (--format jsonl: its spans name their analyst)")


#: usertest19 L6 refused a tab-separated file by its name; usertest20 L6: it is read as CSV with
#: the delimiter ``\t`` (:func:`csvfmt.delimiter_of`) and no quoting (usertest21 M2), by the csv module only (the fast record
#: reader is of comma-separated fields), with the CSV checks (text column, encoding, file:line).
#: The same file named .csv is refused as "separated by tabs" (csvfmt.find_text_column).
TAB_SEPARATED_SUFFIXES = csvfmt.TAB_SUFFIXES


def _plan_file(path: Path, fmt: str) -> Source:
    suffix = path.suffix.lower()
    if fmt == "brat" or (fmt == "auto" and (suffix == ".ann" or (suffix == ".txt" and brat.ann_for(path)))):
        if suffix == ".ann":
            return _source(path, "brat")
        ann = brat.ann_for(path)
        if ann is None:
            raise InputError(f"has no brat annotation file beside it ({path.with_suffix('.ann').name})", path=str(path))
        return _source(ann, "brat", txt_path=path)
    if fmt != "auto":
        return _source(path, fmt)
    if suffix == ".txt":
        return _source(path, "txt")
    if suffix in JSONL_SUFFIXES:
        return _source(path, "jsonl")
    if suffix == ".csv" or suffix in TAB_SEPARATED_SUFFIXES:
        return _source(path, "csv")
    if suffix in conll_import.SUFFIXES:
        return _source(path, "conll")
    if suffix == ".spacy":
        raise InputError(DOCBIN_EXPORT_ONLY, path=str(path))
    raise InputError(
        f"cannot tell the format from the name ({suffix or 'no suffix'}); pass --format txt, jsonl, csv, brat or conll", path=str(path)
    )


def _without_tables_of_no_text(found: list[Source], text_column: str | None, encoding: str,
                               passed_over: list[str] | None) -> list[Source]:
    """``found`` less its table files that have no text column (:func:`plan`, ui27); a table
    whose header cannot be read is kept, for its reader to report as before."""
    kept: list[Source] = []
    for source in found:
        if source.format == "csv" and csvfmt.text_column_missing(source.path, text_column, encoding):
            if passed_over is not None:
                passed_over.append(f"{source.path}: no text column, not read as articles (a table beside the folder's "
                                   "article files)")
            continue
        kept.append(source)
    return kept


def _plan_folder(folder: Path, fmt: str) -> list[Source]:
    from annotator.formats.common import iter_files

    if fmt == "txt":
        return [_source(p, "txt") for p in iter_files(folder, (".txt",))]
    if fmt == "jsonl":
        return [_source(p, "jsonl") for p in iter_files(folder, JSONL_SUFFIXES)]
    if fmt == "csv":
        return [_source(p, "csv") for p in iter_files(folder, (".csv", *TAB_SEPARATED_SUFFIXES))]
    if fmt == "conll":
        return [_source(p, "conll") for p in iter_files(folder, conll_import.SUFFIXES)]
    sources: list[Source] = []
    texts_of_ann: set[Path] = set()
    for ann in iter_files(folder, (".ann",)):
        text_path = brat.text_for(ann)
        if text_path is not None:
            texts_of_ann.add(text_path.resolve())
        sources.append(_source(ann, "brat", txt_path=text_path))
    if fmt == "brat":
        return sources
    for path in iter_files(folder, (".txt", *JSONL_SUFFIXES, ".csv", *TAB_SEPARATED_SUFFIXES, *conll_import.SUFFIXES)):
        if path.suffix.lower() == ".txt":
            if path.resolve() not in texts_of_ann:
                sources.append(_source(path, "txt"))
        else:
            sources.append(_plan_file(path, "auto"))
    return sources


def read_all(
    sources: list[Source], options: ImportOptions, *, skip_errors: bool, skipped: list[InputError],
    on_item: Callable[[], None] | None = None, suggested: list[tuple[int, list[tuple[Any, dict[str, Any]]]]] | None = None,
    left_out: dict[str, int] | None = None, analyst: str = "", copies: list[str] | None = None,
    word_counts: dict[str, int] | None = None, joined: list[str] | None = None, dropped: list[InputError] | None = None,
    duplicate_ids: list[str] | None = None,
) -> Iterator[ArticleBundle]:
    """Every bundle of every source, in order. A bad record raises (rolling the import back) or,
    with ``skip_errors``, is recorded in ``skipped``.

    Every reader passes through here, so the checks no reader can be trusted to make are made
    here: no article text may be blank, and no text of a bundle may hold a lone surrogate (it
    cannot be stored) or a NUL (it is no text). ``suggested``
    collects, by the bundle's position in the output, the records that carry the machine's
    original suggestion (our own JSONL export).

    A record that states its annotations (:attr:`Item.annotated`) read for an analyst's layer —
    ``analyst`` (``import --analyst``) or, with ``options.analyst_from_filename``, its file's — is
    that analyst's whole version of the article (:attr:`ArticleBundle.version_of`): importing it
    replaces their layer of the article (docs/team.md) — as far as the file can carry: its
    :attr:`ArticleBundle.carries` is the set of statuses that appear in the whole file (one set
    shared by the file's bundles, filled as it is read: complete once the import has read it,
    before any layer is written; empty — accepted only — when none appear), fix11l.

    fix11x (usertest11k F4): an article met again in the same import (the same text) is named in
    ``copies`` ("``b.jsonl:4 is the same article as b.jsonl:3: merged into it; its title «x»
    dropped``"); a second copy for the same analyst's layer whose annotations or status differ
    from the first's raises :class:`InputError` naming both (merged, it put PERSON and ORG on one
    span of one analyst's layer): nothing is written.

    ``word_counts``: given, a large input is read in a second process
    (:mod:`annotator.formats.import_pool`: the readers, the checks, each text's word count) and
    it gets each text's word count by text hash, for the insert; the bundles are the same.

    ``joined`` and ``dropped`` collect :attr:`Item.joined` and :attr:`Item.dropped` of the records
    imported (ui22: brat spans read across line breaks; with ``skip_errors`` the bad lines left out
    of a record whose rest was read).

    ``duplicate_ids`` (fix30) collects a line for each record imported whose meta holds a source
    id (:func:`~annotator.formats.common.is_id_column`) met before in the import, per layer."""
    options = dataclasses.replace(options, skip_errors=skip_errors)
    items: Iterator[tuple[int, Item, InputError | None]]
    if word_counts is not None and import_pool.wanted(sources):
        items = import_pool.read(sources, options, word_counts)
    else:
        items = checked_items(sources, options)
    try:
        for bundle, item in _read_items(items, sources, options, skip_errors, skipped, on_item, suggested, left_out, analyst, copies,
                                        duplicate_ids):
            if joined is not None:
                joined.extend(item.joined)
            if dropped is not None:
                dropped.extend(item.dropped)
            yield bundle
    finally:
        items.close()  # a second reading process stops now, not when this frame is collected


def _read_items(items: Iterator[tuple[int, Item, InputError | None]], sources: list[Source], options: ImportOptions,
                skip_errors: bool, skipped: list[InputError], on_item: Callable[[], None] | None,
                suggested: list[tuple[int, list[tuple[Any, dict[str, Any]]]]] | None, left_out: dict[str, int] | None,
                analyst: str, copies: list[str] | None,
                duplicate_ids: list[str] | None = None) -> Iterator[tuple[ArticleBundle, Item]]:
    """:func:`read_all`'s loop over the checked items: each bundle with the item it came in."""
    ids = SourceIds() if duplicate_ids is not None else None
    position = 0
    first: dict[tuple[str, str], tuple[str, Any]] = {}  # (layer, text hash) -> where the first copy was, its content
    reading = -1
    carried: set[Status] = set()
    for number, item, error in items:
        source = sources[number]
        if number != reading:
            reading, carried = number, set()
        if on_item is not None:
            on_item()
        if error is not None:
            if not skip_errors or isinstance(error, RestUnreadable):
                raise unskippable(error) if skip_errors else error
            skipped.append(error)
        elif item.bundle is not None:
            layer = analyst
            if options.analyst_from_filename:
                layer = analyst_from_path(Path(item.path or source.path))
                if layer and options.own_analyst and layer.casefold() == options.own_analyst.casefold():  # fix11am (L4): never skipped; 'Ana' is ana, as assign says
                    raise own_file_layer_error(layer, options.own_file, path=str(item.path or source.path), from_name=True)
                item = dataclasses.replace(item, bundle=_in_layer(item.bundle, layer))
            _note_copy(item, source, layer if item.annotated else "", first, copies)
            if layer and (unknown := _unknown_label(item, source, options, layer)) is not None:
                if not skip_errors:
                    raise unknown
                skipped.append(unknown)
                continue
            if layer and item.annotated:
                item.bundle.version_of = layer
                item.bundle.carries = carried
                bundle = item.bundle
                carried.update(r.status for records in (bundle.spans, bundle.relations, bundle.stances) for r in records)
            if suggested is not None and isinstance(item.bundle, ReviewedBundle) and item.bundle.suggestions:
                suggested.append((position, _with_suggestions(item.bundle)))
            position += 1
            if ids is not None and item.bundle.article.meta:  # fix30: a source id met before, said
                before = len(ids.said)
                ids.note_meta(item.bundle.article.meta, str(item.path or source.path), item.line, layer)
                duplicate_ids.extend(ids.said[before:])  # type: ignore[union-attr]
            if left_out is not None:  # what the reader left out of an imported record (fix10)
                for reason, n in item.left_out.items():
                    left_out[reason] = left_out.get(reason, 0) + n
            yield item.bundle, item


def _unknown_label(item: Item, source: Source, options: ImportOptions, layer: str) -> InputError | None:
    """fix11aj (usertest11q L0): a span label of a record read for ``layer`` (an analyst's layer:
    ``import --analyst`` or ``--analyst-from-filename``) of a JSONL file that the project's schema does not have,
    as an error naming file:line and what to do; None when every label is the schema's. Into an
    analyst's layer only: ``merge`` refuses an analyst's file of another schema, and a label the
    schema lacks went silently into layer "other", where no agreement or curation compares it
    with the others' labels. (A plain import keeps unknown labels in the project's own layer.)"""
    if options.schema is None or item.bundle is None or source.format != "jsonl":
        # brat (a PolNeAR annotator's .ann, another tool's tag set) is mapped with --label-map, and
        # the labels it leaves keep going to layer "other" as documented (the PolNeAR agreement
        # compares them there); a JSONL file is this app's own export, made under a schema: a
        # label ours lacks means another schema, refused as merge refuses it
        return None
    known = {label.name for label in options.schema.labels}
    unknown = sorted({s.label for s in item.bundle.spans if s.label not in known})
    if not unknown:
        return None
    names = ", ".join(unknown)
    return InputError(f"label{'s' if len(unknown) > 1 else ''} {names} not in the project's schema, so not "
                      f"for {layer}'s layer (merge refuses another schema likewise): map {'them' if len(unknown) > 1 else 'it'} "
                      f"to a schema label with --label-map {unknown[0]}=LABEL (or {unknown[0]}= to drop it), or add "
                      f"{'them' if len(unknown) > 1 else 'it'} to the schema (`annotator schema PROJECT --set FILE`), then import again",
                      path=str(item.path or source.path), line=item.line)


def checked_items(sources: list[Source], options: ImportOptions) -> Iterator[tuple[int, Item, InputError | None]]:
    """Every item of every source in order, as ``(index of its source, item, error)``: the
    reader's own error, else the one :func:`_unstorable` finds in its bundle (blank text, a lone
    surrogate, a NUL), else None. Pure: no project, so it can run in the import's reading
    process (:mod:`annotator.formats.import_pool`)."""
    for number, source in enumerate(sources):
        for item in source.reader(options):
            error = item.error
            if error is None and item.bundle is not None:
                error = _unstorable(item, source, options)
            yield number, item, error


_NO_RECORDS = (frozenset(), frozenset(), frozenset(), frozenset())


def _content(bundle: ArticleBundle) -> tuple[Any, ...]:
    """What one copy of an article says for a layer: its status and its records by place and label
    (ids aside), for telling two copies of one article in one import apart."""
    if not (bundle.spans or bundle.relations or bundle.stances or bundle.tags):  # a CSV row, a text: nothing to build
        return (str(bundle.article.status), *_NO_RECORDS)
    at = {s.id: (s.start, s.end, s.label) for s in bundle.spans}
    return (str(bundle.article.status),
            frozenset((s.start, s.end, s.label, str(s.status)) for s in bundle.spans),
            frozenset((at.get(r.head), at.get(r.child), r.label, str(r.status)) for r in bundle.relations),
            frozenset((st.holder, st.target, st.polarity, at.get(st.evidence), str(st.status)) for st in bundle.stances),
            frozenset(t.tag for t in bundle.tags))


COPIES_SHOWN = 10  # copies of one article named in the import summary (then "… and N more")


def _note_copy(item: Item, source: Source, layer: str, first: dict[tuple[str, str], tuple[str, Any]],
               copies: list[str] | None) -> None:
    """fix11x (F4): remember where each article (by text, per ``layer``: an analyst's version, or
    "" the own layer / text alone) was first met in this import; name a later copy in ``copies``
    (with a title it drops), or raise :class:`InputError` for a second, different version of one
    article for one analyst."""
    assert item.bundle is not None
    article = item.bundle.article
    where = f"{item.path or source.path}{f':{item.line}' if item.line is not None else ''}"
    key = (layer, article.text_hash)  # another analyst's version of the article is no copy: their own layer
    seen = first.get(key)
    if seen is None:
        first[key] = (where, (article.title, _content(item.bundle)))
        return
    was, (title, content) = seen
    if layer and _content(item.bundle) != content:
        raise InputError(f"the same article as {was} again, for {layer}'s layer, with other annotations or another status: "
                         f"one import takes one version of an article per analyst (merged, both would be {layer}'s at once) — "
                         f"keep one of the two copies and import again", path=str(item.path or source.path), line=item.line)
    if copies is None:
        return
    kept = f"«{title}»" if title else "no title: the first copy had none"
    dropped = f"; its title «{article.title}» dropped (the article keeps {kept})" if article.title and article.title != title else ""
    copies.append(f"{where} is the same article as {was}: merged into it{dropped}")


def analyst_from_path(path: Path) -> str:
    """The analyst whose layer a file's annotations go to with ``--analyst-from-filename``
    (docs/team.md): a PolNeAR-style ``attributions/X_<annotator>.ann`` whose text is
    ``text/X.txt`` (the name without the suffix, as :func:`brat_read.text_for` pairs them) →
    ``<annotator>``; any other file → the name of its folder, as brat keeps one folder per
    annotator of the same texts (``--layer all`` writes that); a folder named ``gold`` → "" (the
    own/gold layer)."""
    stem = path.stem
    if path.suffix == ".ann" and "_" in stem:
        base, _, suffix = stem.rpartition("_")
        text = brat.text_for(path)
        if text is not None and text.stem == base and suffix:
            return suffix
    folder = path.parent.name
    return "" if folder == "gold" else folder


def _in_layer(bundle: ArticleBundle, analyst: str) -> ArticleBundle:
    """``bundle`` with every record in ``analyst``'s layer (the same type of bundle)."""
    moved = copy.copy(bundle)
    for field in ("spans", "relations", "stances", "tags"):
        setattr(moved, field, [dataclasses.replace(r, analyst=analyst) for r in getattr(bundle, field)])
    return moved


def _unstorable(item: Item, source: Source, options: ImportOptions) -> InputError | None:
    """An :class:`InputError` naming file and line when the item's bundle holds text that cannot
    be stored (a lone surrogate), else None. Readers that read a whole file as one record (txt,
    brat) give no line: the text's own line is named, in the text file; for any other field the
    first line of the file holding that string."""
    assert item.bundle is not None
    path, line = item.path or str(source.path), item.line
    if is_blank(item.bundle.article.text):  # every reader's empty check, once more for all of them
        return InputError(f"the article's text is empty ({BLANK}); add the article's text or remove it", path=path, line=line)
    found, message = first_lone_surrogate(item.bundle), lone_surrogate_message
    if found is None:
        found, message = first_nul(item.bundle), (lambda field, value, index: nul_message(field, index, value[index]))
    if found is None:
        return None
    field, value, index = found
    if field == "meta._import.file" and message is lone_surrogate_message:  # the name came from the file system (fix41: under _import)
        return InputError("the file name is not valid UTF-8 (it holds the byte "
                          f"{value[index].encode('utf-8', 'surrogateescape')[0]:#04x}); rename the file", path=path)
    if line is None:
        if field == "text":
            text_file = source.text_path or (brat.text_for(source.path) if source.format == "brat" else None)
            path = str(text_file or path)
            line = value.count("\n", 0, index) + 1
        else:
            line = _line_holding(Path(path), value, options.encoding)
    return InputError(message(field, value, index), path=path, line=line)


def _line_holding(path: Path, value: str, encoding: str) -> int | None:
    """The first line of ``path`` (decoded as ``encoding``) that contains ``value``, if any."""
    try:
        text = path.read_bytes().decode(encoding, errors="replace")
    except (OSError, LookupError):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if value in line:
            return number
    return None


def _with_suggestions(bundle: ReviewedBundle) -> list[tuple[Any, dict[str, Any]]]:
    records: list[Any] = [*bundle.spans, *bundle.relations, *bundle.stances]
    return [(r, bundle.suggestions[r.id]) for r in records if r.id in bundle.suggestions]


def import_sources(
    project: Project, sources: list[Source], options: ImportOptions, *, skip_errors: bool = False, by: str = "",
    on_item: Callable[[], None] | None = None, analyst: str = "", record_by: str | None = None,
    index_later: bool = False,
) -> ImportReport:
    """Import every source into ``project`` in one transaction (see the module docstring).
    ``analyst``: every annotation goes to that analyst's layer (``import --analyst``, docs/team.md).
    ``by``: who imports (the change log); ``record_by``: who made a record the file does not say
    the maker of (default ``by``; :meth:`Project.import_bundles`). ``index_later``: the new
    articles go into the full-text index at its first use after the commit, not in the import's
    transaction (:meth:`Project.import_bundles`)."""
    check_encoding(options.encoding)
    if find_lone_surrogate(by) is not None:
        raise InputError("--by is not valid text (it holds bytes that are not UTF-8); give the name in UTF-8")
    own = project.analyst_name()
    if own and analyst and analyst.casefold() == own.casefold():  # fix11am (L4): a layer merge would skip ('Ana' is ana, as for assign)
        raise own_file_layer_error(own, project.path.name, path=str(project.path))
    options = dataclasses.replace(options, own_analyst=own, own_file=project.path.name)
    from annotator.formats import plain_import

    tsv_read = _tsv_read(sources, options)
    if plain_import.applies(sources, options, analyst):  # CSV rows: no records to build or merge (import12k)
        report = plain_import.import_plain(project, sources, options, skip_errors=skip_errors, by=by, on_item=on_item,
                                           index_later=index_later)
        _nothing_imported(report.result, report.skipped)
        report.tsv_read = tsv_read
        return report
    skipped: list[InputError] = []
    left_out: dict[str, int] = {}
    suggested: list[tuple[int, list[tuple[Any, dict[str, Any]]]]] = []
    copies: list[str] = []
    joined: list[str] = []
    dropped: list[InputError] = []
    word_counts: dict[str, int] = {}  # text hash -> words, filled by the reading process when there is one
    duplicate_ids: list[str] = []
    formats = ",".join(sorted({s.format for s in sources}))
    bundles = read_all(sources, options, skip_errors=skip_errors, skipped=skipped, on_item=on_item, suggested=suggested,
                       left_out=left_out, analyst=analyst, copies=copies, word_counts=word_counts, joined=joined,
                       dropped=dropped, duplicate_ids=duplicate_ids)
    from annotator.formats.respace_import import WhitespaceMatch

    respace = WhitespaceMatch(project)  # fix38: an article of the project with its whitespace changed is that article
    with project.writing(), contextlib.closing(bundles):  # the import and the suggestions it restores to the change log: all or nothing
        # (closing: on an error or a cancel the reading process, if any, stops before the rollback returns)
        result = project.import_bundles(respace.stream(bundles, suggested), by=by, origin=f"import {formats}", analyst=analyst,
                                        record_by=record_by, word_counts=word_counts, index_later=index_later)
        respace.keep_keys(result.article_ids)
        if respace.matched:
            result = dataclasses.replace(result, respaced=respace.matched)
        log_imported_suggestions(
            project,
            [ImportedSuggestion(result.article_ids[position], record, suggestion)
             for position, records in suggested for record, suggestion in records
             if not analyst and not record.analyst],  # the machine's suggestions of gold records only
            by=by,
        )
    _nothing_imported(result, skipped)
    return ImportReport(result=result, files=len(sources), skipped=skipped, left_out=left_out, copies=copies,
                        joined=joined, dropped=dropped, tsv_read=tsv_read, duplicate_ids=duplicate_ids)


def _tsv_read(sources: list[Source], options: ImportOptions) -> dict[str, str]:
    """:attr:`ImportReport.tsv_read`: each tab-separated source's :func:`csvfmt.tsv_quoting`, when
    not "" (the reader, maybe in the second process, decides the same from the same file)."""
    read = {}
    for source in sources:
        if source.format == "csv" and csvfmt.delimiter_of(source.path) == "\t":
            if how := csvfmt.tsv_quoting(source.path, options.encoding):
                read[source.path.name] = how
    return read


def _nothing_imported(result: ImportResult, skipped: list[InputError]) -> None:
    """Raise :class:`InputError` when every record was bad (skipped) and nothing was imported."""
    if result.added == 0 and result.duplicates == 0 and skipped:
        first = skipped[0]
        from annotator.domain.words import plural_verb

        # usertest19 L5: "all 1 records were bad"
        bad = "its only record was" if len(skipped) == 1 else f"all {plural_verb(len(skipped), 'record', 'was')}"
        raise InputError(f"nothing could be imported: {bad} bad; {'why' if len(skipped) == 1 else 'the first'}: {first}")
