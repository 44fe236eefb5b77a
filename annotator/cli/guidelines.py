"""`annotator guidelines`: show, import or export a project's annotation guidelines (Markdown)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, acting_name
from annotator.domain.errors import InputError
from annotator.domain.words import plural
from annotator.storage.guidelines import read_guidelines, read_markdown_file, write_guidelines
from annotator.storage.project import Project


@click.command("guidelines")
@click.argument("project", type=PROJECT_FILE)
@click.option("--import", "import_file", type=click.Path(path_type=Path), help="Replace the guidelines with this Markdown file.")
@click.option("--export", "export_file", type=click.Path(path_type=Path), help="Write the guidelines to this Markdown file.")
@click.option("--by", default="", help="Who changes the guidelines (kept in the change log); default: the "
              "project's analyst name, else your login name.")
def guidelines_command(project: Path, import_file: Path | None, export_file: Path | None, by: str) -> None:
    """Print PROJECT's guidelines (Markdown), or --import / --export them.

    The guidelines live in the project file and are shown in the window's guidelines panel
    (View → Guidelines). Every change is kept in the change log. A file that is not UTF-8
    Markdown text is refused with one line, and nothing is written.

    \b
    Examples:
      annotator guidelines news.db --import guide.md
      annotator guidelines news.db --export guide.md
    """
    if import_file is not None and export_file is not None:
        raise click.UsageError("give --import or --export, not both")
    text = read_markdown_file(import_file) if import_file is not None else None  # checked before the project opens
    with Project.open(project, create=False, read_only=False if text is not None else None) as proj:
        if text is not None:
            proj.check_whole_file()
            changed = write_guidelines(proj, text, by=acting_name(proj, by), action=f"Import guidelines from {import_file.name}")
            lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            click.echo(f"Guidelines of {project.name} {'replaced' if changed else 'unchanged'}: {plural(lines, 'line')} from {import_file}.")
            return
        stored = read_guidelines(proj)
    if export_file is None:
        if not stored:  # on stderr: stdout stays the (empty) Markdown for a pipe
            click.echo(f"{project.name} has no guidelines yet; import a Markdown file with: "
                       f"annotator guidelines {project} --import guide.md", err=True)
            return
        click.echo(stored, nl=not stored.endswith("\n"))
        return
    if export_file.is_dir():
        raise InputError("is a folder; give a file name such as guide.md", path=str(export_file))
    try:
        export_file.write_text(stored, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror}); choose another place", path=str(export_file)) from None
    note = "" if stored else " (the project has no guidelines yet: the file is empty)"
    click.echo(f"Guidelines of {project.name} written to {export_file}{note}.")


def register(group: click.Group) -> None:
    group.add_command(guidelines_command)
