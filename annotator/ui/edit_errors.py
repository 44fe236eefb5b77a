"""What to tell the analyst when an edit could not be written to the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.domain.errors import EditConflict
from annotator.storage.file_identity import ProjectFileGone, ProjectWriteError
from annotator.storage.transactions import ProjectBusy


def describe_error(exc: BaseException, project_path: Path) -> str:
    """A message a person can act on, for an edit that could not be saved."""
    name = project_path.name
    if isinstance(exc, EditConflict):
        return (f"{exc}.\n\nThe project file changed under this edit (another window or program?), so nothing "
                "of it was saved. The article has been reloaded from the file; make the change again if it still applies.")
    if isinstance(exc, ProjectFileGone):  # fixut16b: the file_safety message (its own box) says more
        return (f"{name} {exc.happened}, so the edit was not saved and nothing more is written to it.\n\n"
                "Use File → Save a copy as… to save everything saved so far to a new file and open it.")
    if isinstance(exc, ProjectWriteError):
        return (f"{name}: {exc.happened} ({exc.detail}), so the edit was not saved and is not shown.\n\n"
                f"{exc.advice}; everything saved before is intact.")
    if isinstance(exc, ProjectBusy):
        return (f"{name} is busy (another program has been writing to it for more than {exc.waited_ms / 1000:g} s), "
                "so the edit was not saved.\n\nWait a moment and make the edit again, or close the other program.")
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "full" in text:
            return (f"The disk holding {name} is full, so the edit was not saved.\n\n"
                    f"Free some space on that disk ({project_path.parent}) and make the edit again; "
                    "everything saved before is intact.")
        if "locked" in text or "busy" in text:
            return (f"{name} is busy (another program is writing to it), so the edit was not saved.\n\n"
                    "Wait a moment and make the edit again, or close the other program.")
        if "readonly" in text or "read-only" in text:
            return (f"{name} cannot be written (read-only file or folder), so the edit was not saved.\n\n"
                    f"Check the permissions of {project_path}, or save a copy elsewhere with File → New.")
        return f"The edit could not be saved to {name}: {exc}.\n\nNothing was changed; try again."
    if isinstance(exc, sqlite3.DatabaseError):
        return (f"{name} could not be written ({exc}). It may be damaged or on a disconnected drive.\n\n"
                "Nothing was changed. Copy the file somewhere safe before trying again.")
    if isinstance(exc, OSError):
        return f"The edit could not be saved to {name}: {exc.strerror or exc}.\n\nNothing was changed."
    return f"The edit could not be saved: {type(exc).__name__}: {exc}.\n\nNothing was changed."


def waiting_notice(project_path: Path, waiting: int, latest: str) -> str:
    """The non-modal notice while edits wait for a busy project file (none is lost or shown done)."""
    edits = "1 edit is" if waiting == 1 else f"{waiting} edits are"
    return (f"{project_path.name} is busy: another program is writing to it. {edits} waiting (latest: “{latest}”) "
            "and will be saved, in order, as soon as the file is free; each shows in the article once saved. "
            "Keep working, or close the other program.")
