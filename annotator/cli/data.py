"""`annotator import | export | stats`: moving articles and annotations in and out of a project."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from annotator.cli.params import PROJECT_FILE, acting_name, fitting_bar, on_stop
from annotator.domain.errors import InputError
from annotator.domain.words import plural
from annotator.formats.atomic import replacing_file
from annotator.storage.project import Project

PROGRESS_MIN = 200  # items before a progress bar is worth showing


def _progress(total: int | None, label: str) -> Any:
    """A click progress bar on stderr for jobs of more than PROGRESS_MIN items, else a no-op
    (only when stderr is a terminal)."""
    if total is None or total <= PROGRESS_MIN or not sys.stderr.isatty():
        return contextlib.nullcontext(None)  # off a terminal click would still print the label
    return fitting_bar(length=total, label=label, show_pos=True, update_min_steps=max(1, total // 200))  # never wraps (fix45)


def _repeated_note(repeated: list[Path]) -> str:
    """``"x.ann given more than once: read once"`` for the files an import was given more than once, or ""."""
    if not repeated:
        return ""
    names = sorted({str(p) for p in repeated})
    return f"{', '.join(names)} given more than once: read once"


@click.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "txt", "jsonl", "csv", "brat", "conll"]), default="auto", show_default=True,
              help="Input format; auto goes by file suffix (.txt, .jsonl/.json, .csv, .ann, .conll/.iob). "
                   "A spaCy DocBin (.spacy) is export only.")
@click.option("--status", "article_status", type=click.Choice(["done", "new"]), default=None,
              help="CoNLL: the status of the articles read — done (default: gold, so `annotator train` learns from "
                   "them) or new (to review them first).")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input files (e.g. cp1252, latin-1, utf-16).")
@click.option("--text-column", help="CSV: the column holding the article text (default: articleBody, text, body or content).")
@click.option("--label-map", help="Rename labels (of spans and relations) on the way in: FROM=TO,...; FROM= drops the label.")
@click.option("--skip-errors", is_flag=True, help="Import the good records and list the bad ones instead of stopping at the first.")
@click.option("--by", default="", help="Who is importing (kept in the change log); default: the project's analyst "
              "name, else your login name.")
@click.option("--analyst", default=None, help="Put the imported annotations in this analyst's layer, not the project's own: a "
              "brat or JSONL file is their newer version of each article it holds, replacing (deletions too) what "
              "their layer held there (docs/team.md). Refused into that analyst's own file (its analyst setting, from `assign`): "
              "there, import without --analyst.")
@click.option("--analyst-from-filename", is_flag=True,
              help="Each file's analyst from its name: PolNeAR attributions/X_<annotator>.ann → <annotator>; else its folder's name.")
def import_command(
    project: Path, paths: tuple[Path, ...], fmt: str, article_status: str | None, encoding: str, text_column: str | None,
    label_map: str | None, skip_errors: bool, by: str, analyst: str | None, analyst_from_filename: bool,
) -> None:
    """Import articles (and their annotations) from PATHS into PROJECT, creating PROJECT if missing.

    PATHS are files or folders: .txt files (one article each), JSONL (plain {"text", "meta"},
    Prodigy output, or our own export), CSV with a text column, brat .ann/.txt pairs, CoNLL-2003
    NER files (.conll/.iob or --format conll: one article per -DOCSTART- document, its text
    rebuilt from the words, its entities accepted, status done unless --status new).
    Articles already in the project (same text) are not added twice; their new annotations are
    merged into your own layer, which an import never takes anything from (a partial file cannot
    wipe your work). With --analyst NAME (or --analyst-from-filename) a brat or JSONL file is
    NAME's newer version of each article it holds: NAME's layer there becomes what the file says,
    deletions and changes included, each in the change log, as `annotator merge` makes it; an
    identical file changes nothing. The whole import is one transaction: on the first bad record
    nothing is written (unless --skip-errors).

    \b
    Examples:
      annotator import news.db articles/
      annotator import news.db bodies.csv --text-column articleBody
      annotator import news.db prodigy-output.jsonl
      annotator import news.db export.jsonl            # our own export: round-trips
      annotator import news.db polnear/attributions/x.ann \\
          --label-map Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=,Attribution-no-source=,Discard=,Discuss=
      annotator import news.db old.csv --encoding cp1252 --skip-errors
      annotator import news.db eng.train --format conll              # CoNLL-2003, gold for `train`
      annotator import team.db ana-export.jsonl --analyst ana      # into ana's layer
      annotator import team.db polnear-dev/attributions/ --analyst-from-filename \\
          --label-map Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=,Attribution-no-source=,Discard=,Discuss=
    """
    from annotator.formats import import_sources, plan
    from annotator.formats.common import ImportOptions, parse_label_map

    try:
        mapping = parse_label_map(label_map)
    except InputError as exc:  # a malformed option is a usage error (exit 2), like any other
        raise click.BadParameter(str(exc).removeprefix("--label-map "), param_hint="'--label-map'") from None
    if analyst is not None and analyst_from_filename:
        raise click.UsageError("give --analyst NAME or --analyst-from-filename, not both")
    if analyst is not None:  # an empty name is refused, never taken as "no layer" (the gold layer)
        from annotator.storage.layers import check_analyst_name

        if problem := check_analyst_name(analyst):
            raise click.BadParameter(problem, param_hint="'--analyst'")
    if not analyst_from_filename:
        for path in paths:  # fix11x (usertest11k F3): every layer went into gold (or into one analyst's), silently
            if layers := _layer_all_folder(path):
                named = ", ".join(f"{n}/" for n in layers)
                other = next(n for n in layers if n != "gold")
                how = "so" if analyst is None else f"with --analyst {analyst}"
                into = "gold" if analyst is None else f"{analyst}'s layer"
                raise InputError(f"is an `export --layer all` brat folder (one folder per layer: {named}): imported {how}, "
                                 f"every layer would go into {into}; this export round-trips as JSONL only "
                                 f"(export --layer all --all-articles --format jsonl); import one layer's folder: "
                                 f"`annotator import {project.name} {path / other} --analyst {other}` ({path / 'gold'} without "
                                 f"--analyst), or every folder into its layer with --analyst-from-filename", path=str(path))
    repeated: list[Path] = []
    passed_over: list[str] = []  # ui27 (usertest23 M3): a folder's metadata table is no articles
    sources = plan(list(paths), fmt, repeated, text_column=text_column, encoding=encoding, passed_over=passed_over)
    if article_status is not None and (other := next((s for s in sources if s.format != "conll"), None)) is not None:
        raise click.UsageError(f"--status is for CoNLL input only ({other.path} is read as {other.format}, which "
                               f"carries its own status or none): leave --status out, or import the CoNLL files alone")
    created = not (project.exists() and project.stat().st_size > 0)
    from annotator.formats.atomic import clean_leftovers, temp_path
    from annotator.storage.backup import CommandBackup
    from annotator.storage.project import check_creatable

    # fix39 (usertest28 L3): a new project is built as PROJECT.tmp-PID-XXXXXXXX beside it and named
    # PROJECT only once its import committed (_publish), so a killed first import leaves no PROJECT
    # that is no project; what a killed one left under that name (and its journal) goes here, its
    # process gone, as an export's leftovers go (formats.atomic)
    clean_leftovers(project)
    build = project
    # An empty PROJECT with a -journal or -wal holding something beside it is opened in place, as
    # before: what is in them is SQLite's to read or roll back, never to be left beside another file
    if created and not any(Path(f"{project}{s}").is_file() and Path(f"{project}{s}").stat().st_size > 0
                           for s in ("-journal", "-wal")):
        check_creatable(project)  # its folder missing or read-only: said of PROJECT, not of the temporary name
        build = temp_path(project)
    guard = CommandBackup(project, "before-import")
    # The import is one transaction (rolled back on a stop), and a project it was creating is removed
    on_stop(f"nothing was imported and {project} was not created" if created
            else f"nothing was imported: {project} is as it was")
    try:
        # a read-only file: one line, before any reading; a file made here keeps its rollback journal
        # for the import (below: one switch to WAL at its end, not WAL -> rollback -> WAL, import18)
        opened = Project.open(build, create=True, read_only=False, wal=not created)
    except BaseException as exc:
        if created:  # fixut15: a Ctrl+C while the new file got its tables left it behind
            _remove_project(build)
            _said_of(exc, build, project)
        raise
    try:
        opened.check_whole_file()  # never write into a file with a damaged page
        if not created and (analyst is not None or analyst_from_filename):  # a new file: nothing to go back to
            # fix11p: an analyst's newer file replaces their layer (updates and deletions): the file as
            # it was is backed up first, so `annotator restore` can put it back (as after a merge);
            # fix11r: only once the file is known writable and whole, and removed again if the import
            # is refused (a bad record: nothing written), as merge does
            guard.take()
    except BaseException as exc:
        opened.close()
        if created:  # fix11n: a failed command leaves no file it created (was a 0-byte PROJECT)
            _remove_project(build)
            _said_of(exc, build, project)
        raise
    try:
        # the change log names who imported (fix11i: was nobody); a record the file does not say the
        # maker of keeps --by alone (a machine suggestion read back is nobody's decision)
        record_by, by = by, acting_name(opened, by)
        options = ImportOptions(encoding=encoding, text_column=text_column, label_map=mapping, schema=opened.schema,
                                analyst_from_filename=analyst_from_filename, article_status=article_status or "done")
        # Counting reads every file once more (1 s of a 10,000-row CSV): only for a bar that shows.
        counts = [s.count() for s in sources] if sys.stderr.isatty() else [None]
        mark = opened.change_mark()  # fix11t: an import that changed nothing drops its backup
        total = None if None in counts else sum(c for c in counts if c is not None)
        # A project this command made: written with a rollback journal, half the bytes of WAL (import12k),
        # in the transaction that made its tables, with a page cache that holds a small import whole (perf27)
        bulk: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        if created:
            from annotator.formats.import_pool import input_bytes
            from annotator.storage.project import bulk_cache_kib

            bulk = opened.rollback_journal(bulk_cache_kib(input_bytes(sources)))
        with _progress(total, "Importing") as bar, bulk:
            report = import_sources(
                opened, sources, options, skip_errors=skip_errors, by=by, record_by=record_by, analyst=analyst or "",
                on_item=(lambda: bar.update(1)) if bar is not None else None,
                index_later=True,  # the full-text index catches up at the first search (issue 12, import12d)
            )
            if not created:  # committed: from here on a stop removes nothing (a created file still goes, below)
                on_stop(f"the import had finished and is saved in {project}; only its summary was not printed")
        ner_note = conll_ner_map(opened, [s.format for s in sources], created=created, by=by)
        wrote = opened.change_mark() != mark
        owner = opened.analyst_name()  # fix11am (L4): an analyst's own file (assign): its other layers are said
        opened.close()  # a new file's last connection: its -wal is checkpointed and removed, nothing left beside it
        if build != project:
            _publish(build, project)
    except BaseException as exc:
        opened.close()
        guard.drop()
        if created:
            _remove_project(build)
            _said_of(exc, build, project)
        raise
    on_stop(f"the import had finished and is saved in {project}; only its summary was not printed")
    guard.done(wrote=wrote)
    r = report.result
    # ui26 (usertest22 L1): one line of counts, then each note on its own line and the merged copies
    # listed below them (the first COPIES_SHOWN), not one line of thousands of characters
    notes = [note for note in (r.respaced_note(), r.merged_note(), r.settled_note(), r.decided_note(), r.layers_note(),
                               *report.left_out_lines(), *passed_over, report.joined_note(), report.tsv_note(),
                               _own_layer_note(r, layered=bool(analyst) or analyst_from_filename),
                               _repeated_note(repeated), _no_layer_note(r, analyst),
                               _unmerged_layers_note(r, owner, project.name), ner_note)
             if note]
    # fix11u (usertest11i 13): another copy of an article the import met before (another annotator's file of it)
    # is counted once, as new or already in the project, not again
    repeats = f"; {plural(r.repeats, 'more copy', 'more copies')} of them in the input, merged in" if r.repeats else ""
    click.echo(
        f"Imported {plural(r.added, 'new article')} ({r.duplicates:,} already in the project{repeats}), "
        f"{plural(r.spans, 'span')}, {plural(r.relations, 'relation')}"
        # fix11x (usertest11k F9): stances and tags added are counted too (a plain import left them out)
        f"{''.join(f', {plural(n, kind)}' for n, kind in ((r.stances, 'stance'), (r.tags, 'tag')) if n)}"
        f" from {plural(report.files, 'file')} into {project}",
        err=True,
    )
    for note in notes:
        click.echo(f"  {note}", err=True)
    copies = report.copies_lines()
    if copies:
        click.echo(f"  {copies[0]}", err=True)
        for line in copies[1:]:
            click.echo(f"    {line}", err=True)
    duplicated = report.duplicate_id_lines()  # fix30 (usertest26 M4): a source id met twice, said with both places
    if duplicated:
        click.echo(f"  Warning: {duplicated[0]}", err=True)
        for line in duplicated[1:]:
            click.echo(f"    {line}", err=True)
    for version in r.versions:  # fix11i: per article, what an analyst's newer version changed
        click.echo(f"  {version.line()}", err=True)
    for move in r.statuses:  # fix11o: an analyst's article status the file moved
        click.echo(f"  {move.line()}", err=True)
    said = {v.article_id for v in r.versions if v.withdrawn}
    for article_id, why in sorted(r.withdrawn.items()):
        if article_id not in said:
            click.echo(f"  #{article_id}: curated mark withdrawn, not exported as gold until curated again ({why})", err=True)
    if report.skipped:
        click.echo(f"Skipped {plural(len(report.skipped), 'bad record')}:", err=True)
        for error in report.skipped:
            click.echo(f"  {error}", err=True)
    if report.dropped:  # ui22 (usertest20 M4): a bad brat span went alone, the rest of its file was imported
        n = len(report.dropped)
        click.echo(f"Left out {plural(n, 'bad line')} of files otherwise imported (--skip-errors):", err=True)
        for error in report.dropped:
            click.echo(f"  {error}", err=True)


def conll_ner_map(project: Project, formats: list[str], *, created: bool, by: str = "") -> str:
    """usertest17 N6, L-d: a CoNLL import's entity labels (MISC) that the project's ``ner_map``
    does not map to themselves, so a pipeline trained on them would never suggest them, and
    spaCy's GPE/NORP/EVENT suggestions that a CoNLL project calls LOC/MISC.

    A project this import ``created`` whose entities are CoNLL-2003's four types
    (:data:`~annotator.formats.conll_import.CONLL_TYPES`) gets the whole CoNLL fold as its
    ``ner_map`` (:data:`~annotator.formats.conll_import.ONTONOTES_TO_CONLL`: GPE, FAC → LOC;
    NORP, EVENT, LAW, … → MISC); one with other labels gets those labels mapped to themselves
    (``"MISC": "MISC"``). The change log keeps the schema before; the note says what changed. An
    existing project's schema is left as it is and the note says what to add when pre-annotation
    would drop or rename a label. "" when no CoNLL file was read or nothing needs saying. Only
    labels of the schema's entity layer are mapped (a ``ner_map`` target must be a label)."""
    if "conll" not in formats:
        return ""
    from annotator.domain.model import Layer, Status
    from annotator.domain.schema import suggested_label
    from annotator.formats.conll_import import CONLL_TYPES, conll_fold

    schema = project.schema
    entity = {lab.name for lab in schema.labels if lab.layer == str(Layer.ENTITY)}
    used = {row[0] for row in project.db.execute(
        "SELECT DISTINCT label FROM spans WHERE layer = ? AND status = ?", [str(Layer.ENTITY), str(Status.ACCEPTED)])}
    if created and used and used <= CONLL_TYPES and CONLL_TYPES <= entity:
        folded = conll_fold(entity)
        if schema.ner_map == folded:
            return ""
        project.set_schema(dataclasses.replace(schema, ner_map=folded), by=by)
        into = lambda target: ", ".join(k for k, v in folded.items() if v == target and k != target)  # noqa: E731
        return (f"the project's ner_map now folds spaCy's labels into CoNLL-2003's four ({into('LOC')} → LOC; "
                f"{into('MISC')} → MISC; MISC to itself), so pre-annotation, train's \"before\" and a pipeline "
                "trained on it suggest CoNLL's labels")
    missing = sorted(lab for lab in used & entity if schema.ner_map.get(lab) != lab)
    if not created:  # said only when pre-annotation would really drop or rename it (suggested_label)
        missing = [lab for lab in missing if suggested_label(lab, schema.ner_map) != lab]
    if not missing:
        return ""
    pairs = ", ".join(f'"{lab}": "{lab}"' for lab in missing)
    names = ", ".join(missing)
    if created:
        project.set_schema(dataclasses.replace(schema, ner_map={**schema.ner_map, **{lab: lab for lab in missing}}), by=by)
        return f"the project's ner_map now maps {names} to itself ({pairs}), so a pipeline trained on it suggests {names}"
    return (f"the project's ner_map does not map {names} to itself, so a pipeline trained on it would not suggest "
            f"{'them' if len(missing) > 1 else 'it'}: add {pairs} to \"ner_map\" (annotator schema {project.path.name} > "
            f"schema.json; edit; annotator schema {project.path.name} --set schema.json)")


