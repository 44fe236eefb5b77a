"""CLI commands (nlp): `preannotate`, `pipelines`, `evaluate`; see annotator/cli/__init__.py.

spaCy is imported only inside the commands, so `annotator --help` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.cli import shared_cpus
from annotator.cli.params import PROJECT_FILE, fit_echo, on_stop, refuse_empty_pipeline, stderr_bar
from annotator.domain.words import plural
from annotator.storage.project import Project

if TYPE_CHECKING:
    from annotator.nlp.evaluate import Evaluation
    from annotator.nlp.runner import RunResult

EXIT_INTERRUPTED = 130
UNCERTAINTY_DEFAULT = False  # opt-in: the beam search costs +161..187 % of pre-annotation time (README, Active ordering)
_PROJECT = PROJECT_FILE  # a missing project is exit 1 with one line, as in every command


@click.command("preannotate")
@click.argument("project", type=_PROJECT)
@click.option("--model", "-m", metavar="NAME|PATH", help="Installed spaCy pipeline name, pipeline folder, or 'rule-only', for this run only "
              "(not remembered; default: the pipeline chosen for this project in the window's Edit → Preferences, else the "
              "default of `annotator pipelines`).")
@click.option("--processes", "-p", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes running spaCy and the rules (use the number of CPU cores).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles spaCy processes together.")
@click.option("--redo", is_flag=True, help="Also redo articles already pre-annotated: every undecided suggestion (of any pipeline) is replaced by this run's; your accepted, rejected and edited spans stay as they are.")
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT",
              help="Run spaCy and the rules on the workers of this Dask scheduler (needs: pip install 'annotator[cluster]'); "
                   "this machine still writes the project file, in article order. A --model folder must be readable at the same path on every worker.")
@click.option("--include-done", is_flag=True, help="Also add suggestions to articles marked done or reviewed (by default they are left as they are).")
@click.option("--uncertainty", is_flag=True, default=UNCERTAINTY_DEFAULT,
              help="Also store each article's uncertainty for `annotator next` and the window's 'most uncertain first' "
                   "(pipelines with an entity recogniser or an attribution component; scored from the same parse, but the beam "
                   "search costs about twice the pre-annotation time).")
def preannotate_command(project: Path, model: str | None, processes: int, batch_size: int, redo: bool, dask_address: str | None,
                        include_done: bool, uncertainty: bool) -> None:
    """Add machine suggestions (entities, quotes with speaker and cue, claims) to PROJECT's
    articles that have none yet. Articles marked done or reviewed are the analysts' finished
    decisions and are left as they are (--include-done to add suggestions to them too). Each
    finished article is saved at once: Ctrl+C stops the run and keeps what is done; run the
    command again to continue.

    The pipeline: --model when given (for this run only: it is not remembered), else the one
    chosen for this project in the window's Edit → Preferences (stored in the project file; the
    line "Using the pipeline chosen for this project in Edit → Preferences: …" says so), else
    the default. The window's own pre-annotation follows the same rule, and the same rule for
    which articles: one never pre-annotated and not marked done or reviewed.

    With --uncertainty and a pipeline that has an entity or attribution recogniser, each
    article's uncertainty (the key of `annotator next`) is computed from the same parse and
    stored in the project, so `next` and the window do not compute it again.

    \b
    Examples:
      annotator preannotate news.db
      annotator preannotate news.db --processes 2
      annotator preannotate news.db --model en_core_web_sm --redo
      annotator preannotate news.db --model ./my-pipeline --uncertainty
      annotator preannotate news.db --dask tcp://10.0.0.5:8786 --model ./news-ner
    """
    refuse_empty_pipeline("--model", model)
    if dask_address is not None:
        from annotator.nlp.dask_runner import check_address, require_distributed

        require_distributed()  # says how to install it, before the project or a pipeline is opened
        check_address(dask_address)
    counts: dict[str, Any] = {}  # what the run has counted so far: the stop line below says it
    try:
        _preannotate(project, model, processes, batch_size, redo, dask_address, include_done=include_done, uncertainty=uncertainty,
                     counts=counts)
    except KeyboardInterrupt as exc:
        from annotator.cli import stop_word
        from annotator.nlp.runner import stop_line

        # Ctrl+C or SIGTERM outside the run itself (loading the pipeline, printing the summary): the
        # same line as a stop during the run, with its counts (usertest32 L3: no number was said)
        result = counts.get("result")
        if result is not None:
            saved, left = result.done, result.remaining
        else:  # stopped before the run began writing: nothing saved; not done: those counted to do, or counted now
            saved, left = 0, (len(counts["todo"]) if "todo" in counts else _count_to_do(project, redo, include_done))
        click.echo(stop_line(stop_word(exc), saved, left), err=True)
        sys.exit(EXIT_INTERRUPTED)


def _count_to_do(project: Path, redo: bool, include_done: bool) -> int | None:
    """How many articles of ``project`` a run would pre-annotate (one read-only query,
    :func:`annotator.nlp.suggest_process.preannotation_query`), for the stop line of a run stopped
    before it counted them (usertest33 L2: a stop in its first half second said no "M not done");
    None when the file cannot be read now (missing, locked past a second, not a project yet)."""
    import sqlite3

    from annotator.nlp.suggest_process import preannotation_query

    try:
        with contextlib.closing(sqlite3.connect(f"{Path(project).resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)) as conn:
            return len(preannotation_query(redo=redo, include_done=include_done).ids(conn))
    except (sqlite3.Error, OSError, ValueError):
        return None


def load_cli_pipeline(model: str | None, project: Project) -> Any:
    """The pipeline a command loads (:func:`annotator.nlp.pipeline_use.cli_choice`: --model for
    this run, else the pipeline chosen for ``project``, else the default), saying on stderr which
    chosen pipeline it used; a chosen pipeline that does not load is one line naming it and
    what to do (nothing is written: the command never falls back to another pipeline unasked)."""
    from annotator.domain.errors import AnnotatorError
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.pipeline_use import cli_choice

    choice, line = cli_choice(model, project)
    if line:
        fit_echo(line)  # wrapped at words on a terminal (usertest30 M2)
    try:
        return load_pipeline(choice)
    except AnnotatorError as exc:
        if not line:
            raise
        raise click.ClickException(f"the pipeline chosen for {project.path.name} in Edit → Preferences does not load ({exc}); "
                                   "choose another there (or the default), or give --model NAME|PATH for this run") from exc


def check_pipeline_labels(source: str, project: Project) -> None:
    """usertest24 M5: a pipeline ``annotator train`` made on other entity labels than ``project``'s
    (CoNLL's LOC/MISC/ORG/PERSON on the default GPE, NORP…) was used without a word. One warning
    line on stderr naming the project labels it cannot suggest and its labels the project drops
    (:mod:`annotator.nlp.pipeline_labels`); a ``ClickException`` (nothing written) when it would
    drop every entity. Nothing for installed pipelines or folders without train's marker."""
    from annotator.nlp.pipeline_labels import label_fit, refusal_line, trained_labels, used_labels, warning_line

    trained = trained_labels(source) if source and Path(source).expanduser().is_dir() else ()
    if not trained:
        return
    fit = label_fit(trained, project.schema, used_labels(project.db))
    if fit.drops_everything:
        raise click.ClickException(refusal_line(fit, source))
    line = warning_line(fit, source)
    if line:
        fit_echo(line, fg="yellow")


def _preannotate(project: Path, model: str | None, processes: int, batch_size: int, redo: bool, dask_address: str | None = None,
                 *, include_done: bool = False, uncertainty: bool = UNCERTAINTY_DEFAULT, counts: dict[str, Any] | None = None) -> None:
    from annotator.storage.run_lease import BY_CLI, PREANNOTATE, RunLease, busy_line

    # misc12: one pre-annotator a project (this command, another, or a window): taken before the
    # project is opened for writing, so a refused run writes nothing; released however this ends
    lease = RunLease(project, PREANNOTATE, by=BY_CLI)
    if not lease.acquire():
        raise click.ClickException(f"{busy_line(project, lease.holder())}: wait for it to finish (or stop it: Ctrl+C in its "
                                   "terminal, Cancel in its window), then run this command again")
    try:
        _preannotate_held(project, model, processes, batch_size, redo, dask_address, include_done=include_done, uncertainty=uncertainty,
                          counts={} if counts is None else counts)
    finally:
        lease.release()


def _preannotate_held(project: Path, model: str | None, processes: int, batch_size: int, redo: bool, dask_address: str | None,
                      *, include_done: bool, uncertainty: bool, counts: dict[str, Any]) -> None:
    """:func:`_preannotate` once the project's pre-annotation lease is held. ``counts`` gets
    ``"todo"`` (the article ids to do) once counted and ``"result"`` (the run's
    :class:`~annotator.nlp.runner.RunResult`) once the run returned or stopped: what a stop line
    says when a stop comes outside the run."""
    from annotator.nlp import active_order
    from annotator.nlp.runner import PreannotationInterrupted, articles_to_do, default_rules, origin_for, preannotate
    from annotator.nlp.uncertainty import pipeline_can_score
    from annotator.storage import uncertainty_cache

    with Project.open(project, create=False, read_only=False) as proj:
        proj.check_whole_file()  # never write suggestions into a file with a damaged page
        if proj.has_layers():
            # fix11aj (usertest11q M2): a team project's gold is curated, not pre-annotated (as the window)
            names = ", ".join(info.analyst for info in proj.layers())
            raise click.ClickException(
                f"{project} is a team project (analysts' layers: {names}): its gold is curated from their layers, not "
                "pre-annotated; pre-annotate each analyst's own file (`annotator preannotate ANALYST.db`) before they annotate it")
        # a done or reviewed article is the analysts' finished decision: the one rule the window follows too
        # (annotator.nlp.suggest_process.preannotation_query, fixut16a). Counted before the pipeline
        # loads (seconds), so a stop meanwhile says how many are not done (usertest32 L3)
        todo, skipped, left_done = articles_to_do(proj, redo=redo, include_done=include_done)
        counts["todo"] = todo
        pipeline = load_cli_pipeline(model, proj)
        if pipeline.notice:
            click.secho(pipeline.notice, fg="yellow", err=True)
        check_pipeline_labels(pipeline.source, proj)
        if not todo:
            # usertest17 L-b: this scored nothing, and `next` then silently ordered by older scores
            later = (f" No uncertainty scores were stored: `annotator next {project.name} --model {model}` scores the "
                     "unreviewed articles with it." if uncertainty and model else "")
            if not left_done:
                click.echo(f"Nothing to do: {'the 1 article is' if skipped == 1 else f'all {_articles(skipped)} are'} "
                           f"pre-annotated (use --redo to do them again).{later}")
                return
            parts = [f"{_articles(skipped)} already pre-annotated (use --redo to do them again)"] if skipped else []
            click.echo(f"Nothing to do: {'; '.join([*parts, _done_note(left_done)])}.{later}")
            return
        scores: dict[int, float] = {}
        doubtful: dict[int, int] = {}
        rules, on_saved = None, None
        if uncertainty and pipeline_can_score(pipeline.nlp):
            rules = active_order.ScoringRules(default_rules(), pipeline, active_order.counted_labels(proj))
            on_saved = active_order.collect_scores(scores, doubtful)
        where = f" on the Dask cluster at {dask_address}" if dask_address else ""
        cluster: Any = dask_address
        if dask_address:
            from annotator.nlp.dask_runner import connect

            cluster = connect(dask_address)  # first: an unreachable scheduler is one line, not after "Pre-annotating…"
        click.echo(f"Pre-annotating {_articles(len(todo))} with {origin_for(pipeline)}{where}...", err=True)
        # usertest19: several local processes on CPUs others use gain little, and nothing said so
        load = shared_cpus.SharedCpus(processes) if processes > 1 and not dask_address else None
        if load is not None:
            load.sample()
        with stderr_bar(len(todo), "Articles", show_pos=True) as bar:
            done = [0]

            def progress(finished: int, total: int) -> None:
                bar.update(finished - done[0])
                done[0] = finished
                if load is not None:
                    load.sample()

            try:
                result = preannotate(proj, pipeline=pipeline, article_ids=todo, redo=redo, batch_size=batch_size,
                                     processes=processes, on_progress=progress, dask=cluster, rules=rules, on_saved=on_saved,
                                     include_done=include_done, on_busy=lambda line: click.echo(line, err=True))
            except PreannotationInterrupted as stop:
                result = counts["result"] = stop.result
                interrupted = stop
            else:
                counts["result"] = result
                interrupted = None
            finally:
                # the scores of the articles saved, interrupted or not (one transaction)
                uncertainty_cache.store_scores(proj, active_order.key_of(pipeline), scores, doubtful)
        result.skipped = skipped
        try:
            _print_run(result, left_done=left_done + len(result.finished), scored=len(scores) if rules is not None else None,
                       shared=load.line() if load is not None else None)
        except KeyboardInterrupt as exc:
            interrupted = exc  # while printing the summary: still say what was saved, exit 130
        if interrupted:
            from annotator.cli import stop_word
            from annotator.nlp.runner import stop_line

            click.echo(stop_line(stop_word(interrupted), result.done, result.remaining), err=True)
            sys.exit(EXIT_INTERRUPTED)
        if result.failed:
            for article_id, error in result.failed[:10]:
                click.echo(f"  article {article_id}: {error}", err=True)
            raise click.ClickException(
                f"{_articles(len(result.failed))} failed and stay without suggestions; please report the errors above"
            )


def _articles(count: int) -> str:
    """'1 article', '2 articles'."""
    return f"{count:,} article{'' if count == 1 else 's'}"


def _done_note(count: int) -> str:
    return f"{count} article{'s' if count != 1 else ''} done: left as they are (use --include-done to add suggestions to them)"


def _print_run(result: RunResult, *, left_done: int = 0, scored: int | None = None, shared: str | None = None) -> None:
    click.echo(
        f"Pre-annotated {_articles(result.done)} ({result.words:,} words) in {result.seconds:.1f} s "
        f"({result.words_per_second:,.0f} words/s) with {result.origin}."
    )
    if shared:  # beside the speed it explains (annotator.cli.shared_cpus)
        click.echo(shared)
    for note in result.notes:  # e.g. a Dask worker lost mid-run, its batch run again (usertest29 L3)
        click.echo(note)
    total = sum(result.by_label.values())
    labels = ", ".join(f"{label} {n:,}" for label, n in sorted(result.by_label.items()))
    click.echo(f"Suggestions: {total:,}{' (' + labels + ')' if labels else ''}; {result.new_spans:,} new.")
    if total > result.new_spans:
        click.echo(f"  {total - result.new_spans:,} were already there or already decided, and stay as they were.")
    if result.skipped:
        click.echo(f"Skipped {_articles(result.skipped)} already pre-annotated (use --redo to do them again).")
    if left_done:
        click.echo(f"{_done_note(left_done)}.")
    if scored is not None:
        click.echo(f"Uncertainty stored for {_articles(scored)} (`annotator next` lists the most uncertain first).")
    if result.pieced:
        ids = ", ".join(str(i) for i, _ in result.pieced[:10]) + (", ..." if len(result.pieced) > 10 else "")
        click.echo(
            f"{_articles(len(result.pieced))} too long for the pipeline {'was' if len(result.pieced) == 1 else 'were'} "
            f"pre-annotated in pieces (article {ids}); "
            "a quote crossing a piece boundary is not suggested as one span, check their ends."
        )


@click.command("pipelines")
def pipelines_command() -> None:
    """List the installed spaCy pipelines `preannotate --model` can use; * marks the default.

    \b
    Examples:
      annotator pipelines
      annotator preannotate news.db --model en_core_web_sm
    """
    from annotator.nlp.pipeline import RULE_ONLY, RULE_ONLY_NOTICE, available_pipelines, default_pipeline_name

    infos = available_pipelines()
    default = default_pipeline_name()
    for info in infos:
        mark = "*" if info.name == default else " "
        click.echo(f"{mark} {info.name} {info.version}  {info.path or ''}".rstrip())
    click.echo(f"{'*' if default is None else ' '} {RULE_ONLY}  (no entities; quotes from quotation marks and sentence rules)")
    if default is None:
        click.secho(RULE_ONLY_NOTICE, fg="yellow", err=True)


@click.command("evaluate")
@click.argument("project", type=_PROJECT)
@click.option("--gold", "gold_path", type=_PROJECT, required=True, help="Project with the gold annotations (articles paired by text).")
@click.option("--map", "label_map", default="Content=QUOTE,Source=SPEAKER,Cue=CUE", show_default=True,
              help="Gold label (or relation role) = our label, comma-separated.")
@click.option("--pred-status", default="suggested", show_default=True, help="Which of PROJECT's spans to score: suggested, accepted, rejected (comma-separated) or all.")
@click.option("--gold-status", default="accepted", show_default=True, help="Which gold spans count.")
@click.option("--gold-articles", type=click.Choice(["annotated", "done", "all"]), default="annotated", show_default=True,
              help="Gold articles taken as fully annotated: with at least one gold span, marked done/reviewed, or all.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(project: Path, gold_path: Path, label_map: str, pred_status: str, gold_status: str, gold_articles: str, as_json: bool) -> None:
    """Score PROJECT's suggestions against the gold annotations of another project: precision,
    recall and F1 per label (exact and overlapping spans), and for quotes the attribution rule
    (content overlap of at least half the gold content, one-to-one) with speaker and cue
    accuracy on the matched quotes. Gold quotes may be ours (QUOTE with SPEAKER/CUE links) or
    brat events (PolNeAR: Content/Source/Cue).

    \b
    Examples:
      annotator import gold.db polnear/attributions/ \\
          --label-map Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=,Attribution-no-source=,Discard=,Discuss=
      annotator import machine.db polnear/text/      # the same texts, no annotations
      annotator preannotate machine.db
      annotator evaluate machine.db --gold gold.db
      annotator evaluate reviewed.db --gold gold.db --pred-status accepted --json

    Gold imported from brat without a label map (trigger spans with Content/Source/Cue links)
    is read through --map; quotes that share one cue (an interrupted quote) count as one.
    """
    on_stop("nothing was changed: evaluate only reads")  # what a Ctrl+C says (params.on_stop)
    from annotator.nlp.evaluate import evaluate_projects, parse_map, parse_statuses

    mapping, pred_statuses, gold_statuses = parse_map(label_map), parse_statuses(pred_status), parse_statuses(gold_status)
    if Path(project).resolve() == Path(gold_path).resolve():  # usertest16 M6: scored against itself, 0.00, exit 0
        raise click.ClickException(f"{project} is both the project and --gold: give the gold annotations' own project "
                                   "file (the same texts, imported with the gold spans)")
    with Project.open(project, create=False) as pred, Project.open(gold_path, create=False) as gold:
        result = evaluate_projects(pred, gold, pred_statuses=pred_statuses, gold_statuses=gold_statuses,
                                   label_map=mapping, gold_articles=gold_articles)
    why = nothing_scored(result, project, gold_path)
    if why:  # usertest16 M6: tables of zeros and exit 0
        raise click.ClickException(why)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        _print_evaluation(result, pred_status=pred_status, gold_status=gold_status)


def nothing_scored(result: Evaluation, project: Path, gold: Path) -> str:
    """The one line of an evaluation with nothing to compare (no article scored), saying why and
    what to do; '' when something was scored."""
    a = result.articles
    if a["scored"]:
        return ""
    if not a["matched"]:
        return (f"nothing to compare: none of the {plural(a['gold'], 'article')} of {gold} has the same text as an article "
                f"of {project} (articles are paired by text); import the same texts into both")
    reasons = []
    if a["gold_not_annotated"]:
        reasons.append(f"{a['gold_not_annotated']} have no gold annotations taken as complete (see --gold-articles)")
    if a["not_preannotated"]:
        reasons.append(f"{a['not_preannotated']} were never pre-annotated in {project} (run `annotator preannotate` first)")
    return (f"nothing scored: {plural(a['matched'], 'article')} of {gold} matched by text, but "
            + ("; ".join(reasons) or "none could be scored"))


def _print_evaluation(result: Evaluation, *, pred_status: str, gold_status: str) -> None:
    a = result.articles
    click.echo(f"Scored {plural(a['scored'], 'article')} ({a['matched']} of the gold project's {a['gold']} have the same text in the project).")
    if a["gold_not_annotated"]:
        click.echo(f"  Left out {plural(a['gold_not_annotated'], 'gold article')} not taken as annotated (see --gold-articles).")
    if a["not_preannotated"]:
        click.echo(f"  Left out {plural(a['not_preannotated'], 'article')} never pre-annotated; run `annotator preannotate` first.")
    click.echo(f"Predicted: {pred_status} spans; gold: {gold_status} spans.\n")
    click.echo(f"{'label':<10} {'gold':>6} {'pred':>6}   {'exact P':>7} {'R':>5} {'F1':>5}   {'overlap P':>9} {'R':>5} {'F1':>5}")
    for label, hows in sorted(result.labels.items()):
        e, o = hows["exact"], hows["overlap"]
        click.echo(
            f"{label:<10} {e.tp + e.fn:>6} {e.tp + e.fp:>6}   {e.precision:>7.2f} {e.recall:>5.2f} {e.f1:>5.2f}"
            f"   {o.precision:>9.2f} {o.recall:>5.2f} {o.f1:>5.2f}"
        )
    if result.labels_without_gold:
        click.echo(f"Not scored, no gold annotations: {', '.join(result.labels_without_gold)}")
    if result.unscored_gold_labels:
        click.echo(f"Not scored, gold labels the project does not have: {', '.join(result.unscored_gold_labels)}")
    q = result.quotes
    s = q.scores
    if not q.gold:  # usertest16 M6: P/R/F1 0.00 said "the quotes are all wrong", not "no gold to judge"
        click.echo(f"\nQuotes as attributions: not scored, no gold quotes (predicted {q.predicted}).")
        return
    click.echo(f"\nQuotes as attributions (gold {q.gold}, predicted {q.predicted}; match: content overlap >= half the gold content):")
    click.echo(f"  all      P {s.all.precision:.2f}  R {s.all.recall:.2f}  F1 {s.all.f1:.2f}")
    click.echo(f"  direct   P {s.direct.precision:.2f}  R {s.direct.recall:.2f}  F1 {s.direct.f1:.2f}")
    click.echo(f"  speaker right on {s.speaker_accuracy:.0%} of {plural(s.speaker_total, 'matched quote')} with a gold speaker")
    click.echo(f"  cue right on {q.cue_accuracy:.0%} of {plural(q.cue_total, 'matched quote')} with a gold cue")


def register(group: click.Group) -> None:
    """Add this module's commands to the `annotator` group."""
    for command in (preannotate_command, pipelines_command, evaluate_command):
        group.add_command(command)
