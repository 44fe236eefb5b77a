"""The one QUndoCommand adapter: push writes once; failures are dropped and reported."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from annotator.domain.edits import Change, Edit
from annotator.domain.errors import EditConflict
from annotator.domain.model import Span, Status
from annotator.ui.undo import EditCommand

SPAN = Span(id="s", article_id=1, start=0, end=3, label="ORG", layer="entity", status=Status.SUGGESTED)
EDIT = Edit("Accept ORG", (Change(SPAN, Span(**{**{f: getattr(SPAN, f) for f in SPAN.__slots__}, "status": Status.ACCEPTED})),))


class Target:
    def __init__(self, fail_on: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.log: list[str] = []
        self.errors: list[Exception] = []
        self.fail_on = fail_on

    def _do(self, what: str) -> None:
        if what in self.fail_on:
            raise EditConflict(f"{what} refused")
        self.log.append(what)

    def apply_edit(self, edit: Edit) -> Edit:
        self._do("apply")
        return Edit(edit.description + " (stamped)", edit.changes)

    def undo_edit(self, stamped: Edit) -> None:
        assert stamped.description.endswith("(stamped)")
        self._do("undo")

    def redo_edit(self, stamped: Edit) -> None:
        assert stamped.description.endswith("(stamped)")
        self._do("redo")

    def edit_failed(self, exc: Exception) -> None:
        self.errors.append(exc)


def test_push_applies_exactly_once_then_undo_redo_use_the_stamped_edit() -> None:
    stack, target = QUndoStack(), Target()
    command = EditCommand(EDIT, target)
    stack.push(command)
    assert target.log == ["apply"] and stack.count() == 1 and stack.undoText() == "Accept ORG"
    stack.undo()
    stack.redo()
    stack.undo()
    assert target.log == ["apply", "undo", "redo", "undo"]
    assert command.edit.description == "Accept ORG (stamped)"


def test_a_failed_write_is_not_pushed() -> None:
    stack, target = QUndoStack(), Target({"apply"})
    command = EditCommand(EDIT, target)
    stack.push(command)
    assert stack.count() == 0 and isinstance(command.error, EditConflict) and len(target.errors) == 1


def test_a_failed_undo_drops_the_command() -> None:
    stack, target = QUndoStack(), Target({"undo"})
    stack.push(EditCommand(EDIT, target))
    stack.push(EditCommand(EDIT, Target()))
    stack.undo()  # the second one (its own target) undoes fine
    stack.undo()  # the first one fails
    assert len(target.errors) == 1 and stack.count() == 1
