"""Edit → Targets and tags…: the project's target list and tag list, and its labels.

One table per list; everything by keyboard: type a name and Enter to add, F2 (or typing) edits
the cell under the cursor — the name (a rename every stance or tag follows), the kind, the key,
the description — Del deletes, Ctrl+M merges the selected rows into the current one, Alt+C picks
a colour. Every change is an :class:`~annotator.domain.edits.Edit` built by
:mod:`annotator.domain.project_lists` and handed to ``push`` (the window's undo stack), so it is
saved at once and undone by Ctrl+Z. A refused change (a taken name or key, an entry in use) is
said in the dialog's message line and the table shows the stored values again.

Labels are shown read-only: replacing the schema (:meth:`Project.set_schema`) is logged but is no
undoable edit and changes what every panel shows; ``annotator schema PROJECT --set FILE`` does it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import project_lists as lists
from annotator.domain.edits import Edit
from annotator.domain.list_entries import ListEntry, TagEntry, TargetEntry
from annotator.storage.project import Project
from annotator.ui.details_panel import swatch

ColourChooser = Callable[[QColor, QWidget], "QColor | None"]

ID_ROLE = Qt.ItemDataRole.UserRole


def _ask_colour(initial: QColor, parent: QWidget) -> QColor | None:
    colour = QColorDialog.getColor(initial, parent, "Colour")
    return colour if colour.isValid() else None


class ListTable(QWidget):
    """The table of one list (targets or tags) with its add field and buttons."""

    def __init__(self, kind: type[ListEntry], project: Project, push: Callable[[Edit], bool], say: Callable[[str], None],
                 choose_colour: ColourChooser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._project = project
        self._push = push
        self._say = say
        self._choose_colour = choose_colour
        self._loading = False
        self.entries: list[Any] = []
        noun = lists.entry_noun(kind)
        self.columns = ["Name", *(["Kind"] if kind is TargetEntry else []), "Colour", "Key", "Uses", "Description"]
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(f"{noun}Table")
        self.table.setHorizontalHeaderLabels(self.columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.horizontalHeader().setSectionResizeMode(len(self.columns) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(f"{noun.capitalize()} list")
        self.table.itemChanged.connect(self._item_changed)
        self.add_field = QLineEdit(self)
        self.add_field.setObjectName(f"{noun}AddField")
        self.add_field.setPlaceholderText(f"New {noun}: type its name, Enter adds it")
        self.add_field.returnPressed.connect(self.add)
        self.unlisted = QLabel(self)
        self.unlisted.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, tip, slot in (
            ("&Colour…", "Pick the colour of the current entry (Alt+C)", self.recolour),
            ("&Merge selected", "Merge the selected rows into the current one; every use follows (Ctrl+M)", self.merge),
            ("&Delete", "Delete the current entry if nothing uses it (Del)", self.delete),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.add_field)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unlisted)
        layout.addLayout(buttons)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.delete), (QKeySequence("Ctrl+M"), self.merge)):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

    # ------------------------------------------------------------------ reading

    def _read(self) -> list[Any]:
        return self._project.targets() if self.kind is TargetEntry else self._project.tag_entries()

    def refresh(self) -> None:
        """Show the stored list again, keeping the cursor on the same entry."""
        current = self.current_entry()
        column = max(self.table.currentColumn(), 0)
        self.entries = self._read()
        counts = self._project.list_use_counts(self.kind)
        self._loading = True
        try:
            self.table.setRowCount(len(self.entries))
            for row, entry in enumerate(self.entries):
                values = {"Name": entry.name, "Kind": getattr(entry, "kind", ""), "Colour": entry.colour, "Key": entry.key,
                          "Uses": str(counts.get(entry.name, 0)), "Description": entry.description}
                for col, name in enumerate(self.columns):
                    item = QTableWidgetItem(values[name])
                    item.setData(ID_ROLE, entry.id)
                    if name in ("Colour", "Uses"):
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if name == "Colour" and entry.colour:
                        item.setIcon(swatch(entry.colour, 12))
                    self.table.setItem(row, col, item)
        finally:
            self._loading = False
        listed = {e.name for e in self.entries}
        missing = {n: c for n, c in counts.items() if n not in listed}
        self.unlisted.setText(
            "In use but not in the list (add one by its name to manage it): "
            + ", ".join(f"{n} ({c})" for n, c in sorted(missing.items())) if missing else ""
        )
        self.unlisted.setVisible(bool(missing))
        if self.entries:
            ids = [e.id for e in self.entries]
            row = ids.index(current.id) if current is not None and current.id in ids else 0
            self.table.setCurrentCell(row, column)

    def current_entry(self) -> Any | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def selected_entries(self) -> list[Any]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.entries[r] for r in rows if r < len(self.entries)]

    # ------------------------------------------------------------------ edits

    def _apply(self, build: Callable[[], Edit]) -> bool:
        """Build an edit and push it; a refusal is said and the stored values shown again."""
        try:
            edit = build()
        except lists.ListEditRefused as exc:
            self._say(str(exc))
            self.refresh()
            return False
        if not edit:
            self.refresh()
            return False
        saved = self._push(edit)
        self._say(f"Saved: {edit.description}" if saved else "")
        self.refresh()
        return saved

    def _uses(self, name: str) -> list[Any]:
        return self._project.list_uses(self.kind, name)

    @Slot()
    def add(self) -> None:
        name = self.add_field.text()
        if self.kind is TargetEntry:
            ok = self._apply(lambda: lists.add_target(self.entries, name))
        else:
            ok = self._apply(lambda: lists.add_tag(self.entries, name))
        if ok:
            self.add_field.clear()
            ids = [e.name for e in self.entries]
            if name.strip() in ids:
                self.table.setCurrentCell(ids.index(name.strip()), 0)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        entry = next((e for e in self.entries if e.id == item.data(ID_ROLE)), None)
        if entry is None:
            return
        column, value, entries = self.columns[item.column()], item.text(), self.entries
        builders: dict[str, Callable[[], Edit]] = {
            "Name": lambda: lists.rename(entries, entry, value, self._uses(entry.name), taken=self._uses(value.strip())),
            "Kind": lambda: lists.set_kind(entries, entry, value),
            "Key": lambda: lists.rekey(entries, entry, value),
            "Description": lambda: lists.describe(entries, entry, value),
        }
        if column in builders:
            # After the cell editor has finished committing: refresh() replaces the items.
            QTimer.singleShot(0, lambda: self._apply(builders[column]))

    @Slot()
    def delete(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self._apply(lambda: lists.delete(self.entries, entry, self._uses(entry.name)))

    @Slot()
    def merge(self) -> None:
        keep = self.current_entry()
        if keep is None:
            return
        chosen = self.selected_entries()
        others = [e for e in chosen if e.id != keep.id]
        uses = {e.name: self._uses(e.name) for e in [keep, *others]}
        self._apply(lambda: lists.merge(self.entries, keep, others, uses))

    @Slot()
    def recolour(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        colour = self._choose_colour(QColor(entry.colour or "#888888"), self)
        if colour is not None:
            self._apply(lambda: lists.recolour(self.entries, entry, colour.name()))


class SchemaDialog(QDialog):
    """The targets, tags and labels of a project. ``push`` writes an edit as one undo step (the
    window's edit path; True when saved); ``undo``/``redo`` step the window's undo stack (Ctrl+Z,
    Ctrl+Shift+Z inside the dialog); ``choose_colour`` picks a colour (a QColorDialog by default).
    Call :meth:`refresh` when the project changes elsewhere (the window's undo stack moved)."""

    def __init__(self, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None] | None = None,
                 redo: Callable[[], None] | None = None, choose_colour: ColourChooser | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Targets and tags")
        self.setObjectName("schemaDialog")
        self.resize(760, 480)
        self._project = project
        self.message = QLabel(self)
        self.message.setObjectName("schemaDialogMessage")
        self.message.setWordWrap(True)
        chooser = choose_colour or _ask_colour
        self.targets = ListTable(TargetEntry, project, push, self.say, chooser, self)
        self.tags = ListTable(TagEntry, project, push, self.say, chooser, self)
        self.labels = QTableWidget(0, 5, self)
        self.labels.setObjectName("labelTable")
        self.labels.setHorizontalHeaderLabels(["Label", "Layer", "Colour", "Key", "Description"])
        self.labels.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.labels.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.labels.verticalHeader().setVisible(False)
        label_page = QWidget(self)
        label_layout = QVBoxLayout(label_page)
        label_layout.addWidget(self.labels, 1)
        label_layout.addWidget(QLabel("Labels are read-only here: change them with 'annotator schema PROJECT --set FILE'.", label_page))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.targets, "&Targets")
        self.tabs.addTab(self.tags, "T&ags")
        self.tabs.addTab(label_page, "&Labels")
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        for keys, step in ((QKeySequence.StandardKey.Undo, undo), (QKeySequence.StandardKey.Redo, redo)):
            if step is not None:
                action = QAction(self)
                action.setShortcut(keys)
                action.triggered.connect(lambda _c=False, s=step: (s(), self.refresh()))
                self.addAction(action)
        self.refresh()
        self.targets.table.setFocus()

    def say(self, text: str) -> None:
        """Show a line in the dialog's message area (a refusal or what was saved)."""
        self.message.setText(text)

    @Slot()
    def refresh(self) -> None:
        self.targets.refresh()
        self.tags.refresh()
        schema = self._project.schema
        self.labels.setRowCount(len(schema.labels))
        for row, label in enumerate(schema.labels):
            for col, value in enumerate((label.name, label.layer, label.colour, label.shortcut, label.description)):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setIcon(swatch(label.colour, 12))
                item.setToolTip(label.description)
                self.labels.setItem(row, col, item)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # Enter belongs to the add field and the cell editors: it must not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)


def open_schema_dialog(parent: QWidget, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None] | None = None,
                       redo: Callable[[], None] | None = None, stack: QUndoStack | None = None) -> SchemaDialog:
    """Show the dialog window-modal (the project cannot be switched under it) without blocking;
    it follows ``stack`` (undo/redo made elsewhere) and is deleted when closed."""
    dialog = SchemaDialog(project, push, undo=undo, redo=redo, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if stack is not None:
        stack.indexChanged.connect(dialog.refresh)  # dropped with the dialog
    dialog.open()
    return dialog


__all__ = ["ListTable", "SchemaDialog", "open_schema_dialog"]
