"""The window's side of a project file that may be read-only or damaged, and its backups.

- :class:`GuardedEditPath` refuses every edit of a read-only project before it is attempted, and
  remembers a failed save so the status bar never says "All changes saved" after one; an edit
  refused because the project file was moved, deleted or replaced while open, or because the disk
  refused it (read-only, full, I/O error), goes to the window's ``file_gone`` / ``write_refused``
  (fixut16b), which say which and what to do, once, and keep the window read-only where writing
  cannot work;
- :class:`FileGuard` backs the project up in a worker thread when it opens (only if it changed
  since the newest backup) and every ``backup/minutes`` (QSettings, default
  :data:`annotator.storage.backup.INTERVAL_MINUTES`) while it changes, keeping ``backup/keep``
  (default :data:`~annotator.storage.backup.KEEP`); the copy's ``quick_check`` is the check of
  the project on open, off the main thread (736 ms with the copy on 10,000 articles). Damage found there, or
  behind any ``sqlite3.DatabaseError``, is offered a repair (:func:`annotator.ui.dialogs.offer_repair`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from annotator.domain.edits import Edit
from annotator.nlp.background_priority import lower_thread_priority
from annotator.storage import backup as backups
from annotator.storage.health import check_file
from annotator.storage.file_identity import ProjectFileGone, ProjectWriteError, write_failure
from annotator.storage.project import DamagedProjectError, Project, damaged_error
from annotator.ui.editing import EditHost, EditPath
from annotator.ui.session import Session


def read_only_note(project: Project) -> str:
    """What the analyst can and cannot do with a read-only ``project``, and how to edit it."""
    name = project.path.name
    if project.gone is not None:
        return (f"{name} {project.gone.happened}: this window shows what was saved and writes nothing more. You can "
                "read, search and export; File → Save a copy as… saves all of it to a new file and opens it.")
    if project.write_refused is not None:
        return (f"{name} is read-only now ({project.read_only_reason}): you can read, search and export, but not edit. "
                "To edit, make it writable again and reopen it (File → Open), or File → Save a copy as… to another disk.")
    return (f"{name} is open read-only ({project.read_only_reason}): you can read, search and export, "
            f"but not edit. To edit, {project.read_only_todo}.")  # fix39: a permission, an immutable mark, a read-only disk


def gone_message(gone: ProjectFileGone, last_saved: str, *, by_edit: bool = True) -> str:
    """The one message for a project file moved, deleted or replaced while open (fixut16b);
    ``by_edit``: an edit found it (and was refused), not the watcher's look."""
    name = gone.path.name
    saved = f"up to {last_saved}" if last_saved else "since it was opened"
    where = ""
    if gone.how == "moved" and gone.now_at is not None:
        where = (f" The file at {gone.now_at} may lack the latest of them: SQLite keeps them in {name}-wal under the "
                 "old name, which a program opening the moved file does not read.")
    elif gone.how == "replaced":
        where = f" The file now at {gone.path} is another one; nothing is written to it either."
    return (f"{gone.path} {gone.happened}.\n\nYour edits {saved} are safe in this window, which still has the file "
            f"open; {'the edit just made was not saved and ' if by_edit else ''}nothing more is written to it.{where}\n\n"
            "Save a copy as… writes everything saved to a new file and opens it, so you can go on working. "
            "Otherwise the window stays read-only: you can read, search and export.")


def write_refused_message(error: ProjectWriteError, *, read_only: bool) -> str:
    """The message for a write the disk refused (read-only, full, I/O error; fixut16b, usertest M5)."""
    name = error.path.name
    then = ("\n\nThe window is read-only now: you can read, search and export. File → Save a copy as… saves "
            f"everything saved so far to another file and opens it; File → Open reopens {name} once it can be written."
            if read_only else "")
    return (f"{name}: {error.happened} ({error.detail}), so the edit was not saved and is not shown.\n\n"
            f"{error.advice}; everything saved before is intact.{then}")


def as_write_error(exc: BaseException, project: Project) -> BaseException:
    """``exc`` as :class:`ProjectFileGone` / :class:`ProjectWriteError` when it is SQLite refusing
    a write for a reason those name (one raised past :meth:`Project.writing`); else ``exc``."""
    kind = write_failure(exc)
    if kind is None:
        return exc
    if kind == "moved":
        return project.file_gone() or ProjectFileGone(project.path, "moved")
    return ProjectWriteError(project.path, kind, str(exc))


class GuardedEditHost(EditHost, Protocol):
    """An :class:`EditHost` that also says why an edit was refused or failed."""

    def refuse_read_only(self) -> None: ...

    def note_save_failed(self) -> None: ...

    def database_failed(self, exc: BaseException) -> None: ...

    def file_gone(self, gone: ProjectFileGone) -> None: ...

    def write_refused(self, error: ProjectWriteError) -> None: ...


