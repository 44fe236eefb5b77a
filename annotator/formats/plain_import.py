"""The import of CSV files whose rows are articles and nothing else, row by row without records
(issue 12, import12k).

A CSV row holds an article's text and fields, never annotations; the general import builds an
:class:`~annotator.formats.common.Item`, an :class:`~annotator.domain.model.ArticleBundle` and an
:class:`~annotator.domain.model.Article` of each row, walks them through the checks, the copy
notes, the layer split and merge planning (which has nothing to do for them), and takes the
article's row back out of them to insert it. Here each row becomes the tuple that is inserted:
``(text, text_hash, title, publisher, url, published, meta JSON, words)``
(:meth:`annotator.storage.project.Project.import_plain_articles`), with the same values, the
same checks, the same errors (file:line, message), the same change log and the same result and
report as the general import (``tests/formats/test_plain_import.py`` compares the two).

* **Read, then finished.** The reading (:func:`entries`) makes each row a :data:`Read`: the text
  as its UTF-8 bytes — as the CSV reader read them (import18), else encoded to check it —, which the second process sends
  without encoding them again (a ``str`` is pickled as UTF-8 and decoded on arrival) and SQLite
  stores as they are (``CAST(? AS TEXT)``); :func:`finished`, in the writing process, adds the
  hash and, for nearly every text, the word count (:func:`annotator.domain.words.word_count_narrow`).
  Those two are work on bytes that the writer does while the reader is already reading the next
  batch: the reader was the longer of the two (issue 12, import13).

* **Checks.** A row that any cheap test cannot clear — a field count that is not the header's, a
  blank text, a text that does not encode as UTF-8 (a lone surrogate), a NUL in any field, a
  header or file name that is not storable, two columns for one article field — is built the
  general way (:func:`annotator.formats.csvfmt._item`, :func:`annotator.formats._unstorable`):
  its error, or its values, are exactly the general import's.
* **Where.** :func:`entries` is pure (no project): a large input is read in the import's second
  process (:func:`annotator.formats.import_pool.read_plain`), which then sends finished rows.
* **When.** :func:`applies`: every source is a CSV file read by :func:`csvfmt.read` and the
  import goes to the project's own layer (no ``--analyst``, no ``--analyst-from-filename``).
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.domain.batching import batched
from annotator.domain.errors import InputError, RestUnreadable, unskippable
from annotator.domain.model import guess_title
from annotator.domain.provenance import IMPORT_KEY
from annotator.domain.words import has_wide_space, word_count, word_count_narrow
from annotator.formats import csvfmt
from annotator.formats.common import (
    ImportOptions, Item, SourceIds, find_lone_surrogate, has_control, has_control_bytes, is_blank, is_id_column,
)

if TYPE_CHECKING:
    from annotator.formats import ImportReport, Source
    from annotator.storage.project import Project

#: One entry of :func:`entries`: ``(index of its source, line, row)`` for a row to insert (row:
#: :data:`Read`), ``(index, None, error)``, or ``(index, 0, note)`` after a row whose source id
#: was met before (fix30: ``note`` a line of :class:`~annotator.formats.common.SourceIds`).
Entry = tuple[int, "int | None", Any]
#: A row as read: ``(text as UTF-8 bytes, title, publisher, url, published, meta JSON, words)``,
#: ``words`` None when :func:`finished` counts them on the bytes (the text has no whitespace
#: beyond ASCII). :func:`finished` makes it the inserted row.
Read = tuple[bytes, str, str, str, str, str, "int | None"]

_ENCODE_META = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # as the general import's article row


def applies(sources: Sequence[Source], options: ImportOptions, analyst: str) -> bool:
    """Whether :func:`import_plain` imports ``sources`` (module docstring, "When")."""
    # (a source read by another function than csvfmt's reader — a caller's own — goes the general way)
    return (bool(sources) and not analyst and not options.analyst_from_filename
            and all(s.format == "csv" and getattr(s.reader, "func", None) is csvfmt.read for s in sources))


class _Layout:
    """How a file's rows become article rows, worked out once from its header. ``fast`` is False
    when a row's fields cannot be placed without looking at its values (two columns for one
    article field: the first non-empty one wins; a column named twice, or ``_import``, the
    provenance's reserved key, which the general way refuses) or its header or file name is not storable: then every
    row is built the general way."""

    def __init__(self, header: list[str], text_index: int, path: Path) -> None:
        self.width = len(header)
        self.text_index = text_index
        self.file = path.name
        self.field_at: dict[str, int] = {}
        self.meta_at: list[tuple[str, int]] = []
        fast = True
        for index, name in enumerate(header):
            if index == text_index:
                continue
            target = csvfmt.ARTICLE_COLUMNS.get(name.strip().lower())
            if target is not None:
                fast = fast and target not in self.field_at
                self.field_at[target] = index
            else:
                fast = fast and name != IMPORT_KEY and all(name != n for n, _ in self.meta_at)
                self.meta_at.append((name, index))
        names = "".join(header) + self.file
        self.fast = fast and not has_control(names) and find_lone_surrogate(names) is None
        self.others = [i for i in range(self.width) if i != text_index]
        self.title, self.publisher, self.url, self.published = (self.field_at.get(f) for f in ("title", "publisher", "url", "published"))
        # The meta's JSON as a format string: its keys sorted, each column's value a "{}" filled
        # with encode_basestring (what JSONEncoder(ensure_ascii=False) writes a string with), the
        # row number a "{}" too: 0.1 s of 10,000 rows less than a dict and JSONEncoder.encode.
        # The provenance is one object under IMPORT_KEY (fix41): {"file": <the file>, "row": <the line>}.
        keys = sorted([*self.meta_at, (IMPORT_KEY, -1)], key=lambda key: key[0])
        pieces, self.meta_order = [], []
        for name, index in keys:
            if index < 0:
                file = encode_basestring(self.file).replace("{", "{{").replace("}", "}}")
                value = f'{{{{"file": {file}, "row": {{}}}}}}'
            else:
                value = "{}"
            self.meta_order.append(index)
            pieces.append(f"{encode_basestring(name).replace('{', '{{').replace('}', '}}')}: {value}")
        self.meta_format = "{{" + ", ".join(pieces) + "}}"

    def row(self, row: list[str], line: int, data: bytes | None = None) -> Read | None:
        """The :data:`Read` of ``row``, or None when a cheap test cannot clear it (the caller
        builds it the general way). ``data``: the text's UTF-8 bytes when the reader has them."""
        if not self.fast or len(row) != self.width:
            return None
        text = row[self.text_index]
        if is_blank(text):
            return None
        if data is None:
            try:
                data = text.encode("utf-8")  # fails exactly at a lone surrogate; else the bytes stored and hashed
            except UnicodeEncodeError:
                return None
        if has_control_bytes(data):  # a control character (a byte scan, cheaper than the str's)
            return None
        others = "".join([row[i] for i in self.others])
        if has_control(others) or (not others.isascii() and find_lone_surrogate(others) is not None):
            return None
        title = "" if self.title is None else row[self.title]
        meta = self.meta_format.format(*[str(line) if i < 0 else encode_basestring(row[i]) for i in self.meta_order])
        return (data, title or guess_title(text), "" if self.publisher is None else row[self.publisher],
                "" if self.url is None else row[self.url], "" if self.published is None else row[self.published], meta,
                len(text.split()) if has_wide_space(text) else None)


