"""The project file: open/create/migrate, read records, and apply edits transactionally.

Every write goes through one write transaction (:meth:`Project.writing`, ``BEGIN IMMEDIATE``:
writers wait their turn, see :mod:`annotator.storage.transactions`), so a failure half-way leaves
the file as it was, and every annotation change is logged in the append-only ``changes`` table.
An edit built on a view that another window or program has since changed is refused as an
:class:`EditConflict` (nothing written), never applied over what it does not know about.
"""

from __future__ import annotations

import bisect

import contextlib
import dataclasses
import errno
import json
import operator
import os
import re
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__
from annotator.domain.batching import batched
from annotator.domain.edits import Change, Edit, record_kind
from annotator.domain.errors import EditConflict, InputError, ProjectFileError
from annotator.domain.list_entries import ListEntry, TagEntry, TargetEntry
from annotator.domain.project_lists import uses_noun
from annotator.domain.model import (
    FRAGMENT,
    Article,
    ArticleBundle,
    ArticleStatus,
    Record,
    Relation,
    Span,
    Stance,
    Status,
    Tag,
    article_name,
    new_id,
    new_ids,
    now,
)
from annotator.domain import stance_rule
from annotator.domain.relation_rule import followed_status, repaired
from annotator.domain.schema import LabelSchema, SchemaError, default_schema_text, schema_problems
from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet, readings_decided
from annotator.domain.words import OPENING_CHARS, word_count
from annotator.domain.words import plural
from annotator.storage import rows
from annotator.storage.decisions import KINDS as DECISION_KINDS
from annotator.storage.decisions import Decisions, decisions_from_log
from annotator.storage.layers import LayerInfo
from annotator.storage.merge import KINDS as RECORD_KINDS
from annotator.storage.merge import MergePlan, StoredRecords, VersionPlan, plan_merge, stances_follow_spans
from annotator.storage.connection import ProjectConnection
from annotator.storage.file_identity import FileIdentity, ProjectFileGone, ProjectWriteError, identity, save_copy, what_happened, write_failure
from annotator.storage.migrations import MIGRATION_SET, applied_names, migrations, pending_names, schema_version
from annotator.storage.transactions import BUSY_TIMEOUT_MS, ProjectBusy, commit, write_transaction
from annotator.storage.search import BulkFtsIndex, catch_up_article, ensure_index

if TYPE_CHECKING:
    from sqlite_utils import Database

# 'ANNT': lets `file`, sqlite and we ourselves recognise an Annotator project.
APPLICATION_ID = 0x414E4E54
#: KiB of pages SQLite's cache may hold in :meth:`Project.rollback_journal`'s bulk write, for an
#: input that fits (:func:`bulk_cache_kib`), before it first writes some out mid-transaction,
#: syncing the journal twice more (SQLite's default: 2,000 KiB, which 1,000 FNC-1 articles, a
#: 3.9 MB file, overran).
BULK_CACHE_KIB = 8 << 10
#: bytes of project file a byte of CSV input makes, at most (FNC-1 bodies: 3.9 MB of 2.26, 36 MB of 22.5)
FILE_PER_INPUT_BYTE = 2


def bulk_cache_kib(input_bytes: int) -> int | None:
    """The page cache (KiB, for :meth:`Project.rollback_journal`) that holds an import of
    ``input_bytes`` of input until its commit: :data:`BULK_CACHE_KIB` when the file it makes fits
    (:data:`FILE_PER_INPUT_BYTE`), else None (SQLite's own). perf27: a larger cache that spills
    anyway, or holds a large import whole, costs more CPU than its two syncs save (10,000 FNC-1
    articles in one process, 12 alternated rounds, load ~5: CPU 326 ms at SQLite's 2,000 KiB,
    346 ms at 16 MiB, 341 / 353 ms at 64 MiB; 1,000 articles: 44.6 ms at 2,000 KiB, 42.8 at 16
    MiB, wall 108.5 -> 98.2 ms)."""
    return BULK_CACHE_KIB if input_bytes * FILE_PER_INPUT_BYTE <= BULK_CACHE_KIB << 10 else None
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: int
    title: str
    publisher: str
    published: str
    status: ArticleStatus
    pending: int  # suggestions not yet decided
    accepted: int
    words: int
    file: str
    #: an untitled CSV row's text opening (:data:`~annotator.domain.words.OPENING_CHARS`), what the
    #: list names it by (:func:`~annotator.domain.words.article_name`); "" otherwise
    opening: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did. ``spans`` … ``tags``: records added. ``merged``: per kind (``span``,
    ``relation``, ``stance``, ``tag``), incoming records already in the project (same id, or same
    position and label / link / content), left as stored. ``decided``: per kind, incoming records
    not brought back because an analyst had decided otherwise (deleted, moved, relabelled or
    rejected them, or deleted the span a relation points to). ``settled``: per kind, stored
    suggestions (undecided) that took the imported record's status (accepted or rejected).
    ``followed``: relations (imported or stored) whose status the import set by the relation rule
    (:mod:`annotator.domain.relation_rule`: a relation follows its spans, e.g. an imported
    ``suggested`` link between two ``accepted`` spans is accepted), stored ones logged."""

    added: int
    duplicates: int
    spans: int
    relations: int
    article_ids: tuple[int, ...]
    stances: int = 0
    tags: int = 0
    merged: Mapping[str, int] = dataclasses.field(default_factory=dict)
    # usertest21 L1: records of another copy of an article this import added (PolNeAR's .ann per
    # annotator), the same as an earlier copy's: not "already there" in the project
    merged_copies: Mapping[str, int] = dataclasses.field(default_factory=dict)
    decided: Mapping[str, int] = dataclasses.field(default_factory=dict)
    settled: Mapping[str, int] = dataclasses.field(default_factory=dict)
    followed: int = 0
    stances_followed: int = 0  # stances (imported or stored) the stance rule changed (status, holder span)
    # analyst → kind → records added to that analyst's layer, and "already there" (unchanged),
    # "changed" and "removed" (records a newer version changed or deleted): docs/team.md
    layers: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)
    # fix11i: each article whose analyst's layer a newer version changed (import --analyst of an
    # article the layer held), and the articles whose curated mark the change withdrew (id -> why)
    versions: tuple[LayerVersion, ...] = ()
    withdrawn: Mapping[int, str] = dataclasses.field(default_factory=dict)
    # fix11o: each analyst's article status the import moved on an article their layer held
    # (annotator.storage.layers.StatusMove, named), logged as kind "layer_article"
    statuses: tuple[Any, ...] = ()
    # fix11r: the analysts' layers this import created (an empty file's said "no change")
    new_layers: tuple[str, ...] = ()
    #: fix11u (usertest11i 13): bundles of an article this same import met before (another annotator's
    #: file of it: PolNeAR's .ann per annotator; a repeated row), merged into it — counted once, as
    #: new or as already in the project, not again
    repeats: int = 0
    #: fix38 (usertest28 M4): documents that matched an article the project held before by their
    #: text less whitespace (:func:`annotator.domain.respacing.text_key`), not by the exact text:
    #: counted in ``duplicates`` too, their annotations placed on the stored text
    respaced: int = 0

    def respaced_note(self) -> str:
        """``"8,337 matched articles already in the project (whitespace differs)"``, or ""."""
        if not self.respaced:
            return ""
        if self.respaced == 1:
            return "1 matched an article already in the project (whitespace differs)"
        return f"{self.respaced:,} matched articles already in the project (whitespace differs)"

    def settled_note(self) -> str:
        """``"suggestions accepted or rejected as imported: 2 spans; relations set to follow
        their spans' status: 1 relation"``, or ""."""
        parts = [_counted(n, kind) for kind, n in self.settled.items() if n]
        notes = [f"suggestions accepted or rejected as imported: {', '.join(parts)}"] if parts else []
        if self.followed:
            notes.append(f"relations set to follow their spans' status: {_counted(self.followed, 'relation')}")
        if self.stances_followed:
            notes.append(f"stances set to follow their evidence and holder spans: {_counted(self.stances_followed, 'stance')}")
        return "; ".join(notes)

    def decided_note(self) -> str:
        """``"not brought back, an analyst had decided otherwise: 2 spans, 1 relation"``, or ""."""
        parts = [_counted(n, kind) for kind, n in self.decided.items() if n]
        return f"not brought back, an analyst had decided otherwise: {', '.join(parts)}" if parts else ""

    def layers_note(self) -> str:
        """``"into ana's layer: 3 spans, 1 relation (2 already there)"``, ``"into ana's layer: 1
        record changed, 1 removed (5 already there)"``, ``"into ana's layer: no change (6 already
        there)"``, one per analyst, or "". fix11r: "already there" counts records ("(6 records
        already there)": it read as articles beside "1 article status changed"), and a layer this
        import created with nothing in it says so ("created ana's layer (empty)", not "no change")."""
        notes = []
        for name, counts in sorted(self.layers.items()):
            parts = [_counted(n, kind) for kind, n in counts.items() if kind in RECORD_KINDS and n]
            changed, removed = counts.get("changed", 0), counts.get("removed", 0)
            if changed or removed:
                parts.append(", ".join(p for p in (f"{_counted(changed, 'record')} changed" if changed else "",
                                                   f"{_counted(removed, 'record') if not changed else removed} removed"
                                                   if removed else "") if p))
            moved = sum(1 for m in self.statuses if m.analyst == name)
            if moved:  # fix11o: a status the analyst's file moved is a change of their layer
                parts.append(f"{moved} article status{'' if moved == 1 else 'es'} changed")
            there = counts.get("already there", 0)
            if not parts and not there and name in self.new_layers:
                notes.append(f"created {name}'s layer (empty)")
                continue
            notes.append(f"into {name}'s layer: {', '.join(parts) or 'no change'}"
                         + (f" ({_counted(there, 'record')} already there)" if there else ""))
        return "; ".join(notes)

    def merged_note(self) -> str:
        """``"already there: 3 spans, 1 relation"`` (records the project held), ``"the same in an
        earlier copy of the article: 5 spans"`` (usertest21 L1: records of a copy this import merged
        into an article it added; on a fresh project they read as if it had held data), both
        ("; "), or ""."""
        notes = []
        for counts, said in ((self.merged, "already there"), (self.merged_copies, "the same in an earlier copy of the article")):
            parts = [_counted(n, kind) for kind, n in counts.items() if n]
            if parts:
                notes.append(f"{said}: {', '.join(parts)}")
        return "; ".join(notes)


def _counted(n: int, kind: str) -> str:
    """``"5,942 spans"``: thousands separated as every other count of the import summary
    (:func:`annotator.domain.words.plural`; fix44, usertest30 L3: "already there: 5942 spans")."""
    return plural(n, kind)


@dataclasses.dataclass(frozen=True, slots=True)
class LayerVersion:
    """What a newer version of an analyst's layer of one article changed (fix11i): ``changes``
    as :attr:`annotator.storage.merge.VersionPlan.changes` ((kind, what) → n), ``flagged`` why each
    gold decision made from the analyst's versions there is now ⚠ changed since decided (one
    entry a decision), ``withdrawn`` why the article's curated mark was withdrawn ("" when it was
    not)."""

    article_id: int
    title: str
    analyst: str
    changes: Mapping[tuple[str, str], int]
    flagged: tuple[str, ...] = ()
    withdrawn: str = ""
    #: fix11ab (usertest11m F5b): withdrawn by an earlier import or merge, why it is still not
    #: curated after this one, counted now (the second analyst's import said nothing; curate said 2)
    still: str = ""
    #: fix11t: the start of the article's text, naming an untitled article as merge does ("#1 «Rain is…»")
    first_words: str = ""

    def line(self) -> str:
        """``"#3 «Angela Merkel said»: ana: 1 span removed, 1 relabelled; gold kept from it is now
        flagged (1 decision ⚠ changed since decided: ana's PERSON «Macron» is gone since you kept it)"``."""
        # the one naming rule when titled (cut at 40 with "…" at a word's end, never a bare space)
        # fix11t: titled or not, as merge names it (an article known by its id alone: "#4")
        head = (article_name(self.article_id, self.title, self.first_words) if (self.title.strip() or self.first_words.strip())
                else f"#{self.article_id}")
        line = f"{head}: {self.analyst}: {VersionPlan(changes=Counter(self.changes)).phrase() or 'no change'}"
        if self.flagged:
            n = len(self.flagged)
            shown = "; ".join(self.flagged[:3]) + (f"; … ({n - 3} more)" if n > 3 else "")
            line += (f"; gold kept from it is now flagged ({_counted(n, 'decision')} ⚠ changed since decided: {shown}): "
                     "decide again in the curation view")
        if self.withdrawn:
            line += f"; curated mark withdrawn, not exported as gold until curated again ({self.withdrawn})"
        elif self.still:
            line += f"; not curated since its curated mark was withdrawn ({self.still})"
        return line


@dataclasses.dataclass(slots=True)
class _LayersOnly(ArticleBundle):
    """The gold part of an imported bundle whose records all go to analysts' layers: the article
    alone (added when new; an article already there gets no gold "import" row for it)."""


def _split_layers(bundle: ArticleBundle, analyst: str) -> dict[str, ArticleBundle]:
    """A bundle's records by layer: all under ``analyst`` when given, else by each record's own
    ``analyst`` field ("" the own/gold layer); the part of the analyst the bundle is a version of
    (:attr:`ArticleBundle.version_of`) is there even when it holds nothing, and says so."""
    parts: dict[str, ArticleBundle] = {}

    def part_of(name: str) -> ArticleBundle:
        # fix11o: an analyst's part carries their own status of the article: an ``export --layer
        # all`` line's "analyst_status" for each analyst it names, else the line's own
        own = bundle.layer_statuses.get(name) if name and not analyst else None
        if own:
            return ArticleBundle(dataclasses.replace(bundle.article, status=ArticleStatus(own)), status_stated=True)
        if own is not None:  # fix11r F2: named with no status stated ("" stored): none stated now either
            return ArticleBundle(dataclasses.replace(bundle.article, status=ArticleStatus.NEW), status_stated=False)
        return ArticleBundle(bundle.article, status_stated=bundle.status_stated)

    if bundle.version_of:  # an analyst's whole version of the article: their layer of it, even when empty
        parts[bundle.version_of] = part_of(bundle.version_of)
        parts[bundle.version_of].version_of, parts[bundle.version_of].carries = bundle.version_of, bundle.carries
    if not analyst:  # fix11r F1: every analyst an --layer all line names has a layer of the article, records or none
        for name in bundle.layer_statuses:
            if name:
                parts.setdefault(name, part_of(name))
    for field in ("spans", "relations", "stances", "tags"):
        for record in getattr(bundle, field):
            name = analyst or record.analyst
            part = parts.get(name) or parts.setdefault(name, part_of(name))
            if name and record.analyst == name:
                record = _own_ids(record, name)
            getattr(part, field).append(dataclasses.replace(record, analyst="") if record.analyst and not name else record)
    return parts


def _own_ids(record: Any, analyst: str) -> Any:
    """``record`` of ``analyst``'s layer with the ``"ANALYST:"`` an export put before its id and
    the ids it names taken off (:func:`annotator.formats.layers.named_ids`, which makes one JSONL
    line hold no id twice): the layer's ids as they were, which gold's curation decisions name
    (``"ana:a-merkel"`` in ``attrs["curation"]["from"]``). Kept as read, "ana:ana:a-merkel" named
    nothing: an ``export --layer all`` imported again flagged every decision ⚠ (fix11q, usertest11g 7)."""
    prefix = f"{analyst}:"
    fields = {f: v.removeprefix(prefix) for f in ("id", "head", "child", "evidence", "holder_span")
              if isinstance(v := getattr(record, f, None), str) and v.startswith(prefix)}
    return dataclasses.replace(record, **fields) if fields else record


