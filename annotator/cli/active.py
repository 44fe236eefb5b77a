"""CLI command (nlp): `next`, active ordering; see annotator/nlp/active_order.py.

spaCy is imported only inside the command, so `annotator --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, columns, fit_echo, stderr_bar
from annotator.domain.words import OPENING_CHARS, article_name, cut_at_word, plural
from annotator.domain.provenance import import_file, is_row
from annotator.storage.project import Project


@click.command("next")
@click.argument("project", type=PROJECT_FILE)
@click.option("--model", "-m", metavar="NAME|PATH", help="Installed spaCy pipeline name or pipeline folder to score with (default: the "
              "pipeline chosen for PROJECT in the window's Edit → Preferences, else the pipeline whose scores were stored "
              "last, else the default of `annotator pipelines`). Its scores are stored in PROJECT: without a Preferences "
              "choice, later `next` runs and the window's Order by uncertainty use this pipeline too.")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=10, show_default=True, help="How many articles to list (0: all).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article: id, uncertainty, doubtful, title.")
def next_command(project: Path, model: str | None, limit: int, as_json: bool) -> None:
    """List PROJECT's unreviewed articles (not marked done or reviewed) most uncertain first: the
    ones whose correction teaches the model most. Uncertainty (0..1) is the mean of one minus the
    margin between "is" and "is not" over the article's 5 most uncertain decisions (overlapping
    beam candidates are one decision) of the entity recogniser and, in a pipeline trained on
    attributions, of the attribution component (margin sampling; see
    annotator/nlp/uncertainty.py). Scores that show alike (within 0.05: 1.00-0.96, 0.95-0.91, ...)
    are ordered by how many doubtful decisions the article holds (candidates with p between
    0.25 and 0.75, overlapping readings counted once), shown beside the score: there is more to
    teach in it. Scores are kept in the project file per pipeline and article
    text, so a second run only scores new articles; `annotator preannotate --uncertainty` stores
    them while pre-annotating. The pipeline: --model when given, else the one chosen for
    PROJECT in the window's Edit → Preferences, else the pipeline whose scores were stored last in PROJECT (a
    `preannotate --model DIR --uncertainty` run: its scores are used, not computed again), else
    the default; the first line on stderr names it. The window's order uses the same rule.

    \b
    Examples:
      annotator next news.db
      annotator next news.db --model ./news-pipeline --limit 20
    """
    from annotator.cli.nlp import load_cli_pipeline
    from annotator.cli.params import refuse_empty_pipeline
    from annotator.nlp.active_order import rank_unreviewed, stored_choice
    from annotator.nlp.pipeline_use import cli_choice
    from annotator.nlp.uncertainty import NO_SCORES, NO_SCORES_CLI

    refuse_empty_pipeline("--model", model)  # '' ran the default silently (usertest33 L5)
    with Project.open(project, create=False, read_only=False) as proj:
        if model is None and cli_choice(None, proj)[0] is None:
            stored = stored_choice(proj)  # no --model, no Preferences choice: the scores stored last (issue 10)
            if stored is not None:
                model = stored[0]
                fit_echo(stored[1])
        loaded = load_cli_pipeline(model, proj)
        bars: list = []

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(stderr_bar(total, "Scoring articles").__enter__())
            bars[0].update(1)

        ranking = rank_unreviewed(proj, loaded, on_progress=progress)
        if bars:
            bars[0].__exit__(None, None, None)
        if not ranking.usable:
            # the window's advice names its menu; here, what this command reads
            fit_echo(NO_SCORES_CLI if ranking.note == NO_SCORES else ranking.note, fg="yellow")
        shown = ranking.order[:limit] if limit else ranking.order
        rows = []
        for article_id in shown:
            article = proj.article(article_id)
            score = ranking.scores.get(article_id)
            doubtful = ranking.doubtful.get(article_id)
            # the window's name for it (usertest10e finding 9: an untitled one was its first words here)
            title = article_name(article.title, import_file(article.meta), article_id,
                                 article.text[:OPENING_CHARS] if is_row(article.meta) else "")
            if as_json:
                click.echo(json.dumps({"id": article_id, "uncertainty": score, "doubtful": doubtful, "title": title}, ensure_ascii=False))
            else:
                # the table's one rule (usertest29 L7): a title or an untitled row's opening, cut
                # to the title column at a word (the window's ten-word name was cut at ~60
                # characters while titles ran to 130+)
                untitled_row = not article.title and is_row(article.meta)
                rows.append((article_id, next_words(score, doubtful),
                             article.text[:OPENING_CHARS] if untitled_row else title, untitled_row and len(article.text) > OPENING_CHARS))
        for line in table_lines(rows, columns()):
            click.echo(line)
        if not as_json:
            fit_echo(f"{plural(len(ranking.order), 'unreviewed article')}; "
                     f"{scored_words(len(ranking.order), ranking.computed, pipeline_words(ranking.pipeline))}.")


#: the fewest characters ``next``'s title column gets before the exact score in brackets drops
MIN_TITLE = 20
#: the title column drops when the rest of a row leaves it fewer characters than this
NO_TITLE = 6


def table_lines(rows: list[tuple[int, str, str, bool]], width: int) -> list[str]:
    """``next``'s listing (header first; [] for no rows) with every line shorter than ``width``
    characters, so that none wraps (usertest30 M2: rows of 66-68 characters at 60 and at 40
    columns). ``rows``: (article id, :func:`next_words`, title or an untitled row's opening,
    whether the text goes on past it). What gives way, in order: the title shrinks to
    :data:`MIN_TITLE` (cut at a word); then the exact score in brackets drops (the band beside it
    gives it to 0.05; ``--json`` gives it exact); then the title shrinks further, and drops when
    under :data:`NO_TITLE` characters; a line still too long (a terminal of ~25 columns) is cut."""
    if not rows:
        return []
    usable = width - 1  # one spare: a line as wide as the terminal wraps on some terminals
    id_width = max(2, *(len(str(i)) for i, _w, _t, _m in rows))
    header = NEXT_HEADER
    words = [w for _i, w, _t, _m in rows]

    def words_width() -> int:
        return max(len(header), *(len(w) for w in words))

    if id_width + 2 + words_width() + 2 + MIN_TITLE > usable:
        header, words = NEXT_HEADER_SHORT, [without_score(w) for w in words]
    room = usable - (id_width + 2 + words_width() + 2)
    show_title = room >= NO_TITLE
    lines = [f"{'id':>{id_width}}  {header:<{words_width()}}" + ("  title" if show_title else "")]
    for (article_id, _w, title, more), shown in zip(rows, words):
        line = f"{article_id:>{id_width}}  {shown:<{words_width()}}"
        lines.append(f"{line}  {cut_at_word(title, room, more=more)}" if show_title else line.rstrip())
    return [line if len(line) <= usable else line[:max(1, usable - 1)] + "…" for line in lines]


def without_score(words: str) -> str:
    """:func:`next_words` without its exact score in brackets: "0.46–0.50 · 3 doubtful"."""
    head, bracket, _rest = words.rpartition(" (")
    return head if bracket else words


def pipeline_words(key: str) -> str:
    """A score cache key (:func:`annotator.nlp.uncertainty.pipeline_key`: "name version |
    source | components measure") as ``next`` names the pipeline: "name version", then "from
    SOURCE" when it was loaded from elsewhere than its name (a folder). usertest30 L6: the key
    itself read "en_core_web_sm 3.8.0 | en_core_web_sm | ner top5"."""
    parts = [p.strip() for p in key.split(" | ")]
    named = parts[0]
    source = parts[1] if len(parts) > 1 else ""
    if source and source != named.split(" ")[0]:
        return f"{named} from {source}"
    return named


#: the uncertainty column's header in ``next``'s listing
NEXT_HEADER = "uncertainty (score)"
#: its header once the exact score has dropped (a narrow terminal, :func:`table_lines`)
NEXT_HEADER_SHORT = "uncertainty"


def next_words(score: float | None, doubtful: int | None) -> str:
    """One article's uncertainty in ``next``'s listing: the words the window's article list shows
    (:func:`annotator.nlp.uncertainty.uncertainty_words`: band, then doubtful decisions, the
    order's two keys, usertest17) and the exact score in brackets, "0.46–0.50 · 3 doubtful
    (0.496)"; "not scored" for an article without a score. ui32: the same function as the
    window's rows, so the two cannot drift apart; before, this command built its own columns."""
    from annotator.nlp.uncertainty import uncertainty_words

    return "not scored" if score is None else f"{uncertainty_words(score, doubtful)} ({score:.3f})"


def scored_words(unreviewed: int, computed: int, pipeline: str) -> str:
    """Where ``next``'s scores came from, in words: "8 scored now with P" when all were scored now
    (usertest17 L-a: it said "the others from the project's cache" with no others), "all from the
    project's cache (P)" when none were, else both counts."""
    if unreviewed and computed >= unreviewed:
        return f"{'all ' if unreviewed > 1 else ''}{computed} scored now with {pipeline}"
    if not computed:
        return f"scores of {pipeline} from the project's cache" if unreviewed else f"nothing to score with {pipeline}"
    return f"{computed} scored now with {pipeline}, the other {unreviewed - computed} from the project's cache"



def register(group: click.Group) -> None:
    """Add this module's commands to the `annotator` group."""
    group.add_command(next_command)
