"""`annotator open`: the window. PySide6 is imported only when the window is asked for."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import click

from annotator.display import display_problem


@click.command("open")
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
def open_command(project: Path | None) -> None:
    """Open PROJECT (created if missing) in the window; without it, the default project.

    \b
    Examples:
      annotator open news.db
      annotator news.db
    """
    # Without a display Qt aborts with several lines about xcb; say it in one, before Qt starts
    # and before any project file is created.
    # SIGTERM ends the window at once, as before (annotator.cli.main makes it Ctrl+C's
    # KeyboardInterrupt for the other commands): every edit is saved as it is made.
    with contextlib.suppress(ValueError):  # not the main thread (a test): nothing was set there
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    problem = display_problem(os.environ)
    if problem:
        click.echo(f"Error: {problem}", err=True)
        raise SystemExit(1)
    # The only way into Qt from the CLI, and the one place that puts the app together: the
    # launcher is handed the window type, so nothing under annotator/ui/ imports the window.
    from annotator.ui.launch import run_app
    from annotator.ui.window import MainWindow

    raise SystemExit(run_app(project, window_type=MainWindow))


def register(group: click.Group) -> None:
    group.add_command(open_command)
