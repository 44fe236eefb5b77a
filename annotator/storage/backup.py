"""Backups of a project file, and restoring one.

A backup is a full copy taken with SQLite's online backup API (``sqlite3.Connection.backup``,
https://www.sqlite.org/backup.html) from a read-only connection of its own: in WAL mode a reader
never blocks the writer, so the analyst keeps editing while it runs. Measured with
``benchmarks/backup.py`` on 10,000 articles (112 MB): one backup with its check 736 ms (in the
window's worker thread); edits written meanwhile on the main thread: median 0.58 ms, longest 40 ms
(20 ms with no backup running). Each copy is checked (``PRAGMA quick_check``) before it counts,
so a damaged file never pushes the good backups out.

Backups live in the user data folder (:func:`annotator.paths.user_data_dir`), one folder per
project: ``backups/<file stem>-<12 hex digits of SHA-256 of the absolute path>/``, so two projects
never mix even when their files have the same name. Files are named
``<stem>-<UTC time, YYYYmmddTHHMMSSffffff>Z-<kind>.db`` (kind ``auto``, ``before-restore``,
``before-repair``, or — fix11p — ``before-merge``, ``before-import``, ``before-curate``: taken by
the command that is about to replace an analyst's layer or write decisions, :class:`CommandBackup`);
the newest :data:`KEEP` of each kind are kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
from pathlib import Path

from annotator.domain.errors import ProjectFileError
from annotator.paths import user_data_dir
from annotator.storage.health import Health, check_file

KEEP = 5  # backups of each kind kept per project
INTERVAL_MINUTES = 10  # the window backs up this often while the project changes
KINDS = ("auto", "before-restore", "before-repair", "before-merge", "before-import", "before-curate")
#: fix11p: the kinds `annotator restore` puts back by default (the newest of them): the window's own
#: backups and those a command took before it replaced data (merge, import --analyst, curate)
RESTORABLE = ("auto", "before-merge", "before-import", "before-curate")
_NAME = re.compile(r"^(?P<stem>.*)-(?P<when>\d{8}T\d{12})Z-(?P<kind>[a-z-]+)\.db$")


class BackupError(ProjectFileError):
    """A backup could not be made or restored; the message says what to do."""


@dataclasses.dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: dt.datetime  # UTC
    kind: str  # one of KINDS

    @property
    def when(self) -> str:
        """Local time, to the second: ``2026-11-30 15:04:05``."""
        return self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def describe(self) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        note = "" if self.kind == "auto" else f", {self.kind.replace('-', ' ')}"
        return f"{self.when} ({size / 1e6:.1f} MB{note})"


def backup_folder(project_path: str | Path) -> Path:
    """Where the backups of ``project_path`` go (not created here)."""
    resolved = Path(project_path).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:12]
    stem = re.sub(r"[^\w.-]+", "_", resolved.stem)[:40] or "project"
    return user_data_dir() / "backups" / f"{stem}-{digest}"


def list_backups(project_path: str | Path, *, kinds: tuple[str, ...] = KINDS) -> list[Backup]:
    """The backups of a project, newest first."""
    folder = backup_folder(project_path)
    found = []
    for file in folder.glob("*.db") if folder.is_dir() else ():
        match = _NAME.match(file.name)
        if match and match["kind"] in kinds:
            taken = dt.datetime.strptime(match["when"], "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.UTC)
            found.append(Backup(file, taken, match["kind"]))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path.resolve().as_uri()}?{query}"


def read_only_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (``immutable`` also creates no ``-wal``/``-shm``:
    for files nothing else writes, such as backups)."""
    return sqlite3.connect(_uri(path, mode="ro", **({"immutable": "1"} if immutable else {})), uri=True, check_same_thread=False)


def fingerprint(conn: sqlite3.Connection) -> str:
    """What changes whenever the project does: every edit, import, pre-annotation and schema
    change adds a row to the append-only change log; settings live in the small ``project`` table."""
    last_change = conn.execute("SELECT max(id), count(*) FROM changes").fetchone()
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    settings = conn.execute("SELECT group_concat(key || '=' || coalesce(value, ''), char(31)) FROM (SELECT * FROM project ORDER BY key)").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    digest = hashlib.sha256((settings or "").encode("utf-8")).hexdigest()[:16]
    return f"{last_change[0]}:{last_change[1]}:{articles}:{version}:{digest}"


