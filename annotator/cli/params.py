"""Click parameter types shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from annotator.storage.project import Project, require_project_file


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


def acting_name(project: Project, by: str | None = None, *, fallback: str = "curator") -> str:
    """Who a command's change-log rows name, never "": ``by`` (its ``--by``) when given, else the
    project file's analyst name (``annotator analyst FILE --set NAME``), else the login name (as
    the window defaults its analyst name), else ``fallback``. ``curate``, ``import``, ``schema``,
    ``guidelines`` and ``assign`` record it (``merge`` names the merge instead: ``merge:ANALYST``)."""
    if by:
        return by
    import getpass

    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers (the window does the same)
        login = ""
    return project.analyst_name() or login.strip() or fallback


__all__ = ["PROJECT_FILE", "ProjectFile", "acting_name"]


STOP_NOTE = "annotator.stop_note"  # key in click's shared ``Context.meta``


def on_stop(note: str) -> None:
    """Say ``note`` (what is kept and what is not, e.g. ``"nothing was imported: news.db is as it
    was"``) in the line a Ctrl+C or SIGTERM of the running command ends with
    (``"Interrupted; NOTE."``, exit 130; :class:`annotator.cli.AnnotatorGroup`). A command calls it
    as its work moves from one state to the next; without it the line says finished work is saved.
    Outside a click command it does nothing."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[STOP_NOTE] = note


class _NoBar:
    """What :func:`stderr_bar` gives off a terminal: a progress bar that shows nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n_steps: int, current_item: Any = None) -> None:
        return None


def stderr_bar(length: int, label: str, **kwargs: Any) -> Any:
    """A click progress bar of ``length`` items on stderr when stderr is a terminal, else one that
    shows nothing (:class:`_NoBar`): off a terminal click prints the bar's label alone on a line
    (usertest21 L2: ``annotator preannotate … 2> log`` wrote a stray "Articles")."""
    if not sys.stderr.isatty():
        return _NoBar()
    return click.progressbar(length=length, file=sys.stderr, label=label, **kwargs)