def _unmerged_layers_note(result: Any, owner: str, project_name: str) -> str:
    """fix11am (usertest L4): an import into ``owner``'s own file (``annotator assign`` made it) that
    made or changed another analyst's layer there — ``annotator merge`` takes only the file's own
    annotations (as ``owner``'s) and skips such a layer, which it said only at merge time:
    ``"ben's layer is kept in ana.db, but `annotator merge` does not take it from there (it takes
    ana's own annotations): import ben's annotations into the team file with --analyst ben"``;
    "" otherwise. (A layer of ``owner``'s own name is refused: ``own_file_layer_error``.)"""
    names = sorted((set(result.layers) | set(getattr(result, "new_layers", ()))) - {owner}) if owner else []
    if not names:
        return ""
    whose = " and ".join(f"{n}'s" for n in names)
    layer = "layer is" if len(names) == 1 else "layers are"
    return (f"{whose} {layer} kept in {project_name}, but `annotator merge` does not take "
            f"{'it' if len(names) == 1 else 'them'} from there (it takes {owner}'s own annotations): import "
            + " and ".join(f"{n}'s annotations into the team file with --analyst {n}" for n in names))


def _no_layer_note(result: Any, analyst: str | None) -> str:
    """fix11t (usertest11i 13): ``--analyst NAME`` of files that hold text only made no layer (as
    documented) and said nothing of NAME: ``"nothing for dee's layer: the files hold text only, so
    no layer was made (import their annotations: brat .ann or JSONL with spans)"``; "" otherwise."""
    if not analyst or analyst in result.layers or analyst in getattr(result, "new_layers", ()):
        return ""
    return (f"nothing for {analyst}'s layer: the files hold text only, so no layer was made "
            "(import their annotations: brat .ann or JSONL with spans)")


