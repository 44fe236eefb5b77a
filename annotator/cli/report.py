"""`annotator report`: progress charts (PNG/SVG) and a summary (Markdown and JSON) of a project."""

from __future__ import annotations

import os
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE
from annotator.domain.errors import InputError
from annotator.storage.project import Project

SUMMARY_FILES = ("summary.md", "summary.json")
_FORMATS = {"png": ("png",), "svg": ("svg",), "both": ("png", "svg")}


@click.command("report")
@click.argument("project", type=PROJECT_FILE)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="Folder to write the charts and summaries into (created; a previous report there is replaced).")
@click.option("--format", "fmt", type=click.Choice(list(_FORMATS)), default="both", show_default=True,
              help="Chart file format.")
def report_command(project: Path, output: Path, fmt: str) -> None:
    """Write PROJECT's progress charts and a summary into the folder --output.

    One file per chart — articles by status ("N of M done"), articles over time, spans by label
    and status, machine suggestions per label (accepted as is, corrected, rejected, pending, with
    the acceptance rate and its 95% Wilson interval), stances as holder × target per polarity —
    plus summary.md and summary.json with the same figures (docs/formats.md, "Progress report",
    defines them). The folder is written beside its final name and swapped in when complete: a
    failed run leaves the previous report as it was. A folder holding other files is refused.

    \b
    Examples:
      annotator report news.db --output report/
      annotator report news.db -o report/ --format svg
    """
    from annotator.formats.atomic import replacing_folder
    from annotator.report.charts import CHARTS, chart_files, save_charts
    from annotator.report.figures import compute_report, utc_today
    from annotator.report.summary import summary_json, summary_markdown

    formats = _FORMATS[fmt]
    ours = set(chart_files()) | set(SUMMARY_FILES)
    _check_target(output, ours)
    with Project.open(project, create=False) as opened:
        opened.check_whole_file()  # figures from a damaged file would be wrong without a word
        report = compute_report(opened.db.conn, opened.schema, today=utc_today())
    with replacing_folder(output, lambda p: p.name in ours) as folder:
        written = save_charts(report, folder, formats)
        names = [p.name for p in written]
        (folder / "summary.md").write_text(summary_markdown(report, project=project.name, charts=names), encoding="utf-8")
        (folder / "summary.json").write_text(summary_json(report, project=project.name), encoding="utf-8")
    click.echo(f"{report.done_line}. Wrote {len(written)} charts ({', '.join(formats)}), summary.md and summary.json "
               f"to {output} ({len(CHARTS)} charts).")


def _check_target(output: Path, ours: set[str]) -> None:
    """Refuse, before any work, an output that is a file, whose parent folder is missing, or that
    cannot be written (the swap checks its contents again)."""
    if output.exists() and not output.is_dir():
        raise InputError("exists and is not a folder; the report writes a folder of charts and summaries: choose a folder name",
                         path=str(output))
    parent = Path(os.path.abspath(output)).parent
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist; create it first", path=str(output))
    if not os.access(parent, os.W_OK):
        raise InputError(f"folder {parent} cannot be written; choose another --output", path=str(output))
    if output.is_dir():
        foreign = sorted(p.name for p in output.iterdir() if p.name not in ours)
        if foreign:
            more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
            raise InputError(f"holds {foreign[0]!r}{more}, which a report did not write; the report replaces the whole folder, "
                             "so choose a new folder or move those files out", path=str(output))


def register(group: click.Group) -> None:
    group.add_command(report_command)
