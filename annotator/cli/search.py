"""`annotator search`: find annotations across a project, one JSON line (or CSV row) per hit."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from annotator.cli.params import PROJECT_FILE, on_stop
from annotator.domain.errors import InputError
from annotator.storage.project import Project
from annotator.domain.spelling import schema_spelling
from annotator.storage.search import (CSV_COLUMNS, STATUS_CHOICES, SearchQuery, UnknownValueError, check_for_project,
                                      csv_row, known_labels, named_hits, search)


@click.command("search")
@click.argument("project", type=PROJECT_FILE)
@click.argument("text", required=False, default="")
@click.option("--in-article", is_flag=True, help="TEXT is searched in the article's title and text, not the span's.")
@click.option("--label", default="", help="Only spans with this label (QUOTE, CLAIM, PERSON, ...).")
@click.option("--speaker", default="", help="Quotes whose speaker (span, or the person a \"he\" refers to) has these words.")
@click.option("--claimant", default="", help="Claims whose claimant has these words.")
@click.option("--target", default="", help="Spans a stance on this target rests on (or whose holder they are).")
@click.option("--polarity", default="", help="Spans a stance of this polarity rests on (favor, against, neutral, ...).")
@click.option("--status", default="", help="suggested, accepted, rejected or all (default: suggested and accepted).")
@click.option("--analyst", default="", help="Spans last decided by this analyst (words of the name).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many hits.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row instead of JSON lines.")
def search_command(project: Path, text: str, in_article: bool, label: str, speaker: str, claimant: str, target: str,
                   polarity: str, status: str, analyst: str, limit: int | None, as_csv: bool) -> None:
    """Find annotations in PROJECT: spans whose text has the words TEXT, filtered by label,
    speaker, claimant, stance target and polarity, status and analyst. Words match whole,
    ignoring case and accents ("flynn" finds "Michael Flynn" and "Flynn's"). Rejected spans are
    left out unless --status rejected (or all). Sorted by article, then position.

    One JSON object a line: article_id, title, span_id, start, end (code points, end exclusive),
    label, layer, status, by, text, speaker, speaker_ref, claimant, stances, pieces (an
    interrupted quote's pieces as [start, end] pairs; --csv: "312-349 363-380").

    \b
    Examples:
      annotator search news.db --label QUOTE --speaker flynn          # all quotes by Flynn
      annotator search news.db --label CLAIM --target "US missile defence" --polarity against
      annotator search news.db --status suggested --limit 50           # suggestions still pending
      annotator search news.db "missile defence" --csv > hits.csv
    """
    on_stop("nothing was changed (the full-text index keeps the articles it had caught up on)")  # what a Ctrl+C says (params.on_stop)
    with Project.open(project, create=False) as opened:
        # Labels and polarities are matched ignoring case, like the words of TEXT: the schema's spelling is searched.
        label = schema_spelling(label, known_labels(opened.db.conn, [entry.name for entry in opened.schema.labels]))
        polarity = schema_spelling(polarity, opened.schema.stance_polarities)
        status = schema_spelling(status, STATUS_CHOICES)
        query = SearchQuery(text=text, in_article=in_article, label=label, speaker=speaker, claimant=claimant,
                            target=target, polarity=polarity, status=status, analyst=analyst, limit=limit)
        try:
            check_for_project(opened.db.conn, query, schema=opened.schema)
        except UnknownValueError as exc:  # a usage error: one line naming the values the project knows, exit 2
            _usage_error(f"--{exc.option} {exc.value!r} is unknown; known: {', '.join(exc.known)}")
        except InputError as exc:
            _usage_error(str(exc))
        # an untitled article by the name the window gives it (its file, else "Article ID"), not ""
        hits = named_hits(opened.db.conn, search(opened.db.conn, query))
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_row(hit) for hit in hits)
    else:
        for hit in hits:
            click.echo(json.dumps(hit.to_json(), ensure_ascii=False))
    click.echo(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", err=True)


def _usage_error(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


def register(group: click.Group) -> None:
    group.add_command(search_command)
