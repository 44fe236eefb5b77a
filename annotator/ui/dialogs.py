"""The dialogs the window opens from its menus: Preferences, the keyboard shortcuts, About, and
the file choosers for a new or another project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.ui.actions import ACTIONS

if TYPE_CHECKING:
    from annotator.ui.window import MainWindow


def open_preferences(window: MainWindow, focus: str = "") -> None:
    """Edit → Preferences; what changed takes effect at once (keys, theme, language pipeline)."""
    from annotator.ui.preferences import PreferencesDialog

    settings = window.settings
    titles = {spec.id: window.actions_by_id[spec.id].text() for spec in ACTIONS if spec.id.startswith("label_")}
    dialog = PreferencesDialog(settings, window, titles=titles)
    if focus == "pipeline":
        dialog.pipeline.setFocus()
    before = settings.pipeline_choice()
    if dialog.exec():
        window.apply_shortcuts()
        window.set_theme(str(settings.value("view/theme", "light")))
        if settings.pipeline_choice() != before:
            window.preannotator.pipeline_changed()
        else:
            window.statusBar().showMessage("Preferences saved", 3000)


def show_shortcuts(window: MainWindow) -> None:
    from annotator.ui.shortcuts_dialog import ShortcutsDialog

    labels = {lab.shortcut: lab.name for lab in window.schema.labels if lab.shortcut}
    ShortcutsDialog(window.settings.shortcut_overrides(), labels, window).exec()


def show_about(window: MainWindow) -> None:
    from annotator import __version__

    QMessageBox.about(window, "About Annotator", f"Annotator {__version__}\n\nNews annotation: entities, quotes, claims, stances.\n"
                      f"Project: {window.project.path}")


def new_project(window: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "New project", str(window.project.path.parent), "Annotator projects (*.db)")
    if not path:
        return
    path_obj = Path(path)
    if path_obj.suffix != ".db":
        path_obj = path_obj.with_suffix(".db")
    window.switch_project(path_obj)


def open_project(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open project", str(window.project.path.parent), "Annotator projects (*.db);;All files (*)")
    if path:
        window.switch_project(Path(path))
