"""`annotator assign | merge | analyst`: a team of analysts, each with their own project file
(``docs/team.md``)."""

from __future__ import annotations


import json
from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE, acting_name
from annotator.domain.errors import InputError
from annotator.storage.project import Project


@click.command("assign")
@click.argument("project", type=PROJECT_FILE)
@click.option("--analysts", required=True, help="The analysts, separated by commas: ana,ben,cy.")
@click.option("--overlap", type=float, default=0.2, show_default=True,
              help="Share of the articles (0 to 1) given to several analysts, for agreement.")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new or empty folder: one ANALYST.db each and assignment.json.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which articles are shared: the same seed, the same choice.")
@click.option("--per-article", type=int, default=2, show_default=True, help="How many analysts each shared article goes to.")
@click.option("--by", default="", help="Who is assigning (kept in the change logs); default: PROJECT's analyst "
              "name, else your login name.")
def assign_command(project: Path, analysts: str, overlap: float, output: Path, seed: int, per_article: int, by: str) -> None:
    """Split PROJECT's articles into one project file per analyst.

    A share (--overlap) of the articles goes to --per-article analysts each, so that their
    agreement can be measured; the rest is split evenly. Which articles are shared is decided by
    --seed (a hash of seed and text, not the order of the articles); each article goes to the
    analysts holding fewest so far. Every file carries the label schema, guidelines, targets and
    tags, and records its analyst. DIR/assignment.json says who has which articles (text hashes).

    \b
    Examples:
      annotator assign news.db --analysts ana,ben,cy --overlap 0.2 --output team/
      annotator merge news.db team/ana.db team/ben.db team/cy.db     # when they are done
    """
    from annotator.storage.team import analysts_layers, check_output_folder, parse_analysts, plan_assignment, write_assignment

    names = parse_analysts(analysts)
    check_output_folder(output)
    with Project.open(project, create=False) as source:
        hashes = [h for (h,) in source.db.execute("SELECT text_hash FROM articles ORDER BY id")]
        assignment = plan_assignment(hashes, names, overlap=overlap, seed=seed, per_article=per_article)
        written = write_assignment(source, assignment, output, by=acting_name(source, by))
        # fix11x (F2): a second assign hands an analyst their own layer of the articles they had: said
        by_hash = dict(source.db.execute("SELECT text_hash, id FROM articles").fetchall())
        own = {name: sum(1 for h in assignment.analysts[name] if by_hash[h] in held)
               for name, (_layer, held) in analysts_layers(source, names).items()}
    for name, path in written.items():
        shared = len(set(assignment.analysts[name]) & set(assignment.shared))
        n = len(assignment.analysts[name])
        back = (f"; {'it comes' if n == 1 else f'{own[name]} of them come'} with {name}'s own layer from {project.name}: "
                "their answers and status, not gold's" if own.get(name) else "")
        click.echo(f"{name}: {n} article{'' if n == 1 else 's'} ({shared} shared) → {path}{back}")
    total = len(set(hashes))
    click.echo(f"{len(assignment.shared)} of {total} article{'' if total == 1 else 's'} shared; who has which: {output / 'assignment.json'}")