class GuardedEditPath(EditPath):
    """:class:`EditPath` that refuses edits of a read-only project before writing anything."""

    def __init__(self, session: Session, host: GuardedEditHost) -> None:
        super().__init__(session, host)
        self._guarded_host = host

    def push(self, edit: Edit) -> bool:
        if edit and self._session.project.read_only:
            self._guarded_host.refuse_read_only()
            return False
        return super().push(edit)

    def undo(self) -> None:
        if self._session.project.read_only:
            self._guarded_host.refuse_read_only()
            return
        super().undo()

    def redo(self) -> None:
        if self._session.project.read_only:
            self._guarded_host.refuse_read_only()
            return
        super().redo()

    def report_error(self, exc: Exception) -> None:
        self._guarded_host.note_save_failed()
        exc = as_write_error(exc, self._session.project)  # type: ignore[assignment]
        if isinstance(exc, ProjectFileGone):
            self._session.tell("Edit NOT saved — see the message")
            self._guarded_host.file_gone(exc)
            return
        if isinstance(exc, ProjectWriteError):
            self._session.tell("Edit NOT saved — see the message")
            self._guarded_host.write_refused(exc)
            return
        super().report_error(exc)
        if isinstance(exc, sqlite3.DatabaseError):
            self._guarded_host.database_failed(exc)


def diagnose(path: Path, exc: BaseException | None = None) -> DamagedProjectError | None:
    """The damage behind an error (``quick_check`` + FTS5 ``integrity-check``), or None."""
    if exc is not None and any(w in str(exc).lower() for w in ("locked", "busy", "full", "readonly")):
        return None  # not damage: said as such by describe_error
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=1)) as conn:
            health = check_file(conn, index_contents=True)
    except sqlite3.DatabaseError as check_exc:
        error = damaged_error(path, str(check_exc))
        return error if isinstance(error, DamagedProjectError) else None
    if health.ok:
        return None
    error = damaged_error(path, str(exc or health.summary()), health)
    return error if isinstance(error, DamagedProjectError) else None


class GuardHost(Protocol):
    """Where a backup's result is shown: damage is offered its repair, a backup noted on the label."""

    saved_label: QLabel

    def report_damage(self, error: DamagedProjectError) -> None: ...


class FileGuard(QObject):
    """Backups and the background check of the session's project (see the module docstring)."""

    finished = Signal(object, object)  # project path, result: Backup | None | Exception

    def __init__(self, session: Session, host: GuardHost) -> None:
        super().__init__(session)
        self._session = session
        self._host = host
        self._thread: threading.Thread | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_now)
        self.finished.connect(self._on_finished)
        self.last_result: Any = None
        self.runs = 0  # finished backups (or checks), for tests and the status bar

    def minutes(self) -> float:
        try:
            return max(0.05, float(self._session.settings.value("backup/minutes", backups.INTERVAL_MINUTES)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return float(backups.INTERVAL_MINUTES)

    def keep(self) -> int:
        try:
            return max(1, int(self._session.settings.value("backup/keep", backups.KEEP)))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return backups.KEEP

    def start(self) -> None:
        """A project was just set: back it up (and so check it) now, then every N minutes."""
        self.timer.stop()
        if self._session.project.read_only:
            return  # nothing can change it, and the backup folder is no help to read it
        self.timer.start(int(self.minutes() * 60_000))
        self.backup_now()

    def backup_now(self) -> bool:
        """Start a backup in a worker thread unless one runs or the project is read-only."""
        project = self._session.project
        if project.read_only or self.busy() or project.file_gone() is not None:
            return False  # fixut16b: a file moved or replaced is not backed up by its old name
        path, keep = project.path, self.keep()

        def run() -> None:
            # The copy and check read the whole file (6-8 s of CPU at 50,000 articles) just as the
            # analyst starts working: this thread yields the CPU to the UI thread.
            lower_thread_priority()
            try:
                result: Any = backups.snapshot(path, keep=keep)
                if result is None:  # unchanged since the newest backup: still check the file itself
                    with contextlib.closing(backups.read_only_connection(path)) as conn:
                        health = check_file(conn)
                    if not health.ok:
                        result = damaged_error(path, health.summary(), health)
            except Exception as exc:  # noqa: BLE001 - reported on the main thread
                result = exc
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.finished.emit(path, result)

        self._thread = threading.Thread(target=run, name="annotator-backup", daemon=True)
        self._thread.start()
        return True

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def stop(self) -> None:
        self.timer.stop()
        self.wait()

    def _on_finished(self, path: Path, result: Any) -> None:
        self.last_result = result
        self.runs += 1
        host = self._host
        if path != self._session.project.path:
            return
        if isinstance(result, DamagedProjectError):
            host.report_damage(result)
        elif isinstance(result, backups.Backup):  # routine: no status message over the analyst's own
            host.saved_label.setToolTip(f"{host.saved_label.toolTip()}\nLast backup: {result.when} ({result.path})")
        elif isinstance(result, Exception):
            self._session.tell(f"Backup failed: {result}")
