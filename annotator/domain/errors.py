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


class RestUnreadable(InputError):
    """An :class:`InputError` after which the rest of its file cannot be read (a CSV quoting error:
    the parser's state is lost), so ``--skip-errors`` cannot skip it: skipping it would drop every
    row after it without a word (usertest13 F1). :func:`unskippable` gives the message then."""


def unskippable(error: InputError) -> InputError:
    """The error to raise for ``error`` when ``--skip-errors`` is on: a :class:`RestUnreadable`
    says that it stops the file; any other error is returned unchanged (the caller skips it)."""
    if not isinstance(error, RestUnreadable):
        return error
    return InputError(f"{error.detail}; --skip-errors cannot skip this one: the rows after it cannot be read until it is "
                      "fixed (nothing imported)", path=error.path, line=error.line)


class EditConflict(AnnotatorError):
    """An edit was built against a state of the project that has since changed."""
