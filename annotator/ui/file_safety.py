"""The window's side of a project file that may be read-only or damaged, and its backups.

- :class:`GuardedEditPath` refuses every edit of a read-only project before it is attempted, and
  remembers a failed save so the status bar never says "All changes saved" after one;
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
from annotator.storage.project import DamagedProjectError, Project, damaged_error
from annotator.ui.editing import EditHost, EditPath
from annotator.ui.session import Session


def read_only_note(project: Project) -> str:
    """What the analyst can and cannot do with a read-only ``project``, and how to edit it."""
    return (f"{project.path.name} is open read-only ({project.read_only_reason}): you can read, search and export, "
            "but not edit. To edit, change its permissions or copy it to a writable folder.")


class GuardedEditHost(EditHost, Protocol):
    """An :class:`EditHost` that also says why an edit was refused or failed."""

    def refuse_read_only(self) -> None: ...

    def note_save_failed(self) -> None: ...

    def database_failed(self, exc: BaseException) -> None: ...


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
        if project.read_only or self.busy():
            return False
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
            self._session.say(f"Backup failed: {result}", 10000)