class Project:
    """One open project file. Not thread-safe: give each thread its own ``Project``."""

    def __init__(self, path: Path, db: ProjectConnection | Database) -> None:
        self.path = path
        # launch13: plain sqlite3 for what opening and the window's launch read and write;
        # sqlite-utils (100 ms of CPU to import) is imported when its table API is first used
        self.db = db if isinstance(db, ProjectConnection) else ProjectConnection(db.conn)
        self._schema: LabelSchema | None = None
        self._columns: dict[str, list[str]] = {}
        self.read_only = False  # set by open(): the file or its folder cannot be written
        self.closed = False  # close() was called: a deferred step (a timer, a queued signal) must leave it alone
        self._mode = "rw"  # set by open(): how the connection opened the file (_access_mode)
        self.read_only_reason = ""
        #: what to do about :attr:`read_only_reason` (fix39: a permission, an immutable mark, a read-only disk)
        self.read_only_todo = _WRITE_TODO[errno.EACCES]
        # How long a write waits for another writer (ms) before ProjectBusy: BUSY_TIMEOUT_MS for
        # commands; the window sets a short one and queues the edit instead of freezing.
        self.write_wait_ms = BUSY_TIMEOUT_MS
        self._wait_set: int | None = None  # the busy timeout last set on the connection
        # fix11l: the change-log rowid ranges (after, last] this connection committed, kept only
        # while a watcher asks (track_own_changes): a window telling outside writes from its own.
        # fix11ai: only ever grows (touching ranges joined), never consumed by a reader, so any
        # number of watchers of this project each read it from their own mark.
        self._own_changes: list[tuple[int, int]] | None = None
        # fixut16b (usertest H1): the file as opened (device, inode); every write transaction
        # checks that the path still names it (file_identity). Set by open(); None: no check.
        self._opened: FileIdentity | None = None
        # absolute, as SQLite names the file and its -wal (unix VFS xFullPathname at open): a
        # project opened by a relative path is not 'gone' when the process changes folder
        self._path_str = os.path.abspath(os.fspath(path))
        #: set once the file was found moved, deleted or replaced: no write is made any more
        self.gone: ProjectFileGone | None = None
        #: set by :meth:`stop_writing` after the disk refused a write (the window's read-only mode)
        self.write_refused: ProjectWriteError | None = None
        # perf27: a file open() created with wal=False, whose tables' transaction is still open for
        # rollback_journal's block to write into and commit (close() commits it otherwise)
        self._creating = False

    # ----------------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, read_only: bool | None = None, check: bool = True,
             wal: bool = True) -> Project:
        """Open a project file, creating it when missing (``create``) and migrating it when older.

        ``read_only``: None opens the file read-only when it or its folder cannot be written
        (:attr:`read_only` and :attr:`read_only_reason` say so); False is for callers that will
        write, and refuses such a file; True never writes. Only ``create`` turns a 0-byte file or
        an SQLite database without tables into a project. ``check``: ``quick_check`` of the
        full-text index (:func:`annotator.storage.health.check_index`, 11.5 ms on 10,000 articles).
        ``wal=False``: a file this call creates keeps its rollback journal (for a bulk write that
        follows in :meth:`rollback_journal`, which sets WAL at its end), and the transaction that
        makes its tables stays open: the block's writes join it and it commits at the block's end
        (perf27: one commit for a new file and its import), or at :meth:`close` without such a
        block. Any other file is opened in WAL as always. A new file gets its tables, ids and
        settings in one transaction.

        Raises :class:`ProjectFileError` (:class:`DamagedProjectError` for damage, naming the
        newest good backup) with one line naming the file and what to do. A refusal leaves the
        folder exactly as it was: no ``-wal``/``-shm``/``-journal`` file is left behind.
        """
        path = Path(path)
        exists = path.exists() and path.stat().st_size > 0
        if not create:
            require_project_file(path)
        if not exists and not path.parent.exists():
            raise ProjectFileError(f"{path}: folder {path.parent} does not exist; create it first")
        mode, reason, todo = _access_mode(path, exists)
        if exists:
            _check_header(path, immutable=mode == "immutable")
        if read_only is True and mode == "rw":
            mode, reason = "ro", "opened read-only on request"
        if mode != "rw" and read_only is False:
            raise ProjectFileError(f"{path}: cannot be written ({reason}); {todo}")
        if mode != "rw" and not exists:
            raise ProjectFileError(f"{path}: cannot be created ({reason}); choose a writable folder")
        sidecars = {s for s in _SIDECARS if Path(f"{path}{s}").exists()}
        db: ProjectConnection | None = None
        creating = False
        try:
            # A plain sqlite3 connection (launch13): sqlite-utils, and the Database that runs no
            # plugin on it (finding them read every installed package's entry points: launch12b),
            # come only when a migration or a table method needs them (annotator.storage.connection).
            db = ProjectConnection(_connect(path, mode))
            db.execute("PRAGMA busy_timeout = 5000")
            db.execute("PRAGMA foreign_keys = ON")
            _check_ours(path, db, exists, create=create, writable=mode == "rw")
            if check:
                _check_health(path, db)
            if mode == "rw":
                if (exists or wal) and str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    db.execute("PRAGMA journal_mode = wal")  # outside a transaction: nothing is open yet
                db.execute("PRAGMA synchronous = NORMAL" if exists or wal else "PRAGMA synchronous = FULL")
                creating = _migrate(db, new_file=not exists, hold=not exists and not wal)
            elif pending_names(db.conn):
                raise ProjectFileError(
                    f"{path}: was written by an older Annotator and must be updated, which needs write access "
                    f"({reason}); copy it to a writable folder and open the copy"
                )
            project = cls(path, db)
            project._creating = creating
            if mode == "rw":  # the file SQLite has open (it has read it): every write checks the path still names it
                project._opened = identity(path)
            if mode == "rw" and project.get_setting("schema") is None:
                with project.writing():  # BEGIN IMMEDIATE: two programs creating one file wait their turn
                    project.set_setting("schema", default_schema_text())
                    project.set_setting("created", now())
                    project.set_setting("created_by_version", __version__)
        except BaseException as exc:
            _refused(path, db, sidecars)
            if isinstance(exc, sqlite3.DatabaseError):
                raise damaged_error(path, str(exc)) from exc
            raise
        project.read_only = mode != "rw"
        project._mode = mode
        project.read_only_reason = reason
        project.read_only_todo = todo or project.read_only_todo
        return project

    def read_uri(self) -> str:
        """An SQLite URI another connection opens this project's file with, read-only (``mode=ro``,
        and ``immutable=1`` where this connection needed it: a read-only folder without ``-shm``)."""
        return f"{self.path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if self._mode == "immutable" else "")

    def check_whole_file(self) -> None:
        """``PRAGMA quick_check`` of the whole file (about 30 ms per 1,000 articles), not just the
        index that :meth:`open` checks: commands that are about to write, or to report on every
        record, call it so that they never build on a damaged page unseen. Raises
        :class:`DamagedProjectError` naming the newest good backup."""
        from annotator.storage.health import check_file

        health = check_file(self.db.conn)
        if not health.ok:
            raise damaged_error(self.path, health.summary(), health)

    def refuse_if_read_only(self, action: str) -> None:
        """Raise :class:`ReadOnlyProjectError` (one line: the file, why, what to do) when this
        project was opened read-only; call before attempting ``action`` (e.g. "import")."""
        if self.read_only:
            raise ReadOnlyProjectError(
                f"{self.path}: is open read-only ({self.read_only_reason}), so {action} is not possible; {self.read_only_todo}"
            )

    def close(self) -> None:
        try:
            if self._creating:  # a new file's tables, never written into (open(wal=False) without rollback_journal)
                self._creating = False
                if self.db.conn.in_transaction:
                    self.db.execute("COMMIT")
        finally:
            self.closed = True
            self.db.close()

    # ----------------------------------------------------------------------- the file at its path (fixut16b)

    def file_gone(self) -> ProjectFileGone | None:
        """Whether the file at :attr:`path` is no longer the one this connection opened (moved,
        renamed, its folder renamed, deleted, replaced by another file): the
        :class:`~annotator.storage.file_identity.ProjectFileGone` saying what happened, else None.
        One ``os.stat`` (about 2 µs). Once it has said so the project stays read-only
        (:attr:`read_only`, :attr:`gone`): nothing is written through this connection again, even
        if the file comes back."""
        if self.gone is not None:
            return self.gone
        opened = self._opened
        if opened is None:
            return None
        try:
            st = os.stat(self._path_str)
        except OSError:
            pass
        else:
            if st.st_ino == opened.ino and st.st_dev == opened.dev:
                return None
        gone = what_happened(Path(self._path_str), opened)
        if gone is not None:
            self.gone = gone
            self.read_only = True
            self.read_only_reason = gone.reason
        return gone

    def refuse_if_gone(self) -> None:
        """Raise :class:`~annotator.storage.file_identity.ProjectFileGone` when :meth:`file_gone`
        finds the file moved or replaced: called by every write transaction (:meth:`writing`),
        before it begins and just before it commits. After :meth:`stop_writing`, raise
        :class:`ReadOnlyProjectError`."""
        gone = self.file_gone()
        if gone is not None:
            raise ProjectFileGone(gone.path, gone.how, now_at=gone.now_at, detail=gone.detail)
        if self.write_refused is not None:
            self.refuse_if_read_only("writing")

    def stop_writing(self, error: ProjectWriteError) -> None:
        """Make this project read-only for the rest of its life (a new :meth:`open` decides
        afresh) after the disk refused a write: ``error`` says why (:attr:`read_only_reason`)."""
        self.write_refused = error
        self.read_only = True
        self.read_only_reason = error.reason

    def _write_failed(self, exc: sqlite3.OperationalError) -> BaseException | None:
        """The disk refused a write (read-only, full, I/O error): the one-line error saying which."""
        kind = write_failure(exc)
        if kind is None:
            return None
        if kind == "moved":  # SQLite's own check (a rollback-journal write): say where it went
            gone = self.file_gone()
            return gone if gone is not None else ProjectFileGone(self.path, "moved")
        return ProjectWriteError(self.path, kind, str(exc))

    def save_copy(self, target: str | Path) -> Path:
        """Write everything this connection has committed to a new project file at ``target``,
        reading only (:func:`annotator.storage.file_identity.save_copy`): also when the file was
        moved or deleted while open, its write-ahead log under the old name included."""
        if self.file_gone() is None and (Path(target).resolve() == self.path.resolve()
                                         or (self._opened is not None and identity(target) == self._opened)):
            raise ProjectFileError(f"{target}: is this project's own file; choose another name")
        return save_copy(self.db.conn, target)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- settings & schema

    def get_setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def prepare_writes(self) -> bool:
        """Start the write-ahead log now, so that the first edit after opening does not.

        SQLite creates the ``-wal`` file when a connection first reads the file, empty; the first
        commit after that writes the log's header and syncs it to disk, and syncs the folder that
        holds the new file: two ``fdatasync`` calls, 5-35 ms of waiting for the disk on a busy
        machine, and the reason the first edit after opening missed issue 12's 16 ms (the CPU it
        costs is the same as a later edit's). Here that commit is made of nothing: ``user_version``
        set to the value it has, one page written to the log with the same bytes, no row of any
        table, nothing in the change log. A log that already holds frames (another connection
        wrote) needs nothing, nor a file not in WAL mode. Returns True when the log was started here.

        Never waits for another writer: when one holds the file this does nothing (the first edit
        then pays the header as before). Nothing is written on a read-only project.
        """
        if self.read_only or self.db.conn.in_transaction:
            return False
        try:
            if self.path.with_name(self.path.name + "-wal").stat().st_size > 0:
                return False
        except OSError:
            return False  # no log: not in WAL mode (a rollback journal has no header to start)
        previous = self.write_wait_ms
        self.write_wait_ms = 0
        try:
            with self.writing():
                version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
                self.db.execute(f"PRAGMA user_version = {version}")
        except ProjectBusy:
            return False
        finally:
            self.write_wait_ms = previous
        return True

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction (``BEGIN IMMEDIATE``; a savepoint inside an open one). Waits up to
        :attr:`write_wait_ms` for another writer, then raises
        :class:`~annotator.storage.transactions.ProjectBusy` with nothing written. Every write
        of the project goes through it (:mod:`annotator.storage.transactions` says why)."""
        wait = self.write_wait_ms
        # A PRAGMA per edit only when the wait changes; inside an open transaction none is run.
        changed = wait != self._wait_set and not self.db.conn.in_transaction
        if changed:
            self._wait_set = wait
        if self._own_changes is None or self.db.conn.in_transaction:
            return write_transaction(self.db, path=self.path, wait_ms=wait, set_wait=changed,
                                     check=self.refuse_if_gone, failed=self._write_failed)
        return self._tracked_write(wait, changed)

    @contextlib.contextmanager
    def rollback_journal(self, cache_kib: int | None = None) -> Iterator[bool]:
        """The block's writes with a rollback journal (``journal_mode = DELETE``, ``synchronous =
        FULL``) instead of the write-ahead log, then WAL again; yields whether the switch was made.

        For a bulk write into a file this command has just created (``annotator import`` into a
        new project, issue 12 import12k): in WAL every page is written twice (the log, then the
        checkpoint into the file), while a rollback journal keeps only the pages the file had
        before, which a new file hardly has; 0.1–0.2 s less CPU at 10,000 articles, and half the
        bytes written. Every write is still one transaction, all or nothing (a process killed
        mid-way leaves a hot journal that the next open rolls back), and ``synchronous = FULL``
        is the rollback journal's durable setting. SQLite leaves WAL only when no other
        connection has the file open: then nothing changes and this yields False. If WAL cannot
        be set again at the end (another connection came meanwhile) the file stays in rollback
        mode, which every reader handles, until the next :meth:`open` for writing sets WAL.

        A file :meth:`open` created with ``wal=False`` is in rollback mode already, its tables'
        transaction still open (perf27): the block writes into that transaction (its
        :meth:`writing` blocks are savepoints of it), which commits when the block ends — the
        tables, settings and the block's rows in one commit, all or nothing: on an exception
        it is rolled back and the file is left empty, as before it was made. ``cache_kib``: the
        block's page cache (SQLite's ``cache_size``, then as it was; None: as it is), so that it
        holds the block's pages until the commit (:func:`bulk_cache_kib`): the first page written
        out mid-transaction syncs the journal twice more."""
        db = self.db
        if self._creating and db.conn.in_transaction:
            self._creating = False  # this block commits it (or rolls it back), not close()
            try:
                with self._bulk_cache(cache_kib):
                    try:
                        yield True
                    except BaseException:
                        if db.conn.in_transaction:
                            db.execute("ROLLBACK")
                        raise
                    commit(db.conn, path=self.path, wait_ms=self.write_wait_ms, check=self.refuse_if_gone,
                           failed=self._write_failed)
            finally:
                self._back_to_wal()
            return
        if db.conn.in_transaction or self.read_only:
            yield False
            return
        # Another connection holding the file makes the switch fail ("database is locked"): ask
        # once, without waiting for it (the busy timeout as it was afterwards).
        wait = db.execute("PRAGMA busy_timeout").fetchone()[0]
        db.execute("PRAGMA busy_timeout = 0")
        try:
            switched = str(db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower() == "delete"
        except sqlite3.OperationalError:
            switched = False
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(wait)}")
        if not switched:
            yield False
            return
        db.execute("PRAGMA synchronous = FULL")
        try:
            with self._bulk_cache(cache_kib):
                yield True
        finally:
            self._back_to_wal()

    def _back_to_wal(self) -> None:
        """WAL and ``synchronous = NORMAL`` again after :meth:`rollback_journal` (outside a
        transaction only: an open one is the caller's to end first)."""
        if not self.db.conn.in_transaction:
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")

    @contextlib.contextmanager
    def _bulk_cache(self, kib: int | None) -> Iterator[None]:
        """The block with a page cache of ``kib`` KiB (SQLite's ``cache_size``), then as it was;
        None: the block with the cache as it is."""
        if kib is None:
            yield
            return
        before = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(before)}")

    @contextlib.contextmanager
    def _tracked_write(self, wait: int, set_wait: bool) -> Iterator[None]:
        """:meth:`writing` while :meth:`track_own_changes` is on: the change-log rows the block
        writes are noted once committed (under the write lock no other program adds any)."""
        last = "SELECT coalesce(max(rowid), 0) FROM changes"
        with write_transaction(self.db, path=self.path, wait_ms=wait, set_wait=set_wait,
                               check=self.refuse_if_gone, failed=self._write_failed):
            before = int(self.db.execute(last).fetchone()[0])
            yield
            after = int(self.db.execute(last).fetchone()[0])
        if after > before and self._own_changes is not None:  # committed (a rollback raised past this)
            own = self._own_changes
            while own and own[-1][1] > before:  # the log went back (the file replaced by an older
                own.pop()                         # copy): those rows are not this connection's now
            if own and own[-1][1] == before:  # no other program wrote in between: one range
                own[-1] = (own[-1][0], after)
            else:
                own.append((before, after))

    def track_own_changes(self) -> None:
        """Note, from now on, the change-log rows this connection commits (:meth:`own_changes`):
        the window's outside-write watcher reports only the others' (fix11l, issue 11 #4;
        :func:`annotator.storage.outside_changes.changes_since`). Idempotent."""
        if self._own_changes is None:
            self._own_changes = []

    def own_changes(self, after: int = 0) -> list[tuple[int, int]]:
        """The change-log rowid ranges ``(low, high]`` this connection committed since
        :meth:`track_own_changes` whose ``high`` is past rowid ``after`` (a reader's mark), oldest
        first; ``[]`` while not tracking.

        Reading consumes nothing (fix11ai, issue 11): before, each call took the record and started
        it afresh, so a second watcher of the same project (a curation view opened without the
        window's) saw the window's own writes the first had taken as another program's. Now every
        reader keeps its own mark (``DataMark.last_row``) and asks for what lies past it. The record
        holds one range per run of own commits no other program's commit interrupted (touching
        ranges are joined), so it grows with the interleavings, not with the edits."""
        own = self._own_changes or []
        if not after:
            return list(own)
        # ranges are appended in rowid order: skip those wholly at or before the reader's mark
        at = bisect.bisect_right(own, after, key=operator.itemgetter(1))
        return own[at:]

    def set_setting(self, key: str, value: str) -> None:
        with self.writing():
            # plain SQL (launch13): the table method would import sqlite-utils on the UI thread
            self.db.conn.execute("INSERT INTO project (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    @property
    def schema(self) -> LabelSchema:
        if self._schema is None:
            self._schema = LabelSchema.from_text(self.get_setting("schema") or default_schema_text())
        return self._schema

    def set_schema(self, schema: LabelSchema, *, by: str = "") -> None:
        """Replace the project's label schema; the old one is kept in the change log.
        Raises :class:`SchemaError` (nothing written) when :func:`schema_problems` finds any."""
        data = schema.to_json()
        problems = schema_problems(data)
        if problems:
            raise SchemaError(f"label schema has {plural(len(problems), 'problem')}: {problems[0]}", problems)
        after = json.dumps(data, indent=2, ensure_ascii=False)
        with self.writing():
            before = self.get_setting("schema")  # read under the write lock: the schema replaced is the stored one
            self.set_setting("schema", after)
            self.db["changes"].insert(
                {"at": now(), "by": by, "edit": uuid.uuid4().hex, "action": "Replace label schema", "kind": "schema",
                 "record_id": "schema", "article_id": None, "before": before, "after": after}
            )
        self._schema = schema

    # ----------------------------------------------------------------------- reading

    def article(self, article_id: int) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        return rows.article_from_row(self._as_dict("articles", row))

    def article_ids(self, *, status: ArticleStatus | None = None) -> list[int]:
        if status is None:
            return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE status = ? ORDER BY id", [str(status)])]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self, *, status: ArticleStatus | None = None, query: str = "") -> list[ArticleSummary]:
        """Summaries for the article list, optionally filtered by status and a full-text query,
        in import order. Reads every matching article's summary: the window's list reads
        :meth:`article_list_rows` and then only the summaries it shows (:meth:`article_summaries`)."""
        return self.article_summaries([article_id for article_id, _ in self.article_list_rows(status=status, query=query)])

    def article_list_rows(
        self, *, status: ArticleStatus | None = None, query: str = "", statuses: bool = True,
    ) -> list[tuple[int, ArticleStatus | None]]:
        """``(id, status)`` of every article the list shows, in import order (id): filtered by
        ``status`` and by the full-text ``query`` (each word a prefix, a quoted part a phrase: :func:`_fts_query`).

        Reads the ``articles_list`` index only (migration 0008), never an article's text.
        ``statuses=False`` and no ``status``: the statuses are None, and only the ids are read
        (from the full-text index for a query: a common word matches nearly every article, and
        joining each match to its status cost as much again as the match itself)."""
        where, params = [], []
        match = _fts_query(query)
        table = ensure_index(self.db.conn) if match else ""
        if status is None and not statuses:
            sql = (f"SELECT rowid FROM {table} WHERE articles_fts MATCH ? ORDER BY rowid" if match
                   else "SELECT id FROM articles ORDER BY id")  # the articles_list index, in order
            return [(article_id, None) for (article_id,) in self.db.execute(sql, [match] if match else []).fetchall()]
        if status is not None:
            where.append("a.status = ?")
            params.append(str(status))
        if match:
            where.append(f"a.id IN (SELECT rowid FROM {table} WHERE articles_fts MATCH ?)")
            params.append(match)
        sql = f"SELECT a.id, a.status FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY a.id"
        # a dict, not ArticleStatus(value): the enum call was 2/3 of the time at 50,000 rows
        return [(article_id, _ARTICLE_STATUS[value]) for article_id, value in self.db.execute(sql, params).fetchall()]

    @staticmethod
    def reads_full_text(query: str) -> bool:
        """Whether the list filter ``query`` reads the full-text index (it has a search term;
        then :meth:`article_list_ids` and :meth:`article_list_rows` catch the index up first)."""
        return bool(_fts_query(query))

    def article_list_ids(self, *, query: str = "") -> list[int]:
        """The ids of every article the list shows with no status filter, ascending (import
        order): all of them, or those the full-text ``query`` matches (each word a prefix, as
        :meth:`article_list_rows`).

        The fastest way to the ids that SQLite and Python offer here (issue 12: a common word
        matches most of 50,000 articles, and listing them all opens the window): the ids come
        as one ``group_concat`` string, not one Python row each (measured on 50,000 articles,
        2 cores under load: all ids 54 → 26 ms, "said" 29 → 18 ms), from the smallest covering
        index (``articles(status)``, which SQLite picks for an unordered scan; the
        ``articles_list`` index in id order holds titles and is several times larger), and are
        sorted here (the index gives them status by status). An id order that does not depend
        on the order SQLite returns them in, so no ``ORDER BY``."""
        match = _fts_query(query)
        if match:
            table = ensure_index(self.db.conn)  # the project's index, or a copy attached in its place
            found = self.db.execute(f"SELECT group_concat(rowid) FROM {table} WHERE articles_fts MATCH ?", [match]).fetchone()
        else:
            found = self.db.execute("SELECT group_concat(id) FROM articles").fetchone()
        if found is None or not found[0]:
            return []
        ids = list(map(int, str(found[0]).split(",")))
        ids.sort()
        return ids

    def first_article_id(self, *, skip: Iterable[ArticleStatus] = ()) -> int | None:
        """The first article in import order whose status is not in ``skip``; None when there is
        none. Walks the ``articles_list`` index from the start and stops at the first match."""
        skipped = [str(s) for s in skip]
        sql = (f"SELECT id FROM articles INDEXED BY articles_list WHERE status NOT IN ({', '.join('?' * len(skipped))}) "
               "ORDER BY id LIMIT 1") if skipped else "SELECT id FROM articles ORDER BY id LIMIT 1"
        row = self.db.execute(sql, skipped).fetchone()
        return None if row is None else row[0]

    def article_summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """The list's summaries of ``article_ids``, in that order; an id no longer in the project
        is left out. ``pending``/``accepted``: the gold layer's suggested/accepted spans (two
        ranges of the ``spans_article_status`` index), an interrupted quote once, by its
        attribution's status (:mod:`annotator.domain.attributions`, the span list's rule); ``words``:
        the stored count (:func:`annotator.domain.words.word_count`), counted from the text for a
        row inserted without one; ``file``: the ``file`` of ``meta`` for an untitled article (what the list
        shows in place of the title), "" when the article has a title; ``opening``: an untitled CSV
        row's first characters (the list names it by its first words, not by the file all rows share).

        Cost grows with ``len(article_ids)``, not with the project: the window asks for a page of
        the rows it paints."""
        found: dict[int, ArticleSummary] = {}
        uncounted: list[int] = []
        sql = """
            SELECT a.id, a.title, a.publisher, a.published, a.status, a.words,
                   CASE WHEN coalesce(a.title, '') = '' THEN coalesce(json_extract(a.meta, '$._import.file'),  -- fix41; an older import's top-level file
                        CASE WHEN json_type(a.meta, '$._import') IS NULL THEN json_extract(a.meta, '$.file') END) END AS file,
                   CASE WHEN coalesce(a.title, '') = '' AND coalesce(json_extract(a.meta, '$._import.row'),
                        CASE WHEN json_type(a.meta, '$._import') IS NULL THEN json_extract(a.meta, '$.row') END) IS NOT NULL
                        THEN substr(a.text, 1, {opening}) END AS opening,
                   (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.status = 'suggested') AS pending,
                   (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.status = 'accepted') AS accepted
            FROM articles a WHERE a.id IN ({{}})
        """.format(opening=OPENING_CHARS)
        for r in _select_in(self.db.conn, sql, list(article_ids)):
            if r[5] is None:
                uncounted.append(r[0])
            found[r[0]] = ArticleSummary(
                id=r[0], title=r[1] or "", publisher=r[2] or "", published=r[3] or "", status=ArticleStatus(r[4]),
                words=r[5] or 0, file=r[6] or "", opening=r[7] or "", pending=r[8], accepted=r[9],
            )
        for article_id, text in _select_in(self.db.conn, "SELECT id, text FROM articles WHERE id IN ({})", uncounted):
            found[article_id] = dataclasses.replace(found[article_id], words=word_count(text))
        # an interrupted quote counts once, by its attribution's status (the span list's rule): only
        # the FRAGMENT relations and their ends' (id, label, position, status) are read, never the
        # articles' whole span records (perf28, usertest26 M2: 5,393 decoded spans for 14 rows)
        fragments: dict[int, list[Relation]] = {}
        for rel_id, article_id, head, child in _select_in(
                # "+label": by the article_id index (0.1 ms for a page of 100), not the label one,
                # which read every FRAGMENT relation of the project (12 ms at 24,598 of them)
                self.db.conn, f"SELECT id, article_id, head, child FROM relations WHERE +label = '{FRAGMENT}' "
                "AND article_id IN ({}) ORDER BY rowid", list(found)):
            fragments.setdefault(article_id, []).append(Relation(id=rel_id, article_id=article_id, head=head, child=child, label=FRAGMENT))
        ends: dict[int, dict[str, Span]] = {}
        end_ids = {i for relations in fragments.values() for r in relations for i in (r.head, r.child)}
        for span_id, article_id, start, end, label, status in _select_in(
                self.db.conn, 'SELECT id, article_id, start, "end", label, status FROM spans WHERE id IN ({})', sorted(end_ids)):
            if article_id in fragments:  # a span of the article (what spans(article_id) read)
                ends.setdefault(article_id, {})[span_id] = Span(id=span_id, article_id=article_id, start=start, end=end,
                                                                label=label, layer="", status=Status(status))
        for article_id, relations in fragments.items():
            spans = ends.get(article_id, {})
            groups = piece_groups(spans, relations)
            # each attribution of pieces counted once (by its status) in place of its pieces (each by its own)
            pending, accepted = found[article_id].pending, found[article_id].accepted
            for pieces in {g[0]: g for g in groups.values()}.values():
                status = attribution_status([spans[i] for i in pieces])
                pending += (status == Status.SUGGESTED) - sum(spans[i].status == Status.SUGGESTED for i in pieces)
                accepted += (status == Status.ACCEPTED) - sum(spans[i].status == Status.ACCEPTED for i in pieces)
            found[article_id] = dataclasses.replace(found[article_id], pending=pending, accepted=accepted)
        return [found[i] for i in article_ids if i in found]

    def spans(self, article_id: int, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> list[Span]:
        """The article's spans of one layer: ``analyst`` "" (default) the own/gold layer, else that
        analyst's (``docs/team.md``). Likewise :meth:`relations`, :meth:`stances`, :meth:`tags`."""
        return self._records(Span, article_id, statuses, order="start, \"end\" DESC, label", analyst=analyst)

    def relations(self, article_id: int, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> list[Relation]:
        return self._records(Relation, article_id, statuses, order="rowid", analyst=analyst)

    def stances(self, article_id: int, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> list[Stance]:
        return self._records(Stance, article_id, statuses, order="rowid", analyst=analyst)

    def tags(self, article_id: int, *, analyst: str = "") -> list[Tag]:
        return self._records(Tag, article_id, None, order="tag", analyst=analyst)

    def bundle(self, article_id: int, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> ArticleBundle:
        """An article with the annotations of one layer (``analyst`` "": the own/gold layer, the
        default; a name: that analyst's layer, records carrying ``analyst``); relations only where
        both ends are included, stances only where their evidence is
        (:func:`annotator.domain.stance_rule.within`)."""
        statuses = list(statuses) if statuses is not None else None
        spans = self.spans(article_id, statuses=statuses, analyst=analyst)
        ids = {s.id for s in spans}
        relations = [r for r in self.relations(article_id, statuses=statuses, analyst=analyst) if r.head in ids and r.child in ids]
        return ArticleBundle(
            article=self.article(article_id),
            spans=spans,
            relations=relations,
            stances=stance_rule.within(self.stances(article_id, statuses=statuses, analyst=analyst), ids),
            tags=self.tags(article_id, analyst=analyst),
        )

    def bundles(self, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> Iterator[ArticleBundle]:
        """:meth:`bundle` of every article (gold layer), or of every article given to ``analyst``
        (:meth:`layer_article_ids`)."""
        statuses = list(statuses) if statuses is not None else None
        for article_id in self.article_ids() if not analyst else self.layer_article_ids(analyst):
            yield self.bundle(article_id, statuses=statuses, analyst=analyst)

    # ----------------------------------------------------------------------- analysts' layers

    def layers(self) -> list[LayerInfo]:
        """Every analyst's layer the project holds (not the gold layer), sorted by name, with its
        counts (:class:`annotator.storage.layers.LayerInfo`)."""
        from annotator.storage.layers import layer_infos

        return layer_infos(self.db.conn)

    def has_layers(self) -> bool:
        """Whether the project holds any analyst's layer (a team project): one indexed row read,
        not :meth:`layers`' counts — asked after every outside write the window sees (fix11aj)."""
        return self.db.execute("SELECT 1 FROM layers LIMIT 1").fetchone() is not None

    def layer_article_ids(self, analyst: str) -> list[int]:
        """Ids of the articles given to ``analyst`` (merged from their file or imported for them),
        whether or not they annotated anything there; [] for an unknown analyst."""
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM layer_articles WHERE analyst = ? ORDER BY article_id", [analyst])]

    def _layer_names(self) -> list[str]:
        """The analysts whose layers the project holds (``layers`` table), sorted."""
        return [r[0] for r in self.db.execute("SELECT analyst FROM layers ORDER BY analyst")]

    def layer_article_statuses(self, analyst: str) -> dict[int, str]:
        """Article id → the status ``analyst`` gave the article in their own file (``new``,
        ``in_progress``, ``done``, ``reviewed``; "" when their layer came from an import)."""
        return dict(self.db.execute(
            "SELECT article_id, status FROM layer_articles WHERE analyst = ? ORDER BY article_id", [analyst]).fetchall())

    def change_mark(self) -> tuple[int, ...]:
        """What tells whether a command changed the project (fix11t: a no-op import or merge then
        drops its backup): the change log's newest row, and the counts of articles, layers and
        articles given to analysts (a new article or an empty layer logs no change row). Equal
        before and after: nothing changed."""
        return tuple(self.db.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM changes), (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM layers), (SELECT count(*) FROM layer_articles)").fetchone())

    def layer_article_status(self, analyst: str, article_id: int) -> str:
        """The status ``analyst`` gave article ``article_id`` in their own file ("" when never
        stated, or the article was not given to them): one row of :meth:`layer_article_statuses`."""
        row = self.db.execute("SELECT status FROM layer_articles WHERE analyst = ? AND article_id = ?",
                              [analyst, article_id]).fetchone()
        return (row[0] or "") if row else ""

    def analyst_name(self) -> str:
        """The analyst this project file belongs to (setting ``analyst``, set by ``annotator
        assign`` or ``annotator analyst FILE --set NAME``), "" for none."""
        return (self.get_setting("analyst") or "").strip()

    def find(self, kind: type[Record], record_id: object) -> Record | None:
        table = rows.TABLES[kind]
        row = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id]).fetchone()
        return rows.FROM_ROW[kind](self._as_dict(table, row)) if row else None

    def search(self, query: str) -> list[int]:
        """Article ids matching a full-text query over titles and text."""
        match = _fts_query(query)
        if not match:
            return []
        table = ensure_index(self.db.conn)
        sql = f"SELECT rowid FROM {table} WHERE articles_fts MATCH ? ORDER BY rank"
        return [r[0] for r in self.db.execute(sql, [match])]

    def history(self, *, article_id: int | None = None, record_id: str | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if record_id is not None:
            where.append("record_id = ?")
            params.append(record_id)
        sql = f"SELECT * FROM changes {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY id"
        return [self._as_dict("changes", r) for r in self.db.execute(sql, params)]

    # ----------------------------------------------------------------------- project lists

    def targets(self) -> list[TargetEntry]:
        """The target list (entities and topics stances are about), by name, case ignored."""
        return self._list_entries(TargetEntry)

    def tag_entries(self) -> list[TagEntry]:
        """The tag list, by name, case ignored."""
        return self._list_entries(TagEntry)

    def list_uses(self, kind: type[ListEntry], name: str) -> list[Stance] | list[Tag]:
        """The uses of a list name: stances with that target (``TargetEntry``) or article tags
        with that tag (``TagEntry``), in every article."""
        use, column = (Stance, "target") if kind is TargetEntry else (Tag, "tag")
        cursor = self.db.execute(f"SELECT * FROM {rows.TABLES[use]} WHERE {column} = ? ORDER BY article_id, rowid", [name])
        names = [d[0] for d in cursor.description]
        return [rows.FROM_ROW[use](dict(zip(names, r))) for r in cursor]

    def list_use_counts(self, kind: type[ListEntry]) -> dict[str, int]:
        """Name → number of uses (stances for targets, tagged articles for tags), names in use only;
        names not in the list are counted too (a stance imported with a new target, say)."""
        sql = ("SELECT target, count(*) FROM stances GROUP BY target" if kind is TargetEntry
               else "SELECT tag, count(*) FROM tags GROUP BY tag")
        return {name: n for name, n in self.db.execute(sql) if name}

    def _list_entries(self, kind: type) -> list[Any]:
        cursor = self.db.execute(f"SELECT * FROM {rows.TABLES[kind]} ORDER BY name COLLATE NOCASE, name")
        names = [d[0] for d in cursor.description]
        return [rows.FROM_ROW[kind](dict(zip(names, r))) for r in cursor]

    def preannotated(self, article_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM preannotations WHERE article_id = ?", [article_id]).fetchone() is not None

    def preannotation(self, article_id: int) -> tuple[str, str] | None:
        """What last pre-annotated the article and when: (origin, at), the origin "PIPELINE
        VERSION + RULES VERSION" (:func:`annotator.nlp.runner.origin_for`), ``at`` an ISO time
        (UTC); None when it never was (its suggestions, if any, came with an import). One
        primary-key lookup."""
        row = self.db.execute("SELECT origin, at FROM preannotations WHERE article_id = ?", [article_id]).fetchone()
        return (str(row[0] or ""), str(row[1] or "")) if row is not None else None

    # ----------------------------------------------------------------------- writing

    def apply(self, edit: Edit, *, by: str = "") -> Edit:
        """Write an edit in one transaction and log it. Returns the edit as stored (times and
        author stamped): keep that one, and pass it to :meth:`undo` / :meth:`redo`."""
        stamp = now()
        # the same kind of edit (a curation decision keeps its typed words: its undo line says them)
        stamped = dataclasses.replace(edit, changes=tuple(_stamp(c, stamp, by) for c in edit.changes))
        self._write_edit(stamped, by=by, at=stamp)
        return stamped

    def undo(self, stamped: Edit, *, by: str = "") -> None:
        """Put back exactly the records an applied edit replaced (bookkeeping fields included)."""
        self._write_edit(stamped.inverse(), by=by, at=now(), undoing=True)

    def redo(self, stamped: Edit, *, by: str = "") -> None:
        """Write an undone edit again, exactly as it was first stored."""
        self._write_edit(stamped, by=by, at=now())

    def _write_edit(self, edit: Edit, *, by: str, at: str, undoing: bool = False) -> None:
        """Check and write every change of ``edit`` in one transaction, logging each.
        ``undoing``: ``edit`` is the inverse of an applied edit (it puts back a state that was stored).

        Raises :class:`EditConflict` (nothing written) when the edit was built on a state that is
        no longer the stored one, including a unique index it would break (a tag or link the other
        window added too); :class:`~annotator.storage.transactions.ProjectBusy` when another writer
        held the file past :attr:`write_wait_ms`."""
        edit_id = uuid.uuid4().hex
        with self.writing():
            for change in edit.changes:
                self._check_current(change, undoing=undoing)
                try:
                    self._write(change)
                except sqlite3.IntegrityError as exc:
                    # _check_current looks for what it can name; a constraint it did not foresee
                    # is still a clash with the stored state, not damage: the whole edit rolls back.
                    raise EditConflict(
                        f"{record_kind(change.record)} {change.record.id} clashes with what is stored now ({exc}); reload the article"
                    ) from exc
                self._log(change, edit_id=edit_id, action=edit.description, by=by, at=at)
            self._check_links_follow(edit)
            self._check_stances_follow(edit)

    def _check_links_follow(self, edit: Edit) -> None:
        """After an edit's writes (same transaction): the links of the spans it changed still
        follow their spans (:mod:`annotator.domain.relation_rule`). A link made elsewhere, that the
        edit did not list, would otherwise be left half-decided — e.g. accepted to a span this
        edit rejects — a silent change of the dataset; the edit is refused as a conflict instead."""
        changed = [c.after for c in edit.changes if isinstance(c.after, Span)]
        if not changed:
            return
        articles, ids = sorted({s.article_id for s in changed}), [s.id for s in changed]
        article_marks = ", ".join("?" * len(articles))
        links: dict[str, Relation] = {}
        for i in range(0, len(ids), 400):  # in chunks below SQLite's variable limit (accept all)
            part = ids[i : i + 400]
            marks = ", ".join("?" * len(part))
            for r in self.db.execute(
                f"SELECT * FROM relations WHERE article_id IN ({article_marks}) AND (head IN ({marks}) OR child IN ({marks}))",
                [*articles, *part, *part],
            ):
                rel = rows.FROM_ROW[Relation](self._as_dict("relations", r))
                links[rel.id] = rel
        if not links:
            return
        ends = sorted({i for r in links.values() for i in (r.head, r.child)})
        statuses = {i: Status(st) for i, st in _select_in(self.db.conn, "SELECT id, status FROM spans WHERE id IN ({})", ends)}
        stale = [r for r in links.values() if followed_status(r, statuses.get(r.head), statuses.get(r.child)) != r.status]  # half-decided
        if stale:
            link = stale[0]
            raise EditConflict(
                f"link {link.label} {link.id} ({link.status.value}) to a span this edit changes is not part of it "
                "(made elsewhere?), and would no longer follow its spans; reload the article"
            )

    def _check_stances_follow(self, edit: Edit) -> None:
        """After an edit's writes (same transaction): every stance the edit wrote, and every stance
        naming a span it changed, keeps :mod:`annotator.domain.stance_rule` — no orphan holder
        span or evidence id, evidence a quote or claim, status following the evidence, no two
        stances alike (checked once the whole edit is written: its undo writes a stance back before
        the span it rests on is relabelled back). A stance made elsewhere that the edit did not list would otherwise be left
        pointing at a deleted span (a silent loss): the edit is refused as a conflict instead."""
        span_ids = {c.record.id for c in edit.changes if isinstance(c.record, Span)}
        stance_ids = {c.after.id for c in edit.changes if isinstance(c.after, Stance)}
        articles = sorted({c.record.article_id for c in edit.changes if isinstance(c.record, (Span, Stance))})  # type: ignore[union-attr]
        for article_id in articles:
            if not stance_ids and not self.db.execute("SELECT 1 FROM stances WHERE article_id = ? LIMIT 1", [article_id]).fetchone():
                continue
            stances = self.stances(article_id)
            concerned = [s for s in stances if s.id in stance_ids or stance_rule.touches(s, span_ids)]
            if not concerned:
                continue
            found = stance_rule.problems(self.spans(article_id), concerned)
            keys = {stance_rule.stance_key(s): s.id for s in stances if s.id not in stance_ids}
            found += [
                f"stance {s.id} is the same (holder, target, evidence) as stance {keys[stance_rule.stance_key(s)]}"
                for s in concerned if s.id in stance_ids and stance_rule.stance_key(s) in keys
            ]
            if found:
                raise EditConflict(f"{found[0]} (made elsewhere?); reload the article")

    def add_article(self, article: Article, *, by: str = "") -> tuple[Article, bool]:
        """Add an article unless one with the same text exists. Returns (stored article, added?)."""
        result = self.import_bundles([ArticleBundle(article)], by=by)
        article_id = result.article_ids[0]
        return self.article(article_id), bool(result.added)

    def import_bundles(
        self,
        bundles: Iterable[ArticleBundle],
        *,
        by: str = "",
        origin: str = "import",
        on_progress: Callable[[int], None] | None = None,
        analyst: str = "",
        record_by: str | None = None,
        word_counts: Mapping[str, int] | None = None,
        index_later: bool = False,
    ) -> ImportResult:
        """Import articles with their annotations, all in one transaction. ``by``: who imports
        (the change log's ``by``); ``record_by``: who made an imported record that does not say
        (its ``by`` field; default ``by``) — the CLI keeps that to its ``--by``, so a machine
        suggestion read from a file is not passed off as the importer's decision.

        Records go to the layer their ``analyst`` field names ("" the own/gold layer), or all to
        ``analyst``'s layer when it is given (``import --analyst``), counted in
        :attr:`ImportResult.layers`. A bundle that is an analyst's whole version of the article
        (:attr:`ArticleBundle.version_of`: ``import --analyst`` of a brat or JSONL file) replaces
        that analyst's layer of it as a merge does
        (:func:`annotator.storage.layers.replace_with_version`: deletions and changes included,
        each logged; an identical version changes nothing), its changes per article in
        :attr:`ImportResult.versions`; other records of an analyst are merged with that analyst's
        layer only (:func:`annotator.storage.layers.add_to_article_layer`), as are further parts
        of one article for one analyst in the same import. The gold layer is only ever added to.
        An article whose analysts' layers changed loses its curated mark when the curation no
        longer holds (:func:`annotator.storage.curation_state.withdraw_stale_curations`, as after
        a merge), in :attr:`ImportResult.withdrawn`. Raises :class:`InputError` for a name that
        cannot name a layer (:func:`annotator.storage.layers.check_analyst_name`).

        ``word_counts``: text hash → the text's word count where the caller counted them already
        (the import's reading process, :mod:`annotator.formats.import_pool`); read lazily, as
        ``bundles`` are, so it may fill while they are read. A text it lacks is counted here.

        ``index_later``: the new articles are not added to the full-text index in this
        transaction; it notes them instead (:class:`annotator.storage.search.BulkFtsIndex`,
        ``later``), and the first full-text query after the commit indexes them
        (:func:`annotator.storage.search.ensure_index`; a change to one of their rows indexes
        that article alone, :func:`~annotator.storage.search.catch_up_article`; the window
        catches up in a thread, :mod:`annotator.ui.index_catch_up`) — ``annotator import``,
        whose command then ends when the articles are committed (issue 12, import12d, import12e).
        """
        from annotator.storage.layers import check_analyst_name, clash_message, clashing_name

        if analyst and (problem := check_analyst_name(analyst)):
            raise InputError(f"--analyst: {problem}")
        if analyst and (other := clashing_name(analyst, self._layer_names())):
            raise InputError(f"--analyst: {clash_message(analyst, other, str(self.path), f'give --analyst {other} if it is the same analyst, else a clearly different name')}")
        layered: list[tuple[str, ArticleBundle]] = []

        def gold_parts() -> Iterator[ArticleBundle]:
            for bundle in bundles:
                parts = _split_layers(bundle, analyst)
                # (also a file whose every record names its own analyst's layer, with no --analyst:
                # usertest11f; a record with nothing at all is the article's own and keeps its status)
                # (fix11o: not a line that names the analysts' statuses apart, an --layer all export: its
                # "status" is gold's)
                if ((analyst or bundle.version_of or parts) and "" not in parts and bundle.article.status != ArticleStatus.NEW
                        and (analyst or not bundle.layer_statuses)):
                    # fix11n: an analyst's file states the analyst's status ("done" in her own
                    # export): it is their layer's (as merge keeps it), never the team article's
                    bundle = dataclasses.replace(bundle, article=dataclasses.replace(bundle.article, status=ArticleStatus.NEW))
                layered.extend((name, part) for name, part in parts.items() if name)
                # the article goes in all the same; when all it brings is analysts' layers, an article
                # already there gets no gold "import" row (the layers log what they change: an
                # identical version logs nothing, fix11i)
                yield parts.get("") or (_LayersOnly(bundle.article) if len(parts) else ArticleBundle(bundle.article))

        with self.writing():
            makers = by if record_by is None else record_by
            result = self._import_gold(gold_parts(), by=by, origin=origin, on_progress=on_progress, record_by=makers,
                                       word_counts=word_counts, index_later=index_later)
            if layered:
                had = set(self._layer_names())
                moves: list[Any] = []
                layers, versions, changed = self._import_layers(layered, by=by, origin=origin, record_by=makers, moves=moves)
                versions, withdrawn = self._after_layers_changed(versions, changed, by=by, origin=origin)
                result = dataclasses.replace(result, layers=layers, versions=versions, withdrawn=withdrawn, statuses=tuple(moves),
                                             new_layers=tuple(sorted(set(layers) - had)))
        return result

    def import_plain_articles(self, batches: Iterable[Sequence[tuple[Any, ...]]], *, by: str = "", origin: str = "import",
                              index_later: bool = False) -> ImportResult:
        """Import articles that come with nothing but their row (a CSV file's rows,
        :mod:`annotator.formats.plain_import`), all in one transaction: what
        :meth:`import_bundles` does with bundles without records, from the rows themselves.

        ``batches``: lists of rows in :data:`PLAIN_ARTICLE` order — ``(text, text_hash, title,
        publisher, url, published, meta, words)``: the text a ``str`` or its UTF-8 bytes (stored
        as text, as they are: the reading process sends them so), the meta as its sorted JSON
        text, ``text_hash`` :func:`~annotator.domain.model.text_hash` of the text, ``words`` its
        :func:`~annotator.domain.words.word_count` — each checked storable by the caller. An
        article whose text is in the project already is not added (counted in ``duplicates``, or
        ``repeats`` when this import met it before); every row gets its change-log row, as in
        :meth:`import_bundles` (``origin``: ``"import csv"``; ``by``: who imports).
        ``index_later``: as :meth:`import_bundles`. Any exception rolls everything back."""
        added = duplicates = repeats = 0
        met: set[str] = set()  # text hashes this import met (added, or found already there)
        article_ids: list[int] = []
        stamp = now()
        action = f"{origin}: 0 spans, 0 relations"
        # One random edit id an import, with the row's number: each row its own edit (as one
        # uuid4 a row gave), 0.05 s of 10,000 rows cheaper (issue 12, import12k).
        edit = uuid.uuid4().hex[:20]
        number = 0
        conn = self.db.conn
        insert = _PLAIN_ARTICLE_INSERT
        if str(conn.execute("PRAGMA encoding").fetchone()[0]).upper() != "UTF-8":  # CAST reads bytes in the file's encoding
            insert, plain = _ARTICLE_INSERT, batches
            batches = ([(t.decode("utf-8") if isinstance(t, bytes) else t, *rest) for t, *rest in batch] for batch in plain)
        with self.writing(), BulkFtsIndex(conn, later=index_later) as fts:
            last_id = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
            next_id = (last_id or 0) + 1
            # Into a project without articles (a new one) every article found is one this import
            # added: its id is looked up here, not by a query per batch (import17: 10,000 index
            # look-ups, ~0.02 s of 10,000 rows). The transaction holds the write lock: no other
            # connection adds one meanwhile.
            added_ids: dict[str, int] | None = {} if last_id is None else None
            respace = _PlainRespace(conn, last_id or 0)
            # Into an empty table the unique index of text hashes is built once, after the rows, in
            # this transaction: CREATE INDEX sorts the keys and writes the tree once, where 10,000
            # inserts in hash order (random) each walked and split it — 0.167 -> 0.141 s of CPU for
            # the statements of 10,000 FNC-1 rows (issue 12, import18; the two other indexes
            # follow the id and gain nothing). Nothing reads it meanwhile (copies are found in
            # added_ids); a failure rolls its drop back with the rest. Its creation fails if two
            # rows share a hash, which added_ids rules out.
            hash_index = _dropped_index(conn, _TEXT_HASH_INDEX) if last_id is None else None
            for batch in batches:
                if not batch:
                    continue
                if added_ids is None:
                    known = dict(_select_in(conn, "SELECT text_hash, id FROM articles WHERE text_hash IN ({})", [r[1] for r in batch]))
                else:  # an empty project: the import's own map is all there is to know
                    known = added_ids
                first_new, first_number = next_id, number
                new_rows: list[tuple[Any, ...]] = []
                old_at: set[int] = set()  # positions in the batch of articles the project or this import had already
                for position, (text, text_hash, title, publisher, url, published, meta, words) in enumerate(batch):
                    article_id = known.get(text_hash)
                    if article_id is None and last_id is not None and (found := respace.match(text, text_hash)):
                        # fix38: the row of an article the project held before, whitespace changed:
                        # counted by the stored text (another copy of it is a repeat, not a duplicate)
                        article_id, text_hash = found
                    if article_id is None:
                        article_id, next_id = next_id, next_id + 1
                        known[text_hash] = article_id  # added_ids itself in an empty project
                        if respace.keys:
                            respace.added(text_hash, article_id)
                        met.add(text_hash)
                        new_rows.append((article_id, text, text_hash, title, publisher, url, published, meta, "new", stamp, stamp, words))
                    else:
                        if text_hash in met:
                            repeats += 1
                        else:
                            duplicates += 1
                            met.add(text_hash)
                        old_at.add(position)
                    article_ids.append(article_id)
                number += len(batch)
                added += len(new_rows)
                if new_rows:
                    conn.executemany(insert, new_rows)
                if not old_at:
                    # Every row new, its id first_new + its position: SQLite makes the log rows
                    # from the rows just inserted, in id order (the rows' order), without a tuple
                    # of nine values a row built and bound here (import13)
                    conn.execute(_NEW_ARTICLES_LOGGED, [stamp, by, edit, first_number + 1 - first_new, action, _NEW_ARTICLE,
                                                        first_new, next_id - 1])
                else:
                    conn.executemany(_CHANGE_INSERT, [
                        (stamp, by, f"{edit}{first_number + k:012x}", action, "import", str(article_id), article_id, None,
                         _OLD_ARTICLE if k - 1 in old_at else _NEW_ARTICLE)
                        for k, article_id in enumerate(article_ids[len(article_ids) - len(batch):], start=1)])
                fts.index(range(first_new, next_id))
            if hash_index is not None:
                conn.execute(hash_index)
            respace.keep_new()
        return ImportResult(added, duplicates, 0, 0, tuple(article_ids), repeats=repeats, respaced=len(respace.articles))

    def _import_layers(self, layered: list[tuple[str, ArticleBundle]], *, by: str, origin: str, record_by: str,
                       moves: list[Any] | None = None,
                       ) -> tuple[dict[str, dict[str, int]], list[LayerVersion], dict[int, list[str]]]:
        """Write analysts' records into their layers (in the import's transaction): a version
        (the first part of an article for its analyst in this import) replaces the layer of the
        article, anything else is added. Returns per analyst the records added by kind,
        ``"already there"``, ``"changed"``, ``"removed"``; the :class:`LayerVersion` of each
        article a version changed that the analyst's layer held before; and article id → the
        analysts whose layer of it changed. ``moves`` gets each analyst's article status the
        import moved (:class:`annotator.storage.layers.StatusMove`, named; fix11o)."""
        from annotator.storage.layers import (add_to_article_layer, check_analyst_name, clash_message, clashing_name, register,
                                              replace_with_version)

        stamp = now()
        known = set(self._layer_names())  # fix11n: with the names this import brings, none one folder with another
        found: dict[str, Counter[str]] = {}
        versions: list[LayerVersion] = []
        changed: dict[int, list[str]] = {}
        written: set[tuple[str, int]] = set()
        for name, part in layered:
            if problem := check_analyst_name(name):
                raise InputError(problem)
            if name not in known:
                if other := clashing_name(name, known):
                    raise InputError(clash_message(name, other, f"{self.path} or this import",
                                                   f"if it is the same analyst, name it {other!r} where this file names its analyst "
                                                   "(its records' \"analyst\" field, or its folder or file name with "
                                                   "--analyst-from-filename), else a clearly different name"))
                known.add(name)
            article_id, title = self.db.execute("SELECT id, title FROM articles WHERE text_hash = ?", [part.article.text_hash]).fetchone()
            held = self.db.execute("SELECT 1 FROM layer_articles WHERE analyst = ? AND article_id = ?", [name, article_id]).fetchone()
            action = f"{origin}: into {name}'s layer"
            if part.version_of == name and (name, article_id) not in written:
                action = f"{origin}: {name}'s newer version of the article" if held else action
                counts, plan = replace_with_version(self.db.conn, name, article_id, part, edit=uuid.uuid4().hex, action=action,
                                                    by=by, at=stamp, record_by=record_by, carries=part.carries)
                if held and plan.changes:
                    versions.append(LayerVersion(article_id, title or "", name, dict(plan.changes), first_words=part.article.text[:200]))
            else:
                counts, _plan = add_to_article_layer(self.db.conn, name, article_id, part, edit=uuid.uuid4().hex, action=action,
                                                     by=by, at=stamp, record_by=record_by)
            written.add((name, article_id))
            # fix11n: the status the analyst's file gave the article goes to their layer (as a merge
            # stores it); a file that says nothing of it ("new": brat, a plain record) leaves it be
            # (fix11o: or says "new" itself: a JSONL "status", an --layer all line's "analyst_status")
            stated = {article_id: str(part.article.status)} if part.article.status != ArticleStatus.NEW or part.status_stated else None
            moved = register(self.db.conn, name, [article_id], source=origin, by=by, at=stamp, statuses=stated,
                             edit=uuid.uuid4().hex, action=f"{origin}: {name}'s article status")
            if moved:  # fix11t: a status moved back to new / in progress withdraws a curated mark (curation.unreviewed_of)
                changed.setdefault(article_id, []).append(name)
            if moves is not None:  # fix11o: a status moved is a change (it said "no change" and logged nothing)
                text = part.article.text
                moves.extend(dataclasses.replace(m, article=article_name(article_id, title or "", text)) for m in moved)
            tally = found.setdefault(name, Counter())
            tally.update(counts.added)
            for key, counter in (("already there", counts.unchanged), ("changed", counts.updated), ("removed", counts.deleted)):
                if n := sum(counter.values()):
                    tally[key] += n
            if counts.added or counts.updated or counts.deleted:
                changed.setdefault(article_id, []).append(name)
        return {name: dict(tally) for name, tally in found.items()}, versions, changed

    def _after_layers_changed(self, versions: list[LayerVersion], changed: dict[int, list[str]], *, by: str, origin: str,
                              ) -> tuple[tuple[LayerVersion, ...], dict[int, str]]:
        """What an import that changed analysts' layers does after, as a merge does: withdraw
        the curated mark of each changed article whose curation no longer holds
        (:func:`annotator.storage.curation_state.withdraw_stale_curations`, logged by ``by``
        with the import and layers named), and say, per version that changed a layer, which gold
        decisions made from that analyst's versions are now flagged changed since decided."""
        from annotator.storage.curation_state import flagged_decisions, still_withdrawn, withdraw_stale_curations

        withdrawn: dict[int, str] = {}
        still: dict[int, str] = {}
        for article_id, names in changed.items():
            who = f"{origin}: {', '.join(dict.fromkeys(names))}'s layer"
            withdrawn.update(withdraw_stale_curations(self, [article_id], by=f"{by} ({who})" if by else who))
            if article_id not in withdrawn:
                still[article_id] = still_withdrawn(self, article_id)
        flagged: dict[int, dict[str, list[str]]] = {}
        out = []
        for version in versions:
            if version.article_id not in flagged:
                flagged[version.article_id] = flagged_decisions(self, version.article_id)
            out.append(dataclasses.replace(version, flagged=tuple(flagged[version.article_id].get(version.analyst, ())),
                                           withdrawn=withdrawn.get(version.article_id, ""),
                                           still=still.get(version.article_id, "")))
        return tuple(out), withdrawn

    def _import_gold(
        self,
        bundles: Iterable[ArticleBundle],
        *,
        by: str = "",
        origin: str = "import",
        on_progress: Callable[[int], None] | None = None,
        record_by: str | None = None,
        word_counts: Mapping[str, int] | None = None,
        index_later: bool = False,
    ) -> ImportResult:
        """Import articles with the own/gold layer's annotations, all in one transaction
        (``record_by``, ``word_counts``, ``index_later``: as :meth:`import_bundles`).

        An article whose text is already in the project is not added again; its annotations are
        merged (:func:`annotator.storage.merge.plan_merge`): what is already there stays as stored,
        and nothing an analyst deleted, moved or relabelled comes back (:meth:`decisions`).
        Any exception rolls everything back; :class:`InputError` for a span outside its text or a
        relation to a span the bundle lacks.
        """
        # Batched: new articles, their annotations, the change log rows, the id checks and the
        # analyst's decisions go in with one statement per table per batch; an article already in
        # the project also reads its stored records. Still one transaction. A new article's id is
        # the one SQLite would give it (one more than the largest: the table has no
        # AUTOINCREMENT), assigned here so its row can wait for the batch's executemany.
        added = duplicates = repeats = 0
        added_here: set[str] = set()  # text hashes of the articles this import met (added, or found already there)
        totals: Counter[str] = Counter()
        merged: Counter[str] = Counter()
        merged_copies: Counter[str] = Counter()  # merged into an article this import added (usertest21 L1)
        new_here: set[int] = set()  # ids of the articles this import added
        decided: Counter[str] = Counter()
        settled: Counter[str] = Counter()
        followed = stances_followed = 0
        article_ids: list[int] = []
        stamp = now()
        conn = self.db.conn
        index = 0
        counted = word_counts if word_counts is not None else {}
        with self.writing(), BulkFtsIndex(conn, later=index_later) as fts:  # the full-text index: once, at the end of the block
            next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            for batch in batched(bundles, _IMPORT_BATCH):
                new_ids: list[int] = []
                known = dict(_select_in(conn, "SELECT text_hash, id FROM articles WHERE text_hash IN ({})",
                                        [b.article.text_hash for b in batch]))
                taken = _TakenIds(
                    spans={r[0] for r in _select_in(conn, "SELECT id FROM spans WHERE id IN ({})", [x.id for b in batch for x in b.spans])},
                    relations={r[0] for r in _select_in(conn, "SELECT id FROM relations WHERE id IN ({})", [x.id for b in batch for x in b.relations])},
                    stances={r[0] for r in _select_in(conn, "SELECT id FROM stances WHERE id IN ({})", [x.id for b in batch for x in b.stances])},
                    tags={r[0] for r in _select_in(conn, "SELECT id FROM tags WHERE id IN ({})", [x.id for b in batch for x in b.tags])},
                )
                decisions = self.decisions(list(known.values()))
                stored = _stored_records(conn, list(known.values()))  # updated as the batch adds records
                pending = _Pending()
                for bundle in batch:
                    index += 1
                    article = bundle.article
                    article_id = known.get(article.text_hash)
                    is_new = article_id is None
                    if article_id is not None and article.text_hash in added_here:
                        repeats += 1  # another copy of an article this import met before: not "already in the project" again
                    elif article_id is not None:
                        duplicates += 1
                        added_here.add(article.text_hash)
                    else:
                        added_here.add(article.text_hash)
                        article_id, next_id = next_id, next_id + 1
                        pending.articles.append(_article_values(article, article_id, stamp, counted.get(article.text_hash)))
                        known[article.text_hash] = article_id
                        new_here.add(article_id)
                        new_ids.append(article_id)
                        added += 1
                    article_ids.append(article_id)
                    if not (bundle.spans or bundle.relations or bundle.stances or bundle.tags):
                        # Nothing to merge (a CSV row, a plain text): no plan, no rule to follow.
                        action, not_back = f"{origin}: 0 spans, 0 relations", 0
                    else:
                        held = stored.setdefault(article_id, StoredRecords())
                        plan = plan_merge(
                            article_id, bundle, stored=held, decisions=decisions.get(article_id, _NO_DECISIONS),
                            claim_id=taken.claim, stamp=stamp, by=by if record_by is None else record_by,
                        )
                        held.add(plan)
                        stored_fixes = _relations_follow_spans(plan, held)
                        stance_fixes = stances_follow_spans(plan, held)
                        followed += len(stored_fixes) + plan.followed
                        stances_followed += len(stance_fixes) + plan.stances_followed
                        pending.add(plan)
                        if plan.settle or stored_fixes or stance_fixes:
                            pending.flush(conn)  # a suggestion to settle may have come earlier in this batch
                            self._settle(plan.settle, article_id, action=f"{origin}: imported decision", by=by, at=stamp)
                            self._follow(stored_fixes, action=f"{origin}: relation follows its spans", by=by, at=stamp)
                            self._follow_stances(stance_fixes, action=f"{origin}: stance follows its spans", by=by, at=stamp)
                        for kind, records in zip(RECORD_KINDS, (plan.spans, plan.relations, plan.stances, plan.tags)):
                            totals[kind] += len(records)
                        (merged_copies if article_id in new_here else merged).update(plan.merged)
                        decided.update(plan.decided)
                        settled.update(plan.settled)
                        not_back = sum(plan.decided.values())
                        action = f"{origin}: {plural(len(plan.spans), 'span')}, {plural(len(plan.relations), 'relation')}"
                    if not_back:
                        action += f", {plural(not_back, 'record')} not brought back (decided by an analyst)"
                    if is_new or not isinstance(bundle, _LayersOnly):
                        pending.changes.append(  # _CHANGE_COLUMNS
                            (stamp, by, uuid.uuid4().hex, action, "import", str(article_id), article_id, None,
                             _NEW_ARTICLE if is_new else _OLD_ARTICLE)
                        )
                    if on_progress is not None:
                        on_progress(index)
                pending.flush(conn)
                fts.index(new_ids)
        return ImportResult(
            added, duplicates, totals["span"], totals["relation"], tuple(article_ids),
            stances=totals["stance"], tags=totals["tag"],
            merged={k: merged[k] for k in RECORD_KINDS if merged[k]},
            merged_copies={k: merged_copies[k] for k in RECORD_KINDS if merged_copies[k]},
            decided={k: decided[k] for k in RECORD_KINDS if decided[k]},
            settled={k: settled[k] for k in RECORD_KINDS if settled[k]},
            followed=followed, stances_followed=stances_followed, repeats=repeats,
        )

    def _follow(self, fixes: list[Relation], *, action: str, by: str, at: str) -> None:
        """Give stored relations the status the relation rule gives them, each change logged."""
        edit_id = uuid.uuid4().hex
        for fixed in fixes:
            before = self.find(Relation, fixed.id)
            if before is None or before.status == fixed.status:
                continue
            after = dataclasses.replace(before, status=fixed.status, updated=at, by=by or before.by)
            self.db.execute("UPDATE relations SET status = ?, updated = ?, by = ? WHERE id = ?",
                            [str(after.status), at, after.by, after.id])
            self._log(Change(before, after), edit_id=edit_id, action=action, by=by, at=at)

    def _follow_stances(self, fixes: list[Stance], *, action: str, by: str, at: str) -> None:
        """Give stored stances the status and holder span the stance rule gives them, each change logged."""
        edit_id = uuid.uuid4().hex
        for fixed in fixes:
            before = self.find(Stance, fixed.id)
            if before is None:
                continue
            after = dataclasses.replace(before, status=fixed.status, holder_span=fixed.holder_span, updated=at, by=by or before.by)
            if after == before:
                continue
            self.db.execute("UPDATE stances SET status = ?, holder_span = ?, updated = ?, by = ? WHERE id = ?",
                            [str(after.status), after.holder_span, at, after.by, after.id])
            self._log(Change(before, after), edit_id=edit_id, action=action, by=by, at=at)

    def _settle(self, settle: list[tuple[str, str, Status]], article_id: int, *, action: str, by: str, at: str) -> None:
        """Give stored suggestions the status an import decided, each change logged."""
        kinds = {"span": Span, "relation": Relation, "stance": Stance}
        edit_id = uuid.uuid4().hex
        for kind, record_id, status in settle:
            before = self.find(kinds[kind], record_id)
            if before is None or before.status != Status.SUGGESTED:  # type: ignore[union-attr]
                continue
            after = dataclasses.replace(before, status=status, updated=at, by=by or before.by)  # type: ignore[type-var]
            self.db.execute(f"UPDATE {rows.TABLES[kinds[kind]]} SET status = ?, updated = ?, by = ? WHERE id = ?",
                            [str(status), at, after.by, record_id])
            self._log(Change(before, after), edit_id=edit_id, action=action, by=by, at=at)

    def decisions(self, article_ids: Iterable[int]) -> dict[int, Decisions]:
        """What analysts decided in these articles (records deleted, moved, relabelled), read from
        the change log; articles without such edits are absent. The one source pre-annotation and
        import consult before (re)creating a record. One indexed query per 900 articles."""
        sql = (
            "SELECT article_id, kind, before, after FROM changes WHERE article_id IN ({}) "
            f"AND kind IN ({', '.join(repr(k) for k in DECISION_KINDS)}) AND before IS NOT NULL ORDER BY id"
        )
        return decisions_from_log(_select_in(self.db.conn, sql, list(article_ids)))

    def add_suggestions(self, article_id: int, suggestions: SuggestionSet, *, by: str = "") -> int:
        """Store a pre-annotator's suggestions for one article; returns how many spans were added.
        ``by``: the records' ``by`` ("" for a machine suggestion nobody decided) and the change
        log's, where "" is recorded as :data:`MACHINE` (fix11l: the pipeline acted; the row's
        action names it).

        Nothing the analyst decided is touched, and nothing is suggested where a span with the
        same position and label exists (whatever its status: a rejected one stays rejected) or
        once stood before the analyst moved, relabelled or deleted it. Undecided suggestions the
        new run no longer makes are removed (unless a decided link or a stance names them): those
        of the same origin always, and, when the article was pre-annotated before (a redo, CLI
        ``--redo`` or the window), those of **every** origin (another pipeline, the rules, a
        trained model, imported predictions), so that a redo leaves what a fresh run would, plus
        the analyst's decisions (issue 10: a redo after a pipeline change stacked two readings).
        Undecided suggestions it makes again keep their ids and take the new run's origin and
        attributes; undecided suggested relations it no longer makes are removed likewise.
        Nor is a second reading suggested beside a span the analyst decided (accepted, rejected or
        edited): a suggestion of the same kind (any entity label over an entity, QUOTE over QUOTE:
        :func:`annotator.domain.suggestions.reading_kind`) overlapping it by at least half of the
        shorter one, and the speaker/cue suggested only for such a suggestion, are not stored, and
        an undecided copy of one stored earlier, whatever made it, is withdrawn
        (:func:`annotator.domain.suggestions.readings_decided`; issue 10).
        """
        stamp = now()
        wanted = {(s.start, s.end, s.label) for s in suggestions.spans}
        by_key = {s.key: s for s in suggestions.spans}
        wanted_links = {(_sug_key(by_key[r.head]), _sug_key(by_key[r.child]), r.label)
                        for r in suggestions.relations if r.head in by_key and r.child in by_key}
        with self.writing():
            # a redo replaces every undecided suggestion, whoever made it (see the docstring)
            redo = self.preannotated(article_id)

            def replaced(origin: str) -> bool:
                return redo or origin == suggestions.origin

            spans = self.spans(article_id)
            # a suggestion an analyst edited without deciding it (its attributes) is the analyst's: kept exactly
            touched = {s.id for s in spans if s.status == Status.SUGGESTED and s.by and s.updated != s.created}
            # never a second reading beside one the analyst decided (accepted, rejected or edited):
            # not made now, and withdrawn when an earlier run stored it (it is not wanted)
            analysts = [(*s.key, s.layer) for s in spans if s.status != Status.SUGGESTED or s.id in touched]
            same_as_decided = readings_decided(suggestions, analysts)  # and the speaker/cue made only for one
            # what this run makes but would not store: a stored undecided copy of it goes too, whatever
            # made it (issue 10 finding 9: a redo kept an old QUOTE 717-733 inside the analyst's 707-733)
            refused = {_sug_key(s) for s in suggestions.spans if s.key in same_as_decided}
            wanted = wanted - refused
            stale = {
                s.id for s in spans
                if s.status == Status.SUGGESTED and s.id not in touched and s.key not in wanted
                and (replaced(s.origin) or s.key in refused)
            }
            relations = self.relations(article_id)
            pinned = {i for r in relations if r.status != Status.SUGGESTED for i in (r.head, r.child)}
            # a span a stance names (its evidence or holder) is the analyst's: it stays, or the stance would be orphaned
            pinned |= {i for t in self.stances(article_id) for i in (t.holder_span, t.evidence) if i}
            stale -= pinned
            key_of = {s.id: s.key for s in spans}
            dropped = [r.id for r in relations if r.status == Status.SUGGESTED and (
                r.head in stale or r.child in stale
                or (replaced(r.origin) and (key_of.get(r.head), key_of.get(r.child), r.label) not in wanted_links))]
            # Every deletion is in the change log: the withdrawn suggestions go into this run's
            # `preannotate` row (its `before`), not rows of their own kind, which would read as an
            # analyst's decisions (storage.decisions) and keep them from ever being suggested again.
            withdrawn = {"spans": [rows.to_row(s) for s in spans if s.id in stale],
                         "relations": [rows.to_row(r) for r in relations if r.id in dropped]}
            self.db.conn.executemany("DELETE FROM relations WHERE id = ?", [(i,) for i in dropped])
            self.db.conn.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in stale])
            existing = {s.key: s.id for s in spans if s.id not in stale}
            undecided = {s.id: s for s in spans if s.id not in stale and s.id not in touched and s.status == Status.SUGGESTED}
            decided = self.decisions([article_id]).get(article_id, _NO_DECISIONS)
            key_to_id: dict[str, str] = {}
            new_spans: list[dict[str, Any]] = []
            renewed: list[tuple[str, str, str, str]] = []
            # one os.urandom for the run's ids (new_ids), as add_new_suggestions draws them: a
            # system call per id was most of the ids' cost; those not used (spans already there) go
            fresh = iter(new_ids(len(suggestions.spans) + len(suggestions.relations)))
            for sug in suggestions.spans:
                found = existing.get((sug.start, sug.end, sug.label))
                if found is None and sug.key in same_as_decided:
                    continue  # the same words of the same label as a span the analyst decided (or only its speaker/cue)
                if found is not None:
                    key_to_id[sug.key] = found
                    old_span = undecided.get(found)
                    if old_span is not None and (old_span.origin != suggestions.origin or dict(old_span.attrs) != dict(sug.attrs)):
                        # still undecided: it is this run's suggestion now (origin, suggested_by…), same id
                        renewed.append((suggestions.origin, json.dumps(dict(sug.attrs), ensure_ascii=False, sort_keys=True), stamp, found))
                    continue
                if decided.span_decided("", (sug.start, sug.end, sug.label)):
                    continue  # the analyst moved, relabelled or deleted a span that stood here
                if not 0 <= sug.start < sug.end:  # what Span() refuses
                    raise ValueError(f"span [{sug.start}, {sug.end}) is empty or negative")
                # the row rows.to_row(Span(...)) makes, in _NEW_SPAN_COLUMNS' order, without the
                # record and its dict (throughput14: the writes are the parent's share of a run
                # with several worker processes, and so compete with them for the cores)
                span_id = next(fresh)
                existing[(sug.start, sug.end, sug.label)] = span_id
                key_to_id[sug.key] = span_id
                new_spans.append((span_id, article_id, sug.start, sug.end, sug.label, sug.layer, _SUGGESTED, suggestions.origin,
                                  rows.encode_attrs(sug.attrs), stamp, stamp, by))
            if new_spans:
                self.db.conn.executemany(_NEW_SPAN_INSERT, new_spans)
            self.db.conn.executemany("UPDATE spans SET origin = ?, attrs = ?, updated = ? WHERE id = ?", renewed)
            linked = {(r.head, r.child, r.label) for r in relations if r.id not in dropped}
            status_of = {s.id: s.status for s in spans}  # new spans are suggested (absent: None)
            new_relations = []
            for rel in suggestions.relations:
                head, child = key_to_id.get(rel.head), key_to_id.get(rel.child)
                if head is None or child is None or (head, child, rel.label) in linked:
                    continue
                if _decided_link(status_of.get(head, Status.SUGGESTED), status_of.get(child, Status.SUGGESTED)):
                    continue  # both ends decided by the analyst: a suggested link there would be half-decided
                if decided.relation_decided("", (head, child, rel.label)):
                    continue  # the analyst deleted this link (or re-pointed it)
                linked.add((head, child, rel.label))
                # the row of rows.to_row(Relation(...)), as for the spans above
                new_relations.append((next(fresh), article_id, head, child, rel.label, _SUGGESTED, suggestions.origin, _NO_ATTRS,
                                      stamp, stamp, by))
            if new_relations:
                self.db.conn.executemany(_NEW_RELATION_INSERT, new_relations)
            # plain SQL, not sqlite-utils' upsert: that inspects the table (columns, primary key,
            # foreign keys) on every call, ~1/8 of storing one FNC-1 article's suggestions (edits13)
            self.db.conn.execute(_PREANNOTATED_SQL, (article_id, suggestions.origin, stamp, len(new_spans)))
            self._log_summary(
                "preannotate", article_id,
                _preannotated_action(suggestions.origin, len(new_spans), len(new_relations), len(stale)),
                by=by or MACHINE, at=stamp, new=False,
                before=json.dumps({"withdrawn": withdrawn}, ensure_ascii=False, sort_keys=True) if stale else None,
            )
        return len(new_spans)

    def add_new_suggestions(self, batch: Sequence[NewSuggestions], *, by: str = "") -> list[int | None]:
        """Store the suggestions of several articles in one transaction, as :meth:`add_suggestions`
        would one after the other, for each article that holds no span, no relation and no
        analyst's decision in the change log yet (a first pre-annotation of an untouched article:
        then nothing can be kept, withdrawn or refused, and the rows are written as they come).
        Returns, per item of ``batch``, how many spans were added, or None for an article that is
        not untouched: nothing is written for it, and the caller stores it with
        :meth:`add_suggestions`.

        ``batch``: ``(article id, origin, spans, relations)``, spans as ``(key, start, end, label,
        layer, attrs or None)``, relations as ``(head key, child key, label)``: what
        :func:`annotator.nlp.runner.pack` ships from a worker process, so that the rows are made
        without a ``SuggestedSpan`` per span (pipe18: with two worker processes on two cores,
        each CPU-second this process spends writing is taken from a worker). A span of a position
        and label already in the article's batch is the same span (its key names the first one's
        id); a relation is stored once. Raises ``ValueError`` for an empty or negative span (none
        of the transaction is written) and :class:`ProjectBusy` as :meth:`writing`."""
        if not batch:
            return []
        ids = [item[0] for item in batch]
        stamp = now()
        by_log = by or MACHINE
        with self.writing():
            conn = self.db.conn
            # what add_suggestions would read per article, as three queries for the batch: an
            # article with any of it takes the general path (any layer's span counts, to be safe)
            touched = {row[0] for row in _select_in(conn, "SELECT DISTINCT article_id FROM spans WHERE article_id IN ({})", ids)}
            touched |= {row[0] for row in _select_in(conn, "SELECT DISTINCT article_id FROM relations WHERE article_id IN ({})", ids)}
            touched |= set(self.decisions(ids))
            span_rows: list[tuple[Any, ...]] = []
            relation_rows: list[tuple[Any, ...]] = []
            marks: list[tuple[Any, ...]] = []
            log: list[tuple[Any, ...]] = []
            added: list[int | None] = []
            encode = rows.encode_attrs
            for article_id, origin, spans, relations in batch:
                if article_id in touched:
                    added.append(None)
                    continue
                fresh = new_ids(len(spans) + len(relations) + 1)
                key_to_id: dict[str, str] = {}
                at: dict[tuple[int, int, str], str] = {}
                first = len(span_rows)
                for (key, start, end, label, layer, attrs), span_id in zip(spans, fresh):
                    found = at.get((start, end, label))
                    if found is None:
                        if not 0 <= start < end:  # what Span() refuses
                            raise ValueError(f"span [{start}, {end}) is empty or negative")
                        at[(start, end, label)] = found = span_id
                        span_rows.append((span_id, article_id, start, end, label, layer, _SUGGESTED, origin,
                                          encode(attrs) if attrs else _NO_ATTRS, stamp, stamp, by))
                    key_to_id[key] = found
                n_spans = len(span_rows) - first
                linked: set[tuple[str, str, str]] = set()
                rel_ids = iter(fresh[len(spans):])
                for head_key, child_key, label in relations:
                    head, child = key_to_id.get(head_key), key_to_id.get(child_key)
                    if head is None or child is None or (head, child, label) in linked or _SUGGESTED_LINK_DECIDED:
                        continue
                    linked.add((head, child, label))
                    relation_rows.append((next(rel_ids), article_id, head, child, label, _SUGGESTED, origin, _NO_ATTRS, stamp, stamp, by))
                marks.append((article_id, origin, stamp, n_spans))
                log.append((stamp, by_log, fresh[-1], _preannotated_action(origin, n_spans, len(linked), 0),
                            "preannotate", str(article_id), article_id, None, _OLD_ARTICLE))
                added.append(n_spans)
            conn.executemany(_NEW_SPAN_INSERT, span_rows)
            conn.executemany(_NEW_RELATION_INSERT, relation_rows)
            conn.executemany(_PREANNOTATED_SQL, marks)
            conn.executemany(_CHANGE_SQL, log)
        return added

    def starting_work(self, edit: Edit) -> Edit:
        """``edit`` with each article whose gold layer it changes (spans, relations, stances,
        tags) that is still ``new`` moved to ``in_progress`` in the same edit, so one undo takes
        both back (fix11o for team projects; ui12j for every project: opening an article no longer
        marks it, an edit does — usertest12 LOW-2). ``edit`` itself otherwise (also when it sets
        an article's status itself)."""
        if not edit.changes:
            return edit
        stated = {c.record.id for c in edit.changes if isinstance(c.record, Article)}
        touched = sorted({c.record.article_id for c in edit.changes  # type: ignore[union-attr]
                          if isinstance(c.record, (Span, Relation, Stance, Tag)) and not c.record.analyst} - stated)
        started = []
        for article_id in touched:
            row = self.db.execute("SELECT status FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is not None and row[0] == ArticleStatus.NEW.value:
                before = self.article(article_id)
                started.append(Change(before, dataclasses.replace(before, status=ArticleStatus.IN_PROGRESS)))
        return Edit(edit.description, (*edit.changes, *started)) if started else edit

    def set_article_status(self, article_id: int, status: ArticleStatus, *, by: str = "") -> Edit:
        before = self.article(article_id)
        after = dataclasses.replace(before, status=status)
        return self.apply(Edit(f"Mark article {status.value.replace('_', ' ')}", (Change(before, after),)), by=by)

    # ----------------------------------------------------------------------- stats

    def stats(self) -> dict[str, Any]:
        articles = dict(self.db.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall())
        spans: dict[str, dict[str, int]] = {}
        for label, status, n in self.db.execute("SELECT label, status, count(*) FROM spans GROUP BY label, status ORDER BY label"):
            spans.setdefault(label, {})[status] = n
        relations: dict[str, dict[str, int]] = {}
        for label, status, n in self.db.execute("SELECT label, status, count(*) FROM relations GROUP BY label, status ORDER BY label"):
            relations.setdefault(label, {})[status] = n
        return {
            "articles": {s.value: articles.get(s.value, 0) for s in ArticleStatus},
            "articles_total": sum(articles.values()),
            "spans": spans,
            "relations": relations,
        }

    # ----------------------------------------------------------------------- internals

    def _records(self, kind: type, article_id: int, statuses: Iterable[Status] | None, *, order: str, analyst: str = "") -> list[Any]:
        table = rows.TABLES[kind] if not analyst else rows.LAYER_TABLES[kind]
        sql = f"SELECT * FROM {table} WHERE article_id = ?"
        params: list[Any] = [article_id]
        if analyst:
            sql += " AND analyst = ?"
            params.append(analyst)
        if statuses is not None:
            statuses = [str(s) for s in statuses]
            sql += f" AND status IN ({', '.join('?' * len(statuses))})"
            params.extend(statuses)
        cursor = self.db.execute(f"{sql} ORDER BY {order}", params)
        names = [d[0] for d in cursor.description]
        return [rows.FROM_ROW[kind](dict(zip(names, r))) for r in cursor]

    def _as_dict(self, table: str, row: tuple) -> dict[str, Any]:
        columns = self._columns.get(table)
        if columns is None:
            columns = self._columns[table] = [r[1] for r in self.db.execute(f"PRAGMA table_info({table})")]
        return dict(zip(columns, row))

    def _insert_rows(self, table: str, rows_: list[dict[str, Any]]) -> None:
        """Plain executemany: sqlite-utils' insert_all re-inspects the table on every call,
        which was most of the cost of storing one article's suggestions."""
        if not rows_:
            return
        columns = list(rows_[0])
        names = ", ".join(f'"{c}"' for c in columns)
        self.db.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(r[c] for c in columns) for r in rows_],
        )

    def _check_current(self, change: Change, *, undoing: bool = False) -> None:
        """Refuse an edit built on a state that is no longer the stored one (stale undo, two
        windows, a command run meanwhile): :class:`EditConflict`, read under the write lock."""
        record = change.record
        kind = record_kind(record)
        current = self.find(type(record), record.id)
        if change.before is None:
            if current is not None:
                raise EditConflict(f"{kind} {record.id} already exists")
        elif current is None:
            raise EditConflict(f"{kind} {record.id} no longer exists; reload the article")
        elif not _same_content(current, change.before):
            raise EditConflict(f"{kind} {record.id} was changed elsewhere; reload the article")
        after = change.after
        if after is None:
            if isinstance(record, Span):
                self._check_no_links(record)
            elif isinstance(record, (TargetEntry, TagEntry)) and not undoing:
                # The undo of an add puts back the list as it was: a name used before the add (or
                # since) is used unlisted again, as before, and no use changes. Refusing it would
                # leave the add impossible to take back (user-test finding 6).
                self._check_unused(record)
            return
        if isinstance(after, Relation):
            self._check_link(after, new=change.before is None)

        elif isinstance(after, Tag) and change.before is None:
            taken = self.db.execute(
                "SELECT id FROM tags WHERE article_id = ? AND tag = ? AND id != ?", [after.article_id, after.tag, after.id]
            ).fetchone()
            if taken is not None:
                raise EditConflict(f"tag {after.tag!r} is already on article {after.article_id} (added elsewhere?); reload the article")

    def _check_unused(self, entry: ListEntry) -> None:
        """A list entry leaves the list only once nothing uses its name (a merge re-points its uses
        earlier in the same edit): a use made elsewhere meanwhile would be left unlisted."""
        n = len(self.list_uses(type(entry), entry.name))
        if n:
            raise EditConflict(f"{record_kind(entry)} {entry.name!r} is used by {uses_noun(entry, n)} now (added elsewhere?); reopen the list")

    def _check_no_links(self, span: Span) -> None:
        """A span is deleted only with every link to it deleted by the same edit (listed before
        it): a link the edit does not list was made elsewhere, and deleting it unseen and
        unlogged would lose it."""
        left = self.db.execute(
            "SELECT id, label FROM relations WHERE article_id = ? AND (head = ? OR child = ?) ORDER BY rowid",
            [span.article_id, span.id, span.id],
        ).fetchall()
        if left:
            links = ", ".join(f"{label} {rid}" for rid, label in left)
            raise EditConflict(
                f"span {span.id} has {_counted(len(left), 'link')} this edit does not know about ({links}), "
                "added elsewhere; reload the article"
            )

    def _check_link(self, relation: Relation, *, new: bool) -> None:
        """Both ends of a link exist, and a new link is not one already stored (same head, child, label)."""
        for end in (relation.head, relation.child):
            if self.db.execute("SELECT 1 FROM spans WHERE id = ?", [end]).fetchone() is None:
                raise EditConflict(f"span {end} of link {relation.id} no longer exists (deleted elsewhere?); reload the article")
        if new:
            same = self.db.execute(
                "SELECT id FROM relations WHERE article_id = ? AND head = ? AND child = ? AND label = ? AND id != ?",
                [relation.article_id, relation.head, relation.child, relation.label, relation.id],
            ).fetchone()
            if same is not None:
                raise EditConflict(
                    f"link {relation.label} {relation.head} → {relation.child} already exists as {same[0]} (added elsewhere?); reload the article"
                )

    # Plain SQL, not sqlite-utils' Table.insert/update/delete: those read the table's columns and
    # primary key again on every call, which made an edit of 3,000 changes (Accept all on a long
    # article) take 2.6 s, 0.9 ms a change; a statement per change with the columns known is ~10×
    # faster. The columns are the record's fields (storage/rows.py), so nothing is left out.
    def _write(self, change: Change) -> None:
        record = change.record
        table = rows.TABLES[type(record)]
        if table == "articles" and change.before is not None:
            # The index's delete and update triggers remove the old row's terms: an article an
            # import left to index later (index_later) must be in it first, or the index breaks.
            # That article only (import12e): all of them froze the window 1.2–1.7 s at 10,000.
            catch_up_article(self.db.conn, record.id)
        if change.after is None:
            # a span's links are gone by now: _check_current refused the edit otherwise
            self.db.conn.execute(f"DELETE FROM {table} WHERE id = ?", [record.id])
            return
        row = rows.TO_ROW[type(record)](change.after)
        names = list(row)
        if change.before is None:
            self.db.conn.execute(
                f"INSERT INTO {table} ({', '.join(_quoted(n) for n in names)}) VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names],
            )
        else:
            sets = [n for n in names if n != "id"]
            if table == "articles":
                # The text never changes and the title rarely does: naming them in SET would fire
                # the full-text index's trigger (UPDATE OF title, text; migration 0008) and re-index
                # the whole text for a status change (list12, issue 12).
                before = rows.TO_ROW[type(record)](change.before)
                sets = [n for n in sets if n not in ("text", "title") or before.get(n) != row[n]]
            self.db.conn.execute(
                f"UPDATE {table} SET {', '.join(f'{_quoted(n)} = ?' for n in sets)} WHERE id = ?",
                [*(row[n] for n in sets), record.id],
            )

    def _log(self, change: Change, *, edit_id: str, action: str, by: str, at: str) -> None:
        record = change.record
        article_id = record.id if isinstance(record, Article) else getattr(record, "article_id", None)  # lists: none
        self.db.conn.execute(
            f"INSERT INTO changes ({', '.join(_CHANGE_COLUMNS)}) VALUES ({', '.join('?' * len(_CHANGE_COLUMNS))})",
            [at, by, edit_id, action, record_kind(record), str(record.id), article_id,
             rows.record_to_json(change.before), rows.record_to_json(change.after)],
        )

    def _log_summary(self, kind: str, article_id: int, action: str, *, by: str, at: str, new: bool, before: str | None = None) -> None:
        # plain SQL (as _log): sqlite-utils' insert inspected the table on every call (edits13)
        self.db.conn.execute(_CHANGE_SQL, (at, by, uuid.uuid4().hex, action, kind, str(article_id), article_id, before,
                                           _NEW_ARTICLE if new else _OLD_ARTICLE))


_IMPORT_BATCH = 500

#: The change log's ``by`` of a pre-annotation no person is named for (fix11l: it was ""): the
#: machine acted — the row's ``action`` names the pipeline and rules ("en_core_web_sm … + rules …").
MACHINE = "machine"

#: fix11aj (usertest11q M2): what the window says instead of pre-annotating a team project (one
#: holding analysts' layers: :meth:`Project.has_layers`). Its gold layer is curated from the
#: analysts' layers; machine suggestions written into it were nobody's annotation, each decision
#: had to reject them, and every other open window was told the file changed.
TEAM_NOT_PREANNOTATED = ("Not pre-annotated: this is a team project — its gold is curated from the analysts' "
                         "layers (View → Curation…), not filled with machine suggestions; each analyst "
                         "pre-annotates their own file")


def _quoted(column: str) -> str:
    """A column name as an SQL identifier ("start" and "end" are keywords)."""
    return '"' + column.replace('"', '""') + '"'

_ARTICLE_STATUS = {str(status): status for status in ArticleStatus}
_ARTICLE_COLUMNS = ("text", "text_hash", "title", "publisher", "url", "published", "meta", "status", "added", "updated")
_SPAN_COLUMNS = ("id", "article_id", "start", "end", "label", "layer", "status", "origin", "attrs", "created", "updated", "by")
_RELATION_COLUMNS = ("id", "article_id", "head", "child", "label", "status", "origin", "attrs", "created", "updated", "by")
_STANCE_COLUMNS = ("id", "article_id", "holder", "target", "polarity", "status", "origin", "attrs", "created", "updated", "by", "holder_span", "evidence")
_TAG_COLUMNS = ("id", "article_id", "tag", "origin", "created", "by")
_CHANGE_COLUMNS = ("at", "by", "edit", "action", "kind", "record_id", "article_id", "before", "after")
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # rows.to_row's JSON columns, one encoder for all
_NEW_ARTICLE, _OLD_ARTICLE = json.dumps({"new_article": True}), json.dumps({"new_article": False})  # an import row's "after"


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


_CHANGE_SQL = _insert_sql("changes", _CHANGE_COLUMNS)
# what sqlite-utils' upsert(pk="article_id") ran: a new row, or the same row's other columns updated
_PREANNOTATED_SQL = ('INSERT INTO preannotations ("article_id", "origin", "at", "spans") VALUES (?, ?, ?, ?) '
                     'ON CONFLICT ("article_id") DO UPDATE SET "origin" = excluded."origin", "at" = excluded."at", '
                     '"spans" = excluded."spans"')


_ARTICLE_INSERT = _insert_sql("articles", ("id", *_ARTICLE_COLUMNS, "words"))  # words: migration 0008
_CHANGE_INSERT = _insert_sql("changes", _CHANGE_COLUMNS)
# The text may come as its UTF-8 bytes (import13): CAST stores them as the text they encode, the
# same value as the str bound as text (of a UTF-8 file), without decoding them in Python.
_PLAIN_ARTICLE_INSERT = (_ARTICLE_INSERT.split(" VALUES ")[0]
                         + f" VALUES (?, CAST(? AS TEXT), {', '.join('?' * len(_ARTICLE_COLUMNS))})")  # id, text, the 9 others and words
# import_plain_articles' change-log rows of a batch of new articles (ids ?7..?8): the edit id the
# import's prefix (?3) and the row's number in the import (the id + ?4) in 12 hex digits, as
# f"{edit}{number:012x}"; record_id the id as text, as str(article_id)
_NEW_ARTICLES_LOGGED = (_CHANGE_INSERT.split(" VALUES ")[0] + " SELECT ?1, ?2, printf('%s%012x', ?3, id + ?4), ?5, 'import', "
                        "CAST(id AS TEXT), id, NULL, ?6 FROM articles WHERE id BETWEEN ?7 AND ?8 ORDER BY id")
#: the columns of a row :meth:`Project.import_plain_articles` takes
PLAIN_ARTICLE = ("text", "text_hash", "title", "publisher", "url", "published", "meta", "words")



_TEXT_HASH_INDEX = "idx_articles_text_hash"  # UNIQUE (text_hash): the duplicate check's


class _PlainRespace:
    """fix38: :meth:`Project.import_plain_articles`' look-up of a row's article by its text less
    whitespace, among the articles with id ≤ ``up_to`` (those the project held before the import).
    Only a row whose exact text is not in the project gets here; its key is computed (and kept for
    the article it becomes, :meth:`keep_new`), the keys of articles stored without one are
    written once (:func:`annotator.storage.text_keys.fill`)."""

    def __init__(self, conn: sqlite3.Connection, up_to: int) -> None:
        self.conn, self.up_to = conn, up_to
        self.articles: set[int] = set()  # the articles rows matched: each counted once, as "already in the project" is
        self.filled = False
        self.keys: dict[str, int] = {}  # text hash -> key, of rows matched to no article
        self.found: dict[str, tuple[int, str]] = {}  # text hash -> the matched article's id and text hash
        self.new: list[tuple[int, int]] = []  # (article id, key) of the new articles among them

    def match(self, text: str | bytes, text_hash: str) -> tuple[int, str] | None:
        """``(id, text hash)`` of the article the project held whose text is ``text`` (a str, or
        its UTF-8 bytes) but for whitespace, or None."""
        from annotator.domain.respacing import squeezed, text_key
        from annotator.storage import text_keys

        if text_hash in self.keys:  # a copy of a row matched to no article
            return None
        if text_hash in self.found:
            return self.found[text_hash]
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        key = text_key(text)
        if not self.filled:
            text_keys.fill(self.conn)
            self.filled = True
        wanted = squeezed(text)
        for article_id, stored, stored_hash in text_keys.matches(self.conn, key, self.up_to):
            if squeezed(stored) == wanted:
                self.articles.add(article_id)
                self.found[text_hash] = (int(article_id), str(stored_hash))
                return self.found[text_hash]
        self.keys[text_hash] = key
        return None

    def added(self, text_hash: str, article_id: int) -> None:
        """Note the new article of a row (its key stored by :meth:`keep_new` when :meth:`match` computed it)."""
        if (key := self.keys.pop(text_hash, None)) is not None:
            self.new.append((article_id, key))

    def keep_new(self) -> None:
        """Store the keys of the new articles :meth:`added` noted."""
        from annotator.storage import text_keys

        if self.new:
            text_keys.keep(self.conn, self.new)


def _dropped_index(conn: sqlite3.Connection, name: str) -> str | None:
    """Drop the index ``name`` (inside the caller's transaction) and return the SQL that makes it
    again; None, and nothing dropped, when the project has no such index."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name]).fetchone()
    if row is None or row[0] is None:
        return None
    conn.execute(f'DROP INDEX "{name}"')
    return str(row[0])


def _select_in(conn: sqlite3.Connection, sql: str, values: list[Any], chunk: int = 900) -> list[tuple]:
    """Run ``sql`` (with one ``IN ({})``) over ``values`` in chunks below SQLite's variable limit."""
    found: list[tuple] = []
    for i in range(0, len(values), chunk):
        part = values[i : i + chunk]
        found.extend(conn.execute(sql.format(", ".join("?" * len(part))), part).fetchall())
    return found


_NO_DECISIONS = Decisions()


def _stored_records(conn: sqlite3.Connection, article_ids: list[int]) -> dict[int, StoredRecords]:
    """The records of these articles that matching reads (ids, positions, labels, links, stance
    content, tag names; other fields left empty), with one query per table per 900 articles."""
    held: dict[int, StoredRecords] = {i: StoredRecords() for i in article_ids}
    for sid, aid, start, end, label, status in _select_in(
        conn, 'SELECT id, article_id, start, "end", label, status FROM spans WHERE article_id IN ({})', article_ids
    ):
        held[aid].spans.append(Span(id=sid, article_id=aid, start=start, end=end, label=label, layer="", status=Status(status)))
    for rid, aid, head, child, label, status in _select_in(
        conn, "SELECT id, article_id, head, child, label, status FROM relations WHERE article_id IN ({})", article_ids
    ):
        held[aid].relations.append(Relation(id=rid, article_id=aid, head=head, child=child, label=label, status=Status(status)))
    for tid, aid, holder, target, polarity, status, holder_span, evidence in _select_in(
        conn, "SELECT id, article_id, holder, target, polarity, status, holder_span, evidence FROM stances WHERE article_id IN ({})", article_ids
    ):
        held[aid].stances.append(Stance(id=tid, article_id=aid, holder=holder or "", target=target or "",
                                        polarity=polarity or "", status=Status(status or Status.ACCEPTED),
                                        holder_span=holder_span or "", evidence=evidence or ""))
    for tid, aid, tag in _select_in(conn, "SELECT id, article_id, tag FROM tags WHERE article_id IN ({})", article_ids):
        held[aid].tags.append(Tag(id=tid, article_id=aid, tag=tag))
    return held


@dataclasses.dataclass(slots=True)
class _TakenIds:
    """Record ids already used (stored, or earlier in this import): a clash gets a new id."""

    spans: set[str]
    relations: set[str]
    stances: set[str]
    tags: set[str]

    def claim(self, table: str, wanted: str) -> str:
        """``wanted`` when no record of ``table`` has it yet, else a new id; either is now taken."""
        used: set[str] = getattr(self, table)
        record_id = new_id() if wanted in used else wanted
        used.add(record_id)
        return record_id


def _relations_follow_spans(plan: MergePlan, held: StoredRecords) -> list[Relation]:
    """Apply the relation rule (:func:`annotator.domain.relation_rule.repaired`) after an import's
    merge: imported relations (``plan.relations``, not yet written) get their followed status in
    place (counted in ``plan.followed``); the stored relations that must change are returned, to be
    written with a change-log row. ``held`` is the article's records with the plan taken in."""
    fixes = {r.id: r for r in repaired(held.spans, held.relations)}
    if not fixes:
        return []
    new_ids = {r.id for r in plan.relations}
    plan.relations[:] = [fixes.get(r.id, r) for r in plan.relations]
    plan.followed += sum(1 for i in fixes if i in new_ids)
    held.relations[:] = [fixes.get(r.id, r) for r in held.relations]
    return [r for i, r in fixes.items() if i not in new_ids]


@dataclasses.dataclass(slots=True)
class _Pending:
    """Rows of a batch of new articles, written with one ``executemany`` per table."""

    articles: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)  # _article_values
    spans: list[list[Any]] = dataclasses.field(default_factory=list)  # rows in _SPAN_COLUMNS order, ...
    relations: list[list[Any]] = dataclasses.field(default_factory=list)
    stances: list[list[Any]] = dataclasses.field(default_factory=list)
    tags: list[list[Any]] = dataclasses.field(default_factory=list)
    changes: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)  # in _CHANGE_COLUMNS order

    def add(self, plan: MergePlan) -> None:
        """Queue the records a merge plan inserts."""
        self.spans.extend(map(_SPAN_VALUES, plan.spans))
        self.relations.extend(map(_RELATION_VALUES, plan.relations))
        self.stances.extend(map(_STANCE_VALUES, plan.stances))
        self.tags.extend(map(_TAG_VALUES, plan.tags))

    def flush(self, conn: sqlite3.Connection) -> None:
        if self.articles:  # first: the annotations' foreign keys name them
            conn.executemany(_ARTICLE_INSERT, self.articles)
            self.articles.clear()
        for table, columns, pending in (
            ("spans", _SPAN_COLUMNS, self.spans),
            ("relations", _RELATION_COLUMNS, self.relations),
            ("stances", _STANCE_COLUMNS, self.stances),
            ("tags", _TAG_COLUMNS, self.tags),
            ("changes", _CHANGE_COLUMNS, self.changes),
        ):
            if pending:
                conn.executemany(_insert_sql(table, columns), pending)
                pending.clear()


def _values_in(columns: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    """record → its row's values in ``columns`` order, as :func:`rows.to_row` converts them (a
    JSON column as sorted JSON, an enum as its text). One ``attrgetter`` call a record: to_row's
    dict, and the list made of it, were 15 % of an import with spans (issue 12)."""
    get = operator.attrgetter(*columns)
    json_at = [i for i, c in enumerate(columns) if c in ("attrs", "meta")]
    enum_at = [i for i, c in enumerate(columns) if c in ("status", "layer")]  # Status; a Layer may be given as layer

    def values(record: Any) -> list[Any]:
        found = list(get(record))
        for i in enum_at:
            if isinstance(found[i], StrEnum):
                found[i] = str(found[i])
        for i in json_at:
            found[i] = _JSON.encode(dict(found[i])) if found[i] else "{}"
        return found

    return values


_SPAN_VALUES, _RELATION_VALUES = _values_in(_SPAN_COLUMNS), _values_in(_RELATION_COLUMNS)
_STANCE_VALUES, _TAG_VALUES = _values_in(_STANCE_COLUMNS), _values_in(_TAG_COLUMNS)


def _article_values(article: Article, article_id: int, stamp: str, words: int | None = None) -> tuple[Any, ...]:
    """A new article's row in :data:`_ARTICLE_INSERT`'s columns, as :func:`rows.article_to_row`
    writes it (meta as sorted JSON, the status's text) with ``added`` (kept when the record has
    one, else ``stamp``), ``updated`` = ``stamp`` and the word count (migration 0008): ``words``
    when the import's reading process counted them (:func:`word_count` of the same text), else
    counted here."""
    return (
        article_id, article.text, article.text_hash, article.title, article.publisher, article.url, article.published,
        _JSON.encode(dict(article.meta)), str(article.status),
        article.added or stamp, stamp, word_count(article.text) if words is None else words,
    )


def _stamp(change: Change, stamp: str, by: str) -> Change:
    """Set the bookkeeping fields a record has: updated, by (the analyst), created/added when new."""
    after = change.after
    if after is None:
        return change
    fields = {f.name for f in dataclasses.fields(after)}
    updates: dict[str, Any] = {}
    if "updated" in fields:
        updates["updated"] = stamp
    if "by" in fields:
        updates["by"] = by or after.by  # type: ignore[union-attr]
    if change.before is None:
        for name in ("created", "added"):
            if name in fields and not getattr(after, name):
                updates[name] = stamp
    return Change(change.before, dataclasses.replace(after, **updates))


def _preannotated_action(origin: str, spans: int, relations: int, withdrawn: int) -> str:
    """The change log's action of one article's pre-annotation, as History shows it ("ORIGIN: 3
    new spans, 1 new relation, 0 withdrawn"): one text for add_suggestions and add_new_suggestions."""
    return f"{origin}: {plural(spans, 'new span')}, {plural(relations, 'new relation')}, {withdrawn} withdrawn"


def _decided_link(head: Status, child: Status) -> bool:
    """Whether a suggested link between spans of these statuses is decided by the relation rule
    (:mod:`annotator.domain.relation_rule`): pre-annotation adds no such link."""
    probe = Relation(id="", article_id=0, head="", child="", label="", status=Status.SUGGESTED)
    return followed_status(probe, head, child) != Status.SUGGESTED


def _same_content(a: Record, b: Record) -> bool:
    """Equal apart from the bookkeeping fields the store itself sets."""
    ignore = ("updated", "created", "by", "added")
    ra, rb = rows.TO_ROW[type(a)](a), rows.TO_ROW[type(b)](b)
    return all(ra.get(k) == rb.get(k) for k in ra.keys() | rb.keys() if k not in ignore)


_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _fts_query(query: str) -> str:
    """The FTS5 MATCH string of the list filter's ``query``: each word searched literally (so
    'U.S.' or 'AND' is no operator) as a prefix, every word required; a part in double quotes is
    one FTS5 phrase, its words next to each other in that order and whole (``"copy 99"`` finds
    "copy 99", not "copy 995" nor "99 ... copy": usertest24p L1), a prefix on its last word only
    when a ``*`` follows the closing quote. Quotes pair from the left; an unpaired last quote is
    taken literally, as a character of its word (the tokenizer drops it), never an error. Phrase
    syntax: https://www.sqlite.org/fts5.html#fts5_phrases. "" when nothing is searchable."""
    # Control characters (a NUL ends SQLite's parse of the MATCH string: "unterminated string")
    # and lone surrogates (not encodable as UTF-8) are no search terms: they separate words.
    text = _UNSEARCHABLE.sub(" ", query)
    quotes = [i for i, c in enumerate(text) if c == '"']
    if len(quotes) % 2:
        quotes.pop()  # the unpaired one stays in its word
    terms: list[str] = []

    def words(part: str) -> None:
        terms.extend('"{}"*'.format(w.replace('"', '""')) for w in part.split())

    at = 0
    for opening, closing in zip(quotes[::2], quotes[1::2], strict=True):
        words(text[at:opening])
        at = closing + 1
        prefix = text[at:at + 1] == "*"
        at += prefix
        phrase = " ".join(text[opening + 1:closing].split())
        if phrase:
            terms.append(f'"{phrase}"' + ("*" if prefix else ""))
    words(text[at:])
    return " ".join(terms)


def require_project_file(path: Path) -> Path:
    """``path`` when a (non-empty) file is there; else :class:`ProjectFileError` naming the file
    and what to do. What every command that reads a project, and ``Project.open(create=False)``, say."""
    if path.is_dir():
        raise ProjectFileError(f"{path}: is a folder, not a project file; give the path of the project's .db file")
    if not path.exists():
        raise ProjectFileError(
            f"{path}: no such project file; check the path (a new project is made by "
            f"'annotator import {path} FILES' or 'annotator open {path}')"
        )
    if path.stat().st_size == 0:
        raise ProjectFileError(
            f"{path}: is an empty file (0 bytes), not a project; only 'annotator import {path} FILES' "
            f"or 'annotator open {path}' make it one"
        )
    return path


class ReadOnlyProjectError(ProjectFileError):
    """A write was asked of a project opened read-only."""


class DamagedProjectError(ProjectFileError):
    """The project file is damaged. ``health`` says where (None when SQLite could not tell), and
    ``backup`` is the newest backup that passed its check (None when there is none)."""

    def __init__(self, message: str, *, path: Path, health: Any = None, backup: Any = None) -> None:
        super().__init__(message)
        self.path = path
        self.health = health
        self.backup = backup


def _first_line(text: str) -> str:
    """SQLite's integrity listing can run to a line per damaged cell; the user gets one line:
    the first problem that names a page or table, and how many more there are."""
    text = re.sub(r"\*\*\* in database \w+ \*\*\*\s*", "", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [text.strip()]
    if len(lines) == 1:
        return lines[0]
    head = lines[0]  # e.g. "table spans is damaged (spans: Page 464: btreeInitPage() returns error code 11"
    return f"{head}{')' if head.count('(') > head.count(')') else ''} … and {len(lines) - 1} more problems"


def damaged_error(path: Path, detail: str, health: Any = None) -> ProjectFileError:
    """The one-line error for a file SQLite calls damaged (``detail``), naming the newest good
    backup and the ``annotator restore`` command; a locked or read-only file gets its own line."""
    from annotator.storage.backup import newest_good_backup  # backup imports this module

    detail = _first_line(detail)
    text = detail.lower()
    if "locked" in text or "busy" in text:
        return ProjectFileError(f"{path}: is locked by another program ({detail}); close it there and try again")
    if "unable to open" in text:
        return ProjectFileError(f"{path}: cannot be opened ({detail}); check that it and its folder can be read")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyProjectError(f"{path}: cannot be written ({detail}); {write_todo(path)}")
    what = _first_line(health.summary()) if health is not None and not health.ok else f"is damaged ({detail})"
    backup = newest_good_backup(path)
    if health is not None and health.index_only:
        todo = f"rebuild the search index with 'annotator restore {path} --rebuild-index'"
        if backup is not None:
            todo += f", or restore the backup of {backup.when} ({backup.path}) with 'annotator restore {path}'"
    elif backup is not None:
        todo = f"restore the newest good backup, of {backup.when} ({backup.path}), with 'annotator restore {path}'"
    else:
        todo = "no backup of it was found; copy the file somewhere safe and export what still can be read"
    return DamagedProjectError(f"{path}: {what}; {todo}", path=path, health=health, backup=backup)


_SIDECARS = ("-wal", "-shm", "-journal")


def can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a file or folder); tests replace it, as ``os.access``
    says yes to root whatever the permissions."""
    return os.access(path, os.W_OK)


def write_refusal(path: Path) -> int:
    """0 when this process may write ``path`` (a file or folder), else why not, as an errno:
    ``EACCES`` (its permissions), ``EPERM`` (marked immutable or append-only: ``chattr +i``/``+a``,
    which no permission change undoes) or ``EROFS`` (on a read-only file system). Asked with
    ``access(2)``, which opens nothing (closing a descriptor of the project file would drop this
    process's SQLite locks on it: docs/reliability.md, sigbus12); :func:`can_write` decides first."""
    if can_write(path):
        return 0
    return _access_errno(path) or errno.EACCES  # can_write said no (a test's, or a platform without errno)


def _access_errno(path: Path) -> int:
    """``access(path, W_OK)``'s errno (0: allowed, or not asked: not POSIX, no libc)."""
    if os.name != "posix":
        return 0
    func = _libc_access()
    if func is None:
        return 0
    if func(os.fsencode(path), os.W_OK) == 0:
        return 0
    import ctypes

    return ctypes.get_errno()


_access_cache: list[Any] = []


def _libc_access() -> Any:
    if not _access_cache:
        # imported here: ctypes.util costs ~10 ms at every start, and this is asked only of a file
        # that cannot be written
        import ctypes
        import ctypes.util

        func = None
        with contextlib.suppress(OSError, AttributeError, TypeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            func = libc.access
            func.argtypes = [ctypes.c_char_p, ctypes.c_int]
            func.restype = ctypes.c_int
        _access_cache.append(func)
    return _access_cache[0]


#: fix39 (usertest28 L2): what to do about a file or folder that cannot be written, by why (errno)
_WRITE_TODO = {
    errno.EACCES: "change its permissions or copy it to a writable folder",
    errno.EPERM: "remove that mark (as root: chattr -i -a {path}) or copy it to a writable folder",
    errno.EROFS: "remount that disk read-write or copy the project to a writable disk",
}


def _write_reason(path: Path, refusal: int, *, folder: bool) -> str:
    what = f"its folder {path}" if folder else "the file"
    if refusal == errno.EPERM:
        return f"{what} is marked immutable or append-only"
    if refusal == errno.EROFS:
        return f"{what} is on a read-only file system"
    return f"{what} is read-only"


def write_todo(path: Path) -> str:
    """What to do about ``path`` (a project file) or its folder not being writable, one clause:
    change the permissions (``EACCES``, and when neither says why), remove the immutable mark
    (``EPERM``), remount the disk (``EROFS``)."""
    for where in (path, path.parent):
        refusal = write_refusal(where) if os.path.lexists(where) else 0
        if refusal in _WRITE_TODO:
            return _WRITE_TODO[refusal].format(path=where)
    return _WRITE_TODO[errno.EACCES]


def _access_mode(path: Path, exists: bool) -> tuple[str, str, str]:
    """``("rw", "", "")``, or how to open a file that cannot be written, why, and what to do about
    it: ``"ro"`` (``mode=ro``: SQLite still creates or reads the ``-shm`` file WAL needs) or
    ``"immutable"`` (``immutable=1``: the folder is read-only and there is no ``-shm``;
    https://www.sqlite.org/wal.html#readonly and https://www.sqlite.org/uri.html#uriimmutable).
    Why and what to do tell a permission from an immutable mark and a read-only disk (fix39)."""
    folder_refusal = write_refusal(path.parent) if path.parent.exists() else errno.EACCES
    file_refusal = write_refusal(path) if exists else 0
    folder_ok, file_ok = folder_refusal == 0, file_refusal == 0
    if file_ok and folder_ok:
        return "rw", "", ""
    if not file_ok:
        reason, todo = _write_reason(path, file_refusal, folder=False), _WRITE_TODO.get(file_refusal, _WRITE_TODO[errno.EACCES])
        todo = todo.format(path=path)
    else:
        reason = _write_reason(path.parent, folder_refusal, folder=True)
        todo = _WRITE_TODO.get(folder_refusal, _WRITE_TODO[errno.EACCES]).format(path=path.parent)
    if folder_ok or Path(f"{path}-shm").exists():
        return "ro", reason, todo
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ProjectFileError(
            f"{path}: has recent changes in {wal.name} that cannot be read in a read-only folder without its -shm file; "
            "copy the project and its -wal file to a writable folder"
        )
    return "immutable", reason, todo


def check_creatable(path: Path) -> None:
    """Raise the one-line :class:`ProjectFileError` that :meth:`Project.open` (``read_only=False``)
    would raise before making the missing or empty project file ``path``: its folder missing or not
    writable, an empty file there not writable (fix39: ``annotator import`` builds a new project
    under a temporary name, whose own refusal would name that name)."""
    if not path.parent.exists():
        raise ProjectFileError(f"{path}: folder {path.parent} does not exist; create it first")
    mode, reason, todo = _access_mode(path, os.path.lexists(path))
    if mode != "rw":
        raise ProjectFileError(f"{path}: cannot be written ({reason}); {todo}")


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    if mode == "rw":
        return sqlite3.connect(path)
    flags = "mode=ro" + ("&immutable=1" if mode == "immutable" else "")
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)


def _refused(path: Path, db: ProjectConnection | None, sidecars: set[str]) -> None:
    """After a refusal: close the connection and remove the -wal/-shm/-journal files it made."""
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()
    for suffix in _SIDECARS:
        if suffix not in sidecars:
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()


def _check_health(path: Path, db: ProjectConnection) -> None:
    from annotator.storage.health import check_index

    health = check_index(db.conn)
    if not health.ok:
        raise damaged_error(path, health.summary(), health)


def _check_header(path: Path, *, immutable: bool = False) -> None:
    """Refuse a file that is not a SQLite database, reading it **through SQLite only**.

    Why not ``open(path, "rb").read(16)``: closing any descriptor of a file drops every POSIX
    lock this process holds on it, the locks of a SQLite connection already open on the same
    project included (sqlite.org/howtocorrupt.html §2.2). The window opens second connections to
    its own project (training, charts, transfers); a plain read there let another process take the
    project for unused and delete its WAL under the window, whose edits then never reached the file.
    SQLite shares one lock state per file within a process and defers closing descriptors while
    locks are held, so a read-only SQLite connection is safe where a plain read is not."""
    if not os.access(path, os.R_OK):
        raise ProjectFileError(f"{path}: cannot be read (permission denied); check its permissions")
    try:
        # ``immutable`` where the folder cannot be written: a read-only connection would make a -shm there.
        flags = "mode=ro" + ("&immutable=1" if immutable else "")
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message or "encrypted" in message:
            raise ProjectFileError(
                f"{path}: is not an Annotator project (not a SQLite database). "
                f"To bring articles in, use 'annotator import PROJECT.db {path.name}'"
            ) from exc
        if "unable to open" in message:
            raise ProjectFileError(f"{path}: cannot be read ({message}); check its permissions") from exc
        # Anything else (busy, a damaged page) is for the opening that follows to report as it does.


def _check_ours(path: Path, db: ProjectConnection, exists: bool, *, create: bool = True, writable: bool = True) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if not exists:  # a new file: its id is set with its tables (_migrate)
        return
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] if app_id == 0 else []
    if names:
        tables = ", ".join(names[:5])
        raise ProjectFileError(
            f"{path}: is a SQLite database but not an Annotator project (it has tables {tables}); "
            "open an Annotator .db file or create a new project"
        )
    if app_id not in (0, APPLICATION_ID):
        raise ProjectFileError(f"{path}: is a SQLite database of another program (application id {app_id:#x}), not an Annotator project")
    if app_id == 0 and not create:
        raise ProjectFileError(
            f"{path}: is an empty SQLite database, not a project; only 'annotator import {path} FILES' "
            f"or 'annotator open {path}' make it one"
        )
    if version > schema_version():
        raise ProjectFileError(
            f"{path}: was written by a newer Annotator (file format {version}; this is Annotator {__version__}, "
            f"which reads up to format {schema_version()}). Update Annotator to open it"
        )
    if app_id == 0:
        if not writable:
            raise ProjectFileError(f"{path}: is an empty SQLite database that cannot be written, so it cannot become a project")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _migrate(db: ProjectConnection, *, new_file: bool = False, hold: bool = False) -> bool:
    """Bring the file on ``db`` to the current schema (a new file: made whole, :mod:`fresh_schema`).
    ``hold``: a new file's transaction is left open (:meth:`Project.open`, ``wal=False``); returns
    whether it was."""
    # Read by plain SQL (launch13): an up-to-date project, every launch, imports no sqlite-utils
    pending = pending_names(db.conn)
    if pending:
        from annotator.storage import fresh_schema

        # A new file: the schema the migrations leave, in one transaction without sqlite-utils
        # (import17: ~0.05 s of every `annotator import` into a new project); else the migrations.
        # Its application id, format number and first settings go into that same transaction
        # (import18): one commit, where four each synced the file (and its journal) apart.
        if (len(pending) == len(migrations.names) and fresh_schema.usable()
                and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0):
            fresh_schema.create(db.conn, extra=_new_file_rows() if new_file else (), commit=not hold)
            if hold:
                return True  # its user_version is among those rows
        else:
            if new_file:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(db.database)
    # user_version mirrors the number of applied migrations so other tools (and older
    # Annotators) can tell the format without reading the migrations table.
    applied = len(applied_names(db.conn) or ())
    # Only when it differs: setting it rewrites the header, and merely opening a project (to
    # export it, say) must not change the file.
    if db.execute("PRAGMA user_version").fetchone()[0] != applied:
        db.execute(f"PRAGMA user_version = {applied}")
    return False


def _new_file_rows() -> list[tuple[str, list[Any]]]:
    """What a new file gets with its tables (``Project.open``): the application id, the format
    number (``user_version``: every migration applied) and the settings a new project starts
    with (the default schema, when and by which version it was made)."""
    setting = "INSERT INTO project (key, value) VALUES (?, ?)"
    return [(f"PRAGMA application_id = {APPLICATION_ID}", []), (f"PRAGMA user_version = {len(migrations.names)}", []),
            (setting, ["schema", default_schema_text()]), (setting, ["created", now()]),
            (setting, ["created_by_version", __version__])]


__all__ = [
    "APPLICATION_ID", "BULK_CACHE_KIB", "ArticleSummary", "DamagedProjectError", "ImportResult", "MACHINE", "MIGRATION_SET", "Project", "ReadOnlyProjectError",
    "bulk_cache_kib", "can_write", "damaged_error", "require_project_file", "check_creatable", "write_refusal", "write_todo",
]


# The rows add_suggestions inserts for a new suggested span or relation: the columns rows.to_row
# writes for a Span / Relation of the project's own layer (analyst "" is left to the column's
# default), in its order; tests/storage/test_suggestion_rows_throughput14.py compares the two.
_SUGGESTED = str(Status.SUGGESTED)
_NO_ATTRS = rows.encode_attrs({})
# whether the relation rule decides a suggested link between two suggested spans (it does not: a
# first pre-annotation stores every link it makes); add_new_suggestions asks once, not per link
_SUGGESTED_LINK_DECIDED = _decided_link(Status.SUGGESTED, Status.SUGGESTED)
_NEW_SPAN_COLUMNS = ("id", "article_id", "start", "end", "label", "layer", "status", "origin", "attrs", "created", "updated", "by")
_NEW_RELATION_COLUMNS = ("id", "article_id", "head", "child", "label", "status", "origin", "attrs", "created", "updated", "by")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


_NEW_SPAN_INSERT = _insert_sql("spans", _NEW_SPAN_COLUMNS)
_NEW_RELATION_INSERT = _insert_sql("relations", _NEW_RELATION_COLUMNS)

#: One article's suggestions for :meth:`Project.add_new_suggestions`: (article id, origin, spans as
#: (key, start, end, label, layer, attrs or None), relations as (head key, child key, label)).
NewSuggestions = tuple[int, str, Sequence[tuple[str, int, int, str, str, "Mapping[str, Any] | None"]], Sequence[tuple[str, str, str]]]


def _sug_key(span: SuggestedSpan) -> tuple[int, int, str]:
    """A suggested span's position and label: what :attr:`Span.key` is for a stored one."""
    return (span.start, span.end, span.label)