def finished(read: Read) -> tuple[Any, ...]:
    """The row :meth:`~annotator.storage.project.Project.import_plain_articles` inserts
    (:data:`~annotator.storage.project.PLAIN_ARTICLE`) of a :data:`Read`: its hash and its word
    count added, the text left as its UTF-8 bytes."""
    data, title, publisher, url, published, meta, words = read
    return (data, hashlib.sha256(data).hexdigest(), title, publisher, url, published, meta,
            word_count_narrow(data) if words is None else words)


def _general(row: list[str], line: int, header: list[str], text_index: int, source: Source,
             options: ImportOptions) -> Read | InputError:
    """The :data:`Read` of the row the general import makes of ``row``, or its error:
    :func:`csvfmt._item` and :func:`annotator.formats._unstorable`, as
    :func:`annotator.formats.checked_items` runs them."""
    from annotator.formats import _unstorable

    item = csvfmt._item(row, header, text_index, source.path, line)
    error = item.error
    if error is None and item.bundle is not None:
        error = _unstorable(item, source, options)
    if error is not None:
        return error
    assert item.bundle is not None
    a = item.bundle.article
    # (storable: valid UTF-8, so the hash finished() makes of the bytes is a.text_hash)
    return (a.text.encode("utf-8"), a.title, a.publisher, a.url, a.published, _ENCODE_META(dict(a.meta)), word_count(a.text))


