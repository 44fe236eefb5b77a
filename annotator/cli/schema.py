"""`annotator schema`: show, save or replace a project's label schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, acting_name
from annotator.domain.errors import InputError
from annotator.domain.schema import LabelSchema, SchemaError
from annotator.domain.words import plural
from annotator.storage.project import Project


@click.command("schema")
@click.argument("project", type=PROJECT_FILE)
@click.option("--set", "new_schema", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Replace the project's schema with this JSON file (validated first).")
@click.option("--by", default="", help="Who changes the schema (kept in the change log); default: the project's "
              "analyst name, else your login name.")
def schema_command(project: Path, new_schema: Path | None, by: str) -> None:
    """Print PROJECT's label schema as JSON, or replace it with --set.

    The file is checked as a whole before anything is written: every problem (unknown layer or
    key, a label or key defined twice, a bad colour, an undefined attribute or attribute type, a
    relation to an unknown label, ...) is listed on its own line, and the schema stays as it was.

    Each project keeps its own copy of the schema (labels with layer, colour, shortcut key and
    allowed attributes; relation types; the entity map for pre-annotation), starting from the
    default in resources/schema.json. Edit a copy and set it back. Spans whose label the new
    schema lacks are kept, and shown in the 'other' layer.

    \b
    Examples:
      annotator schema news.db > schema.json
      annotator schema news.db --set schema.json
    """
    with Project.open(project, create=False, read_only=False if new_schema else None) as proj:
        if new_schema:
            proj.check_whole_file()
        if new_schema is None:
            click.echo(json.dumps(proj.schema.to_json(), indent=2, ensure_ascii=False))
            return
        try:
            schema = LabelSchema.validated(new_schema.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError("is not UTF-8 text; save the schema as UTF-8 JSON", path=str(new_schema)) from exc
        except SchemaError as exc:
            for problem in exc.problems:  # all of them at once: one line each, file first
                click.echo(f"Error: {new_schema}: {problem}", err=True)
            raise SystemExit(1) from None
        proj.set_schema(schema, by=acting_name(proj, by))
        known = {label.name for label in schema.labels}
        in_use = {row[0] for row in proj.db.execute("SELECT DISTINCT label FROM spans")}
        missing = sorted(in_use - known)
        click.echo(f"Schema of {project.name} replaced: {plural(len(schema.labels), 'label')}, {plural(len(schema.relations), 'relation type')}.")
        if missing:
            click.echo(f"Spans labelled {', '.join(missing)} are kept and shown in the 'other' layer.", err=True)


def register(group: click.Group) -> None:
    group.add_command(schema_command)