@click.command("merge")
@click.argument("team", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("analyst_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--by", default="", help="Who is merging (kept in the change log).")
@click.option("--force", is_flag=True, help="Merge a file of another assignment (or assigned from another project), or older "
              "than the one merged, anyway.")
def merge_command(team: Path, analyst_files: tuple[Path, ...], as_json: bool, by: str, force: bool) -> None:
    """Bring analysts' project files into TEAM, each analyst's annotations in their own layer.

    Articles are matched by text (an article TEAM lacks is added). Merging a newer file of the
    same analyst again replaces that analyst's layer of its articles — updates and deletions
    included, each in the change log — never duplicating. A file with another label schema, or
    without an analyst name, is refused and nothing is written; so is a file whose assignment
    differs from the one merged before for its analyst (another `assign`, or another analyst's
    file renamed) or that is older than the one merged before, and a file assigned from another
    project than TEAM (TEAM holds articles but none merged yet) or from another `assign` run than
    the files merged into TEAM, or merged with it, unless --force. The gold layer (what the window
    and exports show) is not touched.

    \b
    Examples:
      annotator merge team.db team/ana.db team/ben.db team/cy.db
      annotator export team.db --format jsonl --layer all --output everyone.jsonl
    """
    from annotator.storage.team import merge_analyst_files

    from annotator.cli.data import _remove_project
    from annotator.storage.project import require_project_file

    for path in analyst_files:  # each must exist, checked before TEAM is created
        require_project_file(path)
    from annotator.storage import backup as backups

    sources: list[Project] = []
    created = not (team.exists() and team.stat().st_size > 0)
    guard = backups.CommandBackup(team, "before-merge")
    try:
        for path in analyst_files:
            sources.append(Project.open(path, create=False))
        # fix11p: a merge replaces analysts' layers; its warnings advise `annotator restore TEAM`,
        # so the backup that puts TEAM back as it was before this merge is taken first
        taken = guard.take()
        with Project.open(team, create=True, read_only=False) as opened:
            opened.check_whole_file()
            mark = opened.change_mark()
            summaries = merge_analyst_files(opened, sources, by=by, force=force)
            wrote = opened.change_mark() != mark  # fix11t: a merge that changed nothing drops its backup, as curate does
    except BaseException:
        if created:
            _remove_project(team)  # a refused merge leaves no new file behind
        guard.drop()  # nothing merged: the copy it took would pose as "before a merge"
        raise
    finally:
        for source in sources:
            source.close()
    guard.done(wrote=wrote)
    for summary in summaries:  # the summary is the output (stdout); with --json stdout is the JSON alone
        for warning in summary.warnings:  # fix11n: e.g. the team file tied to an older assign run
            click.echo(f"Warning: {warning}", err=True)
            if taken is not None and "annotator restore" in warning:  # fix11p: the way out exists: say where
                click.echo(f"  {team} as it was before this merge is backed up ({taken.when}): `annotator restore {team}` "
                           "puts it back", err=True)
        click.echo(f"Merged {summary.line()}", err=as_json)
        for detail in summary.details():  # fix11j: which units changed, per article
            click.echo(detail, err=as_json)
    if as_json:
        click.echo(json.dumps([s.to_json() for s in summaries], indent=2, ensure_ascii=False))


@click.command("analyst")
@click.argument("project", type=PROJECT_FILE)
@click.option("--set", "name", help="Record NAME as the analyst this project file belongs to.")
def analyst_command(project: Path, name: str | None) -> None:
    """Print (or --set) the analyst PROJECT belongs to; `annotator merge` needs it. A team
    project without a name of its own says so and lists its analysts.

    \b
    Examples:
      annotator analyst ana.db
      annotator analyst ana.db --set ana
    """
    from annotator.storage.layers import check_analyst_name
    from annotator.storage.team import ANALYST_KEY

    if name is not None and (problem := check_analyst_name(name)):
        raise click.BadParameter(problem, param_hint="'--set'")
    with Project.open(project, create=False) as opened:  # fix11t: as curate, no -wal/-shm left by a read-only open
        if name is None:
            current = opened.analyst_name()
            layers = [i.analyst for i in opened.layers()]
            if not current and layers:  # fix11n: a team project is no analyst's file: say what it is (was an error)
                click.echo(f"{project}: a team project: analyst{'s' if len(layers) != 1 else ''} {', '.join(layers)} "
                           f"(no analyst name of its own; `annotator analyst {project} --set NAME` records one)")
                return
            if not current:
                raise InputError(f"{project}: has no analyst name; set it with `annotator analyst {project} --set NAME`")
            click.echo(current)
            return
        opened.refuse_if_read_only("setting the analyst")
        opened.set_setting(ANALYST_KEY, name)
    click.echo(f"{project}: analyst {name}")


@click.command("curate")
@click.argument("project", type=PROJECT_FILE)
@click.option("--article", "articles", multiple=True, type=int, help="An article id (repeat for several); default: every article "
              "an analyst was given.")
@click.option("--accept-agreed", is_flag=True, help="Accept every unit all analysts agree on, not decided yet, into gold "
              "(the curation view's Ctrl+Return): one edit per article, in the change log.")
@click.option("--accept-single", is_flag=True, help="In each article given to one analyst only, keep that analyst's version "
              "of every unit not decided yet (nobody could agree or disagree there): one edit per article, in the change log.")
@click.option("--keep", "keep", metavar="ANALYST", help="Keep ANALYST's version of every disagreement not decided yet, and of every decision changed since decided "
              "(the curation view's digit key on each), and of every unit only ANALYST was given (articles given to "
              "ANALYST alone); needs --article.")
@click.option("--reject", "reject", metavar="ANALYST", help="Reject every disagreement not decided yet where ANALYST marked "
              "a version, and every decision changed since decided where they have one (the curation view's X on each: "
              "gold keeps nothing there, whatever the others marked; its links and stances go with it); needs --article. "
              "For an article where every analyst's version is wrong.")
@click.option("--redecide", is_flag=True, help="With --keep: decide again, ANALYST's way, the disagreements decided "
              "before otherwise (another analyst's version kept, or rejected) — what ANALYST's digit does on a decided "
              "unit in the curation view; each is said with what it was. Without it --keep leaves them as decided and names them.")
@click.option("--by", default=None, help="Who is curating (kept in the change log and on each decision); default: the "
              "project's analyst name, else your login name.")
def curate_command(project: Path, articles: tuple[int, ...], accept_agreed: bool, accept_single: bool, keep: str | None,
                   reject: str | None, redecide: bool, by: str | None) -> None:
    """What is left before each article of PROJECT (a team project) is curated, or decide in bulk.

    An article's gold is exported only once it is curated: every unit decided — the agreed
    units too, not only the disagreements — and none changed since decided by a newer merge; or
    marked done by hand. For each article this prints the disagreements, agreed units and units
    only one analyst saw that are not decided yet, the units changed since decided, and what to
    do. --accept-agreed does what Ctrl+Return does in the curation view (Ctrl+Shift+K);
    --accept-single keeps the only analyst's version where an article had one analyst; --keep
    ANALYST does what that analyst's digit key does on each disagreement left (the view is where
    disagreements are weighed one by one); --reject ANALYST does what X does on each disagreement
    where ANALYST marked a version (gold keeps nothing there). Disagreements are decided before
    agreed units whose speaker or cue they are.

    \b
    Examples:
      annotator curate team.db
      annotator curate team.db --accept-agreed --article 3
      annotator curate team.db --accept-single
      annotator curate team.db --keep ana --accept-agreed --article 3
      annotator curate team.db --keep ana --redecide --article 3
      annotator curate team.db --reject ben --accept-agreed --article 3
      annotator export team.db --format spacy --output gold.spacy
    """
    from annotator.formats.layers import has_layers
    from annotator.storage import curation_state

    if keep is not None and not articles:
        raise click.UsageError("--keep decides every disagreement of an article one way: give the articles with --article")
    if reject is not None and not articles:
        raise click.UsageError("--reject rejects every disagreement of an article an analyst marked: give the articles with --article")
    if reject is not None and keep is not None:
        raise click.UsageError("--keep and --reject decide the same disagreements: give one of them (run curate twice for both)")
    if redecide and keep is None:
        raise click.UsageError("--redecide decides disagreements again one analyst's way: give --keep ANALYST with it")
    writes = accept_agreed or accept_single or keep is not None or reject is not None
    # fix11t (usertest11i 13): a listing opens as agreement does (not read-only: a read-only
    # connection cannot remove the -wal/-shm files it makes, left beside the project)
    with Project.open(project, create=False) as opened:
        if not has_layers(opened):
            raise InputError(f"{project}: not a team project (no analyst's layer): merge analysts' files first (annotator merge)")
        known = set(curation_state.team_article_ids(opened))
        existing = set(opened.article_ids())
        for article_id in articles:
            if article_id not in existing:
                raise InputError(f"{project}: --article {article_id}: there is no article #{article_id} in this project; "
                                 f"the team's articles are {_ids(sorted(known))}")
            if article_id not in known:
                raise InputError(f"{project}: --article {article_id}: no analyst was given that article; "
                                 f"the team's articles are {_ids(sorted(known))}")
        chosen = list(dict.fromkeys(articles)) or sorted(known)
        for flag, name in (("--keep", keep), ("--reject", reject)):
            for article_id in chosen if name is not None else ():  # checked before anything is backed up or written
                given = curation_state.article_analysts(opened, article_id)
                if name not in given:
                    raise InputError(f"{project}: {flag} {name}: {name!r} was not given article #{article_id}; "
                                     f"its analysts are {', '.join(given) or 'none'}")
        from annotator.storage.backup import CommandBackup

        guard = CommandBackup(project, "before-curate")
        if writes:
            opened.refuse_if_read_only("curating")
            # fix11p: bulk decisions replace gold's records: the file as it was is backed up first
            # (`annotator restore` puts it back; the command's edits are no window's to undo);
            # fix11r: once the command is known to write, and removed again when it wrote nothing
            guard.take()
            written = opened.db.conn.total_changes
            by = by or default_curator(opened)
        try:
            _curate_writes(opened, chosen, keep=keep, accept_single=accept_single, accept_agreed=accept_agreed, by=by,
                           withdraw=writes, redecide=redecide, reject=reject)
        except BaseException:
            guard.drop()
            raise
        if writes:
            guard.done(wrote=opened.db.conn.total_changes != written)
        states = curation_state.curation_states(opened, chosen)

        # cur11ui: a gold export (--status accepted) writes nothing of an article marked done whose
        # gold holds only pending suggestions: said here, as the export says it
        from annotator.domain.model import Status
        from annotator.formats.layers import only_pending_remark, pending_only

        pending = pending_only(opened, [Status.ACCEPTED])
        hollow = only_pending_remark([s.article_id for s in states if s.decided and s.article_id in pending], exported=False)
    for state in states:
        click.echo(state.line(project.name))
    done = sum(1 for s in states if s.decided)
    click.echo(curation_state.gold_count_said(len(states), done, sum(1 for s in states if s.curated)))
    if hollow:
        click.echo(hollow)


def _echo(opened: Project, line: str) -> None:
    """Print a ``curate`` line; fix11ak N6 (usertest11r): the commands it suggests name the project
    (the domain's words say "`annotator curate --keep …`", not knowing the file: not runnable as is)."""
    click.echo(line.replace("`annotator curate --", f"`annotator curate {opened.path.name} --"))


def _curate_writes(opened: Project, chosen: list[int], *, keep: str | None, accept_single: bool, accept_agreed: bool,
                   by: str | None, withdraw: bool, redecide: bool = False, reject: str | None = None) -> None:
    """What ``curate``'s writing options do to the ``chosen`` articles, each said on stdout."""
    from annotator.storage import curation_state

    if withdraw:
        # a mark left by a merge made before merges withdrew it: withdrawn first, so no decision
        # below is taken on an article that only looks curated
        for article_id, why in curation_state.withdraw_stale_curations(opened, chosen, by=by or "").items():
            _echo(opened, f"#{article_id}: curated mark withdrawn, an analyst's layer changed since ({why})")
    for article_id in chosen if keep is not None else ():
        from annotator.domain.curation import curation_status

        was_curated = curation_status(opened.article(article_id)) == "curated"
        kept = curation_state.keep_versions(opened, article_id, keep, by=by or "", redecide=redecide)
        # fix11af (usertest11o O8): a --keep that leaves nothing undecided marks the article
        # curated: said as the window's digit line and --accept-agreed say it
        curated_now = not was_curated and curation_status(opened.article(article_id)) == "curated"
        # cur11ui: what was kept, by kind, and every unit skipped with why (a ⚠ label conflict read 0);
        # fix11t (usertest11i 13): only the kinds it kept ("of 0 disagreements" read oddly), and
        # when there was nothing to keep, that
        parts = [p for p in (
            f"{kept.disagreements} disagreement{'s' if kept.disagreements != 1 else ''}" if kept.disagreements else "",
            f"{kept.changed} decision{'s' if kept.changed != 1 else ''} ⚠ changed since decided (decided again)" if kept.changed else "",
            f"{kept.unlinked} span{'s' if kept.unlinked != 1 else ''} ⚠ linked to nothing (kept so, {keep}'s version: as A)"
            if kept.unlinked else "",
            # fix11ag P7: decisions made before, decided again as the digit does in the window
            f"{kept.redecided} decision{'s' if kept.redecided != 1 else ''} made before (decided again)" if kept.redecided else "") if p]
        # fix11ak N8: where the analyst marked nothing their version is none: said so, not "kept"
        head = (f"decided {' and '.join(parts)} {keep}'s way: {keep} marked nothing "
                f"{'there' if kept.written == 1 else 'at any of them'}, so gold keeps nothing"
                if parts and kept.nothing == kept.written else
                f"kept {keep}'s version of {' and '.join(parts)} ({keep} has none at {kept.nothing} of them: gold keeps "
                "nothing there)" if parts and kept.nothing else
                f"kept {keep}'s version of {' and '.join(parts)}" if parts else
                "nothing to keep: no disagreement and no ⚠ decision is left undecided" if not kept.refused else
                f"kept nothing of {keep}'s")
        _echo(opened, f"#{article_id}: {head}" + _mark_said(opened, article_id, curated_now, decided=bool(parts))
                   + (f"; skipped {len(kept.refused)}: " + "; ".join(kept.refused) if kept.refused else ""))
        for note in kept.redone:  # fix11ag P7: what each re-decision changed
            _echo(opened, f"  {note}")
        for note in kept.notes:  # fix11t: its links as the view says them (a CUE left as decided, a link rejected)
            _echo(opened, f"  {note}")
        if kept.otherwise:  # fix11ag P7: decided otherwise before: left so, with the flag that decides them again
            n = len(kept.otherwise)
            _echo(opened, f"  {n} disagreement{'s' if n != 1 else ''} decided before otherwise, left as decided: "
                       + "; ".join(kept.otherwise[:5]) + (f" and {n - 5} more" if n > 5 else "")
                       + f" — `--keep {keep} --redecide --article {article_id}` decides {'them' if n != 1 else 'it'} again {keep}'s way")
        if curation_state.article_analysts(opened, article_id) == [keep]:
            from annotator.domain.curation import NotDone

            single = curation_state.accept_single(opened, article_id, by=by or '')
            # fix11ac (usertest11n N3): "kept ana's version of 1 disagreement" then "Not kept: no unit
            # only ana was given is left undecided" in one run — --keep kept them: nothing more to say
            # (fix11ad: decided on the result's reason, not on the words of its message)
            if not (parts and single.reason is NotDone.NOTHING_LEFT):
                _echo(opened, f"#{article_id}: {single.cli_message}")
    for article_id in chosen if reject is not None else ():
        _say_rejected(opened, article_id, reject, by=by or "")
    if accept_single:
        # fix11v (usertest11j F6): every article gets its line, as --accept-agreed's: what was kept
        # or "Not kept: …" and why (it printed nothing for an article of several analysts)
        for article_id in chosen:
            _echo(opened, f"#{article_id}: {curation_state.accept_single(opened, article_id, by=by or '').cli_message}")
    if accept_agreed:
        for article_id in chosen:
            _echo(opened, f"#{article_id}: {curation_state.accept_agreed(opened, article_id, by=by or '').cli_message}")


def _mark_said(opened: Project, article_id: int, curated_now: bool, *, decided: bool) -> str:
    """What ``--keep`` / ``--reject`` say of the curated mark after their head: " (article curated)"
    when they made it; fix11aj (usertest11q L2): " (not marked curated: cy has not reviewed it …)"
    when they decided something, nothing is left undecided, and the mark is held back only because
    an analyst has not reviewed the article — as the window's digit says; "" otherwise."""
    if curated_now:
        return " (article curated)"
    if not decided:
        return ""
    from annotator.domain import curation
    from annotator.storage.curation_state import _analysts

    data = curation.curation_input(opened, article_id, _analysts(opened))
    al = curation.align(data)
    if al.curated and al.unreviewed and curation.curation_status(data.article) != "curated":
        return f" (not marked curated: {curation.not_reviewed(al.unreviewed)})"
    return ""


def _say_rejected(opened: Project, article_id: int, analyst: str, *, by: str) -> None:
    """``--reject ANALYST`` on one article (fix11ai): each rejection written (its own edit, in the
    change log), then one line — how many of each kind, each named, the curated mark if it was made,
    every unit skipped with why — and under it what each rejection did to links and stances."""
    from annotator.domain.curation import curation_status
    from annotator.storage import curation_state

    was_curated = curation_status(opened.article(article_id)) == "curated"
    done = curation_state.reject_versions(opened, article_id, analyst, by=by)
    curated_now = not was_curated and curation_status(opened.article(article_id)) == "curated"
    parts = [p for p in (
        f"{done.disagreements} disagreement{'s' if done.disagreements != 1 else ''}" if done.disagreements else "",
        f"{done.changed} decision{'s' if done.changed != 1 else ''} ⚠ changed since decided (decided again)" if done.changed else "",
        f"{done.unlinked} span{'s' if done.unlinked != 1 else ''} ⚠ linked to nothing" if done.unlinked else "") if p]
    named = ", ".join(done.rejected[:5]) + (f" and {len(done.rejected) - 5} more" if len(done.rejected) > 5 else "")
    head = (f"rejected {' and '.join(parts)} where {analyst} marked a version (gold keeps nothing there): {named}" if parts else
            f"nothing to reject: {analyst} marked no disagreement and no ⚠ decision left undecided" if not done.refused else
            f"rejected nothing of {analyst}'s")
    _echo(opened, f"#{article_id}: {head}" + _mark_said(opened, article_id, curated_now, decided=bool(parts))
               + (f"; skipped {len(done.refused)}: " + "; ".join(done.refused) if done.refused else ""))
    for note in done.notes:
        _echo(opened, f"  {note}")


def default_curator(project: Project) -> str:
    """Who curates when ``--by`` is not given, never "": the project file's analyst name, else the
    login name (as the window defaults its analyst name), else "curator" (:func:`acting_name`)."""
    return acting_name(project)


def _ids(ids: list[int], shown: int = 10) -> str:
    text = ", ".join(map(str, ids[:shown]))
    return text + (f" … ({len(ids)} in all)" if len(ids) > shown else "")


def register(group: click.Group) -> None:
    group.add_command(assign_command)
    group.add_command(merge_command)
    group.add_command(analyst_command)
    group.add_command(curate_command)
