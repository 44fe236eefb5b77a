"""Click parameter types shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.storage.project import require_project_file


class ProjectFile(click.ParamType):
    """An existing project file, as every command that reads a project takes it.

    A missing (or empty) file or a folder is refused while the arguments are read, with the
    same :class:`~annotator.domain.errors.ProjectFileError` as ``Project.open(create=False)``
    gives: one line naming the file and what to do, exit 1 (a usage error would be exit 2, but
    a wrong path is a problem the user fixes, like any other). Nothing is created.
    """

    name = "project"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return require_project_file(Path(value))


PROJECT_FILE = ProjectFile()

__all__ = ["PROJECT_FILE", "ProjectFile"]
