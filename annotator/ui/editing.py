"""The one path for an edit: push it onto the undo stack, write it, show what changed.

:class:`EditCommand` calls back into :class:`EditPath` (its :class:`~annotator.ui.undo.EditTarget`):
redo writes the edit to the project file (one transaction, committed before the next key is
handled) and hands the stored edit to :class:`ArticleState`, which says what changed; the view
repaints and the panels update only that. Undo works across articles: undoing an edit made in
another article opens that article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from annotator.domain.document import StateChange
from annotator.domain.edits import Edit
from annotator.domain.errors import EditConflict
from annotator.domain.model import Span
from annotator.ui.edit_errors import describe_error
from annotator.ui.undo import EditCommand

if TYPE_CHECKING:
    from annotator.ui.window import MainWindow


class EditPath:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._stack_error: Exception | None = None

    def push(self, edit: Edit) -> bool:
        """Write ``edit`` as one undo step. False (and a message) when it could not be saved."""
        if not edit:
            return False
        self._window.analyst()  # asks once, before the first edit
        command = EditCommand(edit, self)
        self._window.undo_stack.push(command)
        if command.error is not None:
            self.report_error(command.error)
            return False
        return True

    # ------------------------------------------------------------ EditTarget, called by EditCommand

    def apply_edit(self, edit: Edit) -> Edit:
        by = self._window.analyst(ask=False)
        stamped = self._window.project.apply(edit, by=by)
        self._show_edit(stamped)
        return stamped

    def undo_edit(self, stamped: Edit) -> None:
        self._window.project.undo(stamped, by=self._window.analyst(ask=False))
        self._show_edit(stamped.inverse(), reveal=True)

    def redo_edit(self, stamped: Edit) -> None:
        self._window.project.redo(stamped, by=self._window.analyst(ask=False))
        self._show_edit(stamped, reveal=True)

    def edit_failed(self, exc: Exception) -> None:
        """Called by :class:`EditCommand` when a write fails (the command drops itself)."""
        self._stack_error = exc

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> None:
        stack = self._window.undo_stack
        self._run_stack(stack.undo, stack.index() - 1)

    def redo(self) -> None:
        stack = self._window.undo_stack
        self._run_stack(stack.redo, stack.index())

    def _run_stack(self, step: Callable[[], None], index: int) -> None:
        stack, status = self._window.undo_stack, self._window.statusBar()
        if not 0 <= index < stack.count():
            status.showMessage("Nothing to undo" if step == stack.undo else "Nothing to redo", 3000)
            return
        command = stack.command(index)
        text = command.text() if command is not None else ""
        self._stack_error = None
        step()
        if self._stack_error is not None:
            self.report_error(self._stack_error)
        else:
            verb = "Undid" if step == stack.undo else "Redid"
            status.showMessage(f"{verb}: {text}", 3000)

    # ------------------------------------------------------------ showing stored edits

    def _show_edit(self, edit: Edit, *, reveal: bool = False) -> None:
        """Show an edit that is already in the project file."""
        window = self._window
        window.note_saved()
        articles = edit.article_ids()
        if window.state is None or window.state.article_id not in articles:
            if articles:  # an undo/redo of an edit in another article: go there
                target = next(iter(articles))
                window.open_article(target, select=_first_span_id(edit))
                window.refresh_article_list()
        else:
            self.show_change(window.state.apply(edit))
            if reveal:
                target_id = _first_span_id(edit)
                if target_id is not None:
                    window.select_span(target_id)
            window.update_saved()
        window.editSaved.emit(edit.description)

    def show_change(self, change: StateChange) -> None:
        window = self._window
        if not change or window.state is None:
            return
        relations = list(window.state.relations.values()) if change.relations_changed else None
        window.view.update_spans(list(change.changed), list(change.removed), relations)
        window.span_list.update_spans(change.changed, change.removed)
        if window.selected_id in change.removed:
            window.selected_id = None
            window.view.set_selected_span(None)
        if window.selected_id is None or change.relations_changed or any(s.id == window.selected_id for s in change.changed):
            window.refresh_details()
        if change.annotations_changed:
            window.article_annotations.refresh()
        updates: dict[str, Any] = {"pending": window.state.pending_count()}
        if change.article is not None:
            updates["status"] = change.article.status
        window.article_list.model.update_summary(window.state.article_id, **updates)

    def report_error(self, exc: Exception) -> None:
        window = self._window
        message = describe_error(exc, window.project.path)
        window.statusBar().showMessage("Edit NOT saved — see the message", 10000)
        if isinstance(exc, EditConflict) and window.state is not None:
            window.open_article(window.state.article_id)
        QMessageBox.warning(window, "Edit not saved", message)


def _first_span_id(edit: Edit) -> str | None:
    for change in edit.changes:
        if isinstance(change.after, Span):
            return change.after.id
    return None
