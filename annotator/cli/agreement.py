"""`annotator agreement`: agreement between the analysts of a team project (issue 11)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, on_stop
from annotator.domain.errors import InputError
from annotator.storage.project import Project


def _names(value: str | None, option: str) -> list[str] | None:
    """``"a,b"`` → ``["a", "b"]``; None when the option is not given. Raises
    :class:`click.BadParameter` (exit 2) for an empty list, an empty name or one named twice."""
    if value is None:
        return None
    names = [n.strip() for n in value.split(",")]
    if not value.strip() or any(not n for n in names):
        raise click.BadParameter(f"{value!r}: give names separated by commas, none empty (e.g. {'ana,ben' if option == '--analysts' else 'PERSON,ORG'})", param_hint=f"'{option}'")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise click.BadParameter(f"{', '.join(twice)} named twice; give each once", param_hint=f"'{option}'")
    return names


@click.command("agreement")
@click.argument("project", type=PROJECT_FILE)
@click.option("--labels", help="Comma-separated span labels to measure (default: every label an analyst used).")
@click.option("--analysts", help="Comma-separated analysts to compare (default: all; at least two).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (docs/agreement.md) instead of tables.")
def agreement_command(project: Path, labels: str | None, analysts: str | None, as_json: bool) -> None:
    """Agreement between the analysts of PROJECT (a team project: `annotator merge` made it;
    the analysts' layers are compared, never the gold layer).

    Per label and overall, per pair of analysts and for all: span F1 (exact and overlap),
    Cohen's and Fleiss' kappa and Krippendorff's alpha on matched units, unitizing alpha_u;
    speaker links and stances; the labels analysts confuse and the articles to discuss first.
    Only accepted annotations count, and only articles both (or all) analysts were given.
    docs/agreement.md defines every figure.

    \b
    Examples:
      annotator agreement team.db
      annotator agreement team.db --labels PERSON,ORG,GPE --analysts ana,ben --json
    """
    on_stop("nothing was changed: agreement only reads")  # what a Ctrl+C says (params.on_stop)
    from annotator.agreement.from_project import changed_decisions, gold_state, note_unreviewed, team_from_project, team_layers
    from annotator.agreement.inputs import restricted
    from annotator.agreement.measures import measure
    from annotator.agreement.text import render
    from annotator.domain.curation_flags import flag_line, flag_sections

    chosen_labels = _names(labels, "--labels")
    chosen_analysts = _names(analysts, "--analysts")
    with Project.open(project, create=False) as opened:
        team = team_from_project(team_layers(opened), opened.schema, analysts=chosen_analysts, path=str(project))
        known = {lab.name for lab in opened.schema.labels}
    if chosen_labels is not None:
        used = {s.label for layers in team.values() for layer in layers.values() for s in layer.spans}
        unknown = [lab for lab in chosen_labels if lab not in known and lab not in used]
        if unknown:
            raise InputError(f"{project}: --labels: no label {unknown[0]!r} in this project; its labels are: {', '.join(sorted(known | used))}")
    report = measure(restricted(team, labels=chosen_labels), labels=chosen_labels)
    with Project.open(project, create=False) as opened:
        report.changed_since_decided = changed = changed_decisions(opened)
        gold = gold_state(opened)
        note_unreviewed(opened, report)
    if as_json:  # the window's "Copy as JSON" gives this same document (ui/agreement_dialog.report_json_text)
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(report), nl=False)
        left = gold["articles"] - gold["decided"]
        from annotator.storage.curation_state import gold_count_said

        said = gold_count_said(gold["articles"], gold["decided"], gold["curated"], say_left=False)
        click.echo(f"\nGold: {said[0].lower()}{said[1:]}"
                   + (f"; {left} not curated yet: `annotator curate {project.name}` says what is left in each "
                      "(agreed units count too, not only disagreements)" if left else ""))
        # fix11n: two kinds of ⚠, each under the heading that fits it (a span linked to nothing is
        # no newer layer: the quote it belonged to was not kept); fix11o: the window's dialog says the same
        for section in flag_sections(changed, cli=shlex.quote(project.name)):
            click.echo(f"\n{section.heading}")
            for row in section.rows:
                click.echo(f"  {flag_line(row)}")


def register(group: click.Group) -> None:
    group.add_command(agreement_command)
