"""The ``annotator`` command: ``annotator COMMAND PROJECT.db ...`` in the style of sqlite-utils.

Exit codes: 0 done, 1 a problem the user can fix (one-line message on stderr), 2 usage.
Commands live in small modules by area and register themselves on the group.
"""

from __future__ import annotations

import difflib
import gc
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import click

from annotator import __version__
from annotator.cli import active, agreement, app, backup, data, guidelines, nlp, report, review, schema, search, team, train
from annotator.cli.params import STOP_NOTE
from annotator.domain.errors import AnnotatorError
from annotator.storage.transactions import is_busy


# A first argument that is no command opens the window on it only when it names a project:
# an existing file, a name with a project file's suffix, or a path. Anything else is a mistyped
# command, which must not create a project file named like it.
PROJECT_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def looks_like_project(name: str) -> bool:
    """True for an existing file, a ``.db``/``.sqlite``/``.sqlite3`` name, or a path (with a separator)."""
    separators = [os.sep, *([os.altsep] if os.altsep else [])]
    return Path(name).is_file() or Path(name).suffix.lower() in PROJECT_SUFFIXES or any(s in name for s in separators)


EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE: what a shell reports for a tool that SIGPIPE ended


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush of what is still
    buffered cannot fail again with a second 'Broken pipe' message (Python's documented remedy,
    docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's buffer): nothing left to flush
        pass


class AnnotatorGroup(click.Group):
    """Turns every :class:`AnnotatorError` (and a project file left busy by another writer) into
    a one-line message and exit code 1; reads
    ``annotator PROJECT.db`` as ``annotator open PROJECT.db``; names the command meant by a typo."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        ctx.meta["annotator.args"] = list(args)  # the project files a sqlite3.DatabaseError is checked against
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            if looks_like_project(name):
                return "open", self.commands["open"], args
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else "; 'annotator --help' lists the commands"
            ctx.fail(f"no such command {name!r}{hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return self._invoke(ctx)
        finally:
            # A folder export's replaced folder is deleted by background threads (formats/atomic.py,
            # brat14): the command ends when it is gone, so that a normal exit leaves no old folder
            # (also where the process then ends by os._exit, as a forked child does).
            from annotator.formats.atomic import wait_for_removals

            wait_for_removals()

    def _invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:  # a wait for a busy project file past its timeout included (ProjectBusy)
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                # Writes raise ProjectBusy; this is the net for one that does not go through
                # Project.writing() (opening or migrating a file another program is writing).
                click.echo("Error: the project file is busy (another program kept writing to it) and the unfinished "
                           "write was undone; let the other program finish (or close it) and run this again", err=True)
            else:  # damaged, locked or read-only: checked, named, one line
                click.echo(f"Error: {backup.database_error_line(exc, ctx.meta.get('annotator.args', []))}", err=True)
            ctx.exit(1)
        except BrokenPipeError:
            # The reader of our output went away (`annotator export … --output - | head`): stop
            # quietly, as Unix tools do when SIGPIPE ends them, with their exit status.
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:  # a file or folder we could not read or write, outside the paths checked up front
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}; check that it exists and that you may read and write it",
                       err=True)
            ctx.exit(1)
        except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM (Terminated)
            # what the command said is kept and what not (params.on_stop; fixut15, usertest14 F6:
            # an interrupted import said "everything finished before it is saved" of an atomic import)
            note = ctx.meta.get(STOP_NOTE) or "everything finished before it is saved"
            click.echo(f"{stop_word(exc)}; {note}.", err=True)
            # fix31 (usertest26 L1): the command has stopped and said so in ~0.05 s; Python's own
            # exit then spent 0.9-1.3 s (load 8; 0.25-0.5 s at load 4) in its last garbage
            # collections over spaCy's objects. Frozen, they are skipped (0.1-0.25 s at load 8);
            # everything the command writes is already committed, closed or removed by now.
            gc.freeze()
            ctx.exit(130)


def _selftest(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from annotator.selftest import run

        ctx.exit(run())


@click.group(cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="annotator")
@click.option("--selftest", is_flag=True, is_eager=True, expose_value=False, callback=_selftest,
              help="Check this installation end to end in a temporary folder (sample project, pre-annotation, every "
                   "export, the window offscreen); exit 0 only if all worked.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Annotate news articles: entities, quotes with their speakers, claims and stances.

    Run without a command to open the window on your default project, or with a project file
    (`annotator PROJECT.db`) to open that one.

    \b
    Examples:
      annotator                                   # open the default project
      annotator import news.db articles/          # add .txt files, JSONL, CSV or brat
      annotator preannotate news.db               # machine suggestions for new articles
      annotator export news.db --format jsonl --output news.jsonl
      annotator stats news.db
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(app.open_command, project=None)


for module in (active, agreement, app, backup, data, guidelines, nlp, report, review, schema, search, team, train):
    module.register(cli)


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill PID``, a service manager or a closing session stopping the command): raised
    where Python raises KeyboardInterrupt for Ctrl+C, so that every command stops as it does on
    Ctrl+C (finished work kept, one line, exit 130), never with a traceback (usertest13 F8)."""


def stop_word(exc: BaseException | None) -> str:
    """How a command's stop line starts, the same in every command (usertest14 F5: preannotate
    said "Interrupted" for SIGTERM): "Terminated (SIGTERM)" when ``exc`` is a :class:`Terminated`
    or was raised from one (pre-annotation's ``PreannotationInterrupted``), else "Interrupted"
    (Ctrl+C)."""
    while exc is not None:
        if isinstance(exc, Terminated):
            return "Terminated (SIGTERM)"
        exc = exc.__cause__ or exc.__context__
    return "Interrupted"


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated()


def _default_sigterm_in_child() -> None:
    # A forked worker (pre-annotation, import reader, export part) must not raise Terminated in
    # the middle of its work: its parent stops it, and a SIGTERM sent to it ends it quietly.
    if signal.getsignal(signal.SIGTERM) is _raise_terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


_fork_hook: list[bool] = []


def stop_on_sigterm_as_on_ctrl_c() -> None:
    """Make SIGTERM raise :class:`Terminated` in this (main) thread, and reset it to the default
    in processes forked from now on. The window's command puts the default back
    (:func:`annotator.cli.app.open_command`): Qt's loop is no place for a KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    if not _fork_hook:
        os.register_at_fork(after_in_child=_default_sigterm_in_child)
        _fork_hook.append(True)


def main(argv: Sequence[str] | None = None) -> None:
    stop_on_sigterm_as_on_ctrl_c()
    # `annotator PROJECT.db` is short for `annotator open PROJECT.db` (see AnnotatorGroup).
    cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="annotator")
