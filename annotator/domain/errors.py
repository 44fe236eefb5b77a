"""Errors a person can act on: each says what went wrong, where, and what to do."""

from __future__ import annotations

import functools
from typing import Any


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

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled with its path and line (the import's reading process sends it to the parent:
        # formats.import_pool), not as Exception pickles it: args alone, the where lost
        if type(self).__init__ is not InputError.__init__:  # a subclass with its own arguments
            return super().__reduce__()
        return (functools.partial(type(self), path=self.path, line=self.line), (self.detail,))


class EditConflict(AnnotatorError):
    """An edit was built against a state of the project that has since changed."""
