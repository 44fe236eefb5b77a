"""Starting the window: `annotator` (default project) and `annotator open PROJECT.db`.

The window shows at once; the NLP pipeline loads and pre-annotates in a child process afterwards
(:mod:`annotator.ui.preannotation`), and the articles waiting for it are listed by its worker
thread, not before the first paint, so the analyst can read and edit within a second of launch.
The open-time check of the full-text index (:func:`annotator.storage.health.check_index`, which
grows with the project: 48 ms of CPU at 50,000 articles) runs in a thread once the window shows
(:class:`IndexCheck`); damage it finds is offered its repair by the window, as damage found by
the window's other checks is.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from importlib import resources
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.display import display_problem
from annotator.domain.errors import AnnotatorError
from annotator.nlp.suggest_process import TO_PREANNOTATE, ArticleQuery
from annotator.paths import default_project_path
from annotator.storage.project import DamagedProjectError, Project, damaged_error
from annotator.storage.sample import create_sample_project, take_sample_note
from annotator.ui.dialogs import repair_before_opening

# Project setting: "0" turns the launch's pre-annotation of never pre-annotated articles off;
# absent (or anything else) leaves it on (ui10q: it used to be on only where set to "1").
AUTO_PREANNOTATE = "auto_preannotate"


class LaunchedWindow(Protocol):
    """What starting the app needs of the window it opens (``MainWindow`` is one): this module
    is handed the window's type by the caller and never imports the window (issue 9, Structure)."""

    project: Project

    def show(self) -> None: ...

    def database_failed(self, exc: BaseException) -> None: ...

    def report_damage(self, error: DamagedProjectError) -> None: ...

    def start_preannotation(self, article_ids: Iterable[int] | ArticleQuery, *, asked: bool = True) -> bool: ...

    def statusBar(self) -> Any: ...  # noqa: N802 - Qt's name

    def tell(self, text: str) -> None: ...  # a line said until replaced, kept in "Lately" (Session.tell)

    def shutdown(self) -> None: ...


# Makes the window on an open project: ``window_type(project, settings=settings)``.
WindowType = Callable[..., LaunchedWindow]


def open_or_create(path: str | Path | None, *, check: bool = True) -> Project:
    """The project at ``path`` (created if missing); without a path, the default project,
    created on first run with the sample articles, marked for pre-annotation. ``check=False``
    leaves the full-text index check of :meth:`Project.open` to the caller (:class:`IndexCheck`)."""
    if path is None:
        target = default_project_path()
        if not (target.exists() and target.stat().st_size > 0):
            target.parent.mkdir(parents=True, exist_ok=True)
            project = create_sample_project(target)
            project.set_setting(AUTO_PREANNOTATE, "1")
            return project
        return Project.open(target, check=check)
    return Project.open(Path(path), create=True, check=check)


def launch_preannotates(project: Project) -> bool:
    """Whether the window pre-annotates this project's new articles at launch (and after File →
    Import, usertest19 L7): every project unless its ``auto_preannotate`` setting is ``"0"``.
    ui10q (usertest10i finding 4): only the first-run sample set it to ``"1"``, so a project
    made by ``annotator import`` (any format), the window's import, ``assign`` or an older
    version was never pre-annotated at launch, though README promises it for any project with
    articles never pre-annotated."""
    return project.get_setting(AUTO_PREANNOTATE) != "0"


def articles_to_preannotate(project: Project) -> list[int]:
    """Ids of the articles still waiting for their first pre-annotation (no row in
    ``preannotations``: an article pre-annotated with no suggestion, or whose suggestions were
    all rejected, has one and is not redone) and not marked done or reviewed — the rule
    ``annotator preannotate`` follows (:data:`~annotator.nlp.suggest_process.TO_PREANNOTATE`,
    fixut16a: the launch used to add suggestions to reviewed articles) — in id order: one query
    (one per article took 1.7 s at 50,000 articles). ``[]`` when the project's
    ``auto_preannotate`` is ``"0"``."""
    if not launch_preannotates(project):
        return []
    return TO_PREANNOTATE.ids(project.db.conn)


def wants_preannotation(project: Project) -> bool:
    """Whether an article still waits for its first pre-annotation (and the project does not
    turn the launch's run off): a query that stops at the first such article (the worker lists
    them, off the UI thread)."""
    return launch_preannotates(project) and TO_PREANNOTATE.any(project.db.conn)


