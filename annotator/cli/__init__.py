"""The ``annotator`` command: ``annotator COMMAND PROJECT.db ...`` in the style of sqlite-utils.

Exit codes: 0 done, 1 a problem the user can fix (one-line message on stderr), 2 usage.
Commands live in small modules by area and register themselves on the group.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from annotator import __version__
from annotator.cli import app, data, nlp, schema
from annotator.domain.errors import AnnotatorError


class AnnotatorGroup(click.Group):
    """Turns every :class:`AnnotatorError` into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; everything finished before it is saved.", err=True)
            ctx.exit(130)


@click.group(cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="annotator")
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


for module in (app, data, nlp, schema):
    module.register(cli)


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    # `annotator PROJECT.db` is short for `annotator open PROJECT.db`.
    if args and not args[0].startswith("-") and args[0] not in cli.commands:
        args.insert(0, "open")
    cli.main(args=args, prog_name="annotator")
