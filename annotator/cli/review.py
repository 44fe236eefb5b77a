"""CLI command (data): `mark`, set articles done, reviewed or back in progress in bulk (usertest24 M6).

The window marks one article at a time (Ctrl+Return: done and next; Ctrl+Shift+Return:
reviewed; Ctrl+Shift+Backspace: reopen). This does the same to many, through the same edits
(:func:`annotator.domain.commands.set_article_status`, and with ``--accept-pending``
:func:`~annotator.domain.commands.accept_all`, the window's Shift+A), each written with
:meth:`~annotator.storage.project.Project.apply`: one transaction per edit and a row per change
in the change log the window writes (action "Mark article reviewed", "Accept all 12
suggestions"), by the project's analyst (``--by`` to name another).
"""

from __future__ import annotations

import collections

from collections.abc import Sequence
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, acting_name
from annotator.domain.model import ArticleStatus
from annotator.domain.words import plural
from annotator.storage.project import Project

QUOTE = "QUOTE"  # the label whose spans are attributions (their contents); its pieces count once

# the word on the command line -> the status (the window's words: "Mark done", "Mark reviewed", "Reopen")
STATUSES = {"done": ArticleStatus.DONE, "reviewed": ArticleStatus.REVIEWED, "in-progress": ArticleStatus.IN_PROGRESS}


def parse_ids(spec: str) -> list[int]:
    """Article ids from "1,5-9" (ranges inclusive, in the order given, each once). Raises
    ``ValueError`` with one line naming the bad part."""
    out: list[int] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise ValueError(f"{part!r} is not an article id or a range of them (e.g. 1,5-9)") from None
        if first < 1 or last < first:
            raise ValueError(f"{part!r} is not a range of article ids (ids start at 1, low-high with low <= high)")
        out.extend(i for i in range(first, last + 1) if i not in out)
    if not out:
        raise ValueError("no article ids given (e.g. --articles 1,5-9)")
    return out


def mark_articles(project: Project, ids: Sequence[int], status: ArticleStatus, *, accept_pending: bool = False,
                  by: str = "", keep_reviewed: bool = False) -> tuple[int, int, collections.Counter[str], int, int, int, int]:
    """Give each article of ``ids`` ``status`` (one logged edit per article), after accepting its
    pending suggestions when ``accept_pending`` (one logged edit more); with ``keep_reviewed`` a
    reviewed article is left reviewed (a bulk "done" does not undo a review, usertest25 M2).
    Returns (marked, already so, suggestions accepted per label — spans, each piece of an
    interrupted quote one, as ``annotator stats`` counts pending —, the attributions those make
    (the QUOTE spans accepted, an interrupted quote's pieces once, as the window counts them), the
    later pieces of those QUOTE spans, suggestions left pending in
    the marked articles (attributions) and reviewed articles left reviewed)."""
    from annotator.domain import commands
    from annotator.domain.model import Status

    marked = already = attributions = pieces = left = kept = 0
    accepted: collections.Counter[str] = collections.Counter()
    for article_id in ids:
        bundle = project.bundle(article_id)
        article = bundle.article
        if keep_reviewed and article.status == ArticleStatus.REVIEWED and status != ArticleStatus.REVIEWED:
            kept += 1
            continue
        records = commands.records(bundle.spans, bundle.relations, bundle.stances)
        pending = [s for s in bundle.spans if s.status == Status.SUGGESTED]
        if accept_pending and pending and status != ArticleStatus.IN_PROGRESS:
            edit = commands.accept_all(records)
            if edit.changes:
                project.apply(edit, by=by)
                # usertest29 L2: "accepted 894" when 921 spans were accepted (27 quotes' second
                # pieces): the spans by label and the attributions they make, both said
                accepted.update(s.label for s in pending)
                # fix44 (usertest30 M1): an attribution is a QUOTE content, its pieces once; the
                # other labels (entities, cues, speakers, claims) make none
                quotes = [s for s in pending if s.label == QUOTE]
                made = commands.count_attributions(records, quotes) if quotes else 0
                attributions += made
                pieces += len(quotes) - made
                pending = []
        if article.status == status:
            already += 1
            continue
        project.apply(commands.set_article_status(article, status), by=by)
        marked += 1
        if status != ArticleStatus.IN_PROGRESS:
            left += commands.count_attributions(records, pending) if pending else 0
    return marked, already, accepted, attributions, pieces, left, kept


