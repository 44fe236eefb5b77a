"""A small keyboard picker: a line edit over a list, anchored where the analyst is looking.

Give it rows (anything with ``name`` and ``display`` — :class:`annotator.domain.candidates.Candidate`,
or plain strings) and get the choice back through :attr:`Picker.chosen`. It knows nothing of the
window; the speaker / cue / claimant links use it, and so can stance holders and targets.

Keys (the line edit keeps focus): typing narrows the rows (prefix of any word, initials,
case- and accent-insensitive: :func:`annotator.domain.candidates.matches`); Up/Down move; Enter
takes the highlighted row; 1–9 take the n-th visible row at once; Escape closes. An optional
*new entry* row ("New SPEAKER from “he”") comes first and is never filtered out; it can be set or
changed while the picker is open (the analyst selects text in the article), or follow what is
typed (``new_typed``: "New target “…”" after the rows the typed text matches, none when a row
has that very name). Rows may have quick
keys (``keys``): with nothing typed yet, a row's key takes it at once (before digits).

It is a frameless child of the window (not a separate window), so it never steals the
application's focus from another window and the window's span keys never fire while it is open:
it takes every plain key through ``ShortcutOverride``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.domain.candidates import fold, matches

NEW = object()  # the data of the new-entry row

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier)
# The picker's own keys for moving and choosing. With Shift, Ctrl, Alt or Meta they are not the
# picker's (Shift+PgDown is "next article"): the picker closes, choosing nothing, and the window acts.
_NAVIGATION = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                         Qt.Key.Key_End, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab})


def _modified(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)


def _name(row: Any) -> str:
    return str(getattr(row, "name", row))


def _display(row: Any) -> str:
    return str(getattr(row, "display", row))


class Picker(QFrame):
    """The popup. ``chosen(row)`` gives the row picked (:data:`NEW` for the new entry);
    ``closed()`` is emitted whenever it hides (chosen or not)."""

    chosen = Signal(object)
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("linkPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(4)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a name or initials · 1–9 or Enter picks · Esc closes")
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemClicked.connect(lambda item: self._take(self.list.row(item)))
        box.addWidget(self.title)
        box.addWidget(self.edit)
        box.addWidget(self.list)
        self.edit.textChanged.connect(self._refill)
        self.edit.installEventFilter(self)
        self._rows: list[Any] = []
        self._new: str = ""
        self._new_typed: Callable[[str], str] | None = None
        self._keys: dict[str, int] = {}
        self.visible_rows: list[Any] = []  # what the list shows now, in order (NEW first when set)
        self.setFixedWidth(380)
        self.hide()

    # ------------------------------------------------------------------ opening

    def open(self, title: str, rows: Sequence[Any], *, at: QPoint, new_entry: str = "", current: int | None = None,
             keys: Mapping[str, int] | None = None, new_typed: Callable[[str], str] | None = None) -> None:
        """Show ``rows`` (best first) under ``title`` with its top-left corner at ``at`` (parent
        coordinates, moved inside the parent). ``new_entry``: text of the new-entry row ("" for
        none). ``current``: index of the row to highlight first (default the first). ``keys``:
        quick key (one character, case ignored) → row index. ``new_typed``: typed text → text of
        the new-entry row ("" for none), asked as the analyst types (the typed text is
        :meth:`typed` when :data:`NEW` is chosen)."""
        self.title.setText(title)
        self._rows = list(rows)
        self._new = new_entry
        self._new_typed = new_typed
        self._keys = {k.casefold(): i for k, i in (keys or {}).items() if k}
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)
        self._refill()
        if current is not None and 0 <= current < len(self._rows):
            self.list.setCurrentRow(self.visible_rows.index(self._rows[current]))
        parent = self.parentWidget()
        if parent is not None:
            x = max(0, min(at.x(), parent.width() - self.width()))
            y = at.y() if at.y() + self.height() <= parent.height() else max(0, at.y() - self.height() - 24)
            self.move(x, y)
        self.show()
        self.raise_()
        self.edit.setFocus()

    def set_new_entry(self, text: str) -> None:
        """Set (or with "" remove) the new-entry row while open, keeping the typed filter."""
        self._new = text
        self._refill()
        self.edit.setFocus()

    def typed(self) -> str:
        """The text typed in the picker's field, white space collapsed."""
        return " ".join(self.edit.text().split())

    def close_picker(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    # ------------------------------------------------------------------ rows

    def _refill(self) -> None:
        query = self.edit.text()
        rows: list[Any] = [row for row in self._rows if matches(query, _name(row))]
        if self._new_typed is not None:
            # A new entry from the typed text comes after the rows it matches (Enter after a
            # letter or two takes the listed one), and not at all when a row has that very name.
            typed = self.typed()
            same = any(fold(_name(row)) == fold(typed) for row in rows)
            self._new = self._new_typed(typed) if typed and not same else ""
            rows += [NEW] if self._new else []
        else:
            rows = ([NEW] if self._new else []) + rows
        self.visible_rows = rows
        self.list.clear()
        for n, row in enumerate(rows, start=1):
            text = self._new if row is NEW else _display(row)
            number = f"{n}  " if n <= 9 else "    "
            item = QListWidgetItem(number + text)
            if row is NEW:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        else:
            self.list.addItem(QListWidgetItem("No match — Backspace, or Esc to close"))
        # As tall as its rows, up to twelve (more scroll): the picker hides little of the article.
        row_height = max(self.list.sizeHintForRow(0), 16)
        self.list.setFixedHeight(row_height * min(max(self.list.count(), 1), 12) + 2 * self.list.frameWidth() + 4)
        self.adjustSize()

    def _take(self, index: int) -> None:
        if not 0 <= index < len(self.visible_rows):
            return
        row = self.visible_rows[index]
        self.hide()
        self.closed.emit()
        self.chosen.emit(row)

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and isinstance(event, QKeyEvent):
            if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and event.key() in _NAVIGATION and _modified(event):
                self.close_picker()  # never move to, or take, a row the analyst did not choose
                return False
            if event.type() == QEvent.Type.ShortcutOverride:
                if event.modifiers() in _PLAIN or event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    event.accept()  # the picker's key, not the window's span action
                    return True
            elif event.type() == QEvent.Type.KeyPress and self._key(event):
                return True
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_picker()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._take(self.list.currentRow())
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            count = len(self.visible_rows)
            if count:
                step = 1 if key == Qt.Key.Key_Down else -1
                self.list.setCurrentRow((self.list.currentRow() + step) % count)
            return True
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            count = len(self.visible_rows)
            if count:
                step = 8 if key == Qt.Key.Key_PageDown else -8
                self.list.setCurrentRow(max(0, min(count - 1, self.list.currentRow() + step)))
            return True
        quick = event.text().casefold()
        if quick and quick in self._keys and not self.edit.text() and event.modifiers() in _PLAIN:
            self._take(self.visible_rows.index(self._rows[self._keys[quick]]))
            return True
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and event.modifiers() in _PLAIN:
            self._take(key - Qt.Key.Key_1)
            return True
        return False


__all__ = ["NEW", "Picker"]
