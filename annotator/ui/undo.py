"""The one QUndoCommand: wraps a Qt-free :class:`Edit` and writes it through the window's EditPath.

``QUndoStack.push()`` calls :meth:`redo` at once, so an edit is written by pushing it — never
apply an edit before pushing. The first redo stores the edit (``Project.apply``) and keeps the
stamped edit it returns; undo puts back exactly what that replaced and a later redo writes it
again exactly (``Project.undo`` / ``Project.redo``). When a write fails the command marks itself
obsolete: Qt then drops it (from ``push()``, or from the stack on undo) and ``error`` says why.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.domain.edits import Edit


class EditTarget(Protocol):
    """Writes edits to the project file and shows them (the window's EditPath)."""

    def apply_edit(self, edit: Edit) -> Edit: ...
    def undo_edit(self, stamped: Edit) -> None: ...
    def redo_edit(self, stamped: Edit) -> None: ...
    def edit_failed(self, exc: Exception) -> None: ...


class EditCommand(QUndoCommand):
    def __init__(self, edit: Edit, target: EditTarget) -> None:
        super().__init__(edit.description)
        self._edit = edit
        self._stamped: Edit | None = None
        self._target = target
        self.error: Exception | None = None
        self._discarded = False

    def discard(self) -> None:
        """Leave the stack without writing: the next ``undo``/``redo`` Qt calls on it does nothing
        and, the command being obsolete, Qt deletes it (for a step the file no longer matches)."""
        self._discarded = True
        self.setObsolete(True)

    @property
    def edit(self) -> Edit:
        """The edit as stored (or as built, before the first write)."""
        return self._stamped or self._edit

    def redo(self) -> None:
        self.error = None
        if self._discarded:
            return
        try:
            if self._stamped is None:
                self._stamped = self._target.apply_edit(self._edit)
            else:
                self._target.redo_edit(self._stamped)
        except Exception as exc:  # noqa: BLE001 - reported by the window; the command is dropped
            self.error = exc
            self.setObsolete(True)
            self._target.edit_failed(exc)

    def undo(self) -> None:
        self.error = None
        if self._stamped is None or self._discarded:  # Qt only undoes commands that were done
            return
        try:
            self._target.undo_edit(self._stamped)
        except Exception as exc:  # noqa: BLE001
            self.error = exc
            self.setObsolete(True)
            self._target.edit_failed(exc)
