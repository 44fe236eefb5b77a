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
@click.option("--ner-map", "ner_map", type=click.Choice(["conll", "default"]),
              help="Set only the entity map pre-annotation and train's \"before\" read spaCy's labels through: "
              "'conll' folds them into CoNLL-2003's four (GPE, FAC → LOC; NORP, EVENT, LAW, … → MISC), as a CoNLL "
              "import does for a project it creates; 'default' is resources/schema.json's map.")
@click.option("--by", default="", help="Who changes the schema (kept in the change log); default: the project's "
              "analyst name, else your login name.")
def schema_command(project: Path, new_schema: Path | None, ner_map: str | None, by: str) -> None:
    """Print PROJECT's label schema as JSON, or replace it with --set.

    The file is checked as a whole before anything is written: every problem (unknown layer or
    key, a label or key defined twice, a bad colour, an undefined attribute or attribute type, a
    relation to an unknown label, ...) is listed on its own line, and the schema stays as it was.

    Each project keeps its own copy of the schema (labels with layer, colour, shortcut key and
    allowed attributes; relation types; the entity map for pre-annotation), starting from the
    default in resources/schema.json. Edit a copy and set it back. Spans whose label the new
    schema lacks are kept, and shown in the 'other' layer.

    --ner-map conll gives a project CoNLL-2003's fold of spaCy's labels (a CoNLL project imported
    before CoNLL imports set it kept GPE and NORP apart: usertest18 L4).

    \b
    Examples:
      annotator schema news.db > schema.json
      annotator schema news.db --set schema.json
      annotator schema conll.db --ner-map conll
    """
    if new_schema is not None and ner_map is not None:
        raise InputError("give --set or --ner-map, not both (--set replaces the whole schema, its ner_map too)")
    writes = new_schema is not None or ner_map is not None
    with Project.open(project, create=False, read_only=False if writes else None) as proj:
        if writes:
            proj.check_whole_file()
        if ner_map is not None:
            click.echo(_set_ner_map(proj, ner_map, project.name, by=acting_name(proj, by)))
            return
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


def _set_ner_map(proj: Project, which: str, name: str, *, by: str) -> str:
    """Set ``proj``'s ``ner_map`` to the CoNLL fold (``which`` "conll",
    :func:`annotator.formats.conll_import.conll_fold`) or the default schema's map ("default"),
    each restricted to the targets that are entity labels of the schema (a map's target must be a
    label); the change log keeps the schema before. The line to print. Raises :class:`InputError`
    when the schema lacks a label the CoNLL fold maps into."""
    import dataclasses

    from annotator.domain.model import Layer
    from annotator.domain.schema import default_schema
    from annotator.formats.conll_import import CONLL_TYPES, conll_fold

    schema = proj.schema
    entity = [lab.name for lab in schema.labels if lab.layer == str(Layer.ENTITY)]
    if which == "conll":
        lacking = sorted(CONLL_TYPES - set(entity))
        if lacking:
            raise InputError(f"the CoNLL fold maps into PERSON, ORG, LOC and MISC, and {name}'s schema has no entity label "
                             f"{', '.join(lacking)}: add {'it' if len(lacking) == 1 else 'them'} first (annotator schema "
                             f"{name} > schema.json; edit; annotator schema {name} --set schema.json)")
        wanted = conll_fold(entity)
    else:
        wanted = {k: v for k, v in default_schema().ner_map.items() if v in set(entity)}
    folds = "folds spaCy's labels into CoNLL-2003's four (" + "; ".join(
        f"{', '.join(k for k, v in wanted.items() if v == t and k != t)} → {t}" for t in ("LOC", "MISC")) + ")"
    if dict(schema.ner_map) == wanted:
        return f"The ner_map of {name} {'already ' + folds if which == 'conll' else 'is the default already'}; nothing changed."
    proj.set_schema(dataclasses.replace(schema, ner_map=wanted), by=by)
    return (f"The ner_map of {name} {'now ' + folds if which == 'conll' else 'is the default schema' + chr(39) + 's again'}. "
            "Pre-annotation and train's \"before\" read spaCy's labels through it; suggestions stored before keep their labels.")


def register(group: click.Group) -> None:
    group.add_command(schema_command)
