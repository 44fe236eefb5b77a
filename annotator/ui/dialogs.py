"""The dialogs the window opens from its menus: Preferences, the keyboard shortcuts, About, the
file choosers for a new or another project, and repairing a damaged one or restoring a backup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QStatusBar, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.domain.schema import LabelSchema
from annotator.storage import backup as backups
from annotator.storage.project import DamagedProjectError, Project
from annotator.ui import file_dialogs
from annotator.ui.actions import ACTIONS
from annotator.ui.settings import Settings


class PipelineOwner(Protocol):
    def pipeline_changed(self) -> None: ...


class BackupKeeper(Protocol):
    def keep(self) -> int: ...

    def stop(self) -> None: ...


class DialogHost(Protocol):
    """What the window's dialogs need of it (it is also their parent: ``window()``)."""

    actions_by_id: dict[str, QAction]
    preannotator: PipelineOwner
    file_guard: BackupKeeper

    @property
    def project(self) -> Project: ...

    @property
    def schema(self) -> LabelSchema: ...

    @property
    def settings(self) -> Settings: ...

    def apply_shortcuts(self) -> None: ...

    def set_theme(self, name: str) -> None: ...

    def switch_project(self, path: Path) -> bool: ...

    def change_project(self, project: Project) -> None: ...

    def refuse_read_only(self) -> None: ...

    def replace_project_file(self, action: Callable[[Path], Any], *, done: str) -> bool: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802

    def window(self) -> QWidget: ...


def open_preferences(window: DialogHost, focus: str = "") -> None:
    """Edit → Preferences; what changed takes effect at once (keys, theme, language pipeline)."""
    from annotator.nlp.pipeline_use import project_choice
    from annotator.ui.preferences import PreferencesDialog

    settings = window.settings
    titles = {spec.id: window.actions_by_id[spec.id].text() for spec in ACTIONS if spec.id.startswith("label_")}
    dialog = PreferencesDialog(settings, window.window(), titles=titles, project_folder=window.project.path.resolve().parent,
                               file_analyst=window.project.analyst_name(), file_name=window.project.path.name,  # fix11j
                               project=window.project)  # fixut16a: the pipeline is the project's own
    if focus == "pipeline":
        dialog.pipeline.setFocus()
    before = project_choice(window.project)
    if dialog.exec():
        window.apply_shortcuts()
        window.set_theme(str(settings.value("view/theme", "light")))
        if project_choice(window.project) != before:
            window.preannotator.pipeline_changed()
        else:
            window.statusBar().showMessage("Preferences saved", 3000)


def show_shortcuts(window: DialogHost) -> None:
    from annotator.ui.shortcuts_dialog import ShortcutsDialog

    labels = {lab.shortcut: lab.name for lab in window.schema.labels if lab.shortcut}
    ShortcutsDialog(window.settings.shortcut_overrides(), labels, window.window()).exec()


def show_about(window: DialogHost) -> None:
    from annotator import __version__

    QMessageBox.about(window.window(), "About Annotator", f"Annotator {__version__}\n\nNews annotation: entities, quotes, claims, stances.\n"
                      f"Project: {window.project.path}")


def new_project(window: DialogHost) -> None:
    path, _ = file_dialogs.get_save_file_name(window.window(), "New project", str(window.project.path.parent), "Annotator projects (*.db)")
    if not path:
        return
    path_obj = Path(path)
    if path_obj.suffix != ".db":
        path_obj = path_obj.with_suffix(".db")
    window.switch_project(path_obj)


def open_project(window: DialogHost) -> None:
    path, _ = file_dialogs.get_open_file_name(window.window(), "Open project", str(window.project.path.parent), "Annotator projects (*.db);;All files (*)")
    if path:
        window.switch_project(Path(path))


# ----------------------------------------------------------------------------- damage and backups


def choose(parent: QWidget | None, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
    """A message box with one button per ``(key, label)`` and Cancel; the key chosen, or None."""
    return _buttons_box(QMessageBox.Icon.Warning, parent, title, text, options)


def ask(parent: QWidget | None, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
    """A question with one button per ``(key, label)`` (``&`` marks its Alt key) and Cancel (Esc);
    the first is the default (Enter). The key chosen, or None."""
    return _buttons_box(QMessageBox.Icon.Question, parent, title, text, options)


def _buttons_box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str,
                 options: list[tuple[str, str]]) -> str | None:
    """:func:`choose` and :func:`ask`: one button per option, the first the default, and Cancel."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Cancel, parent)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key for key, label in options}
    if buttons:
        box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton())


def offer_repair(parent: QWidget | None, error: DamagedProjectError) -> str | None:
    """Say what is damaged and offer what helps: ``"rebuild"`` the search index when it is the
    only damage, ``"restore"`` the newest good backup; None when the analyst cancels."""
    options = []
    if error.health is not None and error.health.index_only:
        options.append(("rebuild", "Rebuild search index"))
    if error.backup is not None:
        options.append(("restore", f"Restore backup of {error.backup.when}"))
    name = error.path.name
    if error.health is not None and error.health.index_only:
        advice = ("Only the full-text search index is damaged: rebuilding it from the articles repairs the file "
                  "and changes no annotation. The file as it is now is backed up first.")
    elif error.backup is not None:
        advice = (f"The newest backup that is not damaged is from {error.backup.when}; edits made after it are "
                  "lost when it is restored. The damaged file is kept as a backup too.")
    else:
        advice = "There is no backup of it. Copy the file somewhere safe, and export what can still be read."
    return choose(parent, f"{name} is damaged", f"{error}\n\n{advice}", options)


def repair_before_opening(parent: QWidget | None, error: DamagedProjectError) -> Project | None:
    """A project that could not be opened as damaged: offer the repair, do it, open the result."""
    choice = offer_repair(parent, error)
    try:
        if choice == "rebuild":
            backups.rebuild_index(error.path)
        elif choice == "restore" and error.backup is not None:
            backups.restore(error.path, error.backup)
        else:
            return None
        return Project.open(error.path)
    except AnnotatorError as exc:
        QMessageBox.critical(parent, "Cannot open project", str(exc))
        return None


def open_damaged(window: DialogHost, error: DamagedProjectError) -> bool:
    """File → Open on a damaged project: repair it if the analyst agrees, then switch to it."""
    project = repair_before_opening(window.window(), error)
    if project is None:
        return False
    window.change_project(project)
    return True


def restore_backup(window: DialogHost) -> None:
    """File → Restore backup…: pick one of the project's backups; the current file is backed up
    first; refused (and said why) while another window or program has the file open."""
    project = window.project
    if project.read_only:
        window.refuse_read_only()
        return
    found = backups.list_backups(project.path)
    if not found:
        QMessageBox.information(window.window(), "Restore backup", f"There are no backups of {project.path.name} yet "
                                f"(they are kept in {backups.backup_folder(project.path)}).")
        return
    items = [b.describe() for b in found]
    item, ok = QInputDialog.getItem(window.window(), "Restore backup",
                                    f"Put this backup in place of {project.path.name}\n(the file as it is now is backed up first):",
                                    items, 0, False)
    if not ok or item not in items:
        return
    chosen = found[items.index(item)]
    window.replace_project_file(lambda path: backups.restore(path, chosen, keep=window.file_guard.keep()),
                                done=f"Restored the backup of {chosen.when}")
