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


def refuse_empty_pipeline(option: str, value: str | None) -> None:
    """Raise :class:`click.ClickException` (one line, exit 1, nothing opened) when the pipeline
    option ``option`` ("--model", "--base") was given as an empty or blank string: ``--model ""``
    ran silently with the default pipeline while every other bad value is refused (usertest33
    L5). None (the option left out) passes."""
    if value is not None and not value.strip():
        raise click.ClickException(f"{option} is empty; give an installed pipeline's name or a pipeline folder "
                                   "(`annotator pipelines` lists them), or leave the option out for the default")


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


#: the line width output fills when it goes to no terminal and ``COLUMNS`` is unset
PIPE_COLUMNS = 120


def columns() -> int:
    """The width ``a command's lines fill: ``COLUMNS`` when set, else the terminal's, else
    :data:`PIPE_COLUMNS` for a pipe or file."""
    import shutil

    return shutil.get_terminal_size((PIPE_COLUMNS, 24)).columns


def fit_echo(line: str, **style: object) -> None:
    """One line on stderr, wrapped at words to the terminal's width when stderr is a terminal
    (usertest30 M2: lines of 124-176 characters at 60 columns broke mid-word); as it is for a
    pipe or file, where a reader or a tool wants it whole."""
    click.secho(fit_to_terminal(line, sys.stderr), err=True, **style)  # type: ignore[arg-type]


def fit_to_terminal(line: str, stream: object) -> str:
    """``line`` wrapped at words to one less than the terminal's width (``COLUMNS`` when set)
    when ``stream`` is a terminal, else unchanged. A word longer than the width stays whole."""
    import textwrap

    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return line
    return textwrap.fill(line, width=max(20, columns() - 1), break_long_words=False, break_on_hyphens=False)


def stderr_bar(length: int, label: str, **kwargs: Any) -> Any:
    """A click progress bar of ``length`` items on stderr when stderr is a terminal, else one that
    shows nothing (:class:`_NoBar`): off a terminal click prints the bar's label alone on a line
    (usertest21 L2: ``annotator preannotate … 2> log`` wrote a stray "Articles")."""
    if not sys.stderr.isatty():
        return _NoBar()
    return fitting_bar(length=length, label=label, **kwargs)


def fitting_bar(**kwargs: Any) -> Any:
    """``click.progressbar(file=sys.stderr, **kwargs)`` whose line never wraps: its bar is at most
    click's 36 characters and shrinks so the line stays under the terminal's width; the time
    left, then the label, drop when even a bar of 4 does not fit (usertest30 M2: at 60 columns
    `annotator next`'s bar line was 68-78 characters, so each redraw wrapped)."""
    from click._termui_impl import ProgressBar

    class FittingBar(ProgressBar):  # type: ignore[type-arg]
        def format_progress_line(self) -> str:
            usable = columns() - 1
            label, show_eta = self.label, self.show_eta
            try:
                for self.label, self.show_eta in ((label, show_eta), (label, False), ("", False)):
                    self.width = 0
                    clutter = len(super().format_progress_line())
                    if clutter + 4 <= usable or not self.label:
                        break
                self.width = max(0, min(BAR_WIDTH, usable - clutter))
                return super().format_progress_line().lstrip()[:usable]
            finally:
                self.label, self.show_eta = label, show_eta

    kwargs.setdefault("bar_template", "%(label)s  [%(bar)s]  %(info)s")
    return FittingBar(None, file=sys.stderr, width=BAR_WIDTH, **kwargs)


#: the widest bar :func:`fitting_bar` draws (click's default)
BAR_WIDTH = 36