def _backup_fingerprint(backup: Backup) -> str | None:
    try:
        with contextlib.closing(read_only_connection(backup.path, immutable=True)) as conn:
            return fingerprint(conn)
    except sqlite3.DatabaseError:
        return None


def snapshot(project_path: str | Path, *, kind: str = "auto", keep: int = KEEP, only_if_changed: bool = True,
             check: bool = True) -> Backup | None:
    """Copy the project into its backup folder. Returns the new backup, or None when
    ``only_if_changed`` and the newest backup of this kind already holds the same state.

    ``check``: the copy is ``quick_check``-ed and thrown away when damaged (the project is then
    damaged too: :class:`~annotator.storage.project.DamagedProjectError` says so, naming the
    newest good backup, and nothing is pruned). Raises :class:`BackupError`
    when the folder cannot be written. Safe in a worker thread (it opens its own connections).
    """
    project_path = Path(project_path)
    try:
        return _snapshot(project_path, kind=kind, keep=keep, only_if_changed=only_if_changed, check=check)
    except sqlite3.DatabaseError as exc:  # the source could not be read: say where it is damaged
        from annotator.storage.project import damaged_error

        try:
            with contextlib.closing(read_only_connection(project_path)) as conn:
                health: Health | None = check_file(conn)
        except sqlite3.DatabaseError:
            health = None
        raise damaged_error(project_path, str(exc), health if health is not None and not health.ok else None) from exc


def _snapshot(project_path: Path, *, kind: str, keep: int, only_if_changed: bool, check: bool) -> Backup | None:
    folder = backup_folder(project_path)
    source = read_only_connection(project_path)
    try:
        if only_if_changed:
            current = fingerprint(source)
            newest = next(iter(list_backups(project_path, kinds=(kind,))), None)
            if newest is not None and _backup_fingerprint(newest) == current:
                return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "PROJECT.txt").write_text(f"Backups of {project_path.resolve()}\n", encoding="utf-8")
        except OSError as exc:
            raise BackupError(f"{folder}: cannot hold backups ({exc.strerror}); check the permissions of {user_data_dir()}") from exc
        taken = dt.datetime.now(dt.UTC)
        target = folder / f"{folder.name.rsplit('-', 1)[0]}-{taken:%Y%m%dT%H%M%S%f}Z-{kind}.db"
        part = target.with_name(f".{target.name}.part")
        _copy(source, project_path, part)
    finally:
        source.close()
    if check:
        with contextlib.closing(read_only_connection(part, immutable=True)) as copy:
            health = check_file(copy)
        if not health.ok:
            from annotator.storage.project import damaged_error

            part.unlink(missing_ok=True)
            raise damaged_error(project_path, health.summary(), health)  # no backup taken, the older ones are kept
    part.replace(target)
    prune(project_path, keep=keep, kind=kind)
    return Backup(target, taken, kind)


def _copy(source: sqlite3.Connection, source_path: Path, part: Path) -> None:
    """The online backup API into ``part``; for a file too damaged for it, its bytes (and WAL)."""
    try:
        with contextlib.closing(sqlite3.connect(part)) as target:
            source.backup(target)
    except sqlite3.DatabaseError:
        part.unlink(missing_ok=True)
        _copy_in_another_process(source_path, part)
        wal = Path(f"{source_path}-wal")
        if wal.exists() and wal.stat().st_size:
            _copy_in_another_process(wal, Path(f"{part}-wal"))


# The child's program: it ends with this process (fix32: a kill -9 of the window or command
# left it copying; its ``.part`` is renamed by this process only, so nothing half-copied is ever
# taken for a backup). Without the annotator package to import (a broken install), it copies all
# the same: the copy is what matters.
_COPY_SCRIPT = """import sys
try:
    from annotator.parent_death import die_with_parent
except ImportError:
    pass
else:
    die_with_parent(int(sys.argv[3]))
import shutil
shutil.copyfile(sys.argv[1], sys.argv[2])
"""