def accepted_words(accepted: collections.Counter[str], attributions: int, pieces: int) -> str:
    """What ``mark --accept-pending`` says it accepted: every span (as ``annotator stats`` counts
    pending suggestions) by label, most first, and, when an interrupted quote's later pieces
    (``pieces``, of the QUOTE spans accepted) make the attributions fewer than the QUOTE spans, the
    ``attributions`` (QUOTE contents, pieces once) they make (usertest29 L2), e.g. ``accepted 5
    pending suggestions first: 2 QUOTE, 1 CUE, 1 PERSON, 1 SPEAKER (1 attribution: 1 of the 2
    QUOTE spans is a later piece of an interrupted quote)``. fix44 (usertest30 M1): the count was
    every span less the later pieces, entities and cues counted as attributions."""
    total = sum(accepted.values())
    kinds = ", ".join(f"{n:,} {label}" for label, n in sorted(accepted.items(), key=lambda kv: (-kv[1], kv[0])))
    line = f"accepted {plural(total, 'pending suggestion')} first: {kinds}"
    if pieces > 0:
        line += (f" ({plural(attributions, 'attribution')}: {pieces:,} of the {accepted[QUOTE]:,} {QUOTE} spans "
                 f"{'is a later piece of an interrupted quote' if pieces == 1 else 'are later pieces of interrupted quotes'})")
    return line


@click.command("mark")
@click.argument("project", type=PROJECT_FILE)
@click.argument("status", type=click.Choice(sorted(STATUSES)), metavar="done|reviewed|in-progress")
@click.option("--articles", "-a", "spec", metavar="IDS", help="Article ids, e.g. 1,5-9 (`annotator stats` and the window's "
              "article tooltips give them).")
@click.option("--all", "all_articles", is_flag=True, help="Every article of PROJECT.")
@click.option("--accept-pending", is_flag=True, help="Accept each article's pending suggestions first (the window's Shift+A, a "
              "quote with its suggested speaker and cue): training reads only accepted annotations. Without it "
              "pending suggestions stay pending, as with Ctrl+Return in the window.")
@click.option("--by", metavar="NAME", help="Who the change log names (default: the project's analyst, else your login name).")
def mark_command(project: Path, status: str, spec: str | None, all_articles: bool, accept_pending: bool, by: str | None) -> None:
    """Mark PROJECT's articles done, reviewed, or back in progress, as the window does one at a
    time (Ctrl+Return, Ctrl+Shift+Return, Ctrl+Shift+Backspace). Done and reviewed articles are
    what `annotator train` trains on and what pre-annotation leaves alone. Each article's change is
    one edit in the project's change log, as in the window; `mark PROJECT in-progress` with the
    same ids sets them back (accepted suggestions stay accepted).

    \b
    Examples:
      annotator mark news.db reviewed --articles 1,5-9
      annotator mark news.db done --all --accept-pending
      annotator mark news.db in-progress --articles 5
    """
    if bool(spec) == all_articles:
        raise click.UsageError("give the articles: --articles 1,5-9, or --all")
    wanted = STATUSES[status]
    with Project.open(project, create=False, read_only=False) as proj:
        if proj.has_layers():
            raise click.UsageError(f"{project.name} holds analysts' layers (a team project): mark its articles in the window, "
                                   "or decide them with `annotator curate`")
        known = [s.id for s in proj.articles()]
        if all_articles:
            ids = known
        else:
            try:
                ids = parse_ids(spec or "")
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--articles") from None
            missing = sorted(set(ids) - set(known))
            if missing:
                shown = ", ".join(map(str, missing[:10])) + (", …" if len(missing) > 10 else "")
                raise click.BadParameter(f"{plural(len(missing), 'id')} not in {project.name}: {shown} (its ids run "
                                         f"{min(known, default=0)}-{max(known, default=0)}; nothing was marked)",
                                         param_hint="--articles")
        # --all done never undoes a review; naming the articles does what it says, and says so
        demoted = 0 if all_articles or wanted == ArticleStatus.REVIEWED else sum(
            1 for i in ids if proj.bundle(i).article.status == ArticleStatus.REVIEWED)
        marked, already, accepted, attributions, pieces, left, kept = mark_articles(proj, ids, wanted, accept_pending=accept_pending,
                                                              by=acting_name(proj, by), keep_reviewed=all_articles)
    word = status.replace("-", " ")
    line = f"Marked {plural(marked, 'article')} {word}"
    notes = [f"{already:,} already {word}"] if already else []
    if demoted:
        notes.append(f"{plural(demoted, 'was', 'were')} reviewed before")
    if kept:
        notes.append(f"{plural(kept, 'reviewed article')} left reviewed: name them with --articles to set them {word}")
    if notes:
        line += f" ({'; '.join(notes)})"
    if accepted:
        line += f"; {accepted_words(accepted, attributions, pieces)}"
    click.echo(line + ".")
    if left:
        click.echo(f"{plural(left, 'suggestion')} left pending in them: training reads only accepted annotations; accept them "
                   "in the window, or run again with --accept-pending", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to the `annotator` group."""
    group.add_command(mark_command)