def _own_layer_note(result: Any, *, layered: bool) -> str:
    """What an import did to the articles already in the project, said when there were such
    articles and the import was not an analyst's version (``layered``: --analyst or
    --analyst-from-filename, which replace); "" otherwise. Into the importer's own layer it only
    adds (fix11i, docs/team.md); records that name their own analyst's layer (a JSONL
    ``"analyst"`` field) are added to that layer, nothing removed (fix11o: the own-layer line was
    printed for them too, where it was not true)."""
    if not result.duplicates or layered:
        return ""
    n = result.duplicates
    own = (result.spans or result.relations or result.stances or result.tags or any(result.merged.values())
           or any(result.merged_copies.values()) or any(result.decided.values()) or not result.layers)
    notes = []
    if own:
        notes.append(f"{'the article' if n == 1 else f'the {n:,} articles'} already in the project kept all "
                     f"{'it' if n == 1 else 'they'} had: an import into your own layer only adds (--analyst NAME replaces that "
                     "analyst's layer)")
    if result.layers:
        names = ", ".join(sorted(result.layers))
        notes.append(f"records naming their analyst ({names}) only add to that analyst's layer, nothing there is removed "
                     "(--analyst NAME makes the file that analyst's whole version, deletions included)")
    return "; ".join(notes)


