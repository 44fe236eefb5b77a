"""Errors a person can act on: each says what went wrong, where, and what to do."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class for problems the user can fix (exit code 1 in the CLI, a message box in the UI)."""


class ProjectFileError(AnnotatorError):
    """The project file cannot be opened: not ours, newer than this program, or damaged."""


class InputError(AnnotatorError):
    """Bad input to an import: names the file (and line) and what to do about it."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class EditConflict(AnnotatorError):
    """An edit was built against a state of the project that has since changed."""
