"""Starting the window: `annotator` (default project) and `annotator open PROJECT.db`.

The window shows at once; the NLP pipeline loads and pre-annotates in a worker thread afterwards,
so the analyst can read and edit within a second of launch.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.domain.errors import AnnotatorError
from annotator.paths import default_project_path
from annotator.storage.project import Project
from annotator.storage.sample import create_sample_project

AUTO_PREANNOTATE = "auto_preannotate"


def open_or_create(path: str | Path | None) -> Project:
    """The project at ``path`` (created if missing); without a path, the default project,
    created on first run with the sample articles, marked for pre-annotation."""
    if path is None:
        target = default_project_path()
        if not (target.exists() and target.stat().st_size > 0):
            target.parent.mkdir(parents=True, exist_ok=True)
            project = create_sample_project(target)
            project.set_setting(AUTO_PREANNOTATE, "1")
            return project
        return Project.open(target)
    return Project.open(Path(path), create=True)


def articles_to_preannotate(project: Project) -> list[int]:
    """Articles still waiting for their first pre-annotation in a project that asks for it."""
    if project.get_setting(AUTO_PREANNOTATE) != "1":
        return []
    return [i for i in project.article_ids() if not project.preannotated(i)]


def app_icon() -> QIcon:
    try:
        icon_file = resources.files("annotator.resources").joinpath("annotator.svg")
        with resources.as_file(icon_file) as path:
            return QIcon(str(path)) if path.exists() else QIcon()
    except (FileNotFoundError, ModuleNotFoundError):
        return QIcon()


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    app.setDesktopFileName("annotator")
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def run_app(project_path: str | Path | None = None) -> int:
    """Open the window on a project and run until it closes. Returns the exit code."""
    from annotator.ui.settings import Settings
    from annotator.ui.theme import apply_theme
    from annotator.ui.window import MainWindow

    app = make_app()
    settings = Settings()
    apply_theme(app, str(settings.value("view/theme", "light")))
    try:
        project = open_or_create(project_path)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Cannot open project", str(exc))
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(project, settings=settings)
    window.show()
    todo = articles_to_preannotate(project)
    if todo:
        QTimer.singleShot(0, lambda: window.start_preannotation(todo))
    code = app.exec()
    window.shutdown()
    return int(code)
