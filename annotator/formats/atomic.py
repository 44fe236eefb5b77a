"""Exports that never half-replace their target: write beside it, swap it in when complete.

A file export is written to ``NAME.tmp-PID-XXXXXXXX`` in the target's folder (the same file
system, so the final rename is atomic), flushed and ``fsync``-ed, then renamed over ``NAME``
(:func:`os.replace`), and the folder is ``fsync``-ed so the rename itself survives a power cut.
Until that rename a reader of ``NAME`` sees the previous export, byte for byte; after it, the
whole new one.

A folder export (brat) is written to the folder ``NAME.tmp-PID-XXXXXXXX/``, every file and the
folder ``fsync``-ed, then swapped in. On Linux the swap is one atomic ``renameat2(RENAME_EXCHANGE)``
(the old export ends up under the temporary name); elsewhere the old folder is renamed aside to
``NAME.old-PID-XXXXXXXX/`` and the new one renamed in. The old export is then renamed to the hidden
``.annotator-old-NAME-PID-XXXXXXXX/`` and removed by a background thread (:func:`retire`), by several
threads at once: deleting 20,000 written files took 45–80 s on a file system mounted with
``discard`` (each unlink waits for its TRIM; issue 12, brat14), 7 s with 8 threads. The files are
never deleted before the new export is whole, and not while it is being written either.
:func:`wait_for_removals` waits for those threads; ``annotator``'s command line calls it before it
returns, so a normal exit leaves no old folder. The
previous folder is only replaced when it holds nothing but files the export itself writes
(``ours``): anything else (a user's notes, brat's ``visual.conf``…) makes the export refuse with an
:class:`~annotator.domain.errors.InputError` before anything is written.

A killed export (SIGKILL, power cut) can leave ``NAME.tmp-…`` or ``NAME.old-…`` behind. The next
export to the same target cleans them (:func:`clean_leftovers`): a leftover of a process that no
longer runs is removed, except an ``.old`` folder when ``NAME`` itself is missing (killed between
the two renames of the fallback swap), which is renamed back: the previous export, intact.
Leftovers of a still-running process (another export to the same target) are left alone.
``.NAME.part`` files of earlier versions of Annotator are removed too, and so are the SQLite
``-journal``/``-wal``/``-shm`` files of a ``NAME.tmp-…`` project: ``annotator import`` builds a
new project there and gives it its name with :func:`publish` once its import committed (fix39).
Leftovers of other names are never removed here; :func:`leftovers_note` names those whose
process is gone, for an export's summary. A killed process's
``.annotator-old-NAME-…`` folder is removed by the next folder export to ``NAME``, in the
background after its swap (not before it writes: on ext4 without a journal each file it creates
would step over every inode freed in the last 60–300 s; brat14).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InputError
from annotator.domain.words import plural

LEFTOVER = re.compile(r"^(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-[0-9a-f]{8}$")
OLD_PREFIX = ".annotator-old-"  # a replaced folder export, hidden while a thread deletes it
SIDECARS = ("-journal", "-wal", "-shm")  # SQLite's files beside a database (a project built under a temporary name)
RETIRED = re.compile(r"^\.annotator-old-(?P<name>.+)-(?P<pid>\d+)-[0-9a-f]{8}$")
REMOVAL_THREADS = 8  # unlinks in flight at once: each may wait for the disk (discard), not for a core
BRAT_FOLDER = "a brat export writes a folder of .txt/.ann files"  # what a folder export writes, for its refusal
STALE_SECONDS = 24 * 3600  # where a process cannot be asked whether it runs (Windows): leftovers older than this go


def temp_path(target: Path, kind: str = "tmp") -> Path:
    """``target``'s folder / ``NAME.KIND-PID-XXXXXXXX`` (KIND is ``tmp`` or ``old``)."""
    return target.with_name(f"{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


# ----------------------------------------------------------------------------- files


@contextlib.contextmanager
def replacing_file(target: Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``target`` (``mode`` ``"w"`` text or ``"wb"`` bytes) and,
    when the block ends without an exception, make it ``target`` atomically (see the module
    docstring). On an exception (``OSError`` ENOSPC, a bad record, ``KeyboardInterrupt``) the
    temporary file is removed and ``target`` is untouched. Raises ``OSError`` when the folder
    cannot be written. An existing ``target`` keeps its permission bits.

    A ``target`` that is a symbolic link is followed: the file it points to is replaced and the
    link kept (renaming over the link would turn it into a plain file and leave the real one
    stale). A ``target`` that is a device, FIFO or socket (the null device, standard output's device, a named
    pipe another program reads) is written into directly, as a shell's ``>`` does: a rename over it
    would replace the device itself (run as root, the null device became a regular file)."""
    if special_target(target):
        binary = "b" in mode
        with open(target, mode, encoding=None if binary else encoding, newline=None if binary else newline) as fh:
            yield fh
        return
    target = _named(target)
    clean_leftovers(target)
    tmp = temp_path(target)
    # O_EXCL: never follow or reuse someone else's file; 0o666 & ~umask like any new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ----------------------------------------------------------------------------- folders


@contextlib.contextmanager
def replacing_folder(target: Path, ours: Callable[[Path], bool], *, what: str = "",
                     files_synced: bool = False, keep_as: Path | None = None) -> Iterator[Path]:
    """Yield a new empty folder beside ``target`` to write into; when the block ends without an
    exception it replaces ``target`` (see the module docstring). On an exception the new folder
    is removed and ``target`` is untouched.

    ``files_synced``: the writer has ``fsync``-ed every file it put in the folder (the DocBin
    shards, each by the thread that wrote it), so only the folder's own entries are made durable
    here, by one ``fsync`` of the folder — not by ``syncfs``, which also waits for every other
    process's unwritten data on the same file system (0.1–0.5 s on a busy disk; issue 12).

    ``keep_as``: a path that does not exist yet, beside ``target`` (the same file system): the
    replaced folder is renamed to it, whole, and never removed (``annotator train --force`` keeps
    the pipeline it replaces, usertest31 M3); None: it is retired and deleted as above.

    Raises :class:`InputError` when ``target`` exists and is not a folder, or holds an entry for
    which ``ours(path)`` is false (checked before writing and again just before the swap), and
    ``OSError`` when the folder cannot be written. ``what``: what the export writes, for that
    refusal (default: brat's folder).
    """
    shown, target = target, _named(target)
    what = what or BRAT_FOLDER
    clean_leftovers(target)
    _check_replaceable(target, ours, shown, what)
    tmp = temp_path(target)
    os.mkdir(tmp, 0o777)
    try:
        yield tmp
        if files_synced:
            fsync_folder(tmp)
        else:
            _fsync_tree(tmp)
        _check_replaceable(target, ours, shown, what)
        _swap_in(tmp, target, keep_as)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # Killed processes' replaced folders: removed now that the new export is whole, not before
    # it was written (see the module docstring).
    for path in retired_leftovers(target):
        match = RETIRED.match(path.name)
        if match is not None and _gone(int(match["pid"]), path):
            _remove_in_background(path)


def _named(target: Path) -> Path:
    """``target`` as an absolute path whose last part is a name (``.``, ``..`` and ``dir/..`` have none),
    symbolic links followed (a link's own name would be replaced, not what it points to)."""
    return Path(os.path.realpath(os.path.abspath(target)))


def special_target(target: Path | str) -> bool:
    """Whether ``target`` exists (links followed) and is neither a regular file nor a folder: a
    character or block device, a FIFO or a socket, which an export writes into rather than
    replaces."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _check_replaceable(target: Path, ours: Callable[[Path], bool], shown: Path, what: str = BRAT_FOLDER) -> None:
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise InputError(f"exists and is not a folder; {what}: choose a new folder name", path=str(shown))
    foreign = sorted(p.name for p in target.iterdir() if not ours(p))
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise InputError(
            f"holds {foreign[0]!r}{more}, which an export did not write; an export replaces the whole folder, "
            "so move those files out or export to a new folder",
            path=str(shown),
        )


def _swap_in(new: Path, target: Path, keep_as: Path | None = None) -> None:
    if not os.path.lexists(target):
        os.rename(new, target)
        fsync_folder(target.parent)
        return
    if exchange(new, target):  # target is the new export now, ``new`` holds the old one
        if keep_as is not None:
            os.rename(new, keep_as)  # kept whole under its own name (a rename: atomic, same folder)
            fsync_folder(target.parent)
            return
        fsync_folder(target.parent)
        retire(new, target)
        return
    # no exchange here: the old one aside (to its kept name, if any), then the new one in
    aside = keep_as if keep_as is not None else temp_path(target, "old")
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)  # put the previous folder back
        raise
    fsync_folder(target.parent)
    if keep_as is None:
        retire(aside, target)


# ----------------------------------------------------------------------------- a new file built under a temporary name


def publish(built: Path, target: Path, *, replace_empty: bool = False) -> bool:
    """Give the finished file ``built`` (made under :func:`temp_path` beside ``target``, closed) the
    name ``target`` atomically, never over a file another program made meanwhile, then ``fsync``
    the folder so the new name survives a power cut. Returns False, with ``built`` left in place,
    when ``target`` exists (and is not an empty file while ``replace_empty``: one the user made
    with ``touch``, which an import into it replaces). Raises ``OSError`` on other failures.

    ``os.link`` then ``unlink``: the link fails when ``target`` exists (``os.replace`` would
    silently replace a project another import made meanwhile); a kill between the two leaves
    ``target`` whole and ``built`` as a second name, which :func:`clean_leftovers` removes. A file
    system without hard links (FAT, some network shares) gets ``os.replace`` after a look."""
    try:
        os.link(built, target)
    except FileExistsError:
        if not (replace_empty and _empty_file(target)):
            return False
        os.replace(built, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(target) and not (replace_empty and _empty_file(target)):
            return False
        os.replace(built, target)
    else:
        os.unlink(built)
    fsync_folder(target.parent if str(target.parent) else Path("."))
    return True


def _empty_file(path: Path) -> bool:
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        return stat.S_ISREG(info.st_mode) and info.st_size == 0
    return False


# ----------------------------------------------------------------------------- removal of a replaced folder

_removals: list[threading.Thread] = []
_removals_lock = threading.Lock()


def retire(old: Path, target: Path) -> Path:
    """Rename ``old`` (a replaced export of ``target``, already swapped out) to the hidden
    ``.annotator-old-NAME-PID-XXXXXXXX`` beside ``target`` and remove it in a background thread
    (see the module docstring); returns the hidden path (``old`` itself when the rename failed).
    Never raises: what cannot be removed stays, for the next export to ``target``."""
    hidden = target.with_name(f"{OLD_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(old, hidden)
    except OSError:
        hidden = old
    _remove_in_background(hidden)
    return hidden


def _remove_in_background(path: Path) -> None:
    # Not a daemon: an interpreter that exits normally waits for it (no old folder left behind).
    thread = threading.Thread(target=remove_folder, args=(path,), name="annotator-remove-old-export", daemon=False)
    with _removals_lock:
        _removals[:] = [t for t in _removals if t.is_alive()]
        _removals.append(thread)
    thread.start()


def wait_for_removals(timeout: float | None = None) -> bool:
    """Wait until every folder :func:`retire` handed to a thread is removed (at most ``timeout``
    seconds in all; None: no limit). Returns whether none is still being removed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with _removals_lock:
        pending = list(_removals)
    for thread in pending:
        thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    with _removals_lock:
        _removals[:] = [t for t in _removals if t.is_alive()]
        return not _removals


def remove_folder(path: Path, threads: int = REMOVAL_THREADS) -> None:
    """Remove the folder ``path`` and everything in it, its files by ``threads`` threads at once
    (see the module docstring for why), subfolders by :func:`shutil.rmtree`. Never raises: what
    cannot be removed stays."""
    try:
        with os.scandir(path) as entries:
            files, folders = [], []
            for entry in entries:
                (folders if entry.is_dir(follow_symlinks=False) else files).append(entry.path)
    except OSError:
        return
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)

    def unlink(names: list[str]) -> None:
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(name)

    if threads > 1 and len(files) > 256:
        from concurrent.futures import ThreadPoolExecutor

        step = 64
        with ThreadPoolExecutor(threads, thread_name_prefix="annotator-remove") as pool:
            list(pool.map(unlink, [files[i:i + step] for i in range(0, len(files), step)]))
    else:
        unlink(files)
    with contextlib.suppress(OSError):
        os.rmdir(path)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2(…, RENAME_EXCHANGE)``; False (nothing
    done) where that is not available (another OS, an old kernel or libc, a file system without
    it), for the caller to fall back on two renames. Raises ``OSError`` on other failures."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


_renameat2_cache: list[Any] = []


def _renameat2() -> Any:
    if not _renameat2_cache:
        func = None
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                func = libc.renameat2
                func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                func.restype = ctypes.c_int
        _renameat2_cache.append(func)
    return _renameat2_cache[0]


# ----------------------------------------------------------------------------- durability


def fsync_folder(folder: Path) -> None:
    """Make the renames and creations inside ``folder`` durable (POSIX; a no-op on Windows,
    where a folder cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_syncfs_cache: list[Any] = []


def _syncfs() -> Any:
    """Linux's ``syncfs(fd)`` (glibc ≥ 2.14), or None elsewhere."""
    if not _syncfs_cache:
        func = None
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                func = libc.syncfs
                func.argtypes = [ctypes.c_int]
                func.restype = ctypes.c_int
        _syncfs_cache.append(func)
    return _syncfs_cache[0]


def _fsync_tree(folder: Path) -> None:
    """Make every file in ``folder`` and the folder itself durable.

    On Linux one ``syncfs`` of the folder's file system does it: an ``fsync`` per file costs a
    journal commit each (a brat export of 10,000 articles writes 20,000 files: 3 ms each, more
    than the rest of the export; issue 12). Elsewhere, or when ``syncfs`` fails, each file is
    ``fsync``-ed."""
    func = _syncfs()
    if func is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if func(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_folder(folder)


# ----------------------------------------------------------------------------- leftovers


def _leftover_match(name: str) -> re.Match[str] | None:
    """:data:`LEFTOVER`'s match of ``name``, or of ``name`` without a SQLite sidecar suffix
    (``-journal``, ``-wal``, ``-shm``) when it is a ``tmp`` one: a project file an import was
    building under ``NAME.tmp-…`` (fix39) may have its rollback journal beside it."""
    match = LEFTOVER.match(name)
    if match is None:
        base = next((name.removesuffix(s) for s in SIDECARS if name.endswith(s)), None)
        match = LEFTOVER.match(base) if base is not None else None
        if match is not None and match["kind"] != "tmp":
            return None
    return match


def leftovers(target: Path) -> list[Path]:
    """Every ``NAME.tmp-…`` (with the ``-journal``/``-wal``/``-shm`` of a project being built there),
    ``NAME.old-…`` and legacy ``.NAME.part`` beside ``target``, of any process."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _leftover_match(path.name)
        if (match and match["name"] == target.name) or path.name == f".{target.name}.part":
            found.append(path)
    return sorted(found)


def others_leftovers(target: Path) -> list[Path]:
    """The ``OTHER.tmp-PID-XXXXXXXX`` files and folders beside ``target`` (of any other name than
    ``target``'s) whose process no longer runs: what exports (or first imports) to other names killed
    there left. Nothing here removes them (only the next run to OTHER may judge them; fix39, usertest28
    L4): :func:`leftovers_note` names them. Sorted by name; their sidecars are not listed apart."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for path in paths:
        match = LEFTOVER.match(path.name)
        if match is not None and match["kind"] == "tmp" and match["name"] != target.name and _gone(int(match["pid"]), path):
            found.append(path)
    return sorted(found)


LEFTOVERS_SHOWN = 3  # names a leftovers note gives before "and N more"


def leftovers_note(target: Path) -> str:
    """One line naming :func:`others_leftovers` of ``target``, each with its SQLite sidecars, with
    what to do, or "" when there are none: "2 leftovers of killed imports in this folder:
    a.db.tmp-123-0badf00d (+ its journal), b.db.tmp-…; delete them if no export or import is
    running". fix44 (usertest30 L1): a killed first import's ``NEW.db.tmp-PID-…`` was called a
    killed export and its ``-journal`` left unnamed (deleting the names given left the journals).
    A leftover that is a SQLite database, or has a sidecar, is a project an import was building;
    any other, an export's; "exports or imports" when both are there."""
    found = others_leftovers(target)
    if not found:
        return ""
    sidecars = {p: [s for s in SIDECARS if Path(f"{p}{s}").exists()] for p in found}
    imports = sum(1 for p in found if sidecars[p] or _is_database(p))
    kind = "imports" if imports == len(found) else "exports" if not imports else "exports or imports"

    def named(path: Path) -> str:  # "x.db.tmp-1-0badf00d (+ its journal)", "… (+ its -wal and -shm files)"
        extra = sidecars[path]
        if not extra:
            return path.name
        return f"{path.name} (+ its journal)" if extra == ["-journal"] else f"{path.name} (+ its {' and '.join(extra)} files)"

    names = ", ".join(named(p) for p in found[:LEFTOVERS_SHOWN])
    rest = found[LEFTOVERS_SHOWN:]
    rest_sidecars = sum(len(sidecars[p]) for p in rest)
    journals_only = all(s == "-journal" for p in rest for s in sidecars[p])
    more = (f" and {len(rest):,} more" + (f" (+ {plural(rest_sidecars, 'journal' if journals_only else 'SQLite sidecar file')})"
                                          if rest_sidecars else "")) if rest else ""
    what = "leftover" if len(found) == 1 else "leftovers"
    them = "it" if len(found) == 1 and not sidecars[found[0]] else "them"
    return (f"{len(found):,} {what} of killed {kind} in this folder: {names}{more}; "
            f"delete {them} if no export or import is running")


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a file starting with SQLite's header (a project being built)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:  # a folder (a brat export), or gone meanwhile
        return False


def retired_leftovers(target: Path) -> list[Path]:
    """Every ``.annotator-old-NAME-…`` folder beside ``target``, of any process (:func:`retire`)."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (m := RETIRED.match(p.name)) and m["name"] == target.name)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what killed exports to ``target`` left (see the module docstring); returns what it
    removed or restored. Never raises: a leftover that cannot be removed stays for the next run."""
    handled = []
    found = leftovers(target)
    for path in sorted(found, key=lambda p: "0" if ".old-" in p.name else "1"):  # restore first
        match = _leftover_match(path.name)
        if match is not None and not _gone(int(match["pid"]), path):
            continue
        try:
            if match is not None and match["kind"] == "old" and not os.path.lexists(target):
                os.rename(path, target)
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        handled.append(path)
    return handled


def _gone(pid: int, path: Path) -> bool:
    """Whether the process that made ``path`` no longer runs."""
    if pid == os.getpid():
        return False  # another export of this process (the window runs them in threads)
    if os.name != "posix":
        # os.kill(pid, 0) would terminate the process on Windows; go by age instead.
        with contextlib.suppress(OSError):
            return time.time() - path.lstat().st_mtime > STALE_SECONDS
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False