def app_icon() -> QIcon:
    try:
        icon_file = resources.files("annotator.resources").joinpath("annotator.svg")
        with resources.as_file(icon_file) as path:
            return QIcon(str(path)) if path.exists() else QIcon()
    except (FileNotFoundError, ModuleNotFoundError):
        return QIcon()


def install_database_error_hook(window: LaunchedWindow) -> None:
    """A ``sqlite3.DatabaseError`` escaping a slot (search, an article list refresh…) is not just
    printed: the window checks the file and offers a repair (``MainWindow.database_failed``)."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        previous(kind, value, tb)
        if isinstance(value, sqlite3.DatabaseError):
            try:
                window.database_failed(value)
            except Exception as exc:  # noqa: BLE001 - never let the hook itself fail
                print(f"Error while checking the project file: {exc}", file=sys.stderr)

    sys.excepthook = hook


class IndexCheck(QObject):
    """The full-text index check of opening a project (:func:`~annotator.storage.health.check_index`,
    a ``quick_check`` of the index's tables), run in a thread of its own on a read-only connection
    once ``window`` shows: its cost grows with the project (48 ms of the UI thread's CPU at 50,000
    articles, before the first paint). Damage found is handed to ``window.report_damage`` on the
    UI thread, which offers the rebuild of the index or the newest good backup. ``finished``
    carries that error, or None; ``done``/``error`` keep it once the UI thread has it."""

    finished = Signal(object)  # DamagedProjectError | None

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.path = window.project.path
        self.done = False
        self.error: DamagedProjectError | None = None
        self.finished.connect(self._on_finished)
        self.thread = threading.Thread(target=self._run, name="annotator-index-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from annotator.nlp.background_priority import lower_thread_priority
        from annotator.storage.backup import read_only_connection
        from annotator.storage.health import check_index

        # launch13: it runs while the window paints its first frames and takes its first keys;
        # on a loaded machine the UI thread gets the core first (as the backup thread does)
        lower_thread_priority()
        error: Any = None
        try:
            with contextlib.closing(read_only_connection(self.path)) as conn:
                health = check_index(conn)
            if not health.ok:
                error = damaged_error(self.path, health.summary(), health)
        except sqlite3.DatabaseError as exc:  # too damaged to walk at all
            error = damaged_error(self.path, str(exc))
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self.finished.emit(error)

    def _on_finished(self, error: Any) -> None:
        self.done = True
        if isinstance(error, DamagedProjectError):
            self.error = error
            if self._window.project.path == self.path:
                self._window.report_damage(error)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    app.setDesktopFileName("annotator")
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def _show(window: LaunchedWindow) -> None:
    window.show()


def open_window(project_path: str | Path | None, settings: Any = None, *, window_type: WindowType) -> LaunchedWindow | None:
    """Open the project and a shown ``window_type`` window on it, or None (the reason already
    said). A damaged file, found on opening or while the window first reads it, is offered its
    repair (newest good backup, or an index rebuild) before giving up."""
    from annotator.ui.file_safety import diagnose
    from annotator.ui.settings import Settings

    settings = settings or Settings()
    for attempt in (1, 2):
        try:
            project = open_or_create(project_path, check=False)  # IndexCheck, once the window shows
        except DamagedProjectError as exc:  # offer the newest good backup (or an index rebuild)
            print(f"Error: {exc}", file=sys.stderr)
            project = repair_before_opening(None, exc)
            if project is None:
                return None
        except AnnotatorError as exc:
            QMessageBox.critical(None, "Cannot open project", str(exc))
            print(f"Error: {exc}", file=sys.stderr)
            return None
        try:
            window = window_type(project, settings=settings)
        except sqlite3.DatabaseError as exc:  # damage the open-time check does not cover
            path = project.path
            project.close()
            error = diagnose(path, exc)
            if error is None or attempt == 2:
                QMessageBox.critical(None, "Cannot open project", str(error or exc))
                return None
            print(f"Error: {error}", file=sys.stderr)
            repaired = repair_before_opening(None, error)
            if repaired is None:
                return None
            repaired.close()
            project_path = path
            continue
        install_database_error_hook(window)
        _show(window)
        window.index_check = IndexCheck(window)  # type: ignore[attr-defined]
        return window
    return None


class _FirstPaint(QObject):
    """Runs ``then`` once, from the event loop, after ``window``'s first paint event (or after
    ``FIRST_PAINT_WAIT_MS`` if it never paints: a window shown minimised or on no screen)."""

    def __init__(self, window: Any, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], object] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self._window and event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._window.removeEventFilter(self)
        then()


#: How long :func:`after_first_paint` waits for a paint that does not come (ms).
FIRST_PAINT_WAIT_MS = 3000


def after_first_paint(window: Any, then: Callable[[], object]) -> None:
    """Run ``then()`` on the UI thread once ``window`` (a shown QWidget) has painted its first
    frame, or after :data:`FIRST_PAINT_WAIT_MS` when it does not paint.

    The launch's pre-annotation starts here (launch13), not from the first pass of the event
    loop: its worker thread's start (imports, the pipeline process spawned) holds the GIL in
    many short runs, and each Python call of the first paint (the list's and the span table's
    delegates) waited for it: 250-450 ms more from show to a painted window taking keys on the
    loaded 2-core machine of issue 12."""
    _FirstPaint(window, then)


def launch_lines(window: LaunchedWindow) -> None:
    """What the launch says and starts once the window shows: the sample's missing real-data
    article (:func:`~annotator.storage.sample.take_sample_note`, usertest22 L5: a clone outside
    /work got no seed article and nothing said why), in the status line, and carried by the
    launch's pre-annotation line that follows; then that pre-annotation, after the first paint."""
    note = take_sample_note(window.project)
    if note:
        window.tell(note)  # until replaced, menus' status tips passing over it, and in "Lately" (ui32)
    if wants_preannotation(window.project):  # the worker lists the articles once the window has painted
        after_first_paint(window, lambda: preannotate_at_launch(window, after=note) if note else preannotate_at_launch(window))


