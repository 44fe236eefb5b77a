"""The window's file dialogs: Qt's own, with file icons and types told **by name only** (sigbus12).

Why not ``QFileDialog.getOpenFileName`` and its kin: on Linux without a desktop portal they show
Qt's widget dialog, whose folder model asks :class:`QAbstractFileIconProvider` for each listed
file's icon and type; that provider asks :class:`QMimeDatabase` with ``MatchDefault``, which
*opens and reads* every file whose name does not settle its type — a project's ``-shm`` and
``-wal`` files, the project itself. Closing any descriptor of a file drops every POSIX lock this
process holds on it (https://www.sqlite.org/howtocorrupt.html §2.2): a dialog listing the
project's folder (New/Open project start there; Export and Import may be pointed there) took
the window's SQLite locks away. Another program opening the project then took it for unused,
rebuilt the ``-shm`` the window had mapped and checkpointed its WAL; the window died with SIGBUS
in its next read (usertest12 HIGH-1: File→Export, then an import while ``annotator stats`` or
any reader opened the file). A native dialog of the desktop (GTK's reads contents the same way)
runs in this process too, so on POSIX systems the widget dialog is always used, with
:class:`NameOnlyIcons`. On Windows locks are not POSIX advisory locks: the native dialog is kept.

Each function returns what the static function of the same name returns (``""``/``[]`` when
the analyst cancels); ``parent`` is the dialog's parent widget. ``remember`` (a name such as
``"import"``) makes the dialog open in the folder the last dialog of that name was accepted in,
kept in the settings (``dialogs/<name>``), when it still exists; else in ``directory``, which
callers make the project's folder (usertest13 F11: Import and Export opened in the home folder).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QFileDialog, QWidget


class NameOnlyIcons(QAbstractFileIconProvider):
    """Icons and type names from the file's name (suffix) alone: never opens a listed file.

    Qt's default (``QAbstractFileIconProvider::icon(QFileInfo)`` and ``type(QFileInfo)``) sniffs
    the contents of files whose suffix is unknown (module docstring). Called from the dialog's
    file-info thread as well as the GUI thread: it holds no state of its own."""

    def icon(self, what: Any) -> Any:  # noqa: D102 - Qt's overloads: an IconType or a QFileInfo
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType.Folder if what.isDir() else QAbstractFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: D102 - Qt's name
        if info.isDir():
            return "Folder"
        return QMimeDatabase().mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension).comment()


#: the smallest size of our file dialogs (px): Qt's widget dialog opens at ~630 × 410, where a
#: news file's name and its detail columns cannot all show
MIN_SIZE = (860, 520)


def _dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    """Every file dialog of the window is made here: Qt's widget dialog on POSIX systems (module
    docstring), at least :data:`MIN_SIZE`, its detail columns sized to what they show."""
    dialog = QFileDialog(parent, caption, directory, filters)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        provider = NameOnlyIcons()
        dialog.setIconProvider(provider)
        dialog._name_only_icons = provider  # type: ignore[attr-defined]  # kept alive as long as the dialog
        _fit_columns(dialog)
    return dialog


def _fit_columns(dialog: QFileDialog) -> None:
    """Size, type and date columns as wide as what they show, the name column the rest
    (usertest14 F8: Qt sizes the Size column for "128.88 GB", and "23.44 MiB" showed as
    "23....MiB"; the Type column cut "CSV document"); the dialog at least :data:`MIN_SIZE`.
    The header keeps to the rows in view (``ResizeToContents`` measures visible rows only), so a
    folder of 10,000 brat files costs no more than a small one."""
    from PySide6.QtWidgets import QHeaderView, QTreeView

    dialog.resize(max(dialog.width(), MIN_SIZE[0]), max(dialog.height(), MIN_SIZE[1]))
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:  # pragma: no cover - Qt's widget dialog names its detail view so
        return
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def _settings() -> Any:
    from annotator.ui.settings import Settings  # the user's QSettings (a test's own, by XDG_CONFIG_HOME)

    return Settings()


def start_directory(directory: str, remember: str) -> str:
    """Where a dialog named ``remember`` opens: the folder its last accepted use chose (if it is
    still a folder), keeping ``directory``'s file name when it names a file to save; else
    ``directory``. Without ``remember``, ``directory``."""
    if not remember:
        return directory
    saved = _settings().value(f"dialogs/{remember}", "")
    if not isinstance(saved, str) or not saved or not Path(saved).is_dir():
        return directory
    given = Path(directory) if directory else None
    if given is not None and given.name and not given.is_dir():
        return str(Path(saved) / given.name)  # a proposed file name (an export's), in the remembered folder
    return saved


def remember_folder(remember: str, chosen: str) -> None:
    """Keep the folder of ``chosen`` (a file, or a folder itself) as where the dialog named
    ``remember`` opens next time."""
    if not remember or not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    _settings().set_value(f"dialogs/{remember}", str(folder))


def _run(dialog: QFileDialog, remember: str = "") -> tuple[list[str], str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        names = list(dialog.selectedFiles())
        if names:
            remember_folder(remember, names[0])
        return names, dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def get_open_file_name(parent: QWidget | None, caption: str = "", directory: str = "", filters: str = "",
                       *, remember: str = "") -> tuple[str, str]:
    """One existing file: ``(path, chosen filter)``."""
    dialog = _dialog(parent, caption, start_directory(directory, remember), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    names, chosen = _run(dialog, remember)
    return (names[0] if names else ""), chosen


def get_open_file_names(parent: QWidget | None, caption: str = "", directory: str = "", filters: str = "",
                        *, remember: str = "") -> tuple[list[str], str]:
    """Existing files: ``([paths], chosen filter)``."""
    dialog = _dialog(parent, caption, start_directory(directory, remember), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog, remember)


def get_save_file_name(parent: QWidget | None, caption: str = "", directory: str = "", filters: str = "",
                       selected_filter: str = "", *, remember: str = "") -> tuple[str, str]:
    """A file to write (the dialog asks before replacing one): ``(path, chosen filter)``."""
    dialog = _dialog(parent, caption, start_directory(directory, remember), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if selected_filter:
        dialog.selectNameFilter(selected_filter)
    names, chosen = _run(dialog, remember)
    return (names[0] if names else ""), chosen


def get_existing_directory(parent: QWidget | None, caption: str = "", directory: str = "", *, remember: str = "") -> str:
    """An existing folder's path, or ``""``."""
    dialog = _dialog(parent, caption, start_directory(directory, remember), "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    names, _ = _run(dialog, remember)
    return names[0] if names else ""


__all__ = ["NameOnlyIcons", "get_existing_directory", "get_open_file_name", "get_open_file_names", "get_save_file_name",
           "remember_folder", "start_directory"]