def _copy_in_another_process(source: Path, target: Path) -> None:
    """``shutil.copyfile(source, target)`` done by a child Python process.

    Why not here: this process may hold SQLite connections to ``source`` (the window backs up the
    project it has open), and closing any descriptor of a file drops every POSIX lock the process
    holds on it (https://www.sqlite.org/howtocorrupt.html §2.2); another program then takes the
    project for unused and rebuilds the -shm the window has mapped (SIGBUS: sigbus12). A child's
    descriptors are its own. Raises :class:`OSError` when the copy fails (its message)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _COPY_SCRIPT, str(source), str(target), str(os.getpid())],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise OSError(f"{source}: cannot be copied to {target} ({lines[-1] if lines else f'exit {done.returncode}'})")


class CommandBackup:
    """fix11p/fix11r: the backup a writing command takes (kinds ``before-merge``, ``before-import``,
    ``before-curate``) of an existing project file, so the way out its messages advise (``annotator
    restore FILE``) exists. Taken only once the command is known to write — after its checks —
    and removed again when the command then fails or refuses, so a plain ``annotator restore`` never picks a copy of
    a change that was not made (usertest11h: it "restored" to the state it was in, and the lead
    believed the last real change undone). Up to :data:`KEEP` + 1 of the kind exist while the
    command runs: a copy removed again pushes none of the real ones out.

    Use: ``guard = CommandBackup(path, "before-curate")``; ``guard.take()`` (None: no file yet);
    then ``guard.done(wrote)`` when the command ends — it keeps the copy when ``wrote`` — or
    ``guard.drop()`` when it fails. :meth:`take` raises :class:`BackupError` (the folder cannot be
    written: the command must not go on) and, for a damaged file,
    :class:`~annotator.storage.project.DamagedProjectError`."""

    def __init__(self, project_path: str | Path, kind: str, *, keep: int = KEEP) -> None:
        self.project_path, self.kind, self.keep = Path(project_path), kind, keep
        self.fresh: Backup | None = None  # the copy this command took (not an older one of the same state)
        self.backup: Backup | None = None  # the copy that holds the file as it was before the command

    def take(self) -> Backup | None:
        """Take the copy (none when the newest of the kind holds the same state: that one is the
        way back then). Returns the backup that puts the file back as it was."""
        if not self.project_path.is_file() or self.project_path.stat().st_size == 0:
            return None
        self.fresh = snapshot(self.project_path, kind=self.kind, keep=self.keep + 1, only_if_changed=True)
        self.backup = self.fresh or next(iter(list_backups(self.project_path, kinds=(self.kind,))), None)
        return self.backup

    def drop(self) -> None:
        """The command failed or refused: the copy it took goes (an older one of the same state stays)."""
        if self.fresh is not None:
            discard(self.fresh)
            self.fresh = None
        self.backup = None

    def done(self, wrote: bool = True) -> None:
        """The command ended; ``wrote``: it changed the file (else its copy goes, as :meth:`drop`)."""
        if not wrote:
            self.drop()
        elif self.fresh is not None:
            prune(self.project_path, keep=self.keep, kind=self.kind)


def discard(backup: Backup) -> None:
    """Delete one backup (a command's copy taken before a change it then refused to make)."""
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            Path(f"{backup.path}{suffix}").unlink()


def prune(project_path: str | Path, *, keep: int = KEEP, kind: str = "auto") -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``kind``. Returns what was deleted."""
    gone = []
    for old in list_backups(project_path, kinds=(kind,))[max(keep, 1):]:
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                Path(f"{old.path}{suffix}").unlink()
        gone.append(old.path)
    return gone


def backup_health(backup: Backup) -> Health:
    """``quick_check`` of a backup copy (read through an immutable connection: nothing written)."""
    try:
        with contextlib.closing(read_only_connection(backup.path, immutable=True)) as conn:
            return check_file(conn)
    except sqlite3.DatabaseError as exc:
        return Health({"(file)": (str(exc),)})


def newest_good_backup(project_path: str | Path) -> Backup | None:
    """The newest backup that passes ``quick_check`` (a backup taken after the damage holds it too)."""
    for backup in list_backups(project_path):
        if backup_health(backup).ok:
            return backup
    return None


def in_use_elsewhere(project_path: str | Path) -> bool:
    """Whether another connection (another window, a running command) has the file open.

    In WAL mode every open connection holds a shared lock on the database file, so an exclusive
    lock (``locking_mode = EXCLUSIVE`` + ``BEGIN EXCLUSIVE``, https://www.sqlite.org/pragma.html#pragma_locking_mode)
    is granted only to a connection that is alone; nothing is written."""
    try:
        conn = sqlite3.connect(Path(project_path), timeout=0)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.rollback()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    except sqlite3.DatabaseError:
        return False  # too damaged to lock: nothing can be using it either
    finally:
        conn.close()


def restore(project_path: str | Path, backup: Backup, *, keep: int = KEEP) -> Backup:
    """Put ``backup`` in place of the project file. The current file is itself backed up first
    (kind ``before-restore``, even when damaged); returns that copy.

    Raises :class:`BackupError`, with nothing changed, when the file is open elsewhere, cannot be
    written, or the backup is damaged."""
    project_path = Path(project_path)
    if not os.access(project_path, os.W_OK) or not os.access(project_path.parent, os.W_OK):
        raise BackupError(f"{project_path}: cannot be written (read-only file or folder); check its permissions")
    if in_use_elsewhere(project_path):
        raise BackupError(f"{project_path}: is open in another window or program; close it there, then restore")
    health = backup_health(backup)
    if not health.ok:
        raise BackupError(f"{backup.path}: this backup is damaged too ({health.summary()}); pick another with --list")
    before = snapshot(project_path, kind="before-restore", keep=keep, only_if_changed=False, check=False)
    assert before is not None
    _put_in_place(backup.path, project_path)
    return before


def rebuild_index(project_path: str | Path, *, keep: int = KEEP) -> Health:
    """Repair a project whose only damage is its full-text index: the file is backed up first
    (kind ``before-repair``), then the index is rebuilt in place (FTS5 ``'rebuild'``) or, when
    SQLite cannot clear the damaged pages, the project is copied without it, re-indexed and put
    in place. Returns the project's health afterwards (``ok`` when repaired).

    Raises :class:`BackupError`, with nothing changed, when the file is open elsewhere, cannot be
    written, or has damage beyond the index (restore a backup then)."""
    from annotator.storage.health import rebuild_into_copy, rebuild_search_index

    project_path = Path(project_path)
    if not os.access(project_path, os.W_OK) or not os.access(project_path.parent, os.W_OK):
        raise BackupError(f"{project_path}: cannot be written (read-only file or folder); check its permissions")
    if in_use_elsewhere(project_path):
        raise BackupError(f"{project_path}: is open in another window or program; close it there, then repair")
    with contextlib.closing(sqlite3.connect(project_path, timeout=0)) as conn:
        health = check_file(conn, index_contents=True)
        if health.ok:
            return health
        if not health.index_only:
            raise BackupError(f"{project_path}: {health.summary()}, beyond the search index; restore a backup with 'annotator restore {project_path}'")
        snapshot(project_path, kind="before-repair", keep=keep, only_if_changed=False, check=False)
        try:
            health = rebuild_search_index(conn)
        except sqlite3.DatabaseError:
            health = Health({"articles_fts_data": ("cannot be cleared in place",)})
        if health.ok:
            return health
        part = project_path.with_name(f".{project_path.name}.repair-part")
        try:
            health = rebuild_into_copy(conn, part)
        except sqlite3.DatabaseError as exc:
            part.unlink(missing_ok=True)
            raise BackupError(f"{project_path}: cannot be repaired ({exc}); restore a backup with 'annotator restore {project_path}'") from exc
    if not health.ok:
        part.unlink(missing_ok=True)
        raise BackupError(f"{project_path}: the rebuilt copy is not sound ({health.summary()}); restore a backup with 'annotator restore {project_path}'")
    _put_in_place(part, project_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    return health


def _put_in_place(copy: Path, project_path: Path) -> None:
    """Write ``copy`` over the project: through the backup API (one transaction on the project
    file, so a crash half-way leaves the old file); a project whose header is too damaged for
    SQLite is replaced as a file (a temporary copy beside it, renamed over it)."""
    try:
        with contextlib.closing(read_only_connection(copy, immutable=True)) as source, \
                contextlib.closing(sqlite3.connect(project_path, timeout=0)) as target:
            source.backup(target)
        return
    except sqlite3.DatabaseError:
        pass
    part = project_path.with_name(f".{project_path.name}.restore-part")
    shutil.copyfile(copy, part)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{project_path}{suffix}").unlink()
    part.replace(project_path)


__all__ = [
    "INTERVAL_MINUTES", "KEEP", "KINDS", "Backup", "BackupError", "backup_folder", "backup_health", "fingerprint",
    "in_use_elsewhere", "list_backups", "newest_good_backup", "prune", "read_only_connection", "rebuild_index", "restore",
    "snapshot",
]