def _publish(build: Path, project: Path) -> None:
    """Name the new project ``build`` (closed, its import committed) ``project`` (fix39): atomically,
    the folder synced, never over a project another program made meanwhile (an empty file the user
    made is replaced, as an import into it always did). Raises :class:`ProjectFileError` when
    ``project`` appeared meanwhile (``build`` is then removed by the caller)."""
    from annotator.domain.errors import ProjectFileError
    from annotator.formats.atomic import SIDECARS, publish

    left = [s for s in SIDECARS if Path(f"{build}{s}").exists()]
    if held := [s for s in left if s != "-shm" and Path(f"{build}{s}").stat().st_size > 0]:
        # never reached (the import's only connection has closed); a log renamed away from its file would be lost
        raise ProjectFileError(f"{project}: the new project was not closed cleanly ({build.name}{held[0]} is left); "
                               "nothing was imported: import again")
    for suffix in left:  # an empty -wal or a -shm: nothing in them
        with contextlib.suppress(OSError):
            Path(f"{build}{suffix}").unlink()
    if not publish(build, project, replace_empty=True):
        raise ProjectFileError(f"{project}: was created by another program while this import ran; nothing was imported "
                               "into it: import again to add these articles to it")


def _said_of(exc: BaseException, build: Path, project: Path) -> None:
    """Make ``exc``'s message name ``project`` where it names ``build``, the temporary name the new
    project was being built under (fix39): the user knows the file they asked for, not that one."""
    if build == project:
        return
    exc.args = tuple(a.replace(str(build), str(project)) if isinstance(a, str) else a for a in exc.args)
    if isinstance(getattr(exc, "path", None), (str, Path)) and str(exc.path) == str(build):  # type: ignore[attr-defined]
        with contextlib.suppress(AttributeError):
            exc.path = type(exc.path)(project)  # type: ignore[attr-defined]