def preannotate_at_launch(window: LaunchedWindow, *, occasion: str = "at launch", after: str = "") -> bool:
    """Start the launch's own pre-annotation of the articles never pre-annotated (the window
    paints meanwhile). Nobody asked for it, so it is said in the status bar, a pipeline that
    could not be loaded too (a ⚠ line and the pipeline label), and nothing covers the article
    (issue 10, ui10k: the whole-summary notice of File → Pre-annotate stood over the article
    until dismissed). The articles: :data:`~annotator.nlp.suggest_process.TO_PREANNOTATE`, the
    command line's rule (never one marked done or reviewed). ``occasion``: how the run started,
    for its status line ("at launch"; "on opening p.db" after File → Open). False when nothing
    was started. ``after``: a line the run's own carries (:func:`launch_lines`)."""
    if after:
        return window.start_preannotation(TO_PREANNOTATE, asked=False, occasion=occasion, after=after)
    return window.start_preannotation(TO_PREANNOTATE, asked=False, occasion=occasion)


def run_app(project_path: str | Path | None = None, *, window_type: WindowType) -> int:
    """Open a ``window_type`` window on a project and run until it closes. Returns the exit code."""
    from annotator.ui.settings import Settings
    from annotator.ui.theme import apply_theme

    problem = display_problem(os.environ)
    if problem and QApplication.instance() is None:  # Qt would abort in make_app(); `annotator open` checks first too
        print(f"Error: {problem}", file=sys.stderr)
        return 1
    app = make_app()
    settings = Settings()
    apply_theme(app, str(settings.value("view/theme", "light")))
    window = open_window(project_path, settings, window_type=window_type)
    if window is None:
        return 1
    launch_lines(window)
    code = app.exec()
    running = window.shutdown()  # waits background.SHUTDOWN_WAIT seconds at most (perf12h)
    if running:
        leave_now(running, int(code))
    return int(code)


def leave_now(running: list[Any], code: int) -> None:
    """End this process at once: ``running`` threads did not stop within the window's shutdown
    bound, and returning would destroy their QThreads (Qt aborts the process, a core dump). One
    line on stderr names them; nothing is half-written: every edit is committed, an export writes
    a temporary file renamed only when whole (left for the next export to clean), an import's
    transaction is rolled back by SQLite, a backup is a ``.part`` file renamed when whole."""
    from annotator.ui.background import SHUTDOWN_WAIT

    names = ", ".join(sorted({type(t).__name__ for t in running}))
    print(f"Annotator: background work ({names}) did not stop within {SHUTDOWN_WAIT:g} s of closing; "
          "quit without it (nothing half-written)", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