def entries(sources: Sequence[Source], options: ImportOptions) -> Iterator[Entry]:
    """Every row of every source, in order, as :data:`Entry`; pure (no project): it runs in the
    import's reading process for a large input. A row whose id column (:func:`is_id_column`) holds
    a value met before in the import is followed by its note (fix30)."""
    ids = SourceIds()
    for number, source in enumerate(sources):
        header: list[str] = []
        text_index = 0
        layout: _Layout | None = None
        id_columns: list[tuple[str, int, dict[str, Any]]] = []
        path = str(source.path)
        for entry in csvfmt.file_rows(source.path, options):
            if isinstance(entry, Item):
                yield number, None, entry.error
            elif entry[0] is None:
                header, text_index = entry[1], entry[2]
                layout = _Layout(header, text_index, source.path)
                # the columns that go to meta (not the text, not an article field) whose names say id
                id_columns = [(name, index, ids.column(name)) for index, name in enumerate(header) if index != text_index
                              and csvfmt.ARTICLE_COLUMNS.get(name.strip().lower()) is None and is_id_column(name)]
            else:
                line, row, data = entry
                assert layout is not None
                made = layout.row(row, line, data)
                if made is None:
                    made = _general(row, line, header, text_index, source, options)
                    if isinstance(made, InputError):
                        yield number, None, made
                        continue
                yield number, line, made
                for name, index, seen in id_columns:  # a row read has the header's width
                    value = row[index]
                    if value not in seen:
                        seen[value] = (path, line)
                    elif (said := ids.again(name, value, path, line)) is not None:
                        yield number, 0, said


BATCH = 500  # rows a batch: what the reading process sends at once and the writer inserts


def import_plain(project: Project, sources: list[Source], options: ImportOptions, *, skip_errors: bool, by: str,
                 on_item: Callable[[], None] | None, index_later: bool) -> ImportReport:
    """:func:`annotator.formats.import_sources` for sources :func:`applies` to: one transaction;
    the first bad row raises its :class:`InputError` (nothing written) or, with ``skip_errors``,
    is listed in the report's ``skipped``; a later copy of an article is named in ``copies``."""
    from annotator.formats import ImportReport, import_pool

    skipped: list[InputError] = []
    copies: list[str] = []
    duplicate_ids: list[str] = []
    first: dict[str, tuple[int, int, str]] = {}  # text hash -> its first copy's source and line, its title
    batches: Iterator[list[Entry]]
    if import_pool.wanted(sources):
        batches = import_pool.read_plain(sources, options)
    else:
        batches = batched(entries(sources, options), BATCH)
    paths = [str(s.path) for s in sources]

    def rows() -> Iterator[list[tuple[Any, ...]]]:
        for batch in batches:
            out = []
            for number, line, made in batch:
                if not line and line is not None:  # 0: a note on the row before (fix30)
                    duplicate_ids.append(made)
                    continue
                if on_item is not None:
                    on_item()
                if line is None:
                    if not skip_errors or isinstance(made, RestUnreadable):
                        raise unskippable(made) if skip_errors else made
                    skipped.append(made)
                    continue
                made = finished(made)
                seen = first.get(made[1])
                if seen is None:
                    first[made[1]] = (number, line, made[2])  # where, as numbers: formatted only for a copy
                else:
                    copies.append(_copy_note(f"{paths[number]}:{line}", made[2], f"{paths[seen[0]]}:{seen[1]}", seen[2]))
                out.append(made)
            yield out

    try:
        with project.writing():
            result = project.import_plain_articles(rows(), by=by, origin="import csv", index_later=index_later)
    finally:
        batches.close()  # a second reading process stops now (an error, a cancel), not when collected
    return ImportReport(result=result, files=len(sources), skipped=skipped, left_out={}, copies=copies,
                        duplicate_ids=duplicate_ids)


def _copy_note(where: str, title: str, was: str, kept_title: str) -> str:
    """What :func:`annotator.formats._note_copy` says of a later copy (at ``where``, titled
    ``title``) of the article first met at ``was`` (titled ``kept_title``): a row of text alone,
    for the project's own layer, so nothing to compare but the titles."""
    kept = f"«{kept_title}»" if kept_title else "no title: the first copy had none"
    dropped = f"; its title «{title}» dropped (the article keeps {kept})" if title and title != kept_title else ""
    return f"{where} is the same article as {was}: merged into it{dropped}"