def _remove_project(path: Path) -> None:
    """Undo the creation of a project file by a failed import (nothing else was in it)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


_WRITER_MODULE = {"csv": "csvfmt", "spacy": "spacy_docbin"}  # export format → its module in annotator.formats (else the same name)


@click.command("export")
@click.argument("project", type=PROJECT_FILE)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "spacy", "csv", "conll", "brat"]), default="jsonl", show_default=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="File to write (a folder for brat; for spacy a folder of shards unless it ends in .spacy); "
                   "'-' writes jsonl, csv or conll to stdout.")
@click.option("--status", type=click.Choice(["accepted", "suggested", "all"]), default="accepted", show_default=True,
              help="Which annotations to export (articles are always all exported).")
@click.option("--tokens", is_flag=True, help="jsonl: add Prodigy's \"tokens\" list to each line.")
@click.option("--layer", default="gold", show_default=True,
              help="gold (the project's own annotations), all (with every analyst's layer, named), or one ANALYST's layer.")
@click.option("--all-articles", is_flag=True,
              help="gold of a team project: every article, curated or not (by default only articles curated, done or "
                   "reviewed; docs/team.md).")
def export_command(project: Path, fmt: str, output: Path, status: str, tokens: bool, layer: str, all_articles: bool) -> None:
    """Export every article of PROJECT with its annotations.

    \b
    Formats:
      jsonl  one article a line, Prodigy-compatible keys plus ours (lossless; re-importable)
      spacy  a spaCy DocBin: doc.ents, doc.spans[layer], everything else in doc.user_data
      csv    one row per span (spreadsheet-safe)
      conll  CoNLL-2003 IOB tags of the entity layer
      brat   .txt/.ann pairs and annotation.conf in the folder OUTPUT (brat, INCEpTION)

    \b
    Examples:
      annotator export news.db --format jsonl --output news.jsonl
      annotator export news.db --format spacy --output train.spacy
      annotator export news.db --format spacy --output train/      # shards: spacy train --paths.train train/
      annotator export news.db --format brat --output brat/ --status all
      annotator export news.db --format csv --output - | head
      annotator export team.db --format jsonl --layer all --output everyone.jsonl   # docs/team.md
      annotator export team.db --format brat --layer all --output brat/             # brat/gold/, brat/ana/, …
      annotator export team.db --format spacy --output gold.spacy --all-articles    # uncurated articles too

    In a project with analysts' layers, the gold export holds only the articles whose gold was
    decided (curated, done or reviewed); the others are counted under "left out".
    """
    import importlib

    from annotator.formats.common import ExportReport
    from annotator.formats.layers import (ALL, GOLD, LayerTally, check_layer, count_gold_articles, gold_bundles, gold_part,
                                          has_layers, layer_bundles, write_brat_layers)
    from annotator.formats.export_summary import status_written, summarize
    from annotator.formats.stream import note_withheld, statuses_for

    # Only the chosen writer's module: conll and spacy_docbin import numpy (~0.2 s of CPU), which a
    # jsonl or csv export of stored tokens never needs (issue 12: the fixed cost of a 1,000-article export).
    writing = importlib.import_module(f"annotator.formats.{_WRITER_MODULE.get(fmt, fmt)}")
    if fmt in ("conll", "spacy"):  # batches of large arrays: keep the freed heap (export12h; this process ends after)
        importlib.import_module("annotator.formats.stream_pool").tune_allocator()
    # Every export to a path is written beside it and swapped in when complete (formats.atomic)
    on_stop("the export to stdout stopped part way: what was printed is incomplete" if str(output) == "-"
            else f"nothing was written: {output} is as it was" if output.exists()
            else f"nothing was written: {output} was not made")
    opened = Project.open(project, create=False)
    chosen = ExportReport()  # the articles the gold export of a team project leaves out (formats.layers)
    tally = LayerTally() if layer == ALL else None  # fix11cli: what each layer of an "all" export holds
    try:
        check_layer(opened, layer)
        total = (count_gold_articles(opened, all_articles=all_articles) if layer == GOLD
                 else opened.count_articles() if layer == ALL else len(opened.layer_article_ids(layer)))
        with _progress(total, "Exporting") as bar:
            # issue 12 (export12f): a large CoNLL or shard-folder export is written by two processes
            split = _export_split(opened, fmt, output, layer=layer, total=total, all_articles=all_articles)
            read = importlib.import_module("annotator.formats.conll_read").iter_bundles if fmt == "conll" else None
            bundles = (gold_bundles(opened, statuses_for(status), chosen, all_articles=all_articles, read=read) if layer == GOLD
                       else layer_bundles(opened, layer, statuses_for(status), chosen, all_articles=all_articles, tally=tally,
                                          decisions=fmt == "jsonl"))
            if bar is not None:
                bundles = _counted(bundles, bar)
            if fmt == "brat" and layer == ALL:
                result = write_brat_layers(opened, _writable(output), statuses_for(status), chosen, all_articles=all_articles, tally=tally)
            elif fmt == "brat" and split is not None:  # brat13b: two processes, one folder, swapped in once
                result = writing.write_split(opened, split, _writable(output), statuses_for(status), progress=_bar_to(bar))
            elif fmt == "brat":
                result = writing.write(bundles, _writable(output))  # refuses a folder holding other files
            elif split is not None:
                from annotator.formats import stream_pool

                progress = _bar_to(bar)
                if fmt == "spacy" and writing.is_shard_folder(output):
                    with writing.shard_folder(_writable(output)) as folder:
                        result = stream_pool.export(opened, fmt, split, folder, statuses_for(status), progress=progress)
                elif fmt == "spacy":
                    with replacing_file(_file_target(output, fmt), "wb") as fh:
                        result = stream_pool.export(opened, "spacy-file", split, fh, statuses_for(status), beside=_chunks_beside(output, fmt),
                                                    progress=progress)
                else:
                    with _open_text(output, fmt, newline=stream_pool.TEXT_FORMATS[fmt]) as fh:
                        result = stream_pool.export(opened, fmt, split, fh, statuses_for(status), beside=_chunks_beside(output, fmt),
                                                    progress=progress, tokens=tokens)
            elif fmt == "spacy":
                # export12 (issue 12): a name not ending in .spacy is a folder of DocBin shards (bounded memory)
                target = _writable(output) if writing.is_shard_folder(output) else _file_target(output, fmt)
                result = writing.write(bundles, target)
            else:
                dropped = ExportReport()
                if fmt == "conll" and layer == ALL:
                    bundles = gold_part(bundles, dropped, "CoNLL", undecided_out=has_layers(opened) and not all_articles)
                writer = {"jsonl": lambda fh: writing.write(bundles, fh, tokens=tokens),
                          "csv": lambda fh: writing.write(bundles, fh, analyst_column=layer == ALL),
                          "conll": lambda fh: writing.write(bundles, fh)}[fmt]
                with _open_text(output, fmt, newline="" if fmt == "csv" else "\n") as fh:
                    result = writer(fh)
                for reason, n in dropped.left_out.items():
                    result.leave_out(reason, n)
            for reason, n in chosen.left_out.items():
                result.leave_out(reason, n)
            result.remarks.extend(chosen.remarks)  # fix11e: articles exported as marked done with undecided units
            # links and stances an end of which is not exported, per layer written
            for name in ([""] if layer == GOLD else [layer] if layer != ALL else ["", *(i.analyst for i in opened.layers())]):
                if not (fmt == "conll" and name):  # CoNLL left analysts' layers out whole
                    note_withheld(result, opened, statuses_for(status), analyst=name)
            summary = summarize(result, fmt, output)  # fix39: other names' leftovers in its folder named
    except BrokenPipeError:
        raise  # the reader of stdout went away: the command group stops quietly
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror}); check the path and its permissions", path=str(output)) from None
    finally:
        opened.close()
    if str(output) != "-":
        on_stop(f"the export had finished: {output} is complete; only its summary was not printed")
    shown = "" if layer == GOLD else f", layer {layer}"
    if tally is not None and (also := tally.rejected_said(status=False)):
        shown += f"; among them {also}"  # fix11u: the counts sum them in: said apart, not passed off as accepted
    click.echo(f"Exported {summary.written} ({status_written(status, fmt) or status}{shown}) as {fmt} to {output}", err=True)
    if tally is not None:  # fix11cli: per layer, what was written (CoNLL: the gold layer alone; CSV: some relations)
        analysts = [n for n in tally.layers if n != GOLD]
        click.echo(tally.line(relations=fmt != "csv", not_written=analysts if fmt == "conll" else (),
                              gold=result if fmt == "conll" else None, stances=fmt in ("jsonl", "spacy")), err=True)
    for note in summary.notes:
        click.echo(note, err=True)
    if layer == ALL and fmt in ("brat", "csv"):  # fix11x (usertest11k F3): said before the file is imported back wrong
        click.echo(LAYER_ALL_ROUND_TRIP[fmt].format(out=output), err=True)


#: fix11x (usertest11k F3): how an ``export --layer all`` in brat or CSV comes back (JSONL alone round-trips)
LAYER_ALL_ROUND_TRIP = {
    "brat": ("note: this export round-trips as JSONL only (--format jsonl): brat keeps no curated mark, status or stance; "
             "to bring a layer back, import its folder: `annotator import TEAM.db {out}/ANALYST --analyst ANALYST` "
             "({out}/gold without --analyst), or every folder into its layer with --analyst-from-filename"),
    "csv": ("note: this export does not import back (import reads a CSV as articles, one row each): "
            "export with --format jsonl for a file that round-trips"),
}


def _layer_all_folder(path: Path) -> list[str]:
    """fix11x (F3): the layer folders (``gold``, ``ana``, …) of a brat folder ``export --layer all``
    wrote — a ``gold`` subfolder beside other subfolders holding ``.ann`` files — else []."""
    if not path.is_dir() or not (path / "gold").is_dir():
        return []
    # gold/ may be empty (no article curated yet, no --all-articles): the analysts' folders tell
    layers = [d.name for d in path.iterdir() if d.is_dir() and d.name != "gold" and any(d.glob("*.ann"))]
    return sorted(["gold", *layers]) if layers else []


def _export_split(opened: Project, fmt: str, output: Path, *, layer: str, total: int, all_articles: bool) -> Any:
    """Where a gold CoNLL, jsonl, csv, spacy or brat export to a file or folder splits between two processes (:func:`annotator.formats.stream_pool.plan`), else None."""
    if layer != "gold" or fmt not in ("conll", "spacy", "jsonl", "csv", "brat") or str(output) == "-":
        return None
    from annotator.formats import stream_pool
    from annotator.formats.layers import has_layers

    kind = "spacy-file" if fmt == "spacy" and Path(output).suffix.lower() == ".spacy" else fmt
    return stream_pool.plan(opened, kind, total=total, every_article=all_articles or not has_layers(opened))


def _bar_to(bar: Any) -> Any:
    """``progress(n)`` moving ``bar`` to ``n`` (None: no bar)."""
    if bar is None:
        return None
    shown = 0

    def progress(n: int) -> None:
        nonlocal shown
        if n > shown:
            bar.update(n - shown)
            shown = n

    return progress


def _counted(bundles: Iterator[Any], bar: Any) -> Iterator[Any]:
    for bundle in bundles:
        yield bundle
        bar.update(1)


def _writable(path: Path) -> Path:
    if str(path) == "-":
        raise InputError("the spacy and brat formats cannot be written to stdout; give a file name with --output")
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist; create it first", path=str(path))
    return path


def _chunks_beside(output: Path, fmt: str) -> Path:
    """Where a two-process export's second part waits before it is appended: beside ``output``,
    or in the temporary folder when ``output`` is a device or FIFO (the null device: its folder is
    not ours to write in)."""
    from annotator.formats.atomic import special_target

    if special_target(output):
        import tempfile

        return Path(tempfile.gettempdir()) / f"annotator-export.{fmt}"
    return output


def _file_target(path: Path, fmt: str) -> Path:
    _writable(path)
    if path.is_dir():
        raise InputError(f"cannot be written: it is a folder and the {fmt} format writes one file; give a file name such as "
                         f"{path / ('export.' + fmt)}",
                         path=str(path))
    return path


@contextlib.contextmanager
def _open_text(path: Path, fmt: str, *, newline: str) -> Iterator[Any]:
    if str(path) == "-":
        yield sys.stdout
        return
    # Written beside the target and renamed over it when complete: a failed or killed export
    # never leaves half a file under the real name (annotator.formats.atomic).
    with replacing_file(_file_target(path, fmt), "w", encoding="utf-8", newline=newline) as fh:
        yield fh


@click.command("stats")
@click.argument("project", type=PROJECT_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def stats_command(project: Path, as_json: bool) -> None:
    """Print PROJECT's articles by status, and spans and relations by label and status.

    \b
    Examples:
      annotator stats news.db
      annotator stats news.db --json | jq .spans
    """
    on_stop("nothing was changed: stats only reads")  # what a Ctrl+C says (params.on_stop)
    with Project.open(project, create=False) as opened:
        opened.check_whole_file()  # counts from a damaged file would be wrong without a word
        stats = opened.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    click.echo(f"Articles: {stats['articles_total']}")
    for status, n in stats["articles"].items():
        click.echo(f"  {status:<12} {n:>8}")
    for kind in ("spans", "relations"):
        table = stats[kind]
        click.echo(f"{kind.capitalize()}:" + ("" if table else " none"))
        width = max([16, *(len(label) for label in table)])
        if table:
            click.echo(f"  {'label':<{width}} {'accepted':>9} {'suggested':>9} {'rejected':>9}")
        for label, by_status in table.items():
            click.echo(
                f"  {label:<{width}} {by_status.get('accepted', 0):>9} {by_status.get('suggested', 0):>9} {by_status.get('rejected', 0):>9}"
            )


def register(group: click.Group) -> None:
    """Add this module's commands to the `annotator` group."""
    group.add_command(import_command)
    group.add_command(export_command)
    group.add_command(stats_command)

