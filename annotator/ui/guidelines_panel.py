"""The guidelines panel: the project's Markdown guide, rendered, beside the article.

Read mode shows the guide (``QTextBrowser.setMarkdown``, CommonMark with GitHub tables) and,
under it, a generated section listing every label, target and tag with its description
(:func:`annotator.domain.guidelines.labels_markdown`; never stored). **Edit** switches to a plain
editor; the text is saved to the project file after a pause in typing
(:data:`AUTOSAVE_MS`), when leaving edit mode and when the panel is hidden. A save that fails (the
file read-only or busy) keeps the text in the editor, says so and stays in edit mode, so no text
is lost. **Import from file…** replaces the guide with a Markdown file (a bad file is refused in
the panel's message line). Every stored version is in the change log.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.guidelines import labels_markdown
from annotator.storage.guidelines import read_guidelines, read_markdown_file, write_guidelines
from annotator.storage.project import Project
from annotator.storage.transactions import ProjectBusy
from annotator.ui import file_dialogs

AUTOSAVE_MS = 1500  # after this pause in typing the editor's text is saved

FileChooser = Callable[[QWidget], "Path | None"]


def _ask_file(parent: QWidget) -> Path | None:
    name, _filter = file_dialogs.get_open_file_name(parent, "Import guidelines", "", "Markdown (*.md *.markdown *.txt);;All files (*)",
                                                    remember="guidelines")
    return Path(name) if name else None


class GuidelinesPanel(QDockWidget):
    """``project``: the open project (a callable: the window may switch projects); ``analyst``:
    who edits (for the change log); ``choose_file``: asks for a Markdown file (a file dialog by
    default)."""

    def __init__(self, project: Callable[[], Project], analyst: Callable[[], str] = lambda: "", *,
                 choose_file: FileChooser | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Guidelines", parent)
        self.setObjectName("guidelinesPanel")
        self._project = project
        self._analyst = analyst
        self._choose_file = choose_file or _ask_file
        self._dirty = False
        body = QWidget(self)
        self.edit_button = QPushButton("&Edit", body)
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip("Edit the guidelines as Markdown; saved as you type and when you leave edit mode")
        self.edit_button.toggled.connect(self._edit_toggled)
        self.import_button = QPushButton("&Import from file…", body)
        self.import_button.setToolTip("Replace the guidelines with a Markdown file")
        self.import_button.clicked.connect(self.import_file)
        self.browser = QTextBrowser(body)
        self.browser.setObjectName("guidelinesView")
        self.browser.setOpenExternalLinks(True)
        self.editor = QPlainTextEdit(body)
        self.editor.setObjectName("guidelinesEditor")
        self.editor.setPlaceholderText("# Guidelines\n\nWrite the project's annotation guide here, in Markdown.")
        self.editor.textChanged.connect(self._typed)
        self.stack = QStackedWidget(body)
        self.stack.addWidget(self.browser)
        self.stack.addWidget(self.editor)
        self.message = QLabel(body)
        self.message.setObjectName("guidelinesMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        self.setWidget(body)
        self.refresh()

    # ------------------------------------------------------------------ showing

    @property
    def editing(self) -> bool:
        return self.edit_button.isChecked()

    @Slot()
    def refresh(self) -> None:
        """Render the stored guide and the generated label section again (the project, its
        schema or lists changed). The editor's text is left alone while editing."""
        project = self._project()
        guide = read_guidelines(project)
        generated = labels_markdown(project.schema, project.targets(), project.tag_entries())
        intro = guide if guide.strip() else "*No guidelines yet: press Edit to write them, or import a Markdown file.*\n"
        self.browser.setMarkdown(f"{intro}\n\n{generated}")
        self.import_button.setEnabled(not project.read_only)
        self.edit_button.setEnabled(not project.read_only or self.editing)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ editing

    def _edit_toggled(self, on: bool) -> None:
        if on:
            self._dirty = False
            self.editor.blockSignals(True)
            self.editor.setPlainText(read_guidelines(self._project()))
            self.editor.blockSignals(False)
            self.stack.setCurrentWidget(self.editor)
            self.editor.setFocus()
            return
        if not self.save():
            self.edit_button.blockSignals(True)
            self.edit_button.setChecked(True)  # the text is not stored: stay where it is
            self.edit_button.blockSignals(False)
            return
        self.stack.setCurrentWidget(self.browser)
        self.refresh()

    def _typed(self) -> None:
        self._dirty = True
        self._autosave.start()

    @Slot()
    def save(self) -> bool:
        """Store the editor's text if it changed; False (text kept, message shown) on failure."""
        self._autosave.stop()
        if not self._dirty:
            return True
        try:
            write_guidelines(self._project(), self.editor.toPlainText(), by=self._analyst())
        except (AnnotatorError, ProjectBusy) as exc:
            self._say(f"Guidelines not saved yet ({exc}); your text is kept here")
            self._autosave.start()  # try again after the next pause
            return False
        self._dirty = False
        self._say("")
        return True

    @Slot()
    def import_file(self) -> None:
        path = self._choose_file(self)
        if path is None or not self.save():  # what was typed is stored (and logged) before it is replaced
            return
        try:
            text = read_markdown_file(path)
            write_guidelines(self._project(), text, by=self._analyst(), action=f"Import guidelines from {path.name}")
        except (AnnotatorError, ProjectBusy) as exc:
            self._say(str(exc))
            return
        self._say(f"Imported {path.name}")
        if self.editing:
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)
            self._dirty = False
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        if self._dirty:
            self.save()  # hiding the panel (or closing the window) keeps what was typed
        super().hideEvent(event)


__all__ = ["AUTOSAVE_MS", "GuidelinesPanel"]
