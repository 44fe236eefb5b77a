"""The open article's article-level annotations (right, middle): tags and stances.

Tags complete from the project's tag list (a new one joins the list); a stance says who (holder)
takes which position (polarity, from the schema) on what (target), with an optional note. The
holder and the target are never typed here: "Add stance…" (Ctrl+Shift+T) asks
:class:`annotator.ui.article_edits.ArticleStances` to pick them (holder, then target, then
polarity — F / G / N or the polarity combo's value with Enter). Like the details panel this
widget only shows what is stored and emits requests; each becomes one undoable edit
(:mod:`annotator.ui.editing`), and the panel is refilled from :class:`ArticleState` once the
edit is in the project file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.model import Stance, Tag
from annotator.ui.details_panel import EditorLineEdit
from annotator.ui.header_room import StretchWhole

POLARITY_COLOURS = {"favor": "#2e9d5b", "against": "#c0392b", "neutral": "#7f8c8d"}
IdRole = Qt.ItemDataRole.UserRole + 1


class FieldEdit(EditorLineEdit):
    """A line edit that keeps typing and Enter for itself, but lets Ctrl+Z / Ctrl+Shift+Z reach
    the window's undo when it has nothing of its own to undo (so an edit just made here can be
    undone without leaving the field)."""

    submitted = Signal()
    focused = Signal()  # the field got the keyboard focus (before any typing reaches its completer)
    TAB_ENDS_EDIT = False  # a form: Tab goes on to the next field (user-test finding 13)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self.focused.emit()
        super().focusInEvent(event)

    def setCompleter(self, completer: QCompleter | None) -> None:  # noqa: N802 - Qt's name
        super().setCompleter(completer)
        if completer is not None:
            # The first Enter takes the highlighted completion — the first one unless the analyst
            # moved — and adds it; it only closed the popup, and the next Enter added what was
            # typed ("missile defen"): user-test finding 14.
            completer.activated.connect(self._completed)
            self.textEdited.connect(lambda _text: QTimer.singleShot(0, self._highlight_first))

    def _highlight_first(self) -> None:
        completer = self.completer()
        if completer is None or not completer.popup().isVisible():
            return
        popup = completer.popup()
        if not popup.currentIndex().isValid() and completer.completionCount():
            popup.setCurrentIndex(completer.completionModel().index(0, 0))

    def _completed(self, text: str) -> None:
        self.setText(text)
        self.submitted.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if (event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable()
            ):
                event.ignore()
                return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.completer().popup() if self.completer() else None
            if popup is not None and popup.isVisible():
                super().keyPressEvent(event)
                return
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class _DeleteKeys:
    """Del / Backspace ask to delete the current row, before the window's Del (delete span) sees them."""

    deleteRequested: Signal

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                event.accept()
                return True
        return super().event(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class _DeletingTable(_DeleteKeys, QTableWidget):
    deleteRequested = Signal()


class _DeletingList(_DeleteKeys, QListWidget):
    deleteRequested = Signal()


def _remove_button(tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText("✕")
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class ArticlePanel(QWidget):
    tagAddRequested = Signal(str)
    tagRemoveRequested = Signal(str)  # tag id
    stanceStartRequested = Signal()  # "Add stance…": pick holder, target, polarity
    stanceDeleteRequested = Signal(str)  # stance id
    evidenceActivated = Signal(str)  # span id of a stance's evidence (a click on its row)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[Tag] = []
        self._stances: list[Stance] = []

        title = QLabel("Article", self)
        title.setObjectName("panelTitle")

        # ---- tags
        tags_label = QLabel("Tags", self)
        tags_label.setObjectName("dim")
        self.tag_list = _DeletingList(self)
        self.tag_list.setObjectName("tagList")
        self.tag_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tag_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tag_list.deleteRequested.connect(self._remove_current_tag)
        self.tag_list.setMaximumHeight(96)
        self._tag_rows: list[tuple[QListWidgetItem, QLabel, QToolButton]] = []  # _fill_tags' rows, in order
        self.no_tags = QLabel("No tags yet.", self)
        self.no_tags.setObjectName("hint")
        self.tag_edit = FieldEdit(self)
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setPlaceholderText("Add a tag (topic, genre…) and press Enter")
        self.tag_edit.setClearButtonEnabled(True)
        self.tag_edit.submitted.connect(self._submit_tag)
        self._tag_words = QStringListModel(self)
        self._tag_source: Callable[[], Iterable[str]] | None = None  # read when the field is next used
        self.tag_edit.focused.connect(self.load_tag_words)
        self.tag_completer = QCompleter(self._tag_words, self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_edit.setCompleter(self.tag_completer)

        # ---- stances
        stances_label = QLabel("Stances", self)
        stances_label.setObjectName("dim")
        self.stance_table = _DeletingTable(0, 6, self)
        self.stance_table.setObjectName("stanceTable")
        self.stance_table.setHorizontalHeaderLabels(["Holder", "Polarity", "Target", "Note", "Evidence", ""])
        self.stance_table.cellClicked.connect(self._on_stance_clicked)
        self.stance_table.verticalHeader().hide()
        self.stance_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stance_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stance_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stance_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.stance_table.setWordWrap(False)
        self.stance_table.setAlternatingRowColors(True)
        self.stance_table.deleteRequested.connect(self._delete_current_stance)
        header = self.stance_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)  # notes are rare: room for names
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(5, 28)
        # Holder, Target, Evidence share the rest (as Stretch did); usertest23 L2: at 1400 px with the
        # Train panel open Evidence was narrower than its label ("videnc"): none is now, the table
        # scrolls sideways instead
        self._stretch = StretchWhole(self.stance_table, [0, 2, 4])
        header.setHighlightSections(False)
        self.stance_table.setMinimumHeight(84)
        self.stance_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.polarity_combo = QComboBox(self)
        self.polarity_combo.setObjectName("polarityCombo")
        self.polarity_combo.setToolTip("Polarity: the holder's position on the target (Enter in the polarity picker takes it)")
        self.note_edit = FieldEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("Note (optional), then Enter")
        self.add_stance_btn = QPushButton("Add stance…", self)
        self.add_stance_btn.setObjectName("addStance")
        self.add_stance_btn.setToolTip("Pick the holder, the target and the polarity (Ctrl+Shift+T)")
        self.add_stance_btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_stance_btn.clicked.connect(self.stanceStartRequested.emit)
        self.note_edit.submitted.connect(self.stanceStartRequested.emit)
        self.target_hint = QLabel(self)
        self.target_hint.setObjectName("hint")
        self.set_current_target("")

        # Tab as the fields read (usertest14 F7): tag, then the stance's note, then its polarity to
        # the note's right (creation order put the polarity first)
        QWidget.setTabOrder(self.tag_edit, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.polarity_combo)

        add_row = QGridLayout()
        add_row.setHorizontalSpacing(4)
        add_row.setVerticalSpacing(4)
        add_row.addWidget(self.note_edit, 0, 0)
        add_row.addWidget(self.polarity_combo, 0, 1)
        add_row.addWidget(self.target_hint, 1, 0)
        add_row.addWidget(self.add_stance_btn, 1, 1)
        add_row.setColumnStretch(0, 1)

        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        body.addWidget(tags_label)
        body.addWidget(self.tag_list)
        body.addWidget(self.no_tags)
        body.addWidget(self.tag_edit)
        body.addSpacing(6)
        body.addWidget(stances_label)
        body.addWidget(self.stance_table, 1)
        body.addLayout(add_row)
        self.empty = QLabel("No article open.", self)
        self.empty.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.body.hide()
        self.set_polarities(("favor", "against", "neutral"))

    # ----------------------------------------------------------------- filling

    def set_polarities(self, polarities: Sequence[str]) -> None:
        """The polarity combo offers ``polarities`` (the schema's), keeping the chosen one where it
        is still offered. The same polarities again (every article opened, also by an undo made in
        another article) leave the combo alone: emptied and filled again it was laid out and
        repainted, ~0.6 ms of UI-thread CPU per switch (perf12g, issue 12)."""
        combo = self.polarity_combo
        if [combo.itemData(i) for i in range(combo.count())] == list(polarities) and combo.currentIndex() >= 0 \
                and all(combo.itemText(i) == combo.itemData(i) for i in range(combo.count())):
            return
        current = self.polarity_combo.currentData()
        self.polarity_combo.clear()
        for value in polarities:
            self.polarity_combo.addItem(value, value)
        i = self.polarity_combo.findData(current)
        self.polarity_combo.setCurrentIndex(max(i, 0))

    def set_completions(self, *, tags: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
        """The tag field completes from ``tags`` (the project's tag list and tags in use), or
        from what ``tags()`` returns when the field is next focused (perf12h: reading every tag
        in use scans the project's tags, ~9 ms at 10,000 articles with three tags each, and an
        article switch — an undo of an edit made in another article — paid it each time; the
        words are only needed once the analyst types a tag). Read at once when the field has
        the focus already."""
        if callable(tags):
            self._tag_source = tags
            if self.tag_edit.hasFocus():
                self.load_tag_words()
            return
        self._tag_source = None
        self._tag_words.setStringList(sorted(set(tags), key=str.casefold))

    def load_tag_words(self) -> None:
        """Read the words the last :meth:`set_completions` left to read, if any."""
        source, self._tag_source = self._tag_source, None
        if source is not None:
            self._tag_words.setStringList(sorted(set(source()), key=str.casefold))

    def set_current_target(self, name: str) -> None:
        """Show the current stance target (what F / G / N and the target picker start from)."""
        self.target_hint.setText(f"Current target: {name}" if name else "No current target (Shift+T)")

    def add_tag_word(self, tag: str) -> None:
        self.load_tag_words()
        words = self._tag_words.stringList()
        if tag not in words:
            self._tag_words.setStringList(sorted([*words, tag], key=str.casefold))

    def clear(self) -> None:
        self.show_annotations(None, None)

    def show_annotations(
        self, tags: Sequence[Tag] | None, stances: Sequence[Stance] | None, evidence: Mapping[str, str] | None = None,
    ) -> None:
        """Show an article's tags and stances (None: no article open). ``evidence`` maps the span
        ids stances rest on to their text, shown in the Evidence column ("article" when none)."""
        if tags is None or stances is None:
            self._tags, self._stances = [], []
            self.body.hide()
            self.empty.show()
            return
        self.empty.hide()
        self.body.show()
        self._fill_tags(list(tags))
        self._fill_stances(list(stances), evidence or {})

    def tags(self) -> list[str]:
        return [t.tag for t in self._tags]

    def stances(self) -> list[Stance]:
        return list(self._stances)

    def _fill_tags(self, tags: list[Tag]) -> None:
        """One row per tag: its word and a remove button. The rows of the article shown before
        are kept and given the new tags' words (perf12h: building a row's widgets, polishing
        them and asking their size took ~0.8 ms a tag on every article switch, an undo of an
        edit made in another article included); only a count that differs adds or drops rows."""
        self._tags = tags
        listing = self.tag_list
        while listing.count() > len(tags):
            listing.takeItem(listing.count() - 1)  # the view deletes its row widget
            self._tag_rows.pop()
        while listing.count() < len(tags):
            self._tag_rows.append(self._new_tag_row())
        for tag, (item, text, remove) in zip(tags, self._tag_rows):
            item.setData(IdRole, tag.id)
            item.setToolTip(f"{tag.tag} — {tag.origin or 'analyst'}{f' · by {tag.by}' if tag.by else ''}")
            if text.text() != tag.tag:
                text.setText(tag.tag)
            remove.setToolTip(f"Remove the tag “{tag.tag}” (Ctrl+Z brings it back)")
            remove.setObjectName(f"removeTag_{tag.id}")
            remove.setProperty("tagId", tag.id)
        listing.setVisible(bool(tags))
        self.no_tags.setVisible(not tags)
        if tags:
            rows = min(len(tags), 4)
            listing.setFixedHeight(rows * listing.sizeHintForRow(0) + 2 * listing.frameWidth() + 2)

    def _new_tag_row(self) -> tuple[QListWidgetItem, QLabel, QToolButton]:
        """A row at the end of the tag list: its item, word label and remove button (which
        asks to remove the tag whose id it holds in its ``tagId`` property)."""
        item = QListWidgetItem(self.tag_list)
        row = QWidget(self.tag_list)
        box = QHBoxLayout(row)
        box.setContentsMargins(6, 0, 2, 0)
        box.setSpacing(4)
        text = QLabel("", row)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        remove = _remove_button("", row)
        remove.clicked.connect(lambda _c=False, b=remove: self.tagRemoveRequested.emit(b.property("tagId")))
        box.addWidget(text, 1)
        box.addWidget(remove)
        item.setSizeHint(row.sizeHint())  # a row's height does not depend on its word (one line, elided by the list's width)
        self.tag_list.setItemWidget(item, row)
        return item, text, remove

    def _fill_stances(self, stances: list[Stance], evidence: Mapping[str, str]) -> None:
        """One table row per stance. Rows already there (the article shown before) keep their
        items and delete button and take the new values (perf12h: new items and a new button per
        row, polished and laid out, were ~2.5 ms for three stances on every article switch)."""
        self._stances = stances
        table = self.stance_table
        table.setRowCount(len(stances))  # rows beyond are dropped with their buttons
        for row, stance in enumerate(stances):
            note = str(stance.attrs.get("note", "") or "")
            rests_on = evidence.get(stance.evidence, stance.evidence[:8]) if stance.evidence else "article"
            cells = [stance.holder, stance.polarity, stance.target, note, _short(rests_on)]
            tip = _stance_tip(stance)
            for col, value in enumerate(cells):
                item = table.item(row, col)
                if item is None:
                    item = QTableWidgetItem(value)
                    if col == 1:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                    table.setItem(row, col, item)
                elif item.text() != value:
                    item.setText(value)
                item.setData(IdRole, stance.id)
                item.setToolTip(tip)
                if col == 1:
                    item.setForeground(QColor(POLARITY_COLOURS.get(stance.polarity, "#7f8c8d")))
            remove = table.cellWidget(row, 5)
            if not isinstance(remove, QToolButton):
                remove = _remove_button("", table)
                remove.clicked.connect(lambda _c=False, b=remove: self.stanceDeleteRequested.emit(b.property("stanceId")))
                table.setCellWidget(row, 5, remove)
            remove.setToolTip(f"Delete this stance of {stance.holder} (Ctrl+Z brings it back)")
            remove.setObjectName(f"deleteStance_{stance.id}")
            remove.setProperty("stanceId", stance.id)
        table.resizeRowsToContents()

    # ----------------------------------------------------------------- focus (Article menu)

    def focus_tag(self) -> None:
        self.tag_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.tag_edit.selectAll()

    # ----------------------------------------------------------------- requests out

    def _submit_tag(self) -> None:
        tag = " ".join(self.tag_edit.text().split())
        if tag:
            self.tagAddRequested.emit(tag)

    def reset_drafts(self) -> None:
        """Empty the tag and stance fields and put the polarity back to the schema's first value."""
        self.clear_tag_field()
        self.note_edit.setText("")
        self.polarity_combo.setCurrentIndex(0 if self.polarity_combo.count() else -1)

    def clear_tag_field(self) -> None:
        self.tag_edit.setText("")  # setText, not clear(): it also empties the field's own undo history

    def clear_stance_fields(self) -> None:
        self.note_edit.setText("")

    def _remove_current_tag(self) -> None:
        item = self.tag_list.currentItem()
        if item is not None:
            self.tagRemoveRequested.emit(item.data(IdRole))

    def _on_stance_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._stances) and self._stances[row].evidence:
            self.evidenceActivated.emit(self._stances[row].evidence)

    def _delete_current_stance(self) -> None:
        item = self.stance_table.item(self.stance_table.currentRow(), 0)
        if item is not None:
            self.stanceDeleteRequested.emit(item.data(IdRole))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stance_tip(stance: Stance) -> str:
    who = f" · by {stance.by}" if stance.by else ""
    note = stance.attrs.get("note")
    return f"{stance.holder} — {stance.polarity} — {stance.target}{f' ({note})' if note else ''}\n{stance.origin or 'analyst'}{who}"
